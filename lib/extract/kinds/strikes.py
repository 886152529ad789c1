"""Air strike counts by the coalition or the US: "شن التحالف 12 غارة جوية خلال الشهر
الماضي", "عشرات الضربات", "غارتين" — each with the period it covers (another power's
strikes are not counted)."""
from __future__ import annotations

from datetime import date
from typing import Any

from lib import settings
from lib.extract.context import Article
from lib.extract.counts import actor_before, count_claims
from lib.extract.vocabulary import Gate
from lib.extract.sentence import Sentence

KIND = "strikes"
_OTHER_POWERS = frozenset({"Russia", "Turkey", "Israel", "Syrian government", "Iran-backed militias", "ISIS", "SDF",
                           "HTS", "Syrian security forces"})  # group names whose strikes are not counted
_AIR_FORCES = frozenset({"US", "coalition", "Russia", "Turkey", "Israel", "Syrian government"})  # sides that strike
GATES = (Gate("strike", words=("strike_nouns", "strike_dual_nouns")),)


def applies(article: Article, s: Sentence) -> bool:
    # a figure, or a dual noun that is its own figure ("غارتين")
    return "strike" in s.gates and ("figure" in s.gates or article.names_dual(s, "strike_dual_nouns"))


def extract(article: Article, s: Sentence) -> list[dict[str, Any]]:
    # the strikes tracked are the coalition's and the US's: another power's are not
    out = count_claims(article, s, KIND, "strike_nouns", "strike_dual_nouns")
    # "شنت مقاتلات التحالف غارات على مواقع لداعش." then "وبلغ عدد الغارات منذ بداية الشهر 14 غارة": a
    # count naming no one is the strikes of the side the sentences just before name
    if any(c.get("actor") is None for c in out):
        before = actor_before(article, s, settings.STRIKE_ACTOR_BACK)
        before = before if before in _AIR_FORCES else None  # (a group with no aircraft strikes no one)
        for c in out:
            c["actor"] = c.get("actor") or before
    # "تعرضت لأربع غارات جوية" in a report of a raid ("أعلنت وزارة الدفاع اليوم الاثنين أن الجيش شن هجمات
    # جوية"): strikes told with no period of their own fell on the day the report dates (not a running
    # total "منذ بدء العملية", which counts since a start the text does not date)
    if any(c.get("period_start") is None for c in out):
        day = _day_of_the_raid(article, s)
        if day is not None:
            for c in out:
                if c.get("period_start") is None and c.get("period_end") is None and not c.get("cumulative"):
                    c.update(period_start=day, period_end=day, date_precision="day")
    return [c for c in out if c.get("actor") not in _OTHER_POWERS]


def _day_of_the_raid(article: Article, s: Sentence) -> date | None:
    """The latest single day (within `settings.STRIKE_RAID_DAYS` before publication) that this sentence, the one
    before or the article's lead dates, in a dated article; None when none does."""
    if article.published is None:
        return None
    pool = list(s.dates)
    for k in sorted({s.index - 1, *range(min(settings.LEAD_SENTENCES, s.index))}):
        if 0 <= k < s.index:
            pool += article.sentences[k].dates
    days = [d.period_start for d in pool if d.precision == "day" and not d.since and d.period_start == d.period_end
            and 0 <= (article.published - d.period_start).days <= settings.STRIKE_RAID_DAYS]
    return max(days, default=None)

