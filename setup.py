"""Compile the modules listed in pyproject.toml ([tool.arabic-news] compiled) to C with mypyc.

The project's metadata is in pyproject.toml; this file only adds the compiled modules. They are
optional: with no C compiler, a type error in them, or ARABIC_NEWS_PURE_PYTHON=1, the install goes
on without them and the same modules run as plain Python, with the same results, more slowly.
Next to the extensions goes data_prep/native.json, the hash of each source they were built from:
data_prep/native.py runs the plain sources instead when one has changed since (an edit after
`pip install -e .`), so what runs is always what the sources say.
"""
import hashlib
import json
import os
import sys
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
PACKAGE = "data_prep"
MANIFEST = Path(PACKAGE) / "native.json"


def compiled_sources() -> list[str]:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["arabic-news"]["compiled"]


def source_hash(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def native_extensions() -> list:
    if os.environ.get("ARABIC_NEWS_PURE_PYTHON") == "1":
        return []
    try:
        from mypyc.build import mypycify

        return mypycify(compiled_sources(), opt_level="3", group_name=PACKAGE)
    except (Exception, SystemExit) as error:  # mypyc exits on a type error
        print(f"warning: not compiling the extractors ({error!r}); they will run as plain Python", file=sys.stderr)
        return []


class BuildNative(build_ext):
    """build_ext that leaves plain Python in place when the extensions cannot be built, and
    writes the manifest of the sources they were built from when they can."""

    def run(self):
        if not self.extensions:
            return
        manifest = (ROOT if self.inplace else Path(self.build_lib)) / MANIFEST
        try:
            super().run()
        except Exception as error:  # compiler missing or failing
            for extension in self.extensions:
                Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            manifest.unlink(missing_ok=True)
            print(f"warning: the compiled extractors could not be built ({error}); they will run as plain Python",
                  file=sys.stderr)
            return
        modules = {}
        for source in compiled_sources():
            relative = Path(source).relative_to(PACKAGE)
            name = ".".join((PACKAGE, *relative.with_suffix("").parts))
            modules[name] = {"source": relative.as_posix(), "blake2b": source_hash(ROOT / source)}
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps({"modules": modules}, indent=1) + "\n", encoding="utf-8")


setup(ext_modules=native_extensions(), cmdclass={"build_ext": BuildNative})
