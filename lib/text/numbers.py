"""Finding quantities in (normalised) Arabic text.

Outlets write figures as digits (Western or Arabic-Indic, with separators), as
words with their case and gender forms (ألفي، مئتين، ثلاثمائة), as vague amounts
(عشرات، مئات) and with hedges (نحو، أكثر من). `find_quantities` returns every
figure in a sentence with its range and qualifier; deciding what a figure
counts (troops? attacks? a year?) is the extractor's job, not this module's.
The word lists live in data/reference/number_words.json.

Also read: digits and words in one compound ("مليون و300 ألف", "ألف و200"), a
decimal before a scale word ("2.2 ألف", "1،5 مليون"), a definite number word
where its noun, a hedge or a teen licenses it ("القواعد الثمانية", "قرابة الألف"),
and a hedge before the article ("ما يقارب الـ 31": approx, not an ordinal).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from lib.reference import REFERENCE_DIR
from lib.text.textnorm import article_forms, normalize_term

WORDS_FILE = REFERENCE_DIR / "number_words.json"

# A token is a run of digits (with separators), a run of Arabic letters, or one other
# symbol. Quotes and brackets are not tokens: outlets put them around names
# (تنظيم "الدولة") and they must not break a phrase.
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[\u0621-\u064a]+|[^\s\"'()\[\]{}<>]")


class Token(NamedTuple):  # a tuple: created for every word of every sentence checked
    text: str
    start: int
    end: int


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which
# makes it four times dearer to create, and one is made for every figure of every sentence checked.
@dataclass(slots=True, unsafe_hash=True)
class Quantity:
    """A figure found in text. `first`/`last` are token indexes (inclusive)."""

    value: float | None
    low: float | None
    high: float | None
    qualifier: str  # exact | approx | less_than | more_than | at_least | vague | range
    first: int
    last: int
    ordinal: bool = False
    fraction: bool = False
    digits: bool = False


# TOKEN_RE with the skipped characters before each token captured: findall returns
# (gap, token) pairs in C, and offsets follow from their lengths. This avoids three
# method calls on a match object per token (tokenising is a hot path of ingest).
_GAP_TOKEN_RE = re.compile(r"""([\s"'()\[\]{}<>]*)(""" + TOKEN_RE.pattern + ")")
_new_tuple = tuple.__new__  # Token(...) goes through a Python-level __new__; this does not


def tokenize(norm: str) -> list[Token]:
    out: list[Token] = []
    append, pos = out.append, 0
    for gap, text in _GAP_TOKEN_RE.findall(norm):
        start = pos + len(gap)
        pos = start + len(text)
        append(_new_tuple(Token, (text, start, pos)))
    return out


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, tuple[str, float]]  # normalised word -> (kind, value)
    vague: dict[str, tuple[float, float]]
    vague_phrases: dict[tuple[str, ...], tuple[float, float]]
    fractions: dict[str, float]
    qualifiers_before: list[tuple[tuple[str, ...], str]]  # longest phrase first
    qualifiers_after: list[tuple[tuple[str, ...], str]]
    starters: frozenset[str]  # every token a figure can start with (a cheap first test)
    teens: frozenset[str]  # "عشر": after an ordinal, adds ten
    range_openers: frozenset[str]  # "بين"
    vague_multipliers: dict[str, float]  # "الالاف" -> 1000 after a vague amount
    articles: frozenset[str]  # "ال", "وال" ...: a number after one alone is an ordinal ("الـ10")
    after_number: dict[str, tuple[str, float]]  # forms read as another kind after a number ("عشرون ألفاً")
    definite: dict[str, tuple[str, float]]  # "الثمانية", "الألف": read only where licensed (_definite_licensed)


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    raw = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    words: dict[str, tuple[str, float]] = {}
    for kind in ("unit", "ten", "teen", "hundred", "dual_hundred", "thousand", "dual_thousand",
                 "thousand_plural", "million", "dual_million", "ordinal"):
        for word, value in raw[kind].items():
            words[normalize_term(word)] = (kind, value)
    vague, vague_phrases = {}, {}
    for word, (low, high) in raw["vague"].items():
        key = tuple(normalize_term(word).split())
        if len(key) == 1:
            vague[key[0]] = (low, high)
        else:
            vague_phrases[key] = (low, high)

    glued_starts = {normalize_term(w) for w in raw.get("glued_hedge_starts", [])}

    def phrases(section: dict[str, list[str]]) -> list[tuple[tuple[str, ...], str]]:
        out = {(tuple(normalize_term(p).split()), q) for q, ps in section.items() for p in ps}
        # "ما لا يقل عن" is also written "مالا يقل عن": the first word glued to the second
        out |= {((w[0] + w[1], *w[2:]), q) for w, q in out if len(w) > 1 and w[0] in glued_starts}
        return sorted(out, key=lambda item: (-len(item[0]), item))

    multipliers = {"thousand": 1000.0, "million": 1000000.0}
    after_number = {normalize_term(w): (kind, multipliers[kind]) for w, kind in raw.get("after_number", {}).items()}
    definite = {normalize_term(w): (kind, float(value)) for w, (kind, value) in raw.get("definite", {}).items()}
    first_words = (set(words) | set(vague) | {k[0] for k in vague_phrases} | {normalize_term(k) for k in raw["fraction"]}
                   | set(definite))
    starters = first_words | {c + w for w in words for c in "بلو"}
    return _Lexicon(
        starters=frozenset(starters),
        words=words,
        vague=vague,
        vague_phrases=vague_phrases,
        fractions={normalize_term(k): v for k, v in raw["fraction"].items() if " " not in k},
        qualifiers_before=phrases(raw["qualifier_before"]),
        qualifiers_after=phrases(raw["qualifier_after"]),
        teens=frozenset(normalize_term(w) for w in raw["teen"]),
        range_openers=frozenset(normalize_term(w) for w in raw["range_openers"]),
        vague_multipliers={normalize_term(k): v for k, v in raw["vague_multipliers"].items()},
        articles=frozenset(article_forms()),
        after_number=after_number,
        definite=definite,
    )


