"""The Bases page in a real browser (Debian's chromium via playwright), in English and Arabic,
offline: what only a browser shows — the labels drawn in the map's SVG, where they fall on the
screen (none on another, none cut off), the legend as drawn, and Syria's border inside the plot.
Screenshots go to artifacts/screenshots/bases-en.png and bases-ar.png.
"""
from __future__ import annotations

import json
import os

import pytest

from _dashboard_data import write_store
from lib.dashboard.charts.map_text import STATUS_ORDER
from test_browser import CHROMIUM, SHOTS, browser, start_server, stop_server, wait_ready  # noqa: F401 (fixture)
from test_maps import bases_tables

pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")

SITE_LABELS = {
    "en": ["Green Village", "MSS Euphrates", "al-Omar field", "Conoco field", "al-Tanf", "Ain al-Asad"],
    "ar": ["القرية الخضراء", "قاعدة الفرات", "حقل العمر", "حقل كونيكو", "التنف", "عين الأسد"],
}
LEGEND = {
    "en": ["closure", "withdrawal", "handover", "reinforcement", "establishment", "presence", "mention only"],
    "ar": ["إغلاق", "انسحاب", "تسليم", "تعزيز", "إنشاء", "وجود", "ذِكر فقط"],
}

# Everything the test reads from the drawn map, in one pass over its SVG.
READ_MAP = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  if (!gd || !gd.querySelector('.scatterlayer')) return null;
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  // Each trace's group carries its trace (d3's bound data): find layers by their `meta`.
  const groups = [...gd.querySelectorAll('.scatterlayer g.trace')].map(g => {
    const d = g.__data__ && g.__data__[0];
    return {g, meta: d && d.trace ? String(d.trace.meta) : ''};
  });
  const border = groups.find(x => x.meta === 'syria_border');
  const sites = groups.filter(x => STATUSES.includes(x.meta.split(':')[0]));
  return {
    plot: box(gd.querySelector('.nsewdrag')),
    border: border ? box(border.g) : null,
    texts: sites.flatMap(x => [...x.g.querySelectorAll('.textpoint text')]).map(t => ({text: t.textContent, box: box(t)})),
    legend: [...gd.querySelectorAll('.legend .legendtext')].map(t => t.textContent),
  };
}""".replace("STATUSES", json.dumps(list(STATUS_ORDER)))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser_map")
    store = write_store(*bases_tables(), folder / "store")
    proc, base, log = start_server(store, folder / "no-articles", folder / "streamlit.log")
    try:
        yield base
    finally:
        stop_server(proc, log)


def open_bases(browser, base: str, lang: str):
    # Tall enough for the map and the tables below it in one screenshot.
    context = browser.new_context(viewport={"width": 1400, "height": 2100}, locale="en-US")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(f"{base}/bases" + ("?lang=ar" if lang == "ar" else ""))
    wait_ready(pg)
    if lang == "ar" and pg.inner_text("h1") != "القواعد":
        # The language switch in the sidebar, if the address did not set it.
        pg.get_by_text("العربية", exact=True).first.click()
        wait_ready(pg)
    pg.wait_for_selector(".js-plotly-plot .scatterlayer .textpoint", timeout=60_000)
    pg.wait_for_timeout(800)
    return context, pg, errors


def ink(a) -> list[float]:
    """A text's box without the line spacing above and below its letters (a fifth of the line
    box each side), so two labels on adjacent lines do not count as overlapping."""
    pad = (a[3] - a[1]) * 0.2
    return [a[0], a[1] + pad, a[2], a[3] - pad]


def overlap(a, b) -> float:
    a, b = ink(a), ink(b)
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def area(a) -> float:
    return (a[2] - a[0]) * (a[3] - a[1])


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_bases_page_draws_a_labelled_map(server, browser, lang):
    context, pg, errors = open_bases(browser, server, lang)
    try:
        drawn = pg.evaluate(READ_MAP)
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / f"bases-{lang}.png"), full_page=True)
        assert drawn and drawn["border"], "no map on the page"
        if lang == "ar":
            assert pg.inner_text("h1") == "القواعد"
            # The date in the Arabic title reads left to right (2025-06-26, not 26-06-2025).
            first, last = pg.evaluate("""() => { const t = document.querySelector('.js-plotly-plot .gtitle');
                const s = t.textContent; const year = s.search(/\\d{4}-\\d{2}-\\d{2}/);
                return [t.getStartPositionOfChar(year).x, t.getStartPositionOfChar(year + 9).x]; }""")
            assert first < last
        plot = drawn["plot"]
        # Syria's border lies inside the plot: the whole country is in frame, on screen.
        b = drawn["border"]
        assert plot[0] <= b[0] and b[2] <= plot[2] and plot[1] <= b[1] and b[3] <= plot[3]
        assert (b[2] - b[0]) > 0.5 * (plot[2] - plot[0])
        # Every site's label is drawn, inside the plot, and none sits on another.
        labels = {t["text"]: t["box"] for t in drawn["texts"] if t["text"] in SITE_LABELS[lang]}
        assert set(labels) == set(SITE_LABELS[lang])
        for text, box in labels.items():
            assert area(box) > 0, text
            assert plot[0] - 1 <= box[0] and box[2] <= plot[2] + 1, text
        names = list(labels)
        for i, a in enumerate(names):
            for c in names[i + 1:]:
                assert overlap(labels[a], labels[c]) == 0, (a, c)
        # The legend as drawn lists every status, and the key to hollow markers.
        legend = drawn["legend"]
        assert [x for x in legend if x in LEGEND[lang]] == LEGEND[lang]
        assert any(("hollow" in x) if lang == "en" else ("مجوّف" in x) for x in legend)
        assert not errors, errors
    finally:
        context.close()
