"""Where the corpus's rows are in the store, and their long columns, read on demand.

The pages hold in memory only the columns their charts compute on
(`lib.dashboard.corpus`). The long strings - claim ids and evidence, article
titles, URLs, texts, spans - stay in the store's Parquet files and are read
for the rows a chart or table shows, or the one article the reader opens.

`Rows` is one table of one store revision as a pyarrow dataset (the Delta
table's files; or an in-memory table), read fragment by fragment in a fixed
order: row i of the compact frame is the i-th row of that scan. `take(rows,
columns)` goes from row numbers to (fragment, row within it), reads only the
fragments - and, where a file has several, the row groups - that hold them,
a few fragments at a time on worker threads. `search()` runs a substring
search over text columns in DuckDB, with the sidebar's filters pushed into
the scan.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds

from lib.store.delta import release_memory

__all__ = ["Rows", "like_pattern"]

# Rows decoded at a time when the compact columns are built: big enough that per-batch
# overhead is small, small enough that a batch of a string column is a few MB.
BATCH_ROWS = 65_536
# Fragments read at once by `take` (Arrow releases the GIL while it decodes).
_WORKERS = max(2, min(4, os.cpu_count() or 2))
_pool = ThreadPoolExecutor(_WORKERS, thread_name_prefix="dash-take")


class Rows:
    """One table's rows in scan order, and their columns read for a few rows at a time."""

    def __init__(self, dataset: pds.Dataset) -> None:
        self.dataset = dataset
        self.fragments: list[pds.Fragment] = list(dataset.get_fragments())
        sizes = [f.count_rows() for f in self.fragments]
        self.starts = np.r_[0, np.cumsum(sizes, dtype=np.int64)].astype(np.int64)
        self.positions: np.ndarray | None = None  # the scan position of each kept row; None: all, in order
        self._groups: dict[int, np.ndarray] = {}  # fragment -> first row of each row group (Parquet files)
        self._lock = threading.Lock()
        self._search_lock = threading.Lock()
        self._con = None

    @property
    def names(self) -> list[str]:
        return list(self.dataset.schema.names)

    def __len__(self) -> int:
        return int(self.starts[-1]) if self.positions is None else len(self.positions)

    def keep(self, rows: np.ndarray) -> None:
        """Keep only these scan positions (in order): row i is then scan position rows[i]."""
        self.positions = np.asarray(rows, dtype=np.int64)

    # ------------------------------------------------------------------ the whole table, once
    def batches(self, columns: Sequence[str]) -> Iterator[pa.RecordBatch]:
        """Every row, in scan order, `columns` only (those the table has), in record batches."""
        present = [c for c in columns if c in set(self.names)]
        for frag in self.fragments:
            # One thread: the load's many short-lived buffers stay in one allocator arena.
            yield from frag.to_batches(columns=present, batch_size=BATCH_ROWS, use_threads=False)
            release_memory()

    # ------------------------------------------------------------------ a few rows
    def take(self, rows: Sequence[int] | np.ndarray, columns: Sequence[str]) -> pd.DataFrame:
        """`columns` of the given rows, in the order given (a row may come twice)."""
        rows = np.asarray(rows, dtype=np.int64)
        present = [c for c in columns if c in set(self.names)]
        pos = rows if self.positions is None else self.positions[rows]
        order = np.argsort(pos, kind="stable")
        sorted_pos = pos[order]
        frag = np.searchsorted(self.starts, sorted_pos, side="right") - 1
        cuts = np.flatnonzero(np.r_[True, frag[1:] != frag[:-1]]) if len(frag) else np.zeros(0, dtype=np.int64)
        jobs = [(int(frag[a]), sorted_pos[a:b] - self.starts[frag[a]])
                for a, b in zip(cuts, np.r_[cuts[1:], len(frag)].astype(np.int64))]
        if len(jobs) > 1:
            parts = list(_pool.map(lambda job: self._take_one(job[0], job[1], present), jobs))
        else:
            parts = [self._take_one(k, local, present) for k, local in jobs]
        table = pa.concat_tables(parts) if parts else self.dataset.schema.empty_table().select(present)
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        table = table.take(pa.array(back)) if len(back) else table
        # Strings as Python objects (None when missing), numbers as pandas makes them (NaN when missing).
        return pd.DataFrame({c: np.array(table.column(c).to_pylist(), dtype=object) if _is_text(table.schema.field(c).type)
                             else table.column(c).to_pandas() for c in present}, index=pd.RangeIndex(len(back)))

    def _take_one(self, k: int, local: np.ndarray, columns: list[str]) -> pa.Table:
        fragment = self.fragments[k]
        groups = self._row_groups(k)
        if groups is not None and len(groups) > 1:
            # Only the row groups that hold a wanted row.
            g = np.searchsorted(groups, local, side="right") - 1
            ids = np.unique(g)
            sub = fragment.subset(row_group_ids=[int(i) for i in ids])
            # Row numbers within the subset: the rows of the groups kept, back to back.
            sizes = np.diff(np.r_[groups, self.starts[k + 1] - self.starts[k]])
            before = np.cumsum(np.r_[0, sizes[ids]])[:-1]
            local = local - groups[g] + before[np.searchsorted(ids, g)]
            fragment = sub
        return fragment.take(pa.array(local), columns=columns)

    def _row_groups(self, k: int) -> np.ndarray | None:
        """The first row of each row group of fragment k (a Parquet file), or None."""
        if k not in self._groups:
            fragment = self.fragments[k]
            if not isinstance(fragment, pds.ParquetFileFragment):
                return None
            with self._lock:
                fragment.ensure_complete_metadata()
                sizes = [rg.num_rows for rg in fragment.row_groups]
                self._groups[k] = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)
        return self._groups[k]

    # ------------------------------------------------------------------ search
    def search(self, key: str, columns: Sequence[str], query: str, where: str = "",
               params: Sequence[object] = ()) -> pa.Array:
        """The `key` of every row whose `columns` contain `query` (case-insensitive), in DuckDB.

        `where` (SQL over the table's columns, with `?` placeholders for `params`) is pushed
        into the scan with the search, so filtered-out rows' text is never matched."""
        cols = [c for c in columns if c in set(self.names)]
        if not cols:
            return pa.array([], type=pa.string())
        match = " OR ".join(f'"{c}" ILIKE ? ESCAPE \'\\\'' for c in cols)
        sql = f'SELECT "{key}" FROM rows_ds WHERE ({match})' + (f" AND ({where})" if where else "")
        pattern = like_pattern(query)
        with self._search_lock:  # one search at a time on the connection (a dataset is registered on it only)
            table = self._connection().sql(sql, params=[pattern] * len(cols) + list(params)).to_arrow_table()
        return table.column(0).combine_chunks() if table.num_rows else pa.array([], type=pa.string())

    def _connection(self):
        with self._lock:
            if self._con is None:
                import duckdb

                self._con = duckdb.connect()
                self._con.register("rows_ds", self.dataset)
            return self._con


def like_pattern(query: str) -> str:
    """An ILIKE pattern matching `query` anywhere, its own % _ and \\ taken literally."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def index_of(ids: pa.Array, wanted: pa.Array | Sequence[str]) -> np.ndarray:
    """The position of each wanted id in `ids` (-1 where it is not there)."""
    found = pc.index_in(pa.array(wanted, type=ids.type) if not isinstance(wanted, pa.Array) else wanted.cast(ids.type),
                        value_set=ids)
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
