"""Date expressions' offsets and texts at the edges: a date at the very start of the
text, two adjacent dates of one pattern, digits running into a year."""
from datetime import date

from lib.text.dates import find_dates
from lib.text.textnorm import normalize

PUB = date(2020, 5, 17)


def _found(text: str) -> list[tuple[int, int, str, str]]:
    return [(r.start, r.end, r.period_start.isoformat(), r.text) for r in find_dates(normalize(text), PUB)]


def test_a_date_at_the_very_start_and_adjacent_dates_of_one_pattern():
    assert _found("امس اليوم غدا") == [(0, 3, "2020-05-16", "امس"), (4, 9, "2020-05-17", "اليوم"),
                                        (10, 13, "2020-05-18", "غدا")]
    assert _found("العام الماضي العام الحالي") == [(0, 12, "2019-01-01", "العام الماضي"),
                                                (13, 25, "2020-01-01", "العام الحالي")]


def test_a_number_does_not_start_inside_another():
    assert _found("2020/3/4") == [(0, 8, "2020-03-04", "2020/3/4")]
    assert _found("12020/3/4") == []
    assert _found("في 15 ايار و16 ايار") == [(3, 10, "2020-05-15", "15 ايار"), (12, 19, "2020-05-16", "16 ايار")]
