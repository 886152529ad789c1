"""Fetching a URL (lib/ingest/fetch.py) against a small HTTP server on 127.0.0.1 that the test starts,
serving saved pages from tests/data/pages/ and the hostile answers a URL can give: redirects to
private and metadata addresses, an oversized page, too many redirects, a PDF. No other network:
host names are resolved by a stand-in for socket.getaddrinfo where a test needs a name."""
from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from lib import settings
from lib.ingest import fetch
from lib.ingest.fetch import FetchedPage, address_refusal, fetch_page, page_outlet, read_page, url_refusal
from lib.ingest.raw import ReadError
from lib.store.access import ReadOnlyError

PAGES_DIR = Path(__file__).parent / "data" / "pages"


class _Handler(BaseHTTPRequestHandler):
    """Saved pages by name, and the hostile routes (see the module docstring)."""

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.hosts.append(self.headers.get("Host"))
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        path = parts.path
        if path == "/redirect":
            self._send(int(query.get("status", 302)), headers={"Location": query["to"]})
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, headers={"Location": f"/hop/{n - 1}" if n > 0 else "/troops_enab.html"})
        elif path == "/big":
            self._send(200, b"<html><body><p>" + "خبر ".encode() * (int(query["bytes"]) // 8) + b"</p></body></html>",
                       length=query.get("length", "1") == "1")
        elif path == "/doc.pdf":
            self._send(200, b"%PDF-1.4 ...", ctype="application/pdf")
        elif path == "/plain.txt":
            self._send(200, "دمشق - 3 آب 2025\nقالت مصادر إن عدد الجنود الأمريكيين في سوريا يبلغ 900 جندي.".encode(),
                       ctype="text/plain; charset=utf-8")
        elif (PAGES_DIR / path.lstrip("/")).is_file() and "/" not in path.lstrip("/"):
            self._send(200, (PAGES_DIR / path.lstrip("/")).read_bytes())
        else:
            self._send(404, b"not found")


@contextmanager
def page_server():
    """An HTTP server on 127.0.0.1 (a free port) in a thread; yields its base URL. `server.hosts`: the
    Host header of every request it got."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.hosts = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def served(monkeypatch):
    """The page server, with loopback allowed as the tests' own server needs."""
    monkeypatch.setattr(settings, "FETCH_ALLOW_LOOPBACK", True)
    with page_server() as (server, base):
        yield server, base


def fake_dns(monkeypatch, names: dict[str, list[str]]) -> list[str]:
    """socket.getaddrinfo answering `names` (name -> addresses) and the real one for the rest
    (IP literals); returns the list of names looked up, in order."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        host = host.decode() if isinstance(host, bytes) else host
        if host in names:
            asked.append(host)
            answer = names[host]
            ip = answer.pop(0) if len(answer) > 1 else answer[0]  # a list of several: one per lookup (rebinding)
            family = socket.AF_INET6 if ":" in ip else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (ip, port or 80))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


# ---------------------------------------------------------------------- what a page gives

def test_a_saved_page_is_fetched_with_its_text_title_date_and_outlet(served) -> None:
    server, base = served
    page = fetch_page(f"{base}/troops_enab.html")
    assert isinstance(page, FetchedPage), page
    assert page.is_html and page.final_url == f"{base}/troops_enab.html" and page.redirects == 0
    article = read_page(page)
    assert article.title == "واشنطن تقلص قواتها في سوريا إلى نحو 1500 جندي"
    assert article.published.startswith("2025-06-10")
    assert article.site_name == "عنب بلدي"
    assert "1500 جندي" in article.text and "اقرأ أيضًا" not in article.text  # the main text, not the aside
    assert page_outlet(article).source_id == "enabbaladi"  # the registry knows the site's name
    assert page.record() == {"html": page.body, "url": page.final_url}


def test_the_outlet_comes_from_the_domain_else_the_site_name(served, monkeypatch) -> None:
    server, base = served
    port = server.server_address[1]
    fake_dns(monkeypatch, {"www.enabbaladi.net": ["127.0.0.1"], "almashriq-news.example": ["127.0.0.1"]})
    # a registry domain: that outlet, whatever the page calls itself
    on_registry = read_page(fetch_page(f"http://www.enabbaladi.net:{port}/attacks_mashriq.html"))
    assert page_outlet(on_registry).source_id == "enabbaladi"
    # a domain the registry does not know: its slug, named by the page's site name
    unknown = page_outlet(read_page(fetch_page(f"http://almashriq-news.example:{port}/attacks_mashriq.html")))
    assert (unknown.source_id, unknown.name_ar) == ("almashriq-news", "شبكة المشرق الإخبارية")


def test_a_plain_text_page_is_its_own_text(served) -> None:
    _, base = served
    page = fetch_page(f"{base}/plain.txt")
    assert isinstance(page, FetchedPage) and not page.is_html
    assert read_page(page).text.startswith("دمشق - 3 آب 2025") and page.record()["text"] == page.body


def test_redirects_on_the_same_server_are_followed_one_at_a_time(served) -> None:
    server, base = served
    page = fetch_page(f"{base}/hop/2")
    assert isinstance(page, FetchedPage)
    assert page.redirects == 3 and page.final_url == f"{base}/troops_enab.html"
    assert len(server.hosts) == 4


# ---------------------------------------------------------------------- refusals

def test_a_redirect_to_a_metadata_address_is_refused_before_any_connection(served) -> None:
    server, base = served
    url = f"{base}/redirect?to=http://169.254.169.254/latest/meta-data/"
    got = fetch_page(url)
    assert isinstance(got, ReadError)
    assert got.path == url
    assert "169.254.169.254 is a cloud metadata address" in got.reason and "redirected to" in got.reason


@pytest.mark.parametrize("target, why", [
    ("http://10.0.0.7/admin", "10.0.0.7 is a private address"),
    ("http://[::ffff:192.168.1.1]/", "wraps 192.168.1.1 is a private address"),
    ("http://[fd00:ec2::254]/latest/", "cloud metadata address"),
    ("http://0.0.0.0:8501/", "unspecified address"),
    ("file:///etc/passwd", "only http and https URLs are fetched (this one's scheme: file)"),
])
def test_a_redirect_to_a_private_address_or_another_scheme_is_refused(served, target, why) -> None:
    _, base = served
    got = fetch_page(f"{base}/redirect?status=307&to={target}")
    assert isinstance(got, ReadError) and why in got.reason, got


def test_too_many_redirects_are_refused(served, monkeypatch) -> None:
    _, base = served
    monkeypatch.setattr(settings, "FETCH_MAX_REDIRECTS", 2)
    got = fetch_page(f"{base}/hop/5")
    assert isinstance(got, ReadError) and "more than 2 redirects (settings.FETCH_MAX_REDIRECTS)" in got.reason


@pytest.mark.parametrize("length", ["1", "0"])  # announced by Content-Length, or only found while reading
def test_an_oversized_page_is_refused(served, monkeypatch, length) -> None:
    server, base = served
    monkeypatch.setattr(settings, "FETCH_MAX_BYTES", 100_000)
    got = fetch_page(f"{base}/big?bytes=400000&length={length}")
    assert isinstance(got, ReadError)
    assert "over the limit of 97.7 KB (settings.FETCH_MAX_BYTES)" in got.reason
    assert ("not read" if length == "1" else "stopped reading") in got.reason
    assert isinstance(fetch_page(f"{base}/big?bytes=50000&length={length}"), FetchedPage)  # under it: read


@pytest.mark.parametrize("url, why", [
    ("ftp://example.org/a.html", "scheme: ftp"),
    ("javascript:alert(1)", "scheme: javascript"),
    ("file:///etc/passwd", "scheme: file"),
    ("http://user:secret@example.org/", "user name or password"),
    ("http:///nohost", "no host"),
])
def test_a_url_of_another_scheme_or_form_is_refused_without_a_request(monkeypatch, url, why) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: pytest.fail("no lookup for a refused URL"))
    assert why in url_refusal(url)
    got = fetch_page(url)
    assert isinstance(got, ReadError) and got.path == url and why in got.reason


def test_a_host_resolving_to_a_private_address_is_refused(monkeypatch) -> None:
    asked = fake_dns(monkeypatch, {"intranet.example": ["10.1.2.3"]})
    got = fetch_page("http://intranet.example/news")
    assert isinstance(got, ReadError) and "intranet.example resolves to 10.1.2.3 is a private address" in got.reason
    assert asked == ["intranet.example"]


def test_a_host_with_any_private_address_is_refused(monkeypatch) -> None:
    real = socket.getaddrinfo

    def two_addresses(host, port, *args, **kwargs):
        if host == "mixed.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
                    (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.0.9", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", two_addresses)
    got = fetch_page("https://mixed.example/")
    assert isinstance(got, ReadError) and "192.168.0.9 is a private address" in got.reason


def test_loopback_is_refused_unless_the_setting_allows_it(monkeypatch) -> None:
    with page_server() as (server, base):
        monkeypatch.setattr(settings, "FETCH_ALLOW_LOOPBACK", False)
        got = fetch_page(f"{base}/troops_enab.html")
        assert isinstance(got, ReadError) and "127.0.0.1 is a loopback address" in got.reason
        assert server.hosts == []  # refused before connecting
        fake_dns(monkeypatch, {"localhost.example": ["127.0.0.1"]})
        got = fetch_page(f"http://localhost.example:{server.server_address[1]}/troops_enab.html")
        assert isinstance(got, ReadError) and "resolves to 127.0.0.1 is a loopback address" in got.reason
        monkeypatch.setattr(settings, "FETCH_ALLOW_LOOPBACK", True)
        assert isinstance(fetch_page(f"{base}/troops_enab.html"), FetchedPage)


def test_the_connection_goes_to_the_checked_address_so_dns_rebinding_cannot_slip_through(served, monkeypatch) -> None:
    """The name is resolved once, checked, and the socket connects to that address: a second
    answer (a private one, as a rebinding DNS server would give next) is never asked for."""
    server, base = served
    port = server.server_address[1]
    asked = fake_dns(monkeypatch, {"rebind.example": ["127.0.0.1", "10.0.0.1"]})
    page = fetch_page(f"http://rebind.example:{port}/troops_enab.html")
    assert isinstance(page, FetchedPage), page
    assert asked == ["rebind.example"]  # one lookup: the one that was checked
    assert server.hosts == [f"rebind.example:{port}"]  # the site's name still reaches the server


def test_other_refusals_name_the_reason(served) -> None:
    _, base = served
    pdf = fetch_page(f"{base}/doc.pdf")
    assert isinstance(pdf, ReadError) and "not a web page (content type application/pdf)" in pdf.reason
    missing = fetch_page(f"{base}/missing")
    assert isinstance(missing, ReadError) and "HTTP 404" in missing.reason


def test_an_unreachable_server_is_a_message(monkeypatch) -> None:
    monkeypatch.setattr(settings, "FETCH_ALLOW_LOOPBACK", True)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    got = fetch_page(f"http://127.0.0.1:{port}/")
    assert isinstance(got, ReadError) and got.reason.startswith("could not connect to 127.0.0.1")


def test_fetching_is_refused_in_read_only_mode(monkeypatch) -> None:
    monkeypatch.setattr(settings, "READ_ONLY", True)
    with pytest.raises(ReadOnlyError):
        fetch_page("https://example.org/")


@pytest.mark.parametrize("ip, allowed", [
    ("93.184.215.14", True), ("2606:4700::1111", True), ("8.8.8.8", True),
    ("10.0.0.1", False), ("172.16.5.4", False), ("192.168.1.1", False), ("127.0.0.1", False), ("::1", False),
    ("169.254.169.254", False), ("169.254.1.1", False), ("fe80::1", False), ("fd00:ec2::254", False),
    ("100.100.100.200", False), ("100.64.0.1", False), ("0.0.0.0", False), ("::", False), ("224.0.0.251", False),
    ("ff02::1", False), ("240.0.0.1", False), ("::ffff:127.0.0.1", False), ("64:ff9b::a9fe:a9fe", False),
    ("2002:c0a8:101::1", False),
])
def test_address_refusal(ip, allowed) -> None:
    assert (address_refusal(ip) is None) == allowed, address_refusal(ip)


def test_the_metadata_addresses_are_refused_even_with_loopback_allowed(monkeypatch) -> None:
    monkeypatch.setattr(settings, "FETCH_ALLOW_LOOPBACK", True)
    assert address_refusal("127.0.0.1") is None
    assert "metadata" in address_refusal("169.254.169.254") and "private" in address_refusal("10.0.0.1")
    assert fetch.address_refusal("::ffff:169.254.169.254")  # wrapped in IPv6: still refused


def test_an_https_request_is_pinned_to_the_checked_address_with_the_sites_name_for_tls() -> None:
    """For https the socket goes to the checked address, while TLS's SNI and certificate check (and
    the Host header) use the site's name: a certificate for the name is still required."""
    import httpx

    url, headers, extensions = fetch._pinned(httpx.URL("https://www.enabbaladi.net:8443/a?b=1"), "2606:4700::1111")
    assert str(url) == "https://[2606:4700::1111]:8443/a?b=1"
    assert headers == {"Host": "www.enabbaladi.net:8443"} and extensions == {"sni_hostname": "www.enabbaladi.net"}
    url, headers, extensions = fetch._pinned(httpx.URL("http://news.example/x"), "93.184.215.14")
    assert str(url) == "http://93.184.215.14/x" and headers == {"Host": "news.example"} and extensions == {}
