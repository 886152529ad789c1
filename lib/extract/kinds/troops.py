"""US and coalition troop levels: "نحو 900 جندي", "من 2000 جندي إلى 1400", "إلى
النصف" — past, current or planned. A figure counts troops when a troop noun
follows it, or when it ends a change of a force ("خفض عديد القوات إلى 900")."""
from __future__ import annotations

from typing import Any

from lib import settings
from lib.extract.claims import CASUALTY_KEYS, claim, range_fields
from lib.extract.context import Article
from lib.extract.vocabulary import Gate
from lib.extract.sentence import Sentence
from lib.extract.troop_scope import (article_outside_syria, at_a_site_elsewhere, coalition_troops,
                                     counted_troops_before, force_changed, host_country_at, hosted_by_another_country,
                                     implied_troops, range_start,
                                     placed_in_syria_after_troops, taken_up_to_stay, the_number_of_troops_is,
                                     was_before, with_another_country)
from lib.extract.troop_time import clause_end, movement, movement_when, troop_when
from lib.text.numbers import Quantity, qualifier_after, with_qualifier
from lib.text.textnorm import article_forms, without_conjunction

KIND = "troops"
GATES = (Gate("troop", words=("troop_nouns", "troop_forces_nouns", "weak_troop_nouns", "troop_nouns_after_from")),
         Gate("force", words=("troop_force_words",)),
         Gate("implied", words=("troop_withdraw_verbs", "troop_send_verbs", "future_keep_after")))

_OUR_SIDE = ("US", "coalition")  # group names (lexicon "groups"), most specific first
_POINT_HEDGES = frozenset({"exact", "approx"})  # one figure told with or without "about"
_OTHER_POWERS = frozenset({"Russia", "Turkey", "Iran-backed militias", "Israel"})  # troops not the coalition's
_ARTICLE_FORMS = frozenset(article_forms())  # "الـ" of "ضعف الـ900"


def applies(article: Article, s: Sentence) -> bool:
    # a troop figure has its noun ("900 جندي") or ends a change of a force ("عديد القوات إلى 900")
    gates = s.gates
    return "figure" in gates and ("troop" in gates or (
        "force" in gates and any(h in s.norm for key in ("troop_change_target", "troop_count_anaphora")
                                 for h in article.lex.hints[key])) or (
        # "ستسحب نحو ألف آخرين"، "250 منهم سيبقون": troops implied (lib.extract.troop_scope.implied_troops)
        "implied" in gates and any(h in s.norm for h in article.lex.hints["troops_implied"])))


