"""When a troop figure holds (past, current, planned), and troops on the move.

- A level a change starts from is the current one ("ستخفض عدد قواتها من 2000 جندي
  إلى 1000": 2000 now, 1000 planned), unless the change is done ("قلصت قواتها من 2000
  إلى 1400": 2000 was) or the statement is dated well before publication ("أعلنت في
  نيسان الماضي عن خطة لتقليص قواتها من 2000 ..." read in late May: 2000 was).
- A figure told with a verb of keeping in the future is planned ("سنبقي على ما بين
  900 و1000 جندي"، "ستترك 200 جندي").
- Troops being moved: a withdrawal of N troops from Syria says N are there ("قرار
  سحب نحو ألف جندي من المنطقة": current; "سحبت ألف جندي": past), unless they are
  part of a stated whole ("سحب 1000 جندي من أصل 2000": the 2000 is the level); a
  deployment to Syria is past when done, planned when announced; one to the region,
  the Middle East, Iraq … is not the coalition's level in Syria and gives nothing.
- Troops marked as added ("جندي إضافي") with no verb moving them, no destination ("إلى سوريا"،
  "لسوريا"), no decision or request on them and no time gone by are told as there: the level now
  ("هناك 1500 جندي إضافي في سوريا"); ones decided, asked for or funded ("وافق على"، "طلب تمويل") are
  planned.
- The level left by a change ("مع بقاء"، "على أن يبقى") is planned while the change is to
  come, current once done; a target after "إلى" with a future phrase after it is planned.
- A figure opening its clause ("، 900 جندي،"، "أي نحو 1000") takes the time of the clause
  before; one said for years ("لطالما أكدت") or outgrown ("أكثر من ضعف الرقم الرسمي") was.
- An undated article is at least as recent as the latest year it names: a clause dated well
  before that is past, as one dated before a known publication date is.
"""
from __future__ import annotations

from datetime import date

from lib import settings
from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.extract.troop_scope import host_country_at, numbers_the_force_before
from lib.text.numbers import Quantity
from lib.text.textnorm import without_conjunction



def movement(article: Article, s: Sentence, q: Quantity, noun: int) -> str | None:
    """"withdrawal", "deployment", "elsewhere" (sent outside Syria: not a level here),
    "part" (a part of a stated whole) or None for a troop figure with its noun at `noun`."""
    sets = article.lex.sets
    lo = max(0, q.first - 3)
    withdrawn = sets["troop_withdraw_verbs"].any_in(s, lo, q.first)
    if not withdrawn:
        # "وسحبت وزارة الدفاع الأمريكية 600 جندي": the subject between the verb and its object; a verb of
        # sending nearer the figure moves it instead
        far = article.clause_start(s, q.first, settings.TROOP_WITHDRAW_SUBJECT_REACH)
        pulled = [i for i in sets["troop_withdraw_verbs"].starts(s) if far <= i < q.first]
        pushed = [i for i in sets["troop_send_verbs"].starts(s) if far <= i < q.first]
        withdrawn = bool(pulled) and (not pushed or max(pulled) > max(pushed)) and \
            not any(max(pulled) < p.first < q.first for p in s.quantities)  # the verb's object is the first figure
    # (not a verb of saying: "وأضافت أن 300 جندي ..." adds words, not troops)
    that = article.lex.tokens["complementizers"]
    # (nor "نقلت": "ونقلت الوكالة عن مسؤول أن 300 جندي ..." reports, it moves no troops)
    sent = any(max(0, q.first - settings.TROOP_SEND_REACH) <= i < q.first and s.tok(i + 1) not in that
               and not sets["reporting_after_verb"].any_in(s, i + 1, i + 3)
               for i in sets["troop_send_verbs"].starts(s)) or \
        sets["troop_delta_after"].any_in(s, noun + 1, noun + 3)
    if not withdrawn and not sent:
        # "ذهاب ألف جندي سحبوا من سوريا إلى غرب العراق": troops leaving for another country are a
        # number that moves, no level in Syria
        going = sets["troop_going_words"]
        if (going.any_in(s, lo, q.first) or going.any_in(s, noun + 1, noun + 3)) and _bound_elsewhere(article, s, noun):
            return "elsewhere"
        return None
    if sets["of_total"].any_in(s, noun + 1, noun + 4):
        return "part"  # "سحب 1000 جندي من أصل 2000"
    # (a place after "من" is where they come from: "إلى قاعدة خراب الجير قادمين من العراق")
    if sent and any(not _syrian_area(article, s, first) and s.tok(first - 1) not in article.lex.tokens["from"]
                    for first, _ in sets["deployment_elsewhere"].find(s, noun + 1, noun + 8)):
        return "elsewhere"  # "أرسلت 300 جندي إضافي إلى المنطقة" (not "إلى المنطقة الآمنة في شمال سوريا")
    return "withdrawal" if withdrawn else "deployment"


