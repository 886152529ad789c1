"""The tables as the dashboard holds them: compact frames in memory, long text on disk.

A page rerun filters and aggregates the whole claims table, so what it touches
must be small and fast: `Corpus.claims` keeps only the columns the charts
compute on, with categorical codes instead of repeated strings; figures,
coordinates and dates, which take few distinct values, as categoricals too
(int8/int16 codes into sorted categories); the columns of one kind of claim
only (casualties, base counts) as sparse arrays. 1,000,000 claims take about
40 MB with their sort orders, instead of the ~700 MB the full table takes as
pandas objects. Whole-table code reads such columns through `values()`,
`ns()` and `day_numbers()` (which look codes up instead of expanding the
column); `dense()` turns the few rows a page shows back into plain float32
and datetime64 columns. The long strings - claim evidence and ids, article
text - are read only for the few rows a chart shows or the one article the
reader opens, straight from files next to the tables (`TextStore`): they cost
the process no memory, and the operating system caches them.

`open_tables(dir)` reads `articles.parquet` and `claims.parquet` (the data
contract of `lib.store.schema`/`lib.store.storage`) this way, and keeps the compact
claims in a cache next to them for the next start; `from_frames()` builds the
same object from in-memory tables (tests, notebooks, a fresh ingest).
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lib.store.schema import CLAIM_COLUMNS, coerce_articles, coerce_claims

__all__ = ["Corpus", "open_tables", "from_frames", "tune_memory", "release_memory", "dense", "values", "ns",
           "day_numbers", "sort_key", "ARTICLES_FILE", "CLAIMS_FILE", "CACHE_DIR"]

ARTICLES_FILE = "articles.parquet"  # the names lib.storage writes
CLAIMS_FILE = "claims.parquet"
CACHE_DIR = ".dashboard"  # memory-mappable copies of the text columns, next to the tables

# Columns kept in memory, by how they are stored.
CLAIM_CATEGORIES = ["source_id", "kind", "qualifier", "when", "actor", "target", "date_precision", "status",
                    "place_id", "place_ar", "place_en", "geo_precision"]
CLAIM_FLOATS = ["value", "low", "high", "of_total", "lat", "lon", "killed", "injured", "arrested"]
# How some columns are held, for size (`values()` reads them as plain arrays, `dense()` turns the
# rows a page shows back into plain columns):
# figures of one kind of claim only, mostly missing, as sparse arrays (the values and their rows);
SPARSE_FLOATS = ["of_total", "killed", "injured", "arrested"]
# numbers and dates with few distinct values (figures, the gazetteer's coordinates, days) as
# categoricals: one or two bytes a claim instead of four or eight.
CATEGORICAL_VALUES = ["value", "low", "high", "lat", "lon", "published", "period_start", "period_end"]
CLAIM_DATES = ["published", "period_start", "period_end"]
# Served from the text store, row-aligned with `claims`.
CLAIM_TEXT = ["claim_id", "evidence", "span_start", "span_end"]

ARTICLE_CATEGORIES = ["source_id", "source_name", "source_name_en", "published_origin"]
ARTICLE_CORE = ["article_id", "source_id", "source_name", "source_name_en", "published", "published_origin"]
# Read per row from the text store (titles and URLs are shown for a few hundred rows at a time).
ARTICLE_TEXT = ["title", "url", "text", "path"]

# Reports of the same figure within this many days of each other are one story;
# a story never spans more than a week (a figure repeated for months is re-reported).
STORY_GAP_DAYS = 2
STORY_MAX_DAYS = 7
STORY_KEY = ["kind", "when", "actor", "status", "place_id", "qualifier", "value", "low", "high",
             "of_total", "period_start", "period_end", "killed", "injured", "arrested"]


def _compact(dtype) -> bool:
    """Whether a column of this dtype holds numbers or dates compactly (sparse, or categorical)."""
    return isinstance(dtype, pd.SparseDtype) or (
        isinstance(dtype, pd.CategoricalDtype) and dtype.categories.dtype.kind in "fM")


def values(col: pd.Series, rows: np.ndarray | None = None) -> np.ndarray:
    """The plain NumPy values (float32, datetime64[ns], ...) of a claims column, at `rows` or all.

    Works on compactly held columns (looking the categories up by code, so
    only the requested rows are expanded) as on plain ones."""
    dt = col.dtype
    if isinstance(dt, pd.CategoricalDtype) and dt.categories.dtype.kind in "fM":
        cats = dt.categories.to_numpy()
        # Code -1 (missing) reads the NaN/NaT appended at the end.
        table = np.append(cats, np.array([np.nan if cats.dtype.kind == "f" else "NaT"], dtype=cats.dtype))
        codes = col.cat.codes.to_numpy()
        return table[codes if rows is None else codes[rows]]
    arr = col.to_numpy(dtype=dt.subtype) if isinstance(dt, pd.SparseDtype) else col.to_numpy()
    return arr if rows is None else arr[rows]


def ns(col: pd.Series, rows: np.ndarray | None = None) -> np.ndarray:
    """A date column's values as int64 nanoseconds (NaT is the int64 minimum)."""
    return values(col, rows).astype("datetime64[ns]", copy=False).view(np.int64)


