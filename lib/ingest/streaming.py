"""Ingest into the store, streaming: `python -m lib.ingest INPUT... --store STORE`.

Articles flow through in batches (`settings.INGEST_BATCH_SIZE`), each committed to
the store as soon as it is extracted, so memory stays one batch whatever the corpus
size, and an interrupted run keeps every batch it committed. Only articles whose id
is not yet stored are added, and the claims of stored ones are never extracted.
`rebuild` re-extracts the claims of every stored article with the current rules.
After either, the stories are brought up to date (`lib.store.stories.update_stories`:
only the new articles are hashed). Both refuse in read-only mode (lib.store.access).
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds

from lib import settings
from lib.extract import extract_claims
from lib.ingest.pipeline import BatchCollector, Progress, _cyclic_gc_paused, number_claims, outlets_line
from lib.ingest.readers import ReadError
from lib.store.access import require_writable
from lib.store.delta import ARTICLES, CLAIMS, STORIES, StoreError, is_store, latest_version, open_store
from lib.store.schema import ARTICLE_COLUMNS, CLAIM_COLUMNS, coerce_articles, coerce_claims, to_arrow
from lib.store.stories import StoryUpdate, update_stories
from lib.store.writer import BatchOutcome, Compaction, StoreWriter
from lib.text.textnorm import normalize_with_offsets

__all__ = ["IngestReport", "RebuildReport", "ingest", "rebuild", "batch_tables", "commit_tables"]


def batch_tables(rows: list[dict[str, Any]], claims: list[dict[str, Any]]) -> tuple[pa.Table, pa.Table]:
    """A batch's rows as the store's Arrow tables, through the same coercion as `build_tables`
    (so stored rows equal the in-memory tables' rows)."""
    return (to_arrow(coerce_articles(pd.DataFrame(rows)), ARTICLE_COLUMNS),
            to_arrow(coerce_claims(pd.DataFrame(claims)), CLAIM_COLUMNS))


@dataclass
class IngestReport:
    """What one ingest did to the store."""

    store: Path
    read: int = 0  # articles read and processed
    added: int = 0
    already: int = 0  # stored before (by an earlier run, or another writer during this one)
    duplicates: int = 0  # read more than once in this run
    claims: int = 0  # claims added
    errors: list[ReadError] = field(default_factory=list)  # refused: files, records, articles
    outlets: Counter[str] = field(default_factory=Counter)  # of the added articles
    origins: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)  # plausibility flags of the added rows
    revision_before: int | None = None
    revision_after: int | None = None
    seconds: float = 0.0
    stories: StoryUpdate | None = None  # the stories' updates after the run's commits (None: none)
    compacted: list[Compaction] | None = None  # the tables' files merged at the end of the run (None: not needed)

    def record(self, outcome: BatchOutcome) -> None:
        """Count a committed batch."""
        self.added += outcome.added
        self.already += outcome.already
        self.claims += outcome.claims.num_rows
        for counter, table, column in ((self.outlets, outcome.articles, "source_id"),
                                       (self.origins, outcome.articles, "published_origin"),
                                       (self.kinds, outcome.claims, "kind")):
            if table.num_rows:
                for entry in pc.value_counts(table.column(column).fill_null("unknown")).to_pylist():
                    counter[entry["values"]] += entry["counts"]
        for table in (outcome.articles, outcome.claims):
            if table.num_rows and "flags" in table.column_names:  # counted per distinct value, as above
                for entry in pc.value_counts(table.column("flags").drop_null()).to_pylist():
                    for flag in filter(None, entry["values"].split(",")):
                        self.flags[flag] += entry["counts"]

    def summary(self) -> str:
        """A plain-text report for the terminal (outlets by their ASCII slugs)."""
        rate = f" in {self.seconds:.1f}s ({self.read / self.seconds:,.0f}/s)" if self.seconds and self.read else ""
        lines = [f"articles: {self.read} read{rate}",
                 f"added: {self.added} article(s), {self.claims} claim(s)",
                 f"already in the store: {self.already}"
                 + (f"; read twice in this input: {self.duplicates} (kept once)" if self.duplicates else "")]
        if self.outlets:
            lines.append(outlets_line(self.outlets.most_common()))
            lines.append("dates: " + ", ".join(f"{k} {v}" for k, v in self.origins.most_common()))
        if self.kinds:
            lines.append("claims: " + ", ".join(f"{k} {v}" for k, v in self.kinds.most_common()))
        if self.flags:  # kept, but left out of charts by default: say so rather than store them silently
            lines.append("flagged (kept, left out of charts): "
                         + ", ".join(f"{k} {v}" for k, v in self.flags.most_common()))
        if self.errors:
            lines.append(f"refused: {len(self.errors)}")
            lines += [f"  {e.path}: {e.reason}" for e in self.errors]
        if self.stories is not None:
            lines.append(stories_line(self.stories))
        if self.compacted:
            lines.append("compacted: " + ", ".join(map(str, self.compacted)))
        if self.revision_before is None and self.revision_after is not None:
            lines.append(f"store: {self.store}, created, revision {self.revision_after}")
        elif self.revision_after != self.revision_before:
            lines.append(f"store: {self.store}, revision {self.revision_before} -> {self.revision_after}")
        else:
            lines.append(f"store: {self.store}, unchanged (revision {self.revision_before})")
        return "\n".join(lines)


