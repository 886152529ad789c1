"""The bases map: every base or place coloured by its latest reported status as of a date, on a
map of Syria and its neighbours drawn from bundled Natural Earth data (no network, no tiles).

How it reads:
- the frame always holds all of Syria (and widens to sites in Iraq or Jordan); it is fixed by the
  layout itself, so the app, the PNG/SVG and the HTML file show the same view (`map_geo`);
- every site is labelled in the UI language; sites sharing a point are fanned out around it with a
  leader to the true point, and their hover gives the true coordinates (`map_labels`);
- colour is the status; a plan (`when == "planned"`) is a hollow marker named "(planned)"; a
  large pale circle is an area-level claim (a governorate, "bases in Hasakah"), not a site;
- the legend always lists every status, whichever the filters leave.
"""
from __future__ import annotations

import html
from datetime import date
from typing import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib import settings
from lib.dashboard.charts import map_geo
from lib.dashboard.charts.hover import as_floats, as_list, bidi, evidence_html, is_missing
from lib.dashboard.charts.layout import FONT, make_figure
from lib.dashboard.charts.map_labels import Label, fan_out, place_labels
from lib.dashboard.charts.map_text import (STATUS_ORDER, articles_phrase, is_planned, isolate, shown_date, site_label,
                                           status_name)
from lib.dashboard.i18n import is_rtl, t

__all__ = ["STATUS_COLORS", "bases_map", "AREA_PRECISIONS"]

STATUS_COLORS = {"closed": "#d62728", "withdrawn": "#ff7f0e", "handed_over": "#9467bd", "reinforced": "#2ca02c",
                 "established": "#1f77b4", "active": "#17becf", "mentioned": "#7f7f7f"}
# Claims about an area, not a site: drawn as a large pale circle at the area's centre.
AREA_PRECISIONS = frozenset({"governorate", "district", "country", "region"})


def _size(n: np.ndarray, area: bool) -> np.ndarray:
    n = np.nan_to_num(n, nan=1.0)
    if area:
        return np.clip(30 + 3 * np.sqrt(n), 30, 44)
    return np.clip(9 + 3 * np.sqrt(np.maximum(n - 1, 0)), 9, 21)


def _coords_line(lat: float, lon: float, precision: object, lang: str) -> str:
    prec = t(f"map.precision.{precision}", lang) if isinstance(precision, str) else ""
    prec = "" if prec.startswith("map.precision.") else prec
    text = t("map.hover.coords", lang, lat=f"{lat:.3f}", lon=f"{lon:.3f}")
    return f"{text} · {prec}" if prec else text


