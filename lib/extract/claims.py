"""Claims as dicts of claim-table columns (lib.store.schema.CLAIM_COLUMNS), and
the de-duplication of an article's claims."""
from __future__ import annotations

import re
from typing import Any

from lib.extract.sentence import Sentence
from lib.text.dates import DateRef
from lib.text.numbers import Quantity
from lib.text.places import PlaceMatch
from lib.text.textnorm import to_western_digits

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


def _times_written(value: Any, sentence: str) -> int:
    """How many times a whole-number figure is written in digits in a sentence
    ("36 منها ... (36 في دير الزور": 2); 1 when it is not written in digits there."""
    if not isinstance(value, (int, float)) or value != value or value != int(value):
        return 1
    digits = re.compile(rf"(?<![\d.,]){int(value)}(?![\d]|[.,]\d)")
    return max(1, len(digits.findall(to_western_digits(sentence))))


def dedupe(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An article that states the same figure twice makes one claim (the first).

    Equal claims from the sentence that made the first are kept as many times as the
    sentence writes the figure: the parts of a breakdown that happen to be equal
    ("3 في الرقة و3 في حماة"، "تبنى 36 منها ... 36 في دير الزور") are separate items,
    whereas the figure repeated in a later sentence, or found twice in one place, is one."""
    home: dict[tuple[Any, ...], list[int]] = {}  # key -> [the first claim's sentence start, claims kept]
    out = []
    for c in claims:
        key = tuple(c.get(f) for f in _KEY_FIELDS)
        kept = home.get(key)
        if kept is None:
            home[key] = [c.get("span_start"), 1]
        elif kept[0] == c.get("span_start") and kept[1] < _times_written(c.get("value"), c.get("evidence") or ""):
            kept[1] += 1
        else:
            continue
        out.append(c)
    return out
