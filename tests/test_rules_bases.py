"""Base-status rules for outlets the rules were not tuned on: attacked (active),
supplied in a list of bases (reinforced), the wounded flown in (active), the
destination of a move (reinforced), allegations of a withdrawal (not a fact),
taking office (not a handover). Sentences of our own."""
from datetime import date

import pytest

from lib.extract import extract_claims

PUB = date(2024, 3, 10)


def statuses(text: str) -> dict[str, tuple[str, bool]]:
    return {c["place_id"]: (c["status"], c.get("when") == "planned")
            for c in extract_claims(text, PUB) if c["kind"] == "base_status" and c.get("place_id")}


@pytest.mark.parametrize("text,expected", [
    ("وقد تبنّت المقاومة الإسلامية في العراق هجمتَيْن على قاعدة عين الأسد في العراق.",
     {"ain_al_asad": ("active", False)}),
    ("ويعد هذا الاستهداف الثالث لقاعدة التنف خلال أسبوعين.", {"al_tanf": ("active", False)}),
    ("ووصلت إلى قواعد خراب الجير والشدادي وقسرك طائرات شحن محمّلة بمعدات عسكرية ولوجستية.",
     {"kharab_al_jir": ("reinforced", False), "shaddadi_base": ("reinforced", False), "qasrak": ("reinforced", False)}),
    ("وقد نُقل المصابون بمروحيات أميركية إلى قاعدة التنف قرب الحدود.", {"al_tanf": ("active", False)}),
    ("تواصل القوات الأميركية إخلاء قاعدة الشدادي بريف الحسكة الجنوبي، ونقل معداتها وعناصرها إلى قاعدة رميلان.",
     {"shaddadi_base": ("withdrawn", False), "kharab_al_jir": ("reinforced", False)}),
    ("مع الادعاءات المتكررة بانسحاب القوات الأمريكية، شهدت قاعدة قسرك العسكرية تدريبات مشتركة.",
     {"qasrak": ("active", False)}),
    # a plan stays a plan
    ("وتعتزم القوات الأمريكية إغلاق قاعدة الشدادي خلال الأشهر المقبلة.", {"shaddadi_base": ("closed", True)}),
])
def test_base_status(text, expected):
    assert statuses(text) == expected


def test_taking_office_is_not_a_handover():
    got = [c for c in extract_claims("وبذلك يرتفع عدد القواعد التي غادرتها القوات الأميركية في سوريا منذ تولي الرئيس"
                                     " منصبه إلى 4 قواعد على الأقل.", PUB) if c["kind"] == "base_status"]
    assert [(c["value"], c["qualifier"], c["status"]) for c in got] == [(4, "at_least", "withdrawn")]


def test_a_plan_to_close_some_of_the_bases_is_a_planned_count():
    got = [c for c in extract_claims("وكشفت الصحيفة عن خطة لإغلاق ثلاث من أصل ثماني قواعد أمريكية في سوريا.", PUB)
           if c["kind"] == "base_status"]
    assert [(c["value"], c["status"], c["when"], c["of_total"]) for c in got] == [(3, "closed", "planned", 8)]


def test_trucks_heading_to_a_base_reinforce_it():
    assert statuses("وتوجهت 20 شاحنة محملة بمعدات لوجستية إلى قاعدة قسرك.") == {"qasrak": ("reinforced", False)}


@pytest.mark.parametrize("text,expected", [
    # hosting troops, in other words than "تضم"
    ("ووقع الانفجار قرب قاعدة الشدادي التي تتخذها القوات الأمريكية مقراً لها.", {"shaddadi_base": ("active", False)}),
    ("وتؤوي قاعدة التنف نحو 200 جندي أمريكي.", {"al_tanf": ("active", False)}),
    ("وتوجد في قاعدة التنف قوات أمريكية وبريطانية.", {"al_tanf": ("active", False)}),
    # named with nothing said of its state
    ("وتبعد قاعدة التنف 20 كيلومتراً عن الحدود الأردنية.", {"al_tanf": ("mentioned", False)}),
])
def test_hosting_troops_is_active(text, expected):
    assert statuses(text) == expected


