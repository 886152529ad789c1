"""Dates: publication datelines and the periods figures cover, resolved against publication."""
from datetime import date

import pytest

from lib.text.dates import detect_published, find_dates, parse_date_string
from lib.text.textnorm import normalize

PUB = date(2025, 5, 27)


def periods(text: str, pub: date | None = PUB):
    return [(r.period_start.isoformat(), r.period_end.isoformat(), r.precision) for r in find_dates(normalize(text), pub)]


@pytest.mark.parametrize("text,expected", [
    ("اليوم", ("2025-05-27", "2025-05-27", "day")),
    ("أمس", ("2025-05-26", "2025-05-26", "day")),
    ("ويوم أمس الثلاثاء", ("2025-05-26", "2025-05-26", "day")),
    ("أول أمس", ("2025-05-25", "2025-05-25", "day")),
    ("الشهر الماضي", ("2025-04-01", "2025-04-30", "month")),
    ("الشهر الجاري", ("2025-05-01", "2025-05-31", "month")),
    ("العام الماضي", ("2024-01-01", "2024-12-31", "year")),
    ("العام الفائت", ("2024-01-01", "2024-12-31", "year")),
    ("السنة الماضية", ("2024-01-01", "2024-12-31", "year")),
    ("العام الجاري", ("2025-01-01", "2025-12-31", "year")),
    ("منذ مطلع الشهر الحالي", ("2025-05-01", "2025-05-27", "day")),
    ("منذ بداية العام", ("2025-01-01", "2025-05-27", "day")),
    ("الأشهر الأربعة الأولى من العام الجاري", ("2025-01-01", "2025-04-30", "month")),
    ("الأشهر الثلاثة الأولى من عام 2024", ("2024-01-01", "2024-03-31", "month")),
    ("الربع الأول من العام الجاري", ("2025-01-01", "2025-03-31", "month")),
    ("النصف الأول من 2024", ("2024-01-01", "2024-06-30", "month")),
    ("19 نيسان الماضي", ("2025-04-19", "2025-04-19", "day")),
    ("في 19 من أيار الحالي", ("2025-05-19", "2025-05-19", "day")),
    ("27 من أيار", ("2025-05-27", "2025-05-27", "day")),
    ("في نيسان/إبريل الماضي", ("2025-04-01", "2025-04-30", "month")),
    ("خلال شهر أبريل/نيسان الماضي", ("2025-04-01", "2025-04-30", "month")),
    ("في 26 تشرين الأول/أكتوبر الماضي", ("2024-10-26", "2024-10-26", "day")),
    ("في كانون الثاني الماضي", ("2025-01-01", "2025-01-31", "month")),
    ("في أيلول الماضي", ("2024-09-01", "2024-09-30", "month")),
    ("١٥ يناير ٢٠٢٥", ("2025-01-15", "2025-01-15", "day")),
    ("الأحد 3 أغسطس 2025", ("2025-08-03", "2025-08-03", "day")),
    ("في مارس/آذار عام 2024", ("2024-03-01", "2024-03-31", "month")),
    ("طيلة العام 2024", ("2024-01-01", "2024-12-31", "year")),
    ("خلال ٢٠٢٣", ("2023-01-01", "2023-12-31", "year")),
    ("الأسبوع الماضي", ("2025-05-20", "2025-05-26", "week")),
    ("خلال الأسابيع الثلاثة الأخيرة", ("2025-05-06", "2025-05-27", "week")),
    ("2025/05/27", ("2025-05-27", "2025-05-27", "day")),
    ("27/05/2025", ("2025-05-27", "2025-05-27", "day")),
])
def test_expressions_resolve_against_publication(text, expected):
    assert periods(text)[0] == expected


def test_relative_expressions_need_a_publication_date():
    assert periods("العام الماضي", None) == []
    assert periods("19 نيسان الماضي", None) == []
    assert periods("طيلة العام 2024", None) == [("2024-01-01", "2024-12-31", "year")]


def test_last_month_across_new_year():
    assert periods("الشهر الماضي", date(2025, 1, 10))[0] == ("2024-12-01", "2024-12-31", "month")
    assert periods("في كانون الأول الماضي", date(2025, 1, 10))[0][:2] == ("2024-12-01", "2024-12-31")


def test_a_bare_month_word_alone_is_not_a_date():
    # "آب" (August) is also "father"; a bare Egyptian month with nothing around it is too weak
    assert periods("قال آب الجندي") == []


