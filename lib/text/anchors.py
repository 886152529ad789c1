"""Anchored regex search: try a pattern only near a cue that every match holds.

Most sentences hold no date, and a pattern that opens with a lookbehind is tried
at every position. So each date pattern has an anchor: a cue (a month name, a
year, a key word) that every match holds within `LEAD` characters of its start.
Without its anchor a pattern is skipped; with it, the search starts `LEAD`
characters before each anchor. `needs` are further cues a match cannot do
without. (Patterns that open with a digit need no anchor: `re` skips to the
digits at C speed.)
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lib.text.wordregex import union_pattern

LEAD = 40  # generous: a date expression's words before its anchor, with their spaces


@dataclass(frozen=True, eq=False)
class Cue:
    """Something a pattern needs in the text: a regex for where it is and, for
    literal words, the words themselves (an `in` test is the cheapest test)."""

    regex: re.Pattern[str]
    words: tuple[str, ...] = ()
    # For a whole-word cue: `regex` consumes the non-letter before the word (a pattern
    # that opens with a character class lets `re` skip through letters at C speed; one
    # that opens with a lookbehind is tried at every position), and `at_start` matches
    # the word at offset 0, where nothing comes before it.
    at_start: re.Pattern[str] | None = None

    def present(self, norm: str, seen: dict[Cue, int]) -> bool:
        at = seen.get(self)
        if at is None:
            if self.words:  # a plain loop: a generator would cost more than the tests
                at = -1
                for w in self.words:
                    if w in norm:
                        at = -2
                        break
                seen[self] = at
            else:
                at = self.first(norm, seen)
        return at != -1

    def first(self, norm: str, seen: dict[Cue, int]) -> int:
        """Offset of the first occurrence, or -1."""
        at = seen.get(self)
        if at is None or at == -2:
            at = seen[self] = self.find(norm, 0)
        return at

    def find(self, norm: str, pos: int) -> int:
        """Offset of the first occurrence at or after `pos`, or -1."""
        if self.at_start is None:
            m = self.regex.search(norm, pos)
            return m.start() if m else -1
        if pos == 0 and self.at_start.match(norm):
            return 0
        m = self.regex.search(norm, max(0, pos - 1))
        return m.start() + 1 if m else -1


def word_cue(alternation: str) -> Cue:
    """A cue that is one of the words of `alternation`, as a whole word (a year may run on: "ايار2025")."""
    return Cue(re.compile(rf"[^\u0621-\u064a](?:{alternation})(?![\u0621-\u064a])"),
               at_start=re.compile(rf"(?:{alternation})(?![\u0621-\u064a])"))


def substring_cue(words: Iterable[str]) -> Cue:
    """A cue that is any of `words` anywhere, inside longer words too ("الماضي" is in
    "الماضيه"); a word holding another of them adds nothing and is left out."""
    ws = list(dict.fromkeys(words))
    kept = tuple(w for w in ws if not any(o != w and o in w for o in ws))
    return Cue(re.compile(union_pattern(kept)), kept)


DIGIT = Cue(re.compile(r"\d"))
YEAR = Cue(re.compile(r"(?:19|20)\d\d"))
NUMERIC_DATE = Cue(re.compile(r"\d\s*[/.-]\s*\d"))  # "2025/05/27", "27-5-2025"


def anchored(pat: re.Pattern[str], anchor: Cue, norm: str, at: int) -> Iterator[re.Match[str]]:
    """pat.finditer(norm), searching only from LEAD characters before each anchor
    (`at`: the first one) instead of trying every position of the text."""
    pos = 0
    while True:
        m = pat.search(norm, max(pos, at - LEAD))
        if m is None:
            return
        yield m
        pos = m.end()
        at = anchor.find(norm, pos)
        if at < 0:
            return
