"""A chart alone in a real browser: the figure's HTML export opened from a file in Debian's chromium
(offline: plotly.js is inside the file), for what only a browser shows (where plotly drew things)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import plotly.graph_objects as go

from lib.dashboard import exports

CHROMIUM = exports.find_chromium()


@contextmanager
def figure_page(fig: go.Figure, folder: Path, width: int = 1100, height: int = 700) -> Iterator:
    """A playwright page showing `fig`, drawn (its points layer rendered)."""
    from playwright.sync_api import sync_playwright

    page_file = folder / "figure.html"
    page_file.write_bytes(exports.to_html(fig))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(page_file.as_uri())
            page.wait_for_selector(".js-plotly-plot .scatterlayer")
            yield page
        finally:
            browser.close()
