"""Claim and article columns built from Arrow record batches straight into their compact form.

Loading reads the store's files batch by batch (tens of thousands of rows at a
time); each column's builder puts every batch into the column's final array,
so a load never holds a whole column in its Parquet/Arrow form. The forms are
those `lib.dashboard.compact` reads.
"""
from __future__ import annotations

from typing import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["Batches", "Categories", "Plain", "Values", "Sparse", "Flags", "ArticleRows", "Strings", "ClaimSuffixes",
           "read_columns"]

# A table's reader: the names of the columns wanted -> their record batches, in row order.
Batches = Callable[[list[str]], Iterable[pa.RecordBatch]]


class Categories:
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
        self.codes[start:start + len(arr)] = lut[_indices(arr.indices, len(lut) - 1)]

    def finish(self) -> pd.Categorical:
        return pd.Categorical.from_codes(self.codes, categories=pd.Index(list(self.index), dtype="str"))


class Plain:
    """A float32 or datetime64[ns] column as a plain array (null: NaN or NaT)."""

    def __init__(self, n: int, dtype: str):
        dates = np.dtype(dtype).kind == "M"
        self.values = np.full(n, np.datetime64("NaT") if dates else np.nan, dtype=dtype)
        self.arrow_type = pa.timestamp("ns") if dates else pa.float32()

    def add(self, start: int, arr: pa.Array) -> None:
        self.values[start:start + len(arr)] = arr.cast(self.arrow_type).to_numpy(zero_copy_only=False)

    def finish(self) -> np.ndarray:
        return self.values


_MAX_VALUE_CATEGORIES = np.iinfo(np.int16).max  # more distinct values than this: a plain array


class Values:
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

    def finish(self) -> pd.Categorical | np.ndarray:
        if self.plain is not None:
            return self.plain
        cats = self._categories()
        order = np.argsort(cats, kind="stable")
        remap = np.full(len(cats) + 1, -1, dtype=np.int16)  # code -1 reads the last entry, -1
        remap[order] = np.arange(len(cats))
        return pd.Categorical.from_codes(remap[self.codes], categories=pd.Index(cats[order]))


class Sparse:
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


class Flags:
    """A boolean column (null: False)."""

    def __init__(self, n: int):
        self.values = np.zeros(n, dtype=bool)

    def add(self, start: int, arr: pa.Array) -> None:
        self.values[start:start + len(arr)] = pc.fill_null(arr, False).to_numpy(zero_copy_only=False)

    def finish(self) -> np.ndarray:
        return self.values


class ArticleRows:
    """Each claim's row in the articles table (-1 if missing), from its article_id.

    The ids are hashed once (a pandas index), and each batch's distinct ids are looked
    up (a file's claims name a few thousand articles: its dictionary, when read so)."""

    def __init__(self, n: int, article_ids: pa.Array):
        self.values = np.full(n, -1, dtype=np.int32)
        self.index = pd.Index(article_ids.to_numpy(zero_copy_only=False), dtype=object)

    def add(self, start: int, arr: pa.Array) -> None:
        if not pa.types.is_dictionary(arr.type):
            arr = pc.dictionary_encode(arr)
        lut = np.append(self.index.get_indexer(arr.dictionary.to_numpy(zero_copy_only=False)), -1)
        self.values[start:start + len(arr)] = lut[_indices(arr.indices, len(lut) - 1)]

    def finish(self) -> np.ndarray:
        self.index = None  # the hash table goes with the load
        return self.values


class Strings:
    """A string column kept as Arrow (article ids, to resolve claims' article rows)."""

    def __init__(self, n: int):
        self.chunks: list[pa.Array] = []

    def add(self, start: int, arr: pa.Array) -> None:
        self.chunks.append(arr.dictionary_decode() if pa.types.is_dictionary(arr.type) else arr)

    def finish(self) -> pa.Array:
        return pa.concat_arrays(self.chunks) if self.chunks else pa.array([], type=pa.large_string())


class ClaimSuffixes:
    """Claim ids as their article's id and a short suffix ("<article_id>-<n>", as ingest numbers
    them): the suffixes as a categorical, so that ids are rebuilt for the rows shown instead of
    being read from the store. `finish()` gives None as soon as one id is not of that form.
    Reads the batch's `article_id` column too."""

    with_batch = True

    def __init__(self, n: int):
        self.suffixes: Categories | None = Categories(n)

    def add(self, start: int, arr: pa.Array, batch: pa.RecordBatch) -> None:
        if self.suffixes is None or "article_id" not in batch.schema.names:
            self.suffixes = None
            return
        # Bytes, not characters: the ids are ASCII, and byte slices need no UTF-8 decoding.
        aid = batch.column("article_id")
        aid = (aid.dictionary_decode() if pa.types.is_dictionary(aid.type) else aid).cast(pa.binary())
        cid = arr.cast(pa.binary())
        lengths = pc.min_max(pc.binary_length(aid)).as_py()
        width = lengths["min"]
        if width is None or width != lengths["max"] or cid.null_count or aid.null_count:
            self.suffixes = None
            return
        same = pc.and_(pc.equal(pc.binary_slice(cid, 0, width), aid),
                       pc.equal(pc.binary_slice(cid, width, width + 1), b"-"))
        if not pc.all(same).as_py():
            self.suffixes = None
            return
        self.suffixes.add(start, pc.binary_slice(cid, width + 1, 1 << 16).cast(pa.string()))

    def finish(self) -> pd.Categorical | None:
        return self.suffixes.finish() if self.suffixes is not None else None


def _indices(indices: pa.Array, missing: int) -> np.ndarray:
    """A dictionary array's indices as NumPy, `missing` where null (read off Arrow's buffers:
    a compute call per batch and column costs more than the work)."""
    n, offset = len(indices), indices.offset
    values = np.frombuffer(indices.buffers()[1], dtype=indices.type.to_pandas_dtype(), count=offset + n)[offset:]
    if not indices.null_count:
        return values
    valid = np.unpackbits(np.frombuffer(indices.buffers()[0], dtype=np.uint8), count=offset + n,
                          bitorder="little")[offset:].view(bool)
    return np.where(valid, values, missing)


def read_columns(batches: Batches, builders: dict) -> dict:
    """Fill each column's builder from `batches(columns)` and return the finished columns.

    A column missing from the table keeps the builder's empty value (NaN, NaT,
    missing category, False)."""
    start = 0
    for batch in batches(list(builders)):
        for name in batch.schema.names:
            builder = builders.get(name)
            if builder is None:  # read for another column's builder
                continue
            if getattr(builder, "with_batch", False):
                builder.add(start, batch.column(name), batch)
            else:
                builder.add(start, batch.column(name))
        start += batch.num_rows
    return {name: b.finish() for name, b in builders.items()}
