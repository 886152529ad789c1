"""Writing the store: a commit per batch, safe beside other writers and crashes.

A writer holds `STORE/.write.lock` (an OS file lock: released when the process dies,
however it dies) only while it commits; extraction runs outside it, so concurrent
ingests work in parallel and take turns to commit. Under the lock, a batch:

1. re-reads the stored article ids (only files added since it last looked, id column
   only) and drops the batch's articles already stored, with their claims;
2. deletes orphan claims left by a writer killed between its two commits (only the
   claims files committed after the last articles commit can hold any);
3. appends its claims, then its articles; the articles commit records the claims
   version it goes with, which is what readers use (`lib.store.delta`).

A batch that adds nothing commits nothing. A kill at any point leaves the last good
revision readable, and the next writer (or a rerun) completes the work.

`compact` rewrites each table's small files (one a batch, one a correction) into
few large ones, under the same lock: orphans first, then the claims, then the
articles with a revision that pairs with the compacted claims. Nothing is vacuumed,
so every earlier revision stays readable.
"""
from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable, WriterProperties, write_deltalake
from filelock import FileLock

from lib import settings
from lib.store.access import require_writable
from lib.store.delta import (ARTICLES, CLAIMS, CORRECTIONS, META_CLAIMS_VERSION, SIGNATURES, StoreError, added_files,
                             commit_info, is_store, latest_version, release_memory)
from lib.store.ids import IdSet
from lib.store.schema import ARTICLES_SCHEMA, CLAIMS_SCHEMA, CORRECTIONS_SCHEMA

__all__ = ["StoreWriter", "BatchOutcome", "Compaction", "CRASH_ENV"]

LOCK_NAME = ".write.lock"
SCHEMAS = {ARTICLES: ARTICLES_SCHEMA, CLAIMS: CLAIMS_SCHEMA, CORRECTIONS: CORRECTIONS_SCHEMA}
# Old versions stay readable: Delta would otherwise drop log entries older than 30 days
# when it writes a checkpoint, and with them the versions they describe.
# A checkpoint every 10 commits (Delta's default: 100): loading a table replays the log
# entries since the last one, and fewer of them keep a long ingest's memory ~20 MB lower.
TABLE_CONFIG = {"delta.enableExpiredLogCleanup": "false", "delta.checkpointInterval": "10"}
# Min/max statistics (for skipping files on a filter) only on the columns filters use.
# Without this Delta keeps whole article texts and evidence sentences as min/max in its
# log, and every load of a table holds them: ~100 KB a file, 60 MB at 600 files.
STATS_COLUMNS = {
    ARTICLES: "article_id,source_id,published,published_origin",
    CLAIMS: "claim_id,article_id,source_id,published,kind,value,low,high,qualifier,when,actor,target,"
            "period_start,period_end,date_precision,status,place_id,geo_precision,killed,injured,arrested",
    CORRECTIONS: "article_id,field,time",
}
# zstd: the bundled articles take 3.4x less room, snappy (the default) 2.2x
COMPRESSION = "ZSTD"
WRITER_PROPERTIES = WriterProperties(compression=COMPRESSION)

# For the crash tests: "after-claims:2" SIGKILLs this process the 2nd time it reaches
# that point (before-claims, after-claims, after-articles, after-orphans, rebuild-after-claims,
# compact-after-claims).
CRASH_ENV = "LIB_STORE_CRASH_AT"
_crash_counts: dict[str, int] = {}


