"""The tables as the dashboard holds them: compact frames in memory, long text on disk.

A page rerun filters and aggregates the whole claims table, so what it touches
must be small and fast: `Corpus.claims` keeps only the columns the charts
compute on, with categorical codes instead of repeated strings and float32
numbers (1,000,000 claims take about 90 MB instead of the ~700 MB the full
table takes as pandas objects). The long strings - claim evidence and ids,
article text - are read only for the few rows a chart shows or the one article
the reader opens, from an Arrow file that is memory-mapped (`TextStore`):
untouched pages cost no memory, and the operating system caches the rest.

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
CLAIM_FLAGS = ["cumulative"]
# Served from the text store, row-aligned with `claims`.
CLAIM_TEXT = ["claim_id", "evidence", "span_start", "span_end"]

ARTICLE_CATEGORIES = ["source_id", "source_name", "source_name_en", "published_origin"]
ARTICLE_CORE = ["article_id", "source_id", "source_name", "source_name_en", "url", "title", "published", "published_origin"]
ARTICLE_TEXT = ["text", "path"]

# Reports of the same figure within this many days of each other are one story;
# a story never spans more than a week (a figure repeated for months is re-reported).
STORY_GAP_DAYS = 2
STORY_MAX_DAYS = 7
STORY_KEY = ["kind", "when", "actor", "status", "place_id", "qualifier", "value", "low", "high",
             "of_total", "period_start", "period_end", "killed", "injured", "arrested"]


@dataclass
class TextStore:
    """Long string columns, row-aligned with a frame, read a few rows at a time."""

    table: pa.Table

    def __post_init__(self) -> None:
        self._starts = np.cumsum([0] + [len(c) for c in self.table.column(0).chunks]) if self.table.num_columns \
            else np.zeros(1, dtype=np.int64)

    def take(self, rows: Sequence[int] | np.ndarray, columns: Iterable[str]) -> pd.DataFrame:
        """The given rows of `columns`, in the order given.

        Taken chunk by chunk: `ChunkedArray.take` may first concatenate the
        whole column, which for a memory-mapped table means reading it all.
        """
        rows = np.asarray(rows, dtype=np.int64)
        chunk_of = np.searchsorted(self._starts, rows, side="right") - 1
        order = np.argsort(chunk_of, kind="stable")
        out = {}
        for c in columns:
            col = self.table.column(c)
            parts = []
            for ci in np.unique(chunk_of):
                local = rows[order][chunk_of[order] == ci] - self._starts[ci]
                parts.append(col.chunk(int(ci)).take(pa.array(local)))
            values = pa.chunked_array(parts, type=col.type).to_pandas().to_numpy(dtype=object) if parts \
                else np.array([], dtype=object)
            restored = np.empty(len(rows), dtype=object)
            restored[order] = values
            out[c] = restored
        return pd.DataFrame(out)

    def value(self, row: int, column: str):
        return self.table.column(column)[int(row)].as_py()


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
            # Take the few rows first: converting a whole 100,000-row string column costs ~10 ms.
            arts = self.articles.iloc[self.claims["article_row"].to_numpy()[rows]]
            for c in ("article_id", "title", "url"):
                out[c] = arts[c].to_numpy(dtype=object)
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
    at its load-time peak (~450 MB) instead of its working size (~290 MB).
    The system allocator with a fixed 64 KiB mmap threshold returns it.
    """
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 64 * 1024)  # M_MMAP_THRESHOLD: large blocks are mmapped and unmapped on free
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


def from_frames(articles: pd.DataFrame, claims: pd.DataFrame, version: str = "memory") -> Corpus:
    """A Corpus over in-memory tables (anything `lib.schema.coerce_*` accepts)."""
    a = pa.Table.from_pandas(coerce_articles(articles), preserve_index=False)
    c = pa.Table.from_pandas(coerce_claims(claims), preserve_index=False)
    return _build(lambda name: a.column(name) if name in a.column_names else None, a.select(ARTICLE_TEXT),
                  lambda name: c.column(name) if name in c.column_names else None, c.select(CLAIM_TEXT), version)


