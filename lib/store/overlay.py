"""What reads see: the stored tables with the analysts' corrections and the stories applied.

Corrections and stories never rewrite the articles and claims tables (those stay what
ingest and rebuild wrote); they are applied every time the tables are read
(`Store.articles/claims/batches/arrow/connect`, `lib.dashboard.corpus.open_corpus`):

- articles: an article's outlet or date corrected by an analyst (`published_origin`
  "analyst"), an undated article in a dated story given the story's date
  (`published_origin` "inferred", `published_basis` naming the articles and outlets it
  came from), and every article's `story_id` and `story_rule`. A small table of the
  changed rows (`Overlay.articles`) is joined onto each batch read.
- claims: every claim of an article that has a claim correction, or whose date or outlet
  changed, is replaced by `Overlay.claims`: that article's claims re-extracted against
  its date in force when its date changed (so "last year" resolves), its outlet and
  date denormalised, then the claim corrections applied in the order made (fields set,
  claims rejected, claims added by hand). Claims are found by their key (see
  lib.store.corrections), and by their evidence text if a rules change moved the span.

The cost is that of the corrected articles only (a few reads filtered by id), plus a
join of the stories table onto the articles read.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib.store.correction_values import (ANALYST_ORIGIN, ARTICLE, CLAIM, CLAIM_FIELD, DATE_FIELDS, active_corrections,
                                         added_claim_id, outlet_of, parse_value, read_corrections, value_text)
from lib.store.schema import (ARTICLE_READ_COLUMNS, ARTICLES, CLAIM_COLUMNS, CLAIMS, CLAIMS_SCHEMA,
                              PATCHED_ARTICLE_COLUMNS, STORY_CLAIMS, STORY_READ_COLUMNS)


__all__ = ["Overlay", "overlay_of", "extract_dated", "ARTICLE_PATCH_COLUMNS"]

ARTICLE_PATCH_COLUMNS = [c for c in PATCHED_ARTICLE_COLUMNS if c != "article_id"] + STORY_READ_COLUMNS
_PATCH_SCHEMA = pa.schema([pa.field("article_id", pa.string())] + [
    pa.field(c, pa.timestamp("us") if c == "published" else pa.string()) for c in ARTICLE_PATCH_COLUMNS])
_INTEGERS = {f.name for f in CLAIMS_SCHEMA if pa.types.is_integer(f.type)}


@dataclass
class Overlay:
    """The changes reads apply to one store revision."""

    articles: pa.Table  # article_id + ARTICLE_PATCH_COLUMNS, one row per changed article
    claims: pa.Table  # the full claims (CLAIMS_SCHEMA) of the articles in `replaced`
    replaced: pa.Array  # article ids whose stored claims `claims` replaces
    attached: set[str] = field(default_factory=set)  # corrections that found their article or claim

    @classmethod
    def nothing(cls) -> "Overlay":
        return cls(_empty_patch(), CLAIMS_SCHEMA.empty_table(), pa.array([], pa.string()))

    @property
    def empty(self) -> bool:
        return self.articles.num_rows == 0 and len(self.replaced) == 0

    # ------------------------------------------------------------------ articles
    def patch_articles(self, batch: pa.RecordBatch | pa.Table, columns: list[str] | None) -> pa.Table:
        """A batch of stored articles as reads see it: patched columns, story columns added
        (those in `columns`, or all when None)."""
        table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
        wanted = list(ARTICLE_READ_COLUMNS) if columns is None else list(columns)
        if "article_id" not in table.column_names:
            return table.select([c for c in wanted if c in table.column_names])
        at = pc.index_in(table.column("article_id"), value_set=self.articles.column("article_id"))
        found = pc.is_valid(at)
        out = []
        for name in wanted:
            if name in ARTICLE_PATCH_COLUMNS:
                patch = self.articles.column(name).take(at)
                if name in STORY_READ_COLUMNS:
                    out.append(patch)
                else:
                    base = table.column(name)
                    out.append(pc.if_else(found, patch.cast(base.type), base))
            elif name in table.column_names:
                out.append(table.column(name))
        names = [n for n in wanted if n in ARTICLE_PATCH_COLUMNS or n in table.column_names]
        return pa.table(out, names=names)

    def article_filter(self, filter: pc.Expression | None) -> pc.Expression | None:
        """The scan filter that also returns the changed articles (the filter is applied again after the patch)."""
        if filter is None or not self.articles.num_rows:
            return filter
        return filter | pc.field("article_id").isin(self.articles.column("article_id"))

    # ------------------------------------------------------------------ claims
    def claims_filter(self, filter: pc.Expression | None) -> pc.Expression | None:
        if not len(self.replaced):
            return filter
        keep = ~pc.field("article_id").isin(self.replaced)
        return keep if filter is None else keep & filter

    def replacement_claims(self, columns: list[str] | None, filter: pc.Expression | None) -> pa.Table:
        import pyarrow.dataset as pds

        return pds.dataset(self.claims).to_table(columns=columns, filter=filter)


def _empty_patch() -> pa.Table:
    return _PATCH_SCHEMA.empty_table()


def _outlet_names(source_id: str) -> tuple[str | None, str | None]:
    outlet = outlet_of(source_id)
    return outlet.name_ar, outlet.name_en


def _timestamp(text: str | None) -> pd.Timestamp | None:
    return None if text is None else pd.Timestamp(date.fromisoformat(text))


def overlay_of(snapshot: "Store", *, stories: bool = True) -> Overlay:
    """The overlay of a store revision (computed once per Store object and kept).
    `stories=False`: the analysts' corrections only (what the story grouping itself reads)."""
    key = "_overlay" if stories else "_overlay_no_stories"
    cached = getattr(snapshot, key, None)
    if cached is None:
        cached = _compute(snapshot, stories)
        setattr(snapshot, key, cached)
    return cached


