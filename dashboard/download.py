"""The export route: `GET api/export/<file>?<filters>` streams one filtered frame, or the ZIP of all.

`streamlit run dashboard/app.py` serves it beside the pages (app.py defines an `st.App` with this
route), and the Export page links to it. The bytes are written while they are sent
(`logic/export.py`), so a download of millions of rows never sits in memory, neither in Python nor in
Streamlit's media store.

A request names one file from a fixed set (`<frame>_excel.csv`, `<frame>.csv`, `<frame>.parquet`,
`corpus_export.zip`) and carries only filter values, read by the same `Filters.from_params` that
reads the app's URL, strictly: a value it cannot read is a 400 with a plain message. Nothing in the
request is a path; the corpus is the server's.
"""
from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Sequence

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from data_prep.frames import COLUMNS

from dashboard.logic import export
from dashboard.logic.filters import Filters, FilterError, View

ROUTE = "api/export"
ZIP_TYPE = "application/zip"


class CorpusMissing(RuntimeError):
    """The server has no corpus yet (it is built when the dashboard is first opened)."""


@dataclass(frozen=True)
class ExportRequest:
    file: str
    frame: str | None  # None: the ZIP of every frame
    fmt: str  # a key of export.FORMATS, or "zip"
    filters: Filters

    @property
    def media_type(self) -> str:
        return ZIP_TYPE if self.fmt == "zip" else export.FORMATS[self.fmt][1]


def export_url(file: str, filters: Filters) -> str:
    """The link a page gives for `file` under `filters`, relative to the page (so a base URL path is kept)."""
    query = urllib.parse.urlencode(filters.to_params(), doseq=True)
    return f"{ROUTE}/{urllib.parse.quote(file)}" + (f"?{query}" if query else "")


def parse_request(file: str, params: Mapping[str, Sequence[str]]) -> ExportRequest:
    """What is asked for; `FilterError` with a plain message when the file or a filter is not readable."""
    filters = Filters.from_params(params, strict=True)
    if file == export.ZIP_NAME:
        return ExportRequest(file, None, "zip", filters)
    for fmt in export.FORMATS:
        frame = file.removesuffix(export.file_name("", fmt))
        if frame != file and frame in COLUMNS:
            return ExportRequest(file, frame, fmt, filters)
    raise FilterError(f"no export is called {file!r}: ask for <frame>_excel.csv, <frame>.csv, <frame>.parquet "
                      f"or {export.ZIP_NAME}, with <frame> one of {', '.join(COLUMNS)}")


def body(view: View, wanted: ExportRequest) -> Iterator[bytes]:
    if wanted.frame is None:
        return export.zip_all(view, wanted.filters.to_params())
    return export.WRITERS[wanted.fmt](view.chunks(wanted.frame))


def routes(open_view: Callable[[Filters], View], base_url_path: str = "") -> list[Route]:
    """The export route; `open_view(filters)` gives the filtered view of the server's corpus.

    `open_view` may raise `FilterError` (an entity the corpus does not have) or `CorpusMissing`.
    """
    async def export_file(request: Request) -> Response:
        params = {key: request.query_params.getlist(key) for key in request.query_params.keys()}
        try:
            wanted = parse_request(request.path_params["file"], params)
            view = await run_in_threadpool(open_view, wanted.filters)
        except FilterError as error:
            return _plain(str(error), 400)
        except CorpusMissing as error:
            return _plain(str(error), 503)
        return StreamingResponse(body(view, wanted), media_type=wanted.media_type,
                                 headers={"Content-Disposition": f'attachment; filename="{wanted.file}"',
                                          "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})

    base = base_url_path.strip("/")
    return [Route(f"/{base + '/' if base else ''}{ROUTE}/{{file}}", export_file, methods=["GET"])]


def _plain(message: str, status: int) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers={"X-Content-Type-Options": "nosniff"})
