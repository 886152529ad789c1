"""Dates in Arabic news text: publication dates and the periods figures cover.

`find_dates` finds date expressions in normalised text and resolves each to a
closed interval [start, end] with a precision, against the publication date
for relative ones ("العام الماضي", "منذ مطلع الشهر الحالي", "19 نيسان الماضي").
Everything is regular expressions built from data/reference/calendar.json:
dateparser handles neither "27 من أيار" nor a trailing "الماضي" and is far too
slow for every sentence of a large corpus.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Iterable

from lib.text.anchors import Cue, anchored
from lib.text.date_grammar import CALENDAR_FILE, GLUED_PREFIXES, _Grammar, grammar, strip_conjunction
from lib.text.date_periods import (joined_spans, ramadan_period, since_span, starts_from_since, states_a_year, states_its_end,
                                   without_restated_weekdays, without_restating_years)
from lib.text.date_ref import DateRef, add_months, month_end
from lib.text.textnorm import normalize

__all__ = ["ANY_DAY", "CALENDAR_FILE", "DateRef", "add_months", "detect_published", "find_dates", "grammar", "hint_words",
           "month_end", "parse_date_string", "states_its_end"]


# a stand-in publication date: with it find_dates also finds the expressions that need one ("خلال الشهر
# الماضي"، "خلال شهر أيار" with no year), to tell that a sentence names a date even when none resolves
ANY_DAY = date(2000, 1, 1)
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
    return int(text) if text.isdecimal() else g.counts.get(text)


def _year_from(m: re.Match[str], g: _Grammar, pub: date | None) -> int | None:
    if m.groupdict().get("y"):
        return int(m.group("y"))
    kind = _mod_kind(g, m.groupdict().get("mod"))
    if kind is None and m.groupdict().get("yw") and not m.groupdict().get("mod"):
        kind = "current"  # "الربع الأول من العام": the year of publication
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
    if name == "day_month_range":  # "من 1 كانون الثاني حتى 30 حزيران 2024"
        m1, m2, d1, d2 = _month_num(g, gd["mon1"]), _month_num(g, gd["mon"]), int(gd["d1"]), int(gd["d"])
        y = int(gd["y"]) if gd.get("y") else _resolve_year(m2, d2, _mod_kind(g, gd.get("mod")), pub)
        if y is None:
            return None
        try:
            end, start = date(y, m2, d2), date(y, m1, d1)
            if start > end:  # "من 17 تشرين الأول حتى 13 كانون الثاني 2024": the start is in the year before
                start = date(y - 1, m1, d1)
        except ValueError:
            return None
        return start, end, "day", False
    if name == "half_month":  # "النصف الأول من حزيران": 1-15; the second (or last) half: 16 to its end
        o = g.ordinal_parts.get(gd["o"])
        if o not in (1, 2, -1):
            return None
        if gd.get("mon"):
            mo = _month_num(g, gd["mon"])
            y = int(gd["y"]) if gd.get("y") else _resolve_year(mo, None, _mod_kind(g, gd.get("mod")), pub)
            if y is None:
                return None
            first = date(y, mo, 1)
        else:
            if pub is None:
                return None
            step = {"past": -1, "current": 0, "next": 1}[_mod_kind(g, gd.get("mod2")) or "current"]
            first = add_months(date(pub.year, pub.month, 1), step)
        end = month_end(first.year, first.month)
        # (a span of about two weeks: "week" precision, never a day)
        if o == 1:
            return first, first.replace(day=_HALF_MONTH), "week", False
        return first.replace(day=_HALF_MONTH + 1), end, "week", False
    if name == "month_pair":
        name = "month_range"
    if name == "month_range":
        m1, m2 = _month_num(g, gd["mon1"]), _month_num(g, gd["mon"])
        y = int(gd["y"]) if gd.get("y") else _resolve_year(m2, None, _mod_kind(g, gd.get("mod")), pub)
        if y is None or m1 >= m2:
            return None
        return date(y, m1, 1), month_end(y, m2), "month", False
    if name == "day_range":
        mo, d1, d2 = _month_num(g, gd["mon"]), int(gd["d1"]), int(gd["d"])
        if not 0 < d1 < d2:
            return None
        y = int(gd["y"]) if gd.get("y") else _resolve_year(mo, d2, _mod_kind(g, gd.get("mod")), pub)
        if y is None:
            return None
        try:
            return date(y, mo, d1), date(y, mo, d2), "day", False
        except ValueError:
            return None
    if name in ("month_year", "month"):
        mon = _SPACE_RUN.sub(" ", gd["mon"])
        mo = _month_num(g, mon)
        doubled = "/" in m.group() or "(" in m.group()  # "آب/أغسطس": named in the other system too
        # ("آب" is also "father": it is August after "شهر", or after a word of time that takes a span,
        # "خلال آب"، "منذ آب"، "طيلة آب" — not after "في", where "في آب" may still be a father)
        pre = (gd.get("pre") or "").split()
        if name == "month" and mon in g.ambiguous and not gd.get("mod") and not doubled \
                and not (gd.get("pre") or "").lstrip(GLUED_PREFIXES).startswith(g.month_word) \
                and not (pre and strip_conjunction(pre[0]) in g.span_cues):
            return None
        if name == "month" and not gd.get("mod") and not gd.get("pre"):
            return None  # a bare month name with nothing around it is too weak a signal
        y = int(gd["y"]) if gd.get("y") else _resolve_year(mo, None, _mod_kind(g, gd.get("mod")), pub)
        if y is None:
            return None
        return date(y, mo, 1), month_end(y, mo), "month", False
    if name == "years_pair":  # "خلال عامي 2020 و2021"
        y1, y2 = int(gd["y1"]), int(gd["y"])
        return (date(y1, 1, 1), date(y2, 12, 31), "year", False) if y1 < y2 else None
    if name in ("year", "rel_year_stated"):  # ("العام الماضي 2023": the year written is the year)
        y = int(gd["y"])
        return date(y, 1, 1), date(y, 12, 31), "year", False
    if name == "since_start":
        if gd.get("unit"):
            unit = gd["unit"]
            if gd.get("y3") and g.period_units[unit] == "year":  # "منذ مطلع العام الجاري 2025": the year written
                y = int(gd["y3"])
                if pub is not None and pub < date(y, 1, 1):
                    return None  # a start after the report: not this expression's year
                return date(y, 1, 1), pub or date(y, 12, 31), "day", True
            if pub is None:
                return None
            kind = _mod_kind(g, gd.get("mod")) or "current"
            if g.period_units[unit] == "month":
                first = add_months(date(pub.year, pub.month, 1), {"past": -1, "current": 0, "next": 1}[kind])
                return first, pub, "day", True
            if g.period_units[unit] == "week":  # "منذ بداية الأسبوع الجاري": from its Monday, as "الأسبوع الجاري"
                monday = pub - timedelta(days=pub.isoweekday() - 1)
                return monday + timedelta(days=7 * {"past": -1, "current": 0, "next": 1}[kind]), pub, "day", True
            y = pub.year + {"past": -1, "current": 0, "next": 1}[kind]
            return date(y, 1, 1), pub, "day", True
        if gd.get("y") and not gd.get("mon"):
            return date(int(gd["y"]), 1, 1), pub or date(int(gd["y"]), 12, 31), "day", True
        mo = _month_num(g, gd["mon"])
        y = int(gd["y2"]) if gd.get("y2") else _resolve_year(mo, None, _mod_kind(g, gd.get("mod2")), pub)
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
    if name == "within":  # "خلال خمسة أيام"، "خلال أسبوع"، "خلال يومين"
        n = 1 if gd.get("one") or gd.get("one_end") else 2 if gd.get("two") else _count(g, gd["n"])
        gd = {"unit": gd.get("unit") or gd.get("one") or gd.get("two") or gd.get("one_end")}
        name = "last_n"
    else:
        n = None
    if name in ("last_n", "last_n2", "last_two"):
        if n is None:
            n = 2 if name == "last_two" else _count(g, gd["n"])  # "الأسبوعين الماضيين": a dual
        if not n or pub is None:
            return None
        unit = g.durations[gd["unit"]]
        if unit == "year":  # "خلال العامين الماضيين"، "السنوات الثلاث الماضية"
            return add_months(pub, -12 * n), pub, "year", False
        if unit == "month":
            return add_months(pub, -n), pub, "month", False
        if unit == "week":
            return pub - timedelta(weeks=n), pub, "week", False
        if unit == "day":
            return pub - timedelta(days=n), pub, "day", False
        return pub - timedelta(days=max(1, n // 24)), pub, "day", False  # hours
    if name == "ramadan":
        return ramadan_period(m, g, pub, _mod_kind(g, gd.get("mod")))
    if pub is None:
        return None
    if name == "day_of_month":  # "في 8 من الشهر الجاري"
        step = {"past": -1, "current": 0, "next": 1}[_mod_kind(g, gd.get("mod")) or "current"]
        first = add_months(date(pub.year, pub.month, 1), step)
        try:
            day = first.replace(day=int(gd["d"]))
        except ValueError:
            return None
        return day, day, "day", False
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
            # (of two as long, the one that writes its year out: "خلال كانون الأول" and "كانون الأول 2020")
            if ref.end - ref.start > out[-1].end - out[-1].start or (
                    ref.end - ref.start == out[-1].end - out[-1].start and states_a_year(ref) and not states_a_year(out[-1])):
                out[-1] = ref
            continue
        out.append(ref)
    out = without_restating_years(without_restated_weekdays(out, norm, g), norm)
    # "منذ 19 نيسان"، "منذ يناير الماضي" (the month pattern takes منذ in): a dated start with an open end.
    out = [since_span(r, published, g) if not r.since and starts_from_since(r, norm, g) else r for r in out]
    return joined_spans(out, norm, g) if len(out) > 1 else out



_HALF_MONTH = 15  # the last day of a month's first half


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
