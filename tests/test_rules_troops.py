"""Troop-figure rules for outlets the rules were not tuned on: casualties are not
levels, other deployments are left out without losing Syria's, future verbs of
keeping make a figure planned, vague hundreds are no figure (CONVENTIONS.md).
Sentences of our own."""
from datetime import date

import pytest

from lib.extract import extract_claims

PUB = date(2024, 3, 10)


def troops(text: str) -> list[tuple]:
    return sorted((c["value"], c["qualifier"], c["when"])
                  for c in extract_claims(text, PUB) if c["kind"] == "troops")


@pytest.mark.parametrize("text", [
    # soldiers in a list of the dead
    "قتل 15 شخصاً الأربعاء بينهم تسعة مدنيين و4 جنود أميركيين جراء تفجير استهدف دورية للتحالف في منبج.",
    "وأسفر الانفجار عن مقتل 11 شخصاً، من بينهم 3 جنود أمريكيين، وفق المرصد.",
    # soldiers hurt or killed, told after the figure
    "وأضافت الوكالة أن الانفجار أوقع 9 جنود أمريكيين، بين قتيل وجريح.",
    # vague hundreds are no figure
    "وسيبقي القرار على مئات من عناصر القوات الأميركية في سوريا.",
    "وتضم القاعدة الأمريكية في سوريا عشرات الجنود الأمريكيين.",
])
def test_no_troop_level(text):
    assert troops(text) == []


@pytest.mark.parametrize("text,expected", [
    # "from Afghanistan and Iraq" is where troops left, not where the figure is
    ("ولم تتغير مهمة القوات الأمريكية في سوريا بعد الانسحاب من أفغانستان والعراق، إذ ستُبقي الإدارة الأمريكية"
     " على حوالي 900 عسكري.", [(900, "approx", "planned")]),
    # Iraq's figure left out, Syria's "آخرين" kept
    ("يذكر أن 2,500 جندي أميركي يتوزعون في العراق، و900 آخرين في سوريا.", [(900, "exact", "current")]),
    ("ويحتفظ حلف الناتو بنحو 4000 جندي في العراق، بينما ينتشر نحو 900 جندي أمريكي في سوريا.",
     [(900, "approx", "current")]),
])
def test_other_deployments_left_out(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a future verb after a past word in the clause: the future governs the figure
    ("وأكدت الوزارة تقريراً سابقاً لشبكة أمريكية يفيد بأنه سيبقى أقل من 1000 جندي أمريكي في سوريا.",
     [(1000, "less_than", "planned")]),
    ("وقال المسؤول إن واشنطن ستحافظ على وجود نحو 1500 جندي في سوريا حتى نهاية العام.",
     [(1500, "approx", "planned")]),
    ("وأشار إلى أن القوات الأمريكية ستواصل الاحتفاظ بنحو 900 جندي شرقي سوريا.", [(900, "approx", "planned")]),
    # the past word after the future one still makes it past
    ("وكان عدد الجنود الأمريكيين في سوريا قد بلغ 2000 جندي.", [(2000, "exact", "past")]),
])
def test_future_verbs_of_keeping(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a reduction under way (a verbal noun after "على"): the level cut from is now, the target planned
    ("وتعمل واشنطن على خفض عدد جنودها في سوريا من نحو 2000 إلى ما يقارب 1000 جندي.",
     [(1000, "approx", "planned"), (2000, "approx", "current")]),
    # a cut done, then another planned in a later clause: the first target is now
    ("وخفضت الولايات المتحدة عدد قواتها في سوريا من نحو 2000 جندي إلى 1400، وتعتزم خفضها إلى أقل من ألف.",
     [(1000, "less_than", "planned"), (1400, "exact", "current"), (2000, "approx", "past")]),
    # a future word after the target, in its clause
    ("وأعلن البنتاغون خفض عدد القوات الأمريكية في سوريا إلى 900 جندي خلال الأشهر المقبلة.",
     [(900, "exact", "planned")]),
    # "والبالغ عددها": the force as it is, whatever is decided about it
    ("وقررت إدارة ترامب سحب جميع القوات الأمريكية من سوريا والبالغ عددها نحو 2000 جندي.",
     [(2000, "approx", "current")]),
])
def test_the_level_cut_from_and_the_target(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the force deployed in Syria is the level now; a reinforcement sent is past
    ("ونشرت الولايات المتحدة نحو 2000 جندي في سوريا لمحاربة تنظيم داعش.", [(2000, "approx", "current")]),
    ("وأرسل البنتاغون 200 جندي إضافي إلى سوريا.", [(200, "exact", "past")]),
])
def test_deployments(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a figure set against the level: the one announced before is past
    ("وكشف البنتاغون أن عدد القوات الأمريكية في سوريا يبلغ 2000 جندي وليس 900 كما كان معلناً.",
     [(900, "exact", "past"), (2000, "exact", "current")]),
    ("وقال المتحدث إن عدد الجنود الأمريكيين في سوريا يبلغ نحو 2000 جندي، بدلاً من 900 جندي كما كان معلناً سابقاً.",
     [(900, "exact", "past"), (2000, "approx", "current")]),
    ("وأقر البنتاغون بوجود 2000 جندي في سوريا، وهو أكثر من ضعف الرقم المعلن سابقاً البالغ 900.",
     [(900, "exact", "past"), (2000, "exact", "current")]),
])
def test_the_figure_announced_before(text, expected):
    assert troops(text) == expected