@pytest.mark.parametrize("text,start,precision", [
    ("منذ يناير الماضي", date(2025, 1, 1), "month"),
    ("ومنذ تشرين الأول الماضي", date(2024, 10, 1), "month"),
    ("منذ أكتوبر", date(2024, 10, 1), "month"),
    ("منذ 2019", date(2019, 1, 1), "year"),
    ("منذ عام 2019", date(2019, 1, 1), "year"),
])
def test_since_a_month_or_year_runs_to_publication(text, start, precision):
    (ref,) = find_dates(normalize(text), PUB)
    assert (ref.period_start, ref.period_end, ref.precision, ref.since) == (start, PUB, precision, True)


def test_a_month_without_since_is_that_month():
    (ref,) = find_dates(normalize("في أكتوبر الماضي"), PUB)
    assert (ref.period_start, ref.period_end, ref.since) == (date(2024, 10, 1), date(2024, 10, 31), False)


@pytest.mark.parametrize("text,start,end,precision", [
    ("يونيو 5, 2025", date(2025, 6, 5), date(2025, 6, 5), "day"),  # month first, as WordPress sites write it
    ("أيار 17، 2024", date(2024, 5, 17), date(2024, 5, 17), "day"),
    ("خلال الأسبوعين الماضيين", date(2025, 5, 13), PUB, "week"),  # a dual: two weeks
    ("في الشهرين الماضيين", date(2025, 3, 27), PUB, "month"),
    ("اليومين الأخيرين", date(2025, 5, 25), PUB, "day"),
])
def test_month_first_dates_and_dual_periods(text, start, end, precision):
    (ref,) = find_dates(normalize(text), PUB)
    assert (ref.period_start, ref.period_end, ref.precision) == (start, end, precision)


@pytest.mark.parametrize("text,day", [
    ("في السابع من يونيو", date(2025, 6, 7)),
    ("السابع عشر من تشرين الأول الماضي", date(2024, 10, 17)),
    ("الحادي والعشرين من أيار 2024", date(2024, 5, 21)),
    ("الأول من كانون الثاني", date(2025, 1, 1)),
])
def test_a_day_written_as_an_ordinal(text, day):
    (ref,) = find_dates(normalize(text), date(2025, 6, 8))
    assert (ref.period_start, ref.period_end, ref.precision) == (day, day, "day")


@pytest.mark.parametrize("text,day", [
    # PUB is a Tuesday
    ("يوم الإثنين", date(2025, 5, 26)), ("فجر الأحد", date(2025, 5, 25)), ("الثلاثاء", date(2025, 5, 27)),
    ("الثلاثاء الماضي", date(2025, 5, 20)), ("الخميس الماضي", date(2025, 5, 22)), ("الجمعة المقبلة", date(2025, 5, 30)),
    ("الإثنين الماضي", date(2025, 5, 26)),
])
def test_a_weekday_is_the_last_such_day(text, day):
    (ref,) = find_dates(normalize(text), PUB)
    assert (ref.period_start, ref.period_end, ref.precision) == (day, day, "day")


@pytest.mark.parametrize("text,day", [("أمس الأحد", date(2025, 5, 26)), ("الثلاثاء 27 أيار 2025", date(2025, 5, 27))])
def test_a_weekday_beside_a_date_only_restates_it(text, day):
    assert [r.period_start for r in find_dates(normalize(text), PUB)] == [day]


def test_the_two_is_not_monday():
    assert find_dates(normalize("قتل الجنديين الاثنين"), PUB) == []
    assert find_dates(normalize("الثلاثاء"), None) == []  # without a publication date, no weekday resolves


@pytest.mark.parametrize("text", ["في الأسبوع الأول من يناير", "النصف الثاني من أيار", "الربع الأول من 2025"])
def test_an_ordinal_of_a_period_is_not_a_day(text):
    assert all(r.precision != "day" for r in find_dates(normalize(text), PUB))


def test_a_month_first_dateline_is_the_publication_date():
    assert detect_published("الرئيسية » سوريا\nعنوان الخبر هنا\nيونيو 5, 2025\nنص الخبر") == date(2025, 6, 5)


def test_since_a_date_runs_to_publication():
    ref = find_dates(normalize("منذ 19 نيسان"), PUB)[0]
    assert (ref.period_start, ref.period_end, ref.since) == (date(2025, 4, 19), PUB, True)


