"""Attack and strike counts over the periods they cover, as counts and per month, and the prose about them."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib import settings
from lib.dashboard.charts.axes import count_axis, date_axis, date_span
from lib.dashboard.charts.hover import (as_floats, as_list, custom_data, day_strings, figure_text, figure_texts,
                                        fmt_rate, hovers, iso_date, iso_dates, names_of, plain, split_codes)
from lib.dashboard.charts.layout import KIND_SYMBOLS, base_layout, colors_for, error_bars, legend_only, make_figure
from lib.dashboard.charts.timelines import interleave
from lib.dashboard.i18n import counted, is_rtl, label, t
from lib.dashboard.i18n import date_span as span_words
from lib.dashboard.queries import latest_count

__all__ = ["attack_hover", "attack_periods_chart", "rate_text", "rates_caption", "PANEL_KINDS"]

PANEL_KINDS = ("attacks", "strikes")  # one panel each, in this order (others after them): never one shared axis


def rate_text(row: Mapping, lang: str = "en") -> str:
    """A row's rate per month in words ("33.0", or "2.0–8.1" for a range); "" when it has none."""
    rate, lo, hi = (row.get(c) for c in ("rate", "rate_lo", "rate_hi"))
    finite = [v is not None and np.isfinite(float(v)) for v in (rate, lo, hi)]
    if str(row.get("qualifier")) in ("vague", "range") and finite[1] and finite[2] and float(hi) > float(lo):
        return t("fig.range", lang, low=fmt_rate(lo), high=fmt_rate(hi))
    return fmt_rate(rate) if finite[0] else ""


def attack_hover(df: pd.DataFrame, lang: str = "en") -> list[str]:
    """Hover text for each row of an attack-periods frame (the same for counts and rates)."""
    kinds = {k: label("kind", str(k), lang) for k in set(as_list(df, "kind"))}
    running = t("hover.running", lang)
    short = t("charts.hover.no_rate", lang, days=counted(settings.ATTACK_RATE_MIN_DAYS, "day", lang))
    cumulative = df["cumulative"].fillna(False).to_numpy(dtype=bool) if "cumulative" in df.columns \
        else np.zeros(len(df), dtype=bool)
    lines = []
    for kind, fig_text, start, end, days, rate, lo, hi, q, cum in zip(
            as_list(df, "kind"), figure_texts(df, lang), iso_dates(df["period_start"]), iso_dates(df["period_end"]),
            as_floats(df, "days").tolist(), as_floats(df, "rate").tolist(), as_floats(df, "rate_lo").tolist(),
            as_floats(df, "rate_hi").tolist(), as_list(df, "qualifier"), cumulative.tolist()):
        per_month = rate_text({"rate": rate, "rate_lo": lo, "rate_hi": hi, "qualifier": q}, lang)
        row = [f"{kinds[kind]}: <b>{fig_text}</b>",
               t("charts.hover.period", lang, span=span_words(start, end, lang), days=counted(days, "day", lang)),
               t("hover.rate", lang, rate=per_month) if per_month else short]
        if cum:
            row.append(running)
        lines.append(row)
    return hovers(df, lang, names_of(df), lines)


def _panels(df: pd.DataFrame) -> list[str]:
    present = [str(k) for k in dict.fromkeys(as_list(df, "kind"))]
    return [k for k in PANEL_KINDS if k in present] + sorted(k for k in present if k not in PANEL_KINDS)


