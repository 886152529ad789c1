"""Base-status rules, round 6 (issue 13), written in other outlets' phrasing than the tuning
articles (tests/data/dev_gold_tune6_bases.json): a convoy unloading at bases, forces withdrawn *to*
a base, a site named as an example of those moved out of, another country's bases counted, a town
that holds oil fields, and the wordings of keeping, limiting, fixing and maintaining a presence.
Each rule has a case that must stay as it was."""
from datetime import date

from lib.extract import extract_claims

PUB = date(2024, 3, 10)


def statuses(text: str) -> dict[str, tuple[str, str | None]]:
    return {c["place_id"]: (c["status"], c.get("when"))
            for c in extract_claims(text, PUB) if c["kind"] == "base_status" and c.get("place_id")}


def base_counts(text: str) -> list[tuple[float, str]]:
    return [(c["value"], c["status"]) for c in extract_claims(text, PUB)
            if c["kind"] == "base_status" and not c.get("place_id")]


# --- a convoy unloading at a base reinforces it ---

def test_a_convoy_unloading_its_cargo_at_bases_reinforces_each():
    text = "ووصلت الشاحنات إلى المنطقة صباح اليوم قبل أن تفرغ حمولتها في قاعدتي قسرك وخراب الجير."
    assert statuses(text) == {"qasrak": ("reinforced", None), "kharab_al_jir": ("reinforced", None)}
    assert statuses("وقالت مصادر إن الطائرة أفرغت حمولتها من الذخائر في قاعدة الشدادي ليلاً.") == \
        {"shaddadi_base": ("reinforced", None)}


def test_a_base_emptied_is_still_withdrawn_from():
    # no cargo after the verb: the base itself was emptied
    assert statuses("وأفادت مصادر محلية بأن القوات الأمريكية أفرغت قاعدة الشدادي من معداتها.") == \
        {"shaddadi_base": ("withdrawn", None)}


# --- forces withdrawn to a base: where they went, in use ---

def test_the_base_forces_withdrew_to_receives_them():
    assert statuses("وقالت المصادر إن الجنود انسحبوا إلى قاعدة خراب الجير قرب رميلان.") == \
        {"kharab_al_jir": ("active", None)}
    assert statuses("وأوضح المصدر أن القوات الأمريكية انسحبت نحو قاعدة حرير في أربيل.") == \
        {"harir_base": ("active", None)}


def test_the_base_withdrawn_from_is_still_withdrawn():
    assert statuses("وقالت المصادر إن القوات الأمريكية انسحبت من قاعدة قسرك صباح اليوم.") == \
        {"qasrak": ("withdrawn", None)}


# --- a site named as an example of those moved out of ---

def test_a_site_given_as_an_example_of_those_moved_out_of_is_withdrawn_from():
    text = "وشمل النقل سحب الجنود والآليات من نقاط عدة، منها قاعدة الشدادي جنوب الحسكة."
    assert statuses(text) == {"shaddadi_base": ("withdrawn", None)}


def test_an_example_with_nothing_moved_out_is_not_withdrawn():
    text = "وتنتشر القوات الأمريكية في مواقع عدة، مثل قاعدة الشدادي جنوب الحسكة."
    assert statuses(text)["shaddadi_base"][0] != "withdrawn"


# --- another country's bases counted ---

def test_a_count_of_another_countrys_bases_is_no_count_of_coalition_bases():
    assert base_counts("ولا تزال توجد في المدينة ثلاث قواعد روسية قرب المطار.") == []
    assert base_counts("وتحتفظ أنقرة في المنطقة بقاعدتين للجيش التركي.") == []


def test_a_count_of_the_coalitions_bases_stays():
    assert base_counts("وتحتفظ واشنطن في المنطقة بثلاث قواعد للقوات الأمريكية.") == [(3.0, "active")]


# --- a town holding oil fields is no base hosting troops ---

def test_the_oil_fields_of_rmelan_are_not_the_rmelan_base():
    assert statuses("وجرت الدورية في محيط الرميلان التي تضم حقول النفط الرئيسية في المحافظة.") == {}


