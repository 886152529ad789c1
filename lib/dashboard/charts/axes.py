"""Axes fitted to the data: date axes whose ticks suit the span, count axes with whole-number ticks.

Left to itself plotly fits a date axis to everything a chart holds (padding,
bar widths, error bars) and picks ticks down to the millisecond when there is
little data ("23:59:59.9995"), or an axis of 2018-2027 for data of 2020-2025.
Here the range is the data's own span with a small margin, never narrower than
a minimum (a single article is a narrow bar in a year, not a block filling the
plot), and the ticks are chosen from whole days, weeks, months and years so
that at most `settings.CHART_MAX_DATE_TICKS` show, labelled at the precision
of the step. Count axes (articles, attacks, casualties) tick on whole numbers.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from lib import settings

__all__ = ["date_span", "date_axis", "count_axis"]

_DAY_MS = 86_400_000
_MONTH_DAYS = 365.25 / 12
# Tick steps, finest first: (how many, unit); D = days, M = months.
_STEPS = [(1, "D"), (2, "D"), (7, "D"), (14, "D"), (1, "M"), (2, "M"), (3, "M"), (6, "M"), (12, "M"), (24, "M"),
          (60, "M"), (120, "M")]
_TICK0 = {"D": "2000-01-01", "W": "2000-01-03", "M": "2000-01-01"}  # 2000-01-03 is a Monday


def date_span(*columns: Iterable) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The earliest and latest date of the given columns (any of dates, strings, NaT), or None."""
    values = [pd.to_datetime(pd.Series(np.asarray(c, dtype=object).ravel()), errors="coerce") for c in columns]
    days = pd.concat(values, ignore_index=True).dropna() if values else pd.Series(dtype="datetime64[ns]")
    return (days.min(), days.max()) if len(days) else None


def _tick_step(span_days: float) -> tuple[int, str]:
    """The finest step that puts at most CHART_MAX_DATE_TICKS ticks on the span."""
    for n, unit in _STEPS:
        step_days = n if unit == "D" else n * _MONTH_DAYS
        if span_days / step_days <= settings.CHART_MAX_DATE_TICKS:
            return n, unit
    return _STEPS[-1]


def date_axis(title: str, span: tuple[pd.Timestamp, pd.Timestamp] | None, min_days: int | None = None) -> dict:
    """A date axis over `span` (from `date_span`): its range with a margin, at least `min_days`
    wide (default `settings.CHART_MIN_SPAN_DAYS`), and ticks on whole days, months or years.

    ISO labels (2025-05, 2025-05-27) read the same in English and Arabic (plotly's month
    names would be English whatever the UI language)."""
    axis: dict = {"title": {"text": title}, "type": "date"}
    if span is None:
        return axis
    lo, hi = pd.Timestamp(span[0]), pd.Timestamp(span[1])
    min_days = settings.CHART_MIN_SPAN_DAYS if min_days is None else min_days
    days = (hi - lo) / pd.Timedelta(days=1)
    margin = max(days * 0.04, 1.0)
    extra = max(min_days - (days + 2 * margin), 0.0) / 2  # widen a short span evenly on both sides
    lo = lo - pd.Timedelta(days=margin + extra)
    hi = hi + pd.Timedelta(days=margin + extra)
    n, unit = _tick_step((hi - lo) / pd.Timedelta(days=1))
    if unit == "D":
        axis.update(dtick=n * _DAY_MS, tick0=_TICK0["W" if n in (7, 14) else "D"], tickformat="%Y-%m-%d")
    else:
        axis.update(dtick=f"M{n}", tick0=_TICK0["M"], tickformat="%Y" if n >= 12 else "%Y-%m")
    axis["range"] = [lo.strftime("%Y-%m-%d %H:%M"), hi.strftime("%Y-%m-%d %H:%M")]
    return axis


def count_axis(title: str, largest: float | None, **extra) -> dict:
    """A value axis of counts from zero: a tick on every whole number when the largest value is
    small (plotly would tick 0.5 articles), integer labels otherwise."""
    axis: dict = {"title": {"text": title}, "rangemode": "tozero", **extra}
    if largest is None or not np.isfinite(largest) or largest <= settings.COUNT_AXIS_UNIT_TICKS_MAX:
        axis.update(tick0=0, dtick=1)
    else:
        axis["tickformat"] = ",d"
    return axis
