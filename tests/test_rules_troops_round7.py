"""Troop-figure rules of round 7 (issue 13): which figures count troops in Syria and
when they hold, for shapes the seventh troops tuning set (dev_gold_tune7_troops.json,
set A) showed. Sentences of our own, in other outlets' phrasing than the tuning
articles; each rule with a sentence that must keep its old reading."""
from datetime import date

import pytest

from lib.extract import extract_claims

PUB = date(2024, 12, 20)
US = "قال مسؤول في الجيش الأمريكي. "  # names the US in the article, as the news around such a sentence does


def troops(text: str) -> list[tuple]:
    return sorted((c["value"], c["qualifier"], c["when"])
                  for c in extract_claims(text, PUB) if c["kind"] == "troops")


# ---------------------------------------------------------------- extra troops told as there: now
@pytest.mark.parametrize("text,expected", [
    # "إضافي" marks troops added, but with no verb sending them the clause tells them as there
    (US + "وأكد المتحدث أن 700 جندي إضافي يتواجدون حاليا في سوريا لفترات قصيرة.", [(700, "exact", "current")]),
    (US + "وبحسب البنتاغون، فإن هناك نحو 1500 جندي إضافي في سوريا إلى جانب القوة الأساسية.",
     [(1500, "approx", "current")]),
    (US + "وأوضح الناطق أن 1200 جندي إضافي هم قوات تناوب مؤقتة ترافق القوة الدائمة.", [(1200, "exact", "current")]),
    # sent, done: past; sent, announced: planned; arrived: past (the old readings)
    (US + "وأرسلت واشنطن 500 جندي إضافي إلى سوريا الشهر الماضي.", [(500, "exact", "past")]),
    (US + "سترسل واشنطن 300 جندي إضافي إلى سوريا.", [(300, "exact", "planned")]),
    (US + "ووصل إلى سوريا 200 جندي إضافي الأسبوع الماضي.", [(200, "exact", "past")]),
])
def test_extra_troops_told_as_there_are_current(text, expected):
    assert troops(text) == expected


# ---------------------------------------------------------------- "N قوات أمريكية": a troop noun
@pytest.mark.parametrize("text,expected", [
    # a translated "N U.S. troops": the plural "قوات" with the nationality counts soldiers
    (US + "وينتشر في سوريا حاليا نحو 900 قوات أمريكية في عدة قواعد.", [(900, "approx", "current")]),
    ("وقال البنتاغون إن الخطة ستترك في سوريا أقل من ألف قوات أميركية بحلول الصيف المقبل.",
     [(1000, "less_than", "planned")]),
    # another country's forces, or "قوات" with no figure of soldiers: nothing
    ("وتنشر روسيا نحو 3000 قوات روسية في قاعدة حميميم.", []),
    ("ودخلت 3 أرتال من القوات الأمريكية إلى الحسكة.", []),
])
def test_forces_plural_with_nationality_counts_troops(text, expected):
    assert troops(text) == expected


# ---------------------------------------------------------------- a list of places back to its troop noun
@pytest.mark.parametrize("text,expected", [
    # each figure "و N في <place>" continues the list the first figure's noun heads, however long
    (US + "وتنشر الولايات المتحدة 2500 جندي في العراق و3000 في الأردن و900 في سوريا.", [(900, "exact", "current")]),
    # a list opened by "منهم"/"بينهم"/"بما في ذلك" after the troop figure
    (US + "ولدى واشنطن نحو 40 ألف جندي في المنطقة، بينهم 2500 في العراق و3000 في الأردن، ونحو 900 في سوريا.",
     [(900, "approx", "current")]),
    (US + "وتحتفظ واشنطن بنحو 45 ألف عسكري في الشرق الأوسط، بما في ذلك 2500 في العراق ونحو ألف في سوريا.",
     [(1000, "approx", "current")]),
    # a list headed by money or by the dead: no troops
    (US + "وأنفقت واشنطن 2500 دولار في العراق و3000 في الأردن و900 في سوريا.", []),
    (US + "وقتل 25 مدنيا في العراق و30 في الأردن و40 في سوريا.", []),
])
def test_list_of_places_continues_a_troop_figure(text, expected):
    assert troops(text) == expected



