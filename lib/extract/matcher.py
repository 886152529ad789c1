"""Finding the lexicon's words in a sentence, fast.

- PhraseSet: whole-word phrases (with an optional clitic, and pronoun forms for
  verbs), answered in token indexes of a sentence;
- StemSet: words that start with a stem;
- PhraseIndex: where each of many phrase sets matches, in one walk over a
  sentence's tokens;
- GateScanner: one regex pass over an article that tells, per sentence, which
  gates are open (which rules can fire there).

The letters and affixes (clitics, the article, pronoun suffixes) come from the
lexicon's "morphology" (lib.extract.words).
"""
from __future__ import annotations

import re
from typing import Collection, Protocol

from lib.extract.words import morphology
from lib.text.numbers import Token, tokenize
from lib.text.textnorm import normalize_term
from lib.text.wordregex import union_pattern

LETTER = "\u0621-\u064a"  # the Arabic letters, as a regex character range
_DIGIT = re.compile(r"\d")
_STARTS_WITH_LETTER = re.compile(f"[{LETTER}]")
_QUOTE_MARKS = r"\"'()\[\]"  # the quotes and brackets tokens drop (a regex character class's inside)
_GAP = rf"[\s{_QUOTE_MARKS}]+"  # between the words of a phrase: spaces, and those marks
_QUOTES = re.compile(f"[{_QUOTE_MARKS}]")  # the marks _GAP lets in between a phrase's words


class TokenizedSentence(Protocol):
    """What the matchers ask of a sentence (lib.extract.sentence.Sentence)."""

    norm: str
    phrase_index: PhraseIndex | None

    @property
    def tokens(self) -> list[Token]: ...

    @property
    def phrase_hits(self) -> dict[PhraseSet, dict[int, int]]: ...

    def token_at(self, char: int) -> int: ...


