"""Build the `articles` and `claims` tables from article files.

    python -m lib.ingest INPUT... --out DIR

reads files or folders (.txt .html .json .jsonl .csv, with an optional
metadata.csv beside .txt/.html files), cleans each article, detects its outlet
and publication date, extracts its claims and writes DIR/articles.parquet and
DIR/claims.parquet atomically. A file that cannot be read is reported with its
reason and skipped; the rest of the batch goes on.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd

from lib.ingest.cleaning import CleanedArticle, clean_article
from lib.text.dates import detect_published, parse_date_string
from lib.extract import extract_claims
from lib.ingest.outlets import Outlet, detect_outlet
from lib.ingest.readers import RawArticle, ReadError, iter_inputs
from lib.store.schema import coerce_articles, coerce_claims
from lib.store.storage import write_tables
from lib.text.textnorm import normalize, normalize_with_offsets

Progress = Callable[[int, int], None]
ORIGINS = ("stated", "metadata", "inferred", "unknown")


@dataclass
class IngestResult:
    articles: pd.DataFrame
    claims: pd.DataFrame
    errors: list[ReadError] = field(default_factory=list)
    duplicates: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """A plain-text report for the terminal (outlets by their ASCII slugs)."""
        lines = [f"articles: {len(self.articles)} read"
                 + (f", {self.duplicates} duplicate(s) merged" if self.duplicates else "")
                 + (f" in {self.seconds:.1f}s ({len(self.articles) / self.seconds:,.0f}/s)" if self.seconds else "")]
        if len(self.articles):
            by_outlet = self.articles["source_id"].value_counts()
            lines.append("outlets: " + ", ".join(f"{k} {v}" for k, v in by_outlet.items()))
            origins = self.articles["published_origin"].value_counts()
            lines.append("dates: " + ", ".join(f"{k} {v}" for k, v in origins.items()))
        kinds = self.claims["kind"].value_counts() if len(self.claims) else {}
        lines.append(f"claims: {len(self.claims)}" + (" (" + ", ".join(f"{k} {v}" for k, v in kinds.items()) + ")" if len(kinds) else ""))
        if self.errors:
            lines.append(f"skipped: {len(self.errors)}")
            lines += [f"  {e.path}: {e.reason}" for e in self.errors]
        return "\n".join(lines)


def article_id_for(text: str, norm: str | None = None) -> str:
    """A stable id from the normalised text: the same story saved twice is one article.
    `norm`: normalize(text), when the caller already has it."""
    key = _single_spaced(normalize(text) if norm is None else norm)
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def _single_spaced(text: str) -> str:
    """" ".join(text.split()): whitespace runs as one space, none at the ends."""
    # The usual case, a cleaned text of lines, costs a fifth of splitting it into
    # words: once its line breaks are spaces, a printable text holds no whitespace
    # but " " (str.isprintable() is False for every other kind).
    joined = text.replace("\n", " ")
    if joined.isprintable() and "  " not in joined and joined[:1] != " " and joined[-1:] != " ":
        return joined
    return " ".join(text.split())


def resolve_published(raw: RawArticle) -> tuple[date | None, str]:
    """(publication date, origin): metadata first, then the article's own dateline."""
    given = parse_date_string(raw.published) if raw.published else None
    if given is not None:
        origin = raw.published_origin if raw.published_origin in ORIGINS else "metadata"
        return given, origin
    stated = detect_published(raw.text)
    if stated is not None:
        return stated, "stated"
    return None, "unknown"


Processed = tuple[dict[str, Any], list[dict[str, Any]]]  # an articles-table row and its claims

# Articles go through the steps in batches, each step over the whole batch before
# the next: a step's regexes and word tables then stay in the CPU's caches, which
# makes ingest about 10% faster than taking each article through every step in turn.
BATCH_SIZE = 256


