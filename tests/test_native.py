"""The compiled extractors (setup.py, data_prep/native.py): used when built, never when stale, and
giving the same frames as plain Python."""
from __future__ import annotations

import importlib
import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from data_prep import native
from tests.conftest import ROOT, SEED_FILE

COMPILED = native.compiled_modules()
needs_compiled = pytest.mark.skipif(not COMPILED, reason="the extractors were installed as plain Python")


def _listed_modules() -> set[str]:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        sources = tomllib.load(handle)["tool"]["arabic-news"]["compiled"]
    return {source.removesuffix(".py").replace("/", ".") for source in sources}


def _is_extension(path: str) -> bool:
    return path.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def test_the_listed_modules_run_compiled_where_a_compiler_was_there():
    if os.environ.get(native.PURE_PYTHON) == "1" or not shutil.which("cc"):
        pytest.skip("plain Python asked for, or no C compiler")
    assert set(COMPILED) == _listed_modules(), (
        "`pip install -e .` compiled other modules than pyproject.toml lists (see its warning: pip install -v -e .)")
    if native.changed_sources(COMPILED):
        pytest.skip("sources changed since they were compiled: `pip install -e .` to test the compiled modules")
    assert [name for name in COMPILED if not _is_extension(importlib.import_module(name).__file__)] == []


_REPORT = """
import json, sys, warnings
warnings.simplefilter("always")
import importlib, data_prep
from data_prep import native
from bench.generate import article, material, places
texts = [open(sys.argv[1], encoding="utf-8").read()]
sentences, names = material(), places()
texts += [article(i, sentences, names)["text"] for i in range(40)]
frames = [{name: frame.astype(str).to_dict("records") for name, frame in data_prep.analyze_text(t, published="2023-12-20").items()}
          for t in texts]
print(json.dumps({"files": {name: importlib.import_module(name).__file__ for name in native.compiled_modules()},
                  "frames": frames}, ensure_ascii=False))
"""


def _report(package_root: Path, pure_python: bool = False) -> tuple[dict, str]:
    """Which files the compiled modules were imported from, and the frames of the seed and 40
    generated articles, in a fresh interpreter importing data_prep from `package_root`."""
    env = {key: value for key, value in os.environ.items() if key != native.PURE_PYTHON}
    env["PYTHONPATH"] = os.pathsep.join([str(package_root), str(ROOT)])
    if pure_python:
        env[native.PURE_PYTHON] = "1"
    done = subprocess.run([sys.executable, "-c", _REPORT, str(SEED_FILE)], cwd=package_root, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout), done.stderr


def _copy_package(tmp_path: Path) -> Path:
    """A copy of the installed package, extensions and their shared library included."""
    shutil.copytree(native.PACKAGE_DIR, tmp_path / "data_prep", ignore=shutil.ignore_patterns("__pycache__"))
    shared = importlib.util.find_spec("data_prep__mypyc")
    if shared is not None:
        shutil.copy(shared.origin, tmp_path)
    return tmp_path


@needs_compiled
def test_an_edited_source_runs_every_compiled_module_as_plain_python(tmp_path):
    package_root = _copy_package(tmp_path)
    untouched, _ = _report(package_root)
    assert all(_is_extension(path) for path in untouched["files"].values())

    events = package_root / "data_prep" / "extract" / "events.py"
    events.write_text(events.read_text(encoding="utf-8") + "\n# edited after compiling\n", encoding="utf-8")
    edited, warnings = _report(package_root)
    assert all(path.endswith(".py") and path.startswith(str(package_root)) for path in edited["files"].values())
    assert "data_prep.extract.events changed since compiled" in warnings
    assert sum(len(rows) for frames in edited["frames"] for rows in frames.values()) > 1000
    assert edited["frames"] == untouched["frames"]  # plain Python and compiled agree


@needs_compiled
def test_pure_python_asked_for_runs_the_sources(tmp_path):
    plain, warnings = _report(_copy_package(tmp_path), pure_python=True)
    assert all(path.endswith(".py") for path in plain["files"].values())
    assert "changed since compiled" not in warnings



def test_the_pipeline_version_does_not_depend_on_what_was_compiled(tmp_path):
    """Compiled or not, the frames are the same: a corpus need not be rebuilt after either install."""
    package_root = _copy_package(tmp_path)

    def version() -> str:
        return subprocess.run([sys.executable, "-c", "from data_prep.version import pipeline_version; print(pipeline_version())"],
                              cwd=package_root, env={**os.environ, "PYTHONPATH": str(package_root)},
                              capture_output=True, text=True, check=True).stdout

    manifest = package_root / "data_prep" / native.MANIFEST.name
    manifest.write_text('{"modules": {}}', encoding="utf-8")
    compiled_nothing = version()
    manifest.unlink()
    assert version() == compiled_nothing
    frames = package_root / "data_prep" / "frames.py"
    frames.write_text(frames.read_text(encoding="utf-8") + "\n# a change that does count\n", encoding="utf-8")
    assert version() != compiled_nothing
