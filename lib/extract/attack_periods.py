"""Where a count's period is told apart from the count (lib.extract.counts asks these after the
count's own sentence gave it none, or gave a span counted back from the publication date):

- the sentence just before tells the attacks the count then numbers, and their span ("كثفت خلايا
  تنظيم داعش خلال الـ24 ساعة الفائتة من هجماتها" then "ونفذ داعش 3 هجمات استهدفت ..."): the count
  covers that span;
- a tally "خلال الأسبوع" announced on a day before publication ("أعلن التنظيم يوم الجمعة الفائت
  مسؤوليته عن تنفيذ سبع هجمات خلال الأسبوع"): the week ends on the day of the announcement, not on
  the day of the page."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.dates import DateRef

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


__all__ = ["ending_on_the_reported_day", "span_of_the_lead_in"]
