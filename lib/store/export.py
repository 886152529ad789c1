"""The store's articles and claims as plain files: Parquet, and CSV for spreadsheets.

What is exported is what reads see: the analysts' corrections applied, and the articles'
story columns (story_id, story_rule, published_basis) after the stored ones.

Rows are streamed from the store a batch at a time, so an export of any size takes
little memory. Files are replaced atomically (lib.store.storage.staged_files): a
dashboard reading the folder sees the old export or the new one.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from lib.store.delta import ARTICLES, CLAIMS, AsOf, Store, open_store
from lib.store.schema import ARTICLES_READ_SCHEMA, CLAIMS_SCHEMA
from lib.store.storage import staged_files

__all__ = ["export", "neutralise_formulas"]

# As reads see the tables: corrections applied, the articles' story columns added (lib.store.overlay).
SCHEMAS = {ARTICLES: ARTICLES_READ_SCHEMA, CLAIMS: CLAIMS_SCHEMA}
BOM = "\ufeff".encode("utf-8")  # Excel reads a CSV as UTF-8 (Arabic intact) only with it
# A cell a spreadsheet would run as a formula (OWASP's list); it gets a leading apostrophe.
FORMULA_START = r"^[=+\-@\t\r]"


def neutralise_formulas(batch: pa.RecordBatch) -> pa.RecordBatch:
    """String cells that start like a formula, prefixed with ' so a spreadsheet shows them as text."""
    columns = []
    for column in batch.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.fill_null(pc.match_substring_regex(column, FORMULA_START), False)
            if pc.any(risky).as_py():  # rare: copy the column only then
                column = pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)


def export(store: str | Path | Store, out_dir: str | Path, *, csv: bool = False, as_of: AsOf = None) -> dict[str, int]:
    """Write `out_dir/articles.parquet` and `out_dir/claims.parquet` (and `.csv` with `csv`)
    from the store's latest revision or `as_of`. Returns the rows written per table."""
    snapshot = store if isinstance(store, Store) else open_store(store, as_of)
    out_dir = Path(out_dir)
    tables = (ARTICLES, CLAIMS)
    paths = [out_dir / f"{t}.parquet" for t in tables] + ([out_dir / f"{t}.csv" for t in tables] if csv else [])
    rows = dict.fromkeys(tables, 0)
    with staged_files(paths) as tmps:
        # one pass per file: a Parquet and a CSV writer fed together hold twice the buffers
        for i, table in enumerate(tables):
            with pq.ParquetWriter(tmps[i], SCHEMAS[table], compression="zstd") as parquet:
                for batch in snapshot.batches(table):
                    parquet.write_batch(batch.cast(SCHEMAS[table]))
                    rows[table] += batch.num_rows
            if csv:
                with open(tmps[len(tables) + i], "wb") as out:
                    out.write(BOM)
                    with pacsv.CSVWriter(out, SCHEMAS[table]) as writer:
                        for batch in snapshot.batches(table):
                            writer.write_batch(neutralise_formulas(batch.cast(SCHEMAS[table])))
    return rows
