"""Claim rules on sentences written for the purpose, in other outlets' phrasing:
Gulf/Egyptian and Levantine months, Arabic-Indic digits, figures before and after
the noun, hedges, negations — several per rule."""
from datetime import date

import pytest

from lib.extract import extract_claims
from lib.text.places import find_places
from lib.text.textnorm import normalize
from conftest import SEEDS_DIR

PUB = date(2025, 5, 27)


def claims(text: str, kind: str | None = None, pub: date | None = PUB):
    out = extract_claims(text, pub)
    return [c for c in out if kind is None or c["kind"] == kind]


def place(name: str) -> str:
    return max(find_places(normalize(name)), key=lambda p: p.end - p.start).place_id


def iso(d):
    return d.isoformat() if d else None


# ---------------------------------------------------------------- troops
@pytest.mark.parametrize("text,expected", [
    ("قال مسؤول في البنتاغون إن عدد الجنود الأمريكيين في سوريا يبلغ نحو 900 جندي.",
     [(900, "approx", "current")]),
    ("أعلنت واشنطن أنها ستخفض عدد قواتها في سوريا من ٢٠٠٠ جندي إلى ١٥٠٠ جندي بحلول نهاية العام.",
     [(2000, "exact", "current"), (1500, "exact", "planned")]),
    ("قلصت الولايات المتحدة قواتها في سوريا من 2000 جندي إلى نحو 1400 جندي.",
     [(2000, "exact", "past"), (1400, "approx", "current")]),
    ("تنشر الولايات المتحدة قرابة ألفي جندي في شمال شرقي سوريا.", [(2000, "approx", "current")]),
    ("كانت القوات الأمريكية في سوريا تضم 2000 جندي قبل قرار الانسحاب.", [(2000, "exact", "past")]),
    ("وتعتزم واشنطن خفض عديد قواتها في سوريا إلى أقل من ألف خلال الأشهر المقبلة.", [(1000, "less_than", "planned")]),
    ("ويبلغ عدد الجنود الأمريكيين أكثر من 1000 جندي بقليل.", [(1000, "more_than", "current")]),
    ("أبقت الإدارة الأمريكية على نحو ٤٠٠ جندي لحماية حقول النفط.", [(400, "approx", "current")]),
])
def test_troop_figures(text, expected):
    got = claims(text, "troops")
    assert sorted((c["value"], c["qualifier"], c["when"]) for c in got) == sorted(expected)
    assert {c["actor"] for c in got} == {"US"}


def test_a_planned_range():
    got = claims("وتعتزم واشنطن خفض عدد قواتها في سوريا من 2000 جندي إلى ما بين 900 و1000 جندي بحلول نهاية الصيف.",
                 "troops")
    assert sorted((c["low"], c["high"], c["qualifier"], c["when"]) for c in got) == [
        (900, 1000, "range", "planned"), (2000, 2000, "exact", "current")]


@pytest.mark.parametrize("text,expected", [
    # a change verb with a pronoun: "خفضهم إلى النصف"
    ("ويبلغ عدد الجنود الأمريكيين في سوريا حالياً نحو ألفي جندي، وسيجري خفضهم إلى النصف بحلول نهاية العام.",
     [(1000, "half_of", "planned"), (2000, "approx", "current")]),
    ("وقال المسؤول إن واشنطن ستحتفظ بأقل من ألف جندي في سوريا.", [(1000, "less_than", "planned")]),
])
def test_change_and_future_verb_forms(text, expected):
    got = claims(text, "troops")
    assert sorted((c["value"], c["qualifier"], c["when"]) for c in got) == sorted(expected)


def test_us_figure_near_another_powers_border():
    (c,) = claims("وتنشر الولايات المتحدة قرب الحدود التركية نحو 900 جندي.", "troops")
    assert (c["value"], c["actor"]) == (900, "US")


def test_us_figure_beside_another_powers():
    got = claims("وتنشر روسيا نحو 4000 عسكري في قاعدة حميميم، مقابل 2000 جندي أمريكي في شرق سوريا.", "troops")
    assert [(c["value"], c["actor"]) for c in got] == [(2000, "US")]
    got = claims("وقالت روسيا إن الولايات المتحدة تنشر 900 جندي في سوريا بشكل غير شرعي.", "troops")
    assert [(c["value"], c["actor"]) for c in got] == [(900, "US")]


def test_less_than_is_an_upper_bound_not_a_value():
    (c,) = claims("ستخفض واشنطن قواتها إلى أقل من ألف جندي أمريكي", "troops")
    assert (c["low"], c["high"]) == (None, 1000)


def test_half_of_a_stated_figure():
    # the level being cut from is the current one, unless the plan was announced long before publication
    got = claims("قال البنتاغون إنه سيقلص عدد جنوده في سوريا البالغ ألفي جندي إلى النصف.", "troops")
    assert sorted((c["value"], c["qualifier"], c["when"]) for c in got) == [(1000, "half_of", "planned"),
                                                                           (2000, "exact", "current")]
    got = claims("وفي 19 نيسان الماضي، قال البنتاغون إنه سيقلص عدد جنوده في سوريا البالغ ألفي جندي إلى النصف.",
                 "troops")
    assert sorted((c["value"], c["qualifier"], c["when"]) for c in got) == [(1000, "half_of", "planned"),
                                                                           (2000, "exact", "past")]


@pytest.mark.parametrize("text", [
    "نشرت روسيا 300 جندي روسي في مطار القامشلي.",  # not the coalition
    "تحتفظ الولايات المتحدة بنحو 2500 جندي في العراق.",  # not in Syria
    "دخلت 50 آلية عسكرية أمريكية إلى ريف الحسكة.",  # vehicles
    "تحتجز قسد نحو 9 آلاف عنصر من داعش في سجونها.",  # prisoners
    "يقيم أكثر من 40 ألف شخص في مخيم الهول.",  # camp residents
    "وذكرت فرانس 24 أن القوات الأمريكية ستبقى 60 يوماً.",  # channel name, duration
    # other countries' troops named by their people, in an article about US forces
    "وتنتشر القوات الأمريكية شرق الفرات، بينما ينتشر نحو 3000 من الجنود الأتراك في شمال سوريا.",
    "وتحتفظ الولايات المتحدة بقواتها شرق الفرات. في المقابل، يقدر عدد الجنود الأتراك في شمال سوريا بنحو 10 آلاف جندي.",
    "وفي المقابل ينتشر آلاف الجنود الروس في قاعدة حميميم، بحسب واشنطن.",
    # another power deploys them, in an article that names US forces
    "وتنتشر القوات الأمريكية في قواعد عدة شرق الفرات، فيما تحتفظ روسيا بنحو 3 آلاف جندي في الساحل.",
    "وتنشر الولايات المتحدة نحو 3000 جندي في الأردن.",  # not in Syria
    # casualties, in an article that names US forces
    "وقالت القوات الأمريكية إن التنظيم استهدف حافلة عسكرية، ما أدى إلى مقتل 9 جنود وإصابة 12 آخرين.",
])
def test_numbers_that_are_not_troop_figures(text):
    assert claims(text, "troops") == []


# ---------------------------------------------------------------- attacks
def test_attack_count_over_last_month():
    (c,) = claims("وثق المرصد 45 هجوماً لخلايا داعش في ريف دير الزور خلال الشهر الماضي.", "attacks")
    assert (c["value"], c["actor"], iso(c["period_start"]), iso(c["period_end"]), c["date_precision"]) == (
        45, "ISIS", "2025-04-01", "2025-04-30", "month")
    assert c["cumulative"] is False


