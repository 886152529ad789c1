"""python -m lib.store: look at a store, or export it as plain files.

    python -m lib.store info STORE
    python -m lib.store export STORE --to DIR [--csv] [--as-of REVISION|DATE]
    python -m lib.store corrections STORE [--gold OUT.json]
    python -m lib.store compact STORE
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from lib import settings
from lib.store.access import ReadOnlyError
from lib.store.delta import ARTICLES, CLAIMS, CORRECTIONS, STORIES, StoreError, latest_version, open_store


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} kB"


def info(path: Path) -> str:
    store = open_store(path)
    counts, sizes = store.counts(), store.size_bytes()
    lines = [f"store: {path}", f"revision: {store.revision} ({store.time:%Y-%m-%d %H:%M:%S} UTC)" if store.time
             else f"revision: {store.revision}", f"version key: {store.version}"]
    for table in (ARTICLES, CLAIMS, CORRECTIONS):
        files = len(store.dataset(table).files)
        lines.append(f"  {table}: {counts[table]:,} rows in {files:,} file(s) (table version {store.versions[table]}), "
                     f"{_mb(sizes[table])} on disk")
    stories = store.stories()
    if len(stories):
        dated = int(stories["story_date"].notna().sum())
        lines.append(f"  stories: {stories['story_id'].nunique():,} grouping {len(stories):,} articles "
                     f"({dated:,} undated article(s) dated by their story; table version {store.versions[STORIES]})")
    pending = latest_version(path / CLAIMS) - store.versions[CLAIMS]
    if store.paired and pending > 0:
        lines.append(f"  claims commits after this revision: {pending} (a writer at work, or one that was "
                     "stopped between its two commits; the next ingest removes its claims)")
    staging = path / ".staging"
    if staging.is_dir() and any(p.is_dir() for p in staging.iterdir()):
        lines.append(f"  staging: {sum(1 for p in staging.iterdir() if p.is_dir())} Dask run folder(s) in {staging}")
    lines.append("revisions (newest first):")
    for rev in store.history(settings.STORE_INFO_REVISIONS):
        when = f"{rev.time:%Y-%m-%d %H:%M:%S}" if rev.time else "?"
        added = f"+{rev.added:,} articles" if rev.added else ""
        paired = f"claims v{rev.claims_version}" if rev.claims_version is not None else "claims: not paired"
        lines.append(f"  {rev.version:>6}  {when}  {rev.op:<8} {added:<18} {paired}")
    if store.revision + 1 > settings.STORE_INFO_REVISIONS:
        lines.append(f"  ... {store.revision + 1 - settings.STORE_INFO_REVISIONS} older")
    return "\n".join(lines)


def corrections(path: Path, gold: Path | None) -> int:
    """List the corrections, or write them as a gold file."""
    if gold is not None:
        from lib.store.gold_export import write_gold

        n = write_gold(path, gold)
        print(f"wrote {n} corrected article(s) as gold records to {gold}")
        return 0
    from lib.store.corrections import list_corrections

    table = list_corrections(path)
    if not len(table):
        print(f"{path}: no corrections")
        return 0
    for row in table.itertuples():
        state = "undone" if row.undone else ("applied" if row.attached else "not attached (its claim is gone)")
        what = row.article_id if row.target == "article" else f"{row.article_id} {row.kind} {row.span_start}-{row.span_end}"
        old = row.old if isinstance(row.old, str) else "-"
        new = row.new if isinstance(row.new, str) else "-"
        if row.field == "claim":  # a claim rejected or added: its JSON is long, its kind says enough
            old, new = ("-", "added") if old == "-" else ("present", "rejected")
        print(f"{row.correction_id}  {row.time:%Y-%m-%d %H:%M}  {row.target:<7} {what}  {row.field}: {old} -> {new}  "
              f"[{state}]" + (f"  {row.note}" if isinstance(row.note, str) and row.note else ""))
    return 0


def compact(path: Path) -> int:
    """Merge each table's small files; every earlier revision stays readable."""
    from lib.store.writer import StoreWriter

    for row in StoreWriter(path).compact():
        print(f"  {row}")
    print(f"compacted {path}: reads open fewer files; earlier revisions are kept (`info` lists them)")
    return 0


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.store", description="Look at a store, or export it.")
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("info", help="revisions, row counts and sizes")
    show.add_argument("store", type=Path)
    out = commands.add_parser("export", help="write DIR/articles.parquet and DIR/claims.parquet")
    out.add_argument("store", type=Path)
    out.add_argument("--to", required=True, type=Path, metavar="DIR")
    out.add_argument("--csv", action="store_true",
                     help="also articles.csv and claims.csv (UTF-8 with BOM for Excel; cells that would "
                          "run as formulas get a leading ')")
    out.add_argument("--as-of", metavar="REVISION|DATE",
                     help="the store as it was at a revision (a number from `info`) or a date/time "
                          "(ISO; a date means the end of that day, UTC)")
    fixes = commands.add_parser("corrections", help="list the analysts' corrections, or export them as a gold file")
    fixes.add_argument("store", type=Path)
    fixes.add_argument("--gold", type=Path, metavar="OUT.json",
                       help="write every corrected article, with all its claims as corrected, as a gold file "
                            "(the format of tests/data/seeds_gold.json, read by python -m lib.evaluate)")
    merge = commands.add_parser("compact", help="merge each table's small files (one per batch or correction) "
                                                "into few large ones; earlier revisions stay readable")
    merge.add_argument("store", type=Path)
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        if args.command == "compact":
            return compact(args.store)
        if args.command == "info":
            print(info(args.store))
            return 0
        if args.command == "corrections":
            return corrections(args.store, args.gold)
        from lib.store.export import export

        rows = export(args.store, args.to, csv=args.csv, as_of=args.as_of)
    except (StoreError, ReadOnlyError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    written = ["articles.parquet", "claims.parquet"] + (["articles.csv", "claims.csv"] if args.csv else [])
    print(f"exported {rows[ARTICLES]:,} articles and {rows[CLAIMS]:,} claims to {args.to}: {', '.join(written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
