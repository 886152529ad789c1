"""Analysts' corrections: written as rows of the store's `corrections` table, applied on every read.

A correction targets an article (its outlet or date) or a claim. A claim is named by
what survives `--rebuild` and a change of rules - its article, kind, evidence span and
evidence text (and, when one sentence gives several claims of a kind, which of them:
`ordinal`) - never by its claim_id, which a rebuild renumbers. When a rules change moves
the span, the correction re-attaches to the claim of that kind whose evidence is the same
text. Rejecting a claim and adding one by hand are corrections of the field `claim`
(old/new: the claim as JSON; new null: rejected). Undo appends a reversal (`undoes`
names the correction it reverses): nothing is ever deleted, so every revision of the
store keeps its history.

Values travel as text: numbers as decimal text, dates as ISO `yyyy-mm-dd`, None clears
a field. An article whose date the analyst set gets `published_origin = "analyst"`.
How corrections are applied to what is read: `lib.store.overlay`.
"""
from __future__ import annotations

import json
import math
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib.store.correction_values import (ADDABLE, ANALYST_ORIGIN, ARTICLE, ARTICLE_FIELDS, CLAIM, CLAIM_FIELD,
                                         CLAIM_FIELDS, active_corrections, added_claim_id, outlet_of, parse_value,
                                         read_corrections, value_text)
from lib.store.delta import CORRECTIONS, Store, open_store
from lib.store.schema import CLAIM_COLUMNS, CORRECTIONS_SCHEMA, coerce_corrections

__all__ = ["ARTICLE_FIELDS", "CLAIM_FIELDS", "CLAIM_FIELD", "ANALYST_ORIGIN", "correct_article", "correct_claim",
           "reject_claim", "add_claim", "undo", "list_corrections", "parse_value", "value_text", "added_claim_id",
           "outlet_of", "read_corrections", "active_corrections", "ARTICLE", "CLAIM", "ADDABLE"]

# --------------------------------------------------------------------------- writing
def _path(store: str | Path | Store) -> Path:
    return store.path if isinstance(store, Store) else Path(store)


def _new_id() -> str:
    return uuid.uuid4().hex[:16]


def _append(path: Path, rows: list[dict[str, Any]]) -> None:
    """Append correction rows to the store's corrections table (the caller holds the lock)."""
    from deltalake import write_deltalake

    from lib.store.writer import WRITER_PROPERTIES, commit_properties

    now = datetime.now(timezone.utc)
    for row in rows:
        row.setdefault("time", now)
    table = pa.Table.from_pandas(coerce_corrections(pd.DataFrame(rows)), schema=CORRECTIONS_SCHEMA,
                                 preserve_index=False, safe=False).replace_schema_metadata(None)
    # schema_mode="merge": a store made before these columns existed gains them (its table was empty)
    write_deltalake(str(path / CORRECTIONS), table, mode="append", schema_mode="merge",
                    writer_properties=WRITER_PROPERTIES, commit_properties=commit_properties(op="correction"))


def _writer(store: str | Path | Store):
    """The store's writer: every correction is appended under its lock (`writer.locked()`)."""
    from lib.store.writer import StoreWriter

    return StoreWriter(_path(store))


def _article_row(snapshot: Store, article_id: str) -> dict[str, Any]:
    if not isinstance(article_id, str) or not article_id:
        raise ValueError("no article given")
    found = snapshot.articles(filter=pc.field("article_id") == article_id,
                              columns=["article_id", "source_id", "source_name", "source_name_en", "published",
                                       "published_origin", "text"])
    if not len(found):
        raise ValueError(f"unknown article {article_id!r}: not in the store {snapshot.path}")
    return found.iloc[0].to_dict()


def correct_article(store: str | Path | Store, article_id: str, field: str, new: str | None, *, note: str = "") -> str:
    """Change an article's outlet (`source_id`: a registry slug or name) or date (`published`,
    yyyy-mm-dd; None: undated). Returns the correction's id."""
    if field not in ARTICLE_FIELDS:
        raise ValueError(f"an article's {field!r} cannot be corrected (only {', '.join(ARTICLE_FIELDS)})")
    writer = _writer(store)
    with writer.locked():
        writer.ensure_created()
        snapshot = open_store(writer.path)
        article = _article_row(snapshot, article_id)
        if field == "published":
            parsed = parse_value("published", new)
            new_text = value_text(parsed)
        else:
            if new is None or not str(new).strip():
                raise ValueError("an article's outlet cannot be cleared: name the outlet")
            new_text = outlet_of(str(new).strip()).source_id
        cid = _new_id()
        _append(writer.path, [{"correction_id": cid, "target": ARTICLE, "article_id": article_id, "field": field,
                               "old": value_text(article[field]), "new": new_text, "note": note}])
    _refresh_stories(writer.path)
    return cid


