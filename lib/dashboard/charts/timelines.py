"""Charts over time: articles per month, attack counts over their periods, incidents, troop figures."""
from __future__ import annotations

import html
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.dashboard.charts.hover import (as_floats, as_list, custom_data, day_strings, figure_texts, fmt_num, groups_of,
                                        hovers, is_missing, iso_dates, names_of, split_codes)
from lib.dashboard.charts.layout import (KIND_SYMBOLS, OPEN_QUALIFIERS, WHEN_SYMBOLS, base_layout, colors_for,
                                         date_axis, legend_only, make_figure)
from lib.dashboard.i18n import label, t

__all__ = ["articles_timeline", "attack_hover", "attack_periods_chart", "incidents_chart", "troops_chart"]

_MONTH_MS = 26 * 86_400_000  # a monthly bar's width (ms): a month, less a gap between bars


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
        cmap = colors_for(df[df.source_id != "__other__"], colors)
        for sid in [*top, "__other__"]:
            part = df[df["source_id"] == sid]
            if part.empty:
                continue
            name = t("outlet.other", lang) if sid == "__other__" else names.get(sid, sid)
            month = part["month"].to_numpy("datetime64[ns]")
            counts = part["articles"].to_numpy()
            hover = [f"<b>{html.escape(name)}</b> · {m[:7]}<br>{t('hover.articles', lang, n=int(n))}"
                     for m, n in zip(day_strings(month).tolist(), counts.tolist())]
            # A month-wide bar centred on the month (plotly would stretch sparse bars over years).
            traces.append({"type": "bar", "x": day_strings(month + np.timedelta64(15, "D")), "y": counts,
                           "name": name, "width": [_MONTH_MS] * len(part), "hovertext": hover, "hoverinfo": "text",
                           "marker": {"color": cmap.get(sid, "#bbbbbb")}, "customdata": [["", "", sid]] * len(part)})
    return make_figure(traces, base_layout(t("chart.articles_timeline", lang), lang, barmode="stack",
                                           xaxis=date_axis(t("axis.month", lang), lang),
                                           yaxis={"title": {"text": t("axis.articles", lang)}}))


def attack_hover(df: pd.DataFrame, lang: str = "en") -> list[str]:
    """Hover text for each row of an attack-periods frame (the same for counts and rates)."""
    kinds = {k: label("kind", str(k), lang) for k in set(as_list(df, "kind"))}
    running = t("hover.running", lang)
    cumulative = df["cumulative"].fillna(False).to_numpy(dtype=bool) if "cumulative" in df.columns \
        else np.zeros(len(df), dtype=bool)
    lines = []
    for kind, fig_text, start, end, days, rate, cum in zip(
            as_list(df, "kind"), figure_texts(df, lang), iso_dates(df["period_start"]), iso_dates(df["period_end"]),
            as_floats(df, "days").tolist(), as_floats(df, "rate").tolist(), cumulative.tolist()):
        row = [f"{kinds[kind]}: <b>{fig_text}</b>",
               t("hover.period", lang, start=start, end=end, days=int(days)),
               t("hover.rate", lang, rate=fmt_num(rate))]
        if cum:
            row.append(running)
        lines.append(row)
    return hovers(df, lang, names_of(df), lines)


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
        cmap = colors_for(df, colors)
        names = names_of(df)
        hover = list(hover) if hover is not None else attack_hover(df, lang)
        # Everything per point is computed once for the whole frame, then sliced per trace.
        running = df["cumulative"].fillna(False).to_numpy(dtype=bool)
        sid_codes, sids = pd.factorize(df["source_id"], sort=True)
        group = np.where(sid_codes >= 0, sid_codes * 2 + running, -1)  # (outlet, count/running) in groupby order
        start = df["period_start"].to_numpy("datetime64[ns]")
        end = df["period_end"].to_numpy("datetime64[ns]")
        start_s, end_s, mid_s = day_strings(start), day_strings(end), day_strings(start + (end - start) / 2)
        y_all = as_floats(df, ycol)
        lo_all, hi_all = as_floats(df, locol), as_floats(df, hicol)
        symbols = [KIND_SYMBOLS.get(str(k), "circle") for k in as_list(df, "kind")]
        custom = custom_data(df)
        running_word = t("legend.running", lang)
        for code, pos in split_codes(group):
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
        present = set(as_list(df, "kind"))
        traces += [legend_only(label("kind", kind, lang), KIND_SYMBOLS[kind], "kinds")
                   for kind in ("attacks", "strikes") if kind in present]
    title = t("chart.attack_periods" if measure == "count" else "chart.attack_rates", lang)
    return make_figure(traces, base_layout(title, lang, xaxis=date_axis(t("axis.period", lang), lang), yaxis={
        "title": {"text": t("axis.count" if measure == "count" else "axis.per_month", lang)}, "rangemode": "tozero"}))


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
        cmap = colors_for(df, colors)
        names = names_of(df)
        day = day_strings(df["day"].to_numpy("datetime64[ns]"))
        casualties = as_floats(df, "casualties")
        traces.append({"type": "scatter", "x": _interleave(day, day, None),
                       "y": _interleave(np.zeros(len(df)), casualties, np.nan), "mode": "lines",
                       "line": {"color": "#cccccc", "width": 1}, "hoverinfo": "skip", "showlegend": False,
                       "meta": "stems"})
        event_day = t("hover.event_day", lang)
        killed, injured, arrested = as_floats(df, "killed"), as_floats(df, "injured"), as_floats(df, "arrested")
        lines = [[f"{event_day}: <b>{d}</b>" + (f" · {html.escape(str(place))}" if not is_missing(place) else ""),
                  t("hover.casualties", lang, killed=fmt_num(k), injured=fmt_num(i), arrested=fmt_num(a))]
                 for d, place, k, i, a in zip(iso_dates(df["day"]),
                                              as_list(df, "place_ar" if lang == "ar" else "place_en"),
                                              killed.tolist(), injured.tolist(), arrested.tolist())]
        hover = hovers(df, lang, names, lines)
        custom = custom_data(df)
        size_all = np.clip(8 + 2 * np.sqrt(np.nan_to_num(arrested)), 8, 22)
        for sid, pos in groups_of(df["source_id"]):
            sid = str(sid)
            traces.append({"type": "scatter", "x": day[pos], "y": casualties[pos], "mode": "markers",
                           "name": names.get(sid, sid),
                           "marker": {"color": cmap.get(sid, "#555"), "size": size_all[pos],
                                      "line": {"width": 1, "color": "white"}},
                           "hovertext": [hover[i] for i in pos.tolist()], "hoverinfo": "text",
                           "customdata": custom[pos]})
    return make_figure(traces, base_layout(t("chart.incidents", lang), lang,
                                           xaxis=date_axis(t("axis.event_day", lang), lang),
                                           yaxis={"title": {"text": t("axis.casualties", lang)}, "rangemode": "tozero"}))


