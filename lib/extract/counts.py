"""Counts of events over a period — "130 هجمة" (attacks), "عشرات الضربات الجوية"
(strikes) — the rule the attack and strike kinds share; each passes its nouns
and what it adds (lib.extract.kinds.attacks, .strikes).

A count's parts listed after it are counts of their own ("389 هجوماً في دير الزور،
و38 في حمص"، "بواقع 19 عملية في دير الزور، وواحدة في الحسكة"), over the same period.
A count with no period of its own takes the period of a larger count of its kind
in the two sentences before it (a breakdown of it: "خلال 2020 ... 593 هجوماً." then
"تركزت معظم الهجمات في دير الزور: 389 هجوماً"), or of "this period" the sentences
before name ("خلال هذه الفترة")."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from functools import lru_cache
from typing import Any, Callable, Iterator

from lib import settings
from lib.extract.claims import claim, period_fields, place_fields, range_fields
from lib.extract.attack_periods import (cue_in_clause, current_in_clause, ending_on_the_reported_day,
                                        runs_to_the_report, span_of_the_lead_in)
from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.dates import DateRef, states_its_end
from lib.reference import load_json
from lib.text.numbers import Quantity, qualifier_after, with_qualifier
from lib.text.places import SYRIA, country_of
from lib.text.textnorm import normalize_term, without_conjunction

# (article, sentence, the figures, those already counting the noun) -> more figures that count
MoreHits = Callable[[Article, Sentence, list[Quantity], list[Quantity]], list[Quantity]]

OUR_SIDE = ("US", "coalition")  # group names (lexicon "groups"): the side attacks on whom are not ISIS's by default
_WIDE_KINDS = frozenset({"country", "region"})  # places too wide to be the site a count hit


def count_claims(article: Article, s: Sentence, kind: str, noun_key: str, dual_key: str,
                 more_hits: MoreHits | None = None, default_actor: str | None = None,
                 tells_events: Callable[[Article, Sentence], bool] | None = None,
                 set_aside: Callable[[Article, Sentence, Quantity], bool] | None = None) -> list[dict[str, Any]]:
    """Claims of `kind` for the figures that count a `noun_key` noun (or are a
    `dual_key` dual noun, 2), each with the period it covers. `default_actor`: the
    actor when the sentence names none but the article names it. `tells_events`: does a
    sentence tell the events the count numbers (the span of one just before may be the count's)? `set_aside`:
    is a figure none of the kind's (attacks foiled)?"""
    # among all figures first: most sentences count nothing, and then their dates
    # (which set some figures aside) are never needed
    duals = _dual_counts(article, s, dual_key)
    if not duals and not _counted(article, s, s.all_quantities, noun_key, more_hits)[0]:
        return []
    hits, compared_months = _counted(article, s, s.quantities, noun_key, more_hits)
    hits += duals
    if not hits:
        return []
    hits += _breakdown(article, s, hits)
    qs = sorted([q for q in s.quantities if not q.ordinal and not q.fraction] + duals, key=lambda q: q.first)
    actor, target = article.roles(s)
    if default_actor is not None and actor is None and default_actor in article.article_groups \
            and target not in OUR_SIDE:
        actor = default_actor  # (attacks on US forces are not ISIS's unless it is named)
        target = None if target == actor else target
    out = []
    made: list[tuple[float | None, DateRef | None]] = []  # (figure, period) of each claim, for the sentences after
    total_ref: DateRef | None = None
    # (and the list that breaks such a count down, right after it: "توزعت على 11 عملية في كركوك ...")
    # (the place fronted holds up to the clause a contrast or a joined verb opens: "وفي العراق نفذ التنظيم
    # 10 عمليات، فيما تبنى 5 هجمات في دير الزور")
    elsewhere_to = _fronted_place_reach(article, s) if _placed_elsewhere_up_front(article, s) else (
        len(s.tokens) if s.index > 0 and article.lex.sets["distribution_leads"].match_at(s, 0) > 0
        and _placed_elsewhere_up_front(article, article.sentences[s.index - 1]) else -1)
    counts = [q for q in sorted(hits, key=lambda x: x.first)
              if not _only_in_iraq(article, s, q.last + 1) and not _in_another_country(article, s, q)
              and not (set_aside is not None and set_aside(article, s, q))
              and not (q.first < elsewhere_to and not _in_syria_after(article, s, q))]
    # (a list line placed elsewhere still passes its tally's period on to the next line, Syria's)
    made_elsewhere = [(q.value, article.period_for(s, q, qs) or _inherited_period(article, s, kind, q))
                      for q in hits if q.first < elsewhere_to and q not in counts]
    own = [article.period_for(s, q, qs) for q in counts]  # "إضافة إلى غارتين في العراق" left out above
    for at, q in enumerate(counts):
        hedge = qualifier_after(s.tokens, q.last + 2, window=2) if q.qualifier == "exact" else None
        if hedge:
            q = with_qualifier(q, hedge)  # "27 مرة على الأقل"
        ref = own[at]
        if ref is None:
            # "15 هجمة في الحسكة و10 في الرقة خلال الشهر الماضي": the period told after the list
            ref = next((r for r in own[at + 1:] if r is not None and r.start > s.tokens[q.last].end
                        and not article.compares_with(s, r.start, q)), None)
        if ref is None:
            ref = total_ref if total_ref is not None else _inherited_period(article, s, kind, q)
        elif total_ref is None:
            total_ref = ref  # the sentence's first period of its own holds for the parts after it
        if ref is None and not since_in_clause(article, s, q):
            # "خلال الـ24 ساعة الفائتة" of the sentence before, which tells the attacks this one counts
            ref = span_of_the_lead_in(article, s, kind, tells_events) or article.heading_year(s)  # "... في 2024" above it
        told = ref = ending_on_the_reported_day(article, s, ref)
        ref = up_to_the_report(article, s, ref)
        period = period_fields(ref)
        if ref is not None and ref.since and ref is told and article.published is None and not states_its_end(ref):
            period["period_end"] = None  # "منذ مطلع العام 2026" in an undated article: open-ended
        # ("خلال العام الجاري" up to the report is a running total too)
        cumulative = bool(ref and ref.since) or runs_to_the_report(article, s, ref)
        if ref is None and (since_in_clause(article, s, q) or current_in_clause(article, s, q)):
            # "38 هجوماً منذ 17 أكتوبر" with no year to resolve it, "منذ بدء معركة طوفان الأقصى" (an event
            # the text does not date): a running total all the same, over no period the text gives
            cumulative = True
        out.append(claim(kind, s, actor=actor, target=target, cumulative=cumulative,
                         **range_fields(q), **period))
        # (a figure compared with, "مقارنة بشهر يونيو (24)"، "مقابل 15 هجوماً في حزيران", is no total to break down)
        compared = compared_months.get((q.first, q.last))  # (asked by _counted already, for most figures)
        if compared is None:
            compared = _compared_month_figure(article, s, q)
        if not compared and s.tok(q.first - 1) not in article.lex.tokens["versus_words"]:
            made.append((q.value if q.value is not None else q.high, ref))
    if made_elsewhere:
        article.counted_elsewhere.setdefault(kind, []).append((s.index, made_elsewhere))
    if made:
        article.counted.setdefault(kind, []).append((s.index, made, actor))
        if out:
            out += _bulleted_parts(article, s, kind, out[0])
    return out


def _bulleted_parts(article: Article, s: Sentence, kind: str, total: dict[str, Any]) -> list[dict[str, Any]]:
    """"تم توثيق 55 هجوما ... توزعت على النحو التالي:" then lines "- 13 على قاعدة حقل العمر النفطي":
    each bulleted line right after a sentence that ends opening a list of where the count fell, whose
    figure is followed by where or whom it hit, is a part of the count, over its period."""
    tokens = article.lex.tokens
    if not s.tokens or s.tok(len(s.tokens) - 1) not in tokens["list_opens"] or \
            not article.lex.sets["distribution_leads"].any_in(s, 0, len(s.tokens)):
        return []
    keep = ("actor", "target", "cumulative", "period_start", "period_end", "date_precision")
    out = []
    for line in bulleted_lines(article, s.index + 1, 1,
                               min(len(article.sentences), s.index + 1 + settings.COUNT_LIST_LINES)):
        q = next((o for o in line.quantities if o.first == 1 and not o.ordinal and o.value is not None), None)
        after = line.tok(q.last + 1) if q is not None else ""
        if q is None or not (after in tokens["inside"] or after in tokens["breakdown_targets"]):
            break
        # the site the line names: where this part fell (and what tells equal parts apart: "- 10 على
        # قاعدة الشدادي"، "- 10 على قاعدة حقل كونيكو")
        site = next((p for p in line.places if line.token_at(p.start) > q.last), None)
        out.append(claim(kind, line, **{k: total.get(k) for k in keep}, **range_fields(q),
                         **(place_fields(site) if site is not None else {})))
    return out


def bulleted_lines(article: Article, start: int, step: int, stop: int) -> Iterator[Sentence]:
    """The bulleted lines ("- 13 على قاعدة حقل العمر") from sentence `start` on, one `step` at a time (1: down
    from the line that opens a list; -1: up from one of its lines), up to the sentence `stop` (not given),
    ending at the first line that is no bullet: the one walk of a list under a count (lib.extract.kinds.bases
    walks it up to the line that opens it)."""
    bullets = article.lex.tokens["list_bullets"]
    for k in range(start, stop, step):
        line = article.sentences[k]
        if line.tok(0) not in bullets:
            return
        yield line


def up_to_the_report(article: Article, s: Sentence, ref: DateRef | None, ordinal: bool = False) -> DateRef | None:
    """A count's period ends where the count was made: "since ..." at the day of the report
    (Article.since_end; an ordinal at the attack it numbers); "خلال العام الجاري" in June at
    publication, not the year ahead; a tally of the past week up to the report."""
    if ref is not None and ref.since:
        return article.since_end(s, ref, ordinal)
    if ref is not None and article.published is not None and \
            ref.period_start <= article.published < ref.period_end and _current_period(ref):
        return replace(ref, period_end=article.published)
    if ref is not None and article.published is not None and ref.precision == "week" \
            and ref.period_end == article.published - timedelta(days=1) \
            and ref.period_start == article.published - timedelta(weeks=1):
        # a tally of "الأسبوع الماضي" (the seven days before the report) counts up to the report,
        # as "خلال أسبوع" does: both end on the publication day
        return replace(ref, period_end=article.published)
    return ref


def since_in_clause(article: Article, s: Sentence, q: Quantity) -> bool:
    """Does a "منذ" open the period of the count `q`: anywhere before it in its sentence ("ومنذ تاريخ
    19 تشرين الأول، تم توثيق 55 هجوما") or a few tokens after it in its clause ("38 هجوما منذ 17 أكتوبر")?"""
    since = article.lex.tokens["since_words"]
    return cue_in_clause(article, s, q, lambda k: s.tok(k) in since, 0, settings.COUNT_SINCE_AFTER)


def _inherited_period(article: Article, s: Sentence, kind: str, q: Quantity) -> DateRef | None:
    """The period of a count with none of its own: "this period" of the sentences
    before, or a larger count's just before it (it is a breakdown of that one)."""
    tokens = article.lex.tokens
    this_period_reach = settings.COUNT_THIS_PERIOD_NEAR
    lo = max(0, q.first - this_period_reach)
    if any(s.tok(k) in tokens["this_period_words"] and s.tok(k + 1) in tokens["this_words"]
           or s.tok(k) in tokens["this_words"] and s.tok(k + 1) in tokens["this_period_words"]
           for k in range(lo, min(len(s.tokens), q.last + 1 + this_period_reach))):
        for back in range(1, settings.COUNT_THIS_PERIOD_BACK + 1):
            if s.index - back < 0:
                break
            prev = article.sentences[s.index - back]
            spans = [d for d in prev.dates if d.precision in ("month", "year") or d.since]
            if spans:
                return spans[-1]
    value = q.value if q.value is not None else q.high
    # a line of a list by place ("دير الزور: سجلت 157 عملية"، "129 عملية في محافظة دير الزور") may be
    # further from its total
    by_place = bool(s.places)
    back = settings.COUNT_LIST_BACK if by_place else settings.COUNT_LOOK_BACK
    # (Syria's counts and those placed elsewhere alike, in sentence order; Syria's first within a sentence)
    told = [(index, 1, made) for index, made, _ in article.counted.get(kind, [])] + \
        [(index, 0, made) for index, made in article.counted_elsewhere.get(kind, [])]
    for index, _, counted in sorted(told, key=lambda e: e[:2], reverse=True):
        if s.index - index > back:
            break
        if index == s.index:
            continue
        for total, ref in counted:
            if ref is not None and total is not None and value is not None and value < total:
                return ref
    return None


@lru_cache(maxsize=1)
def _current_words() -> frozenset[str]:
    """The words that make a period the current one ("الجاري"، "الحالي"، "هذا")."""
    cal = load_json("calendar.json")
    return frozenset(normalize_term(w) for w in cal["current_modifiers"] + cal["this"])


def _current_period(ref: DateRef) -> bool:
    """"خلال العام الجاري"، "هذا الشهر" (not a named span: "الأشهر التسعة الأولى من 2025")."""
    return not _current_words().isdisjoint(ref.text.split())


def recent_count(article: Article, s: Sentence, kind: str, back: int | None = None, actor: str | None = None) -> bool:
    """Was a count of `kind` (by `actor`, when given) made in this sentence or the `back` before it
    (settings.COUNT_LOOK_BACK when not given)?"""
    if back is None:
        back = settings.COUNT_LOOK_BACK
    for index, _, by in reversed(article.counted.get(kind, [])):
        if s.index - index > back:
            return False
        if actor is None or by == actor:
            return True
    return False


def actor_before(article: Article, s: Sentence, back: int) -> str | None:
    """The actor of the nearest of the `back` sentences before that names one, when this sentence names
    no group itself: a count naming no one is the events of the side just told of ("شنت مقاتلات التحالف
    غارات ..." then "وبلغ عدد الغارات 14 غارة"). The caller keeps it only when that side can do the events."""
    if article.groups_in(s):
        return None
    for k in range(s.index - 1, max(-1, s.index - 1 - back), -1):
        actor, _ = article.roles(article.sentences[k])
        if actor is not None:
            return actor
    return None


def _counted(article: Article, s: Sentence, quantities: list[Quantity], noun_key: str,
             more_hits: MoreHits | None) -> tuple[list[Quantity], dict[tuple[int, int], bool]]:
    """The figures among `quantities` that count a `noun_key` noun, and those `more_hits` adds; and, by
    (first, last) token, whether each figure asked is one in brackets after a month compared with."""
    tokens = article.lex.tokens
    uncounted = tokens["uncounted_vague"]
    qs = [q for q in quantities if not q.ordinal and not q.fraction and s.tok(q.first) not in uncounted
          and not _an_average(article, s, q)]
    hits = [q for q in qs if article.noun_after(s, q, noun_key) >= 0 and not _a_difference(article, s, q)]
    if more_hits is not None:
        hits += more_hits(article, s, qs, hits)
    compared: dict[tuple[int, int], bool] = {}
    if hits:
        # "42 هجمة ... مقارنة بشهر أبريل (40)": the month compared with, and its figure in brackets
        compared = {(q.first, q.last): _compared_month_figure(article, s, q) for q in qs}
        hits += [q for q in qs if compared[(q.first, q.last)] and q not in hits]
    return hits, compared


def _compared_month_figure(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is the figure in brackets right after a month that a comparison names ("مقارنة بشهر يونيو (24)")?
    It counts what the sentence's count counts, over that month."""
    # (the figure alone in its brackets: "(40 قتيلاً)" counts something else)
    if q.first < 2 or s.norm[s.tokens[q.first - 1].end:s.tokens[q.first].start].strip() != "(" \
            or not s.norm[s.tokens[q.last].end:].lstrip().startswith(")"):
        return False
    # (found with a stand-in date: with no publication date "بشهر يونيو" does not resolve, and is still a month)
    month = next((d for d in article.dates_in(s)
                  if s.token_at(max(d.start, d.end - 1)) == q.first - 1 and d.precision == "month"), None)
    if month is None:
        return False
    at = s.token_at(month.start)
    reach = settings.COUNT_COMPARED_MONTH_REACH
    return any(s.tok(k) in article.lex.tokens["comparison_leads"] for k in range(max(0, at - reach), at + 1))


def _a_difference(article: Article, s: Sentence, q: Quantity) -> bool:
    """"أكثر بواقع هجمتين مما كانت عليه"، "بزيادة 5 هجمات عن": by how much a count grew, not a count."""
    tokens = article.lex.tokens
    before, after = settings.COUNT_DIFFERENCE_BEFORE, settings.COUNT_DIFFERENCE_THAN_AFTER
    return any(s.tok(k) in tokens["difference_before"] for k in range(max(0, q.first - before), q.first)) and \
        any(s.tok(k) in tokens["than_words"] for k in range(q.last + 1, min(len(s.tokens), q.last + 1 + after)))


def _an_average(article: Article, s: Sentence, q: Quantity) -> bool:
    """"بمعدل 10 هجمات"، "10 هجمات أسبوعياً": a rate, not a count."""
    tokens = article.lex.tokens
    return s.tok(q.first - 1) in tokens["average_before"] or any(
        s.tok(k) in tokens["average_after"] for k in range(q.last + 1, q.last + 1 + settings.COUNT_AVERAGE_AFTER))


def _breakdown(article: Article, s: Sentence, hits: list[Quantity]) -> list[Quantity]:
    """The parts listed after a count, without a noun of their own: "و38 في حمص"،
    "و191 بعمليات اغتيال"، "وواحدة في الحسكة"، "بواقع 19 في دير الزور"."""
    tokens = article.lex.tokens
    first = min(q.first for q in hits)
    taken = {q.first for q in hits}
    out = []
    for q in s.quantities:
        if q.first <= first or q.first in taken or q.ordinal or q.fraction or q.value is None:
            continue
        lead, before, after = s.tok(q.first), s.tok(q.first - 1), s.tok(q.last + 1)
        # (or after a comma right after the count or part before it: "79 هجوماً في العراق، 125 في سوريا";
        # or set against it: "12 هجوماً في حمص، مقابل 9 في الرقة")
        earlier = [p for p in hits + out if p.last < q.first]
        listed = before in tokens["clause_marks"] and bool(earlier) and not any(
            earlier[-1].last < p.first < q.first for p in s.quantities)
        joined = lead.startswith(tokens["and_prefix"]) or before in tokens["and_prefix"] \
            or before in tokens["breakdown_leads"] or before in tokens["versus_words"] or listed \
            or article.lex.sets["in_addition_leads"].ends_before(s, q.first)  # "إضافة إلى اثنتين في الرقة"
        if joined and (after in tokens["inside"] or after in tokens["breakdown_targets"]
                       or after.startswith(tokens["breakdown_after_prefixes"])):
            out.append(q)  # "و38 في حمص"، "منها 35 ضد قسد"، "و191 بعمليات اغتيال"
        elif _after_a_listed_place(article, s, q):
            out.append(q)  # "دير الزور 120 هجوماً، والرقة 40، وحمص 22"
        elif article.lex.sets["of_them"].match_at(s, q.last + 1):  # "شن 200 هجوم، 150 منها في دير الزور"
            # (not a figure of a date, nor a year right after one: "الربع الأول"، "خلال شباط 2024، 25 منها")
            previous = [p for p in s.quantities if p.last < q.first and not p.ordinal
                        and not any(d.start <= s.tokens[k].start < d.end for d in s.dates
                                    for k in (p.first, max(0, p.first - 1)))]
            if previous and (previous[-1] in hits or previous[-1] in out):  # (or a part before it)
                out.append(q)
    taken |= {q.first for q in out}
    out += [q for q in listed_parts(article, s, first + 1) if q.first not in taken]
    return out


def listed_parts(article: Article, s: Sentence, start: int) -> list[Quantity]:
    """"وتوزعت الهجمات على المناطق التالية: (36 في دير الزور, 12 في الرقة, 10 حمص, 4الحسكة)"،
    "توزعت على النحو التالي: 4 على قاعدة التنف، و5 على قاعدة حقل العمر": after a word of
    distribution (from token `start`) and the colon opening its list, each figure that opens an
    item of the list (after the colon, a comma or "و") and is followed by where or whom it hit,
    or by a one-word label closing the item, is a part."""
    tokens = article.lex.tokens
    leads = article.lex.sets["distribution_leads"]
    lead = next((k for k in range(start, len(s.tokens)) if leads.match_at(s, k)), None)
    if lead is None:
        return []
    colon = next((k for k in range(lead + 1, min(len(s.tokens), lead + settings.COUNT_LIST_INTRO))
                  if s.tok(k) in tokens["list_opens"]), None)
    if colon is None:
        return []
    opens = tokens["clause_marks"] + tokens["and_prefix"]
    placed = {s.token_at(p.start) for p in s.places}
    out = []
    for q in s.quantities:
        if q.first <= colon or q.ordinal or q.fraction or q.value is None or s.tok(q.first - 1) not in opens:
            continue
        after, then = s.tok(q.last + 1), s.tok(q.last + 2)
        labelled = bool(after) and (not then or then in tokens["clause_breaks"] or then in tokens["and_prefix"])
        if (after in tokens["inside"] or after in tokens["breakdown_targets"] or q.last + 1 in placed
                or after.startswith(tokens["breakdown_after_prefixes"]) or labelled):
            out.append(q)
    return out


def _after_a_listed_place(article: Article, s: Sentence, q: Quantity) -> bool:
    """"والرقة 40،": the figure right after a place joined to a list by "و" or a comma, and
    nothing but the end of its clause after it."""
    tokens = article.lex.tokens
    place = next((p for p in s.places if s.token_at(max(p.start, p.end - 1)) == q.first - 1), None)
    if place is None:
        return False
    first = s.token_at(place.start)
    joined = s.tok(first).startswith(tokens["and_prefix"]) or s.tok(first - 1) in tokens["clause_marks"]
    after = s.tok(q.last + 1)
    return joined and (not after or after in tokens["clause_breaks"])


def _dual_counts(article: Article, s: Sentence, dual_key: str) -> list[Quantity]:
    """"شن التحالف غارتين جويتين": a dual noun is its own figure, 2."""
    if not article.names_dual(s, dual_key):
        return []  # before the phrase lookup, which would walk the sentence's tokens
    # ("هجومين أو أكثر يومياً": a rate, as for a figure)
    duals = [Quantity(2.0, 2.0, 2.0, "exact", a, b) for a, b in article.lex.sets[dual_key].find(s)]
    return [q for q in duals if not _an_average(article, s, q) and not _a_difference(article, s, q)]


def _only_in_iraq(article: Article, s: Sentence, after: int) -> bool:
    """Is the count, whose figure ends before token `after`, placed in Iraq alone
    ("غارة جوية في العراق", "بالعراق"; not "في العراق وسوريا", nor the group
    "المقاومة الإسلامية في العراق")?"""
    tokens = article.lex.tokens
    # "هجمتين على قاعدة عين الأسد": the site hit, named right after the count, lies in another country
    # (and no Syrian site or place is named there with it)
    near = [country_of(p.place_id) for p in s.places
            if after <= s.token_at(p.start) < after + settings.COUNT_SITE_AFTER and p.kind not in _WIDE_KINDS]
    if near and None not in near and SYRIA not in near:
        return True
    # ("27 هجوماً وقع على القوات الأمريكية في العراق": the side hit may come between, in the clause)
    figures = {o.first for o in s.quantities}
    for k in range(after, min(after + settings.COUNT_PLACE_AFTER, len(s.tokens))):
        t = s.tok(k)
        if t in tokens["clause_breaks"] or k in figures:
            break
        if t in tokens["in_iraq"] or (t in tokens["inside"] and s.tok(k + 1) in tokens["iraq"]):
            if article.in_group_name(s, k + 1):
                continue
            return not s.tok(k + 2).startswith(tokens["and_elsewhere_prefixes"])
    return False



def _in_another_country(article: Article, s: Sentence, q: Quantity) -> bool:
    """"واثنين في الأردن"، "40 هجوماً في أفريقيا"، "حول العالم": a count placed, right after its figure
    (and its noun), in a country or a part of the world other than Syria alone (not "في الأردن وسوريا")."""
    tokens = article.lex.tokens
    for k in range(q.last + 1, min(q.last + 1 + settings.COUNT_ELSEWHERE_AFTER, len(s.tokens))):
        if (s.tok(k) in tokens["inside"] or s.tok(k) in tokens["around_words"]) \
                and s.tok(k + 1) in tokens["elsewhere_places"]:
            return not s.tok(k + 2).startswith(tokens["and_elsewhere_prefixes"])
    for p in s.places:
        at = s.token_at(p.start)
        if p.kind == "country" and p.place_id != SYRIA and (
                at == q.last + 1 or (at == q.last + 2 and s.tok(q.last + 1) in tokens["inside"])):
            end = s.token_at(max(p.start, p.end - 1))
            return not s.tok(end + 1).startswith(tokens["and_elsewhere_prefixes"])
    return False


def _placed_elsewhere_up_front(article: Article, s: Sentence) -> bool:
    """Does the sentence open by placing what it tells outside Syria: "وفي العراق، نفذ التنظيم نحو 15
    عملية"، "وفي العراق المجاور لسوريا ... 1127 هجوماً" (a place fronted with "في"), or a list line
    labelled with one, "• (ولاية العراق): 33 في 17 عملية"، "• إيران (ولاية خراسان): 76 شخصاً في 14 عملية"?
    Not "وفي العراق وسوريا"."""
    tokens = article.lex.tokens
    words = [k for k in range(min(len(s.tokens), settings.COUNT_LABEL_TOKENS)) if any(c.isalpha() for c in s.tok(k))]
    if not words:
        return False
    first = words[0]
    lead = s.tok(first)
    if without_conjunction(lead, tokens["and_prefix"]) in tokens["inside"] and first + 1 < len(s.tokens):  # "في"، "وفي"
        return _elsewhere_at(article, s, first + 1)
    # a label: a colon among the first tokens, a place outside Syria before it, none in Syria
    colon = next((k for k in range(min(len(s.tokens), settings.COUNT_LABEL_TOKENS)) if s.tok(k) == ":"), None)
    if colon is None:
        colon = next((k for k in words if s.norm[s.tokens[k].end:s.tokens[k].end + 2].lstrip(")").startswith(":")), None)
        colon = colon + 1 if colon is not None else None
    if colon is None:
        return False
    places = [k for k in range(colon) if _elsewhere_at(article, s, k, check_and=False)]
    syria = any(p.place_id == SYRIA and s.token_at(p.start) < colon for p in s.places)
    return bool(places) and not syria


def _elsewhere_at(article: Article, s: Sentence, k: int, check_and: bool = True) -> bool:
    """Does token `k` name a country or part of the world other than Syria ("العراق"، "أفريقيا"،
    "إيران"), not joined to Syria after it ("العراق وسوريا")?"""
    tokens = article.lex.tokens
    word = s.tok(k)
    named = word in tokens["iraq"] or word in tokens["elsewhere_places"] or any(
        p.kind == "country" and p.place_id != SYRIA and s.token_at(p.start) == k for p in s.places)
    if not named:
        return False
    return not check_and or not s.tok(k + 1).startswith(tokens["and_elsewhere_prefixes"])


def _in_syria_after(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is the count placed in Syria right after it ("15 عملية في سوريا"، "5 هجمات في دير الزور")?"""
    return any((p.place_id == SYRIA or country_of(p.place_id) == SYRIA)
               and q.last < s.token_at(p.start) <= q.last + settings.COUNT_ELSEWHERE_AFTER for p in s.places)


def _fronted_place_reach(article: Article, s: Sentence) -> int:
    """The token where the reach of a place fronted at the sentence's start ends: a contrast word
    ("، فيما تبنى 5 هجمات") or a clause mark before a joined word that is no figure ("نشاطه، وتبنى"),
    after the place's own words; the sentence's end when there is none ("وفي العراق، نفذ التنظيم نحو
    15 عملية، 9 منها")."""
    tokens = article.lex.tokens
    figures = {q.first for q in s.quantities}
    contrasts = article.lex.sets["contrast_words"].starts(s)
    for k in range(2, len(s.tokens)):
        joined = s.tok(k + 1).startswith(tokens["and_prefix"])
        figure = k + 1 in figures or (s.tok(k + 1) in tokens["and_prefix"] and k + 2 in figures)  # "، و12"
        if k in contrasts or (s.tok(k) in tokens["clause_marks"] and joined and not figure):
            return k
    return len(s.tokens)
