"""Gold files as the evaluator reads them: each record (one article) and its items,
normalised into `GoldItem`s with the figure, the place and the qualifiers the
claims are checked against (lib.evaluate describes the gold format it reads)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lib.text.places import find_places
from lib.text.textnorm import normalize

KINDS = ("troops", "attacks", "strikes", "base_status")  # the kinds scored, in report order
EXTRA_KINDS = ("incident",)  # scored only in records that carry them ("incidents"), reported apart

# base_counts keys -> (status, qualifier of the count)
COUNT_STATUSES = {"closed": ("closed", None), "withdrawn": ("withdrawn", None),
                  "handed_over": ("handed_over", None), "reinforced": ("reinforced", None),
                  "established": ("established", None), "active": ("active", None),
                  "kept": ("active", None), "kept_at_least": ("active", "at_least")}


@dataclass
class GoldItem:
    """One gold figure or fact of an article."""

    kind: str
    record: int  # index of its record among those evaluated
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    place: str | None = None  # bases: the gazetteer id (or "name:<normalised name>" when the gazetteer lacks it)
    attrs: dict[str, Any] = field(default_factory=dict)  # the qualifiers scored: when, period, status, actor …
    evidence: str = ""
    label: str = ""  # how the item reads in a report

    @property
    def figure(self) -> bool:
        return self.place is None


@dataclass
class GoldRecord:
    file: str
    url: str | None
    split: str | None
    outlet: str | None
    source_id: str | None
    published: str | None
    distractors: list[dict[str, Any]]
    has_incidents: bool
    raw: dict[str, Any]


def _num(v: Any) -> float | None:
    return None if v is None else float(v)


def resolve_place(name_ar: str, place_id: str | None = None) -> str:
    """The gazetteer id of a gold base: its place_id, else the longest place its
    Arabic name resolves to, else "name:<normalised name>" (matches nothing)."""
    if place_id:
        return place_id
    hits = find_places(normalize(name_ar))
    if hits:
        return max(hits, key=lambda p: p.end - p.start).place_id
    return "name:" + normalize(name_ar)


def _period(item: dict[str, Any]) -> tuple[str | None, str | None]:
    return item.get("period_start"), item.get("period_end")


def _figure_label(value: float | None, low: float | None, high: float | None) -> str:
    if value is not None:
        return f"{value:g}"
    return f"{low:g}–{high:g}" if low is not None and high is not None else "?"


def items_of(rec: dict[str, Any], index: int) -> list[GoldItem]:
    out: list[GoldItem] = []
    for t in rec.get("troops", []):
        v = _num(t.get("value"))
        out.append(GoldItem("troops", index, v, _num(t.get("low", v)), _num(t.get("high", v)), t.get("qualifier"),
                            attrs={"when": t.get("when"), "actor": t.get("actor")},
                            evidence=t.get("evidence", ""),
                            label=f"{_figure_label(v, t.get('low'), t.get('high'))} {t.get('qualifier')} "
                                  f"when={t.get('when')}"))
    for kind in ("attacks", "strikes"):
        for a in rec.get(kind, []):
            v = _num(a.get("value"))
            attrs = {"period": _period(a), "actor": a.get("actor")}
            if "cumulative" in a:
                attrs["cumulative"] = bool(a["cumulative"])
            out.append(GoldItem(kind, index, v, _num(a.get("low", v)), _num(a.get("high", v)), a.get("qualifier"),
                                attrs=attrs, evidence=a.get("evidence", ""),
                                label=f"{_figure_label(v, a.get('low'), a.get('high'))} {a.get('qualifier')} "
                                      f"{a.get('period_start')}..{a.get('period_end')} actor={a.get('actor')}"))
    for b in rec.get("bases", []):
        place = resolve_place(b["name_ar"], b.get("place_id"))
        when = b.get("when")
        attrs = {"status": b["status"], "planned": when == "planned"}
        month = b.get("event_month") or (b.get("event_date") or "")[:7] or None
        if month:
            attrs["event_month"] = month
        out.append(GoldItem("base_status", index, place=place, attrs=attrs, evidence=b.get("evidence", ""),
                            label=f"{b['name_ar']} ({place}) {b['status']}" + (" planned" if when == "planned" else "")))
    for c in rec.get("base_counts", []):
        key = next((k for k in COUNT_STATUSES if k in c), None)
        if key is None:
            continue
        status, qualifier = COUNT_STATUSES[key]
        v = _num(c[key])
        attrs = {"status": status, "planned": c.get("when") == "planned"}
        if c.get("event_month"):
            attrs["event_month"] = c["event_month"]
        out.append(GoldItem("base_status", index, v, v, v, qualifier, attrs=attrs, evidence=c.get("evidence", ""),
                            label=f"{v:g} bases {status}" + (" planned" if c.get("when") == "planned" else "")))
    for i in rec.get("incidents", []):
        out.append(GoldItem("incident", index, place=resolve_place(i["place_ar"]), attrs={"day": i.get("date")},
                            evidence=i.get("evidence", ""), label=f"incident {i.get('date')} {i['place_ar']}"))
    return out


def load_gold(paths: list[str | Path], split: str = "all") -> list[GoldRecord]:
    """The records of the gold files in `split` ("tune", "test" or "all"; a record
    without a "split" is in "all" only)."""
    out: list[GoldRecord] = []
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for rec in data:
            if split != "all" and rec.get("split") != split:
                continue
            out.append(GoldRecord(file=rec["file"], url=rec.get("url"), split=rec.get("split"),
                                  outlet=rec.get("outlet"), source_id=rec.get("source_id"),
                                  published=rec.get("published"), distractors=rec.get("distractors", []),
                                  has_incidents="incidents" in rec, raw=rec))
    return out