def test_the_rmelan_base_is_still_named_by_its_town():
    assert statuses("وهبطت طائرة شحن في مطار رميلان محملة بالمعدات.") == {"kharab_al_jir": ("reinforced", None)}
    assert statuses("وتعرضت قاعدة الرميلان لهجوم بطائرة مسيرة.") == {"kharab_al_jir": ("active", None)}


def test_a_base_hosting_troops_is_in_use():
    assert statuses("وهي قاعدة حرير التي تضم مئات الجنود الأمريكيين.") == {"harir_base": ("active", None)}


# --- wordings of a base kept, limited to, fixed, maintained ---

def test_forces_still_at_a_base_keep_it_in_use():
    assert statuses("ولا يزال للتحالف عشرات الجنود في قاعدة قسرك.") == {"qasrak": ("active", None)}


def test_a_presence_limited_to_bases_keeps_them_in_use():
    text = "وبعد ذلك بات الوجود الأمريكي يقتصر على قاعدتي قسرك وخراب الجير في الحسكة."
    assert statuses(text) == {"qasrak": ("active", None), "kharab_al_jir": ("active", None)}
    assert statuses("لتقتصر مهام التحالف على قاعدة حرير في كردستان.") == {"harir_base": ("active", None)}


def test_a_base_fixed_in_a_village_is_established():
    assert statuses("وأفاد ناشطون بتثبيت التحالف الدولي قاعدة عسكرية في قرية هيمو غرب القامشلي.") == \
        {"hemo_base": ("established", None)}


def test_kept_forces_are_a_fact_and_an_expected_stay_after_them_does_not_make_a_plan():
    text = "واحتفظ الجيش الأمريكي بجنوده في قاعدة التنف، ومن المتوقع أن يبقوا هناك أشهراً."
    assert statuses(text) == {"al_tanf": ("active", None)}


def test_may_maintain_a_presence_is_a_plan_to_keep_the_base():
    text = "وقال مسؤول إن الأمريكيين قد يحافظون على وجودهم في قاعدة خراب الجير."
    assert statuses(text) == {"kharab_al_jir": ("active", "planned")}
    # maintained already: a fact
    assert statuses("وقالت المصادر إن واشنطن حافظت على وجودها في قاعدة خراب الجير.") == \
        {"kharab_al_jir": ("active", None)}


# --- forces moved to a base: where they went, in use; a departure planned from there after is not the news ---

def test_forces_moved_to_a_base_put_it_in_use():
    text = "وأكدت المصادر أن الجنود انتقلوا إلى قاعدة حرير في أربيل، ومنها سيعودون إلى بلادهم لاحقاً."
    assert statuses(text) == {"harir_base": ("active", None)}


def test_forces_moving_out_of_a_base_still_leave_it():
    assert statuses("وأكدت المصادر أن الجنود انتقلوا من قاعدة حرير إلى أربيل.")["harir_base"][0] == "withdrawn"


# --- a town supplies are sent to so that a base be set up there ---

def test_a_town_sent_building_materials_to_set_up_a_base_is_a_planned_base():
    text = "ونقلت شاحنات أمريكية كتلاً إسمنتية إلى بلدة تل تمر، بهدف إقامة قاعدة عسكرية هناك."
    assert statuses(text) == {"tal_tamr": ("established", "planned")}
    text = "ووصلت آليات هندسية إلى مدينة منبج بريف حلب الشرقي تمهيداً لبناء قاعدة جديدة للتحالف."
    assert statuses(text) == {"manbij": ("established", "planned")}


def test_a_town_sent_supplies_for_another_purpose_is_no_base():
    assert statuses("ونقلت شاحنات أمريكية مساعدات إلى بلدة تل تمر، بهدف توزيعها على الأهالي.") == {}


# --- a base placed in an area, then, narrowing it, in a town ---

def test_a_base_placed_in_an_area_then_specifically_in_a_town_is_at_the_town():
    text = "وبدأت قوات التحالف إقامة قاعدة جديدة في ريف الرقة الشمالي، وتحديداً في بلدة عين عيسى."
    assert statuses(text) == {"ain_issa": ("established", None)}


