"""Plausibility flags: figures and dates outside the bounds of data/reference/plausibility.json.

Nothing is changed or dropped: a claim or an article outside a bound is stored as extracted,
with the names of the bounds it breaks in its `flags` column (comma-separated, "" when
fine), so that the dashboard can leave it out of charts and an analyst can look at it.

Flags (the README's data contract lists them too):
- `above_max`: a figure (value, low, high, of_total, killed, injured, arrested) above the
  largest its kind may give;
- `rate_above_max`: a count above its kind's largest count per day times the days its
  period covers;
- `negative_figure`: the figure is written with a minus sign before it ("-50 هجوما");
- `published_future`: the article's publication date is after the day of ingest (plus a
  day's tolerance); its claims carry it too;
- `published_too_early`: the publication date is before the earliest plausible one.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from lib.reference import load_json
from lib.store.schema import figure_or_none

FIGURE_COLUMNS = ("value", "low", "high", "of_total")
CASUALTY_COLUMNS = ("killed", "injured", "arrested")

# A minus sign (ASCII or U+2212) right before digits, at the start or after a space or an
# opening bracket/quote: "-50 هجوما", "(−50)"; not "2019-2020", "40-50" nor "40 -50".
_SIGNED_RE = re.compile(r"(?:^|(?<=[\s(\[«\"“]))[-\u2212](\d+(?:[.,\u066b\u066c]\d+)*)")


@lru_cache(maxsize=1)
def _bounds() -> dict[str, Any]:
    data = load_json("plausibility.json")
    published = data["published"]
    return {
        "earliest": date.fromisoformat(published["earliest"]),
        "after_today": int(published["latest_days_after_today"]),
        "figures": {k: v for k, v in data["figures"].items() if not k.startswith("_")},
        "casualties": float(data["casualties"]["max"]),
    }


def _day(value: Any) -> date | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:  # pandas Timestamp, numpy datetime64 ...
        return value.date() if hasattr(value, "date") else None
    except (ValueError, TypeError):  # NaT
        return None


def published_flags(published: Any, today: date | None = None) -> list[str]:
    """The flags of a publication date (a date, a datetime or None)."""
    day = _day(published)
    if day is None:
        return []
    bounds = _bounds()
    today = today or date.today()
    if day > today + timedelta(days=bounds["after_today"]):
        return ["published_future"]
    if day < bounds["earliest"]:
        return ["published_too_early"]
    return []


def article_flags(published: Any, today: date | None = None) -> str:
    """An articles-table row's `flags`."""
    return ",".join(published_flags(published, today))


def _signed_figures(evidence: str) -> set[float]:
    out = set()
    for m in _SIGNED_RE.finditer(evidence):
        before = evidence[max(0, m.start() - 20):m.start()].rstrip()
        if before[-1:].isdigit():  # "800 -900": a range
            continue
        digits = m.group(1).replace(",", "").replace("\u066c", "").replace("\u066b", ".")
        try:
            out.add(float(digits))
        except ValueError:  # several dots: not one number
            continue
    return out


def claim_flags(claim: dict[str, Any], published_flagged: list[str] | None = None) -> str:
    """A claims-table row's `flags` (`published_flagged`: its article's date flags)."""
    flags: list[str] = []
    bounds = _bounds()
    kind = bounds["figures"].get(claim.get("kind") or "", {})
    figures = [n for c in FIGURE_COLUMNS if (n := figure_or_none(claim.get(c))) is not None]
    casualties = [n for c in CASUALTY_COLUMNS if (n := figure_or_none(claim.get(c))) is not None]
    biggest = max(figures, default=None)
    if (biggest is not None and ("max" in kind and biggest > kind["max"] or math.isinf(biggest))) or any(
            n > bounds["casualties"] or math.isinf(n) for n in casualties):
        flags.append("above_max")
    per_day = kind.get("max_per_day")
    start, end = _day(claim.get("period_start")), _day(claim.get("period_end"))
    count = figure_or_none(claim.get("low")) if figure_or_none(claim.get("value")) is None else figure_or_none(claim.get("value"))
    if per_day and count is not None and start is not None and end is not None and end >= start:
        if count > per_day * ((end - start).days + 1):
            flags.append("rate_above_max")
    evidence = claim.get("evidence")
    if isinstance(evidence, str) and ("-" in evidence or "\u2212" in evidence):
        signed = _signed_figures(evidence)
        if signed and any(n in signed for n in figures + casualties):
            flags.append("negative_figure")
    if any(n < 0 for n in figures + casualties) and "negative_figure" not in flags:
        flags.append("negative_figure")
    flags.extend(published_flagged or ())
    return ",".join(flags)


def flag_claims(claims: list[dict[str, Any]], published: Any, today: date | None = None) -> list[dict[str, Any]]:
    """Set each claim's `flags` (in place); returns `claims`."""
    dated = published_flags(published, today)
    for claim in claims:
        claim["flags"] = claim_flags(claim, dated)
    return claims
