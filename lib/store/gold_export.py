"""The analysts' corrections as a gold file: `python -m lib.store corrections STORE --gold OUT.json`.

Every article with a correction in force becomes one gold record in the format of the
seeds' gold bundled in this repository (`tests/data/seeds_gold.json`, read by lib.evaluate):
its outlet and date, and all of its claims after the corrections (troops, attacks, strikes,
bases, base counts, incidents), each with its evidence sentence. An analyst who checked an
article and fixed what was wrong has made it a test case: `python -m lib.evaluate OUT.json
STORE` then measures the extractor on it (lib.evaluate reads the store without the analysts'
corrections, so the same store can be scored).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib.store.corrections import active_corrections, read_corrections, value_text
from lib.store.delta import Store, open_store
from lib.store.storage import staged_files

__all__ = ["corrections_gold", "write_gold"]

# base counts: a base_status claim without a place counts bases; its gold key by status (and qualifier)
_COUNT_KEYS = {("active", "at_least"): "kept_at_least", ("active", None): "kept"}


def _number(value: Any) -> float | int | None:
    text = value_text(value)
    if text is None:
        return None
    number = float(text)
    return int(number) if number.is_integer() else number


def _day(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _text(value: Any) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _record(article: dict[str, Any], claims: pd.DataFrame, notes: list[str]) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "file": article["path"] or article["article_id"],
        "url": _text(article.get("url")),
        "outlet": _text(article.get("source_name")) or _text(article.get("source_name_en")) or article["source_id"],
        "source_id": article["source_id"],
        "published": _day(article["published"]),
        "published_basis": _text(article.get("published_basis")) or f"published_origin: {article['published_origin']}",
        "article_id": article["article_id"],
        "note": "exported from analysts' corrections: " + "; ".join(notes),
        "troops": [], "attacks": [], "strikes": [], "bases": [], "base_counts": [], "places": [], "incidents": [],
        "distractors": [],
    }
    for c in claims.to_dict("records"):
        kind, evidence = c["kind"], _text(c["evidence"]) or ""
        figure = {"value": _number(c["value"]), "low": _number(c["low"]), "high": _number(c["high"]),
                  "qualifier": _text(c["qualifier"])}
        if kind == "troops":
            rec["troops"].append({**figure, "when": _text(c["when"]), "actor": _text(c["actor"]), "evidence": evidence})
        elif kind in ("attacks", "strikes"):
            item = {**figure, "actor": _text(c["actor"]), "period_start": _day(c["period_start"]),
                    "period_end": _day(c["period_end"]), "evidence": evidence}
            if c["cumulative"] is not None and not pd.isna(c["cumulative"]):
                item["cumulative"] = bool(c["cumulative"])
            rec[kind].append(item)
        elif kind == "base_status" and _text(c["place_id"]):
            item = {"name_ar": _text(c["place_ar"]) or "", "name_en": _text(c["place_en"]), "place_id": c["place_id"],
                    "status": _text(c["status"]), "evidence": evidence}
            if _text(c["when"]):
                item["when"] = c["when"]
            if _day(c["period_start"]):
                item["event_date"] = _day(c["period_start"])
            rec["bases"].append(item)
        elif kind == "base_status" and figure["value"] is not None:
            status, qualifier = _text(c["status"]), _text(c["qualifier"])
            key = _COUNT_KEYS.get((status, qualifier), _COUNT_KEYS.get((status, None), status))
            item = {key: figure["value"], "evidence": evidence}
            if _text(c["when"]):
                item["when"] = c["when"]
            rec["base_counts"].append(item)
        elif kind == "incident" and _text(c["place_ar"]):
            rec["incidents"].append({"date": _day(c["period_start"]), "place_ar": c["place_ar"],
                                     "killed": _number(c["killed"]), "injured": _number(c["injured"]),
                                     "arrested": _number(c["arrested"]), "evidence": evidence})
    return rec


def _described(fix: Any) -> str:
    from lib.store.corrections import CLAIM_FIELD

    if fix.field == CLAIM_FIELD:
        return f"a {fix.kind} claim " + ("added" if _text(fix.old) is None else "rejected")
    target = "" if fix.target == "article" else f"{fix.kind} claim's "
    return f"{target}{fix.field} {_text(fix.old) or '(none)'} -> {_text(fix.new) or '(none)'}"


def corrections_gold(store: str | Path | Store) -> list[dict[str, Any]]:
    """One gold record per article with a correction in force, its claims as corrected."""
    snapshot = store if isinstance(store, Store) else open_store(store)
    active = active_corrections(read_corrections(snapshot))
    if not len(active):
        return []
    ids = pa.array(sorted(set(active["article_id"])), pa.string())
    articles = snapshot.articles(columns=["article_id", "source_id", "source_name", "source_name_en", "url", "published",
                                          "published_origin", "published_basis", "path"],
                                 filter=pc.field("article_id").isin(ids))
    claims = snapshot.claims(filter=pc.field("article_id").isin(ids))
    claims = claims.astype(object).where(claims.notna(), None)
    out = []
    for article in articles.astype(object).where(articles.notna(), None).sort_values("path").to_dict("records"):
        fixes = active[active["article_id"] == article["article_id"]]
        notes = [_described(f) + (f" ({f.note})" if isinstance(f.note, str) and f.note else "") for f in fixes.itertuples()]
        mine = claims[claims["article_id"] == article["article_id"]]
        out.append(_record(article, mine, notes))
    return out


def write_gold(store: str | Path | Store, out: str | Path) -> int:
    """Write the corrections' gold file to `out` (replaced atomically); returns the records written."""
    records = corrections_gold(store)
    with staged_files([Path(out)]) as (tmp,):
        tmp.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(records)
