"""Attack-count rules written for outlets the rules were not tuned on: breakdowns
of a count (in the same sentence or a list of provinces after it), ordinals that
count, ISIS "operations", attacks on US forces. Sentences of our own, in several
outlets' phrasing."""
from datetime import date

import pytest

from lib.extract import extract_claims

PUB = date(2024, 3, 10)


def attacks(text: str, pub: date | None = PUB) -> list[dict]:
    return [c for c in extract_claims(text, pub) if c["kind"] == "attacks"]


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def test_a_part_after_a_comma_follows_a_count_whose_period_is_an_ordinal_quarter():
    # "الربع الأول" is an ordinal: the part "80 منها" still belongs to the count 120
    got = attacks("وقال التحالف إن داعش شن 120 هجوما في العراق وسوريا خلال الربع الأول من العام، 80 منها في سوريا.")
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [
        (120, "2024-01-01", "2024-03-31"), (80, "2024-01-01", "2024-03-31")]
    assert {c["actor"] for c in got} == {"ISIS"}


def test_a_list_by_province_after_an_isis_count_names_isis_among_the_dead():
    text = ("أحصى المرصد 233 عملية لتنظيم داعش منذ بداية العام وحتى اليوم. "
            "وقال إن دير الزور شهدت 201 عملية أسفرت عن مقتل 51 عسكرياً و6 عناصر من داعش، "
            "كما وثق 17 عملية في الحسكة و15 عملية في الرقة.")
    got = attacks(text)
    assert [c["value"] for c in got] == [233, 201, 17, 15]
    assert {c["actor"] for c in got} == {"ISIS"}
    assert {(_iso(c["period_start"]), _iso(c["period_end"])) for c in got} == {("2024-01-01", "2024-03-10")}


def test_a_province_line_under_a_heading_takes_the_total_period():
    text = ("نفذت خلايا داعش 151 عملية ضمن مناطق الإدارة الذاتية منذ بداية عام 2025. "
            "وبلغ عدد القتلى في هذه العمليات 63 شخصاً.\nالعمليات حسب المناطق:\n"
            "نفذت خلايا داعش 129 عملية في محافظة دير الزور.")
    got = attacks(text, date(2025, 8, 11))
    assert [(c["value"], _iso(c["period_start"])) for c in got] == [(151, "2025-01-01"), (129, "2025-01-01")]


def test_operations_by_the_us_are_not_isis_attacks_when_the_next_sentence_is_glued():
    # a full stop after a closing quote, glued to the next word, ends the sentence
    text = ('وقالت القناة إن القوات الأمريكية قامت بحوالي 80 عملية للقضاء على عناصر تابعة لتنظيم "داعش".'
            'وأكدت أن التنظيم نفذ هجمات في المنطقة.')
    assert attacks(text) == []


@pytest.mark.parametrize("text,value,start", [
    # the ordinal with a target noun: "الاستهداف الثالث"
    ("ويعد هذا الاستهداف الثالث لقاعدة التنف خلال أسبوعين.", 3, "2024-02-25"),
    # "the fifth time" with the attack in the relative clause after it
    ("وهي المرة الخامسة التي تتعرض فيها القاعدة لهجوم منذ مطلع الشهر الجاري.", 5, "2024-03-01"),
    ("وهذه هي المرة الثانية التي يتعرض فيها حقل العمر لهجوم خلال أسبوع.", 2, "2024-03-03"),
])
def test_ordinals_that_count(text, value, start):
    got = attacks(text)
    assert [(c["value"], c["cumulative"], _iso(c["period_start"])) for c in got] == [(value, True, start)]
    assert got[0]["actor"] != "ISIS"  # no ISIS named: attacks on a base, actor other


def test_the_time_of_a_single_event_is_no_count():
    assert attacks("وهي المرة الأولى التي تتعرض فيها القاعدة لهجوم منذ أشهر.") == []
    assert attacks("وقال إن المرة الثانية التي زار فيها القائد القاعدة كانت في أيار.") == []
