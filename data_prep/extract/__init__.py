"""Extractors: pure functions from an article's text to rows with verbatim offsets."""
