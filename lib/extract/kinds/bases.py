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
from lib.extract.claims import claim, period_fields, place_fields, range_fields
from lib.extract.context import Article
from lib.extract.vocabulary import Gate
from lib.extract.sentence import Sentence
from lib.text.dates import DateRef
from lib.text.numbers import Quantity, qualifier_after, with_qualifier
from lib.text.places import SAME_SITE, PlaceMatch, country_of
from lib.text.textnorm import article_forms

KIND = "base_status"
BASE_KINDS = frozenset({"base", "oil_field", "gas_field"})  # gazetteer kinds that can have a base status
TOWN_KINDS = frozenset({"town", "city", "village"})  # "قاعدة في مدينة منبج": a base placed by its town
# the gazetteer's base names open the gate too ("التنف" is a base without the word قاعدة)
GATES = (Gate("base", words=("base_words",), place_kinds=BASE_KINDS),)

# which status an article's claim on a site keeps, strongest first
# group names (lexicon "groups") whose bases in a town are not the coalition's
_OTHER_SIDES = frozenset({"Russia", "Turkey", "Iran-backed militias", "Syrian government", "Israel"})
_STATE_FORCES = frozenset({"Syrian government", "Syrian security forces"})  # who a base is handed over to
_BACKGROUND_DAYS = 90  # a base event dated this long before publication is background, not the news
STATUS_RANK = ("handed_over", "closed", "withdrawn", "established", "reinforced", "active", "mentioned")
_DESCRIPTIVE = frozenset({"reinforced", "active"})  # statuses of a base in use, ranked by where they are told
_DESCRIPTIVE_RANK = STATUS_RANK.index("reinforced")

Status = tuple[int, str, bool, bool]  # (token index, status, negated, planned)
_PARTICIPLE_REACH = 4  # tokens from "المتمركزة" to the base it places the troops in
_GOVERNS_NEXT = 3  # tokens from a status word to a base it governs ("غادرت قاعدة التنف")
_ANAPHOR_BACK = 2  # sentences back "القاعدة" alone may refer to a base named there
_OFFICE_REACH = 5  # tokens from "تولي" to "منصبه" ("تولي الرئيس دونالد ترمب منصبه")
_DEFINITE_PREFIXES = tuple(article_forms())  # "ال" of "إحدى القواعد"
_PLACE_KEYS = ("place_id", "place_ar", "place_en", "lat", "lon", "geo_precision")  # a claim's site, as place_fields sets it
_SUPPLY_AFTER = 8  # tokens after a base named after "إلى" where what is brought may be told ("... طائرات شحن")


def applies(article: Article, s: Sentence) -> bool:
    return "base" in s.gates


def extract(article: Article, s: Sentence) -> list[dict[str, Any]]:
    places = [p for p in s.places if p.kind in BASE_KINDS]
    places = [p for p in places if not _locates_another(article, s, p, places)]
    places += _bases_in_towns(article, s, places)
    if not places:
        told = _told_of_the_base_named_before(article, s)
        if told:
            return told
    if not places and "figure" not in s.gates and not _names_two_bases(article, s):
        return []  # no named base and no count of bases
    statuses = _statuses(article, s)
    out = []
    date_ref = None
    if places or statuses:
        refs = article.date_context(s, inherit=True)
        date_ref = refs[0] if refs else None
    for p in sorted(places, key=lambda p: p.start):
        at = s.token_at(p.start)
        picked = _pick_status(article, s, statuses, at)
        status, planned = picked if picked else ("mentioned", False)
        supplied = _supplied(article, s, at) if status in ("mentioned", "active", "withdrawn") and not planned \
            else None
        if supplied == "evacuees":
            status = "active"  # "نُقل المصابون بمروحيات إلى قاعدة التنف": in use
        elif supplied:
            # "نقلت طائرات شحن معدات إلى قاعدة خراب الجير"; the destination of a move ("إخلاء قاعدة
            # الشدادي ونقل معداتها إلى قاعدة رميلان") is reinforced, whatever happened to the first base
            status = "reinforced"
        if status == "reinforced" and _brought_from(article, s, at):
            status = "active"  # "تعزيزات إلى قاعدة الشدادي قادمة من قاعدة خراب الجير": the source is in use
        if status in _DESCRIPTIVE and _where_a_withdrawal_went(s, statuses, at, p):
            status = "mentioned"  # "انسحبت من قاعدة التنف باتجاه قاعدة البرج في الأردن": only where they went
        if status == "mentioned" and _said_to_be_ours(article, s, p):
            status = "active"  # "قاعدة التنف الأمريكية"، "القاعدة الأمريكية في حقل العمر": in use
        if status != "handed_over" and not planned and _taken_over_by_the_state(article, s, at):
            status = "handed_over"  # "ودخلت قوات الأمن العام قاعدة الشدادي بعد انسحاب القوات الأمريكية"
        out.append(claim(KIND, s, status=status, when="planned" if planned else None,
                         **place_fields(p), **period_fields(date_ref)))
    if statuses:
        out += _base_counts(article, s, statuses, date_ref)
    return out


