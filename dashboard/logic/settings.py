"""Where the corpus lives and what it is built from: command line, environment, defaults.

Paths default to the repository (not the working directory), so `streamlit run dashboard/app.py`
works from anywhere on a fresh clone.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO_ROOT / "data" / "corpus"
DEFAULT_INPUTS = (REPO_ROOT / "seeds",)
DEFAULT_MAX_UPLOAD_MB = 50

ENV_CORPUS = "ARABIC_NEWS_CORPUS"
ENV_INPUTS = "ARABIC_NEWS_INPUTS"  # several paths separated by os.pathsep
ENV_MAX_UPLOAD_MB = "ARABIC_NEWS_MAX_UPLOAD_MB"


@dataclass(frozen=True)
class Settings:
    corpus: Path
    inputs: tuple[Path, ...]  # empty: use the corpus as it is (never rebuild it from elsewhere)
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB

    @property
    def uploads(self) -> Path:
        """Uploaded files are kept next to the corpus, so a rebuild never loses them."""
        return self.corpus.parent / "uploads"

    def build_inputs(self) -> list[Path]:
        """The inputs of a build: the configured ones plus the uploads folder when it has files."""
        inputs = list(self.inputs)
        if self.uploads.is_dir() and any(self.uploads.iterdir()):
            inputs.append(self.uploads)
        return inputs


def resolve_settings(argv: Sequence[str] = (), environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `-- --corpus DIR --input PATH...` arguments, then the environment, then defaults.

    A corpus folder given without inputs is used as it is when it exists (it may have been built
    elsewhere); a missing one is built from the seeds.
    """
    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(prog="dashboard", add_help=False)
    parser.add_argument("--corpus")
    parser.add_argument("--input", nargs="+", action="extend", default=[])
    parser.add_argument("--max-upload-mb", type=int)
    args, _ = parser.parse_known_args(list(argv))

    corpus_arg = args.corpus or environ.get(ENV_CORPUS)
    corpus = Path(corpus_arg).expanduser().resolve() if corpus_arg else DEFAULT_CORPUS
    input_args = args.input or [p for p in environ.get(ENV_INPUTS, "").split(os.pathsep) if p]
    if input_args:
        inputs = tuple(Path(p).expanduser().resolve() for p in input_args)
    elif corpus_arg and (corpus / "manifest.json").exists():
        inputs = ()
    else:
        inputs = DEFAULT_INPUTS
    max_mb = args.max_upload_mb or int(environ.get(ENV_MAX_UPLOAD_MB) or DEFAULT_MAX_UPLOAD_MB)
    return Settings(corpus=corpus, inputs=inputs, max_upload_mb=max_mb)
