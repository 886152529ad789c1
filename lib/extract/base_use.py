"""A base told in use by what is run from it: "العمليات التي تنفذها واشنطن من قاعدة إنجرليك"،
"الطائرات التي تقلع من قاعدة حرير" (CONVENTIONS.md: `active`, a base described as operating), or by
its owner when it is named by its town: "قاعدة أمريكية موجودة في مدينة الرميلان"."""
from __future__ import annotations

from lib import settings
from lib.extract.base_sites import word_before_base, word_before_town
from lib.extract.base_status import negated_at
from lib.extract.context import Article
from lib.extract.sentence import Sentence
from lib.text.textnorm import without_conjunction


def operated_from(article: Article, s: Sentence, at: int) -> bool:
    """Is the base at token `at` where operations, sorties or strikes are run from: "من" right
    before it (or before its base noun), and a word of operating or flying shortly before that in
    its clause?"""
    tokens, sets = article.lex.tokens, article.lex.sets
    k = word_before_base(s, at, tokens["base_singular"])
    if k < 0 or s.tok(k) not in tokens["from"]:
        return False
    lo = article.clause_start(s, k, settings.BASE_OPERATION_REACH)
    if sets["base_operation_words"].any_in(s, lo, k):
        return True
    # the verbs of launching attacks ("تنفذ"، "وتشن") are the lexicon's launch_verbs, a glued "و" aside
    launch, glued = tokens["launch_verbs"], tokens["and_prefix"]
    return any(without_conjunction(s.tok(j), glued) in launch for j in range(lo, k))


def called_ours_where_it_is(article: Article, s: Sentence, at: int) -> bool:
    """Is the base at token `at` named by its town, "في" and the town after a base noun called the US's
    or the coalition's ("قاعدة أمريكية موجودة في مدينة الشدادي"، "قاعدة للتحالف الدولي في بلدة
    المالكية")? The coalition's base there, in use (as "القاعدة الأمريكية في حقل العمر"); not when its
    clause denies it ("نفى التحالف وجود قاعدة أمريكية في مدينة منبج")."""
    tokens = article.lex.tokens
    if negated_at(article, s, at):
        return False
    k = word_before_town(article, s, at)
    if k < 1 or s.tok(k) not in tokens["inside"]:
        return False
    noun = next((j for j in range(k - 1, max(-1, k - 1 - settings.BASE_OURS_BEFORE_TOWN_REACH), -1)
                 if s.tok(j) in tokens["base_singular"] or s.tok(j) in tokens["clause_marks"]), None)
    if noun is None or s.tok(noun) in tokens["clause_marks"]:
        return False
    # (the indefinite adjective too: "قاعدة أمريكية"، besides the markers of "القاعدة الأمريكية")
    return article.lex.sets["our_base_markers"].any_in(s, noun + 1, k) or \
        any(s.tok(j) in tokens["our_base_adjectives"] for j in range(noun + 1, k))