def _told_of_the_base_named_before(article: Article, s: Sentence) -> list[dict[str, Any]]:
    """"استهدفت طائرة مسيرة القاعدة فجر اليوم" after a sentence naming one base: the status word
    is about that base ("القاعدة" alone refers back to it; not "تنظيم القاعدة")."""
    tokens = article.lex.tokens
    at = next((i for i, t in enumerate(s.tokens) if t.text in tokens["base_anaphors"]
               and s.tok(i - 1) not in tokens["not_a_base_before"]), None)
    if at is None or s.index == 0:
        return []
    named = [p for back in range(1, _ANAPHOR_BACK + 1) if s.index - back >= 0
             for p in article.sentences[s.index - back].places if p.kind in BASE_KINDS]
    if not named or len({p.place_id for p in named}) > 1:
        return []  # no base, or several: which one is unknown
    statuses = _statuses(article, s)
    picked = _pick_status(article, s, statuses, at)
    if picked is None or picked[0] == "mentioned":
        return []
    status, planned = picked
    refs = article.date_context(s, inherit=True)
    return [claim(KIND, s, status=status, when="planned" if planned else None,
                  **place_fields(named[0]), **period_fields(refs[0] if refs else None))]


def _names_two_bases(article: Article, s: Sentence) -> bool:
    """A dual base noun ("قاعدتين") is a count of its own, with no figure."""
    return any(n == 2 and w in s.norm for w, n in article.lex.base_count_nouns.items())


