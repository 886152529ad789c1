"""Outlet charts: coverage per month, the figures each outlet reported, and where outlets disagree."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib import settings
from lib.dashboard.charts.axes import date_axis, date_span
from lib.dashboard.charts.hover import (as_floats, as_list, bidi, custom_data, day_strings, figure_texts, groups_of,
                                        hovers, is_missing, iso_date, ltr, names_of, plain, records)
from lib.dashboard.charts.layout import (KIND_SYMBOLS, base_layout, colors_for, error_bars, is_planned, legend_only,
                                         make_figure, marker_symbol)
from lib.dashboard.charts.timelines import dodge, when_note
from lib.dashboard.i18n import date_span as span_words
from lib.dashboard.i18n import is_rtl, label, t

__all__ = ["outlet_heatmap", "outlet_figures_chart", "quantity_title", "quantity_titles", "disagreement_chart",
           "COVERAGE_SCALE"]

# Articles per month: a month with none is left blank (white), one article is a light blue that
# still shows against white, the busiest month the darkest blue (ColorBrewer "Blues", light to dark).
COVERAGE_SCALE = [[0.0, "#c6dbef"], [0.25, "#6baed6"], [0.5, "#3182bd"], [0.75, "#08519c"], [1.0, "#08306b"]]


def outlet_heatmap(monthly: pd.DataFrame, names: Mapping[str, str], lang: str = "en", max_outlets: int = 25) -> go.Figure:
    """Articles per month for each outlet (rows: outlets, busiest on top).

    A month with articles is a coloured cell, the more articles the darker;
    a month with none has no cell (white), so silence reads as a gap. The
    colour bar ticks whole articles. Each cell's customdata is
    ["", "", source_id, "YYYY-MM"] (a count of articles, not one claim).
    """
    traces: list[dict] = []
    n_rows = 0
    span = None
    if not monthly.empty:
        totals = monthly.groupby("source_id")["articles"].sum().sort_values(ascending=False)
        top = list(totals.index[:max_outlets])
        df = monthly[monthly["source_id"].isin(top)]
        grid = df.groupby(["source_id", "month"])["articles"].sum().unstack(fill_value=0)
        # Every month in the span, so that silence shows as a gap.
        months = pd.date_range(grid.columns.min(), grid.columns.max(), freq="MS")
        grid = grid.reindex(index=top[::-1], columns=months, fill_value=0)
        z = np.array(grid.to_numpy(dtype=float))  # a copy: the frame's values may be read-only
        largest = float(z.max())
        z[z == 0] = np.nan  # no articles: no cell
        ynames = [plain(names.get(s, s)) for s in grid.index]
        n_rows = len(ynames)
        month_labels = [m[:7] for m in day_strings(grid.columns.to_numpy()).tolist()]
        # One template for every cell (outlet, month, count) instead of a string per cell.
        template = bidi(f"<b>%{{y}}</b> · {ltr('%{customdata[3]}')}<br>{t('hover.articles', lang, n='%{z}')}", lang) \
            + "<extra></extra>"
        colorbar = {"title": {"text": t("axis.articles", lang)}, "tickformat": ",d"}
        if largest <= settings.COUNT_AXIS_UNIT_TICKS_MAX:
            colorbar.update(tick0=1, dtick=1)
        # Cells centred on the middle of their month, so a cell spans its month on the date axis.
        mid = grid.columns.to_numpy() + np.timedelta64(14, "D")
        traces.append({"type": "heatmap", "z": z, "x": day_strings(mid), "y": ynames,
                       "colorscale": COVERAGE_SCALE, "zmin": 1, "zmax": max(largest, 2.0), "hoverongaps": False,
                       "xgap": 1, "ygap": 1, "hovertemplate": template,
                       "customdata": _cell_custom([str(sid) for sid in grid.index], month_labels),
                       "colorbar": colorbar})
        span = (grid.columns.min(), grid.columns.max() + pd.offsets.MonthEnd(0))
    return make_figure(traces, base_layout(
        t("chart.outlet_heatmap", lang), lang, plot_bgcolor="white",
        xaxis={**date_axis(t("axis.month", lang), span, settings.CHART_MIN_SPAN_DAYS_MONTHLY), "showgrid": False},
        yaxis={"showgrid": False, "type": "category"},
        height=max(320, 60 + 26 * n_rows if traces else 320)))


def _cell_custom(sids: list[str], months: list[str]) -> np.ndarray:
    """customdata of the heatmap's cells: ["", "", source_id, "YYYY-MM"] per (outlet, month)."""
    out = np.full((len(sids), len(months), 4), "", dtype=object)
    out[:, :, 2] = np.asarray(sids, dtype=object)[:, None]
    out[:, :, 3] = np.asarray(months, dtype=object)[None, :]
    return out.astype(str)