def _crash_point(name: str) -> None:
    spec = os.environ.get(CRASH_ENV)
    if not spec or spec.partition(":")[0] != name:
        return
    _crash_counts[name] = _crash_counts.get(name, 0) + 1
    if _crash_counts[name] == int(spec.partition(":")[2] or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def commit_properties(**meta: object) -> CommitProperties:
    """Commit info keys as lib.store.delta reads them: op= -> "syria.op" (META_OP) ..."""
    return CommitProperties(custom_metadata={f"syria.{k}": str(v) for k, v in meta.items()})


class BatchOutcome(NamedTuple):
    articles: pa.Table  # the articles committed
    claims: pa.Table  # the claims committed
    already: int  # articles of the batch found stored (by an earlier run, or another writer meanwhile)

    @property
    def added(self) -> int:
        return self.articles.num_rows


class Compaction(NamedTuple):
    table: str
    files_before: int
    files_after: int

    def __str__(self) -> str:
        return f"{self.table} {self.files_before:,} file(s) -> {self.files_after:,}"


class StoreWriter:
    """Commits batches of articles and claims to the store at `path` (created on the first commit)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = FileLock(str(self.path / LOCK_NAME), timeout=settings.STORE_LOCK_TIMEOUT)
        self.ids = IdSet()  # the stored ids, as of `_ids_version`
        self._ids_version = -1
        self._id_files: set[str] = set()
        # Opened afresh for each batch: a DeltaTable kept and updated across hundreds of
        # commits grows by ~0.3 MB a commit (delta-rs 1.6); one loaded from the latest
        # checkpoint does not.
        self._tables: dict[str, DeltaTable] = {}

    def exists(self) -> bool:
        return is_store(self.path)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's write lock (re-entrant within this writer). Every write takes it,
        so read-only mode is enforced here."""
        require_writable(f"write to the store {self.path}")
        self.path.mkdir(parents=True, exist_ok=True)
        with self._lock:
            yield

    # --- stored ids ------------------------------------------------------------------------------------

    def stored_ids(self) -> IdSet:
        """The ids stored now (refreshed from files added since the last look). Safe without
        the lock: it reads a committed version."""
        if self.exists():
            self._load()
            self._refresh_ids()
        return self.ids

    def _refresh_ids(self) -> None:
        articles = self._tables[ARTICLES]
        if articles.version() == self._ids_version:
            return
        files = set(articles.file_uris())
        if not self._id_files <= files:  # files removed (a rewrite by another tool): start over
            self.ids, self._id_files = IdSet(), set()
        new = [pq.read_table(uri, columns=["article_id"]).column(0) for uri in sorted(files - self._id_files)]
        if new:  # merged into the sorted array once, not once a file
            chunks = [chunk.cast(pa.string()) for column in new for chunk in column.chunks]
            self.ids.update_arrow(pa.chunked_array(chunks, pa.string()))
        self._id_files, self._ids_version = files, articles.version()

    # --- tables ----------------------------------------------------------------------------------------

    def _load(self) -> None:
        self._tables.clear()
        for table in (ARTICLES, CLAIMS):
            self._tables[table] = DeltaTable(str(self.path / table))

    def ensure_created(self) -> None:
        """Create missing tables (under the lock); articles last, as it marks a store."""
        for table in (CLAIMS, CORRECTIONS, ARTICLES):
            where = str(self.path / table)
            if DeltaTable.is_deltatable(where):
                continue
            meta = {"op": "create"}
            if table == ARTICLES:
                meta["claims_version"] = str(latest_version(self.path / CLAIMS))
            config = {**TABLE_CONFIG, "delta.dataSkippingStatsColumns": STATS_COLUMNS[table]}
            DeltaTable.create(where, SCHEMAS[table], mode="ignore", configuration=config,
                              commit_properties=commit_properties(**meta))

    def _paired_claims_version(self) -> int:
        info = commit_info(self.path / ARTICLES, self._tables[ARTICLES].version())
        return int(info.get(META_CLAIMS_VERSION, -1))

    # --- orphans ---------------------------------------------------------------------------------------

    def _remove_orphans(self) -> int:
        """Delete claims whose article is not stored; returns how many articles they belonged to.
        Only claims files added after the version the latest revision pairs with can hold any."""
        claims = self._tables[CLAIMS]
        paired, latest = self._paired_claims_version(), claims.version()
        if latest <= paired:
            return 0
        live = set(pa.table(claims.get_add_actions(flatten=True)).column("path").to_pylist())
        if paired < 0:  # no pairing recorded: any file may
            suspects = live
        else:
            suspects = {f for v in range(paired + 1, latest + 1) for f in added_files(self.path / CLAIMS, v)} & live
        ids: set[str] = set()
        for name in sorted(suspects):
            ids.update(pc.unique(pq.read_table(self.path / CLAIMS / name, columns=["article_id"]).column(0)).to_pylist())
        orphans = sorted(i for i in ids if i is not None and i not in self.ids)
        for start in range(0, len(orphans), 1000):  # bounded SQL predicates
            listed = ", ".join("'" + i.replace("'", "''") + "'" for i in orphans[start:start + 1000])
            claims.delete(f"article_id IN ({listed})", commit_properties=commit_properties(op="orphans"))
        if orphans:
            _crash_point("after-orphans")
        return len(orphans)

    # --- commits ---------------------------------------------------------------------------------------

    def commit_batch(self, articles: pa.Table, claims: pa.Table) -> BatchOutcome:
        """Append the batch's articles not yet stored, and their claims (tables in the store's
        Arrow schemas). Returns what was added and what was found stored already."""
        if articles.num_rows == 0:
            return BatchOutcome(articles, claims.slice(0, 0), 0)
        with self.locked():
            self.ensure_created()
            self._load()
            self._refresh_ids()
            seen: set[str] = set()
            keep = []
            for article_id in articles.column("article_id").to_pylist():
                keep.append(article_id not in self.ids and article_id not in seen)
                seen.add(article_id)
            new = articles.filter(pa.array(keep, pa.bool_()))
            already = articles.num_rows - new.num_rows
            if new.num_rows == 0:
                return BatchOutcome(new, claims.slice(0, 0), already)
            claims = claims.filter(pc.is_in(claims.column("article_id"), value_set=new.column("article_id")))
            self._remove_orphans()
            batch = uuid.uuid4().hex
            _crash_point("before-claims")
            if claims.num_rows:
                write_deltalake(self._tables[CLAIMS], claims.cast(CLAIMS_SCHEMA), mode="append",
                                writer_properties=WRITER_PROPERTIES, commit_properties=commit_properties(op="ingest", batch=batch))
                _crash_point("after-claims")
            # under the lock the newest claims version is the one just written
            claims_version = latest_version(self.path / CLAIMS)
            write_deltalake(self._tables[ARTICLES], new.cast(ARTICLES_SCHEMA), mode="append",
                            writer_properties=WRITER_PROPERTIES,
                            commit_properties=commit_properties(op="ingest", batch=batch, added=new.num_rows,
                                                      claims_version=claims_version))
            _crash_point("after-articles")
            self._load()
            self._refresh_ids()  # reads the id column of the one file just written
            self._tables.clear()
            release_memory()
            return BatchOutcome(new, claims, already)

    def replace_claims(self, batches: Iterable[pa.RecordBatch]) -> int:
        """Replace every claim with `batches` (a rebuild), as one commit, then a revision that
        pairs with it. The caller holds `locked()` while it reads the articles it re-extracts,
        so no batch lands in between. Returns the number of claims written."""
        written = 0

        def counted() -> Iterator[pa.RecordBatch]:
            nonlocal written
            for batch in batches:
                written += batch.num_rows
                yield batch

        with self.locked():
            self.ensure_created()
            self._load()
            reader = pa.RecordBatchReader.from_batches(CLAIMS_SCHEMA, counted())
            write_deltalake(self._tables[CLAIMS], reader, mode="overwrite", writer_properties=WRITER_PROPERTIES,
                            commit_properties=commit_properties(op="rebuild"))
            _crash_point("rebuild-after-claims")
            self._pair_revision(self._tables[ARTICLES], "rebuild")
            self._tables.clear()
        return written

    def _pair_revision(self, articles: DeltaTable, op: str) -> None:
        """An articles commit adding nothing, a revision paired with the newest claims version
        (under the lock: after a rebuild or compaction rewrote the claims)."""
        meta = commit_properties(op=op, added=0, claims_version=latest_version(self.path / CLAIMS))
        articles.create_write_transaction([], mode="append", schema=articles.schema(), commit_properties=meta)

    def most_small_files(self) -> int:
        """The most data files under half of settings.STORE_COMPACT_TARGET_BYTES (what a
        compaction would merge) that any of the articles, claims and corrections tables reads now.
        (The story signatures, which `compact` merges too, gain a file with each articles commit:
        the articles' count stands for theirs.)"""
        most = 0
        for table in (ARTICLES, CLAIMS, CORRECTIONS):
            where = str(self.path / table)
            if DeltaTable.is_deltatable(where):
                sizes = pa.table(DeltaTable(where).get_add_actions(flatten=True)).column("size_bytes")
                most = max(most, pc.sum(pc.less(sizes, settings.STORE_COMPACT_TARGET_BYTES // 2)).as_py() or 0)
        return most

    def compact(self) -> list[Compaction]:
        """Rewrite each table's small files into files of about settings.STORE_COMPACT_TARGET_BYTES
        (same rows, new versions; the old files stay for earlier revisions). Returns the file
        counts before and after, table by table."""
        if not self.exists():
            raise StoreError(f"{self.path} is not a store (no articles table): nothing to compact")
        target = settings.STORE_COMPACT_TARGET_BYTES
        # small row groups: readers fetch a few rows' long columns by row group
        properties = WriterProperties(compression=COMPRESSION, max_row_group_size=settings.STORE_COMPACT_ROW_GROUP_ROWS)
        done: list[Compaction] = []
        with self.locked():
            self._load()
            self._refresh_ids()
            self._remove_orphans()  # else orphan claims would be sealed into files no later writer looks at
            for table in (CLAIMS, ARTICLES, CORRECTIONS, SIGNATURES):
                where = self.path / table
                if not DeltaTable.is_deltatable(str(where)):
                    continue
                delta = DeltaTable(str(where))
                before = len(delta.file_uris())
                meta: dict[str, object] = {"op": "compact"}
                if table == ARTICLES:  # the revision pairs with the claims just compacted
                    meta["claims_version"] = latest_version(self.path / CLAIMS)
                delta.optimize.compact(target_size=target, writer_properties=properties,
                                       max_concurrent_tasks=1,  # one file's rows in memory at a time
                                       commit_properties=commit_properties(**meta))
                if table == CLAIMS:
                    _crash_point("compact-after-claims")
                delta = DeltaTable(str(where))
                paired = int(commit_info(where, delta.version()).get(META_CLAIMS_VERSION, -1))
                if table == ARTICLES and paired != latest_version(self.path / CLAIMS):
                    self._pair_revision(delta, "compact")  # the articles needed no compaction, the claims did
                done.append(Compaction(table, before, len(delta.file_uris())))
            self._tables.clear()
            release_memory()
        return done
