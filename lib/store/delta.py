"""The store: the `articles`, `claims` and `corrections` tables as Delta Lake tables.

    STORE/articles/      Delta table (Parquet files + _delta_log/)
    STORE/claims/        Delta table
    STORE/corrections/   Delta table (analysts' corrections, lib.store.corrections; created empty)
    STORE/stories/       Delta table (articles grouped into stories, lib.store.stories; replaced on each update)
    STORE/story_signatures/  Delta table (each article's MinHash signature, appended as articles come)
    STORE/.write.lock    held by a writer while it commits (lib.store.writer)
    STORE/.staging/      Dask workers' Parquet files before the client commits them

Every change is a Delta commit: atomic, and every earlier version stays readable.
One *revision* of the store is one version of the articles table: a writer commits
a batch's claims first and its articles last, and the articles commit records the
claims version it goes with (`syria.claims_version` in its commit info). A reader
therefore takes the articles at a revision and the claims at exactly the version
paired with it: claims committed by a writer that has not yet (or never, if it was
killed) committed their articles are never seen. When a revision carries no pairing
(a commit by another tool), claims are read at the same point in time and filtered
to the stored articles (a semi-join), with the same effect.

Reads (`Store.articles/claims/batches/arrow/connect`) apply the analysts' corrections
and the stories (`lib.store.overlay`); `Store.dataset` is the stored table as written.

This module is the read side (`open_store`, `Store`); `lib.store.writer` writes.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds
from deltalake import DeltaTable
from deltalake.exceptions import TableNotFoundError

from lib import settings
from lib.store.schema import (ARTICLE_COLUMNS, ARTICLE_READ_COLUMNS, ARTICLES, ARTICLES_READ_SCHEMA, CLAIM_COLUMNS,
                              CLAIMS, CLAIMS_SCHEMA, CORRECTION_COLUMNS, CORRECTIONS, PATCHED_ARTICLE_COLUMNS,
                              SIGNATURES, STORIES, STORY_READ_COLUMNS, STORY_TABLE_COLUMNS, from_arrow)

__all__ = ["StoreError", "Store", "Revision", "open_store", "store_version", "is_store", "commit_info", "release_memory",
           "ARTICLES", "CLAIMS", "CORRECTIONS", "STORIES", "SIGNATURES", "META_OP", "META_BATCH",
           "META_CLAIMS_VERSION"]

TABLES = (ARTICLES, CLAIMS, CORRECTIONS)
VERSIONED = (ARTICLES, CLAIMS, CORRECTIONS, STORIES)  # tables whose commits change what reads see
COLUMNS = {ARTICLES: ARTICLE_COLUMNS, CLAIMS: CLAIM_COLUMNS, CORRECTIONS: CORRECTION_COLUMNS}

# Keys this project adds to a Delta commit's info.
META_OP = "syria.op"  # create | ingest | rebuild | orphans | compact (| story ops on their tables)
META_BATCH = "syria.batch"  # one ingest batch: the same id on its claims and its articles commit
META_CLAIMS_VERSION = "syria.claims_version"  # on an articles commit: the claims version it goes with
META_ADDED = "syria.added"  # articles added by the commit

AsOf = int | str | date | datetime | None
_LOG_FILE = re.compile(r"^(\d{20})\.json$")


class StoreError(Exception):
    """A store that is missing, not a store, or has no version at the time asked."""


def is_store(path: str | Path) -> bool:
    return DeltaTable.is_deltatable(str(Path(path) / ARTICLES))


def latest_version(table_path: Path) -> int:
    """The newest version of a Delta table, from its log's file names (cheap: no log replay)."""
    try:
        names = os.listdir(table_path / "_delta_log")
    except FileNotFoundError:
        return -1
    versions = [int(m.group(1)) for n in names if (m := _LOG_FILE.match(n))]
    return max(versions, default=-1)


