"""Oracles and fuzzing (hypothesis).

- Number words: whatever num2words writes in Arabic for a number up to 10^6, with
  the conjunction glued on as Arabic writes it ("وخمسون"), reads back as that number.
- Dates: whatever babel writes for a date in every Arabic locale it has, in every
  format (short, medium, long, full), reads back as that day.
- Fuzzing: numbers, dates and claim extraction on arbitrary Unicode and on
  sentences of the lexicon's own words never raise; offsets point inside the text;
  a claim's evidence is its span of the text and holds its figure as written; a
  claim's low <= value <= high.

Examples per test: ORACLE_EXAMPLES (default 60, so the suite stays quick); run
`ORACLE_EXAMPLES=20000 pytest tests/test_oracles.py` for a long run.
"""
from __future__ import annotations

import os
import re
from datetime import date

import pytest

hypothesis = pytest.importorskip("hypothesis")
num2words = pytest.importorskip("num2words").num2words
babel = pytest.importorskip("babel")
from babel.dates import format_date  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lib.extract import extract_claims  # noqa: E402
from lib.text.dates import find_dates  # noqa: E402
from lib.text.numbers import find_quantities, tokenize  # noqa: E402
from lib.text.textnorm import normalize  # noqa: E402

EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

AR_LOCALES = sorted(loc for loc in babel.localedata.locale_identifiers() if loc == "ar" or loc.startswith("ar_"))
FORMATS = ("short", "medium", "long", "full")
PUB = date(2025, 5, 27)


def arabic_words(n: int) -> str:
    """num2words' Arabic with the conjunction glued to the word after it, as Arabic writes it."""
    return re.sub(r"(?<!\S)و\s+", "و", num2words(n, lang="ar"))


def read_number(text: str) -> list[float | None]:
    return [q.value for q in find_quantities(tokenize(normalize(text)))]


# ---------------------------------------------------------------- oracles
@SETTINGS
@given(st.integers(min_value=0, max_value=10**6))
def test_num2words_arabic_reads_back(n):
    text = arabic_words(n)
    assert read_number(text) == [n], text


@pytest.mark.parametrize("n", [*range(0, 130), 200, 1000, 1001, 2000, 2002, 10000, 11000, 11005, 20000, 99000,
                               100000, 101000, 101005, 200000, 201000, 300000, 999999, 10**6])
def test_num2words_arabic_reads_back_at_the_edges(n):
    assert read_number(arabic_words(n)) == [n], arabic_words(n)


@SETTINGS
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)),
       st.sampled_from(AR_LOCALES), st.sampled_from(FORMATS))
def test_babel_arabic_dates_read_back(day, locale, fmt):
    text = format_date(day, format=fmt, locale=locale)
    refs = find_dates(normalize(text), None)
    assert any(r.precision == "day" and r.period_start == day for r in refs), (text, locale, fmt)


@pytest.mark.parametrize("locale", AR_LOCALES)
def test_every_arabic_locales_month_names_read_back(locale):
    for month in range(1, 13):
        day = date(2024, month, 17)
        for fmt in FORMATS:
            text = format_date(day, format=fmt, locale=locale)
            refs = find_dates(normalize(text), None)
            assert any(r.precision == "day" and r.period_start == day for r in refs), (text, fmt)


# ---------------------------------------------------------------- fuzzing
_ARABIC = "".join(chr(c) for c in range(0x0621, 0x064B)) + "٠١٢٣٤٥٦٧٨٩" + "\u064b\u064e\u0651\u0640"
_TEXT = st.text(alphabet=st.one_of(st.sampled_from(_ARABIC + " ،.؛:\n\"'()-/0123456789"), st.characters()),
                max_size=300)


