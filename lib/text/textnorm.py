"""Arabic text normalisation for matching.

Matching (keywords, number words, place names) is done on normalised text;
users always see the original. Normalisation folds the spelling variants that
Arabic outlets use interchangeably: alef forms, ta marbuta/ha, alef maqsura/ya,
hamza seats, tatweel, diacritics and Arabic-Indic digits.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from typing import Callable, Sequence

from lib.reference import load_json

_DIACRITICS = "\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a" + "".join(
    chr(c) for c in range(0x064B, 0x0660)
) + "\u0670\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3\u06e4\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
_TATWEEL = "\u0640"
# Invisible direction marks and zero-width characters that outlets' CMSs leave in text.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"

_CHAR_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه",
    "ى": "ي", "ی": "ي", "ي": "ي",
    "ؤ": "و",
    "ئ": "ي",
    "ک": "ك",
    "٫": ".", "٬": ",", "،": "،",
    "“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "″": '"',
    "‘": "'", "’": "'",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}
for _i, _d in enumerate("٠١٢٣٤٥٦٧٨٩"):
    _CHAR_MAP[_d] = str(_i)
for _i, _d in enumerate("۰۱۲۳۴۵۶۷۸۹"):
    _CHAR_MAP[_d] = str(_i)
for _c in _DIACRITICS + _TATWEEL + _INVISIBLE:
    _CHAR_MAP[_c] = ""

# str.translate looks every character up in a dict (~45 ns each); a chain of
# str.replace calls, each skipped when its character is absent, runs in C at
# memchr speed and is about ten times faster on article-length text.
_REPLACEMENTS = tuple((k, v) for k, v in _CHAR_MAP.items() if k != v)
# runs of two or more spaces/tabs, or a lone tab. Each branch opens with a literal so
# that `re` skips to candidates at C speed (a class-first branch is tried at every
# position, which made this sub the slowest step of normalize()).
_SPACES = re.compile(r"\t[ \t]*| [ \t]+")


def normalize(text: str) -> str:
    """Return `text` folded for matching (same words, fewer spellings)."""
    if not text:
        return ""
    if _needs_nfkc(text):
        text = unicodedata.normalize("NFKC", text)
    return _fold(text)


def normalize_lines(lines: Sequence[str]) -> list[str]:
    """[normalize(x) for x in lines], in one pass over the lines joined.

    The replace chain costs a few microseconds per call whatever the length, so
    short lines (page furniture, mastheads) are far cheaper folded together.
    The lines must not contain "\n" (lines from str.splitlines() never do)."""
    if not lines:
        return []
    joined = "\n".join(lines)
    if _needs_nfkc(joined):  # NFKC only the lines that need it, as normalize() would
        return [normalize(x) for x in lines]
    return _fold(joined).split("\n")


def _fold(text: str) -> str:
    """normalize() for a text known to need no NFKC."""
    text = _replace_chars(text)
    # _SPACES stops at every space; most texts have no run for it to collapse
    return _SPACES.sub(" ", text) if "  " in text or "\t" in text else text


def _replace_chars(text: str) -> str:
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


_PRESENTATION_FORMS = re.compile("[\ufb50-\ufefe]")


def _needs_nfkc(text: str) -> bool:
    # Presentation forms (U+FB50–U+FEFE) appear in text copied from PDFs; NFKC
    # turns them back into ordinary letters. Checking first keeps the hot path fast.
    return _PRESENTATION_FORMS.search(text) is not None


_SPACE_LIKE = " \t\u00a0\u2009\u202f"  # all become " ", and runs of them collapse to one
_DROPPED_CHARS = re.escape(_DIACRITICS + _TATWEEL + _INVISIBLE)
_DROPPED = "[" + _DROPPED_CHARS + "]"
# what normalize() removes: dropped marks, and each space-like character that (once
# the marks are gone) is followed by another one, since the run collapses
# (written as one opening class so that `re` can skip to candidates at C speed)
_REMOVED = re.compile(f"[{_DROPPED_CHARS}{_SPACE_LIKE}](?:(?<={_DROPPED})|(?={_DROPPED}*[{_SPACE_LIKE}]))")
# the dropped marks, and the presentation forms that _needs_nfkc looks for
_DROPPED_OR_FORM_RE = re.compile(f"[{_DROPPED_CHARS}\ufb50-\ufefe]")


def normalize_with_offsets(text: str) -> tuple[str, Callable[[int], int]] | None:
    """Normalise a whole text once and return it with a map from offsets in `text`
    to offsets in the result, so that callers can slice it by sentence instead of
    normalising sentence by sentence. None when the text needs NFKC (rare: PDF
    presentation forms), where offsets cannot be mapped this cheaply."""
    # the dropped marks and the presentation forms found in one search (a text with
    # neither needs no NFKC; the highest mark, U+FEFF, sorts above the forms)
    marks = [m.start() for m in _DROPPED_OR_FORM_RE.finditer(text)]
    if marks and max(map(text.__getitem__, marks)) >= "\ufb50" and _needs_nfkc(text):
        return None
    norm = _replace_chars(text)
    if "  " in norm or "\t" in norm:  # runs of spaces collapse (marks between their spaces already gone)
        removed = [m.start() for m in _REMOVED.finditer(text)]  # characters normalize() drops
        norm = _SPACES.sub(" ", norm)
    else:  # only the marks go (a search for them alone skips the spaces _REMOVED stops at)
        removed = marks
    if not removed:
        return norm, lambda offset: offset
    return norm, lambda offset: offset - bisect.bisect_left(removed, offset)


def to_western_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to 0-9, leaving everything else as it is."""
    return text.translate(_DIGITS_ONLY)


_DIGITS_ONLY = str.maketrans({k: v for k, v in _CHAR_MAP.items() if v.isdigit() or k in "٫٬"})
_TRANSLATION = str.maketrans(_CHAR_MAP)  # kept for tests: normalize() must agree with it


@lru_cache(maxsize=4096)
def normalize_term(term: str) -> str:
    """Normalise a dictionary term (cached: reference data is matched over and over)."""
    return normalize(term).strip()


def without_conjunction(word: str, conjunctions: Sequence[str]) -> str:
    """"وفي" -> "في": `word` without a conjunction glued to its front (one of `conjunctions`, which the
    caller reads from the reference data), when a word is left after it."""
    for c in conjunctions:
        if c and word.startswith(c) and len(word) > len(c):
            return word[len(c):]
    return word


def strip_article(word: str) -> str:
    """Drop the definite article (and a leading conjunction/preposition glued to it)."""
    w = normalize_term(word)
    for prefix in article_forms():
        if w.startswith(prefix) and len(w) > len(prefix) + 1:
            return w[len(prefix):]
    return w


@lru_cache(maxsize=1)
def article_forms() -> tuple[str, ...]:
    """The article with the clitics glued to it ("وال", "لل", "ال" ...), longest first
    (from data/reference/morphology.json)."""
    forms = [normalize(f).strip() for f in load_json("morphology.json")["article_forms"]]
    return tuple(sorted(forms, key=len, reverse=True))