def store_version(path: str | Path) -> str:
    """A key that changes on every commit to any table of the store ("12.14.0.3": articles,
    claims, corrections, stories), for caches: cheap enough to call on every dashboard rerun
    (four directory listings)."""
    path = Path(path)
    return ".".join(str(latest_version(path / t)) for t in VERSIONED)


def commit_info(table_path: Path, version: int) -> dict[str, Any]:
    """The commitInfo of one version of a Delta table ({} when its log entry is gone)."""
    try:
        with open(table_path / "_delta_log" / f"{version:020d}.json", encoding="utf-8") as fh:
            for line in fh:
                action = json.loads(line)
                if "commitInfo" in action:
                    return action["commitInfo"]
    except FileNotFoundError:
        pass
    return {}


def added_files(table_path: Path, version: int) -> list[str]:
    """Data files (relative paths) a version's commit added."""
    out = []
    try:
        with open(table_path / "_delta_log" / f"{version:020d}.json", encoding="utf-8") as fh:
            for line in fh:
                action = json.loads(line)
                if "add" in action:
                    out.append(action["add"]["path"])
    except FileNotFoundError:
        pass
    return out


def release_memory() -> None:
    """Hand Arrow's freed memory back to the system. Its allocator keeps freed pages for
    reuse, and big batches of varying size (article texts) then make a long stream's
    memory creep up (export: 320 -> 570 MB from 10k to 100k articles); purged after
    each batch it stays flat. Costs well under a millisecond."""
    pa.default_memory_pool().release_unused()


def _as_of_datetime(as_of: str | date | datetime) -> datetime:
    """A date means the end of that day; times without a zone are UTC (as Delta's commit times)."""
    if isinstance(as_of, str):
        try:
            as_of = datetime.fromisoformat(as_of) if ("T" in as_of or " " in as_of or ":" in as_of) else date.fromisoformat(as_of)
        except ValueError as err:
            raise StoreError(f"--as-of {as_of!r}: neither a version number nor an ISO date/time") from err
    if not isinstance(as_of, datetime):
        as_of = datetime.combine(as_of, time.max)
    return as_of if as_of.tzinfo else as_of.replace(tzinfo=timezone.utc)


def _commit_time(info: dict[str, Any]) -> datetime | None:
    ms = info.get("timestamp")
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc) if ms else None


@dataclass(frozen=True)
class Revision:
    """One revision of the store: a version of the articles table and what it says."""

    version: int
    time: datetime | None
    op: str
    added: int | None  # articles added
    claims_version: int | None  # the claims version it pairs with (None: not recorded)


def _revision(articles: Path, version: int) -> Revision:
    info = commit_info(articles, version)
    paired = info.get(META_CLAIMS_VERSION)
    added = info.get(META_ADDED, (info.get("operationMetrics") or {}).get("num_added_rows"))
    return Revision(version, _commit_time(info), info.get(META_OP) or str(info.get("operation", "?")).lower(),
                    int(added) if added is not None else None, int(paired) if paired is not None else None)