def day_numbers(col: pd.Series, rows: np.ndarray | None = None, unit: str = "D") -> np.ndarray:
    """A date column as int64 day (or, with unit="M", month) numbers since 1970; NaT is the int64 minimum.

    For a categorical column each distinct date is converted once."""
    dt = col.dtype
    if isinstance(dt, pd.CategoricalDtype) and dt.categories.dtype.kind == "M":
        table = np.append(dt.categories.to_numpy().astype(f"datetime64[{unit}]").view(np.int64),
                          np.iinfo(np.int64).min)
        codes = col.cat.codes.to_numpy()
        return table[codes if rows is None else codes[rows]]
    return values(col, rows).astype(f"datetime64[{unit}]").view(np.int64)


def sort_key(col: pd.Series) -> np.ndarray:
    """An array that sorts like a date column (its codes when the categories are in order), NaT first."""
    dt = col.dtype
    if isinstance(dt, pd.CategoricalDtype) and dt.categories.is_monotonic_increasing:
        return col.cat.codes.to_numpy()
    return ns(col)


def dense(df: pd.DataFrame) -> pd.DataFrame:
    """`df` (rows of `Corpus.claims`) with the compactly held columns as plain float32/datetime64 ones.

    For the few rows a page shows; whole-table code uses `values()`.
    """
    out = None
    for c in df.columns:
        if _compact(df[c].dtype):
            out = df.copy() if out is None else out
            out[c] = values(df[c])
    return df if out is None else out


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

    def value(self, row: int, column: str):
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


def _memory_store(table: pa.Table) -> TextStore:
    return TextStore({c: table.column(c).to_pylist() for c in table.column_names}, table.num_rows)


