"""Ramadan's days in any year: the observed dates calendar.json lists, else the Umm al-Qura calendar.

News dates periods by Ramadan ("خلال شهر رمضان"، "رمضان 1442"). The month's first and last
day are announced each year (a sighting); calendar.json's `ramadan.days` holds the dates the
region's outlets reported. For a year it does not list, `hijridate`'s Umm al-Qura calendar
(Saudi Arabia's official one, 1343–1500 AH) gives them: it agrees with the observed table on
8 of its 9 years (2018 began a day later than calculated), so a new year needs no new row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Mapping

from hijridate import Gregorian, Hijri

__all__ = ["RamadanDays", "RamadanCalendar"]

RamadanDays = tuple[int, date, date]  # (Hijri year, first day, last day)
RAMADAN, SHAWWAL = 9, 10


def _umm_al_qura(hijri_year: int) -> RamadanDays | None:
    """Ramadan of `hijri_year` by the Umm al-Qura calendar; None outside its range."""
    try:
        first = Hijri(hijri_year, RAMADAN, 1).to_gregorian()
        after = Hijri(hijri_year, SHAWWAL, 1).to_gregorian()
    except (OverflowError, ValueError):
        return None
    first, last = date(first.year, first.month, first.day), date(after.year, after.month, after.day) - timedelta(days=1)
    # (at the calendar's first year its table is not a lunar month: 1343's Ramadan has 28 days)
    return (hijri_year, first, last) if (last - first).days + 1 in (29, 30) else None


@dataclass(frozen=True)
class RamadanCalendar:
    """Ramadan by Gregorian or Hijri year: `observed` (Gregorian year -> days) first, then Umm al-Qura."""

    observed: Mapping[int, RamadanDays] = field(default_factory=dict)

    def of_hijri(self, hijri_year: int) -> RamadanDays | None:
        """Ramadan of a Hijri year ("رمضان 1442")."""
        listed = next((row for row in self.observed.values() if row[0] == hijri_year), None)
        return listed or _umm_al_qura(hijri_year)

    def of_year(self, year: int) -> RamadanDays | None:
        """The Ramadan of Gregorian `year` ("رمضان 2021"): the one with most of its days in it (every
        ~33 years two begin in one year: 2030's is the January one, Dec 2030 – Jan 2031 is 2031's)."""
        if year in self.observed:
            return self.observed[year]
        try:
            hijri_year = Gregorian(year, 1, 1).to_hijri().year
        except (OverflowError, ValueError):
            return None
        rows = [row for h in (hijri_year - 1, hijri_year, hijri_year + 1) if (row := _umm_al_qura(h))]
        days_in = {row: (min(row[2], date(year, 12, 31)) - max(row[1], date(year, 1, 1))).days + 1 for row in rows}
        best = max(days_in, key=days_in.get, default=None)
        return best if best is not None and days_in[best] > 0 else None
