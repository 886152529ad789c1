"""Downloads for every chart: PNG and SVG (kaleido), standalone HTML, CSV.

PNG/SVG are rendered on the server by kaleido 1.x, which drives a Chromium
installed on the machine (Debian's `chromium` package works). Where none is
found, `image()` returns a result with a plain reason instead of raising, and
the page shows it next to the button. Rendering never reaches the network:
MathJax (a CDN script by default) is switched off, plotly.js comes from the
plotly package, and map tile layers are dropped before rendering.

The HTML file inlines plotly.js (about 4.6 MB) so it opens with no internet.
CSV is UTF-8 with a byte-order mark, so Excel shows Arabic correctly.
"""
from __future__ import annotations

import io
import os
import shutil
import threading
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from lib.dashboard.charts import map_as_plain, without_tiles

__all__ = ["find_chromium", "image", "ImageResult", "to_html", "to_csv", "NO_CHROMIUM", "CHROMIUM_ENV"]

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
    out = without_tiles(fig)
    # A white background: transparent PNGs look broken in slide decks.
    out.update_layout(paper_bgcolor="white")
    return out


def image(fig: go.Figure, fmt: Literal["png", "svg"] = "png", width: int = 1100, height: int | None = None,
          scale: float = 2.0, timeout: float = 60) -> ImageResult:
    """Render `fig` as PNG or SVG bytes with kaleido, or say why it cannot."""
    chromium = find_chromium()
    if chromium is None:
        return ImageResult(None, NO_CHROMIUM)
    import kaleido  # imported late: the app starts without touching it

    fig_dict = _static_figure(fig).to_dict()
    height = height or fig_dict.get("layout", {}).get("height") or 550
    opts = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
    try:
        with _render_lock:
            data = kaleido.calc_fig_sync(fig_dict, opts=opts,
                                         kopts={"path": chromium, "mathjax": False, "timeout": timeout})
    except Exception as exc:  # kaleido reports browser failures with many exception types
        return ImageResult(None, f"Export failed: {type(exc).__name__}: {exc}")
    if isinstance(data, str):
        data = data.encode("utf-8")
    return ImageResult(bytes(data))


def to_html(fig: go.Figure, title: str | None = None) -> bytes:
    """A standalone HTML page with plotly.js inlined; maps are redrawn as plain scatters."""
    out = map_as_plain(fig) if any(tr.type == "scattermap" for tr in fig.data) else go.Figure(fig)
    html = out.to_html(include_plotlyjs=True, full_html=True,
                       config={"displaylogo": False, "responsive": True})
    if title:
        import html as _html

        html = html.replace("<head>", f"<head><title>{_html.escape(title)}</title>", 1)
    return html.encode("utf-8")


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM); list-valued cells are joined with '|'."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object and out[c].map(lambda v: isinstance(v, (list, tuple))).any():
            out[c] = out[c].map(lambda v: "|".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    buf = io.StringIO()
    out.to_csv(buf, index=False, date_format="%Y-%m-%d")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
