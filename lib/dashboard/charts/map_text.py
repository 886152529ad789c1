"""Words the bases map and the base-events table share: status names, dates as precise as they are
known, base counts with the plural each language needs, and short site labels.

Every word is data (`data/reference/ui_strings_map.json`, `data/reference/geo/site_labels.csv`);
this module only picks the form. Plural forms are CLDR's (through babel): Arabic has six
(zero, one, two, few, many, other), so "1 قواعد" never appears; a count of bases is
`i18n.counted(n, "base")`, the form every page uses.
"""
from __future__ import annotations

import csv
from functools import lru_cache

import pandas as pd
from babel import Locale

from lib.dashboard.i18n import counted, t
from lib.reference import REFERENCE_DIR

__all__ = ["STATUS_ORDER", "status_name", "shown_date", "isolate", "base_count", "articles_phrase", "site_label", "is_planned",
           "plural_key"]

SITE_LABELS_PATH = REFERENCE_DIR / "geo" / "site_labels.csv"
# Every status a base claim can have, in the legend's order (the data contract's list).
STATUS_ORDER = ("closed", "withdrawn", "handed_over", "reinforced", "established", "active", "mentioned")


def is_planned(when: object) -> bool:
    """Whether a claim's `when` marks it as a plan (the column may be missing or null)."""
    return isinstance(when, str) and when == "planned"


def status_name(status: object, lang: str, planned: bool = False) -> str:
    """A status as a noun in `lang` ("closure", "إغلاق"), "(planned)" added for a plan; "" for none.
    The nouns are the shared `status.*` strings, so the map, its tables and the Articles and Outlets
    pages (`i18n.label("status", ...)`) name a status alike."""
    if status is None or status != status or status == "":
        return ""
    key = f"status.{status}"
    word = t(key, lang)
    word = str(status).replace("_", " ") if word == key else word
    return t("map.planned", lang, status=word) if planned else word


def isolate(text: str, lang: str) -> str:
    """Left-to-right text (a date) kept in order inside an Arabic line of a chart: after Arabic
    letters the digits of "2026-02-28" count as Arabic numbers and the hyphens reverse them to
    "28-02-2026". A left-to-right embedding (LRE ... PDF) is used, not an isolate: SVG text in
    a right-to-left page ignored the isolate in Chromium."""
    return f"\u202a{text}\u202c" if text and lang == "ar" else text


def shown_date(day: object, precision: object) -> str:
    """An event date as precisely as it is known: 2025-04 for a month, 2025 for a year, else the day.

    "" when there is no date (never "NaT" or "None")."""
    if day is None or (isinstance(day, float) and day != day):
        return ""
    stamp = pd.Timestamp(day)
    if pd.isna(stamp):
        return ""
    if precision == "month":
        return stamp.strftime("%Y-%m")
    if precision == "year":
        return stamp.strftime("%Y")
    return stamp.strftime("%Y-%m-%d")


@lru_cache(maxsize=8)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def plural_key(n: int, lang: str) -> str:
    """The CLDR plural category of `n` in `lang` (zero, one, two, few, many, other)."""
    return _locale(lang).plural_form(abs(int(n)))


def _counted(prefix: str, n: int, lang: str) -> str:
    form = plural_key(n, lang)
    key = f"{prefix}.{form}"
    text = t(key, lang, n=f"{n:,}")
    return text if text != key else t(f"{prefix}.other", lang, n=f"{n:,}")


def base_count(n: object, total: object, lang: str) -> str:
    """ "3 of 8 bases (unnamed)" for a claim that counts bases without naming them, in `lang`."""
    num = None if n is None or n != n else int(n)
    tot = None if total is None or total != total else int(total)
    if num is None:
        what = t("map.count.some", lang)
    elif tot is None:
        what = counted(num, "base", lang)
    else:
        what = t("map.count.of_total", lang, n=f"{num:,}", total=f"{tot:,}", count=counted(num, "base", lang))
    return t("map.count.unnamed", lang, what=what)


def articles_phrase(n: int, lang: str) -> str:
    """ "reported in 3 articles" with the right plural."""
    return _counted("map.articles", int(n), lang)


@lru_cache(maxsize=1)
def _site_labels() -> dict[str, tuple[str, str]]:
    try:
        with SITE_LABELS_PATH.open(encoding="utf-8", newline="") as fh:
            return {r["place_id"]: (r["label_en"], r["label_ar"]) for r in csv.DictReader(fh)}
    except (OSError, KeyError):
        return {}


def site_label(place_id: object, name_en: object, name_ar: object, lang: str) -> str:
    """The short name a site is labelled with on the map: from site_labels.csv, else its name
    without the parenthesis and alternatives ("Kharab al-Jir / Rmelan ... (Abu Hajar)" is too long)."""
    short = _site_labels().get(str(place_id))
    if short:
        return short[1] if lang == "ar" else short[0]
    name = name_ar if lang == "ar" else name_en
    if not isinstance(name, str) or not name:
        name = name_en if isinstance(name_en, str) and name_en else str(place_id)
    return name.split(" (")[0].split(" / ")[0].strip()
