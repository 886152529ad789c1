"""The dashboard in a real browser: Debian's chromium, driven by playwright, against `streamlit run`.

Offline by construction: the server listens on 127.0.0.1 only, and chromium is
started with background networking off (`playwright install` is never used; it
downloads a browser). The server starts on empty tables and builds them from
the bundled articles, as on a first start. Screenshots of every page, in
English and Arabic, go to artifacts/screenshots/.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import PAGES, ROOT, SEEDS_DIR

MORE_ARTICLES = ROOT / "data" / "articles" / "2019-2022"  # added while a server runs

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, articles: Path, log_path: Path):
    """`streamlit run dashboard.py` on a free port of 127.0.0.1, reading `store`; (process, base URL, log)."""
    port = _free_port()
    env = dict(os.environ, SYRIA_DASH_STORE=str(store), SYRIA_DASH_ARTICLES=str(articles))
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
            return proc, base, log
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                stop_server(proc, log)
                raise RuntimeError("streamlit did not start: " + log_path.read_text())
            time.sleep(0.3)


def stop_server(proc, log) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser_store")
    proc, base, log = start_server(folder / "store", SEEDS_DIR, folder / "streamlit.log")
    try:
        yield base
    finally:
        stop_server(proc, log)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="en-US")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    context.close()


def url_of(base: str, name: str, query: str = "") -> str:
    path = "" if name == "overview" else name  # the default page lives at the root
    return f"{base}/{path}" + (f"?{query}" if query else "")


def wait_ready(pg, timeout: float = 90_000) -> None:
    """Wait until the app has finished running (no 'Running…' status) and rendered a title."""
    pg.wait_for_selector("h1", timeout=timeout)
    pg.wait_for_function("""() => !document.querySelector('[data-testid="stStatusWidget"]')""", timeout=timeout)
    pg.wait_for_timeout(500)


def drawn_charts(pg) -> list[dict]:
    """Per plotly chart on the page: trace count, drawn points, and the outlets in its customdata."""
    return pg.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
        const sources = new Set();
        let points = 0;
        for (const tr of gd._fullData || []) {
            const cd = tr.customdata || [];
            for (const c of cd) { if (c && c[2]) sources.add(c[2]); }
            points += (tr._length || (tr.z ? tr.z.length : 0));
        }
        const svgPoints = gd.querySelectorAll('.point, .heatmaplayer image, .trace path.js-line').length;
        const map = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
        return {points, svgPoints, sources: [...sources], isMap: !!map,
                mapLoaded: map ? map.map.loaded() : null};
    })""")


def wait_charts(pg, n_min: int = 1, timeout: float = 60_000) -> list[dict]:
    pg.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {n_min}",
                         timeout=timeout)
    pg.wait_for_timeout(1500)  # let plotly finish drawing (maps load asynchronously)
    return drawn_charts(pg)


