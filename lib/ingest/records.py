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

from lib import settings
from lib.ingest.decoding import finish_text
from lib.ingest.html import html_to_article
from lib.ingest.limits import too_many_records
from lib.ingest.raw import (HTML_KEYS, PUBLISHED_KEYS, SOURCE_KEYS, TEXT_KEYS, TITLE_KEYS, URL_KEYS, RawArticle,
                            ReadError, first_value, lower_keys, no_surrogates, scalar)

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
            return html_to_article(no_surrogates(html), path, meta)
        present = next((k for k in TEXT_KEYS + HTML_KEYS if k in rec), None)
        if present is not None:
            return ReadError(path, f"empty '{present}' field")
        found = ", ".join(sorted(map(str, rec))[:12]) or "none"
        return ReadError(path, f"no 'text' field (expected one of {', '.join(TEXT_KEYS[:3])}; found: {found})")
    if isinstance(text, list) and all(isinstance(p, str) for p in text):
        text = "\n".join(text)  # a list of paragraphs
    if not isinstance(text, str):
        return ReadError(path, f"'text' field is a {type(text).__name__}, not a string")
    text = no_surrogates(finish_text(text))
    if not text or text.isspace():
        return ReadError(path, "empty 'text' field")
    return RawArticle(text=text, path=path, **meta)


def read_jsonl(text: str, path: str, bad_lines: dict[int, str] | None = None) -> Iterator[RawArticle | ReadError]:
    """One record per line. `#N` is the line number, so it matches the error messages.
    `bad_lines`: {line number: why} of lines that were not text (`decode_record_lines`)."""
    loads = json.loads
    bad_lines = bad_lines or {}
    limit = settings.INGEST_MAX_RECORDS_PER_FILE
    n_records = 0
    for lineno, line in _lines(text):
        why = bad_lines.get(lineno)
        if why is None and (not line or line.isspace()):
            continue
        n_records += 1
        rec_path = f"{path}#{lineno}"
        if n_records > limit:
            yield ReadError(rec_path, too_many_records(f"line {lineno}"))
            return
        if why is not None:
            yield ReadError(rec_path, f"line {lineno}: {why}")
            continue
        try:
            rec = loads(line)
        except ValueError as err:
            msg = getattr(err, "msg", str(err))
            col = getattr(err, "colno", None)
            where = f" (column {col})" if col else ""
            yield ReadError(rec_path, f"JSON line {lineno}: {msg}{where}")
            continue
        except RecursionError:
            yield ReadError(rec_path, f"JSON line {lineno}: nested too deeply")
            continue
        yield _record_to_article(rec, rec_path)
    if n_records == 0:
        yield ReadError(path, "no records (the file has only blank lines)")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of `text`, without holding a list of them all."""
    start, lineno = 0, 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        lineno += 1
        yield lineno, text[start:end]
        start = end + 1


_LIST_KEYS = ("articles", "items", "records", "data", "results", "documents")


def read_json(text: str, path: str) -> Iterator[RawArticle | ReadError]:
    try:
        data = json.loads(text)
    except RecursionError:
        yield ReadError(path, "invalid JSON: nested too deeply")
        return
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
        if i > settings.INGEST_MAX_RECORDS_PER_FILE:
            yield ReadError(f"{path}#{i}", too_many_records(f"record {i}"))
            return
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


def _reader(text: str, delimiter: str | None) -> Any:
    """A csv reader of `text`; the delimiter is the most frequent of , ; TAB on the header line
    unless given: Excel writes `;` in some locales and TAB in its "Unicode text" export."""
    if delimiter is None:
        end = text.find("\n")
        first_line = text[: end if end >= 0 else len(text)]
        delimiter = max((",", "\t", ";"), key=first_line.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _header(reader: Any) -> list[str]:
    header = next(reader, None)
    return [h.strip().lstrip("\ufeff").lower() for h in header] if header is not None else []


def csv_rows(text: str, delimiter: str | None = None) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Header (lower-cased) and numbered data rows of a CSV/TSV text (blank rows skipped)."""
    reader = _reader(text, delimiter)
    header = _header(reader)
    if not header:
        return [], iter(())

    def rows() -> Iterator[tuple[int, list[str]]]:
        for i, row in enumerate(reader, 1):
            if row and any(cell.strip() for cell in row):
                yield i, row

    return header, rows()


def _unclosed_quote(text: str, first_line: int, delimiter: str) -> bool:
    """True when the row starting at line `first_line` (the file's last row) opens a quote it
    never closes: the reader then took every line after it as one field."""
    start = 0
    for _ in range(first_line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    try:
        for _row in csv.reader(io.StringIO(text[start:], newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        return True
    return False


def read_csv(text: str, path: str, delimiter: str | None = None,
             bad_lines: dict[int, str] | None = None) -> Iterator[RawArticle | ReadError]:
    """One record per data row. `#N` is the data row number (header excluded). `bad_lines`:
    {line number: why} of lines that were not text (`decode_record_lines`): a row on one of
    them is refused alone. A quote never closed is refused, not read as the rest of the file."""
    bad_lines = bad_lines or {}
    if 1 in bad_lines:
        yield ReadError(path, f"line 1 (the header row): {bad_lines[1]}")
        return
    reader = _reader(text, delimiter)
    i = 0
    try:
        header = _header(reader)
        if not header:
            yield ReadError(path, "empty file (no header row)")
            return
        if not any(h in TEXT_KEYS or h in HTML_KEYS for h in header):
            cols = ", ".join(h for h in header if h) or "none"
            yield ReadError(path, f"no 'text' column (columns: {cols})")
            return
        n, width, line = 0, len(header), reader.line_num
        pending: tuple[int, int, list[str]] | None = None  # held until the next row shows its quotes closed
        for i, row in enumerate(reader, 1):
            first, line = line + 1, reader.line_num
            bad = next((b for b in bad_lines if first <= b <= line), None) if bad_lines else None
            if bad is None and not (row and any(cell.strip() for cell in row)):
                continue
            n += 1
            if pending is not None:  # a row came after it: its quotes closed
                yield _csv_record(header, width, *pending, path)
            pending = None
            if n > settings.INGEST_MAX_RECORDS_PER_FILE:
                yield ReadError(f"{path}#{i}", too_many_records(f"row {i} (line {first})"))
                break
            if bad is not None:
                yield ReadError(f"{path}#{i}", f"row {i} (line {bad}): {bad_lines[bad]}")
                continue
            pending = (i, first, row)
        if pending is not None:
            row_i, first, row = pending
            if line > first and _unclosed_quote(text, first, reader.dialect.delimiter):
                yield ReadError(f"{path}#{row_i}", f"row {row_i} (line {first}): a quote opened in this row is never "
                                f"closed, so lines {first}-{line} would be one field: not read")
            else:
                yield _csv_record(header, width, row_i, first, row, path)
        if n == 0:
            yield ReadError(path, "no records (only a header row)")
    except csv.Error as err:
        yield ReadError(path, f"invalid CSV at line {reader.line_num}: {err}; the rows after row {i} were not read")


def _csv_record(header: list[str], width: int, i: int, first: int, row: list[str], path: str) -> RawArticle | ReadError:
    if len(row) < width:
        row = row + [""] * (width - len(row))
    return _record_to_article({h: v for h, v in zip(header, row) if h}, f"{path}#{i}")
