"""Towns that are a base's site by what the sentence says of a base there.

A town a convoy or equipment is sent to so that a base be set up there (`towns_a_base_is_set_up_in`):
"أرسلت الولايات المتحدة قافلة محملة بمواد بناء إلى منطقة عين العرب ...، تمهيداً لإنشاء قاعدة عسكرية
جديدة"، "أدخلت القوات شاحنات وغرفاً مسبقة الصنع إلى حي غويران، بهدف إنشاء قاعدة لها". The base is
intended, not built (CONVENTIONS.md: a plan is the status with `when` planned): the town is the
site, `established`, planned.

A base placed in "the city" after a town is named (`towns_named_again_as_the_city`): "عاد الجيش
الأمريكي إلى مدينة عين العرب ...، إذ شرع التحالف في إنشاء قاعدة وسط المدينة": the base is that
town's.

Towns listed as examples of bases (`towns_listed_as_bases`): "تتعرض قواعد ينتشر فيها الجيش الأمريكي
لهجمات، منها منطقة التنف وناحية المالكية"، "تتوزع بقية القواعد في كل من قرية هيمو ... وتل فارس": each
town of the list is a base's site, with the status told of the list."""
from __future__ import annotations

from lib import settings
from lib.extract.base_sites import (BASE_KINDS, OTHER_SIDES, TOWN_KINDS, is_governorate_seat, name_end,
                                    the_base_of_the_town, word_before_town)
from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.places import PlaceMatch
from lib.text.textnorm import without_conjunction


def towns_a_base_is_set_up_in(article: Article, s: Sentence, named: list[PlaceMatch]) -> list[PlaceMatch]:
    """The towns of the sentence that something is brought to ("إلى" and the town, its lead word
    between) with, a few tokens after the town, a word of purpose, a word of establishing and a
    noun of base ("تمهيداً لإنشاء قاعدة"، "بهدف إقامة قاعدة")."""
    sets, tokens = article.lex.sets, article.lex.tokens
    leads = sets["base_purpose_leads"]
    purposes = leads.starts(s)
    if not purposes:
        return []
    establish = article.lex.status_sets["established"]
    taken = {p.start for p in named}
    out: list[PlaceMatch] = []
    for p in s.places:
        if p.kind not in TOWN_KINDS or p.start in taken:
            continue
        at = s.token_at(p.start)
        k = word_before_town(article, s, at)
        if k < 0 or s.tok(k) not in tokens["to"]:
            continue
        end = name_end(s, at)
        for j in sorted(purposes):
            if not end < j <= end + settings.BASE_PURPOSE_REACH:
                continue
            n = leads.match_at(s, j)
            est = next((i for i in range(j + n, j + n + 1 + settings.BASE_PURPOSE_VERB_GAP)
                        if establish.match_at(s, i)), None)
            if est is not None and sets["base_nouns"].any_in(s, est + 1, est + 1 + settings.BASE_PURPOSE_NOUN_REACH):
                out.append(the_base_of_the_town(p))
                break
    return out


def towns_named_again_as_the_city(article: Article, s: Sentence, named: list[PlaceMatch]) -> list[PlaceMatch]:
    """"عاد الجيش الأمريكي إلى مدينة عين العرب ...، إذ شرع التحالف في إنشاء قاعدة وسط المدينة": a base
    placed in "the city" ("وسط المدينة"، "داخل البلدة") is in the town named before it in the sentence
    (the nearest one, no base named and no contrast between)."""
    tokens, sets = article.lex.tokens, article.lex.sets
    anaphors = tokens["town_anaphors"]
    where = tokens["inside"] + tokens["place_lead_words"]
    taken = {p.start for p in named}
    towns = [p for p in s.places if p.kind in TOWN_KINDS and p.start not in taken]
    bases = [s.token_at(p.start) for p in named]
    out: list[PlaceMatch] = []
    for j in sets["base_nouns"].starts(s):
        k = next((k for k in range(j + 1, j + 1 + settings.BASE_TOWN_ANAPHOR_REACH)
                  if s.tok(k) in anaphors and s.tok(k - 1) in where), None)
        if k is None:
            continue
        before = [p for p in towns if s.token_at(p.start) < j]
        if not before:
            continue
        town = max(before, key=lambda p: p.start)
        if any(s.token_at(town.start) < b < j for b in bases) or \
                sets["contrast_words"].any_in(s, s.token_at(town.start), j):
            continue  # (not across another base or a contrast: "... إلى منبج، فيما ... قاعدة في المدينة")
        base = the_base_of_the_town(town)
        if base.start not in {p.start for p in out}:
            out.append(base)
    return out