@dataclass
class Corpus:
    articles: pd.DataFrame  # ARTICLE_CORE columns, compact; row i <-> article_text row i
    claims: pd.DataFrame  # compact claim columns + article_row, story; row i <-> claim_text row i
    article_text: TextStore
    claim_text: TextStore
    version: str = "memory"
    outlets: pd.DataFrame = field(default_factory=pd.DataFrame)  # source_id, name_ar, name_en, articles
    orders: dict = field(default_factory=dict)  # lib.queries.precompute(claims): sort orders for fast queries

    # ------------------------------------------------------------------ names
    def outlet_names(self, lang: str = "en") -> dict[str, str]:
        """source_id -> the outlet's display name in `lang` (Arabic name first in Arabic)."""
        col = "name_ar" if lang == "ar" else "name_en"
        other = "name_en" if lang == "ar" else "name_ar"
        names = self.outlets[col].fillna(self.outlets[other]).fillna(self.outlets["source_id"])
        return dict(zip(self.outlets["source_id"], names))

    # ------------------------------------------------------------------ provenance
    def provenance(self, df: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
        """Add claim_id, evidence, article_id, title, url, outlet name to rows of `claims`.

        `df` is indexed by claim row (as returned by the query functions); only
        these rows are read from the text store.
        """
        out = df.copy()
        rows = out.index.to_numpy()
        if len(rows):
            text = self.claim_text.take(rows, ["claim_id", "evidence"])
            out["claim_id"] = text["claim_id"].to_numpy()
            out["evidence"] = text["evidence"].to_numpy()
            arow = self.claims["article_row"].to_numpy()[rows]
            out["article_id"] = self._article_ids(arow)
            titles = self.article_text.take(np.maximum(arow, 0), ["title", "url"]) if len(self.articles) else None
            for c in ("title", "url"):
                out[c] = titles[c].to_numpy(dtype=object) if titles is not None else None
                out.loc[arow < 0, c] = None
        else:
            for c in ("claim_id", "evidence", "article_id", "title", "url"):
                out[c] = pd.Series(dtype="object")
        names = self.outlet_names(lang)
        out["outlet"] = [names.get(s, s) for s in out["source_id"].astype("object")]
        return out

    def _article_ids(self, article_rows: np.ndarray) -> np.ndarray:
        """The article_id at each articles-table row; None for -1, a claim whose article
        is missing (tables written by hand, or claims older than their articles file)."""
        ids = np.full(len(article_rows), None, dtype=object)
        found = article_rows >= 0
        ids[found] = self.articles["article_id"].to_numpy(dtype=object)[article_rows[found]]
        return ids

    def full_claims(self, rows: Sequence[int] | np.ndarray) -> pd.DataFrame:
        """The data-contract columns of the given claim rows (for CSV downloads)."""
        rows = np.asarray(rows, dtype=np.int64)
        core = dense(self.claims.iloc[rows])
        text = self.claim_text.take(rows, CLAIM_TEXT)
        out = pd.DataFrame(index=range(len(rows)))
        arow = core["article_row"].to_numpy()
        for c in CLAIM_COLUMNS:
            if c in text.columns:
                out[c] = text[c].to_numpy()
            elif c == "article_id":
                out[c] = self._article_ids(arow)
            elif c in core.columns:
                out[c] = core[c].to_numpy()
        return out

    def article_text_of(self, article_row: int) -> str:
        return self.article_text.value(article_row, "text") or ""

    def claims_of_article(self, article_row: int) -> pd.DataFrame:
        """Every claim of one article with its evidence and span (the reader's sidebar)."""
        rows = np.flatnonzero(self.claims["article_row"].to_numpy() == article_row)
        core = dense(self.claims.iloc[rows].copy())
        text = self.claim_text.take(rows, CLAIM_TEXT)
        for c in CLAIM_TEXT:
            core[c] = text[c].to_numpy()
        return core

    def article_row(self, article_id: str) -> int | None:
        hits = np.flatnonzero(self.articles["article_id"].to_numpy() == article_id)
        return int(hits[0]) if len(hits) else None


# ---------------------------------------------------------------------- building
_M_MMAP_THRESHOLD = -3  # mallopt parameter
_MMAP_THRESHOLD = 32 * 1024 * 1024  # while serving (see tune_memory)
_LOAD_MMAP_THRESHOLD = 128 * 1024  # while loading (see _loading)
_libc = None  # set by tune_memory() on glibc


def tune_memory() -> None:
    """Make freed memory go back to the operating system (call once, early, in a long-lived process).

    Loading a million claims decodes Parquet columns into short-lived buffers.
    Arrow's default allocator (mimalloc) and glibc's adaptive mmap threshold
    both keep such memory mapped after it is freed, so the dashboard would sit
    near its load-time peak instead of its working size. The system allocator
    with a fixed mmap threshold returns it. (Arrow's C++ code takes its pool
    from ARROW_DEFAULT_MEMORY_POOL when pyarrow is first imported, which
    `app_support` sets; this sets the pool pyarrow's Python calls use.) It
    also enables `_loading()` and `release_memory()`.
    """
    global _libc
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        # M_MMAP_THRESHOLD fixed at 32 MiB: blocks above it (whole-column temporaries at load)
        # are unmapped when freed. Fixing it also stops glibc from raising the threshold after
        # each large free, which is what leaves freed load-time memory in the heap. Smaller
        # per-rerun arrays stay on the heap and are reused (a lower threshold costs each rerun
        # page faults for every fresh array: ~30% slower).
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        _libc = libc
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


def release_memory() -> None:
    """Hand the memory freed since the last call back to the operating system (after `tune_memory()`).

    Each page rerun allocates and frees tens of MB of short-lived arrays and
    strings; glibc keeps freed heap memory for reuse, and small long-lived
    objects allocated in between (cache entries, widget state) pin it, so
    without this a server's resident size creeps up by the largest rerun's
    garbage, page after page. Costs a few milliseconds.
    """
    if _libc is not None:
        # Pandas objects often sit in reference cycles: collect them first, or their
        # memory waits for the next full collection, which may be many reruns away.
        gc.collect()
        _libc.malloc_trim(0)


@contextlib.contextmanager
def _loading():
    """Allocate while loading so that the load's peak and leftovers stay small (after `tune_memory()`).

    Loading allocates the corpus's long-lived arrays (1-8 MB each) among
    thousands of short-lived batch buffers. From the heap, the two would
    interleave, and the freed buffers' memory would stay with the process
    (~50 MB at a million claims). With a low mmap threshold during the load,
    every block above 128 KB is a mapping of its own that goes back to the
    system when freed; afterwards the serving threshold is restored and the
    heap trimmed.
    """
    libc = _libc
    if libc is None:
        yield
        return
    libc.mallopt(_M_MMAP_THRESHOLD, _LOAD_MMAP_THRESHOLD)
    try:
        yield
    finally:
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        libc.malloc_trim(0)


def from_frames(articles: pd.DataFrame, claims: pd.DataFrame, version: str = "memory") -> Corpus:
    """A Corpus over in-memory tables (anything `lib.store.schema.coerce_*` accepts)."""
    a = pa.Table.from_pandas(coerce_articles(articles), preserve_index=False)
    c = pa.Table.from_pandas(coerce_claims(claims), preserve_index=False)

    def batches(table: pa.Table):
        return lambda columns: table.select([x for x in columns if x in table.column_names]).to_batches(_BATCH_ROWS)

    with _loading():
        return _build(batches(a), a.num_rows, _memory_store(a.select(ARTICLE_TEXT)),
                      batches(c), c.num_rows, _memory_store(c.select(CLAIM_TEXT)), version)


def open_tables(tables_dir: Path | str) -> Corpus:
    """A Corpus over `tables_dir/articles.parquet` and `claims.parquet`.

    The compact columns are decoded batch by batch (tens of thousands of rows
    at a time) straight into their final arrays, so loading never holds a
    whole column in its Parquet/Arrow form. The compact claims, their story
    ids and sort orders are then saved under `tables_dir/.dashboard/compact/`,
    so that later starts read them back as they are (no decoding, no
    sorting: a fraction of the time, and a peak no higher than the result).
    The text columns are copied once into plain files under
    `tables_dir/.dashboard/` and read from there row by row. Both caches are
    rebuilt when the Parquet files change.
    """
    tables_dir = Path(tables_dir)
    a_path, c_path = tables_dir / ARTICLES_FILE, tables_dir / CLAIMS_FILE
    version = f"{_stamp(a_path)}|{_stamp(c_path)}"
    compact = tables_dir / CACHE_DIR / COMPACT_DIR
    with _loading():
        a_text = _file_store(a_path, ARTICLE_TEXT, tables_dir / CACHE_DIR)
        c_text = _file_store(c_path, CLAIM_TEXT, tables_dir / CACHE_DIR)
        saved = _load_compact(compact, version)
        corpus = _build(_batch_reader(a_path, ARTICLE_CATEGORIES), a_text.n_rows, a_text,
                        _batch_reader(c_path, CLAIM_CATEGORIES), c_text.n_rows, c_text, version, saved)
        if saved is None:
            with contextlib.suppress(OSError):  # a read-only folder: build again next time
                _save_compact(corpus.claims, corpus.orders, compact, version)
        return corpus


# Rows decoded at a time: big enough that per-batch overhead is small, small enough
# that a batch of a string column (~16 bytes a row) is a few MB.
_BATCH_ROWS = 65536


def _batch_reader(path: Path, read_dictionary: list[str]):
    def batches(columns: list[str]):
        # The file is opened for this one pass and closed after it: the reader keeps decoding
        # buffers until then.
        with pq.ParquetFile(path, read_dictionary=read_dictionary) as pf:
            names = set(pf.schema_arrow.names)
            # One thread: Arrow's worker threads would each allocate from their own malloc
            # arena, whose freed memory the process keeps.
            yield from pf.iter_batches(batch_size=_BATCH_ROWS, columns=[c for c in columns if c in names],
                                       use_threads=False)
    return batches


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_mtime_ns}:{st.st_size}"