def _compute(snapshot: "Store", with_stories: bool) -> Overlay:
    corrections = active_corrections(read_corrections(snapshot))
    if not snapshot.analysts:  # lib.evaluate's read: the extractor's output, with its stories applied
        corrections = corrections.iloc[:0]
    article_fixes = corrections[corrections["target"] == ARTICLE]
    claim_fixes = corrections[corrections["target"] == CLAIM]
    stories = snapshot.stories() if with_stories else pd.DataFrame(columns=["article_id"])
    touched = set(article_fixes["article_id"]) | set(stories["article_id"])
    if not touched and not len(claim_fixes):
        return Overlay.nothing()
    ids = pa.array(sorted(touched | set(claim_fixes["article_id"])), pa.string())
    # plain Python rows (Arrow's to_pylist): a few thousand at most, and pandas row access is slow
    raw = snapshot.dataset(ARTICLES).to_table(columns=PATCHED_ARTICLE_COLUMNS, filter=pc.field("article_id").isin(ids))
    attached: set[str] = set()
    rows: dict[str, dict[str, Any]] = {}
    redated: set[str] = set()
    for r in raw.to_pylist():
        r["published"] = None if r["published"] is None else pd.Timestamp(r["published"])
        rows[r["article_id"]] = {**r, "story_id": None, "story_rule": None, "published_basis": None}
    for fix in article_fixes.itertuples():
        row = rows.get(fix.article_id)
        if row is None:
            continue
        attached.add(fix.correction_id)
        if fix.field == "source_id":
            row["source_id"] = fix.new
            row["source_name"], row["source_name_en"] = _outlet_names(fix.new)
        elif fix.field == "published":
            row["published"] = _timestamp(fix.new)
            row["published_origin"] = ANALYST_ORIGIN
            note = f": {fix.note}" if isinstance(fix.note, str) and fix.note else ""
            row["published_basis"] = f"set by an analyst (correction {fix.correction_id}){note}"
            redated.add(fix.article_id)
    changed_outlet = set(article_fixes.loc[article_fixes["field"] == "source_id", "article_id"])
    for s in stories.itertuples():
        row = rows.get(s.article_id)
        if row is None:
            continue
        row["story_id"], row["story_rule"] = s.story_id, s.story_rule
        # an undated article takes its story's date, unless an analyst set (or cleared) its date
        if row["published"] is None and s.article_id not in redated and isinstance(s.story_date, str) and s.story_date:
            row["published"] = _timestamp(s.story_date)
            row["published_origin"] = "inferred"
            row["published_basis"] = s.story_basis
            redated.add(s.article_id)
    patch = pd.DataFrame(list(rows.values()), columns=["article_id", *ARTICLE_PATCH_COLUMNS])
    patch_table = pa.Table.from_pandas(patch, schema=_PATCH_SCHEMA, preserve_index=False, safe=False)
    replaced = sorted((redated | changed_outlet | set(claim_fixes["article_id"])) & set(rows))
    claims = _replaced_claims(snapshot, replaced, rows, redated, claim_fixes, attached)
    return Overlay(patch_table.replace_schema_metadata(None), claims, pa.array(replaced, pa.string()), attached)


