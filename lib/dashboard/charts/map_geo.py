"""The map's ground: neighbours, Syria and its governorates, the Euphrates, towns and country names,
drawn from bundled Natural Earth data (`data/reference/geo/`, sources in its SOURCES.md) as plain
plotly scatter traces on longitude/latitude axes. Nothing is fetched: the map draws offline, and
the PNG, SVG and HTML exports show exactly what the app shows.

Projection: longitude and latitude on linear axes with the latitude axis stretched by 1/cos of the
frame's middle latitude (`yaxis.scaleratio`), an equirectangular projection true to scale at
Syria's latitude. The frame is fixed by the layout's axis ranges with `constrain="domain"`, so
a wider or narrower window never shows more or less of the map.
"""
from __future__ import annotations

import csv
import json
import math
from functools import lru_cache
from typing import Sequence

import numpy as np

from lib import settings
from lib.reference import REFERENCE_DIR

__all__ = ["Frame", "frame_for", "ground_traces", "towns", "fixed_labels", "lat_stretch", "load_layer"]

GEO_DIR = REFERENCE_DIR / "geo"
OUTLINE_PATH = REFERENCE_DIR / "syria_outline.geojson"

SEA = "#d6e6f2"
LAND = "#eeebe4"          # neighbours
SYRIA = "#ffffff"
BORDER = "#8a8580"        # international borders and coasts
SYRIA_BORDER = "#4d4943"
ADMIN1 = "#b9b3aa"        # governorate boundaries
RIVER = "#5b9bd5"
TOWN = "#6b655d"
COUNTRY_TEXT = "#9a948b"

Frame = tuple[float, float, float, float]  # lon0, lon1, lat0, lat1


@lru_cache(maxsize=8)
def load_layer(name: str) -> dict:
    """A bundled GeoJSON layer (`geo/<name>.geojson`, or the outline); an empty one if unreadable."""
    path = OUTLINE_PATH if name == "syria_outline" else GEO_DIR / f"{name}.geojson"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"type": "FeatureCollection", "features": []}


@lru_cache(maxsize=1)
def towns() -> tuple[dict, ...]:
    """The reference towns (geo/towns.csv): place_id, names, lat, lon, rank (1 = always worth a label)."""
    try:
        with (GEO_DIR / "towns.csv").open(encoding="utf-8", newline="") as fh:
            return tuple({**r, "lat": float(r["lat"]), "lon": float(r["lon"]), "rank": int(r["rank"])}
                         for r in csv.DictReader(fh))
    except (OSError, KeyError, ValueError):
        return ()


def frame_for(lons: Sequence[float], lats: Sequence[float]) -> Frame:
    """The map's frame: all of Syria (settings.MAP_MIN_FRAME), widened to every site in the region
    with a margin, never beyond settings.MAP_REGION."""
    lon0, lon1, lat0, lat1 = settings.MAP_MIN_FRAME
    r_lon0, r_lon1, r_lat0, r_lat1 = settings.MAP_REGION
    m = settings.MAP_FRAME_MARGIN_DEG
    for lon, lat in zip(lons, lats):
        if lon is None or lat is None or lon != lon or lat != lat:
            continue
        if not (r_lon0 <= lon <= r_lon1 and r_lat0 <= lat <= r_lat1):
            continue  # far away (a claim about Washington): listed in the table, not framed
        lon0, lon1 = min(lon0, lon - m), max(lon1, lon + m)
        lat0, lat1 = min(lat0, lat - m), max(lat1, lat + m)
    return (max(lon0, r_lon0), min(lon1, r_lon1), max(lat0, r_lat0), min(lat1, r_lat1))


def lat_stretch(frame: Frame) -> float:
    """How much longer a degree of latitude is drawn than a degree of longitude (1/cos of the middle)."""
    return 1.0 / math.cos(math.radians((frame[2] + frame[3]) / 2))


def _rings(geom: dict | None) -> list[list[list[float]]]:
    if not geom:
        return []
    kind, coords = geom.get("type"), geom.get("coordinates", [])
    if kind == "Polygon":
        return [coords[0]] if coords else []
    if kind == "MultiPolygon":
        return [poly[0] for poly in coords if poly]
    if kind == "LineString":
        return [coords]
    if kind == "MultiLineString":
        return list(coords)
    return []


def _xy(lines: list[list[list[float]]]) -> tuple[list, list]:
    """Many lines as one trace: coordinates separated by None (one SVG path, fast to draw)."""
    xs: list = []
    ys: list = []
    for line in lines:
        if xs:
            xs.append(None)
            ys.append(None)
        xs += [p[0] for p in line]
        ys += [p[1] for p in line]
    return xs, ys


def _shape(name: str, lines: list, meta: str, **style) -> dict:
    xs, ys = _xy(lines)
    return {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip", "showlegend": False,
            "name": name, "meta": meta, **style}