def hint_words() -> list[str]:
    """Normalised number words: without one of them (or a digit) a text holds no figure."""
    lex = lexicon()
    return sorted(set(lex.words) | set(lex.vague) | {k[0] for k in lex.vague_phrases} | set(lex.fractions)
                  | set(lex.definite))


def _word(token: str, lex: _Lexicon, continuation: bool) -> tuple[str, float] | None:
    """Look a token up, allowing the conjunction و on a continuation ("وخمسين")."""
    hit = lex.words.get(token)
    if hit is None and continuation and token.startswith("و"):
        hit = lex.words.get(token[1:])
    if hit is None and not continuation and len(token) > 3 and token[0] in "بلو":
        # "بألفي جندي", "لثلاثة" – a preposition glued to the number.
        hit = lex.words.get(token[1:])
        if hit and hit[0] == "ordinal":
            hit = None
    return hit


def parse_digits(text: str) -> float:
    """'2,000' → 2000, '1.5' → 1.5, '2.000' (dot as thousands separator) → 2000."""
    if "," in text:
        parts = text.split(",")
        if all(len(p) == 3 for p in parts[1:]):
            return float("".join(parts))
        return float(text.replace(",", "."))
    if "." in text:
        parts = text.split(".")
        if len(parts) > 2 or (len(parts[1]) == 3 and len(parts[0]) <= 3 and parts[0] != "0"):
            return float("".join(parts))
    return float(text)


def _compose(kinds: list[tuple[str, float]]) -> float | None:
    """Value of a run of number words, e.g. [(thousand,1000),(dual_hundred,200)] → 1200."""
    total, current = 0.0, 0.0
    for kind, value in kinds:
        if kind in ("unit", "ten", "hundred", "dual_hundred"):
            current += value
        elif kind == "teen":
            current += value
        elif kind in ("thousand", "thousand_plural", "million"):
            total += (current or 1) * value
            current = 0
        elif kind in ("dual_thousand", "dual_million"):
            total += value
        else:
            return None
    return total + current


# kinds after which a multiplier cannot follow ("ألف ألفاً" is no number)
_MULTIPLIED = frozenset({"thousand", "thousand_plural", "million", "dual_thousand", "dual_million"})


