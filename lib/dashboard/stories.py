"""The story rule: reports of the same figure within days of each other are one story, counted once.

Articles the store grouped into one story (lib.store.stories: near-duplicate text or the
same figures, across outlets; `story_id` on the articles read) count as reported on the
story's first day, so their reports of one figure are one story even when their dates
are further apart than STORY_GAP_DAYS (or one of them was undated).

At load, `assign_stories` gives every claim a story id; per query,
`one_per_story` reduces the filtered claims to one row per story (its
earliest report) with the outlets carrying it, so that a figure ten outlets
repeat is drawn once and its hover names them.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from lib.dashboard.compact import DAY_NS, day_numbers, take
from lib.dashboard.orders import precompute, pub_ns, runs

__all__ = ["STORY_GAP_DAYS", "STORY_MAX_DAYS", "STORY_KEY", "assign_stories", "one_per_story", "story_of_articles"]

# Reports of the same figure within this many days of each other are one story;
# a story never spans more than a week (a figure repeated for months is re-reported).
STORY_GAP_DAYS = 2
STORY_MAX_DAYS = 7
STORY_KEY = ["kind", "when", "actor", "status", "place_id", "qualifier", "value", "low", "high",
             "of_total", "period_start", "period_end", "killed", "injured", "arrested"]


def _row_hash(df: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of each row's values in `columns` (equal values, equal hash).

    Built column by column, in place, so memory stays at a few arrays of one
    int64 per row; a groupby over fifteen keys would materialise fifteen code
    arrays at once. Collisions between different figures are vanishingly
    unlikely (2^-64).
    """
    n = len(df)
    h = np.zeros(n, dtype=np.uint64)
    cols = [df[c] for c in columns]
    # A block of rows at a time: hashing allocates several temporaries the size of its input.
    for start in range(0, n, _HASH_ROWS):
        block = slice(start, min(start + _HASH_ROWS, n))
        for col in cols:
            if isinstance(col.dtype, pd.CategoricalDtype):
                vals = col.cat.codes.to_numpy()[block]
            elif isinstance(col.dtype, pd.SparseDtype):
                vals = col.iloc[block].to_numpy(dtype=col.dtype.subtype)
            else:
                vals = col.to_numpy()[block]
            if vals.dtype.kind == "f":
                vals = np.where(np.isnan(vals), -1.0, vals)
            h[block] *= np.uint64(0x100000001B3)
            h[block] ^= pd.util.hash_array(np.ascontiguousarray(vals))
    return h.view(np.int64)


_HASH_ROWS = 131_072


_NO_DAY = -(2 ** 30)  # an undated claim's day number: sorts first, and differences with it fit in int32


def story_of_articles(articles: pd.DataFrame, claims: pd.DataFrame) -> np.ndarray | None:
    """Per claim, the day number of its article's story's first dated report (lib.store.stories),
    or the int64 minimum when its article is in no story or the story has no date; None when no
    article is in a story (`articles` with `story_id`, `published`; `claims` with `article_row`)."""
    if "story_id" not in articles.columns or not len(claims) or articles["story_id"].isna().all():
        return None
    story = articles["story_id"].astype("category")
    codes = story.cat.codes.to_numpy()
    day = day_numbers(articles["published"])
    missing = np.iinfo(np.int64).max
    first = np.full(len(story.cat.categories), missing, dtype=np.int64)
    dated = (codes >= 0) & (day != np.iinfo(np.int64).min)
    np.minimum.at(first, codes[dated], day[dated])
    per_article = np.where(codes >= 0, first[np.maximum(codes, 0)], missing)
    per_article[per_article == missing] = np.iinfo(np.int64).min
    rows = claims["article_row"].to_numpy()
    out = np.full(len(rows), np.iinfo(np.int64).min, dtype=np.int64)
    ok = rows >= 0
    out[ok] = per_article[rows[ok]]
    return out