# ---------------------------------------------------------------- review of round 7: added troops decided, asked for, sent "ل" a place
@pytest.mark.parametrize("text,expected", [
    # the review's regressions: approved for Syria ("لسوريا": a destination), asked to be funded: to come
    ("وافق الرئيس ترامب على 1000 جندي إضافي لسوريا.", [(1000, "exact", "planned")]),
    ("طلب البنتاغون من الكونغرس تمويل 1500 جندي إضافي في سوريا.", [(1500, "exact", "planned")]),
    # other phrasing: a request by commanders, an approval with "لسورية", an order
    (US + "وطالب قادة عسكريون بـ 1200 جندي إضافي في سوريا.", [(1200, "exact", "planned")]),
    (US + "ووافقت الإدارة الأمريكية على 400 جندي إضافي لسورية.", [(400, "exact", "planned")]),
    (US + "وأمر وزير الدفاع بنشر 800 جندي إضافي في سوريا.", [(800, "exact", "planned")]),
    # added troops for Iraq are not Syria's
    (US + "وتدرس الإدارة الأمريكية إرسال 2000 جندي إضافي للعراق.", []),
    # controls: extra troops told as there stay the level now
    (US + "يتواجد 1500 جندي إضافي في سوريا حالياً.", [(1500, "exact", "current")]),
    (US + "وأفاد مسؤول بأن هناك 600 جندي إضافي في سوريا يدعمون القوة الأساسية.", [(600, "exact", "current")]),
    # "ل" before a task is no destination; a decision told after the figure is another clause's
    (US + "ويتواجد 1500 جندي إضافي لحماية حقول النفط في سوريا.", [(1500, "exact", "current")]),
    (US + "وأكد المتحدث أن 700 جندي إضافي يتواجدون حاليا في سوريا بعد قرار الرئيس.", [(700, "exact", "current")]),
])
def test_extra_troops_decided_or_asked_for_are_planned(text, expected):
    assert troops(text) == expected


# ---------------------------------------------------------------- review: "N قوات" below 11 is N forces; a list of the hurt
@pytest.mark.parametrize("text,expected", [
    # 3 to 10 take the plural in Arabic: "3 قوات أمريكية" is three forces, not three soldiers
    (US + "وأفادت الوكالة بأن 3 قوات أمريكية انسحبت من المنطقة.", []),
    (US + "وشهدت المنطقة انسحاب 3 قوات أمريكية من قاعدة التنف.", []),
    (US + "وتنتشر 5 قوات أمريكية خاصة في سوريا.", []),
    # a list by place headed by the hurt counts no level; one headed by another country's troops neither
    (US + "وأصيب 20 جنديا أمريكيا في العراق و15 في سوريا.", []),
    (US + "وأصيب 20 جنديا أمريكيا في العراق و10 في الأردن و15 في سوريا.", []),
    (US + "وتنشر روسيا 3000 جندي في حميميم و900 في القامشلي.", []),
])
def test_small_forces_plural_and_casualty_lists_count_no_troops(text, expected):
    assert troops(text) == expected


# ---------------------------------------------------------------- review: troops asked for are to come, unless asked long ago
@pytest.mark.parametrize("text,expected", [
    (US + "ووافق الكونغرس على تمويل 1500 جندي إضافي في سوريا.", [(1500, "exact", "planned")]),
    (US + "وطلب البنتاغون إرسال 1000 جندي إلى سوريا.", [(1000, "exact", "planned")]),
    # control: a request told as long done keeps the old reading
    (US + "وكانت واشنطن قد طلبت من حلفائها إرسال 500 جندي إلى سوريا العام الماضي.", [(500, "exact", "past")]),
])
def test_troops_asked_for_are_planned(text, expected):
    assert troops(text) == expected
