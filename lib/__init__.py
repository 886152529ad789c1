"""The product's core, split by subsystem; nothing here imports streamlit.

- lib.text       Arabic text primitives: normalising, sentences, numbers, dates, places
- lib.extract    claim rules (one module per claim kind, in a registry) over sentences
- lib.ingest     files → articles → the store: readers, cleaning, outlets, limits, the
                 pipeline (python -m lib.ingest)
- lib.store      the data contract (schema) and the store of Delta Lake tables
                 (python -m lib.store info|export)
- lib.evaluate   scores the store's claims against hand-made gold (python -m lib.evaluate)
- lib.dashboard  what the pages show: corpus, queries, views, charts, exports, UI strings
- lib.settings   every limit and tunable, in one place
"""
