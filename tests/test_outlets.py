"""Outlet registry and detection: metadata, URL, and the raw text's mastheads.

The seeds must be recognised from their text alone, and an agency or paper
that the story merely quotes must never be taken as the article's outlet."""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from lib.ingest.outlets import UNKNOWN, Outlet, detect_outlet, load_registry

from conftest import GOLD, ROOT, SEEDS_DIR  # noqa: E402

SEEDS = SEEDS_DIR

STORY = (
    "قال التحالف الدولي إنه أعاد تموضع قواته في سوريا ضمن خطة مدروسة، "
    "مؤكدا استمرار الضغط على تنظيم داعش في شمال شرقي البلاد.\n"
    "وأضاف البيان أن الولايات المتحدة نفذت عشرات الضربات الجوية خلال العام الماضي ضد فلول التنظيم.\n"
)


# ---------------------------------------------------------------- registry
def test_registry_shape_and_size():
    reg = load_registry()
    assert 35 <= len(reg) <= 60
    ids = [e["source_id"] for e in reg]
    assert len(ids) == len(set(ids))
    for e in reg:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e["source_id"]), e["source_id"]
        assert e["name_ar"] and e["name_en"] and e["country"]
        assert e["domains"] and all(d == d.lower() and not d.startswith(("www.", "http")) for d in e["domains"])
        assert isinstance(e["aliases"], list) and e["mastheads"]


def test_registry_has_seed_outlets_with_their_domains():
    by_id = {e["source_id"]: e for e in load_registry()}
    assert "almodon.com" in by_id["almodon"]["domains"]
    assert "eremnews.com" in by_id["eremnews"]["domains"]
    assert "enabbaladi.net" in by_id["enabbaladi"]["domains"]
    assert "thawra.sy" in by_id["althawra"]["domains"]
    for sid in ("aljazeera", "alarabiya", "aawsat", "sana", "syria-tv", "npasyria", "sohr", "reuters", "afp"):
        assert sid in by_id


def test_load_registry_is_cached_and_copy_safe():
    a = load_registry()
    a.append({"source_id": "junk"})
    assert all(e["source_id"] != "junk" for e in load_registry())


def test_every_primary_name_resolves_to_its_own_outlet():
    # Guards against an alias of one outlet shadowing another outlet's name.
    for e in load_registry():
        for name in (e["name_ar"], e["name_en"], e["source_id"]):
            got = detect_outlet("", given=name)
            assert got.source_id == e["source_id"], (name, got)
            assert got.how == "metadata"


# ------------------------------------------------------------------- seeds
@pytest.mark.parametrize("item", GOLD, ids=[g["file"] for g in GOLD])
def test_seed_outlet_from_text_alone(item):
    raw = (SEEDS / item["file"]).read_text(encoding="utf-8")
    got = detect_outlet(raw)
    assert got.source_id == item["source_id"]
    assert got.name_ar == item["outlet"]
    assert got.how == "text"


def test_seed_002_is_not_the_quoted_new_york_times_and_004_not_france24():
    raw2 = (SEEDS / "002_f3a1a1a08f268962.txt").read_text(encoding="utf-8")
    raw4 = (SEEDS / "004_d3cbc7166e881cc7.txt").read_text(encoding="utf-8")
    assert detect_outlet(raw4).source_id != "france24-ar"
    assert detect_outlet(raw2).source_id == "enabbaladi"


def test_seed_001_photo_credit_reuters_is_not_the_outlet():
    raw = (SEEDS / "001_e4a1f0c4b7903909.txt").read_text(encoding="utf-8")
    # Without the footer the text has no masthead left: the "المصدر: رويترز"
    # under the photo must still not make it a Reuters article.
    head = raw.split("أخبار ذات علاقة")[0]
    assert detect_outlet(head).source_id != "reuters"


# ---------------------------------------------------------------- metadata
@pytest.mark.parametrize(
    "given,expected",
    [
        ("إرم نيوز", "eremnews"),
        ("ارم نيوز", "eremnews"),  # hamza variant
        ("Enab Baladi", "enabbaladi"),
        ("almodon", "almodon"),
        ("Al-Jazeera", "aljazeera"),
        ("صحيفة الثورة", "althawra"),
        ("www.thawra.sy", "althawra"),
        ("https://www.alarabiya.net/arab-and-world/syria", "alarabiya"),
        ("المدن - Almodon", "almodon"),
        ("  تلفزيون سوريا ", "syria-tv"),
    ],
)
def test_given_metadata_matches_registry(given, expected):
    got = detect_outlet(STORY, given=given)
    assert (got.source_id, got.how) == (expected, "metadata")


