"""Round 7 attack-count rules (issue 13), each written from the tuning set A
(tests/data/dev_gold_tune7_periods.json) and tested here in other outlets' phrasing,
with a control that must not change:

- a count over the current month or year ("خلال العام الجاري" read at publication, or told
  in an undated page) is a running total up to the report: cumulative, like "منذ مطلع الشهر";
  so are the parts of such a count;
- "توزعت الهجمات على 25 في دير الزور و10 في الحسكة" after a count: the parts of that count,
  over its period, without a colon and wherever the lead stands before the sentence's first figure;
- "7 من العمليات وقعت في دير الزور" after a count: a part of it ("N of the operations");
- attacks foiled ("أحبطت 12 هجوماً"، "إحباط 8 هجمات") are no attacks;
- ISIS named a few words after a verb of attacking ("استهدفت خلايا مرتزقة داعش") is its subject,
  the count's author, and the times it attacked ("7 مرات") are its attacks."""
from datetime import date

import pytest

from lib.extract import extract_claims

PUB = date(2024, 6, 10)


def attacks(text: str, published: date | None = PUB) -> list[tuple[float, str | None, str | None, bool]]:
    def day(v):
        return v.isoformat() if v is not None else None

    return [(c["value"], day(c["period_start"]), day(c["period_end"]), bool(c["cumulative"]))
            for c in extract_claims(text, published) if c["kind"] == "attacks"]


# ---------------------------------------------------------------- the current month or year: a running total
def test_the_current_year_read_at_publication_is_a_running_total():
    got = attacks("أحصى المرصد 85 هجوماً لخلايا داعش في ريف دير الزور خلال العام الجاري.")
    assert got == [(85, "2024-01-01", "2024-06-10", True)]


def test_the_current_month_read_at_publication_is_a_running_total():
    got = attacks("وقالت الشبكة إن تنظيم داعش شن 14 هجوماً على مواقع قسد خلال الشهر الحالي.")
    assert got == [(14, "2024-06-01", "2024-06-10", True)]


def test_a_named_current_month_is_a_running_total_too():
    got = attacks('وذكر المرصد أن "داعش نفذ خلال تشرين الأول الجاري 16 هجوماً في محافظتي دير الزور والرقة".',
                  date(2025, 10, 30))
    assert got == [(16, "2025-10-01", "2025-10-30", True)]


def test_a_closed_month_year_or_week_stays_no_running_total():
    # controls: last month, a named past year, the past week (a weekly tally) are whole spans
    assert attacks("نفذ داعش 30 هجوماً في سوريا خلال الشهر الماضي.") == [(30, "2024-05-01", "2024-05-31", False)]
    assert attacks("نفذ داعش 30 هجوماً في سوريا خلال عام 2023.") == [(30, "2023-01-01", "2023-12-31", False)]
    assert attacks("نفذ داعش 9 هجمات في سوريا خلال الأسبوع الماضي.") == [(9, "2024-06-03", "2024-06-10", False)]


# ---------------------------------------------------------------- "توزعت الهجمات على ..." without a colon
def test_parts_after_a_distribution_lead_without_a_colon():
    text = ("ونفذ تنظيم داعش 40 هجوماً في شمال شرق سوريا خلال آذار 2023. "
            "ووفقاً للشبكة، توزعت الهجمات على 25 في دير الزور و10 في الحسكة و5 في الرقة.")
    got = attacks(text, None)
    march = ("2023-03-01", "2023-03-31")
    assert sorted(got) == sorted([(40, *march, False), (25, *march, False), (10, *march, False),
                                  (5, *march, False)])


def test_parts_after_a_distribution_lead_later_in_its_sentence():
    text = ("سجل المرصد السوري 11 عملية لخلايا داعش في البادية خلال شباط 2022. "
            "وبحسب مصادر المرصد، فقد توزعت هذه العمليات على 7 في بادية حمص، و4 في بادية الرقة، "
            "وأسفرت عن مقتل 9 عناصر.")
    got = attacks(text, None)
    feb = ("2022-02-01", "2022-02-28")
    assert sorted(v for v, *_ in got) == [4, 7, 11]
    assert {(s, e) for _, s, e, _ in got} == {feb}


def test_a_distribution_of_casualties_gives_no_parts():
    # control: what is distributed is not attacks
    text = ("ونفذ تنظيم داعش 40 هجوماً في شمال شرق سوريا خلال آذار 2023. "
            "وتوزعت الإصابات على 12 في دير الزور و3 في الرقة.")
    assert [v for v, *_ in attacks(text, None)] == [40]


