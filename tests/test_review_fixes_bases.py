"""Regression tests for the review of the round-6 base rules (issue 13, round 6 review, items 5-7,
13, 14 and 25): each case failed before its fix; each has a control that must stay as it was."""
from datetime import date

from lib.extract import extract_claims

PUB = date(2024, 3, 10)


def statuses(text: str) -> dict[str, tuple[str, str | None]]:
    return {c["place_id"]: (c["status"], c.get("when"))
            for c in extract_claims(text, PUB) if c["kind"] == "base_status" and c.get("place_id")}


# --- item 5: a town named again is its base only shortly after, and not as an administration's town ---

def test_the_town_under_an_administration_is_not_the_base_left():
    assert statuses("انسحبت القوات الأمريكية من قاعدة الشدادي. وتسلمت الحكومة إدارة الشدادي بعد أيام.") == \
        {"shaddadi_base": ("withdrawn", None)}
    assert statuses("وأخلت القوات الأمريكية قاعدة الشدادي جنوب الحسكة. وتسلم مجلس الشدادي المحلي مهامه أمس.") == \
        {"shaddadi_base": ("withdrawn", None)}


def test_a_town_named_long_after_its_base_is_the_town():
    filler = " ".join("وقال مسؤول محلي إن الأوضاع في المنطقة هادئة." for _ in range(5))
    text = f"انسحبت القوات الأمريكية من قاعدة الشدادي. {filler} وتسلمت القوات الحكومية الشدادي."
    assert statuses(text) == {"shaddadi_base": ("withdrawn", None)}


def test_control_the_town_named_right_after_its_base_is_still_the_base():
    text = ("غادرت القوات الأمريكية قاعدتي الشدادي وحقل العمر خلال الأسبوع. وأنهت القوات وجودها في الشدادي بعد "
            "أيام، قبل أن يتسلم الجيش السوري القاعدة.")
    assert statuses(text)["shaddadi_base"] == ("handed_over", None)


# --- item 6: the base forces withdrew to, past the base they left or a word between ---

def test_the_base_withdrawn_to_from_another_base_receives_the_forces():
    assert statuses("وذكرت مصادر محلية أن القوات الأمريكية انسحبت من قاعدة قسرك إلى قاعدة خراب الجير فجر اليوم.") == \
        {"qasrak": ("withdrawn", None), "kharab_al_jir": ("active", None)}


def test_the_base_withdrawn_to_after_an_adverb_receives_the_forces():
    assert statuses("وأكد المرصد أن الجنود الأمريكيين انسحبوا بشكل كامل ونهائي نحو قاعدة حرير في أربيل.") == \
        {"harir_base": ("active", None)}


def test_a_planned_withdrawal_to_a_base_from_another_stays_a_plan():
    assert statuses("ستنسحب القوات الأمريكية من قاعدة التنف إلى قاعدة البرج 22 الشهر المقبل.") == \
        {"al_tanf": ("withdrawn", "planned"), "tower_22": ("active", "planned")}


def test_control_a_base_reinforced_in_another_clause_after_a_withdrawal_is_not_where_they_went():
    assert statuses("انسحبت القوات الأمريكية من قاعدة الشدادي، وأرسلت تعزيزات إلى قاعدة خراب الجير.") == \
        {"shaddadi_base": ("withdrawn", None), "kharab_al_jir": ("reinforced", None)}


# --- item 7: "ومن بينها" leads an example as a phrase ---

def test_a_site_given_after_wa_min_baynaha_is_among_those_moved_out_of():
    assert statuses("ونقل التحالف عناصره من نقاط عدة، ومن بينها قاعدة التنف.") == \
        {"al_tanf": ("withdrawn", None)}


def test_control_a_site_listed_after_min_baynaha_with_nothing_moved_stays_in_use():
    assert statuses("وتنتشر القوات الأمريكية في مواقع عدة، من بينها قاعدة التنف.") == {"al_tanf": ("active", None)}


# --- item 11: verbs of moving ("انتقل") kept once, in move_to_verbs, still read as moving out of a base ---

