"""Claims from article text: troop figures, attack and strike counts, base
status, incidents — each traced to its sentence.

The extractor is anchored on nouns: a figure becomes a claim only when it
counts something the product tracks (٢٠٠٠ *جندي*، 130 *هجمة*، عشرات *الضربات*،
3 *قواعد*) or is tied to such a figure by the sentence's grammar ("من 2000
جندي *إلى* 1400", "*إلى* النصف"). Years, days of the month, durations,
vehicles, prisoners and channel names therefore never become claims, without a
list of what to ignore. Words live in data/reference/lexicon.json.

Every sentence is normalised (lib.text.textnorm); it is tokenised, and its dates,
figures and places found, only when a kind's gate words occur in it, which
keeps ingest fast.

The package, in reading order:

- words       the lexicon file: word lists, single tokens, morphology
- matcher     PhraseSet, StemSet, PhraseIndex, GateScanner: finding words fast
- vocabulary  Lexicon (the lists compiled), Gate (what a kind waits for)
- sentence    Sentence: a sentence's tokens, figures, dates, places, on demand
- context     Article: an article's gated sentences, groups, roles, dates, periods
- claims      claim dicts and de-duplication
- counts      the counting rule that attacks and strikes share
- kinds/      one module per claim kind: troops, attacks, strikes, bases, incidents
- registry    the one list of kinds, and the lexicon for them
"""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

from lib.extract.claims import dedupe
from lib.extract.context import Article
from lib.extract.registry import kind_names, lexicon, plan

__all__ = ["ArticleExtractor", "extract_claims", "kind_names", "lexicon"]


class ArticleExtractor(Article):
    """An article read with the registered kinds' lexicon; run() gives its claims."""

    def __init__(self, text: str, published: date | None,
                 normalized: tuple[str, Callable[[int], int]] | None = None):
        """`normalized`: normalize_with_offsets(text) when the caller already has it."""
        super().__init__(text, published, lexicon(), normalized)

    def run(self) -> list[dict[str, Any]]:
        """Every registered kind's claims, sentence by sentence."""
        # A kind runs only where one of its gates is open: most sentences of a
        # story hold no claim, and the gate scan is far cheaper than tokenising them.
        claims: list[dict[str, Any]] = []
        kinds = plan()
        for s in self.sentences:
            gates = s.gates
            for kind, gate_names in kinds:
                if not gate_names.isdisjoint(gates) and kind.applies(self, s):
                    claims += kind.extract(self, s)
        claims = dedupe(claims)
        # a kind may keep one claim per subject across the article (bases: one per named site)
        for kind, _ in kinds:
            consolidate = getattr(kind, "consolidate", None)
            if consolidate is not None and any(c["kind"] == kind.KIND for c in claims):
                mine = consolidate(self, [c for c in claims if c["kind"] == kind.KIND])
                kept = {id(c) for c in mine}
                claims = [c for c in claims if c["kind"] != kind.KIND or id(c) in kept]
        return claims


def extract_claims(text: str, published: date | None,
                   normalized: tuple[str, Callable[[int], int]] | None = None) -> list[dict[str, Any]]:
    """All claims in an article's cleaned text, as dicts of claim-table columns
    (`normalized`: normalize_with_offsets(text), when the caller already has it)."""
    return ArticleExtractor(text, published, normalized).run()