def _refresh_stories(path: Path) -> None:
    """A date or outlet changed: the stories (grouped by date and outlet) follow."""
    from lib.store.stories import update_stories

    update_stories(path)


def _claim_key(claim: Mapping[str, object]) -> dict[str, Any]:
    missing = [c for c in ("article_id", "kind", "span_start", "span_end", "evidence") if claim.get(c) is None
               or (isinstance(claim.get(c), float) and math.isnan(claim.get(c)))]
    if missing:
        raise ValueError(f"the claim lacks {', '.join(missing)}: pass a row of the claims table")
    return {"article_id": str(claim["article_id"]), "kind": str(claim["kind"]), "span_start": int(claim["span_start"]),
            "span_end": int(claim["span_end"]), "evidence": str(claim["evidence"])}


def _ordinal(snapshot: Store, key: dict[str, Any], claim_id: object) -> int:
    """Which of the article's claims of this kind on this span the claim is (0: the first)."""
    same = snapshot.claims(columns=["claim_id", "kind", "span_start", "span_end"],
                           filter=pc.field("article_id") == key["article_id"])
    same = same[(same["kind"] == key["kind"]) & (same["span_start"] == key["span_start"])
                & (same["span_end"] == key["span_end"])]
    ids = same["claim_id"].tolist()
    if not ids:
        raise ValueError(f"no {key['kind']} claim of article {key['article_id']} at {key['span_start']}-"
                         f"{key['span_end']}: it may have been rejected or re-extracted; reload the article")
    return ids.index(claim_id) if claim_id in ids else 0


def correct_claim(store: str | Path | Store, claim: Mapping[str, object], field: str, new: str | None, *,
                  note: str = "") -> str:
    """Fix one field of a claim (a row of the corrected claims table). Returns the correction's id."""
    if field not in CLAIM_FIELDS:
        raise ValueError(f"a claim's {field!r} cannot be corrected (only {', '.join(CLAIM_FIELDS)})")
    return _append_claim_fix(store, claim, field, value_text(claim.get(field)), value_text(parse_value(field, new)),
                             note)


def _append_claim_fix(store: str | Path | Store, claim: Mapping[str, object], field: str, old: str | None,
                      new: str | None, note: str) -> str:
    """Append one correction of `claim` (its key and its order in its sentence found under the
    store's lock, so two analysts' fixes are numbered in turn). Returns the correction's id."""
    key = _claim_key(claim)
    writer = _writer(store)
    with writer.locked():
        writer.ensure_created()
        snapshot = open_store(writer.path)
        ordinal = _ordinal(snapshot, key, claim.get("claim_id"))
        cid = _new_id()
        _append(writer.path, [{"correction_id": cid, "target": CLAIM, **key, "ordinal": ordinal, "field": field,
                               "old": old, "new": new, "note": note}])
    return cid


def _claim_json(claim: Mapping[str, object]) -> str:
    return json.dumps({c: value_text(claim.get(c)) for c in CLAIM_COLUMNS if c in claim and value_text(claim.get(c))
                       is not None}, ensure_ascii=False, sort_keys=True)


def reject_claim(store: str | Path | Store, claim: Mapping[str, object], *, note: str = "") -> str:
    """Mark a claim wrong altogether: it disappears from every read. Returns the correction's id."""
    return _append_claim_fix(store, claim, CLAIM_FIELD, _claim_json(claim), None, note)