def _syrian_area(article: Article, s: Sentence, i: int) -> bool:
    """Is "المنطقة" at token i an area of Syria ("المنطقة الآمنة"، "المنطقة الشرقية من سوريا"),
    not the region?"""
    tokens = article.lex.tokens
    if s.tok(i) not in tokens["the_area"]:
        return False
    nxt = s.tok(i + 1)
    return nxt in tokens["syrian_area_adjectives"] or (
        nxt in tokens["from"] + tokens["inside"] and s.tok(i + 2) in tokens["syria_words"])


def _bound_elsewhere(article: Article, s: Sentence, noun: int) -> bool:
    """Is "إلى" + a place outside Syria ("إلى غرب العراق"، "إلى الأردن") a few tokens after the noun?"""
    to, elsewhere = article.lex.tokens["to"], article.lex.sets["deployment_elsewhere"]
    return any(s.tok(k) in to and elsewhere.any_in(s, k + 1, k + 3) for k in range(noun + 1, noun + settings.TROOP_SEND_REACH))


def movement_when(article: Article, s: Sentence, q: Quantity, kind: str) -> str:
    """The `when` of troops being moved: a deployment done is past, one announced is
    planned; troops to be withdrawn are there now (current), ones withdrawn were (past)."""
    sets = article.lex.sets
    lo = article.clause_start(s, q.first, settings.TROOP_CLAUSE_REACH)
    end = clause_end(article, s, q.last + 1)
    done = _moved_before(article, s, lo, q.first)
    if kind == "deployment" and _added_told_as_there(article, s, q, lo, end):
        # "هناك 1500 جندي إضافي في سوريا"، "700 جندي إضافي يتواجدون حالياً": troops marked as added, with nothing
        # moving them, are there now (or to come, with a future word)
        future = sets["future_cues"].any_in(s, lo, end)
        return "planned" if future else "current"
    if kind == "deployment":
        # "تجهز لإرسال نحو 150 جندياً": troops being readied to go are sent later, as announced ones are
        announced = any(sets[key].any_in(s, lo, q.first) for key in ("future_cues", "decision_cues",
                                                                   "troop_preparing_verbs"))
        # "طلب البنتاغون تمويل 1500 جندي إضافي": asked for, to come (not "كانت قد طلبت ... العام الماضي")
        announced = announced or sets["troop_request_cues"].any_in(s, lo, q.first) and not \
            _told_as_gone_by(article, s, lo, end)
        if announced and not done:
            return "planned"
        # "نشرت الولايات المتحدة نحو 2000 جندي في سوريا": the force standing there (not "200 جندي
        # إضافي", a reinforcement; not a deployment dated months ago)
        tokens = article.lex.tokens
        added = sets["troop_delta_after"].any_in(s, q.last + 1, q.last + 4)
        in_syria = any(s.tok(k) in tokens["inside"] and s.tok(k + 1) in tokens["syria_words"]
                       for k in range(q.last + 1, q.last + 4))
        had = sets["past_cues"].any_in(s, lo, q.first)  # "وكانت واشنطن قد نشرت 2000 جندي": had deployed
        if in_syria and not added and not had and not _dated_before(article, s, lo, settings.TROOP_OLD_FIGURE_DAYS):
            return "current"
        return "past"
    # "سحب نحو 500 جندي من سوريا خلال الأسابيع الماضية": a withdrawal told in a time gone by is done
    # (or between the verb and the figure: "وسحب الجيش من سوريا الشهر الماضي 500 جندي"; not before the verb,
    # where the time is the announcement's: "خلال الأيام الماضية أعلن ترامب سحب 1000 جندي")
    verbs = [i for i in sets["troop_withdraw_verbs"].starts(s) if lo <= i < q.first]
    gone_by = not sets["future_cues"].any_in(s, lo, q.first) and sets["past_period_words"].any_in(
        s, max(verbs) if verbs else q.last + 1, end)
    return "past" if done or gone_by or _announced_as_done(article, s, q, lo, end) or \
        _dated_before(article, s, lo, settings.TROOP_OLD_FIGURE_DAYS) else "current"


