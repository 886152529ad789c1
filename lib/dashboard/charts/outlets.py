"""Outlet charts: coverage per month, the figures each outlet reported, and where outlets disagree."""
from __future__ import annotations

import html
from typing import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.dashboard.charts.hover import (as_floats, as_list, bidi, custom_data, day_strings, figure_texts, groups_of,
                                        hovers, is_missing, iso_date, names_of)
from lib.dashboard.charts.layout import KIND_SYMBOLS, OPEN_QUALIFIERS, base_layout, colors_for, date_axis, make_figure
from lib.dashboard.i18n import is_rtl, label, t

__all__ = ["outlet_heatmap", "outlet_figures_chart", "quantity_title", "disagreement_chart"]


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
        template = bidi(f"<b>%{{y}}</b> · %{{x|%Y-%m}}<br>{t('hover.articles', lang, n='%{z}')}", lang) \
            + "<extra></extra>"
        traces.append({"type": "heatmap", "z": grid.to_numpy(), "x": day_strings(grid.columns.to_numpy()),
                       "y": ynames, "colorscale": "Blues", "hovertemplate": template,
                       "customdata": np.repeat(np.asarray(grid.index, dtype=object)[:, None], grid.shape[1], axis=1),
                       "colorbar": {"title": {"text": t("axis.articles", lang)}}})
    return make_figure(traces, base_layout(t("chart.outlet_heatmap", lang), lang,
                                           xaxis=date_axis(t("axis.month", lang), lang),
                                           height=max(320, 60 + 26 * n_rows if traces else 320)))


def outlet_figures_chart(df: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Which figures each outlet reported: one row per outlet, a marker per figure, by kind."""
    traces: list[dict] = []
    if not df.empty:
        names = names_of(df)
        kinds = {k: label("kind", str(k), lang) for k in set(as_list(df, "kind"))}
        lines = [[f"{kinds[k]}: <b>{f}</b>", html.escape(str(qn))]
                 for k, f, qn in zip(as_list(df, "kind"), figure_texts(df, lang), as_list(df, "quantity"))]
        hover = hovers(df, lang, names, lines)
        custom = custom_data(df)
        x_all = day_strings(df["published"].to_numpy("datetime64[ns]"))
        y_all = np.asarray(as_list(df, "outlet"), dtype=object)
        for kind, pos in groups_of(df["kind"]):
            kind = str(kind)
            traces.append({"type": "scatter", "x": x_all[pos], "y": y_all[pos], "mode": "markers",
                           "name": label("kind", kind, lang),
                           "marker": {"symbol": KIND_SYMBOLS.get(kind, "circle"), "size": 10, "opacity": 0.8},
                           "hovertext": [hover[i] for i in pos.tolist()], "hoverinfo": "text",
                           "customdata": custom[pos]})
    n_outlets = df["outlet"].nunique() if not df.empty else 0
    return make_figure(traces, base_layout(t("chart.outlet_figures", lang), lang,
                                           xaxis=date_axis(t("axis.published", lang), lang),
                                           yaxis={"title": {"text": ""}, "type": "category"},
                                           height=max(320, 80 + 28 * n_outlets)))


def quantity_title(row: Mapping, lang: str = "en") -> str:
    """What a quantity measures, in words: "troops (US) · planned · reported 2025-05"."""
    month = "?" if is_missing(row.get("published")) or pd.isna(row.get("published")) \
        else pd.Timestamp(row["published"]).strftime("%Y-%m")
    kind = str(row.get("kind"))
    actor = row.get("actor")
    who = f" ({actor})" if not is_missing(actor) else ""
    if kind == "troops":
        parts = [label("kind", kind, lang) + who, label("when", row.get("when"), lang),
                 t("q.reported", lang, month=month)]
    elif kind in ("attacks", "strikes"):
        period = f"{iso_date(row.get('period_start'))} → {iso_date(row.get('period_end'))}"
        parts = [label("kind", kind, lang) + who, period]
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
        return make_figure((), base_layout(t("chart.disagreements", lang), lang))
    cmap = colors_for(df, colors)
    names = names_of(df)
    df = df[df["quantity"].isin(quantities)]
    # Hover, symbols and claim ids for every row at once; each panel takes its rows.
    agree, disagree = t("hover.agree", lang), t("hover.disagree", lang)
    hover = np.asarray(hovers(df, lang, names, [[f"<b>{f}</b>", disagree if d else agree] for f, d in zip(
        figure_texts(df, lang), df["disagree"].to_numpy(dtype=bool).tolist())]), dtype=object)
    symbols = np.asarray(["circle-open" if q in OPEN_QUALIFIERS else "circle" for q in as_list(df, "qualifier")],
                         dtype=object)
    custom = custom_data(df)
    sids_all = df["source_id"].astype(str).to_numpy()
    y_all, lo_all, hi_all = as_floats(df, "y"), as_floats(df, "y_lo"), as_floats(df, "y_hi")
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
        annotations.append({"text": bidi(title, lang), "xref": "paper", "yref": "paper", "x": 1 if rtl else 0,
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
    return make_figure(traces, base_layout(t("chart.disagreements", lang), lang, height=plot_h + margin_t + margin_b,
                                           margin={"t": margin_t, "b": margin_b}, annotations=annotations,
                                           showlegend=False, **layout))


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python/NumPy values, for the few rows a chart handles one by one.

    `DataFrame.to_dict("records")` and `iterrows` go through pandas indexing
    per cell for categorical and extension columns (~0.1 ms a row).
    """
    cols = list(df.columns)
    values = [df[c].to_numpy(dtype=object) for c in cols]
    return [dict(zip(cols, row)) for row in zip(*values)]