def test_attack_count_since_start_of_year_is_a_running_total():
    (c,) = claims("نفذ تنظيم داعش أكثر من 200 هجوم منذ بداية العام الجاري.", "attacks")
    assert (c["value"], c["low"], c["qualifier"], c["cumulative"]) == (200, 200, "more_than", True)
    assert (iso(c["period_start"]), iso(c["period_end"])) == ("2025-01-01", "2025-05-27")


def test_two_counts_take_their_own_periods_egyptian_months():
    got = claims("شن التنظيم 30 هجوما في يناير ٢٠٢٥، مقابل ٢٢ هجوماً في ديسمبر 2024.", "attacks")
    assert sorted((c["value"], iso(c["period_start"]), iso(c["period_end"])) for c in got) == [
        (22, "2024-12-01", "2024-12-31"), (30, "2025-01-01", "2025-01-31")]


def test_attacks_on_us_forces_by_militias():
    (c,) = claims("تعرضت القوات الأمريكية في سوريا لـ 150 هجوماً من الفصائل المدعومة من إيران منذ 17 تشرين الأول.",
                  "attacks", pub=date(2024, 2, 1))
    assert c["value"] == 150 and c["cumulative"] is True
    assert iso(c["period_start"]) == "2023-10-17"
    assert {c["actor"], c["target"]} == {"Iran-backed militias", "US"}


def test_ordinal_attack_is_cumulative():
    (c,) = claims("وقالت مصادر محلية إن هجوم داعش هو الخامس من نوعه منذ مطلع الشهر الجاري على مواقع قسد.", "attacks")
    assert (c["value"], c["cumulative"], c["actor"]) == (5, True, "ISIS")
    assert iso(c["period_start"]) == "2025-05-01"


# ---------------------------------------------------------------- strikes
def test_vague_strike_count_is_a_range():
    (c,) = claims("نفذ التحالف الدولي عشرات الغارات الجوية على مواقع داعش في البادية خلال الأسبوع الماضي.", "strikes")
    assert (c["value"], c["low"], c["high"], c["qualifier"], c["actor"], c["date_precision"]) == (
        None, 24, 99, "vague", "coalition", "week")


def test_strike_count_with_target():
    (c,) = claims("شنت القوات الأمريكية 12 غارة جوية ضد داعش في سوريا خلال شهر يونيو الماضي.", "strikes")
    assert (c["value"], c["actor"], c["target"], iso(c["period_start"])) == (12, "US", "ISIS", "2024-06-01")


@pytest.mark.parametrize("text,kind,actor,period_start", [
    ("وقالت واشنطن إن قواتها شنت خلال الأسبوع الماضي ضربتين جويتين استهدفتا قياديين في تنظيم حراس الدين.",
     "strikes", "US", "2025-05-20"),
    ("شن التحالف الدولي غارتين على مواقع لداعش في البادية أمس.", "strikes", "coalition", "2025-05-26"),
    ("نفذ تنظيم داعش هجومين على حواجز قسد في ريف دير الزور أمس.", "attacks", "ISIS", "2025-05-26"),
])
def test_a_dual_noun_counts_two(text, kind, actor, period_start):
    (c,) = claims(text, kind)
    assert (c["value"], c["qualifier"], c["actor"], iso(c["period_start"])) == (2, "exact", actor, period_start)


@pytest.mark.parametrize("text,actor,target", [
    # the verb after the group is the group's own, not a cue for the group named next
    ("وتظهر بيانات المرصد أن تنظيم داعش نفذ 312 عملية في مناطق قسد خلال عام 2024.", "ISIS", "SDF"),
    ("وتلاحق قسد خلايا تنظيم الدولة الإسلامية التي نفذت 48 هجوما منذ مطلع العام.", "ISIS", "SDF"),
    ("وقال مسؤول إن القوات الأمريكية في سوريا تعرضت لأكثر من 170 هجوماً منذ تشرين الأول 2023.", None, "US"),
    # not across a comma: the verb after "(قسد)،" is the cells' of ISIS
    ("صعّد تنظيم «داعش» من هجماته في مناطق سيطرة «قوات سوريا الديمقراطية» (قسد)، إذ نفّذت خلاياه 87 هجوماً "
     "منذ مطلع العام الحالي.", "ISIS", "SDF"),
    # a verb with a pronoun refers back to the attack: its author comes after it
    ("وأحصى المرصد 12 هجوما على قسد نفذها تنظيم داعش خلال الشهر الماضي.", "ISIS", "SDF"),
])
def test_attack_roles_from_the_verb_after_a_group(text, actor, target):
    (c,) = claims(text, "attacks")
    assert (c["actor"], c["target"]) == (actor, target)


def test_counts_in_iraq_alone_are_left_out():
    got = claims("وشنت القوات الأمريكية 5 غارات في سوريا، إضافة إلى غارتين في العراق خلال الأسبوع الماضي.", "strikes")
    assert [c["value"] for c in got] == [5]
    assert claims("شن التحالف 12 غارة جوية بالعراق أمس.", "strikes") == []
    (c,) = claims("تعرضت القوات الأمريكية لأكثر من 170 هجوما في العراق وسوريا منذ أكتوبر 2023.", "attacks")
    assert c["value"] == 170  # Iraq and Syria together


@pytest.mark.parametrize("text,kind", [
    # a pronoun form that is another word after normalisation: أسرة (family), قضية (case), بناية, إقامته
    ("قتل 3 أشخاص من أسرة واحدة في قصف على بلدة هجين أمس.", "arrested"),
    ("وفي قضية منفصلة، أصيب 3 مدنيين بانفجار في بلدة هجين أمس.", "killed"),
])
def test_pronoun_forms_that_are_other_words(text, kind):
    (c,) = claims(text, "incident")
    assert c[kind] is None


@pytest.mark.parametrize("text", ["سقطت قذيفة على بناية سكنية قرب قاعدة التنف.",
                                  "قتل قيادي داخل مكان إقامته قرب حقل العمر أمس."])
def test_pronoun_forms_that_are_other_words_give_no_status(text):
    # بناية is not بنى + a pronoun, nor إقامته إقامة + one: no base is being built (a shell near the base
    # says the base is in use: active)
    assert [c["status"] for c in claims(text, "base_status")] in (["mentioned"], ["active"])


def test_a_target_cue_before_a_group_wins_over_its_verb_after():
    (c,) = claims("وسجل المرصد 20 هجوما ضد قسد استهدفت نقاطها في ريف دير الزور خلال الشهر الماضي.", "attacks")
    assert (c["actor"], c["target"]) == (None, "SDF")


def test_iraq_in_a_group_name_is_not_a_place():
    (c,) = claims("وتعرضت القوات الأمريكية في سوريا لـ 5 هجمات للمقاومة الإسلامية في العراق خلال الأسبوع الماضي.",
                  "attacks")
    assert (c["value"], c["actor"], c["target"]) == (5, "Iran-backed militias", "US")


@pytest.mark.parametrize("text,status", [
    # a later verb of saying starts a new statement: the denial before it is of something else
    ("ونفت الوزارة وجود خلافات مع قسد وأعلنت إغلاق قاعدة الشدادي.", "closed"),
    ("نفى المتحدث الأنباء عن مقتل جنود وأكد انسحاب القوات الأمريكية من قاعدة التنف.", "withdrawn"),
])
def test_a_denial_does_not_reach_past_another_statement(text, status):
    assert [c["status"] for c in claims(text, "base_status")] == [status]


