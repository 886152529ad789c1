"""A town a convoy or equipment is sent to so that a base be set up there: "أرسلت الولايات
المتحدة قافلة محملة بمواد بناء إلى منطقة عين العرب ...، تمهيداً لإنشاء قاعدة عسكرية جديدة"،
"أدخلت القوات شاحنات وغرفاً مسبقة الصنع إلى حي غويران، بهدف إنشاء قاعدة لها". The base is
intended, not built (CONVENTIONS.md: a plan is the status with `when` planned): the town is the
site, `established`, planned."""
from __future__ import annotations

from lib import settings
from lib.extract.base_sites import TOWN_KINDS, name_end, the_base_of_the_town
from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.places import PlaceMatch


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
        k = at - 1
        while k >= 0 and s.tok(k) in tokens["place_lead_words"]:
            k -= 1
        if k < 0 or s.tok(k) not in tokens["to"]:
            continue
        end = name_end(s, at)
        for j in sorted(purposes):
            if not end < j <= end + settings.BASE_PURPOSE_REACH:
                continue
            n = leads.match_at(s, j)
            est = next((i for i in (j + n, j + n + 1) if establish.match_at(s, i)), None)
            if est is not None and sets["base_nouns"].any_in(s, est + 1, est + 3):
                out.append(the_base_of_the_town(p))
                break
    return out