def _replaced_claims(snapshot: "Store", replaced: list[str], rows: dict[str, dict[str, Any]], redated: set[str],
                     claim_fixes: pd.DataFrame, attached: set[str]) -> pa.Table:
    if not replaced:
        return CLAIMS_SCHEMA.empty_table()
    ids = pa.array(replaced, pa.string())
    stored = snapshot.dataset(CLAIMS).to_table(filter=pc.field("article_id").isin(ids))
    by_article: dict[str, list[dict[str, Any]]] = {a: [] for a in replaced}
    for claim in stored.to_pylist():
        by_article[claim["article_id"]].append(claim)
    # re-extracted against the date in force, so relative periods resolve: the stories update
    # stored the claims of the articles dated by their story (lib.store.stories); the rest (an
    # analyst's new date, or a story table newer than them) are extracted here
    ready = _story_claims(snapshot.path, {a: rows[a]["published"] for a in redated}, snapshot.moment)
    by_article.update(ready)
    todo = sorted(redated - set(ready))
    if todo:
        texts = snapshot.dataset(ARTICLES).to_table(columns=["article_id", "text"],
                                                    filter=pc.field("article_id").isin(pa.array(todo, pa.string())))
        for article_id, text in zip(*(texts.column(c).to_pylist() for c in ("article_id", "text"))):
            article = rows[article_id]
            found = extract_dated(text or "", article_id, article["source_id"], article["published"])
            if found is not None:
                by_article[article_id] = found
    fixes_of: dict[str, list[Any]] = {}
    for fix in claim_fixes.itertuples():
        fixes_of.setdefault(fix.article_id, []).append(fix)
    out: list[dict[str, Any]] = []
    for article_id in replaced:
        article = rows[article_id]
        claims = by_article[article_id]
        for claim in claims:
            claim["source_id"], claim["published"] = article["source_id"], article["published"]
        for fix in fixes_of.get(article_id, ()):
            _apply(claims, fix, article, attached)
        out.extend(claims)
    return _claims_table(out)


