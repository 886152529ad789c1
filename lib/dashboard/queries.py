"""Filtering and aggregation behind the pages: DataFrames in, small DataFrames out.

Every function takes the compact frames of `lib.dashboard.corpus.Corpus` (or any frame
with the same columns) and returns the rows a chart draws, indexed by claim
row so that `Corpus.provenance()` can add the evidence of just those rows.
They are written for a million claims per call: numpy masks on categorical
codes, one sort per aggregation, no Python loops over rows.

Conventions the charts rely on:
- A claim's date is its article's publication date (`published`); the period
  a figure covers is `period_start`..`period_end` (closed interval).
- "Count the story once": rows are reduced to one per `story` (see
  `lib.dashboard.corpus.assign_stories`) with `n_sources` (outlets carrying it) and
  `n_reports` (articles); the kept row is the earliest report.
- Figures keep their uncertainty: `y_lo`/`y_hi` bound what a claim says
  ("less than 1000" is 0..1000, "dozens" 24..99), never a made-up point value.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

import numpy as np
import pandas as pd

from lib.dashboard.corpus import day_numbers, dense, ns, sort_key, values

__all__ = [
    "Filters", "claim_mask", "article_mask", "precompute",
    "articles_by_month", "attack_periods", "incidents", "troop_points", "base_status_asof", "base_events",
    "overview_stats", "outlet_figures", "disagreements", "search_articles", "event_days", "DAYS_PER_MONTH",
    "MAX_POINTS",
]

DAYS_PER_MONTH = 365.25 / 12
MAX_POINTS = 500  # stories per chart: more is unreadable, and slow to build and to send to the browser


@dataclass(frozen=True)
class Filters:
    """The sidebar's filters. Empty `outlets` means every outlet; `kinds=None` every kind."""

    outlets: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    kinds: tuple[str, ...] | None = None

    def key(self) -> tuple:
        """A hashable, order-independent key (for caches)."""
        return (tuple(sorted(self.outlets)), self.start, self.end,
                None if self.kinds is None else tuple(sorted(self.kinds)))


# ---------------------------------------------------------------------- masks
def _isin(cat: pd.Series, values: Sequence[str]) -> np.ndarray:
    """`cat.isin(values)` on a categorical's codes (several times faster at 1M rows)."""
    if isinstance(cat.dtype, pd.CategoricalDtype):
        # A lookup table indexed by code; code -1 (missing) reads the extra False at the end.
        lut = np.zeros(len(cat.cat.categories) + 1, dtype=bool)
        lut[np.flatnonzero(cat.cat.categories.isin(list(values)))] = True
        return lut[cat.cat.codes.to_numpy()]
    return cat.isin(list(values)).to_numpy(dtype=bool)


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
    """Rows of `claims` that pass the filters and, if given, are of one of `kinds`."""
    mask = _date_mask(claims["published"], f.start, f.end)
    if f.outlets:
        mask &= _isin(claims["source_id"], f.outlets)
    if f.kinds is not None:
        mask &= _isin(claims["kind"], f.kinds)
    if kinds is not None:
        mask &= _isin(claims["kind"], kinds)
    return mask


def article_mask(articles: pd.DataFrame, f: Filters) -> np.ndarray:
    mask = _date_mask(articles["published"], f.start, f.end)
    if f.outlets:
        mask &= _isin(articles["source_id"], f.outlets)
    return mask


# ---------------------------------------------------------------------- stories
def _pub_ns(claims: pd.DataFrame, rows: np.ndarray | None = None) -> np.ndarray:
    """Publication times (of `rows`, or all) as int64 ns; undated claims sort last."""
    pub = ns(claims["published"], rows)
    return np.where(pub == np.iinfo(np.int64).min, np.iinfo(np.int64).max, pub)


