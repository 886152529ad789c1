"""Air strike counts by the coalition or the US: "شن التحالف 12 غارة جوية خلال الشهر
الماضي", "عشرات الضربات", "غارتين" — each with the period it covers (another power's
strikes are not counted)."""
from __future__ import annotations

from typing import Any

from lib.extract.context import Article
from lib.extract.counts import count_claims
from lib.extract.vocabulary import Gate
from lib.extract.sentence import Sentence

KIND = "strikes"
_OTHER_POWERS = frozenset({"Russia", "Turkey", "Israel", "Syrian government", "Iran-backed militias", "ISIS", "SDF",
                           "HTS", "Syrian security forces"})  # group names whose strikes are not counted
GATES = (Gate("strike", words=("strike_nouns", "strike_dual_nouns")),)


def applies(article: Article, s: Sentence) -> bool:
    # a figure, or a dual noun that is its own figure ("غارتين")
    return "strike" in s.gates and ("figure" in s.gates or article.names_dual(s, "strike_dual_nouns"))


def extract(article: Article, s: Sentence) -> list[dict[str, Any]]:
    # the strikes tracked are the coalition's and the US's: another power's are not
    out = count_claims(article, s, KIND, "strike_nouns", "strike_dual_nouns")
    return [c for c in out if c.get("actor") not in _OTHER_POWERS]
