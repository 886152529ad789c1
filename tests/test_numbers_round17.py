"""Round 17 of number reading (issue 13): misreadings found on real articles,
each written here in other outlets' phrasing, and what must stay as it was
(years, dates, percentages, phone numbers, weekdays, ordinals)."""
from datetime import date

import pytest

from lib.extract import extract_claims
from lib.text.numbers import find_quantities, tokenize
from lib.text.textnorm import normalize


def quantities(text: str) -> list[tuple]:
    return [(q.value, q.low, q.high, q.qualifier) for q in find_quantities(tokenize(normalize(text)))]


def first(text: str) -> tuple:
    qs = quantities(text)
    assert qs, f"no figure in {text!r}"
    return qs[0]


# --- a definite thousand after a hedge ---------------------------------------------------

@pytest.mark.parametrize("text,value,qualifier", [
    ("وينتشر في شمال شرقي سوريا قرابة الألف جندي أمريكي", 1000, "approx"),
    ("تحتفظ واشنطن بنحو الألفين من عناصرها هناك", 2000, "approx"),
    ("ويبلغ عدد المستشارين زهاء الألف عنصر", 1000, "approx"),
    ("أرسل البنتاغون حوالى الألف جندي إضافي", 1000, "approx"),
    ("نفذ التنظيم أكثر من الألف هجوم منذ مطلع العام", 1000, "more_than"),
])
def test_a_definite_thousand_after_a_hedge_is_the_figure(text, value, qualifier):
    got_value, low, high, got_qualifier = first(text)
    assert (got_value, got_qualifier) == (value, qualifier)
    assert low == value and (high == value if qualifier == "approx" else high is None)


def test_the_hedged_definite_thousand_becomes_a_troop_claim():
    claims = extract_claims("وتنشر الولايات المتحدة قرابة الألف جندي في سوريا.", date(2024, 3, 10))
    assert [(c["kind"], c["value"], c["qualifier"]) for c in claims] == [("troops", 1000, "approx")]


# --- digits and words mixed in one compound ----------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("بلغ عدد النازحين مليون و300 ألف شخص", 1_300_000),
    ("يعيش في المخيمات 2 مليون و500 ألف نازح", 2_500_000),
    ("وينتشر ألف و200 جندي في القواعد", 1_200),
    ("أسفرت عن ألف و327 قتيلا وجريحا", 1_327),
    ("نشرت الوزارة ألفين و500 عنصر", 2_500),
    ("يضم التحالف 3 آلاف و500 مقاتل", 3_500),
    ("مليونين و200 ألف دولار", 2_200_000),
    ("شن التنظيم مئة و20 هجوما", 120),
    ("ثلاثمائة و50 عنصرا", 350),
    ("مئتين و15 غارة", 215),
])
def test_a_scale_word_then_and_digits_is_one_figure(text, value):
    qs = quantities(text)
    assert [q[0] for q in qs] == [value]


@pytest.mark.parametrize("text,values", [
    ("بين ألف و1500 جندي", [None]),             # a range, not a compound
    ("أرسلت 2000 و500 جندي على دفعتين", [2000, 500]),  # digits alone: two figures
    ("ألف و2000 آخرون", [1000, 2000]),          # a larger figure after و is no part of it
    ("مئة و150 جريحا", [100, 150]),
    ("بين عامي 2019 و2020", [2019, 2020]),  # "بين" not right before the figure
])
def test_what_is_not_a_compound(text, values):
    assert [q[0] for q in quantities(text)] == values


# --- decimals before a scale word --------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("نشر 2.2 ألف جندي", 2_200),
    ("كلفة 1.5 مليون دولار", 1_500_000),
    ("نحو ٢٫٥ ألف عنصر", 2_500),       # the Arabic decimal separator
    ("بلغت 1,5 مليون دولار", 1_500_000),  # a comma as decimal point
    ("بلغت 1،5 مليون دولار", 1_500_000),  # the Arabic comma as decimal point
    ("وصل إلى 3،2 آلاف", 3_200),
])
def test_a_decimal_before_a_scale_word(text, value):
    assert [q[0] for q in quantities(text)] == [value]


def test_the_arabic_comma_still_separates_figures():
    # a comma with a space, or between figures with no scale word after, is punctuation
    assert [q[0] for q in quantities("قتل 3، 5 جرحى")] == [3, 5]
    assert [q[0] for q in quantities("الأعوام 2019،2020")] == [2019, 2020]


# --- hedges: upper bounds, lower bounds, approximations ----------------------------------

