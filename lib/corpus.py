"""The tables as the dashboard holds them: compact frames in memory, long text on disk.

A page rerun filters and aggregates the whole claims table, so what it touches
must be small and fast: `Corpus.claims` keeps only the columns the charts
compute on, with categorical codes instead of repeated strings and float32
numbers (1,000,000 claims take about 90 MB instead of the ~700 MB the full
table takes as pandas objects). The long strings - claim evidence and ids,
article text - are read only for the few rows a chart shows or the one article
the reader opens, straight from files next to the tables (`TextStore`): they
cost the process no memory, and the operating system caches them.

`open_tables(dir)` reads `articles.parquet` and `claims.parquet` (the data
contract of `lib.schema`/`lib.storage`) this way; `from_frames()` builds the
same object from in-memory tables (tests, notebooks, a fresh ingest).
"""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lib.schema import CLAIM_COLUMNS, coerce_articles, coerce_claims

__all__ = ["Corpus", "open_tables", "from_frames", "tune_memory", "ARTICLES_FILE", "CLAIMS_FILE", "CACHE_DIR"]

ARTICLES_FILE = "articles.parquet"  # the names lib.storage writes
CLAIMS_FILE = "claims.parquet"
CACHE_DIR = ".dashboard"  # memory-mappable copies of the text columns, next to the tables

# Columns kept in memory, by how they are stored.
CLAIM_CATEGORIES = ["source_id", "kind", "qualifier", "when", "actor", "target", "date_precision", "status",
                    "place_id", "place_ar", "place_en", "geo_precision"]
CLAIM_FLOATS = ["value", "low", "high", "of_total", "lat", "lon", "killed", "injured", "arrested"]
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

    @property
    def columns(self) -> list[str]:
        return list(self._cols)

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
            out["article_id"] = self.articles["article_id"].iloc[arow].to_numpy(dtype=object)
            titles = self.article_text.take(arow, ["title", "url"])
            out["title"] = titles["title"].to_numpy()
            out["url"] = titles["url"].to_numpy()
        else:
            for c in ("claim_id", "evidence", "article_id", "title", "url"):
                out[c] = pd.Series(dtype="object")
        names = self.outlet_names(lang)
        out["outlet"] = [names.get(s, s) for s in out["source_id"].astype("object")]
        return out

    def full_claims(self, rows: Sequence[int] | np.ndarray) -> pd.DataFrame:
        """The data-contract columns of the given claim rows (for CSV downloads)."""
        rows = np.asarray(rows, dtype=np.int64)
        core = self.claims.iloc[rows]
        text = self.claim_text.take(rows, CLAIM_TEXT)
        out = pd.DataFrame(index=range(len(rows)))
        arow = core["article_row"].to_numpy()
        for c in CLAIM_COLUMNS:
            if c in text.columns:
                out[c] = text[c].to_numpy()
            elif c == "article_id":
                out[c] = self.articles["article_id"].iloc[arow].to_numpy(dtype=object)
            elif c in core.columns:
                out[c] = core[c].to_numpy()
        return out

    def article_text_of(self, article_row: int) -> str:
        return self.article_text.value(article_row, "text") or ""

    def claims_of_article(self, article_row: int) -> pd.DataFrame:
        """Every claim of one article with its evidence and span (the reader's sidebar)."""
        rows = np.flatnonzero(self.claims["article_row"].to_numpy() == article_row)
        core = self.claims.iloc[rows].copy()
        text = self.claim_text.take(rows, CLAIM_TEXT)
        for c in CLAIM_TEXT:
            core[c] = text[c].to_numpy()
        return core

    def article_row(self, article_id: str) -> int | None:
        hits = np.flatnonzero(self.articles["article_id"].to_numpy() == article_id)
        return int(hits[0]) if len(hits) else None