@pytest.mark.parametrize("header,expected", [
    ("عنوان الخبر\nالمدن - عرب وعالمالثلاثاء 2025/05/27\nنص", date(2025, 5, 27)),
    ("عنوان\n28 مايو 2025، 4:48 م\nنص", date(2025, 5, 28)),
    ("عنوان\n  • 2025/05/27\n  • 1:14 م\nنص", date(2025, 5, 27)),
    ("عنوان\nالأحد ٣ آب ٢٠٢٥\nنص", date(2025, 8, 3)),
    ("عنوان\nنشر في 12-03-2024\nنص", date(2024, 3, 12)),
])
def test_stated_publication_dates(header, expected):
    assert detect_published(header) == expected


def test_a_date_deep_in_a_long_paragraph_is_not_the_publication_date():
    body = "عنوان\n" + "وقالت المصادر إن الهجوم وقع في 12 آذار 2019 " + "في ريف دير الزور الشرقي " * 5
    assert detect_published(body) is None


@pytest.mark.parametrize("value,expected", [
    ("2025-05-27", date(2025, 5, 27)), ("2025-05-27T10:00:00+03:00", date(2025, 5, 27)),
    ("27/05/2025", date(2025, 5, 27)), ("28 مايو 2025", date(2025, 5, 28)), ("May 27, 2025", date(2025, 5, 27)),
    ("", None), ("not a date", None), (None, None),
])
def test_metadata_dates(value, expected):
    assert parse_date_string(value) == expected


def test_anchored_search_finds_what_a_search_at_every_position_finds(monkeypatch):
    """find_dates runs each pattern only near its anchor (a month name, a year, a key
    word). On random sentences of date words, digits and filler it must find exactly
    what trying every pattern at every position finds."""
    import dataclasses
    import json
    import random

    from lib.text import dates

    g = dates.grammar()
    raw = json.loads(dates.CALENDAR_FILE.read_text(encoding="utf-8"))
    vocabulary = [m for names in raw["months"].values() for m in names] + raw["past_modifiers"] + \
        raw["current_modifiers"] + raw["next_modifiers"] + list(raw["count_words"]) + list(raw["ordinal_parts"]) + \
        dates.hint_words() + ["منذ", "مطلع", "في", "من", "خلال", "عام", "الأولى", "أول", "الـ", "هذا", "هذه",
                              "الماضية", "الأخيرة", "يوما", "شهرا", "2024", "2025", "1999", "19", "3", "/", "-",
                              "،", ",", "(", "الانسحاب", "حسابه", "قال", "القوات", "الماضيين", "الأخيرين",
                              "السابع", "عشر", "الحادي", "والعشرين", "يوم", "فجر"]
    rng = random.Random(9)
    texts = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 25))) for _ in range(1500)]
    texts += ["2025/05/27", "27-5-2025 و 2024/1/3", "19 من أيار الماضي", "أيار2025"]
    anchored = [[(r.start, r.end, r.period_start, r.period_end) for r in find_dates(normalize(t), PUB)] for t in texts]
    everywhere = dataclasses.replace(g, patterns=[(name, pat, None, ()) for name, pat, _, _ in g.patterns])
    monkeypatch.setattr(dates, "grammar", lambda: everywhere)
    plain = [[(r.start, r.end, r.period_start, r.period_end) for r in find_dates(normalize(t), PUB)] for t in texts]
    assert anchored == plain
    assert sum(map(len, plain)) > 1000  # the sentences did hold dates