def extract(article: Article, s: Sentence) -> list[dict[str, Any]]:
    lex = article.lex
    tokens = lex.tokens
    # cheap first test: a figure with a troop noun after it, or one after "إلى";
    # among all figures first, since most sentences fail it there, before their
    # dates (which set some figures aside) are needed
    if not any(_may_count_troops(article, s, q) for q in s.all_quantities):
        return []
    if not any(_may_count_troops(article, s, q) for q in s.quantities):
        return []
    qs = [q for q in s.quantities if not q.ordinal]
    has_change = lex.sets["change_verbs"].any_in(s)
    force_count = any(lex.sets["troop_force_words"].any_in(s, b + 1, b + 3)
                      for _, b in lex.sets["troop_count_nouns"].find(s)) or force_changed(article, s)
    future = lex.sets["future_cues"].any_in(s)
    change_start = tokens["from"] + tokens["amounting_to"]  # "من 2000 جندي"، "عددهم البالغ 2000"
    out: list[dict[str, Any]] = []
    base: Quantity | None = None  # the figure a change starts from ("من 2000 جندي")
    weak_ok = _weak_nouns_ok(article, s)
    told_when: dict[int, str] = {}  # the `when` of each figure told, by its first token
    for q in qs:
        taken_up = False  # the figure is "العدد" taking up a number of troops named before it
        if _after_casualty_word(article, s, q):
            continue  # "أدى إلى مقتل 9 جنود": the dead, not a troop level
        noun = _troop_noun(article, s, q) if not q.fraction else -1
        if noun < 0 and not q.fraction and (weak_ok or counted_troops_before(article, s, q)):
            noun = article.noun_after(s, q, "weak_troop_nouns")  # "نحو 500 عنصر" of US forces
        if noun < 0 and not q.fraction and counted_troops_before(article, s, q):
            noun = article.noun_after(s, q, "counted_person_nouns")  # "عدد القوات الأمريكية ... يبلغ 900 شخص"
        if noun < 0 and not q.fraction:
            noun = _us_forces_after_from(article, s, q)  # "نحو 2000 من القوات الأمريكية"
        before = q.first - 1
        while s.tok(before) in tokens["range_lead"]:  # "إلى ما بين 900 و1000"
            before -= 1
        after_ila = s.tok(before) in tokens["to"]
        moved = movement(article, s, q, noun) if noun >= 0 else None
        if moved in ("part", "elsewhere"):
            continue  # "سحب 1000 جندي من أصل 2000", "أرسلت 300 جندي إضافي إلى المنطقة"
        if noun >= 0 and lex.sets["casualty_after_troops"].any_in(s, noun + 1, noun + settings.TROOP_CASUALTY_AFTER_REACH):
            continue  # "4 جنود أمريكيين قتلوا"، "56 جنديا أمريكيا على الأقل تعرضوا لإصابات": the hurt, no level
        if has_change and (s.tok(q.first) in tokens["by_amount"] or s.tok(q.first - 1) in tokens["by_amount"]):
            continue  # "خفضت قواتها بنحو 500 جندي": by how much, not a level
        if lex.sets["troop_activity_words"].any_in(s, max(0, q.first - 3), q.first) or \
                (noun >= 0 and lex.sets["troop_activity_after"].any_in(s, noun + 1, noun + 4)):
            continue  # "شارك 300 جندي في مناورات"، "1500 جندي أمريكي شاركوا": those taking part, not a level
        whole = noun < 0 and _troop_total(article, s, q, qs)
        if whole:
            noun = q.last  # "سحب 1000 جندي من أصل 2000": 2000 is the level
        elif noun < 0 and not q.fraction and implied_troops(article, s, q, _told_before(article, s)):
            noun = q.last + 1  # "ستسحب نحو ألف آخرين"، "250 منهم سيبقون في سوريا": troops the text is about
            moved = movement(article, s, q, noun)
            if moved in ("part", "elsewhere"):
                continue
        elif noun < 0 and the_number_of_troops_is(article, s, q):
            noun = q.last  # "عدد القوات التي سيتم سحبها ... العدد هو 600"
            taken_up = True
        elif noun < 0 and placed_in_syria_after_troops(article, s, q, qs):
            noun = q.last  # "2500 جندي في العراق، فيما ينتشر في سوريا قرابة 900"
        elif noun < 0 and _listed_after_a_troop_figure(article, s, q, qs):
            noun = q.last  # "2500 جندي في العراق و900 في سوريا": 900 troops
        elif noun < 0 and _ends_a_number_of_troops(article, s, q):
            noun = q.last  # "يقدر عدد الجنود الأمريكيين في سوريا بنحو 900"، "وعددها نحو 900"
        elif noun < 0 and _restated_against_a_troop_figure(article, s, q, qs):
            noun = q.last  # "يبلغ 2000 جندي وليس 900 كما كان معلناً"، "الرقم المعلن سابقاً البالغ 900"
        elif q.fraction and base is not None and s.tok(q.first) in tokens["fraction_of_them"]:
            noun = q.last  # "سيبقي 400 جندي، نصفهم على الحدود": half of the figure just told
        elif base is None and _share_of_the_troops(article, s, q) and _level_told_before(article, s):
            noun = q.last + 2  # "يقدر أن نحو نصف عدد الجنود سيغادرون": half of the level told before
            before_level = _level_told_before(article, s)
            base = Quantity(before_level, before_level, before_level, "exact", -1, -1)
        elif noun < 0 and has_change and force_count and _changed_from(article, s, q):
            noun = q.last  # "خفضت عدد قواتها من 2000 إلى 900": 2000 is the level it was cut from
        elif noun < 0:
            # A figure without its noun counts troops only as the end of a change
            # ("من 2000 جندي إلى ما يقارب 1400", "عديد القوات إلى 900", "إلى النصف").
            if not (after_ila and has_change and (base is not None or force_count)):
                continue
        if noun >= 0 and (lex.sets["other_country_troops"].any_in(s, noun + 1, noun + 3)
                          or any(host_country_at(article, s, k) for k in range(noun + 1, noun + 5))):
            continue  # Russian/Turkish/... troops, or troops in Iraq, Jordan ...
        if _placed_elsewhere_before(article, s, q):
            continue  # "عدد القوات الأمريكية في العراق ... إلى نحو 2500"
        if at_a_site_elsewhere(article, s, q):
            continue  # "ويخدم في البرج 22 نحو 350 جندياً": a base in Jordan
        if hosted_by_another_country(article, s, q):
            continue  # "يستضيف الأردن، الذي يشترك حدوداً مع سوريا، حوالي 3000 جندي أميركي"
        if noun >= 0 and with_another_country(article, s, noun):
            continue  # "1500 جندي إلى قواعده في سورية والعراق": both countries' figure
        if _deployed_by_another_power(article, s, q, noun):
            continue  # "تنشر روسيا نحو 4000 عسكري"
        if lex.sets["troop_denial_verbs"].any_in(s, article.clause_start(s, q.first, settings.TROOP_DENIAL_REACH), q.first):
            continue  # "ونفى البنتاغون أن يكون عدد قواته قد وصل إلى 3000 جندي": a figure denied is no level
        if lex.sets["other_forces_words"].any_in(s, article.clause_start(s, q.first, settings.TROOP_COUNT_REACH), q.first) and not (
                noun >= 0 and lex.sets["foreign_troop_markers"].any_in(s, noun + 1, noun + 3)):
            continue  # "قوة الأمم المتحدة لمراقبة فض الاشتباك في الجولان نحو 1100 جندي": not the coalition's
        actor = _foreign_actor(article, s)
        if actor is None:
            continue
        if coalition_troops(article, s, noun):
            actor = "coalition"  # "800 إلى 1500 جندي من الحلفاء الأوروبيين"
        if q.qualifier == "vague" and (q.high or 0) < settings.TROOP_VAGUE_LEVEL_MIN:
            continue  # "مئات الجنود": no figure
        if q.fraction:
            if base is None or base.value is None:
                continue
            value = base.value * q.value
            qual = "half_of" if abs(q.value - 0.5) < 1e-9 else "approx"
            fields = {"value": value, "low": value, "high": value, "qualifier": qual}
        else:
            after = qualifier_after(s.tokens, (noun if noun >= 0 else q.last) + 1, window=3)
            if after and q.qualifier == "exact":
                q = with_qualifier(q, after)
            fields = range_fields(q)
            low = range_start(article, s, q, qs, has_change) if noun >= 0 else None
            if low is not None:  # "بين 500 إلى 600 عسكري"، "نحو 800 إلى 1500 جندي"
                fields = {"value": None, "low": low.low if low.low is not None else low.value,
                          "high": q.high if q.high is not None else q.value, "qualifier": "range"}
        # (a range by its high end: "ما بين 40 و50 ألف جندي في المنطقة")
        if max(v for v in (fields.get("value"), fields.get("low"), fields.get("high"), 0) if v is not None) > \
                settings.TROOP_LEVEL_IN_SYRIA_MAX and (lex.sets["deployment_elsewhere"].any_in(s)
                                                        or not _names_syria(article, s)):
            continue  # "عدد الجنود في المنطقة نحو 40 ألف جندي"، "يخدم في الجيش الأمريكي مليون جندي": not Syria's
        when = movement_when(article, s, q, moved) if moved else troop_when(article, s, q, after_ila, has_change)
        if q.fraction and base is not None and s.tok(q.first) in tokens["fraction_of_them"]:
            when = told_when.get(base.first, when)  # a part of that figure holds when it does
        if q.fraction and base is not None and base.first < 0 and \
                lex.sets["future_cues"].any_in(s, q.last + 1, clause_end(article, s, q.last + 1)):
            when = "planned"  # "نصف عدد الجنود سيغادرون": the level after they leave
        if taken_up and taken_up_to_stay(article, s, q):
            when = "planned"  # "عدد القوات التي ستبقى ... الرقم هو 300"
        elif taken_up and was_before(article, s, q) and future:
            when = "current"  # "سيخفض عددهم إلى أقل من ألف، بعد أن كان نحو ألفين": the level cut from, now
        told_when[q.first] = when
        if whole and when == "planned":
            when = "current"  # the whole a decided withdrawal is part of is there now
        if (not after_ila and has_change and s.tok(q.first - 1) in change_start) or \
                (any(s.tok(k) in tokens["amounting_to"] for k in range(q.first - 2, q.first)) and has_change):
            base = q
        elif base is None and noun >= 0:
            base = q
        out.append(claim(KIND, s, when=when, actor=actor, **fields))
    levels = [(c["value"], None) for c in out if c["when"] != "planned" and c["qualifier"] in _POINT_HEDGES]
    if levels:
        article.counted.setdefault(KIND, []).append((s.index, levels, None))
    return out