def stories_line(update: StoryUpdate) -> str:
    """The stories' update in one line of a summary."""
    return (f"stories: {update.stories} grouping {update.articles} articles, {update.inferred} undated "
            f"article(s) dated by their story ({update.hashed} article(s) hashed in {update.seconds_hashing:.1f}s, "
            f"grouping {update.seconds_grouping:.1f}s)")


def finish_stories(store: Path, report: IngestReport) -> None:
    """At the end of an ingest run: regroup the stories if its last commit only hashed (a big
    store), or if the store has never been grouped (made before stories existed)."""
    update = report.stories
    if not is_store(store):
        return
    if (update is not None and not update.grouped) or (update is None and latest_version(store / STORIES) < 0):
        final = update_stories(store)
        if update is not None:
            final.hashed += update.hashed
            final.seconds_hashing += update.seconds_hashing
        report.stories = final


def finish_run(store: Path, report: IngestReport, started: float) -> IngestReport:
    """The end of every ingest run (either engine): the stories grouped once, the tables'
    small files merged when fragmented, the revision and the time taken."""
    finish_stories(store, report)
    _compact_when_fragmented(store, report)
    report.revision_after = _revision(store)
    report.seconds = time.perf_counter() - started
    return report


def _compact_when_fragmented(store: Path, report: IngestReport) -> None:
    """Merge the tables' small files (one a batch or correction) once a table reads
    `settings.STORE_COMPACT_AFTER_FILES` of them, so reads stay fast as the corpus grows week
    by week without anyone running `python -m lib.store compact` (no store: no small files)."""
    writer = StoreWriter(store)
    if writer.most_small_files() >= settings.STORE_COMPACT_AFTER_FILES:
        report.compacted = writer.compact()


def _revision(store: Path) -> int | None:
    """The store's latest revision (from its log's file names), None before it exists."""
    return latest_version(store / ARTICLES) if is_store(store) else None


def commit_tables(writer: StoreWriter, report: IngestReport, articles: pa.Table, claims: pa.Table) -> None:
    """Commit one batch and count it; then bring the stories up to date: the batch's articles
    hashed, and every article regrouped while the store is small enough that this is cheap
    (`settings.STORY_REGROUP_EACH_COMMIT_MAX`; past it the run regroups once, at its end:
    `finish_stories`)."""
    outcome = writer.commit_batch(articles, claims)
    report.record(outcome)
    if outcome.added:
        update = update_stories(writer.path, regroup=None)
        if report.stories is not None:  # the run's hashing adds up; the grouping is the latest
            update.hashed += report.stories.hashed
            update.seconds_hashing += report.stories.seconds_hashing
            update.seconds_grouping += report.stories.seconds_grouping
        report.stories = update


