"""Normalisation for matching: spelling variants fold together, offsets stay traceable."""
import random
import re

import pytest

from lib.extract import ArticleExtractor
from lib.text.textnorm import (_TRANSLATION, normalize, normalize_lines, normalize_with_offsets, strip_article,
                          to_western_digits)


@pytest.mark.parametrize("a,b", [
    ("أمريكا", "امريكا"), ("إدلب", "ادلب"), ("آلاف", "الاف"), ("القاعدة", "القاعده"), ("مستشفى", "مستشفي"),
    ("قُتِلَ", "قتل"), ("الـــقوات", "القوات"), ("٢٠٢٥", "2025"), ("۱۴۰۰", "1400"), ("“داعش”", '"داعش"'),
    ("مسؤول", "مسوول"), ("\u200fسوريا", "سوريا"), ("ﺳﻮﺭﻳﺎ", "سوريا"),  # last: PDF presentation forms
])
def test_variants_fold_together(a, b):
    assert normalize(a) == normalize(b)


def test_replace_chain_agrees_with_the_character_table():
    text = "قُتِلَ عنصرٌ من \u200f“قسد” في ٢٠٢٥ـ  وأُصيب آخرُ\tبجروحٍ إثر هجوم"
    assert normalize(text) == re.sub(r"[ \t]{2,}|\t", " ", text.translate(_TRANSLATION))


def test_digits_and_articles():
    assert to_western_digits("قتل ٣ وأصيب ١٢") == "قتل 3 وأصيب 12"
    assert strip_article("الحسكة") == "حسكه"
    assert strip_article("والحسكة") == "حسكه"


def test_sentence_slices_of_the_whole_text_equal_sentence_normalisation():
    """The extractor normalises an article once and slices it by sentence; with
    diacritics, tatweel, marks and space runs anywhere, every slice must equal
    normalising that sentence alone."""
    alphabet = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") + ["أ", "إ", "ة", "ى", "\u064e", "\u064b", "\u0651", "\u0640",
                                                     "\u200f", " ", " ", "  ", "\u00a0", "\t", "٣", "7", ".", "،", "\n"]
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 120)))
        for s in ArticleExtractor(text, None).sentences:
            assert s.norm == normalize(s.text).strip(), repr(s.text)


def _random_lines(rng: random.Random, n: int) -> list[str]:
    alphabet = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") + ["أ", "ة", "ى", "\u064e", "\u0640", "\u200f", " ", "  ",
                                                     "\u00a0", "\t", "٣", "–", "#", "_", ":", "|", "A", "ß", "ﻻ"]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def test_lines_normalised_together_equal_each_line_alone():
    """normalize_lines folds many lines in one pass; a line with PDF presentation
    forms (which need NFKC) must not drag its neighbours through NFKC."""
    rng = random.Random(11)
    for _ in range(200):
        lines = _random_lines(rng, rng.randint(0, 8))
        assert normalize_lines(lines) == [normalize(x) for x in lines]
    assert normalize_lines(["ﻻ", "ｘ"]) == ["لا", "ｘ"]  # fullwidth x is left alone, as normalize() leaves it
    assert normalize_lines([]) == []


def test_outlet_lines_canonicalised_together_equal_each_line_alone():
    from lib.ingest.outlets import _canon, _canon_lines

    rng = random.Random(5)
    for _ in range(200):
        lines = _random_lines(rng, rng.randint(0, 8))
        assert _canon_lines(lines) == [_canon(x) for x in lines]


@pytest.mark.parametrize("text", ["ﺳﻮﺭﻳﺎ", "قالَ إن ﺳﻮﺭﻳﺎ", "\ufeffقال ﺳﻮﺭﻳﺎ", "قال ﺳﻮﺭﻳﺎ\u200f"])
def test_offsets_unavailable_for_presentation_forms(text):
    assert normalize_with_offsets(text) is None


@pytest.mark.parametrize("text", ["قالَ إن", "\ufeffقال إن سوريا", "قال\u200f إن\ufeff", "\uffe0قال"])
def test_offsets_available_without_presentation_forms(text):
    # the highest dropped mark, U+FEFF, and characters above the forms are no forms
    norm, to_norm = normalize_with_offsets(text)
    assert norm == normalize(text)
    assert to_norm(len(text)) == len(norm)  # the end of the text maps to the end of its normalised form


def test_offsets_map_every_character_as_the_full_search_does():
    """normalize_with_offsets skips the search for collapsing spaces when no run
    is left once the marks are gone; marks next to single spaces, marks between
    two spaces and runs of every kind must all map as the full search maps them."""
    import bisect

    from lib.text.textnorm import _REMOVED, _replace_chars

    pieces = ["قال", "جندي", "٣", " ", " ", " ", "\u064e", "\u0651", "\u0640", "\u200f", "\u00a0", "\t", "\n", "أ", "ة"]
    rng = random.Random(3)
    fast_path = 0
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        norm, to_norm = normalize_with_offsets(text)
        assert norm == normalize(text)
        removed = [m.start() for m in _REMOVED.finditer(text)]
        assert [to_norm(i) for i in range(len(text) + 1)] == [i - bisect.bisect_left(removed, i)
                                                               for i in range(len(text) + 1)], repr(text)
        replaced = _replace_chars(text)
        fast_path += "  " not in replaced and "\t" not in replaced
    assert 300 < fast_path < 1700  # both paths were exercised


def test_strip_article_drops_each_article_form_of_morphology_json():
    from lib.reference import load_json

    for form in load_json("morphology.json")["article_forms"]:
        assert strip_article(form + "حسكة") == "حسكه", form
