"""Claims as dicts of claim-table columns (lib.store.schema.CLAIM_COLUMNS), and
the de-duplication of an article's claims."""
from __future__ import annotations

from typing import Any

from lib.extract.sentence import Sentence
from lib.text.dates import DateRef
from lib.text.numbers import Quantity
from lib.text.places import PlaceMatch

# The casualty lists of the lexicon, and the incident columns they fill.
CASUALTY_KEYS = ("killed", "injured", "arrested")


def claim(kind: str, s: Sentence, **fields: Any) -> dict[str, Any]:
    """A claim of `kind` with its evidence sentence and its span in the article."""
    return {"kind": kind, "evidence": s.text, "span_start": s.start, "span_end": s.end, **fields}


def range_fields(q: Quantity) -> dict[str, Any]:
    return {"value": q.value, "low": q.low, "high": q.high, "qualifier": q.qualifier}


def period_fields(ref: DateRef | None) -> dict[str, Any]:
    if ref is None:
        return {"period_start": None, "period_end": None, "date_precision": "unknown"}
    return {"period_start": ref.period_start, "period_end": ref.period_end, "date_precision": ref.precision}


def place_fields(p: PlaceMatch) -> dict[str, Any]:
    return {"place_id": p.place_id, "place_ar": p.name_ar, "place_en": p.name_en, "lat": p.lat, "lon": p.lon,
            "geo_precision": p.geo_precision}


_KEY_FIELDS = ("kind", "value", "low", "high", "qualifier", "when", "period_start", "period_end", "status",
               "place_id", "of_total", "killed", "injured", "arrested")


def dedupe(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An article that states the same figure twice makes one claim (the first)."""
    seen, out = set(), []
    for c in claims:
        key = tuple(c.get(f) for f in _KEY_FIELDS)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
