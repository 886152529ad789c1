"""Articles from files: read, clean, find the outlet and date, extract the claims.

`process_articles` takes raw articles through every step; `stream_processed` does it
for files and folders as they are read, a few hundred articles at a time;
`BatchCollector` turns that stream into batches of new articles (de-duplicated, and
without the ones a store already holds) for `lib.ingest.streaming.ingest` and the
Dask engine; `build_tables` gathers everything into two in-memory tables, for tests
and small jobs. The command line is `python -m lib.ingest` (lib/ingest/__main__.py).
"""
from __future__ import annotations

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

from lib import settings
from lib.ingest.cleaning import CleanedArticle, clean_article, refuse_empty
from lib.text.anniversary import infer_from_anniversary
from lib.text.dates import detect_published, parse_date_string
from lib.extract import extract_claims
from lib.ingest.outlets import Outlet, detect_outlet
from lib.ingest.limits import Clock, Refusal, TimeLimit, file_of  # issue 15: bounded cost, refusals
from lib.ingest.plausibility import article_flags, flag_claims  # issue 15: plausibility flags
from lib.ingest.readers import RawArticle, ReadError, iter_inputs
from lib.store.ids import IdSet
from lib.store.schema import coerce_articles, coerce_claims
from lib.text.textnorm import normalize, normalize_with_offsets

Progress = Callable[[int, int], None]
ORIGINS = ("stated", "metadata", "inferred", "unknown")


def outlets_line(counts: Iterable[tuple[str, int]]) -> str:
    """'outlets: a 3, b 2, …' for the terminal, the most frequent first: at most
    settings.SUMMARY_MAX_OUTLETS named, the rest counted (a corpus has hundreds)."""
    counts = sorted(counts, key=lambda kv: -kv[1])
    shown = counts[:settings.SUMMARY_MAX_OUTLETS]
    more = len(counts) - len(shown)
    return (f"outlets: {len(counts)}: " + ", ".join(f"{k} {v}" for k, v in shown)
            + (f", and {more} more with {sum(v for _, v in counts[len(shown):])} article(s)" if more else ""))


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
            lines.append(outlets_line(self.articles["source_id"].value_counts().items()))
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
    """(publication date, origin): metadata first, then the article's own dateline, then a date
    its text fixes by an anniversary and the weekday of today (lib.text.anniversary)."""
    given = parse_date_string(raw.published) if raw.published else None
    if given is not None:
        origin = raw.published_origin if raw.published_origin in ORIGINS else "metadata"
        return given, origin
    stated = detect_published(raw.text)
    if stated is not None:
        return stated, "stated"
    inferred = infer_from_anniversary(raw.text)
    if inferred is not None:
        return inferred.published, "inferred"
    return None, "unknown"


# An articles-table row and its claims (None: not extracted, as `skip` said the id is known).
Processed = tuple[dict[str, Any], "list[dict[str, Any]] | None"]


def process_articles(raws: Sequence[RawArticle], skip: Callable[[str], bool] | None = None,
                     clock: Clock | None = None) -> list[Processed | Exception]:
    """Each raw article's articles-table row and claims, one step at a time over them all
    (a step's regexes then stay in the CPU caches: `settings.PROCESS_STEP_BATCH`).
    An article that fails at a step gives the exception in its place; the others go on.
    `skip(article_id)` true: the article's claims are not extracted (it is stored already).
    `clock`: each step's time counted to its article and file (lib.ingest.limits; issue 15)."""
    failed: dict[int, Exception] = {}
    files = [file_of(raw.path) for raw in raws] if clock is not None else []
    spent = [0.0] * len(raws)

    def each(step: Callable[..., Any], *columns: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for i, args in enumerate(zip(*columns)):
            if i not in failed:
                try:
                    out.append(step(*args) if clock is None else clock.call(files[i], spent, i, step, *args))
                    continue
                except Exception as exc:  # one bad article never spoils the batch
                    # kept without its traceback, whose frames would hold `failed` in a cycle
                    failed[i] = exc.with_traceback(None)
            out.append(None)
        return out

    outlets = each(lambda raw: detect_outlet(raw.text, raw.url, raw.source, raw.site_name), raws)
    cleaned = each(lambda raw: refuse_empty(clean_article(raw.text, raw.title)), raws)  # nothing left: refused
    dates = each(resolve_published, raws)
    # normalised once, for the id and for claim extraction
    normalized = each(lambda c: normalize_with_offsets(c.text), cleaned)
    ids = each(lambda c, norm: article_id_for(c.text, norm[0] if norm else None), cleaned, normalized)
    claims = each(lambda c, d, norm, i: None if skip is not None and skip(i) else extract_claims(c.text, d[0], norm),
                  cleaned, dates, normalized, ids)
    return [failed[i] if i in failed else _tables_rows(*parts)
            for i, parts in enumerate(zip(raws, outlets, cleaned, dates, ids, claims))]


def number_claims(claims: list[dict[str, Any]], article_id: str, source_id: str | None,
                  published: date | None) -> list[dict[str, Any]]:
    """Give an article's claims their ids and the article's keys (in place)."""
    for n, claim in enumerate(claims):
        claim.update(claim_id=f"{article_id}-{n:03d}", article_id=article_id, source_id=source_id, published=published)
    return flag_claims(claims, published)  # issue 15


def _tables_rows(raw: RawArticle, outlet: Outlet, cleaned: CleanedArticle, dated: tuple[date | None, str],
                 article_id: str, claims: list[dict[str, Any]] | None) -> Processed:
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
        "flags": article_flags(published),  # issue 15
    }
    if claims is not None:
        number_claims(claims, article_id, outlet.source_id, published)
    return row, claims


