"""Long text columns (article text, titles, evidence, claim ids, spans), read a few rows at a time.

The dashboard shows the long strings of a few hundred rows at most (the points
of a chart, the one article the reader opens), so they are never held in
memory for stored tables: each column is copied once into plain files next to
the tables and read row by row (`file_store`). They cost the process no
memory, and the operating system caches them. Small in-memory tables keep
their columns as lists (`memory_store`).
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = ["TextStore", "memory_store", "file_store"]


class TextStore:
    """Long columns (text, evidence, ids, spans), row-aligned with a frame, read a few rows at a time.

    In memory for small tables (`from_frames`). For stored tables each column
    is a pair of files under `.dashboard/` - the values back to back, and an
    int64 offset per row - read with `os.pread`: showing six hundred evidence
    sentences reads six hundred small ranges, and nothing of the rest enters
    the process (a memory map would: the kernel maps whole neighbourhoods of
    each touched page, and they count as the process's memory).
    """

    def __init__(self, columns: dict[str, object], n_rows: int, source: Path | None = None):
        self._cols = columns  # name -> list/array (memory) or (data_path, offsets_path, kind) (files)
        self.n_rows = n_rows
        self.source = source  # the Parquet file the columns came from (full-text search scans it)
        self._fds: dict[str, tuple[int, int]] = {}

    def _fd(self, name: str) -> tuple[int, int]:
        if name not in self._fds:
            data, offsets, _ = self._cols[name]
            self._fds[name] = (os.open(data, os.O_RDONLY), os.open(offsets, os.O_RDONLY))
        return self._fds[name]

    def _read(self, name: str, rows: np.ndarray) -> np.ndarray:
        col = self._cols[name]
        if not isinstance(col, tuple):
            return np.asarray(col, dtype=object)[rows]
        _, _, kind = col
        data_fd, off_fd = self._fd(name)
        out = np.empty(len(rows), dtype=object)
        for j, r in enumerate(rows.tolist()):
            start, end = np.frombuffer(os.pread(off_fd, 16, 16 * r), dtype=np.int64)
            if kind == "int":
                out[j] = None if start < 0 else int(start)  # ints keep their value in the offsets file
            elif end < start:
                out[j] = None
            else:
                out[j] = os.pread(data_fd, int(end - start), int(start)).decode("utf-8")
        return out

    def take(self, rows: Sequence[int] | np.ndarray, columns: Iterable[str]) -> pd.DataFrame:
        """The given rows of `columns`, in the order given."""
        rows = np.asarray(rows, dtype=np.int64)
        return pd.DataFrame({c: self._read(c, rows) for c in columns})

    def value(self, row: int, column: str) -> object:
        """One cell (a string, an int, or None)."""
        return self._read(column, np.array([row]))[0]

    def search(self, column: str, query: str) -> np.ndarray:
        """Rows whose `column` contains `query` (case-insensitive), as a boolean mask."""
        col = self._cols[column]
        if not isinstance(col, tuple):
            arr = pa.array(list(col), type=pa.large_string())
            return pc.fill_null(pc.match_substring(arr, query, ignore_case=True), False).to_numpy(zero_copy_only=False)
        # Batch by batch from the Parquet file: a full scan, but never the whole column at once.
        hits = [pc.fill_null(pc.match_substring(batch.column(0), query, ignore_case=True), False)
                .to_numpy(zero_copy_only=False)
                for batch in pq.ParquetFile(self.source).iter_batches(columns=[column], batch_size=4096)]
        return np.concatenate(hits) if hits else np.zeros(0, dtype=bool)

    def __del__(self) -> None:
        for fds in self._fds.values():
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)


def memory_store(table: pa.Table) -> TextStore:
    """A TextStore over the columns of an in-memory table."""
    return TextStore({c: table.column(c).to_pylist() for c in table.column_names}, table.num_rows)


def file_store(parquet_path: Path, columns: list[str], cache_dir: Path, stamp: str) -> TextStore:
    """`columns` of a Parquet file as a TextStore over files in `cache_dir`.

    The files are written on first use, and again whenever `stamp` (the
    Parquet file's version, as the caller tells it) differs from the one
    they were written for.
    """
    pf = pq.ParquetFile(parquet_path)
    present = [c for c in columns if c in pf.schema_arrow.names]
    prefix = parquet_path.stem
    stamp_file = cache_dir / f"{prefix}.stamp"
    paths = {c: (cache_dir / f"{prefix}.{c}.data", cache_dir / f"{prefix}.{c}.offsets",
                 "int" if pa.types.is_integer(pf.schema_arrow.field(c).type) else "str") for c in present}
    try:
        fresh = stamp_file.exists() and stamp_file.read_text() == stamp and all(
            d.exists() and o.exists() for d, o, _ in paths.values())
        if not fresh:
            cache_dir.mkdir(parents=True, exist_ok=True)
            _write_columns(pf, paths)
            stamp_file.write_text(stamp)
    except OSError:
        # A read-only tables folder: hold the columns in memory instead.
        return memory_store(pq.read_table(parquet_path, columns=present))
    return TextStore({c: (str(d), str(o), kind) for c, (d, o, kind) in paths.items()}, pf.metadata.num_rows,
                     parquet_path)


def _write_columns(pf: pq.ParquetFile, paths: dict[str, tuple[Path, Path, str]]) -> None:
    """Write each column batch by batch (never a whole column in memory).

    Offsets file: an int64 pair (start, end) per row into the data file; a
    missing value has end < start. Integer columns keep (value, value) there
    (-1 when missing) and have an empty data file.
    """
    tmp = {c: (d.with_name(d.name + ".tmp"), o.with_name(o.name + ".tmp")) for c, (d, o, _) in paths.items()}
    handles = {c: (open(d, "wb"), open(o, "wb")) for c, (d, o) in tmp.items()}
    try:
        pos = dict.fromkeys(paths, 0)
        for batch in pf.iter_batches(columns=list(paths), batch_size=32_768):
            for c, (_, _, kind) in paths.items():
                data_fh, off_fh = handles[c]
                col = batch.column(c)
                if kind == "int":
                    v = pc.fill_null(col.cast(pa.int64()), -1).to_numpy(zero_copy_only=False).astype(np.int64)
                    off_fh.write(np.column_stack([v, v]).tobytes())
                    continue
                encoded = [x.encode("utf-8") if x is not None else None for x in col.to_pylist()]
                lengths = np.array([len(x) if x is not None else -1 for x in encoded], dtype=np.int64)
                starts = pos[c] + np.r_[0, np.cumsum(np.maximum(lengths, 0))[:-1]]
                ends = np.where(lengths < 0, starts - 1, starts + np.maximum(lengths, 0))
                off_fh.write(np.column_stack([starts, ends]).tobytes())
                data_fh.write(b"".join(x for x in encoded if x))
                pos[c] += int(np.maximum(lengths, 0).sum())
    finally:
        for pair in handles.values():
            for fh in pair:
                fh.close()
    for c, (d, o, _) in paths.items():
        os.replace(tmp[c][0], d)
        os.replace(tmp[c][1], o)