def _lexicon_words() -> list[str]:
    from lib.reference import load_json

    raw = load_json("lexicon.json")
    words = [w for v in raw.values() if isinstance(v, list) for w in v if isinstance(w, str)]
    words += [w for v in raw["base_status"].values() for w in v]
    words += [w for g in raw["groups"] for w in g["words"]]
    nums = load_json("number_words.json")
    words += [w for k in ("unit", "ten", "teen", "hundred", "thousand", "dual_thousand", "thousand_plural")
              for w in nums[k]]
    cal = load_json("calendar.json")
    words += [m for names in cal["months"].values() for m in names] + list(cal["relative_days"])
    return sorted(set(words)) + ["2024", "900", "١٥٠", "،", ".", "في", "من", "إلى", "سوريا", "قاعدة التنف",
                                 "حقل العمر", "نحو", "أكثر من", "بين", "و"]


_WORDS = _lexicon_words()
_SENTENCES = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=30).map(" ".join)


def _check_claims(text: str, pub: date | None) -> None:
    for c in extract_claims(text, pub):
        assert 0 <= c["span_start"] < c["span_end"] <= len(text)
        assert text[c["span_start"]:c["span_end"]] == c["evidence"]
        low, value, high = c.get("low"), c.get("value"), c.get("high")
        if low is not None and high is not None:
            assert low <= high, c
        if value is not None:
            assert (low is None or low <= value) and (high is None or value <= high), c


@SETTINGS
@given(_TEXT)
def test_numbers_never_raise_and_stay_inside(text):
    norm = normalize(text)
    tokens = tokenize(norm)
    for q in find_quantities(tokens):
        assert 0 <= q.first <= q.last < len(tokens)
        if q.value is not None and q.low is not None and q.high is not None:
            assert q.low <= q.value <= q.high


@SETTINGS
@given(st.one_of(_TEXT, _SENTENCES), st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1),
                                                                     max_value=date(2090, 12, 31))))
def test_dates_never_raise_and_stay_inside(text, pub):
    norm = normalize(text)
    for r in find_dates(norm, pub):
        assert 0 <= r.start < r.end <= len(norm)
        assert r.period_start <= r.period_end


@SETTINGS
@given(st.one_of(_TEXT, _SENTENCES), st.one_of(st.none(), st.just(PUB)))
def test_extraction_never_raises_and_points_inside(text, pub):
    _check_claims(text, pub)


@SETTINGS
@given(st.lists(_SENTENCES, min_size=1, max_size=6).map("\n".join))
def test_extraction_on_articles_of_lexicon_words(text):
    _check_claims(text, PUB)


_NOUNS = {"troops": ["جندي", "عسكري"], "attacks": ["هجوما", "هجمة"], "strikes": ["غارة", "ضربة"]}
_FRAMES = {
    "troops": ["وتنشر الولايات المتحدة {n} {noun} في سوريا.", "وقال البنتاغون إن لديه {n} {noun} في شرق سوريا."],
    "attacks": ["ونفذ تنظيم داعش {n} {noun} خلال الشهر الماضي.", "وتعرضت القوات الأمريكية لـ {n} {noun} منذ مطلع العام."],
    "strikes": ["وشن التحالف الدولي {n} {noun} على مواقع داعش.", "ونفذت الطائرات الأمريكية {n} {noun} في البادية."],
}


@SETTINGS
@given(st.sampled_from(sorted(_FRAMES)), st.integers(min_value=3, max_value=9999), st.booleans(), st.data())
def test_a_claims_evidence_holds_its_figure(kind, n, in_words, data):
    figure = arabic_words(n) if in_words else str(n)
    frame = data.draw(st.sampled_from(_FRAMES[kind]))
    noun = data.draw(st.sampled_from(_NOUNS[kind]))
    text = "مقدمة الخبر.\n" + frame.format(n=figure, noun=noun) + "\nختام الخبر."
    got = [c for c in extract_claims(text, PUB) if c["kind"] == kind]
    assert [c["value"] for c in got] == [n], (text, got)
    assert figure in got[0]["evidence"]
    _check_claims(text, PUB)