def test_given_wins_over_url_and_text():
    raw = (SEEDS / "000_60bf6ce25483f346.txt").read_text(encoding="utf-8")
    got = detect_outlet(raw, url="https://www.enabbaladi.net/x", given="eremnews")
    assert got.source_id == "eremnews"
    assert got.name_ar == "إرم نيوز" and got.country == "AE"


def test_unknown_english_name_is_slugified_not_mapped():
    got = detect_outlet(STORY, given="Levant Weekly Review")
    assert got == Outlet("levant-weekly-review", None, "Levant Weekly Review", None, "metadata")


def test_unknown_arabic_name_keeps_name_and_gets_stable_slug():
    a = detect_outlet(STORY, given="صحيفة الأيام السورية الجديدة")
    b = detect_outlet("نص آخر", given="صحيفة الأيام السورية الجديدة")
    assert a.source_id.startswith("outlet-") and a.source_id == b.source_id
    assert a.name_ar == "صحيفة الأيام السورية الجديدة" and a.name_en is None
    assert a.source_id not in {e["source_id"] for e in load_registry()}


def test_similar_but_unknown_name_is_not_forced_onto_registry_entry():
    # "الوطن" alone is several papers (Syria, Saudi Arabia, Qatar...): not al-Watan of Syria.
    assert detect_outlet(STORY, given="الوطن").source_id != "alwatan-sy"
    assert detect_outlet(STORY, given="Al Jazeera Sport Weekly").source_id != "aljazeera"


def test_unknown_domain_given_becomes_domain_slug():
    got = detect_outlet(STORY, given="example-news.com")
    assert got == Outlet("example-news", None, "example-news.com", None, "metadata")


@pytest.mark.parametrize("nullish", ["", "   ", "nan", "None", "unknown"])
def test_empty_given_values_are_ignored(nullish):
    got = detect_outlet(STORY, url="https://sana.sy/?p=1", given=nullish)
    assert (got.source_id, got.how) == ("sana", "url")


# --------------------------------------------------------------------- URL
@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://www.enabbaladi.net/archives/760000", "enabbaladi"),
        ("https://mubasher.aljazeera.net/news/2025/5/27/x", "aljazeera"),  # subdomain
        ("http://m.eremnews.com/news/arab-world/123", "eremnews"),
        ("thawra.sy/?p=617004", "althawra"),  # no scheme
        ("https://www.bbc.com/arabic/articles/c4g", "bbc-arabic"),  # path-scoped domain
        ("https://arabic.rt.com/middle_east/1", "rt-arabic"),
        ("HTTPS://WWW.ALMODON.COM:443/arabworld/2025/5/27/x", "almodon"),
    ],
)
def test_url_domains(url, expected):
    got = detect_outlet("", url=url)
    assert (got.source_id, got.how) == (expected, "url")


def test_unknown_domain_gets_slug_and_a_readable_name():
    assert detect_outlet(STORY, url="https://www.example-news.com/a/b") == Outlet(
        "example-news", None, "example-news.com", None, "url"
    )
    assert detect_outlet("", url="https://news.example.co.uk/x").source_id == "example"


def test_path_scoped_domain_does_not_claim_the_rest_of_the_site():
    got = detect_outlet("", url="https://www.bbc.com/news/world-middle-east-1")
    assert got.source_id != "bbc-arabic"
    assert got.source_id == "bbc"


def test_url_wins_over_text():
    raw = (SEEDS / "000_60bf6ce25483f346.txt").read_text(encoding="utf-8")
    assert detect_outlet(raw, url="https://www.eremnews.com/x").source_id == "eremnews"


# -------------------------------------------------------------------- text
def test_quoted_agencies_and_papers_are_not_the_outlet():
    raw = (
        "واشنطن تبدأ سحب قواتها من شمال شرقي سوريا\n"
        "جنود أمريكيون في قاعدة قرب الحسكة (رويترز)\n"
        "المصدر: فرانس برس\n"
        "نقلت وكالة رويترز عن مسؤولين أمريكيين أن واشنطن أغلقت ثلاث قواعد صغيرة في المنطقة.\n"
        "وذكرت صحيفة نيويورك تايمز أن عدد القوات سينخفض إلى أقل من ألف جندي، وفق فرانس 24.\n"
        "وقالت قناة الجزيرة إن التحالف لم يعلق على التقارير.\n"
        "رويترز: واشنطن تغلق قاعدة الشدادي\n"
    )
    assert detect_outlet(raw) == UNKNOWN


