"""Dates in Arabic news text: publication dates and the periods figures cover.

`find_dates` finds date expressions in normalised text and resolves each to a
closed interval [start, end] with a precision, against the publication date
for relative ones ("العام الماضي", "منذ مطلع الشهر الحالي", "19 نيسان الماضي").
Everything is regular expressions built from data/reference/calendar.json:
dateparser handles neither "27 من أيار" nor a trailing "الماضي" and is far too
slow for every sentence of a large corpus.
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Iterable, Iterator

from lib.reference import REFERENCE_DIR
from lib.text.textnorm import normalize, normalize_term
from lib.text.wordregex import union_pattern

CALENDAR_FILE = REFERENCE_DIR / "calendar.json"


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which
# makes it four times dearer to create, and one is made for every date expression.
@dataclass(slots=True, unsafe_hash=True)
class DateRef:
    """A date expression found in text, resolved to a closed interval."""

    start: int  # character offsets in the normalised text
    end: int
    period_start: date
    period_end: date
    precision: str  # day | week | month | year
    since: bool = False  # "since X": open-ended, runs up to the reference point
    text: str = ""


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _alt(words: list[str]) -> str:
    return union_pattern([" ".join(normalize_term(w).split()) for w in words])


@dataclass(frozen=True)
class _Grammar:
    month_of: dict[str, int]
    ambiguous: frozenset[str]
    counts: dict[str, int]
    ordinal_parts: dict[str, int]
    ordinal_days: dict[str, int]  # "السابع عشر" -> 17
    weekdays: dict[str, int]  # ISO weekday: "الاثنين" -> 1 ... "الأحد" -> 7
    past: frozenset[str]
    current: frozenset[str]
    next: frozenset[str]
    # (name, regex, anchor, needs): see _anchors_and_needs
    patterns: list[tuple[str, re.Pattern[str], "_Cue | None", tuple["_Cue", ...]]]


_B = r"(?<![\u0621-\u064a\d])"  # no letter or digit before
_E = r"(?![\u0621-\u064a\d])"  # no letter or digit after


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    raw = json.loads(CALENDAR_FILE.read_text(encoding="utf-8"))
    month_of = {normalize_term(n): int(m) for m, names in raw["months"].items() for n in names}
    month = _alt([n for names in raw["months"].values() for n in names])
    mods = _alt(raw["past_modifiers"] + raw["current_modifiers"] + raw["next_modifiers"])
    counts = {normalize_term(k): v for k, v in raw["count_words"].items()}
    count = _alt(list(raw["count_words"])) + r"|\d{1,2}"
    ordp = _alt(list(raw["ordinal_parts"]))
    # A month, optionally doubled in the other naming system: "نيسان/إبريل", "تشرين الأول (أكتوبر)".
    mon = rf"(?:شهر\s+)?(?P<mon>{month})(?:\s*[/(]\s*(?:{month})\s*\)?)?"
    year = r"(?P<y>(?:19|20)\d{2})"
    yearword = r"(?:عام|العام|سنه|السنه)"
    # a month name as a word (not "اب" inside "الانسحاب")
    cues = _anchors_and_needs(_word_cue(month), _word_cue(_alt(list(raw["weekdays"]))))
    pats = [
        ("ymd", r"(?P<y>\d(?<!\d\d)\d{3})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"),
        ("dmy", r"(?P<d>\d(?<!\d\d)\d?)\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)"),
        ("since_start", rf"{_B}منذ\s+(?:مطلع|بدايه|اول|مستهل|اوايل|بدء)\s+(?:(?P<unit>الشهر|العام|السنه)(?:\s+(?P<mod>{mods}))?|{yearword}?\s*{year}|{mon}(?:\s+(?P<mod2>{mods}))?){_E}"),
        ("first_n", rf"{_B}(?:الاشهر|الشهور)\s+(?P<n>{count})\s+الاولي\s+من\s+(?:(?:{yearword}\s*)?{year}|{yearword}\s+(?P<mod>{mods})){_E}"),
        ("first_n2", rf"{_B}(?:اول|الـ?)\s*(?P<n>{count})\s+(?:اشهر|شهور)\s+من\s+(?:(?:{yearword}\s*)?{year}|{yearword}\s+(?P<mod>{mods})){_E}"),
        ("part_of_year", rf"{_B}(?P<part>الربع|النصف)\s+(?P<o>{ordp})\s+من\s+(?:(?:{yearword}\s*)?{year}|{yearword}\s+(?P<mod>{mods})){_E}"),
        ("last_n", rf"{_B}(?:ال)?(?P<unit>اشهر|الاشهر|الشهور|اسابيع|الاسابيع|ايام|الايام|ساعه|الساعات)\s+(?P<n>{count})\s+(?:الماضيه|الاخيره|المنصرمه|الفايته|الماضي|الاخير){_E}"),
        ("last_two", rf"{_B}(?P<unit>الاسبوعين|الشهرين|اليومين|الساعتين)\s+(?:الماضيين|الاخيرين|المنصرمين|الفايتين){_E}"),
        ("last_n2", rf"{_B}(?:الـ?|ال)?(?P<n>\d{{1,3}})\s+(?P<unit>ساعه|يوما|يوم|اسبوعا|شهرا)\s+(?:الماضيه|الاخيره|الماضي|الاخير|المنصرمه){_E}"),
        ("day_month", rf"(?P<d>\d(?<!\d\d)\d?)\s+(?:من\s+)?{mon}(?:\s*[،,]?\s*(?:من\s+)?(?:{yearword}\s*)?{year})?(?:\s+(?P<mod>{mods}))?{_E}"),
        # "في السابع من يونيو"، "الحادي والعشرين من أيار 2025"
        ("ordinal_day_month", rf"{_B}(?<!الاسبوع )(?<!الشهر )(?<!النصف )(?<!الربع )(?<!الثلث )(?<!العشر )(?P<od>{_alt(list(raw['ordinal_days']))})\s+من\s+{mon}(?:\s*[،,]?\s*(?:من\s+)?(?:{yearword}\s*)?{year})?(?:\s+(?P<mod>{mods}))?{_E}"),
        ("month_day_year", rf"{_B}{mon}\s+(?P<d>\d(?<!\d\d)\d?)\s*[،,]\s*{year}{_E}"),  # "يونيو 5, 2025"
        ("month_year", rf"{_B}{mon}\s*[،,]?\s*(?:من\s+)?(?:{yearword}\s*)?{year}{_E}"),
        ("month", rf"{_B}(?P<pre>(?:[وف]?(?:في|خلال|منذ|مطلع|بدايه|نهايه|اواخر|اوايل|منتصف|حتي|طيله|طوال)\s+)|شهر\s+)?{mon}(?:\s+(?P<mod>{mods}))?{_E}"),
        ("year", rf"{_B}(?:[وفبل]?(?:{yearword}|خلال|طيله|طوال|في|منذ|حتي|مطلع|بدايه|نهايه|اواخر|مطلع)\s+){year}{_E}"),
        # "يوم الثلاثاء"، "فجر الأحد"، "الخميس الماضي": the last such day (الاثنين is also "the two": only after يوم ...)
        ("weekday", rf"{_B}(?:(?P<pre>[وف]?(?:يوم|مساء|صباح|فجر|ليله|ظهر|عصر))\s+)?(?P<wd>{_alt(list(raw['weekdays']))})(?:\s+(?P<mod>{mods}))?{_E}"),
        ("rel_day", rf"{_B}(?P<rel>[وف]?(?:اول\s+امس|امس\s+الاول|بالامس|امس|البارحه|اليوم|غدا)){_E}"),
        ("rel_period", rf"{_B}(?P<unit>[وفب]?(?:الشهر|العام|السنه|الاسبوع|السنوات|الاسابيع)|لل(?:شهر|عام|سنه|اسبوع))\s+(?P<mod>{mods}){_E}"),
        ("this_period", rf"{_B}(?:هذا|هذه)\s+(?P<unit>الشهر|العام|السنه|الاسبوع){_E}"),
    ]
    return _Grammar(
        month_of=month_of,
        ambiguous=frozenset(normalize_term(a) for a in raw["ambiguous_months"]),
        counts=counts,
        ordinal_parts={normalize_term(k): v for k, v in raw["ordinal_parts"].items()},
        ordinal_days={normalize_term(k): v for k, v in raw["ordinal_days"].items()},
        weekdays={normalize_term(k): v for k, v in raw["weekdays"].items()},
        past=frozenset(normalize_term(m) for m in raw["past_modifiers"]),
        current=frozenset(normalize_term(m) for m in raw["current_modifiers"]),
        next=frozenset(normalize_term(m) for m in raw["next_modifiers"]),
        patterns=[(name, re.compile(p), *cues[name]) for name, p in pats],
    )


# Most sentences hold no date, and a pattern that opens with a lookbehind is tried
# at every position. So each pattern has an anchor: a cue (a month name, a year, a
# key word) that every match holds within _LEAD characters of its start. Without
# its anchor a pattern is skipped; with it, the search starts _LEAD characters
# before each anchor. `needs` are further cues a match cannot do without. (Patterns
# that open with a digit need no anchor: `re` skips to the digits at C speed.)
_LEAD = 40  # generous: a date expression's words before its anchor, with their spaces


@dataclass(frozen=True, eq=False)
class _Cue:
    """Something a date pattern needs in the text: a regex for where it is and,
    for literal words, the words themselves (an `in` test is the cheapest test)."""

    regex: re.Pattern[str]
    words: tuple[str, ...] = ()
    # For a whole-word cue: `regex` consumes the non-letter before the word (a pattern
    # that opens with a character class lets `re` skip through letters at C speed; one
    # that opens with a lookbehind is tried at every position), and `at_start` matches
    # the word at offset 0, where nothing comes before it.
    at_start: re.Pattern[str] | None = None

    def present(self, norm: str, seen: dict[_Cue, int]) -> bool:
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

    def first(self, norm: str, seen: dict[_Cue, int]) -> int:
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


def _word_cue(alternation: str) -> _Cue:
    """A cue that is one of the words of `alternation`, as a whole word (a year may run on: "ايار2025")."""
    return _Cue(re.compile(rf"[^\u0621-\u064a](?:{alternation})(?![\u0621-\u064a])"),
                at_start=re.compile(rf"(?:{alternation})(?![\u0621-\u064a])"))


def _words(*ws: str) -> _Cue:
    # substrings, not words: "الماضي" is in "الماضيه", "اشهر" in "الاشهر"
    return _Cue(re.compile(union_pattern(list(ws))), ws)


_DIGIT = _Cue(re.compile(r"\d"))
_YEAR = _Cue(re.compile(r"(?:19|20)\d\d"))
_NUMERIC_DATE = _Cue(re.compile(r"\d\s*[/.-]\s*\d"))  # "2025/05/27", "27-5-2025"
_AGO = _words("الماضي", "الاخير", "المنصرمه", "الفايته")
def _anchors_and_needs(month: _Cue, weekday: _Cue) -> dict[str, tuple[_Cue | None, tuple[_Cue, ...]]]:
    """Each pattern's (anchor, needs); `month`, `weekday`: a month or weekday name as a
    word ("الاحد" is inside "الاحداث")."""
    return {
        "ymd": (None, (_NUMERIC_DATE,)),
        "dmy": (None, (_NUMERIC_DATE,)),
        "day_month": (None, (month,)),
        "month_year": (month, (_YEAR,)),
        "month_day_year": (month, (_YEAR,)),
        "ordinal_day_month": (month, (_words("من"),)),
        "month": (month, ()),
        "year": (_YEAR, ()),
        "since_start": (_words("منذ"), (_words("مطلع", "بدايه", "اول", "مستهل", "اوايل", "بدء"),)),
        "first_n": (_words("الاولي"), ()),
        "first_n2": (_words("اشهر", "شهور"), ()),
        "part_of_year": (_words("الربع", "النصف"), ()),
        "last_n": (_words("اشهر", "شهور", "اسابيع", "ايام", "ساعه", "ساعات"), (_AGO,)),
        "last_n2": (_words("ساعه", "يوم", "اسبوع", "شهرا"), (_DIGIT, _AGO)),
        "last_two": (_words("الاسبوعين", "الشهرين", "اليومين", "الساعتين"), ()),
        "rel_day": (_words("اليوم", "امس", "البارحه", "غدا"), ()),
        "weekday": (weekday, ()),
        "rel_period": (_words("الشهر", "العام", "السنه", "الاسبوع", "السنوات", "الاسابيع",
                              "للشهر", "للعام", "للسنه", "للاسبوع"), ()),
        "this_period": (_words("هذا", "هذه"), ()),
    }


_SPACE_RUN = re.compile(r"\s+")  # compiled once: re.sub() looks its pattern up on every call


def _month_num(g: _Grammar, name: str) -> int:
    return g.month_of[_SPACE_RUN.sub(" ", name)]


def _mod_kind(g: _Grammar, mod: str | None) -> str | None:
    if not mod:
        return None
    return "past" if mod in g.past else "current" if mod in g.current else "next" if mod in g.next else None


def _resolve_year(month: int, day: int | None, mod: str | None, pub: date | None) -> int | None:
    """Year of a month (and day) given without one, read against the publication date."""
    if pub is None:
        return None
    key, pub_key = (month, day or 1), (pub.month, pub.day if day else 1)
    if mod == "current":
        return pub.year
    if mod == "next":
        return pub.year if key > pub_key else pub.year + 1
    if mod == "past":
        return pub.year if key < pub_key else pub.year - 1
    # No modifier: news reports the recent past; a date a little ahead of publication is still this year.
    if day is None:
        return pub.year if month <= pub.month else pub.year - 1
    return pub.year if date(pub.year, month, min(day, 28)) <= pub + timedelta(days=7) else pub.year - 1


def _count(g: _Grammar, text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else g.counts.get(text)


def _year_from(m: re.Match[str], g: _Grammar, pub: date | None) -> int | None:
    if m.groupdict().get("y"):
        return int(m.group("y"))
    kind = _mod_kind(g, m.groupdict().get("mod"))
    if pub is None or kind is None:
        return None
    return pub.year + {"past": -1, "current": 0, "next": 1}[kind]


def _resolve(name: str, m: re.Match[str], g: _Grammar, pub: date | None) -> tuple[date, date, str, bool] | None:
    gd = m.groupdict()
    if name in ("ymd", "dmy"):
        y, mo, d = int(gd["y"]), int(gd["m"]), int(gd["d"])
        try:
            day = date(y, mo, d)
        except ValueError:
            return None
        return day, day, "day", False
    if name in ("day_month", "month_day_year", "ordinal_day_month"):
        mo = _month_num(g, gd["mon"])
        d = g.ordinal_days[_SPACE_RUN.sub(" ", gd["od"])] if gd.get("od") else int(gd["d"])
        y = int(gd["y"]) if gd.get("y") else _resolve_year(mo, d, _mod_kind(g, gd.get("mod")), pub)
        if y is None:
            return None
        try:
            day = date(y, mo, d)
        except ValueError:
            return None
        return day, day, "day", False
    if name in ("month_year", "month"):
        mon = _SPACE_RUN.sub(" ", gd["mon"])
        mo = _month_num(g, mon)
        if name == "month" and mon in g.ambiguous and not gd.get("mod") and not (gd.get("pre") or "").startswith("شهر"):
            return None
        if name == "month" and not gd.get("mod") and not gd.get("pre"):
            return None  # a bare month name with nothing around it is too weak a signal
        y = int(gd["y"]) if gd.get("y") else _resolve_year(mo, None, _mod_kind(g, gd.get("mod")), pub)
        if y is None:
            return None
        return date(y, mo, 1), month_end(y, mo), "month", False
    if name == "year":
        y = int(gd["y"])
        return date(y, 1, 1), date(y, 12, 31), "year", False
    if name == "since_start":
        if gd.get("unit"):
            unit = gd["unit"]
            if pub is None:
                return None
            kind = _mod_kind(g, gd.get("mod")) or "current"
            if unit == "الشهر":
                first = add_months(date(pub.year, pub.month, 1), {"past": -1, "current": 0, "next": 1}[kind])
                return first, pub, "day", True
            y = pub.year + {"past": -1, "current": 0, "next": 1}[kind]
            return date(y, 1, 1), pub, "day", True
        if gd.get("y") and not gd.get("mon"):
            return date(int(gd["y"]), 1, 1), pub or date(int(gd["y"]), 12, 31), "day", True
        mo = _month_num(g, gd["mon"])
        y = _resolve_year(mo, None, _mod_kind(g, gd.get("mod2")), pub)
        if y is None:
            return None
        return date(y, mo, 1), pub or month_end(y, mo), "day", True
    if name in ("first_n", "first_n2"):
        n, y = _count(g, gd["n"]), _year_from(m, g, pub)
        if not n or y is None or n > 12:
            return None
        return date(y, 1, 1), month_end(y, n), "month", False
    if name == "part_of_year":
        y, o = _year_from(m, g, pub), g.ordinal_parts.get(gd["o"])
        size = 3 if gd["part"] == "الربع" else 6
        if y is None or o is None:
            return None
        o = 12 // size if o == -1 else o
        if o * size > 12:
            return None
        return date(y, (o - 1) * size + 1, 1), month_end(y, o * size), "month", False
    if name == "weekday":
        wd = g.weekdays[gd["wd"]]
        if pub is None or (wd == 1 and not (gd.get("pre") or gd.get("mod"))):
            return None
        kind = _mod_kind(g, gd.get("mod"))
        if kind == "next":
            day = pub + timedelta(days=(wd - pub.isoweekday()) % 7 or 7)
        else:  # the most recent such day; "الماضي": before the publication day
            day = pub - timedelta(days=(pub.isoweekday() - wd) % 7 or (7 if kind == "past" else 0))
        return day, day, "day", False
    if name in ("last_n", "last_n2", "last_two"):
        n = 2 if name == "last_two" else _count(g, gd["n"])  # "الأسبوعين الماضيين": a dual
        if not n or pub is None:
            return None
        unit = gd["unit"].removeprefix("ال")
        if unit.startswith(("اشهر", "شهور", "شهر")):
            return add_months(pub, -n), pub, "month", False
        if unit.startswith("اسابيع") or unit.startswith("اسبوع"):
            return pub - timedelta(weeks=n), pub, "week", False
        if unit.startswith(("ايام", "يوم")):
            return pub - timedelta(days=n), pub, "day", False
        return pub - timedelta(days=max(1, n // 24)), pub, "day", False
    if pub is None:
        return None
    if name == "rel_day":
        rel = _strip_clitic(_SPACE_RUN.sub(" ", gd["rel"]), _REL_DAY_OFFSET)
        d = pub + timedelta(days=_REL_DAY_OFFSET[rel])
        return d, d, "day", False
    if name in ("rel_period", "this_period"):
        unit = _strip_clitic(gd["unit"], _PERIOD_UNITS)
        kind = _mod_kind(g, gd.get("mod")) or "current"
        step = {"past": -1, "current": 0, "next": 1}[kind]
        if unit == "الشهر":
            first = add_months(date(pub.year, pub.month, 1), step)
            return first, month_end(first.year, first.month), "month", False
        if unit in ("العام", "السنه"):
            return date(pub.year + step, 1, 1), date(pub.year + step, 12, 31), "year", False
        if unit == "الاسبوع":
            if step == 0:
                return pub - timedelta(days=6), pub, "week", False
            return pub - timedelta(days=7), pub - timedelta(days=1), "week", False
        return None
    return None


def hint_words() -> list[str]:
    """Normalised words without one of which (or a digit) a text holds no date expression."""
    g = grammar()
    return sorted(set(g.month_of) | {"اليوم", "امس", "البارحه", "غدا", "الشهر", "العام", "السنه", "الاسبوع",
                                     "الاسابيع", "الاشهر", "الشهور", "اشهر", "شهور", "الايام", "ايام", "الساعات",
                                     "ساعه", "الربع", "النصف", "منذ", "عام", "سنه", "السنوات", "شهر",
                                     "الاسبوعين", "الشهرين", "اليومين", "الساعتين", *g.weekdays})


_REL_DAY_OFFSET = {"اليوم": 0, "امس": -1, "بالامس": -1, "البارحه": -1, "اول امس": -2, "امس الاول": -2, "غدا": 1}
_PERIOD_UNITS = {"الشهر", "العام", "السنه", "الاسبوع", "السنوات", "الاسابيع"}


def _strip_clitic(word: str, known: set[str] | dict[str, int]) -> str:
    """'والشهر' → 'الشهر', 'وأمس' → 'امس': drop a conjunction/preposition glued to a known word."""
    if word.startswith("لل") and "ال" + word[2:] in known:  # ل + ال is written لل
        return "ال" + word[2:]
    return word if word in known or word[1:] not in known else word[1:]


def find_dates(norm: str, published: date | None) -> list[DateRef]:
    """Date expressions in normalised text, resolved against `published`, left to right.

    Where expressions overlap the longest wins ("منذ مطلع الشهر الحالي" over "الشهر الحالي").
    """
    g = grammar()
    found: list[DateRef] = []
    seen: dict[_Cue, int] = {}  # where each cue first occurs (-1: nowhere; -2: present, not yet located)
    for name, pat, anchor, needs in g.patterns:
        for cue in needs:
            if not cue.present(norm, seen):
                break
        else:
            if anchor is None:
                found += _matches(name, pat.finditer(norm), g, published)
            elif anchor.present(norm, seen):
                found += _matches(name, _anchored(pat, anchor, norm, anchor.first(norm, seen)), g, published)
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    out: list[DateRef] = []
    for ref in found:
        if out and ref.start < out[-1].end:
            if ref.end - ref.start > out[-1].end - out[-1].start:
                out[-1] = ref
            continue
        out.append(ref)
    out = _without_restated_weekdays(out, norm, g)
    # "منذ 19 نيسان"، "منذ يناير الماضي" (the month pattern takes منذ in): a dated start with an open end.
    return [
        replace(r, period_end=published or r.period_end, since=True)
        if not r.since and published and (r.text.split(None, 1)[0] in _SINCE
                                          or norm[max(0, r.start - 5):r.start].rstrip().endswith("منذ"))
        else r
        for r in out
    ]


_SINCE = ("منذ", "ومنذ", "فمنذ")


def _without_restated_weekdays(refs: list[DateRef], norm: str, g: _Grammar) -> list[DateRef]:
    """Drop a weekday said beside another day ("أمس الأحد"، "الثلاثاء 27 أيار"): that
    day is the date, and the weekday only restates it."""
    if len(refs) < 2:
        return refs  # the usual case

    def is_weekday(r: DateRef) -> bool:
        return r.precision == "day" and any(w in g.weekdays for w in r.text.split())

    def beside(a: DateRef, b: DateRef) -> bool:  # a, then b, with only spaces or a comma between
        return a.precision == "day" and b.precision == "day" and not norm[a.end:b.start].strip(" ،,")

    return [r for k, r in enumerate(refs)
            if not (is_weekday(r) and ((k > 0 and beside(refs[k - 1], r)) or (k + 1 < len(refs) and beside(r, refs[k + 1]))))]


def _anchored(pat: re.Pattern[str], anchor: _Cue, norm: str, at: int) -> Iterator[re.Match[str]]:
    """pat.finditer(norm), searching only from _LEAD characters before each anchor
    (`at`: the first one) instead of trying every position of the text."""
    pos = 0
    while True:
        m = pat.search(norm, max(pos, at - _LEAD))
        if m is None:
            return
        yield m
        pos = m.end()
        at = anchor.find(norm, pos)
        if at < 0:
            return


def _matches(name: str, matches: Iterable[re.Match[str]], g: _Grammar, published: date | None) -> list[DateRef]:
    out = []
    for m in matches:
        resolved = _resolve(name, m, g, published)
        if resolved is not None:
            start, end, precision, since = resolved
            out.append(DateRef(m.start(), m.end(), start, end, precision, since, m.group()))
    return out


# ---------------------------------------------------------------- publication dates

_HEADER_LINES, _FOOTER_LINES, _DATELINE_MAX = 12, 8, 90


def detect_published(raw_text: str) -> date | None:
    """The publication date stated in an article's dateline, if any.

    Only short lines at the top or bottom are read (a dateline, a timestamp under
    the headline, a footer): a full date deep in the story is an event, not the
    publication date. The date must carry a year.
    """
    lines = [ln for ln in raw_text.splitlines() if ln.strip()]
    candidates = lines[:_HEADER_LINES] + lines[-_FOOTER_LINES:]
    for line in candidates:
        if len(line) > _DATELINE_MAX:
            continue
        for ref in find_dates(normalize(line), None):
            if ref.precision == "day" and not ref.since and 1990 <= ref.period_start.year <= 2100:
                return ref.period_start
    return None


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date_string(value: object) -> date | None:
    """A date given as metadata: ISO strings and timestamps, numeric or Arabic forms."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text or text.lower() in ("nan", "nat", "none", "null"):
        return None
    m = _ISO.match(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    for ref in find_dates(normalize(text), None):
        if ref.precision == "day":
            return ref.period_start
    try:  # English forms in feeds: "May 27, 2025", "Tue, 27 May 2025 10:00:00 GMT"
        from dateutil import parser as dateutil_parser

        return dateutil_parser.parse(text, fuzzy=False).date()
    except (ValueError, OverflowError, ImportError):
        return None
