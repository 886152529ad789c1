"""Attack counts: "130 هجمة منذ مطلع العام", "نفذت خلايا داعش 87 عملية", "ارتفع عدد
الهجمات إلى 130", "هجومين", "تعرضت القوات الأمريكية للهجوم 27 مرة", "أكثر من 70
عملية قصف" (by a group other than the US and the coalition); the parts of a count
(lib.extract.counts); and running counts told by an ordinal, "الهجوم هو العاشر من
نوعه منذ مطلع الشهر", "وهو الهجوم الخامس خلال الشهرين الماضيين"."""
from __future__ import annotations

from functools import cached_property, partial
from typing import Any

from lib import settings
from lib.extract.claims import claim, period_fields
from lib.extract.attack_restated import consolidate  # noqa: F401  (the kind's article-wide pass)
from lib.extract.context import Article
from lib.extract.counts import OUR_SIDE, actor_before, count_claims, listed_parts, recent_count, up_to_the_report
from lib.extract.vocabulary import Gate
from lib.extract.sentence import Sentence
from lib.text.numbers import Quantity
from lib.text.textnorm import article_forms, without_conjunction

KIND = "attacks"
GATES = (Gate("attack", stems=("attack_stems",)), Gate("isis_ops", words=("isis_attack_nouns", "isis_attack_dual_nouns")),
         Gate("attack_ops", words=("attack_op_nouns",)),
         Gate("attack_part", words=("of_them", "distribution_leads")),
         Gate("attack_verb", words=("attack_verbs",)), Gate("isis_ops_definite", words=("isis_attack_nouns_definite",)))

_ISIS = "ISIS"  # its group name (lexicon "groups"): its "operations" are attacks
_ARTICLES = frozenset(article_forms())  # "ال" of "الهجوم الـ150"
_DEFINITE = tuple(_ARTICLES)  # a definite ordinal starts with one ("الثالث")
_NOT_TRACKED = frozenset({"Turkey", "Russia", "Israel", "Syrian government", "Syrian security forces", "SDF", "US",
                          "coalition", "HTS"})  # group names whose attacks are not counted
_ATTACKERS_OF_US = ("Iran-backed militias",)  # group names whose "operations" against US forces are attacks
_BASE_KINDS = frozenset({"base", "oil_field", "gas_field"})  # gazetteer kinds of a site attacks hit
_STRIKES = "strikes"  # the kind a count launched by US or coalition forces is (lib.extract.kinds.strikes)


class _Checks:
    """The checks on one sentence that applies, extract and both passes of _more_hits (all figures, then
    those outside a range) each ask: worked out once, when first asked. Built anew by each call of
    applies and extract, never kept longer: two of them read the counts made so far (recent_count),
    which the sentence's own count adds to at the end of count_claims."""

    def __init__(self, article: Article, s: Sentence) -> None:
        self.article, self.s = article, s

    @cached_property
    def tells_isis_ops(self) -> bool:
        """Does the sentence name ISIS's "operations" (gate isis_ops), or the definite "العمليات" right
        after a count of them ("وتبنى التنظيم 30 من هذه العمليات")? Alone the definite noun names none
        ("قيادة العمليات المشتركة"، "قائد العمليات"), and it opens no lead-in (_tells_attacks)."""
        s = self.s
        return "isis_ops" in s.gates or ("isis_ops_definite" in s.gates and recent_count(self.article, s, KIND))

    @cached_property
    def names_an_operator(self) -> bool:
        return _names_an_operator(self.article, self.s)

    @cached_property
    def after_isis_operations(self) -> bool:
        """Was ISIS's count of operations given a few sentences before ("نفذ داعش 185 عملية")?
        Then "دير الزور: سجلت 157 عملية" counts them too."""
        return recent_count(self.article, self.s, KIND, back=settings.ATTACK_ISIS_OPS_BACK, actor=_ISIS)

    @cached_property
    def unattributed(self) -> bool:
        """In an article about ISIS, a sentence naming no one who acts ("وقتل 17 شخصاً في 7 عمليات خلال
        72 ساعة"، "نفذت الخلايا 12 عملية ضد قسد": only the side hit is named): its operations are ISIS's."""
        if _ISIS not in self.article.article_groups:
            return False
        actor, _ = self.article.roles(self.s)
        return actor is None or actor == _ISIS

    @cached_property
    def carried(self) -> str | None:
        """When the sentence tells ISIS-style operations and names no group, the group that attacks US
        forces ("المقاومة الإسلامية في العراق") the sentence before names as the actor: "وبذلك يرتفع عدد
        العمليات التي نفذتها منذ 7 أكتوبر إلى 170 عملية" counts its operations."""
        if not self.tells_isis_ops:
            return None
        actor = actor_before(self.article, self.s, back=1)
        return actor if actor in _ATTACKERS_OF_US else None


