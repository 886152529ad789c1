"""Where the corpus's rows are in the store, and their long columns, read on demand.

The pages hold in memory only the columns their charts compute on
(`lib.dashboard.corpus`). The long strings - claim evidence, article titles,
URLs, texts, spans - stay in the store's Parquet files and are read for the
rows a chart or table shows, or the one article the reader opens.

`Rows` is one table of one store revision (the Delta table's data files, or an
in-memory table) read file by file in a fixed order: row i of the compact frame
is the i-th row of that scan. `take(rows, columns)` goes from row numbers to
(file, row within it) and reads, a few files at a time on worker threads,
only the files - and, where a file has several, the row groups - that hold
them, and only the columns asked for. `search()` runs a substring search over
text columns in DuckDB, with the sidebar's filters pushed into the scan.

A store's files are read with Arrow's own local file system when the store is
a local folder (as `lib.store.delta` always opens it): Delta's file system
object serves every read through Python, which serialises the worker threads.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from lib.store.delta import release_memory

__all__ = ["Rows", "like_pattern", "index_of"]

# Rows decoded at a time when the compact columns are built: big enough that per-batch
# overhead is small, small enough that a batch of a string column is a few MB.
BATCH_ROWS = 65_536
# Files read at once by `take` (Arrow releases the GIL while it decodes).
_WORKERS = max(2, min(4, os.cpu_count() or 2))
_pool = ThreadPoolExecutor(_WORKERS, thread_name_prefix="dash-take")
_DICTIONARY_LIMIT = 1 << 20  # bytes: the largest dictionary page Parquet writers make by default


class Rows:
    """One table's rows in scan order, and their columns read for a few rows at a time.

    `dataset`: the table's files (`Store.dataset(table)`), or an in-memory table's dataset;
    `root`: the folder the files' paths are relative to, when they are local files."""

    def __init__(self, dataset: pds.Dataset, root: Path | str | None = None) -> None:
        self.dataset = _local(dataset, Path(root)) if root is not None else dataset
        self.fragments: list[pds.Fragment] = list(self.dataset.get_fragments())
        # Local Parquet files are read with pyarrow.parquet directly (their path), others through the dataset.
        self.files: list[str | None] = [
            f.path if isinstance(f, pds.ParquetFileFragment) and isinstance(f.filesystem, pafs.LocalFileSystem)
            else None for f in self.fragments]
        self._groups: list[np.ndarray | None] = []  # per fragment: the first row of each row group (files)
        sizes = []
        for frag, path in zip(self.fragments, self.files):
            if path is not None:
                groups = _row_group_sizes(path)
                self._groups.append(np.r_[0, np.cumsum(groups)[:-1]].astype(np.int64) if groups else
                                    np.zeros(1, dtype=np.int64))
                sizes.append(int(np.sum(groups)))
            else:
                self._groups.append(None)
                sizes.append(frag.count_rows())
        self.starts = np.r_[0, np.cumsum(sizes, dtype=np.int64)].astype(np.int64)
        self.positions: np.ndarray | None = None  # the scan position of each kept row; None: all, in order
        self.names = set(self.dataset.schema.names)
        self._dictionary: dict[tuple, list[str]] = {}  # (file, columns) -> the columns read dictionary-encoded
        self._lock = threading.Lock()
        self._con = None

    def __len__(self) -> int:
        return int(self.starts[-1]) if self.positions is None else len(self.positions)

    def keep(self, rows: np.ndarray) -> None:
        """Keep only these scan positions (in order): row i is then scan position rows[i]."""
        self.positions = np.asarray(rows, dtype=np.int64)

    # ------------------------------------------------------------------ the whole table, once
    def batches(self, columns: Sequence[str], dictionary: Sequence[str] = ()) -> Iterator[pa.RecordBatch]:
        """Every row, in scan order, `columns` only (those the table has), in record batches.
        String columns in `dictionary` come dictionary-encoded where the files store them so."""
        present = [c for c in columns if c in self.names]
        wanted = [c for c in dictionary if c in present]

        def read(k: int) -> pa.Table:
            if self.files[k] is None:
                return self.fragments[k].to_table(columns=present, use_threads=False)
            with pq.ParquetFile(self.files[k], read_dictionary=wanted) as pf:
                return pf.read(columns=present, use_threads=False)

        # The next file is decoded on a worker thread while this one is used (files are a commit
        # each: a few thousand articles, tens of thousands of claims).
        ahead = _pool.submit(read, 0) if self.fragments else None
        for k in range(len(self.fragments)):
            table = ahead.result()
            ahead = _pool.submit(read, k + 1) if k + 1 < len(self.fragments) else None
            yield from table.to_batches(max_chunksize=BATCH_ROWS)
            del table
        release_memory()

    # ------------------------------------------------------------------ a few rows
    def take(self, rows: Sequence[int] | np.ndarray, columns: Sequence[str]) -> pd.DataFrame:
        """`columns` of the given rows, in the order given (a row may come twice). Strings come as
        Python objects (None when missing), numbers as pandas makes them (NaN when missing)."""
        rows = np.asarray(rows, dtype=np.int64)
        present = [c for c in columns if c in self.names]
        pos = rows if self.positions is None else self.positions[rows]
        order = np.argsort(pos, kind="stable")
        sorted_pos = pos[order]
        frag = np.searchsorted(self.starts, sorted_pos, side="right") - 1
        cuts = np.flatnonzero(np.r_[True, frag[1:] != frag[:-1]]) if len(frag) else np.zeros(0, dtype=np.int64)
        jobs = [(int(frag[a]), sorted_pos[a:b] - self.starts[frag[a]])
                for a, b in zip(cuts.tolist(), np.r_[cuts[1:], len(frag)].astype(np.int64).tolist())]
        if len(jobs) > 1:
            parts = list(_pool.map(lambda job: self._take_one(job[0], job[1], present), jobs))
        else:
            parts = [self._take_one(k, local, present) for k, local in jobs]
        schema = self.dataset.schema
        table = pa.concat_tables(parts) if parts else schema.empty_table().select(present)
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        table = table.take(pa.array(back)) if len(back) else table
        del parts
        release_memory()  # the files' decoded columns, freed
        index = pd.RangeIndex(len(back))
        return pd.DataFrame({c: pd.Series(table.column(c).to_pylist(), index=index, dtype=object)
                             if _is_text(table.schema.field(c).type) else table.column(c).to_pandas()
                             for c in present}, index=index)

    def _take_one(self, k: int, local: np.ndarray, columns: list[str]) -> pa.Table:
        path, groups = self.files[k], self._groups[k]
        if path is None:
            return self.fragments[k].take(pa.array(local), columns=columns)
        # Only the row groups that hold a wanted row; row numbers then count within them.
        g = np.searchsorted(groups, local, side="right") - 1
        ids = np.unique(g)
        sizes = np.diff(np.r_[groups, self.starts[k + 1] - self.starts[k]])
        before = np.cumsum(np.r_[0, sizes[ids]])[:-1]
        local = local - groups[g] + before[np.searchsorted(ids, g)]
        # pre_buffer: the columns' byte ranges read in one go (a third less time a file)
        with pq.ParquetFile(path, read_dictionary=self._dictionary_columns(k, columns), pre_buffer=True) as pf:
            table = pf.read_row_groups(ids.tolist(), columns=columns, use_threads=False)
        table = table.take(pa.array(local))
        # A dictionary-encoded column decoded for the rows taken only.
        return pa.table({c: _decoded(table.column(c)) for c in table.column_names})

    def _dictionary_columns(self, k: int, columns: list[str]) -> list[str]:
        """String columns of file k that are stored dictionary-encoded throughout, by their size:
        read as such, only the rows taken are decoded (rather than every row of the file). A
        dictionary page holds at most ~1 MiB (Parquet writers' default), so a column larger
        than that plus its codes has plain pages, which Arrow would have to hash."""
        key = (k, tuple(columns))
        if key not in self._dictionary:
            md = pq.read_metadata(self.files[k])
            names = md.schema.names
            picked = []
            for c in columns:
                if c not in names or not _is_text(self.dataset.schema.field(c).type):
                    continue
                chunks = [md.row_group(g).column(names.index(c)) for g in range(md.num_row_groups)]
                rows = sum(md.row_group(g).num_rows for g in range(md.num_row_groups))
                size = sum(ch.total_uncompressed_size for ch in chunks)
                if all(ch.has_dictionary_page for ch in chunks) and size <= _DICTIONARY_LIMIT * len(chunks) + 4 * rows:
                    picked.append(c)
            self._dictionary[key] = picked
        return self._dictionary[key]

    # ------------------------------------------------------------------ search
    def search(self, key: str, columns: Sequence[str], query: str, where: str = "",
               params: Sequence[object] = ()) -> pa.Array:
        """The `key` of every row whose `columns` contain `query` (case-insensitive), in DuckDB.

        `where` (SQL over the table's columns, with `?` placeholders for `params`) is pushed
        into the scan with the search, so filtered-out rows' text is never matched."""
        cols = [c for c in columns if c in self.names]
        if not cols:
            return pa.array([], type=pa.string())
        # LIKE where case cannot matter (Arabic has none): several times faster than ILIKE.
        op = "LIKE" if query.lower() == query.upper() else "ILIKE"
        match = " OR ".join(f'"{c}" {op} ? ESCAPE \'\\\'' for c in cols)
        sql = f'SELECT "{key}" FROM rows_ds WHERE ({match})' + (f" AND ({where})" if where else "")
        pattern = like_pattern(query)
        with self._lock:  # one search at a time: the dataset is registered on this connection only
            table = self._connection().sql(sql, params=[pattern] * len(cols) + list(params)).to_arrow_table()
        return table.column(0).combine_chunks() if table.num_rows else pa.array([], type=pa.string())

    def _connection(self):
        if self._con is None:
            import duckdb

            self._con = duckdb.connect()
            self._con.register("rows_ds", self.dataset)
        return self._con


