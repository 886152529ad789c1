"""Regex alternations of many words, factored into a trie.

Python's `re` tries the alternatives of `a|b|c…` one after the other at every
position; with hundreds of Arabic words that dominates ingest time. Factoring
common prefixes (`ال(?:شهر|عام)`) lets a position fail on its first letter.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

_WORD, _STEM = "", "*"  # trie keys marking where a word / a stem ends (never a letter)


def union_pattern(words: Iterable[str], space: str = r"\s+", stems: Iterable[str] = (),
                  word_end: str = "") -> str:
    """A pattern matching any of `words` (longest first where one is a prefix of another).

    A space inside a word (a phrase) matches `space`. `word_end` is required after
    a word (e.g. a lookahead for "no letter follows"), never after a stem: `stems`
    match as prefixes of longer words, and a stem wins over every word it begins
    (so those words are left out of the pattern; one trie serves both, and each
    position of the text is walked once).
    """
    trie: dict = {}
    for entries, mark in ((words, _WORD), (stems, _STEM)):
        for w in set(entries):
            if not w:
                continue
            node = trie
            for ch in w:
                node = node.setdefault(ch, {})
            node[mark] = {}
    return _render(trie, space, word_end, under_stem=False) or "(?!)"


def _render(node: dict, space: str, word_end: str, under_stem: bool) -> str | None:
    """The pattern for a trie node, None when nothing can match from it."""
    is_stem = _STEM in node
    branches = []
    for ch in sorted(k for k in node if k not in (_WORD, _STEM)):
        rest = _render(node[ch], space, word_end, under_stem or is_stem)
        if rest is not None:
            branches.append((space if ch == " " else re.escape(ch)) + rest)
    # below a stem only longer stems remain: the stem already matches its words
    end = "" if is_stem else word_end if _WORD in node and not under_stem else None
    if not branches:
        return end
    # a single continuation is written plainly; several become a group
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end is None:
        return body
    # the word or stem may stop here, but the longer one is preferred
    return f"(?:{body})?" if end == "" else f"(?:{body}|{end})"
