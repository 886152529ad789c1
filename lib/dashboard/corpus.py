"""The tables as the dashboard holds them (`Corpus`), and how they are opened.

A page rerun filters and aggregates the whole claims table, so what it touches
must be small and fast: `Corpus.claims` keeps only the columns the charts
compute on, in the compact forms of `lib.dashboard.compact` (categorical codes
instead of repeated strings; figures, coordinates and dates as categoricals;
the columns of one kind of claim only as sparse arrays). 1,000,000 claims take
about 40 MB with their sort orders, instead of the ~700 MB the full table takes
as pandas objects. The long strings - claim evidence and ids, article text -
are read only for the few rows a chart shows or the one article the reader
opens, from a `lib.dashboard.textstore.TextStore`.

`open_tables(dir)` reads `articles.parquet` and `claims.parquet` (the data
contract of `lib.store.schema`/`lib.store.storage`) this way, and keeps the
compact claims in a cache next to them for the next start
(`lib.dashboard.compact_cache`); `from_frames()` builds the same object from
in-memory tables (tests, notebooks, a fresh ingest).
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lib.dashboard import compact_cache
from lib.dashboard.compact import dense
from lib.dashboard.compact_build import (ArticleRows, Batches, Categories, Flags, Plain, Sparse, Strings, Values,
                                         read_columns)
from lib.dashboard.memory import loading
from lib.dashboard.orders import precompute
from lib.dashboard.stories import assign_stories
from lib.dashboard.textstore import TextStore, file_store, memory_store
from lib.store.schema import CLAIM_COLUMNS, coerce_articles, coerce_claims

__all__ = ["Corpus", "open_tables", "from_frames", "ARTICLES_FILE", "CLAIMS_FILE", "CACHE_DIR"]

ARTICLES_FILE = "articles.parquet"  # the names lib.store.storage writes
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


@dataclass
class Corpus:
    """Both tables: compact frames in memory, the long text in stores, row-aligned with them."""

    articles: pd.DataFrame  # ARTICLE_CORE columns, compact; row i <-> article_text row i
    claims: pd.DataFrame  # compact claim columns + article_row, story; row i <-> claim_text row i
    article_text: TextStore
    claim_text: TextStore
    version: str = "memory"
    outlets: pd.DataFrame = field(default_factory=pd.DataFrame)  # source_id, name_ar, name_en, articles
    orders: dict = field(default_factory=dict)  # lib.dashboard.orders.precompute(claims)

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


def from_frames(articles: pd.DataFrame, claims: pd.DataFrame, version: str = "memory") -> Corpus:
    """A Corpus over in-memory tables (anything `lib.store.schema.coerce_*` accepts)."""
    a = pa.Table.from_pandas(coerce_articles(articles), preserve_index=False)
    c = pa.Table.from_pandas(coerce_claims(claims), preserve_index=False)

    def batches(table: pa.Table) -> Batches:
        return lambda columns: table.select([x for x in columns if x in table.column_names]).to_batches(_BATCH_ROWS)

    with loading():
        return _build(batches(a), a.num_rows, memory_store(a.select(ARTICLE_TEXT)),
                      batches(c), c.num_rows, memory_store(c.select(CLAIM_TEXT)), version)


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
    a_stamp, c_stamp = _stamp(a_path), _stamp(c_path)
    version = f"{a_stamp}|{c_stamp}"
    compact = tables_dir / CACHE_DIR / compact_cache.COMPACT_DIR
    with loading():
        a_text = file_store(a_path, ARTICLE_TEXT, tables_dir / CACHE_DIR, a_stamp)
        c_text = file_store(c_path, CLAIM_TEXT, tables_dir / CACHE_DIR, c_stamp)
        saved = compact_cache.load(compact, version)
        corpus = _build(_batch_reader(a_path, ARTICLE_CATEGORIES), a_text.n_rows, a_text,
                        _batch_reader(c_path, CLAIM_CATEGORIES), c_text.n_rows, c_text, version, saved)
        if saved is None:
            with contextlib.suppress(OSError):  # a read-only folder: build again next time
                compact_cache.save(corpus.claims, corpus.orders, compact, version)
        return corpus


# Rows decoded at a time: big enough that per-batch overhead is small, small enough
# that a batch of a string column (~16 bytes a row) is a few MB.
_BATCH_ROWS = 65536


def _batch_reader(path: Path, read_dictionary: list[str]) -> Batches:
    def batches(columns: list[str]) -> Iterable[pa.RecordBatch]:
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


def _build(article_batches: Batches, n_a: int, a_text: TextStore, claim_batches: Batches, n: int,
           c_text: TextStore, version: str, saved: tuple[pd.DataFrame, dict] | None = None) -> Corpus:
    """A Corpus from the tables' batch readers and text stores.

    `saved`: the claims frame and orders from the compact cache (then only the
    articles are read)."""
    a = read_columns(article_batches, {"article_id": Strings(n_a), **{c: Categories(n_a) for c in ARTICLE_CATEGORIES},
                                       "published": Plain(n_a, "datetime64[ns]")})
    article_ids = a["article_id"]
    articles = pd.DataFrame({
        "article_id": article_ids.to_pandas() if len(article_ids) else pd.Series([], dtype="string"),
        **{c: a[c] for c in ("source_id", "source_name", "source_name_en", "published", "published_origin")},
    })

    if saved is not None:
        claims, orders = saved
        return Corpus(articles, claims, a_text, c_text, version, _outlets(articles), orders)

    # Each column goes straight into its compact form (see SPARSE_FLOATS, CATEGORICAL_VALUES).
    builders: dict[str, object] = {c: Categories(n) for c in CLAIM_CATEGORIES}
    builders.update({c: Sparse(n) if c in SPARSE_FLOATS else Values(n, "float32") if c in CATEGORICAL_VALUES
                     else Plain(n, "float32") for c in CLAIM_FLOATS})
    builders.update({c: Values(n, "datetime64[ns]") if c in CATEGORICAL_VALUES else Plain(n, "datetime64[ns]")
                     for c in CLAIM_DATES})
    builders["cumulative"] = Flags(n)
    # Claims point at their article by row number, not by a repeated 16-character id.
    builders["article_id"] = ArticleRows(n, article_ids)
    data = read_columns(claim_batches, builders)
    data["article_row"] = data.pop("article_id")
    del article_ids, a
    data["story"] = assign_stories(pd.DataFrame(data, copy=False))
    # copy=False: each column keeps its own array (no consolidation copy of ~80 MB).
    claims = pd.DataFrame(data, copy=False)
    del data
    return Corpus(articles, claims, a_text, c_text, version, _outlets(articles), precompute(claims))


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