def shoot(pg, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


@pytest.mark.parametrize("name", PAGES)
def test_every_page_loads_with_a_chart_drawn(server, page, name):
    page.goto(url_of(server, name))
    wait_ready(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    if name == "articles":
        page.wait_for_selector(".article-reader mark", timeout=30_000)
        assert page.locator(".article-reader mark").count() >= 1
    else:
        charts = wait_charts(page)
        assert charts and all(c["points"] > 0 for c in charts), charts
        for c in charts:
            if c["isMap"]:
                assert c["mapLoaded"], "the map did not finish drawing offline"
            else:
                assert c["svgPoints"] > 0, "no marks drawn in the chart's SVG"
    assert not [e for e in page.errors if "Map error" not in e], page.errors
    shoot(page, f"{name}_en")


def _pick_outlet(pg, typed: str) -> None:
    box = pg.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    pg.keyboard.type(typed)
    pg.wait_for_timeout(300)
    pg.keyboard.press("Enter")
    pg.keyboard.press("Escape")
    pg.wait_for_timeout(800)
    wait_ready(pg)


def test_outlet_filter_changes_the_charts_and_follows_to_other_pages(server, page):
    page.goto(url_of(server, "attacks"))
    wait_ready(page)
    before = wait_charts(page, 3)
    assert len(set().union(*(set(c["sources"]) for c in before))) > 1
    _pick_outlet(page, "Enab Baladi")
    page.wait_for_function("() => location.search.includes('outlet=')", timeout=30_000)
    after = wait_charts(page, 1)
    assert after and set().union(*(set(c["sources"]) for c in after)) == {"enabbaladi"}
    shoot(page, "attacks_enabbaladi")
    # The filter is a link: opening another page keeps it.
    page.get_by_role("link", name="Outlets").click()
    page.wait_for_url(re.compile(r".*/outlets.*outlet=.*"), timeout=30_000)
    wait_ready(page)
    charts = wait_charts(page, 1)
    assert set().union(*(set(c["sources"]) for c in charts)) == {"enabbaladi"}


def test_png_and_csv_downloads_arrive(server, page, tmp_path):
    page.goto(url_of(server, "troops"))
    wait_ready(page)
    wait_charts(page)
    checks = (("PNG", lambda b: b[:8] == b"\x89PNG\r\n\x1a\n"), ("CSV", lambda b: b.startswith(b"\xef\xbb\xbf")))
    for label, check in checks:
        with page.expect_download(timeout=90_000) as info:
            page.get_by_role("button", name=label).first.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        data = target.read_bytes()
        assert len(data) > 100 and check(data), (label, data[:60])
    csv = (tmp_path / "troop_figures.csv").read_text(encoding="utf-8-sig")
    header = csv.splitlines()[0].split(",")
    assert {"claim_id", "article_id", "outlet", "published", "evidence", "y_lo", "y_hi"} <= set(header)
    assert "جندي" in csv  # the Arabic evidence sentences, intact


def test_arabic_is_present_and_right_to_left(server, page):
    page.goto(url_of(server, "overview"))
    wait_ready(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("العربية", exact=True).click()
    page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').innerText.includes('نظرة عامة')",
                           timeout=30_000)
    wait_ready(page)
    direction = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).direction")
    assert direction == "rtl"
    assert page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stSidebar\"]')).direction") == "rtl"
    assert re.search("[\u0600-\u06ff]", page.locator("h1").inner_text())
    wait_charts(page)
    shoot(page, "overview_ar")
    for name in PAGES[1:]:
        page.goto(url_of(server, name, "lang=العربية"))
        wait_ready(page)
        assert page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).direction") == "rtl"
        if name == "articles":
            page.wait_for_selector(".article-reader", timeout=30_000)
            assert page.evaluate("() => getComputedStyle(document.querySelector('.article-reader')).direction") == "rtl"
        else:
            wait_charts(page)
        shoot(page, f"{name}_ar")


def _metrics(pg) -> dict[str, str]:
    """The Overview page's metrics, label -> value (waiting for them: on a loaded machine
    the title can render a moment before the metrics do)."""
    pg.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
        .some(m => m.innerText.trim() === 'Articles')""", timeout=90_000)
    return pg.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-testid="stMetric"]')].map(m => [
        m.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
        m.querySelector('[data-testid="stMetricValue"]').innerText.trim()]))""")


def test_articles_added_to_the_store_by_the_cli_show_on_a_reload(page, tmp_path):
    """A server runs on a store; `python -m lib.ingest` adds articles to it; a reload shows them."""
    store = tmp_path / "store"
    ingest = [sys.executable, "-m", "lib.ingest"]
    subprocess.run(ingest + [str(SEEDS_DIR), "--store", str(store)], cwd=ROOT, check=True, capture_output=True)
    # The articles folder is the seeds, all stored already: the app ingests nothing itself.
    proc, base, log = start_server(store, SEEDS_DIR, tmp_path / "streamlit.log")
    try:
        page.goto(url_of(base, "overview"))
        wait_ready(page)
        before = _metrics(page)
        assert before["Articles"] == "5", before
        added = subprocess.run(ingest + [str(MORE_ARTICLES), "--store", str(store)], cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout
        n_added, n_claims = map(int, re.search(r"added: (\d+) article\(s\), (\d+) claim", added).groups())
        assert n_added > 100, added
        page.reload()
        wait_ready(page)
        after = _metrics(page)
        assert int(after["Articles"].replace(",", "")) == 5 + n_added, after
        assert int(after["Claims"].replace(",", "")) == int(before["Claims"].replace(",", "")) + n_claims, after
        assert int(after["Outlets"]) > int(before["Outlets"]), after
        assert page.locator('[data-testid="stException"]').count() == 0
        shoot(page, "overview_after_ingest")
    finally:
        stop_server(proc, log)
