"""Ingest throughput and peak memory on a synthetic corpus (prints numbers; not a test).

The corpus is the bundled seed articles repeated N times, each copy made distinct
(a closing sentence carrying its number, so its article_id differs) and given its own
publication date, so dates, periods and de-duplication all do real work:

    python benchmarks/ingest_bench.py --articles 10000 [--format jsonl|txt]

Runs in one process on one core (the machine's other core is left idle).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.ingest import build_tables  # noqa: E402
from lib.storage import write_tables  # noqa: E402

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    args = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp), args.articles, args.format)
        t0 = time.perf_counter()
        result = build_tables([corpus])
        t1 = time.perf_counter()
        write_tables(result.articles, result.claims, Path(tmp) / "out")
        t2 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(result.articles)
    print(f"corpus: {args.articles} articles ({args.format}), seeds repeated with distinct ids and dates")
    print(f"articles: {n}, claims: {len(result.claims)}, errors: {len(result.errors)}")
    print(f"ingest (read+clean+extract): {t1 - t0:.2f} s = {n / (t1 - t0):,.0f} articles/s on one core")
    print(f"write parquet: {t2 - t1:.2f} s; end to end {n / (t2 - t0):,.0f} articles/s")
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
