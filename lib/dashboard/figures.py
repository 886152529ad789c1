"""What a reported figure means: the range it allows, where its marker goes, what quantity it measures.

Figures keep their uncertainty: `bounds_of` gives what a claim allows ("less than
1000" is 0..1000, "dozens" 24..99, "more than 500" is open upwards), never a
made-up point value. Two figures can be compared when `quantity_keys` says
they measure the same thing.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib.dashboard.compact import day_numbers
from lib.dashboard.filters import isin

__all__ = ["add_marks", "bounds_of", "mark_of", "FIGURE_KINDS", "figure_rows", "quantity_keys"]

FIGURE_KINDS = ["troops", "attacks", "strikes", "base_status"]  # the kinds outlets report figures for


def add_marks(df: pd.DataFrame) -> None:
    """Set `y` (where each figure's marker goes) and `y_lo`..`y_hi` (the range it allows) on `df`."""
    lo, hi = bounds_of(df["value"].to_numpy(dtype=float), df["low"].to_numpy(dtype=float),
                       df["high"].to_numpy(dtype=float), isin(df["qualifier"], ["less_than"]),
                       isin(df["qualifier"], ["more_than", "at_least"]))
    df["y"], df["y_lo"], df["y_hi"] = mark_of(df["value"].to_numpy(dtype=float), lo, hi), lo, hi


def bounds_of(value: np.ndarray, low: np.ndarray, high: np.ndarray, less: np.ndarray,
              more: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lowest, highest) value each figure allows; NaN where it sets no bound ("more than X").

    `less`/`more` mark "less than" and "more than"/"at least" qualifiers."""
    lo = np.where(np.isnan(low), value, low)
    hi = np.where(np.isnan(high), value, high)
    lo = np.where(less & np.isnan(low), 0.0, lo)  # "less than 1000" is anything up to 1000
    hi = np.where(more & np.isnan(high), np.nan, hi)  # open upwards
    return lo, hi


def mark_of(value: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Where each figure's marker goes: its value, else the middle of its range, else its bound."""
    mid = np.where(np.isnan(hi), lo, (lo + hi) / 2)
    return np.where(np.isnan(value), mid, value)


def figure_rows(claims: pd.DataFrame, mask: np.ndarray) -> np.ndarray:
    """Dated numeric claims (a figure or a range) of the kinds outlets report figures for."""
    m = mask & isin(claims["kind"], FIGURE_KINDS) & claims["published"].notna().to_numpy() & (
        claims["value"].notna().to_numpy() | claims["high"].notna().to_numpy() | claims["low"].notna().to_numpy())
    return np.flatnonzero(m)


def quantity_keys(claims: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """An int64 per row naming what the figure measures, so that figures can be compared.

    Troops: who and when (past/current/planned) in the month of the report
    (the figure of May 2025 is not that of March 2020). Attacks and strikes:
    who, and the exact period. Base counts: status and month of the report.
    """
    # Built in place: this runs over every figure claim at load.
    key = np.zeros(len(rows), dtype=np.int64)
    for col in ("kind", "actor", "when", "status"):
        c = claims[col]
        key *= len(c.cat.categories) + 1
        key += c.cat.codes.to_numpy()[rows]
        key += 1
    periodic = isin(claims["kind"], ["attacks", "strikes"], rows)
    when = day_numbers(claims["published"], rows, "M")  # the report's month, or the period's first day
    np.copyto(when, day_numbers(claims["period_start"], rows).clip(-1, 2 ** 20), where=periodic)
    key *= 2 ** 21
    key += when
    del when
    key += 1
    end = day_numbers(claims["period_end"], rows).clip(-1, 2 ** 20)  # the period's last day, or nothing
    end[~periodic] = 0
    key *= 2 ** 21
    key += end
    key += 1
    return key
