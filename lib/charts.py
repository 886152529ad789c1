"""One function per chart: a DataFrame in, a plotly Figure out.

The frames come from `lib.queries` with provenance added by
`Corpus.provenance()` (columns `outlet`, `published`, `evidence`,
`claim_id`, `article_id`, `source_id`, and `sources`/`n_sources` for stories).
Every drawn point carries:
- hover text with the outlet, the publication date and the evidence sentence
  (escaped: plotly renders a subset of HTML in hover labels, and an article
  must not be able to restyle or break them);
- `customdata` = [claim_id, article_id, source_id], so tests and click-through
  can tell exactly which claims a chart holds.

Arabic goes to plotly as it is (logical order, unshaped): the browser and
kaleido shape it. Reshaping it here would garble it.
"""
from __future__ import annotations

import html
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.i18n import is_rtl, label, t

__all__ = [
    "outlet_colors", "articles_timeline", "attack_periods_chart", "incidents_chart", "troops_chart",
    "bases_map", "outlet_heatmap", "outlet_figures_chart", "disagreement_chart", "figure_text",
    "STATUS_COLORS", "WHEN_SYMBOLS", "map_view", "attack_hover", "quantity_title", "without_tiles", "map_as_plain",
]

OUTLINE_PATH = Path(__file__).resolve().parent.parent / "data" / "reference" / "syria_outline.geojson"
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


def _hover(row: Mapping, lang: str, names: Mapping[str, str], lines: Sequence[str]) -> str:
    head = f"<b>{html.escape(str(row.get('outlet', row.get('source_id', ''))))}</b> · {_date(row.get('published'))}"
    parts = [head, *[ln for ln in lines if ln]]
    src = _sources_line(row, names, lang)
    if src:
        parts.append(src)
    ev = _evidence_html(row.get("evidence"))
    if ev:
        parts.append(ev)
    return _bidi("<br>".join(parts), lang)


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


# Figures are built without plotly's per-property validation (about half of the
# build time for a chart of hundreds of points); the unit tests check the traces.
def _figure() -> go.Figure:
    # An explicit small template: otherwise plotly deep-copies its full default
    # template into every figure (~10 ms, and ~10 KB of JSON per chart).
    return go.Figure(layout={"template": _TEMPLATE}, _validate=False)


_GRID = {"gridcolor": "#e5ecf6", "zerolinecolor": "#c8d4e3", "linecolor": "#c8d4e3", "automargin": True}
_TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white", "colorway": PALETTE,
    "xaxis": _GRID, "yaxis": _GRID, "hoverlabel": {"namelength": -1},
})