def _told_as_gone_by(article: Article, s: Sentence, lo: int, end: int) -> bool:
    """Is a past cue ("كانت قد") or a word of a time gone by ("الماضي") told in tokens [lo, end)?"""
    sets = article.lex.sets
    return sets["past_cues"].any_in(s, lo, end) or sets["past_period_words"].any_in(s, lo, end)


def _added_told_as_there(article: Article, s: Sentence, q: Quantity, lo: int, end: int) -> bool:
    """Are troops marked only as added ("جندي إضافي") told as there: no verb sending, bringing or moving them
    near the figure or in its clause, no decision or request on them ("وافق ترامب على"، "طلب تمويل"), no
    destination after them ("إلى سوريا"، "لسوريا"), no time gone by? (`end`: where the figure's clause ends)"""
    sets, to = article.lex.sets, article.lex.tokens["to"]
    verbs_from = min(lo, max(0, q.first - settings.TROOP_SEND_REACH))  # where a verb on the figure may stand
    if sets["troop_send_verbs"].any_in(s, verbs_from, end) or _moved_before(article, s, verbs_from, end):
        return False
    if any(sets[key].any_in(s, verbs_from, q.first) for key in ("decision_cues", "troop_request_cues")):
        return False  # (a decision told after them is another clause's: "يتواجدون حالياً ... بعد قرار الرئيس")
    if any(s.tok(k) in to or _place_with_lam(article, s, k)
           for k in range(q.last + 1, min(end, q.last + 1 + settings.TROOP_ADDED_DESTINATION_REACH))):
        return False
    return not (_told_as_gone_by(article, s, lo, end) or _dated_before(article, s, lo, settings.TROOP_OLD_FIGURE_DAYS))


def _place_with_lam(article: Article, s: Sentence, k: int) -> bool:
    """Is token k a country or the region with "ل" glued on ("لسوريا"، "لسورية"، "للعراق"): where troops go?"""
    word = s.tok(k)
    lam = next((p for p in article.lex.tokens["destination_prefixes"] if word.startswith(p)), None)
    if lam is None:
        return False
    return word[len(lam):] in article.lex.tokens["syria_words"] or \
        article.lex.sets["deployment_elsewhere"].match_at(s, k) > 0


def _announced_as_done(article: Article, s: Sentence, q: Quantity, lo: int, end: int) -> bool:
    """"أعلن مسؤول أمريكي انسحاب 500 جندي أمريكي من سوريا": a withdrawal the troops made (the noun of
    "they withdrew", not "سحب", a decision to pull them) announced in the past, with no word of a plan
    or of what is to come in its clause (up to `end`), is done."""
    sets = article.lex.sets
    nouns = [i for i in sets["withdrawal_done_nouns"].starts(s) if lo <= i < q.first]
    if not nouns:
        return False
    start = max(lo, article.clause_start(s, nouns[-1], settings.TROOP_ANNOUNCED_REACH))
    if not any(start <= i < nouns[-1] for i in sets["troop_announce_verbs"].starts(s)
               if s.tok(i) not in article.lex.tokens["announce_nouns"]):
        return False
    return not (sets["future_cues"].any_in(s, lo, end) or sets["decision_cues"].any_in(s, lo, end))


