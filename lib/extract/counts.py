"""Counts of events over a period — "130 هجمة" (attacks), "عشرات الضربات الجوية"
(strikes) — the rule the attack and strike kinds share; each passes its nouns
and what it adds (lib.extract.kinds.attacks, .strikes)."""
from __future__ import annotations

from typing import Any, Callable

from lib.extract.claims import claim, period_fields, range_fields
from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.numbers import Quantity

# (article, sentence, the figures, those already counting the noun) -> more figures that count
MoreHits = Callable[[Article, Sentence, list[Quantity], list[Quantity]], list[Quantity]]


def count_claims(article: Article, s: Sentence, kind: str, noun_key: str, dual_key: str,
                 more_hits: MoreHits | None = None, default_actor: str | None = None) -> list[dict[str, Any]]:
    """Claims of `kind` for the figures that count a `noun_key` noun (or are a
    `dual_key` dual noun, 2), each with the period it covers. `default_actor`: the
    actor when the sentence names none but the article names it."""
    # among all figures first: most sentences count nothing, and then their dates
    # (which set some figures aside) are never needed
    duals = _dual_counts(article, s, dual_key)
    if not duals and not _counted(article, s, s.all_quantities, noun_key, more_hits):
        return []
    hits = _counted(article, s, s.quantities, noun_key, more_hits) + duals
    if not hits:
        return []
    qs = sorted([q for q in s.quantities if not q.ordinal and not q.fraction] + duals, key=lambda q: q.first)
    actor, target = article.roles(s)
    if default_actor is not None and actor is None and default_actor in article.article_groups:
        actor = default_actor
    out = []
    for q in sorted(hits, key=lambda x: x.first):
        if _only_in_iraq(article, s, q.last + 1):
            continue  # "إضافة إلى غارتين في العراق"
        ref = article.period_for(s, q, qs)
        if ref is not None and ref.since:
            ref = article.since_end(s, ref)
        out.append(claim(kind, s, actor=actor, target=target, cumulative=bool(ref and ref.since),
                         **range_fields(q), **period_fields(ref)))
    return out


def _counted(article: Article, s: Sentence, quantities: list[Quantity], noun_key: str,
             more_hits: MoreHits | None) -> list[Quantity]:
    """The figures among `quantities` that count a `noun_key` noun, and those `more_hits` adds."""
    qs = [q for q in quantities if not q.ordinal and not q.fraction]
    hits = [q for q in qs if article.noun_after(s, q, noun_key) >= 0]
    if more_hits is not None:
        hits += more_hits(article, s, qs, hits)
    return hits


def _dual_counts(article: Article, s: Sentence, dual_key: str) -> list[Quantity]:
    """"شن التحالف غارتين جويتين": a dual noun is its own figure, 2."""
    if not article.names_dual(s, dual_key):
        return []  # before the phrase lookup, which would walk the sentence's tokens
    return [Quantity(2.0, 2.0, 2.0, "exact", a, b) for a, b in article.lex.sets[dual_key].find(s)]


def _only_in_iraq(article: Article, s: Sentence, after: int) -> bool:
    """Is the count, whose figure ends before token `after`, placed in Iraq alone
    ("غارة جوية في العراق", "بالعراق"; not "في العراق وسوريا", nor the group
    "المقاومة الإسلامية في العراق")?"""
    tokens = article.lex.tokens
    for k in range(after, min(after + 4, len(s.tokens))):
        t = s.tok(k)
        if t in tokens["in_iraq"] or (t in tokens["inside"] and s.tok(k + 1) in tokens["iraq"]):
            if article.in_group_name(s, k + 1):
                continue
            return not s.tok(k + 2).startswith(tokens["and_elsewhere_prefixes"])
    return False
