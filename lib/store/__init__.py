"""The data contract and the store.

- lib.store.schema   the columns and types of articles, claims, corrections (pandas and Arrow)
- lib.store.delta    the store read side: open_store(path, as_of) -> Store (Delta Lake tables)
- lib.store.writer   the store write side: StoreWriter (a commit per batch, under a file lock)
- lib.store.ids      IdSet, a compact set of article ids
- lib.store.export   the store as plain Parquet/CSV files (python -m lib.store export)
- lib.store.corrections  analysts' corrections (write API); correction_values: their values;
                     overlay: how reads apply them and the stories; gold_export: corrections as gold
- lib.store.stories  articles grouped into stories across outlets (MinHash/LSH, figures, dates)
- lib.store.access   read-only mode, enforced where the store is written
- lib.store.storage  the plain Parquet pair (the export format), written atomically

Nothing is imported here, so reading the schema does not load Delta Lake.
"""