class Store:
    """A pinned, read-only view of the store at one revision (the latest, or `as_of`).

    Reads push column selection and filters (pyarrow compute expressions) down to the
    Parquet files. Claims never include orphans (claims whose article is not stored)."""

    def __init__(self, path: str | Path, as_of: AsOf = None, *, analysts: bool = True) -> None:
        self.path = Path(path)
        self.analysts = analysts  # False: reads apply the stories but not the analysts' corrections
        if not is_store(self.path):
            raise StoreError(f"{self.path}: not a store (no {ARTICLES} Delta table there)")
        self.as_of = as_of
        self._articles = self._open(ARTICLES, as_of)
        self.revision: int = self._articles.version()
        rev = _revision(self.path / ARTICLES, self.revision)
        self.time = rev.time
        # the moment the other tables are read at, when no pairing says which version
        at = None if as_of is None else rev.time if _is_version(as_of) else _as_of_datetime(as_of)
        # Stories are grouped just after their articles' commit, so a pinned revision reads the
        # derived tables (stories, story_claims) as they were until the next revision's commit.
        self.moment = at if at is None or not _is_version(as_of) else self._until_next_revision(at)
        if rev.claims_version is not None:
            self._claims, self.paired = DeltaTable(str(self.path / CLAIMS), version=rev.claims_version), True
        else:  # not recorded: the claims as of the same moment, filtered to the stored articles
            self._claims, self.paired = self._open(CLAIMS, at), False
        self._corrections = self._open(CORRECTIONS, at)
        self._stories: DeltaTable | None = None  # grouped after the articles commit: may not exist yet
        if DeltaTable.is_deltatable(str(self.path / STORIES)):
            try:
                self._stories = self._open(STORIES, self.moment)
            except StoreError:  # not yet grouped at that time
                self._stories = None

    def _until_next_revision(self, at: datetime) -> datetime | None:
        """Just before the next articles revision's commit (None: this is the latest)."""
        if self.revision >= latest_version(self.path / ARTICLES):
            return None
        following = _revision(self.path / ARTICLES, self.revision + 1).time
        return (following - timedelta(milliseconds=1)) if following is not None else at

    def _open(self, table: str, as_of: AsOf | datetime) -> DeltaTable:
        path = self.path / table
        try:
            dt = DeltaTable(str(path))
        except TableNotFoundError as err:
            raise StoreError(f"{path}: missing table") from err
        if as_of is None:
            return dt
        if _is_version(as_of):
            version = int(as_of)
            if not 0 <= version <= dt.version():
                raise StoreError(f"{path.name}: no version {version} (versions 0-{dt.version()})")
            return DeltaTable(str(path), version=version)
        when = _as_of_datetime(as_of)
        first = _commit_time(commit_info(path, 0))
        if first is not None and when < first:
            raise StoreError(f"{path.name}: the store did not exist at {when.isoformat()} (created {first.isoformat()})")
        dt.load_as_version(when)
        return dt

    # --- versions ------------------------------------------------------------------------------------

    @property
    def version(self) -> str:
        """A cache key that changes on every commit of any table ("12.14.0.3": articles,
        claims, corrections, stories). For an `as_of` store, the pinned versions."""
        if self.as_of is None:
            return store_version(self.path)
        return ".".join(str(v) for v in self.versions.values())

    @property
    def versions(self) -> dict[str, int]:
        """The version of each table this view reads (stories: -1 before the first grouping)."""
        return {ARTICLES: self.revision, CLAIMS: self._claims.version(), CORRECTIONS: self._corrections.version(),
                STORIES: self._stories.version() if self._stories is not None else -1}

    def history(self, limit: int | None = None) -> list[Revision]:
        """Revisions, the newest first (up to this view's revision)."""
        first = 0 if limit is None else max(0, self.revision - limit + 1)
        return [_revision(self.path / ARTICLES, v) for v in range(self.revision, first - 1, -1)]

    # --- reads -------------------------------------------------------------------------------------

    def dataset(self, table: str) -> pds.Dataset:
        """The table's Parquet files at this revision as a pyarrow dataset. For claims this
        is the raw table: use `claims_*` or `connect()`, which leave orphans out."""
        return {ARTICLES: self._articles, CLAIMS: self._claims, CORRECTIONS: self._corrections}[table].to_pyarrow_dataset()

    def article_ids(self) -> pa.ChunkedArray:
        """Every stored article id (reads the id column only)."""
        return self.dataset(ARTICLES).to_table(columns=["article_id"]).column(0)

    def _claims_filter(self, filter: pc.Expression | None) -> pc.Expression | None:
        if self.paired:
            return filter
        visible = pc.field("article_id").isin(self.article_ids().combine_chunks())
        return visible if filter is None else visible & filter

    def batches(self, table: str, columns: list[str] | None = None, filter: pc.Expression | None = None,
                batch_size: int | None = None, *, corrected: bool = True) -> Iterator[pa.RecordBatch]:
        """The table's rows in Arrow batches, streamed: memory stays a few batches
        (`settings.STORE_SCAN_BATCH_ROWS` rows each by default). `corrected` (the default):
        as reads see them, with the analysts' corrections and the stories applied
        (lib.store.overlay); False: as stored."""
        overlay = self.overlay() if corrected and table in (ARTICLES, CLAIMS) else None
        if overlay is not None and overlay.empty:
            overlay = None
        scan_columns = columns
        if table == CLAIMS:
            filter = self._claims_filter(filter)
            scan_filter = overlay.claims_filter(filter) if overlay is not None else filter
        else:
            scan_filter = overlay.article_filter(filter) if overlay is not None else filter
            if corrected and columns is not None:
                # the story columns are not stored; the patched ones are read for the patch and for
                # the filter, applied again after it (so a filter may use them, or the columns read)
                scan_columns = [c for c in dict.fromkeys([*columns, "article_id", *(PATCHED_ARTICLE_COLUMNS if overlay else [])])
                                if c in ARTICLE_COLUMNS]
        scanner = self.dataset(table).scanner(
            columns=scan_columns, filter=scan_filter, batch_size=batch_size or settings.STORE_SCAN_BATCH_ROWS,
            batch_readahead=settings.STORE_SCAN_READAHEAD, fragment_readahead=1)
        stream = scanner.to_batches()
        if table == ARTICLES and corrected:
            from lib.store.overlay import Overlay, patched_batches

            stream = patched_batches(overlay or Overlay.nothing(), stream, columns, filter)
        for batch in stream:
            yield batch
            release_memory()
        if table == CLAIMS and overlay is not None:
            yield from overlay.replacement_claims(columns, filter).to_batches()

    def arrow(self, table: str, columns: list[str] | None = None, filter: pc.Expression | None = None, *,
              corrected: bool = True) -> pa.Table:
        """The table (as reads see it, see `batches`) as one Arrow table."""
        if table not in (ARTICLES, CLAIMS) or not corrected:
            if table == CLAIMS:
                filter = self._claims_filter(filter)
            return self.dataset(table).to_table(columns=columns, filter=filter)
        batches = list(self.batches(table, columns, filter))
        if batches:
            return pa.Table.from_batches(batches)
        schema = ARTICLES_READ_SCHEMA if table == ARTICLES else CLAIMS_SCHEMA
        return schema.empty_table().select(columns) if columns is not None else schema.empty_table()

    def articles(self, columns: list[str] | None = None, filter: pc.Expression | None = None, *,
                 corrected: bool = True) -> pd.DataFrame:
        """The articles table as pandas, with the contract's dtypes: with corrections, story_id,
        story_rule and published_basis (see `batches`)."""
        return from_arrow(self.arrow(ARTICLES, columns, filter, corrected=corrected), ARTICLE_READ_COLUMNS)

    def claims(self, columns: list[str] | None = None, filter: pc.Expression | None = None, *,
               corrected: bool = True) -> pd.DataFrame:
        """The claims whose article is stored, as pandas, with the contract's dtypes (corrected: see `batches`)."""
        return from_arrow(self.arrow(CLAIMS, columns, filter, corrected=corrected), CLAIM_COLUMNS)

    def raw_corrections(self) -> pd.DataFrame:
        """The corrections table as stored (its columns as of this revision)."""
        return from_arrow(self.dataset(CORRECTIONS).to_table(), CORRECTION_COLUMNS)

    def corrections(self) -> pd.DataFrame:
        """Every correction row (reversals included), with the contract's columns."""
        from lib.store.correction_values import read_corrections

        return read_corrections(self)

    def stories(self) -> pd.DataFrame:
        """The stories table (article_id, story_id, story_rule, story_date, story_basis); empty
        before the first grouping."""
        if self._stories is None:
            return pd.DataFrame({c: pd.Series(dtype="object") for c in STORY_TABLE_COLUMNS})
        df = self._stories.to_pyarrow_dataset().to_table(columns=STORY_TABLE_COLUMNS).to_pandas()
        return df.astype(object).where(df.notna(), None)

    def overlay(self):
        """The corrections and stories reads apply (lib.store.overlay), computed once per Store."""
        from lib.store.overlay import overlay_of

        return overlay_of(self)

    def connect(self, con: Any = None) -> Any:
        """A DuckDB connection with views `articles`, `claims` (no orphans) and `corrections`
        over this revision as reads see them (corrections and stories applied; `stored_articles`
        and `stored_claims`: as stored); DuckDB pushes projections and filters into the
        Parquet scans. (DuckDB's own delta_scan would download an extension.)"""
        import duckdb

        con = con if con is not None else duckdb.connect()
        for table in TABLES:
            con.register(f"_{table}_files", self.dataset(table))
        con.execute("CREATE OR REPLACE TEMP VIEW corrections AS SELECT * FROM _corrections_files")
        claims_from = "_claims_files" if self.paired else \
            "(SELECT * FROM _claims_files WHERE article_id IN (SELECT article_id FROM _articles_files))"
        con.execute(f"CREATE OR REPLACE TEMP VIEW stored_claims AS SELECT * FROM {claims_from}")
        con.execute("CREATE OR REPLACE TEMP VIEW stored_articles AS SELECT * FROM _articles_files")
        overlay = self.overlay()
        con.register("_article_patch", overlay.articles)
        con.register("_claims_patch", overlay.claims)
        con.register("_claims_replaced", pa.table({"article_id": overlay.replaced}))
        patched = ", ".join(f"CASE WHEN p.article_id IS NULL THEN a.{c} ELSE p.{c} END AS {c}"
                            for c in PATCHED_ARTICLE_COLUMNS)
        rest = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS if c not in PATCHED_ARTICLE_COLUMNS)
        stories = ", ".join(f"p.{c}" for c in STORY_READ_COLUMNS)
        con.execute(f"CREATE OR REPLACE TEMP VIEW articles AS SELECT {rest}, {patched}, {stories} "
                    "FROM _articles_files a LEFT JOIN _article_patch p ON a.article_id = p.article_id")
        columns = ", ".join(f'"{c}"' for c in CLAIM_COLUMNS)
        con.execute(f"CREATE OR REPLACE TEMP VIEW claims AS SELECT {columns} FROM stored_claims "
                    "WHERE article_id NOT IN (SELECT article_id FROM _claims_replaced) "
                    f"UNION ALL SELECT {columns} FROM _claims_patch")
        return con

    # --- sizes ---------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table at this revision, from the Delta log's file statistics (no scan),
        except claims when unpaired (they are counted after leaving orphans out)."""
        out = {}
        for table, dt in ((ARTICLES, self._articles), (CLAIMS, self._claims), (CORRECTIONS, self._corrections)):
            if table == CLAIMS and not self.paired:
                out[table] = sum(b.num_rows for b in self.batches(CLAIMS, columns=["article_id"]))
                continue
            actions = dt.get_add_actions(flatten=True)
            out[table] = int(sum(pa.table(actions).column("num_records").to_pylist() or [0])) if actions.num_rows else 0
        return out

    def size_bytes(self) -> dict[str, int]:
        """Bytes on disk per table folder, every version's files and logs included."""
        out = {}
        for table in TABLES:
            total = 0
            for root, _dirs, files in os.walk(self.path / table):
                total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
            out[table] = total
        return out


def _is_version(as_of: AsOf) -> bool:
    return isinstance(as_of, int) or (isinstance(as_of, str) and as_of.isdigit())


def open_store(path: str | Path, as_of: AsOf = None, *, analysts: bool = True) -> Store:
    """The store at `path`, at its latest revision or as of a revision number or a date/time.
    `analysts=False`: reads leave the analysts' corrections out (the extractor's own output, with
    its stories' dates: what `lib.evaluate` scores, so corrections exported as gold measure it)."""
    return Store(path, as_of, analysts=analysts)