def applies(article: Article, s: Sentence) -> bool:
    gates, tokens = s.gates, article.lex.tokens
    times = any(t in s.norm for t in tokens["times_nouns"] + tokens["times_dual"])
    checks = _Checks(article, s)
    if not ("attack" in gates or "attack_ops" in gates or (
            checks.tells_isis_ops and (checks.names_an_operator or checks.after_isis_operations
                                       or checks.unattributed or checks.carried is not None))
            or ("attack_part" in gates and recent_count(article, s, KIND))
            or ("attack_verb" in gates and times)
            or ("attack_verb" in gates and "figure" in gates and _of_its_kind_words(article, s))):
        return False
    if _under_a_heading_ordinal(article, s):
        return True
    # a figure, or a dual that is its own figure ("هجومين"، "مرتين")
    return "figure" in gates or article.names_dual(s, "attack_dual_nouns") or \
        any(t in s.norm for t in tokens["times_dual"]) or ("isis_ops" in gates and article.names_dual(s, "isis_attack_dual_nouns"))


def _of_its_kind_words(article: Article, s: Sentence) -> bool:
    """Does "من نوعه/نوعها" occur in the sentence ("في حادثة هي الثامنة من نوعها ... هاجمت طائرة"; not
    "عمليات نوعية")?"""
    tokens = article.lex.tokens
    return any(s.tok(k) in tokens["from"] and s.tok(k + 1).startswith(tokens["of_its_kind_prefixes"])
               for k in range(len(s.tokens) - 1))


def _under_a_heading_ordinal(article: Article, s: Sentence) -> bool:
    """Does the sentence open with an attack noun right under a short line that opens with an ordinal
    (a heading "الثاني خلال يومين.. هجوم صاروخي على قاعدة عسكرية أمريكية", split at "..")?"""
    if s.index == 0 or "attack" not in s.gates:
        return False
    prev = article.sentences[s.index - 1]
    return "figure" in prev.gates and len(prev.norm) <= settings.ATTACK_HEADING_CHARS and \
        article.lex.sets["attack_nouns"].match_at(s, 0) > 0 and \
        any(q.ordinal and q.first == 0 for q in prev.quantities) and \
        (bool(prev.dates) or "date" in prev.gates or _of_its_kind_words(article, prev))  # it counts over a span


def _heading_ordinal_claims(article: Article, nxt: Sentence) -> list[dict[str, Any]]:
    """"الثاني خلال يومين.." over "هجوم صاروخي على قاعدة ...": the heading's ordinal counts the attack
    the next sentence tells, over the period the heading gives."""
    s = article.sentences[nxt.index - 1]
    out = []
    for q in s.quantities:
        if not q.ordinal or q.first != 0 or q.value is None or q.value < 2:
            continue
        ref = up_to_the_report(article, s, article.period_for(s, q, []), ordinal=True)
        actor, target = article.roles(nxt)
        if actor in OUR_SIDE:
            actor, target = None, target or actor
        out.append(claim(KIND, s, value=q.value, low=q.value, high=q.value, qualifier="exact",
                         actor=actor, target=target, cumulative=True, **period_fields(ref)))
    return out