def _deployed_by_another_power(article: Article, s: Sentence, q: Quantity, noun: int) -> bool:
    """Is the side named last before the figure, in its clause, another power than the
    US and the coalition ("فيما تحتفظ روسيا بنحو 3 آلاف جندي"), and the troops not
    said to be American ("مقابل 2000 جندي أمريكي")?"""
    if noun >= 0 and article.lex.sets["foreign_troop_markers"].any_in(s, noun + 1, noun + 3):
        return False
    lo = article.clause_start(s, q.first, settings.TROOP_CLAUSE_REACH)
    named = [name for idx, name in article.groups_in(s) if lo <= idx < q.first]
    # "تنشر الولايات المتحدة قرب الحدود التركية نحو 900 جندي": the US is named in the clause
    return bool(named) and named[-1] in _OTHER_POWERS and not set(_OUR_SIDE) & set(named)


def _after_casualty_word(article: Article, s: Sentence, q: Quantity) -> bool:
    """"مقتل 9 جنود"; or a list of the dead or hurt the figure is part of ("قتل 15 شخصاً بينهم
    تسعة مدنيين و4 جنود أميركيين")."""
    sets, tokens = article.lex.sets, article.lex.tokens
    if q.first > 0 and any(sets[key].match_at(s, q.first - 1) for key in CASUALTY_KEYS):
        return True
    # "ارتفع عدد المصابين من الجنود الأمريكيين إلى 34 جندياً"، "أصيب في الهجوم 34 عسكرياً": the hurt,
    # told in the few words before the figure, in its clause
    near = article.clause_start(s, q.first, settings.TROOP_CASUALTY_REACH)
    if any(sets[key].any_in(s, near, q.first) for key in (*CASUALTY_KEYS, "casualty_before_troops")):
        return True
    lo = max(0, q.first - settings.TROOP_CASUALTY_LIST_REACH)  # (across a comma: "مقتل 11 شخصاً، من بينهم 3 جنود")
    among = [k for k in range(lo, q.first) if s.tok(k) in tokens["among_them"]]
    if among and any(sets[key].any_in(s, lo, among[0]) for key in CASUALTY_KEYS):
        return True
    # "... إلى جانب إصابة\nستة جنود أمريكيين.": a page that breaks its lines inside a sentence puts the
    # casualty word at the end of the line before, which ends with no full stop; the word must end that
    # line, the figure being its object (a title has no full stop either: "مقتل جندي أمريكي وإصابة آخرين
    # بهجوم شرق سوريا\n900 جندي ..." tells its casualties in full)
    prev = article.sentences[s.index - 1] if q.first == 0 and s.index > 0 else None
    if prev is None or prev.text.rstrip()[-1:] in tokens["sentence_final_marks"]:
        return False
    n = len(prev.tokens)
    return any(sets[key].any_in(prev, max(0, n - settings.TROOP_CASUALTY_LINE_END_REACH), n) for key in CASUALTY_KEYS)


