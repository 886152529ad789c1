"""Troop-figure rules of round 6 (issue 13): when a figure holds and whether it is a
level in Syria, for shapes the sixth troops tuning set (dev_gold_tune6_troops.json)
showed. Sentences of our own, in other outlets' phrasing than the tuning articles;
each rule with a sentence that must keep its old reading."""
from datetime import date

import pytest

from lib.extract import extract_claims

PUB = date(2024, 3, 10)
US = "قال مسؤول في الجيش الأمريكي. "  # names the US in the article, as the news around such a sentence does


def troops(text: str) -> list[tuple]:
    return sorted((c["value"], c["qualifier"], c["when"])
                  for c in extract_claims(text, PUB) if c["kind"] == "troops")


# ---------------------------------------------------------------- whose figure: "، البالغ عددها N عنصر"
@pytest.mark.parametrize("text,expected", [
    # "عنصر" after "البالغ عددها" numbers our force named just before, though the sentence names Turkey
    ("وتلقت القوات الأميركية في منبج، البالغ عددها نحو 300 عنصر، أوامر بالخروج مع تقدم الجيش التركي نحو المدينة.",
     [(300, "approx", "current")]),
    # another side's force: no troop figure
    ("وتتمركز قوات سوريا الديمقراطية في الرقة، البالغ عددها نحو 5000 عنصر، بينما تقصف تركيا مواقعها.", []),
])
def test_weak_noun_numbering_our_force(text, expected):
    assert troops(text) == expected


# ---------------------------------------------------------------- planned: a decision to keep
@pytest.mark.parametrize("text,expected", [
    # the decision a few words before the verbal noun of keeping still governs it
    ("وقرر البيت الأبيض بعد مراجعة طويلة الإبقاء على نحو 400 جندي أمريكي في سوريا.", [(400, "approx", "planned")]),
    ("ووافقت الإدارة الأمريكية في نهاية الأمر على الإبقاء على 500 عسكري في سوريا.", [(500, "exact", "planned")]),
    # kept, done: the level now
    ("أبقت واشنطن على 900 جندي في سوريا.", [(900, "exact", "current")]),
])
def test_decision_to_keep_is_planned(text, expected):
    assert troops(text) == expected


# ---------------------------------------------------------------- "whether it is" is no past
@pytest.mark.parametrize("text,expected", [
    (US + "ولم يوضح البنتاغون ما إذا كان العدد يشمل 150 جندياً أمريكياً في قاعدة التنف.", [(150, "exact", "current")]),
    # "كان" alone still tells of a level that was
    ("إذ كان في سوريا 2000 جندي أمريكي.", [(2000, "exact", "past")]),
])
def test_whether_kana_is_not_past(text, expected):
    assert troops(text) == expected


# ---------------------------------------------------------------- a season gone, told of the force numbered
@pytest.mark.parametrize("text,expected", [
    # the force numbered after "البالغ عددها" takes the time of its clause: last winter, so it was
    ("ورغم قرار الانسحاب الذي أعلنه ترامب الشتاء الماضي بحق القوات الأمريكية، البالغ عددها 2000 جندي، ما زال نحو"
     " 900 جندي في سوريا.", [(900, "approx", "current"), (2000, "exact", "past")]),
    # since last summer: it still is
    ("ومنذ الصيف الماضي تنتشر القوات الأمريكية، البالغ عددها 900 جندي، في دير الزور.", [(900, "exact", "current")]),
])
def test_season_gone_makes_the_force_past(text, expected):
    assert troops(text) == expected


# ---------------------------------------------------------------- deployments being readied or to come
@pytest.mark.parametrize("text,expected", [
    # readied to be sent: planned
    (US + "وأفادت تقارير بأن القيادة المركزية تستعد لنشر 250 جندياً إضافياً في شمال شرق سوريا.",
     [(250, "exact", "planned")]),
    # sent, long ago: was
    (US + "ونشرت القيادة المركزية 250 جندياً إضافياً في سوريا في كانون الثاني 2018.", [(250, "exact", "past")]),
    # future verbs of including: the force to come
    (US + "وستشمل التعزيزات نحو 200 جندي أمريكي يصلون إلى الحسكة.", [(200, "approx", "planned")]),
    (US + "وستضم القوة الجديدة أقل من 300 جندي في ريف دير الزور.", [(300, "less_than", "planned")]),
])
def test_deployments_to_come(text, expected):
    assert troops(text) == expected


# ---------------------------------------------------------------- "the additional forces" sent elsewhere
@pytest.mark.parametrize("text,expected", [
    ("وقالت الوزارة إن نحو 1200 من القوات الأمريكية الإضافية وصلت إلى الخليج لتعزيز الدفاعات.", []),
    # the same shape, arrived in Syria: a reinforcement there
    ("ووصل نحو 300 من القوات الأمريكية الإضافية إلى قاعدة في سوريا الأسبوع الماضي.", [(300, "approx", "past")]),
])
def test_definite_additional_forces_sent_elsewhere(text, expected):
    assert troops(text) == expected