def precompute(claims: pd.DataFrame) -> dict[str, np.ndarray]:
    """Sort orders computed once per table, so that each query after a filter change is a linear scan.

    - "story": all claims by (story, outlet, publication time);
    - "bases": base claims at a known place by (place, event day, publication);
    - "quantity"/"quantity_key": figure claims by (quantity, outlet, publication), and their keys.
    Filtering an ordered index (`order[mask[order]]`) keeps it ordered, so no
    query sorts a million rows.
    """
    src = claims["source_id"].cat.codes.to_numpy()
    # An undated claim is a story of its own and never a figure row, so where NaT sorts does
    # not matter in those two orders.
    pub = sort_key(claims["published"])
    story = claims["story"].to_numpy()
    out = {"story": np.lexsort((pub, src, story)).astype(np.int32)}
    base = np.flatnonzero(_isin(claims["kind"], ["base_status"]) & claims["place_id"].notna().to_numpy()
                          & claims["lat"].notna().to_numpy())
    day = event_days(claims, base)
    place = claims["place_id"].cat.codes.to_numpy()[base]
    out["bases"] = base[np.lexsort((_pub_ns(claims, base), day, place))].astype(np.int32)
    del base, day, place
    fig_rows = _figure_rows(claims, np.ones(len(claims), dtype=bool))
    qkey = _quantity_keys(claims, fig_rows)
    order = np.lexsort((pub[fig_rows], src[fig_rows], qkey))
    out["quantity"] = fig_rows[order].astype(np.int32)
    # The keys only need to tell quantities apart: number them densely (int32, half the memory).
    qkey = qkey[order]
    out["quantity_key"] = np.cumsum(np.r_[True, qkey[1:] != qkey[:-1]], dtype=np.int32) - 1 if len(qkey) \
        else np.zeros(0, dtype=np.int32)
    return out


def _take(claims: pd.DataFrame, rows, columns: Sequence[str]) -> pd.DataFrame:
    """`columns` of the given claim rows, indexed by claim row.

    Selecting the columns first matters: `claims.iloc[rows]` would copy all
    of the table's columns for those rows before dropping most of them.
    """
    return dense(claims[list(columns)].iloc[rows])


def _isin_rows(cat: pd.Series, values: Sequence[str], rows: np.ndarray) -> np.ndarray:
    """`_isin(cat, values)[rows]`, looking up only the given rows."""
    if isinstance(cat.dtype, pd.CategoricalDtype):
        lut = np.zeros(len(cat.cat.categories) + 1, dtype=bool)
        lut[np.flatnonzero(cat.cat.categories.isin(list(values)))] = True
        return lut[cat.cat.codes.to_numpy()[rows]]
    return cat.iloc[rows].isin(list(values)).to_numpy(dtype=bool)


