"""What every chart shares: colours and marker symbols, the layout, and building a Figure fast.

The encodings, one meaning each across the whole dashboard:
- **Colour is the outlet**, in every chart of every page (`outlet_colors`, a
  categorical palette in the corpus's outlet order, so an outlet keeps its
  colour from page to page). Nothing else is coloured from that palette: claim
  kinds and "when" are told apart by marker shape, and their legend entries are
  grey. (The bases map colours status, and the coverage heatmap shades counts
  on a one-hue scale with a colour bar: neither shows an outlet colour.)
- **Shape is what the figure is about**: the claim kind where kinds mix
  (`KIND_SYMBOLS`), past/current on the troops chart (`WHEN_SYMBOLS`); an
  upward triangle is a figure open upwards ("more than 500").
- **Hollow is a plan**: a claim with `when == "planned"` is drawn with an open
  marker and named "planned" in its hover and the legend; a filled marker is
  something reported as having happened or being the case.
- **A bar or band is a range**: bounds and vague amounts ("dozens", 24-99, no
  value) are drawn from their low to their high value, never as a point at
  the middle (the hover target there is invisible).

Figures are assembled from plain trace and layout dicts in one `go.Figure(...,
_validate=False)` call (`make_figure`): adding traces one by one, and plotly's
per-property validation, cost more than everything else a page rerun does. The
Figure it returns also serialises faster (`_Figure.to_dict`), which Streamlit
calls on every rerun.
"""
from __future__ import annotations

import base64
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from _plotly_utils.utils import plotlyjsShortTypes

from lib.dashboard.charts.axes import date_axis as _fitted_date_axis
from lib.dashboard.i18n import is_rtl

__all__ = ["FONT", "PALETTE", "WHEN_SYMBOLS", "KIND_SYMBOLS", "OPEN_QUALIFIERS", "LEGEND_GREY", "outlet_colors",
           "colors_for", "make_figure", "legend_rows", "base_layout", "date_axis", "legend_only", "is_planned", "marker_symbol", "error_bars"]

FONT = "Noto Sans Arabic, Noto Sans, DejaVu Sans, Arial, sans-serif"
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
           "#e6550d", "#31a354", "#756bb1", "#636363", "#6baed6", "#fd8d3c", "#74c476", "#9e9ac8"]
WHEN_SYMBOLS = {"current": "circle", "past": "square", "planned": "diamond"}  # planned is also hollow
KIND_SYMBOLS = {"attacks": "circle", "strikes": "diamond", "troops": "square", "base_status": "star",
                "incident": "x"}
# Qualifiers whose figure is a bound or a range, not a point: drawn with a bar over what they allow.
OPEN_QUALIFIERS = {"less_than", "more_than", "at_least", "vague", "range"}
LEGEND_GREY = "#555555"  # legend entries that explain a shape, not an outlet


def is_planned(when: object) -> bool:
    """Whether a claim's `when` says it is a plan (the column may be missing or null for any kind)."""
    return isinstance(when, str) and when == "planned"


def marker_symbol(base: str, when: object = None, open_up: bool = False) -> str:
    """The marker of one figure: `base` (its kind's or when's shape), an upward triangle when
    it is open upwards ("more than 500"), hollow when it is a plan."""
    symbol = "triangle-up" if open_up else base
    return symbol + "-open" if is_planned(when) else symbol


def outlet_colors(source_ids: Sequence[str]) -> dict[str, str]:
    """A colour per outlet, in the given order (pass the corpus's order to keep colours stable)."""
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(dict.fromkeys(source_ids))}


def colors_for(df: pd.DataFrame, colors: Mapping[str, str] | None) -> Mapping[str, str]:
    """The page's outlet colours (`colors`), extended to any outlet of `df` they miss."""
    if colors:
        missing = [s for s in df["source_id"].astype(str).unique() if s not in colors]
        if not missing:
            return colors
        extra = outlet_colors([*colors, *missing])
        return {**extra, **colors}
    return outlet_colors(sorted(df["source_id"].astype(str).unique()))


