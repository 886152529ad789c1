"""Which named sites of a sentence are coalition bases, and what the sentence's
wording around a name says of it: a site named only to locate another ("قاعدة أقاموها
قرب حقل العمر"), a base known by its town ("قاعدة في مدينة منبج"), where supplies are
brought ("نقلت طائرات شحن معدات إلى قاعدة ...") or come from, a base called the
coalition's, a base the Syrian state took over."""
from __future__ import annotations

from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.places import PlaceMatch

BASE_KINDS = frozenset({"base", "oil_field", "gas_field"})  # gazetteer kinds that can have a base status
TOWN_KINDS = frozenset({"town", "city", "village"})  # "قاعدة في مدينة منبج": a base placed by its town
# group names (lexicon "groups") whose bases in a town are not the coalition's
OTHER_SIDES = frozenset({"Russia", "Turkey", "Iran-backed militias", "Syrian government", "Israel"})
STATE_FORCES = frozenset({"Syrian government", "Syrian security forces"})  # who a base is handed over to
_SUPPLY_AFTER = 8  # tokens after a base named after "إلى" where what is brought may be told ("... طائرات شحن")


def locates_another(article: Article, s: Sentence, p: PlaceMatch, places: list[PlaceMatch]) -> bool:
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


def bases_in_towns(article: Article, s: Sentence, named: list[PlaceMatch]) -> list[PlaceMatch]:
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
        if named and named[-1] in OTHER_SIDES:
            continue  # "تتمركز القوات الروسية في قاعدة القامشلي": not a coalition base
        out.append(p)
    return out


def brought_from(article: Article, s: Sentence, at: int) -> bool:
    """Is the base at token `at` where a convoy or reinforcements come from ("قادمة من
    قاعدة خراب الجير"), with another base as their destination before it?"""
    tokens = article.lex.tokens
    if not any(s.tok(k) in tokens["source_words"] for k in range(max(0, at - 3), at)):
        return False
    return any(s.tok(k) in tokens["to"] for k in range(0, at - 1))


def said_to_be_ours(article: Article, s: Sentence, p: PlaceMatch) -> bool:
    """Is the site called the US's or the coalition's, right before or after its name
    ("القاعدة الأمريكية في حقل العمر"، "قاعدة التنف التابعة للتحالف")?"""
    first, last = s.token_at(p.start), s.token_at(max(p.start, p.end - 1))
    markers = article.lex.sets["our_base_markers"]
    return markers.any_in(s, last + 1, last + 4) or markers.any_in(s, max(0, first - 3), first)


def taken_over_by_the_state(article: Article, s: Sentence, at: int) -> bool:
    """Did Syrian state forces take over the base at token `at` ("دخلت قوات الأمن الداخلي قاعدة
    التنف"، "تسلم الجيش السوري قاعدة الشدادي")? Its handover, named by who received it."""
    lo = article.clause_start(s, at, 14)
    named = [(i, name) for i, name in article.groups_in(s) if lo <= i < at]
    if not named or named[-1][1] not in STATE_FORCES:
        return False
    verbs = article.lex.sets["takeover_verbs"]
    return verbs.any_in(s, max(lo, named[-1][0] - 3), at)


def what_is_brought(article: Article, s: Sentence, at: int) -> str | None:
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