def test_a_bare_figure_after_a_troop_figure_is_not_always_troops():
    # "لا" before a figure of days is no troop figure: only a figure set against the troops
    assert troops("وتنشر واشنطن نحو 900 جندي في سوريا منذ 5 سنوات.") == [(900, "approx", "current")]


@pytest.mark.parametrize("text,expected", [
    # a bare figure ending "the number of the troops"
    ("ويقدر عدد الجنود الأمريكيين في سوريا بنحو 900.", [(900, "approx", "current")]),
    ("ويبلغ عديد القوات الأمريكية في سوريا قرابة 2000.", [(2000, "approx", "current")]),
    # the US named only inside a troop phrase ("من القوات الخاصة الأمريكية")
    ("ويتمركز في قاعدة التنف نحو 200 من القوات الخاصة الأمريكية.", [(200, "approx", "current")]),
    ("ويتواجد في سوريا حوالي 900 من أفراد الجيش الأمريكي.", [(900, "approx", "current")]),
    ("ويقدر عدد العسكريين الأمريكيين في سوريا بألفي عسكري.", [(2000, "exact", "current")]),
])
def test_numbers_of_troops(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text", [
    'لا يعرف على وجه الدقة عدد العسكريين الأميركيين في "البرج 22"، ولا نوع الأسلحة فيه.',  # a name's figure
    "ويبلغ عدد القوات الأمريكية في سوريا 3 فرق.",  # not a bare figure at the end of its clause
])
def test_no_number_of_troops(text):
    assert troops(text) == []


@pytest.mark.parametrize("text", [
    # the hurt and the evacuated, in the words before or after the figure
    "وارتفع عدد المصابين من الجنود الأمريكيين إلى 34 جندياً.",
    "وبلغ عدد الجرحى 40 عسكرياً أمريكياً، بحسب البنتاغون.",
    "وأصيب في الهجوم 34 عسكرياً أمريكياً بارتجاج في المخ.",
    "وتعرض 40 جندياً أمريكياً لإصابات دماغية جراء الهجوم.",
    "وتم إجلاء 8 جنود أمريكيين لتلقي العلاج في ألمانيا.",
    "وقال البنتاغون إن 8 جنود عادوا إلى الخدمة بعد تلقي العلاج.",
    # troops at a named base of another country (Tower 22 is in Jordan)
    "ويخدم في البرج 22 نحو 350 جندياً أمريكياً.",
    "وكان نحو 350 عسكرياً أمريكياً من الجيش والقوات الجوية منتشرين في البرج 22 بالأردن.",
])
def test_casualties_and_other_countries_bases_are_no_level(text):
    assert troops(text) == []


def test_troops_at_a_syrian_base_are_a_level():
    assert troops("ويتمركز في قاعدة التنف نحو 200 جندي أمريكي.") == [(200, "approx", "current")]


def test_a_deployment_told_with_had_is_past():
    assert troops("وكانت واشنطن قد نشرت نحو 2000 جندي في سوريا قبل سنوات.") == [(2000, "approx", "past")]


# ---------------------------------------------------------------- round 10 (tune2 gold)
def test_soldiers_leaving_for_another_country_are_no_level_in_syria():
    assert troops("وقال الوزير إنه من المتوقع انتقال 700 جندي سحبوا من سوريا إلى غرب العراق.") == []
    assert troops("ورجح المسؤول ذهاب نحو 500 جندي إلى الأردن بعد إخلاء القاعدة.") == []
    # a level with no move elsewhere is still a level
    assert [t[0] for t in troops("ويوجد نحو 700 جندي أمريكي في سوريا حالياً.")] == [700]


# ---------------------------------------------------------------- round 11 (tune3 gold)
def test_a_level_restated_in_another_tense_is_one_item_the_first():
    text = ("وقال البنتاغون إن لديه 1800 جندي في سوريا، وهو أعلى من الرقم المعلن سابقاً البالغ 700 جندي. "
            "وأضاف المتحدث: كنت أقول لكم إن عدد الجنود 700، وأردت أن أصحح ذلك.")
    assert troops(text) == [(700, "exact", "past"), (1800, "exact", "current")]


def test_a_thousand_dual_with_the_article_is_a_figure():
    assert troops("وقرر الرئيس سحب القوات كلها، وقوامها ما يناهز الألفي جندي أمريكي.") == [(2000, "approx", "current")]


def test_half_of_them_is_half_of_the_figure_and_holds_when_it_does():
    assert troops("وقال الرئيس إنه سيبقي 600 جندي أمريكي في سوريا، نصفهم في قاعدة التنف.") == [
        (300, "half_of", "planned"), (600, "exact", "planned")]
    # no figure before it: nothing to take half of
    assert troops("وقال إن نصفهم في قاعدة التنف.") == []