def ground_traces(lang: str) -> list[dict]:
    """The map's background layers, bottom to top: neighbours' land, Syria, governorate boundaries,
    international borders and coasts, Syria's border, the Euphrates and the Tigris. `meta` names
    each layer."""
    countries = load_layer("countries")["features"]
    govs = load_layer("syria_governorates")["features"]
    polys = [f for f in govs if f["geometry"]["type"] == "Polygon"]
    internal = [f for f in govs if f["properties"].get("kind") == "boundary"]
    outline = [ring for f in load_layer("syria_outline")["features"] for ring in _rings(f["geometry"])]
    name_key = "name_ar" if lang == "ar" else "name_en"
    out: list[dict] = []
    for f in countries:
        if not f.get("geometry"):
            continue
        for ring in _rings(f["geometry"]):
            out.append(_shape(f["properties"][name_key], [ring], "country", fill="toself", fillcolor=LAND,
                              line={"width": 0}))
    # A halo of land colour under Syria's edge: the neighbours come at a coarser scale (1:110m) than
    # Syria (1:10m), and the halo closes the slivers of sea the two would leave between them.
    out.append(_shape("halo", outline, "halo", line={"color": LAND, "width": 5}))
    for f in polys:
        for ring in f["geometry"]["coordinates"][:1]:
            out.append(_shape(f["properties"][name_key], [ring], "governorate", fill="toself", fillcolor=SYRIA,
                              line={"width": 0}))
    out.append(_shape("governorates", [r for f in internal for r in _rings(f["geometry"])], "admin1",
                      line={"color": ADMIN1, "width": 0.8, "dash": "dot"}))
    out.append(_shape("borders", [list(map(list, line)) for line in _border_lines()], "borders",
                      line={"color": BORDER, "width": 0.9}))
    out.append(_shape("Syria", outline, "syria_border", line={"color": SYRIA_BORDER, "width": 1.8},
                      uid="syria_border"))  # uid: findable in an SVG export
    for f in load_layer("rivers")["features"]:  # the Euphrates, then the Tigris
        out.append(_shape(f["properties"][name_key], _rings(f["geometry"]), "river",
                          line={"color": RIVER, "width": 1.6}))
    return out


def _distance_to_lines(p: Sequence[float], a: np.ndarray, b: np.ndarray) -> float:
    """Distance in degrees from point `p` to the nearest of the segments a[i]-b[i]."""
    ab = b - a
    ap = np.asarray(p, dtype=float) - a
    t = np.clip((ap * ab).sum(1) / np.maximum((ab * ab).sum(1), 1e-12), 0.0, 1.0)
    return float(np.sqrt(((ap - t[:, None] * ab) ** 2).sum(1)).min())


@lru_cache(maxsize=1)
def _border_lines() -> tuple:
    """The neighbours' borders and coasts, without the stretches along Syria (Syria's own, finer
    border is drawn there: two lines a few pixels apart would read as a double border)."""
    countries = load_layer("countries")["features"]
    lines_10m = [np.asarray(line, dtype=float) for f in load_layer("syria_outline")["features"]
                 for line in _rings(f["geometry"]) if len(line) > 1]
    a = np.concatenate([line[:-1] for line in lines_10m]) if lines_10m else np.zeros((1, 2))
    b = np.concatenate([line[1:] for line in lines_10m]) if lines_10m else np.zeros((1, 2))
    tol = 0.12  # degrees: the 1:110m border is within about this of the 1:10m one
    lines: list = []
    for f in countries:
        for ring in _rings(f.get("geometry")):
            cur: list = []
            for p in ring:
                if lines_10m and _distance_to_lines(p, a, b) < tol:
                    if len(cur) > 1:
                        lines.append(tuple(cur))
                    cur = []
                else:
                    cur.append(tuple(p))
            if len(cur) > 1:
                lines.append(tuple(cur))
    return tuple(lines)


def _text_box(lon: float, lat: float, text: str, font_px: float, px_lon: float, stretch: float,
              below: bool = False) -> tuple[float, float, float, float]:
    w = (0.62 * font_px * len(text) + 6) / px_lon
    h = font_px * 1.3 / (px_lon * stretch)
    return (lon - w / 2, lon + w / 2, lat - h if below else lat - h / 2, lat if below else lat + h / 2)


def fixed_labels(frame: Frame, lang: str, px_lon: float) -> tuple[list[dict], list[tuple]]:
    """The country names and the rivers' names, as text traces, with the boxes they take (so
    site and town labels are placed around them). A name goes at its first label point inside
    the frame, moved in from the frame's edge if it would be cut."""
    lon0, lon1, lat0, lat1 = frame
    stretch = lat_stretch(frame)
    traces: list[dict] = []
    boxes: list[tuple] = []
    xs, ys, texts = [], [], []
    size = settings.MAP_COUNTRY_LABEL_PX
    for f in load_layer("countries")["features"]:
        props = f["properties"]
        name = props["name_ar"] if lang == "ar" else props["name_en"].upper()
        for lon, lat in props.get("label_points", []):
            if not (lon0 < lon < lon1 and lat0 < lat < lat1):
                continue
            box = _text_box(lon, lat, name, size, px_lon, stretch)
            lon += max(0.0, lon0 + 0.05 - box[0]) - max(0.0, box[1] - (lon1 - 0.05))
            xs.append(lon)
            ys.append(lat)
            texts.append(name)
            boxes.append(_text_box(lon, lat, name, size, px_lon, stretch))
            break
    if xs:
        traces.append({"type": "scatter", "x": xs, "y": ys, "mode": "text", "text": texts, "hoverinfo": "skip",
                       "showlegend": False, "meta": "country_labels", "name": "countries",
                       "textfont": {"size": size, "color": COUNTRY_TEXT}})
    for f in load_layer("rivers")["features"]:
        name = f["properties"]["name_ar" if lang == "ar" else "name_en"]
        for lon, lat in f["properties"].get("label_points", []):
            if lon0 < lon < lon1 and lat0 < lat < lat1:
                traces.append({"type": "scatter", "x": [lon], "y": [lat], "mode": "text", "text": [name],
                               "textposition": "bottom center", "hoverinfo": "skip", "showlegend": False,
                               "meta": "river_label", "name": "river",
                               "textfont": {"size": settings.MAP_TOWN_LABEL_PX + 1, "color": RIVER}})
                boxes.append(_text_box(lon, lat, name, settings.MAP_TOWN_LABEL_PX + 1, px_lon, stretch, below=True))
                break
    return traces, boxes
