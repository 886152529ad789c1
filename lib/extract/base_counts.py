"""Counts of bases and what happened to them: "أغلقت 3 قواعد من أصل 8" (3 closed, of
8), a dual noun as its own figure ("انسحبت من قاعدتين"), "قاعدة واحدة", and the
breakdowns listed after a count ("9 قواعد ... واثنتان في ريف دير الزور و6 في الحسكة")."""
from __future__ import annotations

from typing import Any

from lib import settings
from lib.extract.base_sites import BASE_KINDS, sites_listed_after
from lib.extract.base_status import DESCRIPTIVE, Status, pick_status, plan_cue_starts
from lib.extract.claims import claim, period_fields, range_fields
from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.dates import DateRef
from lib.text.numbers import Quantity, qualifier_after, with_qualifier
from lib.text.textnorm import article_forms

_DEFINITE_PREFIXES = tuple(article_forms())  # "ال" of "إحدى القواعد"


def base_counts(kind: str, article: Article, s: Sentence, statuses: list[Status],
                date_ref: DateRef | None) -> list[dict[str, Any]]:
    """The counts of bases of the sentence as claims of `kind` (the caller's: shared code names no
    kind), each with the status governing its figure."""
    lex = article.lex
    of_total = lex.sets["of_total"]
    nouns = lex.base_count_nouns
    found: list[tuple[Quantity, int]] = []  # (figure, index of its noun)
    for q in s.quantities:
        if q.ordinal or q.fraction or q.value is None:
            continue
        if of_total.ends_before(s, q.first):
            continue  # the 8 of "من أصل 8" is the total, not a count
        if len(sites_listed_after(article, s, q)[1]) >= (q.value or 0):
            continue  # "3 نقاط انسحبت منها ... وهي صرين وعين عيسى وسعيدية": those sites, not more bases
        if q.value == 1 and s.tok(q.last + 1).startswith(_DEFINITE_PREFIXES):
            continue  # "بإحدى القواعد الأمريكية": one of the bases, a site, not a count of one
        if s.tok(q.last + 1) in nouns:
            found.append((q, q.last + 1))
        elif of_total.match_at(s, q.last + 1):
            # "إغلاق ثلاث من أصل ثماني قواعد": the noun after the total
            k = q.last + 1 + of_total.match_at(s, q.last + 1)
            total = next((o for o in s.quantities if o.first == k), None)
            if total is not None and s.tok(total.last + 1) in nouns:
                found.append((q, q.last))
        elif s.tok(q.first - 1) in nouns and nouns[s.tok(q.first - 1)] == 1:
            found.append((q, q.first - 1))  # "قاعدة واحدة"
        elif s.tok(q.last + 1) in lex.tokens["from"] and nouns.get(s.tok(q.last + 2), 0) is None:
            found.append((q, q.last + 2))  # "إغلاق ثلاثة من القواعد الثمانية"، "ثلاثة من قواعدها"
    taken = {n for _, n in found} | {q.first for q, _ in found} | {q.first - 1 for q, _ in found}
    named = lex.tokens["before_named_bases"]
    # a dual noun of two bases named here or next counts them only for a change ("بعد إغلاق قاعدتين
    # عسكريتين" before the two closed or handed over); "تعرضت قاعدتين لهجمات" then "حقل العمر وحقل
    # كونيكو" counts nothing
    duals_of_named = set()
    two_named = _two_bases_named_here(article, s)
    for i, t in enumerate(s.tokens):  # a dual noun is its own figure: "قاعدتين" (not "أهم قاعدتين": named ones)
        if nouns.get(t.text) == 2 and i not in taken and s.tok(i - 1) not in named:
            found.append((Quantity(2.0, 2.0, 2.0, "exact", i, i), i))
            if two_named:
                duals_of_named.add(i)
    found.sort(key=lambda f: f[0].first)
    found = _without_totals(article, s, found)
    found += _breakdown(article, s, found)
    out = []
    for q, noun_idx in sorted(found, key=lambda f: f[0].first):
        end = max(noun_idx, q.last) + 1
        total = None
        n = of_total.match_at(s, end) if end < len(s.tokens) else 0
        if n:
            totals = [o for o in s.quantities if o.first == end + n]
            total = totals[0].value if totals else None
        elif s.tok(end) in lex.tokens["from"]:  # "قاعدة واحدة من ثماني قواعد"
            totals = [o for o in s.quantities if o.first == end + 1 and s.tok(o.last + 1) in nouns]
            total = totals[0].value if totals else None
        after = qualifier_after(s.tokens, end, window=3)
        if after and q.qualifier == "exact":
            q = with_qualifier(q, after)
        owners = article.lex.sets["foreign_base_owners"]
        if owners.any_in(s, noun_idx + 1, noun_idx + 1 + settings.BASE_COUNT_OWNER_REACH):
            continue  # "قاعدتين كبيرتين للقوات الروسية": another country's bases
        cut = _cut_from_to(article, s, q, noun_idx, found)
        picked = cut or pick_status(article, s, statuses, q.first)
        if article.lex.sets["base_added_to"].ends_before(s, q.first):
            picked = ("active", False)  # "قاعدة جديدة تضاف إلى 17 قاعدة": the bases it joins are in use
        if picked is not None and picked[0] == "active" and _bases_hit(article, s, q):
            continue  # "هاجم مجاهدونا ... أربع قواعد للأعداء": how many an attack hit, not how many there are
        if picked is not None and not (q.first in duals_of_named and picked[0] in DESCRIPTIVE | {"mentioned"}):
            status, planned = picked
            out.append(claim(kind, s, status=status, when="planned" if planned else None, of_total=total,
                             geo_precision=None, **range_fields(q), **period_fields(date_ref)))
    return out