def test_a_force_described_after_a_comma_takes_the_verb_before_it():
    assert troops("وأكد البيت الأبيض أنه سيحتفظ بقوة صغيرة، مؤلفة من ثلاثمئة جندي أمريكي، في شمال سوريا.") == [
        (300, "exact", "planned")]
    # without a verb of the future before it, the force is the one there now
    assert troops("وتنتشر في المنطقة قوة أمريكية، مكونة من 300 جندي أمريكي، في شمال سوريا.") == [
        (300, "exact", "current")]


def test_tens_of_thousands_in_the_region_are_no_level_in_syria():
    assert troops("وقال البنتاغون إن عدد الجنود الأمريكيين في المنطقة يبلغ حالياً نحو 43 ألف جندي.") == []
    # a level in Syria of that sentence's shape is kept
    assert troops("وقال البنتاغون إن عدد الجنود الأمريكيين في سوريا يبلغ حالياً نحو 1500 جندي.") == [
        (1500, "approx", "current")]
    # an absurd figure said of Syria alone is kept, for ingest to flag
    assert troops("وقال البنتاغون إن عدد الجنود الأمريكيين في سوريا يبلغ حالياً نحو 43 ألف جندي.") == [
        (43000, "approx", "current")]


def test_half_of_the_number_of_troops_takes_the_level_told_before():
    text = ("ويبلغ عدد الجنود الأمريكيين في سوريا نحو 1600 جندي. "
            "وتوقع مسؤول أن نصف عدد الجنود الأمريكيين سيغادرون البلاد خلال أشهر.")
    assert troops(text) == [(800, "half_of", "planned"), (1600, "approx", "current")]
    # with no level told before, half of an unknown number is nothing
    assert troops("وتوقع مسؤول أن نصف عدد الجنود الأمريكيين سيغادرون البلاد خلال أشهر.") == []


# ---------------------------------------------------------------- round 14 (tune3 gold, second batch)
@pytest.mark.parametrize("text,expected", [
    # a recommendation to keep is a plan
    ("وقال المسؤولون إن القادة أوصوا بإبقاء 700 جندي أمريكي على الأقل في سوريا.", (700, "at_least", "planned")),
    # soldiers who left in the weeks before: past
    ("وشهدت سوريا خلال الشهر الماضي خروج أكثر من 300 جندي أمريكي من قواعدها.", (300, "more_than", "past")),
    # "N soldiers were in Syria"
    ("وقال المسؤولون الأمريكيون لسنوات إن 700 جندي كانوا في سوريا.", (700, "exact", "past")),
    # a verb of staying right after the figure
    ("وذكرت الصحيفة أن نحو 600 من عسكريي الولايات المتحدة قد يظلون في شرق سوريا.", (600, "approx", "planned")),
    ("وأضافت أن 300 جندي أمريكي سيبقون في قاعدة التنف.", (300, "exact", "planned")),
    # a future verb of reaching is a plan
    ("فيما سيبلغ عدد العسكريين الأمريكيين الذين يحرسون حقول النفط نحو 400.", (400, "approx", "planned")),
])
def test_tense_told_around_the_figure(text, expected):
    assert troops(text) == [expected]


# ---------------------------------------------------------------- round 16 (tuning set tune4_troops)
# Ranges written "بين X إلى Y", coalition soldiers, "عنصر" after a count of US troops, considering
# and evacuating, units after "من عناصر", figures of Syria and another country together, a base
# described after a comma, articles that never name Syria, targets with a future phrase after them,
# and the level left with "مع بقاء"; "نقلت الوكالة" reports, it moves no troops.
def troop_claims(text: str) -> list[dict]:
    return [c for c in extract_claims(text, PUB) if c["kind"] == "troops"]


@pytest.mark.parametrize("text,low,high,when", [
    ("وتعتزم واشنطن الإبقاء على ما بين 700 إلى 800 جندي في شمال شرق سوريا.", 700, 800, "planned"),
    ("وقال مسؤول إن القوات الأمريكية المنتشرة في سوريا تضم حالياً بين 1500 إلى 2000 عسكري.", 1500, 2000, "current"),
    ("ونقلت الوكالة أن البنتاغون سيحتفظ بنحو 400 إلى 600 جندي أمريكي قرب حقول النفط السورية.", 400, 600, "planned"),
])
def test_a_range_written_with_ila_is_one_range(text, low, high, when):
    (c,) = troop_claims(text)
    assert (c["value"], c["low"], c["high"], c["qualifier"], c["when"]) == (None, low, high, "range", when)


def test_a_cut_from_one_figure_to_another_is_no_range():
    assert troops("وخفضت الولايات المتحدة عدد قواتها في سوريا من 2000 جندي إلى 1400 جندي خلال الربيع.") == \
        [(1400, "exact", "current"), (2000, "exact", "past")]


