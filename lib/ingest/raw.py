"""What every reader yields: a `RawArticle` or a `ReadError`, and the metadata
fields (url, title, published, source) as records and metadata.csv name them.

Metadata the analyst gives wins over what a page says about itself
(`with_metadata`): the analyst's word beats the CMS's.
"""
from __future__ import annotations

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
    source: str | None = None  # outlet as given by metadata (name or slug) or the HTML's site name
    published_origin: str | None = None  # how metadata knows the date: "stated", "inferred"… (None: plain metadata)


@dataclass(frozen=True, slots=True)
class ReadError:
    """A file or record that could not be read, with a reason a person can act on."""

    path: str
    reason: str


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
    s = s.strip()
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
    )