class _Figure(go.Figure):
    """A plotly Figure with a faster `to_dict()`, which Streamlit calls to serialise it.

    Plotly's deep-copies the whole figure (each hover string, each cell of an
    object array), then checks every array through narwhals before encoding
    the numeric ones as base64 typed arrays: a third of the time a chart of
    500 points costs. This one gives the same dict - numeric arrays as the
    same typed-array specs - copying only the containers; no reader of the
    dict modifies a value in place, so the figure stays intact.
    """

    def to_dict(self) -> dict:
        res = {"data": _plain(self._data), "layout": _plain(self._layout)}
        frames = _plain([frame._props for frame in self._frame_objs])
        if frames:
            res["frames"] = frames
        return res


_NOT_ENCODED = {"geojson", "layer", "layers", "range"}  # keys plotly leaves as they are (_plotly_utils.utils)


def _plain(obj):
    """Nested dicts and lists copied, NumPy numeric arrays as plotly.js typed-array specs, the rest shared."""
    if isinstance(obj, dict):
        return {k: (v if k in _NOT_ENCODED else _plain(v)) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        return _typed_array(obj)
    if isinstance(obj, (list, tuple)):
        if obj and all(isinstance(v, str) for v in obj):
            return list(obj)  # hover texts, symbols: nothing nested
        return [_plain(v) for v in obj]
    return obj


def _typed_array(v: np.ndarray):
    """What `_plotly_utils.utils.to_typed_array_spec` makes of an array (64-bit ints narrowed when they fit)."""
    if v.size == 0 or v.dtype.kind not in "iuf":
        return v
    if v.dtype.kind in "iu" and v.dtype.itemsize == 8:
        lo, hi = v.min(), v.max()
        for t in ((np.int8, np.int16, np.int32) if v.dtype.kind == "i" else (np.uint8, np.uint16, np.uint32)):
            if np.iinfo(t).min <= lo and hi <= np.iinfo(t).max:
                v = v.astype(t)
                break
        else:
            return v
    short = plotlyjsShortTypes.get(str(v.dtype))
    if short is None:
        return v
    spec = {"dtype": short, "bdata": base64.b64encode(np.ascontiguousarray(v)).decode("ascii")}
    if v.ndim > 1:
        spec["shape"] = str(v.shape)[1:-1]
    return spec


# Figures are built without plotly's per-property validation (most of the build
# time for a chart of hundreds of points); the unit tests check the traces.
def make_figure(traces: Sequence[dict] = (), layout: Mapping | None = None) -> go.Figure:
    """A Figure from trace dicts (each with its "type") and a layout dict, in one call.

    An explicit small template: otherwise plotly deep-copies its full default
    template into every figure (~10 ms, and ~10 KB of JSON per chart).
    """
    traces = list(traces)
    layout = _room_for_legend(traces, dict(layout or {}))
    return _Figure(data=traces, layout={"template": _TEMPLATE, **layout}, _validate=False)


# A horizontal legend under the plot (Arabic) takes the height its entries need, or plotly takes it
# from the plot: with the corpus's ~60 outlets the plot shrank to a strip, the legend covered the
# time axis's title and the attacks page's panels ran into each other. Its rows are estimated from
# the entries' names, and the figure grows by that height, so the plot keeps its own.
LEGEND_ROW_PX = 28  # one row of a horizontal legend at the 13 px font
LEGEND_ROW_WIDTH_PX = 760  # a row's width in the page's main column (1400 px window, sidebar open)
LEGEND_ENTRY_PX = 46  # an entry's symbol and padding, besides its name
LEGEND_CHAR_PX = 7.5  # a name's width per character at the 13 px font (Latin and Arabic alike)
LEGEND_BELOW_PLOT_PX = 80  # from the plot's bottom to the legend: tick labels and the axis title
DEFAULT_HEIGHT_PX = 450  # plotly's height when a layout gives none


def legend_rows(names: Sequence[str]) -> int:
    """How many rows a horizontal legend of `names` takes (entries packed in order, as plotly does)."""
    rows, used = 0, LEGEND_ROW_WIDTH_PX
    for name in names:
        width = LEGEND_ENTRY_PX + LEGEND_CHAR_PX * len(name)
        if used + width > LEGEND_ROW_WIDTH_PX:
            rows, used = rows + 1, 0
        used += width
    return rows


def _room_for_legend(traces: Sequence[dict], layout: dict) -> dict:
    """`layout` with room under the plot for the rows of `base_layout`'s horizontal legend. A legend
    placed by its chart (one with a `y`, as the map's) and a vertical one are left as they are."""
    legend = layout.get("legend") or {}
    if legend.get("orientation") != "h" or "y" in legend or layout.get("showlegend") is False:
        return layout
    names = [str(tr.get("name") or "") for tr in traces if tr.get("showlegend", True) and tr.get("name")]
    if len(names) < 2 and not layout.get("showlegend"):  # plotly shows no legend for one trace
        return layout
    height = layout.get("height") or DEFAULT_HEIGHT_PX
    margin = dict(layout.get("margin") or {})
    top, bottom = margin.get("t", 100), margin.get("b", 80)
    plot_px = max(height - top - bottom, 1)
    legend_px = legend_rows(names) * LEGEND_ROW_PX
    margin["b"] = LEGEND_BELOW_PLOT_PX + legend_px
    return {**layout, "height": top + plot_px + margin["b"], "margin": margin,
            "legend": {**legend, "y": -LEGEND_BELOW_PLOT_PX / plot_px}}


_GRID = {"gridcolor": "#e5ecf6", "zerolinecolor": "#c8d4e3", "linecolor": "#c8d4e3", "automargin": True}
_TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white", "colorway": PALETTE,
    "xaxis": _GRID, "yaxis": _GRID, "hoverlabel": {"namelength": -1},
})


