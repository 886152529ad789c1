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

Encodings: Arabic news arrives as UTF-8, UTF-8 with BOM, UTF-16 (Excel's
"Unicode text", Windows tools) and Windows-1256 (older Arabic sites and
archives). `decode_bytes` tries them cheapest and safest first and refuses
binary junk rather than inventing text from it.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

__all__ = ["RawArticle", "ReadError", "iter_inputs", "decode_bytes", "SUPPORTED_SUFFIXES"]


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from its file, before any cleaning or parsing."""

    text: str  # the article body as read (not yet cleaned of boilerplate; another module cleans)
    path: str  # file path; for a record inside a JSONL/JSON/CSV file: "file.jsonl#3"
    url: str | None = None
    title: str | None = None
    published: str | None = None  # raw string as given (parsed by another module)
    source: str | None = None  # outlet as given by metadata (name or slug) or the HTML's site name
    published_origin: str | None = None  # how metadata knows the date: "stated", "inferred"… (None: plain metadata)


@dataclass(frozen=True, slots=True)
class ReadError:
    """A file or record that could not be read, with a reason a person can act on."""

    path: str
    reason: str


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_GARBAGE_RE = re.compile("[\ufffd\ue000-\uf8ff\ud800-\udfff]")
_MARKUP_RE = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_MIXED_SCRIPT_RE = re.compile(
    "[A-Za-z][\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"
    "|[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc][A-Za-z]"
)
# Characters expected in an Arabic news text (besides ASCII): the Arabic blocks,
# Latin-1 punctuation and letters, general punctuation (dashes, quotes, direction marks).
_EXPECTED_NON_ASCII_RE = re.compile(
    "[\u00a0-\u00ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u2000-\u206f\u20ac\u2122\ufb50-\ufdff\ufe70-\ufeff]"
)
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
# The Latin letters cp1256 keeps (for French): a genuine Arabic cp1256 text hardly
# ever uses them, but ISO-8859-6 bytes and other mis-decodings land on them often.
_CP1256_LATIN_RE = re.compile("[àâçèéêëîïôùûü]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")

# Magic numbers of binary formats people rename or save by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls)"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file (e.g. WebP, WAV)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)

_NOT_TEXT = "not valid UTF-8/UTF-16/Windows-1256 text"


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    return len(_CONTROL_RE.findall(sample)) / len(sample)


def _looks_like_text(text: str) -> bool:
    """A decoded string that is plausibly a document (few control/garbage characters)."""
    if "\x00" in text:
        return False
    sample = text[:65536]
    if not sample:
        return True
    if _control_ratio(sample) > 0.005:
        return False
    return len(_GARBAGE_RE.findall(sample)) <= max(1, len(sample) // 1000)


def _looks_like_arabic_or_latin(text: str) -> bool:
    """Plausible text whose non-ASCII characters are Arabic, Latin-1 or punctuation.

    Used to accept UTF-16 without a BOM: random bytes decode as UTF-16 into
    (assigned) CJK and Hangul characters, which this corpus never contains.
    """
    if not _looks_like_text(text):
        return False
    sample = text[:65536]
    non_ascii = len(_NON_ASCII_RE.findall(sample))
    if non_ascii == 0:
        return True
    return len(_EXPECTED_NON_ASCII_RE.findall(sample)) >= 0.95 * non_ascii


def _looks_like_arabic(text: str) -> bool:
    """True when a single-byte decoding produced Arabic, not mojibake.

    cp1256 maps every byte to some character, so "it decoded" proves nothing.
    Real Arabic text decoded with the right code page is made of Arabic letters,
    spaces, ASCII and a little punctuation; ISO-8859-6 or UTF-8 bytes read as
    cp1256 produce Latin accented letters (è, ê, ç) or runs of typographic
    symbols among the Arabic, so both are counted against the decoding.
    """
    if not _looks_like_text(text):
        return False
    sample = text[:65536]
    if "<" in sample:  # judge an HTML page by its text, not its (ASCII) markup
        sample = _MARKUP_RE.sub(" ", sample)
    arabic = len(_ARABIC_RE.findall(sample))
    if arabic == 0:
        return False
    non_ascii = len(_NON_ASCII_RE.findall(sample))
    if arabic < 0.85 * non_ascii:
        return False
    # Arabic letters glued to Latin ones ("cafى") are a Latin-1 text read with an Arabic code page.
    if len(_MIXED_SCRIPT_RE.findall(sample)) > 0.02 * arabic:
        return False
    return len(_CP1256_LATIN_RE.findall(sample)) <= 0.01 * arabic


def _utf16_without_bom(sample: bytes) -> str | None:
    """Guess the byte order of BOM-less UTF-16 from where its high bytes sit.

    In UTF-16 text from this corpus every other byte is the high byte of a
    code unit: 0x00 for ASCII, 0x06 for Arabic. Ordinary 8-bit text never
    contains 0x00 or 0x06, so a parity dominated by them is a safe signal.
    """
    sample = sample[: 4096 - (len(sample[:4096]) % 2)]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_hi = (even.count(0) + even.count(6)) / len(even)
    odd_hi = (odd.count(0) + odd.count(6)) / len(odd)
    if odd_hi >= 0.7 and even_hi <= 0.3:
        return "utf-16-le"
    if even_hi >= 0.7 and odd_hi <= 0.3:
        return "utf-16-be"
    return None


def _almost_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken sequences (a cut or corrupted download), with U+FFFD; else None.

    A sample rules other encodings out cheaply: cp1256 Arabic breaks on nearly every word.
    """
    if data[:65536].decode("utf-8", errors="replace").count("\ufffd") > 3:
        return None
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    extra_bytes = len(data) - len(lenient)  # > 0 only when there are valid multi-byte characters
    if broken <= max(2, len(lenient) // 2000) and extra_bytes >= 20 * broken and _control_ratio(lenient) <= 0.01:
        return lenient
    return None


def _finish(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return _normalise_newlines(text)


def decode_bytes(data: bytes, hint: str | None = None) -> str:
    """Decode a text file's bytes; raise ValueError with a reason if it is not text.

    Order (cheapest and least ambiguous first):
    1. a BOM (UTF-8, UTF-16 LE/BE, UTF-32) decides;
    2. NUL/0x06 high bytes at every other position mean BOM-less UTF-16;
    3. strict UTF-8, the common case and the fast path (UTF-8 is self-validating:
       other encodings of Arabic are almost never valid UTF-8);
    4. UTF-8 with a handful of corrupt bytes (a truncated download) is kept as
       UTF-8 with U+FFFD, rather than being misread as another code page;
    5. `hint` (an HTML page's declared charset), if the result is plausible text;
    6. Windows-1256, then ISO-8859-6, accepted only if the result reads as Arabic;
    7. charset-normalizer as a last resort, preferring a candidate with Arabic.

    The result has no BOM and `\\n` newlines. `b""` decodes to `""`.
    """
    if not data:
        return ""

    # 1. Byte order marks.
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError as err:
            almost = _almost_utf8(data[3:])
            if almost is None:
                raise ValueError(f"{_NOT_TEXT} (UTF-8 BOM, but invalid UTF-8 at byte {err.start + 3})") from None
            text = almost
        if not _looks_like_text(text):
            raise ValueError(f"{_NOT_TEXT} (UTF-8 BOM, but binary content)")
        return _finish(text)
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                     (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            body = data[len(bom):]
            unit = 4 if "32" in enc else 2
            body = body[: len(body) - len(body) % unit]  # a file cut mid-character
            try:
                text = body.decode(enc)
            except UnicodeDecodeError:
                break  # e.g. a binary file that happens to start with FF FE
            if _looks_like_text(text):
                return _finish(text)
            break

    kind = _binary_kind(data)
    if kind:
        raise ValueError(f"{_NOT_TEXT}: looks like {kind}")

    # 2. BOM-less UTF-16.
    head = data[:4096]
    if b"\x00" in head or (b"\x06" in head):
        enc = _utf16_without_bom(head)
        if enc:
            try:
                text = data[: len(data) - len(data) % 2].decode(enc)
            except UnicodeDecodeError:
                text = None
            if text is not None and _looks_like_arabic_or_latin(text):
                return _finish(text)
    if b"\x00" in data:
        raise ValueError(f"{_NOT_TEXT}: binary data (contains NUL bytes)")

    # 3. Strict UTF-8.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _control_ratio(text) > 0.01:
            raise ValueError(f"{_NOT_TEXT}: binary data (many control characters)")
        return _finish(text)

    # 4. Almost-UTF-8 (a few broken sequences among many valid multi-byte ones).
    almost = _almost_utf8(data)
    if almost is not None:
        return _finish(almost)

    # 5. The charset the document declares.
    if hint:
        try:
            text = data.decode(hint)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if _looks_like_text(text) and (_looks_like_arabic(text) or not _ARABIC_RE.search(text)):
                return _finish(text)

    # 6. Arabic single-byte code pages.
    for enc in ("cp1256", "iso8859_6"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_arabic(text):
            return _finish(text)

    # 7. Last resort: statistical detection.
    text = _charset_normalizer_guess(data)
    if text is not None:
        return _finish(text)
    raise ValueError(_NOT_TEXT)


def _charset_normalizer_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - pinned in requirements
        return None
    matches = from_bytes(data[:1_000_000])
    candidates: list[str] = []
    for match in matches:
        try:
            text = data.decode(match.encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        if not _looks_like_text(text):
            continue
        if _ARABIC_RE.search(text):
            if _looks_like_arabic(text):
                return text
            continue  # Arabic letters among garbage: a wrong code page
        candidates.append(text)
    # No Arabic reading: accept a clean Latin/other reading (an English article, say).
    for text in candidates:
        if _looks_like_arabic_or_latin(text):
            return text
    return None


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET_RE.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# ---------------------------------------------------------------------------
# Records (JSON, JSONL, CSV, metadata.csv)
# ---------------------------------------------------------------------------

# Field names accepted for each RawArticle field, first match wins.
TEXT_KEYS = ("text", "body", "content", "article", "article_text", "full_text", "maintext")
HTML_KEYS = ("html", "raw_html")
URL_KEYS = ("url", "link", "canonical_url", "href")
TITLE_KEYS = ("title", "headline")
PUBLISHED_KEYS = ("published", "date", "published_at", "publish_date", "pub_date",
                  "publication_date", "date_published", "datetime")
SOURCE_KEYS = ("source", "outlet", "site", "source_name", "publisher", "sitename", "site_name",
               "source_id", "domain")
FILE_KEYS = ("file", "filename", "file_name", "path", "name")


def _scalar(value: Any) -> str | None:
    """A metadata value as a non-empty string, or None."""
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dict):  # e.g. "source": {"id": "eremnews", "name": "إرم نيوز"}
        for key in ("name", "id", "title", "url"):
            if key in value:
                return _scalar(value[key])
        return None
    if isinstance(value, (list, tuple)):
        return None
    s = value if isinstance(value, str) else str(value)
    s = s.strip()
    return s or None


def _lower_keys(rec: dict[str, Any]) -> dict[str, Any]:
    for k in rec:
        if not isinstance(k, str) or k != k.lower() or k != k.strip():
            return {str(k).strip().lower(): v for k, v in rec.items()}
    return rec


def _first(rec: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = rec.get(k)
        if v is not None and v != "":
            return v
    return None


def _record_to_article(rec: Any, path: str) -> RawArticle | ReadError:
    """Map one JSON/CSV record to a RawArticle (or say why it has no text)."""
    if isinstance(rec, str):
        rec = {"text": rec}
    if not isinstance(rec, dict):
        return ReadError(path, f"expected a record (an object with a 'text' field), got {type(rec).__name__}")
    rec = _lower_keys(rec)
    text = _first(rec, TEXT_KEYS)
    meta: dict[str, str | None] = {
        "url": _scalar(_first(rec, URL_KEYS)),
        "title": _scalar(_first(rec, TITLE_KEYS)),
        "published": _scalar(_first(rec, PUBLISHED_KEYS)),
        "source": _scalar(_first(rec, SOURCE_KEYS)),
        "published_origin": _scalar(rec.get("published_origin")),
    }
    if text is None:
        html = _first(rec, HTML_KEYS)
        if isinstance(html, str) and html.strip():
            return _html_to_article(html, path, meta)
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
    return RawArticle(text=_finish(text), path=path, **meta)


def _read_jsonl(text: str, path: str) -> Iterator[RawArticle | ReadError]:
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


def _read_json(text: str, path: str) -> Iterator[RawArticle | ReadError]:
    try:
        data = json.loads(text)
    except ValueError as err:
        msg = getattr(err, "msg", "")
        if msg == "Extra data":  # several JSON documents, one per line: really JSONL
            yield from _read_jsonl(text, path)
            return
        yield ReadError(path, f"invalid JSON: {err}")
        return
    if isinstance(data, dict):
        lowered = _lower_keys(data)
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


def _csv_rows(text: str, delimiter: str | None = None) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
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


def _read_csv(text: str, path: str, delimiter: str | None = None) -> Iterator[RawArticle | ReadError]:
    """One record per data row. `#N` is the data row number (header excluded)."""
    try:
        header, rows = _csv_rows(text, delimiter)
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


# metadata.csv ---------------------------------------------------------------

METADATA_NAME = "metadata.csv"


@dataclass(slots=True)
class _Metadata:
    """The parsed metadata.csv of one folder: relative file name -> fields."""

    path: str
    entries: dict[str, dict[str, str | None]]
    rows: dict[str, int]  # relative file name -> row number, to report rows naming no file
    used: set[str]


def _meta_key(name: str) -> str:
    name = name.strip().replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return str(PurePosixPath(name)) if name else ""


def _load_metadata(csv_path: Path) -> tuple[_Metadata | None, list[ReadError]]:
    path = str(csv_path)
    try:
        data = csv_path.read_bytes()
    except OSError as err:
        return None, [ReadError(path, f"cannot read metadata file: {err.strerror or err}")]
    try:
        text = decode_bytes(data)
    except ValueError as err:
        return None, [ReadError(path, f"metadata file: {err}")]
    errors: list[ReadError] = []
    entries: dict[str, dict[str, str | None]] = {}
    rows_at: dict[str, int] = {}
    try:
        header, rows = _csv_rows(text)
        if not any(h in FILE_KEYS for h in header):
            return None, [ReadError(path, f"metadata file has no 'file' column (columns: {', '.join(header) or 'none'})")]
        for i, row in rows:
            rec = _lower_keys(dict(zip(header, row)))
            name = _scalar(_first(rec, FILE_KEYS))
            if not name:
                errors.append(ReadError(f"{path}#{i}", "metadata row has no file name"))
                continue
            key = _meta_key(name)
            entries[key] = {
                "url": _scalar(_first(rec, URL_KEYS)),
                "title": _scalar(_first(rec, TITLE_KEYS)),
                "published": _scalar(_first(rec, PUBLISHED_KEYS)),
                "source": _scalar(_first(rec, SOURCE_KEYS)),
                "published_origin": _scalar(rec.get("published_origin")),
            }
            rows_at[key] = i
    except csv.Error as err:
        errors.append(ReadError(path, f"invalid metadata CSV: {err}"))
    return _Metadata(path, entries, rows_at, set()), errors


def _find_metadata_file(folder: Path) -> Path | None:
    """`metadata.csv` in `folder`, in any letter case (files copied from Windows)."""
    exact = folder / METADATA_NAME
    if exact.is_file():
        return exact
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.lower() == METADATA_NAME and entry.is_file():
                    return Path(entry.path)
    except OSError:
        pass
    return None


class _MetadataIndex:
    """metadata.csv files found so far, loaded once per folder."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, _Metadata | None] = {}
        self.errors: list[ReadError] = []

    def for_dir(self, folder: Path) -> _Metadata | None:
        if folder not in self._by_dir:
            meta = None
            candidate = _find_metadata_file(folder)
            if candidate is not None:
                meta, errs = _load_metadata(candidate)
                self.errors.extend(errs)
            self._by_dir[folder] = meta
        return self._by_dir[folder]

    def lookup(self, file: Path, top: Path) -> dict[str, str | None] | None:
        """The nearest metadata.csv, from the file's folder up to `top`, naming this file."""
        folder = file.parent
        while True:
            meta = self.for_dir(folder)
            if meta is not None and meta.entries:
                key = _meta_key(file.relative_to(folder).as_posix())
                entry = meta.entries.get(key)
                if entry is None:  # file names typed by hand: forgive case
                    lowered = key.casefold()
                    key = next((k for k in meta.entries if k.casefold() == lowered), key)
                    entry = meta.entries.get(key)
                if entry is not None:
                    meta.used.add(key)
                    return entry
            if folder == top or folder.parent == folder:
                return None
            folder = folder.parent

    def unmatched(self, folder: Path) -> Iterator[ReadError]:
        """Rows of a walked folder's metadata.csv naming a file that does not exist (typos)."""
        meta = self._by_dir.get(folder)
        if meta is None:
            return
        for key, row in meta.rows.items():
            if key not in meta.used and not (folder / key).exists():
                yield ReadError(f"{meta.path}#{row}", f"metadata names '{key}', but there is no such file in {folder}")


def _merge(article: RawArticle | ReadError, meta: dict[str, str | None] | None) -> RawArticle | ReadError:
    """Metadata values (when given) win over what the file says about itself."""
    if meta is None or isinstance(article, ReadError):
        return article
    return RawArticle(
        text=article.text,
        path=article.path,
        url=meta.get("url") or article.url,
        title=meta.get("title") or article.title,
        published=meta.get("published") or article.published,
        source=meta.get("source") or article.source,
        published_origin=meta.get("published_origin") if meta.get("published") else article.published_origin,
    )


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TABLE_SEPARATOR_RE = re.compile(r"^\|[\s\-:|]*\|?\s*$")
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote",
    "article", "section", "header", "footer", "main", "aside", "nav", "figure", "figcaption", "pre",
    "dd", "dt", "dl", "hr", "address", "form",
})
_LAYOUT_HINT_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
                               "blockquote", "article", "section"})
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _unwrap_layout_tables(tree: Any) -> None:
    """Turn layout tables into divs so trafilatura sees their paragraphs.

    Older Arabic sites lay the whole page out in nested tables; trafilatura then
    either renders the article as one "| table cell |" or drops paragraphs.
    A table whose cells hold paragraphs, headings or very long text is layout,
    not data; data tables (figures per governorate, say) are left alone.
    """
    for table in list(tree.iter("table")):
        own = [e for e in table.iter("tbody", "thead", "tfoot", "tr", "td", "th")
               if next(e.iterancestors("table"), None) is table]
        cells = [e for e in own if e.tag in ("td", "th")]
        layout = any(
            isinstance(d.tag, str) and d.tag in _LAYOUT_HINT_TAGS for c in cells for d in c.iterdescendants()
        ) or any(len(c.text_content()) > 300 for c in cells)
        if layout:
            for e in own:
                e.tag = "div"
            table.tag = "div"


def _tidy_extracted(text: str) -> str:
    """trafilatura's text: `\\n` between paragraphs, data-table rows without Markdown pipes."""
    text = _normalise_newlines(text)
    if "|" not in text:
        return text.strip()
    lines = []
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("|") and s.endswith("|"):
            if _TABLE_SEPARATOR_RE.match(s):
                continue
            cells = [c.strip() for c in s.strip("|").split(" | ")]
            line = " | ".join(c for c in cells if c)
            if not line:
                continue
        lines.append(line)
    return "\n".join(lines).strip()


def _lxml_text(tree: Any) -> str:
    """Fallback body text: <article>, else <main>, else <body>, one line per block."""
    from lxml import etree

    etree.strip_elements(tree, "script", "style", "noscript", "template", "svg", "iframe", with_tail=False)

    def text_of(node: Any) -> str:
        for el in node.iter():
            if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
                el.text = "\n" + (el.text or "")
                el.tail = "\n" + (el.tail or "")
        lines = (" ".join(line.split()) for line in node.text_content().split("\n"))
        return "\n".join(line for line in lines if line)

    for xpath in ("//article", "//main"):
        nodes = tree.xpath(xpath)
        if nodes:
            text = text_of(nodes[0])
            if text:
                return text
    body = tree.find(".//body")
    node = body if body is not None else tree
    import copy

    trimmed = copy.deepcopy(node)
    etree.strip_elements(trimmed, "nav", "header", "footer", "aside", "form", with_tail=False)
    return text_of(trimmed) or text_of(node)


def _html_to_article(html: str, path: str, meta: dict[str, str | None] | None = None) -> RawArticle | ReadError:
    """Main text and the page's own metadata, fully offline.

    trafilatura is given a string or a parsed tree, never a URL, so it cannot
    fetch anything. Dates come from the page's markup only (meta tags, <time>,
    the URL), not from a search of the article text: a date found in the text
    is the date-detection step's business, with its own provenance.
    """
    import trafilatura
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    html = _XML_DECL_RE.sub("", html, count=1)
    text = ""
    doc = None
    try:
        tree = load_html(html)
        if tree is not None:
            _unwrap_layout_tables(tree)
            doc = trafilatura.bare_extraction(
                tree,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                include_images=False,
                include_links=False,
                deduplicate=False,
                date_extraction_params=_DATE_PARAMS,
            )
    except Exception as err:  # trafilatura/lxml on hostile markup: fall back, don't crash the batch
        doc = None
        fallback_reason = f"{type(err).__name__}: {err}"
    else:
        fallback_reason = ""
    if doc is not None and doc.text:
        text = _tidy_extracted(doc.text)
    if not text:
        try:
            from lxml import html as lxml_html

            tree = load_html(html)
            if tree is None:
                tree = lxml_html.document_fromstring(html)
            text = _lxml_text(tree)
            if doc is None:
                doc = extract_metadata(tree, date_config=_DATE_PARAMS, extensive=False)
        except Exception as err:
            fallback_reason = fallback_reason or f"{type(err).__name__}: {err}"
    if not text:
        why = f" ({fallback_reason})" if fallback_reason else ""
        return ReadError(path, f"no article text found in the HTML{why}")
    page = RawArticle(
        text=text,
        path=path,
        url=_scalar(getattr(doc, "url", None)),
        title=_scalar(getattr(doc, "title", None)),
        published=_scalar(getattr(doc, "date", None)),
        source=_scalar(getattr(doc, "sitename", None)),
    )
    return _merge(page, {k: v for k, v in (meta or {}).items() if v})


# ---------------------------------------------------------------------------
# Files and folders
# ---------------------------------------------------------------------------

SUPPORTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".csv", ".tsv"})


