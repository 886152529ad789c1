"""What the dashboard's pages show, without streamlit.

- corpus         the store as the pages hold it (`Corpus`), and how it is opened (`open_corpus`)
- source         where each row is in the store; long columns read for the rows shown; search in DuckDB
- compact        how claim columns are held compactly, and read back (values, day numbers, dense rows)
- compact_build  those columns built from the store's Arrow batches at load
- stories        the story rule: the same figure reported within days is one story, counted once
- filters        the sidebar's filters and the row masks they select
- figures        what a figure allows (its range), where its marker goes, what quantity it measures
- orders         sort orders computed once per table, so that no query sorts
- queries        per-page aggregations (attacks, incidents, troops, bases, overview, article search)
- compare        outlets side by side: their figures and where they disagree
- views          what each page shows, with provenance
- charts         one function per chart (a package: layout, hover, timelines, maps, outlets)
- exports, highlight, i18n, terminal   downloads, the reader's HTML, UI strings, the terminal summary
"""