def attack_periods_chart(df: pd.DataFrame, lang: str = "en", measure: str = "count",
                         colors: Mapping[str, str] | None = None, hover: Sequence[str] | None = None) -> go.Figure:
    """Each count drawn across the period it covers: a horizontal segment from start to end.

    Attacks (by ISIS and others) and strikes (by the US and the coalition) are
    separate panels, one above the other, each with its own value axis and the
    same time axis. `measure="count"` puts the segment at the reported figure,
    `"rate"` at the figure per month (so 130 in four months and 150 in a year
    compare); a count over too short a period to have a rate is left out of the
    rate chart. A range is a shaded band from its low to its high value; a vague
    amount with no figure ("dozens": 24-99) is the band and a bar over its
    middle, never a point (its hover target there is invisible). A running
    count ("the tenth attack since the start of the month") is dashed and named
    as such. Colour is the outlet. Each outlet has a line trace (the segments)
    and a marker trace at the segments' middles that carries the hover text and
    the claim ids. `hover` (from `attack_hover`) lets the counts and the rates
    chart share one computation.
    """
    traces: list[dict] = []
    ycol, locol, hicol = ("y", "y_lo", "y_hi") if measure == "count" else ("rate", "rate_lo", "rate_hi")
    panels = _panels(df) if not df.empty else []
    layout: dict = {}
    title = t("chart.attack_periods" if measure == "count" else "chart.attack_rates", lang)
    if not panels:
        return make_figure(traces, base_layout(title, lang, xaxis=date_axis(t("axis.period", lang), None)))
    cmap = colors_for(df, colors)
    names = names_of(df)
    hover = list(hover) if hover is not None else attack_hover(df, lang)
    # Everything per point is computed once for the whole frame, then sliced per trace.
    drawn = ~np.isnan(as_floats(df, ycol))
    running = df["cumulative"].fillna(False).to_numpy(dtype=bool)
    sid_codes, sids = pd.factorize(df["source_id"], sort=True)
    kinds = np.asarray([str(k) for k in as_list(df, "kind")], dtype=object)
    panel_of = np.asarray([panels.index(k) for k in kinds])
    # (panel, outlet, count/running) in order; rows that cannot be drawn (no rate) in no group.
    group = np.where(drawn & (sid_codes >= 0), (panel_of * (len(sids) + 1) + sid_codes) * 2 + running, -1)
    start = df["period_start"].to_numpy("datetime64[ns]")
    end = df["period_end"].to_numpy("datetime64[ns]")
    start_s, end_s, mid_s = day_strings(start), day_strings(end), day_strings(start + (end - start) / 2)
    y_all = as_floats(df, ycol)
    lo_all, hi_all = as_floats(df, locol), as_floats(df, hicol)
    ranged_all = ~np.isnan(lo_all) & ~np.isnan(hi_all) & (hi_all > lo_all)
    vague_all = ranged_all & np.isnan(as_floats(df, "value"))  # a range with no figure: no point at its middle
    symbols = [KIND_SYMBOLS.get(k, "circle") for k in kinds.tolist()]
    custom = custom_data(df)
    running_word = t("legend.running", lang)
    in_legend: set[str] = set()
    for code, pos in split_codes(group):
        panel, rest = divmod(code, (len(sids) + 1) * 2)
        sid, style = str(sids[rest // 2]), ("running" if rest % 2 else "count")
        yref = "y" if panel == 0 else f"y{panel + 1}"
        color = cmap.get(sid, "#555")
        name = plain(names.get(sid, sid)) + (f" · {running_word}" if style == "running" else "")
        group_id = sid + style
        y, lo, hi = y_all[pos], lo_all[pos], hi_all[pos]
        ranged, vague = ranged_all[pos], vague_all[pos]
        solid = pos[~vague]
        if ranged.any():
            bs, be = start_s[pos[ranged]], end_s[pos[ranged]]
            blo, bhi = lo[ranged], hi[ranged]
            # The band stands for the outlet in the legend when the outlet has nothing but ranges here.
            band_legend = not len(solid) and group_id not in in_legend
            traces.append({
                "type": "scatter", "x": interleave(bs, be, be, bs, bs, None), "yaxis": yref,
                "y": interleave(blo, blo, bhi, bhi, blo, np.nan), "mode": "lines", "fill": "toself",
                "fillcolor": _alpha(color, 0.18), "line": {"width": 1, "color": color}, "hoverinfo": "skip",
                "legendgroup": group_id, "showlegend": band_legend, "name": name, "meta": "range"})
            if band_legend:
                in_legend.add(group_id)
        if len(solid):
            traces.append({
                "type": "scatter", "x": interleave(start_s[solid], end_s[solid], None), "yaxis": yref,
                "y": interleave(y_all[solid], y_all[solid], np.nan),
                "mode": "lines+markers", "name": name, "legendgroup": group_id, "hoverinfo": "skip",
                "meta": "segments", "showlegend": group_id not in in_legend,
                "line": {"color": color, "width": 3, "dash": "dash" if style == "running" else "solid"},
                "marker": {"symbol": "line-ns", "size": 10, "line": {"width": 2, "color": color}}})
            in_legend.add(group_id)
        traces.append({
            "type": "scatter", "x": mid_s[pos], "y": y, "mode": "markers", "name": name, "yaxis": yref,
            "legendgroup": group_id, "showlegend": group_id not in in_legend,
            "marker": {"symbol": [symbols[i] for i in pos.tolist()], "size": 10, "color": color,
                       "opacity": np.where(vague, 0.0, 1.0), "line": {"width": 1, "color": "white"}},
            # A vague amount's bar, from its low to its high value (none on the other points).
            "error_y": error_bars(y, lo, hi, vague, color=color, thickness=3, width=8),
            "hovertext": [hover[i] for i in pos.tolist()], "hoverinfo": "text", "customdata": custom[pos]})
        in_legend.add(group_id)
    present = set(kinds[drawn].tolist())
    traces += [legend_only(label("kind", kind, lang), KIND_SYMBOLS[kind], "kinds")
               for kind in PANEL_KINDS if kind in present]
    layout.update(_panel_axes(df, panels, drawn, y_all, hi_all, measure, lang))
    return make_figure(traces, base_layout(title, lang, height=max(450, 300 * len(panels)), **layout))


def _panel_axes(df: pd.DataFrame, panels: list[str], drawn: np.ndarray, y: np.ndarray, hi: np.ndarray,
                measure: str, lang: str) -> dict:
    """One value axis per panel (stacked, the first on top), one time axis under the last,
    and a title over each panel naming its kind and the actors in it."""
    gap = 0.1
    height = (1 - gap * (len(panels) - 1)) / len(panels)
    layout: dict = {}
    annotations = []
    rtl = is_rtl(lang)
    kinds = np.asarray([str(k) for k in as_list(df, "kind")], dtype=object)
    actors = np.asarray(as_list(df, "actor"), dtype=object)
    for i, kind in enumerate(panels):
        top = 1 - i * (height + gap)
        rows = drawn & (kinds == kind)
        axis_title = t("axis.count" if measure == "count" else "axis.per_month", lang)
        largest = float(np.nanmax(np.fmax(y[rows], hi[rows]))) if rows.any() else None
        axis = count_axis(axis_title, largest) if measure == "count" else {"title": {"text": axis_title},
                                                                           "rangemode": "tozero"}
        layout["yaxis" if i == 0 else f"yaxis{i + 1}"] = {**axis, "domain": [max(top - height, 0.0), top],
                                                          "anchor": "x"}
        who = sorted({str(a) for a in actors[rows] if isinstance(a, str) and a})
        text = label("kind", kind, lang) + (f" ({', '.join(plain(label('actor', a, lang)) for a in who)})" if who else "")
        annotations.append({"text": f"<b>{text}</b>", "xref": "paper", "yref": "paper", "x": 1 if rtl else 0,
                            "xanchor": "right" if rtl else "left", "y": top, "yanchor": "bottom",
                            "showarrow": False, "font": {"size": 13}})
    span = date_span(df["period_start"].to_numpy()[drawn], df["period_end"].to_numpy()[drawn])
    layout["xaxis"] = {**date_axis(t("axis.period", lang), span), "anchor": "y" if len(panels) == 1 else f"y{len(panels)}"}
    layout["annotations"] = annotations
    layout["margin"] = {"t": 90}
    return layout


def _alpha(hex_color: str, a: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    return f"rgba({r},{g},{b},{a})"


def rates_caption(df: pd.DataFrame, lang: str = "en") -> str | None:
    """What the per-month chart shows, in words computed from its rows: the latest count
    (`queries.latest_count`, as on the Overview) worked as an example, the counts too short
    to have a rate, the running counts; None when there are no rows.

    Holds numbers, dates and UI words only (no outlet or article text), so it is safe
    for Streamlit's Markdown captions."""
    if df.empty:
        return None
    parts = []
    pick = latest_count(df, with_rate=True)
    if pick is not None:
        row = df.loc[pick]
        row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
        parts.append(t("charts.attacks.rate_example", lang, figure=figure_text(row, lang),
                       kind=label("kind", row["kind"], lang),
                       span=span_words(iso_date(row["period_start"]), iso_date(row["period_end"]), lang),
                       days=counted(row["days"], "day", lang), rate=rate_text(row, lang)))
    short = int(np.isnan(as_floats(df, "rate")).sum())
    if short:
        parts.append(t("charts.attacks.too_short", lang, n=short,
                       days=counted(settings.ATTACK_RATE_MIN_DAYS, "day", lang)))
    if df["cumulative"].fillna(False).to_numpy(dtype=bool).any():
        parts.append(t("charts.attacks.running_note", lang))
    return " ".join(parts) if parts else None