def _files_in(inputs: Sequence[Path]) -> int:
    total = 0
    for p in inputs:
        p = Path(p)
        total += sum(1 for f in p.rglob("*") if f.is_file()) if p.is_dir() else 1
    return total


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the duration. Processing makes millions
    of small objects, and each full collection walks all live ones again (1-2% of ingest
    time); ingest makes no reference cycles (a test says so), so reference counting
    alone frees everything it drops."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


Item = tuple[RawArticle, "Processed | Exception"] | ReadError


def stream_processed(inputs: Sequence[Path | str], progress: Progress | None = None,
                     skip: Callable[[str], bool] | None = None, metadata_top: Path | None = None) -> Iterator[Item]:
    """(raw article, its row and claims or the exception it raised) for every article under
    `inputs`, and each ReadError, in input order, as they are read: a few hundred articles
    are held at a time. `progress(files_done, files_total)` is called as each file starts;
    `metadata_top` as in `lib.ingest.readers.iter_inputs`."""
    paths = [Path(p) for p in inputs]
    total = _files_in(paths) if progress else 0
    batch: list[RawArticle] = []
    files_done, last_file = 0, None
    clock = Clock()  # issue 15: time per article and per file

    def processed() -> Iterator[Item]:
        with _cyclic_gc_paused(), clock.watching():
            results = process_articles(batch, skip, clock)
        yield from _refusals_as_errors(zip(batch, results))
        clock.forget(last_file)

    for item in iter_inputs(paths, clock, metadata_top):
        file_part = file_of(item.path)
        if file_part != last_file:
            files_done, last_file = files_done + 1, file_part
            if progress:
                progress(min(files_done, total), total)
        if isinstance(item, ReadError):
            yield item
            continue
        batch.append(item)
        if len(batch) >= settings.PROCESS_STEP_BATCH:
            yield from processed()
            batch = []
    yield from processed()
    if progress:
        progress(total, total)


def build_tables(inputs: Sequence[Path | str], progress: Progress | None = None,
                 on_article: Callable[[int], None] | None = None) -> IngestResult:
    """Read, clean and extract every article under `inputs` into the two tables, in memory.

    `progress(files_done, files_total)` is called as each file starts;
    `on_article(articles_done)` after each article (a long JSONL is one file).
    For a corpus of any size use `lib.ingest.streaming.ingest`, which stores batches as it goes."""
    started = time.perf_counter()
    collector = BatchCollector(on_article=on_article)
    rows: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    with _cyclic_gc_paused():
        for batch_rows, batch_claims in collector.batches(inputs, progress, size=sys.maxsize):  # one batch: all
            rows, claims = batch_rows, batch_claims
        return IngestResult(coerce_articles(pd.DataFrame(rows)), coerce_claims(pd.DataFrame(claims)),
                            collector.errors, collector.duplicates, time.perf_counter() - started)


def _refusals_as_errors(items: Iterator[tuple[RawArticle, Processed | Exception]]) -> Iterator[Item]:
    """Refused articles as ReadErrors with their reason; a file over its time, once (issue 15)."""
    over_time: set[str] = set()
    for raw, result in items:
        if not isinstance(result, Refusal):
            yield raw, result
        elif isinstance(result, TimeLimit) and result.whole_file:
            if file_of(raw.path) not in over_time:
                over_time.add(file_of(raw.path))
                yield ReadError(file_of(raw.path), f"{result} (from {raw.path} on)")
        else:
            yield ReadError(raw.path, str(result))


def _failure(raw: RawArticle, exc: Exception) -> ReadError:
    return ReadError(raw.path, f"could not process: {type(exc).__name__}: {exc}")


class BatchCollector:
    """The stream of processed articles as batches of new articles: each id once (the
    first time it is read), none that `is_stored` knows, whose claims are then never
    extracted. Counts what it read, dropped and refused on the way."""

    def __init__(self, is_stored: Callable[[str], bool] = lambda _id: False,
                 on_article: Callable[[int], None] | None = None) -> None:
        self.is_stored = is_stored
        self.on_article = on_article
        self.seen = IdSet()  # every id read in this run: 8 bytes each
        self.read = 0  # articles read and processed
        self.duplicates = 0  # read again in this run
        self.already = 0  # stored before this run
        self.errors: list[ReadError] = []

    def _skip(self, article_id: str) -> bool:
        return article_id in self.seen or self.is_stored(article_id)

    def batches(self, inputs: Sequence[Path | str], progress: Progress | None = None,
                size: int | None = None, metadata_top: Path | None = None,
                ) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        """(article rows, their claims) of up to `size` new articles at a time
        (default `settings.INGEST_BATCH_SIZE`); `metadata_top` as in `iter_inputs`."""
        size = size or settings.INGEST_BATCH_SIZE
        rows: list[dict[str, Any]] = []
        claims: list[dict[str, Any]] = []
        for item in stream_processed(inputs, progress, self._skip, metadata_top):
            if isinstance(item, ReadError):
                self.errors.append(item)
                continue
            raw, result = item
            if isinstance(result, Exception):
                self.errors.append(_failure(raw, result))
                continue
            row, found = result
            self.read += 1
            if self.on_article:
                self.on_article(self.read)
            article_id = row["article_id"]
            if article_id in self.seen:
                self.duplicates += 1
                continue
            self.seen.add(article_id)
            if found is None or self.is_stored(article_id):
                self.already += 1
                continue
            rows.append(row)
            claims.extend(found)
            if len(rows) >= size:
                yield rows, claims
                rows, claims = [], []
        if rows:
            yield rows, claims
