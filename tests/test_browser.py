"""The dashboard in a real browser: Debian's chromium, driven by playwright, against `streamlit run`.

Offline by construction: the server listens on 127.0.0.1 only, and chromium is
started with background networking off (`playwright install` is never used; it
downloads a browser). The server starts on empty tables and builds them from
the bundled articles, as on a first start. Screenshots of every page, in
English and Arabic, go to artifacts/screenshots/<page>-<lang>.png.
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

from lib.store.delta import open_store

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


SERVER_LOGS: dict[str, Path] = {}  # base URL -> that server's log


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser_store")
    proc, base, log = start_server(folder / "store", SEEDS_DIR, folder / "streamlit.log")
    SERVER_LOGS[base] = folder / "streamlit.log"
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
    path = "" if name == "overview" else name  # the default page lives at the root (/overview leads there)
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


ALL_PAGES = PAGES + ["corrections", "add"]  # every page in the menu (conftest's PAGES: those with charts or a reader)


def sidebar_side(pg) -> str:
    """Which side of the window the sidebar is on."""
    side = pg.locator('[data-testid="stSidebar"]').bounding_box()
    main = pg.locator('[data-testid="stMain"]').bounding_box()
    return "right" if side["x"] > main["x"] else "left"


def direction(pg, selector: str, want: str | None = None) -> str:
    """The computed direction of `selector`; with `want`, after waiting (up to 15 s) for it: a page
    that reruns right after it first draws (the reader opening its article) redraws its style too."""
    js = f"getComputedStyle(document.querySelector('{selector}')).direction"
    if want is not None:
        try:
            pg.wait_for_function(f"() => {js} === '{want}'", timeout=15_000)
        except Exception:  # report what it is instead
            pass
    return pg.evaluate(f"() => {js}")


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", ALL_PAGES)
def test_every_page_in_both_languages(server, page, name, lang):
    """Each page opened by its address (?lang=ar in Arabic): drawn, in its language's direction,
    with the menu of dashboard.py (not Streamlit's list of files); saved as <page>-<lang>.png."""
    page.goto(url_of(server, name, "lang=ar" if lang == "ar" else ""))
    wait_ready(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    menu = [a.inner_text() for a in page.locator('[data-testid="stSidebarNav"] a').all()]
    assert len(menu) == len(ALL_PAGES) and ("نظرة عامة" if lang == "ar" else "Overview") in menu[0], menu
    if name == "articles":
        page.wait_for_selector(".article-reader mark", timeout=30_000)
        assert page.locator(".article-reader mark").count() >= 1
    elif name in PAGES:
        wait_charts(page)
        page.wait_for_function("""() => [...document.querySelectorAll('.js-plotly-plot')].every(gd => {
            const m = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
            return !m || m.map.loaded(); })""", timeout=60_000)  # maps draw asynchronously
        charts = drawn_charts(page)
        assert charts and all(c["points"] > 0 for c in charts), charts
        for c in charts:
            if c["isMap"]:
                assert c["mapLoaded"], "the map did not finish drawing offline"
            else:
                assert c["svgPoints"] > 0, "no marks drawn in the chart's SVG"
    if lang == "ar":
        assert re.search("[\u0600-\u06ff]", page.locator("h1").first.inner_text())
        assert direction(page, '[data-testid="stMain"]', "rtl") == "rtl"
        assert direction(page, '[data-testid="stSidebar"]', "rtl") == "rtl"
        assert sidebar_side(page) == "right"
    else:
        assert sidebar_side(page) == "left"
    assert page.get_by_text("None", exact=True).count() == 0  # no raw missing value on screen
    assert not [e for e in page.errors if "Map error" not in e], page.errors
    shoot(page, f"{name}-{lang}")


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
    page.wait_for_function("() => location.search.includes('outlet=enabbaladi')", timeout=30_000)
    after = wait_charts(page, 1)
    assert after and set().union(*(set(c["sources"]) for c in after)) == {"enabbaladi"}
    # The filter is a link: opening another page keeps it.
    page.get_by_role("link", name="Outlets").click()
    page.wait_for_url(re.compile(r".*/outlets.*outlet=enabbaladi.*"), timeout=30_000)
    wait_ready(page)
    charts = wait_charts(page, 1)
    assert set().union(*(set(c["sources"]) for c in charts)) == {"enabbaladi"}


def download_button(pg, label: str):
    """The app's download button `label` (not plotly's own "Download plot as a PNG" in the chart's bar)."""
    return pg.locator('[data-testid="stDownloadButton"] button').filter(has_text=label).first


def test_downloads_arrive_and_leave_the_server_log_clean(server, page, tmp_path):
    page.goto(url_of(server, "troops"))
    wait_ready(page)
    wait_charts(page)
    png = ("PNG", lambda b: b[:8] == b"\x89PNG\r\n\x1a\n")
    for label, check in (png, png, ("SVG", lambda b: b"<svg" in b[:300]), ("CSV", lambda b: b[:3] == b"\xef\xbb\xbf")):
        with page.expect_download(timeout=90_000) as info:
            download_button(page, label).click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        data = target.read_bytes()
        assert len(data) > 100 and check(data), (label, data[:60])
    csv = (tmp_path / "troop_figures.csv").read_text(encoding="utf-8-sig")
    header = csv.splitlines()[0].split(",")
    assert {"claim_id", "article_id", "outlet", "published", "evidence"} <= set(header)
    assert not {"row", "y", "y_lo", "y_hi"} & set(header), header  # the chart's own columns stay out
    assert "جندي" in csv  # the Arabic evidence sentences, intact
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name=re.compile("Reset")).click()
    wait_ready(page)
    log = SERVER_LOGS[server].read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log and "JSONError" not in log, log[-3000:]
    assert "also had its value set via the Session State API" not in log, log[-3000:]


def test_no_developer_chrome(server, page):
    page.goto(url_of(server, "overview"))
    wait_ready(page)
    assert page.get_by_text("Deploy", exact=True).count() == 0


def test_a_shared_link_keeps_its_filters_when_another_page_is_opened(server, page):
    page.goto(url_of(server, "attacks", "outlet=enabbaladi&from=2025-05-01&to=2025-05-28&lang=ar"))
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "الهجمات"
    page.locator('[data-testid="stSidebarNav"] a[href$="/outlets"]').click()
    page.wait_for_url(re.compile(r".*/outlets\?.*"), timeout=30_000)
    page.wait_for_function("""() => ['outlet=enabbaladi', 'from=2025-05-01', 'to=2025-05-28', 'lang=ar']
        .every(p => location.search.includes(p))""", timeout=30_000)
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "وسائل الإعلام"
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "Enab Baladi" in sidebar.locator('[data-testid="stMultiSelect"]').first.inner_text()
    days = " ".join(i.input_value() for i in sidebar.locator('[data-testid="stDateInput"] input').all())
    assert "2025-05-01" in days and "2025-05-28" in days, days
    charts = wait_charts(page, 1)
    assert set().union(*(set(c["sources"]) for c in charts)) == {"enabbaladi"}
    assert direction(page, '[data-testid="stMain"]') == "rtl"


def test_overview_has_an_address_of_its_own(server, page):
    page.goto(f"{server}/overview?lang=ar")
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "نظرة عامة"
    assert page.get_by_text("Page not found").count() == 0
    assert "lang=ar" in page.url


def test_clicking_a_point_opens_the_reader_at_that_claim(server, page):
    page.goto(url_of(server, "troops", "outlet=eremnews"))
    wait_ready(page)
    wait_charts(page)
    page.locator(".js-plotly-plot .scatterlayer .point").first.click(force=True)
    page.wait_for_url(re.compile(r".*/articles\?.*claim=.*"), timeout=30_000)
    wait_ready(page)
    assert "outlet=eremnews" in page.url and "article=" in page.url  # the filters go along
    page.wait_for_selector(".article-reader", timeout=30_000)


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
        # The CLI's "added" counts the claims committed with the articles; the stories update then
        # re-reads undated articles against their story's date, so the store's count is the truth:
        # every claim it reads, less the implausible ones the pages leave out by default.
        claims = open_store(store).claims(["flags"])
        shown = int((claims["flags"].fillna("") == "").sum())
        assert int(after["Claims"].replace(",", "")) == shown, (after, shown)
        assert shown >= int(before["Claims"].replace(",", "")) + n_claims * 0.9, (after, n_claims)
        assert int(after["Outlets"]) > int(before["Outlets"]), after
        assert page.locator('[data-testid="stException"]').count() == 0
        shoot(page, "overview_after_ingest")
    finally:
        stop_server(proc, log)


def test_article_strings_show_as_text_in_the_sidebar(page, tmp_path):
    """Outlet names from articles are options of the sidebar's outlet filter: shown as the text they
    are, never as a link, emphasis or HTML."""
    import sys as _sys

    _sys.path.insert(0, str(Path(__file__).parent))
    from _dashboard_data import seedlike_tables, write_store

    articles, claims = seedlike_tables()
    hostile = {"almodon": ("[x](https://evil.example)", "**bold**"),
               "eremnews": ('<a href="https://evil.example">Reuters</a>', "=HYPERLINK(\"https://evil.example\")")}
    for sid, (ar, en) in hostile.items():
        articles.loc[articles["source_id"] == sid, ["source_name", "source_name_en"]] = [ar, en]
    store = write_store(articles, claims, tmp_path / "store")
    proc, base, log = start_server(store, tmp_path / "no-articles", tmp_path / "streamlit.log")
    try:
        page.goto(url_of(base, "troops"))
        wait_ready(page)
        page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
        page.wait_for_timeout(500)
        options = page.locator('[role="option"]').all_inner_texts()
        assert "[x](https://evil.example) · **bold**" in options, options
        assert '<a href="https://evil.example">Reuters</a> · =HYPERLINK("https://evil.example")' in options, options
        assert page.locator('[data-testid="stSidebar"] a[href*="evil"], [role="listbox"] a[href*="evil"]').count() == 0
        assert page.locator('[role="listbox"] strong, [data-testid="stSidebar"] strong').count() == 0
    finally:
        stop_server(proc, log)
