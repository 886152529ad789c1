"""Ingest throughput and peak memory on a synthetic corpus (prints numbers; not a test).

The corpus is the bundled seed articles repeated N times, each copy made distinct
(a closing sentence carrying its number, so its article_id differs) and given its own
publication date, so dates, periods and de-duplication all do real work:

    python benchmarks/ingest_bench.py --articles 10000 [--format jsonl|txt] [--runs 5] [--pure]

Each run ingests the corpus in a fresh process pinned to one core (the machine's
other core is left idle); the runs' figures and their median are printed. The
hot path runs compiled when scripts/setup.sh has built it (lib/compiled.py);
--pure measures it as plain Python.
"""
from __future__ import annotations

import argparse
import json
import os
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

from lib.compiled import COMPILED_MODULES, PURE_PYTHON_VARIABLE, modules_in_use  # noqa: E402
from lib.ingest.pipeline import build_tables  # noqa: E402
from lib.store.storage import write_tables  # noqa: E402

SEEDS = sorted((ROOT / "data" / "articles").glob("*.txt"))


def _marker(i: int) -> str:
    # a story sentence (short "ref. 12" lines are dropped by cleaning as page furniture)
    return f"\nوقال مصدر محلي إن التقرير رقم {i} صدر صباح اليوم وتناول الأوضاع الأمنية في المنطقة الشرقية."


def make_corpus(folder: Path, n: int, fmt: str) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    start = date(2019, 1, 1)
    if fmt == "jsonl":
        path = folder / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for i in range(n):
                text = texts[i % len(texts)] + _marker(i)
                rec = {"text": text, "published": (start + timedelta(days=i % 2500)).isoformat(), "source": None}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return path
    for i in range(n):
        (folder / f"{i:06d}.txt").write_text(texts[i % len(texts)] + _marker(i), encoding="utf-8")
    return folder


def _run_once(corpus: Path, out: Path) -> dict[str, Any]:
    """One ingest of the corpus in this process, then the Parquet write."""
    t0 = time.perf_counter()
    result = build_tables([corpus])
    t1 = time.perf_counter()
    write_tables(result.articles, result.claims, out)
    t2 = time.perf_counter()
    return {"articles": len(result.articles), "claims": len(result.claims), "errors": len(result.errors),
            "ingest_s": t1 - t0, "write_s": t2 - t1,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "compiled": modules_in_use()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    ap.add_argument("--runs", type=int, default=5, help="fresh processes, one ingest each (default 5)")
    ap.add_argument("--pure", action="store_true", help="plain Python, without the compiled modules")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # internal: ingest this corpus once
    args = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    if args.child:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(_run_once(args.child, Path(tmp) / "out")))
        return
    # Each run is a fresh process (imports, word tables and all), so every run pays
    # what a user's `python -m lib.ingest` pays. The machine is shared and one run can
    # be 10% off; the median of several is the figure to quote.
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp), args.articles, args.format)
        runs = []
        env = {**os.environ, PURE_PYTHON_VARIABLE: "1" if args.pure else ""}
        for _ in range(args.runs):
            child = subprocess.run([sys.executable, __file__, "--child", str(corpus)],
                                   capture_output=True, text=True, check=True, env=env)
            runs.append(json.loads(child.stdout))
    first = runs[0]
    rates = [r["articles"] / r["ingest_s"] for r in runs]
    end_to_end = [r["articles"] / (r["ingest_s"] + r["write_s"]) for r in runs]
    print(f"corpus: {args.articles} articles ({args.format}), seeds repeated with distinct ids and dates")
    print(f"articles: {first['articles']}, claims: {first['claims']}, errors: {first['errors']}")
    print(f"compiled lib modules: {len(first['compiled'])} of {len(COMPILED_MODULES)}"
          + ("" if first["compiled"] else " (plain Python)"))
    print("ingest (read+clean+extract), articles/s on one core, per run: "
          + ", ".join(f"{r:,.0f}" for r in rates))
    print(f"ingest median: {statistics.median(rates):,.0f} articles/s "
          f"({statistics.median(r['ingest_s'] for r in runs):.2f} s for {first['articles']:,} articles)")
    print(f"with the Parquet write, median: {statistics.median(end_to_end):,.0f} articles/s "
          f"(write {statistics.median(r['write_s'] for r in runs):.2f} s)")
    print(f"peak memory (max RSS of a run): {max(r['peak_mb'] for r in runs):,.0f} MB")


if __name__ == "__main__":
    main()
