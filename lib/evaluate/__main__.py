"""python -m lib.evaluate GOLD [GOLD...] STORE [--split tune|test|all] [--misses]"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.evaluate",
        description="Score a store's claims against gold files: precision, recall and F1 per kind, "
                    "qualifiers right (see lib/evaluate/__init__.py for how items are matched).")
    parser.add_argument("paths", nargs="+", type=Path, metavar="GOLD... STORE",
                        help="one or more gold JSON files, then the store folder")
    parser.add_argument("--split", choices=("tune", "test", "all"), default="all",
                        help="the records scored (a record with no split is in 'all' only)")
    parser.add_argument("--misses", action="store_true",
                        help="list every miss, false positive and wrong qualifier with its sentence")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if len(args.paths) < 2:
        parser.error("give at least one GOLD file and a STORE")
    *gold, store = args.paths
    for g in gold:
        if not g.is_file():
            parser.error(f"no gold file {g}")
    from lib.evaluate.report import format_report
    from lib.evaluate.scoring import evaluate_store
    from lib.store.delta import StoreError

    try:
        report = evaluate_store(gold, store, args.split)
    except StoreError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(format_report(report, misses=args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
