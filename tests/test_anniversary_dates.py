"""Publication dates read from an anniversary and the weekday said of today
(lib/text/anniversary.py, data/reference/anniversaries.json)."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import ROOT
from lib import settings
from lib.reference import load_json
from lib.text.anniversary import infer_from_anniversary

SEED_003 = ROOT / "data" / "articles" / "seeds" / "003_19328c00382c3f33.txt"


def _seed_003() -> str:
    return SEED_003.read_text(encoding="utf-8")


def test_seed_003_is_dated_by_the_first_anniversary_of_baghouz() -> None:
    # "اليوم الإثنين" + "الذكرى السنوية الأولى لتحرير ريف دير الزور الشرقي ... الباغوز":
    # 23 March 2019 + 1 year = 23 March 2020, a Monday
    found = infer_from_anniversary(_seed_003())
    assert found is not None
    assert found.published == date(2020, 3, 23)
    assert found.basis == "inferred: 'today, Monday' + first anniversary of the Baghouz victory (2019-03-23)"


def test_another_outlet_second_anniversary_of_another_event() -> None:
    # a Gulf/Levantine wording, the weekday in brackets, another event of the table: 8 Dec 2024 + 2 = a Tuesday
    text = ("دمشق - أحيا آلاف السوريين اليوم (الثلاثاء) في ساحة الأمويين الذكرى الثانية لسقوط نظام "
            "بشار الأسد، فيما أكدت القوات الأمريكية أنها ستواصل دعم شركائها.")
    found = infer_from_anniversary(text)
    assert found is not None and found.published == date(2026, 12, 8)
    assert "second anniversary of the fall of the Assad government (2024-12-08)" in found.basis
    assert "'today, Tuesday'" in found.basis


def test_a_digit_ordinal_and_hamza_free_spelling() -> None:
    # "الذكرى الـ5" and "الاثنين" without hamza: 17 Oct 2017 + 5 = Monday 17 Oct 2022
    text = "قال قائد في قسد اليوم الاثنين في الذكرى الـ5 لتحرير مدينة الرقة إن خلايا التنظيم ما زالت نشطة."
    found = infer_from_anniversary(text)
    assert found is not None and found.published == date(2022, 10, 17)
    assert "fifth anniversary of the liberation of Raqqa" in found.basis


def test_an_event_the_text_dates_itself() -> None:
    # not in the table: the full date the text gives right after the ordinal; 20 Jan 2024 was a Saturday
    text = ("نظم ذوو الضحايا اليوم السبت وقفة في الذكرى السنوية الثانية للهجوم الذي شنه التنظيم على "
            "السجن في 20 كانون الثاني 2022، بحضور ممثلين عن التحالف الدولي.")
    found = infer_from_anniversary(text)
    assert found is not None and found.published == date(2024, 1, 20)
    assert "the event the text dates 2022-01-20" in found.basis


def test_a_wrong_weekday_gives_no_date() -> None:
    text = _seed_003().replace("اليوم الإثنين", "اليوم الثلاثاء")
    assert "اليوم الثلاثاء" in text
    assert infer_from_anniversary(text) is None


def test_no_anniversary_gives_no_date() -> None:
    text = "كشف التحالف الدولي، اليوم الإثنين، عن عزمه خفض عدد قواته في شمال شرقي سوريا بعد هزيمة داعش في الباغوز."
    assert infer_from_anniversary(text) is None


def test_an_anniversary_without_a_weekday_of_today_gives_no_date() -> None:
    text = _seed_003().replace("اليوم الإثنين", "اليوم")
    assert infer_from_anniversary(text) is None


def test_a_weekday_said_of_yesterday_does_not_fix_the_anniversary() -> None:
    # the vigil may have been held on the anniversary itself (then published the next day): no date,
    # though Monday is the day before Tuesday 8 December 2026
    text = "نظم الأهالي أمس الاثنين وقفة في الذكرى الثانية لسقوط نظام الأسد."
    assert infer_from_anniversary(text) is None
    assert infer_from_anniversary(text.replace("أمس الاثنين", "اليوم الثلاثاء")) is not None


def test_an_undated_event_gives_no_date() -> None:
    text = "قال المسؤول اليوم الإثنين في الذكرى الأولى لتأسيس المجلس المحلي إن الخدمات تحسنت."
    assert infer_from_anniversary(text) is None


def test_an_event_named_beyond_the_reach_is_not_the_anniversarys() -> None:
    padding = " وأضاف البيان أن العمليات مستمرة" * (settings.ANNIVERSARY_EVENT_REACH // 30 + 1)
    text = f"أعلن التحالف اليوم الإثنين في الذكرى السنوية الأولى{padding} في الباغوز."
    assert infer_from_anniversary(text) is None
    assert infer_from_anniversary(text.replace(padding, "")) is not None


def test_two_anniversaries_on_different_days_give_no_date() -> None:
    text = ("أحيا الأهالي اليوم الإثنين الذكرى الأولى لتحرير ريف دير الزور الشرقي، "
            "كما يحيون الذكرى الخامسة لتحرير الرقة.")
    assert infer_from_anniversary(text) is None


def test_a_29_february_event_has_no_anniversary_most_years() -> None:
    text = "قال المسؤول اليوم السبت في الذكرى الأولى للهجوم الذي وقع في 29 شباط 2024 إن التحقيق مستمر."
    assert infer_from_anniversary(text) is None
    # the day before, a year on, is a Friday
    found = infer_from_anniversary(text.replace("اليوم السبت", "اليوم الجمعة").replace("29 شباط", "28 شباط"))
    assert found is not None and found.published == date(2025, 2, 28)


@pytest.mark.parametrize("event", load_json("anniversaries.json")["events"], ids=lambda e: e["id"])
def test_each_event_of_the_table_dates_its_own_anniversary(event: dict) -> None:
    # every event's first name, as outlets write it, picks that event: the first anniversary, its weekday said
    day = date.fromisoformat(event["date"])
    first = day.replace(year=day.year + 1)
    weekday = {v: k for k, v in load_json("calendar.json")["weekdays"].items()}[first.isoweekday()]
    text = f"قال المتحدث اليوم {weekday} في الذكرى الأولى ل{event['words'][0]} إن المهمة مستمرة."
    found = infer_from_anniversary(text)
    assert found is not None and found.published == first
    assert event["date"] in found.basis


def test_ingest_dates_an_undated_article_by_its_anniversary_after_metadata_and_dateline() -> None:
    # seed 003's metadata row has no date: ingest reads it from the text (origin "inferred");
    # a date the metadata gives still wins, and a text without an anniversary stays undated
    from lib.ingest.pipeline import resolve_published
    from lib.ingest.raw import RawArticle

    text = _seed_003()
    assert resolve_published(RawArticle(path="003.txt", text=text)) == (date(2020, 3, 23), "inferred")
    given = RawArticle(path="003.txt", text=text, published="2020-03-24", published_origin="metadata")
    assert resolve_published(given) == (date(2020, 3, 24), "metadata")
    assert resolve_published(RawArticle(path="x.txt", text="قال مسؤول اليوم الإثنين إن القوات باقية.")) == (None, "unknown")


def test_an_event_name_inside_a_longer_word_is_not_the_event() -> None:
    # "الباغوزي" (a man's family name) is not "الباغوز": 23 March 2020 was a Monday, yet no date
    text = "أحيا أهالي البلدة اليوم الإثنين الذكرى الأولى لرحيل الشيخ الباغوزي، بحضور وجهاء العشائر."
    assert infer_from_anniversary(text) is None
    assert infer_from_anniversary(text.replace("الباغوزي", "معركة الباغوز")) is not None
