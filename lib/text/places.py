"""Place names: the gazetteer and finding its places in normalised Arabic text.

`data/reference/gazetteer.csv` lists the places this news names (countries,
governorates, towns, bases, oil and gas fields, camps, regions, the Euphrates)
with their Arabic spellings and coordinates. `find_places` finds them in text
that was already folded with `lib.text.textnorm.normalize`, so a sentence is
normalised once and matched against every dictionary (numbers, dates, places).

Why the rules look the way they do:
- Arabic glues conjunctions and prepositions to the next word, so a name may be
  preceded by و ف ب ك ل (and وب، ول، فب ...) and, for names with the article,
  by لل ("للحسكة" = ل + الحسكة). `\\b` does not help here; we match whole
  whitespace-delimited words and allow those clitics (and an opening quote).
- Several names are ordinary words too (الفرات is also the river, الخضراء
  "green", العمر "age", الطبقة "class", الميادين a TV channel). Rows marked
  `needs_context` (or single variants written with a leading "?", e.g.
  "?الطبقة" for the airbase) only count when one of the row's `context_ar` cue
  words (قاعدة، حقل، النفطية، للغاز ...) is inside the match ("حقل العمر"),
  within a few words in the same sentence, or, for bases, when they sit in a
  list with another base («قواعد "الخضراء" و"الفرات"», «هي: العمر وكونيكو»).
  Right after a definite noun (no quote, no و) such a word is read as an
  adjective ("الأراضي الخضراء"). When both readings fit, the one with its cue
  wins (the base over the river). The rule is data: add a cue word or a
  variant to the CSV, not a branch here.
- Longest match wins: "ريف دمشق" is the governorate, not Damascus city;
  "محافظة الحسكة"/"ريف الحسكة" is the governorate while bare "الحسكة" is the
  city; "شرق الفرات" is a region and "نهر الفرات" the river, never the base.
  "ريف X" for any town X resolves to X's governorate.
- Some phrases contain a place name but are not places ("قوات سوريا
  الديمقراطية", "قناة الميادين", "يبلغ من العمر"); `NOT_PLACES` swallows them.
- Speed: the extractor runs this on every sentence of tens of thousands of
  articles, so all names are compiled once into a single trie-shaped regex.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from lib.reference import REFERENCE_DIR, load_json
from lib.text.textnorm import normalize_term, strip_article
from lib.text.wordregex import union_pattern

GAZETTEER_FILE = REFERENCE_DIR / "gazetteer.csv"

GAZETTEER_COLUMNS = ("place_id", "name_en", "name_ar", "variants_ar", "kind", "parent_id",
                     "lat", "lon", "coord_source", "needs_context", "context_ar")

# How exactly a mention locates a claim (the `claims.geo_precision` column):
# a claim about "bases in Hasakah" is not a point on a base.
GEO_PRECISION_BY_KIND: dict[str, str] = {
    "base": "exact", "oil_field": "exact", "gas_field": "exact", "camp": "exact", "prison": "exact",
    "city": "town", "town": "town", "village": "town", "neighbourhood": "town",
    "district": "district",
    "governorate": "governorate", "region": "governorate", "river": "governorate",
    "country": "country",
}
KINDS = frozenset(GEO_PRECISION_BY_KIND)
SYRIA, IRAQ = "syria", "iraq"  # the gazetteer's ids of the countries the rules most often ask about
# Kinds that "ريف X" (the countryside of X) may be built on.
_SETTLEMENT_KINDS = frozenset({"city", "town", "village"})
_SITE_KINDS = frozenset({"base", "oil_field", "gas_field", "camp", "prison"})

PLACE_WORDS_FILE = REFERENCE_DIR / "place_words.json"
_WORDS = load_json("place_words.json")
_MORPHOLOGY = load_json("morphology.json")

# Phrases that contain a place name but do not refer to the place. Matched like
# names (longest wins) and then dropped, so "سوريا" inside "قوات سوريا
# الديمقراطية" is not Syria and "العمر" in "يبلغ من العمر" is not the oil field.
NOT_PLACES: tuple[str, ...] = tuple(_WORDS["not_places"])
# Sites one article may name under two names ("حقل العمر" and "القرية الخضراء" in it): {outer: inner}.
SAME_SITE: dict[str, str] = dict(_WORDS.get("same_site", {}))

# Clitics that may be glued to the first word of a name.
_PREFIX = r"(?:[وف]?[بكل]|[وف])?"
_OPEN_QUOTE = "[\"'«(]?"
_CLITICS = tuple(_MORPHOLOGY["clitics"])
_SUFFIXES = tuple(_MORPHOLOGY["possessive_suffixes"])
_NON_WORD = re.compile(r"[^\w]+")
_SENTENCE_END = re.compile(r"[.!?؟\n]")
# Between two list items of bases: quotes, commas, spaces and one "و".
_LIST_GAP = re.compile(r"^[\s\"'«»(),،]*(?:و[\s\"'«»(]*)?$")
_EDGE_CHARS = " \t\n\"'«»().,،:;؛"
_FOLLOW_GAP = re.compile(r"[\s\"'«»),،]*")
# Words that look definite (ال...) once normalised but are not nouns.
_FUNCTION_WORDS = frozenset(normalize_term(w) for w in _WORDS["definite_function_words"])
_WORDS_BEFORE = 5
_WORDS_AFTER = 3


@dataclass(frozen=True)
class PlaceMatch:
    """One place mention. `start`/`end` are offsets into the normalised text
    given to `find_places` and cover the name (without a glued و/ب/ل or a
    quote); `parent_id` is the governorate (or country) the place belongs to."""

    place_id: str
    name_ar: str
    name_en: str
    kind: str
    lat: float
    lon: float
    geo_precision: str
    start: int
    end: int
    parent_id: str = ""


@dataclass(frozen=True)
class _Place:
    place_id: str
    name_ar: str
    name_en: str
    kind: str
    parent_id: str
    lat: float
    lon: float
    geo_precision: str
    needs_context: bool
    cues: frozenset[str]


_BLOCKED: tuple = ("<not a place>",)  # sentinel entry for NOT_PLACES (compared with `is`)


@lru_cache(maxsize=8)
def _read_gazetteer(path: str) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in GAZETTEER_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: gazetteer is missing columns {missing}")
    df["lat"] = pd.to_numeric(df["lat"], errors="coerce")
    df["lon"] = pd.to_numeric(df["lon"], errors="coerce")
    df["needs_context"] = df["needs_context"].map(lambda v: v.strip() in ("1", "true", "True", "yes"))
    return df


def load_gazetteer(path: str | Path | None = None) -> pd.DataFrame:
    """The gazetteer as a DataFrame (read once per path, then cached; you get a copy).

    Columns: place_id, name_en, name_ar, variants_ar (``|``-separated), kind,
    parent_id, lat, lon (floats), coord_source, needs_context (bool), context_ar.
    """
    return _read_gazetteer(str(Path(path) if path else GAZETTEER_FILE)).copy()


def _cue_forms(word: str) -> set[str]:
    w = normalize_term(word)
    return {w, strip_article(w)} if w else set()


def _token_forms(token: str) -> set[str]:
    """A text word with and without a glued clitic or possessive suffix, for
    comparing with cue words ("وبقاعدة"، "قواعدها"، "قاعدته" all give قاعده)."""
    tok = _NON_WORD.sub("", token)
    forms = {tok}
    for p in _CLITICS:
        if tok.startswith(p) and len(tok) - len(p) >= 2:
            forms.add(tok[len(p):])
    for f in list(forms):
        for suffix in _SUFFIXES:
            if f.endswith(suffix) and len(f) - len(suffix) >= 3:
                stem = f[:-len(suffix)]
                forms.add(stem)
                if stem.endswith("ت"):  # قاعدته -> قاعدة (ta marbuta before a suffix)
                    forms.add(stem[:-1] + "ه")
    return forms


class _Matcher:
    """The compiled gazetteer: names -> places, and the regex that finds them."""

    def __init__(self, df: pd.DataFrame):
        # name -> candidate places, each with whether this spelling needs context:
        # 0 no, 1 the whole row does (الفرات the base), 2 only this "?" variant (?رميلان)
        self.entries: dict[str, tuple[tuple[_Place, int], ...]] = {}
        places: list[_Place] = []
        for r in df.itertuples(index=False):
            kind = r.kind.strip()
            if kind not in KINDS:
                raise ValueError(f"gazetteer: unknown kind {kind!r} for {r.place_id}")
            cues = frozenset(f for c in r.context_ar.split("|") if c.strip() for f in _cue_forms(c))
            place = _Place(r.place_id, r.name_ar, r.name_en, kind, r.parent_id, float(r.lat), float(r.lon),
                           GEO_PRECISION_BY_KIND[kind], bool(r.needs_context), cues)
            places.append(place)
            for name in [r.name_ar, *r.variants_ar.split("|")]:
                # a variant written "?الطبقة" needs context even in a row that does not
                needs = 1 if place.needs_context else 2 if name.strip().startswith("?") else 0
                key = normalize_term(name.strip().lstrip("?"))
                if key:
                    self._add(key, place, needs)
        # "ريف X" -> X's governorate, unless the CSV spells that phrase out itself.
        by_id = {p.place_id: p for p in places}
        for r, place in zip(df.itertuples(index=False), places):
            parent = by_id.get(place.parent_id)
            if place.kind not in _SETTLEMENT_KINDS or parent is None or parent.kind != "governorate":
                continue
            for name in [r.name_ar, *r.variants_ar.split("|")]:
                if name.strip().startswith("?") or not normalize_term(name):
                    continue
                key = normalize_term(_WORDS["countryside"] + " " + name)
                if key not in self.entries:
                    self.entries[key] = ((parent, 0),)
        # "قاعدتي الشدادي والعمر": the dual of a spelled-out "قاعدة X" names the same base.
        for noun, dual_noun in _WORDS["duals"].items():
            base_word, dual_word = normalize_term(noun) + " ", normalize_term(dual_noun) + " "
            for key, cands in list(self.entries.items()):
                dual = dual_word + key[len(base_word):]
                if key.startswith(base_word) and dual not in self.entries:
                    self.entries[dual] = cands
        for phrase in NOT_PLACES:
            self.entries[normalize_term(phrase)] = _BLOCKED

        keys = sorted(self.entries)
        # "للحسكة": the article's alef is dropped after ل.
        cores = {k[2:]: k for k in keys if k.startswith("ال") and len(k) > 3}
        self.core_to_key = cores
        self.regex = re.compile(
            rf"(?<!\w)(?P<pre>{_PREFIX}){_OPEN_QUOTE}"
            rf"(?:(?P<name>{union_pattern(keys, space=' ')})|(?<=ل)ل(?P<core>{union_pattern(cores, space=' ')}))(?!\w)"
        )

    def _add(self, key: str, place: _Place, needs: int) -> None:
        current = self.entries.get(key, ())
        if all(p is not place for p, _ in current):
            self.entries[key] = current + ((place, needs),)

    # -- context ---------------------------------------------------------------
    @staticmethod
    def _window(text: str, start: int, end: int) -> list[str]:
        """The words around [start, end) within the same sentence, and the match's own words."""
        before = text[max(0, start - 160):start]
        cut = None
        for cut in _SENTENCE_END.finditer(before):
            pass
        if cut is not None:
            before = before[cut.end():]
        after = text[end:end + 160]
        stop = _SENTENCE_END.search(after)
        if stop:
            after = after[:stop.start()]
        words_before = [w for w in before.split() if _NON_WORD.sub("", w)][-_WORDS_BEFORE:]
        words_after = [w for w in after.split() if _NON_WORD.sub("", w)][:_WORDS_AFTER]
        return words_before + text[start:end].split() + words_after

    def _context_ok(self, place: _Place, text: str, start: int, end: int, prev: PlaceMatch | None,
                    bare: bool) -> bool:
        """Whether a needs-context place reading holds for text[start:end] (the
        whole token, clitics included; `bare` when nothing is glued before the name)."""
        if any(_token_forms(w) & place.cues for w in text[start:end].split()):
            return True  # the cue is part of the name: "حقل العمر", "قرية الخضراء"
        site = place.kind in _SITE_KINDS
        if site and prev is not None and prev.kind in _SITE_KINDS and _LIST_GAP.match(text[prev.end:start]):
            return True  # «قواعد "الخضراء" و"الفرات"»: the list continues the base context
        if bare and self._attributive(text, start, place):
            return False  # "الأراضي الخضراء", "المنطقة الخضراء": an adjective, not a name
        for word in self._window(text, start, end):
            if _token_forms(word) & place.cues:
                return True
        return site and self._site_follows(text, end)

    def _site_follows(self, text: str, end: int) -> bool:
        """«هي: العمر وكونيكو»: the next list item is a site whatever the context."""
        gap = _FOLLOW_GAP.match(text, end)
        m = self.regex.match(text, gap.end())
        if m is None:
            return False
        key = m.group("name") if m.group("name") is not None else self.core_to_key[m.group("core")]
        cands = self.entries.get(key, ())
        return cands is not _BLOCKED and any(p.kind in _SITE_KINDS and not needs for p, needs in cands)

    @staticmethod
    def _attributive(text: str, start: int, place: _Place) -> bool:
        """True when the word right before is a definite noun that is not a cue
        (only a space between, no quote): Arabic puts adjectives and genitives
        after a definite noun, so "الأراضي الخضراء" describes land, while
        «قواعد "الخضراء"» or "قاعدة الخضراء" name a base."""
        if start == 0 or text[start - 1] != " ":
            return False
        prev_word = text[max(0, start - 40):start - 1].rsplit(" ", 1)[-1]
        if not prev_word or _NON_WORD.search(prev_word):
            return False
        forms = _token_forms(prev_word)
        if forms & _FUNCTION_WORDS:
            return False  # إلى، التي، الذي ... start with ال but are not nouns
        definite = any(f.startswith("ال") and len(f) > 3 for f in forms)
        return definite and not (forms & place.cues)

    # -- matching --------------------------------------------------------------
    def find(self, text: str) -> list[PlaceMatch]:
        out: list[PlaceMatch] = []
        pos = 0
        # A text that is nothing but one name is a look-up (a gold list, a filter box):
        # the name counts even where a sentence would need a cue word.
        lo = len(text) - len(text.lstrip(_EDGE_CHARS))
        hi = len(text.rstrip(_EDGE_CHARS))
        search = self.regex.search
        while True:
            m = search(text, pos)
            if m is None:
                return out
            token_start = m.start()
            if m.group("name") is not None:
                key, name_start, shift = m.group("name"), m.start("name"), 0
            else:
                key, name_start, shift = self.core_to_key[m.group("core")], m.start("core") - 1, 1
            accepted_end = self._resolve(text, key, name_start, shift, token_start, out, (lo, hi))
            pos = accepted_end if accepted_end is not None else name_start + 1

    def _resolve(self, text: str, key: str, name_start: int, shift: int, token_start: int,
                 out: list[PlaceMatch], bounds: tuple[int, int]) -> int | None:
        """Pick the place for the longest name at `name_start` (or a shorter name
        starting there when the longer one lacks its context); append it to `out`
        and return where the accepted name ends, or None if nothing fits."""
        words = key.split(" ")
        prev = out[-1] if out else None
        for n in range(len(words), 0, -1):
            k = " ".join(words[:n])
            cands = self.entries.get(k)
            if cands is None:
                continue
            end = name_start + len(k) - shift
            if cands is _BLOCKED:
                return end
            chosen = None
            alone = end == bounds[1] and not text[bounds[0]:name_start].strip(_EDGE_CHARS)
            for place, needs in cands:  # a base that has its cue beats the plain reading (the river)
                if needs and ((alone and needs == 1) or self._context_ok(place, text, token_start, end, prev,
                                                                         token_start == name_start)):
                    chosen = place
                    break
            if chosen is None:
                chosen = next((p for p, needs in cands if not needs), None)
            if chosen is None:
                continue
            out.append(PlaceMatch(chosen.place_id, chosen.name_ar, chosen.name_en, chosen.kind, chosen.lat,
                                  chosen.lon, chosen.geo_precision, name_start, end, chosen.parent_id))
            return end
        return None


