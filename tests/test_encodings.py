"""What the charts and their prose say, on the pages as the app draws them (issue 14 items 2, 3, 5-8, 11)
and article strings in figures shown as text, never as plotly's HTML (issue 15 item 4).

Page-level checks run the app in AppTest on a store written for the test; chart-level ones build the
figures from the views directly; one renders a figure to SVG with kaleido (skipped without a Chromium).
"""
from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from _dashboard_data import APP, arr, chart_specs, point_app_at, seedlike_tables, write_store
from _figure_page import CHROMIUM, figure_page
from lib.dashboard import charts, exports, views
from lib.dashboard.corpus import from_frames
from lib.dashboard.filters import Filters
from lib.dashboard.i18n import counted, t

TIMEOUT = 60

# Outlet names and a place a hostile (or careless) source could carry: each must show as these characters.
HOSTILE = {
    "almodon": '<a href="https://evil.example/phish">Reuters</a>',
    "eremnews": "<b>Erem</b><br>News",
    "enabbaladi": '<span style="font-size:90px">Enab</span>',
    "althawra": "Thawra & <i>co</i> \u202eevil",
}
HOSTILE_PLACE = '<a href="javascript:alert(1)">Bahra</a>'
RAW_MARKUP = ["<a href", "<span style", "<b>Erem</b>", "<i>co</i>", "<br>News", "\u202e"]


def hostile_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, claims = seedlike_tables()
    for sid, name in HOSTILE.items():
        articles.loc[articles.source_id == sid, ["source_name", "source_name_en"]] = name
    claims.loc[claims.claim_id == "c9", ["place_en", "place_ar"]] = HOSTILE_PLACE
    return articles, claims


