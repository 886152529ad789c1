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
"""
from __future__ import annotations

import json
from functools import lru_cache

from lib.reference import REFERENCE_DIR

__all__ = ["LANGS", "LANG_NAMES", "t", "strings", "missing_keys", "is_rtl", "label"]

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


def missing_keys() -> dict[str, set[str]]:
    """Keys present in one language and not in another, per language."""
    table = strings()
    every = set().union(*(set(v) for v in table.values()))
    return {lang: every - set(table.get(lang, {})) for lang in LANGS}
