"""The sidebar's filters and the row masks they select, over the compact frames.

Masks are computed on categorical codes (a lookup table per category, then one
indexing of the codes), which at a million rows is several times faster than
pandas' `isin` and date comparisons row by row.

Claims flagged as implausible (a non-empty `flags` column: above_max, negative_figure,
published_future ..., see `lib.ingest.plausibility`) are left out by `claim_mask`
unless `Filters.include_flagged` is set: every view and query builds on `claim_mask`,
so no chart or table shows them by default, and none has to remember to.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["Filters", "claim_mask", "article_mask", "isin", "flagged_rows", "flagged_hidden", "parse_choices", "parse_day",
           "parse_dates", "parse_flag", "url_params", "FILTER_PARAMS"]


@dataclass(frozen=True)
class Filters:
    """The sidebar's filters. Empty `outlets` means every outlet; `kinds=None` every kind;
    `include_flagged` keeps the claims flagged as implausible (left out by default)."""

    outlets: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    kinds: tuple[str, ...] | None = None
    include_flagged: bool = False

    def key(self) -> tuple:
        """A hashable, order-independent key (for caches); `Filters.from_key` turns it back."""
        return (tuple(sorted(self.outlets)), self.start, self.end,
                None if self.kinds is None else tuple(sorted(self.kinds)), self.include_flagged)

    @classmethod
    def from_key(cls, key: tuple) -> "Filters":
        outlets, start, end, kinds, include_flagged = key
        return cls(tuple(outlets), start, end, kinds, include_flagged)


# ---------------------------------------------------------------------- masks
def isin(cat: pd.Series, values: Sequence[str], rows: np.ndarray | None = None) -> np.ndarray:
    """`cat.isin(values)` (at `rows`, or every row) as a boolean array, on a categorical's codes."""
    if isinstance(cat.dtype, pd.CategoricalDtype):
        # A lookup table indexed by code; code -1 (missing) reads the extra False at the end.
        lut = np.zeros(len(cat.cat.categories) + 1, dtype=bool)
        lut[np.flatnonzero(cat.cat.categories.isin(list(values)))] = True
        codes = cat.cat.codes.to_numpy()
        return lut[codes if rows is None else codes[rows]]
    return (cat if rows is None else cat.iloc[rows]).isin(list(values)).to_numpy(dtype=bool)


def _date_mask(published: pd.Series, start: date | None, end: date | None) -> np.ndarray:
    dt = published.dtype
    if isinstance(dt, pd.CategoricalDtype):
        # Test each distinct day once, then look the rows up by code (-1, undated, reads the end).
        lut = np.append(_in_dates(dt.categories.to_numpy(), start, end), start is None and end is None)
        return lut[published.cat.codes.to_numpy()]
    return _in_dates(published.to_numpy(), start, end)


def _in_dates(pub: np.ndarray, start: date | None, end: date | None) -> np.ndarray:
    mask = np.ones(len(pub), dtype=bool)
    # Comparisons with NaT are False: undated rows drop out once a bound is set.
    if start is not None:
        mask &= pub >= np.datetime64(start, "ns")
    if end is not None:
        mask &= pub < np.datetime64(end, "ns") + np.timedelta64(1, "D")
    return mask


def claim_mask(claims: pd.DataFrame, f: Filters, kinds: Sequence[str] | None = None) -> np.ndarray:
    """Rows of `claims` that pass the filters and, if given, are of one of `kinds`
    (flagged claims only with `f.include_flagged`)."""
    mask = _selected(claims, f, kinds)
    if not f.include_flagged:
        flagged = flagged_rows(claims)
        if flagged is not None:
            mask &= ~flagged
    return mask


def _selected(claims: pd.DataFrame, f: Filters, kinds: Sequence[str] | None) -> np.ndarray:
    mask = _date_mask(claims["published"], f.start, f.end)
    if f.outlets:
        mask &= isin(claims["source_id"], f.outlets)
    if f.kinds is not None:
        mask &= isin(claims["kind"], f.kinds)
    if kinds is not None:
        mask &= isin(claims["kind"], kinds)
    return mask


