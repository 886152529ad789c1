"""The data contract: the columns of the `articles`, `claims` and `corrections`
tables and their types.

Everything downstream (pages, downloads, tests, benchmarks) reads these tables;
the README documents each column. `empty_articles()`/`empty_claims()` and
`coerce_*` give every producer the same dtypes, so a table built from one article
and one built from ten thousand compare equal column for column. The Arrow
schemas the store writes (`ARTICLES_SCHEMA` ...) are derived from the same
column lists, so the store and the in-memory tables cannot drift apart.
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pyarrow as pa

from lib.extract.registry import kind_names

# The store's tables (folders of STORE; lib.store.delta describes them).
ARTICLES, CLAIMS, CORRECTIONS = "articles", "claims", "corrections"
STORIES, SIGNATURES = "stories", "story_signatures"
STORY_CLAIMS = "story_claims"  # claims of the articles dated by their story, extracted against that date
# The stories table (lib.store.stories): one row per article in a story of two or more.
STORY_TABLE_COLUMNS = ["article_id", "story_id", "story_rule", "story_date", "story_basis"]

ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "source_id": "string",
    "source_name": "string",
    "source_name_en": "string",
    "url": "string",
    "title": "string",
    "published": "datetime64[ns]",
    "published_origin": "string",  # stated | metadata | inferred | analyst (a correction) | unknown
    "text": "string",
    "path": "string",
    # issue 15: plausibility flags, comma-separated ("" when fine): published_future |
    # published_too_early (lib/ingest/plausibility.py, data/reference/plausibility.json)
    "flags": "string",
}

CLAIM_COLUMNS: dict[str, str] = {
    "claim_id": "string",
    "article_id": "string",
    "source_id": "string",
    "published": "datetime64[ns]",
    "kind": "string",  # troops | attacks | strikes | base_status | incident
    "value": "Float64",
    "low": "Float64",
    "high": "Float64",
    "qualifier": "string",  # exact | approx | less_than | more_than | at_least | half_of | vague | range
    "when": "string",  # troops: past | current | planned
    "actor": "string",
    "target": "string",
    "period_start": "datetime64[ns]",
    "period_end": "datetime64[ns]",
    "date_precision": "string",  # day | week | month | year | unknown
    "cumulative": "boolean",
    "status": "string",  # bases: closed | withdrawn | handed_over | reinforced | established | active | mentioned
    "of_total": "Float64",  # base counts: "3 of 8 bases" -> value 3, of_total 8
    "place_id": "string",
    "place_ar": "string",
    "place_en": "string",
    "lat": "Float64",
    "lon": "Float64",
    "geo_precision": "string",  # exact | town | district | governorate | country
    "killed": "Int64",
    "injured": "Int64",
    "arrested": "Int64",
    "evidence": "string",
    "span_start": "Int64",
    "span_end": "Int64",
    # issue 15: plausibility flags, comma-separated ("" when fine): above_max | rate_above_max |
    # negative_figure | published_future | published_too_early (lib/ingest/plausibility.py)
    "flags": "string",
}

# An analyst's correction (lib.store.corrections). A claim is named by what survives a rebuild and
# a change of rules - its article, kind, evidence span and evidence text, and which of the claims of
# that kind on that span (`ordinal`) - never by its claim_id, which re-extraction may renumber.
CORRECTION_COLUMNS: dict[str, str] = {
    "correction_id": "string",  # 16 hex
    "target": "string",  # article | claim
    "article_id": "string",
    "kind": "string",  # the claim's kind (claims only)
    "span_start": "Int64",
    "span_end": "Int64",
    "evidence": "string",  # the claim's evidence: re-attaches the correction if a rules change moves the span
    "ordinal": "Int64",  # which claim of that kind on that span (0: the first), when a sentence gives several
    "field": "string",  # article: source_id | published; claim: value, low, high, qualifier, when, period_start,
    #                     period_end, status, or "claim" (old null: added by hand; new null: rejected)
    "old": "string",  # the value before, as text (numbers as decimal text, dates yyyy-mm-dd; claims as JSON)
    "new": "string",  # the corrected value, as text (null: cleared, or the claim rejected)
    "note": "string",
    "time": "datetime64[ns, UTC]",
    "undoes": "string",  # set on a reversal: the correction_id it undoes
}

# Columns reads add to the articles table (lib.store.overlay; not stored in the articles table):
# the story it belongs to (lib.store.stories) and the reason for an inferred or analyst's date.
ARTICLE_READ_COLUMNS: dict[str, str] = {
    **ARTICLE_COLUMNS,
    "story_id": "string",  # null: the article is a story of its own
    "story_rule": "string",  # why it joined its story: text (near-duplicate), figures (same figures), both
    "published_basis": "string",  # for published_origin inferred | analyst: where the date came from
}

# The story columns reads add, and the stored article columns a read may change (an analyst's
# outlet or date, a story's date): lib.store.overlay patches them, lib.store.delta reads them.
STORY_READ_COLUMNS = [c for c in ARTICLE_READ_COLUMNS if c not in ARTICLE_COLUMNS]
PATCHED_ARTICLE_COLUMNS = ["article_id", "source_id", "source_name", "source_name_en", "published", "published_origin"]

# The values some claim columns take (checked when an analyst corrects them).
CLAIM_VALUES: dict[str, tuple[str, ...]] = {
    "qualifier": ("exact", "approx", "less_than", "more_than", "at_least", "half_of", "vague", "range"),
    "when": ("past", "current", "planned"),
    "status": ("closed", "withdrawn", "handed_over", "reinforced", "established", "active", "mentioned"),
    "date_precision": ("day", "week", "month", "year", "unknown"),
    "geo_precision": ("exact", "town", "district", "governorate", "country"),
}

CLAIM_KINDS = kind_names()  # the registered claim kinds (lib.extract.registry), in registry order

# pandas dtype -> Arrow type in the store. Delta Lake keeps timestamps in microseconds;
# every timestamp here is a day or a clock time, so nothing is lost.
_ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "datetime64[ns]": pa.timestamp("us"),
    "datetime64[ns, UTC]": pa.timestamp("us", tz="UTC"),
    "Float64": pa.float64(),
    "Int64": pa.int64(),
    "boolean": pa.bool_(),
}


def arrow_schema(columns: dict[str, str]) -> pa.Schema:
    """The Arrow schema of a table of the contract (`ARTICLE_COLUMNS` ...)."""
    return pa.schema([pa.field(name, _ARROW_TYPES[dtype]) for name, dtype in columns.items()])


ARTICLES_SCHEMA = arrow_schema(ARTICLE_COLUMNS)
CLAIMS_SCHEMA = arrow_schema(CLAIM_COLUMNS)
CORRECTIONS_SCHEMA = arrow_schema(CORRECTION_COLUMNS)
ARTICLES_READ_SCHEMA = arrow_schema(ARTICLE_READ_COLUMNS)


def _coerce(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for name, dtype in columns.items():
        col = df[name] if name in df.columns else pd.Series([None] * len(df), index=df.index, dtype="object")
        if dtype.endswith("UTC]"):
            out[name] = pd.to_datetime(col, errors="coerce", utc=True).astype(dtype)
        elif dtype.startswith("datetime"):
            out[name] = pd.to_datetime(col, errors="coerce").astype(dtype)
        else:
            out[name] = col.astype(dtype)
        if name == "flags":  # issue 15: "" when fine, also in rows made before flags existed
            out[name] = out[name].fillna("")
    return out.reset_index(drop=True)


def coerce_articles(df: pd.DataFrame) -> pd.DataFrame:
    """Return `df` with exactly the article columns, in order, with their dtypes."""
    return _coerce(df, ARTICLE_COLUMNS)


def coerce_claims(df: pd.DataFrame) -> pd.DataFrame:
    """Return `df` with exactly the claim columns, in order, with their dtypes."""
    return _coerce(df, CLAIM_COLUMNS)


def coerce_corrections(df: pd.DataFrame) -> pd.DataFrame:
    """Return `df` with exactly the correction columns, in order, with their dtypes."""
    return _coerce(df, CORRECTION_COLUMNS)


def to_arrow(df: pd.DataFrame, columns: dict[str, str]) -> pa.Table:
    """A contract table (already coerced) as the store's Arrow table, without pandas metadata."""
    table = pa.Table.from_pandas(df, schema=arrow_schema(columns), preserve_index=False, safe=False)
    return table.replace_schema_metadata(None)


def from_arrow(table: pa.Table, columns: dict[str, str]) -> pd.DataFrame:
    """A table read from the store, with the contract's dtypes (and only the columns it has)."""
    df = table.to_pandas()
    present = {name: dtype for name, dtype in columns.items() if name in df.columns}
    return _coerce(df, present)


def empty_articles() -> pd.DataFrame:
    return coerce_articles(pd.DataFrame())


def empty_claims() -> pd.DataFrame:
    return coerce_claims(pd.DataFrame())


def figure_or_none(value: Any) -> float | None:
    """A figure cell as a float, or None when it holds none (null, NaN, NA, text, a boolean)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number
