"""Downloads (PNG/SVG via kaleido, standalone HTML, CSV), the reader's HTML and the terminal summary."""
from __future__ import annotations

import io
import json
import re
import unicodedata

import pandas as pd
import pytest

from _dashboard_data import seedlike_tables
from lib.dashboard import charts
from lib.dashboard import exports
from lib.dashboard import views
from lib.dashboard.filters import Filters
from lib.dashboard.highlight import reader_html
from lib.dashboard.terminal import summary_lines, visual

HAS_CHROMIUM = exports.find_chromium() is not None



@pytest.fixture(scope="module")
def troops_fig(seedlike):
    return charts.troops_chart(views.troops(seedlike, Filters(), "ar")[0], "ar")


# ---------------------------------------------------------------------- CSV and HTML
def test_csv_keeps_arabic_and_opens_in_excel(seedlike):
    df, _ = views.troops(seedlike, Filters(), "en")
    data = exports.to_csv(df)
    assert data.startswith("\ufeff".encode("utf-8"))  # BOM: Excel reads UTF-8
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(back) == len(df)
    assert "ستؤدي إلى تقليص الوجود الأميركي إلى أقل من ألف جندي." in set(back["evidence"])
    assert {"claim_id", "article_id", "outlet", "published", "evidence"} <= set(back.columns)
    assert back["published"].str.match(r"\d{4}-\d{2}-\d{2}").all()


def test_csv_joins_lists():
    data = exports.to_csv(pd.DataFrame({"sources": [("a", "b")], "n": [2]})).decode("utf-8-sig")
    assert data.splitlines()[1] == "a|b,2"


