"""What a correction holds, as data: the fields that can be corrected, how values travel
(text: numbers as decimal text, dates yyyy-mm-dd), and the corrections in force.

Shared by the write API (lib.store.corrections) and the reads that apply corrections
(lib.store.overlay); it imports neither the store's read nor its write side.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
from datetime import date, datetime
from typing import Any

import pandas as pd

from lib.store.schema import CLAIM_COLUMNS, CLAIM_VALUES, coerce_corrections

__all__ = ["ARTICLE_FIELDS", "CLAIM_FIELDS", "CLAIM_FIELD", "ANALYST_ORIGIN", "ARTICLE", "CLAIM", "ADDABLE",
           "parse_value", "value_text", "outlet_of", "added_claim_id", "read_corrections", "active_corrections"]

ARTICLE_FIELDS = ("source_id", "published")
CLAIM_FIELDS = ("value", "low", "high", "qualifier", "when", "period_start", "period_end", "status")
CLAIM_FIELD = "claim"  # the field of a rejection (new null) or a claim added by hand (old null)
ANALYST_ORIGIN = "analyst"  # published_origin of an article whose date an analyst set
ARTICLE, CLAIM = "article", "claim"
NUMBER_FIELDS = {"value", "low", "high", "of_total", "lat", "lon", "killed", "injured", "arrested"}
INTEGER_FIELDS = {"killed", "injured", "arrested"}
DATE_FIELDS = {"published", "period_start", "period_end"}
# Columns a hand-added claim may set (the rest are derived: ids, its article's outlet and date, evidence).
ADDABLE = tuple(c for c in CLAIM_COLUMNS if c not in
                ("claim_id", "article_id", "source_id", "published", "evidence", "span_start", "span_end", "flags"))


# --------------------------------------------------------------------------- values
def parse_value(field: str, text: object) -> Any:
    """A correction's text value as the column's Python value (None stays None); ValueError
    saying what is wrong, for a page to show."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    raw = str(text).strip()
    if raw == "":
        return None
    if field in NUMBER_FIELDS:
        try:
            number = float(raw.replace(",", ""))
        except ValueError:
            raise ValueError(f"{field}: {raw!r} is not a number (write it with digits, e.g. 1500 or 2.5)") from None
        if math.isnan(number) or math.isinf(number):
            raise ValueError(f"{field}: {raw!r} is not a finite number")
        if field in INTEGER_FIELDS and number != int(number):
            raise ValueError(f"{field}: {raw!r} must be a whole number")
        return number
    if field in DATE_FIELDS:
        try:
            return date.fromisoformat(raw[:10]) if len(raw) >= 10 and raw[10:].strip(" T0:") == "" else \
                date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{field}: {raw!r} is not a date (write it as yyyy-mm-dd, e.g. 2025-05-27)") from None
    if field == "cumulative":
        if raw.lower() in ("true", "1", "yes"):
            return True
        if raw.lower() in ("false", "0", "no"):
            return False
        raise ValueError(f"cumulative: {raw!r} is neither true nor false")
    allowed = CLAIM_VALUES.get(field)
    if allowed is not None and raw not in allowed:
        raise ValueError(f"{field}: {raw!r} is not one of {', '.join(allowed)}")
    return raw


def value_text(value: Any) -> str | None:
    """A cell as a correction's text: numbers without a trailing .0, dates as yyyy-mm-dd."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:  # numpy scalars
        return value_text(value.item())
    except AttributeError:
        return str(value)


def outlet_of(given: str):
    """The outlet an analyst named (a registry slug or name, else an outlet named by it),
    as lib.ingest.outlets gives it."""
    from lib.ingest.outlets import detect_outlet  # the registry is loaded only when an outlet is corrected

    return detect_outlet("", given=given)


def added_claim_id(article_id: str, kind: str, span_start: int, span_end: int, evidence: str) -> str:
    """A hand-added claim's id, from its key: the same whatever the rebuilds (`<article_id>-h<8 hex>`)."""
    key = json.dumps([article_id, kind, int(span_start), int(span_end), evidence], ensure_ascii=False)
    return f"{article_id}-h{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"


# --------------------------------------------------------------------------- reading
@functools.lru_cache(maxsize=1)
def _empty_corrections() -> pd.DataFrame:
    df = coerce_corrections(pd.DataFrame())
    df["undoes"] = df["undoes"].astype("object")
    return df


def read_corrections(snapshot: Any) -> pd.DataFrame:
    """Every row of the corrections table (reversals included), in the order written."""
    raw = snapshot.raw_corrections()
    if not len(raw):  # the usual case, on every read: the empty frame is made once
        return _empty_corrections().copy()
    df = coerce_corrections(raw)
    df["undoes"] = df["undoes"].astype("object").where(df["undoes"].notna(), None)
    return df.sort_values("time", kind="stable").reset_index(drop=True)


def active_corrections(table: pd.DataFrame) -> pd.DataFrame:
    """The corrections in force: not reversals, and not reversed."""
    undone = set(table["undoes"].dropna())
    return table[table["undoes"].isna() & ~table["correction_id"].isin(undone)].reset_index(drop=True)