def test_allied_soldiers_are_the_coalitions():
    (c,) = troop_claims("وسيعمل الجنود الأمريكيون ضمن قوة قوامها نحو 600 إلى 900 جندي من الحلفاء الفرنسيين"
                        " والبريطانيين شمال سوريا.")
    assert (c["low"], c["high"], c["when"], c["actor"]) == (600, 900, "planned", "coalition")
    (c,) = troop_claims("وتنتشر في شمال شرق سوريا نحو 2000 جندي أمريكي.")
    assert c["actor"] == "US"


@pytest.mark.parametrize("text,expected", [
    # "عنصر" restates "عدد الجنود الأمريكيين" even in a sentence that names ISIS
    ("وقال المتحدث إن عدد الجنود الأمريكيين في سوريا لمواجهة تنظيم داعش يبلغ نحو 900 عنصر.",
     [(900, "approx", "current")]),
    ("وأوضح أن عدد القوات الأميركية التي ستبقى بعد هزيمة داعش سيكون أقل من 700 عنصر.",
     [(700, "less_than", "planned")]),
    # not when whose troops is not said ("التابعة لها": the SDF's), nor ISIS's fighters
    ("وقالت قسد إن عدد القوات التابعة لها في دير الزور يبلغ 5000 عنصر بدعم من التحالف.", []),
    ("وقدّر المرصد عدد مقاتلي تنظيم داعش في البادية بنحو 2000 عنصر.", []),
])
def test_a_weak_noun_after_a_count_of_us_troops(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # considering keeping is a plan
    ("وذكرت الصحيفة أن البيت الأبيض يفكر في إبقاء نحو 300 جندي قرب حقول النفط في سوريا.",
     [(300, "approx", "planned")]),
    # evacuated soldiers are gone: past
    ("وأجلت القوات الأمريكية نحو 150 جندياً من قاعدة التنف قبل الهجوم بساعات.", [(150, "approx", "past")]),
    # a unit after "من عناصر", in a sentence naming the SDF too
    ("وأرسلت واشنطن عام 2017 نحو 250 من عناصر القوات الخاصة إلى منبج لدعم قوات سوريا الديمقراطية.",
     [(250, "approx", "past")]),
])
def test_keeping_evacuating_and_sending(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text", [
    "وأكد مسؤول أن نحو 700 جندي من اللواء المدرع الثالث التابع للجيش الأمريكي سيخدمون في سوريا والعراق حتى الصيف.",
    "وتستعد واشنطن لإرسال 1200 عسكري إلى قواعدها المنتشرة في العراق وسوريا بعد تصاعد الهجمات.",
])
def test_a_figure_of_syria_and_another_country_together_is_none_of_syrias(text):
    assert troops(text) == []


def test_syria_first_then_the_coalitions_area_keeps_the_figure():
    assert troops("وينتشر نحو 900 جندي أمريكي في سوريا ضمن التحالف الدولي ضد داعش في العراق وسوريا.") == \
        [(900, "approx", "current")]


@pytest.mark.parametrize("text", [
    "واستهدفت المسيرات قاعدة عين الأسد، وهي قاعدة جوية تستضيف نحو 1500 جندي أمريكي، فيما تنتشر القوات الأمريكية"
    " في سوريا.",
    "ضربت الطائرة المسيرة البرج 22، قاعدة لوجستية يخدم فيها قرابة 350 عسكرياً أمريكياً قرب الحدود السورية.",
])
def test_a_base_elsewhere_described_after_a_comma_holds_the_figure(text):
    assert troops(text) == []


def test_an_article_that_never_names_syria_gives_no_level_there():
    iraq = ("أكد البنتاغون التزامه بإنهاء مهمة التحالف الدولي في العراق خلال العام المقبل.\n"
            "ويقدر عدد القوات الأمريكية التي ستبقى في إقليم كردستان بنحو 1500 جندي.")
    assert troops(iraq) == []
    # the same figure in an article that names Syria is a level there
    syria = iraq.replace("في إقليم كردستان", "في شمال شرق سوريا")
    assert troops(syria) == [(1500, "approx", "planned")]
    # and an article naming no country at all keeps its figure
    assert troops("وقال المتحدث إن نحو 900 جندي أمريكي يواصلون مهمتهم ضد داعش.") == [(900, "approx", "current")]


@pytest.mark.parametrize("text,expected", [
    # a target after "إلى" with a future phrase after it, with or without a change verb known
    ("ويتجه الجيش الأمريكي إلى أقل من 500 جندي في سوريا بحلول نهاية العام.", [(500, "less_than", "planned")]),
    ("وقالت وزارة الدفاع الأمريكية إنها تعيد تموضع قواتها، مخفضةً عددها إلى نحو 800 جندي خلال الصيف المقبل.",
     [(800, "approx", "planned")]),
])
def test_a_target_with_a_future_phrase_after_it_is_planned(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,when", [
    ("أعلن البنتاغون عن سحب 400 جندي من سوريا مع بقاء نحو 1100 جندي في قواعد الشمال الشرقي.", "planned"),
    ("وستسحب واشنطن 400 جندي من سوريا على أن يبقى نحو 1100 جندي في قواعد الشمال الشرقي.", "planned"),
    # once the withdrawal is done, the level left is the one now
    ("وسحبت الولايات المتحدة 400 جندي من سوريا، مع بقاء نحو 1100 جندي في قواعد الشمال الشرقي.", "current"),
])
def test_the_level_left_by_a_change_takes_its_time(text, when):
    left = [c for c in troop_claims(text) if c["value"] == 1100]
    assert [c["when"] for c in left] == [when]


