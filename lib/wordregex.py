"""Regex alternations of many words, factored into a trie.

Python's `re` tries the alternatives of `a|b|c…` one after the other at every
position; with hundreds of Arabic words that dominates ingest time. Factoring
common prefixes (`ال(?:شهر|عام)`) lets a position fail on its first letter.
"""
from __future__ import annotations

import re


def union_pattern(words: list[str], space: str = r"\s+") -> str:
    """A pattern matching any of `words` (longest first where one is a prefix of another).

    A space inside a word (a phrase) matches `space`.
    """
    trie: dict = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _render(trie, space) or "(?!)"


def _render(node: dict, space: str) -> str:
    branches = []
    ends_here = "" in node
    for ch in sorted(k for k in node if k):
        head = space if ch == " " else re.escape(ch)
        branches.append(head + _render(node[ch], space))
    if not branches:
        return ""
    # a single letter-continuation is written plainly; several become a group
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:  # a word may stop here, but prefer the longer one (greedy '?')
        body = f"(?:{body})?"
    return body