# ---------------------------------------------------------------------- building
def tune_memory() -> None:
    """Make freed memory go back to the operating system (call once, early, in a long-lived process).

    Loading a million claims decodes Parquet columns into short-lived buffers.
    Arrow's default allocator (mimalloc) and glibc's adaptive mmap threshold
    both keep such memory mapped after it is freed, so the dashboard would sit
    near its load-time peak instead of its working size. The system allocator
    with a fixed mmap threshold returns it.
    """
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        # M_MMAP_THRESHOLD fixed at 32 MiB: blocks above it (whole-column temporaries at load)
        # are unmapped when freed. Fixing it also stops glibc from raising the threshold after
        # each large free, which is what leaves freed load-time memory in the heap. Smaller
        # per-rerun arrays stay on the heap and are reused (a lower threshold costs each rerun
        # page faults for every fresh array: ~30% slower).
        libc.mallopt(-3, 32 * 1024 * 1024)
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


def from_frames(articles: pd.DataFrame, claims: pd.DataFrame, version: str = "memory") -> Corpus:
    """A Corpus over in-memory tables (anything `lib.schema.coerce_*` accepts)."""
    a = pa.Table.from_pandas(coerce_articles(articles), preserve_index=False)
    c = pa.Table.from_pandas(coerce_claims(claims), preserve_index=False)
    return _build(lambda name: a.column(name) if name in a.column_names else None, _memory_store(a.select(ARTICLE_TEXT)),
                  lambda name: c.column(name) if name in c.column_names else None, _memory_store(c.select(CLAIM_TEXT)),
                  version)


def open_tables(tables_dir: Path | str) -> Corpus:
    """A Corpus over `tables_dir/articles.parquet` and `claims.parquet`.

    The compact columns are read into memory one at a time (a column is
    converted to its compact dtype before the next is decoded, which keeps the
    peak low); the text columns are copied once into plain files under
    `tables_dir/.dashboard/` (refreshed when the Parquet files change) and
    read from there row by row.
    """
    tables_dir = Path(tables_dir)
    a_path, c_path = tables_dir / ARTICLES_FILE, tables_dir / CLAIMS_FILE
    version = f"{_stamp(a_path)}|{_stamp(c_path)}"
    a_file = pq.ParquetFile(a_path, read_dictionary=ARTICLE_CATEGORIES)
    # article_id as a dictionary: a million 16-character ids would be ~30 MB for a moment.
    c_file = pq.ParquetFile(c_path, read_dictionary=CLAIM_CATEGORIES + ["article_id"])
    a_text = _file_store(a_path, ARTICLE_TEXT, tables_dir / CACHE_DIR)
    c_text = _file_store(c_path, CLAIM_TEXT, tables_dir / CACHE_DIR)
    return _build(_column_reader(a_file), a_text, _column_reader(c_file), c_text, version)


def _column_reader(pf: pq.ParquetFile):
    names = set(pf.schema_arrow.names)
    return lambda name: pf.read(columns=[name]).column(0) if name in names else None


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


def _category(col: pa.ChunkedArray | None, n: int) -> pd.Categorical:
    if col is None:
        return pd.Categorical([None] * n)
    if not pa.types.is_dictionary(col.type):
        col = pc.dictionary_encode(col)
    return col.to_pandas().array  # codes shrink to int8/int16 with few categories


def _float32(col: pa.ChunkedArray | None, n: int) -> np.ndarray:
    if col is None:
        return np.full(n, np.nan, dtype=np.float32)
    return col.cast(pa.float32()).to_numpy()  # nulls become NaN


def _datetime(col: pa.ChunkedArray | None, n: int) -> np.ndarray:
    if col is None:
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    return col.cast(pa.timestamp("ns")).to_numpy()  # nulls become NaT


def _article_rows(claim_ids: pa.ChunkedArray, article_ids: pa.Array) -> np.ndarray:
    """Row of each claim's article in the articles table (-1 if missing)."""
    parts = []
    for chunk in claim_ids.chunks:
        if pa.types.is_dictionary(chunk.type):
            # Look up each distinct id once, then spread by the dictionary indices.
            rows = pc.fill_null(pc.index_in(chunk.dictionary, value_set=article_ids), -1).to_numpy(zero_copy_only=False)
            parts.append(rows[chunk.indices.to_numpy(zero_copy_only=False)])
        else:
            parts.append(pc.fill_null(pc.index_in(chunk, value_set=article_ids), -1).to_numpy(zero_copy_only=False))
    return np.concatenate(parts).astype(np.int32) if parts else np.zeros(0, dtype=np.int32)