def _file_store(parquet_path: Path, columns: list[str], cache_dir: Path) -> TextStore:
    """`columns` of a Parquet file as a TextStore over files in `cache_dir` (written on first use,
    and again whenever the Parquet file changes)."""
    stamp = _stamp(parquet_path)
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
            _write_store(pf, paths)
            stamp_file.write_text(stamp)
    except OSError:
        # A read-only tables folder: hold the columns in memory instead.
        return _memory_store(pq.read_table(parquet_path, columns=present))
    return TextStore({c: (str(d), str(o), kind) for c, (d, o, kind) in paths.items()}, pf.metadata.num_rows,
                     parquet_path)


def _write_store(pf: pq.ParquetFile, paths: dict[str, tuple[Path, Path, str]]) -> None:
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


# ---------------------------------------------------------------------- compact columns, batch by batch
class _Categories:
    """A categorical column: codes into the values in order of first appearance."""

    def __init__(self, n: int):
        self.codes = np.full(n, -1, dtype=np.int8)  # widened when the categories outgrow it
        self.index: dict[str, int] = {}

    def add(self, start: int, arr: pa.Array) -> None:
        if not pa.types.is_dictionary(arr.type):
            arr = pc.dictionary_encode(arr)
        # A lookup table from the batch's dictionary to the column's codes (-1 = missing, at the end).
        lut = np.array([-1 if v is None else self.index.setdefault(v, len(self.index))
                        for v in arr.dictionary.to_pylist()] + [-1], dtype=np.int64)
        while len(self.index) > np.iinfo(self.codes.dtype).max:
            self.codes = self.codes.astype(np.int16 if self.codes.dtype == np.int8 else np.int32)
        indices = pc.fill_null(arr.indices, len(lut) - 1).to_numpy(zero_copy_only=False)
        self.codes[start:start + len(arr)] = lut[indices]

    def finish(self) -> pd.Categorical:
        return pd.Categorical.from_codes(self.codes, categories=pd.Index(list(self.index), dtype="str"))