def _row_group_sizes(path: str) -> list[int]:
    md = pq.read_metadata(path)
    return [md.row_group(i).num_rows for i in range(md.num_row_groups)]


def _local(dataset: pds.Dataset, root: Path) -> pds.Dataset:
    """The same files read through Arrow's local file system, when they are all under `root`."""
    if not isinstance(dataset, pds.FileSystemDataset) or isinstance(dataset.filesystem, pafs.LocalFileSystem):
        return dataset
    fragments = list(dataset.get_fragments())
    paths = [str((root / f.path).resolve()) for f in fragments]
    if not all(os.path.isfile(p) for p in paths):
        return dataset
    local = pafs.LocalFileSystem()
    return pds.FileSystemDataset([dataset.format.make_fragment(p, local, partition_expression=f.partition_expression)
                                  for p, f in zip(paths, fragments)], dataset.schema, dataset.format, local)


def like_pattern(query: str) -> str:
    """An ILIKE pattern matching `query` anywhere, its own % _ and \\ taken literally."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _decoded(col: pa.ChunkedArray) -> pa.ChunkedArray:
    return col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def index_of(ids: pa.Array, wanted: pa.Array | Sequence[object]) -> np.ndarray:
    """The position of each wanted id in `ids` (-1 where it is not there)."""
    wanted = wanted.cast(ids.type) if isinstance(wanted, pa.Array) else pa.array(wanted, type=ids.type)
    return pc.fill_null(pc.index_in(wanted, value_set=ids), -1).to_numpy(zero_copy_only=False).astype(np.int64)
