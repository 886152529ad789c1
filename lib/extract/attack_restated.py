"""Attack counts across an article (the attacks kind's `consolidate`): a count told twice is one
item, and an article about Iraq alone gives none.

- A count in the heading or lead without a period ("قتل داعش 70 شخصاً في 6 هجمات"، "8 عمليات
  جديدة في سوريا") restated further on with its period ("منذ سقوط النظام في 8 من الشهر الجاري
  بلغت ست هجمات") is that count: the restatement is kept.
- The same figure, period and actor said again with "at least" ("4 هجمات جديدة خلال 24 ساعة" ...
  "4 مرات على الأقل في أقل من 24 ساعة") is one count: the first is kept.
- An article that names places in Iraq and none in Syria ("ثاني كمين ينفذه داعش على طريق كركوك")
  counts Iraq's attacks, which are not tracked."""
from __future__ import annotations

from typing import Any

from lib import settings
from lib.extract.context import Article
from lib.text.places import IRAQ, SYRIA, country_of

_HEDGES = frozenset({"at_least", "more_than", "approx"})  # a figure restated with a hedge is the same figure


def consolidate(article: Article, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The attack claims of the article that are counts of their own (see the module docstring)."""
    if _about_iraq_alone(article):
        return []
    starts = {s.start: s.index for s in article.sentences}
    out = []
    for n, c in enumerate(claims):
        index = starts.get(c["span_start"], 0)
        if c.get("period_start") is None and index < settings.LEAD_SENTENCES and any(
                _same_count(c, d) and d.get("period_start") is not None and d["span_start"] != c["span_start"]
                for d in claims):
            continue
        if c.get("qualifier") in _HEDGES and any(
                _same_count(c, d) and d.get("qualifier") == "exact" and d.get("period_start") == c.get("period_start")
                and d.get("period_end") == c.get("period_end") for d in claims[:n]):
            continue
        out.append(c)
    return out


def _same_count(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a is not b and a.get("value") is not None and a.get("value") == b.get("value") \
        and a.get("actor") == b.get("actor") and a.get("target") == b.get("target")


def _about_iraq_alone(article: Article) -> bool:
    """Does the article name places in Iraq and none in Syria (not counting a group's name, "المقاومة
    الإسلامية في العراق")?"""
    countries = {country_of(p.place_id) for s in article.sentences for p in s.places
                 if not article.in_group_name(s, s.token_at(p.start))}
    return IRAQ in countries and SYRIA not in countries
