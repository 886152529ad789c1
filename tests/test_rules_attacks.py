"""Attack-count rules written for outlets the rules were not tuned on: breakdowns
of a count (in the same sentence or a list of provinces after it), ordinals that
count, ISIS "operations", attacks on US forces. Sentences of our own, in several
outlets' phrasing."""
from datetime import date
from pathlib import Path

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


STORY = "صعّد تنظيم داعش من نشاطه في البادية. "  # an article that names ISIS before the sentence


@pytest.mark.parametrize("text,expected", [
    # times after a verb of attacking US forces, in digits and as a vague amount
    ("واستهدفت الفصائل القوات الأمريكية 40 مرة في العراق وسوريا منذ السابع عشر من تشرين الأول.",
     [(40, 40, "2023-10-17")]),
    ("واستهدفت الفصائل القوات الأمريكية في العراق وسوريا عشرات المرات بالمسيرات والصواريخ.", [(24, 99, None)]),
    # a vague amount with a preposition glued on
    ("وتعرضت القواعد الأمريكية في سوريا لعشرات الهجمات منذ اندلاع الحرب في غزة.", [(24, 99, None)]),
])
def test_attacks_on_us_forces(text, expected):
    got = attacks(text)
    assert [(c["low"], c["high"], _iso(c["period_start"])) for c in got] == expected
    assert {c["actor"] for c in got} != {"ISIS"} and {c["target"] for c in got} == {"US"}


@pytest.mark.parametrize("text,actor", [
    ("وتبنت المقاومة العراقية 45 عملية ضد القواعد الأمريكية في سوريا والعراق منذ 17 تشرين الأول.",
     "Iran-backed militias"),
    ("وأعلنت كتائب حزب الله تنفيذ 12 عملية استهدفت قواعد الاحتلال الأمريكي في سوريا.", "Iran-backed militias"),
    ("وقالت فصائل عراقية مسلحة إنها نفذت أكثر من 100 عملية ضد القوات الأمريكية في العراق وسوريا.",
     "Iran-backed militias"),
])
def test_operations_against_us_forces_are_attacks(text, actor):
    got = attacks(text)
    assert len(got) == 1 and got[0]["actor"] == actor


def test_us_operations_against_isis_are_not_attacks():
    assert attacks("وقالت القيادة المركزية إن القوات الأمريكية نفذت 22 عملية ضد داعش في سوريا خلال الشهر الماضي.") == []


@pytest.mark.parametrize("text,values", [
    # parts by target, after "منها"
    (STORY + "ونفذ التنظيم 60 هجوماً، منها 35 ضد قوات سوريا الديمقراطية و25 ضد قوات النظام.", [60, 35, 25]),
    # a list by place, the place before each figure
    (STORY + "وتوزعت الهجمات على النحو الآتي: دير الزور 120 هجوماً، والرقة 40، وحمص 22.", [120, 40, 22]),
    # parts "between": "توزعت بين 20 في دير الزور و9 في الرقة"
    (STORY + "وأحصت الشبكة منذ مطلع تموز الماضي 34 عملية للتنظيم، توزعت بين 20 في دير الزور و9 في الرقة.",
     [34, 20, 9]),
])
def test_breakdowns(text, values):
    got = attacks(text)
    assert [c["value"] for c in got] == values
    assert {c["actor"] for c in got} == {"ISIS"}


def test_operations_in_a_sentence_naming_no_side_of_an_isis_story():
    got = attacks(STORY + "وقتل 17 شخصاً في 7 عمليات خلال الساعات الـ72 الماضية.")
    assert [(c["value"], c["actor"], _iso(c["period_start"])) for c in got] == [(7, "ISIS", "2024-03-07")]
    # the pronoun of ISIS's cells names it too
    got = attacks(STORY + "ونفذت خلاياه سبع عمليات في البادية خلال الأيام العشرة الماضية.")
    assert [(c["value"], c["actor"]) for c in got] == [(7, "ISIS")]


def test_a_period_told_after_the_next_figure_is_the_counts_too():
    got = attacks(STORY + "ونفذت خلايا التنظيم 18 عملية اغتيال و12 تفجيراً بعبوات ناسفة خلال الشهر الماضي.")
    # (bombings are attacks too: both figures count, over the period told after the second)
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [
        (18, "2024-02-01", "2024-02-29"), (12, "2024-02-01", "2024-02-29")]


def test_an_ordinal_of_a_part_of_the_year_counts_nothing():
    got = attacks("وبلغ عدد هجمات داعش خلال الربع الأول 44 هجوما، بينما بلغ في الربع الثاني 61 هجوما.")
    assert [c["value"] for c in got] == [44, 61]


def test_a_running_total_ends_on_a_single_day_not_on_a_span():
    got = attacks(STORY + "وشن التنظيم 4 هجمات خلال يومين فقط، ليرتفع عدد هجماته منذ بداية الشهر إلى 19 هجوماً.")
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [
        (4, "2024-03-08", "2024-03-10"), (19, "2024-03-01", "2024-03-10")]


