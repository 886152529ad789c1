"""Ramadan's days for any year: calendar.json's observed dates first, then the Umm al-Qura calendar."""
from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, strategies as st

from lib.text.hijri import RamadanCalendar

from conftest import ROOT

OBSERVED = {int(y): (row["hijri"], date.fromisoformat(row["first"]), date.fromisoformat(row["last"]))
            for y, row in json.loads((ROOT / "data" / "reference" / "calendar.json").read_text(encoding="utf-8"))
            ["ramadan"]["days"].items()}
CALCULATED = RamadanCalendar()  # Umm al-Qura only


def test_the_observed_table_wins_over_the_calculation():
    listed = RamadanCalendar(OBSERVED)
    assert listed.of_year(2018) == (1439, date(2018, 5, 17), date(2018, 6, 14))  # sighted a day late
    assert CALCULATED.of_year(2018) == (1439, date(2018, 5, 16), date(2018, 6, 14))
    assert listed.of_hijri(1439) == OBSERVED[2018]


def test_umm_al_qura_agrees_with_the_observed_days_of_most_years():
    agree = [y for y, row in OBSERVED.items() if CALCULATED.of_year(y) == row]
    assert len(agree) >= len(OBSERVED) - 1, sorted(set(OBSERVED) - set(agree))


def test_years_past_the_table_have_a_ramadan():
    assert CALCULATED.of_year(2027) == (1448, date(2027, 2, 8), date(2027, 3, 8))
    assert CALCULATED.of_hijri(1460) is not None and CALCULATED.of_hijri(1460)[1].year == 2038


def test_a_year_where_two_ramadans_begin_keeps_the_one_inside_it():
    # 1451 (5 Jan - 3 Feb 2030) and 1452 (from 26 Dec 2030, mostly in 2031) both begin in 2030
    assert CALCULATED.of_year(2030)[0] == 1451
    assert CALCULATED.of_year(2031)[0] == 1452


def test_outside_the_calendars_range_there_is_none():
    assert CALCULATED.of_year(1800) is None and CALCULATED.of_year(2200) is None
    assert CALCULATED.of_hijri(1200) is None and CALCULATED.of_hijri(1600) is None


@given(st.integers(min_value=1926, max_value=2076))
def test_every_year_has_one_ramadan_of_29_or_30_days_mostly_in_it(year):
    hijri_year, first, last = CALCULATED.of_year(year)
    assert (last - first).days + 1 in (29, 30)
    inside = (min(last, date(year, 12, 31)) - max(first, date(year, 1, 1))).days + 1
    assert inside >= 15
    assert CALCULATED.of_hijri(hijri_year) == (hijri_year, first, last)
    assert CALCULATED.of_hijri(hijri_year + 1)[1] - last > timedelta(days=300)  # the next one is a year on
