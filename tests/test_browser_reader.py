"""The Articles reader in a real browser (Debian's chromium, as tests/test_browser.py): what only
a browser shows. A hostile article's title renders as literal text (no link, no bold), its
javascript: URL is no link, a 100,000-character line with no space stays inside its boxes; and
a correction made through the reader's form shows on the page that follows, with a toast.
Screenshot: artifacts/screenshots/reader-hostile.png.
"""
from __future__ import annotations

import pytest

from _dashboard_data import seedlike_tables, write_store
from test_browser import browser, page, shoot, start_server, stop_server, url_of, wait_ready  # noqa: F401 (fixtures)

HOSTILE_TITLE = "[Read the official statement](https://evil.example/phish) **bold** <b>x</b>"
LONG = "ش" * 100_000  # one line, no space


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A server on a store of the seed-like articles, one of them hostile, and one with a very long line."""
    import pandas as pd

    articles, claims = seedlike_tables()
    erem = articles["article_id"] == "a-erem"
    articles.loc[erem, "title"] = HOSTILE_TITLE
    articles.loc[erem, "url"] = "javascript:alert(1)"
    text = "مقدمة قصيرة.\n" + LONG + "\nخاتمة."
    start = text.index(LONG)
    long_article = {"article_id": "a-long", "source_id": "almodon", "source_name": "المدن", "source_name_en": "Al-Modon",
                    "url": "https://example.org/long", "title": "ط" * 5_000, "published": "2025-05-29",
                    "published_origin": "stated", "text": text, "path": "long.txt"}
    long_claim = {"claim_id": "long-1", "article_id": "a-long", "source_id": "almodon", "published": "2025-05-29",
                  "kind": "attacks", "value": 5, "low": 5, "high": 5, "qualifier": "exact", "actor": "ISIS",
                  "evidence": LONG, "span_start": start, "span_end": start + len(LONG)}
    end = text.index("خاتمة.")
    last_claim = {**long_claim, "claim_id": "long-2", "value": 7, "low": 7, "high": 7, "evidence": "خاتمة.",
                  "span_start": end, "span_end": end + len("خاتمة.")}
    articles = pd.concat([articles, pd.DataFrame([long_article])], ignore_index=True)
    claims = pd.concat([claims, pd.DataFrame([long_claim, last_claim])], ignore_index=True)
    folder = tmp_path_factory.mktemp("reader_store")
    store = write_store(articles, claims, folder / "store")
    proc, base, log = start_server(store, folder / "no-articles", folder / "streamlit.log")
    try:
        yield base
    finally:
        stop_server(proc, log)


def open_reader(pg, base: str, query: str) -> None:
    pg.goto(url_of(base, "articles", query))
    wait_ready(pg)
    pg.wait_for_selector(".article-reader", timeout=60_000)
    assert pg.locator('[data-testid="stException"]').count() == 0


def test_a_hostile_title_and_url_render_as_literal_text(hostile_server, page):  # noqa: F811
    open_reader(page, hostile_server, "article=a-erem")
    heading = page.locator(".reader-title")
    assert heading.count() == 1 and heading.inner_text() == HOSTILE_TITLE
    assert heading.locator("a, b, strong").count() == 0
    assert page.locator('a[href*="evil.example"]').count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.get_by_text("javascript:alert(1)").count() >= 1  # the address, shown as text
    shoot(page, "reader-hostile")


def _overflow(pg, selector: str) -> dict:
    """The element's box, its container's (the nearest bordered Streamlit container or the main
    column), and whether its content is wider than its box."""
    return pg.evaluate("""(sel) => {
        const el = document.querySelector(sel);
        const box = el.getBoundingClientRect();
        const holder = el.closest('[data-testid="stVerticalBlockBorderWrapper"], [data-testid="stLayoutWrapper"]')
                       || document.querySelector('[data-testid="stMain"]');
        const outer = holder.getBoundingClientRect();
        return {left: box.left, right: box.right, outerLeft: outer.left, outerRight: outer.right,
                scroll: el.scrollWidth, client: el.clientWidth, page: document.documentElement.scrollWidth,
                view: window.innerWidth};
    }""", selector)


def test_a_100000_character_line_stays_inside_its_boxes(hostile_server, page):  # noqa: F811
    open_reader(page, hostile_server, "article=a-long")
    page.wait_for_selector(".claim-evidence", timeout=30_000)
    for selector in (".article-reader", ".claim-evidence", ".reader-title"):
        box = _overflow(page, selector)
        assert box["scroll"] <= box["client"] + 1, (selector, box)  # nothing runs out sideways
        assert box["outerLeft"] - 1 <= box["left"] and box["right"] <= box["outerRight"] + 1, (selector, box)
    assert _overflow(page, ".article-reader")["page"] <= page.viewport_size["width"] + 1  # no page-wide scroll
    page.locator(".claim-evidence").first.scroll_into_view_if_needed()
    shoot(page, "reader-long-line")


def test_a_claim_opened_from_a_chart_is_scrolled_into_view(hostile_server, page):  # noqa: F811
    """The claim's sentence ends a 45,000-pixel text: the reader brings it into view."""
    open_reader(page, hostile_server, "article=a-long&claim=long-2")
    page.wait_for_function("""() => { const m = document.getElementById('reader-focus');
        if (!m) return false; const r = m.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight; }""", timeout=30_000)
    assert page.locator("#reader-focus").inner_text() == "خاتمة."
    assert "exact" not in page.locator('[class*="st-key-card-0-focus"] .claim-title').inner_text()
    assert "7" in page.locator('[class*="st-key-card-0-focus"] .claim-title').inner_text()


def test_a_correction_made_in_the_reader_shows_after_the_rerun(hostile_server, page):  # noqa: F811
    open_reader(page, hostile_server, "article=a-erem&claim=c6")
    card = page.locator('[class*="st-key-card-0-focus"]')
    assert "about 1,400" in card.inner_text()
    card.get_by_role("button", name="Correct").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=30_000)
    assert "about 1,400" in dialog.inner_text()  # the dialog names the claim it corrects
    dialog.get_by_label("Value", exact=True).fill("about a thousand")
    dialog.get_by_role("button", name="Save the correction").click()
    dialog.get_by_text("is not a number").wait_for(timeout=30_000)  # refused inside the open dialog
    dialog.get_by_label("Value", exact=True).fill("1000")
    dialog.get_by_role("button", name="Save the correction").click()
    page.wait_for_selector('[data-testid="stToast"]', timeout=60_000)
    assert "Value: 1400 → 1000" in page.locator('[data-testid="stToast"]').inner_text()
    wait_ready(page)
    page.wait_for_function("""() => [...document.querySelectorAll('.claim-title')]
        .some(h => h.innerText.includes('about 1,000'))""", timeout=60_000)
    assert not any("about 1,400" in t for t in page.locator(".claim-title").all_inner_texts())
    assert page.get_by_role("dialog").count() == 0  # the editor closed
