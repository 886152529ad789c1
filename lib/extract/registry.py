"""The claim kinds, registered in one list.

Every kind the extractor knows is a module of lib.extract.kinds listed in KINDS
below; nothing else names them. From this list come the claims table's kinds
(lib.store.schema.CLAIM_KINDS), the gates the lexicon's scanner looks for, the
rules the article loop runs (lib.extract.ArticleExtractor.run) and the kinds the
synthetic tables hold (lib.synthetic). To add a kind, see README.md, "Adding a
claim kind".
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol

from lib.extract.context import Article
from lib.extract.kinds import attacks, bases, incidents, strikes, troops
from lib.extract.sentence import Sentence
from lib.extract.vocabulary import Gate, Lexicon, build_lexicon


class ClaimKind(Protocol):
    """What a kind module declares (lib.extract.kinds)."""

    KIND: str  # the claims table's `kind` value
    GATES: tuple[Gate, ...]  # it is tried only in a sentence where one of these is open

    def applies(self, article: Article, s: Sentence) -> bool:
        """The finer condition, on the sentence's open gates and its text."""
        ...

    def extract(self, article: Article, s: Sentence) -> list[dict[str, Any]]:
        """The sentence's claims of this kind."""
        ...


# In the order their claims come out of a sentence (the first of equal claims is kept).
KINDS: list[ClaimKind] = [troops, attacks, strikes, bases, incidents]


def kind_names() -> tuple[str, ...]:
    """The `kind` values of the registered kinds, in registry order."""
    return tuple(k.KIND for k in KINDS)


def lexicon() -> Lexicon:
    """The lexicon with a gate scanner for the registered kinds' gates."""
    return _lexicon_for(tuple(KINDS))


def plan() -> tuple[tuple[ClaimKind, frozenset[str]], ...]:
    """(kind, the names of its gates) for each registered kind: what the article loop runs."""
    return _plan_for(tuple(KINDS))


# Keyed by the kinds themselves, so that a test that registers another kind gets
# a lexicon with its gates (modules hash by identity: the per-article lookup is cheap).
@lru_cache(maxsize=4)
def _lexicon_for(kinds: tuple[ClaimKind, ...]) -> Lexicon:
    return build_lexicon(tuple(g for k in kinds for g in k.GATES))


@lru_cache(maxsize=4)
def _plan_for(kinds: tuple[ClaimKind, ...]) -> tuple[tuple[ClaimKind, frozenset[str]], ...]:
    return tuple((k, frozenset(g.name for g in k.GATES)) for k in kinds)
