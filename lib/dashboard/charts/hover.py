"""What a drawn point says, and the per-point columns read from a chart's frame.

Every drawn point carries hover text with the outlet, the publication date
and the evidence sentence, and `customdata` (its layout is in
`lib.dashboard.charts`). Per-point values are computed once per chart over the
whole frame (these helpers are vectorised or plain loops over lists), then
sliced per trace.

Escaping: plotly renders a subset of HTML (`<a href>`, `<b>`, `<br>`, `<span
style>` ...) in every string of a figure - trace names (the legend), hover text,
tick labels of category axes, titles, annotations. Every string that comes
from an article or an outlet (outlet names, titles, evidence, places, actors)
goes through `plain()` before it enters a figure, in every chart, so that
`<a href=...>Reuters</a>` as an outlet name shows as those characters.
"""
from __future__ import annotations

import html
import math
import re
from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from lib.dashboard.i18n import is_rtl, label, t

__all__ = ["plain", "plain_all", "ltr", "fmt_num", "fmt_rate", "iso_date", "iso_dates", "day_strings", "figure_text", "figure_texts", "is_missing", "bidi",
           "hovers", "evidence_html", "custom_data", "as_list", "as_floats", "groups_of", "split_codes", "names_of", "records"]


# ---------------------------------------------------------------------- escaping
# Bidi controls from the data would unbalance the RLE...PDF and isolates the charts wrap lines in.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """A string from an article or an outlet, as literal text for plotly: `<`, `>`, `&` escaped
    (plotly shows the entities as the characters), bidi controls dropped; "" for a missing value.

    The one escaping function of the charts: legends, hovers, category tick labels and
    titles all pass article strings through it."""
    if is_missing(text):
        return ""
    return _plain_str(str(text))


@lru_cache(maxsize=8192)
def _plain_str(s: str) -> str:
    # Cached: outlet names and places recur on every point of every chart.
    return html.escape(_BIDI_CONTROLS.sub("", s), quote=False)


def plain_all(values: Sequence[object]) -> list[str]:
    """`plain` of each value."""
    return [plain(v) for v in values]


# ---------------------------------------------------------------------- numbers, dates, figures in words
def fmt_rate(rate: float | None) -> str:
    """A rate per month as every page shows it (Overview, hovers, captions): one function, one rounding."""
    return fmt_num(rate)


def fmt_num(x: float | None) -> str:
    """A figure for people: thousands separated, no decimals unless it has some; "?" when missing."""
    if is_missing(x):
        return "?"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def is_missing(x: object) -> bool:
    """None, NaN or pd.NA: a missing cell of a chart's frame."""
    return x is None or (isinstance(x, float) and math.isnan(x)) or (x is pd.NA)


def ltr(text: str) -> str:
    """Text isolated left-to-right (a month "2025-05" inside Arabic: without it Chromium shows "05-2025")."""
    return f"\u2066{text}\u2069"


def iso_date(x: object) -> str:
    """ISO date isolated left-to-right: inside Arabic text the bidi algorithm would
    otherwise show 2025-05-27 as 27-05-2025 (digits after Arabic letters are laid out
    as separate right-to-left runs)."""
    return "" if x is None or pd.isna(x) else "\u2066" + pd.Timestamp(x).strftime("%Y-%m-%d") + "\u2069"


def iso_dates(values: pd.Series | np.ndarray) -> list[str]:
    """`iso_date` of every value of a date column (vectorised: one call per chart, not per point)."""
    days = day_strings(pd.DatetimeIndex(values).to_numpy("datetime64[ns]"))
    return ["" if d == "NaT" else f"\u2066{d}\u2069" for d in days.tolist()]


def day_strings(values: np.ndarray) -> np.ndarray:
    """ISO days as strings (shorter JSON than timestamps; NaT stays "NaT", which plotly skips)."""
    return np.datetime_as_string(np.asarray(values, dtype="datetime64[ns]"), unit="D").astype(object)


