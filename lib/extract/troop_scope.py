"""Which troop figures are Syria's and whose: the shapes of a figure that the main
troop rule (lib.extract.kinds.troops) reads through these helpers.

- A range written "بين 500 إلى 600" or "نحو 800 إلى 1500 جندي" (not a change "من X إلى Y").
- Coalition troops: "1500 جندي من الحلفاء الأوروبيين" are the coalition's, not the US's.
- "عنصر" counts troops when the figure ends "عدد الجنود الأمريكيين ... نحو 900 عنصر",
  even in a sentence that names ISIS.
- A figure sent to, or standing in, Syria and another country together ("1500 جندي
  إلى قواعده في سورية والعراق") is no level in Syria.
- A figure describing a base just named outside Syria, after a comma ("البرج 22، قاعدة
  عسكرية تضم نحو 350 عسكرياً") is that base's.
- An article that names no place in Syria, but another country, gives no troop level
  in Syria (an article on the coalition in Iraq).
"""
from __future__ import annotations

from lib import settings
from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.numbers import Quantity
from lib.text.places import SYRIA, country_of
from lib.text.textnorm import without_conjunction

_COUNTRY_KINDS = frozenset({"country", "region"})  # places too wide to place a figure at a site


def range_start(article: Article, s: Sentence, q: Quantity, qs: list[Quantity], has_change: bool) -> Quantity | None:
    """The low end of "بين 500 إلى 600 عسكري" or "نحو 800 إلى 1500 جندي" when q is its high end:
    the figure just before "إلى", led by "بين" (or "من" after a verb of ranging, "يتراوح"), or
    hedged and not after "من" in a sentence with no change of a force (where "من 2000 إلى 1400"
    is a cut)."""
    tokens = article.lex.tokens
    if s.tok(q.first - 1) not in tokens["to"]:
        return None
    low = next((p for p in qs if p.last == q.first - 2 and not p.fraction), None)
    if low is None or low.value is None or q.value is None or low.value >= q.value:
        return None
    lead = s.tok(low.first - 1)
    if lead in tokens["range_lead"]:
        return low
    if lead in tokens["from"] and article.lex.sets["range_verbs"].any_in(s, 0, low.first):
        return low  # "يتراوح عددهم من 900 إلى 1000 جندي"
    hedged = low.qualifier == "approx" or lead in tokens["by_amount"]
    return low if hedged and not has_change and lead not in tokens["from"] else None


def coalition_troops(article: Article, s: Sentence, noun: int) -> bool:
    """"جندي من الحلفاء الأوروبيين"، "عسكري من دول التحالف": the coalition's soldiers."""
    return noun >= 0 and s.tok(noun + 1) in article.lex.tokens["from"] and \
        article.lex.sets["coalition_troop_markers"].match_at(s, noun + 2) > 0


def counted_troops_before(article: Article, s: Sentence, q: Quantity) -> bool:
    """Does the figure's clause count our troops before it ("عدد الجنود الأمريكيين ... سيكون
    أقل من ألف عنصر"), so that "عنصر" after the figure restates them?"""
    lex = article.lex
    lo = article.clause_start(s, q.first, settings.TROOP_COUNT_NOUN_REACH)
    for i in lex.sets["troop_count_nouns"].starts(s):
        if lo <= i < q.first and lex.sets["troop_force_words"].any_in(s, i + 1, i + 3):
            # whose troops: said right after "عدد الجنود" ("الأمريكيين"، "التحالف"), not left to guess
            # ("عدد القوات التابعة لها" in a sentence about the SDF)
            return lex.sets["foreign_troop_markers"].any_in(s, i + 1, i + 1 + settings.TROOP_OWNER_REACH)
    # "كافة القوات الأمريكية في شمال سوريا، البالغ عددها نحو 1000 عنصر": the clause numbers our force,
    # named (with whose it is) at the end of the clause before
    if lo > 0 and numbers_the_force_before(article, s, lo, q.first):
        before = article.clause_start(s, lo - 1, settings.TROOP_COUNT_NOUN_REACH)
        return any(lex.sets["foreign_troop_markers"].any_in(s, i + 1, i + 1 + settings.TROOP_OWNER_REACH)
                   for i in lex.sets["troop_force_words"].starts(s) if before <= i < lo)
    return False


def numbers_the_force_before(article: Article, s: Sentence, lo: int, first: int) -> bool:
    """Is the clause [lo, first) before the figure only "البالغ عددها" / "وعددهم" ("لجميع القوات الأميركية،
    البالغ عددها 1000 جندي"): the number of the force the clause before names?"""
    tokens = article.lex.tokens
    words = tokens["amounting_to"] + tokens["number_of_them"]
    bare = [without_conjunction(s.tok(k), tokens["and_prefix"]) for k in range(lo, first)]  # "وعددهم" -> "عددهم"
    return first > lo and any(w in tokens["number_of_them"] for w in bare) and all(w in words for w in bare)


