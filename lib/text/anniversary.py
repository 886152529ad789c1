"""A publication date read from an anniversary: "اليوم الإثنين ... بمناسبة الذكرى
السنوية الأولى لتحرير ريف دير الزور الشرقي" gives no date, but the event it names
is dated (the Baghouz victory, 23 March 2019), the ordinal says how many years on
(one: 23 March 2020), and the weekday said of today (Monday) checks it: 23 March
2020 was a Monday. A weekday that disagrees, or no weekday said of today, gives no
date. Only today counts: "أمس الجمعة ... في الذكرى الثانية" may tell of a vigil held
on the anniversary itself, so a weekday said of yesterday cannot say which day the
anniversary is.

The event's date comes from data/reference/anniversaries.json (events and the
words outlets name them by), else from a full date (with its year) the text
states right after the ordinal. The anniversary words and ordinals are in that file too.
The weekday names and the words for today are calendar.json's (weekdays, relative_days).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from lib import settings
from lib.reference import load_json
from lib.text.dates import find_dates
from lib.text.textnorm import normalize
from lib.text.wordregex import union_pattern

ANNIVERSARIES_FILE = "anniversaries.json"
_LETTER = r"\u0621-\u064a"


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event an anniversary may be said of."""

    event_id: str
    day: date
    name_en: str
    words: re.Pattern[str]  # its names, normalised; a name ends where a word does ("الأسد", not "الأسدي")


@dataclass(frozen=True, slots=True)
class AnniversaryDate:
    """The day an article was published, as its anniversary and weekday fix it."""

    published: date
    basis: str  # why, in words a reader can check against the text


@dataclass(frozen=True, slots=True)
class _Words:
    anniversary: re.Pattern[str]  # the anniversary word and its ordinal (group "ord" or "num")
    ordinals: dict[str, int]
    ordinals_en: dict[int, str]
    today_said: re.Pattern[str]  # a word for today and the weekday said of it (group "wd")
    weekdays: dict[str, int]  # normalised name -> ISO weekday
    events: tuple[Event, ...]


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = load_json(ANNIVERSARIES_FILE)
    cal = load_json("calendar.json")
    ordinals = {normalize(k): v for k, v in data["ordinals"].items()}
    prefixes = union_pattern(normalize(p) for p in data["digit_ordinal_prefixes"])
    anniversary = re.compile(
        rf"(?<![{_LETTER}])(?:{union_pattern(normalize(w) for w in data['anniversary_words'])})\s+"
        rf"(?:(?P<ord>{union_pattern(ordinals)})(?![{_LETTER}])|(?:{prefixes})\s*(?P<num>\d{{1,2}})(?!\d))")
    today = [normalize(k) for k, v in cal["relative_days"].items() if v == 0]
    weekdays = {normalize(k): v for k, v in cal["weekdays"].items()}
    # "اليوم الإثنين", "اليوم (الإثنين)", "اليوم، يوم الإثنين": the weekday right after the word
    today_said = re.compile(
        rf"(?<![{_LETTER}])(?:{union_pattern(today)})\s*[(،,\-–]?\s*"
        rf"(?:{union_pattern(normalize(w) for w in cal['weekday_cues'])}\s+)?"
        rf"(?P<wd>{union_pattern(weekdays)})(?![{_LETTER}])")
    events = tuple(Event(e["id"], date.fromisoformat(e["date"]), e["name_en"],
                         re.compile(rf"(?:{union_pattern(normalize(w) for w in e['words'])})(?![{_LETTER}\d])"))
                   for e in data["events"])
    return _Words(anniversary, ordinals, {int(k): v for k, v in data["ordinals_en"].items()},
                  today_said, weekdays, events)


def _years_on(day: date, years: int) -> date | None:
    """`day` the same day and month `years` later (29 February has no such day most years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return None


def _event_after(norm: str, at: int, w: _Words) -> tuple[date, str] | None:
    """The date and English name of the event an anniversary at `at` is said of: the
    event of the table whose words come first within the reach, else a full date the
    text states there."""
    reach = norm[at:at + settings.ANNIVERSARY_EVENT_REACH]
    found: list[tuple[int, Event]] = []
    for event in w.events:
        hit = event.words.search(reach)
        if hit:
            found.append((hit.start(), event))
    if found:
        event = min(found, key=lambda f: f[0])[1]
        return event.day, f"{event.name_en} ({event.day.isoformat()})"
    for ref in find_dates(reach, None):
        if ref.precision == "day" and not ref.since:
            return ref.period_start, f"the event the text dates {ref.period_start.isoformat()}"
    return None


def _anniversary_days(norm: str, w: _Words) -> list[tuple[date, str]]:
    """(anniversary day, how it was found) for every dated anniversary the text names."""
    out: list[tuple[date, str]] = []
    for m in w.anniversary.finditer(norm):
        years = w.ordinals[m.group("ord")] if m.group("ord") else int(m.group("num"))
        if years < 1:
            continue
        event = _event_after(norm, m.end(), w)
        if event is None:
            continue
        day = _years_on(event[0], years)
        if day is not None:
            ordinal = w.ordinals_en.get(years)  # past the table's words: "anniversary no. 15"
            out.append((day, f"{ordinal} anniversary of {event[1]}" if ordinal
                        else f"anniversary no. {years} of {event[1]}"))
    return out


def _weekdays_of_today(norm: str, w: _Words) -> list[int]:
    """The ISO weekday of each "اليوم <weekday>" in the text."""
    return [w.weekdays[m.group("wd")] for m in w.today_said.finditer(norm)]


def infer_from_anniversary(text: str) -> AnniversaryDate | None:
    """The publication date an anniversary fixes, with its basis; None when the text
    names no dated anniversary, says no weekday of today ("اليوم الإثنين"), or when
    they disagree (a weekday that is not the anniversary's, two anniversaries
    on different days)."""
    if not text:
        return None
    norm = normalize(text)
    w = _words()
    days = _anniversary_days(norm, w)
    if not days or len({d for d, _ in days}) != 1:
        return None
    said = _weekdays_of_today(norm, w)
    published, how = days[0]
    if not said or any(weekday != published.isoweekday() for weekday in said):
        return None
    return AnniversaryDate(published, f"inferred: 'today, {calendar.day_name[said[0] - 1]}' + {how}")
