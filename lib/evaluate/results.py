"""What an evaluation gives: scores per kind, shares of qualifiers right, and the
findings (misses, false positives, wrong qualifiers) behind them."""
from __future__ import annotations

from dataclasses import dataclass, field

from lib.evaluate.gold import KINDS

QUALIFIERS = ("when", "period", "status", "outlet", "date")  # the qualifiers asked for, in report order
EXTRA_QUALIFIERS = ("actor", "cumulative", "event_month", "hedge", "day")


@dataclass
class KindScore:
    gold: int = 0
    gold_found: int = 0
    claims: int = 0
    claims_right: int = 0

    @property
    def precision(self) -> float:
        return self.claims_right / self.claims if self.claims else 1.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: KindScore) -> None:
        self.gold += other.gold
        self.gold_found += other.gold_found
        self.claims += other.claims
        self.claims_right += other.claims_right


@dataclass
class Share:
    right: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Finding:
    """A line of the --misses listing."""

    what: str  # "miss", "false positive", "wrong <qualifier>", "no article"
    kind: str
    file: str
    label: str
    evidence: str


@dataclass
class Report:
    kinds: dict[str, KindScore] = field(default_factory=dict)
    qualifiers: dict[str, Share] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    records: int = 0
    articles_found: int = 0

    @property
    def overall(self) -> KindScore:
        total = KindScore()
        for k in KINDS:
            total.add(self.kinds[k])
        return total

    def share(self, name: str) -> float:
        return self.qualifiers[name].share if name in self.qualifiers else 1.0
