"""The bases map (status as of a date, offline-safe), and its plain form for files opened offline.

The map draws Syria's outline (bundled) and the points with no network; a tile
basemap is an optional layer the browser loads when it can.
"""
from __future__ import annotations

import html
import json
import math
from datetime import date
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.dashboard.charts.hover import as_floats, as_list, bidi, evidence_html, is_missing, iso_date, iso_dates
from lib.dashboard.charts.layout import FONT, base_layout, make_figure
from lib.dashboard.i18n import label, t
from lib.reference import REFERENCE_DIR

__all__ = ["STATUS_COLORS", "TILE_URL", "PROBE_TILE_URL", "map_view", "bases_map", "without_tiles", "map_as_plain"]

OUTLINE_PATH = REFERENCE_DIR / "syria_outline.geojson"
STATUS_COLORS = {"closed": "#d62728", "withdrawn": "#ff7f0e", "handed_over": "#9467bd", "reinforced": "#2ca02c",
                 "established": "#1f77b4", "active": "#17becf", "mentioned": "#7f7f7f"}
# Tiles for the map's basemap, fetched by the browser (never by the server or the tests).
TILE_URL = "https://a.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = "© OpenStreetMap contributors © CARTO"
# One tile over Syria: if the browser can load it, it can load the basemap.
PROBE_TILE_URL = "https://a.basemaps.cartocdn.com/light_all/5/19/12.png"


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


def bases_map(places: pd.DataFrame, history: pd.DataFrame, lang: str = "en", asof: date | pd.Timestamp | None = None,
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
            who = as_list(part, "outlet") if "outlet" in part.columns else as_list(part, "source_id")
            by_place[str(pid)] = [
                f"{d} · {html.escape(str(w))} · {label('status', s, lang)}"
                + (f"<br>{evidence_html(e, 60)}" if not is_missing(e) else "")
                for d, w, s, e in zip(iso_dates(part["day"]), who, as_list(part, "status"), as_list(part, "evidence"))]
    if not places.empty:
        area = places["geo_precision"].isin(["governorate", "district", "country", "region"]).to_numpy()
        for status in [s for s in STATUS_COLORS if s in set(places["status"])] + \
                [s for s in sorted(set(places["status"])) if s not in STATUS_COLORS]:
            for is_area in (False, True):
                part = places[(places["status"] == status).to_numpy() & (area == is_area)]
                if part.empty:
                    continue
                outlets = as_list(part, "status_outlet" if "status_outlet" in part.columns else "status_source")
                status_word = label("status", status, lang)
                hov = []
                for pid, ar, en, day, outlet, n in zip(as_list(part, "place_id"), as_list(part, "place_ar"),
                                                       as_list(part, "place_en"), iso_dates(part["status_day"]), outlets,
                                                       as_list(part, "n_articles")):
                    name_main, name_other = (ar, en) if lang == "ar" else (en, ar)
                    lines = [f"<b>{html.escape(str(name_main))}</b> ({html.escape(str(name_other))})",
                             t("hover.status_asof", lang, status=status_word, day=day, outlet=html.escape(str(outlet))),
                             t("hover.n_articles", lang, n=int(n))]
                    if is_area:
                        lines.append(t("hover.area_level", lang))
                    lines += by_place.get(str(pid), [])
                    hov.append(bidi("<br>".join(lines), lang))
                n = as_floats(part, "n_articles")
                size = np.clip(10 + 5 * np.sqrt(n - 1), 10, 34) if not is_area else np.clip(34 + 4 * np.sqrt(n), 34, 60)
                name = status_word + (f" ({t('legend.area', lang)})" if is_area else "")
                custom = [[str(c), str(a), str(s)] for c, a, s in zip(
                    as_list(part, "claim_id") if "claim_id" in part.columns else [""] * len(part),
                    as_list(part, "article_id") if "article_id" in part.columns else [""] * len(part),
                    as_list(part, "status_source"))]
                traces.append({
                    "type": "scattermap", "lat": as_floats(part, "lat"), "lon": as_floats(part, "lon"),
                    "mode": "markers", "name": name, "legendgroup": status,
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
    title = t("chart.bases", lang) + (f" — {iso_date(asof)}" if asof is not None else "")
    # "white-bg" needs nothing from the network; the tile layer above is optional decoration.
    return make_figure(traces, base_layout(title, lang, map={"style": "white-bg", "center": centre, "zoom": zoom,
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
    return make_figure(traces, layout)
