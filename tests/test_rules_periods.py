"""Period rules: a span told by its two ends ("since X until Y", "from D1 to D2",
"between D1 and D2") is one period; "the first quarter of the year" is this year's."""
from datetime import date

import pytest

from lib.extract import extract_claims
from lib.text.dates import find_dates
from lib.text.textnorm import normalize

PUB = date(2024, 5, 20)


def spans(text: str) -> list[tuple[str, str, bool]]:
    return [(d.period_start.isoformat(), d.period_end.isoformat(), d.since) for d in find_dates(normalize(text), PUB)]


@pytest.mark.parametrize("text,expected", [
    ("منذ بداية العام وحتى اليوم", [("2024-01-01", "2024-05-20", True)]),
    ("منذ مطلع العام الجاري حتى نهاية نيسان", [("2024-01-01", "2024-04-30", True)]),
    ("في الفترة ما بين 1 أكتوبر و6 نوفمبر", [("2023-10-01", "2023-11-06", False)]),
    ("خلال الفترة الممتدة من 1 يناير إلى 31 مارس", [("2024-01-01", "2024-03-31", False)]),
    # the year said once, at the end, is the first date's too
    ("بين 1 تشرين الأول/ أكتوبر و6 تشرين الثاني/ نوفمبر 2025", [("2025-10-01", "2025-11-06", False)]),
    ("بين 20 كانون الأول و5 كانون الثاني 2025", [("2024-12-20", "2025-01-05", False)]),
    # "the first quarter of the year": the year of publication
    ("خلال الربع الأول من العام", [("2024-01-01", "2024-03-31", False)]),
    ("في الأشهر الثلاثة الأولى من العام", [("2024-01-01", "2024-03-31", False)]),
])
def test_spans(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", ["ضمن 3 آذار و5 نيسان", "قتل في 3 آذار و5 نيسان"])
def test_two_dates_without_an_opening_word_stay_two(text):
    assert len(spans(text)) == 2


def test_with_no_publication_date_an_unresolved_period_is_still_the_counts():
    from lib.extract import extract_claims

    # "منذ مطلع العام الحالي" cannot resolve without a publication date; it is the count's period
    # all the same, and the older "منذ العام 2020" before it is not
    text = ("وبعد أن كانت تراجعت منذ العام 2020، عادت للتصاعد منذ مطلع العام الحالي، الذي سجل أكثر من 150 "
            "هجوماً لتنظيم داعش.")
    got = [c for c in extract_claims(text, None) if c["kind"] == "attacks"]
    assert [(c["value"], c["period_start"]) for c in got] == [(150, None)]
    # a year the text states still gives the period; an unresolved day (a report's day) blocks nothing
    text = "ونفذ تنظيم داعش 45 هجوماً خلال عام 2023، بحسب بيان نشره يوم الخميس."
    got = [c for c in extract_claims(text, None) if c["kind"] == "attacks"]
    assert [(c["value"], c["period_start"].isoformat()) for c in got] == [(45, "2023-01-01")]


# ---------------------------------------------------------------- round 10 (tune2 gold)
def test_last_year_with_no_publication_date_is_the_one_year_the_article_names():
    text = ("داعش يتبنى 410 هجمات في سوريا في 2021. "
            "وقالت مصادر إن التنظيم نفذ نحو 410 هجمات في سوريا خلال العام الماضي.")
    got = [c for c in extract_claims(text, None) if c["kind"] == "attacks"]
    assert {(c["period_start"].isoformat(), c["period_end"].isoformat()) for c in got} == {("2021-01-01", "2021-12-31")}


def test_last_year_stays_unresolved_when_the_article_names_two_years():
    text = ("تراجع نشاط داعش منذ 2019 ثم عاد في 2021. "
            "وقالت مصادر إن التنظيم نفذ نحو 410 هجمات في سوريا خلال العام الماضي.")
    got = [c for c in extract_claims(text, None) if c["kind"] == "attacks" and c["value"] == 410]
    assert [c.get("period_start") for c in got] == [None]


# ---------------------------------------------------------------- round 11 (tune3 gold)
@pytest.mark.parametrize("text,start", [
    ("وأحصى المرصد منذ مطلع العام 2025 وحتى اليوم 40 هجوماً لتنظيم داعش في مناطق الإدارة الذاتية.", "2025-01-01"),
    ("ووثق المرصد منذ بداية عام 2023 نحو 70 هجوماً لتنظيم داعش شرق الفرات.", "2023-01-01"),
    ("وأحصى المرصد منذ 3 آذار 2025 نحو 40 هجوماً لتنظيم داعش في مناطق الإدارة الذاتية.", "2025-03-03"),
])
def test_since_a_stated_date_in_an_undated_article_is_open_ended(text, start):
    from lib.extract import extract_claims

    (c,) = [c for c in extract_claims(text, None) if c["kind"] == "attacks"]
    assert (c["period_start"].isoformat(), c["period_end"], c["cumulative"]) == (start, None, True)
    # with a publication date the same count runs up to it
    (c,) = [c for c in extract_claims(text, date(2025, 6, 1)) if c["kind"] == "attacks"]
    assert (c["period_start"].isoformat(), c["period_end"].isoformat()) == (start, "2025-06-01")