def _read_file(file: Path, meta: dict[str, str | None] | None) -> Iterator[RawArticle | ReadError]:
    path = str(file)
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        what = f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"
        yield ReadError(path, f"{what}; expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")
        return
    try:
        data = file.read_bytes()
    except OSError as err:
        yield ReadError(path, f"cannot read file: {err.strerror or err}")
        return
    if not data or data.isspace():
        yield ReadError(path, "empty file" if not data else "empty file (only whitespace)")
        return
    is_html = suffix in (".html", ".htm")
    try:
        text = decode_bytes(data, hint=_declared_charset(data) if is_html else None)
    except ValueError as err:
        yield ReadError(path, str(err))
        return
    if not text or text.isspace():
        yield ReadError(path, "empty file" if not text else "empty file (only whitespace)")
        return
    if suffix == ".txt":
        yield _merge(RawArticle(text=text, path=path), meta)
    elif is_html:
        yield _html_to_article(text, path, meta)
    elif suffix in (".jsonl", ".ndjson"):
        yield from _read_jsonl(text, path)
    elif suffix == ".json":
        yield from _read_json(text, path)
    elif suffix == ".tsv":
        yield from _read_csv(text, path, delimiter="\t")
    else:
        yield from _read_csv(text, path)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under `folder`, sorted, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[RawArticle | ReadError]:
    """Yield every article found in `paths` (files or folders), and a ReadError per failure.

    Folders are walked recursively in sorted order (hidden files and folders
    are skipped), so the same inputs always give the same sequence. A file given
    directly also picks up the `metadata.csv` next to it. Failures are reported
    per file, or per record inside JSON/JSONL/CSV files, and never stop the rest.
    """
    if isinstance(paths, (str, Path)):  # one path given bare: don't iterate its characters
        paths = [paths]
    index = _MetadataIndex()
    for item in paths:
        top = Path(item)
        if top.is_dir():
            walked_dirs: list[Path] = []
            for file in _walk(top):
                if file.name.lower() == METADATA_NAME:
                    walked_dirs.append(file.parent)
                    index.for_dir(file.parent)
                    continue
                meta = index.lookup(file, top) if file.suffix.lower() in (".txt", ".html", ".htm") else None
                yield from _flush(index)
                yield from _read_file(file, meta)
            yield from _flush(index)
            for folder in walked_dirs:
                yield from index.unmatched(folder)
        elif top.is_file():
            if top.name.lower() == METADATA_NAME:
                index.for_dir(top.parent)  # not an article; validate it so mistakes are reported
                yield from _flush(index)
                continue
            meta = index.lookup(top, top.parent) if top.suffix.lower() in (".txt", ".html", ".htm") else None
            yield from _flush(index)
            yield from _read_file(top, meta)
        else:
            yield ReadError(str(item), "no such file or folder")


def _flush(index: _MetadataIndex) -> Iterator[ReadError]:
    while index.errors:
        yield index.errors.pop(0)