def troops_chart(df: pd.DataFrame, lang: str = "en", colors: Mapping[str, str] | None = None) -> go.Figure:
    """Troop figures over time by report date: one colour per outlet, one marker per when.

    Ranges are drawn as ranges (error bars from `y_lo` to `y_hi`): "less than
    1000" is a bar from 0 to 1000 with an open marker at 1000, never a point at
    1000. Past/current/planned are circle/square/diamond; a figure carried by
    several outlets is one larger marker (hover names the outlets).
    """
    traces: list[dict] = []
    if not df.empty:
        cmap = colors_for(df, colors)
        names = names_of(df)
        shift = _dodge(df["published"], df["source_id"].astype(str)).to_numpy("timedelta64[ns]")
        x_all = np.datetime_as_string(df["published"].to_numpy("datetime64[ns]") + shift, unit="s")
        x_all = np.array([s.replace("T", " ") for s in x_all.tolist()], dtype=object)
        y_all = as_floats(df, "y")
        lo_all, hi_all = as_floats(df, "y_lo"), as_floats(df, "y_hi")
        up_all = np.where(np.isnan(hi_all), 0.0, hi_all - y_all)
        down_all = np.where(np.isnan(lo_all), 0.0, y_all - lo_all)
        troops_word = t("hover.troops", lang)
        symbols, lines = [], []
        for q, when, open_up, fig_text in zip(as_list(df, "qualifier"), as_list(df, "when"), np.isnan(hi_all).tolist(),
                                              figure_texts(df, lang)):
            q = None if is_missing(q) else str(q)
            base = "triangle-up" if open_up else WHEN_SYMBOLS.get(None if is_missing(when) else str(when), "circle")
            symbols.append(base + ("-open" if q in OPEN_QUALIFIERS else ""))  # "more than X": open upwards
            lines.append([f"{troops_word}: <b>{fig_text}</b>"
                          + (f" ({label('when', when, lang)})" if not is_missing(when) else "")])
        hover = hovers(df, lang, names, lines)
        custom = custom_data(df)
        size_all = np.clip(12 + 3 * (as_floats(df, "n_sources") - 1), 12, 24) if "n_sources" in df.columns else None
        for sid, pos in groups_of(df["source_id"]):
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
        traces += [legend_only(label("when", when, lang), sym, "when") for when, sym in WHEN_SYMBOLS.items()]
    return make_figure(traces, base_layout(t("chart.troops", lang), lang,
                                           xaxis=date_axis(t("axis.published", lang), lang),
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
