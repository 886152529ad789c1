"""Tests for the gazetteer (data/reference/gazetteer.csv) and place matching (lib.places)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lib.text.places import (GAZETTEER_COLUMNS, GEO_PRECISION_BY_KIND, PlaceMatch, find_places, get_place,
                        load_gazetteer)
from lib.text.textnorm import normalize, normalize_term

from conftest import GOLD, ROOT, SEEDS_DIR  # noqa: E402

SEEDS = SEEDS_DIR


def places(text: str) -> list[PlaceMatch]:
    return find_places(normalize(text))


def ids(text: str) -> list[str]:
    return [p.place_id for p in places(text)]


def only(text: str) -> PlaceMatch:
    found = places(text)
    assert len(found) == 1, [(p.place_id, p.start, p.end) for p in found]
    return found[0]


# --------------------------------------------------------------------------- the data

@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_gazetteer_columns_and_size(gaz):
    assert tuple(gaz.columns) == GAZETTEER_COLUMNS
    assert 80 <= len(gaz) <= 150
    assert gaz["place_id"].is_unique
    assert all(re.fullmatch(r"[a-z0-9_]+", pid) for pid in gaz["place_id"])


def test_gazetteer_kinds_parents_and_coordinates(gaz):
    by_id = gaz.set_index("place_id")
    for r in gaz.itertuples():
        assert r.kind in GEO_PRECISION_BY_KIND, r.place_id
        # the region of this news: Jordan/Syria/Iraq/Turkey/Lebanon
        assert 29 <= r.lat <= 42 and 34 <= r.lon <= 49, r.place_id
        assert r.coord_source.strip(), r.place_id
        if r.kind == "country":
            assert r.parent_id == ""
        else:
            assert r.parent_id in by_id.index, r.place_id
        if r.kind == "governorate":
            assert by_id.loc[r.parent_id, "kind"] == "country", r.place_id
        if r.needs_context or any(v.startswith("?") for v in r.variants_ar.split("|")):
            assert r.context_ar.strip(), f"{r.place_id} needs context but lists no cue words"


def test_all_fourteen_syrian_governorates(gaz):
    govs = set(gaz.loc[(gaz["kind"] == "governorate") & (gaz["parent_id"] == "syria"), "place_id"])
    assert len(govs) == 14
    assert {"hasakah_governorate", "deir_ez_zor_governorate", "raqqa_governorate", "rif_dimashq_governorate",
            "damascus_governorate", "aleppo_governorate", "homs_governorate", "quneitra_governorate"} <= govs


def test_required_places_present(gaz):
    required = {
        "syria", "iraq", "turkey", "jordan", "hasakah", "hasakah_governorate", "qamishli", "malikiyah", "bahra",
        "hajin", "deir_ez_zor", "aleppo", "haydariyah", "baghouz", "idlib", "rif_dimashq_governorate",
        "western_ghouta", "omar_oil_field", "conoco_gas_field", "green_village", "euphrates_base",
        "homs_desert", "qasrak", "kharab_al_jir", "shaddadi", "al_tanf", "tal_baydar", "tal_tamr", "ain_issa",
        "busayrah", "shuhayl", "dhiban", "susah", "abu_hamam", "gharanij", "raqqa", "tabqa", "tabqa_airbase",
        "manbij", "kobani", "damascus", "palmyra", "mayadin", "abu_kamal", "al_hol_camp", "roj_camp",
        "ghwayran_prison", "jazira", "euphrates_river", "ain_al_asad", "erbil", "harir_base", "baghdad",
        "tower_22",
    }
    assert required <= set(gaz["place_id"])


def test_approximate_coordinates_say_so(gaz):
    # derived points (a base placed at its town, a governorate at its centroid) must be labelled approx
    for pid in ("green_village", "euphrates_base", "qasrak", "hasakah_governorate", "syria", "western_ghouta"):
        assert gaz.set_index("place_id").loc[pid, "coord_source"].startswith("approx"), pid


def test_unconditional_names_are_unambiguous(gaz):
    """Two places may share a spelling only if at least one of them needs context
    (الفرات: the river, or the base when a base word is near; "?رميلان": the
    base only with a base word, otherwise the town)."""
    seen: dict[str, str] = {}
    for r in gaz.itertuples():
        if r.needs_context:
            continue
        for name in [r.name_ar, *r.variants_ar.split("|")]:
            if name.startswith("?"):
                continue
            key = normalize_term(name)
            if not key:
                continue
            assert seen.get(key, r.place_id) == r.place_id, f"{name!r}: {seen[key]} and {r.place_id}"
            seen[key] = r.place_id


def test_load_gazetteer_returns_a_copy():
    a = load_gazetteer()
    a.loc[0, "name_en"] = "changed"
    assert load_gazetteer().loc[0, "name_en"] != "changed"


def test_get_place():
    row = get_place("omar_oil_field")
    assert row["name_ar"] == "حقل العمر" and row["geo_precision"] == "exact"
    assert get_place("no_such_place") is None


# --------------------------------------------------------------------------- clitics and whole words

@pytest.mark.parametrize("text, expected", [
    ("عام على هزيمة داعش بدير الزور", "deir_ez_zor"),
    ("تعزيزات إلى القامشلي والحسكة", "hasakah"),
    ("التحالف يعيد تموضعه بسوريا", "syria"),
    ("وصلت التعزيزات للحسكة صباحاً", "hasakah"),
    ("عادت الحياة وبالرقة حذر", "raqqa"),
    ("فالبوكمال مدينة حدودية", "abu_kamal"),
    ("نقطة تتبع لـ\"قسد\" قرب كوباني", "kobani"),
    ("قالت مصادر لـ\"الحسكة بوست\"", "hasakah"),
    ("أرتال عسكرية عبرت إلى العراق وأربيل", "erbil"),
])
def test_clitics_before_a_name(text, expected):
    assert expected in ids(text)


def test_span_covers_the_name_not_the_clitic():
    n = normalize("هجوم بدير الزور")
    (p,) = find_places(n)
    assert n[p.start:p.end] == "دير الزور"
    n = normalize("جرى ذلك لريف دير الزور الشرقي")
    (p,) = find_places(n)
    assert (p.place_id, n[p.start:p.end]) == ("deir_ez_zor_governorate", "ريف دير الزور")
    n = normalize("وصلت التعزيزات للحسكة")
    (p,) = find_places(n)
    assert n[p.start:p.end] == "لحسكه" and n[p.start - 1] == "ل"


@pytest.mark.parametrize("text", [
    "حلبة المصارعة الحرة",            # حلبة is not حلب
    "الجيش العراقي والأمن السوري",     # adjectives, not Iraq/Syria
    "مطبخ دمشقي تقليدي",               # دمشقي
    "السوريالية في الفن الحديث",       # contains سوريا inside a longer word
    "لهول المفاجأة صمت الجميع",        # لهول is not (ل)الهول
])
def test_whole_words_only(text):
    assert ids(text) == []


# --------------------------------------------------------------------------- descriptors, longest match

@pytest.mark.parametrize("plain, described", [
    ("القامشلي", "مدينة القامشلي"),
    ("التنف", "قاعدة التنف"),
    ("الباغوز", "بلدة الباغوز"),
    ("الحيدرية", "حي الحيدرية"),
    ("الهول", "مخيم الهول"),
    ("عين عيسى", "ناحية عين عيسى"),
])
def test_descriptors_are_optional(plain, described):
    assert ids(f"وقع الهجوم في {plain} أمس") == ids(f"وقع الهجوم في {described} أمس")
    assert len(ids(f"في {described}")) == 1


def test_longest_match_wins():
    assert ids("الأمن الداخلي في ريف دمشق") == ["rif_dimashq_governorate"]
    assert ids("قوات الأمن الداخلي في محافظة ريف دمشق") == ["rif_dimashq_governorate"]
    assert ids("غارة على حي في دمشق") == ["damascus"]
    assert ids("انفجار في دير الزور") == ["deir_ez_zor"]
    assert ids("تدريبات في حقل العمر") == ["omar_oil_field"]
    assert ids("مناطق شرق الفرات") == ["east_of_euphrates"]
    assert ids("طائرة شحن في قاعدة رميلان") == ["kharab_al_jir"]
    assert ids("اشتباكات في رميلان") == ["rmelan"]
    assert ids("حطت مروحيات في مطار الطبقة العسكري") == ["tabqa_airbase"]


def test_bare_name_is_the_city_but_muhafaza_and_rif_are_the_governorate():
    city, gov = only("القواعد الرئيسية في الحسكة"), only("القواعد الرئيسية في محافظة الحسكة")
    assert (city.place_id, city.geo_precision) == ("hasakah", "town")
    assert (gov.place_id, gov.geo_precision) == ("hasakah_governorate", "governorate")
    assert ids("مناورات في المالكية بريف الحسكة") == ["malikiyah", "hasakah_governorate"]
    assert ids("الريف الشرقي لمدينة الحسكة") == ["hasakah"]


@pytest.mark.parametrize("text, expected", [
    ("قصف مدفعي على ريف منبج الشرقي", "aleppo_governorate"),
    ("هجوم في ريف القامشلي", "hasakah_governorate"),
    ("دورية أمريكية بريف البوكمال", "deir_ez_zor_governorate"),
    ("حملة أمنية في ريف الرقة الشمالي", "raqqa_governorate"),
    ("خلايا في ريف تدمر", "homs_governorate"),
])
def test_rif_of_a_town_is_its_governorate(text, expected):
    p = only(text)
    assert (p.place_id, p.geo_precision) == (expected, "governorate")


def test_overlapping_shorter_matches_are_dropped():
    found = places("قاعدتي الشدادي وقسرك في ريف الحسكة الجنوبي وريف دير الزور")
    assert [p.place_id for p in found] == ["shaddadi_base", "qasrak", "hasakah_governorate",
                                           "deir_ez_zor_governorate"]
    spans = [(p.start, p.end) for p in found]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


# --------------------------------------------------------------------------- ambiguous names

@pytest.mark.parametrize("text", [
    "المعارك في حوض الفرات",
    "على الضفة الشرقية لنهر الفرات",
    "انخفض منسوب مياه الفرات هذا الصيف",
    "عبر مقاتلو التنظيم الفرات ليلاً",
    "قاعدة أمريكية قرب سد الفرات",
])
def test_euphrates_without_base_context_is_the_river(text):
    p = only(text) if "قاعدة" not in text else places(text)[-1]
    assert (p.place_id, p.kind, p.geo_precision) == ("euphrates_river", "river", "governorate")


@pytest.mark.parametrize("text", [
    'أغلقت واشنطن 3 قواعد، هي قواعد "الخضراء" و"الفرات" وقاعدة ثالثة',
    "انسحبت القوات الأمريكية من قاعدة الفرات",
    "سقطت قذائف على القاعدة الأمريكية في الفرات مساء الأحد",
    "استهدفت طائرة مسيرة قاعدتي «كونيكو» و«الفرات» بريف دير الزور",
])
def test_euphrates_with_base_context_is_the_base(text):
    found = {p.place_id: p for p in places(text)}
    assert "euphrates_base" in found and "euphrates_river" not in found
    assert found["euphrates_base"].geo_precision == "exact"


def test_a_conjunction_is_not_an_adjective():
    # "الشدادي والفرات": و starts a new list item, so الفرات is not an attribute of الشدادي
    assert ids("سحب التحالف معداته من قاعدتي الشدادي والفرات") == ["shaddadi_base", "euphrates_base"]
    assert ids("القوات المتمركزة في قاعدتي الشدادي والعمر") == ["shaddadi_base", "omar_oil_field"]
    assert ids("اشتباكات في الشدادي") == ["shaddadi"]


@pytest.mark.parametrize("text, expected", [
    # "?" variants: the town by default, the base with a base word
    ("هبطت طائرة شحن في رميلان", ["rmelan"]),
    ("وصلت تعزيزات إلى قواعد رميلان والشدادي وقسرك", ["kharab_al_jir", "shaddadi_base", "qasrak"]),
    ("اشتباكات عنيفة في الشدادي جنوب الحسكة", ["shaddadi", "hasakah"]),
    ('التحالف يخلي قاعدة "الطبقة" ويسلمها للحكومة', ["tabqa_airbase"]),
    ("وصل الرتل إلى مدينة الطبقة قادما من الرقة", ["tabqa", "raqqa"]),
])
def test_town_or_base_by_context(text, expected):
    assert ids(text) == expected


def test_a_following_base_carries_the_base_context():
    # the cue word is too far back, but the list goes on with an unambiguous base
    text = "أغلقت الولايات المتحدة ثلاث قواعد في دير الزور هي: العمر وكونيكو والصور"
    assert ids(text) == ["deir_ez_zor", "omar_oil_field", "conoco_gas_field"]
    assert ids("التحالف ينفذ عملية إنزال في بلدة الصور شمالي دير الزور") == ["suwar", "deir_ez_zor"]
    assert ids("وأظهرت الصور انتشار القوات في منطقة واسعة") == []


def test_a_list_of_bases_carries_the_base_context():
    text = 'أخلت القوات قواعدها في "التنف" و"قسرك" و"تل بيدر" و"الخضراء" و"الفرات"'
    assert ids(text) == ["al_tanf", "qasrak", "tal_baydar", "green_village", "euphrates_base"]


@pytest.mark.parametrize("text", [
    "شاب يبلغ من العمر 30 عاما",
    "بلغ من العمر 30 عاما حين اعتقل",
    "طفل في العاشرة من العمر",
    "أمضى نصف العمر في المنفى",
    "قال عمر الأحمد إن الوضع هادئ",
])
def test_omar_meaning_age_or_a_name_is_not_the_field(text):
    assert "omar_oil_field" not in ids(text)


@pytest.mark.parametrize("text", [
    "لاسيما من قاعدتي “العمر” النفطية و”كونيكو” للغاز",
    "مركز تدريب في حقل العمر النفطي",
    "انسحبت القوات من قاعدتيها في العمر والشدادي",
    "رتل أمريكي يصل إلى العمر النفطي",
    "قُتل رجل في الخمسين من العمر قرب حقل العمر",
])
def test_omar_with_field_context_is_the_field(text):
    found = [p for p in places(text) if p.place_id == "omar_oil_field"]
    assert len(found) == 1 and found[0].kind == "oil_field" and found[0].geo_precision == "exact"


@pytest.mark.parametrize("text", [
    "ستتحول المنطقة الخضراء إلى حديقة عامة",
    "حماية الأراضي الخضراء قرب قاعدة التنف",
    "أطلقت الحكومة الخطة الخضراء للبيئة",
    "رفعت الراية الخضراء",
])
def test_khadra_as_an_adjective_is_not_green_village(text):
    assert "green_village" not in ids(text)


@pytest.mark.parametrize("text", [
    "قاعدتي \"قرية الخضراء\" و\"الفرات\"",
    "هجوم صاروخي على قاعدة الخضراء شرقي دير الزور",
    "استهدفت صواريخ القرية الخضراء داخل حقل العمر",
    "أخلت القوات قواعد «الخضراء» و«الشدادي»",
])
def test_khadra_with_base_context_is_green_village(text):
    assert "green_village" in ids(text)


def test_green_zone_of_baghdad_needs_baghdad():
    assert ids("سقطت صواريخ على المنطقة الخضراء في بغداد") == ["baghdad_green_zone", "baghdad"]
    assert ids("ستتحول المنطقة الخضراء إلى حديقة") == []


@pytest.mark.parametrize("name, expected", [
    ("الخضراء", "green_village"),
    ("«الفرات»", "euphrates_base"),   # a bare base name in an analyst's list is the base
    ("العمر", "omar_oil_field"),
    ("الميادين", "mayadin"),
    ("الطبقة", "tabqa"),              # the city comes first in the gazetteer
    ("رميلان", "rmelan"),
    ("نهر الفرات", "euphrates_river"),
])
def test_a_lone_name_is_a_lookup(name, expected):
    assert ids(name) == [expected]
    assert ids("قناة الميادين") == []


@pytest.mark.parametrize("text, expected", [
    ("قالت قناة الميادين إن الوضع متوتر", []),
    ("قصف على مدينة الميادين بريف دير الزور", ["mayadin", "deir_ez_zor_governorate"]),
    ("تحدث عن الطبقة السياسية الحاكمة", []),
    ("وصلت تعزيزات إلى مدينة الطبقة غرب الرقة", ["tabqa", "raqqa"]),
    ("الطائرات تدمر مخازن الأسلحة", []),
    ("هجوم على مدينة تدمر الأثرية", ["palmyra"]),
    ("ارتدى قميصا من حرير", []),
    ("انسحبت القوات من قاعدة حرير في أربيل", ["harir_base", "erbil"]),
    ("اعتقال عناصر من الأسايش في حي غويران", ["ghwayran"]),
    ("هجوم لداعش على سجن الصناعة في حي غويران", ["ghwayran_prison", "ghwayran"]),
    ("وزارة الصناعة السورية", []),
])
def test_ambiguous_common_words_need_context(text, expected):
    assert ids(text) == expected


def test_not_places():
    assert ids("قوات سوريا الديمقراطية \"قسد\"") == []
    assert ids("قالت قوات سوريا الديمقراطية إن الهجوم وقع في سوريا") == ["syria"]
    assert ids("مجلس سوريا الديمقراطية") == []
    assert ids("اتفاق بين حكومة دمشق وقسد") == []
    assert ids("عملية درع الفرات") == []


# --------------------------------------------------------------------------- precision

@pytest.mark.parametrize("text, pid, precision", [
    ("قاعدة عين الأسد", "ain_al_asad", "exact"),
    ("حقل كونيكو للغاز", "conoco_gas_field", "exact"),
    ("مخيم الهول", "al_hol_camp", "exact"),
    ("سجن غويران", "ghwayran_prison", "exact"),
    ("بلدة البحرة", "bahra", "town"),
    ("حي الحيدرية", "haydariyah", "town"),
    ("بناحية هجين", "hajin_subdistrict", "district"),
    ("بادية حمص", "homs_desert", "governorate"),
    ("الغوطة الغربية", "western_ghouta", "governorate"),
    ("إقليم كردستان العراق", "kurdistan_region", "governorate"),
    ("نهر الفرات", "euphrates_river", "governorate"),
    ("الأردن", "jordan", "country"),
    ("البرج ٢٢", "tower_22", "exact"),
])
def test_geo_precision_follows_kind(text, pid, precision):
    p = only(text)
    assert (p.place_id, p.geo_precision) == (pid, precision)
    assert p.lat and p.lon


def test_place_match_fields():
    p = only("مركز تدريب في حقل العمر")
    assert (p.name_ar, p.name_en, p.kind, p.parent_id) == ("حقل العمر", "Al-Omar oil field", "oil_field",
                                                             "deir_ez_zor_governorate")
    assert abs(p.lat - 35.15) < 0.05 and abs(p.lon - 40.58) < 0.05
    with pytest.raises(Exception):
        p.place_id = "x"  # frozen


def test_variants_resolve_to_one_place():
    for text in ("كونيكو", "كونوكو", "معمل غاز كونيكو"):
        assert ids(text) == ["conoco_gas_field"], text
    for text in ("خراب الجير", "خراب الجبر", "مطار أبو حجر"):
        assert ids(text) == ["kharab_al_jir"], text
    for text in ("كوباني", "عين العرب"):
        assert ids(text) == ["kobani"], text
    for text in ("البوكمال", "أبو كمال"):
        assert ids(text) == ["abu_kamal"], text
    assert ids("شمال شرقي سورية") == ids("شمال شرق سوريا") == ["northeast_syria"]


def test_empty_and_placeless_text():
    assert find_places("") == []
    assert ids("أعلن التحالف إعادة تموضع قواته ضمن خطة مدروسة") == []


# --------------------------------------------------------------------------- the seed articles

SEED_EXPECTED = {
    "000_60bf6ce25483f346.txt": {"syria", "hasakah", "northeast_syria", "green_village", "euphrates_base"},
    "001_e4a1f0c4b7903909.txt": {"syria", "qamishli", "turkey", "northeast_syria", "green_village",
                                 "euphrates_base"},
    "002_f3a1a1a08f268962.txt": {"syria", "malikiyah", "hasakah_governorate", "bahra", "hajin_subdistrict",
                                 "deir_ez_zor", "deir_ez_zor_governorate", "haydariyah", "aleppo", "iraq",
                                 "homs_desert", "northeast_syria"},
    "003_19328c00382c3f33.txt": {"deir_ez_zor", "syria", "deir_ez_zor_governorate", "baghouz", "euphrates_river",
                                 "iraq", "idlib", "northwest_syria", "northeast_syria", "omar_oil_field"},
    "004_d3cbc7166e881cc7.txt": {"deir_ez_zor_governorate", "omar_oil_field", "conoco_gas_field", "syria",
                                 "rif_dimashq_governorate", "western_ghouta", "northeast_syria"},
}


@pytest.mark.parametrize("name", sorted(SEED_EXPECTED))
def test_seed_articles(name):
    found = {p.place_id for p in find_places(normalize((SEEDS / name).read_text(encoding="utf-8")))}
    assert found == SEED_EXPECTED[name]


def test_seed_sentences():
    assert ids("وقال المسؤولون إن واشنطن أغلقت 3 قواعد من أصل 8 صغيرة في المنطقة، هي قواعد \"الخضراء\" "
               "و\"الفرات\" وقاعدة ثالثة أصغر حجماً") == ["green_village", "euphrates_base"]
    assert ids("استهدف نقطة تتبع لـ”قسد” في بلدة البحرة بناحية هجين الواقعة شرقي دير الزور") == [
        "bahra", "hajin_subdistrict", "deir_ez_zor"]
    assert ids("جرت في حي الحيدرية، من أحياء حلب الشرقية") == ["haydariyah", "aleppo"]
    assert ids("وذكر التحالف الدولي أن المعارك التي دارت بين قوات سوريا الديمقراطية وتنظيم داعش في حوض الفرات") == [
        "euphrates_river"]
    assert ids("إنشاء مركز لتدريب وحدات حماية المرأة في حقل العمر النفطي في ريف دير الزور على الضفة الشرقية "
               "لنهر الفرات") == ["omar_oil_field", "deir_ez_zor_governorate", "euphrates_river"]


def test_gold_place_names_are_known():
    """Every place name the analyst listed for the seeds is in the gazetteer."""
    for article in GOLD:
        for name in article["places"]:
            assert find_places(normalize(name)), name


def test_place_words_json():
    """The phrases place_words.json says are no place find none; its countryside word
    and its duals are read."""
    from lib.reference import load_json

    words = load_json("place_words.json")
    for phrase in words["not_places"]:
        assert find_places(normalize(phrase)) == [], phrase
    assert [p.place_id for p in find_places(normalize(words["countryside"] + " الشدادي"))] == ["hasakah_governorate"]
    for noun, dual in words["duals"].items():
        single = [p.place_id for p in find_places(normalize(f"{noun} الشدادي"))]
        assert single and [p.place_id for p in find_places(normalize(f"{dual} الشدادي"))] == single


def test_country_of_a_place():
    from lib.text.places import country_of

    assert [country_of(p) for p in ("tower_22", "al_tanf", "ain_al_asad", "syria", "no_such_place")] == [
        "jordan", "syria", "iraq", "syria", None]
