"""The per-page aggregations: filtered claims in, the rows a chart draws out.

Every function takes the compact frames of `lib.dashboard.corpus.Corpus` (or
any frame with the same columns) and a mask (`lib.dashboard.filters`), and
returns small frames indexed by claim row, so that `Corpus.provenance()` can
add the evidence of just those rows. They are written for a million claims per
call: numpy masks on categorical codes, the sort orders of
`lib.dashboard.orders`, no Python loops over rows.

Conventions the charts rely on:
- A claim's date is its article's publication date (`published`); the period
  a figure covers is `period_start`..`period_end` (closed interval).
- "Count the story once": rows are reduced to one per `story`
  (`lib.dashboard.stories`) with `n_sources` (outlets carrying it) and
  `n_reports` (articles); the kept row is the earliest report.
- Figures keep their uncertainty: `y_lo`/`y_hi` bound what a claim says
  ("less than 1000" is 0..1000, "dozens" 24..99), never a made-up point value
  (`lib.dashboard.figures`).

What outlets reported side by side (their figures, their disagreements) is in
`lib.dashboard.compare`.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lib import settings
from lib.dashboard.compact import NAT, day_numbers, take
from lib.dashboard.figures import add_marks
from lib.dashboard.filters import isin
from lib.dashboard.orders import event_days, newest, precompute, runs
from lib.dashboard.stories import one_per_story

__all__ = ["articles_by_month", "attack_periods", "incidents", "troop_points", "base_events", "base_status_asof",
           "overview_stats", "search_articles", "rate_per_month", "latest_count", "DAYS_PER_MONTH", "MAX_POINTS"]

DAYS_PER_MONTH = 365.25 / 12
MAX_POINTS = 500  # stories per chart: more is unreadable, and slow to build and to send to the browser


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
def rate_per_month(count: np.ndarray | float, days: np.ndarray | float) -> np.ndarray:
    """A count over `days` days as a rate per month; NaN where the period is shorter than
    `settings.ATTACK_RATE_MIN_DAYS` (a day's count multiplied up to a month is nobody's figure).

    The one computation of an attack rate: the Overview, the hovers, the per-month chart and
    the Attacks caption all read the `rate` column it fills."""
    count = np.asarray(count, dtype=float)
    days = np.asarray(days, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = count / (days / DAYS_PER_MONTH)
    return np.where(days >= settings.ATTACK_RATE_MIN_DAYS, rate, np.nan)


def latest_count(df: pd.DataFrame, with_rate: bool = False) -> object | None:
    """The index label of the count a page quotes as "the latest", or None.

    Attacks before strikes, a count over a period before a running count ("the tenth
    since..."), then the newest report, then the latest period end, then the largest figure. `with_rate` keeps
    only counts long enough to have a rate. The Overview's headline and the Attacks
    caption both pick with this rule, so they quote the same figure."""
    if df.empty:
        return None
    keep = np.ones(len(df), dtype=bool)
    if with_rate:
        keep &= np.isfinite(pd.to_numeric(df["rate"], errors="coerce").to_numpy(dtype=float))
    if not keep.any():
        return None
    part = df.loc[keep]
    kind = part["kind"].astype("object").to_numpy() if "kind" in part.columns else np.full(len(part), "attacks")
    cumulative = part["cumulative"].fillna(False).to_numpy(dtype=bool) if "cumulative" in part.columns \
        else np.zeros(len(part), dtype=bool)
    published = part["published"].to_numpy("datetime64[ns]").astype(np.int64)  # NaT sorts first
    end = part["period_end"].to_numpy("datetime64[ns]").astype(np.int64)
    # Several counts of one report over one period ("20 attacks: 1 in Raqqa, 19 in Deir ez-Zor"):
    # the largest, the whole, whatever the rows' order.
    size = np.full(len(part), -1.0)
    for c in ("low", "high", "value"):
        if c in part.columns:
            v = pd.to_numeric(part[c], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            size = np.where(np.isnan(v), size, v)
    order = np.lexsort((size, end, published, ~cumulative, kind == "attacks"))
    return part.index[order[-1]]


def attack_periods(claims: pd.DataFrame, mask: np.ndarray, n: int = MAX_POINTS,
                   orders: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """Attack and strike counts with the period they cover, one row per story.

    Adds `days`, `months`, and the per-month rate of the figure and its range
    (`rate`, `rate_lo`, `rate_hi`, from `rate_per_month`): 130 attacks over
    2025-01-01..2025-04-30 (120 days) is 33.0 a month, 150 over 2024 12.5; a
    count over fewer than `settings.ATTACK_RATE_MIN_DAYS` days has no rate (NaN).
    Counts without a period cannot be drawn over time; they are counted in the
    returned info (`undated`).
    """
    m = mask & isin(claims["kind"], ["attacks", "strikes"])
    dated = m & claims["period_start"].notna().to_numpy() & claims["period_end"].notna().to_numpy()
    cols = ["kind", "value", "low", "high", "qualifier", "cumulative", "actor", "target",
            "period_start", "period_end", "date_precision"]
    df, info = one_per_story(claims, dated, cols, n, orders)
    days = (df["period_end"] - df["period_start"]).dt.days.to_numpy(dtype=float) + 1
    df["days"] = days
    df["months"] = days / DAYS_PER_MONTH
    add_marks(df)
    df["rate"] = rate_per_month(df["y"].to_numpy(dtype=float), days)
    df["rate_lo"] = rate_per_month(df["y_lo"].to_numpy(dtype=float), days)
    df["rate_hi"] = rate_per_month(df["y_hi"].to_numpy(dtype=float), days)
    info["undated"] = int((m & ~dated).sum())
    return df.sort_values(["period_start", "period_end"]), info


def incidents(claims: pd.DataFrame, mask: np.ndarray, n: int = MAX_POINTS,
              orders: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """Incidents, one row per story: `day` (the event day), place and casualties."""
    m = mask & isin(claims["kind"], ["incident"])
    cols = ["period_start", "place_id", "place_ar", "place_en", "killed", "injured", "arrested", "actor", "target"]
    df, info = one_per_story(claims, m, cols, n, orders)
    df["day"] = df["period_start"].fillna(df["published"])
    # Killed + injured; unknown (NaN) when the report gives neither: an arrest raid is not zero casualties.
    df["casualties"] = (df["killed"].fillna(0).astype(float) + df["injured"].fillna(0).astype(float)).where(
        df["killed"].notna() | df["injured"].notna())
    return df.sort_values("day"), info


# ---------------------------------------------------------------------- troops
def troop_points(claims: pd.DataFrame, mask: np.ndarray, n: int = MAX_POINTS,
                 orders: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """Troop figures, one row per story, with `y` (marker) and `y_lo`..`y_hi` (range)."""
    m = mask & isin(claims["kind"], ["troops"]) & claims["published"].notna().to_numpy()
    cols = ["value", "low", "high", "qualifier", "when", "actor"]
    df, info = one_per_story(claims, m, cols, n, orders)
    add_marks(df)
    return df.sort_values("published"), info


# ---------------------------------------------------------------------- bases
def _event_day(df: pd.DataFrame) -> pd.Series:
    """When a base event happened: the end of its period if known, else the report date."""
    return df["period_end"].fillna(df["published"])


def base_events(claims: pd.DataFrame, mask: np.ndarray, n: int = 5000) -> pd.DataFrame:
    """Base claims (sites and counts) in time order, newest last; at most `n` (the newest)."""
    rows = np.flatnonzero(mask & isin(claims["kind"], ["base_status"]))
    pub = day_numbers(claims["published"], rows)
    # By event day, then publication day (an unknown day sorts oldest).
    key = np.maximum(event_days(claims, rows), -(2 ** 40)) * 4096 + pub % 4096
    rows = newest(rows, key, n)
    cols = ["source_id", "published", "status", "value", "of_total", "qualifier", "place_id", "place_ar",
            "place_en", "geo_precision", "period_start", "period_end", "story"]
    df = take(claims, rows, cols)
    df["day"] = _event_day(df)
    return df


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
        keep = (day <= cutoff) & ((pub == NAT) | (pub <= cutoff))
        rows, day = rows[keep], day[keep]
    cols = ["source_id", "published", "status", "place_id", "place_ar", "place_en", "lat", "lon",
            "geo_precision", "period_end", "article_row"]
    if not len(rows):
        empty = pd.DataFrame(columns=["place_id", "place_ar", "place_en", "lat", "lon", "geo_precision", "status",
                                      "status_day", "status_row", "status_source", "n_articles", "n_claims"])
        return empty, take(claims, rows, cols).assign(day=pd.Series(dtype="datetime64[ns]"))
    place = claims["place_id"].cat.codes.to_numpy()[rows]
    starts = runs(place)
    ends = np.r_[starts[1:], len(rows)] - 1
    # The latest informative claim per place wins over a later bare mention.
    informative = ~isin(claims["status"], ["mentioned"], rows)
    pos = np.arange(len(rows), dtype=np.int32)
    last_info = np.maximum.reduceat(np.where(informative, pos, -1), starts)
    del informative
    pick = np.where(last_info >= 0, last_info, ends)
    picked = take(claims, rows[pick], cols)
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
    hist = take(claims, rows[recent], cols)
    hist["day"] = _event_day(hist)
    hist["place_id"] = hist["place_id"].astype("object")
    return out.sort_values("place_id", kind="stable").reset_index(drop=True), hist


# ---------------------------------------------------------------------- overview
def overview_stats(articles: pd.DataFrame, a_mask: np.ndarray, claims: pd.DataFrame, c_mask: np.ndarray) -> dict:
    """The corpus at a glance: counts, date span, the latest troop level and plan, the latest attack count.

    The latest troop figure is a level, never a plan: the newest report of a
    current or past figure (or one whose time is unknown), a current one
    preferred on the same day. "About 1,400 (planned)" is a plan, and a
    later "under 1,000" is still the level. The newest plan, when it is not
    older than that level, is returned apart (`troop_plan_row`). The latest
    attack count is `latest_count`'s. Each comes with its claim row, so the
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
        "troop_plan_row": None,
        "attacks_row": None,
    }
    dated = claims["published"].notna().to_numpy()
    t = take(claims, np.flatnonzero(c_mask & isin(claims["kind"], ["troops"]) & dated), ["published", "when"])
    if len(t):
        planned = isin(t["when"], ["planned"])
        published = t["published"].to_numpy("datetime64[ns]").astype(np.int64)
        levels = np.flatnonzero(~planned)
        if len(levels):
            # Newest first; on the same day a current figure, then an unknown time, then a past one.
            pref = np.select([isin(t["when"], ["current"]), isin(t["when"], ["past"])], [2, 0], 1)[levels]
            best = levels[np.lexsort((pref, published[levels]))[-1]]
            stats["troops_row"] = int(t.index[best])
        plans = np.flatnonzero(planned)
        if len(plans):
            newest_plan = plans[np.argmax(published[plans])]
            if not len(levels) or published[newest_plan] >= published[best]:
                stats["troop_plan_row"] = int(t.index[newest_plan])
    at = take(claims, np.flatnonzero(c_mask & isin(claims["kind"], ["attacks"]) & dated
                                     & claims["period_start"].notna().to_numpy()),
              ["kind", "published", "cumulative", "period_end", "value", "low", "high"])
    pick = latest_count(at)
    stats["attacks_row"] = None if pick is None else int(pick)
    return stats


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
