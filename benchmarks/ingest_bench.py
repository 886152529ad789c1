"""Ingest throughput and peak memory on a synthetic corpus (prints numbers; not a test).

The corpus is the bundled seed articles repeated N times, each copy made distinct
(a closing sentence carrying its number, so its article_id differs) and given its own
publication date, so dates, periods and de-duplication all do real work:

    python benchmarks/ingest_bench.py --articles 10000 [--format jsonl|txt] [--runs 5] [--pure]

Each run ingests the corpus in a fresh process pinned to one core (the machine's
other core is left idle); the runs' figures and their median are printed.

The machine is shared and noisy, so a figure alone means little: each run also
times, in the same process and on the same texts, a baseline of one compiled regex
pass over every article (the cheapest thing that touches every character), and the
benchmark prints ingest's cost as a multiple of it. That ratio is what to compare
across machines and hours.
"""
from __future__ import annotations

import argparse
import json
import os
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

from lib.ingest.pipeline import build_tables  # noqa: E402
from lib.ingest.readers import iter_inputs  # noqa: E402

SEEDS = sorted((ROOT / "data" / "articles" / "seeds").glob("*.txt"))


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


BASELINE_RE = re.compile(r"\d+|[\u0621-\u064a]+")  # words and numbers: one pass over every character


def regex_baseline(corpus: Path) -> float:
    """Seconds to read the corpus and run one compiled regex over every article's text."""
    t0 = time.perf_counter()
    found = 0
    for item in iter_inputs([corpus]):
        text = getattr(item, "text", "")
        found += sum(1 for _ in BASELINE_RE.finditer(text))
    assert found  # the pass did touch the texts
    return time.perf_counter() - t0


def _run_once(corpus: Path) -> dict[str, Any]:
    """One regex-pass baseline, then one ingest of the corpus, in this process."""
    baseline_s = regex_baseline(corpus)
    t0 = time.perf_counter()
    result = build_tables([corpus])
    ingest_s = time.perf_counter() - t0
    return {"articles": len(result.articles), "claims": len(result.claims), "errors": len(result.errors),
            "ingest_s": ingest_s, "baseline_s": baseline_s,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    ap.add_argument("--runs", type=int, default=5, help="fresh processes, one ingest each (default 5)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # internal: ingest this corpus once
    args = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    if args.child:
        print(json.dumps(_run_once(args.child)))
        return
    # Each run is a fresh process (imports, word tables and all), so every run pays
    # what a user's `python -m lib.ingest` pays. The machine is shared and one run can
    # be 10% off; the median of several is the figure to quote.
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp), args.articles, args.format)
        runs = []
        for _ in range(args.runs):
            child = subprocess.run([sys.executable, __file__, "--child", str(corpus)],
                                   capture_output=True, text=True, check=True)
            runs.append(json.loads(child.stdout))
    first = runs[0]
    rates = [r["articles"] / r["ingest_s"] for r in runs]
    ratios = [r["ingest_s"] / r["baseline_s"] for r in runs]
    print(f"corpus: {args.articles} articles ({args.format}), seeds repeated with distinct ids and dates")
    print(f"articles: {first['articles']}, claims: {first['claims']}, errors: {first['errors']}")
    print("ingest (read+clean+extract), articles/s on one core, per run: " + ", ".join(f"{r:,.0f}" for r in rates))
    print("baseline (read + one regex pass), articles/s, per run: "
          + ", ".join(f"{r['articles'] / r['baseline_s']:,.0f}" for r in runs))
    print(f"ingest median: {statistics.median(rates):,.0f} articles/s "
          f"({statistics.median(r['ingest_s'] for r in runs):.2f} s for {first['articles']:,} articles)")
    print(f"ingest / regex baseline, per run: {', '.join(f'{x:.2f}' for x in ratios)}; "
          f"median ×{statistics.median(ratios):.2f}")
    print(f"peak memory (max RSS of a run): {max(r['peak_mb'] for r in runs):,.0f} MB")

if __name__ == "__main__":
    main()
