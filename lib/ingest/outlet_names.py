"""Names and slugs for outlets the registry does not know: a slug from a URL's
domain ("example-news.com" → `example-news`), a readable name from it ("Example
News"), a stable slug for a non-Latin name, and the site name a page declares for
itself (og:site_name, trafilatura's sitename) made usable: its tagline cut off
("عنب بلدي | أخبار سوريا" → "عنب بلدي"), placeholders such as "Home" refused.
Words come from data/reference/outlet_cues.json."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from lib.reference import load_json
from lib.text.textnorm import normalize

_CUES = load_json("outlet_cues.json")
_NON_WORD = re.compile(r"[\W_]+")
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "edu", "ac", "news", "info", "tv"}
_DOMAIN_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?$", re.I)
# a tagline after the name: "Name | tagline", "Name - tagline", "Name: tagline", "Name – ..."
_TAGLINE = re.compile(r"\s+[|\-–—:·•»«]\s+|\s*[|·•]\s*")
_MAX_NAME_CHARS = 60
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")


def compact(text: str) -> str:
    """Name-lookup key: "Al-Jazeera", "Al Jazeera" and "aljazeera" are one key."""
    return _NON_WORD.sub("", normalize(text).casefold())


def slugify(text: str) -> str:
    """ASCII slug (`example-news`, accents folded), or "" when nothing ASCII is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")


def hash_slug(text: str) -> str:
    """Stable slug for a non-Latin name we cannot transliterate reliably."""
    return "outlet-" + hashlib.sha1(compact(text).encode("utf-8")).hexdigest()[:8]


def split_url(url: str) -> tuple[str, str]:
    """(host without www./port, path) of a URL or bare domain."""
    u = url.strip()
    if "://" not in u:
        u = "//" + u
    try:
        parts = urlsplit(u)
        host = (parts.hostname or "").casefold()
    except ValueError:
        return "", ""
    host = host.rstrip(".")
    if host.startswith("www.") or re.match(r"^www\d\.", host):
        host = host.split(".", 1)[1]
    return host, parts.path or ""


def _site_label(host: str) -> str:
    """The label that names the site: `example-news` of example-news.com, `example`
    of news.example.co.uk."""
    labels = [x for x in host.split(".") if x]
    if not labels:
        return ""
    if _IPV4.match(host):
        return host  # a page served from an address: the address is all there is
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def slug_from_host(host: str) -> str:
    """`example-news` from example-news.com, `example` from news.example.co.uk."""
    return slugify(_site_label(host))


def readable_from_host(host: str) -> str:
    """A name a reader recognises, from a domain: the site's own domain, as analysts
    write an outlet known only by it ("aajsy.com"; "khabarlb.com" from
    mail.khabarlb.com; "example.co.uk" from news.example.co.uk; an address as it is);
    "" when there is none."""
    labels = [x for x in host.casefold().split(".") if x]
    if not labels:
        return ""
    if _IPV4.match(host):
        return host
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        site = labels[-3:]
    else:
        site = labels[-2:]
    try:  # an internationalised domain, written as its readers read it
        return ".".join(lab.encode("ascii").decode("idna") if lab.startswith("xn--") else lab for lab in site)
    except (UnicodeError, ValueError):
        return ".".join(site)


def is_domain_like(text: str) -> bool:
    return bool(_DOMAIN_LIKE.match(text.strip()))


def clean_site_name(name: str | None) -> str | None:
    """The name a page gives itself, without its tagline, or None when it is a
    placeholder ("Home", "الرئيسية"), empty, or too long to be a name."""
    if not name:
        return None
    text = " ".join(str(name).split())
    parts = [p.strip(" \"'«»") for p in _TAGLINE.split(text) if p.strip(" \"'«»")]
    if not parts:
        return None
    placeholders = {compact(w) for w in _CUES["site_name_placeholders"]}
    parts = [p for p in parts if compact(p) and compact(p) not in placeholders]
    if not parts:
        return None
    best = parts[0]
    return best if len(best) <= _MAX_NAME_CHARS else None