def consolidate(article: Article, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One claim per named site of the article: the fact before the plan, the news before
    the background (an event dated months before publication: "أقاموها عام 2018"), then
    the strongest status, then a dated one; counts of bases are kept as they are."""
    best: dict[str, tuple[tuple[int, ...], dict[str, Any]]] = {}
    for n, c in enumerate(claims):
        pid = c.get("place_id")
        if pid is None:
            continue
        end = c.get("period_end")
        background = article.published is not None and end is not None and \
            (article.published - end).days > _BACKGROUND_DAYS
        status_rank = STATUS_RANK.index(c["status"]) if c["status"] in STATUS_RANK else len(STATUS_RANK)
        # a change of hands or of presence wins by its strength; among "reinforced" and "active" the
        # one told first is the article's main event ("استهدفت مسيرة قاعدة التنف" before "وكانت
        # القوات عززت القاعدة الشهر الماضي")
        told_first = c["status"] in _DESCRIPTIVE
        rank = (int(c.get("when") == "planned"), int(background),
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
    return [c for c in claims if id(c) in keep or (c.get("place_id") is None and not (
        c.get("value") is not None and c.get("of_total") is None and c.get("qualifier") == "exact"
        and 2 <= c["value"] <= named.get((c["status"], c.get("when") == "planned"), 0)))]


# ---------------------------------------------------------------- which sites
def _locates_another(article: Article, s: Sentence, p: PlaceMatch, places: list[PlaceMatch]) -> bool:
    """Is the site named only to locate another base of the sentence: "قاعدة القرية
    الخضراء (حقل العمر النفطي)", "قاعدة أقاموها قرب حقل العمر"?"""
    earlier = [q for q in places if q.end <= p.start and q.place_id != p.place_id]
    if not earlier:
        return False
    between = s.norm[earlier[-1].end:p.start]
    if between.strip(" \"'") in ("(", "-", "،"):
        return True
    at = s.token_at(p.start)
    near = article.lex.sets["near_words"]
    return any(near.match_at(s, k) and k + near.match_at(s, k) >= at - 1 for k in range(max(0, at - 3), at))


def _bases_in_towns(article: Article, s: Sentence, named: list[PlaceMatch]) -> list[PlaceMatch]:
    """A base known by its town: "قاعدة في مدينة منبج", "قاعدة عسكرية ببلدة ...", "قاعدة عين عيسى"."""
    tokens = article.lex.tokens
    singular = tokens["base_singular"]
    out: list[PlaceMatch] = []
    towns = [p for p in s.places if p.kind in TOWN_KINDS]
    if not towns or not any(t.text in singular for t in s.tokens):
        return out
    taken = {p.start for p in named}
    for p in towns:
        at = s.token_at(p.start)
        if s.tokens[at].start < p.start:  # "قاعدة بمنبج": the preposition glued on
            base = at - 1
        elif s.tok(at - 1) in singular:  # "قاعدة عين عيسى": a base named by its town
            base = at - 1
        else:
            k = at - 1
            while k >= 0 and s.tok(k) in tokens["place_lead_words"]:
                k -= 1
            lead = s.tok(k)
            if lead in tokens["inside"]:
                base = k - 1
            elif lead[:1] in tokens["glued_prepositions"] and lead[1:] in tokens["place_lead_words"]:
                base = k - 1  # "قاعدة جديدة بمدينة كوباني": the preposition glued to the lead word
            else:
                continue
        while base > 0 and s.tok(base) in tokens["base_adjectives"]:
            base -= 1  # "قاعدة عسكرية جديدة في ..."
        if s.tok(base) not in singular or p.start in taken:
            continue
        if article.lex.sets["other_country_troops"].any_in(s, base + 1, at):
            continue  # "قاعدة روسية في ..."
        lo = article.clause_start(s, base, 12)
        named = [name for i, name in article.groups_in(s) if lo <= i < base]
        if named and named[-1] in _OTHER_SIDES:
            continue  # "تتمركز القوات الروسية في قاعدة القامشلي": not a coalition base
        out.append(p)
    return out


def _brought_from(article: Article, s: Sentence, at: int) -> bool:
    """Is the base at token `at` where a convoy or reinforcements come from ("قادمة من
    قاعدة خراب الجير"), with another base as their destination before it?"""
    tokens = article.lex.tokens
    if not any(s.tok(k) in tokens["source_words"] for k in range(max(0, at - 3), at)):
        return False
    return any(s.tok(k) in tokens["to"] for k in range(0, at - 1))


def _said_to_be_ours(article: Article, s: Sentence, p: PlaceMatch) -> bool:
    """Is the site called the US's or the coalition's, right before or after its name
    ("القاعدة الأمريكية في حقل العمر"، "قاعدة التنف التابعة للتحالف")?"""
    first, last = s.token_at(p.start), s.token_at(max(p.start, p.end - 1))
    markers = article.lex.sets["our_base_markers"]
    return markers.any_in(s, last + 1, last + 4) or markers.any_in(s, max(0, first - 3), first)


def _taken_over_by_the_state(article: Article, s: Sentence, at: int) -> bool:
    """Did Syrian state forces take over the base at token `at` ("دخلت قوات الأمن الداخلي قاعدة
    التنف"، "تسلم الجيش السوري قاعدة الشدادي")? Its handover, named by who received it."""
    lo = article.clause_start(s, at, 14)
    named = [(i, name) for i, name in article.groups_in(s) if lo <= i < at]
    if not named or named[-1][1] not in _STATE_FORCES:
        return False
    verbs = article.lex.sets["takeover_verbs"]
    return verbs.any_in(s, max(lo, named[-1][0] - 3), at)


def _supplied(article: Article, s: Sentence, at: int) -> str | None:
    """Is the base at token `at` where something is brought ("إلى قاعدة ..." after a
    verb of bringing: "نقلت ... معدات إلى قاعدة"، "أدخل التحالف شاحنات إلى قاعدة"، "ووصلت إلى
    قواعد خراب الجير والشدادي طائرات شحن محملة بمعدات")? "supplies", "evacuees" (the wounded
    flown there: the base is in use), or None."""
    to = article.lex.tokens["to"]
    k = next((k for k in (at - 1, at - 2) if k >= 0 and s.tok(k) in to), None)
    if k is None:
        # a later name of a list after "إلى": "إلى قواعد خراب الجير والشدادي وقسرك"
        named = {i for p in s.places if p.kind in BASE_KINDS
                 for i in range(s.token_at(p.start), s.token_at(max(p.start, p.end - 1)) + 1)}
        k = at - 1
        while k >= 0 and k in named:
            k -= 1
        if not (0 <= k < at - 1 and s.tok(k) in to) and not (k >= 1 and s.tok(k - 1) in to and k + 1 in named):
            return None
        k = k if s.tok(k) in to else k - 1
    lo = article.clause_start(s, k, 10)
    sets = article.lex.sets
    verbs = [i for i in sets["supply_verbs"].starts(s) if lo <= i < k]
    if not verbs:
        return None
    # what is brought: between the verb and the base, or right after the list ("... طائرات شحن")
    hi = min(len(s.tokens), at + _SUPPLY_AFTER)
    if sets["evacuee_words"].any_in(s, verbs[0], k):
        return "evacuees"
    # (after the list only when the verb opens it: "ووصلت إلى قواعد ...")
    after = verbs[-1] >= k - 2 and sets["supply_objects"].any_in(s, at + 1, hi)
    return "supplies" if after or sets["supply_objects"].any_in(s, verbs[0], k) else None


# ---------------------------------------------------------------- statuses
def _statuses(article: Article, s: Sentence) -> list[Status]:
    """(token index, status, negated, planned) for every status word in the sentence."""
    lex = article.lex
    out: list[Status] = []
    sets = lex.sets
    if not (lex.any_status.any_in(s) or sets["convoy_nouns"].any_in(s) or sets["base_leave_verbs"].any_in(s)
            or sets["base_state_participles"].any_in(s)):
        return out  # one search instead of one per status
    # a convoy reinforces a base only when it arrives ("دخل رتل ... إلى قاعدة");
    # one leaving it ("خرج رتل من قاعدة") says nothing of the base's state
    for a, _ in sets["convoy_nouns"].find(s):
        arrival = [k for k in range(max(0, a - 3), a) if sets["convoy_arrival_verbs"].match_at(s, k)]
        if arrival:
            out.append((a, "reinforced", _negated(article, s, arrival[0]), _planned(article, s, arrival[0])))
    # ... unless it leaves the country: "خرج من مطار خراب الجير واتجه إلى العراق"
    for a, b in sets["base_leave_verbs"].find(s):
        if sets["exit_destinations"].any_in(s, b + 1):
            out.append((a, "withdrawn", _negated(article, s, a), _planned(article, s, a)))
    # "القوات المتمركزة في قاعدة ...": a participle of the troops, about the base right after it only
    for a, b in sets["base_state_participles"].find(s):
        out.append((a, "active", _negated(article, s, a), False))
    for status, words in lex.status_sets.items():
        for a, b in words.find(s):
            if status == "handed_over" and sets["office_words"].any_in(s, b + 1, b + _OFFICE_REACH):
                continue  # "منذ تولي ترمب منصبه": taking office, not a base
            st = status
            if st == "established" and not any(
                    sets["establish_objects"].match_at(s, k) for k in range(b + 1, min(b + 5, len(s.tokens)))):
                st = "active"  # "إنشاء مركز تدريب في حقل العمر": the field is in use, not new
            out.append((a, st, _negated(article, s, a), _planned(article, s, a)))
    return sorted(out)


def _planned(article: Article, s: Sentence, at: int) -> bool:
    """A plan, not a fact: a future verb ("ستغلق"، "سينسحب") or an intent right before
    the status word ("تعتزم إغلاق"، "من المقرر تسليم")."""
    sets = article.lex.sets
    if sets["future_status_words"].match_at(s, at):
        return True
    lo = max(article.clause_start(s, at, 4), 0)
    return sets["base_plan_cues"].any_in(s, lo, at)


def _negated(article: Article, s: Sentence, at: int) -> bool:
    """Is the word at token `at` negated: "لم تنسحب", or denied anywhere earlier in its
    clause ("نفى متحدث باسم قسد الأنباء عن انسحاب ...")?"""
    sets = article.lex.sets
    if sets["negations"].any_in(s, max(0, at - 4), at):
        return True
    # from the clause start, or from a later verb of saying ("نفت ... وأعلنت إغلاق")
    lo = max([article.clause_start(s, at, 12)] + [i + 1 for i in sets["speech_verbs"].starts(s) if i < at])
    return sets["denial_verbs"].any_in(s, lo, at)


def _pick_status(article: Article, s: Sentence, statuses: list[Status], at: int) -> tuple[str, bool] | None:
    """(status, planned) governing the base at token `at`: the nearest status word
    before it ("أغلقت 3 قواعد"), else the first after it ("القاعدة التي تم إغلاقها");
    never one across a contrast ("انسحبت من الفرات، فيما تبقى في كونيكو")."""
    if not statuses:
        return None
    participles = article.lex.sets["base_state_participles"].starts(s)
    statuses = [x for x in statuses if x[0] not in participles or 0 < at - x[0] <= _PARTICIPLE_REACH]
    if not statuses:
        return None
    contrasts = article.lex.sets["contrast_words"].starts(s)
    cut = max((i for i in contrasts if i < at), default=-1)
    before = [x for x in statuses if cut < x[0] < at]
    if before:
        _, status, negated, planned = before[-1]
        # "بتوسيع قاعدة ... والتي تضم مهبطاً": a relative clause describes the base; the change before it is the news
        if status == "active" and s.tok(before[-1][0] - 1) in article.lex.tokens["relative_pronouns"]:
            changes = [x for x in before[:-1] if x[1] not in ("active", "mentioned")]
            if changes:
                _, status, negated, planned = changes[-1]
        told_after = _status_in_relative_clause(article, s, statuses, at)
        if told_after is not None:
            # "القواعد التي شملها الانسحاب هي القرية الخضراء التي جرى إغلاقها": the clause on the base itself
            _, status, negated, planned = told_after
        if status == "withdrawn" and _handed_over_after(article, s, statuses, at):
            status = "handed_over"  # "انسحبت من قاعدة التنف وسلمتها إلى القوات الحكومية"
    else:
        stop = min((i for i in contrasts if i > at), default=len(s.tokens))
        # (a status word right before another base is that one's: "عادت إلى قاعدة الشدادي بعد أن غادرت
        # قاعدة التنف")
        others = [s.token_at(p.start) for p in s.places if p.kind in BASE_KINDS and s.token_at(p.start) > at]
        after = [x for x in statuses if at <= x[0] < stop
                 and not any(0 < o - x[0] <= _GOVERNS_NEXT for o in others)]
        if not after:
            return None
        _, status, negated, planned = after[0]
    return ("active", False) if negated else (status, planned)


def _where_a_withdrawal_went(s: Sentence, statuses: list[Status], at: int, p: PlaceMatch) -> bool:
    """Is the base at `at`, outside Syria, where the forces of a withdrawal told just before went
    (the withdrawal, then a word of heading there, then the base)?"""
    before = [x for x in statuses if x[0] < at and not x[2]]
    return len(before) >= 2 and before[-2][1] == "withdrawn" and before[-1][1] in _DESCRIPTIVE and \
        bool(p.place_id) and country_of(p.place_id) not in (None, "syria")


def _status_in_relative_clause(article: Article, s: Sentence, statuses: list[Status], at: int) -> Status | None:
    """A change told in a relative clause right after the base at `at` ("القرية الخضراء التي تم
    إغلاقها"، "الفرات الذي تم تسليمه"), before any other base."""
    relatives = [i for i in range(at + 1, min(at + settings.RELATIVE_CLAUSE_REACH, len(s.tokens)))
                 if s.tok(i) in article.lex.tokens["relative_pronouns"]]
    if not relatives:
        return None
    r = relatives[0]
    others = [s.token_at(p.start) for p in s.places if p.kind in BASE_KINDS and at < s.token_at(p.start) < r]
    if others:
        return None
    # (a change only: "التي تضم مهبطاً" describes the base, the change before it is the news)
    return next((x for x in statuses if r < x[0] <= r + settings.RELATIVE_VERB_REACH
                 and x[1] not in _DESCRIPTIVE), None)


def _handed_over_after(article: Article, s: Sentence, statuses: list[Status], at: int) -> bool:
    """Is a verb of handing over told shortly after the base at `at` (no other base or contrast
    between): the forces left it and handed it over, the handover being the news?"""
    stop = min([i for i in article.lex.sets["contrast_words"].starts(s) if i > at]
               + [s.token_at(p.start) for p in s.places if p.kind in BASE_KINDS and s.token_at(p.start) > at]
               + [at + settings.HANDOVER_AFTER_WITHDRAWAL_REACH])
    return any(st == "handed_over" and not neg and at < i < stop for i, st, neg, _ in statuses)


# ---------------------------------------------------------------- counts of bases
def _base_counts(article: Article, s: Sentence, statuses: list[Status],
                 date_ref: DateRef | None) -> list[dict[str, Any]]:
    lex = article.lex
    of_total = lex.sets["of_total"]
    nouns = lex.base_count_nouns
    found: list[tuple[Quantity, int]] = []  # (figure, index of its noun)
    for q in s.quantities:
        if q.ordinal or q.fraction or q.value is None:
            continue
        if any(of_total.match_at(s, k) and k + of_total.match_at(s, k) == q.first
               for k in range(max(0, q.first - 3), q.first)):
            continue  # the 8 of "من أصل 8" is the total, not a count
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
    taken = {n for _, n in found} | {q.first for q, _ in found} | {q.first - 1 for q, _ in found}
    named = lex.tokens["before_named_bases"]
    two_named = _two_bases_named_here(article, s)
    for i, t in enumerate(s.tokens):  # a dual noun is its own figure: "قاعدتين" (not "أهم قاعدتين": named ones)
        if nouns.get(t.text) == 2 and i not in taken and s.tok(i - 1) not in named and not two_named:
            found.append((Quantity(2.0, 2.0, 2.0, "exact", i, i), i))
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
        picked = _pick_status(article, s, statuses, q.first)
        if picked is not None:
            status, planned = picked
            out.append(claim(KIND, s, status=status, when="planned" if planned else None, of_total=total,
                             geo_precision=None, **range_fields(q), **period_fields(date_ref)))
    return out


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
