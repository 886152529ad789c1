"""Hostile text through to the CSV export (issue 15): a cell a spreadsheet would run as a formula
(OWASP's list: a leading =, +, -, @, tab or carriage return) is written with a leading
apostrophe, whatever column it is in; numbers stay numbers."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa

from lib.ingest.streaming import ingest
from lib.store.export import export, neutralise_formulas

STORY = "قالت مصادر إن الولايات المتحدة تحتفظ بنحو 900 جندي في سوريا حاليا، وفق تقرير نشر اليوم."
HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]


def test_formula_cells_are_neutralised_and_numbers_stay_numbers(tmp_path: Path) -> None:
    records = [{"text": f"{start} {STORY}", "title": start, "source": start, "url": start}
               for start in HOSTILE]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    report = ingest([feed], tmp_path / "store")
    assert report.added == len(HOSTILE), report.summary()
    export(tmp_path / "store", tmp_path / "out", csv=True)
    for table in ("articles", "claims"):
        with open(tmp_path / "out" / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows
        for row in rows:
            for column, cell in row.items():
                assert not cell[:1] in ("=", "+", "-", "@", "\t", "\r"), (table, column, cell)
    with open(tmp_path / "out" / "articles.csv", encoding="utf-8-sig", newline="") as fh:
        articles = list(csv.DictReader(fh))
    assert sorted(row["title"] for row in articles) == sorted("'" + h for h in HOSTILE)
    texts = sorted(row["text"] for row in articles)
    assert texts == sorted(f"'{h} {STORY}" for h in HOSTILE)
    with open(tmp_path / "out" / "claims.csv", encoding="utf-8-sig", newline="") as fh:
        claims = list(csv.DictReader(fh))
    assert {c["value"] for c in claims} == {"900"} and all(c["span_start"].isdigit() for c in claims)


def test_tab_and_carriage_return_starts_are_neutralised_too() -> None:
    # ingest strips them (a title is trimmed, a text's lines too), but a corrected value or
    # another producer's table may start with them
    batch = pa.record_batch({"t": ["\t=1+1", "\r=1+1", " =1", "x=1", None], "n": pa.array([-50.0, 1, 2, 3, None])})
    out = neutralise_formulas(batch)
    assert out.column(0).to_pylist() == ["'\t=1+1", "'\r=1+1", " =1", "x=1", None]
    assert out.column(1).to_pylist() == [-50.0, 1, 2, 3, None]  # a negative number stays a number
