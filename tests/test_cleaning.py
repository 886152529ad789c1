"""Cleaning: page furniture out, every story paragraph kept verbatim and in order.

Built from the gold file (evidence sentences must survive; captions, related
headlines and footers must not) and from short synthetic articles in the
styles of other outlets, so the rules are not fitted to five files."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lib.ingest.cleaning import CleanedArticle, clean_article
from lib.text.textnorm import normalize

from conftest import GOLD, ROOT, SEEDS_DIR  # noqa: E402

SEEDS = SEEDS_DIR


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _flat(text: str) -> str:
    """Compare text after collapsing whitespace (and folding quote styles)."""
    return re.sub(r"\s+", " ", normalize(text)).strip()


def _evidence(item: dict) -> list[str]:
    out = []
    for key in ("troops", "attacks", "strikes", "bases"):
        for claim in item.get(key, []):
            if claim.get("evidence"):
                out.extend(p.strip() for p in claim["evidence"].split("...") if p.strip())
    return out


PARA = (
    "قال مسؤول عسكري أمريكي إن الولايات المتحدة ستخفض عدد جنودها في سوريا إلى أقل من ألف جندي "
    "خلال الأشهر المقبلة، مع إغلاق عدد من القواعد الصغيرة في دير الزور."
)
PARA2 = (
    "وأضاف المسؤول أن قوات التحالف نفذت 12 غارة جوية على مواقع لتنظيم داعش في البادية السورية "
    "خلال الشهر الماضي، بحسب بيان للقيادة المركزية الأمريكية."
)


# ------------------------------------------------------------------- seeds
@pytest.mark.parametrize("item", GOLD, ids=[g["file"] for g in GOLD])
def test_seed_keeps_every_gold_evidence_sentence(item):
    cleaned = _flat(clean_article(_seed(item["file"])).text)
    evidence = _evidence(item)
    assert evidence, "the gold file lists evidence for every seed"
    for ev in evidence:
        assert _flat(ev) in cleaned, ev


@pytest.mark.parametrize("item", GOLD, ids=[g["file"] for g in GOLD])
def test_seed_keeps_every_long_paragraph_verbatim_and_in_order(item):
    raw = _seed(item["file"])
    out = clean_article(raw)
    kept = out.text.split("\n")
    raw_lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    # every kept paragraph is a raw line (or, for a stripped byline, its tail), in order
    pos = 0
    for para in kept:
        hits = [i for i in range(pos, len(raw_lines)) if raw_lines[i].endswith(para)]
        assert hits, para
        pos = hits[0] + 1
    # and every long raw line (a story paragraph) is kept
    for ln in raw_lines:
        if len(ln.split()) >= 20 and not (out.title and ln.startswith(out.title)):
            assert any(ln.endswith(p) and len(p) > 0.8 * len(ln) for p in kept), ln


def test_seed_000_almodon_furniture():
    out = clean_article(_seed("000_60bf6ce25483f346.txt"))
    assert out.title == 'التحالف الدولي يُعيد تموضعه بسوريا: الضربات مستمرة ضد "داعش"'
    for gone in ("(Getty)", ".jpg", "حجم الخط", "مشاركة عبر", "التعليقات", "Loading", "اشترك", "إشترك",
                 "تابعنا عبر", "عرب وعالم", "2025/05/27"):
        assert gone not in out.text, gone
    assert out.text.startswith("أعلن التحالف الدولي لمكافحة تنظيم")
    assert out.text.endswith("من تاريخ إعادة التموضع.")
    assert "قوات التحالف الدولي تعيد تموضعها بسوريا (Getty)" in out.removed


def test_seed_001_eremnews_related_blocks_caption_and_footer():
    out = clean_article(_seed("001_e4a1f0c4b7903909.txt"))
    assert out.title == 'ضغوط إسرائيل وهجمات داعش "تفرمل" خطط التحالف الدولي في سوريا'
    for gone in ("أخبار ذات علاقة", "جندي أمريكي يصافح طفلا", "صفقة أم إجراء روتيني",
                 "بعد خفض جنودها", "آليات عسكرية أمريكية", "المصدر: رويترز", "28 مايو 2025",
                 "جميع الحقوق محفوظة", "Erem Media", "logo", "تابعونا", "العالم العربي"):
        assert gone not in out.text, gone
    assert out.title not in out.text
    assert not any(line.strip() in {";", "خاص"} for line in out.text.split("\n"))
    # the paragraph right after a related block is story and stays
    assert "وتظهر تقديرات غير رسمية ارتفاع عدد الهجمات" in out.text


def test_seed_002_enabbaladi_caption_and_related_list():
    out = clean_article(_seed("002_f3a1a1a08f268962.txt"))
    assert out.title == "“التحالف” يعزز قواته لمحاربة تنظيم “الدولة” في سوريا"
    # the caption (an exercise in al-Malikiyah, September 2023) must not reach extraction
    assert "2023" not in out.text and "المالكية" not in out.text
    for gone in ("مقالات متعلقة", "بادية حمص", "فرنسا مستمرة في سوريا", "المزيد من سوريا", "2025/05/27", "1:14"):
        assert gone not in out.text, gone
    assert out.text.split("\n")[-1].startswith("وذكرت الصحيفة أن تنظيم")
    assert "سوريا" not in out.text.split("\n")
    assert "مراسل عنب بلدي في حلب" in out.text  # a byline inside the story is story


def test_seed_003_eremnews_glued_repeated_headline_and_tail():
    out = clean_article(_seed("003_19328c00382c3f33.txt"))
    title = "عام على هزيمة داعش بدير الزور.. التحالف الدولي يخفض قواته في سوريا"
    assert out.title == title
    assert "عام على هزيمة داعش بدير الزور" not in out.text
    assert out.text.startswith("كشف التحالف الدولي")
    for gone in ("الأكثر قراءة", "No stories found", "www.eremnews.com", "logo", "إرم نيوز"):
        assert gone not in out.text, gone
    assert title + title in out.removed


def test_seed_004_althawra_byline_prefix_dropped():
    raw = _seed("004_d3cbc7166e881cc7.txt")
    out = clean_article(raw)
    assert out.title is None  # no headline: the text opens with the byline and the story
    assert "ناصر منذر" not in out.text
    assert out.text.startswith("على خلفية الأنباء الأخيرة")
    assert out.text.count("\n") == 8  # nine story paragraphs
    assert "الثورة – ناصر منذر:" in out.removed


# --------------------------------------------------- other outlets' styles
def test_read_also_block_in_the_middle():
    raw = "\n".join([
        "واشنطن تخفض قواتها في سوريا إلى النصف",
        PARA,
        "اقرأ أيضاً:",
        "ترامب يأمر بسحب القوات الأمريكية من سوريا",
        "ما هي القواعد الأمريكية في سوريا؟",
        PARA2,
    ])
    out = clean_article(raw)
    assert out.text == PARA + "\n" + PARA2
    assert "ترامب يأمر بسحب القوات الأمريكية من سوريا" in out.removed


def test_inline_read_also_line():
    raw = "\n".join([PARA, "اقرأ أيضا: الجيش الأمريكي يعزز قاعدة الشدادي بمعدات جديدة", PARA2])
    assert clean_article(raw).text == PARA + "\n" + PARA2


def test_caption_with_afp_credit_anywhere_but_not_a_story_line_ending_with_it():
    story_with_tag = PARA2 + " (أ ف ب)"
    raw = "\n".join([
        "انسحاب أمريكي من قاعدة في ريف دير الزور",
        PARA,
        "آليات عسكرية أمريكية على طريق قرب حقل العمر النفطي في 12 آذار 2021 (أ ف ب)",
        story_with_tag,
    ])
    out = clean_article(raw)
    assert "2021" not in out.text
    assert out.text == PARA + "\n" + story_with_tag


@pytest.mark.parametrize("caption", [
    "قوات أميركية في قاعدة خراب الجير بريف الحسكة الشهر الماضي (الفرنسية)",  # an agency
    "عناصر من الأمن الداخلي مع المضبوطات في ريف دمشق (سانا)",  # an outlet crediting its own photo
    "رتل عسكري للتحالف الدولي على طريق الحسكة - دير الزور (نورث برس)",
])
def test_caption_in_the_middle_of_the_story_with_an_agency_or_outlet_credit(caption):
    raw = "\n".join(["انسحاب أمريكي من قاعدة في ريف دير الزور", PARA, caption, PARA2])
    out = clean_article(raw)
    assert out.text == PARA + "\n" + PARA2
    assert caption in out.removed


@pytest.mark.parametrize("prefix", ["ريف دمشق-سانا ", "الحسكة - نورث برس ", "القامشلي – عنب بلدي: "])
def test_place_dash_outlet_dateline_is_dropped(prefix):
    story = "ألقت وحدات من قوى الأمن الداخلي القبض على خلية تابعة لتنظيم داعش في ريف دمشق، وفق ما أعلنته الوزارة في بيان لها اليوم."
    out = clean_article("\n".join(["الأمن الداخلي يلقي القبض على خلية لتنظيم داعش", prefix + story]))
    assert out.text == story


@pytest.mark.parametrize("story", [
    "واشنطن - أعلن البنتاغون أنه سيخفض عدد قواته في سوريا إلى أقل من ألف جندي خلال الأشهر المقبلة، وفق بيان رسمي.",
    # a name that goes on is no outlet: الاتحاد (a newspaper) of الاتحاد الأوروبي
    "بروكسل - الاتحاد الأوروبي يدعو إلى حماية المدنيين في شمال شرقي سوريا بعد انسحاب القوات الأمريكية من قواعدها.",
])
def test_place_dash_sentence_without_an_outlet_is_kept(story):
    out = clean_article("\n".join(["البنتاغون يخفض قواته في سوريا", story]))
    assert out.text == story


def test_place_dash_outlet_takes_the_longest_name():
    story = "أعلنت وزارة الدفاع الأمريكية أنها ستخفض عدد قواتها في سوريا إلى أقل من ألف جندي خلال الأشهر المقبلة."
    out = clean_article("\n".join(["البنتاغون يخفض قواته في سوريا", "الدوحة - الجزيرة نت " + story]))
    assert out.text == story


def test_a_town_in_brackets_is_no_photo_credit():
    line = "وقد شوهدت آليات أمريكية قرب مدينة (الميادين)"
    out = clean_article("\n".join(["انسحاب أمريكي من قاعدة في ريف دير الزور", PARA, line, PARA2]))
    assert line in out.text


@pytest.mark.parametrize("crumb", ["الرئيسية » سوريا", "الرئيسية › أخبار › تقارير خاصة", "سوريا | أخبار"])
def test_a_breadcrumb_is_not_the_headline(crumb):
    out = clean_article("\n".join([crumb, "انسحاب أمريكي من قاعدة في ريف دير الزور", PARA]))
    assert out.title == "انسحاب أمريكي من قاعدة في ريف دير الزور"
    assert out.text == PARA


def test_copyright_and_share_lines():
    raw = "\n".join([
        PARA,
        PARA2,
        "شارك",
        "فيسبوك تويتر واتساب",
        "© 2025 جميع الحقوق محفوظة لموقع الأخبار السورية",
        "Copyright © 2025 Example Media. All rights reserved.",
    ])
    out = clean_article(raw)
    assert out.text == PARA + "\n" + PARA2
    assert len(out.removed) == 4


def test_dates_datelines_and_author_lines():
    raw = "\n".join([
        "التحالف ينقل معدات من قاعدة الشدادي",
        "القامشلي – نورث برس",
        "بقلم: محمد العلي",
        "نشر في: 12 يونيو 2025 - 10:30 ص",
        "آخر تحديث: الخميس 12 يونيو 2025",
        PARA,
    ])
    out = clean_article(raw)
    assert out.title == "التحالف ينقل معدات من قاعدة الشدادي"
    assert out.text == PARA


def test_agency_dateline_prefix_is_dropped_and_story_kept():
    raw = "واشنطن تسحب قواتها\nدمشق (رويترز) - " + PARA + "\n" + PARA2
    out = clean_article(raw)
    assert out.text == PARA + "\n" + PARA2
    assert any("(رويترز)" in r for r in out.removed)


def test_story_lines_that_look_like_furniture_words_are_kept():
    lines = [
        "اشترك عناصر من التنظيم في الهجوم على نقطة للجيش قرب البوكمال.",
        "وانتشر على مواقع التواصل الاجتماعي مقطع مصور يظهر الرتل.",
        "وقال المصدر: إن القوات ستنسحب قريبا من القاعدة في دير الزور.",
        "قتل عنصران في هجوم للتنظيم على حاجز لقوات سوريا الديمقراطية (قسد)",
        "نشر في الأسبوع الماضي تقرير عن عدد الجنود الأمريكيين في سوريا.",
    ]
    raw = "\n".join([PARA, *lines, PARA2])
    out = clean_article(raw)
    assert out.text == "\n".join([PARA, *lines, PARA2])
    assert out.removed == ()


def test_given_title_is_used_and_its_repeats_dropped():
    title = "واشنطن تخفض قواتها في سوريا إلى النصف"
    raw = "\n".join([title, title + " - الحرة", PARA, PARA2])
    out = clean_article(raw, title="واشنطن تخفّض قواتها في سوريا إلى النصف")
    assert out.title == "واشنطن تخفّض قواتها في سوريا إلى النصف"
    assert out.text == PARA + "\n" + PARA2


def test_duplicated_caption_and_paragraph():
    cap = "جنود أمريكيون خلال دورية في ريف الحسكة - 2019 (التحالف الدولي)"
    raw = "\n".join(["عنوان عن دوريات التحالف في الحسكة", cap, cap, PARA, PARA, PARA2])
    out = clean_article(raw)
    assert out.text == PARA + "\n" + PARA2


def test_no_title_when_text_starts_with_a_paragraph():
    out = clean_article(PARA + "\n\n" + PARA2)
    assert out.title is None
    assert out.text == PARA + "\n" + PARA2


def test_kept_text_is_not_normalised():
    para = "قال المتحدث إنّ القوات الأمريكية ستُقلّص وجودها في سوريا إلى ١٠٠٠ جندي خلال الأشهر المقبلة."
    assert clean_article(para + "\r\n" + PARA2).text == para + "\n" + PARA2


def test_empty_input():
    assert clean_article("") == CleanedArticle("", None, ())
    assert clean_article("  \n\n ", title="عنوان") == CleanedArticle("", "عنوان", ())


def test_aljazeera_style_page():
    raw = "\n".join([
        "الجزيرة نت",
        "سوريا",
        "واشنطن تعلن خفض قواتها في سوريا",
        "مصدر الصورة، Getty Images",
        "التعليق على الصورة، جنود أمريكيون في قاعدة التنف عام 2018",
        "دمشق- " + PARA,
        PARA2,
        "المصدر : الجزيرة + وكالات",
    ])
    out = clean_article(raw)
    assert out.title == "واشنطن تعلن خفض قواتها في سوريا"
    assert out.text == PARA + "\n" + PARA2  # the dateline city is not a place the story is about


def test_outlet_dateline_inline_but_not_a_quote():
    out = clean_article("عنوان عن القوات الأمريكية\nبيروت: «الشرق الأوسط» " + PARA + "\n" + PARA2)
    assert out.text == PARA + "\n" + PARA2
    quote = "قال ترامب: «سننسحب» من سوريا قريبا وفق ما نقلت وسائل إعلام أمريكية عن مسؤولين في البيت الأبيض."
    assert clean_article(quote + "\n" + PARA).text == quote + "\n" + PARA


def test_author_line_versus_short_sentence():
    out = clean_article("كتب محمد السيد\n" + PARA + "\nكتب ترامب على منصته.\n" + PARA2)
    assert out.text == PARA + "\nكتب ترامب على منصته.\n" + PARA2


def test_date_stamp_words_of_boilerplate_json():
    """A line of numbers and date words (date_words, date_marks) is a time stamp; a day
    and a month joined by calendar.json's 'of' is a full date."""
    from lib.ingest.cleaning import _R, _phrase
    from lib.reference import load_json

    bp = load_json("boilerplate.json")
    for word in bp["date_words"] + bp["date_marks"]:
        assert not _R.date_token_re.sub("", _phrase(f"27/5/2025 10:30 {word}")), word
    assert _R.date_token_re.sub("", _phrase("27/5/2025 10:30 قوات"))
    of = load_json("calendar.json")["of"]
    assert _R.full_date_re.search(normalize(f"27 {of} أيار"))
    assert not _R.full_date_re.search(normalize("27 عن أيار"))
    for mark in bp["date_marks"]:  # a mark is no month: "27 م" is not a full date
        assert not _R.full_date_re.search(_phrase(f"27 {mark}")), mark