def strings_of(obj) -> list[str]:
    """Every string in a figure's JSON (names, hover text, tick labels, titles, annotations)."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in strings_of(v)]
    if isinstance(obj, (list, tuple)):
        return [s for v in obj for s in strings_of(v)]
    if isinstance(obj, np.ndarray) and obj.dtype == object:
        return [s for v in obj.ravel().tolist() for s in strings_of(v)]
    return []


def every_figure(corpus, lang: str) -> dict:
    palette = charts.outlet_colors(list(corpus.outlets["source_id"]))
    names = corpus.outlet_names(lang)
    attacks, _ = views.attacks(corpus, Filters(), lang)
    monthly, figures, dis = views.outlets(corpus, Filters(), lang)
    return {
        "timeline": charts.articles_timeline(monthly, names, lang, palette),
        "counts": charts.attack_periods_chart(attacks, lang, "count", palette),
        "rates": charts.attack_periods_chart(attacks, lang, "rate", palette),
        "incidents": charts.incidents_chart(views.incidents(corpus, Filters(), lang)[0], lang, palette),
        "troops": charts.troops_chart(views.troops(corpus, Filters(), lang)[0], lang, palette),
        "heatmap": charts.outlet_heatmap(monthly, names, lang),
        "figures": charts.outlet_figures_chart(figures, lang, palette),
        "disagreements": charts.disagreement_chart(dis, lang, palette),
    }


# ---------------------------------------------------------------------- issue 15 item 4: figures
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_article_strings_in_every_figure_are_text_not_markup(lang):
    figures = every_figure(from_frames(*hostile_tables()), lang)
    for name, fig in figures.items():
        texts = strings_of(fig.to_plotly_json())
        joined = "\n".join(texts)
        for raw in RAW_MARKUP:
            assert raw not in joined, (name, raw)
    # The names are there, escaped (plotly shows &lt; as <): in the legend, hovers and category ticks.
    escaped = '&lt;a href="https://evil.example/phish"&gt;Reuters&lt;/a&gt;'
    legend = [tr.name for tr in figures["troops"].data if tr.meta is None]
    assert escaped in legend and "Thawra &amp; &lt;i&gt;co&lt;/i&gt; evil" in legend
    hovers = "\n".join(strings_of(figures["troops"].to_plotly_json()))
    assert f"<b>{escaped}</b>" in hovers  # the hover's own markup stays; the outlet's is text
    heat_rows = list(figures["heatmap"].data[0].y)
    assert "&lt;b&gt;Erem&lt;/b&gt;&lt;br&gt;News" in heat_rows
    incident_hover = " ".join(h for tr in figures["incidents"].data if tr.hovertext for h in tr.hovertext)
    assert "&lt;a href=\"javascript:alert(1)\"&gt;Bahra&lt;/a&gt;" in incident_hover
    # Category axes (outlets as rows) hold the escaped names, so their tick labels are text too.
    rows = {y for tr in figures["figures"].data if tr.meta is None for y in tr.y}
    assert '&lt;span style="font-size:90px"&gt;Enab&lt;/span&gt;' in rows


def test_the_escaping_function_is_one_and_keeps_plain_text_as_it_is():
    assert charts.plain("Al-Modon") == "Al-Modon" and charts.plain("المدن") == "المدن"
    assert charts.plain('<a href="x">R</a> & co') == '&lt;a href="x"&gt;R&lt;/a&gt; &amp; co'
    assert charts.plain("a\u202eb\u2066c") == "abc"  # bidi controls would unbalance the chart's own
    assert charts.plain(None) == "" and charts.plain(float("nan")) == ""


@pytest.mark.skipif(exports.find_chromium() is None, reason="no Chromium for kaleido")
def test_a_hostile_outlet_name_renders_as_text_in_the_exported_svg():
    fig = every_figure(from_frames(*hostile_tables()), "en")["troops"]
    result = exports.image(fig, "svg")
    assert result.ok, result.error
    svg = result.data.decode("utf-8")
    # No link element: plotly turns <a href> in a string into an SVG <a>; here it is text.
    assert not re.search(r"<a[\s>]", svg) and "evil.example" in svg
    legend = [html.unescape(m) for m in re.findall(r'<text class="legendtext"[^>]*>(.*?)</text>', svg)]
    assert '<a href="https://evil.example/phish">Reuters</a>' in legend
    assert "Thawra & <i>co</i> evil" in legend


# ---------------------------------------------------------------------- the pages (AppTest)
def open_page(page: str, lang: str = "en", **params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if lang != "en":
        at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    return write_store(*hostile_tables(), tmp_path_factory.mktemp("hostile") / "store")


@pytest.fixture(scope="module")
def one_day_store(tmp_path_factory):
    """The seed-like tables and, newest, an outlet's "about 80 attacks" on one day."""
    articles, claims = seedlike_tables()
    text = "نفذ التنظيم نحو 80 هجوما اليوم."
    articles = pd.concat([articles, pd.DataFrame([{
        "article_id": "a-day", "source_id": "daily", "source_name": "يومية", "source_name_en": "Daily",
        "url": "https://example.org/day", "title": "t", "published": "2025-12-18", "published_origin": "stated",
        "text": text, "path": "a-day.txt"}])], ignore_index=True)
    claims = pd.concat([claims, pd.DataFrame([{
        "claim_id": "d1", "article_id": "a-day", "source_id": "daily", "published": "2025-12-18", "kind": "attacks",
        "value": 80, "low": 80, "high": 80, "qualifier": "approx", "actor": "ISIS", "period_start": "2025-12-18",
        "period_end": "2025-12-18", "date_precision": "day", "cumulative": False, "evidence": text,
        "span_start": 0, "span_end": len(text)}])], ignore_index=True)
    from lib.store.schema import coerce_articles, coerce_claims

    return write_store(coerce_articles(articles), coerce_claims(claims), tmp_path_factory.mktemp("oneday") / "store")


def test_pages_draw_article_strings_as_text(monkeypatch, hostile_store):
    point_app_at(monkeypatch, hostile_store)
    for page in ("overview", "attacks", "troops", "outlets"):
        at = open_page(page)
        specs = chart_specs(at)
        assert specs
        joined = "\n".join(s for spec in specs for s in strings_of(spec))
        for raw in RAW_MARKUP:
            assert raw not in joined, (page, raw)
        # Captions that name an outlet are escaped HTML blocks, never Markdown with the name in it.
        for caption in at.caption:
            assert "evil.example" not in caption.value, page
    html = "".join(h.proto.body for h in open_page("overview").get("html"))
    assert "&lt;b&gt;Erem&lt;/b&gt;&lt;br&gt;News" in html and "<b>Erem</b>" not in html