# --- a part of a convoy heading to a base ---

def test_the_part_of_a_convoy_heading_to_a_base_reinforces_it():
    text = "وتوزعت الشاحنات على دفعتين، فيما اتجه القسم الآخر إلى قاعدة الشدادي جنوب الحسكة."
    assert statuses(text) == {"shaddadi_base": ("reinforced", None)}


# --- gazetteer: the bases and towns of round 6 ---

def test_incirlik_is_a_base_in_turkey_and_qahtaniyah_a_town_that_may_name_one():
    got = statuses("وتعرضت قاعدة إنجرليك الجوية جنوب تركيا لإنذار أمني.")
    assert got == {"incirlik_base": ("active", None)}
    assert statuses("ووصلت قافلة أمريكية من المدرعات إلى قاعدة القحطانية غرب القامشلي.") == \
        {"qahtaniyah": ("reinforced", None)}


# --- a base named again by its town, and handed over as "القاعدة" further on ---

def test_a_base_named_before_and_then_by_its_town_alone_is_that_base():
    text = ("وتعرضت قاعدة الشدادي لهجوم بطائرة مسيرة الأسبوع الماضي. "
            "وقالت مصادر إن القوات الأمريكية أخلت الشدادي بالكامل مساء أمس.")
    assert statuses(text) == {"shaddadi_base": ("withdrawn", None)}


def test_the_town_is_still_the_town_after_a_word_of_settlement():
    text = ("وتعرضت قاعدة الشدادي لهجوم بطائرة مسيرة الأسبوع الماضي. "
            "وقالت مصادر إن القوات الحكومية أخلت مدينة الشدادي من السكان مساء أمس.")
    assert statuses(text) == {"shaddadi_base": ("active", None)}


def test_a_base_left_then_received_as_the_base_further_on_is_handed_over():
    text = ("انسحبت القوات الأمريكية من قاعدة قسرك بعد عملية نقل استمرت أكثر من أسبوعين وشهدت رحلات جوية "
            "وبرية مكثفة، قبل أن تتسلم وحدات من الجيش السوري القاعدة رسمياً.")
    assert statuses(text) == {"qasrak": ("handed_over", None)}


def test_a_base_left_and_another_received_is_still_left():
    text = ("انسحبت القوات الأمريكية من قاعدة قسرك بعد عملية نقل استمرت أسبوعين، "
            "فيما تسلمت وحدات من الجيش السوري القاعدة الأخرى في الرقة.")
    assert statuses(text)["qasrak"] == ("withdrawn", None)


# --- preparing to leave is a plan ---

def test_forces_preparing_to_evacuate_a_base_is_a_plan():
    assert statuses("وتتحضر القوات الأمريكية لإخلاء قاعدة الشدادي خلال الأيام المقبلة.") == \
        {"shaddadi_base": ("withdrawn", "planned")}


# --- a handover told of two listed bases by a dual pronoun ---

def test_a_dual_handover_after_two_listed_bases_hands_over_both():
    text = ("وكانت القوات الأمريكية قد أخلت قاعدة التنف على المثلث الحدودي مع الأردن والعراق، وقاعدة "
            "الشدادي جنوب الحسكة، ثم جرى تسليمهما إلى وزارة الدفاع.")
    assert statuses(text) == {"al_tanf": ("handed_over", None), "shaddadi_base": ("handed_over", None)}


def test_two_listed_bases_left_with_no_handover_stay_left():
    text = ("وكانت القوات الأمريكية قد أخلت قاعدة التنف على المثلث الحدودي مع الأردن والعراق، وقاعدة "
            "الشدادي جنوب الحسكة، ثم جرى نقلهما إلى أربيل.")
    assert statuses(text) == {"al_tanf": ("withdrawn", None), "shaddadi_base": ("withdrawn", None)}


# --- state forces deploying in "the base" named the sentence before ---

