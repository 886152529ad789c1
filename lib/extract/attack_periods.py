"""Where a count's period is told apart from the count (lib.extract.counts asks these after the
count's own sentence gave it none, or gave a span counted back from the publication date):

- the sentence just before tells the attacks the count then numbers, and their span ("كثفت خلايا
  تنظيم داعش خلال الـ24 ساعة الفائتة من هجماتها" then "ونفذ داعش 3 هجمات استهدفت ..."): the count
  covers that span;
- a tally "خلال الأسبوع" announced on a day before publication ("أعلن التنظيم يوم الجمعة الفائت
  مسؤوليته عن تنفيذ سبع هجمات خلال الأسبوع"): the week ends on the day of the announcement, not on
  the day of the page;
- a count over the current month or year ("خلال العام الجاري") is a running total up to the report,
  cumulative as "منذ مطلع العام" is, whether or not a publication date resolves it."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from lib import settings
from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.date_grammar import grammar, strip_conjunction
from lib.text.dates import DateRef
from lib.text.numbers import Quantity
from lib.text.textnorm import normalize_term

_SPAN_PRECISIONS = ("day", "week", "month")  # spans a lead-in tells of recent attacks ("خلال الـ24 ساعة الفائتة")
_COUNTED_BACK = ("day", "week")  # spans counted back from the publication date ("خلال أسبوع"، "خلال 48 ساعة")


def span_of_the_lead_in(article: Article, s: Sentence, kind: str,
                        tells_events: Callable[[Article, Sentence], bool] | None) -> DateRef | None:
    """The span the sentence just before gives, when that sentence tells what a count of `kind` counts
    (`tells_events` says so of it) over one span of days, weeks or a month, counts none itself, and this
    sentence tells no date of its own. None otherwise (and for a kind with no `tells_events`)."""
    # (a date of its own, even one that does not resolve, "خلال الشهر الماضي" in an undated page, is its own)
    if tells_events is None or s.index == 0 or article.tells_a_date(s):
        return None
    prev = article.sentences[s.index - 1]
    if not tells_events(article, prev) or any(index == prev.index for index, _, _ in article.counted.get(kind, [])):
        return None
    spans = [d for d in prev.dates if not d.since and d.precision in _SPAN_PRECISIONS and d.period_start < d.period_end]
    return spans[0] if len(spans) == 1 and len(prev.dates) == 1 else None


def ending_on_the_reported_day(article: Article, s: Sentence, ref: DateRef | None) -> DateRef | None:
    """A span counted back from the publication date ("خلال الأسبوع"، "خلال 48 ساعة"), in a sentence
    that says the tally was announced on an earlier day before it ("أعلن التنظيم يوم الجمعة الفائت"):
    the same length of time, ending on that day. Any other period as it is."""
    published = article.published
    if ref is None or ref.since or published is None or ref.period_end != published \
            or ref.precision not in _COUNTED_BACK or not ref.period_start < ref.period_end:
        return ref
    speech = article.lex.sets["speech_verbs"]
    days = [d for d in s.dates if d is not ref and not d.since and d.precision == "day" and d.end <= ref.start
            and d.period_start == d.period_end and ref.period_start <= d.period_start < published
            and speech.any_in(s, 0, s.token_at(d.start))]
    if not days:
        return ref
    day = days[-1].period_start
    return replace(ref, period_start=day - (published - ref.period_start), period_end=day)


def runs_to_the_report(article: Article, s: Sentence, ref: DateRef | None) -> bool:
    """Is `ref` the current month or year ("خلال العام الجاري"، "خلال تشرين الأول الجاري") up to the report
    (lib.extract.counts.up_to_the_report cut it at publication; a part of a count takes it so too): a running
    total, as "منذ مطلع الشهر" is. A cue of a span ("خلال"، "منذ") must open it: "وفي وقت سابق من العام
    الجاري" tells one earlier event. A part of the current period ("النصف الأول من الشهر الجاري") is a closed
    span; a week counted back ("خلال الأسبوع الماضي") no running total."""
    if ref is None or ref.since or article.published is None or ref.period_end != article.published \
            or not ref.period_start < ref.period_end:
        return False
    words = [normalize_term(w) for w in ref.text.split()]
    g = grammar()
    if g.current.isdisjoint(words) or not g.year_parts.keys().isdisjoint(words):
        return False
    if strip_conjunction(words[0]) in g.span_cues:  # "خلال تشرين الأول الجاري": the cue read with the month
        return True
    # (the sentence that tells it: the count's own, or the one a part of a count took it from)
    told = next((t for t in [s, *article.sentences] if any(d.start == ref.start and d.text == ref.text for d in t.dates)),
                None)
    return told is None or strip_conjunction(told.tok(told.token_at(ref.start) - 1)) in g.span_cues


def cue_in_clause(article: Article, s: Sentence, q: Quantity, cue_at: Callable[[int], bool], before_from: int,
                  reach: int) -> bool:
    """Is a cue of the count `q`'s period (`cue_at(k)`: at token k) told before it in its sentence from token
    `before_from` on, or after it within `reach` tokens, up to the end of its clause?"""
    breaks = article.lex.tokens["clause_breaks"]
    if any(cue_at(k) for k in range(before_from, q.first)):
        return True
    for k in range(q.last + 1, min(len(s.tokens), q.last + 1 + reach)):
        if s.tok(k) in breaks:
            return False
        if cue_at(k):
            return True
    return False


def current_in_clause(article: Article, s: Sentence, q: Quantity) -> bool:
    """With no publication date to resolve it, is the count `q` over the current month or year its clause
    tells: "خلال العام الجاري" before it in its clause, or after it up to the end of its clause ("262 عملية
    لتنظيم داعش خلال العام الجاري")? A cue of a span must open the phrase ("النصف الأول من الشهر الجاري" is a
    closed span); not the current year of a clause before ("بعد أن نفذ التنظيم 100 هجوم خلال العام الجاري،
    شن داعش 5 هجمات")."""
    g = grammar()

    def current_period_at(k: int) -> bool:
        return s.tok(k) in g.current and s.tok(k - 1) in g.period_units \
            and strip_conjunction(s.tok(k - 2)) in g.span_cues
    return cue_in_clause(article, s, q, current_period_at, article.clause_start(s, q.first, q.first),
                         settings.COUNT_SINCE_AFTER)


__all__ = ["cue_in_clause", "current_in_clause", "ending_on_the_reported_day", "runs_to_the_report", "span_of_the_lead_in"]
