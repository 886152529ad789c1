"""Downloads for every chart: PNG and SVG (kaleido), standalone HTML, CSV.

PNG/SVG are rendered on the server by kaleido 1.x, which drives a Chromium
installed on the machine (Debian's `chromium` package works). Where none is
found, `image()` returns a result with a plain reason instead of raising, and
the page shows it next to the button. Rendering never reaches the network:
MathJax (a CDN script by default) is switched off, plotly.js comes from the
plotly package, and the bases map draws no tiles (its geography is bundled).
A figure that sets `layout.width` (the map, whose height is fitted to a width)
is rendered at that width, so its picture has no blank side.

The HTML file inlines plotly.js (about 4.6 MB) so it opens with no internet.
CSV is UTF-8 with a byte-order mark, so Excel shows Arabic correctly, and every
cell a spreadsheet would run as a formula is neutralised (`spreadsheet_safe`):
the app's downloads go through `to_csv`.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import threading
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from lib.store.export import FORMULA_START

__all__ = ["find_chromium", "image", "ImageResult", "to_html", "to_csv", "spreadsheet_safe", "NO_CHROMIUM",
           "CHROMIUM_ENV", "DEFAULT_WIDTH"]

DEFAULT_WIDTH = 1100  # px of a PNG/SVG whose figure sets no width: a slide's width at scale 2

CHROMIUM_ENV = "SYRIA_DASH_CHROMIUM"  # a path, or "none" to behave as if no browser were installed
NO_CHROMIUM = ("No Chromium found for PNG/SVG export (kaleido needs one). Install Debian's chromium "
               "(apt-get install -y chromium) or set SYRIA_DASH_CHROMIUM to a Chrome/Chromium binary.")
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_render_lock = threading.Lock()  # one Chromium at a time: clicks from several sessions queue up


@dataclass(frozen=True)
class ImageResult:
    data: bytes | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.data is not None


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome kaleido can drive, or None."""
    override = os.environ.get(CHROMIUM_ENV)
    if override is not None:
        if override.strip().lower() in ("", "none", "0", "false"):
            return None
        return override if os.access(override, os.X_OK) else None
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    for path in ("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/snap/bin/chromium"):
        if os.access(path, os.X_OK):
            return path
    return None


def _static_figure(fig: go.Figure) -> go.Figure:
    out = go.Figure(fig)
    # A white background: transparent PNGs look broken in slide decks.
    out.update_layout(paper_bgcolor="white")
    return out


def image(fig: go.Figure, fmt: Literal["png", "svg"] = "png", width: int | None = None, height: int | None = None,
          scale: float = 2.0, timeout: float = 60, server: bool = False) -> ImageResult:
    """Render `fig` as PNG or SVG bytes with kaleido, or say why it cannot.

    `width` and `height` default to the figure's own (`layout.width`/`height`), else DEFAULT_WIDTH
    and 550 px. `server=True` when the caller runs kaleido's persistent browser
    (`kaleido.start_sync_server`): it has its browser options already, and kaleido warns about
    options passed per call then, so none are."""
    chromium = find_chromium()
    if chromium is None:
        return ImageResult(None, NO_CHROMIUM)
    import kaleido  # imported late: the app starts without touching it

    fig_dict = _static_figure(fig).to_dict()
    layout = fig_dict.get("layout", {})
    width = width or layout.get("width") or DEFAULT_WIDTH
    height = height or layout.get("height") or 550
    opts = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
    kopts = {} if server else {"kopts": {"path": chromium, "mathjax": False, "timeout": timeout}}
    try:
        with _render_lock:
            data = kaleido.calc_fig_sync(fig_dict, opts=opts, **kopts)
    except Exception as exc:  # kaleido reports browser failures with many exception types
        return ImageResult(None, f"Export failed: {type(exc).__name__}: {exc}")
    if isinstance(data, str):
        data = data.encode("utf-8")
    return ImageResult(bytes(data))


def to_html(fig: go.Figure, title: str | None = None) -> bytes:
    """A standalone HTML page with plotly.js inlined (every chart, the map too, is plain SVG)."""
    html = fig.to_html(include_plotlyjs=True, full_html=True,
                       config={"displaylogo": False, "responsive": True})
    if title:
        import html as _html

        html = html.replace("<head>", f"<head><title>{_html.escape(title)}</title>", 1)
    return html.encode("utf-8")


_FORMULA = re.compile(FORMULA_START)


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every text cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab
    or a carriage return: OWASP's list, as `lib.store.export`) prefixed with ', so it shows as text;
    numeric, date and boolean columns stay as they are. List cells are joined with '|' first."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_datetime64_any_dtype(col.dtype) \
                or isinstance(col.dtype, pd.BooleanDtype):
            continue
        out[c] = col.map(_safe_cell)
    return out


def _safe_cell(v: object) -> object:
    if isinstance(v, (list, tuple)):
        v = "|".join(map(str, v))
    if isinstance(v, str) and _FORMULA.match(v):
        return "'" + v
    return v


def to_csv(df: pd.DataFrame) -> bytes:
    """A CSV file for a spreadsheet: UTF-8 with a byte-order mark (Excel then reads Arabic), cells
    that would run as formulas neutralised (`spreadsheet_safe`, list cells joined with '|'), CRLF
    line ends (RFC 4180), so that a carriage return inside a cell is quoted and cannot start a row."""
    buf = io.StringIO()
    spreadsheet_safe(df).to_csv(buf, index=False, date_format="%Y-%m-%d", lineterminator="\r\n")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
