"""One article as the claim kinds see it: its sentences (gated), the groups it names, and what several kinds
ask of a sentence — who acts and who is hit, which date a figure is for, where a clause starts, what it counts."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Callable

from lib import settings
from lib.extract.vocabulary import Lexicon
from lib.extract.sentence import Sentence
from lib.text.date_grammar import grammar
from lib.text.dates import ANY_DAY, DateRef, find_dates, month_end
from lib.text.numbers import Quantity
from lib.text.sentences import split_sentences
from lib.text.textnorm import normalize, normalize_with_offsets

_MID_YEAR = date(2000, 7, 15)  # a stand-in in mid-year: "since the start of the year" is then not of the month
_END_MARKS = ".!?؟:،,"  # a line ending in one of these is a sentence or a lead-in, not a heading


def _only_one(years: list[int]) -> int:
    """The year when all are the same one, else 0 (none, or several: no one year to place a date in)."""
    return years[0] if len(set(years)) == 1 else 0


def _date_spans(s: Sentence, any_day: list[DateRef], title_year: Callable[[], int | None] = lambda: None,
                current_year: Callable[[], int | None] = lambda: None,
                month_year: Callable[[], int | None] = lambda: None) -> list[tuple[int, int, DateRef | None]]:
    """(start, end, resolved date or None) of the sentence's date expressions: with no publication
    date, the relative ones ("العام الماضي") are found too, unresolved — but a whole relative year
    ("خلال العام الماضي") is the year the title names, when it names one ("600 هجوم في سوريا في 2020"),
    and "منذ مطلع العام الجاري" starts the year the article is written in, when its dates tell it; a
    month named with no year ("خلال شهر أيار") is in the one year the article names, when it names one."""
    dates = s.dates
    if s.published is not None or "date" not in s.gates:
        return [(d.start, d.end, d) for d in dates]
    resolved = {(d.start, d.end): d for d in dates}
    # (an unresolved day, "يوم الخميس"، "أمس", is when a report was made, not a span a count covers)
    told = [d for d in any_day if (d.start, d.end) in resolved or d.since or d.precision != "day"]
    # (a resolved date wins over a stand-in's reading of the same words: "خلال تشرين الثاني/نوفمبر 2025"
    # is November 2025, not the unresolved "خلال تشرين الثاني/نوفمبر" the stand-in found)
    told = [d for d in told if (d.start, d.end) in resolved
            or not any(r.start < d.end and d.start < r.end for r in dates)]
    spans = [(d.start, d.end, resolved.get((d.start, d.end)) or _in_year(d, title_year)
              or _named_month_in_year(d, month_year) or _since_year_start(s, d, current_year)) for d in told]
    # (a resolved date the stand-in found differently stays as it is)
    taken = {(a, b) for a, b, _ in spans}
    spans += [(d.start, d.end, d) for d in dates if (d.start, d.end) not in taken]
    return sorted(spans, key=lambda x: x[0])


def _in_year(d: DateRef, article_year: Callable[[], int | None]) -> DateRef | None:
    """A whole relative year found with the stand-in date, placed in the article's one year (none:
    left unresolved)."""
    if d.since or d.precision != "year" or d.period_start.year != d.period_end.year:
        return None
    year = article_year()
    if year is None:
        return None
    return DateRef(d.start, d.end, date(year, 1, 1), date(year, 12, 31), "year", False, d.text)


def _named_month_in_year(d: DateRef, article_year: Callable[[], int | None]) -> DateRef | None:
    """A month named by its name alone ("خلال شهر أيار"، "في تموز"), found with the stand-in date,
    placed in the article's one year. Not a relative month ("الشهر الماضي") nor a named one with a
    modifier ("أيار الماضي"), whose year hangs on the report's day; not a "since" (None)."""
    if d.since or d.precision != "month":
        return None
    g = grammar()
    padded = f" {' '.join(d.text.split())} "
    if not any(f" {name} " in padded or f" و{name} " in padded for name in g.month_of) \
            or not (g.past | g.current | g.next).isdisjoint(padded.split()):
        return None
    year = article_year()
    if year is None:
        return None
    month = d.period_start.month
    return DateRef(d.start, d.end, date(year, month, 1), month_end(year, month), "month", False, d.text)