@pytest.mark.parametrize("text,qualifier,value", [
    ("عدد الجنود لا يتجاوز 900 جندي", "less_than", 900),
    ("قوات لا تتجاوز 1500 عنصر", "less_than", 1500),
    ("بعدد لا يتعدى 400 جندي", "less_than", 400),
    ("هجمات لا تتعدى 10 هجمات", "less_than", 10),
    ("لا يزيد عن 500 عنصر", "less_than", 500),
    ("ما لا يزيد على 2000 جندي", "less_than", 2000),
    ("مالا يزيد عن 300 مستشار", "less_than", 300),
    ("قوة لا تزيد على 200 جندي", "less_than", 200),
    ("مالا يقل عن 69 هجوما", "at_least", 69),
    ("ومقتل مالا يقلّ عن 220 عنصراً", "at_least", 220),
    ("ما لا يقل عن 15 غارة", "at_least", 15),
    ("مايزيد على 100 هجوم", "more_than", 100),
    ("مايزيد عن 100 هجوم", "more_than", 100),
    ("ما يقارب الـ 31 عملية", "approx", 31),
    ("قرابة الـ500 جندي", "approx", 500),
    ("نحو الـ 900 جندي", "approx", 900),
    ("أكثر من الـ200 هجوم", "more_than", 200),
    ("ما يقرب من 2000 جندي", "approx", 2000),
    ("يقرب من 900 عنصر", "approx", 900),
    ("مايقارب 1400 جندي", "approx", 1400),
    ("عدد الجنود يقترب من ألفي جندي", "approx", 2000),
    ("ارتفع العدد ليقترب من 3 آلاف عنصر", "approx", 3000),
    ("حصيلة تقترب من 50 هجوما", "approx", 50),
])
def test_hedges(text, qualifier, value):
    got_value, low, high, got_qualifier = first(text)
    assert (got_value, got_qualifier) == (value, qualifier)
    assert low == (None if qualifier == "less_than" else value)
    assert high == (value if qualifier in ("less_than", "approx") else None)


def test_a_hedged_figure_after_the_article_is_no_ordinal():
    (q,) = find_quantities(tokenize(normalize("بلغت الهجمات ما يقارب الـ 31 عملية")))
    assert not q.ordinal
    (q,) = find_quantities(tokenize(normalize("في الـ15 من الشهر")))
    assert q.ordinal and q.qualifier == "exact"  # without a hedge it stays an ordinal


def test_the_hedged_count_keeps_its_hedge_in_the_claim():
    claims = extract_claims("ونفذ التنظيم مالا يقل عن 40 هجوما في البادية السورية خلال الشهر الماضي.",
                            date(2024, 3, 10))
    assert [(c["kind"], c["value"], c["qualifier"]) for c in claims] == [("attacks", 40, "at_least")]


# --- definite number words, accusatives, ordinal adverbs ---------------------------------

@pytest.mark.parametrize("text,value", [
    ("سيتم إغلاق ثلاثة من القواعد الثمانية", 8),
    ("وقتل الجنود الخمسة في الهجوم", 5),
    ("استهدفت الهجمات الثلاث مواقع التحالف", 3),
    ("المواقع الأربعة التي انسحبت منها القوات", 4),
    ("الأيام الخمسة عشر الماضية", 15),
    ("الدول السبعة المشاركة", 7),
])
def test_definite_number_words_after_their_noun(text, value):
    assert quantities(text)[-1][0] == value


@pytest.mark.parametrize("text,value", [
    ("أطلقوا ثلاثاً من القذائف", 3),
    ("نفذ خمساً من الهجمات", 5),
    ("أصابت سبعاً وعشرين مرة", 27),
    ("دمرت أربعاً منها", 4),
])
def test_accusative_units(text, value):
    assert quantities(text)[0][0] == value


@pytest.mark.parametrize("text,value", [
    ("أولاً، انسحبت القوات", 1), ("ثانياً: أغلقت القاعدة", 2), ("ثالثاً، تعرض الرتل لهجوم", 3),
    ("رابعاً", 4),
])
def test_ordinal_adverbs_are_ordinals(text, value):
    (q,) = find_quantities(tokenize(normalize(text)))
    assert (q.value, q.ordinal) == (value, True)


# --- what must not be newly taken --------------------------------------------------------

@pytest.mark.parametrize("text,values", [
    ("يوم الاثنين الماضي", []),
    ("يوم الأحد", []),
    ("الثلاثاء والأربعاء والخميس", []),
    ("حرف الألف", []),
    ("بنسبة 25 بالمئة", [25]),
    ("بنسبة 40 بالمائة من القوات", [40]),
    ("في عام 2019", [2019]),
    ("للاتصال 0933123456", [933123456]),
    ("في 12 آذار 2024", [12, 2024]),
    ("الساعة الخامسة", [5]),  # an ordinal, as before
])
def test_what_stays_as_it_was(text, values):
    assert [q[0] for q in quantities(text)] == values


def test_a_fifth_is_still_an_ordinal_and_the_five_a_cardinal():
    fifth, five = find_quantities(tokenize(normalize("الدورية الخامسة والقواعد الخمسة")))
    assert (fifth.value, fifth.ordinal) == (5, True)
    assert (five.value, five.ordinal) == (5, False)
