"""Spans built from the date expressions lib.text.dates finds: a date after "منذ" starts an open
span; two dates joined ("من ... إلى ..."، "منذ ... وحتى ...") make one; a weekday said beside its
date only restates it. These rules work on the expressions already found and resolved, in the
normalised text they were found in."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from lib import settings
from lib.text.date_grammar import _Grammar, grammar, strip_conjunction
from lib.text.date_ref import DateRef, add_months

__all__ = ["joined_spans", "ramadan_period", "since_span", "starts_from_since", "states_a_year", "states_its_end", "without_restated_weekdays",
           "without_restating_years"]


def states_its_end(ref: DateRef) -> bool:
    """Is the span's end written out ("منذ 18 تشرين الأول 2023 وحتى 21 تشرين الثاني 2024"), not taken
    from the publication date?"""
    return not grammar().until_joins.isdisjoint(ref.text.split())


_CLAUSE_MARK = re.compile(r"[،,.؛;:]")


def _after_a_dated_since(r: DateRef, norm: str, g: _Grammar) -> bool:
    """"منذ سقوط النظام في 8 من الشهر الجاري": a day given with "في" a few words after "منذ" (its
    event between, in one clause) is where the span starts."""
    if r.precision != "day":
        return False
    words = norm[max(0, r.start - settings.DATE_SINCE_EVENT_CHARS):r.start].split()
    # "... في 8"، "... الذي صادف 23 مارس"، "... الذي صادف يوم 23 مارس": the word that dates the event
    join = next((k for k in (1, 2) if len(words) >= k and _dates_the_event(words[-k], g, k)), 0)
    if not join:
        return False
    event = words[-1 - join - settings.DATE_SINCE_EVENT_WORDS:-join]
    starts = [i for i, w in enumerate(event) if strip_conjunction(w) == g.since]
    return bool(starts) and not any(_CLAUSE_MARK.search(w) for w in event[starts[-1]:])


def _dates_the_event(word: str, g: _Grammar, back: int) -> bool:
    """Is `word`, `back` words before a date, the word that gives the date of the event just named:
    "في" right before it, or "صادف"/"الموافق" (a conjunction may be glued to it) right before it or
    with one word between ("الذي صادف يوم 23 مارس"; any word: "صادف الأحد 23 مارس" too)?"""
    if back == 1 and word == g.since_event_join:
        return True
    return word in g.date_telling or strip_conjunction(word) in g.date_telling  # ("وافق" starts with a و of its own)


def _after_since_and_noun(r: DateRef, norm: str, g: _Grammar) -> bool:
    """"منذ تاريخ 19 تشرين الأول": a noun of date between "منذ" and the date; it still starts the span."""
    words = norm[max(0, r.start - settings.DATE_SINCE_NOUN_CHARS):r.start].split()
    return len(words) >= 2 and words[-1] in g.since_date_nouns and strip_conjunction(words[-2]) == g.since


_YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")  # a year written in a date's text


def _in_year(d: date, year: int) -> date:
    return add_months(d, 12 * (year - d.year))  # the same day of that year (29 February: the 28th)


def joined_spans(refs: list[DateRef], norm: str, g: _Grammar) -> list[DateRef]:
    """One span from two dates: "منذ مطلع العام وحتى اليوم" (since, ending on the second),
    "من 1 تشرين الأول إلى 6 تشرين الثاني"، "بين 1 أكتوبر و6 نوفمبر" (from the first to the second)."""
    out: list[DateRef] = []
    for r in refs:
        prev = out[-1] if out else None
        if prev is not None and not r.since \
                and (" ".join(norm[prev.end:r.start].split()) in g.until_joins or _until_a_dated_event(prev, r, norm, g)):
            words_before = norm[max(0, prev.start - 12):prev.start].split()
            opened = prev.since or prev.text.split(None, 1)[0] in g.range_starts or any(
                " ".join(words_before[-n:]) in g.range_starts for n in (1, 2))
            start = prev.period_start
            if not _YEAR_IN.search(prev.text) and _YEAR_IN.search(r.text):
                # "بين 1 أكتوبر و6 نوفمبر 2025": the year stated once, at the end, is the first date's too
                start = _in_year(start, r.period_end.year)
                if start > r.period_end:
                    start = _in_year(start, r.period_end.year - 1)
            if opened and r.period_end >= start:
                out[-1] = replace(prev, end=r.end, period_start=start, period_end=r.period_end, text=norm[prev.start:r.end],
                                  precision=r.precision if prev.since else prev.precision)
                continue
        out.append(r)
    return out


def since_span(r: DateRef, published: date, g: _Grammar) -> DateRef:
    """"منذ منتصف أكتوبر": from the day a part of the month starts, up to publication."""
    start = r.period_start
    words = r.text.split()
    part = next((g.month_parts[w] for w in words[:2] if w in g.month_parts), None)
    if part and r.precision == "month":
        start = start.replace(day=part)
    return replace(r, period_start=start, period_end=published or r.period_end, since=True)


def without_restated_weekdays(refs: list[DateRef], norm: str, g: _Grammar) -> list[DateRef]:
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


def starts_from_since(r: DateRef, norm: str, g: _Grammar) -> bool:
    """Does a "منذ" start the span at `r` ("منذ 19 نيسان"، "ومنذ يناير الماضي"، "منذ سقوط النظام في 8 من
    الشهر الجاري"، "منذ تاريخ 19 تشرين الأول")?"""
    since = g.since
    return (strip_conjunction(r.text.split(None, 1)[0]) == since  # (with a glued conjunction: "ومنذ")
            or norm[max(0, r.start - len(since) - 2):r.start].rstrip().endswith(since)
            or _after_a_dated_since(r, norm, g) or _after_since_and_noun(r, norm, g))


def _until_a_dated_event(prev: DateRef, r: DateRef, norm: str, g: _Grammar) -> bool:
    """"منذ بداية رمضان الذي صادف 23 مارس وحتى تاريخ 26 رمضان والذي صادف يوم 17 أبريل": after a
    "since" date, "حتى" and an event that "صادف" dates (a few words, one clause) end the span at `r`."""
    words = norm[prev.end:r.start].split()
    if not prev.since or not words or len(words) > settings.DATE_UNTIL_EVENT_WORDS \
            or words[0] not in g.until_joins - _WEAK_JOINS or any(_CLAUSE_MARK.search(w) for w in words):
        return False
    return any(_dates_the_event(words[-k], g, k) and k <= len(words) - 1 for k in (1, 2))


_WEAK_JOINS = frozenset({"و", "-"})  # joins too common to end a span with words between


def without_restating_years(refs: list[DateRef], norm: str) -> list[DateRef]:
    """Drop a year said in brackets right after a month or day of it ("خلال كانون الأول 2020 (الشهر
    الأخير من العام المنصرم)"): it only says which year that month is in, and is no span of its own."""
    out: list[DateRef] = []
    for r in refs:
        prev = out[-1] if out else None
        if prev is not None and r.precision == "year" and prev.precision in ("day", "week", "month") \
                and r.period_start <= prev.period_start and prev.period_end <= r.period_end:
            gap = norm[prev.end:r.start]
            if "(" in gap and not _CLAUSE_MARK.search(gap) and len(gap.split()) <= settings.DATE_RESTATED_YEAR_WORDS:
                continue
        out.append(r)
    return out


def states_a_year(ref: DateRef) -> bool:
    """Does the expression write its year out ("كانون الأول 2020")?"""
    return _YEAR_IN.search(ref.text) is not None


def ramadan_period(m: re.Match[str], g: _Grammar, pub: date | None,
                   mod_kind: str | None) -> tuple[date, date, str, bool] | None:
    """"خلال شهر رمضان"، "في رمضان 2021"، "رمضان 1442": that Ramadan's days (calendar.json's observed
    table, else the Umm al-Qura calendar: lib/text/hijri.py); with no year the Ramadan of the
    publication year if it has begun, else the year before's; "رمضان الماضي": the last one ended
    before publication; "منذ بداية شهر رمضان": its first day to publication. No year and no
    publication date, or a year outside the calendar: no period."""
    gd = m.groupdict()
    # a bare "رمضان" is also a name ("قال رمضان الأحمد"): a word of time before it, "شهر", a modifier or a Hijri year
    if not (gd.get("pre") or gd.get("mw") or mod_kind in ("past", "current") or gd.get("h")):
        return None
    after = m.string[m.end():m.end() + settings.DATE_SINCE_EVENT_CHARS].split()[:3]
    if any(strip_conjunction(w) in g.date_telling for w in after):
        return None  # "منذ بداية شهر رمضان الذي صادف 23 مارس": the date given stands for it
    if gd.get("y"):
        row = g.ramadan.of_year(int(gd["y"]))
    elif gd.get("h"):
        row = g.ramadan.of_hijri(int(gd["h"]))
    elif pub is None or (this_year := g.ramadan.of_year(pub.year)) is None:
        return None  # (the publication year's Ramadan unknown: which one is meant is too)
    else:
        # "رمضان الماضي": this year's once it has ended; else, this year's once it has begun
        reached = this_year[2] < pub if mod_kind == "past" else this_year[1] <= pub
        row = this_year if reached else g.ramadan.of_year(pub.year - 1)
    if row is None:
        return None
    _, first, last = row
    if gd.get("since"):
        if pub is not None and pub < first:
            return None  # a start after the report: not this expression's Ramadan
        return first, pub or last, "day", True
    return first, last, "month", False