@pytest.mark.parametrize("text,expected", [
    # "N آخرين" after a verb withdrawing or sending troops: troops, timed as the move
    ("وأعلن وزير الدفاع أن الولايات المتحدة ستسحب نحو 700 آخرين من شمال سوريا.", [(700, "approx", "current")]),
    ("وأرسلت واشنطن 300 آخرين إلى سوريا الشهر الماضي.", [(300, "exact", "past")]),
    # not "others" hurt
    ("قتل مسلحون 5 أشخاص وأصيب 7 آخرين في هجوم على قاعدة أمريكية في سوريا.", []),
    # "N منهم" with a verb of staying, after a troop level told before; not without one
    ("ويوجد في سوريا نحو 1500 جندي أمريكي.\nووفق الصحيفة فإن 400 منهم سيبقون قرب حقول النفط.",
     [(400, "exact", "planned"), (1500, "approx", "current")]),
    ("وقال المسؤول الأمريكي إن 400 منهم سيبقون في المخيم.", []),
])
def test_troops_implied_by_others_and_of_them(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text", [
    "وأودى الهجوم بحياة ثلاثة جنود أمريكيين قرب الحدود السورية الأردنية.",
    "وقالت الوزارة الأمريكية إن 34 عسكرياً أمريكياً على الأقل تعرضوا لإصابات دماغية في الهجوم على قاعدة في سوريا.",
])
def test_the_dead_and_hurt_told_around_a_hedge_are_no_level(text):
    assert troops(text) == []


def test_a_figure_opening_its_clause_takes_the_time_of_the_clause_before():
    assert troops("وقال المتحدث إن عدد القوات الأمريكية في سوريا يبلغ 2000 جندي، وهو ما يفوق الرقم المعلن سابقاً،"
                  " 900 جندي، بكثير.") == [(900, "exact", "past"), (2000, "exact", "current")]
    # a clause with its own word before the figure keeps its own time
    assert troops("أمر ترامب بسحب القوات الأمريكية من سوريا، وقوامها ما يناهز الألفي جندي.") == \
        [(2000, "approx", "current")]


