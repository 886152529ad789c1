"""Bases and fields and what happened to them: "انسحبت القوات الأمريكية من قاعدة
الشدادي" (withdrawn), "تعزيز قاعدة حقل العمر" (reinforced), "هجوم صاروخي استهدف
قاعدة التنف" or "القاعدة التي تضم قوات أمريكية" (active), a named base with no
status word (mentioned); a plan kept apart from a fact ("ستغلق قاعدة الشدادي":
closed, `when` planned); and counts of bases, "أغلقت 3 قواعد من أصل 8", with their
breakdowns ("9 قواعد ... واثنتان في ريف دير الزور و6 في الحسكة").

An article gives one claim per named site (`consolidate`): the fact before the
plan, the strongest status, a dated one before an undated one."""
from __future__ import annotations

from typing import Any

from lib import settings
from lib.extract.base_counts import base_counts
from lib.extract.base_purpose import towns_a_base_is_set_up_in, towns_listed_as_bases, towns_named_again_as_the_city
from lib.extract.base_use import called_ours_where_it_is, operated_from
from lib.extract.base_sites import (BASE_KINDS, TOWN_KINDS, bases_in_towns, brought_from, listed_after_a_count,
                                    locates_another, moved_out_of, name_end, names_an_area, only_a_field,
                                    said_to_be_ours, taken_over_by_the_state, the_base_of_the_town, what_is_brought)
from lib.extract.base_status import (DESCRIPTIVE, future_in_clause, negated_at, participle_starts, pick_status, planned_at,
                                     statuses_in, where_a_withdrawal_went, withdrawn_to)
from lib.extract.claims import claim, period_fields, place_fields
from lib.extract.context import Article
from lib.extract.counts import bulleted_lines
from lib.extract.vocabulary import Gate
from lib.extract.sentence import Sentence
from lib.text.places import SAME_SITE, PlaceMatch

KIND = "base_status"
# the gazetteer's base names open the gate too ("التنف" is a base without the word قاعدة)
GATES = (Gate("base", words=("base_words",), place_kinds=BASE_KINDS),)

# which status an article's claim on a site keeps, strongest first
STATUS_RANK = ("handed_over", "closed", "withdrawn", "established", "reinforced", "active", "mentioned")
_DESCRIPTIVE_RANK = STATUS_RANK.index("reinforced")
_PLACE_KEYS = ("place_id", "place_ar", "place_en", "lat", "lon", "geo_precision")  # a claim's site, as place_fields sets it


def applies(article: Article, s: Sentence) -> bool:
    return "base" in s.gates


