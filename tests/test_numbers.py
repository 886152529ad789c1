"""Arabic figures: digits, number words with their case forms, vague amounts, hedges."""
import pytest

from lib.text.numbers import find_quantities, tokenize
from lib.text.textnorm import normalize


def quantities(text: str):
    return [(q.value, q.low, q.high, q.qualifier) for q in find_quantities(tokenize(normalize(text)))]


@pytest.mark.parametrize("text,value", [
    ("2000 جندي", 2000), ("٢٠٠٠ جندي", 2000), ("2,000 جندي", 2000), ("٢٬٥٠٠ جندي", 2500), ("2.000 جندي", 2000),
    ("1.5 ألف جندي", 1500), ("٣ آلاف جندي", 3000),
    ("ألف جندي", 1000), ("ألفي جندي", 2000), ("ألفا جندي", 2000), ("ألفين من الجنود", 2000), ("ألفان", 2000),
    ("مئة جندي", 100), ("مائة جندي", 100), ("مئتين", 200), ("مائتي جندي", 200), ("ستمئة جندي", 600), ("ستمائة", 600),
    ("ثلاثمائة", 300), ("خمسين هجوما", 50), ("خمسون", 50), ("ثلاثة آلاف", 3000), ("عشرة آلاف", 10000),
    ("ألف ومئتي جندي", 1200), ("ألفين وخمسمئة", 2500), ("ثلاثة آلاف وخمسمائة", 3500), ("مئة وخمسين هجوما", 150),
    ("أحد عشر", 11), ("ثلاثة عشر هجوما", 13), ("مئة ألف", 100000), ("مليون", 1000000),
])
def test_values(text, value):
    assert quantities(text)[0][0] == value


@pytest.mark.parametrize("text,qualifier,low,high", [
    ("حوالي 2000 جندي", "approx", 2000, 2000),
    ("نحو ٩٠٠ جندي", "approx", 900, 900),
    ("قرابة ألف جندي", "approx", 1000, 1000),
    ("ما يقارب 1400", "approx", 1400, 1400),
    ("زهاء 500 جندي", "approx", 500, 500),
    ("أكثر من 200 هجوم", "more_than", 200, None),
    ("ما يزيد على 300 هجوم", "more_than", 300, None),
    ("أقل من ألف جندي", "less_than", None, 1000),
    ("ما لا يقل عن 10 هجمات", "at_least", 10, None),
    ("بين 900 و1000 جندي", "range", 900, 1000),
    # the hedge with a preposition or conjunction glued to it
    ("يقدر بنحو 4 آلاف جندي", "approx", 4000, 4000),
    ("بحوالي 1500 جندي", "approx", 1500, 1500),
    ("تعرضت لأكثر من 170 هجوما", "more_than", 170, None),
    ("وأقل من 50 غارة", "less_than", None, 50),
    ("فنحو 900 جندي", "approx", 900, 900),
])
def test_qualifiers(text, qualifier, low, high):
    value, got_low, got_high, got_qualifier = quantities(text)[0]
    assert (got_qualifier, got_low, got_high) == (qualifier, low, high)


@pytest.mark.parametrize("text,low,high", [
    ("عشرات الضربات", 24, 99), ("العشرات من الغارات", 24, 99), ("مئات الهجمات", 200, 999),
    ("آلاف المقاتلين", 2000, 9999), ("عدة هجمات", 3, 9), ("بضع غارات", 3, 9), ("عشرات الآلاف", 24000, 99000),
])
def test_vague_amounts_are_ranges_without_a_value(text, low, high):
    assert quantities(text)[0] == (None, low, high, "vague")


def test_ordinals_and_fractions_are_flagged():
    qs = find_quantities(tokenize(normalize("هو العاشر من نوعه، والهجوم الثالث عشر، والـ15، إلى النصف")))
    assert [(q.value, q.ordinal, q.fraction) for q in qs] == [
        (10, True, False), (13, True, False), (15, True, False), (0.5, False, True)]


def test_several_figures_in_one_sentence_keep_their_order():
    assert [q[0] for q in quantities("أغلقت 3 قواعد من أصل 8، وسحبت ١٥٠٠ جندي")] == [3, 8, 1500]


def test_number_words_json_drives_ranges_multipliers_and_ordinals():
    from lib.reference import load_json
    from lib.text.textnorm import article_forms

    raw = load_json("number_words.json")
    for word, mult in raw["vague_multipliers"].items():
        assert quantities(f"عشرات {word}") == [(None, 24 * mult, 99 * mult, "vague")], word
    for opener in raw["range_openers"]:
        assert quantities(f"{opener} 900 و1000") == [(None, 900, 1000, "range")], opener
    for teen in raw["teen"]:
        assert quantities(f"الحادي {teen}") == [(11, 11, 11, "exact")], teen
    for form in article_forms():  # "الـ10": the article alone before a number makes it an ordinal
        assert [q.ordinal for q in find_quantities(tokenize(normalize(form + "ـ10")))] == [True], form


@pytest.mark.parametrize("text,value", [
    # the accusative singular ألفاً after 11-99 (spelt like the dual ألفا once normalised) is a thousand
    ("خمسون ألفاً", 50000), ("عشرون ألفاً من المقاتلين", 20000), ("أحد عشر ألفاً", 11000),
    ("خمسة وعشرون ألفاً ومئتان", 25200), ("ثلاثمائة ألفاً", 300000), ("مائة وخمسة ألفاً", 105000),
    ("20 ألفاً", 20000), ("عشرون مليوناً", 20000000),
    # alone, ألفا is still the dual: two thousand
    ("ألفا جندي", 2000),
    # the conjunction glued on, as Arabic writes it
    ("سبعمائة وثمانية وسبعون ألفاً وستمائة وثلاثة وستون", 778663), ("مائة وألف ألف", 101000), ("صفر", 0),
])
def test_thousands_in_words(text, value):
    got = quantities(text)
    assert len(got) == 1 and got[0][0] == value, got


@pytest.mark.parametrize("text,low,high", [
    ("بضعة آلاف جندي", 3000, 9000), ("عشرات الآلاف من النازحين", 24000, 99000), ("بضع مئات", 300, 900),
    ("عدة مئات من المقاتلين", 300, 900), ("مئات الآلاف", 200000, 999000),
])
def test_vague_amounts_of_hundreds_and_thousands(text, low, high):
    assert quantities(text) == [(None, low, high, "vague")]


def test_a_hedge_written_as_one_word():
    assert quantities("مايقارب 900 جندي") == [(900, 900, 900, "approx")]
