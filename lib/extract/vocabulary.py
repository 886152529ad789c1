"""The lexicon compiled for the rules: every word list of data/reference/lexicon.json
as a phrase set, the actor/target groups, and a gate scanner for the gates the
claim kinds declare (lib.extract.lexicon() is the one for the registered kinds)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from lib.extract.matcher import GateScanner, PhraseIndex, PhraseSet, StemSet, pronoun_forms
from lib.extract.words import Morphology, morphology, raw_lexicon, sentence_hints, tokens
from lib.text import dates as dates_module
from lib.text import numbers as numbers_module
from lib.text.places import load_gazetteer
from lib.text.textnorm import normalize_term


@dataclass(frozen=True)
class Gate:
    """What a claim kind waits for in a sentence: the gate `name` is open where one of
    its words occurs. Its words are the lexicon lists named in `words` (with the
    pronoun forms of the lists that take pronouns), the stems of the lists named in
    `stems`, and the gazetteer's Arabic names of places of `place_kinds`."""

    name: str
    words: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()
    place_kinds: frozenset[str] = frozenset()


class Group(NamedTuple):
    """An actor or target: its words, the words that name it only in an article that
    names it plainly ("التنظيم"), its stems, and the names of its gates."""

    name: str
    words: PhraseSet
    article_words: PhraseSet | None
    stems: StemSet | None
    gate: str  # "group:<name>"
    article_gate: str  # "agroup:<name>"


@dataclass(frozen=True)
class Lexicon:
    sets: dict[str, PhraseSet]
    word_sets: dict[str, frozenset[str]]  # the same lists as plain sets of normalised words
    tokens: dict[str, tuple[str, ...]]  # single tokens the rules compare with (lexicon "tokens")
    hints: dict[str, tuple[str, ...]]  # text to look for before tokenising (lexicon "sentence_hints")
    morphology: Morphology
    base_count_nouns: dict[str, int | None]
    status_sets: dict[str, PhraseSet]
    any_status: PhraseSet  # all the status words in one: most base sentences have none
    groups: list[Group]
    gates: GateScanner
    phrase_index: PhraseIndex  # all the phrase sets above, answered per sentence in one walk


def _pronoun_takers(words: list[str]) -> list[str]:
    """The words that take pronouns: all but the no_pronoun_forms, whose forms are
    other words (أسرة "family", قضية "case")."""
    no_pronouns = {normalize_term(w) for w in raw_lexicon()["no_pronoun_forms"]}
    return [w for w in words if normalize_term(w) not in no_pronouns]


def _list_keys() -> list[str]:
    raw = raw_lexicon()
    return [k for k, v in raw.items() if isinstance(v, list) and k != "groups"]


@dataclass(frozen=True)
class _Phrases:
    sets: dict[str, PhraseSet]
    status_sets: dict[str, PhraseSet]
    any_status: PhraseSet
    groups: list[Group]
    phrase_index: PhraseIndex


@lru_cache(maxsize=1)
def _phrases() -> _Phrases:
    """The phrase sets, built once whatever gates the kinds declare."""
    raw = raw_lexicon()
    taking = morphology().lists_taking_pronouns
    sets = {k: PhraseSet(raw[k], _pronoun_takers(raw[k]) if k in taking else ()) for k in _list_keys()}
    groups = [
        Group(g["name"], PhraseSet(g["words"]), PhraseSet(g["article_words"]) if g.get("article_words") else None,
              StemSet(g["stems"]) if g.get("stems") else None, "group:" + g["name"], "agroup:" + g["name"])
        for g in raw["groups"]
    ]
    # base statuses are verbs and verbal nouns: they take pronouns ("إغلاقها")
    status_sets = {k: PhraseSet(v, _pronoun_takers(v)) for k, v in raw["base_status"].items()}
    all_statuses = [w for v in raw["base_status"].values() for w in v]
    any_status = PhraseSet(all_statuses, _pronoun_takers(all_statuses))
    index = PhraseIndex([*sets.values(), *status_sets.values(), any_status,
                         *(p for g in groups for p in (g.words, g.article_words, g.stems) if p is not None)])
    return _Phrases(sets, status_sets, any_status, groups, index)


def _place_names(kinds: frozenset[str]) -> list[str]:
    """Arabic names of the gazetteer's places of these kinds ("التنف" is a base
    without the word قاعدة)."""
    if not kinds:
        return []
    gaz = load_gazetteer()
    names: list[str] = []
    for row in gaz[gaz["kind"].isin(kinds)].itertuples():
        variants = row.variants_ar if isinstance(row.variants_ar, str) else ""
        names += [n.lstrip("?") for n in [row.name_ar, *variants.split("|")] if n]
    return names


def _gate_words(gate: Gate) -> list[str]:
    raw = raw_lexicon()
    taking = morphology().lists_taking_pronouns
    words = [w for key in gate.words for w in raw[key]]
    # a verb's pronoun forms ("لمقتله") open its gate too, as PhraseSet matches them
    takers = _pronoun_takers([w for key in gate.words if key in taking for w in raw[key]])
    words += [f for w in (normalize_term(t) for t in takers) if " " not in w for f in sorted(pronoun_forms(w))]
    return words + _place_names(gate.place_kinds)


def build_lexicon(gates: tuple[Gate, ...]) -> Lexicon:
    """The lexicon, with a gate scanner for `gates` (the registered kinds'
    declarations: lib.extract.registry.lexicon) and for the gates every article
    has: "figure" and "date" (a number word, a date word or a digit),
    "group:<name>" for each actor/target group, and "agroup:<name>" for the words
    that name a group only in an article that names it plainly ("التنظيم")."""
    raw = raw_lexicon()
    phrases = _phrases()
    words: dict[str, list[str]] = {}
    stems: dict[str, list[str]] = {}
    for gate in gates:
        words.setdefault(gate.name, []).extend(_gate_words(gate))
        if gate.stems:
            stems.setdefault(gate.name, []).extend(w for key in gate.stems for w in raw[key])
    words["figure"] = numbers_module.hint_words()
    words["date"] = dates_module.hint_words()
    for g in raw["groups"]:
        words["group:" + g["name"]] = g["words"]
        if g.get("article_words"):
            words["agroup:" + g["name"]] = g["article_words"]
        if g.get("stems"):
            stems["group:" + g["name"]] = g["stems"]
    return Lexicon(
        sets=phrases.sets,
        word_sets={k: frozenset(normalize_term(w) for w in raw[k]) for k in _list_keys()},
        tokens=tokens(),
        hints=sentence_hints(),
        morphology=morphology(),
        base_count_nouns={normalize_term(k): v for k, v in raw["base_count_nouns"].items()},
        status_sets=phrases.status_sets,
        any_status=phrases.any_status,
        groups=phrases.groups,
        phrase_index=phrases.phrase_index,
        gates=GateScanner(words=words, stems=stems),
    )
