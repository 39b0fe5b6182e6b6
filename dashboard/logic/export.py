"""Exports of the filtered frames: CSV for Excel, plain CSV, Parquet, and a ZIP of all.

CSV for Excel is UTF-8 with a BOM (so Excel reads Arabic) and text cells that Excel would run as a
formula (starting with = + - @, tab or carriage return) get a leading apostrophe.
"""
from __future__ import annotations

import io
import json
import zipfile
from typing import Mapping

import numpy as np
import pandas as pd

FORMULA_START = r"^[=+\-@\t\r]"


def _is_listish(value) -> bool:
    return isinstance(value, (list, tuple, np.ndarray))


def flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells (tags, actors, aliases…) as '; '-joined text, so they survive CSV."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object and series.map(_is_listish).any():
            out[column] = series.map(lambda v: "; ".join(map(str, v)) if _is_listish(v) else v)
    return out


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting like a formula get a leading apostrophe (vectorised per column)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            text = series.astype("string")
            risky = text.str.contains(FORMULA_START, regex=True).fillna(False).to_numpy(dtype=bool)
            if risky.any():
                out[column] = series.where(~risky, "'" + text)
    return out


def excel_csv(frame: pd.DataFrame) -> bytes:
    return neutralise(flatten(frame)).to_csv(index=False).encode("utf-8-sig")


def plain_csv(frame: pd.DataFrame) -> bytes:
    return flatten(frame).to_csv(index=False).encode("utf-8")


def parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.reset_index(drop=True).to_parquet(buffer, index=False)
    return buffer.getvalue()


def zip_all(frames: Mapping[str, pd.DataFrame], filters: Mapping | None = None) -> bytes:
    """Every frame in the three formats, plus the filters that produced them (filters.json)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"excel/{name}.csv", excel_csv(frame))
            archive.writestr(f"csv/{name}.csv", plain_csv(frame))
            archive.writestr(f"parquet/{name}.parquet", parquet(frame))
        archive.writestr("filters.json", json.dumps(dict(filters or {}), ensure_ascii=False, indent=2))
    return buffer.getvalue()