def process_articles(raws: Sequence[RawArticle]) -> list[Processed | Exception]:
    """Each raw article's articles-table row and claims, one step at a time over them all.
    An article that fails at a step gives the exception in its place; the others go on."""
    failed: dict[int, Exception] = {}

    def each(step: Callable[..., Any], *columns: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for i, args in enumerate(zip(*columns)):
            if i not in failed:
                try:
                    out.append(step(*args))
                    continue
                except Exception as exc:  # one bad article never spoils the batch
                    # kept without its traceback, whose frames would hold `failed` in a cycle
                    failed[i] = exc.with_traceback(None)
            out.append(None)
        return out

    outlets = each(lambda raw: detect_outlet(raw.text, raw.url, raw.source), raws)
    cleaned = each(lambda raw: clean_article(raw.text, raw.title), raws)
    dates = each(resolve_published, raws)
    # normalised once, for the id and for claim extraction
    normalized = each(lambda c: normalize_with_offsets(c.text), cleaned)
    ids = each(lambda c, norm: article_id_for(c.text, norm[0] if norm else None), cleaned, normalized)
    claims = each(lambda c, d, norm: extract_claims(c.text, d[0], norm), cleaned, dates, normalized)
    return [failed[i] if i in failed else _tables_rows(*parts)
            for i, parts in enumerate(zip(raws, outlets, cleaned, dates, ids, claims))]


def _tables_rows(raw: RawArticle, outlet: Outlet, cleaned: CleanedArticle, dated: tuple[date | None, str],
                 article_id: str, claims: list[dict[str, Any]]) -> Processed:
    published, origin = dated
    row = {
        "article_id": article_id,
        "source_id": outlet.source_id,
        "source_name": outlet.name_ar,
        "source_name_en": outlet.name_en,
        "url": raw.url,
        "title": cleaned.title or raw.title,
        "published": published,
        "published_origin": origin,
        "text": cleaned.text,
        "path": raw.path,
    }
    for n, claim in enumerate(claims):
        claim.update(claim_id=f"{article_id}-{n:03d}", article_id=article_id,
                     source_id=outlet.source_id, published=published)
    return row, claims


def _files_in(inputs: Sequence[Path]) -> int:
    total = 0
    for p in inputs:
        p = Path(p)
        total += sum(1 for f in p.rglob("*") if f.is_file()) if p.is_dir() else 1
    return total


def build_tables(inputs: Sequence[Path | str], progress: Progress | None = None,
                 on_article: Callable[[int], None] | None = None) -> IngestResult:
    """Read, clean and extract every article under `inputs` into the two tables.

    `progress(files_done, files_total)` is called as each file starts;
    `on_article(articles_done)` after each article (a long JSONL is one file)."""
    with _cyclic_gc_paused():
        return _build_tables([Path(p) for p in inputs], progress, on_article)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the duration. Ingest keeps millions
    of small objects alive until the tables are built, and each full collection walks
    all of them again (1-2% of ingest time); ingest makes no reference cycles (a test
    says so), so reference counting alone frees everything it drops."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_tables(inputs: list[Path], progress: Progress | None,
                  on_article: Callable[[int], None] | None) -> IngestResult:
    started = time.perf_counter()
    total = _files_in(inputs) if progress else 0
    tables = _Tables(on_article)
    batch: list[RawArticle] = []
    files_done, last_file = 0, None
    for item in iter_inputs(inputs):
        file_part = item.path.rsplit("#", 1)[0]
        if file_part != last_file:
            files_done, last_file = files_done + 1, file_part
            if progress:
                progress(min(files_done, total), total)
        if isinstance(item, ReadError):
            tables.errors.append(item)
            continue
        batch.append(item)
        if len(batch) == BATCH_SIZE:
            tables.add(batch, process_articles(batch))
            batch = []
    tables.add(batch, process_articles(batch))
    if progress:
        progress(total, total)
    return IngestResult(coerce_articles(pd.DataFrame(tables.rows)), coerce_claims(pd.DataFrame(tables.claims)),
                        tables.errors, tables.duplicates, time.perf_counter() - started)


class _Tables:
    """The rows and claims gathered so far, without duplicate stories."""

    def __init__(self, on_article: Callable[[int], None] | None):
        self.rows: list[dict[str, Any]] = []
        self.claims: list[dict[str, Any]] = []
        self.errors: list[ReadError] = []
        self.seen: set[str] = set()
        self.duplicates = 0
        self.on_article = on_article

    def add(self, raws: list[RawArticle], results: list[Processed | Exception]) -> None:
        for raw, result in zip(raws, results):
            if isinstance(result, Exception):
                self.errors.append(ReadError(raw.path, f"could not process: {type(result).__name__}: {result}"))
                continue
            row, claims = result
            if row["article_id"] in self.seen:
                self.duplicates += 1
                continue
            self.seen.add(row["article_id"])
            self.rows.append(row)
            self.claims.extend(claims)
            if self.on_article:
                self.on_article(len(self.rows))


class _TerminalProgress:
    """Progress on stderr for long runs: at most one line every two seconds."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.files = (0, 0)

    def __call__(self, done: int, total: int) -> None:
        self.files = (done, total)

    def article(self, n: int) -> None:
        now = time.perf_counter()
        if now - self.last >= 2:
            self.last = now
            done, total = self.files
            rate = n / (now - self.started)
            print(f"  {n:,} articles, file {done}/{total} ({rate:,.0f} articles/s)", file=sys.stderr, flush=True)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", type=Path, help="files or folders of articles")
    parser.add_argument("--out", required=True, type=Path, help="folder for articles.parquet and claims.parquet")
    args = parser.parse_args(list(argv) if argv is not None else None)
    missing = [p for p in args.inputs if not p.exists()]
    for p in missing:
        print(f"{p}: no such file or folder", file=sys.stderr)
    present = [p for p in args.inputs if p.exists()]
    if not present:
        return 2
    reporter = _TerminalProgress()
    result = build_tables(present, progress=reporter, on_article=reporter.article)
    write_tables(result.articles, result.claims, args.out)
    print(result.summary())
    print(f"written: {args.out / 'articles.parquet'}, {args.out / 'claims.parquet'}")
    return 0 if len(result.articles) or not result.errors else 1