@pytest.mark.parametrize("text,expected", [
    # a verb of change governing the force: "من X إلى Y" counts troops without a noun after them
    ("وخفضت واشنطن قواتها في سوريا من 2000 إلى 1400.", [(1400, "exact", "current"), (2000, "exact", "past")]),
    ("وقررت الولايات المتحدة تقليص القوات الأمريكية في سوريا من نحو 2000 إلى نحو 1000.",
     [(1000, "approx", "planned"), (2000, "approx", "current")]),
    # "مستوى قواتها" counts like "عدد قواتها"; "سوف" is future
    ("وستقلل الولايات المتحدة مستوى قواتها في سوريا من 2000 إلى 1400.",
     [(1400, "exact", "planned"), (2000, "exact", "current")]),
    ("وسوف ينخفض الموظفون العسكريون الأمريكيون في سوريا من 2200 إلى 1400.",
     [(1400, "exact", "planned"), (2200, "exact", "current")]),
    # the attacks on the forces change, not the forces
    ("وارتفع عدد الهجمات على القوات الأمريكية في سوريا من 50 إلى 70 هجوما.", []),
])
def test_a_change_of_the_force_from_one_figure_to_another(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # "العدد"/"الرقم" taking up the number of troops named before it in the sentence
    ("لم تكشف وزارة الدفاع عن عدد الجنود الأمريكيين الذين سيغادرون سوريا، غير أن مصادر قالت إن العدد يبلغ نحو 500.",
     [(500, "approx", "current")]),
    # of troops to stay: planned
    ("لم يحدد البنتاغون عدد القوات التي ستبقى في دير الزور، لكن مسؤولاً قال إن الرقم هو 300.",
     [(300, "exact", "planned")]),
    # not the number of attacks, nor of another side's forces
    ("وارتفع عدد الهجمات على القوات الأمريكية، وقال المرصد إن العدد هو 70.", []),
    ("وقالت قسد إن عدد القوات التابعة لها في الرقة غير معلن، لكن الرقم يبلغ 5000.", []),
])
def test_the_number_taken_up_later_in_the_sentence(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # proposing, wanting, seeking to keep: a plan
    ("واقترح البنتاغون الإبقاء على 500 جندي في سوريا.", [(500, "exact", "planned")]),
    ("وقالت واشنطن إنها تريد إبقاء نحو 400 جندي في سوريا.", [(400, "approx", "planned")]),
    # a doubling told done: the level it started from was
    ("وتضاعف عدد الجنود الأمريكيين في سوريا من 900 إلى 2000 جندي خلال الأشهر الماضية.",
     [(900, "exact", "past"), (2000, "exact", "current")]),
    # "جنوده" is a force counted by "عدد"
    ("وكان البنتاغون قد أعلن أن عدد جنوده في سوريا سيصل إلى 500 بحلول نهاية العام.", [(500, "exact", "planned")]),
    # a bare figure placed in Syria after a troop figure placed elsewhere
    ("ويتمركز في العراق نحو 2500 جندي أمريكي، فيما ينتشر في سوريا قرابة 900.", [(900, "approx", "current")]),
    ("ونشرت واشنطن 2500 جندي في العراق، وفي سوريا نحو 900.", [(900, "approx", "current")]),
    ("وقتل 5 جنود أمريكيين في العراق، فيما أصيب في سوريا 3.", []),
])
def test_plans_doublings_and_figures_placed_in_syria(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # "وفي أفغانستان، ... 2500 جندي": placed elsewhere even with "و" on "في"
    ("وفي أفغانستان، تحتفظ واشنطن بنحو 2500 جندي، بينما لا يتجاوز عدد جنودها في سوريا 900.",
     [(900, "exact", "current")]),
    # "كانوا هناك"، "آنذاك" after the figure: a level that was
    ("وقال مسؤولون إن الولايات المتحدة ستبقي بعد الانسحاب قوة من 400 جندي، مقارنة بـ2000 جندي كانوا هناك قبل عام.",
     [(400, "exact", "planned"), (2000, "exact", "past")]),
    ("وكان عدد الجنود الأمريكيين في سوريا آنذاك نحو 500 جندي.", [(500, "approx", "past")]),
    # soldiers taking part, told after the figure
    ("وأعلنت القيادة المركزية أن 1500 جندي أمريكي شاركوا في المناورات في سوريا.", []),
    # "التي يبلغ قوامها قرابة 2000": the force's own size
    ("وأوضح أن القوات الأمريكية في سوريا، التي يبلغ قوامها قرابة 2000، ستنسحب بالكامل.",
     [(2000, "approx", "current")]),
])
def test_places_times_and_sizes_told_around_the_figure(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # "نقلت وكالة/شبكة ... عن" reports: the move it reports is not done
    ("ونقلت وكالة رويترز عن مسؤولين أن واشنطن ستسحب 1000 جندي من سوريا.", [(1000, "exact", "current")]),
    ("ونقلت شبكة سي إن إن عن مسؤولين أن واشنطن سترسل 500 جندي إضافي إلى سوريا.", [(500, "exact", "planned")]),
    ("وسحبت الولايات المتحدة 500 جندي من سوريا.", [(500, "exact", "past")]),
    # a bare figure right after a verb of staying, after a troop figure
    ("ومن أصل 2000 جندي أمريكي في سوريا، سيبقى 1000 فقط.", [(1000, "exact", "planned"), (2000, "exact", "current")]),
    # "بعد أن كان نحو ألفين": the level cut from — now while the cut is to come, was once done
    ("وأعلن البنتاغون أنه سيخفض عدد الجنود الأمريكيين في سوريا إلى أقل من ألف، بعد أن كان نحو ألفين.",
     [(1000, "less_than", "planned"), (2000, "approx", "current")]),
    ("وتراجع عدد الجنود الأمريكيين في سوريا إلى 1400، بعد أن كان نحو ألفين.",
     [(1400, "exact", "current"), (2000, "approx", "past")]),
    ("وارتفع عدد الهجمات على القوات الأمريكية إلى 70، بعد أن كان 40.", []),
])
def test_reports_stays_and_what_the_number_was(text, expected):
    assert troops(text) == expected


def test_an_undated_article_is_at_least_as_recent_as_the_latest_year_it_names():
    def undated(text: str) -> list[tuple]:
        return sorted((c["value"], c["qualifier"], c["when"])
                      for c in extract_claims(text, None) if c["kind"] == "troops")
    text = ("وقالت وزارة الدفاع الأمريكية في عام 2025 إن لديها نحو 1500 جندي في سوريا.\n"
            "وكانت الولايات المتحدة قد نشرت في عام 2019 نحو 600 جندي، ثم ارتفع عدد قواتها في عام 2021 إلى 900 جندي.")
    assert undated(text) == [(600, "approx", "past"), (900, "exact", "past"), (1500, "approx", "current")]
    # a single year named is the article's own: its figure stays current
    assert undated("وقالت وزارة الدفاع الأمريكية في عام 2021 إن لديها نحو 900 جندي في سوريا.") == \
        [(900, "approx", "current")]


@pytest.mark.parametrize("text,low,high,when", [
    # "من X إلى Y" after a verb of ranging is a range, not a cut
    ("ويتراوح عدد الجنود الأمريكيين في سوريا من 900 إلى 1000 جندي.", 900, 1000, "current"),
    # a future verb on the count itself: planned, whatever adjective follows ("المتبقية")
    ("وسيتراوح عدد القوات الأمريكية المتبقية بين 500 و600 جندي.", 500, 600, "planned"),
])
def test_ranges_after_a_verb_of_ranging(text, low, high, when):
    (c,) = troop_claims(text)
    assert (c["low"], c["high"], c["qualifier"], c["when"]) == (low, high, "range", when)


