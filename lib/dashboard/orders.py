"""Sort orders computed once per table, the keys they sort on, and reading sorted rows.

Queries run after every filter change over a million claims; none of them
sorts the table. `precompute` orders the claims once (by story, by place, by
quantity), and filtering an ordered index (`order[mask[order]]`) keeps it
ordered, so each query is a linear scan. `runs` and `newest` read such
orders.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib.dashboard.compact import NAT, day_numbers, ns, sort_key
from lib.dashboard.figures import figure_rows, quantity_keys
from lib.dashboard.filters import isin

__all__ = ["precompute", "event_days", "pub_ns", "runs", "newest"]


def precompute(claims: pd.DataFrame) -> dict[str, np.ndarray]:
    """The sort orders of `claims` (which needs its `story` column), by name:

    - "story": all claims by (story, outlet, publication time);
    - "bases": base claims at a known place by (place, event day, publication);
    - "quantity"/"quantity_key": figure claims by (quantity, outlet, publication), and their keys.
    """
    src = claims["source_id"].cat.codes.to_numpy()
    # An undated claim is a story of its own and never a figure row, so where NaT sorts does
    # not matter in those two orders.
    pub = sort_key(claims["published"])
    story = claims["story"].to_numpy()
    out = {"story": np.lexsort((pub, src, story)).astype(np.int32)}
    base = np.flatnonzero(isin(claims["kind"], ["base_status"]) & claims["place_id"].notna().to_numpy()
                          & claims["lat"].notna().to_numpy())
    day = event_days(claims, base)
    place = claims["place_id"].cat.codes.to_numpy()[base]
    out["bases"] = base[np.lexsort((pub_ns(claims, base), day, place))].astype(np.int32)
    del base, day, place
    fig_rows = figure_rows(claims, np.ones(len(claims), dtype=bool))
    qkey = quantity_keys(claims, fig_rows)
    order = np.lexsort((pub[fig_rows], src[fig_rows], qkey))
    out["quantity"] = fig_rows[order].astype(np.int32)
    # The keys only need to tell quantities apart: number them densely (int32, half the memory).
    qkey = qkey[order]
    out["quantity_key"] = np.cumsum(np.r_[True, qkey[1:] != qkey[:-1]], dtype=np.int32) - 1 if len(qkey) \
        else np.zeros(0, dtype=np.int32)
    return out



def event_days(claims: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Event day numbers of `rows`: the end of the period if known, else the publication day."""
    end = day_numbers(claims["period_end"], rows)
    return np.where(end == NAT, day_numbers(claims["published"], rows), end)



def pub_ns(claims: pd.DataFrame, rows: np.ndarray | None = None) -> np.ndarray:
    """Publication times (of `rows`, or all) as int64 ns; undated claims sort last."""
    pub = ns(claims["published"], rows)
    return np.where(pub == NAT, np.iinfo(np.int64).max, pub)



def runs(keys: np.ndarray) -> np.ndarray:
    """Start positions of the runs of equal values in a sorted array."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])



def newest(rows: np.ndarray, key: np.ndarray, n: int) -> np.ndarray:
    """The `n` rows with the largest `key`, in ascending key order (a partial sort)."""
    if len(rows) > n:
        part = np.argpartition(key, len(key) - n)[len(key) - n:]
        rows, key = rows[part], key[part]
    return rows[np.argsort(key, kind="stable")]
