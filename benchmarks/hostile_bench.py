"""Hostile-input benchmark: one article with no full stop and a figure every few words, at
growing lengths, through the whole pipeline (read, clean, extract). Its time should grow
linearly with the length (sentences are capped at settings.SENTENCE_MAX_CHARS) and stay well
under settings.INGEST_MAX_SECONDS_PER_ARTICLE at the longest article allowed.

    .venv/bin/python benchmarks/hostile_bench.py [--runs 3]

Baseline, in the same process: one regex pass for digits over the same text, 50 times.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNIT = "نفذ داعش 15 هجوما و 20 غارة و900 جندي أمريكي في دير الزور و "  # tests/test_hostile_pipeline.py's


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from lib import settings
    from lib.ingest.pipeline import build_tables

    longest = settings.INGEST_MAX_ARTICLE_CHARS
    print(f"per-article time limit {settings.INGEST_MAX_SECONDS_PER_ARTICLE} s; longest article {longest:,} chars")
    for length in (25_000, 100_000, longest):
        text = (UNIT * (length // len(UNIT) + 1))[:length]
        times, bases = [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as folder:
                (Path(folder) / "big.txt").write_text(text, encoding="utf-8")
                started = time.perf_counter()
                result = build_tables([Path(folder)])
                times.append(time.perf_counter() - started)
            started = time.perf_counter()
            for _ in range(50):
                re.findall(r"\d+", text)
            bases.append(time.perf_counter() - started)
        t, b = statistics.median(times), statistics.median(bases)
        print(f"{length:>8,} chars: {t:6.2f} s ({t / length * 1e6:5.1f} µs a char), baseline {b:.3f} s, "
              f"x{t / b:5.0f}; {len(result.claims)} claims, {len(result.errors)} refused")


if __name__ == "__main__":
    main()