def extract(article: Article, s: Sentence) -> list[dict[str, Any]]:
    heading = _heading_ordinal_claims(article, s) if _under_a_heading_ordinal(article, s) else []
    checks = _Checks(article, s)
    carried = checks.carried
    out = heading + count_claims(article, s, KIND, "attack_nouns", "attack_dual_nouns",
                                 more_hits=partial(_more_hits, checks), default_actor=_ISIS, tells_events=_tells_attacks,
                                 set_aside=_foiled)
    if "figure" in s.gates:
        out += ordinal_attacks(article, s)
    if carried is not None:
        for c in out:
            c["actor"] = c.get("actor") or carried  # the group the sentence before names
    # US forces named in a count of attacks are their target, never their author ("تعرضت القوات
    # الأمريكية وقوات التحالف للهجوم 27 مرة")
    # ("شنت الولايات المتحدة ثلاث هجمات على مواقع في سوريا": launched by them, they are strikes)
    launched = any(c.get("actor") in OUR_SIDE for c in out) and _launched_by_our_side(article, s)
    for c in out:
        if c.get("actor") in OUR_SIDE and launched:
            c["kind"] = _STRIKES
        elif c.get("actor") in OUR_SIDE:
            c["actor"], c["target"] = None, c.get("target") or c["actor"]
    # the attacks tracked are ISIS's and those on US forces (by Iran-backed or unnamed groups);
    # a state's or the SDF's attacks ("شنت القوات التركية 50 هجوماً") are not. A state named in a
    # count of attacks on US forces is not their author ("منذ بدء الحرب الإسرائيلية على غزة، وقع
    # أكثر من 140 هجوماً على القوات الأمريكية"): they are an unnamed group's
    for c in out:
        if c.get("actor") in _NOT_TRACKED and c.get("target") in OUR_SIDE:
            c["actor"] = None
    return [c for c in out if c.get("actor") not in _NOT_TRACKED or c["kind"] == _STRIKES]


