"""The lexicon file (data/reference/lexicon.json) as read: the word lists as
written, the single tokens the rules compare with, and the morphology the
matcher writes a word's other forms with.

Every Arabic word the extractor keys on is in that file; the code names lists
by their keys.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lib.reference import REFERENCE_DIR
from lib.text.textnorm import normalize_term

LEXICON_FILE = REFERENCE_DIR / "lexicon.json"


@lru_cache(maxsize=1)
def raw_lexicon() -> dict[str, Any]:
    """lexicon.json as parsed (shared: do not modify)."""
    return json.loads(LEXICON_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Morphology:
    """Letters and affixes, in normalised spelling (see the file's "morphology")."""

    clitics: tuple[str, ...]  # و ف ب ل: glued to a word's front
    conjunction_clitics: tuple[str, ...]  # و ف: may come before a second clitic
    clitics_after_conjunction: tuple[str, ...]  # ب ل ك: the second ("وبالقوات"، "وللولايات")
    glued_compounds: tuple[str, ...]  # names some pages print without their space ("الولايات المتحده")
    definite_article: str
    lam_with_article: str  # ل + ال as written (لل)
    pronoun_suffixes: tuple[str, ...]
    endings_taking_no_pronoun: tuple[str, ...]
    ta_marbuta: str
    ta_before_pronoun: str
    hamza: str
    hamza_seats: tuple[str, ...]
    pronoun_persons: tuple[tuple[str, int], ...]  # (suffix, people), tried in order
    clitics_before_country: str  # for str.lstrip
    lists_taking_pronouns: frozenset[str]

    @property
    def clitic_prefixes(self) -> tuple[str, ...]:
        """Every clitic run a word may carry: one clitic, or a conjunction then a
        preposition ("وب"، "فل"), longest first."""
        pairs = [c + p for c in self.conjunction_clitics for p in self.clitics_after_conjunction]
        return tuple(dict.fromkeys([*pairs, *self.clitics]))

    @property
    def clitic_class(self) -> str:
        """The clitic runs as a regex group (to be made optional with "?"): a conjunction
        and an optional preposition, or another single clitic, written with character
        classes (which `re` tries faster than an alternation of strings)."""
        others = [c for c in self.clitics if c not in self.conjunction_clitics]
        if not set(self.conjunction_clitics) <= set(self.clitics) or not others:
            return "(?:" + "|".join(self.clitic_prefixes) + ")"
        return (f"(?:[{''.join(self.conjunction_clitics)}][{''.join(self.clitics_after_conjunction)}]?"
                f"|[{''.join(others)}])")

    def glued_forms(self, phrase: str) -> set[str]:
        """A normalised phrase as pages that drop a glued compound's space print it
        ("الولايات المتحده" -> "الولاياتالمتحده"); empty when it holds none."""
        out: set[str] = set()
        for compound in self.glued_compounds:
            if f" {compound} " in f" {phrase} ":
                out.add(f" {phrase} ".replace(f" {compound} ", f" {compound.replace(' ', '')} ").strip())
        return out


@lru_cache(maxsize=1)
def morphology() -> Morphology:
    m = raw_lexicon()["morphology"]
    return Morphology(
        clitics=tuple(m["clitics"]),
        conjunction_clitics=tuple(m["conjunction_clitics"]),
        clitics_after_conjunction=tuple(m["clitics_after_conjunction"]),
        glued_compounds=tuple(" ".join(normalize_term(c).split()) for c in m["glued_compounds"]),
        definite_article=m["definite_article"],
        lam_with_article=m["lam_with_article"],
        pronoun_suffixes=tuple(m["pronoun_suffixes"]),
        endings_taking_no_pronoun=tuple(m["endings_taking_no_pronoun"]),
        ta_marbuta=m["ta_marbuta"],
        ta_before_pronoun=m["ta_before_pronoun"],
        hamza=m["hamza"],
        hamza_seats=tuple(m["hamza_seats"]),
        pronoun_persons=tuple(m["pronoun_persons"].items()),
        clitics_before_country="".join(m["clitics_before_country"]),
        lists_taking_pronouns=frozenset(m["lists_taking_pronouns"]),
    )


def _normalized(words: list[str]) -> tuple[str, ...]:
    """Normalised, duplicates dropped, in the file's order (tuples also serve str.startswith)."""
    return tuple(dict.fromkeys(normalize_term(w) for w in words))


@lru_cache(maxsize=1)
def tokens() -> dict[str, tuple[str, ...]]:
    """The file's "tokens": single tokens by name, normalised."""
    return {k: _normalized(v) for k, v in raw_lexicon()["tokens"].items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def sentence_hints() -> dict[str, tuple[str, ...]]:
    """The file's "sentence_hints": text to look for in a normalised sentence, normalised."""
    return {k: _normalized(v) for k, v in raw_lexicon()["sentence_hints"].items() if not k.startswith("_")}