def _history_lines(history: pd.DataFrame, lang: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if history is None or history.empty:
        return out
    prec = as_list(history, "date_precision")
    when = as_list(history, "when")
    who = as_list(history, "outlet") if "outlet" in history.columns else as_list(history, "source_id")
    for (pid, day, w, s, pl, p, e) in sorted(zip(as_list(history, "place_id"), as_list(history, "day"), who,
                                                 as_list(history, "status"), when, prec, as_list(history, "evidence")),
                                             key=lambda r: str(r[1]), reverse=True):
        line = f"{isolate(shown_date(day, p), lang)} · {html.escape('' if is_missing(w) else str(w))} · " \
               f"{status_name(s, lang, is_planned(pl))}"
        if not is_missing(e):
            line += f"<br>{evidence_html(e, 60)}"
        out.setdefault(str(pid), []).append(line)
    return out


def bases_map(places: pd.DataFrame, history: pd.DataFrame, lang: str = "en",
              asof: date | pd.Timestamp | None = None) -> go.Figure:
    """Bases and places by their latest status as of `asof`, on an offline map of Syria.

    `places`: one row per place (views.bases, plus `when` and `date_precision` of the status
    claim when known); `history`: their recent claims with provenance, for the hover.
    """
    places = places.reset_index(drop=True) if places is not None else pd.DataFrame()
    lons, lats = as_floats(places, "lon"), as_floats(places, "lat")
    ok = ~(np.isnan(lons) | np.isnan(lats))
    places, lons, lats = places[ok].reset_index(drop=True), lons[ok], lats[ok]
    frame = map_geo.frame_for(lons.tolist(), lats.tolist())
    stretch = map_geo.lat_stretch(frame)
    px_lon = settings.MAP_NOMINAL_PLOT_WIDTH_PX / (frame[1] - frame[0])

    statuses = [str(s) for s in as_list(places, "status")]
    planned = [is_planned(w) for w in as_list(places, "when")]
    area = [isinstance(g, str) and g in AREA_PRECISIONS for g in as_list(places, "geo_precision")]
    n_art = as_floats(places, "n_articles")
    sizes = np.where(area, _size(n_art, True), _size(n_art, False)) if len(places) else np.zeros(0)

    # Sites sharing a point are fanned out; area circles stay where they are.
    site_idx = [i for i in range(len(places)) if not area[i]]
    d_lon, d_lat = lons.astype(float).copy(), lats.astype(float).copy()
    groups = list(range(len(places)))
    if site_idx:
        f_lon, f_lat, f_grp = fan_out([lons[i] for i in site_idx], [lats[i] for i in site_idx],
                                      settings.MAP_COLOCATED_DEG, settings.MAP_FAN_RADIUS_DEG, stretch)
        for k, i in enumerate(site_idx):
            d_lon[i], d_lat[i], groups[i] = f_lon[k], f_lat[k], site_idx[f_grp[k]]
    fanned = [sum(1 for g in groups if g == groups[i]) > 1 and not area[i] for i in range(len(places))]

    labels = [site_label(p, en, ar, lang) for p, en, ar in zip(as_list(places, "place_id"), as_list(places, "place_en"),
                                                                as_list(places, "place_ar"))]
    towns = [tw for tw in map_geo.towns()
             if frame[0] < tw["lon"] < frame[1] and frame[2] < tw["lat"] < frame[3]
             and not any(abs(tw["lon"] - lons[i]) < 0.08 and abs(tw["lat"] - lats[i]) < 0.08 for i in site_idx)]
    rank = {s: k for k, s in enumerate(STATUS_ORDER)}
    jobs = [Label(float(d_lon[i]), float(d_lat[i]), labels[i], float(sizes[i]) / 2,
                  priority=(100 if area[i] else 0) + rank.get(statuses[i], 9) - min(float(np.nan_to_num(n_art[i])), 50) / 100,
                  must=True, away=_away(i, groups, d_lon, d_lat, lons, lats, stretch) if fanned[i] else None)
            for i in range(len(places))]
    jobs += [Label(tw["lon"], tw["lat"], tw["name_ar"] if lang == "ar" else tw["name_en"], 3,
                   priority=200 + tw["rank"], must=False) for tw in towns]
    fonts = [settings.MAP_SITE_LABEL_PX] * len(places) + [settings.MAP_TOWN_LABEL_PX] * len(towns)
    obstacles = [(float(d_lon[i]), float(d_lat[i]), float(sizes[i]) / 2) for i in range(len(places))]
    fixed, boxes = map_geo.fixed_labels(frame, lang, px_lon)
    positions = place_labels(jobs, frame, fonts, px_lon, stretch, obstacles, boxes)

    traces = map_geo.ground_traces(lang)
    traces.append(_towns_trace(towns, positions[len(places):], lang))
    traces += fixed
    if any(fanned):
        traces += _leaders(places, lons, lats, d_lon, d_lat, fanned, lang)
    hist = _history_lines(history, lang)
    traces += _site_traces(places, statuses, planned, area, sizes, d_lon, d_lat, lons, lats, labels, positions,
                           fanned, groups, hist, lang)
    return make_figure(traces, _layout(frame, stretch, lang, asof))


def _away(i: int, groups: list[int], d_lon: np.ndarray, d_lat: np.ndarray, lons: np.ndarray, lats: np.ndarray,
          stretch: float) -> tuple[float, float]:
    members = [k for k, g in enumerate(groups) if g == groups[i]]
    c_lon = float(np.mean([lons[k] for k in members]))
    c_lat = float(np.mean([lats[k] for k in members]))
    return (float(d_lon[i] - c_lon) / settings.MAP_FAN_RADIUS_DEG,
            float(d_lat[i] - c_lat) * stretch / settings.MAP_FAN_RADIUS_DEG)


def _towns_trace(towns: list[dict], positions: Sequence[str | None], lang: str) -> dict:
    names = [tw["name_ar"] if lang == "ar" else tw["name_en"] for tw in towns]
    return {"type": "scatter", "x": [tw["lon"] for tw in towns], "y": [tw["lat"] for tw in towns],
            "mode": "markers+text", "text": [n if p else "" for n, p in zip(names, positions)],
            "textposition": [p or "top center" for p in positions],
            "textfont": {"size": settings.MAP_TOWN_LABEL_PX, "color": map_geo.TOWN},
            "marker": {"size": 5, "color": map_geo.TOWN, "symbol": "square"},
            "hovertext": names, "hoverinfo": "text", "showlegend": False, "meta": "towns", "name": "towns"}


def _leaders(places: pd.DataFrame, lons, lats, d_lon, d_lat, fanned: list[bool], lang: str) -> list[dict]:
    xs: list = []
    ys: list = []
    tx, ty, tt = [], [], []
    for i, f in enumerate(fanned):
        if not f:
            continue
        xs += [float(lons[i]), float(d_lon[i]), None]
        ys += [float(lats[i]), float(d_lat[i]), None]
        tx.append(float(lons[i]))
        ty.append(float(lats[i]))
        tt.append(_coords_line(float(lats[i]), float(lons[i]), places["geo_precision"].iloc[i], lang))
    return [{"type": "scatter", "x": xs, "y": ys, "mode": "lines", "line": {"color": "#444", "width": 1},
             "hoverinfo": "skip", "showlegend": False, "meta": "leaders", "name": "leaders"},
            {"type": "scatter", "x": tx, "y": ty, "mode": "markers", "marker": {"size": 4, "color": "#222"},
             "hovertext": tt, "hoverinfo": "text", "showlegend": False, "meta": "true_points", "name": "true points"}]


def _site_traces(places, statuses, planned, area, sizes, d_lon, d_lat, lons, lats, labels, positions, fanned,
                 groups, hist, lang) -> list[dict]:
    traces: list[dict] = []
    names_main = as_list(places, "place_ar" if lang == "ar" else "place_en")
    names_other = as_list(places, "place_en" if lang == "ar" else "place_ar")
    days = as_list(places, "status_day")
    precs = as_list(places, "date_precision")
    outlets = as_list(places, "status_outlet" if "status_outlet" in places.columns else "status_source")
    pids = as_list(places, "place_id")
    precisions = as_list(places, "geo_precision")
    n_art = as_floats(places, "n_articles")

    def hover(i: int) -> str:
        lines = [f"<b>{html.escape(str(names_main[i] or labels[i]))}</b>"
                 + (f" ({html.escape(str(names_other[i]))})" if not is_missing(names_other[i]) else "")]
        when = shown_date(days[i], precs[i])
        outlet = "" if is_missing(outlets[i]) else html.escape(str(outlets[i]))
        lines.append(t("map.hover.status", lang, status=status_name(statuses[i], lang, planned[i]),
                       day=isolate(when, lang) or "?", outlet=outlet))
        if not np.isnan(n_art[i]):
            lines.append(articles_phrase(int(n_art[i]), lang))
        lines.append(_coords_line(float(lats[i]), float(lons[i]), precisions[i], lang))
        if fanned[i]:
            others = [labels[k] for k in range(len(labels)) if groups[k] == groups[i] and k != i]
            lines.append(t("map.hover.fanned", lang, others=html.escape(", ".join(others))))
        if area[i]:
            lines.append(t("map.hover.area", lang))
        lines += hist.get(str(pids[i]), [])
        return bidi("<br>".join(lines), lang)

    custom_cols = [as_list(places, c) for c in ("claim_id", "article_id", "status_source")]
    for status in list(STATUS_ORDER) + sorted(set(statuses) - set(STATUS_ORDER)):
        color = STATUS_COLORS.get(status, "#444444")
        for plan, is_area in ((False, False), (True, False), (False, True), (True, True)):
            idx = [i for i in range(len(statuses))
                   if statuses[i] == status and planned[i] == plan and area[i] == is_area]
            name = status_name(status, lang, plan) + (f" {t('map.legend.area', lang)}" if is_area else "")
            if not idx:
                if not plan and not is_area:  # every status stays in the legend
                    traces.append(_legend_only(name, status, color))
                continue
            marker = {"size": [float(sizes[i]) for i in idx], "color": color, "opacity": 0.35 if is_area else 0.95,
                      "line": {"color": "white", "width": 1}}
            if plan:  # a plan is hollow
                marker.update({"symbol": "circle-open", "color": color, "line": {"color": color, "width": 2.5},
                               "opacity": 0.95})
            traces.append({
                "type": "scatter", "x": [float(d_lon[i]) for i in idx], "y": [float(d_lat[i]) for i in idx],
                "mode": "markers+text", "text": [labels[i] if positions[i] else "" for i in idx],
                "textposition": [positions[i] or "top center" for i in idx],
                "textfont": {"size": settings.MAP_SITE_LABEL_PX, "color": "#222222",
                             **({"style": "italic"} if is_area else {})},
                "marker": marker, "name": name, "legendgroup": status, "showlegend": not is_area,
                "hovertext": [hover(i) for i in idx], "hoverinfo": "text",
                "customdata": [[str(c[i]) if not is_missing(c[i]) else "" for c in custom_cols] for i in idx],
                "meta": f"{status}{':planned' if plan else ''}{':area' if is_area else ''}"})
    traces.append(_legend_only(t("map.legend.planned", lang), "planned", "#555555", symbol="circle-open"))
    if any(area):
        traces.append(_legend_only(t("map.legend.area_help", lang), "area", "#999999", opacity=0.35, size=16))
    return traces


def _legend_only(name: str, group: str, color: str, symbol: str = "circle", opacity: float = 0.95,
                 size: float = 11) -> dict:
    """A legend entry with nothing drawn (a status the filters left out, or a key to a shape)."""
    marker = {"color": color, "symbol": symbol, "size": size, "opacity": opacity}
    if symbol.endswith("-open"):
        marker["line"] = {"color": color, "width": 2.5}
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name, "legendgroup": group,
            "marker": marker, "hoverinfo": "skip", "showlegend": True, "meta": f"legend:{group}"}