def force_changed(article: Article, s: Sentence) -> bool:
    """Does a verb of change govern a force ("خفضت واشنطن قواتها"، "تقليص القوات الأمريكية"), so
    that "من 2000 إلى 1400" after it counts troops as "خفض عدد القوات" does? The force must follow
    the verb closely: "ارتفع عدد الهجمات على القوات" changes the attacks."""
    sets = article.lex.sets
    return any(sets["troop_force_words"].any_in(s, i + 1, i + 1 + settings.TROOP_CHANGED_FORCE_REACH)
               for i in sets["change_verbs"].starts(s))


def placed_in_syria_after_troops(article: Article, s: Sentence, q: Quantity, qs: list[Quantity]) -> bool:
    """"يتمركز في العراق نحو 2500 جندي، فيما ينتشر في سوريا قرابة 900": a bare figure ending its
    clause, with "في سوريا" just before it, after a figure with its troop noun counts troops too."""
    tokens = article.lex.tokens
    after = s.tok(q.last + 1)
    if after and after not in tokens["clause_breaks"]:
        return False
    lo = max(0, q.first - settings.TROOP_PLACED_REACH)
    in_syria = any(without_conjunction(s.tok(k), tokens["and_prefix"]) in tokens["inside"] and s.tok(k + 1) in tokens["syria_words"]
                   for k in range(lo, q.first))  # "في سوريا"، "وفي سوريا"
    return in_syria and any(p.last < lo and article.noun_after(s, p, "troop_nouns") >= 0 for p in qs)


def the_number_of_troops_is(article: Article, s: Sentence, q: Quantity) -> bool:
    """"لم يحدد البنتاغون عدد القوات التي سيتم سحبها، لكن الصحيفة ذكرت أن العدد هو 600": a bare
    figure right after "العدد"/"الرقم" (and a copula), or after "أن كان", that ends its clause takes
    up the number of troops the sentence named before it."""
    lex, tokens = article.lex, article.lex.tokens
    after = s.tok(q.last + 1)
    if after and after not in tokens["clause_breaks"] or q.value is None:
        return False
    lo = max(0, q.first - settings.TROOP_ANAPHOR_REACH)
    # "العدد هو 600"، "الرقم يبلغ 900"; "... إلى أقل من ألف، بعد أن كان نحو ألفين" (the number it was)
    the_number = [k for k in range(lo, q.first) if s.tok(k) in tokens["figure_words"]
                  or s.tok(k) in tokens["was_before_figure"] and s.tok(k - 1) in tokens["complementizers"]]
    if not the_number:
        return False
    # whose troops: said after "عدد القوات", or no side but ours named in the sentence
    ours = {name for _, name in article.groups_in(s)} <= {"US", "coalition"}
    return any(lex.sets["troop_force_words"].any_in(s, i + 1, i + 3) and
               (ours or lex.sets["foreign_troop_markers"].any_in(s, i + 1, i + 1 + settings.TROOP_OWNER_REACH))
               for i in lex.sets["troop_count_nouns"].starts(s) if i < the_number[0])