# ---------------------------------------------------------------- a deadline is no date gone by
def test_withdrawal_by_a_deadline_is_of_troops_there_now():
    # "بحلول 15 آذار": a day and month alone resolve to the last such day, but a deadline is to come
    text = US + "وانتقد نواب قرار البيت الأبيض سحب قرابة 2000 جندي أمريكي من سوريا بحلول 15 آذار."
    assert [(v, w) for v, _, w in troops_on(text, date(2019, 1, 20))] == [(2000, "current")]
    # the same day, said of a withdrawal done before
    done = US + "وكانت واشنطن قد سحبت قرابة 2000 جندي أمريكي من سوريا في 15 آذار."
    assert [(v, w) for v, _, w in troops_on(done, date(2019, 9, 20))] == [(2000, "past")]


# ---------------------------------------------------------------- a figure listed after the clause's figure
@pytest.mark.parametrize("text,pub,expected", [
    # the clause's time (a year long gone, or "كان" far back in it) holds for the figure listed after it
    ("وبينما كان لدى الجيش الأمريكي في أواخر عام 2022 زهاء 2500 عسكري منتشرين في العراق، ونحو 900 في سوريا، فإن"
     " الوضع تغير.", date(2024, 9, 1), [(900, "approx", "past")]),
    ("وكان للولايات المتحدة في مطلع عام 2023 قرابة 2500 عسكري في العراق، و900 آخرين في سوريا.", date(2024, 6, 1),
     [(900, "exact", "past")]),
    # a present clause: the figure listed after it is now
    ("ويتمركز في العراق نحو 2500 جندي أمريكي، و900 في سوريا.", date(2024, 6, 1), [(900, "exact", "current")]),
])
def test_figure_listed_after_the_clause_figure_takes_its_time(text, pub, expected):
    assert troops_on(text, pub) == expected


def troops_on(text: str, pub: date) -> list[tuple]:
    return sorted((c["value"], c["qualifier"], c["when"])
                  for c in extract_claims(text, pub) if c["kind"] == "troops")


# ---------------------------------------------------------------- a casualty word on the line before
def test_casualty_word_before_a_line_break_inside_the_sentence():
    # the page breaks its line after "وإصابة": the soldiers on the next line are the hurt, no level
    text = ("قال البنتاغون إن الهجوم على القاعدة الأمريكية أسفر عن مقتل متعاقد وإصابة\nخمسة جنود أمريكيين.\n"
            "وتنشر واشنطن 900 جندي في سوريا.")
    assert troops(text) == [(900, "exact", "current")]
    # a line that ends its sentence: the next line's figure is read for itself
    assert troops("وقال إن الهجوم أسفر عن إصابة عدد من الجنود.\n900 جندي أمريكي ينتشرون في سوريا.") == \
        [(900, "exact", "current")]


# ---------------------------------------------------------------- troops another country hosts
@pytest.mark.parametrize("text,expected", [
    # the host named as the subject of "hosts", even with Syria named in a clause between
    ("وتحتضن الكويت قاعدة عريفجان، ويستضيف البلد الخليجي قرابة 13 ألف جندي أمريكي.", []),
    ("ويستضيف الأردن، الذي يشترك حدوداً طويلة مع سوريا، نحو 3000 جندي أميركي.", []),
    ("تستضيف قطر حوالي 8000 جندي أمريكي في قاعدة العديد.", []),
    # "the Kingdom" is never Syria
    ("ويتمركز في المملكة ما يصل إلى 2700 جندي أميركي بحسب البنتاغون.", []),
    # a contrast after the hosted figure: Syria's own level is kept
    ("وتستضيف الإمارات نحو 3500 جندي أمريكي، بينما تنشر واشنطن قرابة 900 جندي في سوريا.",
     [(900, "approx", "current")]),
    # a base hosting troops is no country
    ("وتضم القاعدة الأمريكية في التنف نحو 200 جندي أمريكي.", [(200, "approx", "current")]),
])
def test_troops_hosted_by_another_country(text, expected):
    assert troops(text) == expected


def test_a_range_beyond_a_level_in_syria_by_its_high_end():
    # "between 40 and 50 thousand in the region": the region's, whatever its low end reads as
    assert troops(US + "وتحتفظ واشنطن في قواعدها المنتشرة بالمنطقة بما بين 40 و50 ألف عسكري.") == []
    assert troops(US + "وتنشر واشنطن في سوريا حالياً ما بين 900 و1000 جندي.") == [(None, "range", "current")]