def _merge(base: dict, extra: Mapping) -> dict:
    """`base` updated with `extra`, nested dicts merged (as `update_layout` does)."""
    out = dict(base)
    for k, v in extra.items():
        out[k] = _merge(out[k], v) if isinstance(v, Mapping) and isinstance(out.get(k), dict) else v
    return out


def base_layout(title: str, lang: str, **kw) -> dict:
    """The layout every chart shares (title, fonts, hover, margins, legend placement), merged with `kw`."""
    rtl = is_rtl(lang)
    out = {
        "title": {"text": title, "x": 0.98 if rtl else 0.02, "xanchor": "right" if rtl else "left"},
        "font": {"family": FONT, "size": 13},
        "hoverlabel": {"align": "right" if rtl else "left", "font": {"family": FONT}},
        "hovermode": "closest",
        "margin": {"l": 60, "r": 30, "t": 60, "b": 50},  # (make_figure adds room for an Arabic legend under the plot)
    }
    if rtl:  # Arabic: a horizontal legend under the plot, reading from the right (make_figure places it).
        out["legend"] = {"orientation": "h", "x": 1, "xanchor": "right", "yanchor": "top"}
    return _merge(out, kw)


def date_axis(title: str, lang: str, span=None, min_days: int | None = None) -> dict:
    """A date axis fitted to `span` (see `lib.dashboard.charts.axes.date_axis`); ISO labels in
    every language."""
    return _fitted_date_axis(title, span, min_days)


def error_bars(y: np.ndarray, lo: np.ndarray, hi: np.ndarray, keep: np.ndarray | None = None, **style) -> dict:
    """Error bars from `lo` to `hi` around `y` (a bound open upwards: no bar above), for the
    points `keep` marks (default: every point with a range). A point without one gets NaN,
    not 0: plotly would draw a zero-length bar's caps through its marker."""
    up = np.where(np.isnan(hi), 0.0, hi - y)
    down = np.where(np.isnan(lo), 0.0, y - lo)
    has = (up > 0) | (down > 0) if keep is None else keep
    return {"type": "data", "symmetric": False, "array": np.where(has, up, np.nan),
            "arrayminus": np.where(has, down, np.nan), **style}


def legend_only(name: str, symbol: str, group: str, color: str = LEGEND_GREY) -> dict:
    """A legend entry explaining a marker shape, with no data (meta marks it for tests)."""
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name, "legendgroup": group,
            "marker": {"symbol": symbol, "color": color, "size": 10, "line": {"width": 2, "color": color}},
            "hoverinfo": "skip", "meta": "legend", "legendrank": 1}  # shapes first, before the outlets