def test_the_base_named_before_is_the_one_attacked():
    text = "تقع قاعدة التنف قرب المثلث الحدودي. واستهدفت طائرة مسيرة القاعدة فجر اليوم دون وقوع إصابات."
    got = [c for c in extract_claims(text, PUB) if c["kind"] == "base_status"]
    assert [(c["place_id"], c["status"], c["period_start"].isoformat()) for c in got] == [
        ("al_tanf", "active", "2024-03-10")]


def test_al_qaeda_is_not_the_base_named_before():
    text = "تقع قاعدة التنف قرب المثلث الحدودي. وقال إن تنظيم القاعدة نفذ هجمات في المنطقة."
    assert statuses(text) == {"al_tanf": ("mentioned", False)}


def test_with_two_bases_named_before_the_base_is_unknown():
    text = "تقع قاعدة التنف وقاعدة الشدادي في سوريا. واستهدفت طائرة مسيرة القاعدة فجر اليوم."
    assert statuses(text) == {"al_tanf": ("mentioned", False), "shaddadi_base": ("mentioned", False)}


@pytest.mark.parametrize("text,expected", [
    ("وأظهرت مشاهد تحرك آليات ثقيلة من قاعدتي العمر وكونيكو نحو الحدود، في واحدة من أضخم عمليات الإخلاء.",
     {"omar_oil_field": ("withdrawn", False), "conoco_gas_field": ("withdrawn", False)}),
    # a status word right before another base is that base's
    ("وعادت الأرتال إلى قاعدة الشدادي بعد أن غادرت قاعدة التنف.",
     {"shaddadi_base": ("mentioned", False), "al_tanf": ("withdrawn", False)}),
])
def test_leaving_a_base(text, expected):
    assert statuses(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a convoy setting out from a base towards the border: forces leave it
    ("وتحركت عشرات الآليات العسكرية الأمريكية المنطلقة من قاعدة قسرك عبر القامشلي متوجهة نحو الحدود العراقية.",
     {"qasrak": ("withdrawn", False)}),
    # forces to be stationed at a base: a plan
    ("وكشف مصدر سوري أن قوات أميركية ستتمركز في مطار المزة العسكري بدمشق.", {"mezzeh_airbase": ("active", True)}),
    ("وأفادت تقارير أن الولايات المتحدة تدرس تمركز قوات أميركية في مطار المزة العسكري.",
     {"mezzeh_airbase": ("active", True)}),
])
def test_leaving_and_planned_stationing(text, expected):
    assert statuses(text) == expected


@pytest.mark.parametrize("text,place", [
    ("وتعرضت قاعدة الأسد الجوية غربي العراق لهجوم صاروخي.", "ain_al_asad"),
    ("واستهدفت المقاومة قاعدة بلد الجوية بطائرة مسيرة.", "balad_air_base"),
    ("وقصفت الفصائل قاعدة الحرير في أربيل.", "harir_base"),
    ("وسقطت صواريخ قرب قاعدة القيارة جنوب الموصل.", "qayyarah_airbase"),
])
def test_bases_in_iraq_by_their_other_names(text, place):
    assert statuses(text) == {place: ("active", False)}


def test_a_base_known_by_its_silos():
    assert statuses("وانسحبت القوات الأمريكية من قاعدة صوامع الحبوب في تل بيدر.") == {"tal_baydar": ("withdrawn", False)}


def test_among_statuses_of_a_base_in_use_the_one_told_first_is_the_main_event():
    text = ("استهدفت طائرة مسيرة قاعدة التنف فجر اليوم.\n"
            "وكانت القوات الأمريكية عززت قاعدة التنف بمنظومات دفاع جوي الشهر الماضي.")
    assert statuses(text) == {"al_tanf": ("active", False)}
    # a change of hands still wins over a withdrawal told first
    text = "انسحاب أمريكي من قاعدة الشدادي.\nوسلمت القوات الأمريكية قاعدة الشدادي إلى الحكومة السورية."
    assert statuses(text) == {"shaddadi_base": ("handed_over", False)}


# ---------------------------------------------------------------- round 10 (tune2 gold)
def base_claims(text: str, pub: date | None = PUB) -> list[dict]:
    return [c for c in extract_claims(text, pub) if c["kind"] == "base_status"]


