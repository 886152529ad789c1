"""Where the map draws each site and its label, so that none hides another.

- `fan_out`: sites at (nearly) the same point are drawn on a small circle around it, one marker
  width apart, each with a thin leader to the true point (the hover gives the true coordinates).
  Green Village and al-Omar share coordinates in the gazetteer; so do MSS Euphrates and Conoco.
- `place_labels`: a greedy label placer. Labels are tried, most important first, at eight
  positions around their point (right, left, above, below, then the corners) and the first that
  overlaps no label or marker already placed is kept; a town whose every position overlaps gets
  no label (its dot and hover stay), a site always gets one (the least overlapping position).

Sizes are estimated in degrees from the map's nominal scale (px per degree), since labels are
placed once on the server, not measured in the browser.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

__all__ = ["fan_out", "place_labels", "Label", "POSITIONS"]

# plotly textposition values, in the order they are tried.
POSITIONS = ("middle right", "middle left", "top center", "bottom center",
             "top right", "top left", "bottom right", "bottom left")


def fan_out(lons: Sequence[float], lats: Sequence[float], near: float, radius: float,
            stretch: float) -> tuple[list[float], list[float], list[int]]:
    """Drawn positions for sites: each group of sites closer than `near` degrees to one another is
    spread on a circle of `radius` degrees (of longitude) around the group's centre, turned so
    that its markers keep as far as they can from the other sites.

    `stretch` is how much longer a degree of latitude is drawn (the circle stays round on screen).
    Returns (drawn lons, drawn lats, group id per site; a site alone has a group of its own).
    """
    n = len(lons)
    group = list(range(n))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if abs(lons[i] - lons[j]) < near and abs(lats[i] - lats[j]) < near:
                group[root(j)] = root(i)
    roots = [root(i) for i in range(n)]
    out_lon, out_lat = list(map(float, lons)), list(map(float, lats))
    members: dict[int, list[int]] = {}
    for i, r in enumerate(roots):
        members.setdefault(r, []).append(i)
    fans = [sorted(m) for m in sorted(members.values(), key=lambda m: (-len(m), min(m))) if len(m) > 1]
    # Each fan turned to keep clear of where the others are drawn; a second and third pass let a
    # fan placed first answer the ones placed after it.
    for _ in range(3 if len(fans) > 1 else 1):
        for idx in fans:
            c_lon = sum(lons[i] for i in idx) / len(idx)
            c_lat = sum(lats[i] for i in idx) / len(idx)
            others = [(out_lon[k], out_lat[k]) for k in range(n) if roots[k] != roots[idx[0]]]

            def spots(turn: float) -> list[tuple[float, float]]:
                return [(c_lon + radius * math.cos(turn + 2 * math.pi * k / len(idx)),
                         c_lat + radius * math.sin(turn + 2 * math.pi * k / len(idx)) / stretch)
                        for k in range(len(idx))]

            def clearance(turn: float) -> float:
                if not others:
                    return 0.0
                return min(math.hypot(x - ox, (y - oy) * stretch) for x, y in spots(turn) for ox, oy in others)

            # Upright (the first site above) unless a turn in 15-degree steps clears more.
            turns = [math.pi / 2 + math.radians(15 * k) for k in range(0, 24)]
            best = max(turns, key=lambda a: (round(clearance(a), 3), -abs(a - math.pi / 2)))
            for i, (x, y) in zip(idx, spots(best)):
                out_lon[i], out_lat[i] = x, y
    return out_lon, out_lat, roots


@dataclass
class Label:
    """A label to place: its point (drawn position), text, marker radius (px) and priority
    (lower is placed first); `must` labels are always placed."""
    lon: float
    lat: float
    text: str
    marker_px: float
    priority: float
    must: bool = True
    away: tuple[float, float] | None = None  # a direction (dx, dy) to prefer, e.g. out of a fan


def _box(lab: Label, pos: str, font_px: float, px_lon: float, px_lat: float) -> tuple[float, float, float, float]:
    """The label's box in degrees (lon0, lon1, lat0, lat1) at textposition `pos`."""
    w = (0.58 * font_px * max(len(lab.text), 1) + 4) / px_lon
    h = (font_px * 1.5) / px_lat
    gap_lon = (lab.marker_px + 3) / px_lon
    gap_lat = (lab.marker_px + 2) / px_lat
    vert, horiz = pos.split(" ")
    if horiz == "right":
        x0 = lab.lon + (gap_lon if vert == "middle" else gap_lon * 0.6)
    elif horiz == "left":
        x0 = lab.lon - (gap_lon if vert == "middle" else gap_lon * 0.6) - w
    else:
        x0 = lab.lon - w / 2
    if vert == "top":
        y0 = lab.lat + gap_lat * 0.8
    elif vert == "bottom":
        y0 = lab.lat - gap_lat * 0.8 - h
    else:
        y0 = lab.lat - h / 2
    return (x0, x0 + w, y0, y0 + h)


def _overlap(a: tuple, b: tuple) -> float:
    dx = min(a[1], b[1]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[2], b[2])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def _order(lab: Label) -> Sequence[str]:
    if not lab.away:
        return POSITIONS
    dx, dy = lab.away
    # Out of a fan: the side pointing away from the fan's centre first.
    horiz = "right" if dx > 0.3 else "left" if dx < -0.3 else "center"
    vert = "top" if dy > 0.3 else "bottom" if dy < -0.3 else "middle"
    first = f"{vert} {horiz}" if f"{vert} {horiz}" in POSITIONS else ("top center" if dy >= 0 else "bottom center")
    return (first,) + tuple(p for p in POSITIONS if p != first)


def place_labels(labels: Sequence[Label], frame: tuple[float, float, float, float], font_px: Sequence[float],
                 px_per_lon: float, stretch: float,
                 obstacles: Sequence[tuple[float, float, float]] = (),
                 boxes: Sequence[tuple[float, float, float, float]] = ()) -> list[str | None]:
    """A textposition for each label (None: left without a label), placed greedily by priority.

    `font_px` gives each label's font size; `obstacles` are (lon, lat, radius px) markers and
    `boxes` (lon0, lon1, lat0, lat1) fixed texts that labels should not cover; `frame` keeps
    labels inside the map.
    """
    px_lat = px_per_lon * stretch
    placed: list[tuple] = []
    marks = [(lon - r / px_per_lon, lon + r / px_per_lon, lat - r / px_lat, lat + r / px_lat)
             for lon, lat, r in obstacles] + list(boxes)
    out: list[str | None] = [None] * len(labels)
    lon0, lon1, lat0, lat1 = frame
    for i in sorted(range(len(labels)), key=lambda k: labels[k].priority):
        lab = labels[i]
        best, best_cost = None, math.inf
        for pos in _order(lab):
            box = _box(lab, pos, font_px[i], px_per_lon, px_lat)
            outside = max(0.0, lon0 - box[0]) + max(0.0, box[1] - lon1) + max(0.0, lat0 - box[2]) + max(0.0, box[3] - lat1)
            cost = sum(_overlap(box, b) for b in placed) * 4 + sum(_overlap(box, m) for m in marks) + outside * 10
            if cost < best_cost - 1e-12:
                best, best_cost = (pos, box), cost
            if cost == 0:
                break
        if best is None or (best_cost > 0 and not lab.must):
            continue
        out[i] = best[0]
        placed.append(best[1])
    return out