class _Floats:
    def __init__(self, n: int):
        self.values = np.full(n, np.nan, dtype=np.float32)

    def add(self, start: int, arr: pa.Array) -> None:
        self.values[start:start + len(arr)] = arr.cast(pa.float32()).to_numpy(zero_copy_only=False)  # null: NaN

    def finish(self) -> np.ndarray:
        return self.values


class _Dates:
    def __init__(self, n: int):
        self.values = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")

    def add(self, start: int, arr: pa.Array) -> None:
        self.values[start:start + len(arr)] = arr.cast(pa.timestamp("ns")).to_numpy(zero_copy_only=False)  # null: NaT

    def finish(self) -> np.ndarray:
        return self.values


_MAX_VALUE_CATEGORIES = np.iinfo(np.int16).max  # more distinct values than this: a plain array


class _Values:
    """Numbers or dates with few distinct values: a categorical (int16 codes, sorted categories).

    Falls back to a plain array when there are too many distinct values for
    the codes to save anything."""

    def __init__(self, n: int, dtype: str):
        self.dtype = np.dtype(dtype)
        self.dates = self.dtype.kind == "M"
        self.missing = np.array(["NaT" if self.dates else np.nan], dtype=self.dtype)
        self.codes: np.ndarray | None = np.full(n, -1, dtype=np.int16)
        self.index: dict = {}  # value (float, or int64 nanoseconds) -> code
        self.plain: np.ndarray | None = None

    def _categories(self) -> np.ndarray:
        keys = np.array(list(self.index), dtype=np.int64 if self.dates else self.dtype)
        return keys.view(self.dtype) if self.dates else keys

    def add(self, start: int, arr: pa.Array) -> None:
        v = (arr.cast(pa.timestamp("ns")) if self.dates else arr.cast(pa.float32())).to_numpy(zero_copy_only=False)
        if self.plain is None:
            # The batch's distinct values (missing ones get code -1), then the column's code of each.
            codes, uniq = pd.factorize(v.view(np.int64) if self.dates else v)
            nat = np.iinfo(np.int64).min  # NaT, seen as a value in the int64 view: looked up as missing
            lut = np.array([-1 if self.dates and k == nat else self.index.setdefault(k, len(self.index))
                            for k in uniq.tolist()] + [-1], dtype=np.int64)
            if len(self.index) <= _MAX_VALUE_CATEGORIES:
                self.codes[start:start + len(v)] = lut[codes]
                return
            # Too many distinct values: plain from here on.
            self.plain = np.append(self._categories(), self.missing)[self.codes]
            self.codes = None
        self.plain[start:start + len(v)] = v

    def finish(self):
        if self.plain is not None:
            return self.plain
        cats = self._categories()
        order = np.argsort(cats, kind="stable")
        remap = np.full(len(cats) + 1, -1, dtype=np.int16)  # code -1 reads the last entry, -1
        remap[order] = np.arange(len(cats))
        return pd.Categorical.from_codes(remap[self.codes], categories=pd.Index(cats[order]))


