"""The product's core, split by subsystem; nothing here imports streamlit.

- lib.text       Arabic text primitives: normalising, sentences, numbers, dates, places
- lib.extract    claim rules (one module per claim kind, in a registry) over sentences
- lib.ingest     files → articles: readers, cleaning, outlets, and the pipeline (python -m lib.ingest)
- lib.store      the data contract (schema) and the stored tables
- lib.dashboard  what the pages show: corpus, queries, views, charts, exports, UI strings
"""
