"""What outlets reported, side by side: every outlet's figures, and where outlets disagree.

A figure is compared only with figures of the same quantity
(`lib.dashboard.figures.quantity_keys`: troops of the same side and time in the
same month, attacks over the same period, ...), using the "quantity" sort
order computed at load (`lib.dashboard.orders`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib.dashboard.compact import DAY_NS, NAT, day_numbers, ns, take, values
from lib.dashboard.figures import bounds_of, figure_rows, mark_of
from lib.dashboard.filters import isin
from lib.dashboard.orders import newest, precompute, runs

__all__ = ["outlet_figures", "disagreements"]

def _quantity_labels(df: pd.DataFrame) -> pd.Series:
    """A readable, language-neutral name for each row's quantity (few rows: the ones shown)."""
    kind = df["kind"].astype("object").fillna("")
    actor = df["actor"].astype("object").fillna("")
    when = df["when"].astype("object").fillna("")
    status = df["status"].astype("object").fillna("")
    month = df["published"].dt.strftime("%Y-%m").fillna("?")
    ps = df["period_start"].dt.strftime("%Y-%m-%d").fillna("?")
    pe = df["period_end"].dt.strftime("%Y-%m-%d").fillna("?")
    label = kind + " " + actor
    label = label.where(kind != "troops", "troops " + actor + " " + when + " @" + month)
    label = label.where(~kind.isin(["attacks", "strikes"]), kind + " " + actor + " " + ps + ".." + pe)
    label = label.where(kind != "base_status", "bases " + status + " @" + month)
    return label.str.replace(r"\s+", " ", regex=True).str.strip()


_FIGURE_COLUMNS = ["source_id", "published", "kind", "value", "low", "high", "qualifier", "when", "actor", "status",
                   "period_start", "period_end", "of_total", "story"]


def outlet_figures(claims: pd.DataFrame, mask: np.ndarray, n: int = 5000) -> pd.DataFrame:
    """The figures outlets reported (numeric claims), the newest `n`, newest first, with their quantity."""
    rows = figure_rows(claims, mask)
    rows = newest(rows, day_numbers(claims["published"], rows), n)[::-1]
    df = take(claims, rows, _FIGURE_COLUMNS)
    df["quantity"] = _quantity_labels(df).to_numpy() if len(df) else pd.Series(dtype="object")
    return df


def disagreements(claims: pd.DataFrame, mask: np.ndarray, approx_tolerance: float = 0.1,
                  max_quantities: int = 40, orders: dict | None = None, per_outlet: int = 3) -> pd.DataFrame:
    """Quantities reported by two or more outlets, each outlet's figures, and whether they conflict.

    One row per (quantity, outlet, figure) with `y`, `y_lo`, `y_hi` and
    `disagree` (True for every row of a quantity whose outlets' ranges do not
    all overlap; "about 2000" is taken as 2000 +/- `approx_tolerance`).
    Quantities in conflict come first, then the most widely reported, then
    the most recent; at most `max_quantities`.
    """
    pre = orders or precompute(claims)
    keep = mask[pre["quantity"]]
    # A count with no period measures nothing comparable: "150 attacks" over unknown periods
    # are not the same quantity, whatever two outlets say.
    keep &= ~(isin(claims["kind"], ["attacks", "strikes"], pre["quantity"])
              & (day_numbers(claims["period_start"], pre["quantity"]) == NAT))
    rows = pre["quantity"][keep]  # by quantity, outlet, publication
    qkey = pre["quantity_key"][keep]
    del keep
    cols = _FIGURE_COLUMNS
    empty = take(claims, [], cols).assign(quantity=pd.Series(dtype="object"), y=[], y_lo=[], y_hi=[],
                                          disagree=pd.Series(dtype=bool), n_outlets=pd.Series(dtype="int64"))
    if not len(rows):
        return empty
    src = claims["source_id"].cat.codes.to_numpy()[rows]
    q_start = runs(qkey)
    new_q = np.zeros(len(rows), dtype=bool)
    new_q[q_start] = True
    pair = new_q.copy()
    pair[1:] |= src[1:] != src[:-1]
    del src
    n_out = np.add.reduceat(pair, q_start, dtype=np.int64)
    del pair
    shared = n_out >= 2
    if not shared.any():
        return empty
    # Over every filtered figure: float32 as stored while choosing bounds (a choice, no
    # arithmetic), float64 for the tolerance, one temporary at a time.
    value, low, high = (values(claims[c], rows) for c in ("value", "low", "high"))
    qual = claims["qualifier"]
    lo, hi = bounds_of(value, low, high, isin(qual, ["less_than"], rows),
                       isin(qual, ["more_than", "at_least"], rows))
    del low, high
    approx = isin(qual, ["approx"], rows)
    cmp = lo.astype(np.float64)
    cmp[approx] *= 1 - approx_tolerance
    cmp[np.isnan(cmp)] = -np.inf
    max_lo = np.fmax.reduceat(cmp, q_start)
    cmp = hi.astype(np.float64)
    cmp[approx] *= 1 + approx_tolerance
    cmp[np.isnan(cmp)] = np.inf
    min_hi = np.fmin.reduceat(cmp, q_start)
    del cmp, approx
    # Figure rows are dated: the newest report per quantity, as a day number.
    last = np.maximum.reduceat(ns(claims["published"], rows), q_start) // DAY_NS
    disagree = max_lo > min_hi  # ranges overlap iff max(lo) <= min(hi)
    cand = np.flatnonzero(shared)
    rank = np.lexsort((-last[cand], -n_out[cand], -disagree[cand].astype(np.int64)))
    top = cand[rank][:max_quantities]
    q_of_row = np.cumsum(new_q, dtype=np.int32) - 1
    del new_q
    order_of_q = np.full(len(q_start), -1)
    order_of_q[top] = np.arange(len(top))
    chosen = np.flatnonzero(order_of_q[q_of_row] >= 0)
    figs = take(claims, rows[chosen], cols)
    qi = q_of_row[chosen]
    lo, hi = lo[chosen].astype(np.float64), hi[chosen].astype(np.float64)
    figs["y"], figs["y_lo"], figs["y_hi"] = mark_of(value[chosen].astype(np.float64), lo, hi), lo, hi
    figs["disagree"] = disagree[qi]
    figs["n_outlets"] = n_out[qi]
    figs["_order"], figs["_q"] = order_of_q[qi], qkey[chosen]
    figs["source_id"] = figs["source_id"].astype("object")
    # One row per (quantity, outlet, figure): repeated identical reports add nothing here.
    figs = figs.sort_values(["_order", "published"], kind="stable").drop_duplicates(
        ["_q", "source_id", "y", "y_lo", "y_hi", "qualifier"])
    # At most a few distinct figures per outlet and quantity (its latest ones): enough to see a conflict.
    figs = figs.groupby(["_q", "source_id"], sort=False).tail(per_outlet)
    # Name each quantity after its first report, so all its rows share one label.
    first = figs.drop_duplicates("_q")
    names = pd.Series(_quantity_labels(first).to_numpy(), index=first["_q"].to_numpy())
    figs["quantity"] = names.reindex(figs["_q"].to_numpy()).to_numpy()
    return figs.drop(columns=["_order", "_q"])