def was_before(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is the figure told as what the number was ("بعد أن كان نحو ألفين")?"""
    tokens = article.lex.tokens
    return any(s.tok(k) in tokens["was_before_figure"] and s.tok(k - 1) in tokens["complementizers"]
               for k in range(max(0, q.first - settings.TROOP_ANAPHOR_REACH), q.first))


def taken_up_to_stay(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is the number of troops "العدد" takes up that of troops to stay ("عدد القوات التي ستبقى
    ... الرقم هو 300": planned), rather than troops to leave (there now)?"""
    lex = article.lex
    return any(lex.sets["future_keep_after"].any_in(s, i + 1, i + 1 + settings.TROOP_STAY_REACH)
               for i in lex.sets["troop_count_nouns"].starts(s) if i < q.first)


def implied_troops(article: Article, s: Sentence, q: Quantity, level_told: bool) -> bool:
    """A figure with no noun whose troops the text implies: "N آخرين" right after a verb that
    withdraws or sends troops ("ستسحب نحو ألف آخرين من سوريا"), or "N منهم" with a verb of staying
    after it, once the article has given a troop level (`level_told`: "فإن 250 منهم سيبقون في سوريا"),
    or right after a verb of staying with a troop figure before it ("من أصل 2000 جندي، سيبقى 1000")."""
    lex, tokens = article.lex, article.lex.tokens
    after = s.tok(q.last + 1)
    if after in tokens["others_after_figure"]:
        lo = max(0, q.first - settings.TROOP_MOVER_REACH)
        return lex.sets["troop_withdraw_verbs"].any_in(s, lo, q.first) or lex.sets["troop_send_verbs"].any_in(s, lo, q.first)
    if after in tokens["among_them"] and lex.sets["future_keep_after"].any_in(s, q.last + 2, q.last + 4):
        return level_told
    # "من أصل 2000 جندي في سوريا، سيبقى 1000 فقط": right after a verb of staying, with a troop figure before
    if lex.sets["stay_verbs_before"].any_in(s, max(0, q.first - 1), q.first):
        return any(p.last < q.first and article.noun_after(s, p, "troop_nouns") >= 0 for p in s.quantities)
    return False


def host_country_at(article: Article, s: Sentence, k: int) -> bool:
    """Does token k name another country that hosts troops ("العراق"، "بالأردن"، "المملكة" for Saudi
    Arabia), not the first word of a coalition member's name ("المملكة المتحدة": the UK)?"""
    lex = article.lex
    return s.tok(k).lstrip(lex.morphology.clitics_before_country) in lex.word_sets["other_host_countries"] and \
        not lex.sets["other_host_country_exceptions"].match_at(s, k)


def with_another_country(article: Article, s: Sentence, noun: int) -> bool:
    """Is the first country named after the troop noun, in its clause, Syria joined with
    another ("في العراق وسورية"، "إلى سوريا والعراق")? A figure of both is none of Syria's."""
    lex = article.lex
    syria = lex.tokens["syria_words"]
    strip = lex.morphology.clitics_before_country
    marks = lex.tokens["clause_breaks"]
    k = noun + 1
    while k < min(len(s.tokens), noun + settings.TROOP_DESTINATION_REACH) and s.tok(k) not in marks:
        word = s.tok(k).lstrip(strip)
        host = host_country_at(article, s, k)
        if word in syria or host:
            other = s.tok(k + 1)
            joined = other.startswith(lex.tokens["and_prefix"][0]) and len(other) > 1
            nxt = other[1:].lstrip(strip) if joined else ""
            return (word in syria and joined and host_country_at(article, s, k + 1)) or (host and nxt in syria)
        k += 1
    return False


def site_clause_start(article: Article, s: Sentence, lo: int) -> int:
    """Where to look for the site a figure is placed at: the figure's clause, or the one
    before it when the clause describes a base named there ("البرج 22، قاعدة عسكرية تضم")."""
    if lo <= 0:
        return lo
    words = article.lex.sets["base_words"]
    lead = next((k for k in range(lo, min(lo + 3, len(s.tokens))) if words.match_at(s, k)), -1)
    if lead < 0 or any(s.tok(k) in article.lex.tokens["clause_marks"] for k in range(lo, lead)):
        return lo
    return article.clause_start(s, lo - 1, settings.TROOP_SITE_REACH)


def at_a_site_elsewhere(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is a named site of another country than Syria (Tower 22, Ain al-Asad) in the figure's
    clause (or the clause before it that names the base it describes), a few tokens around it,
    and no Syrian one?"""
    lo = site_clause_start(article, s, article.clause_start(s, q.first, settings.TROOP_SITE_REACH))
    hi = min(len(s.tokens), q.last + settings.TROOP_SITE_REACH)
    countries = {country_of(p.place_id) for p in s.places
                 if p.kind not in _COUNTRY_KINDS and lo <= s.token_at(p.start) < hi}
    countries.discard(None)
    return bool(countries) and SYRIA not in countries


def hosted_by_another_country(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is the figure hosted by another country named as the subject of a verb of hosting before it in the
    sentence ("تستضيف الإمارات حوالي 5000 جندي"، "يستضيف الأردن، الذي يشترك حدوداً مع سوريا، حوالي 3000")?"""
    lex = article.lex
    # every such verb before the figure, not the first only ("تستضيف قطر نحو 10 آلاف جندي، ويستضيف الأردن قرابة 3000")
    # the figure is the verb's object: no other figure and no contrast ("بينما تنشر واشنطن 900") between
    return any(i < q.first and host_country_at(article, s, i + n)
               and not any(i < p.first < q.first for p in s.quantities)
               and not lex.sets["contrast_words"].any_in(s, i + n, q.first)
               for i, n in lex.sets["hosting_verbs"].starts(s).items())


def article_outside_syria(article: Article) -> bool:
    """Does the article name no place in Syria (nor Syria), but another country? Then its
    troop figures are not Syria's ("the coalition in Iraq": its 2,500 US troops)."""
    lex = article.lex
    syria, hosts = lex.tokens["syria_words"], lex.word_sets["other_host_countries"]
    strip = lex.morphology.clitics_before_country
    elsewhere = False
    for s in article.sentences:
        words = {t.text.lstrip(strip) for t in s.tokens}
        if words & set(syria):
            return False
        countries = {country_of(p.place_id) for p in s.places}
        if SYRIA in countries:
            return False
        elsewhere = elsewhere or bool(countries - {None}) or (
            bool(words & hosts) and any(host_country_at(article, s, k) for k in range(len(s.tokens))))
    return elsewhere