def troop_when(article: Article, s: Sentence, q: Quantity, after_ila: bool, has_change: bool) -> str:
    if article.lex.sets["past_after"].any_in(s, q.last + 1, q.last + settings.TROOP_PAST_AFTER_REACH):
        return "past"  # "بدلاً من 900 جندي كما كان معلناً": a figure that was
    if article.lex.sets["future_keep_after"].any_in(s, q.last + 1, q.last + settings.KEEP_AFTER_FIGURE_REACH):
        return "planned"  # "حوالي 900 من العسكريين قد يظلون في سوريا": a level that is to stay
    remaining = _remaining_after_change(article, s, q)
    if remaining is not None:
        return remaining
    if any(s.tok(k) in article.lex.tokens["comparison_leads"] for k in range(max(0, q.first - settings.TROOP_COMPARED_REACH), q.first)) \
            and not _future_after(article, s, q):
        return "past"  # "ينتشر حالياً نحو 2000 جندي، مقارنة بـ900 جندي": the level compared with is an earlier one
    if after_ila and not has_change and _future_after(article, s, q):
        return "planned"  # "إلى أقل من 500 جندي بحلول نهاية العام": a target
    # (the figure's own clause: "يتمركز حالياً نحو 2000 جندي، مقارنة بـ900 في العام الماضي" dates the 900)
    own = article.clause_start(s, q.first, settings.TROOP_CLAUSE_REACH)
    listed = own > 0 and _listed_after_a_figure_before(article, s, q, own)
    when = _troop_tense(article, s, q, after_ila, has_change, own, listed)
    clause = article.clause_start(s, own - 1, settings.TROOP_LISTED_CLAUSE_REACH) if listed else own  # "... في العراق، وأكثر من 900"
    if when == "current" and _dated_before(article, s, clause, settings.TROOP_OLD_FIGURE_DAYS, clause_end(article, s, q.last + 1)):
        return "past"  # "بلغ عدد الجنود 2000 جندي عام 2018"
    if when == "current" and after_ila and has_change and _a_change_told_of_then(article, s, q, clause):
        return "past"  # "ارتفع من 50 في عام 2015 إلى 900 منتصف 2017، ليصل في أواخر العام نفسه إلى ألفين"
    return when


def _a_change_told_of_then(article: Article, s: Sentence, q: Quantity, clause: int) -> bool:
    """Is the figure a done change's result in a sentence that dates only a time long gone, before
    the figure ("في عام 2019، خفضت واشنطن قواتها إلى 900"), and says nothing of now in its clause?"""
    if not s.dates or article.lex.sets["current_cues"].any_in(s, clause, clause_end(article, s, q.last + 1)):
        return False
    q_start = s.tokens[q.first].start
    if any(d.start > q_start for d in s.dates) or not _completed(article, s, q.first):
        return False
    return _dated_before(article, s, 0, settings.TROOP_OLD_FIGURE_DAYS, q.first) and \
        not any(d.since for d in s.dates)


