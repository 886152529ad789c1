"""What the Bases page shows besides the map's drawing: the places as of a date with whether each
status is a plan and how precisely it is dated, and the base-events table up to that date.

The table follows the map: the sidebar's filters and the date slider both apply (an event counts
when it happened on or before the date and was published by then, the map's rule). Claims that
count bases without naming them ("3 of 8 bases were closed") are a table of their own: they say
how many, not which, and have no place on the map. Dates are shown as precisely as they are known
(a month as 2025-04); no cell reads "None" or "NaN" in either language.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lib import settings
from lib.dashboard import queries as q
from lib.dashboard import views
from lib.dashboard.charts.map_text import base_count, is_planned, shown_date, site_label, status_name
from lib.dashboard.compact import NAT, day_numbers, take
from lib.dashboard.corpus import Corpus
from lib.dashboard.filters import Filters, claim_mask
from lib.dashboard.orders import event_days

__all__ = ["map_places", "event_tables", "EVENT_COLUMNS", "COUNT_COLUMNS"]

# The columns of the two tables, in their order on the page.
EVENT_COLUMNS = ["date", "site", "status", "outlet", "published", "evidence", "article_id", "claim_id"]
COUNT_COLUMNS = ["date", "what", "status", "outlet", "published", "evidence", "article_id", "claim_id"]
_EXTRA = ["when", "date_precision"]  # claim columns the map and table read beyond the views' frames


def _extra(corpus: Corpus, rows: np.ndarray) -> pd.DataFrame:
    """`when` and `date_precision` of claim rows (empty strings where the column is absent or null)."""
    present = [c for c in _EXTRA if c in corpus.claims.columns]
    got = take(corpus.claims, rows, present) if len(rows) and present else pd.DataFrame(index=rows)
    for c in _EXTRA:
        got[c] = got[c].astype("object").where(got[c].notna(), "") if c in got.columns else ""
    return got


def map_places(corpus: Corpus, f: Filters, lang: str, asof: date | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """views.bases (places as of `asof`, their recent claims) with `when` and `date_precision`
    of each place's status claim and of each history claim."""
    places, hist = views.bases(corpus, f, lang, asof)
    if len(places):
        extra = _extra(corpus, places["status_row"].to_numpy(dtype=np.int64))
        places = places.assign(when=extra["when"].to_numpy(), date_precision=extra["date_precision"].to_numpy())
    else:
        places = places.assign(when=pd.Series(dtype=object), date_precision=pd.Series(dtype=object))
    if len(hist):
        extra = _extra(corpus, hist.index.to_numpy(dtype=np.int64))
        hist = hist.assign(when=extra["when"].to_numpy(), date_precision=extra["date_precision"].to_numpy())
    return places, hist


def _rows_upto(corpus: Corpus, f: Filters, asof: date | None) -> np.ndarray:
    """The filtered base claims whose event day and publication day are on or before `asof`."""
    claims = corpus.claims
    mask = claim_mask(claims, f, kinds=["base_status"])
    if asof is None:
        return mask
    rows = np.flatnonzero(mask)
    cutoff = np.datetime64(pd.Timestamp(asof), "D").astype(np.int64)
    day = event_days(claims, rows)
    pub = day_numbers(claims["published"], rows)
    late = rows[(day > cutoff) | ((pub != NAT) & (pub > cutoff))]
    mask = mask.copy()
    mask[late] = False
    return mask


def _text(x: object) -> str:
    return "" if x is None or (isinstance(x, float) and x != x) or x is pd.NaT else str(x)


def event_tables(corpus: Corpus, f: Filters, lang: str, asof: date | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events at named places, claims that count bases), newest first, up to `asof`.

    Every cell is display text (dates as precise as known, statuses as nouns, "(planned)" for a
    plan) except `published` (a date) and the ids behind the reader link."""
    mask = _rows_upto(corpus, f, asof)
    events = q.base_events(corpus.claims, mask, n=settings.BASE_EVENTS_MAX_ROWS)
    if events.empty:
        empty = pd.DataFrame(columns=EVENT_COLUMNS)
        return empty, pd.DataFrame(columns=COUNT_COLUMNS)
    events = corpus.provenance(events, lang)
    extra = _extra(corpus, events.index.to_numpy(dtype=np.int64))
    events = events.assign(when=extra["when"].to_numpy(), date_precision=extra["date_precision"].to_numpy())
    events = events.iloc[::-1]  # newest first
    named = events["place_id"].notna().to_numpy() & (events["place_id"].astype("object") != "").to_numpy()
    status = [status_name(s, lang, is_planned(w)) for s, w in zip(events["status"], events["when"])]
    common = pd.DataFrame({
        "date": [shown_date(d, p) for d, p in zip(events["day"], events["date_precision"])],
        "status": status,
        "outlet": [_text(o) for o in events.get("outlet", pd.Series([""] * len(events)))],
        "published": pd.to_datetime(events["published"]).dt.date.to_numpy(),
        "evidence": [_text(e) for e in events.get("evidence", pd.Series([""] * len(events)))],
        "article_id": [_text(a) for a in events.get("article_id", pd.Series([""] * len(events)))],
        "claim_id": [_text(c) for c in events.get("claim_id", pd.Series([""] * len(events)))],
    }, index=events.index)
    # The map's label for each site, so a row and its marker read alike.
    sites = [site_label(p, en, ar, lang) for p, en, ar in zip(events["place_id"], events["place_en"].astype("object"),
                                  events["place_ar"].astype("object"))]
    counts = [base_count(v, tot, lang) for v, tot in zip(events["value"], events.get("of_total", [None] * len(events)))]
    table = common.assign(site=sites)[named][EVENT_COLUMNS].reset_index(drop=True)
    count_table = common.assign(what=counts)[~named][COUNT_COLUMNS].reset_index(drop=True)
    return table, count_table
