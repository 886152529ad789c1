"""The Add articles page in a real browser (Debian's chromium, driven by playwright, against
`streamlit run` on 127.0.0.1): a file uploaded through the page's file input lands in the store,
the report links to the reader, and its troop figure is drawn on the Troops page."""
from __future__ import annotations

import pytest

from test_browser import CHROMIUM, browser, page, shoot, start_server, stop_server, url_of, wait_charts, wait_ready  # noqa: F401

TROOPS = ("عنب بلدي - 10 حزيران 2025\n"
          "قالت وزارة الدفاع الأمريكية إن عدد القوات الأمريكية في سوريا انخفض إلى نحو 1500 جندي.\n"
          "وأوضح المتحدث أن القوات المتبقية ستواصل دعم قوات سوريا الديمقراطية.\n")


@pytest.fixture
def empty_server(tmp_path):
    """A dashboard on a store that does not exist yet, with no articles folder to build it from."""
    (tmp_path / "articles").mkdir()
    proc, base, log = start_server(tmp_path / "store", tmp_path / "articles", tmp_path / "streamlit.log")
    try:
        yield base, tmp_path / "store"
    finally:
        stop_server(proc, log)


def troop_values(pg) -> list[float]:
    """Every y value (and range end) drawn in the page's charts."""
    return pg.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd =>
        (gd._fullData || []).flatMap(tr => [...(tr.y || []), ...((tr.error_y && tr.error_y.array) || [])]))
        .filter(v => typeof v === 'number')""")


def test_an_uploaded_file_shows_its_troop_figure_on_the_troops_page(empty_server, page, tmp_path):
    base, store = empty_server
    upload = tmp_path / "enab_troops.txt"
    upload.write_text(TROOPS, encoding="utf-8")
    page.goto(url_of(base, "add"))
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "Add articles"
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    page.get_by_text("enab_troops.txt").first.wait_for(timeout=30_000)
    go = page.get_by_role("button", name="Add these files")
    page.wait_for_function("""() => { const b = [...document.querySelectorAll('button')]
        .find(b => b.innerText.includes('Add these files')); return b && !b.disabled; }""", timeout=30_000)
    go.click()
    page.get_by_text("Added: 1 article(s)").wait_for(timeout=120_000)
    wait_ready(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    shoot(page, "add_report")
    page.goto(url_of(base, "troops"))
    wait_ready(page)
    charts = wait_charts(page)
    assert any("enabbaladi" in c["sources"] for c in charts), charts
    assert 1500 in troop_values(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    shoot(page, "troops_after_upload")


def test_in_read_only_mode_the_add_page_has_no_control_even_opened_by_its_address(page, tmp_path, monkeypatch):
    """The menu has no Add page, and its address, typed in, opens the default page: no control to add.
    (AppTest checks that the page file run by itself stops with the read-only message.)"""
    (tmp_path / "articles").mkdir()
    monkeypatch.setenv("LIB_READ_ONLY", "1")  # the server's environment (start_server copies ours)
    proc, base, log = start_server(tmp_path / "store", tmp_path / "articles", tmp_path / "streamlit.log")
    try:
        page.goto(url_of(base, "overview"))
        wait_ready(page)
        nav = page.locator('[data-testid="stSidebarNav"] a')
        assert nav.count() >= 6 and page.locator('[data-testid="stSidebarNav"] a[href$="/add"]').count() == 0
        page.goto(url_of(base, "add"))
        wait_ready(page)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        assert page.locator("textarea").count() == 0
        assert page.get_by_role("button", name="Add these files").count() == 0
        assert page.locator("h1").first.inner_text() != "Add articles"  # no such page: the default one opens
        assert not (tmp_path / "store").exists()
    finally:
        stop_server(proc, log)