def _may_count_troops(article: Article, s: Sentence, q: Quantity) -> bool:
    return not q.ordinal and (s.tok(q.first - 1) in article.lex.tokens["to"]
                              or _troop_noun(article, s, q) >= 0
                              or article.noun_after(s, q, "weak_troop_nouns") >= 0
                              or article.noun_after(s, q, "counted_person_nouns") >= 0
                              or _us_forces_after_from(article, s, q) >= 0
                              or _ends_a_number_of_troops(article, s, q)
                              or implied_troops(article, s, q, _told_before(article, s))
                              or the_number_of_troops_is(article, s, q)
                              or placed_in_syria_after_troops(article, s, q, s.all_quantities)
                              or _share_of_the_troops(article, s, q))


def _troop_noun(article: Article, s: Sentence, q: Quantity) -> int:
    """Token index of the troop noun after q ("2000 جندي"), or -1. "900 قوات أمريكية" is a translated "900
    U.S. troops": Arabic counts 11 and up with a singular noun, so the plural there is the translation's
    "troops"; after 3 to 10 it is the plural Arabic asks for, and "3 قوات أمريكية" is three forces."""
    noun = article.noun_after(s, q, "troop_nouns")
    size = q.high if q.high is not None else q.value
    if noun < 0 and size is not None and size >= settings.TROOP_FORCES_NOUN_MIN:
        noun = article.noun_after(s, q, "troop_forces_nouns")
    return noun


