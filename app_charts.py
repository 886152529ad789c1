"""Charts and their downloads on a page: the chart (a click on a point opens the reader at that
claim), PNG and SVG through one warm kaleido browser per process, standalone HTML, and CSV safe to
open in a spreadsheet. Streamlit glue like app_support, which re-exports these for the pages.
"""
from __future__ import annotations

import functools
import logging
import threading
from typing import TYPE_CHECKING, Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_sidebar import filter_link_params
from lib.dashboard import exports

if TYPE_CHECKING:
    from app_support import Context

__all__ = ["chart", "clicked_claim", "open_reader", "downloads", "csv_download", "csv_bytes"]


def chart(ctx: Context, fig: go.Figure, rows: pd.DataFrame, name: str, key: str) -> None:
    """A chart with its four downloads (PNG, SVG, HTML, CSV) below it.

    Clicking a point that carries a claim (customdata [claim_id, article_id, ...]) opens the
    reader at that claim, the filters kept in the link. The files are produced only when a
    button is clicked (deferred callables), and the buttons do not rerun the app.
    """
    event = st.plotly_chart(fig, key=f"chart-{key}", theme=None, on_select="rerun", selection_mode="points",
                            config={"displaylogo": False, "toImageButtonOptions": {"filename": name, "scale": 2}})
    target = clicked_claim(event)
    if target is not None:
        open_reader(*target)
    downloads(ctx, fig, rows, name, key)


def clicked_claim(event: object) -> tuple[str, str] | None:
    """(article_id, claim_id) of the first clicked point that carries a claim, or None."""
    selection = getattr(event, "selection", None) or (event.get("selection") if isinstance(event, dict) else None)
    for point in (selection or {}).get("points", []) if selection else []:
        cd = point.get("customdata")
        if isinstance(cd, (list, tuple)) and len(cd) >= 2 and isinstance(cd[1], str) and cd[1]:
            return cd[1], cd[0] if isinstance(cd[0], str) else ""
    return None


def open_reader(article_id: str, claim_id: str = "") -> None:
    """Switch to the Articles page's reader at `article_id` (and `claim_id`), the filters kept."""
    params = filter_link_params() | {"article": [article_id]} | ({"claim": [claim_id]} if claim_id else {})
    st.switch_page("pages/articles.py", query_params=params)


def downloads(ctx: Context, fig: go.Figure, rows: pd.DataFrame, name: str, key: str) -> None:
    chromium = _chromium()
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(fmt.upper(), data=_image_maker(fig, fmt, chromium), file_name=f"{name}.{fmt}",
                               mime=mime, key=f"dl-{key}-{fmt}", on_click="ignore", disabled=chromium is None,
                               icon=":material/image:", help=ctx.t("dl.image_help"))
        st.download_button("HTML", data=lambda: exports.to_html(fig, title=name), file_name=f"{name}.html",
                           mime="text/html", key=f"dl-{key}-html", on_click="ignore", icon=":material/code:",
                           help=ctx.t("dl.html_help"))
        csv_download(ctx, rows, name, key)
        if chromium is None:
            st.caption(ctx.t("dl.no_chromium"))


def csv_download(ctx: Context, rows: pd.DataFrame, name: str, key: str) -> None:
    """The CSV download for a table: no internal columns, cells a spreadsheet would run neutralised."""
    csv_rows = _csv_frame(rows)
    corpus = ctx.corpus
    # Titles and URLs are read from the store only when the file is asked for.
    st.download_button("CSV", data=lambda: csv_bytes(corpus.with_titles(csv_rows)),
                       file_name=f"{name}.csv", mime="text/csv", key=f"dl-{key}-csv", on_click="ignore",
                       icon=":material/table:", help=ctx.t("dl.csv_help", n=len(csv_rows)))


# ---------------------------------------------------------------------- PNG/SVG: one warm browser per process
_kaleido_lock = threading.Lock()
_kaleido_server: list[str] = []  # the chromium path kaleido's persistent server runs with, once started


class _QuietJSONError(logging.Filter):
    """choreographer logs a full traceback when the browser writes a message it cannot decode (on
    shutdown, mostly) and then ignores it; the log keeps one line instead of the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and "JSONError" in record.getMessage():
            record.exc_info, record.exc_text, record.levelno, record.levelname = None, None, logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


# The loggers that log the browser's undecodable messages (filters apply to a logger's own records only).
_CHOREOGRAPHER_LOGGERS = ("choreographer.channels.pipe", "choreographer.channels._wire")


def quiet_choreographer() -> None:
    """Install `_QuietJSONError` on choreographer's pipe loggers (once)."""
    import choreographer.channels.pipe  # noqa: F401  (creates its logger, a logistro one, first)

    for name in _CHOREOGRAPHER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _QuietJSONError) for f in logger.filters):
            logger.addFilter(_QuietJSONError())


@functools.lru_cache(maxsize=1)
def _chromium() -> str | None:
    return exports.find_chromium()  # a PATH search: once per process, not once per chart and rerun


def _warm_kaleido(chromium: str) -> None:
    """Start kaleido's persistent browser once per process (the first export pays ~2 s, later ones
    reuse the open browser); exports.image's calls then go to it."""
    with _kaleido_lock:
        if _kaleido_server:
            return
        import kaleido

        quiet_choreographer()
        kaleido.start_sync_server(path=chromium, mathjax=False, timeout=60, silence_warnings=True)
        _kaleido_server.append(chromium)


def _stop_kaleido() -> None:
    with _kaleido_lock:
        if _kaleido_server:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            _kaleido_server.clear()


def _image_maker(fig: go.Figure, fmt: str, chromium: str | None) -> Callable[[], bytes]:
    def make() -> bytes:
        if chromium is not None:
            _warm_kaleido(chromium)
        # The server started here has the browser options: exports.image passes none then.
        result = exports.image(fig, fmt, server=bool(_kaleido_server))  # type: ignore[arg-type]
        if not result.ok:
            _stop_kaleido()  # a browser that failed is not reused: the next export starts a fresh one
            raise RuntimeError(result.error)
        return result.data  # type: ignore[return-value]
    return make


# ---------------------------------------------------------------------- CSV
# Columns the charts compute with that mean nothing in a table (and the row number pandas would add).
_INTERNAL = {"story", "article_row", "_style", "row", "y", "y_lo", "y_hi"}


def _csv_frame(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.drop(columns=[c for c in rows.columns if c in _INTERNAL], errors="ignore")


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A CSV file safe to open in a spreadsheet (`exports.to_csv`: BOM, formulas neutralised, CRLF)."""
    return exports.to_csv(df)
