"""Trie-factored word alternations, and the gate scan built on one."""
import re

import pytest

from lib.extract import lexicon
from lib.text.textnorm import normalize
from lib.text.wordregex import union_pattern

NO_LETTER_AFTER = r"(?![\u0621-\u064a])"


def full_matches(pattern: str, texts: list[str]) -> list[str]:
    rx = re.compile(pattern)
    return [t for t in texts if rx.fullmatch(t)]


def test_words_match_whole_and_the_longest_is_preferred():
    pattern = union_pattern(["الشهر", "الشهرين", "العام"])
    assert re.match(pattern, "الشهرين").group() == "الشهرين"
    assert re.match(pattern, "الشهر الماضي").group() == "الشهر"
    assert full_matches(pattern, ["العام", "العا", "الشهري"]) == ["العام"]


def test_a_space_in_a_phrase_matches_the_given_gap():
    pattern = union_pattern(["اول امس"], space=r"\s+")
    assert re.fullmatch(pattern, "اول   امس")
    assert not re.fullmatch(union_pattern(["اول امس"], space=" "), "اول   امس")


def test_no_words_matches_nothing():
    assert re.search(union_pattern([]), "اي نص") is None


def test_a_stem_matches_the_start_of_longer_words_and_wins_over_them():
    pattern = union_pattern(["الهجمات", "القوات"], stems=["الهجم"], word_end=NO_LETTER_AFTER)
    # the word that begins with the stem is left to the stem
    assert re.match(pattern, "الهجمات").group() == "الهجم"
    assert re.match(pattern, "الهجمه").group() == "الهجم"
    # word_end applies to words only
    assert re.match(pattern, "القوات").group() == "القوات"
    assert re.match(pattern, "القواتي") is None


def test_a_longer_stem_below_a_stem_is_kept():
    pattern = union_pattern([], stems=["امر", "امريك"])
    assert re.match(pattern, "امريكي").group() == "امريك"
    assert re.match(pattern, "امراه").group() == "امر"


def test_a_word_that_is_a_prefix_of_a_stem_still_matches_alone():
    pattern = union_pattern(["هجو"], stems=["هجوم"], word_end=NO_LETTER_AFTER)
    assert re.match(pattern, "هجوما").group() == "هجوم"
    assert re.match(pattern, "هجو ").group() == "هجو"
    assert re.match(pattern, "هجوا") is None


def gates(*sentences: str) -> list[set[str]]:
    norms = [normalize(s) for s in sentences]
    starts, pos = [], 0
    for n in norms:
        starts.append(pos)
        pos += len(n) + 1
    return lexicon().gates.scan("\n".join(norms), starts)


@pytest.mark.parametrize("sentence,present,absent", [
    # stems: any word that begins with one, with a clitic or not
    ("والهجمات تتواصل", {"attack"}, {"troop", "figure"}),
    ("شنت القوات الأمريكية غارة", {"group:US", "strike"}, {"attack"}),
    # whole words, and ل + ال written لل
    ("وصل 900 جندي إلى القاعدة", {"troop", "figure", "base"}, {"attack"}),
    ("خلال الأشهر الماضية للعام", {"date"}, {"figure", "troop"}),
    # a gate word with a digit in it is not a figure; a digit beside it is
    ("في البرج 22 أمس", {"base", "date"}, {"figure"}),
    ("قتل 3 في البرج 22", {"base", "figure", "casualty"}, set()),
    # a word followed by more letters is another word
    ("القواتية الهجين", set(), {"attack", "force"}),
])
def test_gate_scan_tells_which_rules_can_fire(sentence, present, absent):
    (found,) = gates(sentence)
    assert present <= found
    assert not absent & found


def test_gate_scan_keeps_each_sentence_to_itself():
    first, second, third = gates("قال مسؤول إن الوضع هادئ", "وصل 900 جندي", "نفذ التنظيم هجوما")
    assert first == set()
    assert {"troop", "figure"} <= second and "attack" not in second
    assert "attack" in third and "troop" not in third