def test_a_maghrebi_or_levantine_month_doubled_is_a_date():
    got = attacks("وتبنى داعش 4 هجمات فقط في سوريا خلال آب/أغسطس، وهو أدنى رقم منذ سنوات.")
    assert [(_iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [("2023-08-01", "2023-08-31")]


@pytest.mark.parametrize("text,value,start,end", [
    # an indefinite ordinal before its noun
    ("وتعرضت قاعدة التنف لهجوم بطائرة مسيرة، في ثاني هجوم من نوعه خلال 24 ساعة.", 2, "2024-03-09", "2024-03-10"),
    ("واستهدفت صواريخ قاعدة حقل العمر، في ثالث هجوم على القاعدة خلال أسبوع.", 3, "2024-03-03", "2024-03-10"),
    ("وهذا رابع استهداف للقوات الأمريكية في سوريا منذ مطلع الشهر.", 4, "2024-03-01", "2024-03-10"),
    # "رقم" before the figure
    ("وهو الهجوم رقم 60 على القوات الأمريكية منذ 17 أكتوبر.", 60, "2023-10-17", "2024-03-10"),
    # "this month" ends at publication for an ordinal too
    ("وهذا الهجوم هو الرابع من نوعه خلال الشهر الجاري.", 4, "2024-03-01", "2024-03-10"),
    # an adjective between the noun and "هو"
    ("وجاء الهجوم بعد يومين من هجوم مماثل هو الثاني خلال أسبوع.", 2, "2024-03-03", "2024-03-10"),
    # the relative clause after the period, with a verb of attacking
    ("وهذه المرة الثالثة خلال أسبوع التي تستهدف فيها القاعدة.", 3, "2024-03-03", "2024-03-10"),
])
def test_more_ordinals_that_count(text, value, start, end):
    got = attacks(text)
    assert [(c["value"], c["cumulative"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [
        (value, True, start, end)]


@pytest.mark.parametrize("text", [
    # an indefinite ordinal after its noun is an adjective: a third man, killed by an attack
    "وقتل عنصران من قسد، وكذلك قتل عنصر ثالث باستهداف مباشر بالرصاص في قرية شمالي دير الزور.",
    "وتعد القاعدة ثاني أكبر قاعدة أمريكية في سوريا بعد هجوم العام الماضي.",
])
def test_ordinals_that_do_not_count(text):
    assert attacks(text) == []


@pytest.mark.parametrize("text,value,start", [
    # twice: a dual of "time" is its own figure
    ("وتعرضت قاعدة التنف للهجوم مرتين خلال أسبوع.", 2, "2024-03-03"),
    # times after a verb of attacking whose object is a base
    ("واستهدفت الفصائل قاعدة حقل العمر ثلاث مرات منذ مطلع الشهر.", 3, "2024-03-01"),
])
def test_times_a_base_was_attacked(text, value, start):
    got = attacks(text)
    assert [(c["value"], _iso(c["period_start"])) for c in got] == [(value, start)]


def test_twice_without_an_attack_is_no_count():
    assert attacks("وزار قائد القيادة المركزية قاعدة التنف مرتين خلال أسبوع.") == []


@pytest.mark.parametrize("text,value,target", [
    # only the side hit is named: the operations are ISIS's in an article about it
    (STORY + "ونفذت الخلايا 12 عملية ضد قوات سوريا الديمقراطية خلال الشهر الماضي.", 12, "SDF"),
    (STORY + "وشنت الخلايا النائمة 9 عمليات استهدفت قوات النظام خلال أسبوع.", 9, "Syrian government"),
])
def test_operations_of_unnamed_cells_in_an_isis_story(text, value, target):
    got = attacks(text)
    assert [(c["value"], c["actor"], c["target"]) for c in got] == [(value, "ISIS", target)]


@pytest.mark.parametrize("text", [
    STORY + "ونفذت قوات سوريا الديمقراطية 12 عملية أمنية ضد الخلايا خلال الشهر الماضي.",
    STORY + "وأطلقت قسد 5 عمليات عسكرية في دير الزور.",
])
def test_operations_of_a_named_side_against_isis_are_not_attacks(text):
    assert attacks(text) == []


def test_ambushes_are_attacks_and_a_single_one_is_no_count():
    got = attacks(STORY + "ونصب التنظيم 12 كميناً لقوات النظام خلال الشهر الماضي.")
    assert [(c["value"], c["actor"], _iso(c["period_start"])) for c in got] == [(12, "ISIS", "2024-02-01")]
    assert attacks(STORY + "وأدى الكمين إلى مقتل 3 عناصر من قوات النظام.") == []


# ---------------------------------------------------------------- round 9 (tune2 gold)
def test_a_province_line_whose_toll_names_the_sdf_still_counts_isis_operations():
    # the SDF is named only among the dead and hurt of the line: it is the side hit, not the author
    text = ("وثق المرصد أن خلايا داعش نفذت 140 عملية منذ مطلع العام الجاري. "
            "وتوزع القتلى على النحو التالي. 40 من العسكريين. 9 مدنيين. "
            "1- الرقة: شهدت 95 عملية، خلفت مقتل 20 عسكرياً، وجرح 12 بينهم 4 من الأسايش و2 من قسد.")
    got = attacks(text)
    assert [(c["value"], c["actor"]) for c in got] == [(140, "ISIS"), (95, "ISIS")]
    assert {_iso(c["period_end"]) for c in got} == {"2024-03-10"}


def test_the_author_right_after_an_attack_word_in_a_toll_stays_the_author():
    got = [c for c in extract_claims(
        "قتل عنصران من قسد وجرح ثلاثة بهجوم لخلايا داعش قرب الشحيل، أمس الجمعة.", PUB) if c["kind"] == "incident"]
    assert [(c["actor"], c["target"]) for c in got] == [("ISIS", "SDF")]


def test_twice_after_a_verb_whose_object_and_weapon_run_long():
    got = attacks("قالت مصادر محلية إن فصائل مسلحة قصفت القاعدة الأمريكية في حقل العمر النفطي شرقي دير الزور "
                  "بقذائف صاروخية لمرتين خلال الليلة الماضية.")
    assert [(c["value"], c["actor"] != "ISIS") for c in got] == [(2, True)]


def test_a_count_on_a_named_base_in_iraq_is_left_out_but_one_on_a_syrian_base_is_kept():
    iraq = attacks("وتبنت فصائل موالية لإيران ثلاث هجمات على قاعدة حرير في إقليم كردستان.")
    syria = attacks("وتبنت فصائل موالية لإيران ثلاث هجمات على قاعدة التنف خلال الأسبوع الماضي.")
    assert iraq == []
    assert [c["value"] for c in syria] == [3]


def test_a_tally_ends_at_publication_when_the_lead_dates_an_attack_not_a_report():
    text = ("هاجم مسلحون من داعش حاجزاً لقسد في ريف الحسكة فجر السبت دون وقوع إصابات. "
            "وتصاعدت الهجمات مؤخراً في المنطقة. "
            "ونفذ التنظيم 88 عملية في مناطق الإدارة الذاتية منذ بداية العام.")
    (c,) = attacks(text)
    assert (_iso(c["period_start"]), _iso(c["period_end"])) == ("2024-01-01", "2024-03-10")


def test_a_tally_ends_on_the_report_day_the_lead_names_with_a_reporting_verb():
    text = ("وثق المرصد السوري يوم السبت تصاعد هجمات داعش في دير الزور. "
            "وتصاعدت الهجمات مؤخراً في المنطقة. "
            "ونفذ التنظيم 88 عملية في مناطق الإدارة الذاتية منذ بداية العام.")
    (c,) = attacks(text)
    assert (_iso(c["period_start"]), _iso(c["period_end"])) == ("2024-01-01", "2024-03-09")


def test_an_ordinal_still_counts_up_to_the_attack_its_lead_dates():
    # the lead tells the attack (no reporting verb): the ordinal's running count ends that day
    text = ("استهدفت طائرة مسيرة قاعدة التنف فجر السبت دون وقوع إصابات. "
            "وشهدت المنطقة تحليقاً مكثفاً للطيران. "
            "ويعد هذا الهجوم العاشر من نوعه منذ مطلع الشهر الجاري.")
    (c,) = attacks(text)
    assert (c["value"], _iso(c["period_start"]), _iso(c["period_end"])) == (10, "2024-03-01", "2024-03-09")


# ---------------------------------------------------------------- round 16 (tune4_attacks gold)
def _values(got: list[dict]) -> list[float]:
    return [c["value"] for c in got]


def test_a_list_after_a_word_of_distribution_and_a_colon_gives_the_parts():
    # items open after the colon, a comma or "و"; each names where (or is a one-word label)
    text = ("رصدت شبكة محلية 54 هجوماً لخلايا داعش خلال تموز 2024، وتوزعت الهجمات على المحافظات التالية: "
            "30 في دير الزور، 14 الرقة، و10 في ريف الحسكة.")
    got = attacks(text, None)
    assert _values(got) == [54, 30, 14, 10]
    assert {(_iso(c["period_start"]), _iso(c["period_end"])) for c in got} == {("2024-07-01", "2024-07-31")}


def test_a_list_in_the_sentence_after_the_count_gives_attacks_on_us_bases():
    text = ("ووثقت الشبكة 25 استهدافاً للقواعد الأمريكية في سوريا منذ 19 تشرين الأول. "
            "وتوزعت على النحو الآتي: 9 على قاعدة الشدادي، و16 على حقل كونيكو.")
    got = attacks(text, None)
    assert _values(got) == [25, 9, 16]
    assert all(c["actor"] != "ISIS" for c in got)


def test_casualties_listed_after_a_colon_are_not_parts():
    text = ("نفذت خلايا التنظيم 40 عملية منذ مطلع العام. وتوزع القتلى كالآتي: 20 من قسد، و7 مدنيين.")
    assert _values(attacks(text)) == [40]


def test_a_part_of_them_after_another_part_is_a_part():
    # "تبنى التنظيم 12 منها": of them, after the parts by target
    text = "سجل المرصد 40 هجوماً لداعش خلال شباط 2024، 25 منها ضد المدنيين و15 ضد الجيش، تبنى التنظيم 12 منها."
    assert _values(attacks(text)) == [40, 25, 15, 12]


def test_a_date_compared_with_in_another_clause_is_not_the_period():
    # the year compared with ("مقارنة بالعام السابق") is not the span the 140 attacks cover
    text = ("ارتفعت هجمات داعش خلال النصف الأول من 2024 مقارنة بالعام السابق بنسبة 30%، "
            "حيث سجل المرصد 140 هجوماً.")
    got = attacks(text, None)
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [
        (140, "2024-01-01", "2024-06-30")]


def test_unprecedented_since_a_year_is_no_period():
    text = "بلغ نشاط التنظيم مستوى لا نظير له منذ 2019، إذ شن 12 هجوماً في البادية خلال أيام."
    got = attacks(text, None)
    assert _values(got) == [12] and got[0]["period_start"] is None


def test_operations_against_isis_by_no_one_named_are_not_its_attacks():
    text = ("قتل التحالف 20 عنصراً من داعش هذا العام. "
            "وفي سوريا جرى تنفيذ 40 عملية ضد خلايا داعش أسفرت عن اعتقال 60 من عناصر التنظيم.")
    assert attacks(text) == []


@pytest.mark.parametrize("text,start", [
    # the year the article's own dates name ("الهجوم الأعنف في العام 2025")
    ("كان هجوم تدمر الأعنف في العام 2025. وشن التنظيم أكثر من 90 هجوماً منذ بداية العام الحالي.", "2025-01-01"),
    ("في شباط/ فبراير 2025 هاجم التنظيم حاجزاً. ووثقت الشبكة 41 هجوماً منذ مطلع العام الجاري.", "2025-01-01"),
    # a year a "since" starts from lies back: no current year
    ("عاد تنظيم داعش منذ هزيمته عام 2019، ونفذ 41 عملية منذ مطلع العام الجاري.", None),
])
def test_since_the_start_of_the_current_year_in_an_undated_article(text, start):
    got = attacks(text, None)
    assert [(c["value"], _iso(c["period_start"]), c["period_end"]) for c in got][-1][1:] == (start, None)


def test_a_day_a_since_starts_from_does_not_end_the_count():
    # "ومنذ خطاب ... في 4 كانون الثاني 2024": the start of an escalation, not the day of the report
    text = ("ومنذ خطاب المتحدث باسم التنظيم، أبو حذيفة، في 4 كانون الثاني/ يناير 2024، صعد داعش هجماته. "
            "ووثقت الشبكة 210 هجمات منذ بداية العام الجاري.")
    got = attacks(text, None)
    assert [(c["value"], _iso(c["period_start"]), c["period_end"]) for c in got] == [(210, "2024-01-01", None)]


def test_a_day_of_the_current_month_after_since_and_its_event_starts_the_count():
    # "منذ <event> في 3 من الشهر الجاري": the day starts the span, up to publication
    text = "ومنذ انسحاب القوات الحكومية من المنطقة في 3 من الشهر الجاري، شن تنظيم داعش 9 هجمات في ريف حمص."
    got = attacks(text, date(2024, 12, 20))
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [
        (9, "2024-12-03", "2024-12-20")]


def test_an_ordinal_within_less_than_so_many_hours():
    got = attacks("وهو الاستهداف الثالث لحقل كونيكو في أقل من 72 ساعة.", date(2024, 1, 10))
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [
        (3, "2024-01-07", "2024-01-10")]


@pytest.mark.parametrize("text,values", [
    ("وتبنى تنظيم داعش عمليتين في ريف دير الزور الشرقي يوم السبت.", [2]),
    ("وأعلن داعش مسؤوليته عن عمليتين ضد قسد في ريف الحسكة.", [2]),
    # security operations against it are not its attacks
    ("ونفذت قسد بمشاركة التحالف عمليتين أمنيتين ضد خلايا داعش.", []),
    # a rate, "two a day", is no count
    ("وكان داعش ينفذ هجومين أو أكثر يومياً في البادية.", []),
])
def test_duals_of_operations_and_attacks(text, values):
    assert _values(attacks(text)) == values


def test_parts_listed_after_a_comma_or_set_against_and_not_those_in_another_country():
    text = ("وقال البنتاغون إن قواته تعرضت لـ 150 هجوماً منذ تشرين الأول، بواقع 60 هجوماً في العراق، "
            "85 في سوريا، و5 في الأردن.")
    assert _values(attacks(text)) == [150, 85]
    text = "وسجلت محافظة حمص 15 هجوماً لداعش خلال الشهر الماضي، مقابل 7 في حماة."
    assert _values(attacks(text)) == [15, 7]


def test_the_day_a_source_reported_on_is_not_the_period():
    got = attacks("قتل تنظيم داعش 12 شخصاً في 4 هجمات في البادية، بحسب المرصد السوري اليوم الأحد.", date(2024, 3, 10))
    assert [(c["value"], c["period_start"]) for c in got] == [(4, None)]


def test_a_lead_count_restated_with_its_period_and_a_hedged_restatement_are_one_count():
    text = ("قتل داعش 40 شخصاً في 6 هجمات بالبادية. "
            "وأحصى المرصد منذ مطلع الشهر الجاري 6 هجمات للتنظيم في البادية.")
    got = attacks(text, date(2024, 3, 10))
    assert [(c["value"], _iso(c["period_start"])) for c in got] == [(6, "2024-03-01")]
    text = ("تعرضت القوات الأمريكية في سوريا لـ3 هجمات خلال يومين. "
            "وقال مسؤول إن القواعد استهدفت 3 مرات على الأقل خلال يومين.")
    got = attacks(text, date(2024, 3, 10))
    assert [(c["value"], c["qualifier"]) for c in got] == [(3, "exact")]


def test_an_article_about_iraq_alone_gives_no_attack_count():
    text = ("أعلن داعش مسؤوليته عن هجوم على طريق يربط بغداد بالموصل. "
            "وهذا ثالث هجوم ينفذه التنظيم على الطريق خلال الشهر الجاري.")
    assert attacks(text) == []


def test_a_relative_clause_after_a_comma_numbers_the_attacks_before_it():
    text = "وجاء ذلك ردا على الهجمات المتكررة على القوات الأمريكية في سوريا، التي بلغ عددها 70 منذ منتصف الشهر الماضي."
    assert _values(attacks(text)) == [70]


@pytest.mark.parametrize("text,value", [
    # the attacks on a base named right after the ordinal, with no period
    ("وقال المرصد إن هذا هو الهجوم السابع على قاعدة التنف.", 7),
    # "للمرة الثالثة": the attack told at the head of its clause, far before
    ("قصفت طائرة مسيرة مجهولة قاعدة التحالف في حقل كونيكو بريف دير الزور الشرقي وذلك للمرة الثالثة خلال أيام.", 3),
])
def test_ordinals_on_a_named_base_or_far_after_the_attack(text, value):
    assert _values(attacks(text, None)) == [value]


def test_a_state_named_in_a_count_of_attacks_on_us_forces_is_not_their_author():
    got = attacks("ومنذ اندلاع الحرب الإسرائيلية على لبنان، تعرضت القوات الأمريكية في سوريا لـ 30 هجوماً.", None)
    assert _values(got) == [30] and got[0]["actor"] not in ("ISIS", "Israel")


@pytest.mark.parametrize("text,pub,period", [
    # half a month
    ("ووثق المرصد 35 هجوماً لداعش خلال النصف الأول من تموز/يوليو الجاري.", date(2024, 7, 20),
     ("2024-07-01", "2024-07-15")),
    ("وسجلت الشبكة 12 هجوماً للتنظيم في النصف الثاني من الشهر الماضي.", date(2024, 7, 20), ("2024-06-16", "2024-06-30")),
    # the year after the month a since starts on
    ("تعرضت القواعد الأمريكية في سوريا لـ 90 هجوماً منذ بداية تشرين الأول/أكتوبر 2023.", date(2024, 2, 1),
     ("2023-10-01", "2024-02-01")),
    # two months joined
    ("شن تنظيم داعش 44 هجوماً في البادية خلال شهري تموز وآب.", date(2024, 9, 5), ("2024-07-01", "2024-08-31")),
])
def test_periods_of_half_a_month_two_months_and_a_since_with_its_year(text, pub, period):
    got = attacks(text, pub)
    assert [(_iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [period]


def test_the_subject_after_a_verb_of_attacking_that_opens_its_clause_is_the_actor():
    # verb, subject, object: ISIS attacks; "9 عمليات استهدفت قوات النظام" keeps the group the object
    got = attacks("وهاجم تنظيم داعش نقطة لقسد في ريف الحسكة، في هجوم هو الـ 12 منذ مطلع الشهر.")
    assert [(c["value"], c["actor"], _iso(c["period_start"])) for c in got] == [(12, "ISIS", "2024-03-01")]


def test_an_ordinal_before_isis_operations_counts_them():
    got = attacks("وتعد هذه ثاني عملية لداعش ضد الجيش السوري خلال يومين.")
    assert [(c["value"], c["actor"]) for c in got] == [(2, "ISIS")]


def test_an_ambiguous_month_after_a_word_of_span_is_the_month():
    got = attacks("قتل 30 شخصاً في 11 هجوماً لداعش في البادية خلال آب.", date(2024, 9, 10))
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [
        (11, "2024-08-01", "2024-08-31")]


@pytest.mark.parametrize("text,period", [
    # "ومنذ": since with a glued conjunction
    ("ومنذ بداية العام الجاري وحتى اليوم، نفذت خلايا داعش 87 عملية في مناطق الإدارة الذاتية.",
     ("2024-01-01", "2024-03-10")),
    ("فمنذ مطلع الشهر الجاري شن داعش 14 هجوماً على نقاط لقسد.", ("2024-03-01", "2024-03-10")),
    # "وبين"، "ومن": a run of days with a glued conjunction
    ("وشن داعش 11 هجوماً في البادية، وبين 1 و9 آذار قتل 20 عنصراً.", None),
    ("وسجلت الشبكة 16 هجوماً للتنظيم في الفترة ومن 1 إلى 8 شباط.", ("2024-02-01", "2024-02-08")),
])
def test_spans_opened_by_a_word_with_a_glued_conjunction(text, period):
    got = attacks(text)
    if period is not None:
        assert [(_iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [period]
    else:
        assert len(got) == 1


def test_an_ordinal_after_a_glued_copula_and_a_comma_numbers_the_attack_before():
    got = attacks("ويأتي هذا الهجوم بعد يومين من هجوم مماثل، وهو الثالث خلال أسبوع.", date(2024, 9, 10))
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [
        (3, "2024-09-03", "2024-09-10")]


@pytest.mark.parametrize("text,period", [
    # a month named in both systems with its year, in an undated article
    ("وشن تنظيم داعش 20 هجوماً خلال تشرين الثاني/نوفمبر 2025 في ريف دير الزور.", ("2025-11-01", "2025-11-30")),
    # a since-span whose end is written out keeps it, undated
    ("وتعرضت القوات الأمريكية منذ 18 تشرين الأول 2023 وحتى 21 تشرين الثاني 2024 لـ 206 هجمات.",
     ("2023-10-18", "2024-11-21")),
    # two days of two months with the year once at the end
    ("وخلال الفترة من 1 كانون الثاني حتى 30 حزيران 2024، نفذ تنظيم داعش 153 هجوماً في سوريا والعراق.",
     ("2024-01-01", "2024-06-30")),
])
def test_periods_an_undated_article_states_in_full(text, period):
    got = attacks(text, None)
    assert [(_iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [period]


def test_counts_in_africa_or_around_the_world_are_not_syrias():
    assert attacks("وتبنى تنظيم داعش أكثر من 1500 هجوم حول العالم خلال العام الماضي.") == []
    got = attacks("وأعلن داعش مسؤوليته عن 35 هجوماً في سوريا، و48 في أفريقيا خلال الشهر الماضي.")
    assert _values(got) == [35]


def test_the_nth_time_with_a_long_base_name_in_the_relative_clause():
    got = attacks("وتعد هذه المرة العاشرة التي تتعرض فيها قاعدة حقل العمر لهجوم منذ بداية الشهر.", date(2024, 9, 10))
    assert [(c["value"], _iso(c["period_start"])) for c in got] == [(10, "2024-09-01")]


def test_within_a_month_at_the_end_of_its_clause_is_the_month_before_publication():
    got = attacks("وهذا سابع هجوم يستهدف القوات الأمريكية في سوريا خلال شهر.", date(2024, 9, 10))
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [
        (7, "2024-08-10", "2024-09-10")]
    # "خلال شهر رمضان" is Ramadan (1445: calendar.json's table), not the month before publication
    got = attacks("وشن داعش 12 هجوماً في البادية خلال شهر رمضان.", date(2024, 9, 10))
    assert [(_iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [("2024-03-11", "2024-04-09")]


def test_the_year_of_an_event_the_article_recalls_is_not_its_current_year():
    # SOHR's usual background: the coalition declared ISIS defeated in March 2019
    text = ("لا يزال التنظيم يؤكد وجوده خلافا لإعلان التحالف الدولي هزيمته في شهر آذار من العام 2019. "
            "وأحصى المرصد 130 هجوماً لخلايا داعش منذ مطلع العام الجاري.")
    got = attacks(text, None)
    assert [(c["value"], c["period_start"]) for c in got] == [(130, None)]
    text = ("وأعلنت قسد هزيمة التنظيم في العام 2019. "
            "وشن داعش 90 هجوماً خلال العام الجاري في مناطق الإدارة الذاتية.")
    got = attacks(text, None)
    assert [(c["value"], c["period_start"]) for c in got] == [(90, None)]


def test_times_after_a_passive_verb_of_attacking():
    got = attacks("وقالت المتحدثة باسم البنتاغون إن القوات الأمريكية في سوريا هوجمت 4 مرات منذ يوم الأحد.", date(2024, 9, 10))
    assert [(c["value"], c["actor"], c["target"]) for c in got] == [(4, None, "US")]


# --- round 3 of issue 13 (tune5: outlets new to the corpus) ---------------------------------------

def strikes(text: str, pub: date | None = PUB) -> list[dict]:
    return [c for c in extract_claims(text, pub) if c["kind"] == "strikes"]


@pytest.mark.parametrize("text, pub", [
    ("وسجلت القواعد الأمريكية في سوريا 45 هجوماً منذ 19 تشرين الأول بحسب مصادر محلية.", None),
    ("ومنذ 4 تشرين الثاني، تعرضت القوات الأميركية في العراق وسوريا لـ 45 هجوما على الأقل.", None),
    ("ونفذت الفصائل المسلحة 45 هجوما على القوات الأمريكية منذ اندلاع الحرب على غزة.", PUB),
])
def test_a_count_since_a_start_no_year_or_no_day_resolves_is_still_a_running_total(text, pub):
    got = attacks(text, pub)
    assert [(c["value"], c["cumulative"], c["period_start"], c["period_end"]) for c in got] == [(45, True, None, None)]


def test_a_count_whose_period_resolves_is_not_made_cumulative_by_a_since_in_another_sentence():
    got = attacks("وأحصى المرصد 12 هجوما لخلايا داعش خلال الشهر الماضي. ومنذ مطلع العام قتل 40 شخصا.")
    assert [(c["value"], c["cumulative"]) for c in got] == [(12, False)]


@pytest.mark.parametrize("text, start", [
    ("وتعرضت القواعد الأمريكية منذ تاريخ 5 كانون الثاني لـ 30 هجوماً بالصواريخ والمسيرات.", "2024-01-05"),
    ("ومنذ تاريخ 17 أكتوبر الماضي، بلغ عدد الهجمات على القوات الأمريكية 30 هجوما.", "2023-10-17"),
])
def test_since_a_noun_of_date_still_starts_the_span(text, start):
    got = attacks(text)
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"]), c["cumulative"]) for c in got] == [
        (30, start, "2024-03-10", True)]


@pytest.mark.parametrize("text, value, actor", [
    ("وشن التحالف الدولي خمس هجمات على مواقع للتنظيم في البادية خلال الشهر الماضي.", 5, "coalition"),
    ("وكانت القوات الأمريكية قد نفذت 3 هجمات على منشآت تابعة للحرس الثوري في دير الزور.", 3, "US"),
])
def test_attacks_launched_by_us_or_coalition_forces_are_their_strikes(text, value, actor):
    assert attacks(text) == []
    assert [(c["value"], c["actor"]) for c in strikes(text)] == [(value, actor)]


def test_attacks_us_forces_suffered_stay_attacks_on_them():
    got = attacks("وقالت وزارة الدفاع إن القوات الأمريكية تعرضت لـ 12 هجوما في سوريا خلال أسبوع.")
    assert [(c["value"], c["target"]) for c in got] == [(12, "US")]
    assert strikes("وقالت وزارة الدفاع إن القوات الأمريكية تعرضت لـ 12 هجوما في سوريا خلال أسبوع.") == []


def test_a_part_placed_in_iraq_after_the_side_hit_is_left_out():
    got = attacks("وسُجل 40 هجوماً خلال الشهر الماضي، منها 22 هجوماً شُنت على القوات الأمريكية في العراق و18 في سوريا.")
    assert sorted(c["value"] for c in got) == [18, 40]


def test_an_ordinal_of_its_kind_counts_an_attack_told_by_a_verb():
    got = attacks("وفي حادثة هي الخامسة من نوعها منذ مطلع الشهر الجاري، استهدفت طائرة مسيرة قاعدة الشدادي.")
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"]), c["cumulative"]) for c in got] == [
        (5, "2024-03-01", "2024-03-10", True)]


def test_an_ordinal_of_its_kind_with_no_attack_counts_nothing():
    assert attacks("وفي زيارة هي الخامسة من نوعها منذ مطلع الشهر الجاري، التقى القائد بعناصر قسد.") == []


def test_a_heading_ordinal_counts_the_attack_the_line_under_it_tells():
    text = "الثالث خلال أسبوع.. هجوم بطائرة مسيرة على قاعدة خراب الجير\nوأفادت مصادر محلية بسماع دوي انفجار."
    got = attacks(text)
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [(3, "2024-03-03", "2024-03-10")]


def test_a_heading_ordinal_with_no_span_counts_nothing():
    assert attacks("الثاني.. هجوم على قاعدة التنف\nوقالت مصادر إن الدفاعات تصدت له.") == []


def test_an_ordinal_of_attacks_carried_out_by_us_forces_counts_their_strikes():
    text = "وتعد هذه الهجمات الرابعة من نوعها خلال شهر التي شنتها القوات الأمريكية على مواقع الفصائل في البوكمال."
    assert attacks(text) == []
    assert [(c["value"], c["actor"]) for c in strikes(text)] == [(4, "US")]


def test_bulleted_lines_after_a_count_that_opens_a_list_are_its_parts():
    text = ("وأحصى المرصد 40 هجوما على القواعد الأمريكية في سوريا خلال شهر شباط، وتوزعت على النحو التالي:\n"
            "- 12 على قاعدة التنف\n- 12 على قاعدة الشدادي\n- 16 على حقل كونيكو\nوقالت مصادر إن 3 جنود أصيبوا.")
    got = attacks(text)
    assert sorted((c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got) == [
        (12, "2024-02-01", "2024-02-29"), (12, "2024-02-01", "2024-02-29"), (16, "2024-02-01", "2024-02-29"),
        (40, "2024-02-01", "2024-02-29")]


def test_bulleted_lines_after_a_count_with_no_list_opened_are_not_its_parts():
    text = "وأحصى المرصد 40 هجوما على القواعد الأمريكية في سوريا خلال شهر شباط.\n- 12 على قاعدة التنف"
    assert [c["value"] for c in attacks(text)] == [40]


@pytest.mark.parametrize("text, start", [
    ("وقالت مصادر محلية إن خلايا التنظيم شنت 9 هجمات منذ بداية الأسبوع الجاري في ريف دير الزور.", "2024-03-04"),
    ("ورصد المرصد 14 هجوما لداعش منذ مطلع الأسبوع الماضي.", "2024-02-26"),
])
def test_since_the_start_of_a_week_is_a_running_total_from_its_monday(text, start):
    got = attacks(text)  # PUB is Sunday 10 March 2024
    assert [(_iso(c["period_start"]), _iso(c["period_end"]), c["cumulative"]) for c in got] == [(start, "2024-03-10", True)]


@pytest.mark.parametrize("text, pub, period", [
    # a relative year with the year written after it: the year written, with or without a publication date
    ("ووثق المرصد خلال العام المنصرم 2023 نحو 450 عملية لخلايا التنظيم في سوريا.", None, ("2023-01-01", "2023-12-31")),
    ("وسجلت هجمات داعش خلال العام الماضي (2023) نحو 450 هجوما.", PUB, ("2023-01-01", "2023-12-31")),
    # "since the start of the current year 2024" in an undated article: from the year written, open-ended
    ("ونفذت خلايا داعش منذ مطلع العام الجاري 2024 نحو 450 عملية.", None, ("2024-01-01", None)),
])
def test_a_year_written_after_a_relative_year_dates_the_count(text, pub, period):
    got = attacks(text, pub)
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [(450, *period)]


def test_operations_counted_right_after_a_sentence_naming_the_iran_backed_attacker_are_theirs():
    text = ("وتبنت فصائل المقاومة الإسلامية في العراق هجوما بطائرة مسيرة على قاعدة الشدادي.\n"
            "وبهذا يصل عدد العمليات التي نفذتها منذ منتصف تشرين الأول إلى 95 عملية.")
    got = attacks(text)
    assert [(c["value"], c["actor"], _iso(c["period_start"]), c["cumulative"]) for c in got] == [
        (95, "Iran-backed militias", "2023-10-15", True)]


@pytest.mark.parametrize("lead, actor", [("شنت مقاتلات التحالف الدولي غارات على مواقع لداعش في البادية.", "coalition"),
                                         ("وقتل عناصر داعش 5 رعاة في البادية.", None)])
def test_a_strike_count_naming_no_one_takes_the_striker_the_sentence_before_names(lead, actor):
    got = strikes(lead + "\nوبلغ عدد الغارات منذ بداية الشهر 14 غارة.")
    assert [(c["value"], c["actor"]) for c in got] == [(14, actor)]


def test_a_strike_count_after_another_powers_strikes_is_not_the_coalitions():
    assert strikes("وشنت طائرات روسية غارات على مواقع لداعش في البادية.\nوبلغ عدد الغارات منذ بداية الشهر 14 غارة.") == []


def test_strikes_told_with_no_period_in_a_report_of_a_raid_fall_on_the_day_it_dates():
    text = ("أعلن الجيش الأمريكي اليوم الأحد أنه شن ضربات جوية على مواقع لفصائل مدعومة من إيران شرقي سوريا.\n"
            "وقالت مصادر محلية إن محيط مدينة الميادين تعرض لخمس غارات جوية.")
    got = strikes(text)  # PUB is Sunday 10 March 2024
    assert [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in got] == [(5, "2024-03-10", "2024-03-10")]


def test_strikes_with_no_period_in_a_report_dating_no_day_stay_undated():
    got = strikes("وقالت مصادر محلية إن محيط مدينة الميادين تعرض لخمس غارات جوية.")
    assert [(c["value"], c["period_start"], c["period_end"]) for c in got] == [(5, None, None)]


# ---------------------------------------------------------------- round 19: periods (issue 13)
def _periods(text: str, pub: date | None = None) -> list[tuple]:
    return [(c["value"], _iso(c["period_start"]), _iso(c["period_end"])) for c in attacks(text, pub)]


@pytest.mark.parametrize("text,expected", [
    # a month named alone in an undated article is in the one year the article names
    ("حصاد عام 2021 لخلايا داعش في البادية.\n"
     "ووثق المرصد السوري 42 هجوما لخلايا داعش خلال شهر أيار على مواقع قوات النظام في البادية.",
     [(42, "2021-05-01", "2021-05-31")]),
    # a year only compared with ("مقارنة مع 2019") is not the article's year
    ("تنظيم داعش في 2021 أنشط مقارنة مع 2019.\n"
     "ونفذت خلايا التنظيم في تموز 17 هجوما ضد قوات سوريا الديمقراطية في دير الزور.",
     [(17, "2021-07-01", "2021-07-31")]),
    # negative: a relative month ("الشهر الماضي") is not placed in that year
    ("حصاد عام 2021 لخلايا داعش في البادية.\n"
     "ووثق المرصد السوري 42 هجوما لخلايا داعش خلال الشهر الماضي على مواقع قوات النظام في البادية.",
     [(42, None, None)]),
    # negative: two years named, no one year to take
    ("نشاط داعش في 2021 وفي 2022.\n"
     "ونفذت خلايا التنظيم في تموز 17 هجوما ضد قوات سوريا الديمقراطية في دير الزور.",
     [(17, None, None)]),
    # negative: the only year is where a "since" starts
    ("عودة داعش منذ عام 2019 إلى الواجهة.\n"
     "ونفذت خلايا التنظيم في تموز 17 هجوما ضد قوات سوريا الديمقراطية في دير الزور.",
     [(17, None, None)]),
])
def test_a_month_named_alone_takes_the_undated_articles_one_year(text, expected):
    assert _periods(text) == expected


_SECTIONED = ("داعش في سوريا: حصاد مفتوح\n"
              "مقدمة عن نشاط التنظيم في البادية السورية وريف دير الزور خلال السنوات الأخيرة.\n"
              "هجمات التنظيم في 2022\n")


@pytest.mark.parametrize("body,pub,expected", [
    # a count with no date of its own under a heading line that names a year takes it
    ("رصدت شبكات محلية نحو 300 هجوم للتنظيم في مناطق شرق الفرات، أغلبها في ريف دير الزور.", None,
     [(300, "2022-01-01", "2022-12-31")]),
    ("رصدت شبكات محلية نحو 300 هجوم للتنظيم في مناطق شرق الفرات، أغلبها في ريف دير الزور.", date(2023, 1, 5),
     [(300, "2022-01-01", "2022-12-31")]),
    # the next heading (with no year) ends the section
    ("رصدت شبكات محلية نحو 300 هجوم للتنظيم في مناطق شرق الفرات.\nالوضع في الرقة\n"
     "وثق ناشطون 400 هجوم للتنظيم في ريف الرقة.", None,
     [(300, "2022-01-01", "2022-12-31"), (400, None, None)]),
    # negative: a date of its own, even one that does not resolve, keeps the count's period
    ("رصدت شبكات محلية نحو 300 هجوم للتنظيم خلال الشهر الماضي في مناطق شرق الفرات.", None,
     [(300, None, None)]),
])
def test_a_count_under_a_heading_line_naming_a_year_takes_that_year(body, pub, expected):
    assert _periods(_SECTIONED + body, pub) == expected


def test_a_year_in_a_sentence_line_is_no_heading():
    # negative: the year is in a full sentence (a paragraph), not a heading line
    text = ("هجمات التنظيم في 2022 كانت الأعنف منذ سنوات في مناطق شرق الفرات بحسب المرصد.\n"
            "رصدت شبكات محلية نحو 300 هجوم للتنظيم في مناطق شرق الفرات.")
    assert _periods(text) == [(300, None, None)]
    # and a running total since a day keeps being cumulative, with no heading's year
    got = attacks(_SECTIONED + "رصدت شبكات محلية نحو 300 هجوم للتنظيم منذ 17 أكتوبر في مناطق شرق الفرات.", None)
    assert [(c["value"], c["period_start"], c["cumulative"]) for c in got] == [(300, None, True)]


@pytest.mark.parametrize("text,expected", [
    # a tally of the past week counts up to the report, as "خلال أسبوع" does (PUB is 10 March 2024)
    ("وأحصت شبكة محلية 9 هجمات لخلايا التنظيم على حواجز قسد في ريف دير الزور خلال الأسبوع الماضي.",
     [(9, "2024-03-03", "2024-03-10")]),
    ("وتبنى تنظيم داعش 6 هجمات على مواقع قوات النظام في البادية السورية خلال أسبوع.",
     [(6, "2024-03-03", "2024-03-10")]),
    # negative: the current week keeps its own span (the six days before the report and the report's)
    ("وأحصت شبكة محلية 9 هجمات لخلايا التنظيم على حواجز قسد في ريف دير الزور خلال الأسبوع الجاري.",
     [(9, "2024-03-04", "2024-03-10")]),
])
def test_a_tally_of_the_past_week_ends_on_the_report_day(text, expected):
    assert _periods(text, PUB) == expected
