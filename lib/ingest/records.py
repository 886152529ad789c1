"""Records → articles: JSON (a list, one record, or `{"articles": [...]}`),
JSONL/NDJSON (one record per line) and CSV/TSV (one record per row, with a
header). A record that cannot be read is a `ReadError` with its `file#N`
position; the other records go on."""
from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from typing import Any

from lib.ingest.decoding import finish_text
from lib.ingest.html import html_to_article
from lib.ingest.raw import (HTML_KEYS, PUBLISHED_KEYS, SOURCE_KEYS, TEXT_KEYS, TITLE_KEYS, URL_KEYS, RawArticle,
                            ReadError, first_value, lower_keys, scalar)

def _record_to_article(rec: Any, path: str) -> RawArticle | ReadError:
    """Map one JSON/CSV record to a RawArticle (or say why it has no text)."""
    if isinstance(rec, str):
        rec = {"text": rec}
    if not isinstance(rec, dict):
        return ReadError(path, f"expected a record (an object with a 'text' field), got {type(rec).__name__}")
    rec = lower_keys(rec)
    text = first_value(rec, TEXT_KEYS)
    meta: dict[str, str | None] = {
        "url": scalar(first_value(rec, URL_KEYS)),
        "title": scalar(first_value(rec, TITLE_KEYS)),
        "published": scalar(first_value(rec, PUBLISHED_KEYS)),
        "source": scalar(first_value(rec, SOURCE_KEYS)),
        "published_origin": scalar(rec.get("published_origin")),
    }
    if text is None:
        html = first_value(rec, HTML_KEYS)
        if isinstance(html, str) and html.strip():
            return html_to_article(html, path, meta)
        present = next((k for k in TEXT_KEYS + HTML_KEYS if k in rec), None)
        if present is not None:
            return ReadError(path, f"empty '{present}' field")
        found = ", ".join(sorted(map(str, rec))[:12]) or "none"
        return ReadError(path, f"no 'text' field (expected one of {', '.join(TEXT_KEYS[:3])}; found: {found})")
    if isinstance(text, list) and all(isinstance(p, str) for p in text):
        text = "\n".join(text)  # a list of paragraphs
    if not isinstance(text, str):
        return ReadError(path, f"'text' field is a {type(text).__name__}, not a string")
    if not text or text.isspace():
        return ReadError(path, "empty 'text' field")
    return RawArticle(text=finish_text(text), path=path, **meta)


def read_jsonl(text: str, path: str) -> Iterator[RawArticle | ReadError]:
    """One record per line. `#N` is the line number, so it matches the error messages."""
    loads = json.loads
    n_records = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line or line.isspace():
            continue
        n_records += 1
        rec_path = f"{path}#{lineno}"
        try:
            rec = loads(line)
        except ValueError as err:
            msg = getattr(err, "msg", str(err))
            col = getattr(err, "colno", None)
            where = f" (column {col})" if col else ""
            yield ReadError(rec_path, f"JSON line {lineno}: {msg}{where}")
            continue
        yield _record_to_article(rec, rec_path)
    if n_records == 0:
        yield ReadError(path, "no records (the file has only blank lines)")


_LIST_KEYS = ("articles", "items", "records", "data", "results", "documents")


def read_json(text: str, path: str) -> Iterator[RawArticle | ReadError]:
    try:
        data = json.loads(text)
    except ValueError as err:
        msg = getattr(err, "msg", "")
        if msg == "Extra data":  # several JSON documents, one per line: really JSONL
            yield from read_jsonl(text, path)
            return
        yield ReadError(path, f"invalid JSON: {err}")
        return
    if isinstance(data, dict):
        lowered = lower_keys(data)
        for key in _LIST_KEYS:
            if isinstance(lowered.get(key), list):
                data = lowered[key]
                break
        else:
            yield _record_to_article(data, path)  # one article: the file is the record
            return
    if not isinstance(data, list):
        yield ReadError(path, f"expected a list of records or an object, got {type(data).__name__}")
        return
    if not data:
        yield ReadError(path, "no records (empty list)")
        return
    for i, rec in enumerate(data, 1):
        yield _record_to_article(rec, f"{path}#{i}")


def _raise_csv_field_limit() -> None:
    # The stdlib default (128 KiB per field) is below the size of some long articles.
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


_raise_csv_field_limit()


def csv_rows(text: str, delimiter: str | None = None) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Header (lower-cased) and numbered data rows of a CSV/TSV text.

    The delimiter is the most frequent of , ; TAB on the header line unless given:
    Excel writes `;` in some locales and TAB in its "Unicode text" export.
    """
    first_line = text.split("\n", 1)[0]
    if delimiter is None:
        delimiter = max((",", "\t", ";"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        return [], iter(())
    header = [h.strip().lstrip("\ufeff").lower() for h in header]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for i, row in enumerate(reader, 1):
            if row and any(cell.strip() for cell in row):
                yield i, row

    return header, rows()


def read_csv(text: str, path: str, delimiter: str | None = None) -> Iterator[RawArticle | ReadError]:
    """One record per data row. `#N` is the data row number (header excluded)."""
    try:
        header, rows = csv_rows(text, delimiter)
        if not header:
            yield ReadError(path, "empty file (no header row)")
            return
        if not any(h in TEXT_KEYS or h in HTML_KEYS for h in header):
            cols = ", ".join(h for h in header if h) or "none"
            yield ReadError(path, f"no 'text' column (columns: {cols})")
            return
        n = 0
        width = len(header)
        for i, row in rows:
            n += 1
            if len(row) < width:
                row = row + [""] * (width - len(row))
            rec = {h: v for h, v in zip(header, row) if h}
            yield _record_to_article(rec, f"{path}#{i}")
        if n == 0:
            yield ReadError(path, "no records (only a header row)")
    except csv.Error as err:
        yield ReadError(path, f"invalid CSV: {err}")