def test_the_omar_field_and_green_village_named_in_one_story_are_one_site():
    text = ("سقطت قذائف على القاعدة الأمريكية في حقل العمر النفطي مساء الأحد. "
            "وقال مصدر إن إحدى القذائف أصابت مساكن الجنود في القرية الخضراء.")
    assert statuses(text) == {"green_village": ("active", False)}
    # alone, the field is the site
    assert statuses("سقطت قذائف على القاعدة الأمريكية في حقل العمر النفطي مساء الأحد.") == {
        "omar_oil_field": ("active", False)}


def test_a_dual_count_told_before_the_two_bases_it_means_adds_no_count():
    text = ("أخلت القوات الأمريكية قاعدتين في ريف الحسكة خلال الأسبوع. "
            "وقال سكان إن الدوريات توقفت. "
            "وأكد مراسلنا أن الانسحاب شمل قاعدتي «الوزير» و«تل بيدر» بالكامل.")
    got = base_claims(text)
    assert sorted(c["place_id"] for c in got if c.get("place_id")) == ["tal_baydar", "wazir_rest_house_base"]
    assert [c for c in got if not c.get("place_id")] == []


def test_a_count_larger_than_the_bases_named_stays_a_count():
    text = "وأخلت القوات خمس قواعد، بينها قاعدتا العمر وكونيكو."
    counts = [(c["value"], c["status"]) for c in base_claims(text) if not c.get("place_id")]
    assert counts == [(5, "withdrawn")]


def test_bases_emptied_in_the_passive_and_bases_where_activity_remains():
    got = base_claims("وذكرت مصادر أن سبع قواعد أُخليت تماماً، فيما بقي وجود محدود في قاعدتين فقط.")
    assert sorted((c["value"], c["status"]) for c in got) == [(2, "active"), (7, "withdrawn")]


def test_soldiers_killed_at_a_named_site_make_it_active():
    assert statuses("وأدى مقتل ثلاثة جنود في قاعدة البرج 22 إلى تصعيد كبير.") == {"tower_22": ("active", False)}


def test_short_names_of_two_bases_after_a_dual_base_noun():
    assert statuses("قصفت الفصائل قاعدة الجير بطائرة مسيرة.") == {"kharab_al_jir": ("active", False)}
    assert statuses("غادرت القوات قاعدتي «الوزير» و«قسرك» الأسبوع الماضي.") == {
        "wazir_rest_house_base": ("withdrawn", False), "qasrak": ("withdrawn", False)}
    # a minister is no base
    assert statuses("وقال الوزير إن القوات الأمريكية باقية في قاعدة التنف.").keys() == {"al_tanf"}


# ---------------------------------------------------------------- round 11 (tune2 gold, batch 2)
def test_one_of_the_bases_is_a_site_not_a_count_of_one():
    got = base_claims("ودوّت انفجارات قرب حقل العمر، بإحدى القواعد العسكرية الأمريكية في المنطقة.")
    assert [c for c in got if not c.get("place_id")] == []
    # a count of one with an indefinite noun after it stays a count
    got = base_claims("وأغلقت القوات قاعدة واحدة في ريف الحسكة الشهر الماضي.")
    assert [(c["value"], c["status"]) for c in got if not c.get("place_id")] == [(1, "closed")]


def test_a_site_the_us_forces_use_is_active():
    assert statuses("وهي منشأة تعرف باسم البرج 22 تستخدمها القوات الأمريكية في مهام التدريب.") == {
        "tower_22": ("active", False)}


def test_tower_22_spelt_with_the_latin_letter_read_out():
    assert statuses("وتتواجد قوة أمريكية صغيرة في (البرج تي 22) قرب الحدود السورية.") == {"tower_22": ("active", False)}


# ---------------------------------------------------------------- round 11 (tune3 gold)
def test_left_and_handed_over_is_a_handover():
    assert statuses("وقال مسؤول إن القوات الأمريكية غادرت قاعدة الشدادي وسلمتها للجيش السوري.") == {
        "shaddadi_base": ("handed_over", False)}
    # a handover of another base later on leaves the first one withdrawn
    assert statuses("انسحبت القوات الأمريكية من قاعدة التنف، فيما سلمت قاعدة الشدادي للجيش.") == {
        "al_tanf": ("withdrawn", False), "shaddadi_base": ("handed_over", False)}


def test_withdrawals_in_the_plural_and_new_soldiers():
    assert statuses("وجاءت الخطوة بعد انسحابات مماثلة من قاعدة الشدادي خلال الأسابيع الماضية.") == {
        "shaddadi_base": ("withdrawn", False)}
    assert statuses("وقالت المصادر إن الجنود الجدد وصلوا إلى قاعدة قسرك مع المدرعات.") == {
        "qasrak": ("reinforced", False)}