def _troop_tense(article: Article, s: Sentence, q: Quantity, after_ila: bool, has_change: bool,
                 own_clause: int, listed: bool) -> str:
    """`own_clause`: where the figure's clause starts (TROOP_CLAUSE_REACH); `listed`: whether the figure opens
    it continuing a list of the clause before (_listed_after_a_figure_before), as troop_when found them."""
    sets, tokens = article.lex.sets, article.lex.tokens
    window_lo = own_clause
    if window_lo > 0 and any(s.tok(k) in tokens["composed_of"] for k in range(max(window_lo, q.first - 2), q.first)):
        # "ستبقي على مجموعة صغيرة، مكونة من مائتي جندي": the figure describes the force the
        # clause before names, and that clause's verb tells when
        window_lo = article.clause_start(s, window_lo - 1, settings.TROOP_CLAUSE_REACH)
    elif listed:
        # "كانت تمتلك نحو 2500 جندي في العراق في بداية عام 2025، وأكثر من 900 في سوريا": a figure listed
        # after the clause's troop figure holds when that whole clause says
        window_lo = article.clause_start(s, window_lo - 1, settings.TROOP_LISTED_CLAUSE_REACH)
    elif window_lo > 0 and (all(s.tok(k) in tokens["apposition_leads"] for k in range(window_lo, q.first))
                            or numbers_the_force_before(article, s, window_lo, q.first)):
        # "وهو أكثر من ضعف العدد المعلن من قبل، 900 جندي"، "إلى النصف، أي نحو 1000 جندي"، "لجميع القوات
        # الأميركية، البالغ عددها 1000 جندي": a figure opening its clause (after "أي" or "البالغ عددها" at
        # most) restates what the clause before names, and takes its time
        window_lo = article.clause_start(s, window_lo - 1, settings.TROOP_CLAUSE_REACH)
    if window_lo > 0 and sets["result_leads"].any_in(s, window_lo, q.first) and any(
            sets[key].any_in(s, article.clause_start(s, window_lo - 1, settings.TROOP_CLAUSE_REACH), window_lo)
            for key in ("future_cues", "decision_cues")):
        return "planned"  # "ستسحب 600 جندي، ليصبح عدد قواتها هناك نحو 1400": the level a change to come leaves
    if _compared_with_before(article, s, q, window_lo):
        return "past"  # "يبلغ نحو 2000 جندي، أي أكثر من ضعف الرقم الرسمي (900)": the figure it outgrew
    # ("عما إذا كان هذا العدد يشمل نحو مئتي جندي": "whether it is", no past)
    past = [i for i in sets["past_cues"].starts(s) if window_lo <= i < q.first
            and without_conjunction(s.tok(i - 1), tokens["and_prefix"]) not in tokens["whether_particles"]] + \
        [i for i in sets["years_long_cues"].starts(s) if i < q.first and _said_then(article, s, i)] + \
        _seasons_gone(article, s, window_lo, q.first)  # "مطالبة ترامب في الخريف الماضي بسحب القوات، البالغ عددها
    leads = [k for k in sets["before_clause_leads"].starts(s) if k < q.first]
    if after_ila and leads:  # "كان 900 جندي قبل أن يرتفع إلى 2000": the past tells of before the change
        past = [i for i in past if i > max(leads)]
    # "أكدت تقريراً سابقاً يفيد بأنه سيبقى أقل من 1000 جندي": a future verb after the past cue governs
    if past and not any(past[-1] < i < q.first for i in sets["future_cues"].starts(s)):
        return "past"  # "وكان عدد الجنود قد وصل إلى 2000"
    if after_ila and has_change:
        completed = _completed(article, s, q.first)
        # a future word in the figure's clause or before it ("إلى 900 خلال الأشهر المقبلة"; not
        # "خفضت ... إلى 1400، وتعتزم خفضها إلى أقل من ألف": 1400 now)
        end = clause_end(article, s, q.last + 1)
        ahead = sets["future_cues"].any_in(s, 0, end) or sets["decision_cues"].any_in(s, 0, q.first)
        # "يصل عدد الجنود الأمريكيين في سوريا إلى 1500": the number "comes to" it, a state, not a change to come
        state = any(sets["troop_count_nouns"].match_at(s, i + n) for i, n in sets["state_reach_verbs"].starts(s).items()
                    if i < q.first)
        return "planned" if ahead or not (completed or state) else "current"
    if has_change and (s.tok(q.first - 1) in tokens["from"]
                       or any(s.tok(k) in tokens["amounting_to"] for k in range(q.first - 2, q.first))):
        later_target = any(s.tok(k) in tokens["to"] for k in range(q.last + 1, len(s.tokens)))
        if later_target:
            # the level a change starts from: now, unless the change is done or was announced long ago
            done = _completed(article, s, q.first) and not sets["future_cues"].any_in(s, 0, q.first)
            if done or _dated_before(article, s, 0, settings.TROOP_DATED_BEFORE_DAYS):
                return "past"
            return "current"
    if any(s.tok(k) in tokens["amounting_to"] for k in range(max(0, q.first - 3), q.first)):
        return "current"  # "قواتها البالغ عددها نحو 900 جندي": the force as it is
    if any(window_lo <= i < q.first and sets["troop_count_nouns"].match_at(s, i + n)
           for i, n in sets["future_cues"].starts(s).items()):
        return "planned"  # "وسيتراوح عدد القوات الأمريكية المتبقية بين 500 و600": the count itself is to come
    current = [i for i in sets["current_cues"].starts(s) if window_lo <= i < q.first]
    future = [i for i in sets["future_cues"].starts(s) if window_lo <= i < q.first] + \
        [i for i in sets["decision_cues"].starts(s) if window_lo <= i < q.first]
    if current and future and max(future) >= max(current) - settings.TROOP_INTENT_REACH:
        return "planned"  # "سيتم الإبقاء على 400 جندي"، "قرر ترامب إبقاء 400 جندي"
    if current and sets["keep_nouns"].match_at(s, max(current)) and (any(
            max(current) - settings.TROOP_INTENT_REACH <= i < max(current) for i in sets["troop_announce_verbs"].starts(s))
            or sets["decision_cues"].any_in(s, window_lo, max(current))):
        # "وأعلن البنتاغون الإبقاء على نحو 900 جندي"، "قررت في نهاية المطاف الإبقاء على حوالى 600 عسكري":
        # keeping announced or decided (however far before, in the clause), to come
        return "planned"
    if current:
        return "current"
    if future:
        return "planned"
    return "current"