class _Sparse:
    """A mostly missing float column: its present values and their rows."""

    def __init__(self, n: int):
        self.n = n
        self.rows: list[np.ndarray] = []
        self.values: list[np.ndarray] = []

    def add(self, start: int, arr: pa.Array) -> None:
        v = arr.cast(pa.float32()).to_numpy(zero_copy_only=False)
        present = np.flatnonzero(~np.isnan(v))
        self.rows.append((present + start).astype(np.int32))
        self.values.append(v[present])

    def finish(self) -> pd.arrays.SparseArray:
        rows = np.concatenate(self.rows) if self.rows else np.zeros(0, dtype=np.int32)
        vals = np.concatenate(self.values) if self.values else np.zeros(0, dtype=np.float32)
        return pd.arrays.SparseArray.from_indices(vals, rows, length=self.n, fill_value=np.nan)


class _Flags:
    def __init__(self, n: int):
        self.values = np.zeros(n, dtype=bool)

    def add(self, start: int, arr: pa.Array) -> None:
        self.values[start:start + len(arr)] = pc.fill_null(arr, False).to_numpy(zero_copy_only=False)

    def finish(self) -> np.ndarray:
        return self.values


class _ArticleRows:
    """Each claim's row in the articles table (-1 if missing), from its article_id."""

    def __init__(self, n: int, article_ids: pa.Array):
        self.values = np.full(n, -1, dtype=np.int32)
        self.article_ids = article_ids

    def add(self, start: int, arr: pa.Array) -> None:
        rows = pc.fill_null(pc.index_in(arr, value_set=self.article_ids), -1)
        self.values[start:start + len(arr)] = rows.to_numpy(zero_copy_only=False)

    def finish(self) -> np.ndarray:
        return self.values


class _Strings:
    def __init__(self, n: int):
        self.chunks: list[pa.Array] = []

    def add(self, start: int, arr: pa.Array) -> None:
        self.chunks.append(arr.dictionary_decode() if pa.types.is_dictionary(arr.type) else arr)

    def finish(self) -> pa.Array:
        return pa.concat_arrays(self.chunks) if self.chunks else pa.array([], type=pa.large_string())


def _read(batches, n: int, builders: dict) -> dict:
    """Fill each column's builder from `batches(columns)` and return the finished columns.

    A column missing from the table keeps the builder's empty value (NaN, NaT,
    missing category, False)."""
    start = 0
    for batch in batches(list(builders)):
        for name in batch.schema.names:
            builders[name].add(start, batch.column(name))
        start += batch.num_rows
    return {name: b.finish() for name, b in builders.items()}


def _build(article_batches, n_a: int, a_text: TextStore, claim_batches, n: int, c_text: TextStore,
           version: str, saved: tuple[pd.DataFrame, dict] | None = None) -> Corpus:
    """Compact frames from batch readers (columns -> iterable of Arrow record batches).

    `saved`: the claims frame and orders from the compact cache (then only the
    articles are read)."""
    a = _read(article_batches, n_a, {"article_id": _Strings(n_a),
                                     **{c: _Categories(n_a) for c in ARTICLE_CATEGORIES}, "published": _Dates(n_a)})
    article_ids = a["article_id"]
    articles = pd.DataFrame({
        "article_id": article_ids.to_pandas() if len(article_ids) else pd.Series([], dtype="string"),
        **{c: a[c] for c in ("source_id", "source_name", "source_name_en", "published", "published_origin")},
    })

    if saved is not None:
        claims, orders = saved
        return Corpus(articles, claims, a_text, c_text, version, _outlets(articles), orders)

    # Each column goes straight into its compact form (see SPARSE_FLOATS, CATEGORICAL_VALUES).
    builders: dict[str, object] = {c: _Categories(n) for c in CLAIM_CATEGORIES}
    builders.update({c: _Sparse(n) if c in SPARSE_FLOATS else _Values(n, "float32") if c in CATEGORICAL_VALUES
                     else _Floats(n) for c in CLAIM_FLOATS})
    builders.update({c: _Values(n, "datetime64[ns]") if c in CATEGORICAL_VALUES else _Dates(n) for c in CLAIM_DATES})
    builders["cumulative"] = _Flags(n)
    # Claims point at their article by row number, not by a repeated 16-character id.
    builders["article_id"] = _ArticleRows(n, article_ids)
    data = _read(claim_batches, n, builders)
    data["article_row"] = data.pop("article_id")
    del article_ids, a
    data["story"] = assign_stories(pd.DataFrame(data, copy=False))
    # copy=False: each column keeps its own array (no consolidation copy of ~80 MB).
    claims = pd.DataFrame(data, copy=False)
    del data
    from lib.dashboard.queries import precompute

    return Corpus(articles, claims, a_text, c_text, version, _outlets(articles),
                  precompute(claims))


