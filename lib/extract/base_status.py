"""The status words of a sentence and which one governs a named base: the nearest
before it ("أغلقت قاعدة ..."), else the first after it ("القاعدة التي تم إغلاقها"),
never across a contrast; a plan ("ستغلق"، "تعتزم إغلاق") kept apart from a fact, a
denial ("لم تنسحب"، "نفى ... انسحاب") read as no change."""
from __future__ import annotations

from lib import settings
from lib.extract.base_sites import BASE_KINDS, name_end, word_before_base
from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.places import PlaceMatch, country_of

Status = tuple[int, str, bool, bool]  # (token index, status, negated, planned)
DESCRIPTIVE = frozenset({"reinforced", "active"})  # statuses of a base in use, ranked by where they are told


def statuses_in(article: Article, s: Sentence) -> list[Status]:
    """(token index, status, negated, planned) for every status word in the sentence."""
    lex = article.lex
    out: list[Status] = []
    sets = lex.sets
    spread = spread_verbs_in(article, s)
    if not (lex.any_status.any_in(s) or sets["convoy_nouns"].any_in(s) or sets["base_leave_verbs"].any_in(s)
            or sets["base_state_participles"].any_in(s) or spread
            or sets["people_leave_verbs"].any_in(s)
            or sets["unloading_verbs"].any_in(s)):
        return out  # one search instead of one per status
    cues = plan_cue_starts(article, s)  # once for the sentence, not once per status word

    def planned(k: int) -> bool:
        return planned_at(article, s, k, cues)

    # a convoy reinforces a base only when it arrives ("دخل رتل ... إلى قاعدة");
    # one leaving it ("خرج رتل من قاعدة") says nothing of the base's state
    for a, _ in sets["convoy_nouns"].find(s):
        arrival = [k for k in range(max(0, a - 3), a) if sets["convoy_arrival_verbs"].match_at(s, k)]
        if arrival:
            out.append((a, "reinforced", negated_at(article, s, arrival[0]), planned(arrival[0])))
    # ... unless it leaves the country: "خرج من مطار خراب الجير واتجه إلى العراق"
    for a, b in sets["base_leave_verbs"].find(s):
        if sets["exit_destinations"].any_in(s, b + 1):
            out.append((a, "withdrawn", negated_at(article, s, a), planned(a)))
    # "غادر آخر الجنود قاعدة ...": people leaving; a convoy leaving ("غادر رتل قاعدة ...") tells nothing
    for a, b in sets["people_leave_verbs"].find(s):
        if not sets["convoy_nouns"].any_in(s, b + 1, b + 3):
            out.append((a, "withdrawn", negated_at(article, s, a), planned(a)))
    # "القوات المتمركزة في قاعدة ...": a participle of the troops, about the base right after it only; so is
    # a verb of spreading over sites ("تتوزع القواعد في كل من قرية هيمو ..."; not "سيترك قوة تتوزع بين ...
    # وقاعدة في التنف", further on)
    for a in [*sets["base_state_participles"].starts(s), *spread]:
        out.append((a, "active", negated_at(article, s, a), False))
    # "لتفرغ حمولتها في قواعد تل بيدر والشدادي": a convoy unloading at a base reinforces it ("أفرغت
    # القاعدة" alone is a base emptied: withdrawn)
    unloaded = set()
    for a, b in sets["unloading_verbs"].find(s):
        if sets["cargo_words"].any_in(s, b + 1, b + 1 + settings.BASE_CARGO_REACH):
            unloaded.add(a)
            out.append((a, "reinforced", negated_at(article, s, a), planned(a)))
    hypothetical = lex.tokens["hypothetical_before"], lex.tokens["hypothetical_after"]
    for status, words in lex.status_sets.items():
        for a, b in words.find(s):
            if status == "handed_over" and sets["office_words"].any_in(s, b + 1, b + settings.BASE_OFFICE_REACH):
                continue  # "منذ تولي ترمب منصبه": taking office, not a base
            if status in DESCRIPTIVE and (s.tok(a - 1) in hypothetical[0] or s.tok(b + 1) in hypothetical[1]):
                continue  # "الحذر من أي هجوم على ..."، "هجوم محتمل": no attack took place
            if status == "withdrawn" and a in unloaded:
                continue  # the unloading, told above
            if status == "active" and sets["hosting_verbs"].match_at(s, a) and sets["not_hosted"].match_at(s, b + 1):
                continue  # "الرميلان التي تضم حقول نفط": a town holding oil fields, not a base hosting troops
            st = status
            if st == "established" and not any(
                    sets["establish_objects"].match_at(s, k) for k in range(b + 1, min(b + 5, len(s.tokens)))):
                st = "active"  # "إنشاء مركز تدريب في حقل العمر": the field is in use, not new
            out.append((a, st, negated_at(article, s, a), planned(a)))
    return sorted(out)


