"""Bases and fields and what happened to them: "انسحبت القوات الأمريكية من قاعدة
الشدادي" (withdrawn), "تعزيز قاعدة حقل العمر" (reinforced), a named base with no
status word (mentioned); and counts of bases, "أغلقت 3 قواعد من أصل 8"."""
from __future__ import annotations

from typing import Any

from lib.extract.claims import claim, period_fields, place_fields, range_fields
from lib.extract.context import Article
from lib.extract.vocabulary import Gate
from lib.extract.sentence import Sentence
from lib.text.dates import DateRef
from lib.text.numbers import Quantity, qualifier_after, with_qualifier

KIND = "base_status"
BASE_KINDS = frozenset({"base", "oil_field", "gas_field"})  # gazetteer kinds that can have a base status
# the gazetteer's base names open the gate too ("التنف" is a base without the word قاعدة)
GATES = (Gate("base", words=("base_words",), place_kinds=BASE_KINDS),)


def applies(article: Article, s: Sentence) -> bool:
    return "base" in s.gates


def extract(article: Article, s: Sentence) -> list[dict[str, Any]]:
    places = [p for p in s.places if p.kind in BASE_KINDS]
    if not places and "figure" not in s.gates:
        return []  # no named base and no count of bases
    statuses = _statuses(article, s)
    out = []
    date_ref = None
    if places or statuses:
        refs = article.date_context(s, inherit=True)
        date_ref = refs[0] if refs else None
    for p in places:
        at = s.token_at(p.start)
        status = _pick_status(article, s, statuses, at) or "mentioned"
        out.append(claim(KIND, s, status=status, **place_fields(p), **period_fields(date_ref)))
    # "أغلقت 3 قواعد من أصل 8"، "قاعدتين من أصل خمس"، "الإبقاء على قاعدة واحدة على الأقل"
    if statuses:
        out += _base_counts(article, s, statuses, date_ref)
    return out


def _base_counts(article: Article, s: Sentence, statuses: list[tuple[int, str, bool]],
                 date_ref: DateRef | None) -> list[dict[str, Any]]:
    of_total = article.lex.sets["of_total"]
    nouns = article.lex.base_count_nouns
    found: list[tuple[Quantity, int]] = []  # (figure, index of its noun)
    for q in s.quantities:
        if q.ordinal or q.fraction or q.value is None:
            continue
        if any(of_total.match_at(s, k) and k + of_total.match_at(s, k) == q.first
               for k in range(max(0, q.first - 3), q.first)):
            continue  # the 8 of "من أصل 8" is the total, not a count
        if s.tok(q.last + 1) in nouns:
            found.append((q, q.last + 1))
        elif s.tok(q.first - 1) in nouns and nouns[s.tok(q.first - 1)] == 1:
            found.append((q, q.first - 1))  # "قاعدة واحدة"
    taken = {n for _, n in found} | {q.first for q, _ in found} | {q.first - 1 for q, _ in found}
    for i, t in enumerate(s.tokens):  # a dual noun is its own figure: "قاعدتين"
        if nouns.get(t.text) == 2 and i not in taken:
            found.append((Quantity(2.0, 2.0, 2.0, "exact", i, i), i))
    out = []
    for q, noun_idx in sorted(found, key=lambda f: f[0].first):
        end = max(noun_idx, q.last) + 1
        total = None
        n = of_total.match_at(s, end) if end < len(s.tokens) else 0
        if n:
            totals = [o for o in s.quantities if o.first == end + n]
            total = totals[0].value if totals else None
        after = qualifier_after(s.tokens, end, window=3)
        if after and q.qualifier == "exact":
            q = with_qualifier(q, after)
        status = _pick_status(article, s, statuses, q.first)
        if status is not None:
            out.append(claim(KIND, s, status=status, of_total=total, geo_precision=None,
                             **range_fields(q), **period_fields(date_ref)))
    return out


def _statuses(article: Article, s: Sentence) -> list[tuple[int, str, bool]]:
    """(token index, status, negated) for every status verb in the sentence."""
    lex = article.lex
    out: list[tuple[int, str, bool]] = []
    sets = lex.sets
    if not lex.any_status.any_in(s) and not sets["convoy_nouns"].any_in(s):
        return out  # one search instead of one per status
    # a convoy reinforces a base only when it arrives ("دخل رتل ... إلى قاعدة");
    # one leaving it ("خرج رتل من قاعدة") says nothing of the base's state
    for a, _ in sets["convoy_nouns"].find(s):
        arrival = [k for k in range(max(0, a - 3), a) if sets["convoy_arrival_verbs"].match_at(s, k)]
        if arrival:
            out.append((a, "reinforced", _negated(article, s, arrival[0])))
    for status, words in lex.status_sets.items():
        for a, b in words.find(s):
            st = status
            if st == "established" and not any(
                    sets["establish_objects"].match_at(s, k) for k in range(b + 1, min(b + 5, len(s.tokens)))):
                st = "active"  # "إنشاء مركز تدريب في حقل العمر": the field is in use, not new
            out.append((a, st, _negated(article, s, a)))
    return sorted(out)


def _negated(article: Article, s: Sentence, at: int) -> bool:
    """Is the word at token `at` negated: "لم تنسحب", or denied anywhere earlier in its
    clause ("نفى متحدث باسم قسد الأنباء عن انسحاب ...")?"""
    sets = article.lex.sets
    if sets["negations"].any_in(s, max(0, at - 4), at):
        return True
    # from the clause start, or from a later verb of saying ("نفت ... وأعلنت إغلاق")
    lo = max([article.clause_start(s, at, 12)] + [i + 1 for i in sets["speech_verbs"].starts(s) if i < at])
    return sets["denial_verbs"].any_in(s, lo, at)


def _pick_status(article: Article, s: Sentence, statuses: list[tuple[int, str, bool]], at: int) -> str | None:
    """The status that governs the base at token `at`: the nearest status word
    before it ("أغلقت 3 قواعد"), else the first after it ("القاعدة التي تم إغلاقها");
    never one across a contrast ("انسحبت من الفرات، فيما تبقى في كونيكو")."""
    if not statuses:
        return None
    contrasts = article.lex.sets["contrast_words"].starts(s)
    cut = max((i for i in contrasts if i < at), default=-1)
    before = [x for x in statuses if cut < x[0] < at]
    if before:
        _, status, negated = before[-1]
    else:
        stop = min((i for i in contrasts if i > at), default=len(s.tokens))
        after = [x for x in statuses if at <= x[0] < stop]
        if not after:
            return None
        _, status, negated = after[0]
    return "active" if negated else status
