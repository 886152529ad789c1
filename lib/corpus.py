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

__all__ = ["Corpus", "open_tables", "from_frames", "ARTICLES_FILE", "CLAIMS_FILE", "CACHE_DIR"]

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

    def take(self, rows: Sequence[int] | np.ndarray, columns: Iterable[str]) -> pd.DataFrame:
        idx = pa.array(np.asarray(rows, dtype=np.int64))
        out = {c: self.table.column(c).take(idx).to_pandas() for c in columns}
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
            out["article_id"] = self.articles["article_id"].to_numpy()[arow]
            out["title"] = self.articles["title"].to_numpy()[arow]
            out["url"] = self.articles["url"].to_numpy()[arow]
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
                out[c] = self.articles["article_id"].to_numpy()[arow]
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
def from_frames(articles: pd.DataFrame, claims: pd.DataFrame, version: str = "memory") -> Corpus:
    """A Corpus over in-memory tables (anything `lib.schema.coerce_*` accepts)."""
    a = pa.Table.from_pandas(coerce_articles(articles), preserve_index=False)
    c = pa.Table.from_pandas(coerce_claims(claims), preserve_index=False)
    return _build(a.select(ARTICLE_CORE), a.select(ARTICLE_TEXT), c.drop_columns(CLAIM_TEXT), c.select(CLAIM_TEXT), version)


def open_tables(tables_dir: Path | str) -> Corpus:
    """A Corpus over `tables_dir/articles.parquet` and `claims.parquet`.

    The compact columns are read into memory; the text columns are copied once
    into uncompressed Arrow files under `tables_dir/.dashboard/` (refreshed when
    the Parquet files change) and memory-mapped from there.
    """
    tables_dir = Path(tables_dir)
    a_path, c_path = tables_dir / ARTICLES_FILE, tables_dir / CLAIMS_FILE
    a_schema = pq.read_schema(a_path)
    c_schema = pq.read_schema(c_path)
    a_core = pq.read_table(a_path, columns=[c for c in ARTICLE_CORE if c in a_schema.names],
                           read_dictionary=[c for c in ARTICLE_CATEGORIES if c in a_schema.names])
    claim_core_cols = [c for c in c_schema.names if c not in CLAIM_TEXT]
    c_core = pq.read_table(c_path, columns=claim_core_cols,
                           read_dictionary=[c for c in CLAIM_CATEGORIES + ["article_id"] if c in c_schema.names])
    version = f"{_stamp(a_path)}|{_stamp(c_path)}"
    a_text = _mapped_text(a_path, ARTICLE_TEXT, tables_dir / CACHE_DIR / "articles_text.arrow")
    c_text = _mapped_text(c_path, CLAIM_TEXT, tables_dir / CACHE_DIR / "claims_text.arrow")
    return _build(a_core, a_text, c_core, c_text, version)


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


def _to_category(table: pa.Table, names: Iterable[str]) -> pa.Table:
    for name in names:
        if name in table.column_names and not pa.types.is_dictionary(table.schema.field(name).type):
            i = table.column_names.index(name)
            table = table.set_column(i, name, pc.dictionary_encode(table.column(name)))
    return table


def _build(a_core: pa.Table, a_text: pa.Table, c_core: pa.Table, c_text: pa.Table, version: str) -> Corpus:
    a_core = _to_category(a_core, ARTICLE_CATEGORIES)
    c_core = _to_category(c_core, CLAIM_CATEGORIES + ["article_id"])
    if "cumulative" in c_core.column_names:
        i = c_core.column_names.index("cumulative")
        c_core = c_core.set_column(i, "cumulative", pc.fill_null(c_core.column("cumulative"), False))
    articles = a_core.to_pandas()
    for c in ARTICLE_CORE:
        if c not in articles.columns:
            articles[c] = pd.Series(pd.NA, index=articles.index, dtype="string")
    articles["published"] = pd.to_datetime(articles["published"]).astype("datetime64[ns]")

    claims = c_core.to_pandas()
    for c in CLAIM_FLOATS:
        claims[c] = pd.to_numeric(claims[c], errors="coerce").astype(np.float32) if c in claims else np.float32(np.nan)
    for c in CLAIM_DATES:
        claims[c] = pd.to_datetime(claims[c]).astype("datetime64[ns]") if c in claims else pd.NaT
    claims["cumulative"] = claims["cumulative"].astype(bool) if "cumulative" in claims else False
    for c in CLAIM_CATEGORIES:
        if c not in claims:
            claims[c] = pd.Categorical([None] * len(claims))
    # Claims point at their article by row number, not by a repeated 16-character id.
    if len(claims):
        codes = pd.Categorical(claims["article_id"].astype("object"),
                               categories=pd.Index(articles["article_id"].astype("object")).unique()).codes
    else:
        codes = np.zeros(0, dtype=np.int32)
    claims["article_row"] = codes.astype(np.int32)
    claims = claims.drop(columns=["article_id"])
    claims["story"] = assign_stories(claims)

    outlets = _outlets(articles)
    return Corpus(articles, claims, TextStore(a_text), TextStore(c_text), version, outlets)


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
    keys = [c for c in STORY_KEY if c in claims.columns]
    key_id = claims.groupby(keys, dropna=False, observed=True, sort=False).ngroup().to_numpy()
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

