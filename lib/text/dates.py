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
from typing import Iterable

from lib.reference import REFERENCE_DIR
from lib.text.anchors import DIGIT, NUMERIC_DATE, YEAR, Cue, anchored, substring_cue, word_cue
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


def _alt(words: Iterable[str]) -> str:
    return union_pattern([_term(w) for w in words])


def _term(word: str) -> str:
    return " ".join(normalize_term(word).split())


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
    relative_days: dict[str, int]  # "امس" -> -1
    period_units: dict[str, str]  # "الشهر" -> "month"
    durations: dict[str, str]  # "الاشهر" -> "month", "الساعتين" -> "hour"
    year_parts: dict[str, int]  # "الربع" -> 3 (months)
    month_word: str  # "شهر"
    since: str  # "منذ"
    hints: tuple[str, ...]  # see hint_words
    # (name, regex, anchor, needs): see _anchors_and_needs
    patterns: list[tuple[str, re.Pattern[str], Cue | None, tuple[Cue, ...]]]


_B = r"(?<![\u0621-\u064a\d])"  # no letter or digit before
_E = r"(?![\u0621-\u064a\d])"  # no letter or digit after
_SINGLE_PERIODS = ("month", "year", "week")  # period_units that resolve ("السنوات الماضية" does not)


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    raw = json.loads(CALENDAR_FILE.read_text(encoding="utf-8"))
    month_of = {normalize_term(n): int(m) for m, names in raw["months"].items() for n in names}
    month = _alt([n for names in raw["months"].values() for n in names])
    mods = _alt(raw["past_modifiers"] + raw["current_modifiers"] + raw["next_modifiers"])
    counts = {normalize_term(k): v for k, v in raw["count_words"].items()}
    count = _alt(list(raw["count_words"])) + r"|\d{1,2}"
    ordp = _alt(list(raw["ordinal_parts"]))
    units = {_term(k): v for k, v in raw["period_units"].items()}
    single_units = [u for u, kind in units.items() if kind in _SINGLE_PERIODS]
    since_units = _alt(u for u, kind in units.items() if kind in ("month", "year"))  # منذ مطلع العام
    durations = {kind: {_term(k): v for k, v in words.items()} for kind, words in raw["durations"].items()}
    months_plural = [_term(w) for w in raw["months_plural"]]
    of, since, month_word = _term(raw["of"]), _term(raw["since"]), _term(raw["month_word"])
    recent = _alt(raw["recent_modifiers"])
    # A month, optionally doubled in the other naming system: "نيسان/إبريل", "تشرين الأول (أكتوبر)".
    mon = rf"(?:{month_word}\s+)?(?P<mon>{month})(?:\s*[/(]\s*(?:{month})\s*\)?)?"
    year = r"(?P<y>(?:19|20)\d{2})"
    yearword = f"(?:{_alt(raw['year_words'])})"
    of_year = rf"{of}\s+(?:(?:{yearword}\s*)?{year}|{yearword}\s+(?P<mod>{mods}))"  # "من 2024"، "من العام الماضي"
    date_year = rf"(?:\s*[،,]?\s*(?:{of}\s+)?(?:{yearword}\s*)?{year})?"  # "، من عام 2025" after a day and month
    not_a_day = "".join(f"(?<!{re.escape(w)} )" for w in map(_term, raw["not_a_day_after"]))
    # "للشهر الماضي": ل + ال is written لل
    glued_units = _alt(u.removeprefix("ال") for u in single_units)
    # a month name as a word (not "اب" inside "الانسحاب")
    cues = _anchors_and_needs(raw, word_cue(month), word_cue(_alt(list(raw["weekdays"]))))
    pats = [
        ("ymd", r"(?P<y>\d(?<!\d\d)\d{3})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"),
        ("dmy", r"(?P<d>\d(?<!\d\d)\d?)\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)"),
        ("since_start", rf"{_B}{since}\s+(?:{_alt(raw['start_words'])})\s+(?:(?P<unit>{since_units})(?:\s+(?P<mod>{mods}))?|{yearword}?\s*{year}|{mon}(?:\s+(?P<mod2>{mods}))?){_E}"),
        ("first_n", rf"{_B}(?:{_alt('ال' + w for w in months_plural)})\s+(?P<n>{count})\s+{_term(raw['first'])}\s+{of_year}{_E}"),
        ("first_n2", rf"{_B}(?:{_alt(raw['first_of'])}|الـ?)\s*(?P<n>{count})\s+(?:{_alt(months_plural)})\s+{of_year}{_E}"),
        ("part_of_year", rf"{_B}(?P<part>{_alt(raw['year_parts'])})\s+(?P<o>{ordp})\s+{of_year}{_E}"),
        ("last_n", rf"{_B}(?:ال)?(?P<unit>{_alt(durations['before_count'])})\s+(?P<n>{count})\s+(?:{recent}){_E}"),
        ("last_two", rf"{_B}(?P<unit>{_alt(durations['dual'])})\s+(?:{_alt(raw['recent_modifiers_dual'])}){_E}"),
        ("last_n2", rf"{_B}(?:الـ?)?(?P<n>\d{{1,3}})\s+(?P<unit>{_alt(durations['after_digits'])})\s+(?:{recent}){_E}"),
        ("day_month", rf"(?P<d>\d(?<!\d\d)\d?)\s+(?:{of}\s+)?{mon}{date_year}(?:\s+(?P<mod>{mods}))?{_E}"),
        # "في السابع من يونيو"، "الحادي والعشرين من أيار 2025"
        ("ordinal_day_month", rf"{_B}{not_a_day}(?P<od>{_alt(list(raw['ordinal_days']))})\s+{of}\s+{mon}{date_year}(?:\s+(?P<mod>{mods}))?{_E}"),
        ("month_day_year", rf"{_B}{mon}\s+(?P<d>\d(?<!\d\d)\d?)\s*[،,]\s*{year}{_E}"),  # "يونيو 5, 2025"
        ("month_year", rf"{_B}{mon}\s*[،,]?\s*(?:{of}\s+)?(?:{yearword}\s*)?{year}{_E}"),
        ("month", rf"{_B}(?P<pre>(?:[وف]?(?:{_alt(raw['month_cues'])})\s+)|{month_word}\s+)?{mon}(?:\s+(?P<mod>{mods}))?{_E}"),
        ("year", rf"{_B}(?:[وفبل]?(?:{_alt(raw['year_words'] + raw['year_cues'])})\s+){year}{_E}"),
        # "يوم الثلاثاء"، "فجر الأحد"، "الخميس الماضي": the last such day (الاثنين is also "the two": only after يوم ...)
        ("weekday", rf"{_B}(?:(?P<pre>[وف]?(?:{_alt(raw['weekday_cues'])}))\s+)?(?P<wd>{_alt(list(raw['weekdays']))})(?:\s+(?P<mod>{mods}))?{_E}"),
        ("rel_day", rf"{_B}(?P<rel>[وف]?(?:{_alt(raw['relative_days'])})){_E}"),
        ("rel_period", rf"{_B}(?P<unit>[وفب]?(?:{_alt(units)})|لل(?:{glued_units}))\s+(?P<mod>{mods}){_E}"),
        ("this_period", rf"{_B}(?:{_alt(raw['this'])})\s+(?P<unit>{_alt(single_units)}){_E}"),
    ]
    relative_days = {_term(k): v for k, v in raw["relative_days"].items()}
    hints = (set(month_of) | set(relative_days) | set(units) | set(durations["before_count"])
             | set(durations["dual"]) | set(months_plural) | {"ال" + w for w in months_plural}
             | {_term(w) for w in raw["year_parts"]} | {since, month_word} | {_term(w) for w in raw["year_words"]}
             | {normalize_term(w) for w in raw["weekdays"]})
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
        relative_days=relative_days,
        period_units=units,
        durations={w: kind for words in durations.values() for w, kind in words.items()},
        year_parts={_term(k): v for k, v in raw["year_parts"].items()},
        month_word=month_word,
        since=since,
        hints=tuple(sorted(hints)),
        patterns=[(name, re.compile(p), *cues[name]) for name, p in pats],
    )