def test_the_tower_base_in_jordan_is_tower_22():
    assert "tower_22" in statuses("وقالت المصادر إن الجنود الأمريكيين يتمركزون في قاعدة البرج في الأردن.")


# ---------------------------------------------------------------- round 14 (tune3 gold, second batch)
def test_a_relative_clause_on_the_base_tells_its_event():
    text = ('وقال المسؤولون إن القواعد التي شملها الانسحاب هي موقع دعم المهام "القرية الخضراء" الذي جرى إغلاقه، '
            'وموقع دعم المهام "الفرات" الذي تم تسليمه إلى قسد.')
    assert statuses(text) == {"green_village": ("closed", False), "euphrates_base": ("handed_over", False)}
    assert statuses('وشمل الانسحاب قاعدة "الفرات" التي تم نقل إدارتها إلى قوات سوريا الديمقراطية.') == {
        "euphrates_base": ("handed_over", False)}


@pytest.mark.parametrize("text,place", [
    ("وبدأ الجيش الأمريكي بإنشاء قاعدة عسكرية جديدة في بادية بلدة الباغوز شرق دير الزور.", "baghouz"),
    ("وشرع التحالف في إنشاء قاعدة جديدة بمدينة كوباني شمال سوريا.", "kobani"),
])
def test_a_new_base_known_by_its_town(text, place):
    assert statuses(text) == {place: ("established", False)}


def test_a_base_abroad_the_forces_withdrew_to_is_only_mentioned():
    assert statuses("وانسحب رتل أمريكي من قاعدة خراب الجير باتجاه قاعدة حرير في أربيل.") == {
        "kharab_al_jir": ("withdrawn", False), "harir_base": ("mentioned", False)}
    # a base in Syria they head for stays in use
    assert statuses("وانسحب رتل أمريكي من قاعدة الشدادي باتجاه قاعدة قسرك.")["qasrak"] == ("active", False)


# ---- tuning set 4 (tests/data/dev_gold_tune4_bases.json): rules in other outlets' words
def test_places_a_base_lies_between_are_not_bases():
    # a field named only to say where the base lies is no base of the story
    assert statuses("وتتمركز القوات الأمريكية في قاعدة الشدادي الواقعة بين حقل العمر ومدينة الحسكة.") == {
        "shaddadi_base": ("active", False)}


def test_an_area_sharing_a_base_name_is_the_area():
    # "?رميلان" names the airbase only in context; "منطقة رميلان النفطية" is the oil area
    assert statuses("وسحبت واشنطن عشرات الجنود من منطقة رميلان النفطية نحو كردستان العراق.") == {}
    # a base told just before the area is that base
    assert statuses("ونُقلت معدات عسكرية إلى القاعدة الأمريكية في منطقة الشدادي جنوب الحسكة.") == {
        "shaddadi_base": ("reinforced", False)}


def test_an_oil_field_in_a_story_with_no_base_and_no_coalition_is_a_field():
    assert statuses("وأعلنت الشركة السورية للبترول أن إنتاج حقل العمر ارتفع إلى 10 آلاف برميل يومياً.") == {}
    # with the coalition in the story, the field is its base
    assert statuses("واستهدفت طائرة مسيرة حقل العمر حيث تتمركز قوات التحالف الدولي.") == {"omar_oil_field": ("active", False)}


def test_a_planned_base_near_a_town():
    assert statuses("وتنوي القوات الأمريكية إقامة قاعدة جديدة لها قرب مدينة منبج.") == {"manbij": ("established", True)}


def test_preparing_to_set_up_a_base_is_a_plan():
    assert statuses("وبدأ التحالف الدولي التحضير لإقامة قاعدة عسكرية في قرية الجزرة غربي الرقة.") == {
        "jazra_base": ("established", True)}


def test_a_base_struck_after_the_forces_left_it_was_left():
    assert statuses("وقصفت طائرات التحالف قاعدة تل بيدر بعد أن أخلته القوات الأمريكية بالكامل.") == {
        "tal_baydar": ("withdrawn", False)}
    assert statuses("وقصفت الطائرات الأمريكية معمل لافارج بعدما غادرته القوات.") == {"lafarge_base": ("withdrawn", False)}