def ingest(inputs: Sequence[Path | str], store: Path | str, *, progress: Progress | None = None,
           on_article: Callable[[int], None] | None = None) -> IngestReport:
    """Add the articles under `inputs` that `store` does not hold yet, a batch per commit.

    A file that cannot be read and an article that fails to process are reported in
    `errors` and never stop the run. Nothing is committed when nothing is new."""
    started = time.perf_counter()
    store = Path(store)
    require_writable(f"add articles to the store {store}")
    report = IngestReport(store, revision_before=_revision(store))
    writer = StoreWriter(store)
    writer.stored_ids()
    collector = BatchCollector(lambda article_id: article_id in writer.ids, on_article)
    for rows, claims in collector.batches(inputs, progress):
        commit_tables(writer, report, *batch_tables(rows, claims))
        del rows, claims  # the next batch is built without this one alive
    report.read, report.duplicates, report.errors = collector.read, collector.duplicates, collector.errors
    report.already += collector.already
    return finish_run(store, report, started)


@dataclass
class RebuildReport:
    store: Path
    articles: int = 0
    claims_before: int = 0
    claims_after: int = 0
    errors: list[ReadError] = field(default_factory=list)  # articles whose re-extraction failed: claims kept
    revision_before: int | None = None
    revision_after: int | None = None
    seconds: float = 0.0
    stories: StoryUpdate | None = None

    def summary(self) -> str:
        lines = [f"rebuilt: {self.articles} article(s) re-extracted in {self.seconds:.1f}s",
                 f"claims: {self.claims_before} before, {self.claims_after} after"]
        if self.errors:
            lines.append(f"kept their previous claims (re-extraction failed): {len(self.errors)}")
            lines += [f"  {e.path}: {e.reason}" for e in self.errors]
        if self.stories is not None:
            lines.append(stories_line(self.stories))
        lines.append(f"store: {self.store}, revision {self.revision_before} -> {self.revision_after}")
        return "\n".join(lines)


def rebuild(store: Path | str, *, on_article: Callable[[int], None] | None = None) -> RebuildReport:
    """Re-extract the claims of every stored article with the current rules, as one new
    revision (the articles are unchanged). Holds the write lock for the whole run, so no
    ingest commits in between; an ingest started meanwhile waits, then goes on."""
    started = time.perf_counter()
    store = Path(store)
    require_writable(f"rebuild the store {store}")
    if not is_store(store):
        raise StoreError(f"{store}: not a store: nothing to rebuild")
    writer = StoreWriter(store)
    with writer.locked():
        snapshot = open_store(store)
        report = RebuildReport(store, revision_before=snapshot.revision)
        report.claims_before = snapshot.counts()[CLAIMS]
        # the datasets are opened here: deltalake cannot be called from inside its own writer,
        # which is what consumes the generator
        articles, claims = snapshot.dataset(ARTICLES), snapshot.dataset(CLAIMS)
        report.claims_after = writer.replace_claims(_reextracted(articles, claims, report, on_article))
    # the figures the stories compare changed, and the rules the story-dated claims were read with
    report.stories = update_stories(store, extract_again=True)
    report.revision_after = _revision(store)
    report.seconds = time.perf_counter() - started
    return report


def _reextracted(articles: pds.Dataset, stored_claims: pds.Dataset, report: RebuildReport,
                 on_article: Callable[[int], None] | None) -> Iterator[pa.RecordBatch]:
    """The claims of the stored articles, extracted again, a batch of articles at a time.
    An article whose extraction fails keeps the claims it had."""
    columns = ["article_id", "source_id", "published", "text", "path"]
    for batch in articles.to_batches(columns=columns, batch_size=settings.INGEST_BATCH_SIZE,
                                     batch_readahead=settings.STORE_SCAN_READAHEAD, fragment_readahead=1):
        claims: list[dict[str, Any]] = []
        failed: list[str] = []
        with _cyclic_gc_paused():
            for article_id, source_id, published, text, path in zip(*(batch.column(c).to_pylist() for c in columns)):
                day = published.date() if published is not None else None
                try:
                    found = extract_claims(text, day, normalize_with_offsets(text))
                except Exception as exc:  # one bad article never stops the rebuild
                    report.errors.append(ReadError(path or article_id, f"could not re-extract: {type(exc).__name__}: {exc}"))
                    failed.append(article_id)
                    continue
                claims.extend(number_claims(found, article_id, source_id, day))
                report.articles += 1
                if on_article:
                    on_article(report.articles)
        if claims:
            yield from to_arrow(coerce_claims(pd.DataFrame(claims)), CLAIM_COLUMNS).to_batches()
        if failed:
            yield from stored_claims.to_table(filter=pc.field("article_id").isin(failed)).to_batches()