# ---------------------------------------------------------------- "N من العمليات" after a count
def test_n_of_the_operations_after_a_count_is_a_part():
    text = ("وأعلن تنظيم داعش تنفيذ 12 عملية في سوريا خلال أيار 2021. "
            "وقال إن 7 من العمليات وقعت في دير الزور و5 في الحسكة.")
    got = attacks(text, None)
    may = ("2021-05-01", "2021-05-31")
    assert sorted(got) == sorted([(12, *may, False), (7, *may, False), (5, *may, False)])


def test_n_of_the_attacks_against_a_target_is_a_part():
    text = ("ووثق المرصد 20 هجوماً لخلايا داعش خلال نيسان 2024. "
            "وأوضح أن 14 من الهجمات استهدفت قوات سوريا الديمقراطية.")
    assert sorted(v for v, *_ in attacks(text, None)) == [14, 20]


def test_n_of_the_fighters_is_no_part():
    # control: "N من" before people, and "N من العمليات" with no count before it
    text = ("ووثق المرصد 20 هجوماً لخلايا داعش خلال نيسان 2024. "
            "وقتل 6 من العناصر في الهجمات.")
    assert [v for v, *_ in attacks(text, None)] == [20]
    assert attacks("وقال إن 7 من العمليات وقعت في دير الزور.", None) == []


# ---------------------------------------------------------------- attacks foiled
def test_attacks_foiled_are_no_attacks():
    got = attacks("وأحبطت قوات الأمن 12 هجوماً لخلايا داعش خلال الشهر الماضي، فيما نفذ التنظيم 30 هجوماً.")
    assert [v for v, *_ in got] == [30]
    assert attacks("وتمكنت القوات من إحباط 8 هجمات لتنظيم داعش في ريف دير الزور.") == []


def test_a_count_with_one_foiled_stays():
    # control: the count comes first; what was foiled is told after it
    got = attacks("نفذ داعش 20 هجوماً في دير الزور خلال الشهر الماضي، وأحبطت القوات بعضها.")
    assert [v for v, *_ in got] == [20]


# ---------------------------------------------------------------- the parts of a running total
def test_the_parts_of_a_running_total_are_running_totals():
    text = ("وأحصى المرصد 20 هجوماً لخلايا داعش في شرق سوريا خلال الشهر الجاري. "
            "وتوزعت الهجمات على 12 في دير الزور و8 في الرقة.")
    june = ("2024-06-01", "2024-06-10")
    assert sorted(attacks(text)) == sorted([(20, *june, True), (12, *june, True), (8, *june, True)])


# ---------------------------------------------------------------- "N مرات" with ISIS the verb's subject
def test_times_isis_attacked_are_its_attacks():
    got = attacks("وهاجمت خلايا تنظيم داعش نقاط قسد في ريف الحسكة 5 مرات خلال الشهر الماضي.")
    assert got == [(5, "2024-05-01", "2024-05-31", False)]
    assert [v for v, *_ in attacks("واستهدف داعش حواجز الأسايش في ريف دير الزور 3 مرات خلال يومين.")] == [3]


def test_times_another_force_attacked_isis_are_not_its_attacks():
    # controls: ISIS the object, after another force the verb's subject; a visit is no attack
    assert attacks("واستهدف الجيش السوري مواقع داعش في البادية 4 مرات خلال الأسبوع.") == []
    assert attacks("وزار وفد من قوات سوريا الديمقراطية مواقع داعش السابقة 3 مرات.") == []


# ---------------------------------------------------------------- ISIS the subject, words of its own between
@pytest.mark.parametrize("text,value", [
    ("استهدفت خلايا مرتزقة داعش حواجز لقوى الأمن الداخلي في ريف الحسكة، "
     "ليرتفع عدد الهجمات منذ مطلع العام إلى 40.", 40),
    ("استهدفت خلايا تابعة لداعش دورية لقوى الأمن الداخلي في ريف الرقة، "
     "ليرتفع عدد الهجمات منذ مطلع العام إلى 18.", 18),
])
def test_isis_named_after_its_own_words_is_the_subject_of_the_verb(text, value):
    # (the security forces named after it are the side hit, not the count's author)
    got = [(c["value"], c["actor"]) for c in extract_claims(text, PUB) if c["kind"] == "attacks"]
    assert got == [(value, "ISIS")]


def test_isis_after_a_word_of_the_target_stays_the_object():
    # control: "مواقع داعش" is what was hit; the times are no attacks of ISIS's
    assert attacks("واستهدفت مواقع داعش في البادية السورية 4 مرات خلال الأسبوع.") == []


# ---------------------------------------------------------------- review of round 7: regressions that must not come back
def kinds(text: str, published: date | None = PUB) -> list[tuple[str, float | None, str | None]]:
    return sorted((c["kind"], c.get("value"), c.get("actor")) for c in extract_claims(text, published)
                  if c["kind"] in ("attacks", "strikes"))


