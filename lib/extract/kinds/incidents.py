"""Incidents with casualties on a given day: "قتل 3 عناصر من قسد بهجوم لخلايا داعش في
البحرة أمس" — who, whom, where, and how many killed, injured, arrested."""
from __future__ import annotations

from typing import Any

from lib.extract.claims import CASUALTY_KEYS, claim, place_fields
from lib.extract.context import Article
from lib.extract.vocabulary import Gate
from lib.extract.sentence import Sentence

KIND = "incident"
# the casualty lists, and their duals ("قتيلان"); their pronoun forms ("لمقتله") come with them
GATES = (Gate("casualty", words=(*CASUALTY_KEYS, "killed_dual", "injured_dual")),)

# Most specific first: an incident "in al-Bahra, Hajin district, Deir ez-Zor" is placed at al-Bahra.
PLACE_SPECIFICITY = {"base": 0, "oil_field": 0, "gas_field": 0, "camp": 0, "prison": 0,
                     "neighbourhood": 1, "village": 2, "town": 2, "city": 3, "district": 4, "region": 5,
                     "governorate": 6, "river": 7, "country": 8}


def applies(article: Article, s: Sentence) -> bool:
    return "casualty" in s.gates and "date" in s.gates  # an incident is dated to its day


def extract(article: Article, s: Sentence) -> list[dict[str, Any]]:
    days = [d for d in s.dates if d.precision == "day" and not d.since]
    if not days:
        return []
    counts = {k: _casualties(article, s, k) for k in CASUALTY_KEYS}
    if all(v is False for v in counts.values()):
        return []
    places = sorted((p for p in s.places), key=lambda p: (PLACE_SPECIFICITY.get(p.kind, 9), p.start))
    place = places[0] if places else None
    actor, target = article.roles(s)
    return [claim(KIND, s, actor=actor, target=target, period_start=days[-1].period_start,
                  period_end=days[-1].period_start, date_precision="day",
                  killed=counts["killed"] or None, injured=counts["injured"] or None,
                  arrested=counts["arrested"] or None,
                  **(place_fields(place) if place else {}))]


def _casualties(article: Article, s: Sentence, key: str) -> int | None | bool:
    """How many were killed/injured/arrested: a number, None when stated without a
    number ("القبض على أفراد"), False when the sentence says nothing of it."""
    lex = article.lex
    terms = lex.sets[key].find(s)
    duals = lex.sets[f"{key}_dual"].find(s) if f"{key}_dual" in lex.sets else []  # "قتيلان": 2
    if not terms and not duals:
        return False
    total, unknown = 2 * len(duals), False
    singular, dual = lex.sets["person_singular"], lex.sets["person_dual"]
    qs = {q.first: q for q in s.quantities if not q.ordinal and not q.fraction and q.value}
    plural_words = lex.word_sets["casualty_plural_nouns"]
    leads, stops = lex.tokens["before_casualty_count"], lex.tokens["casualty_count_stops"]
    all_terms = {i for key2 in CASUALTY_KEYS for a2, b2 in lex.sets[key2].find(s)
                 for i in range(a2, b2 + 1)}
    plain = lex.word_sets[key]
    for a, b in terms:
        prev = [q for q in s.quantities if q.last == a - 1 and q.value]
        if prev and s.tokens[a].text in plural_words:  # a number before a plural noun: "سقوط 3 قتلى"
            total += int(prev[0].value)
            continue
        word = s.tokens[b].text
        if a == b and word not in plain and word[1:] not in plain:  # a pronoun glued on: "أدى لمقتله"
            persons = next((n for suffix, n in lex.morphology.pronoun_persons if word.endswith(suffix)), 0)
            if persons:
                total += persons
                continue
        k = b + 1
        if s.tok(k) in leads:  # "القبض على 3"، "مقتل نحو 10"
            k += 1
        if k < len(s.tokens) and dual.match_at(s, k):
            total += 2
            continue
        if k < len(s.tokens) and singular.match_at(s, k) and k + 1 not in qs:
            total += 1
            continue
        # the figure may follow the subject: "اعتقلت قوات الأمن العام 7 أشخاص"
        count = None
        for j in range(k, min(k + 6, len(s.tokens))):
            if s.tok(j) in stops or (j in all_terms and j > b):
                break
            if j > k and dual.match_at(s, j):  # "أسرت خلايا التنظيم عنصرين"
                count = 2
                break
            if j in qs and (j == k or s.tok(qs[j].last + 1) in plural_words
                            or singular.match_at(s, qs[j].last + 1) if qs[j].last + 1 < len(s.tokens) else j == k):
                count = int(qs[j].value)
                break
        if count is None:
            unknown = True
        else:
            total += count
    if total:
        return total
    return None if unknown else False