def towns_listed_as_bases(article: Article, s: Sentence, named: list[PlaceMatch]) -> list[tuple[PlaceMatch, int]]:
    """The sites a plural noun of bases lists as its examples ("قواعد ...، منها منطقة الشدادي وناحية
    المالكية"، "القواعد في كل من بلدة الشدادي وقرية هيمو"), a town as its base, each with the token
    opening the list (the status told before it is theirs); not the bases of another side ("قواعد روسية")."""
    tokens, sets = article.lex.tokens, article.lex.sets
    # the lexicon's example_leads ("منها"، "مثل") and the base_example_list_leads they lack ("أبرزها"، "في كل من")
    leads = {**sets["example_leads"].starts(s), **sets["base_example_list_leads"].starts(s)}
    if not leads:
        return []
    plural, glued = tokens["base_plural_nouns"], tokens["and_prefix"]
    by_start = {p.start: p for p in named}
    taken = {p.place_id for p in named}
    out: list[tuple[PlaceMatch, int]] = []
    for lead, lead_len in sorted(leads.items()):
        nouns = [j for j in range(max(0, lead - settings.BASE_EXAMPLE_LIST_LEAD_REACH), lead)
                 if without_conjunction(s.tok(j), glued) in plural]
        if not nouns or sets["other_country_troops"].any_in(s, nouns[-1] + 1, lead):
            continue
        lo = article.clause_start(s, nouns[-1], settings.BASE_OWNER_CLAUSE_REACH)
        groups = [g for i, g in article.groups_in(s) if lo <= i < lead]
        if groups and groups[-1] in OTHER_SIDES:
            continue  # "تحتفظ روسيا بقواعد ...، منها ..."
        if not _bases_meant(article, s, lo, nouns[-1], lead):
            continue  # "وضعت واشنطن قواعد جديدة لعمل المنظمات، منها ...": rules
        for p in _listed_after(article, s, lead + lead_len - 1):
            if p.start in by_start:
                out.append((by_start[p.start], lead))  # a base of the list named already: the list's status
                continue
            base = the_base_of_the_town(p)
            if base.place_id not in taken:
                taken.add(base.place_id)
                out.append((base, lead))
    return out


def _bases_meant(article: Article, s: Sentence, lo: int, noun: int, lead: int) -> bool:
    """Does the plural noun at token `noun` ("قواعد", also "rules") mean bases? Not before a word of its
    other senses ("قواعد الاشتباك"، "قواعد اللعبة"); else only when its clause (from `lo`) tells bases: a
    word of troops, of a base's state or of leaving before it ("وتتوزع بقية القواعد"، "وانسحبت القوات من
    قواعد")، or an owner, troops or a state between it and its list's `lead` ("قواعد عدة للتحالف"، "قواعد
    ينتشر فيها جنود أمريكيون"). A group before it is the subject of any verb ("وضعت واشنطن قواعد")."""
    lex = article.lex
    sets, tokens = lex.sets, lex.tokens
    if s.tok(noun + 1) in tokens["base_plural_other_senses"]:
        return False
    told_before = lex.any_status.any_in(s, lo, noun) or any(
        sets[key].any_in(s, lo, noun) for key in ("base_spread_verbs", "distribution_leads", "base_leave_verbs",
                                                  "people_leave_verbs", "troop_withdraw_verbs"))
    owners = [g for i, g in article.groups_in(s) if noun < i < lead]
    told_after = bool(owners) or lex.any_status.any_in(s, noun + 1, lead) or any(
        sets[key].any_in(s, noun + 1, lead) for key in ("our_base_markers", "troop_nouns", "troop_nouns_after_from"))
    return told_before or told_after or any(s.tok(j) in tokens["our_base_adjectives"] for j in range(noun + 1, lead))


def _listed_after(article: Article, s: Sentence, end: int) -> list[PlaceMatch]:
    """The sites of a list opening right after token `end`: the first right after it (over its lead
    words), the next each joined by "و" within BASE_EXAMPLE_LIST_GAP tokens of the one before. A place
    located by a direction ("شرقي القامشلي") is skipped; a governorate or a governorate's seat named bare
    ("وفي محافظة الحسكة") links the list, no site; a town not joined ends it."""
    tokens = article.lex.tokens
    out: list[PlaceMatch] = []
    for p in sorted(s.places, key=lambda p: p.start):
        at = s.token_at(p.start)
        if at <= end:
            continue
        if s.tok(at - 1) in tokens["direction_words"]:
            continue  # "قرية هيمو 4 كيلومترات شمال غربي القامشلي": where the village is
        site = p.kind in TOWN_KINDS | BASE_KINDS and not (
            is_governorate_seat(p.place_id) and s.tok(at - 1) not in tokens["city_lead_words"])
        first = word_before_town(article, s, at) == end and not out
        joined = at - end <= settings.BASE_EXAMPLE_LIST_GAP and any(
            s.tok(i).startswith(tokens["and_prefix"]) for i in range(end + 1, at + 1))
        if not (first or joined):
            if site:
                break  # "..., فيما زار الوفد بلدة عين عيسى": the list ended
            continue
        end = name_end(s, at)
        if site:
            out.append(p)
    return out
