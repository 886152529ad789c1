"""A date expression resolved to a closed interval (DateRef), and the calendar arithmetic the
date modules share. Kept apart from lib.text.dates so that the span rules (lib.text.date_periods)
and the finder can both use it without importing each other."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

__all__ = ["DateRef", "add_months", "month_end"]


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which
# makes it four times dearer to create, and one is made for every date expression.
@dataclass(slots=True, unsafe_hash=True)
class DateRef:
    """A date expression found in text, resolved to a closed interval."""

    start: int  # character offsets in the normalised text
    end: int
    period_start: date
    period_end: date
    precision: str  # day | week | month | year
    since: bool = False  # "since X": open-ended, runs up to the reference point
    text: str = ""


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