def add_claim(store: str | Path | Store, article_id: str, span_start: int, span_end: int,
              fields: Mapping[str, object], *, note: str = "") -> str:
    """Add a claim the extractor missed: `fields` gives its `kind` and any claims columns
    (values as text or numbers); its evidence is the article's text in the span. Returns
    the correction's id (the claim's id: `added_claim_id`)."""
    from lib.extract.registry import kind_names

    kind = fields.get("kind")
    if kind not in kind_names():
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(kind_names())}")
    unknown = [f for f in fields if f != "kind" and f not in ADDABLE]
    if unknown:
        raise ValueError(f"a claim has no field {', '.join(map(repr, unknown))} that can be set by hand")
    values = {f: value_text(parse_value(f, v)) for f, v in fields.items() if f != "kind"}
    writer = _writer(store)
    with writer.locked():
        writer.ensure_created()
        snapshot = open_store(writer.path)
        text = _article_row(snapshot, article_id)["text"] or ""
        try:
            start, end = int(span_start), int(span_end)
        except (TypeError, ValueError):
            raise ValueError("the span must be two whole numbers") from None
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span {start}-{end} is outside the article's text (0-{len(text)})")
        evidence = text[start:end]
        if not evidence.strip():
            raise ValueError("the selected span holds no text")
        cid = _new_id()
        claim = {"kind": kind, **{k: v for k, v in values.items() if v is not None}}
        _append(writer.path, [{"correction_id": cid, "target": CLAIM, "article_id": article_id, "kind": kind,
                               "span_start": start, "span_end": end, "evidence": evidence, "ordinal": None,
                               "field": CLAIM_FIELD, "old": None,
                               "new": json.dumps(claim, ensure_ascii=False, sort_keys=True), "note": note}])
    return cid


def undo(store: str | Path | Store, correction_id: str, *, note: str = "") -> str:
    """Reverse a correction by appending its reversal; returns the reversal's id."""
    writer = _writer(store)
    with writer.locked():
        writer.ensure_created()
        snapshot = open_store(writer.path)
        table = read_corrections(snapshot)
        row = table[table["correction_id"] == correction_id]
        if not len(row):
            raise ValueError(f"unknown correction {correction_id!r}")
        row = row.iloc[0]
        if isinstance(row["undoes"], str):
            raise ValueError(f"correction {correction_id} is itself an undo; make the correction again instead")
        if (table["undoes"] == correction_id).any():
            raise ValueError(f"correction {correction_id} is already undone")
        cid = _new_id()
        copied = {c: row[c] for c in ("target", "article_id", "kind", "span_start", "span_end", "evidence", "ordinal",
                                      "field")}
        _append(writer.path, [{**copied, "correction_id": cid, "old": row["new"], "new": row["old"], "note": note,
                               "undoes": correction_id}])
    if row["target"] == ARTICLE:
        _refresh_stories(writer.path)
    return cid


def _would_attach(snapshot: Store, fixes: pd.DataFrame) -> pd.Series:
    """Whether each correction's article is stored and, for a claim's, a claim of its kind with its
    evidence is in the current claims (an added claim: its article is enough)."""
    ids = pa.array(sorted(set(fixes["article_id"].dropna())), pa.string())
    present = set(snapshot.article_ids().to_pylist())
    claims = snapshot.claims(columns=["article_id", "kind", "evidence"], filter=pc.field("article_id").isin(ids))
    keys = set(zip(claims["article_id"], claims["kind"], claims["evidence"]))
    return fixes.apply(lambda f: f["article_id"] in present and (
        f["target"] == ARTICLE or (f["field"] == CLAIM_FIELD and pd.isna(f["old"]))
        or (f["article_id"], f["kind"], f["evidence"]) in keys), axis=1).astype(bool)


def list_corrections(store: str | Path | Store) -> pd.DataFrame:
    """One row per correction (reversals folded in as `undone`), the newest first: correction_id,
    target, article_id, kind, span_start, span_end, evidence, field, old, new, note, time, undone,
    attached (it finds its claim or article in the current tables: applied, or for an undone one,
    would be)."""
    from lib.store.overlay import overlay_of

    snapshot = store if isinstance(store, Store) else open_store(store)
    table = read_corrections(snapshot)
    undone = set(table["undoes"].dropna())
    out = table[table["undoes"].isna()].copy()
    out["undone"] = out["correction_id"].isin(undone)
    attached = overlay_of(snapshot).attached
    out["attached"] = out["correction_id"].isin(attached)
    if out["undone"].any():  # an undone correction applies to nothing: would it still find its target?
        out.loc[out["undone"], "attached"] = _would_attach(snapshot, out[out["undone"]]).to_numpy()
    columns = ["correction_id", "target", "article_id", "kind", "span_start", "span_end", "evidence", "field", "old",
               "new", "note", "time", "undone", "attached"]
    return out[columns].sort_values("time", ascending=False, kind="stable").reset_index(drop=True)