def test_the_two_strikes_named_again_are_not_a_new_count():
    assert claims("وأسفرت الغارتان عن مقتل قياديين في التنظيم.", "strikes") == []


# ---------------------------------------------------------------- bases
@pytest.mark.parametrize("text,name,status", [
    ("سلمت القوات الأمريكية قاعدة التنف إلى الجيش السوري.", "التنف", "handed_over"),
    ("أرسل الجيش الأمريكي تعزيزات عسكرية إلى قاعدة خراب الجير في ريف الحسكة.", "خراب الجير", "reinforced"),
    ("أنشأت القوات الأمريكية قاعدة جديدة في قسرك بريف الحسكة.", "قسرك", "established"),
    ("أخلت القوات الأمريكية حقل كونيكو للغاز شرقي دير الزور.", "كونيكو", "withdrawn"),
    ("أغلقت واشنطن قاعدة الشدادي جنوبي الحسكة.", "قاعدة الشدادي", "closed"),
    ("نفى التحالف الدولي انسحاب قواته من قاعدة التنف.", "التنف", "active"),
    ("أكد التحالف أنه لم يسلم حقل العمر النفطي لأي جهة.", "حقل العمر", "active"),
])
def test_base_status(text, name, status):
    got = [c for c in claims(text, "base_status") if c.get("place_id")]
    assert [(c["place_id"], c["status"]) for c in got] == [(place(name), status)]
    assert got[0]["lat"] is not None and got[0]["geo_precision"] == "exact"


def test_two_bases_in_one_sentence():
    got = claims("انسحبت القوات الأمريكية من قاعدتي \"العمر\" و\"كونيكو\" في ريف دير الزور.", "base_status")
    assert sorted((c["place_id"], c["status"]) for c in got if c.get("place_id")) == sorted(
        [(place("حقل العمر"), "withdrawn"), (place("كونيكو"), "withdrawn")])


def test_base_count_of_total_with_date():
    got = claims("أغلقت واشنطن قاعدتين من أصل خمس قواعد في دير الزور الشهر الماضي.", "base_status")
    counts = [c for c in got if not c.get("place_id")]
    assert [(c["value"], c["of_total"], c["status"], iso(c["period_start"])) for c in counts] == [
        (2, 5, "closed", "2025-04-01")]


def test_a_base_in_a_governorate_is_not_a_point_on_a_base():
    # "bases in Hasakah": no named base, no figure -> no base claim
    assert claims("تعمل الولايات المتحدة على تركيز وجودها ضمن عدد من القواعد الرئيسية في الحسكة.", "base_status") == []


# ---------------------------------------------------------------- incidents
def test_incident_with_casualties_and_relative_date():
    (c,) = claims("قتل ثلاثة عناصر من قسد وأصيب خمسة آخرون بهجوم لخلايا داعش في بلدة ذيبان بريف دير الزور الشرقي، أمس الأحد.",
                  "incident")
    assert (c["killed"], c["injured"], c["arrested"], iso(c["period_start"])) == (3, 5, None, "2025-05-26")
    assert c["place_id"] == place("ذيبان") and c["actor"] == "ISIS" and c["target"] == "SDF"


def test_arrests_with_gulf_month():
    (c,) = claims("اعتقلت قوات الأمن العام 7 أشخاص يشتبه بانتمائهم لداعش في مدينة الميادين يوم 3 يونيو 2025.", "incident",
                  pub=date(2025, 6, 4))
    assert (c["arrested"], iso(c["period_start"]), c["place_id"]) == (7, "2025-06-03", place("الميادين"))


def test_incident_dated_by_an_ordinal_day():
    (c,) = claims("وفي السابع من يونيو، قُتل عنصران من قسد وأصيب ثلاثة آخرون بهجوم لخلايا داعش في بلدة الشحيل.",
                  "incident", pub=date(2025, 6, 8))
    assert (c["killed"], c["injured"], iso(c["period_start"]), c["place_id"]) == (2, 3, "2025-06-07", place("الشحيل"))


@pytest.mark.parametrize("text,killed,injured,arrested", [
    # a pronoun glued to the casualty word: one person
    ("وأفاد المرصد بأن مسلحين أطلقوا النار على قيادي في قسد في بلدة الشحيل أمس، ما أدى لمقتله.", 1, None, None),
    # dual casualty nouns
    ("سقط قتيلان وثلاثة جرحى في انفجار عبوة ناسفة ببلدة ذيبان أمس.", 2, 3, None),
    ("قتل مدني وأصيب طفلان بانفجار لغم في بلدة البصيرة أمس.", 1, 2, None),
    # verb forms: أصيبت، أسرت
    ("قتل طفل وأصيبت والدته بجروح في قصف على بلدة هجين أمس.", 1, None, None),
    ("أسرت خلايا التنظيم عنصرين من قسد في ريف دير الزور أمس.", None, None, 2),
])
def test_casualty_word_forms(text, killed, injured, arrested):
    (c,) = claims(text, "incident")
    assert (c["killed"], c["injured"], c["arrested"]) == (killed, injured, arrested)


def test_incident_dated_by_a_weekday():
    (c,) = claims("قتل قيادي في تنظيم داعش بغارة لطائرة مسيرة أمريكية قرب بلدة الشحيل، يوم الإثنين.", "incident")
    assert (c["killed"], iso(c["period_start"]), c["actor"]) == (1, "2025-05-26", "US")


def test_undated_casualties_are_not_an_incident():
    assert claims("قتل جندي أمريكي في هجوم بطائرة مسيرة.", "incident") == []


def test_evidence_offsets_point_into_the_text():
    text = "مقدمة الخبر.\nوأعلنت واشنطن أنها ستخفض قواتها إلى ١٠٠٠ جندي. وختام."
    (c,) = claims(text, "troops")
    assert text[c["span_start"]:c["span_end"]] == c["evidence"]
    assert "١٠٠٠" in c["evidence"]


def test_isis_operations_counted_by_a_monitor_are_attacks():
    (c,) = claims("وقال المرصد السوري إن خلايا تنظيم \"داعش\" نفذت 87 عملية منذ مطلع العام 2025 في مناطق الإدارة الذاتية.",
                  "attacks")
    assert (c["value"], c["actor"], c["cumulative"], iso(c["period_start"])) == (87, "ISIS", True, "2025-01-01")


@pytest.mark.parametrize("text", [
    "نفذت القوات الأمريكية 3 عمليات إنزال جوي في ريف دير الزور.",
    # ISIS named, but as the target of the operations
    "نفذت قوات التحالف 3 عمليات إنزال ضد خلايا داعش في ريف دير الزور.",
    "وشنت قسد 5 عمليات أمنية ضد خلايا تنظيم داعش في ريف الحسكة.",
])
def test_other_operations_are_not_attacks(text):
    assert claims(text, "attacks") == []


def test_operations_count_as_attacks_when_isis_carries_them_out():
    (c,) = claims("وبحسب المرصد، نفذ تنظيم الدولة 42 عملية في البادية السورية خلال الشهر الماضي.", "attacks")
    assert (c["value"], c["actor"], iso(c["period_start"])) == (42, "ISIS", "2025-04-01")