def find_quantities(tokens: list[Token]) -> list[Quantity]:
    """Every figure in a tokenised, normalised sentence, left to right."""
    lex = lexicon()
    out: list[Quantity] = []
    i, n = 0, len(tokens)
    starters = lex.starters
    while i < n:
        tok = tokens[i].text
        if tok not in starters and not tok[0].isdecimal():
            i += 1
            continue
        q = None
        if tok[0].isdecimal():
            value = parse_digits(tok)
            j = i
            if _comma_decimal(tokens, i, lex):  # "1،5 مليون": the Arabic comma as a decimal point
                value, j = float(f"{tok}.{tokens[i + 2].text}"), i + 2
            # "3 آلاف", "2.5 ألف", "1.5 مليون"
            if j + 1 < n:
                nxt = lex.words.get(tokens[j + 1].text)
                if tokens[j + 1].text in lex.after_number:  # "20 ألفاً"
                    nxt = lex.after_number[tokens[j + 1].text]
                if nxt and nxt[0] in ("thousand", "thousand_plural", "million"):
                    value *= nxt[1]
                    j += 1
            ordinal = i > 0 and tokens[i - 1].text in lex.articles  # "الـ10" (unless hedged: _apply_qualifiers)
            q = Quantity(value, value, value, "exact", i, j, ordinal=ordinal, digits=True)
        elif tok in lex.vague or (i + 1 < n and (tok, tokens[i + 1].text) in lex.vague_phrases):
            if tok in lex.vague:
                low, high = lex.vague[tok]
                j = i
            else:
                low, high = lex.vague_phrases[(tok, tokens[i + 1].text)]
                j = i + 1
            # "عشرات الآلاف": a vague count of thousands
            mult = lex.vague_multipliers.get(tokens[j + 1].text) if j + 1 < n else None
            if mult is not None:
                low, high, j = low * mult, high * mult, j + 1
            q = Quantity(None, low, high, "vague", i, j)
        elif tok in lex.fractions:
            f = lex.fractions[tok]
            q = Quantity(f, f, f, "exact", i, i, fraction=True)
        else:
            hit = _word(tok, lex, continuation=False)
            if hit is None and tok in lex.definite and _definite_licensed(tokens, i, lex):
                hit = lex.definite[tok]
            if hit is not None:
                kind, value = hit
                if kind == "ordinal":
                    j, total = i, value
                    if i + 1 < n and tokens[i + 1].text in lex.teens:
                        j, total = i + 1, value + 10
                    q = Quantity(total, total, total, "exact", i, j, ordinal=True)
                else:
                    run, j = [hit], i
                    while j + 1 < n:
                        nxt_tok = tokens[j + 1].text
                        nxt = lex.words.get(nxt_tok)
                        if nxt_tok in lex.after_number and run[-1][0] not in _MULTIPLIED:
                            nxt = lex.after_number[nxt_tok]  # "عشرون ألفاً": a thousand, not 2000
                        glued = nxt is not None and nxt[0] in ("teen", "thousand", "thousand_plural", "million", "hundred")
                        if not glued:
                            nxt = _word(nxt_tok, lex, continuation=True) if nxt_tok.startswith("و") else None
                        if nxt is None or nxt[0] == "ordinal":
                            break
                        run.append(nxt)
                        j += 1
                    value = _compose(run)
                    if value is not None and (value or run[0][1] == 0):  # "صفر" is a figure: 0
                        q = Quantity(value, value, value, "exact", i, j)
        if q is None:
            i += 1
            continue
        out.append(q)
        i = q.last + 1
    return _apply_qualifiers(tokens, _merge_ranges(tokens, _join_scaled(tokens, out, lex), lex.range_openers))


def _comma_decimal(tokens: list[Token], i: int, lex: _Lexicon) -> bool:
    """'2،5 ألف': digits, the Arabic comma with no space, one or two digits, then a scale word."""
    if i + 3 >= len(tokens) or tokens[i + 1].text != "،":
        return False
    frac, scale = tokens[i + 2], tokens[i + 3].text
    hit = lex.words.get(scale) or lex.after_number.get(scale)
    return (tokens[i + 1].start == tokens[i].end and frac.start == tokens[i + 1].end
            and _plain_digits(tokens[i].text) and _plain_digits(frac.text) and len(frac.text) <= 2
            and hit is not None and hit[0] in ("thousand", "thousand_plural", "million"))


def _plain_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _definite_licensed(tokens: list[Token], i: int, lex: _Lexicon) -> bool:
    """A number word with the article counts only after its definite noun ("القواعد
    الثمانية"), after a hedge ("قرابة الألف") or before a teen ("الخمسة عشر"): alone,
    "الألف" is as often the letter."""
    if i + 1 < len(tokens) and tokens[i + 1].text in lex.teens:
        return True
    if i == 0:
        return False
    prev = tokens[i - 1].text
    if prev in lex.words or prev in lex.definite or prev in lex.vague:
        return False
    if any(prev.startswith(a) and len(prev) > len(a) + 1 for a in lex.articles):
        return True
    return _hedge_before(tokens, i) is not None


def _scale_of(token: str, lex: _Lexicon) -> float | None:
    """The place a scale word fills: 100 for مئة/ثلاثمئة/مئتين, 1000 for ألف/آلاف/ألفين,
    a million for مليون/مليونين; what follows it with و must be smaller."""
    hit = lex.words.get(token) or lex.after_number.get(token) or lex.definite.get(token)
    if hit is None:
        return None
    kind, value = hit
    if kind in ("thousand", "thousand_plural", "million"):
        return value
    return {"hundred": 100.0, "dual_hundred": 100.0, "dual_thousand": 1000.0, "dual_million": 1000000.0}.get(kind)


