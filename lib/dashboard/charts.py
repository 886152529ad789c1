"""One function per chart: a DataFrame in, a plotly Figure out.

The frames come from `lib.dashboard.queries` with provenance added by
`Corpus.provenance()` (columns `outlet`, `published`, `evidence`,
`claim_id`, `article_id`, `source_id`, and `sources`/`n_sources` for stories).
Every drawn point carries:
- hover text with the outlet, the publication date and the evidence sentence
  (escaped: plotly renders a subset of HTML in hover labels, and an article
  must not be able to restyle or break them);
- `customdata` = [claim_id, article_id, source_id], so tests and click-through
  can tell exactly which claims a chart holds.

Figures are assembled from plain trace and layout dicts in one `go.Figure(...,
_validate=False)` call: adding traces one by one, and plotly's per-property
validation, cost more than everything else a page rerun does. Per-point values
(hover text, symbols, claim ids) are computed once per chart over the whole
frame and sliced per trace; the unit tests check the traces' contents.

Arabic goes to plotly as it is (logical order, unshaped): the browser and
kaleido shape it. Reshaping it here would garble it.
"""
from __future__ import annotations

import base64
import html
import json
import math
from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from _plotly_utils.utils import plotlyjsShortTypes

from lib.dashboard.i18n import is_rtl, label, t
from lib.reference import REFERENCE_DIR

__all__ = [
    "outlet_colors", "articles_timeline", "attack_periods_chart", "incidents_chart", "troops_chart",
    "bases_map", "outlet_heatmap", "outlet_figures_chart", "disagreement_chart", "figure_text",
    "STATUS_COLORS", "WHEN_SYMBOLS", "map_view", "attack_hover", "quantity_title", "without_tiles", "map_as_plain",
]

OUTLINE_PATH = REFERENCE_DIR / "syria_outline.geojson"
FONT = "Noto Sans Arabic, Noto Sans, DejaVu Sans, Arial, sans-serif"
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
           "#e6550d", "#31a354", "#756bb1", "#636363", "#6baed6", "#fd8d3c", "#74c476", "#9e9ac8"]
STATUS_COLORS = {"closed": "#d62728", "withdrawn": "#ff7f0e", "handed_over": "#9467bd", "reinforced": "#2ca02c",
                 "established": "#1f77b4", "active": "#17becf", "mentioned": "#7f7f7f"}
WHEN_SYMBOLS = {"current": "circle", "past": "square", "planned": "diamond"}
KIND_SYMBOLS = {"attacks": "circle", "strikes": "diamond", "troops": "square", "base_status": "triangle-up",
                "incident": "x"}
# Qualifiers whose figure is a bound or a range, not a point: drawn with open markers.
OPEN_QUALIFIERS = {"less_than", "more_than", "at_least", "vague", "range"}
# Tiles for the map's basemap, fetched by the browser (never by the server or the tests).
TILE_URL = "https://a.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = "© OpenStreetMap contributors © CARTO"
# One tile over Syria: if the browser can load it, it can load the basemap.
PROBE_TILE_URL = "https://a.basemaps.cartocdn.com/light_all/5/19/12.png"
_MONTH_MS = 26 * 86_400_000


# ---------------------------------------------------------------------- helpers
def outlet_colors(source_ids: Sequence[str]) -> dict[str, str]:
    """A colour per outlet, in the given order (pass the corpus's order to keep colours stable)."""
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(dict.fromkeys(source_ids))}


def _colors(df: pd.DataFrame, colors: Mapping[str, str] | None) -> Mapping[str, str]:
    if colors:
        missing = [s for s in df["source_id"].astype(str).unique() if s not in colors]
        if not missing:
            return colors
        extra = outlet_colors([*colors, *missing])
        return {**extra, **colors}
    return outlet_colors(sorted(df["source_id"].astype(str).unique()))


