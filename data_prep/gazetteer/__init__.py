"""Data files of the entity extractor (TSV; see README.md here). A package so that they ship in wheels."""