def _listed_after_a_figure_before(article: Article, s: Sentence, q: Quantity, lo: int) -> bool:
    """Does the figure open its clause joined by "و" ("، وأكثر من 900 في سوريا") after a clause whose
    troop figure it continues a list of?"""
    and_prefix = article.lex.tokens["and_prefix"][0]
    if q.first != lo and not (q.first == lo + 1 and s.tok(lo) == and_prefix):
        return False
    if q.first == lo and not s.tok(lo).startswith(and_prefix):
        return False
    before = article.clause_start(s, lo - 1, settings.TROOP_CLAUSE_REACH)
    return any(before <= p.first and p.last < lo and article.noun_after(s, p, "troop_nouns") >= 0
               for p in s.quantities)


def _seasons_gone(article: Article, s: Sentence, lo: int, hi: int) -> list[int]:
    """Where, among tokens [lo, hi), a season gone by is named ("في الخريف الماضي"), not as a start
    ("منذ الصيف الماضي" runs to now)."""
    since = article.lex.tokens["since_words"]
    return [i for i in article.lex.sets["past_season_phrases"].starts(s) if lo <= i < hi and s.tok(i - 1) not in since]


def _remaining_after_change(article: Article, s: Sentence, q: Quantity) -> str | None:
    """The level left by a change the sentence tells ("أعلنت عن سحب 600 جندي، مع بقاء أقل من ألف
    جندي"): planned while the change is only announced or to come, current once it is done
    ("شهدت انسحاب 500 جندي مع بقاء 1500"); None when the figure is not told so."""
    sets = article.lex.sets
    lo = max(0, q.first - settings.TROOP_REMAINING_REACH)
    if not sets["remaining_with"].any_in(s, lo, q.first):
        return None
    if not (sets["troop_withdraw_verbs"].any_in(s, 0, q.first) or sets["change_verbs"].any_in(s, 0, q.first)):
        return None
    if _moved_before(article, s, 0, q.first) or _completed(article, s, q.first):
        return "current"
    announced = any(sets[key].any_in(s, 0, q.first) for key in ("future_cues", "decision_cues", "troop_announce_verbs"))
    return "planned" if announced else None


def _compared_with_before(article: Article, s: Sentence, q: Quantity, window_lo: int) -> bool:
    """Is the figure what a larger troop figure before it is a multiple of ("2000 جندي، أي أكثر من
    ضعف الرقم المعلن، 900")? The smaller, outgrown figure is a past one."""
    if not article.lex.sets["multiple_words"].any_in(s, max(0, window_lo - settings.TROOP_MULTIPLE_REACH), q.first):
        return False

    def elsewhere_between(a: int, b: int) -> bool:  # "2500 جندي في العراق، أي ثلاثة أضعاف قواتها في سوريا"
        return any(host_country_at(article, s, k) for k in range(a, b))

    return any(p.last < q.first and p.value is not None and q.value is not None and p.value > q.value
               and article.noun_after(s, p, "troop_nouns") >= 0 and not elsewhere_between(p.last + 1, q.first)
               for p in s.quantities)