def planned_at(article: Article, s: Sentence, at: int, cues: list[int] | None = None) -> bool:
    """A plan, not a fact: a future verb ("ستغلق"، "سينسحب"), a possibility ("قد تنسحب") or an
    intent right before the status word ("تعتزم إغلاق"، "من المقرر تسليم"). `cues`: the sentence's
    plan_cue_starts, when the caller has them already."""
    sets = article.lex.sets
    if sets["future_status_words"].match_at(s, at):
        return True
    # "قد تغلق" (may close): the particle before a present-tense verb is a possibility ("قد أغلقت" is done)
    if s.tok(at - 1) in article.lex.tokens["possibility_particles"] and sets["present_status_verbs"].match_at(s, at):
        return True
    lo = article.clause_start(s, at, settings.BASE_PLAN_REACH)
    # (not a decision told as the past an event followed: "خروج 500 جندي بعد قرار إغلاق قاعدتين")
    taken = sets["base_decision_taken"]
    if cues is None:
        cues = plan_cue_starts(article, s)
    cues = [k for k in cues
            if lo <= k < at and not any(taken.match_at(s, j) and j + taken.match_at(s, j) > k for j in (k - 1, k))]
    if cues or future_in_clause(article, s, at, settings.BASE_PLAN_REACH):
        return True
    # "حُدد نهاية شهر سبتمبر، موعداً لإنجاز المرحلة الأولى من الانسحاب": a deadline set for it
    return sets["base_deadline_nouns"].any_in(s, article.clause_start(s, at, settings.BASE_DEADLINE_REACH), at)


def plan_cue_starts(article: Article, s: Sentence) -> list[int]:
    """The tokens where a word of intent or of preparing ("تعتزم"، "تستعد"، "تتحضر") starts: the lexicon's
    base_plan_cues and the preparing verbs it shares with troop figures (troop_preparing_verbs)."""
    sets = article.lex.sets
    return sorted({*sets["base_plan_cues"].starts(s), *sets["troop_preparing_verbs"].starts(s)})


def future_in_clause(article: Article, s: Sentence, at: int, reach: int) -> bool:
    """Is a verb to come told in the clause before token `at` (within `reach` tokens): "على أن" and a
    present verb ("على أن يستكمل الانسحاب"، "على أن يتم تقسيمهم"; not "على أن تم")?"""
    tokens = article.lex.tokens
    conj = article.lex.sets["base_plan_conjunctions"]
    lo = article.clause_start(s, at, reach)
    for c, n in conj.starts(s).items():
        verb = s.tok(c + n)
        if lo <= c < at and c + n <= at and verb.startswith(tokens["present_prefixes"]) \
                and verb not in tokens["done_auxiliaries"]:
            return True
    return False


def spread_verbs_in(article: Article, s: Sentence) -> dict[int, int]:
    """The verbs of spreading over sites in the sentence ("تتوزع"، "الموزعة"), start token -> token count:
    the lexicon's distribution_leads (shared with the parts of attack counts) and the base_spread_verbs
    they lack."""
    sets = article.lex.sets
    return {**sets["distribution_leads"].starts(s), **sets["base_spread_verbs"].starts(s)}