def _runs(keys: np.ndarray) -> np.ndarray:
    """Start positions of the runs of equal values in a sorted array."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])


def _stories(claims: pd.DataFrame, mask: np.ndarray, columns: Sequence[str], n: int,
             orders: dict | None = None) -> tuple[pd.DataFrame, int, int]:
    """Filtered claims -> one row per story (its earliest report), the `n` most carried and newest.

    Adds `n_sources` (outlets carrying the story), `n_reports` (claims) and
    `sources` (their source_ids, earliest first). Returns (rows, dropped, total).
    """
    order = (orders or precompute(claims))["story"]
    idx = order[mask[order]]  # still in (story, outlet, time) order
    cols = list(dict.fromkeys(["story", "source_id", "published", *columns]))
    if not len(idx):
        empty = _take(claims, [], cols)
        return empty.assign(n_sources=pd.Series(dtype="int64"), n_reports=pd.Series(dtype="int64"),
                            sources=pd.Series(dtype="object")), 0, 0
    # Arrays over every filtered claim are kept narrow (int32 rows, int8 outlet codes) and few.
    story = claims["story"].to_numpy()[idx]
    s_start = _runs(story)
    del story
    n_reports = np.diff(np.r_[s_start, len(idx)])
    new_story = np.zeros(len(idx), dtype=bool)
    new_story[s_start] = True
    src = claims["source_id"].cat.codes.to_numpy()[idx]
    new_pair = new_story.copy()
    new_pair[1:] |= src[1:] != src[:-1]
    p_start = np.flatnonzero(new_pair)  # earliest report per (story, outlet)
    del new_pair
    p_story = np.cumsum(new_story, dtype=np.int32)[p_start] - 1
    del new_story
    n_sources = np.bincount(p_story, minlength=len(s_start))
    src, p_idx = src[p_start].astype(np.int64), idx[p_start].astype(np.int64)
    del idx
    # The story's earliest report: smallest (day, row) among its outlets' earliest reports.
    pub = _pub_ns(claims, p_idx)
    day = np.where(pub == np.iinfo(np.int64).max, 2 ** 30, pub // 86_400_000_000_000)
    key = day.astype(np.int64) * (2 ** 31) + p_idx
    p_group = _runs(p_story)
    best = np.minimum.reduceat(key, p_group)
    rep = best & (2 ** 31 - 1)
    total = len(rep)
    dropped = 0
    chosen = np.arange(total)
    if total > n:
        score = n_sources.astype(np.int64) * (2 ** 31) + (best >> 31)
        chosen = np.sort(np.argpartition(score, total - n)[total - n:])
        dropped = total - n
    out = _take(claims, rep[chosen], cols)
    out["n_sources"] = n_sources[chosen]
    out["n_reports"] = n_reports[chosen]
    names = [str(c) for c in claims["source_id"].cat.categories]
    p_end = np.r_[p_group[1:], len(p_start)]
    srcs = []
    for k in chosen.tolist():
        lo, hi = p_group[k], p_end[k]
        pairs = sorted(zip(key[lo:hi].tolist(), src[lo:hi].tolist()))
        srcs.append(tuple(names[c] for _, c in pairs))
    out["sources"] = srcs
    return out, dropped, total


# ---------------------------------------------------------------------- articles
def articles_by_month(articles: pd.DataFrame, mask: np.ndarray | None = None) -> pd.DataFrame:
    """Articles per (month, outlet): columns month (first day), source_id, articles."""
    a = articles if mask is None else articles.loc[mask]
    a = a[a["published"].notna()]
    if a.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "source_id": pd.Series(dtype="object"),
                             "articles": pd.Series(dtype="int64")})
    month = a["published"].to_numpy().astype("datetime64[M]").astype("datetime64[ns]")
    out = (pd.DataFrame({"month": month, "source_id": a["source_id"]})
           .groupby(["month", "source_id"], observed=True).size().rename("articles").reset_index())
    out["source_id"] = out["source_id"].astype("object")
    return out.sort_values(["month", "source_id"]).reset_index(drop=True)


# ---------------------------------------------------------------------- attacks
def attack_periods(claims: pd.DataFrame, mask: np.ndarray, n: int = MAX_POINTS,
                   orders: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """Attack and strike counts with the period they cover, one row per story.

    Adds `days`, `months`, and the per-month rate of the figure and its range
    (`rate`, `rate_lo`, `rate_hi`): 130 attacks over January-April is 32.5 a
    month, 150 over a year 12.5. Counts without a period cannot be drawn over
    time; they are counted in the returned info (`undated`).
    """
    m = mask & _isin(claims["kind"], ["attacks", "strikes"])
    dated = m & claims["period_start"].notna().to_numpy() & claims["period_end"].notna().to_numpy()
    cols = ["kind", "value", "low", "high", "qualifier", "cumulative", "actor", "target",
            "period_start", "period_end", "date_precision"]
    df, dropped, total = _stories(claims, dated, cols, n, orders)
    days = (df["period_end"] - df["period_start"]).dt.days.to_numpy(dtype=float) + 1
    df["days"] = days
    df["months"] = days / DAYS_PER_MONTH
    lo, hi = _bounds(df)
    df["y"], df["y_lo"], df["y_hi"] = _mark(df, lo, hi), lo, hi
    df["rate"] = df["y"] / df["months"]
    df["rate_lo"] = df["y_lo"] / df["months"]
    df["rate_hi"] = df["y_hi"] / df["months"]
    info = {"dropped": dropped, "stories": total, "undated": int((m & ~dated).sum())}
    return df.sort_values(["period_start", "period_end"]), info


def _bounds(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(lowest, highest) value a claim allows; NaN where it sets no bound (more than X)."""
    return _bounds_of(df["value"].to_numpy(dtype=float), df["low"].to_numpy(dtype=float),
                      df["high"].to_numpy(dtype=float), _isin(df["qualifier"], ["less_than"]),
                      _isin(df["qualifier"], ["more_than", "at_least"]))


