"""Which outlets carried each story, and who was first (the Outlets page's stories section).

A story is a group of articles the store found to report the same event or statement
(lib.store.stories: near-duplicate text or the same figures, dates within days); the
articles read carry its `story_id`. Charts count a story's figures once with their
number of sources through `lib.dashboard.stories.one_per_story`; this module lists
the stories themselves.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib.dashboard.corpus import Corpus

__all__ = ["story_sources", "STORY_SOURCES_COLUMNS"]

STORY_SOURCES_COLUMNS = ["story_id", "n_sources", "n_articles", "first_outlet", "first_source_id", "first_date",
                         "outlets", "source_ids", "titles", "article_ids", "story_rule"]


def story_sources(corpus: Corpus, article_mask: np.ndarray | None = None, lang: str = "en") -> pd.DataFrame:
    """One row per story of two or more articles (among the articles in `article_mask`, all when None):

    story_id; n_sources (outlets that carried it) and n_articles; first_outlet, first_source_id and
    first_date (the earliest dated article's; undated articles, and those dated only by their story, come after); outlets and
    source_ids (tuples, in the order they carried it); titles and article_ids (tuples, same order);
    story_rule (text, figures or both: how its articles were linked). The most carried first, then
    the newest. Outlet names in `lang`; titles as stored (show them as text)."""
    arts = corpus.articles
    if "story_id" not in arts.columns or not len(arts):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in STORY_SOURCES_COLUMNS})
    mask = arts["story_id"].notna().to_numpy()
    if article_mask is not None:
        mask = mask & np.asarray(article_mask, dtype=bool)
    rows = np.flatnonzero(mask)
    if not len(rows):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in STORY_SOURCES_COLUMNS})
    part = pd.DataFrame({
        "row": rows,
        "story_id": arts["story_id"].astype(object).to_numpy()[rows],
        "source_id": arts["source_id"].astype(object).to_numpy()[rows],
        "published": arts["published"].to_numpy()[rows],
        "article_id": arts["article_id"].astype(object).to_numpy()[rows],
        "story_rule": arts["story_rule"].astype(object).to_numpy()[rows] if "story_rule" in arts.columns else None,
    })
    part["title"] = corpus.article_rows.take(rows, ["title"])["title"].to_numpy()
    names = corpus.outlet_names(lang)
    # an article dated only by its story cannot have been first: it follows the dated ones (a date
    # inferred from the article's own text, an anniversary, has no story basis and counts as dated)
    part["undated"] = part["published"].isna().to_numpy() | _story_dated(arts)[rows]
    part = part.sort_values(["story_id", "undated", "published", "article_id"], kind="stable")
    out = []
    for story_id, group in part.groupby("story_id", sort=False):
        if len(group) < 2:  # the filter left one article of it
            continue
        sources = tuple(dict.fromkeys(s if isinstance(s, str) else "unknown" for s in group["source_id"]))
        first = group.iloc[0]
        rules = {r for value in group["story_rule"] if isinstance(value, str) for r in value.split("+")}
        out.append({
            "story_id": story_id,
            "n_sources": len(sources),
            "n_articles": len(group),
            "first_outlet": names.get(first["source_id"], first["source_id"]),
            "first_source_id": first["source_id"],
            "first_date": None if pd.isna(first["published"]) else pd.Timestamp(first["published"]).date(),
            "outlets": tuple(names.get(s, s) for s in sources),
            "source_ids": sources,
            "titles": tuple(t if isinstance(t, str) else "" for t in group["title"]),
            "article_ids": tuple(group["article_id"]),
            "story_rule": "+".join(r for r in ("text", "figures") if r in rules) or None,
        })
    if not out:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in STORY_SOURCES_COLUMNS})
    table = pd.DataFrame(out, columns=STORY_SOURCES_COLUMNS)
    table["sort_date"] = pd.to_datetime(table["first_date"])
    table = table.sort_values(["n_sources", "sort_date"], ascending=[False, False], na_position="last", kind="stable")
    return table.drop(columns="sort_date").reset_index(drop=True)


def _story_dated(arts: pd.DataFrame) -> np.ndarray:
    """Which articles take their date from their story (inferred, with the story's basis)."""
    if "published_origin" not in arts.columns or "published_basis" not in arts.columns:
        return np.zeros(len(arts), dtype=bool)
    return ((arts["published_origin"].astype(object) == "inferred") & arts["published_basis"].notna()).to_numpy()