def test_overview_rate_hover_and_caption_agree_and_follow_the_filter(monkeypatch, seedlike_store):
    point_app_at(monkeypatch, seedlike_store)
    overview = open_page("overview")
    metric = {m.label: m.value for m in overview.metric}
    assert metric[t("overview.latest_attacks", "en")] == "33.0 per month"
    attacks = open_page("attacks")
    captions = [c.value for c in attacks.caption]
    assert any("is 33.0 a month" in c for c in captions)
    assert not any("32.5" in c for c in captions), "the old static caption"
    rates = chart_specs(attacks)[1]
    hovers = [h for tr in rates["data"] for h in (tr.get("hovertext") or [])]
    assert any("= 33.0 per month" in h for h in hovers)
    # Filtered to an outlet with a running count and the strikes only: the caption says what is there.
    attacks.multiselect(key="outlet").set_value(["enabbaladi"]).run()
    assert not attacks.exception
    captions = " ".join(c.value for c in attacks.caption)
    assert "33.0" not in captions and "130" not in captions and "2.0–8.2 a month" in captions
    # Filtered to an outlet with no counts: no caption about rates at all.
    attacks.multiselect(key="outlet").set_value(["althawra"]).run()
    assert not any("a month" in c.value for c in attacks.caption)


def test_overview_quotes_a_one_day_count_as_a_count_with_its_period(monkeypatch, one_day_store):
    point_app_at(monkeypatch, one_day_store)
    at = open_page("overview")
    metric = {m.label: m.value for m in at.metric}
    assert t("overview.latest_attacks", "en") not in metric
    assert metric[t("charts.overview.latest_count", "en")] == "about 80"
    html = "".join(h.proto.body for h in at.get("html"))
    assert "attacks: about 80 on 2025-12-18: a single day's count, too short a period for a monthly rate" in html
    assert "2,435" not in html and "per month" not in html


def test_overview_headline_troop_figure_is_the_latest_level_not_a_plan(monkeypatch, seedlike_store):
    point_app_at(monkeypatch, seedlike_store)
    at = open_page("overview")
    metric = {m.label: m.value for m in at.metric}
    assert metric[t("overview.latest_troops", "en")] == "about 2,000 (past)"
    html = "".join(h.proto.body for h in at.get("html"))
    assert "Latest plan: about 1,400 (planned)" in html


def test_colour_means_the_outlet_on_every_chart_of_a_page(monkeypatch, seedlike_store):
    point_app_at(monkeypatch, seedlike_store)
    for page in ("attacks", "outlets", "troops"):
        colour_of: dict[str, set] = {}
        for spec in chart_specs(open_page(page)):
            for tr in spec["data"]:
                custom = tr.get("customdata")
                marker = tr.get("marker") or {}
                if not custom or tr.get("type") == "heatmap" or tr.get("meta"):
                    continue
                colors = marker.get("color")
                colors = [colors] * len(custom) if isinstance(colors, str) else list(colors or [])
                assert len(colors) == len(custom), (page, tr.get("name"), "a point without its outlet's colour")
                for cd, color in zip(custom, colors):
                    colour_of.setdefault(cd[2], set()).add(color)
        assert colour_of and all(len(c) == 1 for c in colour_of.values()), (page, colour_of)
        assert len({next(iter(c)) for c in colour_of.values()}) == len(colour_of), "two outlets, one colour"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_chart_axes_on_the_pages_are_fitted_and_whole(monkeypatch, seedlike_store, lang):
    point_app_at(monkeypatch, seedlike_store)
    at = open_page("overview", lang)
    (timeline,) = chart_specs(at)
    layout = timeline["layout"]
    lo, hi = (pd.Timestamp(v) for v in layout["xaxis"]["range"])
    assert (hi - lo).days >= 365 and layout["yaxis"]["dtick"] == 1
    (bar, *_) = timeline["data"]
    assert arr(bar["width"])[0] / 86_400_000 / (hi - lo).days < 0.1
    attacks = open_page("attacks", lang)
    counts = chart_specs(attacks)[0]["layout"]
    assert "yaxis2" in counts, "attacks and strikes on separate axes"
    assert counts["xaxis"]["tickformat"] in ("%Y-%m", "%Y", "%Y-%m-%d")