def test_two_bases_left_and_handed_over_together():
    assert statuses("وأخلت القوات الأمريكية قاعدتي قسرك في ريف الحسكة وتل بيدر شمال المدينة، وسلمتهما إلى الجيش السوري.") == {
        "qasrak": ("handed_over", False), "tal_baydar": ("handed_over", False)}


@pytest.mark.parametrize("text,place", [
    # the verb of bringing far before "إلى", behind commas of time and route
    ("وأدخلت القوات الأمريكية، مساء أمس، عبر معبر الوليد، شاحنات محملة بالذخائر والمعدات، ترافقها مدرعات، "
     "إلى قاعدة الشدادي.", "shaddadi_base"),
    # what is brought as the subject of a verb of going towards the base
    ("وشوهدت شاحنات محملة بصواريخ ومعدات لوجستية تسير نحو قاعدة تل بيدر.", "tal_baydar"),
    # the base as the object of a verb of arriving, what is brought after it
    ("ووصلت قاعدة الشدادي صباح اليوم 30 شاحنة تحمل معدات عسكرية.", "shaddadi_base"),
])
def test_supplies_brought_to_a_base_reinforce_it(text, place):
    assert statuses(text) == {place: ("reinforced", False)}


def test_a_recollection_gives_way_to_the_news_of_the_same_base():
    text = ("وصلت تعزيزات عسكرية جديدة إلى قاعدة التنف اليوم. "
            "وكان الجيش الأمريكي قد سحب بعض معداته من قاعدة التنف الشهر الماضي.")
    assert statuses(text) == {"al_tanf": ("reinforced", False)}
    # alone, the recollection is the base's event
    assert statuses("وكانت القوات الأمريكية قد انسحبت من قاعدة التنف في وقت سابق.") == {"al_tanf": ("withdrawn", False)}


def counts(text: str) -> list[tuple]:
    return [(c["value"], c["status"], c.get("when")) for c in extract_claims(text, PUB)
            if c["kind"] == "base_status" and c.get("place_id") is None]


def test_some_of_the_bases_counted_with_from():
    assert counts("وكشفت الصحيفة أن البنتاغون سيغلق اثنتين من قواعده في دير الزور.") == [(2, "closed", "planned")]
    assert counts("وأغلقت القوات الأمريكية خمسة من القواعد التي أقامتها في الحسكة.") == [(5, "closed", None)]


def test_a_dual_before_two_named_bases_counts_a_change_not_a_use():
    # closed, then the two named: the dual is still a count of closed bases
    text = ("وأعلن البنتاغون إغلاق قاعدتين عسكريتين في دير الزور، إذ أغلق القرية الخضراء وسلم الفرات إلى قسد.")
    assert counts(text) == [(2, "closed", None)]
    # attacked, then the two named: the dual only points at them
    assert counts("وتعرضت قاعدتين أمريكيتين لهجوم بالمسيرات. وطال الهجوم حقل العمر وحقل كونيكو.") == []


def test_a_plane_landing_in_a_base_reinforces_it():
    assert statuses("وحطت طائرة شحن عسكرية محملة بالذخائر في قاعدة تل بيدر مساء أمس.") == {"tal_baydar": ("reinforced", False)}


def test_a_base_in_a_town_named_like_a_base_is_that_base():
    # "الشدادي" and "الطبقة" name the airbase and the base only in context; the base in the town is it
    assert statuses("ووصلت المدرعات إلى القاعدة الأمريكية في مدينة الشدادي جنوبي الحسكة.") == {
        "shaddadi_base": ("reinforced", False)}
    assert statuses("وأقام التحالف قاعدة عسكرية جديدة في مدينة الطبقة.") == {"tabqa_airbase": ("established", False)}