@pytest.mark.parametrize("text,expected", [
    # "، أي نحو 1000 جندي" restates the target of the clause before: its time
    ("ومن شأن القرار أن يخفض عدد الجنود الأمريكيين في سوريا إلى النصف، أي نحو 1000 جندي.",
     [(1000, "approx", "planned")]),
    # soldiers who left, told after the figure
    ("وقال مسؤولون إن نحو 500 جندي أمريكي غادروا سوريا خلال الأسابيع الماضية.", [(500, "approx", "past")]),
])
def test_restated_targets_and_soldiers_who_left(text, expected):
    assert troops(text) == expected


def test_a_figure_too_large_for_syria_in_a_sentence_not_naming_it_is_no_level():
    assert troops("ويخدم في القوات الأمريكية حول العالم نحو مليون و300 ألف جندي.") == []
    assert troops("وقالت الوزارة إن 250 ألف جندي أمريكي ينتشرون خارج الولايات المتحدة.") == []


@pytest.mark.parametrize("text,expected", [
    # keeping announced is to come; keeping done is the level now
    ("وأعلن البنتاغون الإبقاء على نحو 900 جندي في سوريا.", [(900, "approx", "planned")]),
    ("وأعلنت واشنطن إبقاء 400 جندي في سوريا.", [(400, "exact", "planned")]),
    ("وتم الإبقاء على نحو 900 جندي أمريكي في سوريا.", [(900, "approx", "current")]),
    ("وأبقت الولايات المتحدة نحو 900 جندي في سوريا منذ عام 2019.", [(900, "approx", "current")]),
])
def test_keeping_announced_or_done(text, expected):
    assert troops(text) == expected


def test_un_forces_are_not_the_coalitions():
    assert troops("وتضم قوة الأمم المتحدة لمراقبة فض الاشتباك في الجولان السوري نحو 1100 جندي، بينما تنشر واشنطن"
                  " قواتها شرق سوريا.") == []
    # a US figure told to the UN, and US peacekeepers, are the coalition's
    assert troops("وأبلغت واشنطن الأمم المتحدة أنها تنشر 900 جندي أمريكي في سوريا.") == [(900, "exact", "current")]
    assert troops("وقال البيت الأبيض إن مجموعة صغيرة لحفظ السلام من نحو 200 جندي ستبقى في سوريا.") == \
        [(200, "approx", "planned")]


def test_a_person_noun_after_a_count_of_us_troops():
    assert troops("وقال إن عدد القوات الأمريكية في سوريا يبلغ 900 شخص.") == [(900, "exact", "current")]
    # people of a camp or a casualty list are not troops
    assert troops("وقالت واشنطن إن عدد سكان مخيم الهول يبلغ 40 ألف شخص.") == []
    assert troops("وقتل في الهجوم على القوات الأمريكية 5 أشخاص.") == []


@pytest.mark.parametrize("text,expected", [
    # a figure said for years ("لسنوات قالت"، "لطالما أكدت") is no longer the one: past
    ("وقالت الولايات المتحدة علنا لسنوات إن لديها 900 جندي في سوريا.", [(900, "exact", "past")]),
    ("ولطالما أكدت وزارة الدفاع الأمريكية أن عدد قواتها في سوريا 900 جندي.", [(900, "exact", "past")]),
    # kept for years, or to be kept for years, is not
    ("وتحتفظ واشنطن لسنوات بنحو 900 جندي في سوريا.", [(900, "approx", "current")]),
    ("وقال المسؤول إن واشنطن ستبقي 900 جندي في سوريا لسنوات.", [(900, "exact", "planned")]),
])
def test_a_figure_said_for_years(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the figure a larger one is "more than double" of is the outgrown, past one
    ("وكشف البنتاغون أن عدد القوات الأمريكية في سوريا يبلغ نحو 2000 جندي، أي أكثر من ضعف الرقم الرسمي (900).",
     [(900, "exact", "past"), (2000, "approx", "current")]),
    # "عددهم" after troops counted earlier in the sentence
    ("وأقر البنتاغون بوجود 2000 جندي أمريكي في سوريا بعدما كان يقول إن عددهم 900.",
     [(900, "exact", "past"), (2000, "exact", "current")]),
    # a larger figure compared with a smaller one after it keeps both times as told
    ("وتنشر واشنطن 2500 جندي في العراق، أي نحو ثلاثة أضعاف قواتها في سوريا البالغة 900 جندي.",
     [(900, "exact", "current")]),
])
def test_figures_compared_as_multiples(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a withdrawal told in a time gone by is done: past; one to come leaves the soldiers there now
    ("قال مسؤولون إن الجيش الأمريكي سحب نحو 500 جندي من سوريا خلال الأسابيع الماضية.", [(500, "approx", "past")]),
    ("وقالت واشنطن إنها ستسحب 500 جندي من سوريا خلال الأسابيع المقبلة.", [(500, "exact", "current")]),
])
def test_a_withdrawal_in_a_time_gone_by(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    # "المنطقة" of Syria (the safe zone, its east) is no deployment elsewhere; the region is
    ("وسترسل واشنطن 200 جندي إلى المنطقة الآمنة في شمال سوريا.", [(200, "exact", "planned")]),
    ("وأرسلت الولايات المتحدة 300 جندي إلى المنطقة الشرقية من سوريا.", [(300, "exact", "past")]),
    ("وأرسلت الولايات المتحدة 300 جندي إضافي إلى المنطقة لحماية قواتها في سوريا والعراق.", []),
])
def test_an_area_of_syria_is_not_the_region(text, expected):
    assert troops(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("ويخدم في سوريا نحو 900 من أفراد الخدمة الأمريكيين.", [(900, "approx", "current")]),
    ("وتنشر الولايات المتحدة في سوريا نحو 900 مستشار عسكري.", [(900, "approx", "current")]),
    ("وتنشر واشنطن في سوريا نحو 900 من قوات العمليات الخاصة.", [(900, "approx", "current")]),
    # another power's special forces or advisers are not the coalition's
    ("وتنشر روسيا في سوريا نحو 300 من القوات الخاصة.", []),
    ("وأرسلت إيران 200 مستشار عسكري إلى سوريا.", []),
])
def test_service_members_advisers_and_special_forces(text, expected):
    assert troops(text) == expected


