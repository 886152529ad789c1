"""How the corpus holds claim columns compactly, and how whole-table code reads them.

A page rerun filters and aggregates the whole claims table, so the columns it
touches are held small (see `lib.dashboard.corpus`): strings as categorical
codes; figures, coordinates and days, which take few distinct values, as
categoricals too (int8/int16 codes into sorted categories); the columns of one
kind of claim only (casualties, base counts) as sparse arrays.

Whole-table code reads such columns through `values()`, `ns()` and
`day_numbers()`, which look codes up instead of expanding the column; `dense()`
and `take()` turn the few rows a page shows back into plain float32 and
datetime64 columns. The same functions work on plain columns.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

__all__ = ["values", "ns", "day_numbers", "sort_key", "dense", "take", "NAT", "DAY_NS"]

NAT = np.iinfo(np.int64).min  # a missing date, as `ns()` and `day_numbers()` give it
DAY_NS = 86_400_000_000_000


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


def take(claims: pd.DataFrame, rows: Sequence[int] | np.ndarray, columns: Sequence[str]) -> pd.DataFrame:
    """`columns` of the given claim rows, plain (see `dense`), indexed by claim row.

    Selecting the columns first matters: `claims.iloc[rows]` would copy all
    of the table's columns for those rows before dropping most of them.
    """
    return dense(claims[list(columns)].iloc[rows])