def extract(article: Article, s: Sentence) -> list[dict[str, Any]]:
    places = [p for p in s.places if p.kind in BASE_KINDS]
    places = [p for p in places if not locates_another(article, s, p, places)
              and not names_an_area(article, s, p) and not only_a_field(article, p)]
    listed_sites = listed_after_a_count(article, s, places)
    listed_sites += towns_listed_as_bases(article, s, places)  # "قواعد ...، منها منطقة الشدادي وناحية المالكية"
    listed = {p.start: k for p, k in listed_sites}  # a site listed after a count -> the count's token
    places += bases_in_towns(article, s, places)
    places += _named_again(article, s, places)
    places += towns_named_again_as_the_city(article, s, places)  # "إنشاء قاعدة وسط المدينة" after the town
    # "قافلة ... إلى منطقة عين العرب، تمهيداً لإنشاء قاعدة": the town where a base is to be set up
    to_set_up = towns_a_base_is_set_up_in(article, s, places)
    places += to_set_up
    intended = {p.start for p in to_set_up}
    told = {q.start for q in places}
    places += [p for p, _ in listed_sites if p.start not in told]
    if not places:
        told_before = _told_of_the_base_named_before(article, s)
        if told_before:
            return told_before
    if not places and "figure" not in s.gates and not _names_two_bases(article, s):
        return []  # no named base and no count of bases
    statuses = statuses_in(article, s)
    out = []
    date_ref = None
    if places or statuses:
        refs = article.date_context(s, inherit=True)
        date_ref = refs[0] if refs else None
    last_named_at: dict[str, int] = {}  # place id -> the last token of where it was named
    participles = participle_starts(article, s) if statuses else None  # once for all the sentence's bases
    for p in sorted(places, key=lambda p: p.start):
        at = s.token_at(p.start)
        if p.place_id in last_named_at and at - last_named_at[p.place_id] <= settings.BASE_RENAMED_REACH:
            continue  # "قاعدة خراب الجير بريف رميلان": the site named again to locate it, told once
        last_named_at[p.place_id] = name_end(s, at)
        if p.start in intended:
            out.append(claim(KIND, s, status="established", when="planned", **place_fields(p),
                             **period_fields(date_ref)))
            continue
        picked = pick_status(article, s, statuses, listed.get(p.start, at), participles)
        status, planned = picked if picked else ("mentioned", False)
        supplied = what_is_brought(article, s, at) if status in ("mentioned", "active", "withdrawn", "closed") \
            and not planned \
            else None
        if supplied == "evacuees":
            status = "active"  # "نُقل المصابون بمروحيات إلى قاعدة التنف": in use
        elif supplied:
            # "نقلت طائرات شحن معدات إلى قاعدة خراب الجير"; the destination of a move ("إخلاء قاعدة
            # الشدادي ونقل معداتها إلى قاعدة رميلان") is reinforced, whatever happened to the first base
            status = "reinforced"
        if status == "reinforced" and brought_from(article, s, at):
            status = "active"  # "تعزيزات إلى قاعدة الشدادي قادمة من قاعدة خراب الجير": the source is in use
        moved = moved_out_of(article, s, at) if status in ("mentioned", "reinforced", "active") else None
        # "نقلت القوات الجنود من قاعدة قسرك": moved out (not "لا تنوي سحب قواتها من قاعدة التنف")
        if moved is not None and not negated_at(article, s, moved):
            status, planned = "withdrawn", planned_at(article, s, moved)
        went = withdrawn_to(article, s, statuses, at) if status in ("withdrawn", "mentioned") else None
        if went is not None:
            # "انسحبت القوات إلى قاعدة البرج 22"، "انتقلت إلى قاعدة عين العرب ومن هناك ستغادر": where the
            # forces went, in use (a departure planned from there after is not the news)
            status, planned = "active", went
        if status in DESCRIPTIVE and where_a_withdrawal_went(s, statuses, at, p):
            status = "mentioned"  # "انسحبت من قاعدة التنف باتجاه قاعدة البرج في الأردن": only where they went
        if status == "mentioned" and (said_to_be_ours(article, s, p) or called_ours_where_it_is(article, s, at)):
            status = "active"  # "قاعدة التنف الأمريكية"، "القاعدة الأمريكية في حقل العمر": in use
            # "ستترك 400 جندي ... على أن يتم تقسيمهم على منطقة آمنة وقاعدة للجيش الأمريكي في التنف": to keep hosting them
            planned = _kept_to_come(article, s, at)
        if status == "mentioned" and operated_from(article, s, at):
            status = "active"  # "العمليات التي تنفذها واشنطن من قاعدة إنجرليك": run from it, in use
        if status == "mentioned" and _attacks_counted_on(article, s, at):
            status = "active"  # "توزعت على النحو التالي: 4 على قاعدة التنف، و5 على قاعدة حقل العمر"
        if status != "handed_over" and not planned and taken_over_by_the_state(article, s, at):
            status = "handed_over"  # "ودخلت قوات الأمن العام قاعدة الشدادي بعد انسحاب القوات الأمريكية"
        out.append(claim(KIND, s, status=status, when="planned" if planned else None,
                         **place_fields(p), **period_fields(date_ref)))
    if statuses or "figure" in s.gates:  # (a cut "من ثماني قواعد إلى قاعدة واحدة" has no status word)
        out += base_counts(KIND, article, s, statuses, date_ref)
    return out


def _named_again(article: Article, s: Sentence, named: list[PlaceMatch]) -> list[PlaceMatch]:
    """"انسحبت من قاعدتي الشدادي وحقل العمر" then "أنهت وجودها في الشدادي ...": a town whose name, in
    context, is a base the article has named a few sentences before is that base (not after a word of
    settlement, "مدينة الشدادي", nor of its administration, "إدارة الشدادي": the town)."""
    taken = {p.start for p in named}
    tokens = article.lex.tokens
    not_the_base = tokens["place_lead_words"] + tokens["town_administration_nouns"]
    # (a few sentences back only: bounded work per sentence, and a base named long before is not the one meant)
    before = {q.place_id for e in article.sentences[max(0, s.index - settings.BASE_NAMED_AGAIN_BACK):s.index]
              for q in e.places if q.kind in BASE_KINDS}
    if not before:
        return []
    out = []
    for p in s.places:
        if p.kind not in TOWN_KINDS or p.start in taken:
            continue
        base = the_base_of_the_town(p)
        if base.place_id == p.place_id or s.tok(s.token_at(p.start) - 1) in not_the_base:
            continue
        if base.place_id in before:
            out.append(base)
    return out