def _since_year_start(s: Sentence, d: DateRef, current_year: Callable[[], int | None]) -> DateRef | None:
    """"منذ مطلع العام الجاري" (found with the stand-in date) in the article's current year: since its
    1 January (the end is the report's, unknown without a publication date). Other spans: None."""
    if not d.since:
        return None
    # the stand-in date in mid-year tells the start of the year from the start of the month or week
    probe = next((p for p in find_dates(s.norm, _MID_YEAR) if (p.start, p.end) == (d.start, d.end)), None)
    if probe is None or probe.period_start != date(_MID_YEAR.year, 1, 1):
        return None
    year = current_year()
    if year is None:
        return None
    return DateRef(d.start, d.end, date(year, 1, 1), date(year, 12, 31), "day", True, d.text)


class Article:
    """An article's sentences, gated, and the per-article context the kinds share."""

    def __init__(self, text: str, published: date | None, lex: Lexicon,
                 normalized: tuple[str, Callable[[int], int]] | None = None):
        """`normalized`: normalize_with_offsets(text) when the caller already has it."""
        self.text = text
        self.published = published
        self.lex = lex
        self.sentences: list[Sentence] = []
        self._years: dict[str, int] = {}  # title/named/current year, once asked (0: none)
        self._any_day: dict[int, list[DateRef]] = {}  # sentence index -> dates_in(sentence), once asked
        whole = normalized if normalized is not None else normalize_with_offsets(text)
        for i, (start, end) in enumerate(split_sentences(text)):
            sent_text = text[start:end]
            if whole is not None:
                norm_text, to_norm = whole
                norm = norm_text[to_norm(start):to_norm(end)].strip()
            else:
                norm = normalize(sent_text)
            self.sentences.append(Sentence(i, start, end, sent_text, norm, published, phrase_index=lex.phrase_index))
        # one gate scan over the whole article: which rules can fire in which sentence
        joined, starts, pos = [], [], 0
        for sent in self.sentences:
            starts.append(pos)
            joined.append(sent.norm)
            pos += len(sent.norm) + 1
        article_norm = "\n".join(joined)
        for sent, gates in zip(self.sentences, lex.gates.scan(article_norm, starts)):
            sent.gates = gates
        # the groups the article names anywhere ("التنظيم" means ISIS only in an article about it)
        group_of = lex.gates.group_of
        named = group_of.keys() & set().union(*(sent.gates for sent in self.sentences))
        self.article_groups = {group_of[g] for g in named}
        # kind -> [(sentence index, [(figure, period) of each count made there], actor)], in sentence order:
        # a count with no period of its own may take the period of one just before (lib.extract.counts)
        self.counted: dict[str, list[tuple[int, list[tuple[float | None, DateRef | None]], str | None]]] = {}
        # the same for counts placed outside Syria (no claims): they pass their period on to a breakdown
        # after them, but tell no count of this article's (lib.extract.counts.recent_count skips them)
        self.counted_elsewhere: dict[str, list[tuple[int, list[tuple[float | None, DateRef | None]]]]] = {}

    # ------------------------------------------------------------ actors and targets
    def groups_in(self, s: Sentence) -> list[tuple[int, str]]:
        """(token index, group name) for each actor/target named in the sentence."""
        if s.groups is None:
            s.groups = self._find_groups(s)
        return s.groups

    def _find_groups(self, s: Sentence) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        taken: set[int] = set()
        for name, words, article_words, stems, gate, article_gate in self.lex.groups:
            plain, contextual = gate in s.gates, article_gate in s.gates
            if not plain and not (contextual and name in self.article_groups):
                continue
            spans = words.find(s) if plain else []
            if article_words and contextual and name in self.article_groups:
                spans += article_words.find(s)
            for a, b in spans:
                if not taken.intersection(range(a, b + 1)):
                    found.append((a, name))
                    taken.update(range(a, b + 1))
            if stems:
                for i, _ in stems.find(s):
                    if i not in taken:
                        found.append((i, name))
                        taken.add(i)
        return sorted(found)

    def in_group_name(self, s: Sentence, i: int) -> bool:
        """Is token i inside a group's name ("المقاومة الإسلامية في العراق")?"""
        return any(a <= i <= b for g in self.lex.groups if g.gate in s.gates for a, b in g.words.find(s))

    def roles(self, s: Sentence) -> tuple[str | None, str | None]:
        """(actor, target) in the sentence: a group after a target cue ("ضد", "استهدف",
        "مقتل", "القبض على") is the target, after an actor cue ("شنته", "نفذها") the actor;
        otherwise the first group named is the actor."""
        mentions = self.groups_in(s)
        if not mentions:
            return None, None
        if s.roles is None:
            s.roles = self._find_roles(s, mentions)
        return s.roles

    def _find_roles(self, s: Sentence, mentions: list[tuple[int, str]]) -> tuple[str | None, str | None]:
        sets, tokens = self.lex.sets, self.lex.tokens
        clause_breaks, author_prepositions = tokens["clause_breaks"], tokens["author_prepositions"]
        # where each cue word starts, looked up by token index below
        target_cues, actor_cues = sets["target_cues"].starts(s), sets["actor_cues"].starts(s)
        event_nouns = (sets["event_nouns"].starts(s), sets["strike_nouns"].starts(s), sets["attack_nouns"].starts(s))
        weapons, speech = sets["weapon_nouns"].starts(s), sets["speech_verbs"].starts(s)
        # a verb right after the group, its subject: "داعش نفذ"، "خلايا التنظيم التي نفذت"، "القوات الأمريكية تعرضت"
        acts_after, suffers_after = sets["actor_cues_after"].starts(s), sets["target_cues_after"].starts(s)
        toll = min([*sets["killed"].starts(s), *sets["injured"].starts(s)], default=None)
        actor = target = None
        neutral: list[str] = []
        speakers: list[str] = []
        prev_end = 0
        for k, (idx, name) in enumerate(mentions):
            lo = max(prev_end, idx - 8)
            did = suffered = None
            if acts_after or suffers_after:
                # within the group's own words (up to 4) and a relative pronoun, in the same
                # clause ("(قسد)، إذ نفذت خلاياه": not قسد's), and before the next group
                end = min(idx + 6, mentions[k + 1][0] if k + 1 < len(mentions) else len(s.tokens))
                after = range(idx + 1, next((i for i in range(idx + 1, end) if s.tok(i) in clause_breaks), end))
                did = next((i for i in after if i in acts_after), None)
                suffered = next((i for i in after if i in suffers_after), None)
            # "أسفرت عن مقتل 102 شخص، بينهم 71 من قسد ... ومتعاون واحد مع قسد": a group named in the toll
            # (after the first word of killing or hurting) is among the side hit, however far the list runs
            # ("بهجوم لخلايا داعش" right before it: the attack's author, not a victim)
            if suffered is None and toll is not None and toll < idx and not any(
                    i in nouns for nouns in event_nouns for i in range(idx - settings.CONTEXT_AUTHOR_GAP, idx)):
                suffered = idx
            cue_t = [i for i in target_cues if lo <= i < idx]
            cue_a = [i for i in actor_cues if lo <= i < idx]
            # right after the event noun: "هجوم تنظيم الدولة", "غارة أمريكية" – the author
            noun_at = idx - 2 if s.tok(idx - 1) in author_prepositions else idx - 1  # "هجوما من الفصائل"
            after_event = noun_at >= 0 and any(noun_at in nouns for nouns in event_nouns)
            # whose weapon: "طائرة مسيرة تركية"
            armed = idx - 2 in weapons or idx - 1 in weapons
            subject = self.subject_verb(s, idx) is not None  # "واستهدف داعش حاجزاً لقسد"
            # (a verb after the group makes it the actor unless a target cue comes before:
            # "20 هجوما ضد قسد استهدفت نقاطها")
            if after_event or armed or subject or (did is not None and not cue_t) or \
                    (cue_a and (not cue_t or cue_a[-1] > cue_t[-1])):
                actor = actor or name
            elif cue_t or suffered is not None:
                target = target or name
            elif idx > 0 and idx - 1 in speech:
                speakers.append(name)  # "قالت قسد إن ...": who reports it, often the side hit
            else:
                neutral.append(name)
            # a verb after this group is its own, not a cue for the next group
            prev_end = max(idx, did if did is not None else idx, suffered if suffered is not None else idx) + 1
        for name in neutral + speakers:
            if actor is None and name != target:
                actor = name
            elif target is None and name != actor:
                target = name
        return actor, (target if target != actor else None)

    def subject_verb(self, s: Sentence, idx: int) -> int | None:
        """The verb of attacking, opening its clause, whose subject the group at token idx is ("واستهدف داعش حاجزاً
        لقسد"; not "9 عمليات استهدفت قوات النظام", its object), with only the group's own words between, up to
        settings.ATTACK_SUBJECT_AFTER_VERB ("استهدفت خلايا مرتزقة داعش", not "مواقع داعش"); not a passive one ("هوجمت"). Else None."""
        verbs, own = self.lex.sets["attack_verbs"].starts(s), self.lex.word_sets["group_own_words"]
        verb = next((v for v in range(idx - 1, max(-1, idx - 1 - settings.ATTACK_SUBJECT_AFTER_VERB), -1) if v in verbs), None)
        active = verb is not None and self._opens_clause(s, verb) and s.tok(verb) not in self.lex.tokens["passive_attack_verbs"]
        return verb if active and all(s.tok(i) in own for i in range(verb + 1, idx)) else None

    def _opens_clause(self, s: Sentence, k: int) -> bool:
        """Does token k open its clause: the sentence's first word, after a comma or "إذ"/"حيث", after
        "أن"/"إن", or with "و" glued to it ("واستهدف")?"""
        tokens = self.lex.tokens
        before = s.tok(k - 1) if k > 0 else ""
        return k == 0 or before in tokens["clause_breaks"] or before in tokens["complementizers"] \
            or before in tokens["and_prefix"] or s.tok(k).startswith(tokens["and_prefix"])

    # ------------------------------------------------------------ dates and periods
    def date_context(self, s: Sentence, inherit: bool) -> list[DateRef]:
        """The sentence's dates; for an event told without one, the previous sentence's."""
        if s.dates or not inherit or s.index == 0:
            return s.dates
        prev = self.sentences[s.index - 1]
        return [d for d in prev.dates if d.precision in ("day", "month") and not d.since][-1:]

    def dates_in(self, s: Sentence) -> list[DateRef]:
        """The sentence's dates found with a stand-in day (ANY_DAY), resolved or not; found once per sentence."""
        found = self._any_day.get(s.index)
        return found if found is not None else self._any_day.setdefault(s.index, find_dates(s.norm, ANY_DAY))

    def title_year(self) -> int | None:
        """With no publication date, the one year the article names ("600 هجوم في سوريا في 2020"،
        "خلال 2020 وصل إلى 593"), else None: the year a tally told in relative words covers. Asked
        only for a sentence with a relative year, and worked out once per article."""
        def a_whole_year(sent: Sentence, d: DateRef) -> bool:
            # (not the year of an event it recalls: "إعلان هزيمته في العام 2019")
            return (d.precision == "year" and d.period_start.year == d.period_end.year
                    and not self._of_a_past_event(sent, d))
        return self._article_year("title", a_whole_year, lambda d: (d.period_start.year,), _only_one)

    def heading_year(self, s: Sentence) -> DateRef | None:
        """The year of the section a sentence is in, when the section's heading line names one and
        nothing else ("العمليات التصعيدية في 2024" above the paragraphs that count them): the period
        of a count there with none of its own. The title line is no section heading; a sentence that
        tells a date of its own, even one that does not resolve ("خلال الشهر الماضي"), keeps it (None)."""
        if self.tells_a_date(s):
            return None
        for k in range(s.index - 1, 0, -1):
            head = self.sentences[k]
            if not self._is_heading(head):
                continue
            years = [d for d in head.dates if not d.since and d.precision == "year"
                     and d.period_start.year == d.period_end.year and not self._of_a_past_event(head, d)]
            if len(years) == 1 and len(head.dates) == 1:
                return years[0]
            return None
        return None

    def tells_a_date(self, s: Sentence) -> bool:
        """Does the sentence tell a date of its own, even one that does not resolve ("خلال الشهر الماضي"
        in an undated page)? Then the period of a count in it is its own, not one from around it."""
        return bool(s.dates) or ("date" in s.gates and bool(self.dates_in(s)))

    def _is_heading(self, s: Sentence) -> bool:
        """A short line of its own with no end mark: a section heading."""
        text = self.text
        line_start = text.rfind("\n", 0, s.start) + 1
        line_end = text.find("\n", s.end)
        line_end = len(text) if line_end < 0 else line_end
        return (not text[line_start:s.start].strip() and not text[s.end:line_end].strip()
                and len(s.tokens) <= settings.CONTEXT_HEADING_MAX_TOKENS and s.text.rstrip()[-1:] not in _END_MARKS)

    def named_year(self) -> int | None:
        """With no publication date, the one year the article's dates name, else None: the year of a
        month it names alone ("خلال شهر أيار"). Not a year a "since" starts from ("منذ 2018"), one
        compared with ("مقارنة مع 2018") or that of an event it recalls ("إعلان هزيمته في آذار 2019");
        a span across years names two. Worked out once per article."""
        return self._article_year(
            "named", lambda sent, d: self._names_the_year(sent, d)
            and not self._cue_before(sent, d.start, "comparison_leads", settings.CONTEXT_COMPARED_REACH),
            lambda d: (d.period_start.year, d.period_end.year), _only_one)

    def current_year(self) -> int | None:
        """With no publication date, the year the article is written in as far as its dates tell:
        the latest year they name ("الهجوم الأعنف في العام 2024"، "في 4 كانون الثاني 2024"), leaving
        out the years a "since" starts from ("منذ العام 2020"، "منذ إعلان هزيمته عام 2019"), which
        lie back. None when it names no other year. Worked out once per article."""
        return self._article_year("current", self._names_the_year, lambda d: (d.period_end.year,),
                                  lambda years: max(years, default=0))

    def _article_year(self, which: str, keep: Callable[[Sentence, DateRef], bool],
                      years_of: Callable[[DateRef], tuple[int, ...]], pick: Callable[[list[int]], int]) -> int | None:
        """The one scan of an undated article's dates behind title_year, named_year and current_year:
        the years `years_of` reads off each date `keep` lets through (in sentences whose date gate is
        open), made one by `pick` (0: none). Worked out once per article and `which`; None for a
        dated article, whose publication date places its relative dates instead."""
        if self.published is not None:
            return None
        if which not in self._years:
            self._years[which] = pick([y for sent in self.sentences if "date" in sent.gates for d in sent.dates
                                       if keep(sent, d) for y in years_of(d)])
        return self._years[which] or None

    def _names_the_year(self, s: Sentence, d: DateRef) -> bool:
        """Does the date name a year the article is in: not one a "since" starts from, nor that of an
        event it recalls?"""
        return not d.since and not self._after_since(s, d) and not self._of_a_past_event(s, d)

    def _of_a_past_event(self, s: Sentence, d: DateRef) -> bool:
        """Is the date that of an earlier event the article recalls ("إعلان هزيمته في آذار 2019"، "منذ
        اندلاع الحرب عام 2011"): a word of such an event a few tokens before it in its clause?"""
        return self._cue_before(s, d.start, "past_event_cues", settings.CONTEXT_PAST_EVENT_REACH)

    def _after_since(self, s: Sentence, d: DateRef) -> bool:
        """Is the date the start a "منذ" just before it in its clause tells ("منذ إعلان هزيمته عام 2019")?"""
        return self._cue_before(s, d.start, "since_words", settings.CONTEXT_SINCE_YEAR_REACH)

    def _cue_before(self, s: Sentence, start: int, cue_key: str, reach: int) -> bool:
        """Is a token of the lexicon's `cue_key` within `reach` tokens before char `start` (a date's),
        in its clause?"""
        at, tokens = s.token_at(start), self.lex.tokens
        for k in range(at - 1, max(-1, at - 1 - reach), -1):
            if s.tok(k) in tokens["clause_breaks"]:
                return False
            if s.tok(k) in tokens[cue_key]:
                return True
        return False

    def _starts_a_since(self, s: Sentence, d: DateRef) -> bool:
        """Does a "منذ" come before the day in its sentence, and no other date between?"""
        at = s.token_at(d.start)
        since = [k for k in range(at) if s.tok(k) in self.lex.tokens["since_words"]]
        return bool(since) and not any(s.token_at(o.start) in range(since[-1], at) for o in s.dates if o is not d)

    def period_for(self, s: Sentence, q: Quantity, others: list[Quantity]) -> DateRef | None:
        """The period a count covers: the first date expression after it (before the next
        count, and near it when a date before it is there too), else the nearest one before it.
        An expression that does not resolve (no publication date: "منذ مطلع العام الحالي") still
        takes that place, and gives no period."""
        q_end = s.tokens[q.last].end
        nxt = [o for o in others if o.first > q.last]
        limit = s.tokens[nxt[0].first].start if nxt else len(s.norm)
        spans = [(a, b, d) for a, b, d in _date_spans(s, self.dates_in(s), self.title_year, self.current_year, self.named_year)
                 if not self._reported_on(s, a, d)]
        # ("12 هجوماً ... مقارنة بشهر يونيو (24)": the month compared with is the other figure's)
        after = [(a, d) for a, b, d in spans if q_end <= a < limit and not self.compares_with(s, a, q)]
        before = [(a, d) for a, b, d in spans if b <= s.tokens[q.first].start and not self._compared(s, a, q)]
        # a date long after the count, with one before it, is another clause's ("153 هجوماً ... وبهذا
        # المعدل ... في عام 2023"): the one before is the count's
        if after and (not before or s.token_at(after[0][0]) - q.last <= settings.CONTEXT_AFTER_REACH):
            return after[0][1]
        if not before and not after:
            # "18 عملية اغتيال و12 تفجيراً خلال الشهر الماضي": the period told after the next figure
            # (not after "مقابل": "9 هجمات مقابل 15 هجوماً في حزيران" sets the 9 against June's)
            later = [d for a, b, d in spans if a >= limit and not self.compares_with(s, a, q)]
            return later[0] if later else None
        return before[-1][1] if before else after[0][1]

    def _reported_on(self, s: Sentence, start: int, d: DateRef | None) -> bool:
        """Is the date at char `start` the day a source reported on ("وفق المرصد السوري لحقوق الإنسان
        اليوم الأحد"): a single day after "وفق"/"بحسب" and its source, not a span a count covers?"""
        if d is not None and (d.since or d.period_start != d.period_end):
            return False
        return self._cue_before(s, start, "according_to", settings.CONTEXT_SOURCE_REACH)

    def _compared(self, s: Sentence, start: int, q: Quantity) -> bool:
        """Is the date at char `start` the term of a comparison in another clause before the count
        ("بالمقارنة مع العام الفائت بنسبة 49%، حيث سجل 72 هجمة"، "لا مثيل له منذ 2018، إذ نفذ
        هجومين"), not the count's period?"""
        tokens = self.lex.tokens
        at = s.token_at(start)
        # (also "ثاني أعلى رقم في شهر منذ مايو 2021": the highest or lowest since a date compares with it)
        if not any(s.tok(k) in tokens["comparison_leads"] for k in range(max(0, at - settings.CONTEXT_COMPARED_REACH), at)) \
                and not any(s.tok(k) in tokens["superlative_leads"]
                            for k in range(max(0, at - settings.CONTEXT_SUPERLATIVE_REACH), at)):
            return False
        return any(s.tok(k) in tokens["clause_breaks"] for k in range(at + 1, q.first))

    def compares_with(self, s: Sentence, start: int, q: Quantity) -> bool:
        """Is the date at char `start`, after the count `q`, what a comparison between them names
        ("42 هجمة ... مقارنة بشهر أبريل"), or another figure's that "مقابل" sets the count against ("9
        هجمات مقابل 15 هجوماً في حزيران")?"""
        at, tokens = s.token_at(start), self.lex.tokens
        if any(s.tok(k) in tokens["comparison_leads"]
               for k in range(max(q.last + 1, at - settings.CONTEXT_COMPARED_AFTER_REACH), at + 1)):
            return True
        # (in the count's clause, and leading a figure of what the count counts: not "وقتل 5 عناصر مقابل
        # أسر 3 آخرين، خلال شهر أيار", where the month is the count's too)
        figures = {o.first: o for o in s.quantities}
        for k in range(q.last + 1, at):
            if s.tok(k) in tokens["clause_marks"]:
                return False
            if s.tok(k) in tokens["versus_words"] and k + 1 in figures and self._same_noun(s, q, figures[k + 1]):
                return True
        return False

    def _same_noun(self, s: Sentence, q: Quantity, other: Quantity) -> bool:
        """Does the figure `other` count what `q` counts: no noun of its own ("مقابل 15 في حزيران"),
        or one of a lexicon list that holds `q`'s noun too ("مقابل 15 هجوماً")?"""
        sets = self.lex.sets
        theirs = {key for key, words in sets.items() if words.match_at(s, other.last + 1)}
        return not theirs or any(sets[key].match_at(s, q.last + 1) for key in theirs)

    def since_end(self, s: Sentence, ref: DateRef, ordinal: bool = False) -> DateRef:
        """'The tenth attack since the start of the month' counts up to the attack just
        reported: end the period at the latest day-date of this or the previous sentence, else
        of the lead (the day of the report; for an `ordinal`, the day of the attack the lead tells)."""
        # (a day a "منذ" before it starts from, "ومنذ كلمة المتحدث ... في 4 كانون الثاني 2024"، is where
        # the escalation began, not the day of the report)
        pool = [d for d in s.dates if d is not ref and not self._starts_a_since(s, d)]
        if s.index > 0:
            prev = self.sentences[s.index - 1]
            pool += [d for d in prev.dates if not self._starts_a_since(prev, d)]
        # (a single day: "خلال يومين" is a span, not the day of the attack)
        days = [d.period_start for d in pool if d.precision == "day" and not d.since
                and d.period_start == d.period_end and ref.period_start <= d.period_start <= ref.period_end]
        if not days:
            # the day of the report the lead tells of ("أفاد المرصد امس السبت أن ..."); a lead telling
            # an attack ("شنت خلايا داعش مساء الأحد هجوماً") dates the attack, not the tally after it
            speech = self.lex.sets["speech_verbs"]
            lead = [d for sent in self.sentences[:min(settings.LEAD_SENTENCES, s.index)]
                    if sent.dates and (ordinal or speech.any_in(sent, 0, len(sent.tokens))) for d in sent.dates]
            days = [d.period_start for d in lead
                    if d.precision == "day" and not d.since and ref.period_start <= d.period_start <= ref.period_end]
        if days:
            return replace(ref, period_end=max(days))
        return ref

    # ------------------------------------------------------------ grammar
    def clause_start(self, s: Sentence, i: int, limit: int) -> int:
        """Start of the look-back window before token i: `limit` tokens, or the last comma."""
        marks = self.lex.tokens["clause_marks"]
        lo = max(0, i - limit)
        for k in range(i - 1, lo - 1, -1):
            if s.tok(k) in marks:
                return k + 1
        return lo

    def noun_after(self, s: Sentence, q: Quantity, key: str) -> int:
        """Token index of a `key` noun right after the figure ("2000 جندي", "2000 من الجنود", "30 من هذه
        العمليات"), or -1."""
        nouns = self.lex.sets[key]
        i = q.last + 1
        if nouns.match_at(s, i) if i < len(s.tokens) else False:
            return i
        if s.tok(i) in self.lex.tokens["from"]:
            # ("من هذه العمليات": a demonstrative between, and the noun definite after it; the part of a
            # count told before)
            this = s.tok(i + 1) in self.lex.tokens["this_words"]
            k = i + 2 if this else i + 1
            if k < len(s.tokens) and (nouns.match_at(s, k) or this and self._definite_of(s.tok(k), key)):
                return k
        return -1

    def _definite_of(self, word: str, key: str) -> bool:
        """Is `word` a `key` noun with the definite article ("العمليات" of "عمليات")?"""
        article = self.lex.morphology.definite_article
        return word.startswith(article) and word[len(article):] in self.lex.word_sets[key]

    def names_dual(self, s: Sentence, key: str) -> bool:
        """A cheap first test: does one of the `key` dual nouns occur in the sentence's text?"""
        return any(w in s.norm for w in self.lex.word_sets[key])