def _anchors_and_needs(raw: dict, month: Cue, weekday: Cue) -> dict[str, tuple[Cue | None, tuple[Cue, ...]]]:
    """Each pattern's (anchor, needs) (see lib.text.anchors); `month`, `weekday`: a month
    or weekday name as a word ("الاحد" is inside "الاحداث")."""
    def words(*keys: str) -> Cue:  # any word of these calendar.json entries, as a substring
        found: list[str] = []
        for key in keys:
            entry = raw
            for part in key.split("."):
                entry = entry[part]
            found += [entry] if isinstance(entry, str) else list(entry)
        return substring_cue(_term(w) for w in found)

    units = {_term(k): v for k, v in raw["period_units"].items()}
    glued = ["لل" + u.removeprefix("ال") for u, kind in units.items() if kind in _SINGLE_PERIODS]  # "للشهر"
    before_count = [_term(w).removeprefix("ال") for w in raw["durations"]["before_count"]]  # "(ال)اشهر"
    recent = words("recent_modifiers")
    return {
        "ymd": (None, (NUMERIC_DATE,)),
        "dmy": (None, (NUMERIC_DATE,)),
        "day_month": (None, (month,)),
        "month_year": (month, (YEAR,)),
        "month_day_year": (month, (YEAR,)),
        "ordinal_day_month": (month, (words("of"),)),
        "month": (month, ()),
        "year": (YEAR, ()),
        "since_start": (words("since"), (words("start_words"),)),
        "first_n": (words("first"), ()),
        "first_n2": (words("months_plural"), ()),
        "part_of_year": (words("year_parts"), ()),
        "last_n": (substring_cue(before_count), (recent,)),
        "last_n2": (words("durations.after_digits"), (DIGIT, recent)),
        "last_two": (words("durations.dual"), ()),
        "rel_day": (words("relative_days"), ()),
        "weekday": (weekday, ()),
        "rel_period": (substring_cue([*units, *glued]), ()),
        "this_period": (words("this"), ()),
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
        if d == 0:
            return None  # "0 مايو": no day (and _resolve_year cannot place it)
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
        if name == "month" and mon in g.ambiguous and not gd.get("mod") and not (gd.get("pre") or "").startswith(g.month_word):
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
            if g.period_units[unit] == "month":
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
        size = g.year_parts[gd["part"]]  # months
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
        unit = g.durations[gd["unit"]]
        if unit == "month":
            return add_months(pub, -n), pub, "month", False
        if unit == "week":
            return pub - timedelta(weeks=n), pub, "week", False
        if unit == "day":
            return pub - timedelta(days=n), pub, "day", False
        return pub - timedelta(days=max(1, n // 24)), pub, "day", False  # hours
    if pub is None:
        return None
    if name == "rel_day":
        rel = _strip_clitic(_SPACE_RUN.sub(" ", gd["rel"]), g.relative_days)
        d = pub + timedelta(days=g.relative_days[rel])
        return d, d, "day", False
    if name in ("rel_period", "this_period"):
        unit = g.period_units[_strip_clitic(gd["unit"], g.period_units)]
        kind = _mod_kind(g, gd.get("mod")) or "current"
        step = {"past": -1, "current": 0, "next": 1}[kind]
        if unit == "month":
            first = add_months(date(pub.year, pub.month, 1), step)
            return first, month_end(first.year, first.month), "month", False
        if unit == "year":
            return date(pub.year + step, 1, 1), date(pub.year + step, 12, 31), "year", False
        if unit == "week":
            if step == 0:
                return pub - timedelta(days=6), pub, "week", False
            return pub - timedelta(days=7), pub - timedelta(days=1), "week", False
        return None
    return None


def hint_words() -> list[str]:
    """Normalised words without one of which (or a digit) a text holds no date expression."""
    return list(grammar().hints)


def _strip_clitic(word: str, known: dict[str, int] | dict[str, str]) -> str:
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
    seen: dict[Cue, int] = {}  # where each cue first occurs (-1: nowhere; -2: present, not yet located)
    for name, pat, anchor, needs in g.patterns:
        for cue in needs:
            if not cue.present(norm, seen):
                break
        else:
            if anchor is None:
                found += _matches(name, pat.finditer(norm), g, published)
            elif anchor.present(norm, seen):
                found += _matches(name, anchored(pat, anchor, norm, anchor.first(norm, seen)), g, published)
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
    since = g.since
    forms = (since, "و" + since, "ف" + since)  # with a glued conjunction
    return [
        replace(r, period_end=published or r.period_end, since=True)
        if not r.since and published and (r.text.split(None, 1)[0] in forms
                                          or norm[max(0, r.start - len(since) - 2):r.start].rstrip().endswith(since))
        else r
        for r in out
    ]


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
