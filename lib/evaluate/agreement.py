"""How far two annotators agree: a second gold file of the same articles scored
against the first with the evaluator's own matching, the second annotator's items
standing in for the claims.

    python -m lib.evaluate.agreement FIRST SECOND [--split tune|test|all] [--misses]

F1 is symmetric (swapping the files swaps precision and recall). The shares of
qualifiers right are over the items both annotators found and the first one
qualified (an actor, a `cumulative`, an event month only where the first wrote one);
outlets are compared as the ingest names them (the registry's slug for a name). The agreement is a
ceiling for any extractor scored against one annotator, and --misses lists each
disagreement with its evidence, for adjudication against CONVENTIONS.md.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from lib.evaluate.gold import GoldItem, GoldRecord, items_of, load_gold
from lib.evaluate.results import Report
from lib.evaluate.scoring import evaluate


def _as_claim(item: GoldItem, article_id: int) -> dict[str, Any]:
    """A gold item written as a claims-table row, with the qualifiers `checks` reads."""
    a = item.attrs
    period = a.get("period") or (None, None)
    start = period[0] or a.get("day") or (a["event_month"] + "-01" if a.get("event_month") else None)
    when = a.get("when") if item.kind == "troops" else ("planned" if a.get("planned") else None)
    return {"article_id": article_id, "kind": item.kind, "value": item.value, "low": item.low, "high": item.high,
            "qualifier": item.qualifier, "when": when, "status": a.get("status"),
            "place_id": item.place, "actor": a.get("actor"), "cumulative": a.get("cumulative"),
            "period_start": start, "period_end": period[1], "evidence": item.evidence}


def _source_id(record: GoldRecord) -> str | None:
    """The record's outlet as the ingest would name it (an annotator may write the name, not the slug)."""
    if record.source_id or not record.outlet:
        return record.source_id
    from lib.ingest.outlets import detect_outlet

    return detect_outlet("", record.url, given=record.outlet).source_id


def records_as_store(records: list[GoldRecord]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles, claims) frames in the store's shape holding the records' items."""
    articles = pd.DataFrame([{"article_id": i, "path": r.file, "url": r.url, "published": r.published,
                              "source_name": r.outlet, "source_name_en": None, "source_id": _source_id(r)}
                             for i, r in enumerate(records)],
                            columns=["article_id", "path", "url", "published", "source_name", "source_name_en",
                                     "source_id"])
    claims = pd.DataFrame([_as_claim(item, i) for i, r in enumerate(records) for item in items_of(r.raw, i)])
    return articles, claims


def agreement(first: list[GoldRecord], second: list[GoldRecord]) -> Report:
    """The second annotator's items scored against the first's, article by article."""
    articles, claims = records_as_store(second)
    return evaluate(first, articles, claims)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.evaluate.agreement",
                                     description="Agreement of a second annotation with a first one (F1, "
                                                 "qualifiers right on the items both found).")
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--split", choices=("tune", "test", "all"), default="all")
    parser.add_argument("--misses", action="store_true", help="list every disagreement with its evidence")
    args = parser.parse_args(list(argv) if argv is not None else None)
    for path in (args.first, args.second):
        if not path.is_file():
            parser.error(f"no gold file {path}")
    second = load_gold([args.second], args.split)
    wanted = {r.file for r in second}
    first = [r for r in load_gold([args.first], args.split) if r.file in wanted]
    from lib.evaluate.report import format_report

    print(f"{len(first)} articles annotated twice")
    print(format_report(agreement(first, second), misses=args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