def open_tables(tables_dir: Path | str) -> Corpus:
    """A Corpus over `tables_dir/articles.parquet` and `claims.parquet`.

    The compact columns are read into memory one at a time (a column is
    converted to its compact dtype before the next is decoded, which keeps the
    peak low); the text columns are copied once into uncompressed Arrow files
    under `tables_dir/.dashboard/` (refreshed when the Parquet files change)
    and memory-mapped from there.
    """
    tables_dir = Path(tables_dir)
    a_path, c_path = tables_dir / ARTICLES_FILE, tables_dir / CLAIMS_FILE
    version = f"{_stamp(a_path)}|{_stamp(c_path)}"
    a_file = pq.ParquetFile(a_path, read_dictionary=ARTICLE_CATEGORIES)
    c_file = pq.ParquetFile(c_path, read_dictionary=CLAIM_CATEGORIES)
    a_text = _mapped_text(a_path, ARTICLE_TEXT, tables_dir / CACHE_DIR / "articles_text.arrow")
    c_text = _mapped_text(c_path, CLAIM_TEXT, tables_dir / CACHE_DIR / "claims_text.arrow")
    return _build(_column_reader(a_file), a_text, _column_reader(c_file), c_text, version)


def _column_reader(pf: pq.ParquetFile):
    names = set(pf.schema_arrow.names)
    return lambda name: pf.read(columns=[name]).column(0) if name in names else None


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_mtime_ns}:{st.st_size}"


def _mapped_text(parquet_path: Path, columns: list[str], cache_path: Path) -> pa.Table:
    """`columns` of a Parquet file as a memory-mapped Arrow table (copied on first use)."""
    stamp = _stamp(parquet_path).encode()
    try:
        if cache_path.exists():
            table = pa.ipc.open_file(pa.memory_map(str(cache_path))).read_all()
            if (table.schema.metadata or {}).get(b"source") == stamp:
                return table
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_path.with_name(f".{cache_path.name}.{os.getpid()}.tmp")
        pf = pq.ParquetFile(parquet_path)
        present = [c for c in columns if c in pf.schema_arrow.names]
        schema = pa.schema([pf.schema_arrow.field(c) for c in present], metadata={b"source": stamp})
        try:
            # Batch by batch, so the copy never holds a whole text column in memory.
            with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
                for batch in pf.iter_batches(columns=present, batch_size=32_768):
                    writer.write_batch(pa.record_batch(batch.columns, schema=schema))
            os.replace(tmp, cache_path)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        return pa.ipc.open_file(pa.memory_map(str(cache_path))).read_all()
    except OSError:
        # A read-only tables folder: hold the text in memory instead.
        return pq.read_table(parquet_path, columns=columns)


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


def _build(article_col, a_text: pa.Table, claim_col, c_text: pa.Table, version: str) -> Corpus:
    """Compact frames from column getters (name -> Arrow column or None)."""
    a_ids = article_col("article_id")
    n_a = len(a_ids) if a_ids is not None else 0
    articles = pd.DataFrame({
        "article_id": a_ids.to_pandas() if a_ids is not None else pd.Series([], dtype="string"),
        **{c: _category(article_col(c), n_a) for c in ("source_id", "source_name", "source_name_en")},
        "url": article_col("url").to_pandas() if article_col("url") is not None else pd.Series([pd.NA] * n_a, dtype="string"),
        "title": article_col("title").to_pandas() if article_col("title") is not None else pd.Series([pd.NA] * n_a, dtype="string"),
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
        data["article_row"] = pc.fill_null(pc.index_in(c_ids, value_set=pa.concat_arrays(a_ids.chunks)), -1) \
            .to_numpy(zero_copy_only=False).astype(np.int32)
    else:
        data["article_row"] = np.zeros(n, dtype=np.int32)
    del c_ids
    # copy=False: each column keeps its own array (no consolidation copy of ~80 MB).
    claims = pd.DataFrame(data, copy=False)
    claims["story"] = assign_stories(claims)
    from lib.queries import precompute

    return Corpus(articles, claims, TextStore(a_text), TextStore(c_text), version, _outlets(articles),
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

