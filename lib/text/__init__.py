"""Arabic text primitives, knowing nothing of claims: normalisation for matching,
sentences with offsets, figures, dates and periods, gazetteer places."""
