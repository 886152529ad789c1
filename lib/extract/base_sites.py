"""Which named sites of a sentence are coalition bases, and what the sentence's
wording around a name says of it: a site named only to locate another ("قاعدة أقاموها
قرب حقل العمر"، "بين تل تمر وتل بيدر"), an area sharing a base's name ("منطقة رميلان
النفطية"), an oil field in a story about oil only, a base known by its town ("قاعدة في
مدينة منبج"), where supplies are brought ("نقلت طائرات شحن معدات إلى قاعدة ...") or come
from, what forces are moved out of, a base called the coalition's, a base the Syrian
state took over."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from lib import settings
from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.numbers import Quantity
from lib.text.places import GEO_PRECISION_BY_KIND, PlaceMatch, load_gazetteer
from lib.text.textnorm import normalize_term, without_conjunction

BASE_KINDS = frozenset({"base", "oil_field", "gas_field"})  # gazetteer kinds that can have a base status
TOWN_KINDS = frozenset({"town", "city", "village", "neighbourhood"})  # "قاعدة في مدينة منبج": a base placed by its town
# group names (lexicon "groups") whose bases in a town are not the coalition's
OTHER_SIDES = frozenset({"Russia", "Turkey", "Iran-backed militias", "Syrian government", "Israel"})
STATE_FORCES = frozenset({"Syrian government", "Syrian security forces"})  # who a base is handed over to
_FIELD_KINDS = frozenset({"oil_field", "gas_field"})  # sites that are fields first, bases only when the article says so
_OUR_GROUPS = frozenset({"US", "coalition"})  # groups (lexicon "groups") whose presence makes a field a base


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
    if any(near.match_at(s, k) and k + near.match_at(s, k) >= at - 1 for k in range(max(0, at - 3), at)):
        return True
    # "وتقع قاعدة قسرك بين تل تمر وتل بيدر": both places after "بين" only say where the base is
    between = article.lex.tokens["between_words"]
    return any(s.tok(k) in between for k in range(max(0, at - settings.BASE_BETWEEN_REACH), at + 1))


@lru_cache(maxsize=1)
def _context_only_names() -> dict[str, frozenset[str]]:
    """place_id -> the names of a site that name it only in context (the gazetteer's "?" variants,
    or all its names when the row needs context): "?رميلان" is also the town and its oil area."""
    out: dict[str, frozenset[str]] = {}
    for row in load_gazetteer().itertuples():
        names = [row.name_ar] + [v for v in str(row.variants_ar).split("|") if v.strip()]
        picked = {normalize_term(n.strip().lstrip("?")) for n in names
                  if row.needs_context or n.strip().startswith("?")}
        if picked:
            out[row.place_id] = frozenset(picked)
    return out


def names_an_area(article: Article, s: Sentence, p: PlaceMatch) -> bool:
    """Is the base named by a name it shares with its area, right after a noun of area or a
    direction ("من محيط منطقة رميلان النفطية"، "غرب الفرات"): the area, not the base?"""
    if normalize_term(s.norm[p.start:p.end]) not in _context_only_names().get(p.place_id, frozenset()):
        return False
    area = s.token_at(p.start) - 1
    tokens = article.lex.tokens
    if s.tok(area) in tokens["direction_words"]:
        return True  # "مواقع للميليشيات غرب الفرات": the river's west bank
    if s.tok(area) not in tokens["area_nouns"]:
        return False
    # "القاعدة العسكرية في منطقة الشدادي": a base told just before, placed in the area, is that base
    return not article.lex.sets["base_nouns"].any_in(s, area - settings.BASE_BEFORE_AREA, area)


def only_a_field(article: Article, p: PlaceMatch) -> bool:
    """Is an oil or gas field named in an article about oil (its output, barrels, companies) that
    calls nothing a base and names no US or coalition forces ("أعلنت الشركة السورية للبترول أن
    إنتاج حقل العمر ...")? A field, not a base."""
    if p.kind not in _FIELD_KINDS:
        return False
    sets = article.lex.sets
    about_oil = False
    for sent in article.sentences:
        if sets["base_nouns"].any_in(sent) or any(g in _OUR_GROUPS for _, g in article.groups_in(sent)):
            return False
        about_oil = about_oil or sets["oil_industry_words"].any_in(sent)
    return about_oil


def bases_in_towns(article: Article, s: Sentence, named: list[PlaceMatch]) -> list[PlaceMatch]:
    """A base known by its town: "قاعدة في مدينة منبج", "قاعدة عسكرية ببلدة ...", "قاعدة عين عيسى"."""
    tokens = article.lex.tokens
    # (a dual too, for a list of two towns: "إنشاء قاعدتين في قرية هيمو وقرية تل فارس")
    duals = tuple(w for w, n in article.lex.base_count_nouns.items() if n == 2)
    singular = tokens["base_singular"] + duals
    by_dual: list[int] = []  # positions in `out` of towns a dual base noun placed, alone until a list follows
    out: list[PlaceMatch] = []
    towns = [p for p in s.places if p.kind in TOWN_KINDS]
    heads = singular + tokens["base_anaphors"]
    if not towns or not any(t.text in heads for t in s.tokens):
        return out
    taken = {p.start for p in named}
    # bases named as a village ("قرية هيمو"), which a list of towns may go on from
    villages = [n for n in named if s.tok(s.token_at(n.start)) in tokens["place_lead_words"]]
    for p in towns:
        at = s.token_at(p.start)
        heads_extra: tuple[str, ...] = ()
        joined = s.tok(at).startswith(tokens["and_prefix"]) or (
            s.tok(at - 1).startswith(tokens["and_prefix"]) and s.tok(at - 1)[1:] in tokens["place_lead_words"])
        # (after a town, or a base named as a village: "في قرية هيمو وقرية تل فارس")
        before = [q for q in out + villages if q.start < p.start]
        prev = max(before, key=lambda q: q.start) if before else None
        if prev and joined and 0 < at - name_end(s, s.token_at(prev.start)) <= settings.BASE_LIST_GAP:
            out.append(the_base_of_the_town(p))  # "... في قرية هيمو وقرية تل فارس": the next of a list
            by_dual.clear()
            continue
        if s.tokens[at].start < p.start:  # "قاعدة بمنبج": the preposition glued on
            base = at - 1
        elif s.tok(at - 1) in singular:  # "قاعدة عين عيسى": a base named by its town
            base = at - 1
        else:
            k = word_before_town(article, s, at)
            lead = s.tok(k)
            if _in_countryside(article, s, k + 1, at):
                continue  # "قاعدة جديدة بريف مدينة القامشلي": somewhere around the town, not in it
            if lead in tokens["inside"]:
                base = k - 1
                if s.tok(base) in tokens["narrowing_words"]:
                    # "قاعدة جديدة في شمال شرق سوريا تحديداً في مدينة الحسكة": the area, then the town
                    base = next((j - 1 for j in range(base - 1, max(0, base - settings.BASE_NARROWING_REACH) - 1, -1)
                                 if s.tok(j) in tokens["inside"]), base)
                attacked = _attacked_base_before(article, s, k)
                if attacked is not None:  # "تعرض القاعدة الأمريكية لهجوم صاروخي في منطقة الشدادي"
                    base, heads_extra = attacked, tokens["base_anaphors"]
            elif lead[:1] in tokens["glued_prepositions"] and lead[1:] in tokens["place_lead_words"]:
                base = k - 1  # "قاعدة جديدة بمدينة كوباني": the preposition glued to the lead word
            else:
                near = _near_ending_at(article, s, k)
                if near < 0:
                    continue
                base = _before_a_country(article, s, near - 1)  # "قاعدة جديدة لها بالقرب من مدينة المالكية"
        while base > 0 and s.tok(base) in tokens["base_adjectives"]:
            base -= 1  # "قاعدة عسكرية جديدة في ..."
        heads = singular + heads_extra
        if s.tok(base) in tokens["locating_verbs"] and s.tok(base - 1) in tokens["relative_pronouns"] \
                and s.tok(base - 2) in tokens["base_anaphors"] and s.tok(base - 3) not in tokens["not_a_base_before"]:
            base -= 2  # "القاعدة التي تقع في منطقة عين ديوار"
            heads = singular + tokens["base_anaphors"]
        owner = owner_phrase_start(article, s, base) if s.tok(base) not in heads else base
        if s.tok(owner) not in heads or p.start in taken:
            continue
        if _a_seat_named_bare(article, s, p, owner, at):
            continue  # "قاعدة عسكرية في الحسكة": somewhere in the governorate, no site
        if owner < base:  # "قاعدة التحالف الدولي لمحاربة داعش في حي غويران": called ours
            base = owner
        elif article.lex.sets["other_country_troops"].any_in(s, base + 1, at):
            continue  # "قاعدة روسية في ..."
        lo = article.clause_start(s, base, settings.BASE_OWNER_CLAUSE_REACH)
        named = [name for i, name in article.groups_in(s) if lo <= i < base]
        if named and named[-1] in OTHER_SIDES:
            continue  # "تتمركز القوات الروسية في قاعدة القامشلي": not a coalition base
        if s.tok(base) in duals:
            by_dual.append(len(out))
        out.append(the_base_of_the_town(p))
    # "قاعدتين عسكريتين في دير الزور": two bases in one place are a count, not that place's base
    return [p for i, p in enumerate(out) if i not in by_dual]


def _attacked_base_before(article: Article, s: Sentence, k: int) -> int | None:
    """The base noun a few tokens before "في" at token `k` when an attack on it is told between
    ("تعرض القاعدة الأمريكية لهجوم صاروخي في منطقة الشدادي"): the attack took place at the base, in
    that town (not "تنظيم القاعدة")."""
    tokens = article.lex.tokens
    heads = tokens["base_singular"] + tokens["base_anaphors"]
    for j in range(k - 2, max(-1, k - 1 - settings.BASE_ATTACKED_BEFORE_AREA), -1):
        if s.tok(j) in heads:
            if s.tok(j - 1) in tokens["not_a_base_before"] or not article.lex.sets["attack_nouns"].any_in(s, j + 1, k):
                return None
            return j
    return None


def listed_after_a_count(article: Article, s: Sentence, named: list[PlaceMatch]) -> list[tuple[PlaceMatch, int]]:
    """The sites a count of bases lists right after it ("3 نقاط انسحبت منها الولايات المتحدة وهي صرين
    وعين عيسى وسعيدية"), each with the token opening the list (the status told before it is theirs);
    not the sites named already."""
    taken = {p.start for p in named}
    out: list[tuple[PlaceMatch, int]] = []
    for q in s.quantities:
        lead, sites = sites_listed_after(article, s, q)
        out += [(the_base_of_the_town(p) if p.kind in TOWN_KINDS else p, lead) for p in sites if p.start not in taken]
    return out


def sites_listed_after(article: Article, s: Sentence, q: Quantity) -> tuple[int, list[PlaceMatch]]:
    """(the token opening the list, the sites) a count of bases `q` lists right after it ("3 نقاط ...
    وهي صرين وعين عيسى وسعيدية"), or (-1, [])."""
    tokens = article.lex.tokens
    nouns = article.lex.base_count_nouns
    if q.value is None or q.value < 2 or q.ordinal or s.tok(q.last + 1) not in nouns:
        return -1, []
    hi = min(len(s.tokens), q.last + 2 + settings.BASE_LIST_AFTER_COUNT_REACH)
    lead = next((k for k in range(q.last + 2, hi) if s.tok(k) in tokens["count_list_leads"]), None)
    if lead is None or any(s.tok(k) in tokens["clause_marks"] for k in range(q.last + 2, lead)):
        return -1, []
    end = lead
    out: list[PlaceMatch] = []
    sites = sorted((p for p in s.places if p.kind in TOWN_KINDS | BASE_KINDS and s.token_at(p.start) > lead),
                   key=lambda p: p.start)
    for p in sites[:int(q.value)]:
        at = s.token_at(p.start)
        if at != lead + 1 and not (s.tok(at).startswith(tokens["and_prefix"]) and at - end <= settings.BASE_LIST_GAP):
            break  # the list ended
        end = name_end(s, at)
        out.append(p)
    return lead, out


def owner_phrase_start(article: Article, s: Sentence, k: int) -> int:
    """The base noun whose owner is named from right after it up to token k ("قاعدة التحالف الدولي
    لمحاربة داعش"، "قاعدة القوات الأمريكية"), or k when there is none."""
    singular = article.lex.tokens["base_singular"]
    markers = article.lex.sets["our_base_markers"]
    marks = article.lex.tokens["clause_marks"]
    inside = article.lex.tokens["inside"]
    named = {s.token_at(p.start) for p in s.places}
    ours = {i for i, g in article.groups_in(s) if g in _OUR_GROUPS}  # "قاعدة القوات الأمريكية"
    for j in range(k - 1, max(-1, k - 1 - settings.BASE_OWNER_REACH), -1):
        if s.tok(j) in marks or s.tok(j + 1) in inside or j + 1 in named:
            break  # "قاعدة التحالف في حقل العمر بدير الزور": the base is the field's
        if s.tok(j) in singular and (markers.match_at(s, j + 1) or j + 1 in ours or j + 2 in ours):
            return j
    return k


def _in_countryside(article: Article, s: Sentence, lo: int, at: int) -> bool:
    """Is the town at `at` led by a word of countryside ("بريف مدينة القامشلي"، "في ريف منبج")?"""
    countryside = article.lex.tokens["countryside_words"]
    glued = article.lex.tokens["glued_prepositions"]
    return any(s.tok(k) in countryside or without_conjunction(s.tok(k), glued) in countryside
               for k in range(max(0, lo - 1), at))


def _before_a_country(article: Article, s: Sentence, k: int) -> int:
    """Token k, or the one before "في سوريا،" ending at k ("إنشاء قاعدة عسكرية جديدة في سوريا، بالقرب من
    مدينة عين العرب"): the country only says where the base is, its town follows."""
    j = k - 1 if s.tok(k) in article.lex.tokens["clause_marks"] else k
    country = any(p.kind == "country" and s.token_at(p.start) == j for p in s.places)
    return j - 2 if country and s.tok(j - 1) in article.lex.tokens["inside"] else k


def is_governorate_seat(place_id: str | None) -> bool:
    """Is the place a city whose governorate bears its name (الحسكة، دير الزور)?"""
    return place_id in _governorate_seats()


@lru_cache(maxsize=1)
def _governorate_seats() -> frozenset[str]:
    """Cities whose governorate bears their name (its name ends with theirs: الحسكة، دير الزور، كركوك)."""
    rows = {r.place_id: r for r in load_gazetteer().itertuples()}
    return frozenset(r.place_id for r in rows.values() if r.kind in TOWN_KINDS and r.parent_id in rows
                     and rows[r.parent_id].kind == "governorate"
                     and normalize_term(rows[r.parent_id].name_ar).endswith(" " + normalize_term(r.name_ar)))


def _a_seat_named_bare(article: Article, s: Sentence, p: PlaceMatch, base: int, at: int) -> bool:
    """Is a base placed ("في"، "بـ") by the bare name of a city that is also its governorate's ("قاعدة
    عسكرية في الحسكة"، "قاعدة التحالف في دير الزور"، "قاعدة للتحالف في منطقة الحسكة")? The governorate
    is meant, no site; "قاعدة في مدينة الحسكة" is the city. Near it ("قاعدة للتحالف قرب الحسكة") is as vague."""
    tokens = article.lex.tokens
    if p.place_id not in _governorate_seats() or s.tok(at - 1) in tokens["city_lead_words"]:
        return False
    return s.tokens[at].start < p.start or any(s.tok(k) in tokens["inside"] for k in range(base + 1, at)) \
        or _near_ending_at(article, s, at - 1) >= 0


@lru_cache(maxsize=1)
def _bases_by_town_name() -> dict[str, tuple]:
    """normalised town name -> the gazetteer row of the one base that name means in context
    ("?الشدادي" of the al-Shaddadi base, "?الطبقة" of the Tabqa airbase)."""
    rows = {r.place_id: r for r in load_gazetteer().itertuples() if r.kind in BASE_KINDS}
    found: dict[str, list] = {}
    for pid, names in _context_only_names().items():
        if pid in rows:
            for n in names:
                found.setdefault(n, []).append(rows[pid])
    return {n: rs[0] for n, rs in found.items() if len(rs) == 1}


def the_base_of_the_town(p: PlaceMatch) -> PlaceMatch:
    """"القاعدة العسكرية في منطقة الشدادي": a base in a town whose name, in context, is a base of the
    gazetteer is that base (placed where the gazetteer puts it)."""
    row = _bases_by_town_name().get(normalize_term(p.name_ar))
    if row is None:
        return p
    return replace(p, place_id=row.place_id, name_ar=row.name_ar, name_en=row.name_en, kind=row.kind,
                   lat=float(row.lat), lon=float(row.lon), geo_precision=GEO_PRECISION_BY_KIND[row.kind],
                   parent_id=row.parent_id)


def _near_ending_at(article: Article, s: Sentence, k: int) -> int:
    """Index of the first token of a "near" phrase ending at token k ("بالقرب من"), or -1."""
    near = article.lex.sets["near_words"]
    return next((j for j in range(max(0, k - 3), k + 1)
                 if near.match_at(s, j) and j + near.match_at(s, j) - 1 == k), -1)


def brought_from(article: Article, s: Sentence, at: int) -> bool:
    """Is the base at token `at` where a convoy or reinforcements come from ("قادمة من
    قاعدة خراب الجير"), with another base as their destination before it, or right after it
    ("وصل رتل من قاعدة عين الأسد إلى قاعدة الشدادي")?"""
    tokens = article.lex.tokens
    if not any(s.tok(k) in tokens["source_words"] for k in range(max(0, at - 3), at)):
        return False
    if any(s.tok(k) in tokens["to"] for k in range(0, at - 1)):
        return True
    end = name_end(s, at)
    others = [s.token_at(p.start) for p in s.places if p.kind in BASE_KINDS and s.token_at(p.start) > end]
    return any(s.tok(k) in tokens["to"] for k in range(end + 1, min(others, default=end + 1)))


def moved_out_of(article: Article, s: Sentence, at: int) -> int | None:
    """Is the base at token `at` what forces or tasks are moved out of ("نقلت القوات عشرات الجنود من
    قاعدة قسرك إلى ..."، "سينقل التحالف مهامه من قاعدة عين الأسد إلى أربيل")? The verb's token, or None."""
    tokens = article.lex.tokens
    # "نقل المعدات والعناصر من مواقع أخرى، مثل قاعدة التنف": a site given as an example of those moved out of
    # (the whole lead: "ومن بينها قاعدة التنف" from its "ومن", its "من" being none of the move's)
    leads = article.lex.sets["example_leads"]
    example = min((k for k in range(max(0, at - 4), at) if leads.match_at(s, k)
                   and k + leads.match_at(s, k) in (at - 1, at)), default=None)
    anchor, reach = (at, 2) if example is None else (example, settings.BASE_EXAMPLE_FROM_REACH)
    frm = [k for k in range(max(0, anchor - reach), anchor) if s.tok(k) in tokens["from"]]
    if not frm:
        return None
    # a verb of moving something ("نقلت"، "سحبت") or of moving ("انتقلت القوات من قاعدة ...")
    sets = article.lex.sets
    verbs = [*sets["relocation_verbs"].starts(s), *sets["move_to_verbs"].starts(s)]
    lo = article.clause_start(s, frm[-1], settings.RELOCATION_VERB_REACH)  # (the clause of "من", before "، مثل")
    return max((k for k in verbs if lo <= k < at), default=None)


def said_to_be_ours(article: Article, s: Sentence, p: PlaceMatch) -> bool:
    """Is the site called the US's or the coalition's, right before or after its name
    ("القاعدة الأمريكية في حقل العمر"، "قاعدة التنف التابعة للتحالف"), or by "القاعدة" and a word of
    ours later in its sentence?"""
    first, last = s.token_at(p.start), s.token_at(max(p.start, p.end - 1))
    markers = article.lex.sets["our_base_markers"]
    if markers.any_in(s, last + 1, last + 4) or markers.any_in(s, max(0, first - 3), first):
        return True
    # "قاعدة التنف ...، وهي تعد القاعدة الأمريكية الأكبر في سوريا": called ours further on, no other base between
    others = [s.token_at(q.start) for q in s.places if q.kind in BASE_KINDS and s.token_at(q.start) > last]
    stop = min(others, default=len(s.tokens))
    return any(s.tok(j) in article.lex.tokens["base_anaphors"] and markers.match_at(s, j + 1)
               for j in range(last + 1, stop))


def taken_over_by_the_state(article: Article, s: Sentence, at: int) -> bool:
    """Did Syrian state forces take over the base at token `at` ("دخلت قوات الأمن الداخلي قاعدة
    التنف"، "تسلم الجيش السوري قاعدة الشدادي")? Its handover, named by who received it."""
    lo = article.clause_start(s, at, settings.BASE_TAKEOVER_CLAUSE_REACH)
    named = [(i, name) for i, name in article.groups_in(s) if lo <= i < at]
    if not named or named[-1][1] not in STATE_FORCES:
        return False
    verbs = article.lex.sets["takeover_verbs"]
    return verbs.any_in(s, max(lo, named[-1][0] - settings.BASE_TAKEOVER_VERB_BEFORE), at)


def what_is_brought(article: Article, s: Sentence, at: int) -> str | None:
    """Is the base at token `at` where something is brought ("إلى قاعدة ..." after a
    verb of bringing: "نقلت ... معدات إلى قاعدة"، "أدخل التحالف شاحنات إلى قاعدة"، "ووصلت إلى
    قواعد خراب الجير والشدادي طائرات شحن محملة بمعدات"، "قافلة من مدرعات ... تسير باتجاه قاعدة
    قسرك"، "دخلت قاعدة قسرك 15 شاحنة")? "supplies", "evacuees" (the wounded flown there: the
    base is in use), or None."""
    sets = article.lex.sets
    k = _to_before(article, s, at)
    if k is None:
        return _landed_in(article, s, at) or _entered_by_supplies(article, s, at)
    lo = article.clause_start(s, k, settings.BASE_SUPPLY_CLAUSE_REACH)
    verbs = [i for i in sets["supply_verbs"].starts(s) if lo <= i < k]
    if not verbs:
        # "استقدمت قوات التحالف، اليوم الجمعة، معدات عسكرية ...، عبر طائرة شحن إلى قاعدة": commas of time
        # and manner between the verb and "إلى", what is brought between them
        far = [i for i in sets["supply_verbs"].starts(s) if max(0, k - settings.SUPPLY_VERB_REACH) <= i < k]
        if far and sets["supply_objects"].any_in(s, far[-1] + 1, k):
            return "supplies"
        return None
    # what is brought: between the verb and the base, or right after the list ("... طائرات شحن")
    hi = min(len(s.tokens), at + settings.BASE_SUPPLY_AFTER)
    if sets["evacuee_words"].any_in(s, verbs[0], k):
        return "evacuees"
    # (after the list only when the verb opens it: "ووصلت إلى قواعد ...")
    after = verbs[-1] >= k - 2 and sets["supply_objects"].any_in(s, at + 1, hi)
    # (or as the verb's subject, right before it: "قافلة من مدرعات ... تسير باتجاه قاعدة قسرك")
    subject = verbs[-1] >= k - 2 and sets["supply_objects"].any_in(
        s, article.clause_start(s, verbs[-1], settings.SUPPLY_VERB_REACH), verbs[-1])
    return "supplies" if after or subject or sets["supply_objects"].any_in(s, verbs[0], k) else None


def _to_before(article: Article, s: Sentence, at: int) -> int | None:
    """Token index of the "إلى"/"باتجاه" the base at `at` follows ("إلى قاعدة ..."، "إلى قواعد
    خراب الجير والشدادي وقسرك" for a later name of the list), or None."""
    tokens = article.lex.tokens
    to = tokens["to"] + tokens["towards"]
    k = next((k for k in (at - 1, at - 2) if k >= 0 and s.tok(k) in to), None)
    if k is not None:
        return k
    # a base known by its town: "إلى القاعدة الأمريكية في مدينة الشدادي"
    sets = article.lex.sets
    words = tokens["place_lead_words"] + tokens["inside"] + tokens["base_adjectives"]
    k = at - 1
    while k >= max(0, at - settings.BASE_PHRASE_REACH) and (s.tok(k) in words or sets["base_nouns"].match_at(s, k)
                                                   or sets["our_base_markers"].match_at(s, k)):
        k -= 1
    if s.tok(k) not in to and owner_phrase_start(article, s, k) < k:
        k = owner_phrase_start(article, s, k) - 1  # "إلى قاعدة التحالف الدولي لمحاربة داعش في حي غويران"
    if k < at - 2 and k >= 0 and s.tok(k) in to and sets["base_nouns"].any_in(s, k + 1, at):
        return k
    named = {i for p in s.places if p.kind in BASE_KINDS
             for i in range(s.token_at(p.start), s.token_at(max(p.start, p.end - 1)) + 1)}
    k = at - 1
    while k >= 0 and k in named:
        k -= 1
    if not (0 <= k < at - 1 and s.tok(k) in to) and not (k >= 1 and s.tok(k - 1) in to and k + 1 in named):
        return None
    return k if s.tok(k) in to else k - 1


def _landed_in(article: Article, s: Sentence, at: int) -> str | None:
    """"حطت طائرتا شحن أميركيتان في قاعدة خراب الجير": a verb of landing, what landed, then "في" and
    the base."""
    tokens, sets = article.lex.tokens, article.lex.sets
    k = word_before_base(s, at, tokens["base_singular"])
    if k < 0 or s.tok(k) not in tokens["inside"]:
        return None
    verbs = [i for i in sets["landing_verbs"].starts(s) if max(0, k - settings.BASE_LANDING_REACH) <= i < k]
    return "supplies" if verbs and sets["supply_objects"].any_in(s, verbs[-1] + 1, k) else None


def _entered_by_supplies(article: Article, s: Sentence, at: int) -> str | None:
    """"كما دخلت قاعدة قسرك 15 شاحنة محملة بصهاريج وقود"، "قوات أمريكية دخلت قاعدة صرين مجدداً": a
    verb of arriving right before the base (its object), and what is brought right after the name
    or, as the verb's subject, right before the verb."""
    sets = article.lex.sets
    verb = word_before_base(s, at, article.lex.tokens["base_singular"])
    if verb < 0 or not sets["convoy_arrival_verbs"].match_at(s, verb):
        return None
    end = name_end(s, at)
    after = sets["supply_objects"].any_in(s, end + 1, end + 1 + settings.BASE_SUPPLY_AFTER)
    subject = sets["supply_objects"].any_in(s, max(0, verb - settings.BASE_SUBJECT_BEFORE), verb)
    return "supplies" if after or subject else None


def word_before_base(s: Sentence, at: int, heads: tuple[str, ...]) -> int:
    """The token before the base named from token `at`, over its base noun when one of `heads` leads
    it ("من قاعدة الشدادي" -> "من"; "من الشدادي" -> "من")."""
    return at - 2 if s.tok(at - 1) in heads else at - 1


def word_before_town(article: Article, s: Sentence, at: int) -> int:
    """The token before the town named from token `at`, over its lead words ("إلى منطقة عين العرب"،
    "في ريف مدينة منبج" -> the preposition); -1 when the sentence opens with them."""
    leads = article.lex.tokens["place_lead_words"]
    k = at - 1
    while k >= 0 and s.tok(k) in leads:
        k -= 1
    return k


def name_end(s: Sentence, at: int) -> int:
    """The last token of the site named from token `at`."""
    return max((s.token_at(max(p.start, p.end - 1)) for p in s.places if s.token_at(p.start) == at), default=at)
