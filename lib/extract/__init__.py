"""Claims from article text: troop figures, attack and strike counts, base
status, incidents — each traced to its sentence.

The extractor is anchored on nouns: a figure becomes a claim only when it
counts something the product tracks (٢٠٠٠ *جندي*، 130 *هجمة*، عشرات *الضربات*،
3 *قواعد*) or is tied to such a figure by the sentence's grammar ("من 2000
جندي *إلى* 1400", "*إلى* النصف"). Years, days of the month, durations,
vehicles, prisoners and channel names therefore never become claims, without a
list of what to ignore. Word lists live in data/reference/lexicon.json.

Every sentence is normalised (lib.textnorm); it is tokenised, and its dates,
figures and places found, only when a rule's gate words occur in it, which
keeps ingest fast.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any, Callable, Collection, Generic, NamedTuple, TypeVar

from lib.text import dates as dates_module
from lib.text import numbers as numbers_module
from lib.text.dates import DateRef, find_dates
from lib.text.numbers import Quantity, Token, find_quantities, qualifier_after, tokenize, with_qualifier
from lib.text.places import PlaceMatch, find_places, load_gazetteer
from lib.reference import REFERENCE_DIR
from lib.text.sentences import split_sentences
from lib.text.textnorm import normalize, normalize_term, normalize_with_offsets
from lib.text.wordregex import union_pattern

LEXICON_FILE = REFERENCE_DIR / "lexicon.json"

BASE_KINDS = {"base", "oil_field", "gas_field"}  # gazetteer kinds that can have a base status
# Most specific first: an incident "in al-Bahra, Hajin district, Deir ez-Zor" is placed at al-Bahra.
PLACE_SPECIFICITY = {"base": 0, "oil_field": 0, "gas_field": 0, "camp": 0, "prison": 0,
                     "neighbourhood": 1, "village": 2, "town": 2, "city": 3, "district": 4, "region": 5,
                     "governorate": 6, "river": 7, "country": 8}


_LETTER = "\u0621-\u064a"
_DIGIT = re.compile(r"\d")
_GAP = r"[\s\"'()\[\]]+"  # between the words of a phrase: spaces, and the quotes tokens drop


class PhraseSet:
    """Whole-word phrases, matched in a sentence's normalised text with one compiled
    regex (C speed), with an optional clitic (و ف ب ل) on the first word.

    Results are in token indexes of the sentence. In a sentence built with a
    PhraseIndex that covers this set, answers come from the index."""

    def __init__(self, phrases: list[str], with_pronouns: Collection[str] = ()):
        """`with_pronouns`: one-word phrases that also match with a pronoun glued to them
        ("انسحابها"، "إغلاقه"، "أخلتها"), as verbs and verbal nouns take them."""
        takes_pronouns = {normalize_term(w) for w in with_pronouns}
        forms: set[str] = set()
        for p in phrases:
            words = normalize_term(p).split()
            if not words:
                continue
            forms.add(" ".join(words))
            if len(words) == 1 and words[0] in takes_pronouns:
                forms |= _with_pronouns(words[0])
            if words[0].startswith("ال"):  # ل + ال is written لل
                forms.add(" ".join(["لل" + words[0][2:]] + words[1:]))
        alternation = union_pattern(sorted(forms), space=_GAP)
        self.regex = re.compile(rf"(?<![{_LETTER}])(?:[وفبل]?)(?:{alternation})(?![{_LETTER}\d])")
        # The token a phrase can start with (its first word, with or without a clitic):
        # match_at looks it up before trying the regex, which most tokens would fail.
        # (Not for a first word with a digit, whose token may run on: "22.5".)
        firsts = [f.split(" ")[0] for f in forms]
        self.first_tokens: frozenset[str] | None = None
        self.one_token: frozenset[str] = frozenset()  # first tokens that are a whole phrase, and begin no longer one
        if not any(_DIGIT.search(w) for w in firsts):
            whole, longer = set(), set()
            for f in forms:
                for c in ("", "و", "ف", "ب", "ل"):
                    toks = tokenize(c + f)
                    if toks:
                        (whole if len(toks) == 1 else longer).add(toks[0].text)
            self.first_tokens = frozenset(whole | longer)
            self.one_token = frozenset(whole - longer)

    def _index_starts(self, s: "Sentence") -> dict[int, int] | None:
        """{token index: phrase length in tokens} of every match in the sentence,
        from its PhraseIndex; None when no index covers this set."""
        if s.phrase_index is None or self not in s.phrase_index.sets:
            return None
        return s.phrase_hits.get(self, _NO_STARTS)

    def starts(self, s: "Sentence") -> dict[int, int]:
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

    def match_at(self, s: "Sentence", i: int) -> int:
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

    def find(self, s: "Sentence", lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
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

    def any_in(self, s: "Sentence", lo: int = 0, hi: int | None = None) -> bool:
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
_OTHER_POWERS = frozenset({"Russia", "Turkey", "Iran-backed militias", "Israel"})  # troops not the coalition's
_CLAUSE_BREAKS = frozenset({"،", ",", ".", "؛", ";", ":", "اذ", "حيث"})
_PRONOUNS = ("ه", "ها", "هما", "هم")


def _with_pronouns(word: str) -> set[str]:
    """A normalised word with each attached pronoun: its ta marbuta (normalised to ه)
    written ت ("تقويتها"), a final hamza also on its seat ("اخلاءها"، "اخلايها")."""
    if word.startswith("ال") or word.endswith(("ي", "ها", "هم", "هما")):
        return set()  # a definite noun, a verb in ى (قضى takes قضاه), or a pronoun already there
    if word.endswith("ه"):
        stems = {word[:-1] + "ت"}
    elif word.endswith("ء"):
        stems = {word, word[:-1] + "ي", word[:-1] + "و"}
    else:
        stems = {word}
    return {stem + pronoun for stem in stems for pronoun in _PRONOUNS}


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

    def scan(self, s: "Sentence") -> dict[PhraseSet, dict[int, int]]:
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
        self.regex = re.compile(rf"(?<![{_LETTER}])[وفبل]?(?:{alternation})[{_LETTER}]*")


class GateScanner:
    """One regex pass over each sentence that tells which rules can fire there (their
    gate words occur) and whether it holds a figure or a date. Most sentences of a
    story hold no claim; one pass is far cheaper than trying every rule on each."""

    def __init__(self, words: dict[str, list[str]], stems: dict[str, list[str]]):
        self.word_gates: dict[str, set[str]] = {}
        for gate, ws in words.items():
            for w in ws:
                form = " ".join(normalize_term(w).split())
                if not form:
                    continue
                self.word_gates.setdefault(form, set()).add(gate)
                if form.startswith("ال"):  # ل + ال is written لل: "للعام"
                    self.word_gates.setdefault("ل" + form[2:], set()).add(gate)
        self.stem_gates: dict[str, set[str]] = {}
        for gate, xs in stems.items():
            for x in xs:
                self.stem_gates.setdefault(normalize_term(x), set()).add(gate)
        self.digit_forms = {w for w in self.word_gates if _DIGIT.search(w)}
        self.group_of = {gate: gate[6:] for gate in (*words, *stems) if gate.startswith("group:")}  # gate -> group
        # One trie of words and stems: a stem matches the start of a word, and wins
        # over the gate words it begins. A word starts after a non-letter, which the
        # regex consumes rather than checks with a lookbehind: a pattern that opens
        # with a character class lets `re` skip through the letters of other words
        # at C speed.
        alternation = union_pattern(self.word_gates, stems=self.stem_gates, word_end=rf"(?![{_LETTER}])")
        self.regex = re.compile(rf"[^{_LETTER}][وفبل]?({alternation})")

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
                if form not in word_gates:  # a phrase written with a tab or double space
                    form = " ".join(form.split())
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
            if form not in self.stem_gates and " ".join(form.split()) in self.digit_forms:
                spans.append((m.start(), m.end() - 1))
        return any(not any(a <= d.start() < b for a, b in spans) for d in _DIGIT.finditer(norm, start, end))


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
    base_count_nouns: dict[str, int | None]
    status_sets: dict[str, PhraseSet]
    any_status: PhraseSet  # all the status words in one: most base sentences have none
    groups: list[Group]
    gates: "GateScanner"
    phrase_index: PhraseIndex  # all the phrase sets above, answered per sentence in one walk


def _base_names() -> list[str]:
    """Arabic names of bases and fields in the gazetteer ("التنف" is a base without the word قاعدة)."""
    gaz = load_gazetteer()
    names: list[str] = []
    for row in gaz[gaz["kind"].isin(BASE_KINDS)].itertuples():
        variants = row.variants_ar if isinstance(row.variants_ar, str) else ""
        names += [n.lstrip("?") for n in [row.name_ar, *variants.split("|")] if n]
    return names


# Lists whose words are verbs and verbal nouns: they also match with a pronoun glued
# on ("مقتله"، "خفضهم"); base statuses likewise (Lexicon.status_sets). Not the words of
# the lexicon's no_pronoun_forms, whose forms are other words (أسرة "family", قضية "case").
_CASUALTY_KEYS = ("killed", "injured", "arrested")  # lexicon lists, and incident columns
_TAKE_PRONOUNS = frozenset({*_CASUALTY_KEYS, "change_verbs", "troop_delta_verbs"})


def _pronoun_forms(words: list[str]) -> list[str]:
    """Each one-word word with the pronouns it can take (for gate words)."""
    norms = [normalize_term(w) for w in words]
    return [f for w in norms if " " not in w for f in sorted(_with_pronouns(w))]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    list_keys = [k for k, v in raw.items() if isinstance(v, list) and k != "groups"]
    no_pronouns = {normalize_term(w) for w in raw["no_pronoun_forms"]}

    def pronoun_takers(words: list[str]) -> list[str]:
        return [w for w in words if normalize_term(w) not in no_pronouns]

    sets = {k: PhraseSet(raw[k], pronoun_takers(raw[k]) if k in _TAKE_PRONOUNS else ()) for k in list_keys}
    groups = [
        Group(g["name"], PhraseSet(g["words"]), PhraseSet(g["article_words"]) if g.get("article_words") else None,
              StemSet(g["stems"]) if g.get("stems") else None, "group:" + g["name"], "agroup:" + g["name"])
        for g in raw["groups"]
    ]
    casualty_words = [w for key in _CASUALTY_KEYS for w in raw[key]]
    status_sets = {k: PhraseSet(v, pronoun_takers(v)) for k, v in raw["base_status"].items()}
    all_statuses = [w for v in raw["base_status"].values() for w in v]
    any_status = PhraseSet(all_statuses, pronoun_takers(all_statuses))
    return Lexicon(
        sets=sets,
        word_sets={k: frozenset(normalize_term(w) for w in raw[k]) for k in list_keys},
        base_count_nouns={normalize_term(k): v for k, v in raw["base_count_nouns"].items()},
        status_sets=status_sets,
        any_status=any_status,
        groups=groups,
        phrase_index=PhraseIndex([*sets.values(), *status_sets.values(), any_status,
                           *(p for g in groups for p in (g.words, g.article_words, g.stems) if p is not None)]),
        gates=GateScanner(
            words={
                "troop": raw["troop_nouns"],
                "force": raw["troop_force_words"],
                "isis_ops": raw["isis_attack_nouns"],
                "strike": raw["strike_nouns"] + raw["strike_dual_nouns"],
                "base": raw["base_words"] + _base_names(),
                "casualty": casualty_words + raw["killed_dual"] + raw["injured_dual"]
                            + _pronoun_forms(pronoun_takers(casualty_words)),
                "figure": numbers_module.hint_words(),
                "date": dates_module.hint_words(),
                **{"group:" + g["name"]: g["words"] for g in raw["groups"]},
                # words that name a group only in an article that names it plainly ("التنظيم")
                **{"agroup:" + g["name"]: g["article_words"] for g in raw["groups"] if g.get("article_words")},
            },
            stems={"attack": raw["attack_stems"],
                   **{"group:" + g["name"]: g["stems"] for g in raw["groups"] if g.get("stems")}},
        ),
    )


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
    groups: list[tuple[int, str]] | None = field(default=None, repr=False)  # cached by ArticleExtractor
    roles: tuple[str | None, str | None] | None = field(default=None, repr=False)  # likewise
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


def _claim(kind: str, s: Sentence, **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "evidence": s.text, "span_start": s.start, "span_end": s.end, **fields}


def _range_fields(q: Quantity) -> dict[str, Any]:
    return {"value": q.value, "low": q.low, "high": q.high, "qualifier": q.qualifier}


def _period_fields(ref: DateRef | None) -> dict[str, Any]:
    if ref is None:
        return {"period_start": None, "period_end": None, "date_precision": "unknown"}
    return {"period_start": ref.period_start, "period_end": ref.period_end, "date_precision": ref.precision}


class ArticleExtractor:
    """Runs every claim rule over one article's sentences."""

    def __init__(self, text: str, published: date | None,
                 normalized: tuple[str, Callable[[int], int]] | None = None):
        """`normalized`: normalize_with_offsets(text) when the caller already has it."""
        self.text = text
        self.published = published
        self.lex = lexicon()
        self.sentences: list[Sentence] = []
        whole = normalized if normalized is not None else normalize_with_offsets(text)
        for i, (start, end) in enumerate(split_sentences(text)):
            sent_text = text[start:end]
            if whole is not None:
                norm_text, to_norm = whole
                norm = norm_text[to_norm(start):to_norm(end)].strip()
            else:
                norm = normalize(sent_text)
            self.sentences.append(Sentence(i, start, end, sent_text, norm, published, phrase_index=self.lex.phrase_index))
        joined, starts, pos = [], [], 0
        for sent in self.sentences:
            starts.append(pos)
            joined.append(sent.norm)
            pos += len(sent.norm) + 1
        article_norm = "\n".join(joined)
        for sent, gates in zip(self.sentences, self.lex.gates.scan(article_norm, starts)):
            sent.gates = gates
        # the groups the article names anywhere ("التنظيم" means ISIS only in an article about it)
        group_of = self.lex.gates.group_of
        named = group_of.keys() & set().union(*(sent.gates for sent in self.sentences))
        self.article_groups = {group_of[g] for g in named}

    # ------------------------------------------------------------ article context
    def groups_in(self, s: Sentence) -> list[tuple[int, str]]:
        """(token index, group name) for each actor/target named in the sentence."""
        if s.groups is None:
            s.groups = self._find_groups(s)
        return s.groups

    def _find_groups(self, s: Sentence) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        taken: set[int] = set()
        for name, words, article_words, stems, gate, article_gate in self.lex.groups:
            plain, contextual = gate in s.gates, article_gate in s.gates
            if not plain and not (contextual and name in self.article_groups):
                continue
            spans = words.find(s) if plain else []
            if article_words and contextual and name in self.article_groups:
                spans += article_words.find(s)
            for a, b in spans:
                if not taken.intersection(range(a, b + 1)):
                    found.append((a, name))
                    taken.update(range(a, b + 1))
            if stems:
                for i, _ in stems.find(s):
                    if i not in taken:
                        found.append((i, name))
                        taken.add(i)
        return sorted(found)

    def roles(self, s: Sentence) -> tuple[str | None, str | None]:
        """(actor, target) in the sentence: a group after a target cue ("ضد", "استهدف",
        "مقتل", "القبض على") is the target, after an actor cue ("شنته", "نفذها") the actor;
        otherwise the first group named is the actor."""
        mentions = self.groups_in(s)
        if not mentions:
            return None, None
        if s.roles is None:
            s.roles = self._find_roles(s, mentions)
        return s.roles

    def _find_roles(self, s: Sentence, mentions: list[tuple[int, str]]) -> tuple[str | None, str | None]:
        sets = self.lex.sets
        # where each cue word starts, looked up by token index below
        target_cues, actor_cues = sets["target_cues"].starts(s), sets["actor_cues"].starts(s)
        event_nouns = (sets["event_nouns"].starts(s), sets["strike_nouns"].starts(s), sets["attack_nouns"].starts(s))
        weapons, speech = sets["weapon_nouns"].starts(s), sets["speech_verbs"].starts(s)
        # a verb right after the group, its subject: "داعش نفذ"، "خلايا التنظيم التي نفذت"، "القوات الأمريكية تعرضت"
        acts_after, suffers_after = sets["actor_cues_after"].starts(s), sets["target_cues_after"].starts(s)
        actor = target = None
        neutral: list[str] = []
        speakers: list[str] = []
        prev_end = 0
        for k, (idx, name) in enumerate(mentions):
            lo = max(prev_end, idx - 8)
            did = suffered = None
            if acts_after or suffers_after:
                # within the group's own words (up to 4) and a relative pronoun, in the same
                # clause ("(قسد)، إذ نفذت خلاياه": not قسد's), and before the next group
                end = min(idx + 6, mentions[k + 1][0] if k + 1 < len(mentions) else len(s.tokens))
                after = range(idx + 1, next((i for i in range(idx + 1, end) if s.tok(i) in _CLAUSE_BREAKS), end))
                did = next((i for i in after if i in acts_after), None)
                suffered = next((i for i in after if i in suffers_after), None)
            cue_t = [i for i in target_cues if lo <= i < idx]
            cue_a = [i for i in actor_cues if lo <= i < idx]
            # right after the event noun: "هجوم تنظيم الدولة", "غارة أمريكية" – the author
            noun_at = idx - 2 if s.tok(idx - 1) in ("من", "ل") else idx - 1  # "هجوما من الفصائل"
            after_event = noun_at >= 0 and any(noun_at in nouns for nouns in event_nouns)
            # whose weapon: "طائرة مسيرة تركية"
            armed = idx - 2 in weapons or idx - 1 in weapons
            # (a verb after the group makes it the actor unless a target cue comes before:
            # "20 هجوما ضد قسد استهدفت نقاطها")
            if after_event or armed or (did is not None and not cue_t) or (cue_a and (not cue_t or cue_a[-1] > cue_t[-1])):
                actor = actor or name
            elif cue_t or suffered is not None:
                target = target or name
            elif idx > 0 and idx - 1 in speech:
                speakers.append(name)  # "قالت قسد إن ...": who reports it, often the side hit
            else:
                neutral.append(name)
            # a verb after this group is its own, not a cue for the next group
            prev_end = max(idx, did if did is not None else idx, suffered if suffered is not None else idx) + 1
        for name in neutral + speakers:
            if actor is None and name != target:
                actor = name
            elif target is None and name != actor:
                target = name
        return actor, (target if target != actor else None)

    def _date_context(self, s: Sentence, inherit: bool) -> list[DateRef]:
        """The sentence's dates; for an event told without one, the previous sentence's."""
        if s.dates or not inherit or s.index == 0:
            return s.dates
        prev = self.sentences[s.index - 1]
        return [d for d in prev.dates if d.precision in ("day", "month") and not d.since][-1:]

    def _period_for(self, s: Sentence, q: Quantity, others: list[Quantity]) -> DateRef | None:
        """The period a count covers: the first date expression after it (before the next
        count), else the nearest one before it."""
        q_end = s.tokens[q.last].end
        nxt = [o for o in others if o.first > q.last]
        limit = s.tokens[nxt[0].first].start if nxt else len(s.norm)
        after = [d for d in s.dates if q_end <= d.start < limit]
        if after:
            return after[0]
        before = [d for d in s.dates if d.end <= s.tokens[q.first].start]
        return before[-1] if before else None

    def _since_end(self, s: Sentence, ref: DateRef) -> DateRef:
        """'The tenth attack since the start of the month' counts up to the attack just
        reported: end the period at the latest day-date of this or the previous sentence."""
        pool = [d for d in s.dates if d is not ref]
        if s.index > 0:
            pool += self.sentences[s.index - 1].dates
        days = [d.period_start for d in pool
                if d.precision == "day" and not d.since and ref.period_start <= d.period_start <= ref.period_end]
        if days:
            return replace(ref, period_end=max(days))
        return ref

    # ------------------------------------------------------------ rules
    def run(self) -> list[dict[str, Any]]:
        # Each rule runs only where its words occur: most sentences of a story hold
        # no claim, and one regex search is far cheaper than tokenising them.
        claims: list[dict[str, Any]] = []
        for s in self.sentences:
            gates = s.gates
            figure = "figure" in gates
            # a troop figure has its noun ("900 جندي") or ends a change of a force ("عديد القوات إلى 900")
            if figure and ("troop" in gates or ("force" in gates and "الي" in s.norm)):
                claims += self.troops(s)
            if "attack" in gates or ("isis_ops" in gates and "group:ISIS" in gates):
                if figure:
                    claims += self.counts(s, "attack_nouns", "attacks")
                    claims += self.ordinal_attacks(s)
                elif self._names_dual(s, "attack_dual_nouns"):  # "هجومين": a figure without one
                    claims += self.counts(s, "attack_nouns", "attacks")
            if "strike" in gates and (figure or self._names_dual(s, "strike_dual_nouns")):
                claims += self.counts(s, "strike_nouns", "strikes")
            if "base" in gates:
                claims += self.bases(s)
            if "casualty" in gates and "date" in gates:
                claims += self.incidents(s)
        return _dedupe(claims)

    def _noun_after(self, s: Sentence, q: Quantity, key: str) -> int:
        """Token index of a `key` noun right after the figure ("2000 جندي", "2000 من الجنود"), or -1."""
        nouns = self.lex.sets[key]
        i = q.last + 1
        if nouns.match_at(s, i) if i < len(s.tokens) else False:
            return i
        if s.tok(i) == "من" and i + 1 < len(s.tokens) and nouns.match_at(s, i + 1):
            return i + 1
        return -1

    def troops(self, s: Sentence) -> list[dict[str, Any]]:
        lex = self.lex
        # cheap first test: a figure with a troop noun after it, or one after "إلى";
        # among all figures first, since most sentences fail it there, before their
        # dates (which set some figures aside) are needed
        if not any(self._may_count_troops(s, q) for q in s.all_quantities):
            return []
        if not any(self._may_count_troops(s, q) for q in s.quantities):
            return []
        qs = [q for q in s.quantities if not q.ordinal]
        has_change = lex.sets["change_verbs"].any_in(s)
        force_count = any(lex.sets["troop_force_words"].any_in(s, b + 1, b + 3)
                          for _, b in lex.sets["troop_count_nouns"].find(s))
        future = lex.sets["future_cues"].any_in(s)
        out: list[dict[str, Any]] = []
        base: Quantity | None = None  # the figure a change starts from ("من 2000 جندي")
        for q in qs:
            if self._after_casualty_word(s, q):
                continue  # "أدى إلى مقتل 9 جنود": the dead, not a troop level
            noun = self._noun_after(s, q, "troop_nouns") if not q.fraction else -1
            before = q.first - 1
            while s.tok(before) in ("ما", "بين", "مابين"):  # "إلى ما بين 900 و1000"
                before -= 1
            after_ila = s.tok(before) in ("الي", "لي")
            if noun >= 0 and self._is_troop_delta(s, q, noun):
                continue  # "ستسحب ألف جندي", "500 جندي إضافي": a movement, not a level
            if noun < 0 and self._troop_total(s, q, qs):
                noun = q.last  # "سحب 1000 جندي من أصل 2000": 2000 is the level
            elif noun < 0:
                # A figure without its noun counts troops only as the end of a change
                # ("من 2000 جندي إلى ما يقارب 1400", "عديد القوات إلى 900", "إلى النصف").
                if not (after_ila and has_change and (base is not None or force_count)):
                    continue
            if noun >= 0 and (lex.sets["other_country_troops"].any_in(s, noun + 1, noun + 3)
                              or lex.word_sets["other_host_countries"].intersection(
                                  s.tok(k).lstrip("وب") for k in range(noun + 1, noun + 5))):
                continue  # Russian/Turkish/... troops, or troops in Iraq, Jordan ...
            if self._deployed_by_another_power(s, q, noun):
                continue  # "تنشر روسيا نحو 4000 عسكري"
            actor = self._foreign_actor(s)
            if actor is None:
                continue
            if q.fraction:
                if base is None or base.value is None:
                    continue
                value = base.value * q.value
                qual = "half_of" if abs(q.value - 0.5) < 1e-9 else "approx"
                fields = {"value": value, "low": value, "high": value, "qualifier": qual}
            else:
                after = qualifier_after(s.tokens, (noun if noun >= 0 else q.last) + 1, window=3)
                if after and q.qualifier == "exact":
                    q = with_qualifier(q, after)
                fields = _range_fields(q)
            when = self._troop_when(s, q, after_ila, has_change, future)
            if not after_ila and has_change and s.tok(q.first - 1) in ("من", "البالغ", "البالغه") or \
                    any(s.tok(k) in ("البالغ", "البالغه") for k in range(q.first - 2, q.first)) and has_change:
                base = q
            elif base is None and noun >= 0:
                base = q
            out.append(_claim("troops", s, when=when, actor=actor, **fields))
        return out

    def _deployed_by_another_power(self, s: Sentence, q: Quantity, noun: int) -> bool:
        """Is the side named last before the figure, in its clause, another power than the
        US and the coalition ("فيما تحتفظ روسيا بنحو 3 آلاف جندي"), and the troops not
        said to be American ("مقابل 2000 جندي أمريكي")?"""
        if noun >= 0 and self.lex.sets["foreign_troop_markers"].any_in(s, noun + 1, noun + 3):
            return False
        lo = self._clause_start(s, q.first, 12)
        named = [name for idx, name in self.groups_in(s) if lo <= idx < q.first]
        # "تنشر الولايات المتحدة قرب الحدود التركية نحو 900 جندي": the US is named in the clause
        return bool(named) and named[-1] in _OTHER_POWERS and not {"US", "coalition"} & set(named)

    def _after_casualty_word(self, s: Sentence, q: Quantity) -> bool:
        sets = self.lex.sets
        return q.first > 0 and any(sets[key].match_at(s, q.first - 1) for key in _CASUALTY_KEYS)

    def _may_count_troops(self, s: Sentence, q: Quantity) -> bool:
        return not q.ordinal and (s.tok(q.first - 1) in ("الي", "لي") or self._noun_after(s, q, "troop_nouns") >= 0)

    def _is_troop_delta(self, s: Sentence, q: Quantity, noun: int) -> bool:
        lex = self.lex
        return (lex.sets["troop_delta_verbs"].any_in(s, max(0, q.first - 3), q.first)
                or lex.sets["troop_delta_after"].any_in(s, noun + 1, noun + 3))

    def _troop_total(self, s: Sentence, q: Quantity, qs: list[Quantity]) -> bool:
        """Is q the N of "<troop figure> من أصل N"?"""
        of_total = self.lex.sets["of_total"]
        for k in range(max(0, q.first - 3), q.first):
            n = of_total.match_at(s, k)
            if n and k + n == q.first:
                return any(p.last < k and self._noun_after(s, p, "troop_nouns") == k - 1 for p in qs)
        return False

    def _foreign_actor(self, s: Sentence) -> str | None:
        names = {n for _, n in self.groups_in(s)}
        for name in ("US", "coalition"):
            if name in names:
                return name
        if names & _OTHER_POWERS:
            return None
        for name in ("US", "coalition"):
            if name in self.article_groups:
                return name
        return None

    def _troop_when(self, s: Sentence, q: Quantity, after_ila: bool, has_change: bool, future: bool) -> str:
        when = self._troop_tense(s, q, after_ila, has_change, future)
        if when == "current" and self._dated_long_before(s, self._clause_start(s, q.first, 12)):
            return "past"  # "بلغ عدد الجنود 2000 جندي عام 2018"
        return when

    def _troop_tense(self, s: Sentence, q: Quantity, after_ila: bool, has_change: bool, future: bool) -> str:
        lex = self.lex
        window_lo = self._clause_start(s, q.first, 12)
        if lex.sets["past_cues"].any_in(s, window_lo, q.first):
            return "past"  # "وكان عدد الجنود قد وصل إلى 2000"
        if after_ila and has_change:
            completed = lex.sets["completed_change"].any_in(s, 0, q.first)
            return "planned" if future or not completed else "current"
        if has_change and (s.tok(q.first - 1) == "من" or any(s.tok(k) in ("البالغ", "البالغه") for k in range(q.first - 2, q.first))):
            later_target = any(s.tok(k) in ("الي", "لي") for k in range(q.last + 1, len(s.tokens)))
            if later_target:
                return "past"
        if lex.sets["current_cues"].any_in(s, window_lo, q.first):
            return "current"
        if lex.sets["future_cues"].any_in(s, window_lo, q.first):
            return "planned"
        return "current"

    def _dated_long_before(self, s: Sentence, first_token: int) -> bool:
        """The clause is dated well before publication ("2000 جندي عام 2017"): a past figure."""
        if s.published is None or not s.dates:
            return False
        clause_start = s.tokens[first_token].start if first_token < len(s.tokens) else 0
        return any(d.start >= clause_start and (s.published - d.period_end).days > 90 for d in s.dates)

    @staticmethod
    def _clause_start(s: Sentence, i: int, limit: int) -> int:
        """Start of the look-back window before token i: `limit` tokens, or the last comma."""
        lo = max(0, i - limit)
        for k in range(i - 1, lo - 1, -1):
            if s.tok(k) in ("،", ",", "؛", ":"):
                return k + 1
        return lo

    def counts(self, s: Sentence, noun_key: str, kind: str) -> list[dict[str, Any]]:
        """Counts of attacks or air strikes: "130 هجمة"، "عشرات الضربات الجوية"."""
        # among all figures first: most sentences count nothing, and then their dates
        # (which set some figures aside) are never needed
        duals = self._dual_counts(s, noun_key)
        if not duals and not self._counted(s, s.all_quantities, noun_key, kind):
            return []
        hits = self._counted(s, s.quantities, noun_key, kind) + duals
        if not hits:
            return []
        qs = sorted([q for q in s.quantities if not q.ordinal and not q.fraction] + duals, key=lambda q: q.first)
        actor, target = self.roles(s)
        if kind == "attacks" and actor is None and "ISIS" in self.article_groups:
            actor = "ISIS"
        out = []
        for q in sorted(hits, key=lambda x: x.first):
            if self._only_in_iraq(s, q.last + 1):
                continue  # "إضافة إلى غارتين في العراق"
            ref = self._period_for(s, q, qs)
            if ref is not None and ref.since:
                ref = self._since_end(s, ref)
            out.append(_claim(kind, s, actor=actor, target=target, cumulative=bool(ref and ref.since),
                              **_range_fields(q), **_period_fields(ref)))
        return out

    def _only_in_iraq(self, s: Sentence, after: int) -> bool:
        """Is the count, whose figure ends before token `after`, placed in Iraq alone
        ("غارة جوية في العراق", "بالعراق"; not "في العراق وسوريا", nor the group
        "المقاومة الإسلامية في العراق")?"""
        for k in range(after, min(after + 4, len(s.tokens))):
            t = s.tok(k)
            if t == "بالعراق" or (t in ("في", "داخل") and s.tok(k + 1) == "العراق"):
                if self._in_group_name(s, k + 1):
                    continue
                return not s.tok(k + 2).startswith(("وسوري", "وفي"))
        return False

    def _in_group_name(self, s: Sentence, i: int) -> bool:
        return any(a <= i <= b for g in self.lex.groups if g.gate in s.gates for a, b in g.words.find(s))

    def _names_dual(self, s: Sentence, key: str) -> bool:
        """A cheap first test: does one of the `key` dual nouns occur in the sentence's text?"""
        return any(w in s.norm for w in self.lex.word_sets[key])

    def _dual_counts(self, s: Sentence, noun_key: str) -> list[Quantity]:
        """"شن التحالف غارتين جويتين": a dual noun is its own figure, 2."""
        key = noun_key.replace("_nouns", "_dual_nouns")
        if not self._names_dual(s, key):
            return []  # before the phrase lookup, which would walk the sentence's tokens
        return [Quantity(2.0, 2.0, 2.0, "exact", a, b) for a, b in self.lex.sets[key].find(s)]

    def _counted(self, s: Sentence, quantities: list[Quantity], noun_key: str, kind: str) -> list[Quantity]:
        """The figures among `quantities` that count a `noun_key` noun (or, for attacks, the
        ISIS operations or the "number of attacks" a sentence names)."""
        qs = [q for q in quantities if not q.ordinal and not q.fraction]
        hits = [q for q in qs if self._noun_after(s, q, noun_key) >= 0]
        if kind == "attacks" and "group:ISIS" in s.gates:
            # monitors count ISIS "operations": "نفذت خلايا داعش 87 عملية"; operations
            # against it ("3 عمليات إنزال ضد خلايا داعش") are not its attacks
            operations = [q for q in qs if q not in hits and self._noun_after(s, q, "isis_attack_nouns") >= 0]
            if operations and self.roles(s)[0] == "ISIS":
                hits += operations
        if kind == "attacks":
            # "ارتفع عدد الهجمات إلى 130"
            hits += [q for q in qs if q not in hits and s.tok(q.first - 1) in ("الي", "بلغ", "يبلغ", "البالغ")
                     and any(s.tok(k) == "عدد" and self.lex.sets["attack_nouns"].match_at(s, k + 1)
                             for k in range(max(0, q.first - 10), q.first))]
        return hits

    def ordinal_attacks(self, s: Sentence) -> list[dict[str, Any]]:
        """"الهجوم هو العاشر من نوعه منذ مطلع الشهر": a running count."""
        attack = self.lex.sets["attack_nouns"]
        if not any(q.ordinal and q.value is not None and q.value >= 2 for q in s.all_quantities):
            return []  # before the dates are needed
        out = []
        for q in s.quantities:
            if not q.ordinal or q.value is None or q.value < 2:
                continue
            nearby = range(max(0, q.first - 8), min(len(s.tokens), q.last + 4))
            of_its_kind = s.tok(q.last + 1) == "من" and s.tok(q.last + 2).startswith("نوع")
            if not (of_its_kind or any(attack.match_at(s, k) for k in range(q.last + 1, q.last + 3))):
                continue
            if not any(attack.match_at(s, k) for k in nearby):
                continue
            ref = self._period_for(s, q, [])
            if ref is not None and ref.since:
                ref = self._since_end(s, ref)
            actor, target = self.roles(s)
            if actor is None and "ISIS" in self.article_groups:
                actor = "ISIS"
            out.append(_claim("attacks", s, value=q.value, low=q.value, high=q.value, qualifier="exact",
                              actor=actor, target=target, cumulative=True, **_period_fields(ref)))
        return out

    def _statuses(self, s: Sentence) -> list[tuple[int, str, bool]]:
        """(token index, status, negated) for every status verb in the sentence."""
        out: list[tuple[int, str, bool]] = []
        sets = self.lex.sets
        if not self.lex.any_status.any_in(s) and not sets["convoy_nouns"].any_in(s):
            return out  # one search instead of one per status
        # a convoy reinforces a base only when it arrives ("دخل رتل ... إلى قاعدة");
        # one leaving it ("خرج رتل من قاعدة") says nothing of the base's state
        for a, _ in sets["convoy_nouns"].find(s):
            arrival = [k for k in range(max(0, a - 3), a) if sets["convoy_arrival_verbs"].match_at(s, k)]
            if arrival:
                out.append((a, "reinforced", self._negated(s, arrival[0])))
        for status, words in self.lex.status_sets.items():
            for a, b in words.find(s):
                st = status
                if st == "established" and not any(
                        sets["establish_objects"].match_at(s, k) for k in range(b + 1, min(b + 5, len(s.tokens)))):
                    st = "active"  # "إنشاء مركز تدريب في حقل العمر": the field is in use, not new
                out.append((a, st, self._negated(s, a)))
        return sorted(out)

    def _negated(self, s: Sentence, at: int) -> bool:
        """Is the word at token `at` negated: "لم تنسحب", or denied anywhere earlier in its
        clause ("نفى متحدث باسم قسد الأنباء عن انسحاب ...")?"""
        sets = self.lex.sets
        if sets["negations"].any_in(s, max(0, at - 4), at):
            return True
        # from the clause start, or from a later verb of saying ("نفت ... وأعلنت إغلاق")
        lo = max([self._clause_start(s, at, 12)] + [i + 1 for i in sets["speech_verbs"].starts(s) if i < at])
        return sets["denial_verbs"].any_in(s, lo, at)

    def _pick_status(self, s: Sentence, statuses: list[tuple[int, str, bool]], at: int) -> str | None:
        """The status that governs the base at token `at`: the nearest status word
        before it ("أغلقت 3 قواعد"), else the first after it ("القاعدة التي تم إغلاقها");
        never one across a contrast ("انسحبت من الفرات، فيما تبقى في كونيكو")."""
        if not statuses:
            return None
        contrasts = self.lex.sets["contrast_words"].starts(s)
        cut = max((i for i in contrasts if i < at), default=-1)
        before = [x for x in statuses if cut < x[0] < at]
        if before:
            _, status, negated = before[-1]
        else:
            stop = min((i for i in contrasts if i > at), default=len(s.tokens))
            after = [x for x in statuses if at <= x[0] < stop]
            if not after:
                return None
            _, status, negated = after[0]
        return "active" if negated else status

    def bases(self, s: Sentence) -> list[dict[str, Any]]:
        places = [p for p in s.places if p.kind in BASE_KINDS]
        if not places and "figure" not in s.gates:
            return []  # no named base and no count of bases
        statuses = self._statuses(s)
        out = []
        date_ref = None
        if places or statuses:
            refs = self._date_context(s, inherit=True)
            date_ref = refs[0] if refs else None
        for p in places:
            at = s.token_at(p.start)
            status = self._pick_status(s, statuses, at) or "mentioned"
            out.append(_claim("base_status", s, status=status, **_place_fields(p), **_period_fields(date_ref)))
        # "أغلقت 3 قواعد من أصل 8"، "قاعدتين من أصل خمس"، "الإبقاء على قاعدة واحدة على الأقل"
        if statuses:
            out += self._base_counts(s, statuses, date_ref)
        return out

    def _base_counts(self, s: Sentence, statuses: list[tuple[int, str, bool]],
                     date_ref: DateRef | None) -> list[dict[str, Any]]:
        of_total = self.lex.sets["of_total"]
        nouns = self.lex.base_count_nouns
        found: list[tuple[Quantity, int]] = []  # (figure, index of its noun)
        for q in s.quantities:
            if q.ordinal or q.fraction or q.value is None:
                continue
            if any(of_total.match_at(s, k) and k + of_total.match_at(s, k) == q.first
                   for k in range(max(0, q.first - 3), q.first)):
                continue  # the 8 of "من أصل 8" is the total, not a count
            if s.tok(q.last + 1) in nouns:
                found.append((q, q.last + 1))
            elif s.tok(q.first - 1) in nouns and nouns[s.tok(q.first - 1)] == 1:
                found.append((q, q.first - 1))  # "قاعدة واحدة"
        taken = {n for _, n in found} | {q.first for q, _ in found} | {q.first - 1 for q, _ in found}
        for i, t in enumerate(s.tokens):  # a dual noun is its own figure: "قاعدتين"
            if nouns.get(t.text) == 2 and i not in taken:
                found.append((Quantity(2.0, 2.0, 2.0, "exact", i, i), i))
        out = []
        for q, noun_idx in sorted(found, key=lambda f: f[0].first):
            end = max(noun_idx, q.last) + 1
            total = None
            n = of_total.match_at(s, end) if end < len(s.tokens) else 0
            if n:
                totals = [o for o in s.quantities if o.first == end + n]
                total = totals[0].value if totals else None
            after = qualifier_after(s.tokens, end, window=3)
            if after and q.qualifier == "exact":
                q = with_qualifier(q, after)
            status = self._pick_status(s, statuses, q.first)
            if status is not None:
                out.append(_claim("base_status", s, status=status, of_total=total, geo_precision=None,
                                  **_range_fields(q), **_period_fields(date_ref)))
        return out

    def incidents(self, s: Sentence) -> list[dict[str, Any]]:
        days = [d for d in s.dates if d.precision == "day" and not d.since]
        if not days:
            return []
        counts = {k: self._casualties(s, k) for k in _CASUALTY_KEYS}
        if all(v is False for v in counts.values()):
            return []
        places = sorted((p for p in s.places), key=lambda p: (PLACE_SPECIFICITY.get(p.kind, 9), p.start))
        place = places[0] if places else None
        actor, target = self.roles(s)
        return [_claim("incident", s, actor=actor, target=target, period_start=days[-1].period_start,
                       period_end=days[-1].period_start, date_precision="day",
                       killed=counts["killed"] or None, injured=counts["injured"] or None,
                       arrested=counts["arrested"] or None,
                       **(_place_fields(place) if place else {}))]

    def _casualties(self, s: Sentence, key: str) -> int | None | bool:
        """How many were killed/injured/arrested: a number, None when stated without a
        number ("القبض على أفراد"), False when the sentence says nothing of it."""
        lex = self.lex
        terms = lex.sets[key].find(s)
        duals = lex.sets[f"{key}_dual"].find(s) if f"{key}_dual" in lex.sets else []  # "قتيلان": 2
        if not terms and not duals:
            return False
        total, unknown = 2 * len(duals), False
        singular, dual = lex.sets["person_singular"], lex.sets["person_dual"]
        qs = {q.first: q for q in s.quantities if not q.ordinal and not q.fraction and q.value}
        plural_words = lex.word_sets["casualty_plural_nouns"]
        stops = {"،", ",", ".", "؛", ":", "و"}
        all_terms = {i for key2 in _CASUALTY_KEYS for a2, b2 in lex.sets[key2].find(s)
                     for i in range(a2, b2 + 1)}
        plain = lex.word_sets[key]
        for a, b in terms:
            prev = [q for q in s.quantities if q.last == a - 1 and q.value]
            if prev and s.tokens[a].text in plural_words:  # a number before a plural noun: "سقوط 3 قتلى"
                total += int(prev[0].value)
                continue
            word = s.tokens[b].text
            if a == b and word not in plain and word[1:] not in plain:  # a pronoun glued on: "أدى لمقتله"
                if word.endswith("هما"):
                    total += 2
                    continue
                if word.endswith(("ه", "ها")):
                    total += 1
                    continue
            k = b + 1
            if s.tok(k) in ("علي", "نحو", "حوالي"):
                k += 1
            if k < len(s.tokens) and dual.match_at(s, k):
                total += 2
                continue
            if k < len(s.tokens) and singular.match_at(s, k) and k + 1 not in qs:
                total += 1
                continue
            # the figure may follow the subject: "اعتقلت قوات الأمن العام 7 أشخاص"
            count = None
            for j in range(k, min(k + 6, len(s.tokens))):
                if s.tok(j) in stops or (j in all_terms and j > b):
                    break
                if j > k and dual.match_at(s, j):  # "أسرت خلايا التنظيم عنصرين"
                    count = 2
                    break
                if j in qs and (j == k or s.tok(qs[j].last + 1) in plural_words
                                or singular.match_at(s, qs[j].last + 1) if qs[j].last + 1 < len(s.tokens) else j == k):
                    count = int(qs[j].value)
                    break
            if count is None:
                unknown = True
            else:
                total += count
        if total:
            return total
        return None if unknown else False


def _place_fields(p: PlaceMatch) -> dict[str, Any]:
    return {"place_id": p.place_id, "place_ar": p.name_ar, "place_en": p.name_en, "lat": p.lat, "lon": p.lon,
            "geo_precision": p.geo_precision}


_KEY_FIELDS = ("kind", "value", "low", "high", "qualifier", "when", "period_start", "period_end", "status",
               "place_id", "of_total", "killed", "injured", "arrested")


def _dedupe(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An article that states the same figure twice makes one claim (the first)."""
    seen, out = set(), []
    for c in claims:
        key = tuple(c.get(f) for f in _KEY_FIELDS)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def extract_claims(text: str, published: date | None,
                   normalized: tuple[str, Callable[[int], int]] | None = None) -> list[dict[str, Any]]:
    """All claims in an article's cleaned text, as dicts of claim-table columns
    (`normalized`: normalize_with_offsets(text), when the caller already has it)."""
    return ArticleExtractor(text, published, normalized).run()