def _trace(cls, **props):
    return cls(_validate=False, **props)


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python/NumPy values.

    `DataFrame.to_dict("records")` and `iterrows` go through pandas indexing
    per cell for categorical and extension columns (~0.1 ms a row); a chart of
    a thousand points would spend most of its time there.
    """
    cols = list(df.columns)
    values = [df[c].to_numpy(dtype=object) for c in cols]
    return [dict(zip(cols, row)) for row in zip(*values)]


def _names(df: pd.DataFrame) -> dict[str, str]:
    if "outlet" in df.columns:
        return dict(zip(df["source_id"].astype(str), df["outlet"].astype(str)))
    return {}


def _layout(fig: go.Figure, title: str, lang: str, **kw) -> go.Figure:
    rtl = is_rtl(lang)
    fig.update_layout(
        title={"text": title, "x": 0.98 if rtl else 0.02, "xanchor": "right" if rtl else "left"},
        font={"family": FONT, "size": 13},
        hoverlabel={"align": "right" if rtl else "left", "font": {"family": FONT}},
        hovermode="closest",
        margin={"l": 60, "r": 30, "t": 60, "b": 120 if rtl else 50},
        # Arabic: a horizontal legend under the plot, reading from the right.
        legend={"orientation": "h", "y": -0.28, "x": 1, "xanchor": "right", "yanchor": "top"} if rtl else {},
        **kw,
    )
    return fig


def _date_axis(fig: go.Figure, title: str, lang: str) -> None:
    # Month names would come out in English whatever the UI language; ISO months read in both.
    fig.update_xaxes(title=title, type="date", tickformat="%Y-%m" if is_rtl(lang) else None)


def _legend_only(fig: go.Figure, name: str, symbol: str, group: str, color: str = "#555") -> None:
    """A legend entry explaining a marker shape, with no data (meta marks it for tests)."""
    fig.add_trace(_trace(go.Scatter, x=[None], y=[None], mode="markers", name=name, legendgroup=group,
                             marker={"symbol": symbol, "color": color, "size": 10}, hoverinfo="skip",
                             meta="legend"))


# ---------------------------------------------------------------------- overview
def articles_timeline(monthly: pd.DataFrame, names: Mapping[str, str], lang: str = "en",
                      colors: Mapping[str, str] | None = None, max_outlets: int = 12) -> go.Figure:
    """Articles per month, stacked by outlet (the busiest `max_outlets`, the rest as "other")."""
    fig = _figure()
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
            hover = [f"<b>{html.escape(name)}</b> · {pd.Timestamp(m).strftime('%Y-%m')}<br>"
                     f"{t('hover.articles', lang, n=int(n))}" for m, n in zip(part["month"], part["articles"])]
            # A month-wide bar centred on the month (plotly would stretch sparse bars over years).
            fig.add_trace(_trace(go.Bar, x=part["month"] + pd.Timedelta(days=15), y=part["articles"], name=name,
                                 width=[_MONTH_MS] * len(part), hovertext=hover, hoverinfo="text",
                                 marker_color=cmap.get(sid, "#bbbbbb"), customdata=[["", "", sid]] * len(part)))
    _layout(fig, t("chart.articles_timeline", lang), lang, barmode="stack")
    _date_axis(fig, t("axis.month", lang), lang)
    fig.update_yaxes(title=t("axis.articles", lang))
    return fig


# ---------------------------------------------------------------------- attacks
def attack_hover(df: pd.DataFrame, lang: str = "en") -> list[str]:
    """Hover text for each row of an attack-periods frame (the same for counts and rates)."""
    names = _names(df)
    out = []
    for r in _records(df):
        lines = [
            f"{label('kind', str(r['kind']), lang)}: <b>{figure_text(r, lang)}</b>",
            t("hover.period", lang, start=_date(r["period_start"]), end=_date(r["period_end"]), days=int(r["days"])),
            t("hover.rate", lang, rate=_fmt_num(r["rate"])),
        ]
        if bool(r.get("cumulative")):
            lines.append(t("hover.running", lang))
        out.append(_hover(r, lang, names, lines))
    return out


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
    fig = _figure()
    ycol, locol, hicol = ("y", "y_lo", "y_hi") if measure == "count" else ("rate", "rate_lo", "rate_hi")
    if not df.empty:
        cmap = _colors(df, colors)
        names = _names(df)
        hover = list(hover) if hover is not None else attack_hover(df, lang)
        df = df.assign(_style=np.where(df["cumulative"].to_numpy(dtype=bool), "running", "count"), _hover=hover)
        for (sid, style), part in df.groupby(["source_id", "_style"], observed=True, sort=True):
            sid = str(sid)
            color = cmap.get(sid, "#555")
            name = names.get(sid, sid) + (f" · {t('legend.running', lang)}" if style == "running" else "")
            start = part["period_start"].to_numpy("datetime64[ns]")
            end = part["period_end"].to_numpy("datetime64[ns]")
            y = part[ycol].to_numpy(dtype=float)
            lo, hi = part[locol].to_numpy(dtype=float), part[hicol].to_numpy(dtype=float)
            ranged = ~np.isnan(lo) & ~np.isnan(hi) & (hi > lo)
            if ranged.any():
                bs, be = _day_strings(start[ranged]), _day_strings(end[ranged])
                blo, bhi = lo[ranged], hi[ranged]
                fig.add_trace(_trace(go.Scatter, 
                    x=_interleave(bs, be, be, bs, bs, None), y=_interleave(blo, blo, bhi, bhi, blo, np.nan),
                    mode="lines", fill="toself", fillcolor=_alpha(color, 0.15), line={"width": 0, "color": color},
                    hoverinfo="skip", legendgroup=sid + style, showlegend=False, name=name + " (range)", meta="range"))
            fig.add_trace(_trace(go.Scatter, 
                x=_interleave(_day_strings(start), _day_strings(end), None), y=_interleave(y, y, np.nan),
                mode="lines+markers", name=name, legendgroup=sid + style, hoverinfo="skip", meta="segments",
                line={"color": color, "width": 3, "dash": "dash" if style == "running" else "solid"},
                marker={"symbol": "line-ns", "size": 10, "line": {"width": 2, "color": color}}))
            hov = part["_hover"].tolist()
            mid = start + (end - start) / 2
            fig.add_trace(_trace(go.Scatter, 
                x=_day_strings(mid), y=y, mode="markers", name=name, legendgroup=sid + style, showlegend=False,
                marker={"symbol": [KIND_SYMBOLS.get(str(k), "circle") for k in part["kind"]], "size": 10,
                        "color": color, "line": {"width": 1, "color": "white"}},
                hovertext=hov, hoverinfo="text", customdata=_custom(part)))
        for kind in [k for k in ("attacks", "strikes") if k in set(df["kind"].astype(str))]:
            _legend_only(fig, label("kind", kind, lang), KIND_SYMBOLS[kind], "kinds")
    title = t("chart.attack_periods" if measure == "count" else "chart.attack_rates", lang)
    _layout(fig, title, lang)
    _date_axis(fig, t("axis.period", lang), lang)
    fig.update_yaxes(title=t("axis.count" if measure == "count" else "axis.per_month", lang), rangemode="tozero")
    return fig


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
    fig = _figure()
    if not df.empty:
        cmap = _colors(df, colors)
        names = _names(df)
        sx, sy = [], []
        for d, c in zip(df["day"], df["casualties"]):
            sx += [d, d, None]
            sy += [0, c, None]
        fig.add_trace(_trace(go.Scatter, x=sx, y=sy, mode="lines", line={"color": "#cccccc", "width": 1},
                                 hoverinfo="skip", showlegend=False, meta="stems"))
        for sid, part in df.groupby("source_id", observed=True, sort=True):
            sid = str(sid)
            hov = []
            for r in _records(part):
                place = r.get("place_ar") if lang == "ar" else r.get("place_en")
                lines = [
                    f"{t('hover.event_day', lang)}: <b>{_date(r['day'])}</b>"
                    + (f" · {html.escape(str(place))}" if not _isnan(place) else ""),
                    t("hover.casualties", lang, killed=_fmt_num(r["killed"]), injured=_fmt_num(r["injured"]),
                      arrested=_fmt_num(r["arrested"])),
                ]
                hov.append(_hover(r, lang, names, lines))
            size = np.clip(8 + 2 * np.sqrt(part["arrested"].fillna(0).to_numpy(dtype=float)), 8, 22)
            fig.add_trace(_trace(go.Scatter, x=part["day"], y=part["casualties"], mode="markers", name=names.get(sid, sid),
                                     marker={"color": cmap.get(sid, "#555"), "size": size,
                                             "line": {"width": 1, "color": "white"}},
                                     hovertext=hov, hoverinfo="text", customdata=_custom(part)))
    _layout(fig, t("chart.incidents", lang), lang)
    _date_axis(fig, t("axis.event_day", lang), lang)
    fig.update_yaxes(title=t("axis.casualties", lang), rangemode="tozero")
    return fig


# ---------------------------------------------------------------------- troops
def troops_chart(df: pd.DataFrame, lang: str = "en", colors: Mapping[str, str] | None = None) -> go.Figure:
    """Troop figures over time by report date: one colour per outlet, one marker per when.

    Ranges are drawn as ranges (error bars from `y_lo` to `y_hi`): "less than
    1000" is a bar from 0 to 1000 with an open marker at 1000, never a point at
    1000. Past/current/planned are circle/square/diamond; a figure carried by
    several outlets is one larger marker (hover names the outlets).
    """
    fig = _figure()
    if not df.empty:
        cmap = _colors(df, colors)
        names = _names(df)
        x_shift = _dodge(df["published"], df["source_id"].astype(str))
        for sid, part in df.groupby("source_id", observed=True, sort=True):
            sid = str(sid)
            y = part["y"].to_numpy(dtype=float)
            lo = part["y_lo"].to_numpy(dtype=float)
            hi = part["y_hi"].to_numpy(dtype=float)
            up = np.where(np.isnan(hi), 0.0, hi - y)
            down = np.where(np.isnan(lo), 0.0, y - lo)
            symbols = []
            hov = []
            for r, open_up in zip(_records(part), np.isnan(hi)):
                q = None if _isnan(r.get("qualifier")) else str(r["qualifier"])
                base = WHEN_SYMBOLS.get(None if _isnan(r.get("when")) else str(r["when"]), "circle")
                if open_up:
                    base = "triangle-up"  # "more than X": open upwards
                symbols.append(base + ("-open" if q in OPEN_QUALIFIERS else ""))
                lines = [f"{t('hover.troops', lang)}: <b>{figure_text(r, lang)}</b>"
                         + (f" ({label('when', r['when'], lang)})" if not _isnan(r.get("when")) else "")]
                hov.append(_hover(r, lang, names, lines))
            size = np.clip(12 + 3 * (part["n_sources"].to_numpy(dtype=float) - 1), 12, 24) if "n_sources" in part else 12
            color = cmap.get(sid, "#555")
            fig.add_trace(_trace(go.Scatter, 
                x=part["published"] + x_shift.loc[part.index], y=y, mode="markers", name=names.get(sid, sid),
                legendgroup=sid,
                marker={"color": color, "symbol": symbols, "size": size, "line": {"width": 2, "color": color}},
                error_y={"type": "data", "symmetric": False, "array": up, "arrayminus": down,
                         "color": cmap.get(sid, "#555"), "thickness": 2, "width": 6},
                hovertext=hov, hoverinfo="text", customdata=_custom(part)))
        for when, sym in WHEN_SYMBOLS.items():
            _legend_only(fig, label("when", when, lang), sym, "when")
    _layout(fig, t("chart.troops", lang), lang)
    _date_axis(fig, t("axis.published", lang), lang)
    fig.update_yaxes(title=t("axis.troops", lang), rangemode="tozero")
    return fig


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
    fig = _figure()
    by_place: dict[str, list[str]] = {}
    if not history.empty:
        for pid, part in history.groupby("place_id", sort=False):
            by_place[str(pid)] = [
                f"{_date(r['day'])} · {html.escape(str(r.get('outlet', r['source_id'])))} · "
                f"{label('status', r['status'], lang)}"
                + (f"<br>{_evidence_html(r.get('evidence'), 60)}" if not _isnan(r.get("evidence")) else "")
                for r in _records(part.sort_values("day", ascending=False))]
    if not places.empty:
        area = places["geo_precision"].isin(["governorate", "district", "country", "region"]).to_numpy()
        for status in [s for s in STATUS_COLORS if s in set(places["status"])] + \
                [s for s in sorted(set(places["status"])) if s not in STATUS_COLORS]:
            for is_area in (False, True):
                part = places[(places["status"] == status).to_numpy() & (area == is_area)]
                if part.empty:
                    continue
                hov = []
                for r in _records(part):
                    name_main = r["place_ar"] if lang == "ar" else r["place_en"]
                    name_other = r["place_en"] if lang == "ar" else r["place_ar"]
                    head = f"<b>{html.escape(str(name_main))}</b> ({html.escape(str(name_other))})"
                    lines = [head,
                             t("hover.status_asof", lang, status=label("status", status, lang),
                               day=_date(r["status_day"]), outlet=html.escape(str(r.get("status_outlet", r["status_source"])))),
                             t("hover.n_articles", lang, n=int(r["n_articles"]))]
                    if is_area:
                        lines.append(t("hover.area_level", lang))
                    lines += by_place.get(str(r["place_id"]), [])
                    hov.append(_bidi("<br>".join(lines), lang))
                n = part["n_articles"].to_numpy(dtype=float)
                size = np.clip(10 + 5 * np.sqrt(n - 1), 10, 34) if not is_area else np.clip(34 + 4 * np.sqrt(n), 34, 60)
                name = label("status", status, lang) + (f" ({t('legend.area', lang)})" if is_area else "")
                custom = [[str(r.get("claim_id", "")), str(r.get("article_id", "")), str(r["status_source"])]
                          for r in _records(part)]
                fig.add_trace(_trace(go.Scattermap, 
                    lat=part["lat"], lon=part["lon"], mode="markers", name=name, legendgroup=status,
                    marker={"size": size, "color": STATUS_COLORS.get(status, "#444"), "opacity": 0.3 if is_area else 0.9},
                    hovertext=hov, hoverinfo="text", customdata=custom, meta=str(status)))
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
    _layout(fig, title, lang)
    # "white-bg" needs nothing from the network; the tile layer above is optional decoration.
    fig.update_layout(map={"style": "white-bg", "center": centre, "zoom": zoom, "layers": layers},
                      margin={"l": 0, "r": 0, "t": 50, "b": 0}, height=560)
    return fig


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
    out = _figure()
    outline = _outline()
    lats: list[float] = []
    if outline:
        for feat in outline.get("features", []):
            geom = feat.get("geometry", {})
            rings = geom.get("coordinates", []) if geom.get("type") == "Polygon" else \
                [r for poly in geom.get("coordinates", []) for r in poly]
            for ring in rings:
                out.add_trace(_trace(go.Scatter, x=[p[0] for p in ring], y=[p[1] for p in ring], mode="lines",
                                         line={"color": "#888", "width": 1.5}, hoverinfo="skip",
                                         showlegend=False, meta="outline"))
                lats += [p[1] for p in ring]
    for tr in fig.data:
        if tr.type != "scattermap":
            continue
        out.add_trace(_trace(go.Scatter, x=tr.lon, y=tr.lat, mode="markers", name=tr.name, legendgroup=tr.legendgroup,
                                 marker={"size": tr.marker.size, "color": tr.marker.color, "opacity": tr.marker.opacity},
                                 hovertext=tr.hovertext, hoverinfo="text", customdata=tr.customdata, meta=tr.meta))
        lats += [float(x) for x in (tr.lat if tr.lat is not None else [])]
    out.update_layout(title=fig.layout.title)
    mid_lat = (min(lats) + max(lats)) / 2 if lats else 35.0
    out.update_layout(template=_TEMPLATE, font={"family": FONT}, hovermode="closest",
                      xaxis={"title": "lon", "showgrid": False},
                      yaxis={"title": "lat", "showgrid": False, "scaleanchor": "x",
                             "scaleratio": 1 / math.cos(math.radians(mid_lat))},
                      height=560)
    return out


# ---------------------------------------------------------------------- outlets
def outlet_heatmap(monthly: pd.DataFrame, names: Mapping[str, str], lang: str = "en", max_outlets: int = 25) -> go.Figure:
    """Articles per month for each outlet (rows: outlets, busiest on top)."""
    fig = _figure()
    if not monthly.empty:
        totals = monthly.groupby("source_id")["articles"].sum().sort_values(ascending=False)
        top = list(totals.index[:max_outlets])
        df = monthly[monthly["source_id"].isin(top)]
        grid = df.groupby(["source_id", "month"])["articles"].sum().unstack(fill_value=0)
        # Every month in the span, so that silence shows as a gap.
        months = pd.date_range(grid.columns.min(), grid.columns.max(), freq="MS")
        grid = grid.reindex(index=top[::-1], columns=months, fill_value=0)
        ynames = [names.get(s, s) for s in grid.index]
        # One template for every cell (outlet, month, count) instead of a string per cell.
        template = _bidi(f"<b>%{{y}}</b> · %{{x|%Y-%m}}<br>{t('hover.articles', lang, n='%{z}')}", lang) + "<extra></extra>"
        fig.add_trace(_trace(go.Heatmap, z=grid.to_numpy(), x=_day_strings(grid.columns.to_numpy()), y=ynames,
                             colorscale="Blues", hovertemplate=template,
                             customdata=np.repeat(np.asarray(grid.index, dtype=object)[:, None], grid.shape[1], axis=1),
                             colorbar={"title": t("axis.articles", lang)}))
    _layout(fig, t("chart.outlet_heatmap", lang), lang)
    _date_axis(fig, t("axis.month", lang), lang)
    fig.update_layout(height=max(320, 60 + 26 * len(fig.data[0].y) if fig.data else 320))
    return fig


def outlet_figures_chart(df: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Which figures each outlet reported: one row per outlet, a marker per figure, by kind."""
    fig = _figure()
    if not df.empty:
        names = _names(df)
        for kind, part in df.groupby("kind", observed=True, sort=True):
            kind = str(kind)
            hov = [_hover(r, lang, names, [f"{label('kind', kind, lang)}: <b>{figure_text(r, lang)}</b>",
                                           html.escape(str(r["quantity"]))]) for r in _records(part)]
            fig.add_trace(_trace(go.Scatter, x=part["published"], y=part["outlet"], mode="markers", name=label("kind", kind, lang),
                                     marker={"symbol": KIND_SYMBOLS.get(kind, "circle"), "size": 10, "opacity": 0.8},
                                     hovertext=hov, hoverinfo="text", customdata=_custom(part)))
    _layout(fig, t("chart.outlet_figures", lang), lang)
    _date_axis(fig, t("axis.published", lang), lang)
    fig.update_yaxes(title="", type="category")
    n_outlets = df["outlet"].nunique() if not df.empty else 0
    fig.update_layout(height=max(320, 80 + 28 * n_outlets))
    return fig


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
    fig = _figure()
    quantities = list(dict.fromkeys(df["quantity"]))[:max_rows] if not df.empty else []
    if not quantities:
        _layout(fig, t("chart.disagreements", lang), lang)
        return fig
    cmap = _colors(df, colors)
    names = _names(df)
    parts = [df[df["quantity"] == qn] for qn in quantities]
    heights = [60 + 26 * p["source_id"].nunique() for p in parts]
    gap = 60  # px between panels: room for the axis ticks above and the next title
    rtl = is_rtl(lang)
    margin_t, margin_b = 90, (120 if rtl else 50)
    plot_h = sum(heights) + gap * (len(parts) - 1)
    layout: dict = {}
    annotations = []
    top = 1.0
    for i, (part, h) in enumerate(zip(parts, heights), start=1):
        lo_dom = max(top - h / plot_h, 0.0)
        ax = "" if i == 1 else str(i)
        layout[f"xaxis{ax}"] = {"domain": [0, 1], "anchor": f"y{ax}", "rangemode": "tozero",
                                "title": {"text": t("axis.figure", lang)} if i == len(parts) else None}
        layout[f"yaxis{ax}"] = {"domain": [lo_dom, top], "anchor": f"x{ax}", "type": "category", "automargin": True}
        title = ("≠ " if bool(part["disagree"].iloc[0]) else "= ") + html.escape(quantity_title(_records(part.head(1))[0], lang))
        annotations.append({"text": _bidi(title, lang), "xref": "paper", "yref": "paper", "x": 1 if rtl else 0,
                            "xanchor": "right" if rtl else "left", "y": top, "yanchor": "bottom",
                            "showarrow": False, "font": {"size": 13}})
        recs = _records(part)
        y = part["y"].to_numpy(dtype=float)
        lo = part["y_lo"].to_numpy(dtype=float)
        hi = part["y_hi"].to_numpy(dtype=float)
        sids = part["source_id"].astype(str).to_numpy()
        hov = [_hover(r, lang, names, [f"<b>{figure_text(r, lang)}</b>",
                                       t("hover.disagree" if r["disagree"] else "hover.agree", lang)]) for r in recs]
        fig.add_trace(_trace(
            go.Scatter, x=y, y=[names.get(s, s) for s in sids], xaxis=f"x{ax}", yaxis=f"y{ax}", mode="markers",
            showlegend=False, name=quantities[i - 1],
            marker={"color": [cmap.get(s, "#555") for s in sids], "size": 12,
                    "symbol": ["circle-open" if q in OPEN_QUALIFIERS else "circle" for q in part["qualifier"].astype("object")],
                    "line": {"width": 2, "color": [cmap.get(s, "#555") for s in sids]}},
            error_x={"type": "data", "symmetric": False, "array": np.where(np.isnan(hi), 0, hi - y),
                     "arrayminus": np.where(np.isnan(lo), 0, y - lo), "color": "#888", "thickness": 2},
            hovertext=hov, hoverinfo="text", customdata=_custom(part)))
        top = lo_dom - gap / plot_h
    _layout(fig, t("chart.disagreements", lang), lang)
    fig.update_layout(height=plot_h + margin_t + margin_b, margin={"t": margin_t, "b": margin_b},
                      annotations=annotations, showlegend=False, **layout)
    return fig