def test_the_grammar_reads_its_words_from_calendar_json():
    """Every word calendar.json gives the grammar works where the grammar puts it: the
    relative days with their offsets, the period units, the durations with what they count."""
    import json
    from datetime import timedelta

    from lib.text import dates
    from lib.text.textnorm import normalize_term

    raw = json.loads(dates.CALENDAR_FILE.read_text(encoding="utf-8"))
    for word, offset in raw["relative_days"].items():
        day = (PUB + timedelta(days=offset)).isoformat()
        assert periods(word) == [(day, day, "day")], word
        assert periods("و" + word) == [(day, day, "day")], word
    for unit, kind in raw["period_units"].items():
        found = [p for _, _, p in periods(unit + " الماضي")]
        assert found == ([] if kind in ("years", "weeks") else [kind]), unit
    back = {"month": dates.add_months(PUB, -3), "week": PUB - timedelta(weeks=3), "day": PUB - timedelta(days=3),
            "hour": PUB - timedelta(days=1)}  # hours: at least a day
    back2 = {"month": dates.add_months(PUB, -2), "week": PUB - timedelta(weeks=2), "day": PUB - timedelta(days=2),
             "hour": PUB - timedelta(days=1)}
    for recent in raw["recent_modifiers"]:
        for unit, kind in raw["durations"]["before_count"].items():
            assert periods(f"{unit} 3 {recent}")[0][0] == back[kind].isoformat(), (unit, recent)
        for unit, kind in raw["durations"]["after_digits"].items():
            assert periods(f"3 {unit} {recent}")[0][0] == back[kind].isoformat(), (unit, recent)
    for recent in raw["recent_modifiers_dual"]:
        for unit, kind in raw["durations"]["dual"].items():
            assert periods(f"{unit} {recent}")[0][0] == back2[kind].isoformat(), (unit, recent)
    for part, months in raw["year_parts"].items():
        assert periods(f"{part} الأول من 2024") == [("2024-01-01", dates.month_end(2024, months).isoformat(), "month")]
    for cue in raw["month_cues"]:
        assert [(s, p) for s, _, p in periods(f"{cue} نيسان الماضي")] == [("2025-04-01", "month")], cue  # منذ: to PUB
        assert periods(f"{cue} نيسان"), cue  # a cue makes a bare month name a date
    for cue in raw["year_words"] + raw["year_cues"]:
        assert [(s, p) for s, _, p in periods(f"{cue} 2023")] == [("2023-01-01", "year")], cue
    for this in raw["this"]:
        assert periods(f"{this} العام") == [("2025-01-01", "2025-12-31", "year")]
    # a word without which no date can be found is a hint word (the extractor skips the
    # date search in a sentence with none of them, nor a digit)
    hints = set(dates.hint_words())
    for word in [*raw["relative_days"], *raw["period_units"], *raw["durations"]["before_count"],
                 *raw["durations"]["dual"], raw["since"]]:
        assert normalize_term(word) in hints, word


def test_a_day_zero_is_no_date():
    assert find_dates(normalize("0 مايو"), PUB) == []
    assert find_dates(normalize("0 مايو"), None) == []


@pytest.mark.parametrize("text,expected", [
    # within a length of time, with no "past": the last N units up to publication
    ("وهو الهجوم الثالث خلال أربعة أيام", [("2025-05-23", "2025-05-27", "day")]),
    ("للمرة الثانية خلال أسبوع", [("2025-05-20", "2025-05-27", "week")]),
    ("في غضون 48 ساعة", [("2025-05-25", "2025-05-27", "day")]),
    ("خلال يومين", [("2025-05-25", "2025-05-27", "day")]),
    # a span ahead, or from another point, is no period
    ("على أن يعاد التقييم خلال 60 يوماً من تاريخه", []),
    ("خلال شهر رمضان", [("2025-03-01", "2025-03-29", "month")]),  # Ramadan 1446 (the table in calendar.json), not "within a month"
    # a run of days
    ("في الفترة من 12 إلى 19 أيار الماضي", [("2025-05-12", "2025-05-19", "day")]),
    ("بين 3 و9 آذار 2024", [("2024-03-03", "2024-03-09", "day")]),
])
def test_lengths_of_time_and_runs_of_days(text, expected):
    assert periods(text) == expected


@pytest.mark.parametrize("text,start", [
    ("منذ منتصف نيسان", "2025-04-15"), ("منذ أواخر آذار الماضي", "2025-03-21"), ("منذ نيسان", "2025-04-01"),
])
def test_since_a_part_of_a_month(text, start):
    (r,) = find_dates(normalize(text), PUB)
    assert (r.period_start.isoformat(), r.period_end, r.since) == (start, PUB, True)


@pytest.mark.parametrize("text,expected", [
    ("في الفترة من يناير إلى يونيو 2024", [("2024-01-01", "2024-06-30", "month")]),
    ("من كانون الثاني حتى آذار الماضي", [("2025-01-01", "2025-03-31", "month")]),
])
def test_runs_of_months(text, expected):
    assert periods(text) == expected


def test_a_since_whose_written_year_is_after_the_report_gives_no_period():
    # "منذ مطلع العام الجاري 2025" in a page of 2024: the start would fall after the end
    from lib.text.dates import find_dates

    assert [d for d in find_dates("منذ مطلع العام الجاري 2025", date(2024, 6, 1)) if d.since] == []
    got = [d for d in find_dates("منذ مطلع العام الجاري 2025", date(2025, 6, 1)) if d.since]
    assert [(d.period_start, d.period_end) for d in got] == [(date(2025, 1, 1), date(2025, 6, 1))]