# ---------------------------------------------------------------------- in a browser


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium for playwright")
def test_a_vague_amount_shows_no_point_but_its_hover_in_the_browser(tmp_path, seedlike):
    """What only a browser shows: the invisible marker over a range still answers the mouse."""
    pytest.importorskip("playwright.sync_api")
    df, _ = views.attacks(seedlike, Filters(), "en")
    with figure_page(charts.attack_periods_chart(df, "en", "count"), tmp_path) as page:
        # The "dozens of strikes" point: where plotly put it, and how it is drawn.
        x, y, opacity = page.evaluate("""() => {
          const gd = document.querySelector('.js-plotly-plot');
          const i = gd._fullData.findIndex(t => t.name === 'Al-Modon' && t.customdata);
          const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis2, cd = gd.calcdata[i][0];
          const r = gd.getBoundingClientRect();
          return [xa.c2p(cd.x) + xa._offset + r.left, ya.c2p(cd.y) + ya._offset + r.top,
                  Number(gd._fullData[i].marker.opacity[0])];
        }""")
        assert opacity == 0
        page.mouse.move(x, y)
        page.wait_for_selector(".hoverlayer .hovertext")
        hover = page.evaluate("() => document.querySelector('.hoverlayer .hovertext').textContent")
        assert "24–99 (vague)" in hover and "Carried by 2 outlets" in hover


def test_overview_and_attacks_caption_quote_the_same_latest_rate_on_synthetic_data(monkeypatch, synthetic_store):
    point_app_at(monkeypatch, synthetic_store)
    overview = open_page("overview")
    metric = {m.label: m.value for m in overview.metric}
    captions = " ".join(c.value for c in open_page("attacks").caption)
    quoted = re.search(r"is ([\d,.–]+) a month", captions)
    if t("overview.latest_attacks", "en") in metric:
        rate = metric[t("overview.latest_attacks", "en")].removesuffix(" per month")
        assert quoted and quoted.group(1) == rate, (rate, captions)
    else:  # the latest count is too short for a rate: the Overview says so, the caption's example is older
        assert t("charts.overview.latest_count", "en") in metric


def test_overview_dates_read_in_order_in_arabic_and_evidence_wraps(monkeypatch, seedlike_store):
    point_app_at(monkeypatch, seedlike_store)
    at = open_page("overview", "ar")
    metric = {m.label: m.value for m in at.metric}
    # The years isolated left to right: in Arabic text an unisolated "2025–2026" reads backwards.
    span = metric[t("overview.span", "ar")]
    assert re.fullmatch("\u2066\\d{4}–\\d{4}\u2069", span), span
    captions = [c.value for c in at.caption]
    assert not any("→" in c for c in captions)
    assert any(re.fullmatch("من \u2066\\d{4}-\\d\\d-\\d\\d\u2069 إلى \u2066\\d{4}-\\d\\d-\\d\\d\u2069", c) for c in captions)
    blocks = [h.proto.body for h in at.get("html")]
    # The days of the period counted with the noun's Arabic forms, never a fixed "يوماً" after any number.
    days = [m for b in blocks for m in re.findall(r"\(([\d,]+ [\u0600-\u06FF]+)\)", b)]
    assert days and all(d == counted(int(d.split()[0].replace(",", "")), "day", "ar") for d in days), days
    # Evidence blocks wrap a long run with no space inside their column, as in the reader.
    evidence = [b for b in blocks if "«" in b]
    assert evidence and all("overflow-wrap: anywhere" in b and 'class="claim-evidence"' in b for b in evidence)


def test_one_outlet_palette_for_every_page(monkeypatch, seedlike_store):
    """Setup's colours are views.outlet_palette (the most reported outlets first), and every page's
    charts draw an outlet in that colour."""
    import app_support
    from lib.dashboard.corpus import open_corpus

    corpus = open_corpus(str(seedlike_store))
    palette = views.outlet_palette(corpus)
    assert app_support._outlet_styles(corpus.version, "en", corpus)[0] == palette
    point_app_at(monkeypatch, seedlike_store)
    seen: dict[str, set] = {}
    for page in ("overview", "attacks", "troops", "outlets"):
        for spec in chart_specs(open_page(page)):
            for tr in spec["data"]:
                custom, color = tr.get("customdata"), (tr.get("marker") or {}).get("color")
                if not custom or tr.get("meta") or tr.get("type") == "heatmap" or not isinstance(color, str):
                    continue
                for cd in custom:
                    if cd[2]:
                        seen.setdefault(cd[2], set()).add(color)
    assert seen and {s: c for s, c in seen.items() if c != {palette[s]}} == {}