# ---------------------------------------------------------------- "سورية" as an adjective names no place
@pytest.mark.parametrize("text,expected", [
    # a force of Syrian factions the coalition builds: "سورية" is Syrian, not Syria
    ("وقال التحالف إنه يدرب مع فصائل سورية حليفة قوة حدودية قوامها 25 ألف فرد.", []),
    # Syria as a place keeps a figure above the level bound (flagged later, not dropped)
    (US + "وأرسلت الولايات المتحدة 12 ألف جندي أمريكي إلى سوريا.", [(12000, "exact", "past")]),
    (US + "وينتشر في شمال سوريا 15 ألف جندي أمريكي بحسب الصحيفة.", [(15000, "exact", "current")]),
])
def test_a_figure_beyond_the_bound_needs_syria_as_a_place(text, expected):
    assert troops(text) == expected


# ---------------------------------------------------------------- "قبل أن" in a past narrative
@pytest.mark.parametrize("text,expected", [
    # told in the past ("كان"): the change after "قبل أن" happened, its result is now
    ("وكانت القوات الأمريكية تعد قرابة 2000 جندي في سوريا قبل أن تقلص عددها إلى 1400.",
     [(1400, "exact", "current"), (2000, "approx", "past")]),
    ("وكان عديد القوات الأمريكية في سوريا 900 جندي قبل أن يرتفع إلى 2000.",
     [(900, "exact", "past"), (2000, "exact", "current")]),
    # told of what is to come: still a plan
    ("ويتوقع أن تبقى القوات الأمريكية في سوريا أشهراً قبل أن تنخفض إلى 500 جندي.", [(500, "exact", "planned")]),
])
def test_a_change_after_qabla_an_in_a_past_narrative_is_done(text, expected):
    assert troops(US + text) == expected


# ---------------------------------------------------------------- a denied figure; lists; results; far verbs
@pytest.mark.parametrize("text,expected", [
    # a figure the sentence denies is no level; one affirmed after the denial's clause is
    ("ونفت وزارة الدفاع أن يكون عديد جنودها في سوريا قد تجاوز 2500 جندي.", []),
    ("ونفى المتحدث تقارير عن انسحاب القوات، مؤكداً أن 900 جندي أمريكي ما زالوا في سوريا.", [(900, "exact", "current")]),
    # "إضافة إلى N في ..." lists a second troop figure (Iraq's is still left out)
    ("ويتمركز نحو 150 جندياً أمريكياً في التنف، بالإضافة إلى 750 في ريف الحسكة.",
     [(150, "approx", "current"), (750, "exact", "current")]),
    ("وينتشر في سوريا قرابة 900 جندي أمريكي، علاوة على 2500 في العراق.", [(900, "approx", "current")]),
    # the level a change leaves ("ليصبح"): planned when the change is to come, now when done
    ("وقالت الوزارة إنها ستخفض قواتها في سوريا بنحو 500 جندي، ليصل عددها إلى قرابة 1500 جندي.",
     [(1500, "approx", "planned")]),
    ("وسحب الجيش الأمريكي من سوريا الشهر الماضي 500 جندي، لتبقى هناك قوة من 1500 جندي.",
     [(500, "exact", "past"), (1500, "exact", "current")]),
    # a withdrawal verb with its subject before the figure still moves it
    ("وسحبت القيادة المركزية الأمريكية 400 جندي من شرق سوريا.", [(400, "exact", "past")]),
    # a time gone by before the verb dates the announcement, not the withdrawal: the troops are there
    ("وفي الأيام الماضية أعلن البيت الأبيض سحب 1000 جندي من سوريا.", [(1000, "exact", "current")]),
])
def test_denied_listed_resulting_and_withdrawn_figures(text, expected):
    assert troops(US + text) == expected


# ---------------------------------------------------------------- origins, and "the number comes to"
@pytest.mark.parametrize("text,expected", [
    # a country after "من" is where the troops come from, not where they go
    ("ودفع الجيش الأمريكي بنحو 120 جندياً إلى قاعدة الشدادي قادمين من الأردن.", [(120, "approx", "past")]),
    ("وأرسلت واشنطن 300 جندي إضافي إلى الأردن.", []),
    # the number "comes to" (present): a state now; "will come to" and "expected to come to": a plan
    ("ويبلغ عدد الجنود الأمريكيين في شرق سوريا إلى قرابة 1200 جندي وفق مصادر محلية.", [(1200, "approx", "current")]),
    ("وسيصل عدد الجنود الأمريكيين في سوريا إلى 1500 جندي.", [(1500, "exact", "planned")]),
    ("ومن المتوقع أن يصل عدد الجنود الأمريكيين إلى 1000 بعد انتهاء الانسحاب.", [(1000, "exact", "planned")]),
])
def test_origins_and_states(text, expected):
    assert troops(US + text) == expected


def test_soldiers_who_carried_out_an_operation_are_no_level():
    # the team of a raid, told with a past verb of doing, is no troop level
    assert troops(US + "وأضاف أن قرابة 40 جندياً أمريكياً شنوا الغارة على مخبأ قيادي في التنظيم.") == []
    # a present verb describes the force's standing task: the level stays
    assert troops(US + "ويبلغ عدد الجنود الأمريكيين في سوريا 900 جندي يقومون بتدريب قسد.") == [(900, "exact", "current")]