def test_casualties_counted_by_ordinal_and_drone_author():
    (c,) = claims("واستهدفت طائرة مسيرة تركية سيارة في مدينة القامشلي أمس، ما أدى إلى مقتل شخصين وإصابة ثالث.", "incident")
    assert (c["killed"], c["injured"], c["actor"], c["place_id"]) == (2, 1, "Turkey", place("القامشلي"))


@pytest.mark.parametrize("text", [
    "خرج رتل عسكري أمريكي من قاعدة خراب الجير في ريف الحسكة أمس.",
    "غادر رتل عسكري أمريكي قاعدة خراب الجير أمس.",
])
def test_a_convoy_leaving_a_base_does_not_reinforce_it(text):
    assert [c["status"] for c in claims(text, "base_status")] == ["mentioned"]


@pytest.mark.parametrize("text,expected", [
    # denied anywhere earlier in the clause, not only right before the status word
    ("ونفى متحدث باسم قوات سوريا الديمقراطية الأنباء عن انسحاب القوات الأمريكية من حقل العمر النفطي.",
     [("حقل العمر", "active")]),
    ("ونفت وزارة الدفاع الأمريكية التقارير التي تحدثت عن إخلاء قاعدة التنف، مؤكدة بقاء قواتها هناك.",
     [("قاعدة التنف", "active")]),
    # a denial in an earlier clause says nothing of this one
    ("نفى المتحدث وقوع إصابات، وأعلن التحالف إغلاق قاعدة تل بيدر.", [("قاعدة تل بيدر", "closed")]),
    # status words with an attached pronoun
    ("وأتمت القوات الأمريكية انسحابها من القرية الخضراء في ريف دير الزور.", [("القرية الخضراء", "withdrawn")]),
    ("وقالت مصادر إن القوات الأمريكية أكملت إخلاءها لقاعدة الشدادي.", [("قاعدة الشدادي", "withdrawn")]),
    ("وأعلن التحالف إغلاقه قاعدة تل بيدر بشكل نهائي.", [("قاعدة تل بيدر", "closed")]),
    ("التحالف يخلي قاعدة \"الطبقة\" ويسلمها للحكومة السورية.", [("مطار الطبقة العسكري", "handed_over")]),
])
def test_base_status_denials_and_attached_pronouns(text, expected):
    got = claims(text, "base_status")
    assert [(c["place_id"], c["status"]) for c in got] == [(place(name), status) for name, status in expected]

@pytest.mark.parametrize("text,expected", [
    # a status does not cross a contrast: what happened to one base, and the others
    ("انسحب التحالف من قاعدتي الفرات والقرية الخضراء، فيما يقتصر وجوده حالياً على قاعدة خراب الجير.",
     [("قاعدة الفرات", "withdrawn"), ("القرية الخضراء", "withdrawn"), ("قاعدة خراب الجير", "active")]),
    # the status before the contrast is not the base's after it, nor the one after it the base's before it
    ("أغلقت القوات الأمريكية قاعدة الشدادي بينما قاعدة التنف على حالها.",
     [("قاعدة الشدادي", "closed"), ("قاعدة التنف", "mentioned")]),
    ("قاعدة التنف في مأمن، بينما أغلقت القوات الأمريكية قاعدة الشدادي.",
     [("قاعدة التنف", "mentioned"), ("قاعدة الشدادي", "closed")]),
])
def test_base_status_stops_at_a_contrast(text, expected):
    got = claims(text, "base_status")
    assert [(c["place_id"], c["status"]) for c in got] == [(place(name), status) for name, status in expected]


@pytest.mark.parametrize("text", [
    "رصد المرصد السوري لحقوق الإنسان دخول رتل عسكري تابع للتحالف الدولي مؤلف من 25 شاحنة إلى قاعدة الشدادي.",
    "ورصد المرصد السوري وصول رتل عسكري للتحالف إلى قاعدة الشدادي.",
])
def test_a_convoy_arriving_is_a_reinforcement_in_monitor_wording(text):
    assert [c["status"] for c in claims(text, "base_status")] == ["reinforced"]


def test_attacks_by_iran_backed_factions_named_without_the_article():
    (c,) = claims("وقال مسؤول إن القوات الأمريكية في سوريا تعرضت لأكثر من 170 هجوماً منذ تشرين الأول/أكتوبر 2023 "
                  "من قبل فصائل موالية لإيران.", "attacks", pub=date(2024, 11, 1))
    assert (c["value"], c["qualifier"], c["actor"], c["target"], c["cumulative"]) == (
        170, "more_than", "Iran-backed militias", "US", True)
    assert (iso(c["period_start"]), iso(c["period_end"])) == ("2023-10-01", "2024-11-01")


def test_attacks_since_a_month_are_a_running_total():
    (c,) = claims("وارتفع عدد هجمات داعش منذ يناير الماضي إلى 200 هجوم.", "attacks")
    assert (c["value"], c["cumulative"], iso(c["period_start"]), iso(c["period_end"])) == (
        200, True, "2025-01-01", "2025-05-27")


def test_a_convoy_into_a_base_is_a_reinforcement():
    got = claims("دخل رتل عسكري أمريكي مؤلف من 25 شاحنة إلى قاعدة خراب الجير في ريف الحسكة، اليوم.", "base_status")
    assert [(c["place_id"], c["status"]) for c in got] == [(place("قاعدة خراب الجير"), "reinforced")]
    assert claims("دخل رتل عسكري أمريكي مؤلف من 25 شاحنة إلى قاعدة خراب الجير.", "troops") == []


@pytest.mark.parametrize("text,expected", [
    # troops to be withdrawn are there now; a deployment to Syria done is past, one to the region nothing
    ("قالت وزارة الدفاع الأمريكية إنها ستسحب نحو ألف جندي من سوريا خلال الأشهر المقبلة.", [(1000, "approx", "current")]),
    ("وأرسلت واشنطن 500 جندي إضافي إلى سوريا الأسبوع الماضي.", [(500, "exact", "past")]),
    ("وأرسلت واشنطن 500 جندي إضافي إلى الشرق الأوسط الأسبوع الماضي.", []),
    ("وسحبت الولايات المتحدة 400 جندي من شمال سوريا.", [(400, "exact", "past")]),
    ("قررت الإدارة الأمريكية سحب 1000 جندي من أصل 2000 متمركزين في سوريا.", [(2000, "exact", "current")]),
    ("وكان عدد الجنود الأمريكيين في سوريا قد وصل إلى 2000 جندي في عام 2017.", [(2000, "exact", "past")]),
    ("وبلغ عدد الجنود الأمريكيين في سوريا 2000 جندي عام 2018.", [(2000, "exact", "past")]),
])
def test_movements_and_old_figures(text, expected):
    got = claims(text, "troops")
    assert sorted((c["value"], c["qualifier"], c["when"]) for c in got) == expected


# ---------------------------------------------------------------- phrase matching
def _lexicon_phrases() -> list[str]:
    import json
    from pathlib import Path

    raw = json.loads((Path(__file__).parent.parent / "data" / "reference" / "lexicon.json").read_text(encoding="utf-8"))
    out = [w for v in raw.values() if isinstance(v, list) for w in v if isinstance(w, str)]
    out += [w for v in raw["base_status"].values() for w in v]
    out += [w for g in raw["groups"] for w in g["words"] + g.get("article_words", [])]
    return out