def _attacks_counted_on(article: Article, s: Sentence, at: int) -> bool:
    """Is the base at `at` the target of a figure of a breakdown of attacks ("N على قاعدة X"), attacks
    being told in this sentence or the one before?"""
    targets = article.lex.tokens["breakdown_targets"]
    k = next((k for k in (at - 1, at - 2) if s.tok(k) in targets), None)
    if k is None or not any(q.last == k - 1 and q.value is not None and not q.ordinal for q in s.quantities):
        return False
    attacks = article.lex.sets["attack_nouns"]
    return attacks.any_in(s) or (s.index > 0 and attacks.any_in(_list_lead(article, s)))


def _list_lead(article: Article, s: Sentence) -> Sentence:
    """The sentence before `s`; for a bulleted line ("- 10 على قاعدة الشدادي"), the sentence that
    opens its list ("تم توثيق 55 هجوما ... توزعت على النحو التالي:"), over the lines listed before it."""
    k = s.index - 1
    if s.tok(0) in article.lex.tokens["list_bullets"]:
        # (the list's lines run at most COUNT_LIST_LINES up to the line that opens it, never past the first)
        k -= sum(1 for _ in bulleted_lines(article, k, -1, max(0, s.index - settings.COUNT_LIST_LINES)))
    return article.sentences[k]


def _kept_to_come(article: Article, s: Sentence, at: int) -> bool:
    """Is the clause before the base at `at` told in the future ("ستترك"، "على أن يتم")?"""
    lo = article.clause_start(s, at, at)
    return article.lex.sets["future_status_words"].any_in(s, lo, at) or future_in_clause(article, s, at, at)


def _told_of_the_base_named_before(article: Article, s: Sentence) -> list[dict[str, Any]]:
    """"استهدفت طائرة مسيرة القاعدة فجر اليوم" after a sentence naming one base: the status word
    is about that base ("القاعدة" alone refers back to it; not "تنظيم القاعدة")."""
    tokens = article.lex.tokens
    at = next((i for i, t in enumerate(s.tokens) if t.text in tokens["base_anaphors"]
               and s.tok(i - 1) not in tokens["not_a_base_before"]), None)
    if at is None or s.index == 0:
        return []
    named = [p for back in range(1, settings.BASE_ANAPHOR_BACK + 1) if s.index - back >= 0
             for p in article.sentences[s.index - back].places if p.kind in BASE_KINDS]
    if not named or len({p.place_id for p in named}) > 1:
        return []  # no base, or several: which one is unknown
    statuses = statuses_in(article, s)
    picked = pick_status(article, s, statuses, at)
    if taken_over_by_the_state(article, s, at):
        picked = ("handed_over", False)  # "وبدأ الجيش النظامي الانتشار في القاعدة المدمرة" after it was left
    if picked is None or picked[0] == "mentioned":
        return []
    status, planned = picked
    refs = article.date_context(s, inherit=True)
    return [claim(KIND, s, status=status, when="planned" if planned else None,
                  **place_fields(named[0]), **period_fields(refs[0] if refs else None))]


def _names_two_bases(article: Article, s: Sentence) -> bool:
    """A dual base noun ("قاعدتين") is a count of its own, with no figure."""
    return any(n == 2 and w in s.norm for w, n in article.lex.base_count_nouns.items())


def _recollects(article: Article, c: dict[str, Any]) -> bool:
    """Is the claim's sentence a recollection: "وكانت ..." / "وكان ..." with "قد" soon after ("وكانت
    القوات الأمريكية قد أخلت في كانون الثاني جزءا من عتادها")?"""
    s = next((x for x in article.sentences if x.start == c["span_start"]), None)
    if s is None or not s.tokens:
        return False
    tokens = article.lex.tokens
    reach = min(len(s.tokens), settings.RECALL_PARTICLE_REACH + 1)
    return s.tok(0) in tokens["recall_openers"] and any(s.tok(k) in tokens["recall_particles"] for k in range(1, reach))


def _dated_by_its_year(article: Article, c: dict[str, Any]) -> bool:
    """Is the claim dated by a year its own sentence states ("أنشأتها واشنطن عام 2016")?"""
    start = c.get("period_start")
    if c.get("date_precision") != "year" or start is None:
        return False
    s = next((x for x in article.sentences if x.start == c["span_start"]), None)
    if s is None:
        return False
    years = [i for i, tok in enumerate(s.tokens) if tok.text == str(start.year)]
    names = [s.token_at(p.start) for p in s.places if p.place_id == c["place_id"]]
    # (near the base's name: "انسحبت من قاعدة التنف ... منذ 2014" at the sentence's end dates another clause)
    return bool(years) and (not names or any(abs(y - n) <= settings.BASE_YEAR_REACH for y in years for n in names))