class PhraseSet:
    """Whole-word phrases, matched in a sentence's normalised text with one compiled
    regex (C speed), with optional clitics on the first word: one (و ف ب ل), or a
    conjunction and a preposition ("وبالقوات"، "وللولايات").

    Results are in token indexes of the sentence. In a sentence built with a
    PhraseIndex that covers this set, answers come from the index."""

    def __init__(self, phrases: list[str], with_pronouns: Collection[str] = ()):
        """`with_pronouns`: one-word phrases that also match with a pronoun glued to them
        ("انسحابها"، "إغلاقه"، "أخلتها"), as verbs and verbal nouns take them."""
        morph = morphology()
        article = morph.definite_article
        takes_pronouns = {normalize_term(w) for w in with_pronouns}
        forms: set[str] = set()
        for p in phrases:
            phrase = " ".join(normalize_term(p).split())
            # and as pages that drop a compound's space print it: "الولاياتالمتحده"
            for words in (w.split() for w in (phrase, *morph.glued_forms(phrase))):
                if not words:
                    continue
                forms.add(" ".join(words))
                if len(words) == 1 and words[0] in takes_pronouns:
                    forms |= pronoun_forms(words[0])
                if words[0].startswith(article):  # ل + ال is written لل
                    forms.add(" ".join([morph.lam_with_article + words[0][len(article):]] + words[1:]))
        alternation = union_pattern(sorted(forms), space=_GAP)
        self.regex = re.compile(rf"(?<![{LETTER}])(?:{morph.clitic_class}?)(?:{alternation})(?![{LETTER}\d])")
        # The token a phrase can start with (its first word, with or without a clitic):
        # match_at looks it up before trying the regex, which most tokens would fail.
        # (Not for a first word with a digit, whose token may run on: "22.5".)
        firsts = [f.split(" ")[0] for f in forms]
        self.first_tokens: frozenset[str] | None = None
        self.one_token: frozenset[str] = frozenset()  # first tokens that are a whole phrase, and begin no longer one
        if not any(_DIGIT.search(w) for w in firsts):
            whole, longer = set(), set()
            for f in forms:
                bare = tokenize(f)
                for c in ("", *morph.clitic_prefixes):
                    # letters glued before a word that starts with a letter only lengthen
                    # its first token (tokenising once per form keeps the build fast)
                    if c and bare and bare[0].start == 0 and _STARTS_WITH_LETTER.match(f):
                        first, n = c + bare[0].text, len(bare)
                    else:
                        toks = tokenize(c + f)
                        if not toks:
                            continue
                        first, n = toks[0].text, len(toks)
                    (whole if n == 1 else longer).add(first)
            self.first_tokens = frozenset(whole | longer)
            self.one_token = frozenset(whole - longer)

    def _index_starts(self, s: TokenizedSentence) -> dict[int, int] | None:
        """{token index: phrase length in tokens} of every match in the sentence,
        from its PhraseIndex; None when no index covers this set."""
        if s.phrase_index is None or self not in s.phrase_index.sets:
            return None
        return s.phrase_hits.get(self, _NO_STARTS)

    def starts(self, s: TokenizedSentence) -> dict[int, int]:
        """{token index: phrase length in tokens} of every match in the sentence,
        in token order (overlapping ones included)."""
        starts = self._index_starts(s)
        if starts is None:
            starts = {}
            for i in range(len(s.tokens)):
                n = self.match_at(s, i)
                if n:
                    starts[i] = n
        return starts

    def match_at(self, s: TokenizedSentence, i: int) -> int:
        """Length in tokens of the longest phrase starting at token i, or 0."""
        if not 0 <= i < len(s.tokens):
            return 0
        tok = s.tokens[i]
        # first, so that a sentence asked only about tokens no phrase starts with
        # never needs its PhraseIndex walk
        if self.first_tokens is not None and tok.text not in self.first_tokens:
            return 0
        starts = self._index_starts(s)
        if starts is not None:
            return starts.get(i, 0)
        m = self.regex.match(s.norm, tok.start)
        return s.token_at(m.end() - 1) - i + 1 if m else 0

    def find(self, s: TokenizedSentence, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
        """(first, last) token indexes of each match starting among tokens [lo, hi),
        left to right, none overlapping the one before."""
        if not s.tokens:
            return []
        hi = len(s.tokens) if hi is None else min(hi, len(s.tokens))
        if lo >= hi:
            return []
        starts = self._index_starts(s)
        if starts is not None:
            out, free = [], lo
            for i, n in starts.items():  # in token order
                if i >= hi:
                    break
                if i >= free:
                    out.append((i, i + n - 1))
                    free = i + n
            return out
        begin, stop = s.tokens[lo].start, s.tokens[hi - 1].end
        return [(s.token_at(m.start()), s.token_at(m.end() - 1)) for m in self.regex.finditer(s.norm, begin, stop)]

    def ends_before(self, s: TokenizedSentence, i: int) -> bool:
        """Does a phrase of the set end right before token i ("إضافة إلى" before "700 في شمال سوريا")?"""
        return any(k + n == i for k, n in self.starts(s).items())

    def any_in(self, s: TokenizedSentence, lo: int = 0, hi: int | None = None) -> bool:
        """Does a match start among tokens [lo, hi)?"""
        lo = max(0, lo)
        hi = len(s.tokens) if hi is None else min(hi, len(s.tokens))
        if lo >= hi:
            return False
        starts = self._index_starts(s)
        if starts is not None:
            return any(lo <= i < hi for i in starts)
        return self.regex.search(s.norm, s.tokens[lo].start, s.tokens[hi - 1].end) is not None


_NO_STARTS: dict[int, int] = {}


def pronoun_forms(word: str) -> set[str]:
    """A normalised word with each attached pronoun: its ta marbuta (normalised to ه)
    written ت ("تقويتها"), a final hamza also on its seat ("اخلاءها"، "اخلايها")."""
    morph = morphology()
    if word.startswith(morph.definite_article) or word.endswith(morph.endings_taking_no_pronoun):
        return set()  # a definite noun, a verb in ى (قضى takes قضاه), or a pronoun already there
    if word.endswith(morph.ta_marbuta):
        stems = {word[:-len(morph.ta_marbuta)] + morph.ta_before_pronoun}
    elif word.endswith(morph.hamza):
        stem = word[:-len(morph.hamza)]
        stems = {word} | {stem + seat for seat in morph.hamza_seats}
    else:
        stems = {word}
    return {stem + pronoun for stem in stems for pronoun in morph.pronoun_suffixes}


class PhraseIndex:
    """Where each of many phrase sets matches in a sentence, found in one walk over
    its tokens.

    The rules ask a sentence about some 25 phrase sets, 120 times in all; a
    dictionary lookup per token, and a regex only where a phrase can start,
    answer all of them for less than a few regex passes would cost."""

    def __init__(self, phrase_sets: list[PhraseSet]):
        self.sets = frozenset(p for p in phrase_sets if p.first_tokens is not None)
        # token -> (the sets it is a whole phrase of, the sets it may begin a longer phrase of)
        by_first: dict[str, tuple[list[PhraseSet], list[PhraseSet]]] = {}
        for p in self.sets:
            for tok in p.first_tokens or ():
                by_first.setdefault(tok, ([], []))[tok not in p.one_token].append(p)
        self.by_first = {tok: (tuple(whole), tuple(longer)) for tok, (whole, longer) in by_first.items()}

    def scan(self, s: TokenizedSentence) -> dict[PhraseSet, dict[int, int]]:
        """{phrase set: {token index: phrase length in tokens}} for every match
        starting at a token of the sentence (overlapping ones included)."""
        hits: dict[PhraseSet, dict[int, int]] = {}
        norm, get = s.norm, self.by_first.get
        for i, (text, start, end) in enumerate(s.tokens):
            entry = get(text)
            if entry is None:
                continue
            whole, longer = entry
            # the token is the whole phrase, unless a digit runs on
            if whole and not norm[end:end + 1].isdecimal():
                for p in whole:
                    hits.setdefault(p, {})[i] = 1
            for p in longer:
                m = p.regex.match(norm, start)
                if m:
                    hits.setdefault(p, {})[i] = s.token_at(m.end() - 1) - i + 1
        return hits


class StemSet(PhraseSet):
    """Words that start with a stem: "أمريك" matches أمريكي، الأمريكية، أمريكيين."""

    def __init__(self, stems: list[str]):
        alternation = union_pattern([normalize_term(x) for x in stems])
        self.first_tokens = None
        self.one_token = frozenset()
        self.regex = re.compile(rf"(?<![{LETTER}]){morphology().clitic_class}?(?:{alternation})[{LETTER}]*")


class GateScanner:
    """One regex pass over each sentence that tells which rules can fire there (their
    gate words occur) and whether it holds a figure or a date. Most sentences of a
    story hold no claim; one pass is far cheaper than trying every rule on each."""

    def __init__(self, words: dict[str, list[str]], stems: dict[str, list[str]]):
        morph = morphology()
        article = morph.definite_article
        # the regex's optional clitic takes the first letter of لل: the word keeps the rest
        lam_article = morph.lam_with_article[1:]
        self.word_gates: dict[str, set[str]] = {}
        for gate, ws in words.items():
            for w in ws:
                form = " ".join(normalize_term(w).split())
                if not form:
                    continue
                for f in (form, *morph.glued_forms(form)):  # and as pages that glue a compound print it
                    self.word_gates.setdefault(f, set()).add(gate)
                    if f.startswith(article):  # ل + ال is written لل: "للعام"
                        self.word_gates.setdefault(lam_article + f[len(article):], set()).add(gate)
        self.stem_gates: dict[str, set[str]] = {}
        for gate, xs in stems.items():
            for x in xs:
                stem = normalize_term(x)
                self.stem_gates.setdefault(stem, set()).add(gate)
                if stem.startswith(article):  # "للهجوم": ل + الهجوم
                    self.stem_gates.setdefault(lam_article + stem[len(article):], set()).add(gate)
        # A phrase is matched whole, so the words inside it must open their gates through it:
        # "العسكريين الأمريكيين" (a troop phrase) names the US too.
        for form, gates in self.word_gates.items():
            if " " in form:
                for part in form.split():
                    gates |= self.word_gates.get(part, set()) if part != form else set()
                    gates |= next((g for stem, g in self.stem_gates.items() if part.startswith(stem)), set())
        self.digit_forms = {w for w in self.word_gates if _DIGIT.search(w)}
        self.group_of = {gate: gate[6:] for gate in (*words, *stems) if gate.startswith("group:")}  # gate -> group
        # One trie of words and stems: a stem matches the start of a word, and wins
        # over the gate words it begins. A word starts after a non-letter, which the
        # regex consumes rather than checks with a lookbehind: a pattern that opens
        # with a character class lets `re` skip through the letters of other words
        # at C speed.
        # (a phrase gate's words may have quotes between, as the tokens drop them: 'تنظيم "الدولة"')
        alternation = union_pattern(self.word_gates, stems=self.stem_gates, word_end=rf"(?![{LETTER}])", space=_GAP)
        self.regex = re.compile(rf"[^{LETTER}]{morph.clitic_class}?({alternation})")

    def scan(self, norm: str, starts: list[int]) -> list[set[str]]:
        """Gates per sentence of `norm` (sentences beginning at the offsets `starts`,
        each ended by "\n" or the end of the text)."""
        # "\n" first, so that a word at the very start has a non-letter before it:
        # sentence i is then padded[starts[i]:...], with the "\n" before it included
        padded = "\n" + norm
        ends = starts[1:] + [len(norm)]
        findall, stem_gates, word_gates = self.regex.findall, self.stem_gates, self.word_gates  # hot loop
        found: list[set[str]] = []
        for start, end in zip(starts, ends):
            gates: set[str] = set()
            digit_word = False
            for form in set(findall(padded, start, end + 1)):  # a word said twice is looked up once
                if form in stem_gates:
                    gates.update(stem_gates[form])
                    continue
                if form not in word_gates:  # a phrase written with a tab, a double space or quotes
                    form = " ".join(_QUOTES.sub(" ", form).split())
                gates.update(word_gates.get(form, ()))
                digit_word = digit_word or form in self.digit_forms
            # a digit (outside gate words such as "البرج 22") means a figure or a date may be there
            if _DIGIT.search(norm, start, end) is not None and (
                    not digit_word or self._digit_outside_words(padded, norm, start, end)):
                gates.update(("figure", "date"))
            found.append(gates)
        return found

    def _digit_outside_words(self, padded: str, norm: str, start: int, end: int) -> bool:
        """Is a digit of norm[start:end] outside every gate word that has digits in it?"""
        spans = []  # in `norm`'s offsets (a match in `padded` starts at the non-letter before its word)
        for m in self.regex.finditer(padded, start, end + 1):
            form = m.group(1)
            if form not in self.stem_gates and " ".join(_QUOTES.sub(" ", form).split()) in self.digit_forms:
                spans.append((m.start(), m.end() - 1))
        return any(not any(a <= d.start() < b for a, b in spans) for d in _DIGIT.finditer(norm, start, end))