def _share_of_the_troops(article: Article, s: Sentence, q: Quantity) -> bool:
    """"نصف عدد الجنود الأمريكيين": a fraction of the number of troops (a level told before)."""
    return q.fraction and s.tok(q.last + 1) in article.lex.tokens["number_of"] and \
        article.lex.sets["troop_nouns"].match_at(s, q.last + 2)


def _names_syria(article: Article, s: Sentence) -> bool:
    """Does the sentence name Syria as a place ("في سوريا"، "بسوريا"، "شمال سوريا"), not as an adjective
    after a noun ("فصائل سورية حليفة": Syrian factions)?"""
    tokens = article.lex.tokens
    syria, strip = tokens["syria_words"], article.lex.morphology.clitics_before_country
    leads = tokens["inside"] + tokens["from"] + tokens["to"] + tokens["direction_words"]
    for k, t in enumerate(s.tokens):
        word = t.text.lstrip(strip)
        if word in syria and (word != t.text or k == 0 or without_conjunction(s.tok(k - 1), tokens["and_prefix"]) in leads):
            return True
    return False


def _told_before(article: Article, s: Sentence) -> bool:
    """Has an earlier sentence of the article given a troop figure?"""
    return any(index < s.index for index, _, _ in article.counted.get(KIND, []))


def _level_told_before(article: Article, s: Sentence) -> float | None:
    """The last troop level (not planned) an earlier sentence of the article gave, if any."""
    earlier = [figures for index, figures, _ in article.counted.get(KIND, []) if index < s.index]
    return earlier[-1][-1][0] if earlier else None


def _us_forces_after_from(article: Article, s: Sentence, q: Quantity) -> int:
    """Token index of "القوات الأمريكية" in "N من القوات الأمريكية", or -1."""
    i = q.last + 1
    if s.tok(i) in article.lex.tokens["from"] and article.lex.sets["troop_nouns_after_from"].match_at(s, i + 1):
        return i + 1
    return -1


def _troop_total(article: Article, s: Sentence, q: Quantity, qs: list[Quantity]) -> bool:
    """Is q the N of "<troop figure> من أصل N"?"""
    of_total = article.lex.sets["of_total"]
    for k in range(max(0, q.first - 3), q.first):
        n = of_total.match_at(s, k)
        if n and k + n == q.first:
            return any(p.last < k and article.noun_after(s, p, "troop_nouns") == k - 1 for p in qs)
    return False


def _foreign_actor(article: Article, s: Sentence) -> str | None:
    names = {n for _, n in article.groups_in(s)}
    for name in _OUR_SIDE:
        if name in names:
            return name
    if names & _OTHER_POWERS:
        return None
    for name in _OUR_SIDE:
        if name in article.article_groups:
            return name
    return None


