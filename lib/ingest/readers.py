"""Reading input files into raw articles.

This is the first step of `python -m lib.ingest`: it turns whatever the analyst
points at (a file, a folder, an upload saved to disk) into a stream of
`RawArticle`s, plus a `ReadError` for every file or record that cannot be read.
A bad file never stops the batch: the analyst gets the rest of the corpus and a
list of what was skipped and why.

What is read:
- `.txt`: the whole file is one article.
- `.html`/`.htm`: the page's main text (trafilatura, offline), and the title,
  date, site name and canonical URL from the page's own metadata.
- `.json`: a list of records, one record, or `{"articles": [...]}`.
- `.jsonl`/`.ndjson`: one record per line.
- `.csv`/`.tsv`: one record per row, with a header.
- `metadata.csv` in a folder is not an article: it gives `file, source, url,
  title, published` for the `.txt`/`.html` files of that folder, and its values
  win over what a page says about itself (the analyst's word beats the CMS's).

Text is *not* cleaned here (boilerplate, related-article lists and so on are
removed by a later step); it is only decoded, stripped of a BOM and given `\\n`
newlines, so that character offsets computed later are stable.

The work is split by job: `lib.ingest.decoding` (bytes → text, encodings),
`lib.ingest.records` (JSON/JSONL/CSV records), `lib.ingest.html` (pages),
`lib.ingest.metadata` (metadata.csv); this module walks the inputs and keeps the
public API.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from lib.ingest.decoding import decode_bytes, decode_record_lines, declared_charset
from lib.ingest.html import html_to_article
from lib.ingest.limits import Clock, TimeLimit, article_too_long, file_limit, read_regular_file
from lib.ingest.metadata import METADATA_NAME, MetadataIndex
from lib.ingest.raw import RawArticle, ReadError, path_text, with_metadata
from lib.ingest.records import read_csv, read_json, read_jsonl

__all__ = ["RawArticle", "ReadError", "iter_inputs", "decode_bytes", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".csv", ".tsv"})
LINE_RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".tsv"})  # a bad line is refused alone


def _read_file(file: Path, meta: dict[str, str | None] | None) -> Iterator[RawArticle | ReadError]:
    path = path_text(file)
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        what = f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"
        yield ReadError(path, f"{what}; expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")
        return
    data = read_regular_file(file, *file_limit(suffix))
    if isinstance(data, str):
        yield ReadError(path, data)
        return
    if not data or data.isspace():
        yield ReadError(path, "empty file" if not data else "empty file (only whitespace)")
        return
    is_html = suffix in (".html", ".htm")
    bad_lines: dict[int, str] = {}
    try:
        text = decode_bytes(data, hint=declared_charset(data) if is_html else None)
    except ValueError as err:
        lines = decode_record_lines(data) if suffix in LINE_RECORD_SUFFIXES else None
        if lines is None:
            yield ReadError(path, str(err))
            return
        text, bad_lines = lines  # a file of records with a few lines that are not text: those alone refused
    del data
    if not text or text.isspace():
        yield ReadError(path, "empty file" if not text else "empty file (only whitespace)")
        return
    if suffix == ".txt":
        yield with_metadata(RawArticle(text=text, path=path), meta)
    elif is_html:
        yield html_to_article(text, path, meta)
    elif suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(text, path, bad_lines)
    elif suffix == ".json":
        yield from read_json(text, path)
    elif suffix == ".tsv":
        yield from read_csv(text, path, delimiter="\t", bad_lines=bad_lines)
    else:
        yield from read_csv(text, path, bad_lines=bad_lines)


def _read_bounded(file: Path, meta: dict[str, str | None] | None, clock: Clock | None) -> Iterator[RawArticle | ReadError]:
    """`_read_file`, each record's reading timed by `clock`, each article held to its length
    limit; an error inside a reader (a bug, no memory, hostile nesting) refuses the rest of
    the file, never the batch."""
    path = path_text(file)
    records = _read_file(file, meta)
    last: str | None = None
    while True:
        try:
            if clock is None:
                item = next(records, None)
            else:
                with clock.watching():
                    item = clock.call(path, None, 0, next, records, None)
        except Exception as exc:  # MemoryError and RecursionError included
            records.close()
            why = str(exc) if isinstance(exc, TimeLimit) else f"could not read: {type(exc).__name__}: {exc}"
            rest = f"; the records after {last} were not read" if last and last != path else ""
            yield ReadError(path, why + rest)
            return
        if item is None:
            return
        last = item.path
        if isinstance(item, RawArticle) and (why := article_too_long(item.text)):
            item = ReadError(item.path, why)
        yield item


def walk_files(folder: Path) -> Iterator[Path]:
    """Files under `folder`, sorted, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def iter_inputs(paths: Iterable[str | Path], clock: Clock | None = None,
                metadata_top: Path | None = None) -> Iterator[RawArticle | ReadError]:
    """Yield every article found in `paths` (files or folders), and a ReadError per failure.

    Folders are walked recursively in sorted order (hidden files and folders
    are skipped), so the same inputs always give the same sequence. A file given
    directly also picks up the `metadata.csv` next to it (or, with `metadata_top`, the
    nearest one naming it up to that folder: a Dask unit's files, which come from a
    walked folder but are read alone). Failures are reported
    per file, or per record inside JSON/JSONL/CSV files, and never stop the rest.
    Only regular files are read (see `lib.ingest.limits`), each within its size limit,
    and within its time limit when a `clock` is given (the pipeline's).
    """
    if isinstance(paths, (str, Path)):  # one path given bare: don't iterate its characters
        paths = [paths]
    index = MetadataIndex()
    for item in paths:
        top = Path(item)
        if top.is_dir():
            walked_dirs: list[Path] = []
            for file in walk_files(top):
                if file.name.lower() == METADATA_NAME:
                    walked_dirs.append(file.parent)
                    index.for_dir(file.parent)
                    continue
                meta = index.lookup(file, top) if file.suffix.lower() in (".txt", ".html", ".htm") else None
                yield from _flush(index)
                yield from _read_bounded(file, meta, clock)
            yield from _flush(index)
            for folder in walked_dirs:
                yield from index.unmatched(folder)
        elif top.is_file():
            if top.name.lower() == METADATA_NAME:
                index.for_dir(top.parent)  # not an article; validate it so mistakes are reported
                yield from _flush(index)
                continue
            bound = metadata_top if metadata_top is not None and top.is_relative_to(metadata_top) else top.parent
            meta = index.lookup(top, bound) if top.suffix.lower() in (".txt", ".html", ".htm") else None
            yield from _flush(index)
            yield from _read_bounded(top, meta, clock)
        elif os.path.lexists(top):  # a FIFO, a device, a socket, a link to one, a broken link
            yield from _read_bounded(top, None, clock)
        else:
            yield ReadError(path_text(item), "no such file or folder")


def _flush(index: MetadataIndex) -> Iterator[ReadError]:
    while index.errors:
        yield index.errors.pop(0)