@pytest.mark.parametrize("text,expected", [
    # a possibility is a plan; "قد" before a past verb is a fact
    ("وأشارت التقارير إلى أن الجيش الأمريكي قد ينسحب من قاعدة تل بيدر قريباً.", {"tal_baydar": ("withdrawn", True)}),
    ("وكانت القوات قد أغلقت قاعدة تل بيدر.", {"tal_baydar": ("closed", False)}),
    # movement and alert at a base: in use
    ("وشهد مطار خراب الجير استنفاراً للقوات الأمريكية ليل أمس.", {"kharab_al_jir": ("active", False)}),
    # the only base left is in use
    ("ولم يتبق للتحالف في سوريا سوى قاعدة قسرك.", {"qasrak": ("active", False)}),
    # built years ago (passive), and left by the last soldiers (masculine plural)
    ("وأقيمت قاعدة تل بيدر عام 2016.", {"tal_baydar": ("established", False)}),
    ("وقالت المصادر إن آخر الجنود الأمريكيين غادروا قاعدة الشدادي أمس.", {"shaddadi_base": ("withdrawn", False)}),
    # state forces storming a base the Americans left take it over
    ("واقتحمت قوات الأمن العام قاعدة الشدادي عقب مغادرة القوات الأمريكية.", {"shaddadi_base": ("handed_over", False)}),
])
def test_more_wordings_of_a_base_status(text, expected):
    assert statuses(text) == expected


def test_the_river_west_of_which_is_no_base():
    assert statuses("وأطلقت القوات الأمريكية في قاعدة حقل العمر قذائف على مواقع شرقي الفرات وغرب الفرات.") == {
        "omar_oil_field": ("active", False)}


@pytest.mark.parametrize("text,expected", [
    # demands, agreements, intentions and imminence are plans
    ("ويطالب نواب عراقيون بإغلاق قاعدة حرير في أربيل.", {"harir_base": ("closed", True)}),
    ("واتفقت بغداد وواشنطن على انسحاب قوات التحالف من قاعدة عين الأسد.", {"ain_al_asad": ("withdrawn", True)}),
    ("وتحدثت المصادر عن نية التحالف تسليم قاعدة قسرك للجيش السوري.", {"qasrak": ("handed_over", True)}),
    ("والجنود الأمريكيون على وشك مغادرة قاعدة تل بيدر.", {"tal_baydar": ("withdrawn", True)}),
    # troops spread in a base (masculine verb)
    ("وينتشر داخل قاعدة الشدادي عشرات الجنود.", {"shaddadi_base": ("active", False)}),
])
def test_plans_in_other_words(text, expected):
    assert statuses(text) == expected


def test_in_an_undated_story_the_year_of_the_base_is_background():
    text = ("سقطت قذيفتان داخل قاعدة الشدادي فجر الخميس دون إصابات. "
            "وأقامت القوات الأمريكية قاعدة الشدادي عام 2016 قرب حقول النفط.")
    assert statuses_undated(text) == {"shaddadi_base": ("active", False)}
    # a year told far from the base, in another clause, does not date its event
    text = ("أخلت القوات الأمريكية قاعدة الشدادي بريف الحسكة الجنوبي، وهي القاعدة التي كانت تستخدمها في "
            "عمليات التحالف الدولي ضد تنظيم داعش منذ 2016. وتعرضت القاعدة لهجمات متكررة.")
    assert statuses_undated(text) == {"shaddadi_base": ("withdrawn", False)}


def statuses_undated(text: str) -> dict[str, tuple[str, bool]]:
    return {c["place_id"]: (c["status"], c.get("when") == "planned")
            for c in extract_claims(text, None) if c["kind"] == "base_status" and c.get("place_id")}


def test_a_plan_the_story_leads_with_is_its_news_when_nothing_was_done():
    text = ("البنتاغون يدرس الانسحاب من قاعدة قسرك\n"
            "قالت مصادر أمريكية إن وزارة الدفاع تدرس سحب قواتها من قاعدة قسرك. "
            "وتعرضت القاعدة لعدة هجمات بالمسيرات خلال الصيف.")
    assert statuses(text) == {"qasrak": ("withdrawn", True)}
    # a done change later in the story stays the fact
    text = ("البنتاغون يدرس إغلاق قاعدة قسرك\n"
            "قالت مصادر إن وزارة الدفاع تدرس إغلاق قاعدة قسرك. وكانت القوات قد انسحبت جزئياً من قاعدة قسرك الشهر الماضي.")
    assert statuses(text) == {"qasrak": ("withdrawn", False)}


