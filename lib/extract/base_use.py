"""A base told in use by what is run from it: "العمليات التي تنفذها واشنطن من قاعدة إنجرليك"،
"الطائرات التي تقلع من قاعدة حرير" (CONVENTIONS.md: `active`, a base described as operating)."""
from __future__ import annotations

from lib import settings
from lib.extract.base_sites import word_before_base
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