def test_forces_moving_out_of_a_base_in_any_tense_leave_it():
    assert statuses("وانتقل الجنود الأمريكيون من قاعدة قسرك باتجاه الحدود العراقية.") == {"qasrak": ("withdrawn", None)}
    assert statuses("وسينتقل عناصر التحالف من قاعدة الشدادي خلال الأيام المقبلة.") == \
        {"shaddadi_base": ("withdrawn", "planned")}


# --- item 11: words of preparing and of launching kept once, still read by the base rules ---

def test_a_word_of_preparing_makes_a_plan():
    assert statuses("وتتجهز القوات الأمريكية لإخلاء قاعدة الشدادي خلال الأسابيع المقبلة.") == \
        {"shaddadi_base": ("withdrawn", "planned")}
    assert statuses("ويستعد التحالف الدولي لإغلاق قاعدة التنف وفق مصادر مطلعة.") == {"al_tanf": ("closed", "planned")}


def test_strikes_launched_from_a_base_put_it_in_use():
    assert statuses("وتشن المقاتلات الأمريكية غاراتها من قاعدة إنجرليك على مواقع التنظيم.") == \
        {"incirlik_base": ("active", None)}
    assert statuses("ونفذت الطائرات طلعات استطلاع انطلاقا من قاعدة حرير.") == {"harir_base": ("active", None)}


# --- item 13: the handover after a withdrawal, its window computed once ---

def test_a_base_left_and_handed_over_is_handed_over_and_another_base_bounds_it():
    assert statuses("وانسحبت القوات الأمريكية من قاعدة قسرك وسلمتها إلى الجيش السوري.") == \
        {"qasrak": ("handed_over", None)}
    text = "وانسحبت القوات الأمريكية من قاعدة قسرك، فيما تسلم الجيش السوري قاعدة الشدادي."
    assert statuses(text)["qasrak"] == ("withdrawn", None)


def test_two_bases_left_and_handed_over_by_a_dual_pronoun():
    text = "وغادرت القوات الأمريكية قاعدة التنف خلال أيام، وقاعدة الشدادي، وتم تسليمهما إلى الحكومة."
    assert statuses(text) == {"al_tanf": ("handed_over", None), "shaddadi_base": ("handed_over", None)}


# --- item 18: the reaches of a purpose to set up a base, in settings ---

def test_a_town_a_base_is_to_be_set_up_in_within_the_purpose_reaches():
    assert statuses("وأدخل التحالف شاحنات محملة بالإسمنت إلى بلدة الشدادي، تمهيداً لبدء إنشاء قاعدة جديدة.") == \
        {"shaddadi_base": ("established", "planned")}
    assert statuses("وأرسل التحالف قافلة إلى مدينة منبج بهدف إنشاء أول قاعدة له هناك.") == \
        {"manbij": ("established", "planned")}


def test_control_a_purpose_too_far_from_its_word_of_establishing_names_no_base():
    text = "وأدخل التحالف شاحنات محملة بالإسمنت إلى بلدة الشدادي، تمهيداً لبدء العمل على إنشاء قاعدة جديدة."
    assert statuses(text) == {}


def test_bases_counted_after_in_addition_to_share_the_sentence_s_status() -> None:
    """"إضافة إلى 3 قواعد" lists more bases the verb acts on; only a base that joins others
    ("تضاف إلى 17 قاعدة") makes those others in use."""
    from datetime import date

    from lib.extract import extract_claims

    def counts(text: str) -> list[tuple[float, str]]:
        return [(c["value"], c["status"]) for c in extract_claims(text, date(2024, 5, 13))
                if c["kind"] == "base_status" and c.get("place_id") is None]

    assert counts("وأخلت القوات الأمريكية قاعدة الشدادي بالإضافة إلى 3 قواعد أخرى في ريف الحسكة.") == [(3.0, "withdrawn")]
    assert counts("وكشفت مصادر عن قاعدة جديدة في ريف الحسكة تضاف إلى 17 قاعدة أمريكية في سوريا.") == [(17.0, "active")]
