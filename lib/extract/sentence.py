"""A sentence of an article, with what the rules ask of it computed on demand:
its tokens, figures, dates and places are found only when a rule that passed
the sentence's gates asks for them (most sentences are never tokenised)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Generic, TypeVar

from lib.extract.matcher import PhraseIndex, PhraseSet
from lib.text.dates import DateRef, find_dates
from lib.text.numbers import Quantity, Token, find_quantities, tokenize
from lib.text.places import PlaceMatch, find_places

_T = TypeVar("_T")


class _computed_once(Generic[_T]):
    """functools.cached_property without its lock: Python 3.11 takes one on each
    first access, which costs more than some of what a Sentence computes, and a
    Sentence never leaves the thread that made it."""

    def __init__(self, compute: Callable[[Any], _T]):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, sentence: Any, owner: type | None = None) -> _T:
        if sentence is None:
            return self  # type: ignore[return-value]
        # stored under the same name: the instance's value now hides this descriptor
        value = sentence.__dict__[self.name] = self.compute(sentence)
        return value


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    norm: str
    published: date | None
    gates: set[str] = field(default_factory=set)
    phrase_index: PhraseIndex | None = field(default=None, repr=False)  # answers PhraseSet questions when given
    groups: list[tuple[int, str]] | None = field(default=None, repr=False)  # cached by Article.groups_in
    roles: tuple[str | None, str | None] | None = field(default=None, repr=False)  # cached by Article.roles
    _dates: list[DateRef] | None = field(default=None, repr=False)
    _places: list[PlaceMatch] | None = field(default=None, repr=False)

    @_computed_once
    def tokens(self) -> list[Token]:
        return tokenize(self.norm)

    @_computed_once
    def phrase_hits(self) -> dict[PhraseSet, dict[int, int]]:
        return self.phrase_index.scan(self) if self.phrase_index is not None else {}

    @_computed_once
    def _starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @property
    def dates(self) -> list[DateRef]:
        if self._dates is None:
            self._dates = find_dates(self.norm, self.published) if "date" in self.gates else []
        return self._dates

    @property
    def places(self) -> list[PlaceMatch]:
        if self._places is None:
            self._places = find_places(self.norm)
        return self._places

    def tok(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def token_at(self, char: int) -> int:
        """Index of the token containing (or preceding) a character offset."""
        return max(0, bisect.bisect_right(self._starts, char) - 1)

    @_computed_once
    def all_quantities(self) -> list[Quantity]:
        """Every figure, those inside date expressions included. A rule that finds
        nothing to count among these need not find the dates (which costs more)."""
        return find_quantities(self.tokens)

    @_computed_once
    def quantities(self) -> list[Quantity]:
        """Figures outside date expressions (the 17 of "17 تشرين الأول" counts nothing)."""
        qs = self.all_quantities
        if not any(q.digits for q in qs):
            return qs  # dates are written with digits; number words never sit inside one
        spans = [(d.start, d.end) for d in self.dates]
        return [q for q in qs if not any(a <= self.tokens[q.first].start < b for a, b in spans)]
