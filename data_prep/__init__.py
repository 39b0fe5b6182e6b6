"""Arabic news articles in, tidy frames of articles, entities, dates, figures and events out.

    frames = data_prep.analyze_text(text, published="2023-12-20")   # one text
    corpus = data_prep.build(["seeds/"], out="data/corpus")          # files, folders, zips -> Parquet
    corpus = data_prep.load("data/corpus")                           # frame name -> DataFrame
"""
from data_prep.native import use_sources_when_stale

use_sources_when_stale()  # before any compiled module is imported

from data_prep.analyze import analyze_text  # noqa: E402
from data_prep.pipeline import build, is_current  # noqa: E402
from data_prep.store import Corpus, load  # noqa: E402
from data_prep.version import RELEASE as __version__  # noqa: E402

__all__ = ["Corpus", "analyze_text", "build", "is_current", "load", "__version__"]
