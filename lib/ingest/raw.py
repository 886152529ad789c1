"""What every reader yields: a `RawArticle` or a `ReadError`, and the metadata
fields (url, title, published, source) as records and metadata.csv name them.

Metadata the analyst gives wins over what a page says about itself
(`with_metadata`): the analyst's word beats the CMS's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from its file, before any cleaning or parsing."""

    text: str  # the article body as read (not yet cleaned of boilerplate; another module cleans)
    path: str  # file path; for a record inside a JSONL/JSON/CSV file: "file.jsonl#3"
    url: str | None = None
    title: str | None = None
    published: str | None = None  # raw string as given (parsed by another module)
    source: str | None = None  # outlet as given by metadata (name or slug): the analyst's word
    published_origin: str | None = None  # how metadata knows the date: "stated", "inferred"… (None: plain metadata)
    site_name: str | None = None  # the name an HTML page declares for itself (og:site_name): a hint, not metadata


@dataclass(frozen=True, slots=True)
class ReadError:
    """A file or record that could not be read, with a reason a person can act on.

    Both are printed to a terminal and a log, one line each: control characters (an escape
    sequence, a line break in a file name) and bidi overrides in them are shown escaped."""

    path: str
    reason: str

    def __post_init__(self) -> None:
        for name in ("path", "reason"):
            value = getattr(self, name)
            if _UNPRINTABLE_RE.search(value):
                object.__setattr__(self, name, _UNPRINTABLE_RE.sub(lambda m: repr(m.group())[1:-1], value))


# C0/C1 controls, the bidi embeddings, overrides and isolates (not the marks LRM/RLM/ALM), and
# lone surrogates (a file name's undecodable bytes; "\ud800" in JSON)
_UNPRINTABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def path_text(path: object) -> str:
    """A path as text that can be stored and printed: the bytes of a file name that are not
    UTF-8 (Python holds them as lone surrogates) written as \\xNN."""
    text = str(path)
    if _SURROGATE_RE.search(text):
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that stands for no byte
            text = _SURROGATE_RE.sub(lambda m: repr(m.group())[1:-1], text)
    return text


def no_surrogates(text: str) -> str:
    """`text` with lone surrogates (JSON's "\\ud800") as U+FFFD: Arrow stores only valid UTF-8."""
    return _SURROGATE_RE.sub("\ufffd", text) if _SURROGATE_RE.search(text) else text


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


def scalar(value: Any) -> str | None:
    """A metadata value as a non-empty string, or None."""
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dict):  # e.g. "source": {"id": "eremnews", "name": "إرم نيوز"}
        for key in ("name", "id", "title", "url"):
            if key in value:
                return scalar(value[key])
        return None
    if isinstance(value, (list, tuple)):
        return None
    s = value if isinstance(value, str) else str(value)
    s = no_surrogates(s.strip())
    return s or None


def lower_keys(rec: dict[str, Any]) -> dict[str, Any]:
    for k in rec:
        if not isinstance(k, str) or k != k.lower() or k != k.strip():
            return {str(k).strip().lower(): v for k, v in rec.items()}
    return rec


def first_value(rec: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = rec.get(k)
        if v is not None and v != "":
            return v
    return None


def with_metadata(article: RawArticle | ReadError, meta: dict[str, str | None] | None) -> RawArticle | ReadError:
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
        site_name=article.site_name,
    )