def test_phrase_index_answers_as_each_phrase_set_regex_would():
    """The per-sentence PhraseIndex (one token walk for all phrase sets) must give
    the same matches as each set's own regex: on the seed articles and on random
    sentences of lexicon phrases with clitics, digits and punctuation glued on."""
    import dataclasses
    import random
    from pathlib import Path

    from lib.ingest.cleaning import clean_article
    from lib.extract import ArticleExtractor, lexicon

    sets = list(lexicon().phrase_index.sets)
    phrases = _lexicon_phrases()
    words = sorted({w for p in phrases for w in p.split()})
    rng = random.Random(3)
    texts = [clean_article(p.read_text(encoding="utf-8")).text
             for p in sorted(SEEDS_DIR.glob("*.txt"))]
    for vocabulary in (words, phrases):
        filler = ["من", "إلى", "في", "22", "،", "(", '"', "."]
        texts += [" ".join(rng.choice(["", "", "و", "ب", "ل", "ال"]) + rng.choice(vocabulary + filler)
                           + rng.choice(["", "", "", "5", "،"]) for _ in range(rng.randint(3, 30))) + "."
                  for _ in range(250)]
    found = 0
    for text in texts:
        for s in ArticleExtractor(text, None).sentences:
            plain = dataclasses.replace(s, phrase_index=None)  # answered by each set's regex
            for p in sets:
                assert p.find(s) == p.find(plain), (s.text, p.regex.pattern[:80])
                assert p.any_in(s) == p.any_in(plain), (s.text, p.regex.pattern[:80])
                for i in range(len(s.tokens)):
                    assert p.match_at(s, i) == p.match_at(plain, i), (s.text, i, p.regex.pattern[:80])
                found += len(p.find(s))
    assert found > 1000  # the sentences did hold phrases


# ---------------------------------------------------------------- bases: in use, plans, one per site
@pytest.mark.parametrize("text,expected", [
    # attacked on a date: in use
    ("واستهدفت طائرة مسيّرة مجهولة قاعدة الشدادي فجر الأحد دون وقوع إصابات.", ("قاعدة الشدادي", "active")),
    ("تعرضت قاعدة حقل كونيكو لقصف صاروخي مساء أمس.", ("حقل كونيكو", "active")),
    ("وأفادت مصادر محلية بسقوط صواريخ قرب قاعدة خراب الجير.", ("قاعدة خراب الجير", "active")),
    # hosting troops
    ("وقصفت الفصائل قاعدة حرير شمال أربيل التي تستضيف جنوداً أمريكيين.", ("قاعدة حرير", "active")),
    ("ونقلت الحافلات المحتجزين إلى حقل العمر الواقع تحت سيطرة قوات التحالف.", ("حقل العمر", "active")),
    # supplied, expanded
    ("وحطت طائرة شحن عسكرية، يوم الخميس، في مطار خراب الجير قادمة من أربيل.", ("مطار خراب الجير", "mentioned")),
    ("وهبطت طائرة شحن عسكرية في مطار خراب الجير قادمة من أربيل.", ("مطار خراب الجير", "reinforced")),
    ("وباشرت القوات الأمريكية توسيع قاعدة تل بيدر.", ("قاعدة تل بيدر", "reinforced")),
    # leaving the country is a withdrawal
    ("وخرج رتل من 40 شاحنة من قاعدة خراب الجير متجهاً إلى إقليم كردستان العراق.", ("قاعدة خراب الجير", "withdrawn")),
])
def test_base_in_use_supplied_or_left(text, expected):
    (c,) = claims(text, "base_status")
    assert (c["place_id"], c["status"]) == (place(expected[0]), expected[1])
    assert c["when"] is None


def test_an_attack_on_a_base_is_dated():
    (c,) = claims("هاجمت مسيّرتان قاعدة التنف يوم 20 تشرين الأول/أكتوبر 2021.", "base_status")
    assert (c["status"], iso(c["period_start"])) == ("active", "2021-10-20")


@pytest.mark.parametrize("text,expected", [
    ("وقال المسؤول إن القوات الأمريكية ستغلق قاعدة تل بيدر خلال الأسابيع المقبلة.", ("closed", "planned")),
    ("تعتزم واشنطن إخلاء قاعدة الشدادي قبل نهاية الصيف.", ("withdrawn", "planned")),
    ("ومن المقرر تسليم مطار الطبقة إلى وزارة الدفاع السورية.", ("handed_over", "planned")),
    ("أخلت القوات الأمريكية قاعدة الشدادي الأسبوع الماضي.", ("withdrawn", None)),
])
def test_a_plan_is_kept_apart_from_a_fact(text, expected):
    (c,) = claims(text, "base_status")
    assert (c["status"], c["when"]) == expected


def test_a_base_known_by_its_town():
    (c,) = claims("وانسحبت القوات الأمريكية من قاعدة عسكرية في مدينة منبج.", "base_status")
    assert (c["place_id"], c["status"], c["geo_precision"]) == (place("منبج"), "withdrawn", "town")
    assert claims("وتتمركز القوات الروسية في قاعدة روسية في مدينة منبج.", "base_status") == []


def test_a_site_named_to_locate_another_is_not_a_claim():
    got = claims("سقطت قذائف على قاعدة القرية الخضراء (حقل العمر النفطي) شرق دير الزور.", "base_status")
    assert [c["place_id"] for c in got] == [place("القرية الخضراء")]
    got = claims("وأقام الأمريكيون قاعدة القرية الخضراء عام 2018 بالقرب من حقل العمر.", "base_status")
    assert [c["place_id"] for c in got] == [place("القرية الخضراء")]


def test_one_claim_per_site_per_article():
    text = ("انسحاب أمريكي من قاعدة الشدادي.\n"
            "وسلمت القوات الأمريكية قاعدة الشدادي إلى الحكومة السورية، بعد أيام من انسحابها.\n"
            "وكانت قاعدة الشدادي تضم نحو 200 جندي.")
    got = claims(text, "base_status")
    assert [(c["place_id"], c["status"]) for c in got] == [(place("قاعدة الشدادي"), "handed_over")]


def test_participle_of_the_troops_is_not_the_bases_status():
    (c,) = claims("وسحب التحالف جزءاً من قواته المنتشرة في ريف الحسكة، ولا سيما من قاعدة قسرك.", "base_status")
    assert c["status"] == "withdrawn"
    (c,) = claims("وقال إن القوات المتمركزة في قاعدة قسرك رفعت جاهزيتها.", "base_status")
    assert c["status"] == "active"


def test_counts_of_bases_and_their_breakdown():
    got = claims("وتنتشر في سوريا 8 قواعد أمريكية، منها خمس في محافظة الحسكة وثلاث في ريف دير الزور.", "base_status")
    assert sorted((c["value"], c["status"]) for c in got) == [(3, "active"), (5, "active"), (8, "active")]
    got = claims("وستبقي واشنطن على قاعدة واحدة من أصل سبع قواعد في شرق سوريا.", "base_status")
    assert [(c["value"], c["of_total"], c["status"], c["when"]) for c in got] == [(1, 7, "active", "planned")]
    got = claims("وأكدت المصادر أن استهداف أهم قاعدتين أمريكيتين في المنطقة جرى بفارق ساعة.", "base_status")
    assert got == []


# ---------------------------------------------------------------- attacks: parts, times, ordinals, others' operations
def test_the_parts_of_a_count_are_counts_over_its_period():
    got = claims("وسجّل المرصد 240 هجوماً لخلايا داعش خلال العام 2024، منها 150 في ريف دير الزور، و60 في الرقة "
                 "و30 في الحسكة.", "attacks")
    assert sorted((c["value"], iso(c["period_start"]), iso(c["period_end"]), c["actor"]) for c in got) == [
        (30, "2024-01-01", "2024-12-31", "ISIS"), (60, "2024-01-01", "2024-12-31", "ISIS"),
        (150, "2024-01-01", "2024-12-31", "ISIS"), (240, "2024-01-01", "2024-12-31", "ISIS")]


