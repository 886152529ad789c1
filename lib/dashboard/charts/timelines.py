"""Charts over time: articles per month, incidents, troop figures (attack counts: `charts.attacks`)."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib import settings
from lib.dashboard.charts.axes import count_axis, date_axis, date_span
from lib.dashboard.charts.hover import (as_floats, as_list, bidi, custom_data, day_strings, figure_texts, fmt_num, groups_of,
                                        hovers, is_missing, iso_dates, ltr, names_of, plain)
from lib.dashboard.charts.layout import (WHEN_SYMBOLS, base_layout, colors_for, error_bars, legend_only, make_figure,
                                         marker_symbol)
from lib.dashboard.i18n import label, t

__all__ = ["articles_timeline", "incidents_chart", "troops_chart", "interleave", "when_note", "dodge"]

_MONTH_MS = 26 * 86_400_000  # a monthly bar's width (ms): a month, less a gap between bars


def when_note(when: object, lang: str) -> str:
    """" (planned)" after a figure that is a plan (or " (past)", " (current)"); "" when unknown."""
    word = label("when", when, lang) if isinstance(when, str) else ""
    return f" ({word})" if word else ""


def articles_timeline(monthly: pd.DataFrame, names: Mapping[str, str], lang: str = "en",
                      colors: Mapping[str, str] | None = None, max_outlets: int = 12) -> go.Figure:
    """Articles per month, stacked by outlet (the busiest `max_outlets`, the rest as "other").

    A bar is a month wide whatever the span (plotly would stretch a lone bar over
    the plot), on an axis at least `settings.CHART_MIN_SPAN_DAYS_MONTHLY` wide.
    A bar counts articles, not one claim: its customdata is ["", "", source_id, "YYYY-MM"].
    """
    traces = []
    span, largest = None, None
    if not monthly.empty:
        totals = monthly.groupby("source_id")["articles"].sum().sort_values(ascending=False)
        top = list(totals.index[:max_outlets])
        df = monthly.copy()
        df["source_id"] = df["source_id"].where(df["source_id"].isin(top), "__other__")
        df = df.groupby(["month", "source_id"], as_index=False)["articles"].sum()
        cmap = colors_for(df[df.source_id != "__other__"], colors)
        for sid in [*top, "__other__"]:
            part = df[df["source_id"] == sid]
            if part.empty:
                continue
            name = t("outlet.other", lang) if sid == "__other__" else plain(names.get(sid, sid))
            month = part["month"].to_numpy("datetime64[ns]")
            counts = part["articles"].to_numpy()
            months = [m[:7] for m in day_strings(month).tolist()]
            hover = [bidi(f"<b>{name}</b> · {ltr(m)}<br>{t('hover.articles', lang, n=int(n))}", lang)
                     for m, n in zip(months, counts.tolist())]
            # A month-wide bar centred on the month.
            traces.append({"type": "bar", "x": day_strings(month + np.timedelta64(15, "D")), "y": counts,
                           "name": name, "width": [_MONTH_MS] * len(part), "hovertext": hover, "hoverinfo": "text",
                           "marker": {"color": cmap.get(sid, "#bbbbbb")},
                           "customdata": _count_custom("" if sid == "__other__" else sid, months)})
        months_all = df["month"]
        span = (months_all.min(), months_all.max() + pd.offsets.MonthEnd(0))
        largest = float(df.groupby("month")["articles"].sum().max())
    return make_figure(traces, base_layout(
        t("chart.articles_timeline", lang), lang, barmode="stack",
        xaxis=date_axis(t("axis.month", lang), span, settings.CHART_MIN_SPAN_DAYS_MONTHLY),
        yaxis=count_axis(t("axis.articles", lang), largest)))


def _count_custom(sid: str, months: list[str]) -> np.ndarray:
    """customdata of marks that count articles: rows ["", "", source_id, "YYYY-MM"] (a string
    array: plotly deep-copies nested lists and object arrays element by element)."""
    out = np.full((len(months), 4), "", dtype=object)
    out[:, 2] = sid
    out[:, 3] = months
    return out.astype(str)


def interleave(*columns) -> np.ndarray:
    """[a0, b0, gap, a1, b1, gap, ...]: several points per item, as one array (None/NaN = a gap)."""
    arrays = [c for c in columns if isinstance(c, np.ndarray)]
    n = len(arrays[0]) if arrays else 0
    numeric = all(a.dtype.kind == "f" for a in arrays)
    out = np.empty(n * len(columns), dtype=float if numeric else object)
    for i, c in enumerate(columns):
        out[i::len(columns)] = c if isinstance(c, np.ndarray) else (np.nan if numeric else None)
    return out


def incidents_chart(df: pd.DataFrame, lang: str = "en", colors: Mapping[str, str] | None = None) -> go.Figure:
    """Incidents on a timeline: a stem up to the casualties (killed + injured) of each.

    An incident whose report gives no killed or injured figure (an arrest raid, an
    attack "with casualties") is not a zero: it is drawn in a strip of its own under
    the plot, on its own axis, never at 0 on the casualties axis. The marker's size
    grows with the people arrested.
    """
    traces: list[dict] = []
    layout: dict = {}
    if not df.empty:
        cmap = colors_for(df, colors)
        names = names_of(df)
        day = day_strings(df["day"].to_numpy("datetime64[ns]"))
        killed, injured, arrested = as_floats(df, "killed"), as_floats(df, "injured"), as_floats(df, "arrested")
        stated = ~(np.isnan(killed) & np.isnan(injured))
        casualties = np.where(stated, np.nan_to_num(killed) + np.nan_to_num(injured), np.nan)
        unknown = np.flatnonzero(~stated)
        known = np.flatnonzero(stated)
        yaxis_known, yaxis_unknown = "y", ("y2" if len(unknown) else None)
        if len(known):
            traces.append({"type": "scatter", "x": interleave(day[known], day[known], None),
                           "y": interleave(np.zeros(len(known)), casualties[known], np.nan), "mode": "lines",
                           "line": {"color": "#cccccc", "width": 1}, "hoverinfo": "skip", "showlegend": False,
                           "meta": "stems"})
        event_day = t("hover.event_day", lang)
        lines = [[f"{event_day}: <b>{d}</b>" + (f" · {plain(place)}" if not is_missing(place) else ""),
                  t("hover.casualties", lang, killed=fmt_num(k), injured=fmt_num(i), arrested=fmt_num(a))]
                 for d, place, k, i, a in zip(iso_dates(df["day"]),
                                              as_list(df, "place_ar" if lang == "ar" else "place_en"),
                                              killed.tolist(), injured.tolist(), arrested.tolist())]
        hover = hovers(df, lang, names, lines)
        custom = custom_data(df)
        size_all = np.clip(8 + 2 * np.sqrt(np.nan_to_num(arrested)), 8, 22)
        shown: set[str] = set()
        for sid, pos in groups_of(df["source_id"]):
            sid = str(sid)
            for part, yaxis in ((np.intersect1d(pos, known), yaxis_known), (np.intersect1d(pos, unknown), yaxis_unknown)):
                if not len(part):
                    continue
                y = casualties[part] if yaxis == "y" else np.zeros(len(part))
                traces.append({"type": "scatter", "x": day[part], "y": y, "mode": "markers", "yaxis": yaxis,
                               "name": plain(names.get(sid, sid)), "legendgroup": sid, "showlegend": sid not in shown,
                               "marker": {"color": cmap.get(sid, "#555"), "size": size_all[part],
                                          "symbol": "circle" if yaxis == "y" else "x-thin-open",
                                          "line": {"width": 1 if yaxis == "y" else 2, "color": cmap.get(sid, "#555")}},
                               "hovertext": [hover[i] for i in part.tolist()], "hoverinfo": "text",
                               "customdata": custom[part]})
                shown.add(sid)
        largest = float(np.nanmax(casualties)) if len(known) else None
        layout["yaxis"] = count_axis(t("axis.casualties", lang), largest, anchor="x",
                                     **({"domain": [0.24, 1.0]} if len(unknown) else {}))
        if len(unknown):
            layout["yaxis2"] = {"domain": [0.0, 0.1], "anchor": "x", "range": [-1, 1], "showticklabels": False,
                                "showgrid": False, "zeroline": False, "fixedrange": True,
                                "title": {"text": t("charts.axis.no_casualty_figure", lang), "font": {"size": 11}}}
        layout["xaxis"] = {**date_axis(t("axis.event_day", lang), date_span(df["day"])),
                           "anchor": "y2" if len(unknown) else "y"}
    else:
        layout["xaxis"] = date_axis(t("axis.event_day", lang), None)
        layout["yaxis"] = count_axis(t("axis.casualties", lang), None)
    return make_figure(traces, base_layout(t("chart.incidents", lang), lang, **layout))


def troops_chart(df: pd.DataFrame, lang: str = "en", colors: Mapping[str, str] | None = None) -> go.Figure:
    """Troop figures over time by report date: one colour per outlet, one marker per when.

    Ranges are drawn as ranges (error bars from `y_lo` to `y_hi`): "less than
    1000" is a bar from 0 to 1000 with its marker at 1000; a vague range with no
    figure ("hundreds") is the bar alone (its marker, the hover target, is
    invisible). Current and past are a filled circle and square; a plan is a
    hollow diamond, named "planned" in the hover and the legend; "more than X" is
    an upward triangle. A figure carried by several outlets is one larger marker
    (hover names the outlets). Figures that would sit on one another (the same
    value in the same few days) are set side by side (`_dodge`).
    """
    traces: list[dict] = []
    span, largest = None, None
    if not df.empty:
        cmap = colors_for(df, colors)
        names = names_of(df)
        y_all = as_floats(df, "y")
        lo_all, hi_all = as_floats(df, "y_lo"), as_floats(df, "y_hi")
        shift = dodge(df["published"], y_all, np.fmax(y_all, hi_all)).to_numpy("timedelta64[ns]")
        x_dt = df["published"].to_numpy("datetime64[ns]") + shift
        x_all = np.array([s.replace("T", " ") for s in np.datetime_as_string(x_dt, unit="s").tolist()], dtype=object)
        vague = np.isnan(as_floats(df, "value")) & ~np.isnan(lo_all) & ~np.isnan(hi_all) & (hi_all > lo_all)
        troops_word = t("hover.troops", lang)
        symbols, lines = [], []
        for when, open_up, fig_text in zip(as_list(df, "when"), np.isnan(hi_all).tolist(), figure_texts(df, lang)):
            base = WHEN_SYMBOLS.get(when if isinstance(when, str) else "", "circle")
            symbols.append(marker_symbol(base, when, open_up))
            lines.append([f"{troops_word}: <b>{fig_text}</b>{when_note(when, lang)}"])
        hover = hovers(df, lang, names, lines)
        custom = custom_data(df)
        size_all = np.clip(12 + 3 * (as_floats(df, "n_sources") - 1), 12, 24) if "n_sources" in df.columns \
            else np.full(len(df), 12.0)
        for sid, pos in groups_of(df["source_id"]):
            sid = str(sid)
            color = cmap.get(sid, "#555")
            idx = pos.tolist()
            traces.append({
                "type": "scatter", "x": x_all[pos], "y": y_all[pos], "mode": "markers",
                "name": plain(names.get(sid, sid)), "legendgroup": sid, "showlegend": False,
                "marker": {"color": color, "symbol": [symbols[i] for i in idx], "size": size_all[pos],
                           "opacity": np.where(vague[pos], 0.0, 1.0), "line": {"width": 2, "color": color}},
                "error_y": error_bars(y_all[pos], lo_all[pos], hi_all[pos], color=color, thickness=2, width=6),
                "hovertext": [hover[i] for i in idx], "hoverinfo": "text", "customdata": custom[pos]})
            # The outlet's legend entry: its colour on a plain circle (the points' shapes say when).
            traces.append({**legend_only(plain(names.get(sid, sid)), "circle", sid, color), "meta": "legend-outlet",
                           "legendrank": 1000})
        present = {w for w in as_list(df, "when") if isinstance(w, str)}
        traces += [legend_only(label("when", when, lang), marker_symbol(sym, when), "when")
                   for when, sym in WHEN_SYMBOLS.items() if when in present]
        span = date_span(x_dt)
        largest = float(np.nanmax(np.fmax(y_all, hi_all))) if np.isfinite(np.fmax(y_all, hi_all)).any() else None
    return make_figure(traces, base_layout(t("chart.troops", lang), lang,
                                           xaxis=date_axis(t("axis.published", lang), span),
                                           yaxis=count_axis(t("axis.troops", lang), largest)))


def dodge(dates: pd.Series, y: np.ndarray, top: np.ndarray, slots: int = 50, levels: int = 25) -> pd.Series:
    """Small horizontal offsets so that figures that would hide each other sit side by side.

    The time axis is cut into `slots` bins (about a marker's width each) and the
    value axis into `levels` bands; the figures sharing a bin and a band (the
    same value reported in the same few days, by one outlet or several) are
    spread a bin apart around it, in row order. Hover still shows the true
    publication date.
    """
    d = pd.to_datetime(dates).to_numpy("datetime64[ns]").astype(np.int64)
    valid = (d != np.iinfo(np.int64).min) & ~np.isnan(y)
    if valid.sum() < 2:
        return pd.Series(pd.Timedelta(0), index=dates.index)
    lo, hi = d[valid].min(), d[valid].max()
    width = max((hi - lo) // slots, 86_400 * 10**9)
    height = max(float(np.nanmax(top[valid])) / levels, 1e-9)
    bins = np.where(valid, (d - lo) // width, -1)
    bands = np.where(valid, np.floor(np.nan_to_num(y) / height), -1).astype(np.int64)
    cell = bins * (levels + 2) + bands  # (bin, band) pairs
    cell = np.where(valid, cell, -1)
    order = np.lexsort((np.arange(len(d)), cell))
    sorted_cell = cell[order]
    first = np.r_[0, np.flatnonzero(sorted_cell[1:] != sorted_cell[:-1]) + 1]
    count = np.diff(np.r_[first, len(order)])
    run = np.repeat(np.arange(len(first)), count)
    rank = np.arange(len(order)) - first[run]
    offset = np.empty(len(d))
    offset[order] = (rank - (count[run] - 1) / 2) * width
    shift = np.where(valid, offset, 0).astype(np.int64)
    return pd.Series(pd.to_timedelta(shift, unit="ns"), index=dates.index)
