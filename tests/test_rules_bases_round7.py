"""Round 7 base rules, in other outlets' phrasing than the tuning articles': sites
listed as examples of bases ("قواعد ... منها منطقة الشدادي وناحية المالكية"، "تتوزع
القواعد في كل من قرية هيمو وتل فارس") are bases, with the status told of the list;
a base called the coalition's and placed in a town ("قاعدة أمريكية موجودة في مدينة
الرميلان") is in use. Each with a control that must not change. Sentences of our own."""
from datetime import date

import pytest

from lib.extract import extract_claims

PUB = date(2024, 3, 10)


def statuses(text: str) -> dict[str, tuple[str, bool]]:
    return {c["place_id"]: (c["status"], c.get("when") == "planned")
            for c in extract_claims(text, PUB) if c["kind"] == "base_status" and c.get("place_id")}


@pytest.mark.parametrize("text,expected", [
    # attacked bases listed as examples: each site is a base, attacked (active)
    ("وتتعرض قواعد ينتشر فيها جنود أمريكيون لهجمات متكررة، أبرزها منطقة الشدادي وبلدة المالكية.",
     {"shaddadi_base": ("active", False), "malikiyah": ("active", False)}),
    ("استهدفت الفصائل العراقية قواعد عدة للتحالف الدولي، من بينها ناحية المالكية ومنطقة الشدادي، بالطائرات المسيرة.",
     {"malikiyah": ("active", False), "shaddadi_base": ("active", False)}),
    # bases said to be spread over sites: hosting, in use
    ("وتتوزع القواعد الأمريكية في كل من بلدة الشدادي وقرية هيمو وقرية تل فارس.",
     {"shaddadi_base": ("active", False), "hemo_base": ("active", False), "tal_fares_base": ("active", False)}),
    # a site located by a town on the way ("شمال القامشلي") does not end the list, nor is it a base
    ("وتتوزع بقية القواعد في كل من قرية نقارة 5 كيلومترات شرقي القامشلي، وقرية هيمو.",
     {"naqqara_base": ("active", False), "hemo_base": ("active", False)}),
    ("وتنتشر القوات في قواعد عدة أهمها قاعدة التنف ومنطقة الشدادي.",
     {"al_tanf": ("active", False), "shaddadi_base": ("active", False)}),
    # the status told of the list governs its sites: a withdrawal
    ("وانسحبت القوات الأمريكية من قواعد عدة، منها بلدة الشدادي وقرية هيمو.",
     {"shaddadi_base": ("withdrawn", False), "hemo_base": ("withdrawn", False)}),
])
def test_sites_listed_as_examples_of_bases(text, expected):
    assert statuses(text) == expected


@pytest.mark.parametrize("text,expected", [
    # positions of others, not bases: "مواقع" of the SDF shelled by Turkey
    ("وقصفت المدفعية التركية مواقع لقسد، منها بلدة عين عيسى وبلدة تل تمر.", {}),
    # Russia's bases
    ("وتحتفظ روسيا بقواعد عسكرية في الشمال السوري، منها بلدة عين عيسى.", {}),
    # a town after the list, unjoined, is not part of it
    ("وتتوزع القواعد الأمريكية في كل من بلدة الشدادي، فيما زار الوفد بلدة عين عيسى.",
     {"shaddadi_base": ("active", False)}),
    # a governorate's seat named bare is the governorate, no site
    ("وتتوزع القواعد الأمريكية في كل من الحسكة ودير الزور.", {}),
])
def test_lists_that_name_no_coalition_base(text, expected):
    assert statuses(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a base called ours, placed in a town: in use
    ("وتقع البلدة على بعد 40 كيلومتراً من قاعدة أمريكية موجودة في مدينة الشدادي.",
     {"shaddadi_base": ("active", False)}),
    ("وسقطت القذيفة قرب قاعدة للتحالف الدولي في بلدة المالكية دون إصابات.", {"malikiyah": ("active", False)}),
    # a change told of it stays the change
    ("وغادرت القوات قاعدة أمريكية موجودة في مدينة الشدادي باتجاه العراق.", {"shaddadi_base": ("withdrawn", False)}),
])
def test_a_base_called_ours_in_a_town_is_in_use(text, expected):
    assert statuses(text) == expected


def test_a_town_near_a_base_of_another_side_stays_out():
    # control: a Russian base in a town is not the coalition's
    assert statuses("وتقع البلدة على بعد 40 كيلومتراً من قاعدة روسية موجودة في مدينة القامشلي.") == {}


def test_a_force_to_be_spread_over_a_base_stays_a_plan():
    # control: a verb of spreading governs the base right after it only; a force to be kept over sites
    # further on keeps the plan it is told in
    assert statuses("وقال المسؤول إن واشنطن ستبقي قوة صغيرة تتوزع بين حقول النفط وقاعدة للجيش الأمريكي في"
                    " التنف.") == {"al_tanf": ("active", True)}


# --- the review's regressions of the rules above (each failed on 6981a69) ----------------------------
@pytest.mark.parametrize("text", [
    # "قواعد" is also "rules": a list after rules names no base
    "وضعت واشنطن قواعد جديدة لعمل المنظمات، منها مدينة الرقة وبلدة الطبقة.",
    "وتتغير قواعد اللعبة في شمال سوريا، ومنها مدينة منبج.",
    "وأعلنت القيادة الأمريكية قواعد الاشتباك الجديدة، ومن بينها مدينة منبج وبلدة المالكية.",
    "ونشرت الإدارة الذاتية قواعد لتنظيم حركة الشاحنات في مناطقها، أبرزها مدينة منبج وبلدة الشدادي.",
])
def test_rules_are_not_bases(text):
    assert statuses(text) == {}


@pytest.mark.parametrize("text", [
    "نفى التحالف وجود قاعدة أمريكية في مدينة منبج.",
    "ونفى متحدث باسم التحالف الدولي وجود قاعدة أمريكية في بلدة المالكية.",
])
def test_a_base_called_ours_but_denied_is_not_in_use(text):
    assert all(status != "active" for status, _ in statuses(text).values())


@pytest.mark.parametrize("text,expected", [
    # the leave verb opening the clause governs the troops a relative clause says were spread over the base
    ("انسحبت القوات الأمريكية التي كانت تتوزع في قاعدة الطبقة.", {"tabqa_airbase": ("withdrawn", False)}),
    ("وغادرت القوات الأمريكية التي كانت تتوزع في قاعدة الشدادي نحو العراق.", {"shaddadi_base": ("withdrawn", False)}),
])
def test_a_withdrawal_governs_troops_once_spread_over_a_base(text, expected):
    assert statuses(text) == expected


def test_the_shared_example_leads_open_a_list_of_bases():
    # "مثل" is in the lexicon's example_leads only (base_example_list_leads adds just the words it lacks)
    assert statuses("وتعرضت قواعد عدة للتحالف الدولي لهجمات بالطائرات المسيرة، مثل بلدة المالكية وقرية هيمو.") == {
        "malikiyah": ("active", False), "hemo_base": ("active", False)}