def test_parts_by_kind_of_attack_and_a_breakdown_in_the_next_sentence():
    text = ("وأحصت الشبكة 412 هجوماً تبناها تنظيم داعش في سوريا خلال عام 2021.\n"
            "ونُفذ 180 منها بعبوات ناسفة، و95 بعمليات اغتيال، و40 بكمائن.")
    got = claims(text, "attacks")
    assert sorted((c["value"], iso(c["period_start"])) for c in got) == [
        (40, "2021-01-01"), (95, "2021-01-01"), (180, "2021-01-01"), (412, "2021-01-01")]


def test_operations_listed_without_naming_isis_again():
    text = ("وثّقت منظمة محلية تنفيذ خلايا داعش 96 عملية في مناطق شمال شرق سوريا منذ مطلع العام الجاري.\n"
            "الرقة: سجلت 21 عملية.")
    got = claims(text, "attacks")
    assert sorted((c["value"], c["actor"]) for c in got) == [(21, "ISIS"), (96, "ISIS")]
    # no ISIS count before: a raid count is not an attack
    assert claims("الرقة: سجلت 21 عملية دهم.", "attacks") == []


def test_this_period_takes_the_period_named_before():
    text = ("ويغطي التقرير الأشهر الستة الأولى من العام 2023.\n"
            "وسجل التقرير تنفيذ خلايا داعش 77 عملية خلال هذه الفترة.")
    (c,) = claims(text, "attacks")
    assert (c["value"], iso(c["period_start"]), iso(c["period_end"])) == (77, "2023-01-01", "2023-06-30")


@pytest.mark.parametrize("text,expected", [
    ("وقال البنتاغون إن القوات الأمريكية تعرضت للهجوم 46 مرة منذ 17 أكتوبر.", [46]),
    # Iraq alone is left out; the other place's times are counted
    ("وأضاف أن قواته تعرضت للهجوم 24 مرة في العراق و21 مرة في سوريا.", [21]),
    ("وتعرضت القواعد الأمريكية للهجوم ثماني مرات على الأقل في العراق وسوريا خلال أسبوع.", [8]),
    # times of something else
    ("وزار الوزير القاعدة الأمريكية 3 مرات خلال العام.", []),
])
def test_attacks_counted_in_times(text, expected):
    got = claims(text, "attacks", pub=date(2023, 11, 20))
    assert sorted(c["value"] for c in got) == expected
    assert all(c["actor"] != "ISIS" for c in got)


def test_shelling_operations_by_iran_backed_factions_are_attacks_on_us_forces():
    (c,) = claims("وأعلنت فصائل موالية لإيران تنفيذ أكثر من 60 عملية استهداف ضد القواعد الأمريكية في سوريا والعراق.",
                  "attacks")
    assert (c["value"], c["qualifier"], c["actor"]) == (60, "more_than", "Iran-backed militias")
    assert claims("ونفذت قوات التحالف 14 عملية قصف على مواقع داعش في البادية.", "attacks") == []


@pytest.mark.parametrize("text,value", [
    ("وهذا هو الهجوم الرابع على قاعدة حقل العمر خلال الشهرين الماضيين.", 4),
    ("ويعد هذا الاعتداء هو الثالث خلال أسبوع.", 3),
])
def test_an_ordinal_over_a_period_is_a_running_count(text, value):
    (c,) = claims(text, "attacks")
    assert (c["value"], c["cumulative"]) == (value, True)


def test_an_ordinal_without_a_period_counts_nothing():
    assert claims("وتبنى التنظيم الهجوم الثاني الذي استهدف حاجزاً للأمن الداخلي.", "attacks") == []


def test_several_attacks_is_no_count():
    assert claims("وشنت الفصائل عدة هجمات بالصواريخ على قاعدة التنف خلال الأيام الماضية.", "attacks") == []


# ---------------------------------------------------------------- troops: weak nouns, keeping, elsewhere
def test_elements_count_us_troops_when_the_us_is_named_alone():
    got = claims("وأوضح قائد القيادة المركزية الأمريكية أن عدد الجنود الأمريكيين سيستقر عند نحو 700 عنصر.", "troops")
    assert [(c["value"], c["when"]) for c in got] == [(700, "planned")]
    assert claims("وقتل 12 عنصراً من تنظيم داعش في غارة للتحالف.", "troops") == []
    assert claims("وأفرجت قسد عن 50 عنصراً من الأمن العام.", "troops") == []


@pytest.mark.parametrize("text,expected", [
    ("وقال المسؤول الأمريكي: سنبقي على ما بين 400 و500 جندي في شرق سوريا.", [(None, 400, 500, "planned")]),
    ("وأكد البيت الأبيض أن الولايات المتحدة ستترك نحو 400 جندي في سوريا.", [(400, 400, 400, "planned")]),
])
def test_future_keeping_is_planned(text, expected):
    got = claims(text, "troops")
    assert [(c["value"], c["low"], c["high"], c["when"]) for c in got] == expected


@pytest.mark.parametrize("text", [
    "وتراجع عدد القوات الأمريكية في العراق خلال السنوات الماضية، إلى نحو 2500.",
    "وقال مسؤول إن 3 جنود أمريكيين أصيبوا في الهجوم.",
    "وتنشر واشنطن نحو 8000 جندي في أفغانستان.",
])
def test_not_the_coalitions_level_in_syria(text):
    assert claims(text, "troops") == []


def test_a_figure_said_twice_is_one_claim():
    text = "وتنشر الولايات المتحدة نحو 1500 جندي في سوريا.\nوبحسب البنتاغون، فإن لدى واشنطن 1500 جندي هناك."
    assert [(c["value"], c["qualifier"]) for c in claims(text, "troops")] == [(1500, "approx")]


def test_the_previous_figure_is_past():
    (c, d) = claims("وقال البنتاغون إن العدد الحقيقي 1800 جندي، متجاوزاً الرقم السابق المعلن وهو 800 جندي.", "troops")
    assert sorted((x["value"], x["when"]) for x in (c, d)) == [(800, "past"), (1800, "current")]


@pytest.mark.parametrize("text,status", [
    ("وأطلقت فصائل مسلحة صواريخ على قاعدة الشدادي فجر اليوم.", "active"),
    ("ودوت انفجارات داخل قاعدة خراب الجير مساء الأحد.", "active"),
    ("وأجرت القوات الأمريكية مناورات بالذخيرة الحية في قاعدة حقل العمر.", "active"),
    ("وأدخل التحالف شاحنات محملة بمعدات لوجستية إلى قاعدة تل بيدر.", "reinforced"),
    ("وتقع قاعدة التنف عند المثلث الحدودي.", "mentioned"),
])
def test_base_status_in_other_wording(text, status):
    (c,) = claims(text, "base_status")
    assert c["status"] == status


def test_the_period_told_after_a_list_of_counts():
    got = claims("وسُجلت 14 هجمة لداعش في الرقة و9 في الحسكة خلال الشهر الماضي.", "attacks")
    assert sorted((c["value"], iso(c["period_start"])) for c in got) == [(9, "2025-04-01"), (14, "2025-04-01")]