def figure_text(row: Mapping, lang: str = "en") -> str:
    """A figure in words, keeping its qualifier: "less than 1,000", "24-99 (vague)", "about 2,000"."""
    q = row.get("qualifier")
    value, low, high = (None if is_missing(v) else float(v) for v in (row.get("value"), row.get("low"), row.get("high")))
    return _figure_text(None if is_missing(q) else str(q), value, low, high, lang)


@lru_cache(maxsize=4096)
def _figure_text(q: str | None, value: float | None, low: float | None, high: float | None, lang: str) -> str:
    # Cached by value (missing ones as None: NaN keys would never hit): figures repeat across points.
    if q in ("vague", "range") or (is_missing(value) and not is_missing(low) and not is_missing(high)):
        text = t("fig.range", lang, low=fmt_num(low), high=fmt_num(high))
        return text + (f" ({label('qualifier', 'vague', lang)})" if q == "vague" else "")
    number = fmt_num(value if not is_missing(value) else (high if not is_missing(high) else low))
    if q in ("less_than", "more_than", "at_least", "approx", "half_of"):
        return t(f"fig.{q}", lang, n=number)
    return number


def figure_texts(df: pd.DataFrame, lang: str) -> list[str]:
    """`figure_text` of every row."""
    def num(v: float) -> float | None:
        return None if v != v else v  # NaN -> None (the cache's key)

    return [_figure_text(q if isinstance(q, str) else None, num(v), num(lo), num(hi), lang)
            for q, v, lo, hi in zip(as_list(df, "qualifier"), as_floats(df, "value").tolist(),
                                    as_floats(df, "low").tolist(), as_floats(df, "high").tolist())]


# ---------------------------------------------------------------------- hover text
def bidi(text: str, lang: str) -> str:
    """Give each line of an Arabic label a right-to-left base direction.

    SVG text starts left to right; a line such as "≠ القوات (US) · 2025-05"
    would come out scrambled. Each line is wrapped in RLE...PDF, which the
    browser and kaleido honour (the letters themselves are left unshaped).
    """
    if not is_rtl(lang) or not text:
        return text
    return "<br>".join(f"\u202b{line}\u202c" for line in text.split("<br>"))


def escape_wrap(text: object, width: int = 70) -> str:
    """Escape for a plotly hover label and wrap long sentences onto lines."""
    s = "" if is_missing(text) else _plain_str(str(text))  # escaped once, then wrapped
    lines, current = [], ""
    for word in s.split():  # greedy wrap (textwrap is ~10x slower, and this runs per point)
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return "<br>".join(lines)


def evidence_html(text: object, width: int = 70) -> str:
    """The evidence sentence for a hover label: escaped, wrapped, italic, right to left
    (it is Arabic whatever the UI language)."""
    ev = escape_wrap(text, width)
    return "<br>".join(f"\u202b<i>{line}</i>\u202c" for line in ev.split("<br>")) if ev else ""


def _sources_line(row: Mapping, names: Mapping[str, str], lang: str) -> str:
    """"Carried by 3 outlets: ..." for a story more than one outlet reported.

    `row["source_names"]` (display names, added by the views) wins over looking the slugs
    of `row["sources"]` up in `names`, which holds only the outlets of the chart's own rows."""
    n = row.get("n_sources")
    if n is None or is_missing(n) or int(n) < 2:
        return ""
    shown_names = row.get("source_names")
    if not isinstance(shown_names, (list, tuple)) or not shown_names:
        shown_names = [names.get(s, s) for s in (row.get("sources") or ())]
    shown = ", ".join(plain(name) for name in list(shown_names)[:6])
    return t("hover.carried_by", lang, n=int(n), outlets=shown)


def _hover_text(head: str, lines: Sequence[str], sources: str, evidence: str, lang: str) -> str:
    parts = [head, *[ln for ln in lines if ln]]
    if sources:
        parts.append(sources)
    if evidence:
        parts.append(evidence)
    return bidi("<br>".join(parts), lang)


