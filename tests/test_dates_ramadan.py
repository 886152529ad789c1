"""Ramadan as a period: "خلال شهر رمضان"، "في رمضان 2021"، "رمضان الماضي"، "منذ بداية شهر رمضان"،
"رمضان 1442 هـ", resolved through the table of observed first/last days in calendar.json, and for a
year it does not list through the Umm al-Qura calendar (lib/text/hijri.py)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from lib.extract import extract_claims
from lib.text.dates import CALENDAR_FILE, find_dates
from lib.text.textnorm import normalize


def spans(text: str, pub: date | None) -> list[tuple[str, str, bool]]:
    return [(r.period_start.isoformat(), r.period_end.isoformat(), r.since) for r in find_dates(normalize(text), pub)]


def test_the_table_is_one_ramadan_a_year_of_29_or_30_days_in_its_hijri_year():
    days = json.loads(CALENDAR_FILE.read_text(encoding="utf-8"))["ramadan"]["days"]
    assert sorted(map(int, days)) == list(range(2018, 2027))
    hijri = [row["hijri"] for _, row in sorted(days.items())]
    assert hijri == list(range(1439, 1448))
    for year, row in days.items():
        first, last = date.fromisoformat(row["first"]), date.fromisoformat(row["last"])
        assert first.year == last.year == int(year)
        assert (last - first).days + 1 in (29, 30), year
    # 1444 AH as the Saudi Supreme Court announced it
    assert (days["2023"]["first"], days["2023"]["last"]) == ("2023-03-23", "2023-04-20")


@pytest.mark.parametrize("text,pub,expected", [
    # no year: the publication year's Ramadan once it has begun (SOHR's monthly wording)
    ("وثق المرصد السوري 23 هجوماً لخلايا التنظيم خلال شهر رمضان المبارك", date(2024, 4, 12),
     [("2024-03-11", "2024-04-09", False)]),
    # ... else the year before's (a report in January looks back at last spring)
    ("نفذ التنظيم عشرات العمليات في شهر رمضان", date(2024, 1, 15), [("2023-03-23", "2023-04-20", False)]),
    # a Gregorian year stated, with "من العام" between (Enab Baladi style)
    ("وخلال شهر رمضان من العام 2021 تبنى التنظيم 40 هجوماً", date(2024, 6, 1), [("2021-04-13", "2021-05-12", False)]),
    ("وفي رمضان 2022 صعّد التنظيم هجماته", None, [("2022-04-02", "2022-05-01", False)]),
    # a Hijri year picks that Ramadan (an ISIS al-Naba tally)
    ("حصاد غزوات رمضان 1442 هـ", None, [("2021-04-13", "2021-05-12", False)]),
    # "the last Ramadan": the last one ended before publication
    ("مقارنة برمضان الماضي", date(2025, 3, 10), [("2024-03-11", "2024-04-09", False)]),
    ("وهي حصيلة أعلى من رمضان الفائت", date(2025, 6, 2), [("2025-03-01", "2025-03-29", False)]),
    # since its start: its first day to publication
    ("ومنذ بداية شهر رمضان، شن التنظيم 12 هجوماً", date(2025, 3, 20), [("2025-03-01", "2025-03-20", True)]),
    ("منذ مطلع رمضان الجاري قتل 9 عناصر", date(2026, 3, 5), [("2026-02-18", "2026-03-05", True)]),
    # years the observed table does not list: the Umm al-Qura calendar
    ("خلال شهر رمضان 2015 شن التنظيم هجمات", date(2024, 4, 12), [("2015-06-18", "2015-07-16", False)]),
    ("في رمضان 1430 هـ", None, [("2009-08-22", "2009-09-19", False)]),
    ("خلال شهر رمضان", date(2030, 5, 1), [("2030-01-05", "2030-02-03", False)]),
])
def test_ramadan_in_several_outlets_phrasing(text, pub, expected):
    assert spans(text, pub) == expected


@pytest.mark.parametrize("text,pub", [
    ("قال رمضان الأحمد، وهو قيادي محلي، إن الهجوم", date(2024, 4, 12)),  # a person's name
    ("بث التلفزيون مسلسل رمضان الجديد", date(2024, 4, 12)),  # a TV series, no word of time
    ("خلال شهر رمضان", None),  # an undated article with no year stated
    ("خلال شهر رمضان 2090", date(2024, 4, 12)),  # a year past the Umm al-Qura calendar (1500 AH)
])
def test_no_ramadan_period(text, pub):
    assert spans(text, pub) == []


def test_since_ramadan_after_the_report_is_no_span():
    # "منذ بداية رمضان 2026" in a report of January 2026: not yet begun
    assert spans("منذ بداية رمضان 2026", date(2026, 1, 10)) == []


def test_a_date_given_for_ramadan_stands_for_it():
    # the day the verb gives is the span's start, not a second span from the Ramadan table
    text = "ومنذ بداية شهر رمضان الذي صادف 11 آذار 2024، سجلت الشبكة 19 هجوماً."
    got = spans(text, date(2024, 4, 1))
    assert got == [("2024-03-11", "2024-04-01", True)]


def test_an_attack_count_gets_the_ramadan_period():
    got = [(c["value"], c["period_start"], c["period_end"]) for c in
           extract_claims("وشن تنظيم داعش 31 هجوماً في البادية السورية خلال شهر رمضان من العام 2023.", date(2023, 5, 2))
           if c["kind"] == "attacks"]
    assert got == [(31, date(2023, 3, 23), date(2023, 4, 20))]
    # the same sentence one day before the month began: last year's Ramadan (1443)
    got = [(c["period_start"], c["period_end"]) for c in
           extract_claims("وشن تنظيم داعش 31 هجوماً في البادية السورية خلال شهر رمضان.", date(2023, 3, 22))
           if c["kind"] == "attacks"]
    assert got == [(date(2022, 4, 2), date(2022, 5, 1))]