def test_state_forces_deploying_in_the_base_named_before_take_it_over():
    text = ("وانسحبت القوات الأمريكية ليلاً من قاعدة تل بيدر شمال الحسكة. "
            "وبدأ الجيش النظامي صباح اليوم الانتشار في القاعدة بعد خروج آخر الآليات.")
    assert statuses(text)["tal_baydar"] == ("handed_over", None)


def test_kurdish_forces_deploying_in_the_base_are_no_handover_to_the_state():
    text = ("وانسحبت القوات الأمريكية ليلاً من قاعدة تل بيدر شمال الحسكة. "
            "وبدأت وحدات حماية الشعب صباح اليوم الانتشار في القاعدة بعد خروج آخر الآليات.")
    assert statuses(text)["tal_baydar"][0] == "withdrawn"


# --- gazetteer: the 2019 sites west of al-Hasakah ---

def test_the_2019_sites_west_of_hasakah_are_bases():
    assert statuses("وأخلت القوات الأمريكية قاعدة قصر يلدا قرب تل تمر.") == {"qasr_yalda_base": ("withdrawn", None)}
    assert statuses("وانسحبت القوات الأمريكية من قاعدة سد السابع من نيسان.") == {"april7_dam_base": ("withdrawn", None)}
    assert statuses("وأخلى الأمريكيون قاعدة الرادار في جبل عبد العزيز.") == {"abd_al_aziz_radar_base": ("withdrawn", None)}


def test_the_mountain_alone_is_no_base():
    assert statuses("وشن التنظيم هجوماً على نقطة للجيش قرب جبل عبد العزيز غرب الحسكة.") == {}


# --- "its bases in the area of <town>": a base noun with a possessive suffix ---

def test_supplies_sent_to_its_bases_in_the_area_of_a_town_reinforce_the_base():
    text = "وأرسلت القوات الأمريكية شاحنات محملة بالذخائر إلى قاعدتها في منطقة رميلان شمال الحسكة."
    assert statuses(text) == {"kharab_al_jir": ("reinforced", None)}


def test_the_area_of_a_town_with_no_base_noun_is_still_no_base():
    assert statuses("وأرسلت القوات الأمريكية شاحنات محملة بالذخائر إلى منطقة رميلان شمال الحسكة.") == {}


# --- a base operations are run from is in use ---

def test_a_base_sorties_or_operations_are_run_from_is_in_use():
    assert statuses("وأوضح المسؤول أن الطائرات التي تقلع من قاعدة حرير تنفذ مهام استطلاع فوق سوريا.") == \
        {"harir_base": ("active", None)}
    assert statuses("وتحدث التقرير عن الطلعات التي يشنها التحالف من قاعدة إنجرليك.") == \
        {"incirlik_base": ("active", None)}


def test_operations_near_a_base_do_not_run_from_it():
    assert statuses("وقال المسؤول إن العمليات التي نفذها التنظيم قرب قاعدة حرير تراجعت.") == \
        {"harir_base": ("mentioned", None)}


# --- a base placed in "the city" named before in the sentence ---

def test_a_base_set_up_in_the_city_centre_is_in_the_town_named_before():
    text = "ووصلت القوات الأمريكية إلى بلدة تل تمر، حيث بدأت ببناء قاعدة عسكرية داخل البلدة قرب السوق."
    assert statuses(text) == {"tal_tamr": ("established", None)}


def test_the_city_across_a_contrast_is_not_the_town_named_before():
    text = "ووصلت تعزيزات إلى مدينة منبج، فيما تحدث الأهالي عن قاعدة قديمة في المدينة."
    assert statuses(text) == {}


# --- a base near the bare name of a governorate seat is no site ---

def test_a_base_near_a_bare_governorate_seat_is_no_site():
    text = "وأصيب ثلاثة جنود في هجوم بطائرة مسيرة على قاعدة للتحالف قرب الحسكة شمال شرقي سوريا."
    assert statuses(text) == {}


def test_a_base_near_the_city_named_as_a_city_is_still_there():
    assert statuses("وأنشأ التحالف قاعدة جديدة له بالقرب من مدينة الحسكة.") == {"hasakah": ("established", None)}