def _said_then(article: Article, s: Sentence, i: int) -> bool:
    """"قالت الولايات المتحدة علناً لسنوات إن لديها 900 جندي"، "لطالما أكدت": a claim said for years,
    with a verb of saying next to it in the past, is one no longer made — the figure was."""
    speech = article.lex.sets["speech_verbs"]
    return speech.any_in(s, max(0, i - settings.TROOP_SAID_REACH), i) or speech.any_in(s, i + 1, i + 1 + settings.TROOP_SAID_REACH)


def _moved_before(article: Article, s: Sentence, lo: int, hi: int) -> bool:
    """A verb of troops moved, done, among tokens [lo, hi) ("سحبت"، "أرسلت"); not "نقلت" reporting
    ("ونقلت وكالة رويترز عن مسؤولين أن واشنطن ستسحب 1000 جندي": nothing moved yet)."""
    sets = article.lex.sets
    return any(lo <= i < hi and not sets["reporting_after_verb"].any_in(s, i + 1, i + 3)
               for i in sets["troop_past_movement_verbs"].starts(s))


def clause_end(article: Article, s: Sentence, i: int) -> int:
    """The token index where the clause holding token `i` ends (a clause mark, or the sentence's end)."""
    marks = article.lex.tokens["clause_marks"]
    return next((k for k in range(i, len(s.tokens)) if s.tok(k) in marks), len(s.tokens))


def _future_after(article: Article, s: Sentence, q: Quantity) -> bool:
    """A future word after the figure, in its clause ("إلى 800 جندي خلال الأشهر المقبلة")."""
    return article.lex.sets["future_cues"].any_in(s, q.last + 1, clause_end(article, s, q.last + 1))


def _completed(article: Article, s: Sentence, before: int) -> bool:
    """Is a change told as done before token `before` ("قلصت"، "خفضت عدد")? Not the verbal noun
    after a preposition or a verb of starting ("تعمل على خفض عدد"، "بدأت خفض عدد": under way)."""
    sets, tokens = article.lex.sets, article.lex.tokens
    if any(s.tok(i - 1) not in tokens["before_a_verbal_noun"]
           for i in sets["completed_change"].starts(s) if i < before):
        return True
    # "كانت تنشر نحو 2000 جندي قبل أن تخفض عددهم إلى 1400": a change after "قبل أن" in a sentence told
    # in the past ("كان") came after it, and is done too
    leads = sets["before_clause_leads"].starts(s)
    return any(i < before and sets["before_clause_leads"].ends_before(s, i)
               and sets["past_cues"].any_in(s, 0, min(leads)) for i in sets["change_verbs"].starts(s))


def _dated_before(article: Article, s: Sentence, first_token: int, days: int, end_token: int | None = None) -> bool:
    """Is the clause from `first_token` on (to `end_token`, when given) dated more than `days` before
    publication, or, in an undated article, before the start of the latest year the article names
    ("عام 2017" in an article that tells of 2024 is not now)?"""
    year = article.current_year() if s.published is None else None
    now = s.published if s.published is not None else date(year, 1, 1) if year else None
    if now is None or not s.dates:
        return False
    clause_start = s.tokens[first_token].start if first_token < len(s.tokens) else 0
    clause_end = s.tokens[end_token].start if end_token is not None and end_token < len(s.tokens) else len(s.norm)
    return any(clause_start <= d.start < clause_end and not d.since and (now - d.period_end).days > days
               and not _a_deadline(article, s, d.start) for d in s.dates)


def _a_deadline(article: Article, s: Sentence, char: int) -> bool:
    """Is the date at character `char` a deadline ("بحلول 30 نيسان"): a time to come, whatever year a day
    and month alone resolve to?"""
    k = s.token_at(char)
    return any(s.tok(i) in article.lex.tokens["deadline_words"] for i in range(max(0, k - 2), k))
