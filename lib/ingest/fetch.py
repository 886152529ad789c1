"""Fetching an article from a URL an analyst pasted, without letting the URL reach the server's network.

`fetch_page(url)` GETs the page with httpx and returns a `FetchedPage` or a `ReadError` naming the
URL and the reason. What keeps a hostile URL in check (limits in lib/settings, "add"):

- only `http` and `https`, no user name or password in the URL;
- every hop's host is resolved here (socket.getaddrinfo) and refused when any of its addresses is
  not a public one (private, loopback, link-local, multicast, reserved, unspecified, shared,
  a cloud metadata address, or an IPv6 form wrapping one of those): checked before the first
  request and again on every redirect, which are followed one at a time by this code
  (`follow_redirects=False`, at most `FETCH_MAX_REDIRECTS`);
- the connection goes to the address that was checked (the URL's host is replaced by it, the
  `Host` header and TLS's SNI and certificate check keep the name), so a DNS answer that changes
  between the check and the connection (DNS rebinding) cannot slip through; the peer the
  socket reached is verified again after connecting;
- a timeout per read (`FETCH_TIMEOUT_SECONDS`) and in all (`FETCH_MAX_SECONDS`); the body is
  read in chunks and dropped past `FETCH_MAX_BYTES` (after decompression); proxies from the
  environment are not used (they would connect elsewhere than the checked address).

`read_page(page)` takes the article out of a fetched page: its main text, title, date and site
name from trafilatura (`lib.ingest.html.html_to_article`, the same reading as a saved `.html`
file), and `page_outlet` the outlet: the registry's by domain, else the page's site name.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from lib import settings
from lib.ingest.decoding import decode_bytes, declared_charset
from lib.ingest.html import html_to_article
from lib.ingest.limits import size_text
from lib.ingest.outlets import Outlet, detect_outlet
from lib.ingest.raw import RawArticle, ReadError
from lib.store.access import require_writable

__all__ = ["FetchedPage", "fetch_page", "read_page", "page_outlet", "address_refusal", "url_refusal"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # an IPv4 address behind a NAT64 gateway
_CHUNK = 64 * 1024
_MAX_URL_CHARS = 4096


@dataclass(frozen=True)
class FetchedPage:
    """A page as fetched: `url` as asked, `final_url` after redirects, the decoded body."""

    url: str
    final_url: str
    body: str
    is_html: bool
    size: int  # bytes read (after decompression)
    redirects: int = 0

    def record(self) -> dict[str, str]:
        """The page as an ingest record (lib.ingest.records): the HTML itself, so the ingest reads
        it as it reads a saved page, with the URL it came from."""
        return {"html" if self.is_html else "text": self.body, "url": self.final_url}


class _Refused(Exception):
    """Why a URL is not fetched (the message a person reads, without the URL)."""


def address_refusal(ip: str) -> str | None:
    """Why the fetcher must not connect to `ip`, or None when it is a public address."""
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return f"{ip} is not an IP address"
    blocked = set()
    for text in settings.FETCH_BLOCKED_ADDRESSES:
        blocked.add(ipaddress.ip_address(text))
    if addr in blocked:
        return f"{addr} is a cloud metadata address"
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.scope_id:
            addr = ipaddress.IPv6Address(str(addr).split("%")[0])
        # an IPv4 address carried in an IPv6 one is judged as that IPv4 address
        inner = addr.ipv4_mapped or addr.sixtofour or (addr.teredo[1] if addr.teredo else None)
        if inner is None and addr in _NAT64:
            inner = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
        if inner is not None:
            why = address_refusal(str(inner))
            return f"{addr} wraps {why}" if why else None
    if addr.is_loopback:
        return None if settings.FETCH_ALLOW_LOOPBACK else f"{addr} is a loopback address (this server itself)"
    for test, what in (("is_unspecified", "an unspecified address"), ("is_link_local", "a link-local address"),
                       ("is_multicast", "a multicast address"), ("is_private", "a private address"),
                       ("is_reserved", "a reserved address")):
        if getattr(addr, test):
            return f"{addr} is {what}"
    if not addr.is_global:
        return f"{addr} is not a public address"
    return None


def url_refusal(url: str) -> str | None:
    """Why `url` is not fetched before any network use (scheme, form), or None."""
    try:
        _parse(url)
    except _Refused as why:
        return str(why)
    return None


def _parse(url: str) -> httpx.URL:
    if len(url) > _MAX_URL_CHARS:
        raise _Refused(f"the URL is {len(url):,} characters long (more than {_MAX_URL_CHARS:,})")
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError) as err:
        raise _Refused(f"not a valid URL ({err})") from None
    if parsed.scheme not in ("http", "https"):
        scheme = parsed.scheme or "none"
        raise _Refused(f"only http and https URLs are fetched (this one's scheme: {scheme})")
    if not parsed.raw_host:
        raise _Refused("the URL names no host")
    if parsed.userinfo:
        raise _Refused("the URL carries a user name or password: not sent anywhere")
    return parsed


def _resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, each one allowed; raise _Refused otherwise."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as err:
        raise _Refused(f"could not resolve {host} ({err})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise _Refused(f"{host} resolves to no address")
    for ip in addresses:
        why = address_refusal(ip)
        if why:
            named = "" if host == ip else f"{host} resolves to "
            raise _Refused(f"{named}{why}: refused")
    return addresses


def _pinned(url: httpx.URL, ip: str) -> tuple[httpx.URL, dict[str, str], dict[str, object]]:
    """`url` with its host replaced by the checked address; the Host header and TLS name kept."""
    host = url.raw_host.decode("ascii")
    headers = {"Host": url.netloc.decode("ascii").rpartition("@")[2]}
    extensions: dict[str, object] = {"sni_hostname": host} if url.scheme == "https" else {}
    return url.copy_with(host=ip), headers, extensions


def _peer_check(response: httpx.Response, ip: str) -> None:
    """The socket reached the checked address (defence in depth: the URL held an IP literal)."""
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer is None:
        return
    peer_ip = str(peer[0]).split("%")[0]
    why = address_refusal(peer_ip)
    if why or ipaddress.ip_address(peer_ip) != ipaddress.ip_address(ip.split("%")[0]):
        raise _Refused(f"connected to {peer_ip}, not the checked {ip}" + (f" ({why})" if why else ""))


def _content_kind(response: httpx.Response, first: bytes) -> bool:
    """True for HTML, False for plain text; raise _Refused for anything else (PDF, images ...)."""
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype in _HTML_TYPES:
        return True
    if ctype in _TEXT_TYPES:
        return False
    if not ctype or ctype in ("application/octet-stream", "text/xml", "application/xml"):
        return first.lstrip()[:1] == b"<"
    raise _Refused(f"not a web page (content type {ctype}); save it and upload the text instead")


def _read_body(response: httpx.Response, deadline: float) -> bytes:
    limit = settings.FETCH_MAX_BYTES
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _Refused(f"the page is {size_text(int(declared))}, over the limit of {size_text(limit)} "
                       f"(settings.FETCH_MAX_BYTES): not read")
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise _Refused(f"the page is over the limit of {size_text(limit)} (settings.FETCH_MAX_BYTES): "
                           f"stopped reading")
        if time.monotonic() > deadline:
            raise _Refused(f"took more than {settings.FETCH_MAX_SECONDS:g} s (settings.FETCH_MAX_SECONDS)")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(response: httpx.Response, data: bytes, is_html: bool) -> str:
    hint = response.charset_encoding or (declared_charset(data) if is_html else None)
    try:
        return decode_bytes(data, hint=hint)
    except (ValueError, LookupError) as err:
        raise _Refused(f"the page is not readable text ({err})") from None


def _get(client: httpx.Client, url: httpx.URL, deadline: float) -> tuple[httpx.Response | None, bytes, str | None]:
    """One hop: (the response, its body when it is the page, the next URL when it redirects)."""
    host = url.raw_host.decode("ascii")
    addresses = _resolve(host, url.port or (443 if url.scheme == "https" else 80))
    last_error: Exception | None = None
    for ip in addresses:  # each was checked; the first that answers is used
        target, headers, extensions = _pinned(url, ip)
        try:
            with client.stream("GET", target, headers=headers, extensions=extensions) as response:
                _peer_check(response, ip)
                if response.status_code in _REDIRECTS and response.headers.get("location"):
                    return response, b"", urljoin(str(url), response.headers["location"])
                if response.status_code != 200:
                    raise _Refused(f"the server answered HTTP {response.status_code} {response.reason_phrase}")
                return response, _read_body(response, deadline), None
        except httpx.ConnectError as err:
            last_error = err
    raise _Refused(f"could not connect to {host} ({last_error})")


def fetch_page(url: str) -> FetchedPage | ReadError:
    """GET `url` within the limits above: the page, or a ReadError naming the URL and the reason.
    Refused in read-only mode (a way in for articles, and a request the server would make)."""
    require_writable("fetch a URL to add its article")
    asked = url.strip()
    deadline = time.monotonic() + settings.FETCH_MAX_SECONDS
    timeout = httpx.Timeout(settings.FETCH_TIMEOUT_SECONDS)
    headers = {"User-Agent": settings.FETCH_USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8",
               "Accept-Encoding": "identity"}
    current = asked
    try:
        with httpx.Client(follow_redirects=False, trust_env=False, timeout=timeout, headers=headers) as client:
            for hop in range(settings.FETCH_MAX_REDIRECTS + 1):
                parsed = _parse(current)
                response, body, next_url = _get(client, parsed, deadline)
                if next_url is None:
                    assert response is not None
                    is_html = _content_kind(response, body[:512])
                    return FetchedPage(asked, current, _decode(response, body, is_html), is_html, len(body), hop)
                if time.monotonic() > deadline:
                    raise _Refused(f"took more than {settings.FETCH_MAX_SECONDS:g} s (settings.FETCH_MAX_SECONDS)")
                current = next_url
            raise _Refused(f"more than {settings.FETCH_MAX_REDIRECTS} redirects (settings.FETCH_MAX_REDIRECTS); "
                           f"the last one to {current}")
    except _Refused as why:
        where = f" (redirected to {current})" if current != asked else ""
        return ReadError(asked, f"{why}{where}")
    except httpx.TimeoutException:
        return ReadError(asked, f"no answer within {settings.FETCH_TIMEOUT_SECONDS:g} s (settings.FETCH_TIMEOUT_SECONDS)")
    except httpx.HTTPError as err:
        return ReadError(asked, f"could not fetch: {type(err).__name__}: {err}")


def read_page(page: FetchedPage) -> RawArticle | ReadError:
    """The article in a fetched page: main text, title, date and site name (trafilatura, offline:
    it is given the HTML, never the URL); a plain-text page is its own text."""
    if page.is_html:
        return html_to_article(page.body, page.final_url, {"url": page.final_url})
    text = page.body.strip()
    return RawArticle(text=text, path=page.final_url, url=page.final_url) if text else ReadError(page.url, "empty page")


def page_outlet(article: RawArticle) -> Outlet:
    """The outlet of a fetched article: the registry's by the URL's domain, else the page's site name."""
    return detect_outlet(article.text, article.url, None, article.site_name)
