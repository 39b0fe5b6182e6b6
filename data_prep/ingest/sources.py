"""The input files behind the paths a user gives: files, folders (recursively) and zip archives.

Archives are read in memory, member by member, never unpacked to disk, so a member named
`../../x` cannot write anywhere; sizes are capped so a zip bomb is refused, not expanded.
Folders are walked without following symbolic links (no loops). Hidden files and folders
(names starting with ".") are skipped, as every file manager does.
"""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from data_prep.ingest.records import FORMATS

MAX_FILE_BYTES = 256 * 1024 * 1024      # one input file or archive member, unpacked
MAX_ARCHIVE_BYTES = 2 * 1024 ** 3        # everything one archive unpacks to
MAX_RATIO = 200                          # unpacked / packed size of one member
MAX_ARCHIVE_DEPTH = 2                    # zips inside zips


@dataclass(frozen=True)
class InputFile:
    """One file to read: a path, or a member inside (nested) archives at that path.

    Plain data, so it can be sent to another process or a Dask worker, which reads it itself.
    """

    origin: str
    fmt: str | None              # None: not a format we read
    size: int
    path: str
    members: tuple[str, ...] = ()

    def read(self) -> bytes:
        """The file's bytes (archive members re-checked against the size limits as they unpack)."""
        if not self.members:
            return Path(self.path).read_bytes()
        data: bytes | None = None
        for member in self.members:
            handle = io.BytesIO(data) if data is not None else open(self.path, "rb")
            with handle, zipfile.ZipFile(handle) as archive:
                data, problem = _read_capped(archive, archive.getinfo(member))
            if problem:
                raise OSError(problem)
        return data


@dataclass(frozen=True)
class InputProblem:
    """A path that cannot be read at all, with the reason in plain words."""

    origin: str
    reason: str


def iter_inputs(paths) -> Iterator[InputFile | InputProblem]:
    """Every input file under `paths`, in a stable order, and a problem for each unreadable path."""
    for path in (Path(p) for p in paths):
        if not path.exists():
            yield InputProblem(str(path), "no such file or folder")
        elif path.is_dir():
            yield from _walk(path)
        else:
            yield from _file(path)


def _walk(folder: Path) -> Iterator[InputFile | InputProblem]:
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield from _file(Path(root) / name)


def _file(path: Path) -> Iterator[InputFile | InputProblem]:
    try:
        size = path.stat().st_size
    except OSError as error:
        yield InputProblem(str(path), f"cannot be read ({error.strerror or error})")
        return
    if path.suffix.lower() == ".zip":
        yield from _archive(str(path), str(path), (), lambda: path.open("rb"))
        return
    if size > MAX_FILE_BYTES:
        yield InputProblem(str(path), f"too large ({size // 2**20} MB; the limit is {MAX_FILE_BYTES // 2**20} MB)")
        return
    yield InputFile(str(path), FORMATS.get(path.suffix.lower()), size, str(path))


def _archive(origin: str, path: str, outer: tuple[str, ...], opener: Callable) -> Iterator[InputFile | InputProblem]:
    try:
        with opener() as handle:
            archive = zipfile.ZipFile(handle)
            members = sorted((m for m in archive.infolist() if not m.is_dir()), key=lambda m: m.filename)
            total = sum(m.file_size for m in members)
            if total > MAX_ARCHIVE_BYTES:
                yield InputProblem(origin, f"refused: the archive unpacks to {total // 2**20} MB, over the {MAX_ARCHIVE_BYTES // 2**20} MB limit")
                return
            for member in members:
                yield from _member(archive, member, origin, path, outer)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        yield InputProblem(origin, f"not a readable zip archive ({error})")


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, origin: str, path: str, outer: tuple[str, ...]):
    name = member.filename
    where = f"{origin}!{name}"
    basename = name.rsplit("/", 1)[-1]
    if basename.startswith(".") or name.startswith("__MACOSX/"):
        return
    if member.file_size > MAX_FILE_BYTES or (
        member.file_size > 1_000_000 and member.file_size > MAX_RATIO * max(member.compress_size, 1)
    ):
        yield InputProblem(where, "refused: unpacks to far more than it packs (zip bomb limits)")
        return
    suffix = Path(basename).suffix.lower()
    if suffix != ".zip":
        yield InputFile(where, FORMATS.get(suffix), member.file_size, path, (*outer, name))
        return
    if len(outer) + 1 >= MAX_ARCHIVE_DEPTH:
        yield InputProblem(where, "refused: archives nested too deep")
        return
    data, problem = _read_capped(archive, member)
    if problem:
        yield InputProblem(where, problem)
        return
    yield from _archive(where, path, (*outer, name), lambda: io.BytesIO(data))


def _read_capped(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[bytes, str | None]:
    """The member's bytes, or a reason: damaged, encrypted, or unpacking past its declared size."""
    limit = member.file_size
    try:
        with archive.open(member) as stream:
            data = stream.read(limit + 1)
    except RuntimeError:
        return b"", "refused: the member is encrypted"
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        return b"", f"the archive member is damaged ({error})"
    if len(data) > limit:
        return b"", "refused: unpacks past its declared size (zip bomb limits)"
    return data, None