def outlet_figures_chart(df: pd.DataFrame, lang: str = "en", colors: Mapping[str, str] | None = None) -> go.Figure:
    """Which figures each outlet reported: one row per outlet, a marker per figure.

    Colour is the outlet (as in every chart); the marker's shape is the kind of
    figure, hollow when it is a plan. The legend explains the shapes in grey.
    """
    traces: list[dict] = []
    span = None
    if not df.empty:
        cmap = colors_for(df, colors)
        names = names_of(df)
        kinds = {k: label("kind", str(k), lang) for k in set(as_list(df, "kind"))}
        whens = as_list(df, "when")
        lines = [[f"{kinds[k]}: <b>{f}</b>{when_note(w, lang)}", qt]
                 for k, f, w, qt in zip(as_list(df, "kind"), figure_texts(df, lang), whens, quantity_titles(df, lang))]
        hover = hovers(df, lang, names, lines)
        custom = custom_data(df)
        y_all = np.asarray([plain(o) for o in as_list(df, "outlet")], dtype=object)
        # Figures of one outlet on the same days are set side by side, not on top of each other.
        rows = pd.factorize(y_all)[0].astype(float)
        shift = dodge(df["published"], rows, np.full(len(rows), float(rows.max() + 1)), levels=int(rows.max()) + 1)
        x_all = np.array([v.replace("T", " ") for v in np.datetime_as_string(
            df["published"].to_numpy("datetime64[ns]") + shift.to_numpy("timedelta64[ns]"), unit="s").tolist()],
            dtype=object)
        point_colors = np.asarray([cmap.get(str(s), "#555") for s in as_list(df, "source_id")], dtype=object)
        for kind, pos in groups_of(df["kind"]):
            kind = str(kind)
            base = KIND_SYMBOLS.get(kind, "circle")
            traces.append({"type": "scatter", "x": x_all[pos], "y": y_all[pos], "mode": "markers",
                           "name": label("kind", kind, lang), "showlegend": False, "legendgroup": kind,
                           "marker": {"symbol": [marker_symbol(base, whens[i]) for i in pos.tolist()], "size": 10,
                                      "color": point_colors[pos], "line": {"width": 2, "color": point_colors[pos]}},
                           "hovertext": [hover[i] for i in pos.tolist()], "hoverinfo": "text",
                           "customdata": custom[pos]})
            traces.append(legend_only(label("kind", kind, lang), base, kind))
        if any(is_planned(w) for w in whens):
            traces.append(legend_only(label("when", "planned", lang), marker_symbol("circle", "planned"), "planned"))
        span = date_span(x_all)
    n_outlets = df["outlet"].nunique() if not df.empty else 0
    return make_figure(traces, base_layout(t("chart.outlet_figures", lang), lang,
                                           xaxis=date_axis(t("axis.published", lang), span),
                                           yaxis={"title": {"text": ""}, "type": "category"},
                                           height=max(320, 80 + 28 * n_outlets)))


def quantity_title(row: Mapping, lang: str = "en", escape: bool = True) -> str:
    """What a quantity measures, in words: "troops (US) · planned · reported 2025-05".

    The strings from the data in it (the actor) are escaped for a figure (`plain`);
    `escape=False` gives the raw text (for a CSV)."""
    month = "?" if is_missing(row.get("published")) or pd.isna(row.get("published")) \
        else ltr(pd.Timestamp(row["published"]).strftime("%Y-%m"))
    kind = str(row.get("kind"))
    actor = row.get("actor")
    actor_name = label("actor", actor, lang) if isinstance(actor, str) and actor else ""
    who = f" ({plain(actor_name) if escape else actor_name})" if actor_name else ""
    when = row.get("when")
    if kind == "troops":
        parts = [label("kind", kind, lang) + who, label("when", when, lang) if isinstance(when, str) else "",
                 t("q.reported", lang, month=month)]
    elif kind in ("attacks", "strikes"):
        start, end = iso_date(row.get("period_start")), iso_date(row.get("period_end"))
        period = span_words(start, end, lang) if start and end else ""
        parts = [label("kind", kind, lang) + who, period]
    else:  # base counts: a planned closure is a plan, said so
        parts = [label("kind", kind, lang), label("status", row.get("status"), lang),
                 label("when", "planned", lang) if is_planned(when) else "", t("q.reported", lang, month=month)]
    return " · ".join(p for p in parts if p)


_QUANTITY_COLUMNS = ["kind", "actor", "when", "status", "published", "period_start", "period_end"]


def quantity_titles(df: pd.DataFrame, lang: str = "en", escape: bool = True) -> list[str]:
    """`quantity_title` of every row, each distinct quantity worded once (many rows share one)."""
    if df.empty:
        return []
    cols = [c for c in _QUANTITY_COLUMNS if c in df.columns]
    # What a title depends on: the report's month (not its day) and the period's days.
    parts = [df[c].dt.strftime("%Y-%m" if c == "published" else "%Y-%m-%d").fillna("").to_numpy(dtype=object)
             if df[c].dtype.kind == "M" else df[c].astype("object").to_numpy() for c in cols]
    codes, _ = pd.factorize(pd.Series(list(zip(*parts)), dtype=object))
    first = pd.Series(np.arange(len(df))).groupby(codes).first().to_numpy()
    titles = [quantity_title(r, lang, escape) for r in records(df[cols].iloc[first])]
    return [titles[c] for c in codes.tolist()]


