"""The store as the dashboard holds it (`Corpus`), and how it is opened.

A page rerun filters and aggregates the whole claims table, so what it touches
must be small and fast: `Corpus.claims` keeps only the columns the charts
compute on, in the compact forms of `lib.dashboard.compact` (categorical codes
instead of repeated strings; figures, coordinates and dates as categoricals;
the columns of one kind of claim only as sparse arrays), built straight from
the store's Arrow batches at load (`lib.dashboard.compact_build`). 1,000,000
claims take about 40 MB with their sort orders, instead of the ~700 MB the
full table takes as pandas objects. The long strings - claim evidence, article
titles, URLs and text - stay in the store and are read only for the rows a
chart or table shows, or the one article the reader opens
(`lib.dashboard.source.Rows`: ~70-100 ms on a 2-core machine for the attacks
page's 1,000 points spread over a million claims in 50 files, more when every
sentence is distinct, as every file holding a shown row is decoded); the
article search runs in DuckDB. Claim ids of the form
"<article_id>-<n>" are kept as their suffix and rebuilt for the rows shown.

The store's version (`Corpus.version`) keys every cache of the app, so a new
revision is loaded on the next rerun. `open_corpus(store)` reads a store
(`lib.store.delta`) this way;
`from_frames()` builds the same object from in-memory tables (tests, notebooks).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds

from lib.dashboard.compact import dense
from lib.dashboard.compact_build import (ArticleRows, Categories, ClaimSuffixes, Flags, Plain, Sparse, Strings, Values,
                                         read_columns)
from lib.dashboard.filters import Filters
from lib.dashboard.orders import precompute
from lib.dashboard.source import Rows, index_of
from lib.dashboard.stories import assign_stories, story_of_articles
from lib.store.delta import ARTICLES, CLAIMS, CORRECTIONS, STORIES, AsOf, open_store, release_memory
from lib.store.overlay import ARTICLE_PATCH_COLUMNS, Overlay
from lib.store.schema import (ARTICLE_COLUMNS, CLAIM_COLUMNS, PATCHED_ARTICLE_COLUMNS, STORY_READ_COLUMNS,
                              coerce_articles, coerce_claims, to_arrow)

__all__ = ["Corpus", "open_corpus", "from_frames"]

# Columns kept in memory, by how they are stored.
CLAIM_CATEGORIES = ["source_id", "kind", "qualifier", "when", "actor", "target", "date_precision", "status",
                    "place_id", "place_ar", "place_en", "geo_precision",
                    "flags"]  # plausibility flags: every view leaves flagged claims out (lib.dashboard.filters)
CLAIM_FLOATS = ["value", "low", "high", "of_total", "lat", "lon", "killed", "injured", "arrested"]
# How some columns are held, for size (`values()` reads them as plain arrays, `dense()` turns the
# rows a page shows back into plain columns):
# figures of one kind of claim only, mostly missing, as sparse arrays (the values and their rows);
SPARSE_FLOATS = ["of_total", "killed", "injured", "arrested"]
# numbers and dates with few distinct values (figures, the gazetteer's coordinates, days) as
# categoricals: one or two bytes a claim instead of four or eight.
CATEGORICAL_VALUES = ["value", "low", "high", "lat", "lon", "published", "period_start", "period_end"]
CLAIM_DATES = ["published", "period_start", "period_end"]
# Read from the store for the rows shown.
CLAIM_TEXT = ["claim_id", "evidence", "span_start", "span_end"]

ARTICLE_CATEGORIES = ["source_id", "source_name", "source_name_en", "published_origin"]
ARTICLE_CORE = PATCHED_ARTICLE_COLUMNS  # the articles' columns held in memory: those a correction may change
# Read from the store for the rows shown (titles and URLs for a few hundred rows at a time).
ARTICLE_TEXT = ["title", "url", "text", "path"]
SEARCHED = ["title", "url", "text"]  # what the article search looks in, besides the outlet's names


@dataclass
class Corpus:
    """Both tables: compact frames in memory, the long columns in the store, row-aligned with them."""

    articles: pd.DataFrame  # ARTICLE_CORE columns, compact; row i <-> article_rows row i
    claims: pd.DataFrame  # compact claim columns + article_row, story; row i <-> claim_rows row i
    article_rows: Rows
    claim_rows: Rows
    version: str = "memory"
    outlets: pd.DataFrame = field(default_factory=pd.DataFrame)  # source_id, name_ar, name_en, articles
    orders: dict = field(default_factory=dict)  # lib.dashboard.orders.precompute(claims)
    article_ids: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))  # = articles.article_id
    # Each claim's id after "<article_id>-" (None: the ids are not all of that form; read from the store)
    claim_suffix: pd.Categorical | None = None
    # Articles whose outlet or date reads change (corrections, story dates): the search's filters,
    # pushed into the stored files, would see their stored values, so these are filtered here
    patched_ids: tuple[str, ...] = ()

    # ------------------------------------------------------------------ names
    def outlet_names(self, lang: str = "en") -> dict[str, str]:
        """source_id -> the outlet's display name in `lang` (Arabic name first in Arabic)."""
        col = "name_ar" if lang == "ar" else "name_en"
        other = "name_en" if lang == "ar" else "name_ar"
        names = self.outlets[col].fillna(self.outlets[other]).fillna(self.outlets["source_id"])
        return dict(zip(self.outlets["source_id"], names))

    # ------------------------------------------------------------------ provenance
    def provenance(self, df: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
        """Add claim_id, evidence, article_id and the outlet's name to rows of `claims`.

        `df` is indexed by claim row (as returned by the query functions); only
        these rows are read from the store. Titles and URLs (for CSV files) are
        added by `with_titles`, when a file is asked for."""
        return self.provenances([df], lang)[0]

    def provenances(self, frames: Sequence[pd.DataFrame], lang: str = "en") -> list[pd.DataFrame]:
        """`provenance` of several frames, their evidence read from the store in one pass."""
        rows = np.concatenate([f.index.to_numpy(dtype=np.int64) for f in frames]) if frames else np.zeros(0, np.int64)
        unique, inverse = np.unique(rows, return_inverse=True)
        evidence = self.claim_rows.take(unique, ["evidence"])["evidence"].to_numpy()[inverse]
        ids = self.claim_ids(unique)[inverse]
        names = self.outlet_names(lang)
        out, at = [], 0
        for df in frames:
            part = df.copy()
            n = len(part)
            part["claim_id"] = ids[at:at + n]
            part["evidence"] = evidence[at:at + n]
            part["article_id"] = self._article_ids(self.claims["article_row"].to_numpy()[df.index.to_numpy(dtype=np.int64)])
            part["outlet"] = [names.get(s, s) for s in part["source_id"].astype("object")]
            out.append(part)
            at += n
        return out

    def claim_ids(self, rows: np.ndarray) -> np.ndarray:
        """The claim_id of each claim row: rebuilt from its article's id where the ids allow it,
        else read from the store."""
        rows = np.asarray(rows, dtype=np.int64)
        if self.claim_suffix is None:
            return self.claim_rows.take(rows, ["claim_id"])["claim_id"].to_numpy()
        if not len(rows):
            return np.zeros(0, dtype=object)
        aid = self.article_ids.take(pa.array(self.claims["article_row"].to_numpy()[rows]))
        suffix = pa.array(np.asarray(self.claim_suffix.take(rows), dtype=object), type=pa.string())
        return np.asarray(pc.binary_join_element_wise(aid, suffix, "-").to_pylist(), dtype=object)

    def with_titles(self, df: pd.DataFrame) -> pd.DataFrame:
        """`df` (rows with an `article_id`) with each article's title and URL after it."""
        if "article_id" not in df.columns or "title" in df.columns:
            return df
        arow = self.article_rows_of(df["article_id"])
        found = arow >= 0
        shown = self.article_rows.take(arow[found], ["title", "url"])
        out = df.copy()
        at = list(out.columns).index("article_id") + 1
        for i, c in enumerate(("title", "url")):
            col = np.full(len(out), None, dtype=object)
            col[found] = shown[c].to_numpy()
            out.insert(at + i, c, pd.Series(col, index=out.index, dtype=object))
        return out

    def _article_ids(self, article_rows: np.ndarray) -> np.ndarray:
        """The article_id at each articles-table row; None for -1, a claim whose article
        is missing (in-memory tables only: a store never shows such claims)."""
        ids = np.full(len(article_rows), None, dtype=object)
        found = article_rows >= 0
        if found.any():
            ids[found] = self.article_ids.take(pa.array(article_rows[found])).to_numpy(zero_copy_only=False)
        return ids

    def article_rows_of(self, article_ids: Sequence[object] | pd.Series) -> np.ndarray:
        """The row of each article id (-1 where it is missing or not stored)."""
        ids = [a if isinstance(a, str) else None for a in article_ids]
        return index_of(self.article_ids, ids) if len(ids) else np.zeros(0, dtype=np.int64)

    def full_claims(self, rows: Sequence[int] | np.ndarray) -> pd.DataFrame:
        """The data-contract columns of the given claim rows (for CSV downloads)."""
        rows = np.asarray(rows, dtype=np.int64)
        core = dense(self.claims.iloc[rows])
        text = self._claim_text(rows)
        # Columns the pages do not hold (the long ones, and any the contract gained) come from the store.
        rest = [c for c in CLAIM_COLUMNS if c not in text.columns and c not in core.columns and c != "article_id"]
        if rest:
            text = pd.concat([text, self.claim_rows.take(rows, rest)], axis=1)
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

    def _claim_text(self, rows: np.ndarray) -> pd.DataFrame:
        """CLAIM_TEXT columns of the given rows (the ids rebuilt when they can be)."""
        stored = [c for c in CLAIM_TEXT if c != "claim_id" or self.claim_suffix is None]
        text = self.claim_rows.take(rows, stored)
        if self.claim_suffix is not None:
            text.insert(0, "claim_id", pd.Series(self.claim_ids(rows), index=text.index, dtype=object))
        return text

    # ------------------------------------------------------------------ one article
    def article_row(self, article_id: str) -> int | None:
        row = int(self.article_rows_of([article_id])[0])
        return row if row >= 0 else None

    def article(self, row: int) -> dict:
        """One article's fields, its text included (read from the store)."""
        art = self.articles.iloc[row].to_dict()
        art.update(self.article_rows.take([row], ARTICLE_TEXT).iloc[0].to_dict())
        return art

    def article_text_of(self, article_row: int) -> str:
        return self.article_rows.take([article_row], ["text"])["text"].iloc[0] or ""

    def claims_of_article(self, article_row: int) -> pd.DataFrame:
        """Every claim of one article with its evidence and span (the reader's sidebar)."""
        rows = np.flatnonzero(self.claims["article_row"].to_numpy() == article_row)
        core = dense(self.claims.iloc[rows].copy())
        text = self._claim_text(rows)
        for c in CLAIM_TEXT:
            core[c] = text[c].to_numpy()
        return core

    # ------------------------------------------------------------------ search
    def search_text(self, query: str, f: Filters | None = None) -> np.ndarray:
        """A mask of the articles whose title, URL or text contains `query` (case-insensitive),
        searched in DuckDB with the outlet and date filters pushed into the scan."""
        where, params = [], []
        if f is not None and f.outlets:
            where.append("source_id IN (" + ", ".join("?" * len(f.outlets)) + ")")
            params += list(f.outlets)
        if f is not None and f.start is not None:
            where.append("published >= ?")
            params.append(pd.Timestamp(f.start).to_pydatetime())
        if f is not None and f.end is not None:
            where.append("published < ?")
            params.append((pd.Timestamp(f.end) + pd.Timedelta(days=1)).to_pydatetime())
        clause = " AND ".join(where)
        if clause and self.patched_ids:
            clause = f"({clause}) OR article_id IN (" + ", ".join("?" * len(self.patched_ids)) + ")"
            params += list(self.patched_ids)
        ids = self.article_rows.search("article_id", SEARCHED, query, clause, params)
        mask = np.zeros(len(self.articles), dtype=bool)
        rows = index_of(self.article_ids, ids) if len(ids) else np.zeros(0, dtype=np.int64)
        mask[rows[rows >= 0]] = True
        if where and self.patched_ids:  # the filters again, on the values as read
            if f.outlets:
                mask &= self.articles["source_id"].isin(list(f.outlets)).to_numpy()
            published = pd.to_datetime(self.articles["published"])
            if f.start is not None:
                mask &= (published >= pd.Timestamp(f.start)).to_numpy()
            if f.end is not None:
                mask &= (published < pd.Timestamp(f.end) + pd.Timedelta(days=1)).to_numpy()
        return mask


def from_frames(articles: pd.DataFrame, claims: pd.DataFrame, version: str = "memory") -> Corpus:
    """A Corpus over in-memory tables (anything `lib.store.schema.coerce_*` accepts).

    Unlike a store, in-memory tables may hold claims whose article is missing: they are kept,
    with no article (`article_row` -1)."""
    a = to_arrow(coerce_articles(articles), ARTICLE_COLUMNS)
    c = to_arrow(coerce_claims(claims), CLAIM_COLUMNS)
    return _build(Rows(pds.dataset(a)), Rows(pds.dataset(c)), version, drop_orphans=False)


def open_corpus(store_path: Path | str, as_of: AsOf = None) -> Corpus:
    """A Corpus over the store at `store_path` (its latest revision, or `as_of`).

    The compact columns are decoded fragment by fragment, batch by batch, straight into
    their final arrays, so loading never holds a whole column in its Parquet/Arrow form;
    the long columns are left in the store (`Corpus.article_rows`, `claim_rows`)."""
    store = open_store(store_path, as_of)
    versions = store.versions
    # Caches are keyed by it: the store's place, its table versions, and when its revision was made
    # (two stores can be at the same version numbers).
    stamp = store.time.timestamp() if store.time else 0
    version = f"{store.path.resolve()}@" + ".".join(str(versions[t]) for t in (ARTICLES, CLAIMS, CORRECTIONS, STORIES)) \
        + f"@{stamp:.3f}"
    overlay = store.overlay()
    c_rows = Rows(store.dataset(CLAIMS), store.path / CLAIMS)
    stored_claims = len(c_rows)
    if len(overlay.replaced):
        # the corrected articles' claims (lib.store.overlay) after the stored files, whose own rows
        # of those articles `_build` leaves out
        c_rows = Rows(pds.dataset([c_rows.dataset, pds.dataset(overlay.claims.cast(c_rows.dataset.schema))]))
    return _build(Rows(store.dataset(ARTICLES), store.path / ARTICLES), c_rows, version, drop_orphans=True,
                  overlay=overlay, stored_claims=stored_claims)


def _build(a_rows: Rows, c_rows: Rows, version: str, drop_orphans: bool, overlay: Overlay | None = None,
           stored_claims: int = 0) -> Corpus:
    """A Corpus from the two tables' rows: the compact columns read, stories and sort orders computed.

    `drop_orphans`: leave out claims whose article is not there (a store's rule). `overlay`: the
    corrections and stories reads apply (lib.store.overlay): the articles' changed columns are set,
    and the stored claims (the first `stored_claims` rows) of the articles whose claims it replaces
    are left out (its claims come after them in `c_rows`)."""
    n_a, n = len(a_rows), len(c_rows)
    a = read_columns(lambda cols: a_rows.batches(cols, ARTICLE_CATEGORIES), {"article_id": Strings(n_a), **{c: Categories(n_a) for c in ARTICLE_CATEGORIES},
                                      "published": Plain(n_a, "datetime64[ns]")})
    article_ids = a["article_id"]
    if pa.types.is_large_string(article_ids.type) or pa.types.is_string_view(article_ids.type):
        article_ids = article_ids.cast(pa.string())
    articles = pd.DataFrame({
        "article_id": article_ids.to_pandas() if len(article_ids) else pd.Series([], dtype="str"),
        **{c: a[c] for c in ("source_id", "source_name", "source_name_en", "published", "published_origin")},
    })
    articles = patch_articles(articles, overlay)

    # Each column goes straight into its compact form (see SPARSE_FLOATS, CATEGORICAL_VALUES).
    builders: dict[str, object] = {c: Categories(n) for c in CLAIM_CATEGORIES}
    builders.update({c: Sparse(n) if c in SPARSE_FLOATS else Values(n, "float32") if c in CATEGORICAL_VALUES
                     else Plain(n, "float32") for c in CLAIM_FLOATS})
    builders.update({c: Values(n, "datetime64[ns]") if c in CATEGORICAL_VALUES else Plain(n, "datetime64[ns]")
                     for c in CLAIM_DATES})
    builders["cumulative"] = Flags(n)
    # Claims point at their article by row number, not by a repeated 16-character id.
    builders["article_id"] = ArticleRows(n, article_ids)
    builders["claim_id"] = ClaimSuffixes(n)
    data = read_columns(lambda cols: c_rows.batches(cols, CLAIM_CATEGORIES + ["article_id"]), builders)
    data["article_row"] = data.pop("article_id")
    suffix = data.pop("claim_id")
    del a
    # copy=False: each column keeps its own array (no consolidation copy of ~80 MB).
    claims = pd.DataFrame(data, copy=False)
    del data
    replaced = _replaced_rows(claims, articles, overlay, stored_claims)
    if (drop_orphans and len(claims) and (claims["article_row"].to_numpy() < 0).any()) or replaced is not None:
        # Claims the store does not show (their article's commit never came), and stored claims a
        # correction replaced: rare, so a copy is fine.
        kept = np.flatnonzero((claims["article_row"].to_numpy() >= 0) if drop_orphans else
                              np.ones(len(claims), dtype=bool) if replaced is None else ~replaced)
        if replaced is not None and drop_orphans:
            kept = np.setdiff1d(kept, np.flatnonzero(replaced))
        claims = claims.iloc[kept].reset_index(drop=True)
        c_rows.keep(kept)
        suffix = suffix.take(kept) if suffix is not None else None
    if suffix is not None and len(claims) and (claims["article_row"].to_numpy() < 0).any():
        suffix = None  # a claim without its article: its id cannot be rebuilt
    release_memory()  # the batches' buffers, before sorting adds its own
    claims["story"] = assign_stories(claims, story_of_articles(articles, claims))
    release_memory()
    patched = tuple(overlay.articles.column("article_id").to_pylist()) if overlay is not None else ()
    corpus = Corpus(articles, claims, a_rows, c_rows, version, _outlets(articles), precompute(claims), article_ids,
                    suffix, patched)
    release_memory()  # the load's buffers, freed, go back to the system
    return corpus


def _replaced_rows(claims: pd.DataFrame, articles: pd.DataFrame, overlay: Overlay | None,
                   stored_claims: int) -> np.ndarray | None:
    """A mask of the stored claim rows whose article's claims the overlay replaces (None: none)."""
    if overlay is None or not len(overlay.replaced) or not len(claims):
        return None
    rows = index_of(pa.array(articles["article_id"].astype(object).tolist(), pa.string()),
                    overlay.replaced.to_pylist())
    mask = np.isin(claims["article_row"].to_numpy(), rows[rows >= 0])
    mask[stored_claims:] = False
    return mask


def patch_articles(articles: pd.DataFrame, overlay: Overlay | None) -> pd.DataFrame:
    """The compact articles with the overlay's changed columns set (outlet and date corrected,
    dates inferred from stories) and its story columns added (story_id, story_rule, published_basis)."""
    n = len(articles)
    for c in STORY_READ_COLUMNS:
        articles[c] = pd.Categorical([None] * n) if n else pd.Categorical([])
    if overlay is None or not overlay.articles.num_rows or not n:
        return articles
    patch = overlay.articles.to_pandas()
    rows = index_of(pa.array(articles["article_id"].astype(object).tolist(), pa.string()),
                    patch["article_id"].tolist())
    found = rows >= 0
    patch, rows = patch[found], rows[found]
    for c in [c for c in ARTICLE_PATCH_COLUMNS if c in articles.columns]:
        values = patch[c].to_numpy()
        col = articles[c]
        if isinstance(col.dtype, pd.CategoricalDtype):
            new = [v for v in pd.unique(values) if isinstance(v, str) and v not in col.cat.categories]
            col = col.cat.add_categories(new) if new else col
            codes = col.cat.codes.to_numpy().copy()
            codes[rows] = [col.cat.categories.get_loc(v) if isinstance(v, str) else -1 for v in values]
            articles[c] = pd.Categorical.from_codes(codes, categories=col.cat.categories)
        else:
            arr = col.to_numpy().copy()
            arr[rows] = pd.to_datetime(values).to_numpy(dtype=arr.dtype) if c == "published" else values
            articles[c] = arr
    return articles


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
