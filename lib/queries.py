"""Filtering and aggregation behind the pages: DataFrames in, small DataFrames out.

Every function takes the compact frames of `lib.corpus.Corpus` (or any frame
with the same columns) and returns the rows a chart draws, indexed by claim
row so that `Corpus.provenance()` can add the evidence of just those rows.
They are written for a million claims per call: numpy masks on categorical
codes, one sort per aggregation, no Python loops over rows.

Conventions the charts rely on:
- A claim's date is its article's publication date (`published`); the period
  a figure covers is `period_start`..`period_end` (closed interval).
- "Count the story once": rows are reduced to one per `story` (see
  `lib.corpus.assign_stories`) with `n_sources` (outlets carrying it) and
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

__all__ = [
    "Filters", "claim_mask", "article_mask", "dedupe_stories", "limit_rows", "attach_sources",
    "articles_by_month", "attack_periods", "incidents", "troop_points", "base_status_asof", "base_events",
    "overview_stats", "outlet_figures", "disagreements", "search_articles", "DAYS_PER_MONTH", "STATUS_ORDER",
]

DAYS_PER_MONTH = 365.25 / 12
# Statuses that say something about a base; "mentioned" only says it exists.
STATUS_ORDER = ["established", "active", "reinforced", "withdrawn", "handed_over", "closed", "mentioned"]
MAX_POINTS = 1500  # per chart: more than this is unreadable and slow to send to the browser


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
        wanted = np.flatnonzero(cat.cat.categories.isin(list(values)))
        return np.isin(cat.cat.codes.to_numpy(), wanted)
    return cat.isin(list(values)).to_numpy(dtype=bool)


def _date_mask(published: pd.Series, start: date | None, end: date | None) -> np.ndarray:
    pub = published.to_numpy()
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
def dedupe_stories(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per story: its earliest report, with `n_sources` and `n_reports`.

    `rows` needs `story`, `source_id` and `published`; the result keeps the
    index (claim row) of the kept report.
    """
    if rows.empty:
        out = rows.copy()
        out["n_sources"] = pd.Series(dtype="int64")
        out["n_reports"] = pd.Series(dtype="int64")
        return out
    story = rows["story"].to_numpy()
    pub = rows["published"].to_numpy().astype("datetime64[ns]").astype(np.int64)
    order = np.lexsort((rows.index.to_numpy(), pub, story))
    s_sorted = story[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = s_sorted[1:] != s_sorted[:-1]
    n_reports = np.diff(np.append(np.flatnonzero(first), len(order)))
    # Distinct outlets per story: unique (story, outlet code) pairs, counted per story.
    src = rows["source_id"].cat.codes.to_numpy().astype(np.int64) if isinstance(rows["source_id"].dtype, pd.CategoricalDtype) \
        else pd.factorize(rows["source_id"])[0].astype(np.int64)
    pairs = np.unique(story.astype(np.int64) * 100_000 + src)
    pair_story = pairs // 100_000
    uniq_story, n_src = np.unique(pair_story, return_counts=True)
    kept = rows.iloc[order[first]].copy()
    kept["n_reports"] = n_reports
    kept["n_sources"] = n_src[np.searchsorted(uniq_story, kept["story"].to_numpy())]
    return kept


def attach_sources(kept: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Add `sources`: the outlets (source_ids, earliest first) carrying each kept story."""
    out = kept.copy()
    if kept.empty:
        out["sources"] = pd.Series(dtype="object")
        return out
    sub = rows[rows["story"].isin(kept["story"].unique())]
    sub = sub.sort_values("published", kind="stable")
    lists = sub.groupby("story", observed=True)["source_id"].agg(lambda s: tuple(dict.fromkeys(s.astype(str))))
    out["sources"] = out["story"].map(lists)
    return out


def limit_rows(df: pd.DataFrame, n: int = MAX_POINTS) -> tuple[pd.DataFrame, int]:
    """Keep the `n` most widely carried, most recent rows; also return how many were dropped."""
    if len(df) <= n:
        return df, 0
    by = [c for c in ("n_sources", "published") if c in df.columns]
    kept = df.sort_values(by, ascending=False, kind="stable").head(n)
    return kept.sort_index(), len(df) - n


def _stories(claims: pd.DataFrame, mask: np.ndarray, columns: Sequence[str], n: int) -> tuple[pd.DataFrame, int, int]:
    """Filtered rows -> (one row per story with sources, dropped, total stories)."""
    rows = claims.loc[mask, list(dict.fromkeys(["story", "source_id", "published", *columns]))]
    kept = dedupe_stories(rows)
    total = len(kept)
    kept, dropped = limit_rows(kept, n)
    return attach_sources(kept, rows), dropped, total


# ---------------------------------------------------------------------- articles
def articles_by_month(articles: pd.DataFrame, mask: np.ndarray | None = None) -> pd.DataFrame:
    """Articles per (month, outlet): columns month (first day), source_id, articles."""
    a = articles if mask is None else articles.loc[mask]
    a = a[a["published"].notna()]
    if a.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "source_id": pd.Series(dtype="object"),
                             "articles": pd.Series(dtype="int64")})
    month = a["published"].dt.to_period("M").dt.to_timestamp()
    out = (pd.DataFrame({"month": month, "source_id": a["source_id"].astype("object")})
           .groupby(["month", "source_id"]).size().rename("articles").reset_index())
    return out.sort_values(["month", "source_id"]).reset_index(drop=True)


# ---------------------------------------------------------------------- attacks
def attack_periods(claims: pd.DataFrame, mask: np.ndarray, n: int = MAX_POINTS) -> tuple[pd.DataFrame, dict]:
    """Attack and strike counts with the period they cover, one row per story.

    Adds `days`, `months`, and the per-month rate of the figure and its range
    (`rate`, `rate_lo`, `rate_hi`): 130 attacks over January-April is 32.5 a
    month, 150 over a year 12.5. Counts without a period cannot be drawn over
    time; they are counted in the returned info (`undated`).
    """
    m = mask & claims["kind"].isin(["attacks", "strikes"]).to_numpy()
    dated = m & claims["period_start"].notna().to_numpy() & claims["period_end"].notna().to_numpy()
    cols = ["kind", "value", "low", "high", "qualifier", "cumulative", "actor", "target",
            "period_start", "period_end", "date_precision"]
    df, dropped, total = _stories(claims, dated, cols, n)
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
    value = df["value"].to_numpy(dtype=float)
    low = df["low"].to_numpy(dtype=float)
    high = df["high"].to_numpy(dtype=float)
    q = df["qualifier"].astype("object").to_numpy()
    lo = np.where(np.isnan(low), value, low)
    hi = np.where(np.isnan(high), value, high)
    less = (q == "less_than")
    lo = np.where(less & np.isnan(low), 0.0, lo)  # "less than 1000" is anything up to 1000
    more = np.isin(q, ["more_than", "at_least"])
    hi = np.where(more & np.isnan(high), np.nan, hi)  # open upwards
    return lo, hi


def _mark(df: pd.DataFrame, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Where a claim's marker goes: its value, else the middle of its range, else its bound."""
    value = df["value"].to_numpy(dtype=float)
    mid = np.where(np.isnan(hi), lo, (lo + hi) / 2)
    return np.where(np.isnan(value), mid, value)


def incidents(claims: pd.DataFrame, mask: np.ndarray, n: int = MAX_POINTS) -> tuple[pd.DataFrame, dict]:
    """Incidents, one row per story: `day` (the event day), place and casualties."""
    m = mask & claims["kind"].isin(["incident"]).to_numpy()
    cols = ["period_start", "place_id", "place_ar", "place_en", "killed", "injured", "arrested", "actor", "target"]
    df, dropped, total = _stories(claims, m, cols, n)
    df["day"] = df["period_start"].fillna(df["published"])
    df["casualties"] = df["killed"].fillna(0).astype(float) + df["injured"].fillna(0).astype(float)
    return df.sort_values("day"), {"dropped": dropped, "stories": total}


# ---------------------------------------------------------------------- troops
def troop_points(claims: pd.DataFrame, mask: np.ndarray, n: int = MAX_POINTS) -> tuple[pd.DataFrame, dict]:
    """Troop figures, one row per story, with `y` (marker) and `y_lo`..`y_hi` (range)."""
    m = mask & claims["kind"].isin(["troops"]).to_numpy() & claims["published"].notna().to_numpy()
    cols = ["value", "low", "high", "qualifier", "when", "actor"]
    df, dropped, total = _stories(claims, m, cols, n)
    lo, hi = _bounds(df)
    df["y"], df["y_lo"], df["y_hi"] = _mark(df, lo, hi), lo, hi
    return df.sort_values("published"), {"dropped": dropped, "stories": total}


# ---------------------------------------------------------------------- bases
def _event_day(df: pd.DataFrame) -> pd.Series:
    """When a base event happened: the end of its period if known, else the report date."""
    return df["period_end"].fillna(df["published"])


def base_events(claims: pd.DataFrame, mask: np.ndarray, n: int = 5000) -> pd.DataFrame:
    """Base claims (sites and counts) in time order, newest last; at most `n` (the newest)."""
    m = mask & claims["kind"].isin(["base_status"]).to_numpy()
    cols = ["source_id", "published", "status", "value", "of_total", "qualifier", "place_id", "place_ar",
            "place_en", "geo_precision", "period_start", "period_end", "story"]
    df = claims.loc[m, cols].copy()
    df["day"] = _event_day(df)
    df = df.sort_values(["day", "published"], kind="stable")
    return df.tail(n)


def base_status_asof(claims: pd.DataFrame, mask: np.ndarray, asof: date | pd.Timestamp | None,
                     history: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
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
    m = mask & claims["kind"].isin(["base_status"]).to_numpy() & claims["place_id"].notna().to_numpy() \
        & claims["lat"].notna().to_numpy()
    cols = ["source_id", "published", "status", "place_id", "place_ar", "place_en", "lat", "lon",
            "geo_precision", "period_end", "article_row"]
    df = claims.loc[m, cols]
    if asof is not None and len(df):
        cutoff = pd.Timestamp(asof) + pd.Timedelta(days=1)
        day = _event_day(df)
        keep = (day < cutoff) & (df["published"].isna() | (df["published"] < cutoff))
        df = df[keep.to_numpy()]
    df = df.copy()
    df["day"] = _event_day(df)
    empty_places = pd.DataFrame(columns=["place_id", "place_ar", "place_en", "lat", "lon", "geo_precision", "status",
                                         "status_day", "status_row", "status_source", "n_articles", "n_claims"])
    if df.empty:
        return empty_places, df
    df["place_id"] = df["place_id"].astype("object")
    df = df.sort_values(["place_id", "day", "published"], kind="stable")
    latest = df.groupby("place_id", sort=True).tail(1)
    informative = df[df["status"].astype("object") != "mentioned"].groupby("place_id", sort=True).tail(1)
    # An informative status wins over a later bare mention.
    pick = pd.concat([informative, latest[~latest["place_id"].isin(informative["place_id"])]])
    pick = pick.sort_values("place_id", kind="stable")
    out = pd.DataFrame({
        "place_id": pick["place_id"].to_numpy(),
        "place_ar": pick["place_ar"].astype("object").to_numpy(),
        "place_en": pick["place_en"].astype("object").to_numpy(),
        "lat": pick["lat"].to_numpy(dtype=float),
        "lon": pick["lon"].to_numpy(dtype=float),
        "geo_precision": pick["geo_precision"].astype("object").to_numpy(),
        "status": pick["status"].astype("object").to_numpy(),
        "status_day": pick["day"].to_numpy(),
        "status_row": pick.index.to_numpy(),
        "status_source": pick["source_id"].astype("object").to_numpy(),
    })
    grouped = df.groupby("place_id", sort=True)
    out["n_articles"] = grouped["article_row"].nunique().reindex(out["place_id"]).to_numpy()
    out["n_claims"] = grouped.size().reindex(out["place_id"]).to_numpy()
    hist = grouped.tail(history)
    return out, hist


# ---------------------------------------------------------------------- overview
def overview_stats(articles: pd.DataFrame, a_mask: np.ndarray, claims: pd.DataFrame, c_mask: np.ndarray) -> dict:
    """The corpus at a glance: counts, date span, the latest troop figure and attack rate.

    The latest troop figure is the newest report's, preferring on that day a
    current figure over a planned or a past one; the latest attack rate
    prefers a figure over a period that is not a running count. Each comes with its claim row, so the
    page can show the outlet, date and evidence.
    """
    a = articles.loc[a_mask]
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
    t = claims.loc[c_mask & claims["kind"].isin(["troops"]).to_numpy() & claims["published"].notna().to_numpy(),
                   ["published", "when"]]
    if len(t):
        # The newest report; on that day a current figure beats a planned one, a planned one a past one.
        pref = t["when"].astype("object").map({"current": 0, "planned": 1, "past": 2}).fillna(3)
        pick = t.assign(_pref=-pref.to_numpy()).sort_values(["published", "_pref"], kind="stable")
        stats["troops_row"] = int(pick.index[-1])
    at = claims.loc[c_mask & claims["kind"].isin(["attacks"]).to_numpy() & claims["period_start"].notna().to_numpy()
                    & claims["published"].notna().to_numpy(), ["published", "cumulative", "period_end"]]
    if len(at):
        plain = at[~at["cumulative"].to_numpy(dtype=bool)]
        pick = plain if len(plain) else at
        stats["attacks_row"] = int(pick.sort_values(["published", "period_end"], kind="stable").index[-1])
    return stats


# ---------------------------------------------------------------------- outlets
def _quantity_labels(df: pd.DataFrame) -> pd.Series:
    """What a figure measures, so that figures of the same quantity can be compared.

    Troops: who and when (past/current/planned) in the month of the report
    (the figure of May 2025 is not that of March 2020). Attacks and strikes:
    who, and the exact period. Base counts: status and month.
    """
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


def outlet_figures(claims: pd.DataFrame, mask: np.ndarray, n: int = 5000) -> pd.DataFrame:
    """The figures each outlet reported (numeric claims), newest first, with the quantity they measure."""
    m = mask & claims["kind"].isin(["troops", "attacks", "strikes", "base_status"]).to_numpy() \
        & (claims["value"].notna().to_numpy() | claims["high"].notna().to_numpy() | claims["low"].notna().to_numpy())
    cols = ["source_id", "published", "kind", "value", "low", "high", "qualifier", "when", "actor", "status",
            "period_start", "period_end", "of_total", "story"]
    df = claims.loc[m, cols].copy()
    if df.empty:
        df["quantity"] = pd.Series(dtype="object")
        return df
    df["quantity"] = _quantity_labels(df).to_numpy()
    return df.sort_values(["published"], ascending=False, kind="stable").head(n)


def disagreements(claims: pd.DataFrame, mask: np.ndarray, approx_tolerance: float = 0.1,
                  max_quantities: int = 40) -> pd.DataFrame:
    """Quantities reported by two or more outlets, each outlet's figures, and whether they conflict.

    One row per (quantity, outlet, figure) with `y`, `y_lo`, `y_hi` and
    `disagree` (True for every row of a quantity whose outlets' ranges do not
    all overlap; "about 2000" is taken as 2000 +/- `approx_tolerance`).
    Quantities in conflict come first, then the most widely reported.
    """
    figs = outlet_figures(claims, mask, n=len(claims))
    if figs.empty:
        for c in ("y", "y_lo", "y_hi", "disagree", "n_outlets"):
            figs[c] = pd.Series(dtype="float64")
        return figs
    lo, hi = _bounds(figs)
    figs["y"], figs["y_lo"], figs["y_hi"] = _mark(figs, lo, hi), lo, hi
    approx = (figs["qualifier"].astype("object") == "approx").to_numpy()
    cmp_lo = np.where(approx, figs["y_lo"] * (1 - approx_tolerance), figs["y_lo"])
    cmp_hi = np.where(approx, figs["y_hi"] * (1 + approx_tolerance), figs["y_hi"])
    figs["_lo"], figs["_hi"] = cmp_lo, np.where(np.isnan(cmp_hi), np.inf, cmp_hi)
    figs["source_id"] = figs["source_id"].astype("object")
    g = figs.groupby("quantity")
    n_outlets = g["source_id"].transform("nunique")
    figs = figs[n_outlets.to_numpy() >= 2].copy()
    if figs.empty:
        figs["disagree"] = pd.Series(dtype=bool)
        figs["n_outlets"] = pd.Series(dtype="int64")
        return figs.drop(columns=["_lo", "_hi"])
    g = figs.groupby("quantity")
    # Ranges overlap iff the largest lower bound is below the smallest upper bound.
    figs["disagree"] = (g["_lo"].transform("max") > g["_hi"].transform("min")).to_numpy()
    figs["n_outlets"] = g["source_id"].transform("nunique").to_numpy()
    # One row per (quantity, outlet, figure): repeated identical reports add nothing here.
    figs = figs.drop_duplicates(["quantity", "source_id", "y", "y_lo", "y_hi", "qualifier"])
    rank = (figs.groupby("quantity").agg(disagree=("disagree", "first"), n=("n_outlets", "first"),
                                         last=("published", "max"))
            .sort_values(["disagree", "n", "last"], ascending=False).head(max_quantities))
    figs = figs[figs["quantity"].isin(rank.index)]
    order = {q: i for i, q in enumerate(rank.index)}
    figs = figs.assign(_order=figs["quantity"].map(order)).sort_values(["_order", "published"], kind="stable")
    return figs.drop(columns=["_lo", "_hi", "_order"])


# ---------------------------------------------------------------------- articles
def search_articles(articles: pd.DataFrame, mask: np.ndarray, query: str = "",
                    text_hits: np.ndarray | None = None) -> pd.DataFrame:
    """Filtered articles whose title, outlet or URL contains `query` (case-insensitive), newest first.

    `text_hits` (a boolean mask over all articles, from a full-text search of
    the article bodies) widens the match to the text.
    """
    m = mask.copy()
    q = (query or "").strip()
    if q:
        hit = np.zeros(len(articles), dtype=bool)
        for col in ("title", "url", "source_name", "source_name_en", "source_id"):
            hit |= articles[col].astype("string").str.contains(q, case=False, regex=False, na=False).to_numpy()
        if text_hits is not None:
            hit |= text_hits
        m &= hit
    out = articles.loc[m]
    return out.sort_values("published", ascending=False, na_position="last", kind="stable")