# ---------------------------------------------------------------------- the compact cache
COMPACT_DIR = "compact"
_COMPACT_FORMAT = 3  # raise when what is saved, or how, changes


def _version_dir(root: Path, version: str) -> Path:
    """The cache folder of one version of the tables (so that writers of two versions never mix files)."""
    return root / hashlib.sha1(version.encode("utf-8")).hexdigest()[:16]


def _save_compact(claims: pd.DataFrame, orders: dict[str, np.ndarray], root: Path, version: str) -> None:
    """The compact claims and their sort orders as .npy files, with a `manifest.json` naming them
    and the tables' version, in `root/<version hash>/`.

    Written into a temporary folder renamed into place when complete: a reader
    sees a whole cache or none, and two processes saving at once cannot mix
    their files. Other versions' folders are removed.
    """
    final = _version_dir(root, version)
    shutil.rmtree(final, ignore_errors=True)  # only called when it could not be read
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
    try:
        _write_compact(claims, orders, folder, version)
        os.replace(folder, final)  # fails if another process got there first: theirs is as good
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        if not (final / "manifest.json").exists():
            raise
    for other in root.iterdir():
        # Other versions, and what a writer that was killed left (an hour is long enough to finish).
        if other == final or (other.name.startswith(".tmp-") and time.time() - other.stat().st_mtime < 3600):
            continue
        if other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                other.unlink()