@pytest.mark.parametrize("text,expected", [
    # forces or tasks moved out of a base: it is left (a plan when the verb is future)
    ("وأعادت القوات الأمريكية تموضع جنودها من قاعدة تل بيدر إلى قاعدة قسرك.",
     {"tal_baydar": ("withdrawn", False), "qasrak": ("reinforced", False)}),
    ("وقال مسؤول إن واشنطن ستنقل مستشاريها من قاعدة حرير إلى الكويت.", {"harir_base": ("withdrawn", True)}),
    # a convoy's source, its destination told right after: the source is in use
    ("وانطلقت أرتال من قاعدة خراب الجير إلى قاعدة قسرك محملة بالمعدات.",
     {"kharab_al_jir": ("active", False), "qasrak": ("reinforced", False)}),
    # no longer there, emptied
    ("وأكدت المصادر أن القوات الأمريكية لم تعد موجودة في قاعدة تل بيدر.", {"tal_baydar": ("withdrawn", False)}),
    ("وأصبحت قاعدة قسرك خاوية من الجنود الأمريكيين.", {"qasrak": ("withdrawn", False)}),
])
def test_forces_moved_out_and_bases_emptied(text, expected):
    assert statuses(text) == expected


@pytest.mark.parametrize("text,expected", [
    # "its base in the town of ..."
    ("وأخلى الجيش الأمريكي قاعدته في مدينة منبج.", {"manbij": ("withdrawn", False)}),
    # soldiers leaving a base (a convoy leaving says nothing: test_extract)
    ("وغادر الجنود الأمريكيون قاعدة تل بيدر فجر اليوم.", {"tal_baydar": ("withdrawn", False)}),
    # forces entering a base again, after it had been left
    ("وذكرت مصادر أن جنوداً أمريكيين دخلوا قاعدة تل بيدر مجدداً بعد أيام من إخلائها.", {"tal_baydar": ("reinforced", False)}),
    # future leaving
    ("وقال الوزير إن قوات التحالف ستغادر قاعدة حرير العام المقبل.", {"harir_base": ("withdrawn", True)}),
    # soldiers sent to a base
    ("وأعلن البنتاغون إرسال 300 جندي إضافي إلى قاعدة الشدادي.", {"shaddadi_base": ("reinforced", False)}),
    # one base closed, its soldiers moved to another: the other is reinforced
    ("وأغلق الجيش الأمريكي قاعدة تل بيدر ونقل قواته إلى قاعدة قسرك.",
     {"tal_baydar": ("closed", False), "qasrak": ("reinforced", False)}),
])
def test_bases_of_forces_leaving_entering_and_moving(text, expected):
    assert statuses(text) == expected


def test_two_new_bases_in_two_towns_of_a_list():
    got = base_claims("وأقام التحالف قاعدتين جديدتين في بلدة الصور وبلدة البصيرة بريف دير الزور.")
    assert {c["place_id"]: c["status"] for c in got if c.get("place_id")} == {
        "suwar": "established", "busayrah": "established"}


@pytest.mark.parametrize("text,place", [
    ("وأعلنت وزارة الدفاع العراقية تسلم قاعدة التقدم الجوية في الأنبار من التحالف.", "taqaddum_base"),
    ("وتسلم الجيش العراقي مطار الحبانية من قوات التحالف.", "taqaddum_base"),
    ("وسلم التحالف الدولي قاعدة القائم قرب الحدود السورية إلى القوات العراقية.", "al_qaim_base"),
])
def test_iraqi_bases_the_coalition_handed_over(text, place):
    assert statuses(text) == {place: ("handed_over", False)}


@pytest.mark.parametrize("text,expected", [
    # a denied plan of moving forces out is no plan: the base stays in use
    ("البنتاغون: لا نية لنقل جنودنا من قاعدة حرير\nقال المتحدث إن وزارة الدفاع لا تنوي نقل جنودها من قاعدة حرير.",
     {"harir_base": ("active", False)}),
    # a question and speculation are plans, not facts
    ("هل تغادر القوات الأمريكية قاعدة تل بيدر؟\nتكثر التكهنات حول إخلاء محتمل لقاعدة تل بيدر.",
     {"tal_baydar": ("withdrawn", True)}),
])
def test_denied_and_speculated_moves(text, expected):
    assert statuses(text) == expected