@pytest.mark.parametrize("text,expected", [
    ("ولدى الولايات المتحدة 2500 جندي في العراق و900 في سوريا.", [(900, "current")]),
    ("وخفضت واشنطن عدد قواتها في سوريا الشهر الماضي من 2000 إلى 900.", [(900, "current"), (2000, "past")]),
    ("وانسحب نحو ألف جندي أمريكي من شمال شرق سوريا إلى العراق.", [(1000, "past")]),
])
def test_troop_figures_in_lists_and_changes(text, expected):
    assert sorted((c["value"], c["when"]) for c in claims(text, "troops")) == expected


def test_a_base_named_by_its_town_and_another_powers_base():
    (c,) = claims("وانسحبت القوات الأمريكية من قاعدة عين عيسى شمال الرقة.", "base_status")
    assert (c["place_id"], c["status"]) == (place("عين عيسى"), "withdrawn")
    assert claims("وتتمركز القوات الروسية في قاعدة القامشلي.", "base_status") == []


def test_targetings_count_as_attacks():
    (c,) = claims("وتعرضت القواعد الأمريكية في سوريا لـ 12 استهدافاً منذ مطلع الشهر.", "attacks")
    assert (c["value"], c["cumulative"]) == (12, True)


def test_a_part_told_after_the_whole_and_a_whole_told_after_the_part():
    got = claims("وتبنى داعش 140 هجوماً في العراق وسوريا خلال الربع الأول من 2025، ومنها 55 في سوريا.", "attacks")
    assert sorted((c["value"], iso(c["period_start"])) for c in got) == [(55, "2025-01-01"), (140, "2025-01-01")]
    got = claims("ووثقت الشبكة 48 هجوماً في سوريا من أصل 130 هجوماً أعلنها التنظيم.", "attacks")
    assert sorted(c["value"] for c in got) == [48, 130]


def test_a_withdrawal_ordered_long_before_is_past():
    (c,) = claims("وقرر ترامب في كانون الأول 2018 سحب 2000 جندي من سوريا.", "troops")
    assert (c["value"], c["when"], c["actor"]) == (2000, "past", "US")


@pytest.mark.parametrize("text,expected", [
    # "التنظيم" names ISIS in an article that names it
    ("وأشار التقرير إلى أن التنظيم نفذ 42 عملية في ريف دير الزور خلال الشهر الماضي.", [(42, "ISIS")]),
    # the figure "the number of attacks" comes to, with no noun of its own
    ("وبلغ عدد هجمات داعش 87 في الربع الأول من العام.", [(87, "ISIS")]),
    ("وبلغ عدد الهجمات التي شنها داعش منذ مطلع العام 130، بحسب المرصد.", [(130, "ISIS")]),
    ("وبلغ عدد الهجمات في 5 محافظات سورية حداً غير مسبوق.", []),
    # operations of Iran-backed factions against US forces are attacks; the coalition's or the SDF's are not
    ("ونفذت المقاومة الإسلامية في العراق 70 عملية ضد القواعد الأمريكية منذ تشرين الأول.",
     [(70, "Iran-backed militias")]),
    ("ونفذت قوات التحالف 20 عملية ضد خلايا التنظيم.", []),
    ("وشنت قسد 12 عملية ضد داعش.", []),
])
def test_operations_and_the_number_of_attacks(text, expected):
    text = "وقال المرصد إن خلايا داعش صعدت هجماتها.\n" + text
    assert [(c["value"], c["actor"]) for c in claims(text, "attacks")] == expected


@pytest.mark.parametrize("text,value", [
    ("وهو الهجوم الـ 150 على القوات الأمريكية منذ 17 أكتوبر.", 150),
    ("وتعرضت القاعدة لهجوم بالمسيرات للمرة الثالثة خلال أسبوع.", 3),
])
def test_ordinals_in_digits_and_times(text, value):
    (c,) = claims(text, "attacks", pub=date(2023, 12, 1))
    assert (c["value"], c["cumulative"]) == (value, True)
    assert c["actor"] is None or c["actor"] != c["target"]


@pytest.mark.parametrize("text", [
    "ودخلت قوات الأمن الداخلي قاعدة الشدادي بعد انسحاب القوات الأمريكية منها.",
    "وانتشرت وحدات من الجيش السوري في قاعدة خراب الجير عقب خروج القوات الأمريكية.",
])
def test_a_base_taken_over_by_syrian_state_forces_is_handed_over(text):
    (c,) = claims(text, "base_status")
    assert c["status"] == "handed_over"


def test_bases_abroad_that_host_us_forces():
    (c,) = claims("واستهدفت فصائل عراقية قاعدة فيكتوريا قرب مطار بغداد.", "base_status")
    assert (c["place_id"], c["status"]) == ("victory_base", "active")
    (c,) = claims("وهبطت طائرات أمريكية في قاعدة موفق السلطي الجوية في الأردن.", "base_status")
    assert c["place_id"] == "muwaffaq_salti_base"


def test_background_does_not_outweigh_the_news():
    text = ("سقطت ثلاث قذائف على قاعدة القرية الخضراء مساء أمس.\n"
            "وكانت القوات الأمريكية قد أنشأت قاعدة القرية الخضراء في آب 2018.")
    (c,) = claims(text, "base_status")
    assert c["status"] == "active"


@pytest.mark.parametrize("text", ["وتقع قاعدة التنف الأمريكية عند المثلث الحدودي.",
                                  "وتقع القاعدة الأمريكية في حقل العمر شرق دير الزور."])
def test_a_site_called_a_us_base_is_in_use(text):
    (c,) = claims(text, "base_status")
    assert c["status"] == "active"


def test_the_base_reinforcements_come_from_is_in_use_not_reinforced():
    got = claims("ووصلت تعزيزات عسكرية أمريكية إلى قاعدة الشدادي قادمة من قاعدة خراب الجير.", "base_status")
    assert [(c["place_id"], c["status"]) for c in got] == [(place("قاعدة الشدادي"), "reinforced"),
                                                          (place("قاعدة خراب الجير"), "active")]


def test_operations_continued_from_a_base():
    got = claims("وأعلن التحالف انسحابه من قاعدة تل بيدر، مشيراً إلى أنه سيواصل عملياته من قاعدة الشدادي.",
                 "base_status")
    assert [c["status"] for c in got] == ["withdrawn", "active"]


@pytest.mark.parametrize("text,when", [
    ("وقرر ترامب الإبقاء على نحو 400 جندي أمريكي في سوريا.", "planned"),
    ("ووافق ترامب على بقاء 400 جندي في سوريا.", "planned"),
    ("وأبقت واشنطن على 600 جندي لحماية حقول النفط.", "current"),
    ("وقررت واشنطن إرسال 500 جندي إضافي إلى سوريا.", "planned"),
])
def test_a_decision_to_keep_or_send_is_a_plan(text, when):
    (c,) = claims(text, "troops")
    assert c["when"] == when


def test_a_period_long_after_a_count_belongs_to_another_clause():
    (c,) = claims("وفي الفترة من كانون الثاني إلى نيسان 2025 تبنى داعش 58 هجوماً في سوريا وبهذه الوتيرة سيتجاوز "
                  "التنظيم مجموع هجماته التي أعلنها طوال العام 2024.", "attacks")
    assert (c["value"], iso(c["period_start"]), iso(c["period_end"])) == (58, "2025-01-01", "2025-04-30")