def assign_stories(claims: pd.DataFrame, story_days: np.ndarray | None = None) -> np.ndarray:
    """A story id per claim: the same figure reported within days of another report.

    Claims with equal STORY_KEY values whose publication dates follow each other
    within STORY_GAP_DAYS form one story (split every STORY_MAX_DAYS), whichever
    outlet carried them; charts count a story once and say how many outlets
    carry it. A claim without a publication date is a story of its own.

    `story_days` (`story_of_articles`): per claim, its article's story's first day, used
    instead of its publication date where set, so one figure in the articles of one
    stored story is one story.

    Runs once per load over every claim, so it keeps its temporaries few and
    narrow (int32 day numbers, arrays dropped as soon as they are used).
    """
    n = len(claims)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    key_id = _row_hash(claims, [c for c in STORY_KEY if c in claims.columns])
    day = day_numbers(claims["published"])
    if story_days is not None:
        day = np.where(story_days != np.iinfo(np.int64).min, story_days, day)
    nat = day == np.iinfo(np.int64).min
    pub = np.where(nat, _NO_DAY, day).astype(np.int32)
    del day
    order = np.lexsort((pub, key_id))
    k_sorted = key_id[order]
    del key_id
    p_sorted, nat_sorted = pub[order], nat[order]
    del pub, nat
    new_chain = np.ones(n, dtype=bool)
    np.not_equal(k_sorted[1:], k_sorted[:-1], out=new_chain[1:])
    del k_sorted
    new_chain[1:] |= np.diff(p_sorted) > STORY_GAP_DAYS
    new_chain |= nat_sorted
    chain = np.cumsum(new_chain, dtype=np.int32)
    chain -= 1
    # Weeks since the chain's first report (an undated claim is a chain, and a week, of its own).
    week = p_sorted - p_sorted[new_chain][chain]
    del chain, p_sorted
    week //= STORY_MAX_DAYS + 1
    week[nat_sorted] = 0
    # A story is a (chain, week) pair: it starts where a chain starts or the week changes.
    new_story = new_chain
    new_story[1:] |= week[1:] != week[:-1]
    del week
    story_sorted = np.cumsum(new_story, dtype=np.int32)
    story_sorted -= 1
    story = np.empty(n, dtype=np.int32)
    story[order] = story_sorted
    return story


def one_per_story(claims: pd.DataFrame, mask: np.ndarray, columns: Sequence[str], n: int,
                  orders: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """Filtered claims -> one row per story (its earliest report), the `n` most carried and newest.

    Returns (rows, info). The rows hold `columns` (with story, source_id and
    published), indexed by claim row, and `n_sources` (outlets carrying the
    story), `n_reports` (claims) and `sources` (their source_ids, earliest
    first). The info counts the stories (`stories`) and those left out (`dropped`).
    """
    order = (orders or precompute(claims))["story"]
    idx = order[mask[order]]  # still in (story, outlet, time) order
    cols = list(dict.fromkeys(["story", "source_id", "published", *columns]))
    if not len(idx):
        empty = take(claims, [], cols)
        return empty.assign(n_sources=pd.Series(dtype="int64"), n_reports=pd.Series(dtype="int64"),
                            sources=pd.Series(dtype="object")), {"dropped": 0, "stories": 0}
    # Arrays over every filtered claim are kept narrow (int32 rows, int8 outlet codes) and few.
    story = claims["story"].to_numpy()[idx]
    s_start = runs(story)
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
    pub = pub_ns(claims, p_idx)
    day = np.where(pub == np.iinfo(np.int64).max, 2 ** 30, pub // DAY_NS)
    key = day.astype(np.int64) * (2 ** 31) + p_idx
    p_group = runs(p_story)
    best = np.minimum.reduceat(key, p_group)
    rep = best & (2 ** 31 - 1)
    total = len(rep)
    dropped = 0
    chosen = np.arange(total)
    if total > n:
        score = n_sources.astype(np.int64) * (2 ** 31) + (best >> 31)
        chosen = np.sort(np.argpartition(score, total - n)[total - n:])
        dropped = total - n
    out = take(claims, rep[chosen], cols)
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
    return out, {"dropped": dropped, "stories": total}
