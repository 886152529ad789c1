"""Ingest into the store: throughput and peak memory with 1 and 2 workers, and the cost
of adding 100 articles to a store of N (prints numbers; not a test).

    python benchmarks/store_bench.py [--n 10000] [--runs 3] [--workers 1 2]

The corpus is the bundled seed articles repeated N times, each copy made distinct (a
closing sentence with its number, so its id differs) and given its own date, as JSONL
files of 1,000 articles (a record file is one Dask task). Every run is a fresh process
that ingests the corpus into a new store as `python -m lib.ingest` would (imports and
word tables included), and reports its own peak RSS and, with workers, each worker's.
The machine is shared and noisy: each run also times, in the same process, a baseline
of one compiled regex pass over every article, and the medians and the ingest/baseline
ratio are what to compare.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = sorted((ROOT / "data" / "articles" / "seeds").glob("*.txt"))
SHARD = 1000  # articles per JSONL file
BASELINE_RE = re.compile(r"\d+|[\u0621-\u064a]+")  # words and numbers: one pass over every character


def _marker(i: int) -> str:
    return f"\nوقال مصدر محلي إن التقرير رقم {i} صدر صباح اليوم وتناول الأوضاع الأمنية في المنطقة الشرقية."


def make_corpus(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    start = date(2019, 1, 1)
    for shard in range(numbers.start, numbers.stop, SHARD):
        with (folder / f"feed-{shard:08d}.jsonl").open("w", encoding="utf-8") as out:
            for i in range(shard, min(shard + SHARD, numbers.stop)):
                rec = {"text": texts[i % len(texts)] + _marker(i), "published": (start + timedelta(days=i % 2500)).isoformat()}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return folder


def regex_baseline(corpus: Path) -> float:
    """Seconds to read the corpus and run one compiled regex over every article's text."""
    from lib.ingest.readers import iter_inputs

    t0 = time.perf_counter()
    found = sum(1 for item in iter_inputs([corpus]) for _ in BASELINE_RE.finditer(getattr(item, "text", "")))
    assert found
    return time.perf_counter() - t0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(corpus: Path, store: Path, workers: int) -> dict[str, Any]:
    """One run, in this (fresh) process: the baseline, then the ingest."""
    baseline_s = regex_baseline(corpus)
    t0 = time.perf_counter()
    worker_mb: list[float] = []
    if workers == 1:
        from lib.ingest.streaming import ingest

        report = ingest([corpus], store)
        ingest_s = startup_s = time.perf_counter() - t0
    else:
        from distributed import Client, LocalCluster

        from lib.ingest.dask_engine import ingest_dask

        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            started = time.perf_counter()
            report = ingest_dask([corpus], store, client=client)
            ingest_s = time.perf_counter() - started
            worker_mb = list(client.run(_peak_mb).values())
        startup_s = time.perf_counter() - t0  # with the cluster's start and stop, as --workers pays
    return {"added": report.added, "claims": report.claims, "errors": len(report.errors), "ingest_s": ingest_s,
            "wall_s": startup_s, "baseline_s": baseline_s, "client_mb": _peak_mb(), "worker_mb": worker_mb}


def add_child(corpus: Path, store: Path) -> dict[str, Any]:
    """Add a small corpus to a big store, in this fresh process."""
    t0 = time.perf_counter()
    from lib.ingest.streaming import ingest

    imported = time.perf_counter()
    report = ingest([corpus], store)
    done = time.perf_counter()
    return {"added": report.added, "ingest_s": done - imported, "wall_s": done - t0, "client_mb": _peak_mb()}


def _run(*args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles in the corpus (default 10,000)")
    ap.add_argument("--runs", type=int, default=3, help="fresh processes per figure (default 3)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)  # corpus store workers
    ap.add_argument("--add-child", nargs=2, help=argparse.SUPPRESS)  # corpus store
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), Path(args.child[1]), int(args.child[2]))))
        return
    if args.add_child:
        print(json.dumps(add_child(Path(args.add_child[0]), Path(args.add_child[1]))))
        return
    med = statistics.median
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "corpus", range(args.n))
        extra = make_corpus(Path(tmp) / "extra", range(args.n, args.n + 100))
        print(f"corpus: {args.n:,} articles (seeds repeated with distinct ids and dates, JSONL files of {SHARD:,}); "
              f"{args.runs} run(s) each, medians")
        kept_store = None
        for workers in args.workers:
            runs = []
            for r in range(args.runs):
                store = Path(tmp) / f"store-{workers}-{r}"
                runs.append(_run("--child", str(corpus), str(store), str(workers)))
                if workers == 1 and kept_store is None:
                    kept_store = store
            rate = [x["added"] / x["ingest_s"] for x in runs]
            wall = [x["added"] / x["wall_s"] for x in runs]
            base = [x["added"] / x["baseline_s"] for x in runs]
            ratio = [x["ingest_s"] / x["baseline_s"] for x in runs]
            print(f"\n{workers} worker(s): {runs[0]['added']:,} articles, {runs[0]['claims']:,} claims, "
                  f"{runs[0]['errors']} errors")
            print(f"  ingest into the store: {med(rate):,.0f} articles/s (runs: {', '.join(f'{x:,.0f}' for x in rate)})"
                  + (f"; {med(wall):,.0f}/s with the cluster's start and stop" if workers > 1 else ""))
            print(f"  baseline, read + one regex pass (one core): {med(base):,.0f} articles/s; "
                  f"ingest takes x{med(ratio):.1f} the baseline's time")
            print(f"  peak RSS: client {max(x['client_mb'] for x in runs):,.0f} MB"
                  + (f", each worker up to {max(max(x['worker_mb']) for x in runs):,.0f} MB" if workers > 1 else ""))
        if kept_store is None:
            kept_store = Path(tmp) / "store-add"
            _run("--child", str(corpus), str(kept_store), "1")
        adds = []
        for r in range(args.runs):
            store = Path(tmp) / f"add-{r}"
            subprocess.run(["cp", "-a", str(kept_store), str(store)], check=True)
            adds.append(_run("--add-child", str(extra), str(store)))
        add_runs = ", ".join(f"{x['ingest_s']:.2f}" for x in adds)
        print(f"\nadd 100 articles to a store of {args.n:,}: {med(x['ingest_s'] for x in adds):.2f} s "
              f"(runs: {add_runs}); {med(x['wall_s'] for x in adds):.2f} s with the process start and imports; "
              f"peak RSS {max(x['client_mb'] for x in adds):,.0f} MB")


if __name__ == "__main__":
    main()