@lru_cache(maxsize=8)
def _matcher(path: str) -> _Matcher:
    return _Matcher(_read_gazetteer(path))


def find_places(norm_text: str) -> list[PlaceMatch]:
    """Places named in `norm_text` (already passed through `lib.text.textnorm.normalize`),
    in text order, longest names first and without overlaps.

    A text that is only a name ("الخضراء", "الميادين") is a look-up and resolves
    without context; where a name is two places (الفرات) the look-up gives the
    one that needs context (the base), as analysts' base lists mean it."""
    if not norm_text:
        return []
    return _matcher(str(GAZETTEER_FILE)).find(norm_text)


def get_place(place_id: str) -> dict | None:
    """The gazetteer row for `place_id` as a dict (with `geo_precision` added), or None."""
    df = _read_gazetteer(str(GAZETTEER_FILE))
    hit = df[df["place_id"] == place_id]
    if hit.empty:
        return None
    row = hit.iloc[0].to_dict()
    row["geo_precision"] = GEO_PRECISION_BY_KIND.get(row["kind"], "")
    return row


@lru_cache(maxsize=4096)
def country_of(place_id: str) -> str | None:
    """The place_id of the country a gazetteer place lies in (itself for a country), or None."""
    seen: set[str] = set()
    row = get_place(place_id)
    while row is not None and row["kind"] != "country" and row["place_id"] not in seen:
        seen.add(row["place_id"])
        row = get_place(row["parent_id"]) if row.get("parent_id") else None
    return row["place_id"] if row is not None and row["kind"] == "country" else None
