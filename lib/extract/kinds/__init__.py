"""The claim kinds, one module each; lib.extract.registry lists them.

A kind module declares:

- KIND: its value in the claims table's `kind` column;
- GATES: the gates it waits for (lib.extract.vocabulary.Gate: the lexicon lists
  whose words open each one); it is tried only in a sentence where one of them is open;
- applies(article, sentence) -> bool: the finer condition, on the sentence's open
  gates (lib.extract.vocabulary.build_lexicon: "figure", "date", "group:<name>" …) and its text;
  cheap, since the sentence is not tokenised yet;
- extract(article, sentence) -> list[dict]: the claims, as dicts of claim-table
  columns (lib.extract.claims.claim);
- optionally consolidate(article, claims) -> list[dict]: given all of the article's claims of
  this kind, the ones to keep (bases: one per named site).
"""
