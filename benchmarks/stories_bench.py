"""Stories across outlets: the cost of hashing articles (MinHash) and of grouping a store's
articles into stories, at several corpus sizes (prints numbers; not a test).

    python benchmarks/stories_bench.py [--n 314 10000 100000] [--runs 3]

The corpus is made of the bundled articles' sentences: each synthetic article is 12
sentences drawn at random from all of them, 40% of each one's words replaced by others
of the corpus (so unrelated articles share the corpus's topic words, as real ones do,
but runs of words only by chance), a tenth of them rewritten copies of another (half the
sentences kept, the rest drawn afresh) dated a day later; half are undated, and each
carries two figures of a few hundred. Hashing is what an ingest pays per new article;
grouping is what every update pays over the whole store (signatures are stored, so
texts are never hashed twice). Baselines, timed in the same run: normalising the same
texts (lib.text.textnorm.normalize, the first step of hashing) and a sort of the
signature matrix; the ratios are what to compare across machines.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.store.stories import group_stories, signatures_of  # noqa: E402
from lib.text.textnorm import normalize  # noqa: E402


def _sentences() -> list[str]:
    out = []
    for path in sorted((ROOT / "data" / "articles").rglob("*.txt")):
        for part in path.read_text(encoding="utf-8", errors="replace").replace("\n", ".").split("."):
            if len(part.split()) >= 6:
                out.append(part.strip())
    return out


def _rewritten(sentence: str, rng: random.Random, vocabulary: list[str]) -> str:
    """A sentence of the corpus with 40% of its words replaced by others of the corpus: the topic
    words stay common, but two articles share a run of words only by chance, as real ones do."""
    return " ".join(w if rng.random() < 0.6 else rng.choice(vocabulary) for w in sentence.split())


def corpus(n: int, seed: int = 7) -> tuple[list[str], list[pd.Timestamp | None], list[str], dict[int, set[str]]]:
    rng = random.Random(seed)
    pool = _sentences()
    vocabulary = [w for sentence in pool for w in sentence.split()]
    texts, dates, outlets, figures = [], [], [], {}
    start = pd.Timestamp("2019-01-01")
    for i in range(n):
        if i and rng.random() < 0.1:  # a rewrite of an earlier article
            j = rng.randrange(i)
            kept = [s for s in texts[j].split(". ") if rng.random() < 0.5]
            texts.append(". ".join(kept + [_rewritten(x, rng, vocabulary) for x in rng.sample(pool, 12 - len(kept))]))
            undated = dates[j] is None or rng.random() < 0.3  # a third of the dated ones' rewrites undated
            dates.append(None if undated else dates[j] + pd.Timedelta(days=1))
            figures[i] = set(figures[j])
        else:
            texts.append(". ".join(_rewritten(x, rng, vocabulary) for x in rng.sample(pool, 12)))
            dates.append(None if rng.random() < 0.5 else start + pd.Timedelta(days=rng.randrange(2600)))
            figures[i] = {f"troops:{rng.randrange(100, 400) * 10}", f"attacks:{rng.randrange(1, 300)}"}
        outlets.append(f"outlet{rng.randrange(200)}")
    return texts, dates, outlets, figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, nargs="+", default=[314, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for n in args.n:
        texts, dates, outlets, figures = corpus(n)
        ids = [f"{i:016x}" for i in range(n)]
        hashing, normalising, grouping, sorting = [], [], [], []
        sample = texts[: min(n, 5000)]  # hashing is per article: timed on up to 5,000
        sigs = signatures_of(texts)
        for _ in range(args.runs):
            t = time.perf_counter()
            for text in sample:
                normalize(text)
            normalising.append((time.perf_counter() - t) / len(sample))
            t = time.perf_counter()
            signatures_of(sample)
            hashing.append((time.perf_counter() - t) / len(sample))
            t = time.perf_counter()
            np.sort(sigs, axis=0)
            sorting.append(time.perf_counter() - t)
            t = time.perf_counter()
            grouped = group_stories(ids, sigs, dates, outlets, figures)
            grouping.append(time.perf_counter() - t)
        h, b = statistics.median(hashing), statistics.median(normalising)
        g, s = statistics.median(grouping), statistics.median(sorting)
        print(f"n={n:>7,}: hashing {h * 1000:.2f} ms/article (normalising alone {b * 1000:.2f} ms, ratio {h / b:.1f}); "
              f"grouping {g:.2f} s (sorting the signatures {s:.2f} s, ratio {g / s:.1f}); "
              f"{grouped['story_id'].nunique():,} stories of {len(grouped):,} articles, "
              f"{int(grouped['story_date'].notna().sum()):,} dated by their story; "
              f"signatures {sigs.nbytes / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