def test_caption_credit_of_another_outlet_is_not_the_outlet():
    raw = "عنوان الخبر عن انسحاب القوات الأمريكية\nعناصر من قسد في دير الزور (عنب بلدي)\n" + STORY
    assert detect_outlet(raw).source_id != "enabbaladi"


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("القامشلي – نورث برس\n" + STORY, "npasyria"),
        ("دمشق-سانا\n" + STORY, "sana"),
        ("بيروت (رويترز) - " + STORY, "reuters"),
        ("عنوان الخبر\nبيروت: «الشرق الأوسط»\n" + STORY, "aawsat"),
        (STORY + "المصدر : الجزيرة + وكالات\n", "aljazeera"),
        (STORY + "© 2025 جميع الحقوق محفوظة لشبكة الجزيرة الإعلامية\n", "aljazeera"),
        (STORY + "تابعونا على\nwww.skynewsarabia.com\n", "skynewsarabia"),
        ("عنوان\n" + STORY + "وقال مراسل تلفزيون سوريا إن الرتل غادر القاعدة.\n" + STORY, "syria-tv"),
        ("انسحاب أمريكي من قاعدة التنف - اندبندنت عربية\n" + STORY, "independentarabia"),
    ],
)
def test_text_mastheads_of_other_outlets(raw, expected):
    got = detect_outlet(raw)
    assert (got.source_id, got.how) == (expected, "text")


def test_quoted_correspondent_is_not_a_byline():
    raw = STORY + "ونقلت وكالة الأنباء عن مراسل الجزيرة أن الرتل وصل إلى العراق.\n" + STORY
    assert detect_outlet(raw).source_id != "aljazeera"


def test_footer_beats_a_wire_dateline():
    raw = "بيروت (رويترز) - " + STORY + "جميع الحقوق محفوظة © 2024 شركة إرم ميديا - Erem Media FZ LLC\n"
    assert detect_outlet(raw).source_id == "eremnews"


def test_city_named_like_an_outlet_is_not_the_outlet():
    # الميادين is also a town in Deir ez-Zor: a dateline naming it is not Al Mayadeen TV.
    raw = "الميادين - خاص\n" + STORY
    assert detect_outlet(raw).source_id != "almayadeen"


def test_nothing_to_go_on_is_unknown():
    assert detect_outlet(STORY) == UNKNOWN
    assert detect_outlet("") == UNKNOWN
    assert detect_outlet("", url="", given=None) == UNKNOWN


def test_outlet_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        UNKNOWN.source_id = "x"  # type: ignore[misc]


@pytest.mark.parametrize("line", ["نقلا عن سكاي نيوز عربية", "بحسب سكاي نيوز عربية", "وفقا لسكاي نيوز عربية"])
def test_short_attribution_line_is_not_a_masthead(line):
    # a short line that credits another outlet for the story is a quote, not a footer
    assert detect_outlet(STORY + line + "\n").source_id != "skynewsarabia"
    assert detect_outlet(STORY + "سكاي نيوز عربية\n").source_id == "skynewsarabia"


@pytest.mark.parametrize("raw,canonical", [
    ("الثورة – ناصر منذر:", "الثوره - ناصر منذر :"),
    ("ﻻ ﺍﻟﺠﻴﺶ", "لا الجيش"),  # presentation forms from a PDF
    ("الأَمْرِيكِيَّة\u00a0 ١٠٠٠ “x” #صحيفة_الثورة", 'الامريكيه 1000 "x" صحيفه الثوره'),
    ("a  b\tc", "a b c"),
    ("Erem Media FZ LLC", "erem media fz llc"),
])
def test_canonical_form_of_lines_and_phrases(raw, canonical):
    from lib.ingest.outlets import _canon

    assert _canon(raw) == canonical


def test_missing_values_from_a_table_do_not_become_outlets():
    # pandas hands over NaN for a missing url/source; neither is an outlet
    got = detect_outlet(STORY, url=float("nan"), given=float("nan"))  # type: ignore[arg-type]
    assert got == UNKNOWN
    assert detect_outlet(STORY, url="not a url").source_id == "unknown"


