"""The data contract: the columns of the `articles` and `claims` tables and their types.

Everything downstream (pages, downloads, tests, benchmarks) reads these two
tables; the README documents each column. `empty_articles()`/`empty_claims()`
and `coerce_*` give every producer the same dtypes, so a table built from one
article and one built from ten thousand compare equal column for column.
"""
from __future__ import annotations

import pandas as pd

from lib.extract.registry import kind_names

ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "source_id": "string",
    "source_name": "string",
    "source_name_en": "string",
    "url": "string",
    "title": "string",
    "published": "datetime64[ns]",
    "published_origin": "string",  # stated | metadata | inferred | unknown
    "text": "string",
    "path": "string",
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
}

CLAIM_KINDS = kind_names()  # the registered claim kinds (lib.extract.registry), in registry order


def _coerce(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for name, dtype in columns.items():
        col = df[name] if name in df.columns else pd.Series([None] * len(df), index=df.index, dtype="object")
        if dtype.startswith("datetime"):
            out[name] = pd.to_datetime(col, errors="coerce").astype(dtype)
        else:
            out[name] = col.astype(dtype)
    return out.reset_index(drop=True)


def coerce_articles(df: pd.DataFrame) -> pd.DataFrame:
    """Return `df` with exactly the article columns, in order, with their dtypes."""
    return _coerce(df, ARTICLE_COLUMNS)


def coerce_claims(df: pd.DataFrame) -> pd.DataFrame:
    """Return `df` with exactly the claim columns, in order, with their dtypes."""
    return _coerce(df, CLAIM_COLUMNS)


def empty_articles() -> pd.DataFrame:
    return coerce_articles(pd.DataFrame())


def empty_claims() -> pd.DataFrame:
    return coerce_claims(pd.DataFrame())
