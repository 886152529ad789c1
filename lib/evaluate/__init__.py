"""Scoring the store's claims against hand-annotated gold: precision, recall and
F1 per claim kind, and how often each qualifier is right.

    python -m lib.evaluate GOLD [GOLD...] STORE [--split tune|test|all] [--misses]

GOLD files are lists of records in the format of tests/data/seeds_gold.json (one
record per article: "file", "url", "outlet", "source_id", "published", the items
under "troops", "attacks", "strikes", "bases", "base_counts", "incidents", the
"distractors", and for a dev set "split": "tune" or "test"; a record without a
split counts only in `--split all`). STORE is a store folder (lib.store.delta).

How gold meets the store
------------------------
- Article: a record's "file" is matched to an article whose `path` ends with it
  (after "/"), else its "url" to the article's URL (scheme, "www." and a trailing
  "/" ignored). A record with no article: every item of it is missed.
- Only the claims of the articles of the evaluated records are scored (precision
  is over them); claims of kind `incident` only in records that carry
  "incidents".
- Figures (troops, attacks, strikes, and base counts, the "base_counts" items,
  scored as base_status): a gold item matches a claim of its kind in its article
  with the same value (for a value-less item, a range or a vague amount, the same
  low and high). A range stands for its two ends: a claimed range 500–600 matches
  gold items 500 and 600 (ranges may be annotated as two approx items), and a
  gold range matches claimed figures at its ends. A base count never matches a
  claim on a named base.
- Named bases (the "bases" items, base_status): the claim on the same gazetteer
  place (the item's "place_id", else its "name_ar" looked up in the gazetteer;
  one item per named site per article). Incidents: the same place and day.
- Each claim and each gold item is used once (a claimed range once per end).
  Pairs are taken greedily, best first: same figure or place before a pair
  through a range's end, then the pair with more qualifiers right, then text
  order. A claim matched to nothing is a false positive; a gold item matched to
  nothing is a miss.

Precision = claims matched / claims; recall = gold items matched / gold items;
F1 their harmonic mean; "overall" sums the four kinds (troops, attacks, strikes,
base_status) before dividing.

Qualifiers, scored only on matched pairs (share right):
- when: troops, the claim's `when` equals the item's;
- period: attacks and strikes, (period_start, period_end) equal to the day
  (null = null);
- status: bases and base counts, the same `status`, and a plan kept apart from a
  fact (the item's "when": "planned" if and only if the claim's `when` is planned);
- outlet (per article): the record's source_id when it has one, else its outlet
  name equals the article's source_name or source_name_en (case, spaces and
  punctuation aside) or slugifies to its source_id;
- date (per article): the article's `published` day equals the record's (null = null).
Also shown: actor (gold "other", an Iran-backed or unnamed attacker, accepts
any actor but ISIS), cumulative, a base event's month, and the hedge (the
claim's qualifier equals the item's; a range matched by its end counts right;
at_least and more_than are one, as the gold writes "at least" as more_than).

With --misses the report lists every miss (with the gold's evidence), every
false positive (with its sentence, and the distractor it is when the record
names it) and every wrong qualifier, the article's outlet and date included.
"""
from __future__ import annotations

from lib.evaluate.gold import EXTRA_KINDS, KINDS, GoldRecord, load_gold
from lib.evaluate.report import format_report
from lib.evaluate.results import Report
from lib.evaluate.scoring import evaluate, evaluate_store

__all__ = ["KINDS", "EXTRA_KINDS", "GoldRecord", "Report", "load_gold", "evaluate", "evaluate_store", "format_report"]