def test_furniture_word_must_be_a_whole_word():
    # "حملة" contains "حمل" (as in "حمل التطبيق") but is not page furniture
    line = "حملة واسعة على مواقع نورث برس في الحسكة وتوقيف عدد من العاملين فيها"
    assert detect_outlet(STORY + line + "\n" + STORY).source_id != "npasyria"
    assert detect_outlet(STORY + "حمل تطبيق نورث برس على هاتفك\n").source_id == "npasyria"


def test_outlet_cues_json():
    """The words of outlet_cues.json do their jobs: a quoting word or a photo label
    before a name makes it no evidence, an outlet kind may stand before a name in
    metadata and in a byline, a copyright hint is seen."""
    from lib.ingest.outlets import has_copyright_hint
    from lib.reference import load_json

    cues = load_json("outlet_cues.json")
    assert detect_outlet(STORY + "سكاي نيوز عربية\n").source_id == "skynewsarabia"
    for word in cues["quoting_words"]:
        assert detect_outlet(STORY + f"{word} سكاي نيوز عربية\n").source_id != "skynewsarabia", word
    for label in [cues["source_label"], *cues["photo_labels"]]:
        assert detect_outlet(STORY + f"{label}: سكاي نيوز عربية\n").source_id != "skynewsarabia", label
    for kind in cues["outlet_kinds"]:
        byline = "عنوان\n" + STORY + f"وقال {cues['correspondent']} {kind} الجزيرة إن الرتل غادر القاعدة.\n" + STORY
        assert detect_outlet(byline).source_id == "aljazeera", kind
        assert detect_outlet(STORY, given=f"{kind} الجزيرة").source_id == "aljazeera", kind
    for prefix in cues["name_prefixes"]:
        assert detect_outlet(STORY, given=f"{prefix} Al Jazeera").source_id == "aljazeera", prefix
    for hint in cues["copyright_hints"]:
        assert has_copyright_hint(f"x {hint} y"), hint
    assert not has_copyright_hint(STORY)


# ---------------------------------------------------------------- the page's own name, unknown outlets
def test_a_site_name_the_registry_knows_names_the_outlet():
    got = detect_outlet(STORY, url="https://mirror.example.org/p/1", site_name="عنب بلدي | أخبار سوريا")
    assert (got.source_id, got.how) == ("enabbaladi", "page")


def test_metadata_wins_over_the_site_name():
    got = detect_outlet(STORY, given="eremnews", site_name="عنب بلدي")
    assert (got.source_id, got.how) == ("eremnews", "metadata")


@pytest.mark.parametrize("placeholder", ["Home", "الرئيسية", "  ", "الصفحة الرئيسية - "])
def test_a_placeholder_site_name_is_ignored(placeholder):
    got = detect_outlet(STORY, url="https://sana.sy/?p=1", site_name=placeholder)
    assert (got.source_id, got.how) == ("sana", "url")


def test_an_unknown_site_gets_its_domain_slug_and_its_own_name():
    got = detect_outlet(STORY, url="https://www.qamishli-post.net/news/1", site_name="بوست القامشلي - أخبار")
    assert got == Outlet("qamishli-post", "بوست القامشلي", None, None, "page")
    got = detect_outlet(STORY, site_name="Levant Daily")
    assert (got.source_id, got.name_en) == ("levant-daily", "Levant Daily")


@pytest.mark.parametrize("url,slug,name", [
    ("https://mail.khabarlb.com/world/khabar34889.html", "khabarlb", "khabarlb.com"),
    ("http://www.al-souria.net/content/1", "al-souria", "al-souria.net"),
    ("https://news.example.co.uk/x", "example", "example.co.uk"),
    ("http://94.130.84.54/story/2021/6/12/x", "94-130-84-54", "94.130.84.54"),
    ("https://963media.com/2024/1/1/x", "963media", "963media.com"),
    ("https://xn--mgbh0fb.com/a", "xn-mgbh0fb", "مثال.com"),
])
def test_an_unknown_domain_gives_a_readable_name(url, slug, name):
    got = detect_outlet("", url=url)
    assert (got.source_id, got.name_en, got.how) == (slug, name, "url")


def test_an_unknown_outlet_never_has_an_empty_name():
    import random
    import string

    rng = random.Random(5)
    for _ in range(300):
        label = "".join(rng.choice(string.ascii_lowercase + string.digits + "-") for _ in range(rng.randint(1, 14)))
        label = label.strip("-") or "x"
        got = detect_outlet("", url=f"https://{label}.{rng.choice(['com', 'net', 'co.uk', 'sy', 'info'])}/a")
        if got.source_id != "unknown":
            assert (got.name_ar or got.name_en or "").strip(), (label, got)