def _cut_from_to(article: Article, s: Sentence, q: Quantity, noun_idx: int,
                 found: list[tuple[Quantity, int]]) -> tuple[str, bool] | None:
    """A count of bases in a cut "from X to Y" ("تقليص عدد القواعد من ثماني قواعد إلى قاعدة واحدة"):
    X is the bases in use now (active), Y those to be kept (active, planned unless the cut is told
    done: "قلصت"); as the troops' "من 2000 إلى 1400". None for any other count."""
    tokens, sets = article.lex.tokens, article.lex.sets
    spans = sorted((min(f.first, n), max(f.last, n)) for f, n in found)  # each count with its noun
    first, last = min(q.first, noun_idx), max(q.last, noun_idx)
    after = [a for a, b in spans if a == last + 2 and s.tok(last + 1) in tokens["to"]]
    before = [a for a, b in spans if b == first - 2 and s.tok(first - 1) in tokens["to"]]
    x = first if after else before[0] if before else None
    if x is None or s.tok(x - 1) not in tokens["from"]:
        return None
    lo = article.clause_start(s, x, settings.BASE_CUT_REACH)
    verbs = [k for k in sets["change_verbs"].starts(s) if lo <= k < x]
    if not verbs:
        return None
    if after:
        return "active", False  # the X of "من X إلى Y"
    v = verbs[-1]
    lo = article.clause_start(s, v, settings.BASE_CUT_REACH)
    intent = any(lo <= k < v for k in plan_cue_starts(article, s))
    return "active", intent or not sets["completed_change"].any_in(s, v, v + 2)  # "تعتزم خفض"، not "قلصت"


def _two_bases_named_here(article: Article, s: Sentence) -> bool:
    """Are two bases named in this sentence or the next ("تعرضت قاعدتين ... لهجمات." then "طال
    قاعدتيه في حقل العمر وحقل كونيكو")? Then "قاعدتين" refers to them and counts nothing."""
    ids = {p.place_id for p in s.places if p.kind in BASE_KINDS}
    if s.index + 1 < len(article.sentences):
        ids |= {p.place_id for p in article.sentences[s.index + 1].places if p.kind in BASE_KINDS}
    return len(ids) >= 2


def _without_totals(article: Article, s: Sentence, found: list[tuple[Quantity, int]]) -> list[tuple[Quantity, int]]:
    """Drop the M of "N قواعد من M قواعد" / "قاعدة واحدة من ثماني قواعد": a total, not a count."""
    frm = article.lex.tokens["from"]
    ends = {max(n, q.last) + 1 for q, n in found}
    return [(q, n) for q, n in found if not (s.tok(q.first - 1) in frm and q.first - 1 in ends)]


def _breakdown(article: Article, s: Sentence, found: list[tuple[Quantity, int]]) -> list[tuple[Quantity, int]]:
    """The parts of a count of bases listed after it: "تنتشر 9 قواعد، ... واثنتان في ريف
    دير الزور و6 في الحسكة" (a figure after "و", then "في", and no noun of its own)."""
    if not found:
        return []
    tokens = article.lex.tokens
    first = found[0][0]
    taken = {q.first for q, _ in found}
    out: list[tuple[Quantity, int]] = []
    for q in s.quantities:
        if q.first <= first.last or q.first in taken or q.ordinal or q.fraction or q.value is None:
            continue
        lead = s.tok(q.first)
        joined = (lead.startswith(tokens["and_prefix"]) or s.tok(q.first - 1) in tokens["and_prefix"]
                  or s.tok(q.first - 1) in tokens["breakdown_leads"])
        if joined and s.tok(q.last + 1) in tokens["inside"]:
            out.append((q, q.last))
    return out


def _bases_hit(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is the count of bases the object of a verb of attack told shortly before it ("هاجمت المقاومة
    بالمسيرات ثلاث قواعد"، "استهدفت الصواريخ قاعدتين"), with no base named and no full clause
    between: the bases an attack hit, not a count of bases in use?"""
    verbs = [k for k in article.lex.sets["attack_verbs"].starts(s) if q.first - settings.BASE_COUNT_HIT_REACH <= k
             < q.first]
    if not verbs:
        return False
    v = max(verbs)
    between = any(v < s.token_at(p.start) < q.first for p in s.places if p.kind in BASE_KINDS)
    return not between and not article.lex.sets["contrast_words"].any_in(s, v + 1, q.first)

