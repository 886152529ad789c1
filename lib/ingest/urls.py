"""Canonical URLs: one spelling per page, for de-duplication and for the list of
pages kept out of the corpus (tests/data/excluded_urls.sha256).

The rule (DESIGN.md): host lowercased without a leading `www.`, then the
percent-decoded path without a trailing `/`; no scheme, query or fragment.
"""
from __future__ import annotations

import hashlib
from urllib.parse import unquote, urlsplit


def canonical_url(url: str) -> str:
    """`https://www.Example.com/a%20b/?q=1#x` → `example.com/a b`."""
    parts = urlsplit(url.strip() if "//" in url else "//" + url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    return host + unquote(parts.path).rstrip("/")


def url_hash(url: str) -> str:
    """SHA-256 (hex) of the canonical URL's UTF-8 bytes."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()
