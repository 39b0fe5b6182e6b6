"""Ingest: input paths to records (raw articles) and error rows, nothing lost between them."""
from __future__ import annotations

from data_prep.ingest.decode import NotText, decode
from data_prep.ingest.records import FORMATS, is_error, read_entries
from data_prep.ingest.sources import InputFile, InputProblem, iter_inputs

__all__ = ["InputFile", "InputProblem", "is_error", "iter_inputs", "read_input"]


def read_input(item: InputFile, data: bytes) -> list[dict]:
    """The entries (records and error rows, in input order) of one input file's bytes."""
    if item.fmt is None:
        accepted = ", ".join(sorted(set(FORMATS)))
        suffix = item.origin.rsplit(".", 1)[-1] if "." in item.origin.rsplit("/", 1)[-1] else ""
        what = f"'.{suffix}' files" if suffix else "files without an extension"
        return [{"origin": item.origin, "reason": f"{what} are not read (accepted: {accepted}, .zip)"}]
    if not data.strip():
        return [{"origin": item.origin, "reason": "the file is empty"}]
    try:
        text, _encoding = decode(data)
    except NotText as error:
        return [{"origin": item.origin, "reason": str(error)}]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return read_entries(text, item.fmt, item.origin)
