"""What each page shows, computed from a Corpus and the filters (no streamlit).

Each function returns the frames a page draws, with provenance (outlet name,
evidence, claim and article ids) added for the drawn rows only, and, for
story rows, `source_names`: the display names of the outlets carrying each
story (a hover names them all, not only the outlets of the chart's own rows). Pages call
them through a cache keyed by (corpus version, filters, arguments); the
benchmark times them directly.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lib.dashboard import charts, compare
from lib.dashboard import queries as q
from lib.dashboard.compact import NAT, dense
from lib.dashboard.corpus import Corpus
from lib.dashboard.filters import Filters, article_mask, claim_mask
from lib.dashboard.orders import event_days
from lib.dashboard.story_sources import story_sources

__all__ = ["stories", "outlet_palette", "overview", "attacks", "incidents", "attack_page", "troops", "bases", "base_timeline", "outlets", "articles",
           "reader"]


def outlet_palette(corpus: Corpus, f: Filters | None = None) -> dict[str, str]:
    """Each outlet's colour for every chart (`charts.outlet_colors`), the same on every page and
    whatever the filters (`f` is not used): outlets with the most claims first, so that the
    outlets the charts draw most get the palette's distinct colours before it repeats."""
    outlets = corpus.outlets["source_id"].astype(str).to_numpy()
    claims = corpus.claims["source_id"]
    per_outlet = dict(zip(claims.cat.categories.astype(str),
                          np.bincount(claims.cat.codes.to_numpy()[claims.cat.codes.to_numpy() >= 0],
                                      minlength=len(claims.cat.categories)))) if len(claims) else {}
    n_claims = np.array([per_outlet.get(s, 0) for s in outlets])
    order = np.argsort(-n_claims, kind="stable")  # ties keep the corpus's order: busiest (articles) first
    return charts.outlet_colors(list(outlets[order]))


def overview(corpus: Corpus, f: Filters, lang: str) -> dict:
    """Counts, the latest troop level (`troops`), the newest plan when not older (`troop_plan`),
    the latest attack count with its rate (`attacks`), and articles per month; each figure a
    dict of its row with provenance, or None."""
    a_mask = article_mask(corpus.articles, f)
    c_mask = claim_mask(corpus.claims, f)
    stats = q.overview_stats(corpus.articles, a_mask, corpus.claims, c_mask)
    keys = ("troops_row", "troop_plan_row", "attacks_row")
    frames = {}
    for key in keys:
        row = stats[key]
        if row is not None:
            frames[key] = q.attack_periods(corpus.claims, _only(len(corpus.claims), row), orders=corpus.orders)[0] \
                if key == "attacks_row" else dense(corpus.claims.loc[[row]])
    said = dict(zip(frames, corpus.provenances(list(frames.values()), lang)))  # one read of the store
    for key in keys:
        df = said.get(key)
        stats[key.replace("_row", "")] = df.iloc[0].to_dict() if df is not None and len(df) else None
    stats["monthly"] = q.articles_by_month(corpus.articles, a_mask)
    return stats


def _only(n: int, row: int) -> np.ndarray:
    m = np.zeros(n, dtype=bool)
    m[row] = True
    return m


def _said(corpus: Corpus, frames: list[pd.DataFrame], lang: str) -> list[pd.DataFrame]:
    """`Corpus.provenances` of the frames, with `source_names` beside each story's `sources`."""
    out = corpus.provenances(frames, lang)
    names = corpus.outlet_names(lang)
    for df in out:
        if "sources" in df.columns:
            df["source_names"] = [tuple(names.get(s, s) for s in srcs) if isinstance(srcs, (list, tuple)) else ()
                                  for srcs in df["sources"].to_numpy(dtype=object)]
    return out


def attacks(corpus: Corpus, f: Filters, lang: str) -> tuple[pd.DataFrame, dict]:
    df, info = q.attack_periods(corpus.claims, claim_mask(corpus.claims, f), orders=corpus.orders)
    return _said(corpus, [df], lang)[0], info


def incidents(corpus: Corpus, f: Filters, lang: str) -> tuple[pd.DataFrame, dict]:
    df, info = q.incidents(corpus.claims, claim_mask(corpus.claims, f), orders=corpus.orders)
    return _said(corpus, [df], lang)[0], info


def attack_page(corpus: Corpus, f: Filters, lang: str) -> tuple[tuple[pd.DataFrame, dict], tuple[pd.DataFrame, dict]]:
    """`attacks` and `incidents` together: their evidence read from the store in one pass."""
    mask = claim_mask(corpus.claims, f)
    periods, p_info = q.attack_periods(corpus.claims, mask, orders=corpus.orders)
    inc, i_info = q.incidents(corpus.claims, mask, orders=corpus.orders)
    periods, inc = _said(corpus, [periods, inc], lang)
    return (periods, p_info), (inc, i_info)


def troops(corpus: Corpus, f: Filters, lang: str) -> tuple[pd.DataFrame, dict]:
    df, info = q.troop_points(corpus.claims, claim_mask(corpus.claims, f), orders=corpus.orders)
    return _said(corpus, [df], lang)[0], info