def disagreement_chart(df: pd.DataFrame, lang: str = "en", colors: Mapping[str, str] | None = None,
                       max_rows: int = 10) -> go.Figure:
    """Outlets' figures for the same quantity side by side, one small panel per quantity.

    Each panel has its own value axis (troops in thousands, bases in units)
    and one line per outlet; each figure is a marker in the outlet's colour
    (hollow for a plan) with its range as a bar ("less than 1,000" runs from
    0); a vague amount with no figure is the bar alone. Panels of conflicting
    quantities come first and are titled with ≠; agreeing ones with =.
    """
    quantities = list(dict.fromkeys(df["quantity"]))[:max_rows] if not df.empty else []
    if not quantities:
        return make_figure((), base_layout(t("chart.disagreements", lang), lang))
    cmap = colors_for(df, colors)
    names = names_of(df)
    df = df[df["quantity"].isin(quantities)]
    # Hover, symbols and claim ids for every row at once; each panel takes its rows.
    agree, disagree = t("hover.agree", lang), t("hover.disagree", lang)
    whens = as_list(df, "when")
    hover = np.asarray(hovers(df, lang, names, [[f"<b>{f}</b>{when_note(w, lang)}", disagree if d else agree]
                                                for f, w, d in zip(figure_texts(df, lang), whens,
                                                                   df["disagree"].to_numpy(dtype=bool).tolist())]),
                       dtype=object)
    y_all, lo_all, hi_all = as_floats(df, "y"), as_floats(df, "y_lo"), as_floats(df, "y_hi")
    symbols = np.asarray([marker_symbol("circle", w, bool(np.isnan(h))) for w, h in zip(whens, hi_all.tolist())],
                         dtype=object)
    vague_all = np.isnan(as_floats(df, "value")) & ~np.isnan(lo_all) & ~np.isnan(hi_all) & (hi_all > lo_all)
    custom = custom_data(df)
    sids_all = df["source_id"].astype(str).to_numpy()
    qcol = df["quantity"].to_numpy(dtype=object)
    parts = [np.flatnonzero(qcol == qn) for qn in quantities]
    heights = [60 + 26 * len(set(sids_all[p].tolist())) for p in parts]
    gap = 60  # px between panels: room for the axis ticks above and the next title
    rtl = is_rtl(lang)
    margin_t, margin_b = 90, 50  # (no legend: the panels' titles and axes say what each shows)
    plot_h = sum(heights) + gap * (len(parts) - 1)
    layout: dict = {}
    annotations = []
    traces = []
    top = 1.0
    rows = records(df)
    for i, (pos, h) in enumerate(zip(parts, heights), start=1):
        lo_dom = max(top - h / plot_h, 0.0)
        ax = "" if i == 1 else str(i)
        layout[f"xaxis{ax}"] = {"domain": [0, 1], "anchor": f"y{ax}", "rangemode": "tozero",
                                **({"title": {"text": t("axis.figure", lang)}} if i == len(parts) else {})}
        layout[f"yaxis{ax}"] = {"domain": [lo_dom, top], "anchor": f"x{ax}", "type": "category", "automargin": True}
        first = rows[int(pos[0])]
        title = ("≠ " if bool(first["disagree"]) else "= ") + quantity_title(first, lang)
        annotations.append({"text": bidi(title, lang), "xref": "paper", "yref": "paper", "x": 1 if rtl else 0,
                            "xanchor": "right" if rtl else "left", "y": top, "yanchor": "bottom",
                            "showarrow": False, "font": {"size": 13}})
        y, lo, hi = y_all[pos], lo_all[pos], hi_all[pos]
        sids = sids_all[pos].tolist()
        outlet_colors_ = [cmap.get(s, "#555") for s in sids]
        traces.append({
            "type": "scatter", "x": y, "y": [plain(names.get(s, s)) for s in sids], "xaxis": f"x{ax}",
            "yaxis": f"y{ax}", "mode": "markers", "showlegend": False, "name": title,
            "marker": {"color": outlet_colors_, "size": 12, "symbol": symbols[pos].tolist(),
                       "opacity": np.where(vague_all[pos], 0.0, 1.0), "line": {"width": 2, "color": outlet_colors_}},
            "error_x": error_bars(y, lo, hi, color="#666", thickness=3, width=8),
            "hovertext": hover[pos].tolist(), "hoverinfo": "text", "customdata": custom[pos]})
        top = lo_dom - gap / plot_h
    return make_figure(traces, base_layout(t("chart.disagreements", lang), lang, height=plot_h + margin_t + margin_b,
                                           margin={"t": margin_t, "b": margin_b}, annotations=annotations,
                                           showlegend=False, **layout))