# round 2 (issue 13): sentences of our own for the rules tuned on tune4_troops / tune4_mixed
@pytest.mark.parametrize("text,expected", [
    # a base named by its neighbourhood, its owner between them; supplied
    ("ووصلت شاحنات محملة بمعدات لوجستية إلى قاعدة القوات الأمريكية في حي غويران جنوب الحسكة.",
     {"ghwayran": ("reinforced", False)}),
    # the sites a count of bases lists are those bases, with the count's status (and no count)
    ("ودخلت قوات النظام إلى 3 قواعد أخلتها القوات الأمريكية وهي تل أبيض وعين عيسى ومنبج.",
     {"tal_abyad": ("withdrawn", False), "ain_issa": ("withdrawn", False), "manbij": ("withdrawn", False)}),
    # an attack that may come is no attack
    ("ودعا إلى الاستعداد لأي هجوم على قاعدة حقل العمر.", {"omar_oil_field": ("mentioned", False)}),
    ("وتتحسب القوات لهجوم محتمل على قاعدة التنف.", {"al_tanf": ("mentioned", False)}),
    # a governorate's seat named bare is the governorate; the countryside of a town is not the town
    ("وتعرضت قاعدة أمريكية في الرقة لقصف صاروخي.", {}),
    ("وبنت القوات الأمريكية قاعدة جديدة في ريف مدينة منبج.", {}),
    ("وأنشأت القوات الأمريكية قاعدة جديدة في مدينة الرقة.", {"raqqa": ("established", False)}),
    # a new base near a town, the country between; in the middle of a town; "القاعدة التي تقع في"
    ("وبدأ التحالف بتشييد قاعدة جديدة في سوريا، قرب بلدة تل تمر.", {"tal_tamr": ("established", False)}),
    ("وأقامت القوات الأمريكية قاعدة في وسط منبج.", {"manbij": ("established", False)}),
    ("وقال المصدر إن القاعدة التي تقع في بلدة تل تمر يجري توسيعها.", {"tal_tamr": ("reinforced", False)}),
    # a deadline set for a withdrawal, "على أن" with a verb to come: plans; "على أن" and a fact is not
    ("وحددت بغداد شهر أيلول المقبل موعداً نهائياً لإتمام الانسحاب من قاعدة عين الأسد.",
     {"ain_al_asad": ("withdrawn", True)}),
    ("وأعلنت الوزارة تفاصيل المرحلة الأولى، على أن تنسحب القوات من قاعدة حرير العام المقبل.",
     {"harir_base": ("withdrawn", True)}),
    ("وأكدت المصادر على أن القوات انسحبت من قاعدة حرير.", {"harir_base": ("withdrawn", False)}),
    # a base of ours where troops are to be left: in use, planned
    ("وأوضح أن الجيش سيترك قوة صغيرة تتوزع بين المنطقة الآمنة وقاعدة للجيش الأمريكي في التنف.",
     {"al_tanf": ("active", True)}),
    # a breakdown of attacks by base; a base called ours further on in its sentence
    ("ورصد المرصد 12 هجوماً على قواعد التحالف. وتوزعت: 7 على قاعدة كونيكو، و5 على قاعدة التنف.",
     {"conoco_gas_field": ("active", False), "al_tanf": ("active", False)}),
    ("وتقع قاعدة التنف عند المثلث الحدودي، وتعتبر القاعدة الأميركية الأهم في البادية.", {"al_tanf": ("active", False)}),
    # gazetteer rows of this round
    ("وانسحبت القوات الأمريكية من قاعدة المبروكة قرب رأس العين.", {"mabrouka": ("withdrawn", False)}),
    ("ودخلت دورية إلى قاعدة سد تشرين التي أخلتها القوات الأمريكية أمس.", {"tishrin_dam": ("withdrawn", False)}),
    ("وتواصل القوات الأمريكية تحصين قاعدتها في قرية هيمو غرب القامشلي.", {"hemo_base": ("active", False)}),
])
def test_base_status_round_2(text, expected):
    assert statuses(text) == expected


def test_a_cut_of_bases_from_x_to_y_is_x_now_and_y_planned():
    def counts(text):
        return [(c["value"], c["status"], c.get("when")) for c in extract_claims(text, PUB)
                if c["kind"] == "base_status" and c.get("place_id") is None]
    assert counts("وتخطط واشنطن لخفض عدد قواعدها من عشر قواعد إلى ثلاث قواعد.") == \
        [(10, "active", None), (3, "active", "planned")]
    assert counts("وقلصت القوات الأمريكية عدد قواعدها من ثماني قواعد إلى ثلاث قواعد.") == \
        [(8, "active", None), (3, "active", None)]