def _fmt_num(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "?"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def _date(x) -> str:
    """ISO date isolated left-to-right: inside Arabic text the bidi algorithm would
    otherwise show 2025-05-27 as 27-05-2025 (digits after Arabic letters are laid out
    as separate right-to-left runs)."""
    return "" if x is None or pd.isna(x) else "\u2066" + pd.Timestamp(x).strftime("%Y-%m-%d") + "\u2069"


def _dates(values) -> list[str]:
    """`_date` of every value of a date column (vectorised: one call per chart, not per point)."""
    days = _day_strings(pd.DatetimeIndex(values).to_numpy("datetime64[ns]"))
    return ["" if d == "NaT" else f"\u2066{d}\u2069" for d in days.tolist()]


def _esc(text: object, width: int = 70) -> str:
    """Escape for a plotly hover label and wrap long sentences onto lines."""
    s = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    lines, current = [], ""
    for word in s.split():  # greedy wrap (textwrap is ~10x slower, and this runs per point)
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def figure_text(row: Mapping, lang: str = "en") -> str:
    """A figure in words, keeping its qualifier: "less than 1,000", "24-99 (vague)", "about 2,000"."""
    q = row.get("qualifier")
    value, low, high = row.get("value"), row.get("low"), row.get("high")
    q = None if q is None or (isinstance(q, float) and math.isnan(q)) else str(q)
    if q in ("vague", "range") or (_isnan(value) and not _isnan(low) and not _isnan(high)):
        text = t("fig.range", lang, low=_fmt_num(low), high=_fmt_num(high))
        return text + (f" ({label('qualifier', 'vague', lang)})" if q == "vague" else "")
    number = _fmt_num(value if not _isnan(value) else (high if not _isnan(high) else low))
    if q in ("less_than", "more_than", "at_least", "approx", "half_of"):
        return t(f"fig.{q}", lang, n=number)
    return number


def _isnan(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (x is pd.NA)


def _sources_line(row: Mapping, names: Mapping[str, str], lang: str) -> str:
    n = row.get("n_sources")
    if n is None or _isnan(n) or int(n) < 2:
        return ""
    srcs = row.get("sources") or ()
    shown = ", ".join(html.escape(names.get(s, s)) for s in list(srcs)[:6])
    return t("hover.carried_by", lang, n=int(n), outlets=shown)


def _bidi(text: str, lang: str) -> str:
    """Give each line of an Arabic label a right-to-left base direction.

    SVG text starts left to right; a line such as "≠ القوات (US) · 2025-05"
    would come out scrambled. Each line is wrapped in RLE...PDF, which the
    browser and kaleido honour (the letters themselves are left unshaped).
    """
    if not is_rtl(lang) or not text:
        return text
    return "<br>".join(f"\u202b{line}\u202c" for line in text.split("<br>"))


def _hover_text(head: str, lines: Sequence[str], sources: str, evidence: str, lang: str) -> str:
    parts = [head, *[ln for ln in lines if ln]]
    if sources:
        parts.append(sources)
    if evidence:
        parts.append(evidence)
    return _bidi("<br>".join(parts), lang)


def _hovers(df: pd.DataFrame, lang: str, names: Mapping[str, str], lines: Sequence[Sequence[str]]) -> list[str]:
    """Each point's hover: outlet and date, the chart's own lines (row i's are `lines[i]`),
    the outlets carrying it, the evidence; built column by column."""
    n = len(df)
    who_col = "outlet" if "outlet" in df.columns else "source_id" if "source_id" in df.columns else None
    who = _col(df, who_col) if who_col else [""] * n
    days = _dates(df["published"]) if "published" in df.columns else [""] * n
    if "n_sources" in df.columns:
        n_src = _floats(df, "n_sources").tolist()
        srcs = _col(df, "sources") if "sources" in df.columns else [()] * n
        carried = ["" if math.isnan(k) or k < 2 else _sources_line({"n_sources": k, "sources": s}, names, lang)
                   for k, s in zip(n_src, srcs)]
    else:
        carried = [""] * n
    evidence = [_evidence_html(e) for e in _col(df, "evidence")] if "evidence" in df.columns else [""] * n
    return [_hover_text(f"<b>{html.escape(str(w))}</b> · {d}", ln, c, e, lang)
            for w, d, ln, c, e in zip(who, days, lines, carried, evidence)]


def _evidence_html(text: object, width: int = 70) -> str:
    """The evidence sentence for a hover label: escaped, wrapped, italic, right to left
    (it is Arabic whatever the UI language)."""
    ev = _esc(text, width)
    return "<br>".join(f"\u202b<i>{line}</i>\u202c" for line in ev.split("<br>")) if ev else ""


def _custom(df: pd.DataFrame) -> np.ndarray:
    """customdata rows [claim_id, article_id, source_id] ('' when unknown)."""
    cols = [df[c].astype("object").fillna("").astype(str).to_numpy(dtype=object) if c in df.columns
            else np.full(len(df), "", dtype=object) for c in ("claim_id", "article_id", "source_id")]
    return np.column_stack(cols) if len(df) else np.empty((0, 3), dtype=object)


def _col(df: pd.DataFrame, name: str) -> list:
    """A column as a list of plain Python values (NaN for a missing number or category)."""
    if name not in df.columns:
        return [None] * len(df)
    return df[name].to_numpy(dtype=object).tolist()


def _floats(df: pd.DataFrame, name: str) -> np.ndarray:
    """A numeric column as float64 (NaN where missing, nullable dtypes included)."""
    if name not in df.columns:
        return np.full(len(df), np.nan)
    return pd.to_numeric(df[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _figure_texts(df: pd.DataFrame, lang: str) -> list[str]:
    """`figure_text` of every row."""
    return [figure_text({"qualifier": q, "value": v, "low": lo, "high": hi}, lang)
            for q, v, lo, hi in zip(_col(df, "qualifier"), _floats(df, "value").tolist(), _floats(df, "low").tolist(),
                                    _floats(df, "high").tolist())]


def _groups(values: pd.Series) -> list[tuple[object, np.ndarray]]:
    """(key, row positions) per distinct value, in `groupby(sort=True, observed=True)` order
    (category order for a categorical); missing values belong to no group."""
    codes, uniques = pd.factorize(values, sort=True)
    return [(uniques[c], pos) for c, pos in _split(codes)]


def _split(codes: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(code, ascending row positions) for each code >= 0 present, in code order."""
    valid = np.flatnonzero(codes >= 0)
    order = valid[np.argsort(codes[valid], kind="stable")]
    if not len(order):
        return []
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    ends = np.r_[starts[1:], len(order)]
    return [(int(sorted_codes[s]), order[s:e]) for s, e in zip(starts, ends)]


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
def _figure(traces: Sequence[dict] = (), layout: Mapping | None = None) -> go.Figure:
    """A Figure from trace dicts (each with its "type") and a layout dict, in one call.

    An explicit small template: otherwise plotly deep-copies its full default
    template into every figure (~10 ms, and ~10 KB of JSON per chart).
    """
    return _Figure(data=list(traces), layout={"template": _TEMPLATE, **(layout or {})}, _validate=False)


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


def _names(df: pd.DataFrame) -> dict[str, str]:
    if "outlet" in df.columns:
        return dict(zip(df["source_id"].astype(str), df["outlet"].astype(str)))
    return {}


def _layout(title: str, lang: str, **kw) -> dict:
    """The layout every chart shares (title, fonts, hover, margins, legend placement), merged with `kw`."""
    rtl = is_rtl(lang)
    out = {
        "title": {"text": title, "x": 0.98 if rtl else 0.02, "xanchor": "right" if rtl else "left"},
        "font": {"family": FONT, "size": 13},
        "hoverlabel": {"align": "right" if rtl else "left", "font": {"family": FONT}},
        "hovermode": "closest",
        "margin": {"l": 60, "r": 30, "t": 60, "b": 120 if rtl else 50},
    }
    if rtl:  # Arabic: a horizontal legend under the plot, reading from the right.
        out["legend"] = {"orientation": "h", "y": -0.28, "x": 1, "xanchor": "right", "yanchor": "top"}
    return _merge(out, kw)


def _date_axis(title: str, lang: str) -> dict:
    # Month names would come out in English whatever the UI language; ISO months read in both.
    return {"title": {"text": title}, "type": "date", **({"tickformat": "%Y-%m"} if is_rtl(lang) else {})}


def _legend_only(name: str, symbol: str, group: str, color: str = "#555") -> dict:
    """A legend entry explaining a marker shape, with no data (meta marks it for tests)."""
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name, "legendgroup": group,
            "marker": {"symbol": symbol, "color": color, "size": 10}, "hoverinfo": "skip", "meta": "legend"}


# ---------------------------------------------------------------------- overview
def articles_timeline(monthly: pd.DataFrame, names: Mapping[str, str], lang: str = "en",
                      colors: Mapping[str, str] | None = None, max_outlets: int = 12) -> go.Figure:
    """Articles per month, stacked by outlet (the busiest `max_outlets`, the rest as "other")."""
    traces = []
    if not monthly.empty:
        totals = monthly.groupby("source_id")["articles"].sum().sort_values(ascending=False)
        top = list(totals.index[:max_outlets])
        df = monthly.copy()
        df["source_id"] = df["source_id"].where(df["source_id"].isin(top), "__other__")
        df = df.groupby(["month", "source_id"], as_index=False)["articles"].sum()
        cmap = _colors(df[df.source_id != "__other__"], colors)
        for sid in [*top, "__other__"]:
            part = df[df["source_id"] == sid]
            if part.empty:
                continue
            name = t("outlet.other", lang) if sid == "__other__" else names.get(sid, sid)
            month = part["month"].to_numpy("datetime64[ns]")
            counts = part["articles"].to_numpy()
            hover = [f"<b>{html.escape(name)}</b> · {m[:7]}<br>{t('hover.articles', lang, n=int(n))}"
                     for m, n in zip(_day_strings(month).tolist(), counts.tolist())]
            # A month-wide bar centred on the month (plotly would stretch sparse bars over years).
            traces.append({"type": "bar", "x": _day_strings(month + np.timedelta64(15, "D")), "y": counts,
                           "name": name, "width": [_MONTH_MS] * len(part), "hovertext": hover, "hoverinfo": "text",
                           "marker": {"color": cmap.get(sid, "#bbbbbb")}, "customdata": [["", "", sid]] * len(part)})
    return _figure(traces, _layout(t("chart.articles_timeline", lang), lang, barmode="stack",
                                   xaxis=_date_axis(t("axis.month", lang), lang),
                                   yaxis={"title": {"text": t("axis.articles", lang)}}))


# ---------------------------------------------------------------------- attacks
def attack_hover(df: pd.DataFrame, lang: str = "en") -> list[str]:
    """Hover text for each row of an attack-periods frame (the same for counts and rates)."""
    kinds = {k: label("kind", str(k), lang) for k in set(_col(df, "kind"))}
    running = t("hover.running", lang)
    cumulative = df["cumulative"].fillna(False).to_numpy(dtype=bool) if "cumulative" in df.columns \
        else np.zeros(len(df), dtype=bool)
    lines = []
    for kind, fig_text, start, end, days, rate, cum in zip(
            _col(df, "kind"), _figure_texts(df, lang), _dates(df["period_start"]), _dates(df["period_end"]),
            _floats(df, "days").tolist(), _floats(df, "rate").tolist(), cumulative.tolist()):
        row = [f"{kinds[kind]}: <b>{fig_text}</b>",
               t("hover.period", lang, start=start, end=end, days=int(days)),
               t("hover.rate", lang, rate=_fmt_num(rate))]
        if cum:
            row.append(running)
        lines.append(row)
    return _hovers(df, lang, _names(df), lines)


def attack_periods_chart(df: pd.DataFrame, lang: str = "en", measure: str = "count",
                         colors: Mapping[str, str] | None = None, hover: Sequence[str] | None = None) -> go.Figure:
    """Each count drawn across the period it covers: a horizontal segment from start to end.

    `measure="count"` puts the segment at the reported figure, `"rate"` at the
    figure per month (so 130 in four months and 150 in a year compare). A
    range ("dozens") is a shaded box from its low to its high value; a running
    count ("the tenth attack since the start of the month") is dashed and named
    as such. Each outlet has a line trace (the segments) and a marker trace at
    the segments' middles that carries the hover text and the claim ids;
    attacks and strikes differ by marker. `hover` (from `attack_hover`) lets
    the counts and the rates chart share one computation.
    """
    traces: list[dict] = []
    ycol, locol, hicol = ("y", "y_lo", "y_hi") if measure == "count" else ("rate", "rate_lo", "rate_hi")
    if not df.empty:
        cmap = _colors(df, colors)
        names = _names(df)
        hover = list(hover) if hover is not None else attack_hover(df, lang)
        # Everything per point is computed once for the whole frame, then sliced per trace.
        running = df["cumulative"].fillna(False).to_numpy(dtype=bool)
        sid_codes, sids = pd.factorize(df["source_id"], sort=True)
        group = np.where(sid_codes >= 0, sid_codes * 2 + running, -1)  # (outlet, count/running) in groupby order
        start = df["period_start"].to_numpy("datetime64[ns]")
        end = df["period_end"].to_numpy("datetime64[ns]")
        start_s, end_s, mid_s = _day_strings(start), _day_strings(end), _day_strings(start + (end - start) / 2)
        y_all = _floats(df, ycol)
        lo_all, hi_all = _floats(df, locol), _floats(df, hicol)
        symbols = [KIND_SYMBOLS.get(str(k), "circle") for k in _col(df, "kind")]
        custom = _custom(df)
        running_word = t("legend.running", lang)
        for code, pos in _split(group):
            sid, style = str(sids[code // 2]), ("running" if code % 2 else "count")
            color = cmap.get(sid, "#555")
            name = names.get(sid, sid) + (f" · {running_word}" if style == "running" else "")
            y, lo, hi = y_all[pos], lo_all[pos], hi_all[pos]
            ranged = ~np.isnan(lo) & ~np.isnan(hi) & (hi > lo)
            if ranged.any():
                bs, be = start_s[pos[ranged]], end_s[pos[ranged]]
                blo, bhi = lo[ranged], hi[ranged]
                traces.append({
                    "type": "scatter", "x": _interleave(bs, be, be, bs, bs, None),
                    "y": _interleave(blo, blo, bhi, bhi, blo, np.nan), "mode": "lines", "fill": "toself",
                    "fillcolor": _alpha(color, 0.15), "line": {"width": 0, "color": color}, "hoverinfo": "skip",
                    "legendgroup": sid + style, "showlegend": False, "name": name + " (range)", "meta": "range"})
            traces.append({
                "type": "scatter", "x": _interleave(start_s[pos], end_s[pos], None), "y": _interleave(y, y, np.nan),
                "mode": "lines+markers", "name": name, "legendgroup": sid + style, "hoverinfo": "skip",
                "meta": "segments",
                "line": {"color": color, "width": 3, "dash": "dash" if style == "running" else "solid"},
                "marker": {"symbol": "line-ns", "size": 10, "line": {"width": 2, "color": color}}})
            traces.append({
                "type": "scatter", "x": mid_s[pos], "y": y, "mode": "markers", "name": name,
                "legendgroup": sid + style, "showlegend": False,
                "marker": {"symbol": [symbols[i] for i in pos.tolist()], "size": 10, "color": color,
                           "line": {"width": 1, "color": "white"}},
                "hovertext": [hover[i] for i in pos.tolist()], "hoverinfo": "text", "customdata": custom[pos]})
        present = set(_col(df, "kind"))
        traces += [_legend_only(label("kind", kind, lang), KIND_SYMBOLS[kind], "kinds")
                   for kind in ("attacks", "strikes") if kind in present]
    title = t("chart.attack_periods" if measure == "count" else "chart.attack_rates", lang)
    return _figure(traces, _layout(title, lang, xaxis=_date_axis(t("axis.period", lang), lang), yaxis={
        "title": {"text": t("axis.count" if measure == "count" else "axis.per_month", lang)}, "rangemode": "tozero"}))


def _day_strings(values: np.ndarray) -> np.ndarray:
    """ISO days as strings (shorter JSON than timestamps; NaT stays "NaT", which plotly skips)."""
    return np.datetime_as_string(np.asarray(values, dtype="datetime64[ns]"), unit="D").astype(object)


def _interleave(*columns) -> np.ndarray:
    """[a0, b0, gap, a1, b1, gap, ...]: several points per item, as one array (None/NaN = a gap)."""
    arrays = [c for c in columns if isinstance(c, np.ndarray)]
    n = len(arrays[0]) if arrays else 0
    numeric = all(a.dtype.kind == "f" for a in arrays)
    out = np.empty(n * len(columns), dtype=float if numeric else object)
    for i, c in enumerate(columns):
        out[i::len(columns)] = c if isinstance(c, np.ndarray) else (np.nan if numeric else None)
    return out


def _alpha(hex_color: str, a: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    return f"rgba({r},{g},{b},{a})"


def incidents_chart(df: pd.DataFrame, lang: str = "en", colors: Mapping[str, str] | None = None) -> go.Figure:
    """Incidents on a timeline: a stem up to the casualties (killed + injured) of each."""
    traces: list[dict] = []
    if not df.empty:
        cmap = _colors(df, colors)
        names = _names(df)
        day = _day_strings(df["day"].to_numpy("datetime64[ns]"))
        casualties = _floats(df, "casualties")
        traces.append({"type": "scatter", "x": _interleave(day, day, None),
                       "y": _interleave(np.zeros(len(df)), casualties, np.nan), "mode": "lines",
                       "line": {"color": "#cccccc", "width": 1}, "hoverinfo": "skip", "showlegend": False,
                       "meta": "stems"})
        event_day = t("hover.event_day", lang)
        killed, injured, arrested = _floats(df, "killed"), _floats(df, "injured"), _floats(df, "arrested")
        lines = [[f"{event_day}: <b>{d}</b>" + (f" · {html.escape(str(place))}" if not _isnan(place) else ""),
                  t("hover.casualties", lang, killed=_fmt_num(k), injured=_fmt_num(i), arrested=_fmt_num(a))]
                 for d, place, k, i, a in zip(_dates(df["day"]), _col(df, "place_ar" if lang == "ar" else "place_en"),
                                              killed.tolist(), injured.tolist(), arrested.tolist())]
        hover = _hovers(df, lang, names, lines)
        custom = _custom(df)
        size_all = np.clip(8 + 2 * np.sqrt(np.nan_to_num(arrested)), 8, 22)
        for sid, pos in _groups(df["source_id"]):
            sid = str(sid)
            traces.append({"type": "scatter", "x": day[pos], "y": casualties[pos], "mode": "markers",
                           "name": names.get(sid, sid),
                           "marker": {"color": cmap.get(sid, "#555"), "size": size_all[pos],
                                      "line": {"width": 1, "color": "white"}},
                           "hovertext": [hover[i] for i in pos.tolist()], "hoverinfo": "text",
                           "customdata": custom[pos]})
    return _figure(traces, _layout(t("chart.incidents", lang), lang, xaxis=_date_axis(t("axis.event_day", lang), lang),
                                   yaxis={"title": {"text": t("axis.casualties", lang)}, "rangemode": "tozero"}))


# ---------------------------------------------------------------------- troops
def troops_chart(df: pd.DataFrame, lang: str = "en", colors: Mapping[str, str] | None = None) -> go.Figure:
    """Troop figures over time by report date: one colour per outlet, one marker per when.

    Ranges are drawn as ranges (error bars from `y_lo` to `y_hi`): "less than
    1000" is a bar from 0 to 1000 with an open marker at 1000, never a point at
    1000. Past/current/planned are circle/square/diamond; a figure carried by
    several outlets is one larger marker (hover names the outlets).
    """
    traces: list[dict] = []
    if not df.empty:
        cmap = _colors(df, colors)
        names = _names(df)
        shift = _dodge(df["published"], df["source_id"].astype(str)).to_numpy("timedelta64[ns]")
        x_all = np.datetime_as_string(df["published"].to_numpy("datetime64[ns]") + shift, unit="s")
        x_all = np.array([s.replace("T", " ") for s in x_all.tolist()], dtype=object)
        y_all = _floats(df, "y")
        lo_all, hi_all = _floats(df, "y_lo"), _floats(df, "y_hi")
        up_all = np.where(np.isnan(hi_all), 0.0, hi_all - y_all)
        down_all = np.where(np.isnan(lo_all), 0.0, y_all - lo_all)
        troops_word = t("hover.troops", lang)
        symbols, lines = [], []
        for q, when, open_up, fig_text in zip(_col(df, "qualifier"), _col(df, "when"), np.isnan(hi_all).tolist(),
                                              _figure_texts(df, lang)):
            q = None if _isnan(q) else str(q)
            base = "triangle-up" if open_up else WHEN_SYMBOLS.get(None if _isnan(when) else str(when), "circle")
            symbols.append(base + ("-open" if q in OPEN_QUALIFIERS else ""))  # "more than X": open upwards
            lines.append([f"{troops_word}: <b>{fig_text}</b>"
                          + (f" ({label('when', when, lang)})" if not _isnan(when) else "")])
        hover = _hovers(df, lang, names, lines)
        custom = _custom(df)
        size_all = np.clip(12 + 3 * (_floats(df, "n_sources") - 1), 12, 24) if "n_sources" in df.columns else None
        for sid, pos in _groups(df["source_id"]):
            sid = str(sid)
            color = cmap.get(sid, "#555")
            idx = pos.tolist()
            traces.append({
                "type": "scatter", "x": x_all[pos], "y": y_all[pos], "mode": "markers", "name": names.get(sid, sid),
                "legendgroup": sid,
                "marker": {"color": color, "symbol": [symbols[i] for i in idx],
                           "size": size_all[pos] if size_all is not None else 12, "line": {"width": 2, "color": color}},
                "error_y": {"type": "data", "symmetric": False, "array": up_all[pos], "arrayminus": down_all[pos],
                            "color": color, "thickness": 2, "width": 6},
                "hovertext": [hover[i] for i in idx], "hoverinfo": "text", "customdata": custom[pos]})
        traces += [_legend_only(label("when", when, lang), sym, "when") for when, sym in WHEN_SYMBOLS.items()]
    return _figure(traces, _layout(t("chart.troops", lang), lang, xaxis=_date_axis(t("axis.published", lang), lang),
                                   yaxis={"title": {"text": t("axis.troops", lang)}, "rangemode": "tozero"}))


def _dodge(dates: pd.Series, groups: pd.Series, slots: int = 60) -> pd.Series:
    """Small horizontal offsets so that outlets reporting on (nearly) the same day sit side by side.

    The axis is cut into `slots` bins (about a marker's width each); in a bin
    shared by k outlets, the outlets' points are spread a bin apart around it,
    in a fixed order. Hover still shows the true publication date.
    """
    d = pd.to_datetime(dates).to_numpy("datetime64[ns]").astype(np.int64)
    valid = d != np.iinfo(np.int64).min
    if valid.sum() < 2:
        return pd.Series(pd.Timedelta(0), index=dates.index)
    lo, hi = d[valid].min(), d[valid].max()
    width = max((hi - lo) // slots, 86_400 * 10**9)
    bins = np.where(valid, (d - lo) // width, -1)
    codes, _ = pd.factorize(groups.to_numpy())
    pair = bins * (codes.max() + 2) + codes  # unique (bin, outlet) pairs, sorted
    uniq, inverse = np.unique(pair, return_inverse=True)
    ubin = uniq // (codes.max() + 2)
    first = np.r_[0, np.flatnonzero(ubin[1:] != ubin[:-1]) + 1]
    count = np.diff(np.r_[first, len(uniq)])
    run = np.repeat(np.arange(len(first)), count)
    rank = np.arange(len(uniq)) - first[run]  # the outlet's place within its bin
    offset = (rank - (count[run] - 1) / 2) * width * 0.9
    shift = np.where(valid, offset[inverse], 0).astype(np.int64)
    return pd.Series(pd.to_timedelta(shift, unit="ns"), index=dates.index)


# ---------------------------------------------------------------------- bases
@lru_cache(maxsize=1)
def _outline() -> dict | None:
    try:
        return json.loads(OUTLINE_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def map_view(lats: Sequence[float], lons: Sequence[float]) -> tuple[dict, float]:
    """Centre and zoom that fit the points (plotly sets neither for us)."""
    lats = [float(x) for x in lats if x is not None and not math.isnan(float(x))]
    lons = [float(x) for x in lons if x is not None and not math.isnan(float(x))]
    if not lats:
        return {"lat": 35.0, "lon": 38.5}, 5.0  # Syria
    lat0, lat1, lon0, lon1 = min(lats), max(lats), min(lons), max(lons)
    centre = {"lat": (lat0 + lat1) / 2, "lon": (lon0 + lon1) / 2}
    # Web-Mercator: a zoom-z world is 256*2^z px wide; fit the span in ~600 px with a margin.
    span = max(lon1 - lon0, (lat1 - lat0) * 1.3, 0.05)
    zoom = math.log2(360 * 600 / (256 * span * 1.6))
    # Never closer than zoom 6: a few neighbouring bases still need the region around them.
    return centre, float(min(max(zoom, 3.0), 6.0))


def bases_map(places: pd.DataFrame, history: pd.DataFrame, lang: str = "en", asof=None,
              basemap: bool = True) -> go.Figure:
    """Bases and places coloured by their latest status as of `asof`, sized by reporting articles.

    Offline the map still shows its points, on a plain background with
    Syria's outline (bundled); with `basemap=True` the browser also loads map
    tiles when it can reach them. Area-level claims (a governorate, "bases in
    Hasakah") are drawn as large pale circles, not as a point on a base.
    `history` (claims per place, with provenance) feeds the hover list.
    """
    traces: list[dict] = []
    by_place: dict[str, list[str]] = {}
    if not history.empty:
        for pid, part in history.groupby("place_id", sort=False):
            part = part.sort_values("day", ascending=False)
            who = _col(part, "outlet") if "outlet" in part.columns else _col(part, "source_id")
            by_place[str(pid)] = [
                f"{d} · {html.escape(str(w))} · {label('status', s, lang)}"
                + (f"<br>{_evidence_html(e, 60)}" if not _isnan(e) else "")
                for d, w, s, e in zip(_dates(part["day"]), who, _col(part, "status"), _col(part, "evidence"))]
    if not places.empty:
        area = places["geo_precision"].isin(["governorate", "district", "country", "region"]).to_numpy()
        for status in [s for s in STATUS_COLORS if s in set(places["status"])] + \
                [s for s in sorted(set(places["status"])) if s not in STATUS_COLORS]:
            for is_area in (False, True):
                part = places[(places["status"] == status).to_numpy() & (area == is_area)]
                if part.empty:
                    continue
                outlets = _col(part, "status_outlet") if "status_outlet" in part.columns else _col(part, "status_source")
                status_word = label("status", status, lang)
                hov = []
                for pid, ar, en, day, outlet, n in zip(_col(part, "place_id"), _col(part, "place_ar"),
                                                       _col(part, "place_en"), _dates(part["status_day"]), outlets,
                                                       _col(part, "n_articles")):
                    name_main, name_other = (ar, en) if lang == "ar" else (en, ar)
                    lines = [f"<b>{html.escape(str(name_main))}</b> ({html.escape(str(name_other))})",
                             t("hover.status_asof", lang, status=status_word, day=day, outlet=html.escape(str(outlet))),
                             t("hover.n_articles", lang, n=int(n))]
                    if is_area:
                        lines.append(t("hover.area_level", lang))
                    lines += by_place.get(str(pid), [])
                    hov.append(_bidi("<br>".join(lines), lang))
                n = _floats(part, "n_articles")
                size = np.clip(10 + 5 * np.sqrt(n - 1), 10, 34) if not is_area else np.clip(34 + 4 * np.sqrt(n), 34, 60)
                name = status_word + (f" ({t('legend.area', lang)})" if is_area else "")
                custom = [[str(c), str(a), str(s)] for c, a, s in zip(
                    _col(part, "claim_id") if "claim_id" in part.columns else [""] * len(part),
                    _col(part, "article_id") if "article_id" in part.columns else [""] * len(part),
                    _col(part, "status_source"))]
                traces.append({
                    "type": "scattermap", "lat": _floats(part, "lat"), "lon": _floats(part, "lon"), "mode": "markers",
                    "name": name, "legendgroup": status,
                    "marker": {"size": size, "color": STATUS_COLORS.get(status, "#444"),
                               "opacity": 0.3 if is_area else 0.9},
                    "hovertext": hov, "hoverinfo": "text", "customdata": custom, "meta": str(status)})
    centre, zoom = map_view(places["lat"] if not places.empty else [], places["lon"] if not places.empty else [])
    layers = []
    outline = _outline()
    if basemap:
        layers.append({"sourcetype": "raster", "source": [TILE_URL], "below": "traces",
                       "sourceattribution": TILE_ATTRIBUTION, "opacity": 0.9})
    if outline:
        layers.append({"sourcetype": "geojson", "source": outline, "type": "line", "color": "#888888",
                       "line": {"width": 1.5}, "below": "traces"})
    title = t("chart.bases", lang) + (f" — {_date(asof)}" if asof is not None else "")
    # "white-bg" needs nothing from the network; the tile layer above is optional decoration.
    return _figure(traces, _layout(title, lang, map={"style": "white-bg", "center": centre, "zoom": zoom,
                                                      "layers": layers},
                                   margin={"l": 0, "r": 0, "t": 50, "b": 0}, height=560))


def without_tiles(fig: go.Figure) -> go.Figure:
    """A copy of a map figure without network tile layers (for server-side rendering)."""
    out = go.Figure(fig)
    if out.layout.map and out.layout.map.layers:
        out.layout.map.layers = [ly for ly in out.layout.map.layers if ly.sourcetype != "raster"]
    return out


def map_as_plain(fig: go.Figure) -> go.Figure:
    """A map figure redrawn as a lon/lat scatter (SVG), for files opened offline.

    A standalone HTML file opened from disk (file://) cannot start the map's
    WebGL workers in Chromium, so the download draws the same points, sizes,
    colours and hover on plain axes with Syria's outline instead.
    """
    traces: list[dict] = []
    outline = _outline()
    lats: list[float] = []
    if outline:
        for feat in outline.get("features", []):
            geom = feat.get("geometry", {})
            rings = geom.get("coordinates", []) if geom.get("type") == "Polygon" else \
                [r for poly in geom.get("coordinates", []) for r in poly]
            for ring in rings:
                traces.append({"type": "scatter", "x": [p[0] for p in ring], "y": [p[1] for p in ring],
                               "mode": "lines", "line": {"color": "#888", "width": 1.5}, "hoverinfo": "skip",
                               "showlegend": False, "meta": "outline"})
                lats += [p[1] for p in ring]
    for tr in fig.data:
        if tr.type != "scattermap":
            continue
        traces.append({"type": "scatter", "x": tr.lon, "y": tr.lat, "mode": "markers", "name": tr.name,
                       "legendgroup": tr.legendgroup,
                       "marker": {"size": tr.marker.size, "color": tr.marker.color, "opacity": tr.marker.opacity},
                       "hovertext": tr.hovertext, "hoverinfo": "text", "customdata": tr.customdata, "meta": tr.meta})
        lats += [float(x) for x in (tr.lat if tr.lat is not None else [])]
    mid_lat = (min(lats) + max(lats)) / 2 if lats else 35.0
    layout = {"font": {"family": FONT}, "hovermode": "closest", "height": 560,
              "xaxis": {"title": {"text": "lon"}, "showgrid": False},
              "yaxis": {"title": {"text": "lat"}, "showgrid": False, "scaleanchor": "x",
                        "scaleratio": 1 / math.cos(math.radians(mid_lat))}}
    if fig.layout.title:
        layout["title"] = fig.layout.title.to_plotly_json()
    return _figure(traces, layout)


# ---------------------------------------------------------------------- outlets
def outlet_heatmap(monthly: pd.DataFrame, names: Mapping[str, str], lang: str = "en", max_outlets: int = 25) -> go.Figure:
    """Articles per month for each outlet (rows: outlets, busiest on top)."""
    traces: list[dict] = []
    n_rows = 0
    if not monthly.empty:
        totals = monthly.groupby("source_id")["articles"].sum().sort_values(ascending=False)
        top = list(totals.index[:max_outlets])
        df = monthly[monthly["source_id"].isin(top)]
        grid = df.groupby(["source_id", "month"])["articles"].sum().unstack(fill_value=0)
        # Every month in the span, so that silence shows as a gap.
        months = pd.date_range(grid.columns.min(), grid.columns.max(), freq="MS")
        grid = grid.reindex(index=top[::-1], columns=months, fill_value=0)
        ynames = [names.get(s, s) for s in grid.index]
        n_rows = len(ynames)
        # One template for every cell (outlet, month, count) instead of a string per cell.
        template = _bidi(f"<b>%{{y}}</b> · %{{x|%Y-%m}}<br>{t('hover.articles', lang, n='%{z}')}", lang) + "<extra></extra>"
        traces.append({"type": "heatmap", "z": grid.to_numpy(), "x": _day_strings(grid.columns.to_numpy()),
                       "y": ynames, "colorscale": "Blues", "hovertemplate": template,
                       "customdata": np.repeat(np.asarray(grid.index, dtype=object)[:, None], grid.shape[1], axis=1),
                       "colorbar": {"title": {"text": t("axis.articles", lang)}}})
    return _figure(traces, _layout(t("chart.outlet_heatmap", lang), lang,
                                   xaxis=_date_axis(t("axis.month", lang), lang),
                                   height=max(320, 60 + 26 * n_rows if traces else 320)))


def outlet_figures_chart(df: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Which figures each outlet reported: one row per outlet, a marker per figure, by kind."""
    traces: list[dict] = []
    if not df.empty:
        names = _names(df)
        kinds = {k: label("kind", str(k), lang) for k in set(_col(df, "kind"))}
        lines = [[f"{kinds[k]}: <b>{f}</b>", html.escape(str(qn))]
                 for k, f, qn in zip(_col(df, "kind"), _figure_texts(df, lang), _col(df, "quantity"))]
        hover = _hovers(df, lang, names, lines)
        custom = _custom(df)
        x_all = _day_strings(df["published"].to_numpy("datetime64[ns]"))
        y_all = np.asarray(_col(df, "outlet"), dtype=object)
        for kind, pos in _groups(df["kind"]):
            kind = str(kind)
            traces.append({"type": "scatter", "x": x_all[pos], "y": y_all[pos], "mode": "markers",
                           "name": label("kind", kind, lang),
                           "marker": {"symbol": KIND_SYMBOLS.get(kind, "circle"), "size": 10, "opacity": 0.8},
                           "hovertext": [hover[i] for i in pos.tolist()], "hoverinfo": "text",
                           "customdata": custom[pos]})
    n_outlets = df["outlet"].nunique() if not df.empty else 0
    return _figure(traces, _layout(t("chart.outlet_figures", lang), lang,
                                   xaxis=_date_axis(t("axis.published", lang), lang),
                                   yaxis={"title": {"text": ""}, "type": "category"},
                                   height=max(320, 80 + 28 * n_outlets)))


def quantity_title(row: Mapping, lang: str = "en") -> str:
    """What a quantity measures, in words: "troops (US) · planned · reported 2025-05"."""
    month = "?" if _isnan(row.get("published")) or pd.isna(row.get("published")) \
        else pd.Timestamp(row["published"]).strftime("%Y-%m")
    kind = str(row.get("kind"))
    actor = row.get("actor")
    who = f" ({actor})" if not _isnan(actor) else ""
    if kind == "troops":
        parts = [label("kind", kind, lang) + who, label("when", row.get("when"), lang),
                 t("q.reported", lang, month=month)]
    elif kind in ("attacks", "strikes"):
        parts = [label("kind", kind, lang) + who, f"{_date(row.get('period_start'))} → {_date(row.get('period_end'))}"]
    else:
        parts = [label("kind", kind, lang), label("status", row.get("status"), lang),
                 t("q.reported", lang, month=month)]
    return " · ".join(p for p in parts if p)


def disagreement_chart(df: pd.DataFrame, lang: str = "en", colors: Mapping[str, str] | None = None,
                       max_rows: int = 10) -> go.Figure:
    """Outlets' figures for the same quantity side by side, one small panel per quantity.

    Each panel has its own value axis (troops in thousands, bases in units)
    and one line per outlet; each figure is a marker in the outlet's colour
    with its range as a bar ("less than 1,000" runs from 0). Panels of
    conflicting quantities come first and are titled with ≠; agreeing ones with =.
    """
    quantities = list(dict.fromkeys(df["quantity"]))[:max_rows] if not df.empty else []
    if not quantities:
        return _figure((), _layout(t("chart.disagreements", lang), lang))
    cmap = _colors(df, colors)
    names = _names(df)
    df = df[df["quantity"].isin(quantities)]
    # Hover, symbols and claim ids for every row at once; each panel takes its rows.
    agree, disagree = t("hover.agree", lang), t("hover.disagree", lang)
    hover = np.asarray(_hovers(df, lang, names, [[f"<b>{f}</b>", disagree if d else agree] for f, d in zip(
        _figure_texts(df, lang), df["disagree"].to_numpy(dtype=bool).tolist())]), dtype=object)
    symbols = np.asarray(["circle-open" if q in OPEN_QUALIFIERS else "circle" for q in _col(df, "qualifier")],
                         dtype=object)
    custom = _custom(df)
    sids_all = df["source_id"].astype(str).to_numpy()
    y_all, lo_all, hi_all = _floats(df, "y"), _floats(df, "y_lo"), _floats(df, "y_hi")
    qcol = df["quantity"].to_numpy(dtype=object)
    parts = [np.flatnonzero(qcol == qn) for qn in quantities]
    heights = [60 + 26 * len(set(sids_all[p].tolist())) for p in parts]
    gap = 60  # px between panels: room for the axis ticks above and the next title
    rtl = is_rtl(lang)
    margin_t, margin_b = 90, (120 if rtl else 50)
    plot_h = sum(heights) + gap * (len(parts) - 1)
    layout: dict = {}
    annotations = []
    traces = []
    top = 1.0
    for i, (pos, h) in enumerate(zip(parts, heights), start=1):
        lo_dom = max(top - h / plot_h, 0.0)
        ax = "" if i == 1 else str(i)
        layout[f"xaxis{ax}"] = {"domain": [0, 1], "anchor": f"y{ax}", "rangemode": "tozero",
                                **({"title": {"text": t("axis.figure", lang)}} if i == len(parts) else {})}
        layout[f"yaxis{ax}"] = {"domain": [lo_dom, top], "anchor": f"x{ax}", "type": "category", "automargin": True}
        first = _records(df.iloc[pos[:1]])[0]
        title = ("≠ " if bool(first["disagree"]) else "= ") + html.escape(quantity_title(first, lang))
        annotations.append({"text": _bidi(title, lang), "xref": "paper", "yref": "paper", "x": 1 if rtl else 0,
                            "xanchor": "right" if rtl else "left", "y": top, "yanchor": "bottom",
                            "showarrow": False, "font": {"size": 13}})
        y, lo, hi = y_all[pos], lo_all[pos], hi_all[pos]
        sids = sids_all[pos].tolist()
        outlet_colors_ = [cmap.get(s, "#555") for s in sids]
        traces.append({
            "type": "scatter", "x": y, "y": [names.get(s, s) for s in sids], "xaxis": f"x{ax}", "yaxis": f"y{ax}",
            "mode": "markers", "showlegend": False, "name": quantities[i - 1],
            "marker": {"color": outlet_colors_, "size": 12, "symbol": symbols[pos].tolist(),
                       "line": {"width": 2, "color": outlet_colors_}},
            "error_x": {"type": "data", "symmetric": False, "array": np.where(np.isnan(hi), 0, hi - y),
                        "arrayminus": np.where(np.isnan(lo), 0, y - lo), "color": "#888", "thickness": 2},
            "hovertext": hover[pos].tolist(), "hoverinfo": "text", "customdata": custom[pos]})
        top = lo_dom - gap / plot_h
    return _figure(traces, _layout(t("chart.disagreements", lang), lang, height=plot_h + margin_t + margin_b,
                                   margin={"t": margin_t, "b": margin_b}, annotations=annotations, showlegend=False,
                                   **layout))


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python/NumPy values, for the few rows a chart handles one by one.

    `DataFrame.to_dict("records")` and `iterrows` go through pandas indexing
    per cell for categorical and extension columns (~0.1 ms a row).
    """
    cols = list(df.columns)
    values = [df[c].to_numpy(dtype=object) for c in cols]
    return [dict(zip(cols, row)) for row in zip(*values)]