def _weak_nouns_ok(article: Article, s: Sentence) -> bool:
    """May "عنصر" count troops here: the sentence names the US or the coalition, and
    no other armed side ("عناصر داعش", "عناصر قسد")?"""
    names = {n for _, n in article.groups_in(s)}
    return bool(names & set(_OUR_SIDE)) and not names - set(_OUR_SIDE)


def _placed_elsewhere_before(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is the figure's clause about troops in another country, named before it ("عدد
    القوات الأمريكية في العراق ... إلى نحو 2500"), with Syria not named after that?"""
    lex = article.lex
    inside, syria = lex.tokens["inside"], lex.tokens["syria_words"]
    strip = lex.morphology.clitics_before_country
    and_prefix = lex.tokens["and_prefix"][0]
    if any(s.tok(k).lstrip(strip) in syria for k in range(q.last + 1, q.last + 5)):
        return False  # "... و900 جندي في سوريا"
    found = -1
    for k in range(max(0, q.first - settings.TROOP_ELSEWHERE_REACH), q.first):
        t = s.tok(k)
        glued = len(t) - len(t.lstrip(strip))  # the letters glued before the country's name
        # "في العراق"، "بالعراق" (one letter glued on); "والأردن" only continuing a placement ("بعد الانسحاب
        # من أفغانستان والعراق" places nothing)
        if host_country_at(article, s, k) and (
                (glued == 0 and without_conjunction(s.tok(k - 1), lex.tokens["and_prefix"]) in inside)
                or (glued == 1 and (t[:1] != and_prefix or found >= 0))):
            found = k
        elif found >= 0 and t.lstrip(strip) in syria:
            found = -1
    return found >= 0


def consolidate(article: Article, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A figure stated twice in an article ("نحو 900 جندي" ... "900 جندي رسمياً") is one
    claim: the first, whatever its hedge ("less than 1000" and "half of 2000" stay two) and
    whatever its tense: a level restated later ("الرقم المعلن سابقاً وهو 900" ... "كنت أقول
    لكم إن عدد الجنود 900") is the same item (CONVENTIONS.md), told best where first given."""
    if article_outside_syria(article):
        return []  # an article on Iraq alone: its troop figures are not Syria's
    seen: set[tuple[Any, ...]] = set()
    out = []
    for c in claims:
        hedge = "point" if c.get("qualifier") in _POINT_HEDGES else c.get("qualifier")
        key = (c.get("value"), c.get("low"), c.get("high"), hedge) if hedge != "point" else \
            (c.get("value"), hedge)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def _listed_after_a_troop_figure(article: Article, s: Sentence, q: Quantity, qs: list[Quantity]) -> bool:
    """"2500 جندي في العراق و900 في سوريا"، "نحو 200 جندي في التنف، إضافة إلى 700 في شمال شرق سوريا"، "2500
    جندي في العراق و3000 في الأردن و900 في سوريا"، "45 ألف عسكري في المنطقة، بينهم 2500 في العراق ونحو ألف في
    سوريا": a figure listed by place, back through the figures listed before it to a troop figure heading the
    list, counts troops too (not when the list counts the dead or hurt: "أصيب 20 جندياً في العراق و15 في
    سوريا")."""
    if not _listed_by_place(article, s, q):
        return False
    for p in reversed([p for p in qs if p.last < q.first]):
        noun = _troop_noun(article, s, p)
        if noun >= 0:
            return not (_after_casualty_word(article, s, p) or article.lex.sets["casualty_after_troops"].any_in(
                s, noun + 1, noun + settings.TROOP_CASUALTY_AFTER_REACH))
        if not _listed_by_place(article, s, p):
            return False
    return False


def _listed_by_place(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is q joined to a figure before it by "و" or "إضافة إلى", or opening a list ("منهم"، "بينهم"، "بما في ذلك"),
    and followed by "في" a place?"""
    tokens, sets = article.lex.tokens, article.lex.sets
    joined = s.tok(q.first).startswith(tokens["and_prefix"]) or s.tok(q.first - 1) in tokens["and_prefix"] or \
        any(sets[key].ends_before(s, q.first) for key in ("in_addition_leads", "of_them", "list_including_leads"))
    after = q.last + 2 if s.tok(q.last + 1) in tokens["others_after_figure"] else q.last + 1  # "و900 آخرين في"
    return joined and s.tok(after) in tokens["inside"]


def _ends_a_number_of_troops(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is q the bare figure "the number of the troops" comes to, in its clause ("عدد الجنود
    الأمريكيين في سوريا بنحو 900"، "عديد القوات الأمريكية ... قرابة 2000"، "قواتها، وعددها نحو 900")?
    Nothing but the end of the clause may follow it."""
    lex, tokens = article.lex, article.lex.tokens
    after = s.tok(q.last + 1)
    if after in tokens["only_words"]:  # "أن عددهم 900 فقط"
        after = s.tok(q.last + 2)
    if after and after not in tokens["clause_breaks"] or q.value is None or q.value < settings.TROOP_BARE_MIN:
        return False
    start = s.tokens[q.first].start
    if any(p.start <= start < p.end for p in s.places):
        return False  # "عدد العسكريين في البرج 22": a name
    lo = article.clause_start(s, q.first, settings.TROOP_COUNT_REACH)
    counted = any(lex.sets["troop_force_words"].any_in(s, i + 1, i + 3)
                  for i in lex.sets["troop_count_nouns"].starts(s) if lo <= i < q.first)
    # "قواتها في سوريا، وعددها نحو 900": the count is the clause's own, the force just before it
    own_words = tokens["number_of_them"] + tokens["force_size_of_them"]  # "وعددها نحو 900"، "التي يبلغ قوامها قرابة 2000"
    own_at = [k for k in range(lo, q.first)
              if without_conjunction(s.tok(k), tokens["and_prefix"]) in own_words]
    # the force just before the clause, or troops counted earlier in the sentence ("بوجود 2000 جندي أمريكي
    # في سوريا بعدما كان يقول إن عددهم 900")
    # ("يبلغ عدد الجنود الأمريكيين نحو 2000، بعد أن كانت واشنطن تعلن أن عددهم 900": troops counted by
    # "the number of" earlier in the sentence)
    own = bool(own_at) and (lex.sets["troop_force_words"].any_in(s, max(0, lo - 6), lo) or any(
        p.last < own_at[0] and article.noun_after(s, p, "troop_nouns") >= 0 for p in s.quantities) or any(
        lex.sets["troop_force_words"].any_in(s, i + 1, i + 3) for i in lex.sets["troop_count_nouns"].starts(s)
        if i < lo))
    return counted or own


def _restated_against_a_troop_figure(article: Article, s: Sentence, q: Quantity, qs: list[Quantity]) -> bool:
    """A figure set against a troop figure before it: after "وليس"/"بدلاً من", or after "the
    figure" ("الرقم المعلن سابقاً البالغ 900")."""
    tokens = article.lex.tokens
    before = [p for p in qs if p.last < q.first and article.noun_after(s, p, "troop_nouns") >= 0]
    if not before:
        return False
    k = q.first - 1
    while k > before[-1].last and s.tok(k) in tokens["from"] + tokens["amounting_to"]:
        k -= 1  # "بدلاً من 900"، "البالغ 900"
    if s.tok(k) in _ARTICLE_FORMS:
        k -= 1  # "أكثر من ضعف الـ900 المعلنين سابقاً": the multiple of a figure told before
    return s.tok(k) in tokens["instead_of"] or s.tok(k) in article.lex.word_sets["multiple_words"] or any(
        s.tok(i) in tokens["figure_words"] for i in range(max(before[-1].last + 1, k - 4), k + 1))


def _changed_from(article: Article, s: Sentence, q: Quantity) -> bool:
    """"من 2000 إلى 900": the figure after "من" with "إلى" and a figure right after it."""
    tokens = article.lex.tokens
    return s.tok(q.first - 1) in tokens["from"] and s.tok(q.last + 1) in tokens["to"]
