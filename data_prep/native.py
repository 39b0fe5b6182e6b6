"""Run the compiled extractors only while their sources are the ones they were compiled from.

setup.py compiles some modules to C extensions beside their sources, which Python then imports
instead of the .py files, and records each source's hash in native.json. After an edit (say, to
a rule in events.py, with `pip install -e .` not run again) the extension would run the
old code, so then every compiled module is imported from its source instead: they are compiled
together and call each other directly, so one stale module makes all of them unsafe. The same
happens with ARABIC_NEWS_PURE_PYTHON=1 (for a debugger or a line profiler).
"""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = PACKAGE_DIR / "native.json"
PURE_PYTHON = "ARABIC_NEWS_PURE_PYTHON"


def compiled_modules() -> dict[str, dict]:
    """Module name -> {"source": path in the package, "blake2b": hash} of what was compiled."""
    try:
        return json.loads(MANIFEST.read_text(encoding="utf-8"))["modules"]
    except FileNotFoundError:
        return {}


def changed_sources(modules: dict[str, dict]) -> list[str]:
    """The compiled modules whose source is no longer the one they were compiled from."""
    return [name for name, entry in modules.items()
            if _hash(PACKAGE_DIR / entry["source"]) != entry["blake2b"]]


def _hash(path: Path) -> str | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except FileNotFoundError:
        return None


class _Sources(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' .py sources ahead of their extensions."""

    def __init__(self, modules: dict[str, dict]):
        self.sources = {name: PACKAGE_DIR / entry["source"] for name, entry in modules.items()}

    def find_spec(self, name, path=None, target=None):
        source = self.sources.get(name)
        return importlib.util.spec_from_file_location(name, source) if source else None


def use_sources_when_stale() -> None:
    """Import the compiled modules from their sources if any source changed (or when asked to)."""
    modules = compiled_modules()
    if not modules or any(isinstance(finder, _Sources) for finder in sys.meta_path):
        return
    if os.environ.get(PURE_PYTHON) != "1":
        changed = changed_sources(modules)
        if not changed:
            return
        warnings.warn(f"{', '.join(changed)} changed since compiled: running the extractors as plain Python "
                      "(slower, same results) until `pip install -e .` compiles them again", stacklevel=2)
    sys.meta_path.insert(0, _Sources(modules))


def mode() -> str:
    """How the extractors run in this process (benchmarks print it beside their figures)."""
    if not compiled_modules():
        return "plain Python (not compiled at install)"
    if any(isinstance(finder, _Sources) for finder in sys.meta_path):
        return f"plain Python (sources changed since compiled, or {PURE_PYTHON}=1)"
    return "compiled by mypyc"
