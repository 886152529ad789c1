"""python -m lib.ingest INPUT... --store STORE: add articles to the store.

INPUT is a file or folder (walked recursively) of .txt .html .json .jsonl .csv
articles, with an optional metadata.csv beside .txt/.html files. Only articles
whose id is not yet in STORE are added, a batch per commit; the run prints what
it added, what was there already, and every file or record it refused, and why.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from lib.store.delta import StoreError

EPILOG = """\
engines:
  (default)                  one process
  --workers N                N worker processes on this machine (a local Dask cluster)
  --engine dask --scheduler tcp://HOST:PORT
                             an existing Dask cluster: every worker must see INPUT and
                             STORE at the same paths (a shared folder), and the scheduler
                             and workers must import this project: start them with
                             PYTHONPATH=<this folder> (dask scheduler; dask worker ADDR)

The store is STORE/articles, STORE/claims, STORE/corrections (Delta Lake tables):
every batch is one atomic commit and every earlier revision stays readable
(python -m lib.store info STORE; export --as-of REVISION|DATE)."""


class _TerminalProgress:
    """Progress on stderr for long runs: at most one line every two seconds."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.files = (0, 0)
        self.articles = 0

    def __call__(self, done: int, total: int) -> None:
        self.files = (done, total)
        self._show()

    def article(self, n: int) -> None:
        self.articles = n
        self._show()

    def _show(self) -> None:
        now = time.perf_counter()
        if now - self.last >= 2:
            self.last = now
            done, total = self.files
            rate = f"{self.articles:,} articles ({self.articles / (now - self.started):,.0f}/s), " if self.articles else ""
            print(f"  {rate}file {done}/{total}", file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib.ingest", description=__doc__.split("\n\n")[0],
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", type=Path, metavar="INPUT", help="files or folders of articles")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", type=Path, metavar="STORE", help="the store folder (created on the first commit)")
    where.add_argument("--out", type=Path, dest="store", metavar="DIR",
                       help="alias of --store DIR. It used to replace DIR/articles.parquet and DIR/claims.parquet; "
                            "it now ADDS to the store in DIR (python -m lib.store export DIR --to ... "
                            "writes the plain Parquet files)")
    parser.add_argument("--rebuild", action="store_true",
                        help="re-extract the claims of every stored article with the current rules, as a new "
                             "revision (the articles stay as they are); then add INPUTs, if any")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="process batches on N worker processes (a local Dask cluster); default 1: this process")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="dask: batches run on a Dask cluster (--scheduler, or a local one of --workers)")
    parser.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="an existing Dask scheduler (implies --engine dask)")
    return parser


def main(argv: Iterable[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.inputs and not args.rebuild:
        parser.error("give at least one INPUT (or --rebuild)")
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    from lib.ingest.streaming import ingest, rebuild  # after parsing: --help stays fast
    from lib.store.access import ReadOnlyError, require_writable

    try:
        require_writable(f"write to the store {args.store}")
    except ReadOnlyError as err:
        print(err, file=sys.stderr)
        return 2

    missing = [p for p in args.inputs if not p.exists()]
    for p in missing:
        print(f"{p}: no such file or folder", file=sys.stderr)
    present = [p for p in args.inputs if p.exists()]
    if args.inputs and not present and not args.rebuild:
        return 2
    if args.rebuild:
        try:
            print(rebuild(args.store).summary())
        except StoreError as err:
            print(err, file=sys.stderr)
            return 2
    if not present:
        return 0 if not missing else 2
    reporter = _TerminalProgress()
    if args.engine == "dask" or args.scheduler or args.workers > 1:
        from lib.ingest.dask_engine import ingest_dask

        report = ingest_dask(present, args.store, workers=args.workers, scheduler=args.scheduler, progress=reporter)
    else:
        report = ingest(present, args.store, progress=reporter, on_article=reporter.article)
    print(report.summary())
    if (args.store / "articles.parquet").exists():
        print(f"note: {args.store / 'articles.parquet'} and claims.parquet are plain files from before the store and "
              f"were not updated; python -m lib.store export {args.store} --to DIR writes current ones")
    return 0 if report.read or not report.errors else 1


if __name__ == "__main__":
    sys.exit(main())
