"""Compaction benchmark: what `python -m lib.store compact` buys a store grown the way an
analyst grows it (a small ingest a week for years, a correction now and then).

    .venv/bin/python benchmarks/compaction_bench.py [--weeks 260] [--per-week 100] [--corrections 100] [--runs 3]

1. Makes the store once into build/bench/weekly_<weeks>x<per_week>/ (git-ignored): synthetic
   articles and claims (lib.synthetic), one commit per week, then `--corrections` analysts'
   corrections (one commit each). Copies it, compacts the copy and times the compaction.
2. Times, in fresh processes (medians of --runs), a full read as the dashboard's load does it
   (articles and claims with the corrections applied) on both stores, and a baseline in the same
   process: the same claims read from one Parquet file with pyarrow. Prints each time and its
   ratio to the baseline.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAKE = """
import sys
sys.path.insert(0, {root!r})
import pyarrow.compute as pc
from lib.synthetic import generate
from lib.store.schema import ARTICLE_COLUMNS, CLAIM_COLUMNS, coerce_articles, coerce_claims, to_arrow
from lib.store.writer import StoreWriter
from lib.store.delta import open_store
from lib.store.corrections import correct_claim
a, c = generate({n}, {n} * 10, seed=2, filler_sentences=(10, 20))
a = a.sort_values("published", kind="stable")
a, c = to_arrow(coerce_articles(a), ARTICLE_COLUMNS), to_arrow(coerce_claims(c), CLAIM_COLUMNS)
writer = StoreWriter({store!r})
for start in range(0, a.num_rows, {per_week}):
    part = a.slice(start, {per_week})
    writer.commit_batch(part, c.filter(pc.is_in(c.column("article_id"), value_set=part.column("article_id"))))
claims = open_store({store!r}).claims()
for i in range({corrections}):
    correct_claim({store!r}, claims.iloc[i * 37 % len(claims)].to_dict(), "qualifier", "approx")
"""

READ = """
import sys, time, json
sys.path.insert(0, {root!r})
import pyarrow.parquet as pq
import deltalake, pandas  # imports are not what is measured
t = time.perf_counter()
pq.read_table({baseline!r}).to_pandas()
base = time.perf_counter() - t
from lib.store.delta import open_store
t = time.perf_counter()
s = open_store({store!r})
n = len(s.articles()) + len(s.claims())
print(json.dumps({{"read": time.perf_counter() - t, "baseline": base, "rows": n}}))
"""


def _read_once(store: Path, baseline: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", READ.format(root=str(ROOT), store=str(store), baseline=str(baseline))],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--per-week", type=int, default=100)
    parser.add_argument("--corrections", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from lib.store.delta import CLAIMS, is_store, open_store
    from lib.store.writer import StoreWriter

    grown = ROOT / "build" / "bench" / f"weekly_{args.weeks}x{args.per_week}"
    if not is_store(grown):
        print(f"making {grown} ({args.weeks} weekly ingests of {args.per_week}, {args.corrections} corrections) …",
              flush=True)
        code = MAKE.format(root=str(ROOT), store=str(grown), n=args.weeks * args.per_week, per_week=args.per_week,
                           corrections=args.corrections)
        subprocess.run([sys.executable, "-c", code], check=True)
    compacted = grown.with_name(grown.name + "_compacted")
    shutil.rmtree(compacted, ignore_errors=True)
    shutil.copytree(grown, compacted)
    t = time.perf_counter()
    done = StoreWriter(compacted).compact()
    print(f"compaction: {time.perf_counter() - t:.1f} s; " + ", ".join(f"{r.table} {r.files_before}->{r.files_after}"
                                                                   for r in done))
    baseline = grown.parent / f"{grown.name}_claims.parquet"
    import pyarrow.parquet as pq

    pq.write_table(open_store(grown).dataset(CLAIMS).to_table(), baseline)
    for name, store in (("grown (one file a week)", grown), ("compacted", compacted)):
        runs = [_read_once(store, baseline) for _ in range(args.runs)]
        read = statistics.median(r["read"] for r in runs)
        base = statistics.median(r["baseline"] for r in runs)
        print(f"{name:<24} full read {read * 1000:7.0f} ms  baseline {base * 1000:5.0f} ms  "
              f"x{statistics.median(r['read'] / r['baseline'] for r in runs):5.1f}  ({runs[0]['rows']:,} rows)")


if __name__ == "__main__":
    main()