def hovers(df: pd.DataFrame, lang: str, names: Mapping[str, str], lines: Sequence[Sequence[str]]) -> list[str]:
    """Each point's hover: outlet and date, the chart's own lines (row i's are `lines[i]`),
    the outlets carrying it, the evidence; built column by column."""
    n = len(df)
    who_col = "outlet" if "outlet" in df.columns else "source_id" if "source_id" in df.columns else None
    who = as_list(df, who_col) if who_col else [""] * n
    days = iso_dates(df["published"]) if "published" in df.columns else [""] * n
    if "n_sources" in df.columns:
        n_src = as_floats(df, "n_sources").tolist()
        srcs = as_list(df, "sources") if "sources" in df.columns else [()] * n
        src_names = as_list(df, "source_names")
        carried = ["" if math.isnan(k) or k < 2 else
                   _sources_line({"n_sources": k, "sources": s, "source_names": sn}, names, lang)
                   for k, s, sn in zip(n_src, srcs, src_names)]
    else:
        carried = [""] * n
    evidence = [evidence_html(e) for e in as_list(df, "evidence")] if "evidence" in df.columns else [""] * n
    return [_hover_text(f"<b>{plain(w)}</b> · {d}", ln, c, e, lang)
            for w, d, ln, c, e in zip(who, days, lines, carried, evidence)]


# ---------------------------------------------------------------------- per-point columns of a chart's frame
def as_list(df: pd.DataFrame, name: str) -> list:
    """A column as a list of plain Python values (NaN for a missing number or category)."""
    if name not in df.columns:
        return [None] * len(df)
    return df[name].to_numpy(dtype=object).tolist()


def as_floats(df: pd.DataFrame, name: str) -> np.ndarray:
    """A numeric column as float64 (NaN where missing, nullable dtypes included)."""
    if name not in df.columns:
        return np.full(len(df), np.nan)
    return pd.to_numeric(df[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def custom_data(df: pd.DataFrame) -> np.ndarray:
    """customdata rows [claim_id, article_id, source_id] ('' when unknown), as a fixed-width
    string array: plotly deep-copies a figure's arrays, an object array element by element."""
    cols = [df[c].astype("object").fillna("").astype(str).to_numpy(dtype=object) if c in df.columns
            else np.full(len(df), "", dtype=object) for c in ("claim_id", "article_id", "source_id")]
    return np.column_stack(cols).astype(str) if len(df) else np.empty((0, 3), dtype=str)


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python/NumPy values, for the few rows a chart handles one by one.

    `DataFrame.to_dict("records")` and `iterrows` go through pandas indexing
    per cell for categorical and extension columns (~0.1 ms a row).
    """
    cols = list(df.columns)
    values = [df[c].to_numpy(dtype=object) for c in cols]
    return [dict(zip(cols, row)) for row in zip(*values)]


def names_of(df: pd.DataFrame) -> dict[str, str]:
    """source_id -> outlet name, from a frame with provenance (empty without an `outlet` column)."""
    if "outlet" in df.columns:
        return dict(zip(df["source_id"].astype(str), df["outlet"].astype(str)))
    return {}


def groups_of(values: pd.Series) -> list[tuple[object, np.ndarray]]:
    """(key, row positions) per distinct value, in `groupby(sort=True, observed=True)` order
    (category order for a categorical); missing values belong to no group."""
    codes, uniques = pd.factorize(values, sort=True)
    return [(uniques[c], pos) for c, pos in split_codes(codes)]


def split_codes(codes: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(code, ascending row positions) for each code >= 0 present, in code order."""
    valid = np.flatnonzero(codes >= 0)
    order = valid[np.argsort(codes[valid], kind="stable")]
    if not len(order):
        return []
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    ends = np.r_[starts[1:], len(order)]
    return [(int(sorted_codes[s]), order[s:e]) for s, e in zip(starts, ends)]
