"""Attack counts: "130 هجمة منذ مطلع العام", "نفذت خلايا داعش 87 عملية", "ارتفع عدد
الهجمات إلى 130", "هجومين"; and running counts told by an ordinal, "الهجوم هو
العاشر من نوعه منذ مطلع الشهر"."""
from __future__ import annotations

from typing import Any

from lib.extract.claims import claim, period_fields
from lib.extract.context import Article
from lib.extract.counts import count_claims
from lib.extract.vocabulary import Gate
from lib.extract.sentence import Sentence
from lib.text.numbers import Quantity

KIND = "attacks"
GATES = (Gate("attack", stems=("attack_stems",)), Gate("isis_ops", words=("isis_attack_nouns",)))

_ISIS = "ISIS"  # its group name (lexicon "groups"): its "operations" are attacks


def applies(article: Article, s: Sentence) -> bool:
    gates = s.gates
    if not ("attack" in gates or ("isis_ops" in gates and "group:" + _ISIS in gates)):
        return False
    # a figure, or a dual noun that is its own figure ("هجومين")
    return "figure" in gates or article.names_dual(s, "attack_dual_nouns")


def extract(article: Article, s: Sentence) -> list[dict[str, Any]]:
    out = count_claims(article, s, KIND, "attack_nouns", "attack_dual_nouns",
                       more_hits=_more_hits, default_actor=_ISIS)
    if "figure" in s.gates:
        out += ordinal_attacks(article, s)
    return out


def _more_hits(article: Article, s: Sentence, qs: list[Quantity], hits: list[Quantity]) -> list[Quantity]:
    """Figures that count attacks without an attack noun after them."""
    more: list[Quantity] = []
    if "group:" + _ISIS in s.gates:
        # monitors count ISIS "operations": "نفذت خلايا داعش 87 عملية"; operations
        # against it ("3 عمليات إنزال ضد خلايا داعش") are not its attacks
        operations = [q for q in qs if q not in hits and article.noun_after(s, q, "isis_attack_nouns") >= 0]
        if operations and article.roles(s)[0] == _ISIS:
            more += operations
    # "ارتفع عدد الهجمات إلى 130"
    tokens, attack = article.lex.tokens, article.lex.sets["attack_nouns"]
    found = hits + more
    more += [q for q in qs if q not in found and s.tok(q.first - 1) in tokens["count_reached"]
             and any(s.tok(k) in tokens["number_of"] and attack.match_at(s, k + 1)
                     for k in range(max(0, q.first - 10), q.first))]
    return more


def ordinal_attacks(article: Article, s: Sentence) -> list[dict[str, Any]]:
    """"الهجوم هو العاشر من نوعه منذ مطلع الشهر": a running count."""
    attack = article.lex.sets["attack_nouns"]
    tokens = article.lex.tokens
    if not any(q.ordinal and q.value is not None and q.value >= 2 for q in s.all_quantities):
        return []  # before the dates are needed
    out = []
    for q in s.quantities:
        if not q.ordinal or q.value is None or q.value < 2:
            continue
        nearby = range(max(0, q.first - 8), min(len(s.tokens), q.last + 4))
        of_its_kind = (s.tok(q.last + 1) in tokens["from"]
                       and s.tok(q.last + 2).startswith(tokens["of_its_kind_prefixes"]))
        if not (of_its_kind or any(attack.match_at(s, k) for k in range(q.last + 1, q.last + 3))):
            continue
        if not any(attack.match_at(s, k) for k in nearby):
            continue
        ref = article.period_for(s, q, [])
        if ref is not None and ref.since:
            ref = article.since_end(s, ref)
        actor, target = article.roles(s)
        if actor is None and _ISIS in article.article_groups:
            actor = _ISIS
        out.append(claim(KIND, s, value=q.value, low=q.value, high=q.value, qualifier="exact",
                         actor=actor, target=target, cumulative=True, **period_fields(ref)))
    return out
