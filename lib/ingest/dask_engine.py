"""Ingest on a Dask cluster: `--workers N` (a local cluster) or `--engine dask --scheduler ADDR`.

The client walks the inputs and plans *units*: runs of consecutive article files of
about a batch (`settings.INGEST_BATCH_SIZE`), and each record file (.json/.jsonl/.csv)
alone. A worker reads its unit's files itself (from a path every worker shares),
processes them exactly as the one-process engine does, and writes each batch of new
articles and their claims as two Parquet files in `STORE/.staging/<run>/`. The client
commits the staged batches in plan order, de-duplicating across units, so the store
gets the rows the one-process engine would give, and removes them. Workers never
touch the store's tables or its lock; only the client commits.

A remote cluster's scheduler and workers must import this project (PYTHONPATH=<repo>):
the scheduler unpickles the tasks, which name `process_unit`.

Limits: a record file is one unit (split a huge feed into files to spread it). A unit's
files find their metadata.csv as a walk does (the nearest folder up to the input folder
whose metadata.csv names them), but rows naming missing files are not reported, nor is a
malformed metadata.csv in a folder that holds no .txt/.html file (the default engine's walk
reports both).
"""
from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from lib import settings
from lib.ingest.pipeline import BatchCollector, Progress, _files_in
from lib.ingest.readers import ReadError, walk_files
from lib.ingest.streaming import IngestReport, _revision, batch_tables, commit_tables, finish_run
from lib.store.ids import IdSet
from lib.store.writer import StoreWriter

__all__ = ["Unit", "UnitResult", "plan_units", "process_unit", "ingest_dask"]

STAGING = ".staging"
RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".csv", ".tsv"})
METADATA_NAME = "metadata.csv"


@dataclass(frozen=True)
class Unit:
    index: int
    files: tuple[str, ...]
    top: str | None = None  # the walked input folder the files came from (metadata.csv is looked up to it)


@dataclass
class UnitResult:
    index: int
    parts: list[str] = field(default_factory=list)  # staged batches: <stem>.articles.parquet, <stem>.claims.parquet
    errors: list[ReadError] = field(default_factory=list)
    read: int = 0
    duplicates: int = 0
    already: int = 0


def plan_units(inputs: Sequence[Path | str], size: int | None = None) -> Iterator[Unit]:
    """The inputs' files as units of work, in input order; a unit never spans two inputs, so
    its files share the walked folder their metadata.csv is looked up to."""
    size = size or settings.INGEST_BATCH_SIZE
    index = 0
    for top in map(Path, inputs):
        folder = str(top) if top.is_dir() else None
        files = [f for f in walk_files(top) if f.name.lower() != METADATA_NAME] if top.is_dir() else [top]
        group: list[str] = []
        for file in files:
            if file.suffix.lower() in RECORD_SUFFIXES:  # many articles: a unit of its own
                if group:
                    yield Unit(index, tuple(group), folder)
                    index, group = index + 1, []
                yield Unit(index, (str(file),), folder)
                index += 1
                continue
            group.append(str(file))
            if len(group) >= size:
                yield Unit(index, tuple(group), folder)
                index, group = index + 1, []
        if group:
            yield Unit(index, tuple(group), folder)
            index += 1


def process_unit(unit: Unit, staging: str, known: IdSet, size: int) -> UnitResult:
    """(On a worker.) Read and process a unit's files; stage each batch of new articles."""
    collector = BatchCollector(lambda article_id: article_id in known)
    result = UnitResult(unit.index)
    top = Path(unit.top) if unit.top else None
    for n, (rows, claims) in enumerate(collector.batches(unit.files, size=size, metadata_top=top)):
        articles_table, claims_table = batch_tables(rows, claims)
        stem = os.path.join(staging, f"u{unit.index:07d}-{n:04d}-{uuid.uuid4().hex[:8]}")
        pq.write_table(claims_table, stem + ".claims.parquet")
        pq.write_table(articles_table, stem + ".articles.parquet")
        result.parts.append(stem)
    result.errors = collector.errors
    result.read, result.duplicates, result.already = collector.read, collector.duplicates, collector.already
    return result


def _clean_dead_runs(staging: Path) -> None:
    """Remove staging folders of runs that died (their run lock is free)."""
    if not staging.is_dir():
        return
    for entry in staging.iterdir():
        if entry.is_dir():
            lock = FileLock(str(entry) + ".lock")
            try:
                with lock.acquire(timeout=0):
                    shutil.rmtree(entry, ignore_errors=True)
            except Timeout:
                continue  # a live run's