def negated_at(article: Article, s: Sentence, at: int) -> bool:
    """Is the word at token `at` negated: "لم تنسحب", or denied anywhere earlier in its
    clause ("نفى متحدث باسم قسد الأنباء عن انسحاب ...")?"""
    sets = article.lex.sets
    if sets["negations"].any_in(s, max(0, at - settings.BASE_PLAN_REACH), at):
        return True
    # from the clause start, or from a later verb of saying ("نفت ... وأعلنت إغلاق")
    said = [i + 1 for i in sets["speech_verbs"].starts(s) if i < at]
    lo = max([article.clause_start(s, at, settings.BASE_DENIAL_REACH), *said])
    return sets["denial_verbs"].any_in(s, lo, at)


def participle_starts(article: Article, s: Sentence) -> dict[int, int]:
    """The participles of a base's state and the verbs of spreading in the sentence (start token -> token
    count): status words about the base right after them only."""
    return {**article.lex.sets["base_state_participles"].starts(s), **spread_verbs_in(article, s)}


def pick_status(article: Article, s: Sentence, statuses: list[Status], at: int,
                participles: dict[int, int] | None = None) -> tuple[str, bool] | None:
    """(status, planned) governing the base at token `at`: the nearest status word
    before it ("أغلقت 3 قواعد"), else the first after it ("القاعدة التي تم إغلاقها");
    never one across a contrast ("انسحبت من الفرات، فيما تبقى في كونيكو"). `participles`: the
    sentence's participle_starts, when the caller asks for several bases of one sentence."""
    if not statuses:
        return None
    if participles is None:
        participles = participle_starts(article, s)
    statuses = [x for x in statuses if x[0] not in participles or 0 < at - x[0] <= settings.BASE_PARTICIPLE_REACH]
    if not statuses:
        return None
    contrasts = article.lex.sets["contrast_words"].starts(s)
    cut = max((i for i in contrasts if i < at), default=-1)
    before = [x for x in statuses if cut < x[0] < at]
    if before:
        _, status, negated, planned = before[-1]
        # "بتوسيع قاعدة ... والتي تضم مهبطاً": a relative clause describes the base; the change before it is the news
        # (so in "انسحبت القوات التي كانت تتوزع في قاعدة الطبقة": the troops' withdrawal)
        if status == "active" and _opens_relative_clause(article, s, before[-1][0]):
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
                 and not any(0 < o - x[0] <= settings.BASE_GOVERNS_NEXT for o in others)]
        if not after:
            return None
        _, status, negated, planned = after[0]
    return ("active", False) if negated else (status, planned)


def _opens_relative_clause(article: Article, s: Sentence, k: int) -> bool:
    """Is the word at token `k` the first of a relative clause, right after its pronoun or after a
    "كان" right after it ("التي تضم"، "التي كانت تتوزع")?"""
    tokens = article.lex.tokens
    relative, was = tokens["relative_pronouns"], tokens["was_before_figure"]
    return s.tok(k - 1) in relative or (k >= 2 and s.tok(k - 1) in was and s.tok(k - 2) in relative)


def where_a_withdrawal_went(s: Sentence, statuses: list[Status], at: int, p: PlaceMatch) -> bool:
    """Is the base at `at`, outside Syria, where the forces of a withdrawal told just before went
    (the withdrawal, then a word of heading there, then the base)?"""
    before = [x for x in statuses if x[0] < at and not x[2]]
    return len(before) >= 2 and before[-2][1] == "withdrawn" and before[-1][1] in DESCRIPTIVE and \
        bool(p.place_id) and country_of(p.place_id) not in (None, "syria")


def _status_in_relative_clause(article: Article, s: Sentence, statuses: list[Status], at: int) -> Status | None:
    """A change told in a relative clause right after the base at `at` ("القرية الخضراء التي تم
    إغلاقها"، "الفرات الذي تم تسليمه") or in a clause of "after" ("بعد أن غادرته"), before any
    other base."""
    # (or a clause of "after": "استهدفت مصنع لافارج بعد أن غادرته كل قوات التحالف": it had been left)
    after = article.lex.sets["after_clause_leads"]
    relatives = [i for i in range(at + 1, min(at + settings.RELATIVE_CLAUSE_REACH, len(s.tokens)))
                 if s.tok(i) in article.lex.tokens["relative_pronouns"] or after.match_at(s, i)]
    if not relatives:
        return None
    r = relatives[0]
    others = [s.token_at(p.start) for p in s.places if p.kind in BASE_KINDS and at < s.token_at(p.start) < r]
    if others:
        return None
    # (a change only: "التي تضم مهبطاً" describes the base, the change before it is the news)
    return next((x for x in statuses if r < x[0] <= r + settings.RELATIVE_VERB_REACH
                 and x[1] not in DESCRIPTIVE), None)