def _bounds_of(value: np.ndarray, low: np.ndarray, high: np.ndarray, less: np.ndarray,
               more: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`_bounds` from arrays; `less`/`more` mark "less than" and "more than"/"at least" qualifiers."""
    lo = np.where(np.isnan(low), value, low)
    hi = np.where(np.isnan(high), value, high)
    lo = np.where(less & np.isnan(low), 0.0, lo)  # "less than 1000" is anything up to 1000
    hi = np.where(more & np.isnan(high), np.nan, hi)  # open upwards
    return lo, hi


def _mark(df: pd.DataFrame, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Where a claim's marker goes: its value, else the middle of its range, else its bound."""
    return _mark_of(df["value"].to_numpy(dtype=float), lo, hi)


def _mark_of(value: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    mid = np.where(np.isnan(hi), lo, (lo + hi) / 2)
    return np.where(np.isnan(value), mid, value)


def incidents(claims: pd.DataFrame, mask: np.ndarray, n: int = MAX_POINTS,
              orders: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """Incidents, one row per story: `day` (the event day), place and casualties."""
    m = mask & _isin(claims["kind"], ["incident"])
    cols = ["period_start", "place_id", "place_ar", "place_en", "killed", "injured", "arrested", "actor", "target"]
    df, dropped, total = _stories(claims, m, cols, n, orders)
    df["day"] = df["period_start"].fillna(df["published"])
    df["casualties"] = df["killed"].fillna(0).astype(float) + df["injured"].fillna(0).astype(float)
    return df.sort_values("day"), {"dropped": dropped, "stories": total}


# ---------------------------------------------------------------------- troops
def troop_points(claims: pd.DataFrame, mask: np.ndarray, n: int = MAX_POINTS,
                 orders: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """Troop figures, one row per story, with `y` (marker) and `y_lo`..`y_hi` (range)."""
    m = mask & _isin(claims["kind"], ["troops"]) & claims["published"].notna().to_numpy()
    cols = ["value", "low", "high", "qualifier", "when", "actor"]
    df, dropped, total = _stories(claims, m, cols, n, orders)
    lo, hi = _bounds(df)
    df["y"], df["y_lo"], df["y_hi"] = _mark(df, lo, hi), lo, hi
    return df.sort_values("published"), {"dropped": dropped, "stories": total}


# ---------------------------------------------------------------------- bases
def _event_day(df: pd.DataFrame) -> pd.Series:
    """When a base event happened: the end of its period if known, else the report date."""
    return df["period_end"].fillna(df["published"])


_NAT = np.iinfo(np.int64).min
_DAY_NS = 86_400_000_000_000


def _newest(rows: np.ndarray, key: np.ndarray, n: int) -> np.ndarray:
    """The `n` rows with the largest `key`, in ascending key order (a partial sort)."""
    if len(rows) > n:
        part = np.argpartition(key, len(key) - n)[len(key) - n:]
        rows, key = rows[part], key[part]
    return rows[np.argsort(key, kind="stable")]


def base_events(claims: pd.DataFrame, mask: np.ndarray, n: int = 5000) -> pd.DataFrame:
    """Base claims (sites and counts) in time order, newest last; at most `n` (the newest)."""
    rows = np.flatnonzero(mask & _isin(claims["kind"], ["base_status"]))
    pub = day_numbers(claims["published"], rows)
    # By event day, then publication day (an unknown day sorts oldest).
    key = np.maximum(event_days(claims, rows), -(2 ** 40)) * 4096 + pub % 4096
    rows = _newest(rows, key, n)
    cols = ["source_id", "published", "status", "value", "of_total", "qualifier", "place_id", "place_ar",
            "place_en", "geo_precision", "period_start", "period_end", "story"]
    df = _take(claims, rows, cols)
    df["day"] = _event_day(df)
    return df


def event_days(claims: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Event day numbers of `rows`: the end of the period if known, else the publication day."""
    end = day_numbers(claims["period_end"], rows)
    return np.where(end == _NAT, day_numbers(claims["published"], rows), end)


def base_status_asof(claims: pd.DataFrame, mask: np.ndarray, asof: date | pd.Timestamp | None,
                     history: int = 5, orders: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each place's latest reported status as of `asof`, and the claims behind it.

    Returns `(places, history_rows)`. `places` has one row per place with
    place_id/names/lat/lon/geo_precision, `status` (the latest status other
    than "mentioned"; "mentioned" only if nothing else was reported),
    `status_day`, `status_row` (the claim saying it), `n_articles` (distinct
    articles reporting the place up to `asof`) and `n_claims`. `history_rows`
    holds, per place, the last `history` claims up to `asof` (for hover).
    Only claims whose event day is on or before `asof` and that were published
    by then count: on a past date the map shows what was known on that date.
    """
    order = (orders or precompute(claims))["bases"]
    rows = order[mask[order]].astype(np.int64)  # by place, event day, publication
    day = event_days(claims, rows)
    if asof is not None:
        cutoff = np.datetime64(pd.Timestamp(asof), "D").astype(np.int64)  # a day number, as day_numbers gives
        pub = day_numbers(claims["published"], rows)
        keep = (day <= cutoff) & ((pub == _NAT) | (pub <= cutoff))
        rows, day = rows[keep], day[keep]
    cols = ["source_id", "published", "status", "place_id", "place_ar", "place_en", "lat", "lon",
            "geo_precision", "period_end", "article_row"]
    if not len(rows):
        empty = pd.DataFrame(columns=["place_id", "place_ar", "place_en", "lat", "lon", "geo_precision", "status",
                                      "status_day", "status_row", "status_source", "n_articles", "n_claims"])
        return empty, _take(claims, rows, cols).assign(day=pd.Series(dtype="datetime64[ns]"))
    place = claims["place_id"].cat.codes.to_numpy()[rows]
    starts = _runs(place)
    ends = np.r_[starts[1:], len(rows)] - 1
    # The latest informative claim per place wins over a later bare mention.
    informative = ~_isin_rows(claims["status"], ["mentioned"], rows)
    pos = np.arange(len(rows), dtype=np.int32)
    last_info = np.maximum.reduceat(np.where(informative, pos, -1), starts)
    del informative
    pick = np.where(last_info >= 0, last_info, ends)
    picked = _take(claims, rows[pick], cols)
    # Distinct articles per place: distinct (place, article) pairs, by hashing (no sort).
    width = int(claims["article_row"].max()) + 1
    pairs = pd.unique(place.astype(np.int64) * width + claims["article_row"].to_numpy()[rows])
    n_art = np.bincount(pairs // width, minlength=int(place.max()) + 1)[place[starts]]
    del pairs
    out = pd.DataFrame({
        "place_id": picked["place_id"].astype("object").to_numpy(),
        "place_ar": picked["place_ar"].astype("object").to_numpy(),
        "place_en": picked["place_en"].astype("object").to_numpy(),
        "lat": picked["lat"].to_numpy(dtype=float),
        "lon": picked["lon"].to_numpy(dtype=float),
        "geo_precision": picked["geo_precision"].astype("object").to_numpy(),
        "status": picked["status"].astype("object").to_numpy(),
        "status_day": day[pick].astype("datetime64[D]").astype("datetime64[ns]"),
        "status_row": rows[pick],
        "status_source": picked["source_id"].astype("object").to_numpy(),
        "n_articles": n_art,
        "n_claims": ends - starts + 1,
    })
    # The last `history` claims of each place.
    recent = np.concatenate([np.arange(max(s, e - history + 1), e + 1) for s, e in zip(starts, ends)])
    hist = _take(claims, rows[recent], cols)
    hist["day"] = _event_day(hist)
    hist["place_id"] = hist["place_id"].astype("object")
    return out.sort_values("place_id", kind="stable").reset_index(drop=True), hist


# ---------------------------------------------------------------------- overview
def overview_stats(articles: pd.DataFrame, a_mask: np.ndarray, claims: pd.DataFrame, c_mask: np.ndarray) -> dict:
    """The corpus at a glance: counts, date span, the latest troop figure and attack rate.

    The latest troop figure is the newest report's, preferring on that day a
    current figure over a planned or a past one; the latest attack rate
    prefers a figure over a period that is not a running count. Each comes with its claim row, so the
    page can show the outlet, date and evidence.
    """
    a = articles.loc[a_mask, ["source_id", "published"]]
    pub = a["published"].dropna()
    stats = {
        "articles": int(len(a)),
        "outlets": int(a["source_id"].nunique()),
        "claims": int(c_mask.sum()),
        "first": pub.min() if len(pub) else None,
        "last": pub.max() if len(pub) else None,
        "troops_row": None,
        "attacks_row": None,
    }
    dated = claims["published"].notna().to_numpy()
    t = _take(claims, np.flatnonzero(c_mask & _isin(claims["kind"], ["troops"]) & dated), ["published", "when"])
    if len(t):
        # The newest report; on that day a current figure beats a planned one, a planned one a past one.
        newest = t[t["published"].to_numpy() == t["published"].max().to_datetime64()]
        pref = np.select([_isin(newest["when"], ["current"]), _isin(newest["when"], ["planned"]),
                          _isin(newest["when"], ["past"])], [0, 1, 2], 3)
        stats["troops_row"] = int(newest.index[np.argmin(pref)])
    at = _take(claims, np.flatnonzero(c_mask & _isin(claims["kind"], ["attacks"]) & dated
                                      & claims["period_start"].notna().to_numpy()),
               ["published", "cumulative", "period_end"])
    if len(at):
        plain = at[~at["cumulative"].to_numpy(dtype=bool)]
        pick = plain if len(plain) else at
        stats["attacks_row"] = int(pick.sort_values(["published", "period_end"], kind="stable").index[-1])
    return stats


# ---------------------------------------------------------------------- outlets
_FIGURE_KINDS = ["troops", "attacks", "strikes", "base_status"]


def _figure_rows(claims: pd.DataFrame, mask: np.ndarray) -> np.ndarray:
    """Dated numeric claims (a figure or a range) of the kinds outlets report figures for."""
    m = mask & _isin(claims["kind"], _FIGURE_KINDS) & claims["published"].notna().to_numpy() & (
        claims["value"].notna().to_numpy() | claims["high"].notna().to_numpy() | claims["low"].notna().to_numpy())
    return np.flatnonzero(m)


def _quantity_keys(claims: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """An int64 per row naming what the figure measures, so that figures can be compared.

    Troops: who and when (past/current/planned) in the month of the report
    (the figure of May 2025 is not that of March 2020). Attacks and strikes:
    who, and the exact period. Base counts: status and month of the report.
    """
    # Built in place: this runs over every figure claim at load.
    key = np.zeros(len(rows), dtype=np.int64)
    for col in ("kind", "actor", "when", "status"):
        c = claims[col]
        key *= len(c.cat.categories) + 1
        key += c.cat.codes.to_numpy()[rows]
        key += 1
    periodic = _isin_rows(claims["kind"], ["attacks", "strikes"], rows)
    when = day_numbers(claims["published"], rows, "M")  # the report's month, or the period's first day
    np.copyto(when, day_numbers(claims["period_start"], rows).clip(-1, 2 ** 20), where=periodic)
    key *= 2 ** 21
    key += when
    del when
    key += 1
    end = day_numbers(claims["period_end"], rows).clip(-1, 2 ** 20)  # the period's last day, or nothing
    end[~periodic] = 0
    key *= 2 ** 21
    key += end
    key += 1
    return key


def _quantity_labels(df: pd.DataFrame) -> pd.Series:
    """A readable, language-neutral name for each row's quantity (few rows: the ones shown)."""
    kind = df["kind"].astype("object").fillna("")
    actor = df["actor"].astype("object").fillna("")
    when = df["when"].astype("object").fillna("")
    status = df["status"].astype("object").fillna("")
    month = df["published"].dt.strftime("%Y-%m").fillna("?")
    ps = df["period_start"].dt.strftime("%Y-%m-%d").fillna("?")
    pe = df["period_end"].dt.strftime("%Y-%m-%d").fillna("?")
    label = kind + " " + actor
    label = label.where(kind != "troops", "troops " + actor + " " + when + " @" + month)
    label = label.where(~kind.isin(["attacks", "strikes"]), kind + " " + actor + " " + ps + ".." + pe)
    label = label.where(kind != "base_status", "bases " + status + " @" + month)
    return label.str.replace(r"\s+", " ", regex=True).str.strip()


_FIGURE_COLUMNS = ["source_id", "published", "kind", "value", "low", "high", "qualifier", "when", "actor", "status",
                   "period_start", "period_end", "of_total", "story"]


def outlet_figures(claims: pd.DataFrame, mask: np.ndarray, n: int = 5000) -> pd.DataFrame:
    """The figures outlets reported (numeric claims), the newest `n`, newest first, with their quantity."""
    rows = _figure_rows(claims, mask)
    rows = _newest(rows, day_numbers(claims["published"], rows), n)[::-1]
    df = _take(claims, rows, _FIGURE_COLUMNS)
    df["quantity"] = _quantity_labels(df).to_numpy() if len(df) else pd.Series(dtype="object")
    return df


def disagreements(claims: pd.DataFrame, mask: np.ndarray, approx_tolerance: float = 0.1,
                  max_quantities: int = 40, orders: dict | None = None, per_outlet: int = 3) -> pd.DataFrame:
    """Quantities reported by two or more outlets, each outlet's figures, and whether they conflict.

    One row per (quantity, outlet, figure) with `y`, `y_lo`, `y_hi` and
    `disagree` (True for every row of a quantity whose outlets' ranges do not
    all overlap; "about 2000" is taken as 2000 +/- `approx_tolerance`).
    Quantities in conflict come first, then the most widely reported, then
    the most recent; at most `max_quantities`.
    """
    pre = orders or precompute(claims)
    keep = mask[pre["quantity"]]
    rows = pre["quantity"][keep]  # by quantity, outlet, publication
    qkey = pre["quantity_key"][keep]
    del keep
    cols = _FIGURE_COLUMNS
    empty = _take(claims, [], cols).assign(quantity=pd.Series(dtype="object"), y=[], y_lo=[], y_hi=[],
                                        disagree=pd.Series(dtype=bool), n_outlets=pd.Series(dtype="int64"))
    if not len(rows):
        return empty
    src = claims["source_id"].cat.codes.to_numpy()[rows]
    q_start = _runs(qkey)
    new_q = np.zeros(len(rows), dtype=bool)
    new_q[q_start] = True
    pair = new_q.copy()
    pair[1:] |= src[1:] != src[:-1]
    del src
    n_out = np.add.reduceat(pair, q_start, dtype=np.int64)
    del pair
    shared = n_out >= 2
    if not shared.any():
        return empty
    # Over every filtered figure: float32 as stored while choosing bounds (a choice, no
    # arithmetic), float64 for the tolerance, one temporary at a time.
    value, low, high = (values(claims[c], rows) for c in ("value", "low", "high"))
    qual = claims["qualifier"]
    lo, hi = _bounds_of(value, low, high, _isin_rows(qual, ["less_than"], rows),
                        _isin_rows(qual, ["more_than", "at_least"], rows))
    del low, high
    approx = _isin_rows(qual, ["approx"], rows)
    cmp = lo.astype(np.float64)
    cmp[approx] *= 1 - approx_tolerance
    cmp[np.isnan(cmp)] = -np.inf
    max_lo = np.fmax.reduceat(cmp, q_start)
    cmp = hi.astype(np.float64)
    cmp[approx] *= 1 + approx_tolerance
    cmp[np.isnan(cmp)] = np.inf
    min_hi = np.fmin.reduceat(cmp, q_start)
    del cmp, approx
    # Figure rows are dated: the newest report per quantity, as a day number.
    last = np.maximum.reduceat(ns(claims["published"], rows), q_start) // _DAY_NS
    disagree = max_lo > min_hi  # ranges overlap iff max(lo) <= min(hi)
    cand = np.flatnonzero(shared)
    rank = np.lexsort((-last[cand], -n_out[cand], -disagree[cand].astype(np.int64)))
    top = cand[rank][:max_quantities]
    q_of_row = np.cumsum(new_q, dtype=np.int32) - 1
    del new_q
    order_of_q = np.full(len(q_start), -1)
    order_of_q[top] = np.arange(len(top))
    chosen = np.flatnonzero(order_of_q[q_of_row] >= 0)
    figs = _take(claims, rows[chosen], cols)
    qi = q_of_row[chosen]
    lo, hi = lo[chosen].astype(np.float64), hi[chosen].astype(np.float64)
    figs["y"], figs["y_lo"], figs["y_hi"] = _mark_of(value[chosen].astype(np.float64), lo, hi), lo, hi
    figs["disagree"] = disagree[qi]
    figs["n_outlets"] = n_out[qi]
    figs["_order"], figs["_q"] = order_of_q[qi], qkey[chosen]
    figs["source_id"] = figs["source_id"].astype("object")
    # One row per (quantity, outlet, figure): repeated identical reports add nothing here.
    figs = figs.sort_values(["_order", "published"], kind="stable").drop_duplicates(
        ["_q", "source_id", "y", "y_lo", "y_hi", "qualifier"])
    # At most a few distinct figures per outlet and quantity (its latest ones): enough to see a conflict.
    figs = figs.groupby(["_q", "source_id"], sort=False).tail(per_outlet)
    # Name each quantity after its first report, so all its rows share one label.
    first = figs.drop_duplicates("_q")
    names = pd.Series(_quantity_labels(first).to_numpy(), index=first["_q"].to_numpy())
    figs["quantity"] = names.reindex(figs["_q"].to_numpy()).to_numpy()
    return figs.drop(columns=["_order", "_q"])


# ---------------------------------------------------------------------- articles
def search_articles(articles: pd.DataFrame, mask: np.ndarray, query: str = "",
                    text_hits: np.ndarray | None = None) -> pd.DataFrame:
    """Filtered articles whose outlet names contain `query` (case-insensitive), or that
    `text_hits` marks (a search of titles, URLs and bodies in the text store); newest first."""
    m = mask.copy()
    q = (query or "").strip()
    if q:
        hit = np.zeros(len(articles), dtype=bool)
        for col in ("source_name", "source_name_en", "source_id"):
            cats = articles[col].cat.categories
            lut = np.r_[cats.astype(str).str.contains(q, case=False, regex=False), False]
            hit |= lut[articles[col].cat.codes.to_numpy()]
        if text_hits is not None:
            hit |= text_hits
        m &= hit
    out = articles.loc[m]
    return out.sort_values("published", ascending=False, na_position="last", kind="stable")