class _Committer:
    """Commits finished units in plan order; keeps the first copy of each article."""

    def __init__(self, writer: StoreWriter, report: IngestReport, progress: Progress | None, total_files: int) -> None:
        self.writer, self.report, self.progress = writer, report, progress
        self.seen = IdSet()
        self.errors: dict[tuple[str, str], ReadError] = {}  # a metadata.csv's errors come once per unit that reads it
        self.done: dict[int, tuple[Unit, UnitResult]] = {}
        self.next = 0
        self.files_done, self.total_files = 0, total_files

    def finished(self, unit: Unit, result: UnitResult) -> None:
        self.done[unit.index] = (unit, result)
        while self.next in self.done:
            self._commit(*self.done.pop(self.next))
            self.next += 1

    def _commit(self, unit: Unit, result: UnitResult) -> None:
        for stem in result.parts:
            articles = pq.read_table(stem + ".articles.parquet")
            claims = pq.read_table(stem + ".claims.parquet")
            keep = []
            for article_id in articles.column("article_id").to_pylist():
                keep.append(article_id not in self.seen)
                self.seen.add(article_id)
            new = articles.filter(pa.array(keep, pa.bool_()))
            self.report.duplicates += articles.num_rows - new.num_rows
            new_claims = claims.filter(pc.is_in(claims.column("article_id"), value_set=new.column("article_id")))
            commit_tables(self.writer, self.report, new, new_claims)
            for suffix in (".articles.parquet", ".claims.parquet"):
                os.unlink(stem + suffix)
        for error in result.errors:
            self.errors.setdefault((error.path, error.reason), error)
        self.report.read += result.read
        self.report.duplicates += result.duplicates
        self.report.already += result.already
        self.files_done += len(unit.files)
        if self.progress:
            self.progress(min(self.files_done, self.total_files), self.total_files)


def ingest_dask(inputs: Sequence[Path | str], store: Path | str, *, workers: int = 1, scheduler: str | None = None,
                client: Any = None, progress: Progress | None = None) -> IngestReport:
    """`lib.ingest.streaming.ingest` with the batches processed on a Dask cluster: `client`
    (an existing distributed.Client), else one connected to `scheduler`, else a new local
    cluster of `workers` processes. Paths are made absolute for a remote cluster."""
    from distributed import Client, LocalCluster

    started = time.perf_counter()
    store = Path(store)
    if scheduler:  # remote workers have other working folders
        inputs, store = [Path(p).absolute() for p in inputs], store.absolute()
    report = IngestReport(store, revision_before=_revision(store))
    writer = StoreWriter(store)
    known = writer.stored_ids()
    staging = store / STAGING
    run_dir = staging / uuid.uuid4().hex
    run_dir.mkdir(parents=True)
    cluster = None
    try:
        with FileLock(str(run_dir) + ".lock"):
            _clean_dead_runs(staging)
            if client is None:
                if scheduler:
                    client = Client(scheduler)
                else:
                    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
                    client = Client(cluster)
            _run(client, inputs, run_dir, known, writer, report, progress)
    finally:
        if cluster is not None:
            client.close()
            cluster.close()
        elif scheduler and client is not None:
            client.close()
        shutil.rmtree(run_dir, ignore_errors=True)
        Path(str(run_dir) + ".lock").unlink(missing_ok=True)
    return finish_run(store, report, started)  # (the commits only hashed on a big store: grouped once there)


def _run(client: Any, inputs: Sequence[Path | str], run_dir: Path, known: IdSet, writer: StoreWriter,
         report: IngestReport, progress: Progress | None) -> None:
    from distributed import as_completed

    size = settings.INGEST_BATCH_SIZE
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    ahead = n_workers * (1 + settings.DASK_TASKS_AHEAD_PER_WORKER)
    committer = _Committer(writer, report, progress, _files_in([Path(p) for p in inputs]) if progress else 0)
    # a copy: the writer keeps adding to its own set while workers read this one
    known_future = client.scatter(IdSet.from_parts(known.as_array(), known.other()), broadcast=True)
    plan = plan_units(inputs, size)
    units: dict[str, Unit] = {}
    queue = as_completed()

    def submit_next() -> None:
        unit = next(plan, None)
        if unit is not None:
            future = client.submit(process_unit, unit, str(run_dir), known_future, size,
                                   key=f"ingest-{run_dir.name}-{unit.index}", pure=False)
            units[future.key] = unit
            queue.add(future)

    for _ in range(ahead):
        submit_next()
    for future in queue:
        unit = units.pop(future.key)
        try:
            result = future.result()
        except Exception as exc:  # a unit that fails as a whole (a worker lost twice ...) is reported, not fatal
            reason = f"could not process: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            result = UnitResult(unit.index, errors=[ReadError(f, reason) for f in unit.files])
        future.release()
        committer.finished(unit, result)
        submit_next()
    report.errors = list(committer.errors.values())