def _claims_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Claim dicts (stored rows, extracted ones, corrected ones) as a table of the store's schema,
    built by Arrow directly (pandas' per-column coercion costs more than the rows here)."""
    def cell(name: str, value: Any) -> Any:
        if value is None or (isinstance(value, float) and value != value):
            return None
        if name in DATE_FIELDS and isinstance(value, date) and not isinstance(value, datetime):
            return datetime.combine(value, time())
        if name in DATE_FIELDS and isinstance(value, pd.Timestamp):
            return value.to_pydatetime()
        if name in _INTEGERS and isinstance(value, float):
            return int(value)
        return value

    columns = {name: [cell(name, r.get(name)) for r in rows] for name in CLAIMS_SCHEMA.names}
    columns["flags"] = [v if v is not None else "" for v in columns["flags"]]
    return pa.table({name: pa.array(values, type=CLAIMS_SCHEMA.field(name).type) for name, values in columns.items()},
                    schema=CLAIMS_SCHEMA)


def extract_dated(text: str, article_id: str, source_id: str | None, published: Any) -> list[dict[str, Any]] | None:
    """An article's claims extracted against `published` (None if extraction fails: the stored
    claims then stay, as a rebuild keeps them)."""
    from lib.extract import extract_claims
    from lib.ingest.pipeline import number_claims
    from lib.text.textnorm import normalize_with_offsets

    day = pd.Timestamp(published).date() if published is not None and not pd.isna(published) else None
    try:
        found = extract_claims(text, day, normalize_with_offsets(text))
    except Exception:  # one article's failure never stops a read
        return None
    return number_claims(found, article_id, source_id, day)


def _story_claims(store: Any, dates: dict[str, Any], moment: Any = None) -> dict[str, list[dict[str, Any]]]:
    """The stored claims (STORE/story_claims) of the articles in `dates`, for those extracted
    against the date given there; the others are left out. `moment` (a pinned store's time):
    the table as it was then, so an old revision reads the claims it read then."""
    from deltalake import DeltaTable

    where = str(store / STORY_CLAIMS)
    if not dates or not DeltaTable.is_deltatable(where):
        return {}
    story_claims = DeltaTable(where)
    if moment is not None:
        try:
            story_claims.load_as_version(moment)
        except Exception:  # none yet at that moment: the articles' stored claims are read instead
            return {}
    table = story_claims.to_pyarrow_dataset().to_table(
        filter=pc.field("article_id").isin(pa.array(sorted(dates), pa.string())))
    out: dict[str, list[dict[str, Any]]] = {}
    marks = dict(zip(table.column("article_id").to_pylist(), table.column("dated_as").to_pylist()))
    for article_id, dated_as in marks.items():
        wanted = dates[article_id]
        if wanted is not None and dated_as == pd.Timestamp(wanted).date().isoformat():
            out[article_id] = []
    for claim in table.filter(pc.is_valid(table.column("claim_id"))).drop(["dated_as"]).to_pylist():
        if claim["article_id"] in out:
            out[claim["article_id"]].append(claim)
    return out


def _find(claims: list[dict[str, Any]], fix: Any) -> int | None:
    """The index of the claim a correction names: same kind and span and evidence; else the
    same kind and evidence (the span moved). Several: the one whose field still holds the old
    value, else the `ordinal`-th."""
    exact = [i for i, c in enumerate(claims) if c["kind"] == fix.kind and c["span_start"] == fix.span_start
             and c["span_end"] == fix.span_end and c["evidence"] == fix.evidence]
    candidates = exact or [i for i, c in enumerate(claims) if c["kind"] == fix.kind and c["evidence"] == fix.evidence]
    if not candidates:
        return None
    if len(candidates) > 1 and fix.field != CLAIM_FIELD:
        holding = [i for i in candidates if value_text(claims[i].get(fix.field)) == (None if pd.isna(fix.old) else fix.old)]
        if len(holding) == 1:
            return holding[0]
    ordinal = 0 if pd.isna(fix.ordinal) else int(fix.ordinal)
    return candidates[min(ordinal, len(candidates) - 1)]


def _apply(claims: list[dict[str, Any]], fix: Any, article: dict[str, Any], attached: set[str]) -> None:
    """One claim correction, in place."""
    if fix.field == CLAIM_FIELD and pd.isna(fix.old):  # added by hand
        values = json.loads(fix.new)
        claim = {c: None for c in CLAIM_COLUMNS}
        claim.update({k: parse_value(k, v) for k, v in values.items() if k != "kind"})
        for k in ("period_start", "period_end"):
            claim[k] = pd.Timestamp(claim[k]) if claim[k] is not None else None
        claim.update(kind=fix.kind, article_id=fix.article_id, claim_id=added_claim_id(
            fix.article_id, fix.kind, fix.span_start, fix.span_end, fix.evidence), source_id=article["source_id"],
            published=article["published"], evidence=fix.evidence, span_start=int(fix.span_start),
            span_end=int(fix.span_end), flags="")
        claims.append(claim)
        attached.add(fix.correction_id)
        return
    at = _find(claims, fix)
    if at is None:
        return
    attached.add(fix.correction_id)
    if fix.field == CLAIM_FIELD:  # rejected
        del claims[at]
        return
    value = parse_value(fix.field, None if pd.isna(fix.new) else fix.new)
    if fix.field in ("period_start", "period_end") and value is not None:
        value = pd.Timestamp(value)
    claims[at][fix.field] = value


def patched_batches(overlay: Overlay, batches: Iterator[pa.RecordBatch], columns: list[str] | None,
                    filter: pc.Expression | None) -> Iterator[pa.RecordBatch]:
    """Stored article batches (read with `overlay.article_filter(filter)` and the article_id
    column) as reads see them: patched, filtered again, `columns` only."""
    import pyarrow.dataset as pds

    for batch in batches:
        table = overlay.patch_articles(batch, None if columns is None else _with_id(columns))
        if filter is not None and overlay.articles.num_rows:
            table = pds.dataset(table).to_table(filter=filter)
        if columns is not None:
            table = table.select([c for c in columns if c in table.column_names])
        yield from table.to_batches()


def _with_id(columns: list[str]) -> list[str]:
    return columns if "article_id" in columns else [*columns, "article_id"]