def _build(article_col, a_text: TextStore, claim_col, c_text: TextStore, version: str) -> Corpus:
    """Compact frames from column getters (name -> Arrow column or None)."""
    a_ids = article_col("article_id")
    n_a = len(a_ids) if a_ids is not None else 0
    articles = pd.DataFrame({
        "article_id": a_ids.to_pandas() if a_ids is not None else pd.Series([], dtype="string"),
        **{c: _category(article_col(c), n_a) for c in ("source_id", "source_name", "source_name_en")},
        "published": _datetime(article_col("published"), n_a),
        "published_origin": _category(article_col("published_origin"), n_a),
    })

    c_ids = claim_col("article_id")
    n = len(c_ids) if c_ids is not None else 0
    data: dict[str, object] = {}
    for c in CLAIM_CATEGORIES:
        data[c] = _category(claim_col(c), n)
    for c in CLAIM_FLOATS:
        data[c] = _float32(claim_col(c), n)
    for c in CLAIM_DATES:
        data[c] = _datetime(claim_col(c), n)
    cum = claim_col("cumulative")
    data["cumulative"] = pc.fill_null(cum, False).to_numpy(zero_copy_only=False).astype(bool) if cum is not None \
        else np.zeros(n, dtype=bool)
    # Claims point at their article by row number, not by a repeated 16-character id.
    if n and a_ids is not None:
        data["article_row"] = _article_rows(c_ids, pa.concat_arrays(a_ids.chunks))
    else:
        data["article_row"] = np.zeros(n, dtype=np.int32)
    del c_ids
    # copy=False: each column keeps its own array (no consolidation copy of ~80 MB).
    claims = pd.DataFrame(data, copy=False)
    claims["story"] = assign_stories(claims)
    from lib.queries import precompute

    return Corpus(articles, claims, a_text, c_text, version, _outlets(articles),
                  precompute(claims))


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

    Built column by column, so memory stays at a few arrays of one int64 per
    row; a groupby over fifteen keys would materialise fifteen code arrays at
    once. Collisions between different figures are vanishingly unlikely (2^-64).
    """
    h = np.zeros(len(df), dtype=np.uint64)
    for c in columns:
        col = df[c]
        values = col.cat.codes.to_numpy() if isinstance(col.dtype, pd.CategoricalDtype) else col.to_numpy()
        if values.dtype.kind == "f":
            values = np.where(np.isnan(values), -1.0, values)
        col_hash = pd.util.hash_array(np.ascontiguousarray(values))
        h = (h * np.uint64(0x100000001B3)) ^ col_hash
    return h.view(np.int64)


def assign_stories(claims: pd.DataFrame) -> np.ndarray:
    """A story id per claim: the same figure reported within days of another report.

    Claims with equal STORY_KEY values whose publication dates follow each other
    within STORY_GAP_DAYS form one story (split every STORY_MAX_DAYS), whichever
    outlet carried them; charts count a story once and say how many outlets
    carry it. A claim without a publication date is a story of its own.
    """
    n = len(claims)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    key_id = _row_hash(claims, [c for c in STORY_KEY if c in claims.columns])
    pub = claims["published"].to_numpy().astype("datetime64[D]").astype(np.int64)
    nat = claims["published"].isna().to_numpy()
    order = np.lexsort((pub, key_id))
    k_sorted, p_sorted, nat_sorted = key_id[order], pub[order], nat[order]
    new_chain = np.ones(n, dtype=bool)
    new_chain[1:] = (k_sorted[1:] != k_sorted[:-1]) | (p_sorted[1:] - p_sorted[:-1] > STORY_GAP_DAYS)
    new_chain |= nat_sorted
    chain = np.cumsum(new_chain) - 1
    chain_start = p_sorted[new_chain][chain]
    week = (p_sorted - chain_start) // (STORY_MAX_DAYS + 1)
    week[nat_sorted] = 0
    # Number (chain, week) pairs densely.
    combined = chain.astype(np.int64) * 1_000_000 + week
    new_story = np.ones(n, dtype=bool)
    new_story[1:] = combined[1:] != combined[:-1]
    story_sorted = np.cumsum(new_story) - 1
    story = np.empty(n, dtype=np.int32)
    story[order] = story_sorted
    return story

