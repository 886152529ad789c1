"""Base-status rules, round 3 (issue 13), in other outlets' phrasing than the tuning articles:
a base attacked "in the area of" its town, and the bases of a bulleted list of where attacks fell,
each with a case that must stay as it was."""
from datetime import date

from lib.extract import extract_claims

PUB = date(2024, 3, 10)


def statuses(text: str) -> dict[str, str]:
    return {c["place_id"]: c["status"]
            for c in extract_claims(text, PUB) if c["kind"] == "base_status" and c.get("place_id")}


def test_a_base_attacked_in_the_area_of_its_town_is_that_base_in_use():
    assert statuses("وأفادت مصادر بأن قاعدة التحالف تعرضت لاستهداف بطائرة مسيرة في بلدة الشدادي.") == \
        {"shaddadi_base": "active"}
    # the sentence cut by a line break right after the countryside word
    assert statuses("وذكر ناشطون تعرض القاعدة الأميركية لهجوم بالصواريخ في منطقة الشدادي بريف") == \
        {"shaddadi_base": "active"}


def test_the_base_before_the_town_with_no_attack_between_is_not_placed_there():
    # the base moved its equipment to the area: no attack told, the town is not read as the base
    assert statuses("وأفادت شبكة محلية بأن القاعدة الأميركية نقلت معداتها إلى منطقة الشدادي جنوب الحسكة.") == {}


def test_every_line_of_a_bulleted_list_of_attacked_bases_is_in_use():
    text = ("وسجل المرصد منذ مطلع العام 40 اعتداء على مواقع القوات الأمريكية في سوريا، وجاءت كالتالي:\n"
            "- 15 على قاعدة التنف\n- 12 على قاعدة الشدادي\n- 8 على قاعدة حقل العمر")
    assert statuses(text) == {"al_tanf": "active", "shaddadi_base": "active", "omar_oil_field": "active"}


def test_a_bulleted_list_led_by_no_attack_names_its_bases_only():
    text = "وتتوزع المساعدات التي وصلت هذا الأسبوع على النحو التالي:\n- 20 على قاعدة التنف\n- 30 على قاعدة الشدادي"
    assert statuses(text) == {"al_tanf": "mentioned", "shaddadi_base": "mentioned"}


def base_counts(text: str) -> list[float]:
    return [c["value"] for c in extract_claims(text, PUB) if c["kind"] == "base_status" and not c.get("place_id")]


def test_a_part_of_a_breakdown_of_bases_stays_beside_the_named_sites():
    # three sites named as attacked; "و3 في دير الزور" is a part of the eight, not those three again
    text = ("قصفت طائرات مسيرة قاعدة التنف وقاعدة الشدادي وحقل العمر فجر اليوم. "
            "وتنتشر القوات الأمريكية في سوريا في ثماني قواعد، خمس في الحسكة و3 في دير الزور.")
    got = base_counts(text)
    assert 8 in got and 3 in got


def test_a_lone_count_no_larger_than_the_named_sites_is_still_those_sites():
    text = ("قصفت طائرات مسيرة قاعدة التنف وقاعدة الشدادي وحقل العمر فجر اليوم. "
            "وتعرضت 3 قواعد أمريكية لهجمات منذ الصباح.")
    assert base_counts(text) == []


def test_the_bases_an_attack_hit_are_no_count_of_bases():
    assert base_counts("وأعلنت الفصائل أنها استهدفت بالطائرات المسيرة والصواريخ ثلاث قواعد أمريكية شرقي سوريا.") == []
    assert base_counts("وقال البيان: هاجم مقاتلونا مساء أمس، بالصواريخ، خمس قواعد للاحتلال في المنطقة.") == []


def test_a_count_of_bases_in_its_own_clause_after_an_attack_is_kept():
    assert base_counts("واستهدفت مسيرة قاعدة التنف أمس، فيما تنتشر في سوريا تسع قواعد أمريكية.") == [9]


def counts_with_status(text: str) -> list[tuple[float, str, bool]]:
    return [(c["value"], c["status"], c.get("when") == "planned")
            for c in extract_claims(text, PUB) if c["kind"] == "base_status" and not c.get("place_id")]


def test_the_bases_a_new_one_is_added_to_are_in_use():
    assert counts_with_status("وشرعت القوات الأمريكية في بناء موقع جديد قرب الحسكة لينضم إلى 12 قاعدة أخرى في المنطقة.") \
        == [(12, "active", False)]
    # with no verb of adding, the count takes the status word before it as before
    assert counts_with_status("وشرعت القوات الأمريكية في إنشاء 3 قواعد جديدة قرب الحسكة.") == [(3, "established", False)]


def test_a_closure_after_the_decision_is_told_as_done():
    assert counts_with_status("وغادر مئات الجنود الأمريكيين البلاد عقب قرار إغلاق ثلاث قواعد في الشرق السوري.") \
        == [(3, "closed", False)]
    # the decision itself, announced, is still a plan
    assert counts_with_status("وأعلنت واشنطن قرار إغلاق قاعدتين عسكريتين في سوريا.") == [(2, "closed", True)]


def test_a_dual_of_a_change_naming_its_sites_in_its_sentence_is_a_count_too():
    text = "وأكملت القوات الأمريكية إنشاء قاعدتين جديدتين في قرية هيمو وقرية تل فارس قرب القامشلي."
    assert counts_with_status(text) == [(2, "established", False)]
    # two sites attacked: the dual is them, no count of its own
    assert counts_with_status("واستهدفت الصواريخ قاعدتين أمريكيتين في حقل العمر وحقل كونيكو.") == []
