"""The dashboard's UI strings in English and Arabic.

The strings live in `data/reference/ui_strings.json` (`{"en": {...}, "ar": {...}}`),
plus one `ui_strings_<area>.json` of the same shape per page area (add, corrections ...),
merged in name order, so that a translator edits data, not code, and two areas never
edit one file. `t(key, lang, **values)` returns the
string in `lang`, formatted with `values`; a key missing in Arabic falls back
to English (and `missing_keys()` lets a test catch it), an unknown key comes
back as itself so a typo shows on screen instead of crashing a page.

Arabic strings are stored and returned in logical order, unshaped: browsers,
plotly and kaleido shape and order Arabic themselves. Only outputs whose
renderer cannot (a terminal) go through `lib.dashboard.terminal`.

Counted nouns agree with their number: `counted(3, "base", "ar")` is "3 قواعد",
`counted(11, "base", "ar")` "11 قاعدة". Which plural form a number takes is
CLDR's rule for the language (through Babel); the forms themselves are strings
`count.<noun>.<form>` (form: zero, one, two, few, many, other), "other" being the
fallback of every form a language does not distinguish.
"""
from __future__ import annotations

import json
from functools import lru_cache

from lib.reference import REFERENCE_DIR

__all__ = ["LANGS", "LANG_NAMES", "t", "strings", "missing_keys", "is_rtl", "label", "lang_code", "counted",
           "plural_form", "date_span"]

STRINGS_PATH = REFERENCE_DIR / "ui_strings.json"
STRINGS_GLOB = "ui_strings_*.json"  # per-area files, merged over the main one
LANGS = ("en", "ar")
LANG_NAMES = {"en": "English", "ar": "العربية"}  # each language named in itself, for the switch
RTL_LANGS = frozenset({"ar"})


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = json.loads(STRINGS_PATH.read_text(encoding="utf-8"))
    for path in sorted(REFERENCE_DIR.glob(STRINGS_GLOB)):
        for lang, values in json.loads(path.read_text(encoding="utf-8")).items():
            table.setdefault(lang, {}).update(values)
    return table


def t(key: str, lang: str = "en", **values: object) -> str:
    """The UI string `key` in `lang`, with `{placeholders}` filled from `values`."""
    table = strings()
    text = table.get(lang, {}).get(key) or table["en"].get(key) or key
    return text.format(**values) if values else text


def label(prefix: str, value: object, lang: str = "en") -> str:
    """A translated label for a data value, e.g. label("status", "closed", "ar") -> "أُغلقت".

    Values without a translation are shown as they are (new kinds or statuses
    from the data layer appear untranslated rather than breaking a page).
    """
    if value is None or value != value:  # None or NaN
        return ""
    key = f"{prefix}.{value}"
    text = t(key, lang)
    return str(value) if text == key else text


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGS


def lang_code(value: object) -> str | None:
    """The language a URL's `lang=` names: a code ("ar", "EN") or a language's own name ("العربية",
    "English", as links made before the codes carried it); None for anything else."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.lower() in LANG_NAMES:
        return text.lower()
    for code, name in LANG_NAMES.items():
        if text.casefold() == name.casefold():
            return code
    return None


@lru_cache(maxsize=None)
def _locale(lang: str):
    from babel import Locale  # imported on first use: most runs count nothing

    return Locale.parse(lang)


@lru_cache(maxsize=4096)
def plural_form(n: int, lang: str) -> str:
    """CLDR's plural category of `n` in `lang`: "zero", "one", "two", "few", "many" or "other"."""
    return _locale(lang).plural_form(abs(n))


def counted(n: float | int | None, noun: str, lang: str = "en") -> str:
    """`n` and a noun in the form that number takes ("1 base", "2 bases"; "1 قاعدة", "2 قاعدتان",
    "3 قواعد", "11 قاعدة"), from the strings `count.<noun>.<form>`. A missing or fractional
    number takes "other" (and shows as "?" when missing)."""
    whole = n is not None and n == n and float(n).is_integer()
    form = plural_form(int(n), lang) if whole else "other"
    shown = "?" if n is None or n != n else f"{int(n):,}" if whole else f"{n:,}"
    table = strings()
    for lg in (lang, "en"):
        forms = table.get(lg, {})
        text = forms.get(f"count.{noun}.{form}") or forms.get(f"count.{noun}.other")
        if text:
            return text.format(n=shown)
    return f"{shown} {noun}"


def date_span(start: str, end: str, lang: str = "en") -> str:
    """Two dates as a span in words ("2025-01-01 to 2025-04-30"; "من … إلى …"): an arrow between
    them would point the wrong way in right-to-left text."""
    return t("span.dates", lang, start=start, end=end)


def missing_keys() -> dict[str, set[str]]:
    """Keys present in one language and not in another, per language."""
    table = strings()
    every = set().union(*(set(v) for v in table.values()))
    return {lang: every - set(table.get(lang, {})) for lang in LANGS}