def test_a_foiled_attack_does_not_remove_the_strikes_that_foiled_it():
    got = kinds("شارك التحالف في إحباط الهجوم عبر 5 غارات جوية على مواقع داعش في دير الزور.")
    assert [(k, v) for k, v, _ in got] == [("strikes", 5)]


def test_foiled_only_when_the_count_is_what_was_foiled():
    # the count is the object of a verb after the foiling: attacks carried out in the bid to foil
    text = "وبعد إحباط محاولة التسلل، نفذ داعش 6 هجمات على نقاط قسد في ريف دير الزور."
    assert [v for v, *_ in attacks(text)] == [6]


def test_times_strikes_hit_isis_are_not_its_attacks():
    assert attacks("استهدفت الغارات الجوية عناصر داعش 3 مرات في ريف دير الزور.") == []
    assert attacks("وقصفت الطائرات الحربية خلايا داعش 4 مرات في البادية.") == []


def test_times_isis_was_attacked_passive_are_not_its_attacks():
    # the same subject check as Article.roles (its reach, clause and passive tests): ISIS after a passive verb was hit
    assert attacks("هوجمت خلايا داعش في ريف دير الزور 7 مرات خلال الشهر الماضي.") == []
    assert [v for v, *_ in attacks("وهاجمت خلايا داعش نقاط قسد في ريف دير الزور 7 مرات خلال الشهر الماضي.")] == [7]


def test_a_current_year_in_another_clause_does_not_make_a_count_cumulative():
    text = "بعد أن نفذ التنظيم 100 هجوم خلال العام الجاري في سوريا، شن داعش 5 هجمات في ريف دير الزور يوم الثلاثاء."
    got = {v: cumulative for v, _, _, cumulative in attacks(text, None)}
    assert got == {100: True, 5: False}


def test_n_of_the_security_operations_is_no_part_of_the_count():
    text = "نفذ داعش 30 هجوما خلال أيار 2023. واعتقل التحالف 20 شخصا في 3 من العمليات الأمنية."
    assert [v for v, *_ in attacks(text, None)] == [30]
    text = "وثق المرصد 25 هجوما لداعش خلال آذار 2022. وداهمت قسد 4 من العمليات المشتركة مع التحالف قرى في الريف."
    assert [v for v, *_ in attacks(text, None)] == [25]


def test_earlier_this_year_is_one_earlier_event_not_a_running_total():
    got = attacks("وفي وقت سابق من العام الجاري، نفذ داعش 3 هجمات على حقل العمر.")
    assert [(v, cumulative) for v, _, _, cumulative in got] == [(3, False)]
    got = attacks("ومطلع الشهر الحالي شن التنظيم 4 هجمات على مواقع قسد.")
    assert [(v, cumulative) for v, _, _, cumulative in got] == [(4, False)]


def test_a_distribution_verb_with_nothing_named_before_on_is_no_list_of_attacks():
    text = "نفذ داعش 30 هجوما خلال أيار 2023. وتوزعت على 3 في الرقة و4 في دير الزور نقاط تفتيش جديدة."
    assert [v for v, *_ in attacks(text, None)] == [30]


def test_foiled_with_a_letter_glued_on():
    # the lexicon lists stems; "و"/"ب" glued to them still foil
    assert attacks("ونجحت الوحدات بإحباط 3 هجمات لخلايا داعش في ريف الرقة.") == []
    assert attacks("وأفشلت قسد 5 هجمات لداعش على حواجزها.") == []


def test_the_current_year_of_a_concessive_clause_before_is_not_the_counts():
    text = "ورغم أن التنظيم شن 60 هجوما خلال العام الحالي، فقد نفذ 4 هجمات في الرقة يوم الجمعة."
    got = {v: cumulative for v, _, _, cumulative in attacks(text, None)}
    assert got == {60: True, 4: False}


def test_a_since_several_tokens_after_the_count_still_makes_it_cumulative():
    # one window (settings.COUNT_SINCE_AFTER) for "منذ" and "خلال العام الجاري" after a count
    got = attacks("وسجلت القوات الأمريكية 70 هجوماً على قواعدها في سوريا والعراق معاً منذ 17 تشرين الأول.", None)
    assert [(v, cumulative) for v, _, _, cumulative in got] == [(70, True)]


def test_spread_over_places_with_nothing_named_is_no_list_of_attacks_in_other_phrasing():
    text = "وثق المرصد 25 هجوما لداعش خلال آذار 2022. وتوزعت على 5 في الحسكة و6 في الرقة دوريات جديدة للشرطة."
    assert [v for v, *_ in attacks(text, None)] == [25]