def test_lines_of_a_list_by_place_take_the_period_of_their_total():
    text = ("وسجلت الشبكة 120 هجوماً لخلايا داعش خلال الأشهر الستة الأولى من العام 2024.\n"
            "وتوزعت الهجمات على عدة محافظات.\n"
            "وشملت الحصيلة عمليات اغتيال وتفجير عبوات.\n"
            "الرقة: سجلت 35 هجوماً.")
    got = claims(text, "attacks")
    assert sorted((c["value"], iso(c["period_end"])) for c in got) == [(35, "2024-06-30"), (120, "2024-06-30")]


def test_a_relative_clause_describes_the_base_the_change_is_the_news():
    (c,) = claims("وقامت القوات الأمريكية بتوسيع قاعدة الشدادي التي تضم مهبطاً للمروحيات.", "base_status")
    assert c["status"] == "reinforced"


def test_two_bases_with_no_figure_and_a_level_that_will_remain():
    (c,) = claims("وتستعد القوات الأمريكية للانسحاب من قاعدتين في الحسكة.", "base_status")
    assert (c["value"], c["status"], c["when"]) == (2, "withdrawn", "planned")
    (c,) = claims("ولن يتبقى في سوريا سوى أقل من ألف جندي أمريكي بحلول نهاية العام.", "troops")
    assert (c["value"], c["qualifier"], c["when"]) == (1000, "less_than", "planned")


def test_two_bases_that_the_next_sentence_names_are_no_count():
    text = ("وتعرضت قاعدتين للقوات الأمريكية في ريف دير الزور لقصف صاروخي مساء أمس.\n"
            "وطال القصف قاعدتي حقل العمر وكونيكو.")
    got = claims(text, "base_status")
    assert all(c["place_id"] is not None for c in got) and len(got) == 2


def test_the_force_as_it_is_is_current_whatever_is_said_of_it():
    (c,) = claims("لن تسحب واشنطن قواتها البالغ عددها نحو 900 جندي من سوريا في أي وقت قريب.", "troops")
    assert (c["value"], c["when"]) == (900, "current")


@pytest.mark.parametrize("text,expected", [
    ("بدأت مهام حماية قاعدة التنف بالكامل.كشفت مصادر أن", ["بدأت مهام حماية قاعدة التنف بالكامل.", "كشفت مصادر أن"]),
    ("نقلت أ.ف.ب عن مصدر", ["نقلت أ.ف.ب عن مصدر"]),
    ("قال د.محمد إن 1.5 مليون نزحوا.", ["قال د.محمد إن 1.5 مليون نزحوا."]),
])
def test_sentences_glued_after_a_full_stop(text, expected):
    from lib.text.sentences import split_sentences

    assert [text[a:b] for a, b in split_sentences(text)] == expected


@pytest.mark.parametrize("text,kind", [
    ("وشنت القوات التركية 50 هجوماً على مناطق قسد خلال الشهر الماضي.", "attacks"),
    ("وشنت الطائرات الروسية 30 غارة على البادية السورية.", "strikes"),
    ("وشن الطيران الإسرائيلي 3 غارات على مواقع قرب دمشق.", "strikes"),
])
def test_another_powers_attacks_and_strikes_are_not_counted(text, kind):
    assert claims(text, kind) == []


def test_attacks_whose_number_is_told_after_them():
    (c,) = claims("وشن تنظيم داعش هجمات بلغ عددها 45 خلال الشهر الماضي.", "attacks")
    assert (c["value"], c["actor"], iso(c["period_start"])) == (45, "ISIS", "2025-04-01")


def test_us_forces_in_a_count_of_attacks_are_its_target():
    (c,) = claims("وتعرضت القوات الأمريكية وقوات التحالف في سوريا للهجوم 14 مرة خلال الأسبوع الماضي.", "attacks")
    assert (c["value"], c["actor"], c["target"] in ("US", "coalition")) == (14, None, True)


def test_a_count_over_the_current_period_ends_at_publication():
    (c,) = claims("ونفذ تنظيم داعش 150 هجوماً خلال العام الجاري.", "attacks", pub=date(2024, 6, 10))
    assert (iso(c["period_start"]), iso(c["period_end"])) == ("2024-01-01", "2024-06-10")
    # a named span keeps its end
    (c,) = claims("ونفذ تنظيم داعش 150 هجوماً خلال الأشهر التسعة الأولى من عام 2024.", "attacks",
                  pub=date(2024, 9, 26))
    assert iso(c["period_end"]) == "2024-09-30"


def test_a_running_total_ends_on_the_day_of_the_report_the_lead_dates():
    text = ("ذكرت الشبكة السورية يوم الأحد أن خلايا داعش صعدت هجماتها في البادية.\n"
            "وأوضحت أن التنظيم نفذ 96 هجوماً منذ مطلع العام 2025 في مناطق متفرقة.")
    (c,) = claims(text, "attacks")
    assert (iso(c["period_start"]), iso(c["period_end"])) == ("2025-01-01", "2025-05-25")


@pytest.mark.parametrize("text,expected", [
    ("وخفضت واشنطن عدد قواتها في سوريا بنحو 500 جندي.", []),  # by how much
    ("وقررت الإدارة الأمريكية تقليص قواتها في سوريا بمقدار 1000 جندي.", []),
    ("وشارك 300 جندي أمريكي في مناورات مشتركة مع قسد.", []),  # those taking part
    ("وأضافت واشنطن 300 جندي إلى قواتها في سوريا.", [(300, "past")]),  # a deployment done
])
def test_amounts_of_change_and_participants_are_not_levels(text, expected):
    assert [(c["value"], c["when"]) for c in claims(text, "troops")] == expected


def test_soldiers_of_local_forces_are_not_the_coalitions():
    text = "وتنشر الولايات المتحدة قواتها شرق الفرات.\nويتولى حراسة المخيم 300 جندي من الأمن العام."
    assert claims(text, "troops") == []


@pytest.mark.parametrize("text,status", [
    ("وأفرغت القوات الأمريكية قاعدة تل بيدر من معداتها.", "withdrawn"),
    ("وتركت القوات الأمريكية قاعدة عين عيسى ليلاً.", "withdrawn"),
    ("وحولت القوات الأمريكية مطار الطبقة إلى قاعدة عسكرية.", "established"),
    ("ونشرت القوات الأمريكية منظومة دفاع جوي في قاعدة حقل العمر.", "reinforced"),
])
def test_more_ways_of_leaving_making_and_arming_a_base(text, status):
    (c,) = claims(text, "base_status")
    assert c["status"] == status


@pytest.mark.parametrize("text,kind,expected", [
    ("وتنشر واشنطن نحو 2000 من القوات الأمريكية في سوريا.", "troops", [2000]),
    ("وقتل 3 من قوات التحالف في الهجوم.", "troops", []),
    # rates are not counts
    ("وتتعرض القواعد الأمريكية لنحو 10 هجمات أسبوعياً.", "attacks", []),
    ("وشن التنظيم هجمات بمعدل 5 هجمات يومياً خلال الشهر الماضي.", "attacks", []),
    # attacks rising to a figure
    ("وارتفعت الهجمات على القوات الأمريكية لتصل إلى 60.", "attacks", [60]),
    ("وبلغت هجمات داعش خلال الشهر الماضي 40 هجوماً.", "attacks", [40]),
])
def test_forces_after_from_rates_and_rises(text, kind, expected):
    assert [c["value"] for c in claims(text, kind)] == expected
