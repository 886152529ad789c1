"""The bundled corpus: no page kept apart for measuring the extractor (its
canonical URL hashed in tests/data/excluded_urls.sha256) is in it."""
from __future__ import annotations

import csv
from pathlib import Path

from conftest import ROOT

from lib.ingest.urls import canonical_url, url_hash

EXCLUDED = set((Path(__file__).parent / "data" / "excluded_urls.sha256").read_text().split())


def test_canonical_url_follows_the_rule() -> None:
    assert canonical_url("https://www.Example.COM/news/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/?a=1#top") == "example.com/news/سوريا"
    assert canonical_url("http://example.com") == "example.com"
    assert canonical_url("example.com/a/b/") == "example.com/a/b"
    assert canonical_url("https://news.example.com/x") == "news.example.com/x"  # only a leading www. goes
    assert url_hash("https://www.example.com/a/") == url_hash("http://example.com/a?utm=1")


def _corpus_urls() -> list[tuple[str, str]]:
    out = []
    for meta in sorted((ROOT / "data" / "articles").rglob("metadata.csv")):
        with meta.open(encoding="utf-8") as f:
            out += [(f"{meta.parent.name}/{row['file']}", row["url"]) for row in csv.DictReader(f) if row.get("url")]
    return out


def test_no_bundled_article_is_a_page_kept_apart() -> None:
    assert len(EXCLUDED) >= 80  # the list was copied whole
    hits = [(f, u) for f, u in _corpus_urls() if url_hash(u) in EXCLUDED]
    assert not hits, hits


def test_bundled_urls_are_distinct_pages() -> None:
    urls = [canonical_url(u) for _, u in _corpus_urls()]
    assert len(urls) == len(set(urls))