def consolidate(article: Article, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One claim per named site of the article: the fact before the plan, the news before
    the background (an event dated months before publication: "أقاموها عام 2018"), then
    the strongest status, then a dated one; counts of bases are kept as they are."""
    best: dict[str, tuple[tuple[int, ...], dict[str, Any]]] = {}
    # "وكانت القوات الأمريكية قد أخلت ... قاعدة قسرك": a recollection gives way to what the article
    # tells now of the same site (a change or a use, not a bare mention, not a plan)
    recalled = {id(c) for c in claims if c.get("place_id") and _recollects(article, c)}
    told_now = {c["place_id"] for c in claims if c.get("place_id") and id(c) not in recalled
                and c["status"] != "mentioned" and c.get("when") != "planned"}
    # in an undated article, an event dated by its year alone ("أنشأتها واشنطن عام 2016") is background
    # to one told without a year ("استهدفت مسيرة قاعدة التنف مساء الأحد")
    by_year = {id(c) for c in claims if c.get("place_id") and _dated_by_its_year(article, c)}
    told_without_year = {c["place_id"] for c in claims if c.get("place_id") and id(c) not in by_year
                         and c["status"] != "mentioned" and c.get("when") != "planned"}
    # a plan the article leads with ("واشنطن تدرس إغلاق قاعدة التنف") is its news when nothing was done
    # to the site yet: attacks told after it are background
    changed = {c["place_id"] for c in claims if c.get("place_id") and c.get("when") != "planned"
               and c["status"] not in DESCRIPTIVE | {"mentioned"}}
    lead = {x.start for x in article.sentences[:settings.LEAD_SENTENCES]}
    for n, c in enumerate(claims):
        pid = c.get("place_id")
        if pid is None:
            continue
        planned = c.get("when") == "planned" and not (c["span_start"] in lead and pid not in changed
                                                      and c["status"] not in DESCRIPTIVE)
        end = c.get("period_end")
        background = article.published is not None and end is not None and \
            (article.published - end).days > settings.BASE_BACKGROUND_DAYS
        if article.published is None and id(c) in by_year and pid in told_without_year:
            background = True
        status_rank = STATUS_RANK.index(c["status"]) if c["status"] in STATUS_RANK else len(STATUS_RANK)
        # a change of hands or of presence wins by its strength; among "reinforced" and "active" the
        # one told first is the article's main event ("استهدفت مسيرة قاعدة التنف" before "وكانت
        # القوات عززت القاعدة الشهر الماضي")
        told_first = c["status"] in DESCRIPTIVE
        rank = (int(planned), int(background), int(id(c) in recalled and pid in told_now),
                _DESCRIPTIVE_RANK if told_first else status_rank, c["span_start"] if told_first else 0,
                status_rank, int(c.get("period_start") is None), n)
        if pid not in best or rank < best[pid][0]:
            best[pid] = (rank, c)
    # "قاعدة حقل العمر" and "القرية الخضراء" inside it, both named: one site, told by its inner name
    # (the better told of the two, placed at the inner site)
    for outer, inner in SAME_SITE.items():
        if outer in best and inner in best:
            (rank_o, c_o), (rank_i, c_i) = best.pop(outer), best[inner]
            if rank_o < rank_i:
                c_o.update({k: c_i.get(k) for k in _PLACE_KEYS})
                best[inner] = (rank_o, c_o)
    keep = {id(c) for _, c in best.values()}
    # "انسحبت من قاعدتين إضافيتين" and, further on, "قاعدتي «الوزير» و«تل بيدر»": a count no larger than
    # the sites the article names with that status is those sites, not more bases
    named: dict[tuple[str, bool], int] = {}
    for _, c in best.values():
        key = (c["status"], c.get("when") == "planned")
        named[key] = named.get(key, 0) + 1
    # (not a part of a breakdown, told beside a larger count: "تنتشر تسع قواعد ... واثنتان في ريف دير الزور")
    # nor a change counted where it names its sites: "إنشاء قاعدتين مشابهتين في قرية هيمو وقرية تل فارس"
    parts = {id(c) for c in claims if c.get("place_id") is None and c.get("value") is not None and any(
        o["span_start"] == c["span_start"] and (
            (o.get("place_id") is None and (o.get("value") or 0) > c["value"])
            or (o.get("place_id") is not None and o["status"] == c["status"] and c["status"] not in DESCRIPTIVE))
        for o in claims)}
    return [c for c in claims if id(c) in keep or (c.get("place_id") is None and (id(c) in parts or not (
        c.get("value") is not None and c.get("of_total") is None and c.get("qualifier") == "exact"
        and 2 <= c["value"] <= named.get((c["status"], c.get("when") == "planned"), 0))))]