def flagged_rows(claims: pd.DataFrame) -> np.ndarray | None:
    """Which claims carry a plausibility flag (a boolean array), or None when the frame has no
    `flags` column (tables made before flags existed: nothing is flagged)."""
    if "flags" not in claims.columns:
        return None
    col = claims["flags"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = col.cat.categories
        lut = np.append(np.asarray(cats.astype(str).str.len() > 0, dtype=bool), False)  # code -1: missing, no flag
        return lut[col.cat.codes.to_numpy()]
    return col.fillna("").astype(str).str.len().to_numpy() > 0


def flagged_hidden(claims: pd.DataFrame, f: Filters) -> int:
    """How many claims the other filters select that are flagged (left out unless included)."""
    flagged = flagged_rows(claims)
    if flagged is None:
        return 0
    return int(np.count_nonzero(_selected(claims, f, None) & flagged))


def article_mask(articles: pd.DataFrame, f: Filters) -> np.ndarray:
    """Rows of `articles` that pass the outlet and date filters."""
    mask = _date_mask(articles["published"], f.start, f.end)
    if f.outlets:
        mask &= isin(articles["source_id"], f.outlets)
    return mask


# ---------------------------------------------------------------------- the filters in a page's address
# Parameter names of a filtered link: /attacks?outlet=enabbaladi&from=2025-01-01&to=2025-05-31&kind=attacks
# &flagged=1&lang=ar. Values are codes (outlet slugs, claim kinds, ISO days), the same in every UI language.
URL_OUTLET, URL_FROM, URL_TO, URL_KIND, URL_FLAGGED, URL_LANG = "outlet", "from", "to", "kind", "flagged", "lang"
URL_LEGACY_DATES = "dates"  # links made before from/to: dates=START&dates=END
FILTER_PARAMS = (URL_OUTLET, URL_FROM, URL_TO, URL_KIND, URL_FLAGGED, URL_LEGACY_DATES)
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def parse_choices(values: Sequence[str], aliases: Mapping[str, Sequence[str]]) -> list[str] | None:
    """Codes named by a URL's repeated parameter, in order, without repeats: each value is a code of
    `aliases` or one of the names it lists for it (compared case-insensitively, e.g. an outlet's
    Arabic or English name, or its "Arabic · English" label as links made before codes carried it).
    None when no value names anything (absent, or all unknown): the URL then decides nothing."""
    lookup: dict[str, str] = {}
    for code, names in aliases.items():
        for name in (code, *names):
            if isinstance(name, str) and name.strip():
                lookup.setdefault(name.strip().casefold(), code)
    out = list(dict.fromkeys(c for v in values if (c := lookup.get(str(v).strip().casefold())) is not None))
    return out or None


def parse_day(value: object) -> date | None:
    """An ISO day (2025-05-27) from a URL, or None."""
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def parse_dates(start: object, end: object, legacy: Sequence[str], first: date, last: date) -> tuple[date, date] | None:
    """The date range a URL names (`from`/`to`, or the older `dates=START&dates=END`), kept inside
    [first, last]; a missing bound is the data's own. None when the URL names no valid day."""
    a, b = parse_day(start) if start is not None else None, parse_day(end) if end is not None else None
    if a is None and b is None and legacy:
        days = [parse_day(v) for v in legacy]
        a = days[0] if days else None
        b = days[1] if len(days) > 1 else None
    if a is None and b is None:
        return None
    a, b = min(max(a or first, first), last), max(min(b or last, last), first)
    return (a, b) if a <= b else (b, a)


def parse_flag(value: object) -> bool | None:
    """A yes/no URL parameter ("1", "true", "0" ...), or None when absent or unreadable."""
    text = str(value).strip().lower() if value is not None else ""
    return True if text in _TRUE else False if text in _FALSE else None


def url_params(outlets: Sequence[str], dates: tuple[date, date] | None, kinds: Sequence[str] | None,
               include_flagged: bool, first: date, last: date, all_kinds: Sequence[str]) -> dict[str, list[str]]:
    """The filter parameters of a link to the current view: only what differs from the defaults
    (every outlet, the whole span, every kind, flagged claims left out); an empty list means
    "not in the link"."""
    whole = dates is None or (dates[0] <= first and dates[1] >= last)
    every_kind = kinds is None or set(kinds) >= set(all_kinds)
    return {
        URL_OUTLET: list(outlets),
        URL_FROM: [] if whole else [dates[0].isoformat()],
        URL_TO: [] if whole else [dates[1].isoformat()],
        URL_KIND: [] if every_kind else [k for k in all_kinds if k in set(kinds or ())],
        URL_FLAGGED: ["1"] if include_flagged else [],
        URL_LEGACY_DATES: [],
    }
