"""A compact set of article ids, for de-duplicating a corpus of millions.

An article id is 16 hex digits (8 bytes of a hash, `lib.ingest.pipeline.article_id_for`),
so the set keeps them as unsigned 64-bit integers in a sorted numpy array: 8 bytes an
id, where a Python set of strings takes ~100. New ids wait in a small Python set and
are merged into the array in bulk. An id of any other shape (a hand-made table) is
kept as a string in a plain set, so nothing is ever wrongly called a duplicate.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_MERGE_EVERY = 16_384  # pending ids merged into the sorted array at a time
# Lower-case only: "ABC…" and "abc…" are different ids, and int() would also take "0x…" or "_".
_HEX_ID = "[0-9a-f]{16}"
_is_hex_id = re.compile(_HEX_ID).fullmatch


def _as_int(article_id: str) -> int | None:
    return int(article_id, 16) if _is_hex_id(article_id) else None


def _merged(known: np.ndarray, new: np.ndarray) -> np.ndarray:
    """`known` (sorted, unique) with `new` inserted: one allocation of the result, where
    np.union1d would sort a concatenated copy (three arrays the size of the corpus)."""
    new = np.unique(new)
    at = np.searchsorted(known, new)
    if len(known):
        present = (at < len(known)) & (known[np.minimum(at, len(known) - 1)] == new)
    else:
        present = np.zeros(len(new), bool)
    return np.insert(known, at[~present], new[~present])


class IdSet:
    """Set of article ids: `in`, `len`, `add`, `update`, `update_arrow`."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self._sorted = np.empty(0, dtype=np.uint64)
        self._pending: set[int] = set()
        self._other: set[str] = set()
        self.update(ids)

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str):
            return False
        n = _as_int(article_id)
        if n is None:
            return article_id in self._other
        if n in self._pending:
            return True
        i = int(np.searchsorted(self._sorted, np.uint64(n)))
        return i < len(self._sorted) and int(self._sorted[i]) == n

    def __len__(self) -> int:
        self._merge()
        return len(self._sorted) + len(self._other)

    def add(self, article_id: str) -> None:
        n = _as_int(article_id)
        if n is None:
            self._other.add(article_id)
            return
        self._pending.add(n)
        if len(self._pending) >= _MERGE_EVERY:
            self._merge()

    def update(self, ids: Iterable[str]) -> None:
        for article_id in ids:
            self.add(article_id)

    def update_arrow(self, ids: pa.Array | pa.ChunkedArray) -> None:
        """Add a column of ids read from the store, in bulk (no Python string per id)."""
        ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
        ids = ids.drop_null().cast(pa.string())
        if not len(ids):
            return
        hexlike = pc.match_substring_regex(ids, f"^{_HEX_ID}$")
        good = ids.filter(hexlike)
        if len(good):
            raw = bytes.fromhex("".join(good.to_numpy(zero_copy_only=False)))
            self._sorted = _merged(self._sorted, np.frombuffer(raw, dtype=">u8").astype(np.uint64))
        if len(good) < len(ids):
            self._other.update(ids.filter(pc.invert(hexlike)).to_pylist())

    def as_array(self) -> np.ndarray:
        """The hex ids as a sorted uint64 array (for shipping to Dask workers)."""
        self._merge()
        return self._sorted

    @classmethod
    def from_parts(cls, ints: np.ndarray, other: Iterable[str] = ()) -> IdSet:
        out = cls()
        out._sorted = np.unique(np.asarray(ints, dtype=np.uint64))
        out._other = set(other)
        return out

    def other(self) -> set[str]:
        return set(self._other)

    def _merge(self) -> None:
        if self._pending:
            new = np.fromiter(self._pending, dtype=np.uint64, count=len(self._pending))
            self._sorted = _merged(self._sorted, new)
            self._pending.clear()