def _layout(frame: tuple, stretch: float, lang: str, asof) -> dict:
    """Axes fixed to the frame (constrain="domain": a wider window adds margin, never more map),
    the legend under the map, and a height and width that give the map the nominal width (less
    when the height is capped): the page's column and the PNG then draw the map at the same size."""
    rtl = is_rtl(lang)
    lon0, lon1, lat0, lat1 = frame
    day = "" if asof is None or pd.isna(pd.Timestamp(asof)) else pd.Timestamp(asof).strftime("%Y-%m-%d")
    title = bidi(t("map.title", lang, day=isolate(day, lang)) if day else t("map.title_all", lang), lang)
    axis = {"showgrid": False, "zeroline": False, "showticklabels": False, "ticks": "", "showline": True,
            "linecolor": "#cccccc", "mirror": True, "constrain": "domain"}
    top, bottom, side = 50, 110, 4  # the title; the legend's rows; a hairline each side
    aspect = (lat1 - lat0) * stretch / (lon1 - lon0)  # the plot's height per unit of width
    plot_h = min(settings.MAP_NOMINAL_PLOT_WIDTH_PX * aspect, settings.MAP_HEIGHT_PX)
    return {
        "title": {"text": title, "x": 0.99 if rtl else 0.01, "xanchor": "right" if rtl else "left"},
        "font": {"family": FONT, "size": 12},
        "height": int(round(plot_h)) + top + bottom,
        # The width the map takes at that height: a PNG/SVG (exports.image takes it) has no blank
        # side; the app draws the figure at its column's width whatever this says.
        "width": int(round(plot_h / aspect)) + 2 * side,
        "margin": {"l": side, "r": side, "t": top, "b": bottom},
        "plot_bgcolor": map_geo.SEA, "paper_bgcolor": "white",
        "hovermode": "closest", "hoverlabel": {"align": "right" if rtl else "left", "font": {"family": FONT}},
        "xaxis": {**axis, "range": [lon0, lon1], "constraintoward": "right" if rtl else "left"},
        "yaxis": {**axis, "range": [lat0, lat1], "scaleanchor": "x", "scaleratio": stretch, "constraintoward": "top"},
        "legend": {"orientation": "h", "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left",
                   "y": -0.015, "yanchor": "top",
                   "title": {"text": t("map.legend.title", lang), "side": "top right" if rtl else "top"},
                   "itemclick": "toggle", "font": {"size": 12}},
        "meta": {"frame": list(frame)},
    }
