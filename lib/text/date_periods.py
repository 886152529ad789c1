"""Spans built from the date expressions lib.text.dates finds: a date after "منذ" starts an open
span; two dates joined ("من ... إلى ..."، "منذ ... وحتى ...") make one; a weekday said beside its
date only restates it. These rules work on the expressions already found and resolved, in the
normalised text they were found in."""
from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date

from lib import settings
from lib.text.date_grammar import _Grammar, grammar
from lib.text.date_ref import DateRef

__all__ = ["joined_spans", "since_span", "starts_from_since", "states_its_end", "without_restated_weekdays"]


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
    if not words or words[-1] != g.since_event_join:
        return False
    event = words[-2 - settings.DATE_SINCE_EVENT_WORDS:-1]
    starts = [i for i, w in enumerate(event) if w in (g.since, "و" + g.since)]
    return bool(starts) and not any(_CLAUSE_MARK.search(w) for w in event[starts[-1]:])


def _after_since_and_noun(r: DateRef, norm: str, g: _Grammar) -> bool:
    """"منذ تاريخ 19 تشرين الأول": a noun of date between "منذ" and the date; it still starts the span."""
    words = norm[max(0, r.start - settings.DATE_SINCE_NOUN_CHARS):r.start].split()
    return len(words) >= 2 and words[-1] in g.since_date_nouns and words[-2] in (g.since, "و" + g.since, "ف" + g.since)


_YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")  # a year written in a date's text


def _in_year(d: date, year: int) -> date:
    return date(year, d.month, min(d.day, calendar.monthrange(year, d.month)[1]))


def joined_spans(refs: list[DateRef], norm: str, g: _Grammar) -> list[DateRef]:
    """One span from two dates: "منذ مطلع العام وحتى اليوم" (since, ending on the second),
    "من 1 تشرين الأول إلى 6 تشرين الثاني"، "بين 1 أكتوبر و6 نوفمبر" (from the first to the second)."""
    out: list[DateRef] = []
    for r in refs:
        prev = out[-1] if out else None
        if prev is not None and not r.since \
                and " ".join(norm[prev.end:r.start].split()) in g.until_joins:
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
    forms = (since, "و" + since, "ف" + since)  # with a glued conjunction
    return (r.text.split(None, 1)[0] in forms
            or norm[max(0, r.start - len(since) - 2):r.start].rstrip().endswith(since)
            or _after_a_dated_since(r, norm, g) or _after_since_and_noun(r, norm, g))