def base_timeline(corpus: Corpus, f: Filters) -> tuple[date | None, date | None]:
    """The first and last event day of the (filtered) base claims: the slider's range."""
    rows = np.flatnonzero(claim_mask(corpus.claims, f, kinds=["base_status"]))
    day = event_days(corpus.claims, rows)
    day = day[day != NAT]  # neither an event day nor a publication date
    if not len(day):
        return None, None
    first, last = (np.datetime64(int(d), "D").astype(object) for d in (day.min(), day.max()))
    return first, last


def bases(corpus: Corpus, f: Filters, lang: str, asof: date | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(places as of `asof`, their recent claims with provenance)."""
    mask = claim_mask(corpus.claims, f)
    places, hist = q.base_status_asof(corpus.claims, mask, asof, orders=corpus.orders)
    # The claim behind each point's colour, so the point can be traced to its sentence; read with the history.
    status = corpus.claims.loc[places["status_row"].to_numpy(dtype=np.int64), ["source_id"]]
    hist_said, said = corpus.provenances([hist, status], lang)
    hist = hist_said if len(hist) else hist.assign(outlet=[], evidence=[])
    names = corpus.outlet_names(lang)
    if len(places):
        places["status_outlet"] = [names.get(s, s) for s in places["status_source"]]
        places["claim_id"] = said["claim_id"].to_numpy()
        places["article_id"] = said["article_id"].to_numpy()
        places["evidence"] = said["evidence"].to_numpy()
    return places, hist


def base_events(corpus: Corpus, f: Filters, lang: str) -> pd.DataFrame:
    """The newest base events, with provenance, for the table (whatever the map's date)."""
    return corpus.provenance(q.base_events(corpus.claims, claim_mask(corpus.claims, f), n=1000), lang)


def outlets(corpus: Corpus, f: Filters, lang: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(articles per month per outlet, figures per outlet, disagreements)."""
    a_mask = article_mask(corpus.articles, f)
    c_mask = claim_mask(corpus.claims, f)
    monthly = q.articles_by_month(corpus.articles, a_mask)
    figs = compare.outlet_figures(corpus.claims, c_mask, n=q.MAX_POINTS)
    dis = compare.disagreements(corpus.claims, c_mask, max_quantities=10, orders=corpus.orders)  # the chart's panels
    figs, dis = _said(corpus, [figs, dis], lang)
    return monthly, figs, dis


def stories(corpus: Corpus, f: Filters, lang: str) -> pd.DataFrame:
    """The stories carried by two or more of the filtered articles, one row each (the Outlets
    page's table): first date and outlet, how many outlets carried it and which, in the order
    they did, the first titled article's title and id (for the reader), and how they were linked."""
    found = story_sources(corpus, article_mask(corpus.articles, f), lang)
    titled = [next((k for k, title in enumerate(titles) if title), None) for titles in found["titles"]]
    return pd.DataFrame({
        "first_date": found["first_date"],
        "first_outlet": found["first_outlet"],
        "sources": found["n_sources"].astype("Int64"),
        "outlets": found["outlets"].map(lambda names: " ← ".join(names) if lang == "ar" else " → ".join(names)),
        # the first article with a title, and that article's id, so the link opens what the title names
        "title": [titles[k] if k is not None else "" for titles, k in zip(found["titles"], titled)],
        "article_id": [ids[k if k is not None else 0] for ids, k in zip(found["article_ids"], titled)],
        "story_rule": found["story_rule"],
        "story_id": found["story_id"],
    })


def articles(corpus: Corpus, f: Filters, query: str, limit: int = 1000) -> tuple[pd.DataFrame, int]:
    """Filtered articles matching `query` (title, outlet, URL, and text), newest first; (rows, total)."""
    mask = article_mask(corpus.articles, f)
    text_hits = corpus.search_text(query.strip(), f) if query and query.strip() else None
    found = q.search_articles(corpus.articles, mask, query, text_hits)
    article_rows = corpus.claims["article_row"].to_numpy()
    n_claims = np.bincount(article_rows[article_rows >= 0], minlength=len(corpus.articles))  # -1: article missing
    out = found.head(limit).copy()
    out["claims"] = n_claims[out.index.to_numpy()]
    shown = corpus.article_rows.take(out.index.to_numpy(), ["title", "url"])
    out["title"], out["url"] = shown["title"].to_numpy(), shown["url"].to_numpy()
    return out, len(found)


def reader(corpus: Corpus, f: Filters, article_id: str) -> tuple[dict, str, pd.DataFrame] | None:
    """(article fields, text, its claims with evidence and spans) for the reader, or None.

    The filters do not apply: an article opened by its link opens whatever the sidebar says.
    The article's text is read from the store by its id.
    """
    row = corpus.article_row(article_id)
    if row is None:
        return None
    art = corpus.article(row)
    text = art.pop("text", None) or ""
    return art, text, corpus.claims_of_article(row)