def test_csv_neutralises_cells_a_spreadsheet_would_run():
    df = pd.DataFrame({"outlet": ['=HYPERLINK("https://evil.example","x")', "+1", "-2", "@SUM(A1)", "\tx", "ok"],
                       "value": [1.0, -2.0, 3.0, 4.0, 5.0, 6.0], "sources": [("=a", "b")] * 6})
    back = pd.read_csv(io.BytesIO(exports.to_csv(df)), encoding="utf-8-sig", keep_default_na=False)
    assert list(back["outlet"]) == ["'=HYPERLINK(\"https://evil.example\",\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "ok"]
    assert list(back["value"]) == [1.0, -2.0, 3.0, 4.0, 5.0, 6.0]  # numbers stay numbers, negative ones too
    assert set(back["sources"]) == {"'=a|b"}
    # The app's CSV downloads are this function (one writer, one rule).
    from app_charts import csv_bytes

    assert csv_bytes(df) == exports.to_csv(df)


def test_html_is_standalone_and_offline(troops_fig):
    page = exports.to_html(troops_fig, title="troops").decode("utf-8")
    assert "<title>troops</title>" in page
    assert not re.search(r"<script[^>]+src=", page), "plotly.js must be inlined, not fetched"
    assert len(page) > 3_000_000  # plotly.js itself
    # The figure's JSON escapes non-ASCII: the Arabic title is there as \u escapes, in logical order.
    assert json.dumps("عدد القوات الأمريكية في سوريا كما ورد") in page


# ---------------------------------------------------------------------- images
def test_no_chromium_is_a_message_not_an_error(monkeypatch, troops_fig):
    monkeypatch.setenv(exports.CHROMIUM_ENV, "none")
    assert exports.find_chromium() is None
    result = exports.image(troops_fig, "png")
    assert not result.ok and result.data is None
    assert "No Chromium found" in result.error and "apt-get install -y chromium" in result.error


@pytest.mark.skipif(not HAS_CHROMIUM, reason="no Chromium for kaleido (install Debian's chromium)")
def test_png_and_svg_render_with_kaleido(troops_fig):
    png = exports.image(troops_fig, "png", width=700, height=450, scale=1)
    assert png.ok, png.error
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n" and len(png.data) > 10_000
    svg = exports.image(troops_fig, "svg", width=700, height=450)
    assert svg.ok, svg.error
    text = svg.data.decode("utf-8")
    assert text.lstrip().startswith("<svg")
    # The SVG holds the Arabic title in logical order; the viewer shapes it, as the browser did.
    assert "عدد القوات الأمريكية في سوريا كما ورد" in text
    assert not any("\ufb50" <= ch <= "\ufeff" for ch in text)


@pytest.mark.skipif(not HAS_CHROMIUM, reason="no Chromium for kaleido (install Debian's chromium)")
def test_png_through_the_warm_server_passes_no_browser_options(troops_fig):
    """With kaleido's persistent server running (the app starts one), exports.image passes no
    per-call browser options, so kaleido has nothing to warn about (warnings are errors here)."""
    import warnings

    import app_charts

    app_charts._warm_kaleido(exports.find_chromium())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            png = exports.image(troops_fig, "png", width=500, height=300, scale=1, server=True)
        assert png.ok, png.error
        assert png.data[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        app_charts._stop_kaleido()


# ---------------------------------------------------------------------- reader
def test_reader_escapes_the_article_and_highlights_the_evidence():
    text = 'مقدمة <script>alert("x")</script>\nقتل عنصر في البحرة. خاتمة <img src=x onerror=alert(1)>'
    start = text.index("قتل")
    end = text.index(".", start) + 1
    html = reader_html(text, [(start, end, "incident: 1 killed"), (start, start + 3, 'kind "q" <b>')])
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'dir="rtl"' in html and "<br>" in html
    marks = re.findall(r'<mark title="([^"]*)"[^>]*>(.*?)</mark>', html)
    assert "".join(m[1] for m in marks) == "قتل عنصر في البحرة."
    assert marks[0][0] == "incident: 1 killed | kind &quot;q&quot; &lt;b&gt;"  # overlapping spans: both labels


def test_reader_survives_bad_spans():
    html = reader_html("نص قصير", [(3, 100, "past the end"), (5, 2, "reversed"), (None, None, "none")])
    assert html.count("<mark") == 1 and "قصير</mark>" in html


# ---------------------------------------------------------------------- terminal (arabic-reshaper + python-bidi)
def _logical(visual_text: str) -> str:
    """Undo shaping and visual ordering for a pure right-to-left run."""
    return unicodedata.normalize("NFKC", visual_text)[::-1]


def test_terminal_arabic_is_shaped_and_in_visual_order():
    out = visual("عنب بلدي")
    # Joined letter forms (presentation forms), laid out right to left for a left-to-right terminal.
    assert out == "\ufef1\ufeaa\ufee0\ufe91 \ufe90\ufee8\ufecb"
    assert _logical(out) == "عنب بلدي"


def test_terminal_keeps_numbers_latin_and_brackets_readable():
    out = visual("قاعدة (العمر) 2025")
    assert out.startswith("2025 ")  # the number stays left-to-right, at the visual start
    assert "(" in out and out.index("(") < out.index(")")  # a pair reads "(...)" left to right
    mixed = visual("عنب بلدي (Enab Baladi): 3 مقالات")
    assert "(Enab Baladi)" in mixed
    assert visual("Erem News 2025") == "Erem News 2025"  # no Arabic: untouched


def test_terminal_summary_of_the_tables():
    articles, claims = seedlike_tables()
    lines = summary_lines(articles, claims)
    assert lines[0].startswith("4 articles, 4 outlets, 13 claims, 2025-05-27 .. 2025-05-28")
    row = [ln for ln in lines if ln.startswith("enabbaladi")][0]
    assert "Enab Baladi" in row and visual("عنب بلدي") in row
    assert "عنب بلدي" not in row  # never the unshaped logical string in the terminal output
    logical = summary_lines(articles, claims, shape=False)
    assert any("عنب بلدي" in ln for ln in logical)