def _write_compact(claims: pd.DataFrame, orders: dict[str, np.ndarray], folder: Path, version: str) -> None:
    columns: dict[str, dict] = {}
    arrays: dict[str, np.ndarray] = {}
    for name in claims.columns:
        col = claims[name]
        dt = col.dtype
        if isinstance(dt, pd.CategoricalDtype) and dt.categories.dtype.kind in "fM":
            columns[name] = {"kind": "value_category"}
            arrays[f"{name}.codes"], arrays[f"{name}.categories"] = col.cat.codes.to_numpy(), dt.categories.to_numpy()
        elif isinstance(dt, pd.CategoricalDtype):
            columns[name] = {"kind": "category", "categories": [str(c) for c in dt.categories]}
            arrays[f"{name}.codes"] = col.cat.codes.to_numpy()
        elif isinstance(dt, pd.SparseDtype):
            columns[name] = {"kind": "sparse"}
            arrays[f"{name}.values"], arrays[f"{name}.rows"] = col.array.sp_values, col.array.sp_index.indices
        else:
            columns[name] = {"kind": "array"}
            arrays[name] = col.to_numpy()
    arrays.update({f"order.{k}": v for k, v in orders.items()})
    for key, arr in arrays.items():
        with open(folder / f"{key}.npy", "wb") as fh:
            np.save(fh, arr, allow_pickle=False)
    manifest = {"format": _COMPACT_FORMAT, "version": version, "rows": len(claims), "columns": columns,
                "orders": list(orders)}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def _load_compact(root: Path, version: str) -> tuple[pd.DataFrame, dict[str, np.ndarray]] | None:
    """(claims, orders) saved by `_save_compact` for these tables, or None (missing, stale, unreadable)."""
    folder = _version_dir(root, version)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != _COMPACT_FORMAT or manifest.get("version") != version:
            return None
        n = int(manifest["rows"])

        def load(key: str) -> np.ndarray:
            return np.load(folder / f"{key}.npy", allow_pickle=False)

        data: dict[str, object] = {}
        for name, spec in manifest["columns"].items():
            kind = spec["kind"]
            if kind == "category":
                data[name] = pd.Categorical.from_codes(load(f"{name}.codes"),
                                                       categories=pd.Index(spec["categories"], dtype="str"))
            elif kind == "value_category":
                data[name] = pd.Categorical.from_codes(load(f"{name}.codes"),
                                                       categories=pd.Index(load(f"{name}.categories")))
            elif kind == "sparse":
                data[name] = pd.arrays.SparseArray.from_indices(load(f"{name}.values"), load(f"{name}.rows"),
                                                                length=n, fill_value=np.nan)
            else:
                data[name] = load(name)
            if len(data[name]) != n:
                return None
        orders = {k: load(f"order.{k}") for k in manifest["orders"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pd.DataFrame(data, copy=False), orders


def _outlets(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet with its Arabic and English names, busiest first."""
    if not len(articles):
        return pd.DataFrame({"source_id": pd.Series(dtype="object"), "name_ar": pd.Series(dtype="object"),
                             "name_en": pd.Series(dtype="object"), "articles": pd.Series(dtype="int64")})
    a = articles[["source_id", "source_name", "source_name_en"]].astype("object")
    grouped = a.groupby("source_id", sort=False, dropna=False)
    out = pd.DataFrame({
        "name_ar": grouped["source_name"].agg(lambda s: s.dropna().iloc[0] if s.notna().any() else None),
        "name_en": grouped["source_name_en"].agg(lambda s: s.dropna().iloc[0] if s.notna().any() else None),
        "articles": grouped.size(),
    }).reset_index()
    out["source_id"] = out["source_id"].fillna("unknown")
    return out.sort_values(["articles", "source_id"], ascending=[False, True]).reset_index(drop=True)


def _row_hash(df: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of each row's values in `columns` (equal values, equal hash).

    Built column by column, in place, so memory stays at a few arrays of one
    int64 per row; a groupby over fifteen keys would materialise fifteen code
    arrays at once. Collisions between different figures are vanishingly
    unlikely (2^-64).
    """
    n = len(df)
    h = np.zeros(n, dtype=np.uint64)
    cols = [df[c] for c in columns]
    # A block of rows at a time: hashing allocates several temporaries the size of its input.
    for start in range(0, n, _HASH_ROWS):
        block = slice(start, min(start + _HASH_ROWS, n))
        for col in cols:
            if isinstance(col.dtype, pd.CategoricalDtype):
                vals = col.cat.codes.to_numpy()[block]
            elif isinstance(col.dtype, pd.SparseDtype):
                vals = col.iloc[block].to_numpy(dtype=col.dtype.subtype)
            else:
                vals = col.to_numpy()[block]
            if vals.dtype.kind == "f":
                vals = np.where(np.isnan(vals), -1.0, vals)
            h[block] *= np.uint64(0x100000001B3)
            h[block] ^= pd.util.hash_array(np.ascontiguousarray(vals))
    return h.view(np.int64)


_HASH_ROWS = 131_072


_NO_DAY = -(2 ** 30)  # an undated claim's day number: sorts first, and differences with it fit in int32


def assign_stories(claims: pd.DataFrame) -> np.ndarray:
    """A story id per claim: the same figure reported within days of another report.

    Claims with equal STORY_KEY values whose publication dates follow each other
    within STORY_GAP_DAYS form one story (split every STORY_MAX_DAYS), whichever
    outlet carried them; charts count a story once and say how many outlets
    carry it. A claim without a publication date is a story of its own.

    Runs once per load over every claim, so it keeps its temporaries few and
    narrow (int32 day numbers, arrays dropped as soon as they are used).
    """
    n = len(claims)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    key_id = _row_hash(claims, [c for c in STORY_KEY if c in claims.columns])
    day = day_numbers(claims["published"])
    nat = day == np.iinfo(np.int64).min
    pub = np.where(nat, _NO_DAY, day).astype(np.int32)
    del day
    order = np.lexsort((pub, key_id))
    k_sorted = key_id[order]
    del key_id
    p_sorted, nat_sorted = pub[order], nat[order]
    del pub, nat
    new_chain = np.ones(n, dtype=bool)
    np.not_equal(k_sorted[1:], k_sorted[:-1], out=new_chain[1:])
    del k_sorted
    new_chain[1:] |= np.diff(p_sorted) > STORY_GAP_DAYS
    new_chain |= nat_sorted
    chain = np.cumsum(new_chain, dtype=np.int32)
    chain -= 1
    # Weeks since the chain's first report (an undated claim is a chain, and a week, of its own).
    week = p_sorted - p_sorted[new_chain][chain]
    del chain, p_sorted
    week //= STORY_MAX_DAYS + 1
    week[nat_sorted] = 0
    # A story is a (chain, week) pair: it starts where a chain starts or the week changes.
    new_story = new_chain
    new_story[1:] |= week[1:] != week[:-1]
    del week
    story_sorted = np.cumsum(new_story, dtype=np.int32)
    story_sorted -= 1
    story = np.empty(n, dtype=np.int32)
    story[order] = story_sorted
    return story