def _handed_over_after(article: Article, s: Sentence, statuses: list[Status], at: int) -> bool:
    """Is a verb of handing over told shortly after the base at `at` (no other base or contrast
    between; a base listed with it, "قاعدتي التنف ... والشدادي ... وسلمتهما", is no other): the forces
    left it and handed it over, the handover being the news?"""
    listed = article.lex.tokens["and_prefix"]
    # the next contrast or other base after it (a base listed with it, "وقاعدة الشدادي", is none)
    far = min([i for i in article.lex.sets["contrast_words"].starts(s) if i > at]
              + [s.token_at(p.start) for p in s.places if p.kind in BASE_KINDS and s.token_at(p.start) > at
                 and not s.tok(s.token_at(p.start)).startswith(listed)]
              + [len(s.tokens)])
    stop = min(far, name_end(s, at) + settings.HANDOVER_AFTER_WITHDRAWAL_REACH)
    if any(st == "handed_over" and not neg and at < i < stop for i, st, neg, _ in statuses):
        return True
    # further on, the handover's object is "القاعدة", the base left ("أنهت وجودها في الشدادي بعد عملية انسحاب
    # استمرت ...، قبل أن تتسلم قوات الجيش السوري القاعدة"; no other base or contrast between), or a dual
    # pronoun on the handover word after a second base listed ("غادرت قاعدة التنف ...، وقاعدة الشدادي، وتم
    # تسليمهما")
    anaphors = article.lex.tokens["base_anaphors"]
    duals = article.lex.tokens["dual_object_suffixes"]
    return any(st == "handed_over" and not neg and at < i < far and (s.tok(i).endswith(duals) or any(
        s.tok(j) in anaphors for j in range(i + 1, min(far, i + 1 + settings.BASE_HANDOVER_OBJECT_REACH))))
        for i, st, neg, _ in statuses)


def withdrawn_to(article: Article, s: Sentence, statuses: list[Status], at: int) -> bool | None:
    """Is the base at `at` where forces went ("انسحبت إلى قاعدة البرج 22"، "انتقلت القوات إلى قاعدة عين
    العرب"، "انسحبت القوات الأمريكية نحو قاعدة الشدادي"): "إلى"/"نحو" before it, a withdrawal word or a
    verb of moving a few tokens before that, and no other base between but the one they left ("من قاعدة
    الشدادي إلى قاعدة خراب الجير")? It receives the forces (in use), it is not left. Whether that is a
    plan ("ستنسحب إلى ..."), or None when it is not so."""
    tokens = article.lex.tokens
    to = tokens["to"] + tokens["towards"]
    heads = tokens["base_singular"] + tokens["base_anaphors"]
    k = word_before_base(s, at, heads)
    if k < 0 or s.tok(k) not in to:
        return None
    bases = [s.token_at(p.start) for p in s.places if p.kind in BASE_KINDS]
    # the base left, "من" and its name right before the "إلى", is the move's source: the reach is counted
    # from its "من"
    anchor = next((j for j in (word_before_base(s, b, heads) for b in bases if name_end(s, b) == k - 1)
                   if j >= 0 and s.tok(j) in tokens["from"]), k)
    lo = max(0, anchor - settings.BASE_WITHDRAWN_TO_REACH)
    before = [x for x in statuses if lo <= x[0] < anchor]
    moves = [i for i in article.lex.sets["move_to_verbs"].starts(s) if lo <= i < anchor]
    if before and before[-1][1] == "withdrawn" and (not moves or moves[-1] < before[-1][0]):
        verb, planned = before[-1][0], before[-1][3]
    elif moves:
        verb, planned = moves[-1], planned_at(article, s, moves[-1])
    else:
        return None
    if any(verb < b < anchor for b in bases):
        return None
    return planned
