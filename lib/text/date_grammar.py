"""The date grammar: the regular expressions lib.text.dates tries, built once from
data/reference/calendar.json (month names of every naming system, weekdays, relative
days, periods, durations), each with the cue words it is anchored on
(lib.text.anchors)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Iterable

from lib.reference import REFERENCE_DIR
from lib.text.hijri import RamadanCalendar
from lib.text.anchors import DIGIT, NUMERIC_DATE, YEAR, Cue, substring_cue, word_cue
from lib.text.textnorm import normalize_term, without_conjunction
from lib.text.wordregex import union_pattern

CALENDAR_FILE = REFERENCE_DIR / "calendar.json"


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
    month_parts: dict[str, int]  # "منتصف" -> 15: the day "since mid-month" starts on
    since: str  # "منذ"
    since_event_join: str  # "في" in "منذ سقوط النظام في 8 من الشهر الجاري"
    since_date_nouns: frozenset[str]  # "تاريخ" in "منذ تاريخ 19 أكتوبر"
    date_telling: frozenset[str]  # "صادف" in "منذ بداية رمضان الذي صادف 23 مارس": the date of the event named
    span_cues: frozenset[str]  # "خلال"، "منذ": before an ambiguous month name ("خلال آب"), they make it the month
    until_joins: frozenset[str]  # "وحتى": between the start and the end of one span
    range_starts: frozenset[str]  # "من", "بين": before the first of two dates that make a span
    ramadan: RamadanCalendar  # the observed table of calendar.json, else the Umm al-Qura calendar
    hints: tuple[str, ...]  # see hint_words
    # (name, regex, anchor, needs): see _anchors_and_needs
    patterns: list[tuple[str, re.Pattern[str], Cue | None, tuple[Cue, ...]]]


GLUED_CONJUNCTIONS = "وف"  # conjunctions a date word may carry glued to it ("ومنذ"، "فخلال")
GLUED_PREFIXES = GLUED_CONJUNCTIONS + "بل"  # and the prepositions glued to a month or year word ("بشهر"، "لعام")


def strip_conjunction(word: str) -> str:
    """"ومنذ" -> "منذ"، "فخلال" -> "خلال": a word without the conjunction glued to its start (a word of
    two letters, "في"، "وف", is its own word)."""
    return without_conjunction(word, GLUED_CONJUNCTIONS) if len(word) > 2 else word


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
    since_units = _alt(u for u, kind in units.items() if kind in ("month", "year", "week"))  # منذ مطلع العام
    month_units = _alt(u for u, kind in units.items() if kind == "month")  # "من الشهر الجاري"
    durations = {kind: {_term(k): v for k, v in {**words, **raw["year_durations"].get(kind, {})}.items()}
                 for kind, words in raw["durations"].items()}
    months_plural = [_term(w) for w in raw["months_plural"]]
    of, since, month_word = _term(raw["of"]), _term(raw["since"]), _term(raw["month_word"])
    recent = _alt(raw["recent_modifiers"])
    rm = raw["ramadan"]
    # A month, optionally doubled in the other naming system: "نيسان/إبريل", "تشرين الأول (أكتوبر)".
    mon = rf"(?:{month_word}\s+)?(?P<mon>{month})(?:\s*[/(]\s*(?:{month})\s*\)?)?"
    year = r"(?P<y>(?:19|20)\d{2})"
    yearword = f"(?:{_alt(raw['year_words'])})"
    # "من 2024"، "من العام الماضي"، "من العام" (a bare "the year": the current one)
    of_year = rf"{of}\s+(?:(?:{yearword}\s*)?{year}|(?P<yw>{yearword})(?:\s+(?P<mod>{mods}))?)"
    date_year = rf"(?:\s*[،,]?\s*(?:{of}\s+)?(?:{yearword}\s*)?{year})?"  # "، من عام 2025" after a day and month
    not_a_day = "".join(f"(?<!{re.escape(w)} )" for w in map(_term, raw["not_a_day_after"]))
    # "للشهر الماضي": ل + ال is written لل
    glued_units = _alt(u.removeprefix("ال") for u in single_units)
    # a month name as a word (not "اب" inside "الانسحاب")
    cues = _anchors_and_needs(raw, word_cue(month), word_cue(_alt(list(raw["weekdays"]))))
    pats = [
        ("ymd", r"(?P<y>\d(?<!\d\d)\d{3})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"),
        ("dmy", r"(?P<d>\d(?<!\d\d)\d?)\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)"),
        # ("منذ بداية تشرين الأول/أكتوبر 2023": the month's year when stated; "ومنذ": with a glued conjunction)
        ("since_start", rf"{_B}[{GLUED_CONJUNCTIONS}]?{since}\s+(?:{_alt(raw['start_words'])})\s+(?:{yearword}?\s*{year}|(?P<unit>{since_units})(?:\s+(?P<mod>{mods}))?(?:\s*\(?\s*(?P<y3>(?:19|20)\d{{2}})\s*\)?)?|{mon}(?:\s+(?P<mod2>{mods}))?(?:\s*[،,]?\s*(?:{of}\s+)?(?:{yearword}\s*)?(?P<y2>(?:19|20)\d{{2}}))?){_E}"),
        ("first_n", rf"{_B}(?:{_alt('ال' + w for w in months_plural)})\s+(?P<n>{count})\s+{_term(raw['first'])}\s+{of_year}{_E}"),
        ("first_n2", rf"{_B}(?:{_alt(raw['first_of'])}|الـ?)\s*(?P<n>{count})\s+(?:{_alt(months_plural)})\s+{of_year}{_E}"),
        ("part_of_year", rf"{_B}(?P<part>{_alt(raw['year_parts'])})\s+(?P<o>{ordp})\s+{of_year}{_E}"),
        # "الأشهر الثلاثة الماضية"، "الساعات الـ72 الماضية"
        ("last_n", rf"{_B}(?:ال)?(?P<unit>{_alt(durations['before_count'])})\s+(?:ال\s*)?(?P<n>{count})\s+(?:{recent}){_E}"),
        ("last_two", rf"{_B}(?P<unit>{_alt(durations['dual'])})\s+(?:{_alt(raw['recent_modifiers_dual'])}){_E}"),
        ("last_n2", rf"{_B}(?:الـ?)?(?P<n>\d{{1,3}})\s+(?P<unit>{_alt(durations['after_digits'])})\s+(?:{recent}){_E}"),
        ("day_month", rf"(?P<d>\d(?<!\d\d)\d?)\s+(?:{of}\s+)?{mon}{date_year}(?:\s+(?P<mod>{mods}))?{_E}"),
        # "من 17 إلى 31 تشرين الأول"، "بين 3 و9 آذار 2024": a run of days
        ("day_range", rf"{_B}[{GLUED_CONJUNCTIONS}]?(?:{of}|{_alt(raw['range_openers'])})\s+(?P<d1>\d(?<!\d\d)\d?)\s*(?:{_alt(raw['range_joins'])})\s*(?P<d>\d(?<!\d\d)\d?)\s+(?:{of}\s+)?{mon}{date_year}(?:\s+(?P<mod>{mods}))?{_E}"),
        # "من 1 كانون الثاني حتى 30 حزيران 2024": two days of two months, the year stated once at the end
        ("day_month_range", rf"{_B}[{GLUED_CONJUNCTIONS}]?(?:{of}|{_alt(raw['range_openers'])})\s+(?P<d1>\d(?<!\d\d)\d?)\s+(?:{of}\s+)?(?:{month_word}\s+)?(?P<mon1>{month})(?:\s*[/(]\s*(?:{month})\s*\)?)?\s*(?:{_alt(raw['until_joins'])})\s*(?P<d>\d(?<!\d\d)\d?)\s+(?:{of}\s+)?{mon}{date_year}(?:\s+(?P<mod>{mods}))?{_E}"),
        # "من يناير إلى يونيو 2024": a run of months
        ("month_range", rf"{_B}[{GLUED_CONJUNCTIONS}]?(?:{of}|{_alt(raw['range_openers'])})\s+(?:{month_word}\s+)?(?P<mon1>{month})(?:\s*[/(]\s*(?:{month})\s*\)?)?\s*(?:{_alt(raw['range_joins'])})\s*{mon}{date_year}(?:\s+(?P<mod>{mods}))?{_E}"),
        # "خلال خمسة أيام"، "خلال أسبوع"، "في غضون يومين": the last N units
        ("within", rf"{_B}[{GLUED_CONJUNCTIONS}]?(?:{_alt(raw['within_words'])})\s+(?:(?P<n>{count})\s+(?P<unit>{_alt(raw['within_units'])})|(?P<one>{_alt(raw['within_single'])})|(?P<two>{_alt(raw['within_dual'])})|(?P<one_end>{_alt(raw['within_single_at_clause_end'])})(?=\s*(?:[.،,؛:]|$))){_E}(?!\s+(?:{_alt(raw['within_not_followed_by'])}){_E})"),
        # "في السابع من يونيو"، "الحادي والعشرين من أيار 2025"
        # "النصف الأول من حزيران/يونيو الجاري"، "النصف الثاني من الشهر الماضي": half a month
        ("half_month", rf"{_B}(?:{_alt(raw['month_halves'])})\s+(?P<o>{ordp})\s+{of}\s+(?:{mon}(?:\s+(?P<mod>{mods}))?{date_year}|(?P<unit>{month_units})\s+(?P<mod2>{mods})){_E}"),
        # "خلال شهري تموز وآب": two months joined
        ("month_pair", rf"{_B}(?:{_alt(raw['months_pair'])})\s+(?P<mon1>{month})\s+و\s*{mon}{date_year}(?:\s+(?P<mod>{mods}))?{_E}"),
        # "في 8 من الشهر الجاري": a day of the current (or last) month
        ("day_of_month", rf"{_B}(?P<d>\d(?<!\d\d)\d?)\s+{of}\s+(?P<unit>{month_units})\s+(?P<mod>{mods}){_E}"),
        ("ordinal_day_month", rf"{_B}{not_a_day}(?P<od>{_alt(list(raw['ordinal_days']))})\s+{of}\s+{mon}{date_year}(?:\s+(?P<mod>{mods}))?{_E}"),
        ("month_day_year", rf"{_B}{mon}\s+(?P<d>\d(?<!\d\d)\d?)\s*[،,]\s*{year}{_E}"),  # "يونيو 5, 2025"
        ("month_year", rf"{_B}{mon}\s*[،,]?\s*(?:{of}\s+)?(?:{yearword}\s*)?{year}{_E}"),
        ("month", rf"{_B}(?P<pre>(?:[{GLUED_CONJUNCTIONS}]?(?:{_alt(raw['month_cues'])})\s+)|[{GLUED_PREFIXES}]?{month_word}\s+)?{mon}(?:\s+(?P<mod>{mods}))?{_E}"),
        ("year", rf"{_B}(?:[{GLUED_PREFIXES}]?(?:{_alt(raw['year_words'] + raw['year_cues'])})\s+){year}{_E}"),
        # "خلال العام الماضي 2023"، "العام المنصرم (2024)": a relative year with the year written after it
        ("rel_year_stated", rf"{_B}[{GLUED_PREFIXES}]?(?:{yearword})\s+(?:{mods})\s*\(?\s*{year}\s*\)?{_E}"),
        # "يوم الثلاثاء"، "فجر الأحد"، "الخميس الماضي": the last such day (الاثنين is also "the two": only after يوم ...)
        ("weekday", rf"{_B}(?:(?P<pre>[{GLUED_CONJUNCTIONS}]?(?:{_alt(raw['weekday_cues'])}))\s+)?(?P<wd>{_alt(list(raw['weekdays']))})(?:\s+(?P<mod>{mods}))?{_E}"),
        ("rel_day", rf"{_B}(?P<rel>[{GLUED_CONJUNCTIONS}]?(?:{_alt(raw['relative_days'])})){_E}"),
        ("rel_period", rf"{_B}(?P<unit>[وفب]?(?:{_alt(units)})|لل(?:{glued_units}))\s+(?P<mod>{mods}){_E}"),
        ("this_period", rf"{_B}(?:{_alt(raw['this'])})\s+(?P<unit>{_alt(single_units)}){_E}"),
        # "خلال شهر رمضان"، "في رمضان 2021"، "رمضان الماضي"، "منذ بداية شهر رمضان"، "رمضان 1442 هـ"
        ("ramadan", rf"{_B}(?P<pre>[{GLUED_CONJUNCTIONS}]?(?:(?P<since>{since})(?:\s+(?:{_alt(raw['start_words'])}))?|{_alt(rm['cues'])})\s+)?(?:(?P<mw>[{GLUED_PREFIXES}]?{month_word}\s+)|[{GLUED_PREFIXES}])?(?:{_alt(rm['names'])})(?:\s+(?:{_alt(rm['epithets'])}))?(?:\s+(?P<mod>{mods}))?(?:\s*[،,]?\s*(?:{of}\s+)?(?:{yearword}\s*)?{year}|\s+(?P<h>14\d\d)(?:\s*(?:{_alt(rm['hijri_suffixes'])}))?)?{_E}"),
        # "خلال عامي 2020 و2021": two years joined
        ("years_pair", rf"{_B}[{GLUED_PREFIXES}]?(?:{_alt(raw['years_pair'])})\s+(?P<y1>(?:19|20)\d{{2}})\s+و\s*{year}{_E}"),
    ]
    relative_days = {_term(k): v for k, v in raw["relative_days"].items()}
    within_units = {_term(k): v for k, v in {**raw["within_units"], **raw["within_single"], **raw["within_dual"],
                                             **raw["within_single_at_clause_end"]}.items()}
    hints = (set(month_of) | set(relative_days) | set(units) | set(durations["before_count"])
             | set(durations["dual"]) | set(months_plural) | {"ال" + w for w in months_plural}
             | {_term(w) for w in raw["year_parts"]} | {since, month_word} | {_term(w) for w in raw["year_words"]}
             | {normalize_term(w) for w in raw["weekdays"]} | set(within_units) | {_term(w) for w in rm["names"]})
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
        durations={w: kind for words in [*durations.values(), within_units] for w, kind in words.items()},
        year_parts={_term(k): v for k, v in raw["year_parts"].items()},
        month_word=month_word,
        month_parts={_term(k): v for k, v in raw["month_parts"].items()},
        since=since,
        since_event_join=_term(raw["since_event_join"]),
        since_date_nouns=frozenset(_term(w) for w in raw["since_date_nouns"]),
        date_telling=frozenset(_term(w) for w in raw["date_telling_words"]),
        span_cues=frozenset(_term(w) for w in raw["ambiguous_month_span_cues"]),
        until_joins=frozenset(_term(w) for w in raw["until_joins"]),
        range_starts=frozenset(_term(w) for w in raw["range_starts"]),
        ramadan=RamadanCalendar({int(y): (row["hijri"], date.fromisoformat(row["first"]), date.fromisoformat(row["last"]))
                                 for y, row in rm["days"].items()}),
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
    years = raw["year_durations"]
    before_count = [_term(w).removeprefix("ال") for w in [*raw["durations"]["before_count"], *years["before_count"]]]  # "(ال)اشهر"
    recent = words("recent_modifiers")
    return {
        "ymd": (None, (NUMERIC_DATE,)),
        "dmy": (None, (NUMERIC_DATE,)),
        "day_month": (None, (month,)),
        "day_range": (month, (DIGIT,)),
        "month_range": (month, ()),
        "day_month_range": (month, (DIGIT,)),
        "within": (words("within_words"), (words("within_units", "within_single", "within_dual"),)),
        "month_year": (month, (YEAR,)),
        "month_day_year": (month, (YEAR,)),
        "ordinal_day_month": (month, (words("of"),)),
        "day_of_month": (substring_cue(u for u, kind in units.items() if kind == "month"), (DIGIT,)),
        "half_month": (words("month_halves"), (words("of"),)),
        "month_pair": (words("months_pair"), (month,)),
        "month": (month, ()),
        "year": (YEAR, ()),
        "rel_year_stated": (YEAR, ()),
        "since_start": (words("since"), (words("start_words"),)),
        "first_n": (words("first"), ()),
        "first_n2": (words("months_plural"), ()),
        "part_of_year": (words("year_parts"), ()),
        "last_n": (substring_cue(before_count), (recent,)),
        "last_n2": (words("durations.after_digits"), (DIGIT, recent)),
        "last_two": (words("durations.dual", "year_durations.dual"), ()),
        "rel_day": (words("relative_days"), ()),
        "weekday": (weekday, ()),
        "rel_period": (substring_cue([*units, *glued]), ()),
        "this_period": (words("this"), ()),
        "years_pair": (words("years_pair"), (YEAR,)),
        "ramadan": (words("ramadan.names"), ()),
    }