def _foiled(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is the count `q` the object of a verb of foiling a few tokens before it ("وأحبطت قوات الأمن 12
    هجوماً"، "إحباط 8 هجمات"): attacks foiled, none carried out? Not when a clause break or a preposition
    stands between ("إحباط الهجوم عبر 5 غارات": the figure is another noun's)."""
    tokens = article.lex.tokens
    foiled = article.lex.word_sets["foiled_words"]  # stems; "وأحبطت"، "بإحباط" with a letter glued on

    def foils(word: str) -> bool:
        return without_conjunction(without_conjunction(word, tokens["and_prefix"]), tokens["glued_prepositions"]) in foiled
    verb = next((k for k in range(q.first - 1, max(0, q.first - settings.ATTACK_FOILED_BEFORE) - 1, -1)
                 if foils(s.tok(k))), None)
    if verb is None:
        return False
    stops = tokens["clause_breaks"] + tokens["inside"] + tokens["around_words"] + tokens["breakdown_targets"]
    return not any(s.tok(k) in stops for k in range(verb + 1, q.first))


def _launched_by_our_side(article: Article, s: Sentence) -> bool:
    """Is US or coalition forces the subject of a verb of launching, right before it ("شنت الولايات
    المتحدة ثلاث هجمات"، "ونفذ التحالف الدولي 5 هجمات") or after it in its clause ("القوات الأمريكية قد
    نفذت 3 هجمات"): their attacks are strikes, not attacks on them?"""
    tokens = article.lex.tokens
    launch, breaks = tokens["launch_verbs"], tokens["clause_breaks"]
    # ("الهجمات ... التي نفذتها القوات الأمريكية": a verb with its object glued, before its subject)
    launch_before = launch + tokens["launch_verbs_of_it"]
    for idx, name in article.groups_in(s):
        if name not in OUR_SIDE:
            continue
        if any(without_conjunction(s.tok(k), tokens["and_prefix"]) in launch_before
               for k in range(max(0, idx - settings.ATTACK_LAUNCH_GAP), idx)):
            return True
        for k in range(idx + 1, min(len(s.tokens), idx + 1 + settings.ATTACK_LAUNCH_AFTER)):
            if s.tok(k) in breaks:
                break
            if without_conjunction(s.tok(k), tokens["and_prefix"]) in launch:
                return True
    return False



def _names_isis(article: Article, s: Sentence) -> bool:
    """Does the sentence name ISIS ("داعش"; "التنظيم" in an article that names it)?"""
    return "group:" + _ISIS in s.gates or ("agroup:" + _ISIS in s.gates and _ISIS in article.article_groups)


def _tells_attacks(article: Article, s: Sentence) -> bool:
    """Does the sentence tell attacks (a lead-in to a count after it): an attack noun, or "operations"
    with a group whose operations are attacks ("ونفذت خلايا التنظيم عمليات عدة"; not "غرفة عمليات الفتح
    المبين"، "قيادة العمليات المشتركة")?"""
    gates = s.gates
    return "attack" in gates or "attack_ops" in gates or ("isis_ops" in gates and _names_an_operator(article, s))



def _names_an_operator(article: Article, s: Sentence) -> bool:
    """Does the sentence name a group whose "operations" are attacks (ISIS, Iran-backed factions),
    or US or coalition forces (operations against them are attacks: `_more_hits` keeps those)?"""
    return _names_isis(article, s) or any("group:" + g in s.gates for g in _ATTACKERS_OF_US + OUR_SIDE)




def _more_hits(checks: _Checks, article: Article, s: Sentence, qs: list[Quantity],
               hits: list[Quantity]) -> list[Quantity]:
    """Figures that count attacks without an attack noun after them (`checks`: the sentence's, from extract)."""
    more: list[Quantity] = []
    tokens, sets = article.lex.tokens, article.lex.sets
    isis_named = _names_isis(article, s)
    unattributed, carried = checks.unattributed, checks.carried
    if checks.tells_isis_ops and (checks.names_an_operator or checks.after_isis_operations or unattributed
                                  or carried is not None):
        # monitors count ISIS "operations": "نفذت خلايا داعش 87 عملية"; operations
        # against it ("3 عمليات إنزال ضد خلايا داعش") are not its attacks
        operations = [q for q in qs if q not in hits and article.noun_after(s, q, "isis_attack_nouns") >= 0
                      and not sets["non_attack_operations"].any_in(s, q.last + 2, q.last + 3)]
        # "تبنى داعش عمليتين ضد قسد": a dual of operations is its own figure, 2 ("عمليتين أمنيتين" is not)
        if article.names_dual(s, "isis_attack_dual_nouns"):
            operations += [Quantity(2.0, 2.0, 2.0, "exact", a, b) for a, b in sets["isis_attack_dual_nouns"].find(s)
                           if not sets["non_attack_operations"].any_in(s, b + 1, b + 2)]
        actor, target = article.roles(s)
        # ISIS's operations; and any group's against US forces ("نفذت المقاومة الإسلامية 70 عملية ضد
        # القواعد الأمريكية"), but not the US's or the coalition's own
        # (a list by province after ISIS's count: "دير الزور: شهدت 180 عملية أسفرت عن مقتل ... 4 من عناصر
        # التنظيم" names ISIS among the dead, and is still its operations)
        # ("تم تنفيذ 59 عملية ضد داعش": with no one named acting, operations against ISIS are not its own)
        if operations and (actor == _ISIS or (not isis_named and actor is None)
                           or (actor is None and ((unattributed and target != _ISIS)
                                                  or checks.after_isis_operations))
                           or (actor not in OUR_SIDE and (actor in _ATTACKERS_OF_US or target in OUR_SIDE))
                           or (actor is None and carried is not None)):
            more += operations
    found = hits + more
    if "attack_ops" in s.gates:
        # "أكثر من 70 عملية قصف": an operation of shelling is an attack, unless the US or the coalition's
        ops = [q for q in qs if q not in found and article.noun_after(s, q, "attack_op_nouns") >= 0]
        if ops and article.roles(s)[0] not in OUR_SIDE:
            more += ops
            found = hits + more
    # "تعرضت القوات الأمريكية للهجوم 27 مرة": times, after an attack word; "استهدفت الفصائل القوات
    # الأمريكية 40 مرة"، "استهدفت قاعدة حقل العمر ثلاث مرات": after a verb of attacking US forces or a
    # base; "للهجوم مرتين": twice, a dual that is its own figure
    attack = sets["attack_nouns"]
    twice = [Quantity(2.0, 2.0, 2.0, "exact", i, i) for i, t in enumerate(s.tokens) if t.text in tokens["times_dual"]]
    more += [q for q in qs + twice if q not in found
             and (s.tok(q.last + 1) in tokens["times_nouns"] or q in twice) and _times_attacked(article, s, q)]
    found = hits + more
    # "ارتفع عدد الهجمات إلى 130"، "بلغ عدد هجمات داعش 87": a bare figure after "the number of attacks"
    more += [q for q in qs if q not in found and _ends_a_number_of_attacks(article, s, q)]
    found = hits + more
    # "75 هجوماً في سوريا من أصل 153": the whole is a count too
    of_total = sets["of_total"]
    more += [q for q in qs if q not in found and any(
        of_total.match_at(s, k) and k + of_total.match_at(s, k) == q.first and any(h.last < k for h in found)
        for k in range(max(0, q.first - 3), q.first))]
    found = hits + more
    # "ونُفذ 180 منها بعبوات ناسفة" after a count in the sentence before: a part of it
    if "attack_part" in s.gates and recent_count(article, s, KIND):
        of_them = sets["of_them"]
        # (the first figure of its sentence: in "292 آلية، 172 منها" the part is of the vehicles)
        more += [q for q in qs if q not in found and of_them.match_at(s, q.last + 1)
                 and not any(p.last < q.first for p in s.quantities)]
        found = hits + more
        # "توزعت على النحو التالي: 4 على قاعدة التنف، و5 على قاعدة حقل العمر" after the count
        if article.lex.sets["distribution_leads"].any_in(s, 0, settings.COUNT_LIST_LEAD):
            more += [q for q in listed_parts(article, s, 0) if q not in found]
            found = hits + more
        # "فقد توزعت العمليات على 3 في الرقة و13 في دير الزور": no colon, the lead further on
        more += [q for q in _distributed_parts(article, s, qs) if q not in found]
        found = hits + more
    # "وأوضحت أن 5 من العمليات نفذت في دير الزور" after the count: a part of it (its list goes on
    # in lib.extract.counts._breakdown: "و3 في الرقة")
    if any(s.tok(q.last + 1) in tokens["from"] for q in qs) and recent_count(article, s, KIND):
        more += [q for q in qs if q not in found and _of_the_attacks(article, s, q)]
        found = hits + more
    # "و4 مرات في سوريا" after "12 مرة في العراق": the times of another place
    more += [q for q in qs if q not in found and s.tok(q.last + 1) in tokens["times_nouns"]
             and any(h.last + 1 < len(s.tokens) and s.tok(h.last + 1) in tokens["times_nouns"] and h.last < q.first
                     for h in found)]
    return more


def _of_the_attacks(article: Article, s: Sentence, q: Quantity) -> bool:
    """"5 من العمليات" after a count: a part of it, unless the operations are named as no attacks ("3 من
    العمليات الأمنية") or a group other than ISIS leads the clause ("واعتقل التحالف 20 شخصا في 3 من
    العمليات": its operations)."""
    if s.tok(q.last + 1) not in article.lex.tokens["from"]:
        return False  # ("5 عمليات" is no part: the count's own noun)
    noun = max(article.noun_after(s, q, key) for key in ("attack_nouns", "isis_attack_nouns", "isis_attack_nouns_definite"))
    if noun < 0 or article.lex.sets["non_attack_operations"].any_in(s, noun + 1, noun + 2):
        return False
    lo = article.clause_start(s, q.first, q.first)
    return not any(name != _ISIS for i, name in article.groups_in(s) if lo <= i < q.first)


def _distributed_parts(article: Article, s: Sentence, qs: list[Quantity]) -> list[Quantity]:
    """"وبحسب المرصد، فقد توزعت العمليات على 3 في الرقة و13 في دير الزور" after a count: what a word of
    distribution before the sentence's first figure spreads "على" the places (attacks or "هذه" named
    between: not "توزعت الإصابات على", nor "توزعت على" with nothing named), each figure from the one right
    after "على" on, while it opens an item (a comma, "و") and where or whom it hit follows it, is a part of
    that count."""
    tokens, sets = article.lex.tokens, article.lex.sets
    figures = sorted((q for q in qs if not q.ordinal and not q.fraction and q.value is not None), key=lambda q: q.first)
    if not figures or s.tok(figures[0].first - 1) not in tokens["breakdown_targets"]:
        return []
    on_at = figures[0].first - 1  # the "على" before the first figure
    lead = next((k for k in range(on_at) if sets["distribution_leads"].match_at(s, k)), None)
    what_is_spread = range(lead + 1, on_at) if lead is not None else range(0)
    operations = article.lex.word_sets["isis_attack_nouns"] | article.lex.word_sets["isis_attack_nouns_definite"]
    # (an attack noun or a demonstrative, "هذه", names what is spread: not "وتوزعت على 3 في الرقة ... نقاط تفتيش")
    if lead is None or not any(sets["attack_nouns"].match_at(s, k) or s.tok(k) in operations
                               or s.tok(k) in tokens["this_words"] for k in what_is_spread):
        return []
    out: list[Quantity] = []
    for q in figures:
        opened = q.first == on_at + 1 or s.tok(q.first - 1) in tokens["clause_marks"] + tokens["and_prefix"] \
            or s.tok(q.first).startswith(tokens["and_prefix"])
        after = s.tok(q.last + 1)
        if not opened or not (after in tokens["inside"] or after in tokens["breakdown_targets"]):
            break
        out.append(q)
    return out


def _times_attacked(article: Article, s: Sentence, q: Quantity) -> bool:
    """Are the times of q times of being attacked: an attack word just before, or a verb of attacking
    whose object (US or coalition forces, a base) comes before the figure?"""
    sets = article.lex.sets
    if sets["attack_nouns"].any_in(s, max(0, q.first - 5), q.first):
        return True
    lo = max(0, q.first - settings.ATTACK_VERB_REACH)
    if not sets["attack_verbs"].any_in(s, lo, q.first):
        return False
    bases = any(p.kind in _BASE_KINDS and lo <= s.token_at(p.start) < q.first for p in s.places)
    if bases or any(name in OUR_SIDE for i, name in article.groups_in(s) if lo <= i < q.first):
        return True
    # "استهدفت خلايا داعش ريف دير الزور 7 مرات": the times ISIS, the verb's subject, attacked (not "استهدف
    # الجيش السوري مواقع داعش 4 مرات"، "وقصفت الطائرات الحربية خلايا داعش 4 مرات": ISIS the object)
    return article.roles(s)[0] == _ISIS and any(
        name == _ISIS and i < q.first and (v := article.subject_verb(s, i)) is not None and v >= lo
        for i, name in article.groups_in(s))


def _ends_a_number_of_attacks(article: Article, s: Sentence, q: Quantity) -> bool:
    """Is q the figure "عدد الهجمات" (in its clause, before it) comes to: right after "إلى"/"بلغ", or
    with nothing but a period, a place or the end of the clause after it?"""
    tokens, attack = article.lex.tokens, article.lex.sets["attack_nouns"]
    lo = article.clause_start(s, q.first, 12)
    # "عدد الهجمات ... N"، "هجمات بلغ عددها N"
    # "الهجمات ... في العراق وسوريا، التي بلغ عددها أكثر من 45": a relative clause after a comma
    # numbers the noun before the comma
    back = article.clause_start(s, lo - 1, 12) if lo > 0 and s.tok(lo) in tokens["relative_pronouns"] else lo
    numbered = any(s.tok(k) in tokens["number_of"] and attack.match_at(s, k + 1)
                   or s.tok(k) in tokens["number_of_them"] and attack.any_in(s, min(back, max(lo, k - 4)), k)
                   for k in range(lo, q.first))
    if not numbered:
        # "ارتفعت الهجمات على القوات الأمريكية لتصل إلى 60": attacks rising to a figure
        rises = [i for i in article.lex.sets["change_verbs"].starts(s) if lo <= i < q.first]
        reached = s.tok(q.first - 1) in tokens["count_reached"] or s.tok(q.first - 1) in tokens["to"]
        return bool(rises) and reached and attack.any_in(s, rises[0] + 1, q.first)
    after = s.tok(q.last + 1)
    return (s.tok(q.first - 1) in tokens["count_reached"] or not after or after in tokens["clause_breaks"]
            or after in tokens["period_leads"] or after in tokens["inside"])


def ordinal_attacks(article: Article, s: Sentence) -> list[dict[str, Any]]:
    """"الهجوم هو العاشر من نوعه منذ مطلع الشهر", "وهو الهجوم الخامس خلال الشهرين
    الماضيين": a running count (an ordinal with "من نوعه" or the period it counts over)."""
    attack = article.lex.sets["attack_nouns"]
    tokens = article.lex.tokens
    # in an article about ISIS its "operations" are attacks too ("وهي ثالث عملية لداعش خلال يومين")
    ops = article.lex.sets["isis_attack_nouns"] if _ISIS in article.article_groups else None
    not_attacks = article.lex.sets["non_attack_operations"]

    def noun_at(k: int) -> int:
        n = attack.match_at(s, k)
        if not n and ops is not None and not not_attacks.any_in(s, k + 1, k + 2):
            n = ops.match_at(s, k)
        return n
    numbered = [q for q in s.all_quantities if s.tok(q.first - 1) in tokens["number_sign"]]  # "الهجوم رقم 60"
    if not numbered and not any(q.ordinal and q.value is not None and q.value >= 2 for q in s.all_quantities):
        return []  # before the dates are needed
    out = []
    for q in s.quantities:
        sign = s.tok(q.first - 1) in tokens["number_sign"]
        if not (q.ordinal or sign) or q.value is None or q.value < 2:
            continue
        if s.tok(q.first - 1) in tokens["ordinal_not_count_after"]:
            continue  # "في الربع الثاني 61 هجوماً": a part of the year, not the second attack
        of_its_kind = (s.tok(q.last + 1) in tokens["from"]
                       and s.tok(q.last + 2).startswith(tokens["of_its_kind_prefixes"]))
        # (no figure between: "الثاني 61 هجوماً" is not "the second attack")
        noun_after = any(noun_at(k) for k in range(q.last + 1, q.last + 3)) and \
            not any(o.first == q.last + 1 for o in s.quantities)
        if q.ordinal and not s.tok(q.first).startswith(_DEFINITE):
            # "ثالث هجوم": an indefinite ordinal heads the noun right after it ("عنصر ثالث باستهداف"
            # is a third man, killed by an attack)
            after = s.tok(q.last + 1)
            noun_after = noun_at(q.last + 1) > 0 and not after.startswith(tokens["glued_prepositions"])
        # "الهجوم الخامس خلال ..."، "الهجوم هو الثاني خلال ...": the noun before, then a period
        k = q.first - 1
        if s.tok(k) in _ARTICLES or sign:  # "الهجوم الـ150"، "الهجوم رقم 60"
            k -= 1
        copula = without_conjunction(s.tok(k), tokens["and_prefix"]) in tokens["copulas"]  # "وهو الثالث"
        if copula:
            k -= 1
        noun_before = k >= 0 and noun_at(k) > 0
        if not noun_before and copula and k >= 1 and noun_at(k - 1) > 0:
            noun_before = True  # "هجوم مماثل هو الثاني خلال أسبوع": an adjective between
        if not noun_before and copula and s.tok(k) in tokens["clause_marks"] and k >= 1 and (
                noun_at(k - 1) > 0 or (k >= 2 and noun_at(k - 2) > 0)):
            noun_before = True  # "بعد يومين من هجوم مماثل، وهو الثالث خلال أسبوع": the noun before a comma
        # "هجوماً صاروخياً ثانياً استهدف القاعدة": an indefinite ordinal after the noun (an adjective between)
        indefinite_after = q.ordinal and not s.tok(q.first).startswith(_DEFINITE) and (
            noun_at(q.first - 1) > 0 or (q.first >= 2 and noun_at(q.first - 2) > 0))
        # "تعرضت القاعدة لهجوم للمرة الثالثة خلال أسبوع": the time, with an attack word before it
        # "وهي المرة الخامسة التي تتعرض فيها القاعدة لهجوم": or one in the relative clause after it
        in_clause = head_of_clause = False
        if not noun_before and s.tok(k) in tokens["times_definite"]:
            # (the relative clause may follow the period: "المرة الثالثة خلال أسبوع التي تستهدف فيها القاعدة")
            rel = next((r for r in range(q.last + 1, min(len(s.tokens), q.last + 1 + settings.ATTACK_PERIOD_REACH))
                        if s.tok(r) in tokens["relative_pronouns"]), None)
            verbs = article.lex.sets["attack_verbs"]
            in_clause = rel is not None and (attack.any_in(s, rel + 1, rel + 1 + settings.ATTACK_TIMES_CLAUSE)
                                             or verbs.any_in(s, rel + 1, rel + 1 + settings.ATTACK_TIMES_CLAUSE))
            # (the attack may be told at the head of the clause: "استهدف هجوم بالقذائف قاعدة ... في حقل
            # كونيكو وذلك للمرة الثانية خلال ساعات")
            head = article.clause_start(s, k, settings.ATTACK_TIMES_BACK)
            head_of_clause = attack.any_in(s, head, k) or article.lex.sets["attack_verbs"].any_in(s, head, k)
            noun_before = in_clause or head_of_clause
        ref = article.period_for(s, q, [])
        over_period = ref is not None and ref.start >= s.tokens[q.last].end or \
            any(s.tok(k) in tokens["period_leads"] for k in range(q.last + 1, q.last + 1 + settings.ATTACK_PERIOD_REACH))
        # "وهذا هو الهجوم الرابع عشر على قاعدة الشدادي": the attacks on a base named right after count too
        on_a_base = noun_before and any(p.kind in _BASE_KINDS and q.last < s.token_at(p.start) <= q.last + settings.ATTACK_BASE_AFTER
                                        for p in s.places)
        if not (of_its_kind or noun_after or indefinite_after or (noun_before and (over_period or on_a_base))):
            continue
        reach = q.last + 4 + (settings.ATTACK_PERIOD_REACH + settings.ATTACK_TIMES_CLAUSE if in_clause else 0)
        nearby = range(max(0, q.first - 8), min(len(s.tokens), reach))
        # ("في حادثة هي الثامنة من نوعها منذ بداية العام الجاري، هاجمت طائرة مسيرة قاعدة التنف": the
        # attack told by a verb in the sentence)
        told_by_verb = of_its_kind and article.lex.sets["attack_verbs"].any_in(s, q.last + 1, len(s.tokens))
        if not (in_clause or head_of_clause or told_by_verb) and not any(noun_at(k) for k in nearby):
            continue
        ref = up_to_the_report(article, s, ref, ordinal=True)
        actor, target = article.roles(s)
        if actor is None and _ISIS in article.article_groups and target not in OUR_SIDE:
            actor, target = _ISIS, (None if target == _ISIS else target)
        out.append(claim(KIND, s, value=q.value, low=q.value, high=q.value, qualifier="exact",
                         actor=actor, target=target, cumulative=True, **period_fields(ref)))
    return out
