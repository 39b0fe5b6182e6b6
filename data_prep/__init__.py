"""Arabic news articles in, tidy frames of articles, entities, dates, figures and events out."""
from data_prep.analyze import analyze_text

__all__ = ["analyze_text"]
__version__ = "0.1.0"