def _join_scaled(tokens: list[Token], qs: list[Quantity], lex: _Lexicon) -> list[Quantity]:
    """'مليون و300 ألف' → 1,300,000, 'ألف و200' → 1200, 'مئة و50' → 150: a figure ending in a scale word, و,
    and a smaller figure in digits are one number (the tokenizer splits و from the digits)."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if (prev is not None and q.digits and q.qualifier == "exact" and not q.ordinal
                and prev.qualifier == "exact" and not prev.ordinal and not prev.fraction
                and prev.value is not None and q.value is not None
                and q.first == prev.last + 2 and tokens[prev.last + 1].text == "و"
                and not (prev.first > 0 and tokens[prev.first - 1].text in lex.range_openers)):
            scale = _scale_of(tokens[prev.last].text, lex)
            if scale is not None and q.value < scale:
                v = prev.value + q.value
                out[-1] = Quantity(v, v, v, "exact", prev.first, q.last, digits=True)
                continue
        out.append(q)
    return out


def _merge_ranges(tokens: list[Token], qs: list[Quantity], openers: frozenset[str]) -> list[Quantity]:
    """'بين 900 و1000' → one range quantity."""
    out: list[Quantity] = []
    k = 0
    while k < len(qs):
        q = qs[k]
        if (k + 1 < len(qs) and q.value is not None and q.first > 0
                and tokens[q.first - 1].text in openers
                and qs[k + 1].first == q.last + 1 and tokens[qs[k + 1].first].text.startswith("و")
                or k + 1 < len(qs) and q.first > 0 and tokens[q.first - 1].text in openers
                and qs[k + 1].first == q.last + 2 and tokens[q.last + 1].text == "و"):
            nxt = qs[k + 1]
            out.append(Quantity(None, q.low, nxt.high, "range", q.first, nxt.last, digits=q.digits))
            k += 2
            continue
        out.append(q)
        k += 1
    return out


_HEDGE_CLITICS = "وفبل"  # "بنحو 900"، "لأكثر من 170"، "وحوالي 50": glued to a hedge's first word


def _matches_before(tokens: list[Token], end: int, phrase: tuple[str, ...]) -> bool:
    start = end - len(phrase)
    if start < 0:
        return False
    first = tokens[start].text
    if first != phrase[0] and not (first[:1] in _HEDGE_CLITICS and first[1:] == phrase[0]):
        return False
    return all(tokens[start + m].text == w for m, w in enumerate(phrase[1:], 1))


@lru_cache(maxsize=1)
def _qualifiers_by_last_word() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, qual in lexicon().qualifiers_before:  # longest first, kept in that order
        index.setdefault(phrase[-1], []).append((phrase, qual))
    return index


def _hedge_before(tokens: list[Token], end: int) -> tuple[tuple[str, ...], str] | None:
    """The hedge phrase (and its qualifier) whose last word is the token before `end`."""
    if end <= 0:
        return None
    last = tokens[end - 1].text
    by_last = _qualifiers_by_last_word()
    phrases = by_last.get(last, ())
    if last[:1] in _HEDGE_CLITICS:  # a one-word hedge with its clitic: "بنحو"
        phrases = (*phrases, *(p for p in by_last.get(last[1:], ()) if len(p[0]) == 1))
    for phrase, qual in phrases:
        if _matches_before(tokens, end, phrase):
            return phrase, qual
    return None


def _apply_qualifiers(tokens: list[Token], qs: list[Quantity]) -> list[Quantity]:
    articles = lexicon().articles
    out = []
    for q in qs:
        if q.qualifier == "exact" and not q.fraction and q.first > 0:
            end = q.first
            if q.ordinal and q.digits and end > 1 and tokens[end - 1].text in articles:
                end -= 1  # "ما يقارب الـ 31": the article after a hedge makes no ordinal
            hedge = None if q.ordinal and end == q.first else _hedge_before(tokens, end)
            if hedge is not None:
                phrase, qual = hedge
                low = q.value if qual in ("more_than", "at_least", "approx") else None
                high = q.value if qual in ("less_than", "approx") else None
                q = Quantity(q.value, low, high, qual, end - len(phrase), q.last, digits=q.digits)
        out.append(q)
    return out


def qualifier_after(tokens: list[Token], index: int, window: int = 4) -> str | None:
    """A hedge written after the noun: "600 جندي تقريبا", "ألف جندي على الأقل"."""
    lex = lexicon()
    for k in range(index, min(index + window, len(tokens))):
        for phrase, qual in lex.qualifiers_after:
            if all(k + m < len(tokens) and tokens[k + m].text == w for m, w in enumerate(phrase)):
                return qual
    return None


def with_qualifier(q: Quantity, qualifier: str) -> Quantity:
    """Re-hedge a quantity (used when the hedge follows the noun)."""
    v = q.value
    low = v if qualifier in ("more_than", "at_least", "approx", "exact") else None
    high = v if qualifier in ("less_than", "approx", "exact") else None
    return Quantity(v, low, high, qualifier, q.first, q.last, q.ordinal, q.fraction, q.digits)