# --- round 3 of issue 13 (tune5) -------------------------------------------------------------------

def test_a_date_in_a_later_clause_does_not_make_the_figure_before_it_past():
    # (PUB 2024-03-10) "last year" dates the compared figure, not the one "now" opens
    assert troops("وينتشر في سوريا حالياً نحو 2000 جندي أمريكي، بالمقارنة مع 900 جندي في العام الماضي.") == [
        (900, "exact", "past"), (2000, "approx", "current")]


@pytest.mark.parametrize("text, expected", [
    # a rise recalled in years long gone: every level of it was, the last one told of "the same year"
    ("وارتفع عدد الجنود الأمريكيين في سوريا من 500 جندي عام 2016 إلى 1000 في منتصف 2017، ليصل في نهاية العام ذاته "
     "إلى ألفي جندي.", [(500, "exact", "past"), (1000, "exact", "past"), (2000, "exact", "past")]),
    # a cut done in a year gone by, the year told in a clause before it
    ("وفي عام 2019، قلصت الولايات المتحدة عدد جنودها في سوريا إلى نحو 900 جندي.", [(900, "approx", "past")]),
])
def test_a_done_change_dated_long_ago_left_levels_that_were(text, expected):
    assert troops(text) == expected


def test_a_done_change_with_now_in_its_clause_stays_current():
    assert troops("وفي عام 2019، قلصت الولايات المتحدة قواتها إلى 900 جندي لا يزال حاليا في سوريا.") == [
        (900, "exact", "current")]


@pytest.mark.parametrize("text, expected", [
    # a fall told as done: the level fallen from was, the level reached is now
    ("وقد انخفضت أعداد الجنود الأمريكيين في سوريا من 2000 جندي إلى 1500 خلال الأسابيع الأخيرة.",
     [(1500, "exact", "current"), (2000, "exact", "past")]),
    ("وتراجعت أعداد القوات الأميركية هناك من 1800 جندي إلى نحو 1200.", [(1200, "approx", "current"), (1800, "exact", "past")]),
    # the same fall to come: from the level now, to a planned one
    ("ويتوقع أن تتراجع أعداد الجنود الأمريكيين في سوريا من 2000 جندي إلى 1500 في الأشهر المقبلة.",
     [(1500, "exact", "planned"), (2000, "exact", "current")]),
])
def test_verbs_of_falling_tell_a_change_of_the_troop_level(text, expected):
    assert troops(text) == expected


def test_the_number_of_them_said_before_refers_to_troops_counted_earlier_by_the_number_of():
    assert troops("ويقدر عدد العسكريين الأمريكيين في سوريا حاليا بنحو 1500، بعدما كان البنتاغون يؤكد أن عددهم 900 فقط.") == [
        (900, "exact", "past"), (1500, "approx", "current")]


@pytest.mark.parametrize("text, when", [
    # troops that withdrew, their withdrawal announced: gone
    ("وأعلن متحدث باسم التحالف الدولي في تصريح صحفي انسحاب 400 جندي أمريكي من سوريا.", "past"),
    # a withdrawal announced to come, or decided: they are there now
    ("وأعلن متحدث باسم التحالف الدولي أنه سيتم انسحاب 400 جندي أمريكي من سوريا خلال أسابيع.", "current"),
    ("وأعلن البيت الأبيض قرار انسحاب 400 جندي أمريكي من سوريا.", "current"),
])
def test_a_withdrawal_the_troops_made_announced_as_news_is_done(text, when):
    assert troops(text) == [(400, "exact", when)]


def test_the_figure_a_larger_troop_figure_is_a_multiple_of_counts_troops_that_were():
    assert troops("وكشف البنتاغون عن وجود نحو 2000 جندي أمريكي في سوريا، أي ما يزيد على ضعف 900 كانت معلنة سابقا.") == [
        (900, "exact", "past"), (2000, "approx", "current")]
