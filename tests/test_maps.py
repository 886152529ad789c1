"""The bases map and the base-events table (issue 14, item 1).

The map: all of Syria in frame with its neighbours, governorates, the Euphrates and towns, drawn
offline; every site labelled in the UI language; sites that share a point drawn apart; every
status in the legend; plans hollow; the same frame in the PNG, SVG and HTML exports.
The table: the slider and filters apply, a month-precision date reads as a month, counts of
unnamed bases are not base names, no "None", statuses as nouns, Arabic plural forms.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import math
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from _dashboard_data import APP, chart_specs, point_app_at, write_store
from lib import settings
from lib.dashboard import base_events, charts, exports
from lib.dashboard.charts.map_text import STATUS_ORDER, base_count, status_name
from lib.dashboard.corpus import from_frames
from lib.dashboard.filters import Filters
from lib.store.schema import coerce_articles, coerce_claims

TIMEOUT = 60
SYRIA_BOX = (35.72, 42.38, 32.31, 37.32)  # Syria's extent (lon0, lon1, lat0, lat1), Natural Earth
ARABIC = re.compile(r"[\u0600-\u06FF]")
ASOF = dt.date(2025, 6, 30)


def bases_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Four outlets reporting base events: a month-dated closure of two bases that share their
    coordinates with two others, a count of unnamed bases, a withdrawal, a planned closure, a
    count of one base, and a site in Iraq."""
    arts = [
        ("a1", "almodon", "المدن", "Al-Modon", "2025-05-27",
         "أُغلقت قاعدتا القرية الخضراء والفرات في نيسان الماضي.\nوأغلقت 3 قواعد من أصل 8."),
        ("a2", "eremnews", "إرم نيوز", "Erem News", "2025-06-20", "انسحبت القوات من حقلي العمر وكونيكو أمس."),
        ("a3", "enabbaladi", "عنب بلدي", "Enab Baladi", "2025-06-25", "تعتزم القوات إغلاق قاعدة التنف."),
        ("a4", "althawra", "الثورة", "Al-Thawra", "2025-06-26",
         "بقيت قاعدة واحدة في المنطقة.\nوتعمل قاعدة عين الأسد في العراق."),
    ]
    articles = pd.DataFrame([{"article_id": a, "source_id": s, "source_name": ar, "source_name_en": en,
                              "url": f"https://example.org/{a}", "title": text[:30], "published": d,
                              "published_origin": "stated", "text": text, "path": f"{a}.txt"}
                             for a, s, ar, en, d, text in arts])
    texts = dict(zip(articles.article_id, articles.text))
    src = articles.set_index("article_id")

    def claim(cid, aid, sentence, **kw):
        start = texts[aid].index(sentence)
        return {"claim_id": cid, "article_id": aid, "source_id": src.loc[aid, "source_id"],
                "published": src.loc[aid, "published"], "kind": "base_status", "evidence": sentence,
                "span_start": start, "span_end": start + len(sentence), **kw}

    def at(pid, en, ar, lat, lon):
        return {"place_id": pid, "place_en": en, "place_ar": ar, "lat": lat, "lon": lon, "geo_precision": "exact"}

    april = {"period_start": "2025-04-01", "period_end": "2025-04-30", "date_precision": "month"}
    s1 = "أُغلقت قاعدتا القرية الخضراء والفرات في نيسان الماضي."
    s2 = "انسحبت القوات من حقلي العمر وكونيكو أمس."
    rows = [
        claim("b1", "a1", s1, status="closed", **at("green_village", "Green Village (MSS Green Village, al-Khadra)",
                                                   "القرية الخضراء", 35.15167, 40.57583), **april),
        claim("b2", "a1", s1, status="closed", **at("euphrates_base", "Mission Support Site Euphrates", "الفرات",
                                                   35.33611, 40.30944), **april),
        claim("b3", "a1", "وأغلقت 3 قواعد من أصل 8.", status="closed", value=3, low=3, high=3, of_total=8,
              qualifier="exact", **april),
        claim("b4", "a2", s2, status="withdrawn", **at("omar_oil_field", "Al-Omar oil field", "حقل العمر",
                                                      35.15167, 40.57583),
              period_start="2025-06-19", period_end="2025-06-19", date_precision="day"),
        claim("b5", "a2", s2, status="withdrawn", **at("conoco_gas_field", "Conoco gas field", "كونيكو",
                                                      35.33611, 40.30944),
              period_start="2025-06-19", period_end="2025-06-19", date_precision="day"),
        claim("b6", "a3", "تعتزم القوات إغلاق قاعدة التنف.", status="closed", when="planned",
              **at("al_tanf", "Al-Tanf garrison", "التنف", 33.50583, 38.61778)),
        claim("b7", "a4", "بقيت قاعدة واحدة في المنطقة.", status="active", value=1, low=1, high=1,
              qualifier="exact"),
        claim("b8", "a4", "وتعمل قاعدة عين الأسد في العراق.", status="active",
              **at("ain_al_asad", "Ain al-Asad air base", "عين الأسد", 33.7856, 42.4412)),
    ]
    return coerce_articles(articles), coerce_claims(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def corpus():
    return from_frames(*bases_tables())


def bases_figure(corpus, lang: str = "en", f: Filters = Filters(), asof: dt.date = ASOF):
    places, history = base_events.map_places(corpus, f, lang, asof)
    return charts.bases_map(places, history, lang, asof=asof), places


def traces(fig, meta: str | None = None, prefix: str | None = None) -> list:
    return [tr for tr in fig.data if (meta is None or tr.meta == meta)
            and (prefix is None or str(tr.meta).split(":")[0] == prefix)]


def site_traces(fig) -> list:
    return [tr for tr in fig.data if str(tr.meta).split(":")[0] in STATUS_ORDER]


def points(fig) -> dict[str, tuple[float, float, str, str]]:
    """claim id -> (drawn lon, drawn lat, label, hover) of every site drawn."""
    out = {}
    for tr in site_traces(fig):
        for x, y, text, hover, cd in zip(tr.x, tr.y, tr.text, tr.hovertext, tr.customdata):
            out[cd[0]] = (x, y, text, hover)
    return out


# ---------------------------------------------------------------------- the map's frame and layers
def test_frame_holds_all_of_syria_and_every_site(corpus):
    fig, _ = bases_figure(corpus)
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    assert x0 <= SYRIA_BOX[0] and x1 >= SYRIA_BOX[1] and y0 <= SYRIA_BOX[2] and y1 >= SYRIA_BOX[3]
    assert x1 >= 42.4412 + 0.3  # Ain al-Asad, in Iraq, with room for its marker
    # The frame is fixed by the layout (not by the window): the PNG and HTML show the same.
    assert fig.layout.xaxis.constrain == fig.layout.yaxis.constrain == "domain"
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians((y0 + y1) / 2)))
    # One outlet's two withdrawals, both in the north-east: still all of Syria.
    fig, _ = bases_figure(corpus, f=Filters(outlets=("eremnews",)))
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    assert x0 <= SYRIA_BOX[0] and x1 >= SYRIA_BOX[1] and y0 <= SYRIA_BOX[2] and y1 >= SYRIA_BOX[3]
    assert x1 < 43.5  # and no wider than Syria needs


def test_neighbours_governorates_river_and_towns_are_drawn(corpus):
    fig, _ = bases_figure(corpus)
    assert {"Turkey", "Iraq", "Jordan", "Lebanon", "Israel"} <= {tr.name for tr in traces(fig, "country")}
    govs = {tr.name for tr in traces(fig, "governorate")}
    assert len(govs) == 15 and {"Deir ez-Zor", "Al-Hasakah", "Raqqa", "Homs", "Damascus"} <= govs
    boundaries = traces(fig, "admin1")[0]
    assert sum(1 for v in boundaries.x if v is None) >= 20  # the lines between 15 areas
    border = traces(fig, "syria_border")[0]
    xs = [v for v in border.x if v is not None]
    ys = [v for v in border.y if v is not None]
    assert min(xs) == pytest.approx(SYRIA_BOX[0], abs=0.05) and max(xs) == pytest.approx(SYRIA_BOX[1], abs=0.05)
    assert min(ys) == pytest.approx(SYRIA_BOX[2], abs=0.05) and max(ys) == pytest.approx(SYRIA_BOX[3], abs=0.05)
    river = traces(fig, "river")[0]
    river_x = [v for v in river.x if v is not None]
    assert min(river_x) < 38.2 and max(river_x) > 41.0  # from Jarablus past al-Bukamal
    assert [tr.name for tr in traces(fig, "river")] == ["Euphrates", "Tigris"]
    assert traces(fig, "borders")[0].x  # the neighbours' own borders and coasts
    towns = traces(fig, "towns")[0]
    assert {"Damascus", "Aleppo", "Deir ez-Zor", "al-Bukamal", "Raqqa"} <= set(towns.hovertext)
    assert {"TURKEY", "IRAQ", "JORDAN", "LEBANON"} <= set(traces(fig, "country_labels")[0].text)
    fig_ar, _ = bases_figure(corpus, "ar")
    assert {"تركيا", "العراق", "الأردن", "لبنان"} <= set(traces(fig_ar, "country_labels")[0].text)
    assert {"دمشق", "حلب"} <= set(traces(fig_ar, "towns")[0].hovertext)


@pytest.mark.parametrize("lang, expected", [
    ("en", {"b1": "Green Village", "b2": "MSS Euphrates", "b4": "al-Omar field", "b5": "Conoco field",
            "b6": "al-Tanf", "b8": "Ain al-Asad"}),
    ("ar", {"b1": "القرية الخضراء", "b2": "قاعدة الفرات", "b4": "حقل العمر", "b5": "حقل كونيكو",
            "b6": "التنف", "b8": "عين الأسد"}),
])
def test_every_site_is_labelled_in_the_ui_language(corpus, lang, expected):
    fig, _ = bases_figure(corpus, lang)
    drawn = points(fig)
    assert {cid: p[2] for cid, p in drawn.items()} == expected
    for tr in site_traces(fig):
        assert tr.mode == "markers+text" and all(tr.textposition)


def test_sites_sharing_a_point_are_drawn_apart_with_their_true_position_in_the_hover(corpus):
    fig, _ = bases_figure(corpus)
    drawn = points(fig)
    stretch = fig.layout.yaxis.scaleratio
    for a, b in (("b1", "b4"), ("b2", "b5")):  # Green Village / al-Omar, MSS Euphrates / Conoco
        (xa, ya, *_), (xb, yb, *_) = drawn[a], drawn[b]
        apart = math.hypot(xa - xb, (ya - yb) * stretch)  # as drawn on screen, in degrees of longitude
        assert apart >= 1.5 * settings.MAP_FAN_RADIUS_DEG
    assert "true position 35.152° N, 40.576° E · the site itself" in drawn["b1"][3]
    assert "true position 35.152° N, 40.576° E" in drawn["b4"][3]
    assert "drawn beside al-Omar field" in drawn["b1"][3]
    leaders = traces(fig, "leaders")[0]
    ends = {(round(x, 5), round(y, 5)) for x, y in zip(leaders.x, leaders.y) if x is not None}
    assert (40.57583, 35.15167) in ends and (40.30944, 35.33611) in ends  # a line to each true point
    # A site alone stays on its point.
    assert drawn["b8"][:2] == pytest.approx((42.4412, 33.7856))


def test_legend_lists_every_status_when_the_filter_leaves_one(corpus):
    fig, places = bases_figure(corpus, f=Filters(outlets=("eremnews",)))
    assert set(places["status"]) == {"withdrawn"}
    legend = [tr.name for tr in fig.data if tr.showlegend is not False and tr.name and
              (str(tr.meta).split(":")[0] in STATUS_ORDER or str(tr.meta).startswith("legend:"))]
    assert [n for n in legend if n in {status_name(s, "en") for s in STATUS_ORDER}] == \
        [status_name(s, "en") for s in STATUS_ORDER]
    assert "hollow: a plan, not done" in legend
    fig_ar, _ = bases_figure(corpus, "ar", f=Filters(outlets=("eremnews",)))
    names_ar = {tr.name for tr in fig_ar.data if tr.showlegend is not False}
    assert {"إغلاق", "انسحاب", "تسليم", "تعزيز", "إنشاء", "وجود", "ذِكر فقط"} <= names_ar


def test_planned_claims_are_hollow_and_named_planned(corpus):
    fig, _ = bases_figure(corpus)
    planned = [tr for tr in site_traces(fig) if any(cd[0] == "b6" for cd in tr.customdata)][0]
    assert planned.marker.symbol == "circle-open" and planned.name == "closure (planned)"
    assert "closure (planned)" in planned.hovertext[0]
    done = [tr for tr in site_traces(fig) if any(cd[0] == "b1" for cd in tr.customdata)][0]
    assert done.marker.symbol in (None, "circle") and done.name == "closure"
    fig_ar, _ = bases_figure(corpus, "ar")
    assert "إغلاق (مخطط)" in {tr.name for tr in site_traces(fig_ar)}


def test_the_map_as_of_an_earlier_date(corpus):
    fig, places = bases_figure(corpus, asof=dt.date(2025, 6, 1))
    assert set(places["place_id"]) == {"green_village", "euphrates_base"}  # the later reports are not known yet
    assert "2025-06-01" in fig.layout.title.text
    hover = points(fig)["b1"][3]
    assert "closure · 2025-04 · Al-Modon" in hover  # a month-precision date shown as a month


# ---------------------------------------------------------------------- exports show the same view
def test_html_export_keeps_the_frame_and_the_labels(corpus):
    fig, _ = bases_figure(corpus)
    html = exports.to_html(fig).decode("utf-8")
    assert '"type":"scattermap"' not in html and '"type":"scatter"' in html and "Green Village" in html
    ranges = [tuple(map(float, m)) for m in re.findall(r'"range":\[([-\d.e]+),([-\d.e]+)\]', html)]
    assert tuple(fig.layout.xaxis.range) in ranges and tuple(fig.layout.yaxis.range) in ranges


@pytest.mark.skipif(exports.find_chromium() is None, reason="no Chromium for kaleido")
def test_png_and_svg_exports_show_all_of_syria(corpus):
    from PIL import Image

    fig, _ = bases_figure(corpus)
    png = exports.image(fig, "png")
    assert png.ok, png.error
    # The PNG takes the map's own width (layout.width, at scale 2): no blank band on the right.
    picture = Image.open(io.BytesIO(png.data)).convert("RGB")
    assert picture.size == (fig.layout.width * 2, fig.layout.height * 2)
    assert fig.layout.height <= settings.MAP_HEIGHT_PX + 200
    middle = fig.layout.height  # a row across the middle of the map (in PNG pixels at scale 2)
    drawn = [x for x in range(picture.size[0]) if picture.getpixel((x, middle)) != (255, 255, 255)]
    assert max(drawn) >= picture.size[0] - 4 * fig.layout.margin.r, (max(drawn), picture.size[0])
    svg = exports.image(fig, "svg")
    assert svg.ok, svg.error
    text = svg.data.decode("utf-8")
    clip = re.search(r'class="plotclip"><rect width="([\d.]+)" height="([\d.]+)"', text)
    width, height = float(clip.group(1)), float(clip.group(2))
    # Syria's border (the trace uid'd "syria_border") lies inside the plot area: nothing cropped.
    start = text.find('<g class="trace scatter tracesyria_border"')
    assert start > 0, "Syria's border is not in the SVG"
    group = text[start:text.find('<g class="trace scatter', start + 10)]
    nums = [float(v) for d in re.findall(r'class="js-line" d="([^"]+)"', group) for v in re.findall(r"-?[\d.]+", d)]
    xs, ys = nums[0::2], nums[1::2]
    assert 0 <= min(xs) and max(xs) <= width and 0 <= min(ys) and max(ys) <= height
    assert max(xs) - min(xs) > 0.5 * width  # and it is the map's subject, not a corner of it
    assert "Green Village" in text and "MSS Euphrates" in text


# ---------------------------------------------------------------------- the page (AppTest)
@pytest.fixture(scope="module")
def bases_store(tmp_path_factory):
    return write_store(*bases_tables(), tmp_path_factory.mktemp("bases") / "store")


def open_bases(monkeypatch, store, lang: str = "en") -> AppTest:
    point_app_at(monkeypatch, store)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/bases.py").run()
    if lang == "ar":
        at.button_group(key="lang").set_value("ar").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def tables(at) -> list[pd.DataFrame]:
    return [el.value for el in at.dataframe]


def all_cells(frames: list[pd.DataFrame]) -> list[str]:
    return [str(v) for df in frames for v in df.astype("object").to_numpy().ravel()]


def test_page_tables_named_sites_and_counts(monkeypatch, bases_store):
    at = open_bases(monkeypatch, bases_store)
    named, counted = tables(at)
    assert list(named.columns[:3]) == ["date", "site", "status"]
    by_site = {(r.site, r.status): r.date for r in named.itertuples()}
    assert by_site[("Green Village", "closure")] == "2025-04"  # month precision shown as a month
    assert by_site[("al-Omar field", "withdrawal")] == "2025-06-19"
    assert by_site[("al-Tanf", "closure (planned)")] == "2025-06-25"  # no event date: the report's day
    assert not any("base" in s.lower() and "(unnamed)" in s for s in named["site"])
    assert set(counted["what"]) == {"3 of 8 bases (unnamed)", "1 base (unnamed)"}
    assert named["status"].iloc[0] in {status_name(s, "en", p) for s in STATUS_ORDER for p in (False, True)}
    cells = all_cells([named, counted])
    assert not [c for c in cells if c in ("None", "nan", "NaN", "NaT", "<NA>")]
    # Newest first.
    assert list(named["date"])[0] >= list(named["date"])[-1]


def test_page_tables_follow_the_slider(monkeypatch, bases_store):
    at = open_bases(monkeypatch, bases_store)
    at.slider(key="asof").set_value(dt.date(2025, 6, 1)).run()
    assert not at.exception
    named, counted = tables(at)
    assert set(named["site"]) == {"Green Village", "MSS Euphrates"}  # the June reports are not known yet
    assert set(counted["what"]) == {"3 of 8 bases (unnamed)"}
    assert "2025-06-01" in chart_specs(at)[0]["layout"]["title"]["text"]


def test_page_tables_in_arabic(monkeypatch, bases_store):
    at = open_bases(monkeypatch, bases_store, "ar")
    named, counted = tables(at)
    assert {"إغلاق", "انسحاب", "إغلاق (مخطط)"} <= set(named["status"])
    # The counts are i18n.counted's forms (the one plural system of every page): never "1 قواعد".
    assert set(counted["what"]) == {"3 قواعد من أصل 8 (دون تسمية)", "1 قاعدة (دون تسمية)"}
    assert "القرية الخضراء" in set(named["site"])
    assert not [c for c in all_cells([named, counted]) if c in ("None", "nan", "NaN", "NaT", "<NA>")]
    spec = chart_specs(at)[0]
    labels = {t for tr in spec["data"] if str(tr.get("meta", "")).split(":")[0] in STATUS_ORDER
              for t in tr.get("text", [])}
    assert labels and all(ARABIC.search(t) for t in labels)


@pytest.fixture(scope="module")
def undated_store(tmp_path_factory):
    """The bases tables and an article with no publication date that names a base and counts some."""
    articles, claims = bases_tables()
    text = "انسحبت القوات من قاعدة التنف. وأغلقت قاعدتان."
    articles = pd.concat([articles, pd.DataFrame([{
        "article_id": "a5", "source_id": "undated", "source_name": "بلا تاريخ", "source_name_en": "Undated",
        "url": "https://example.org/a5", "title": "t", "published": None, "published_origin": "unknown",
        "text": text, "path": "a5.txt"}])], ignore_index=True)
    common = {"article_id": "a5", "source_id": "undated", "published": None, "kind": "base_status",
              "status": "withdrawn", "period_start": "2025-05-10", "period_end": "2025-05-10", "date_precision": "day"}
    claims = pd.concat([claims, pd.DataFrame([
        {**common, "claim_id": "u1", "evidence": text[:29], "span_start": 0, "span_end": 29, "place_id": "al_tanf",
         "place_en": "Al-Tanf garrison", "place_ar": "التنف", "lat": 33.50583, "lon": 38.61778, "geo_precision": "exact"},
        {**common, "claim_id": "u2", "evidence": text[30:], "span_start": 30, "span_end": len(text), "status": "closed",
         "value": 2, "low": 2, "high": 2, "qualifier": "exact"}])], ignore_index=True)
    return write_store(coerce_articles(articles), coerce_claims(claims), tmp_path_factory.mktemp("undated") / "store")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_page_tables_show_no_none_for_an_undated_article(monkeypatch, undated_store, lang):
    at = open_bases(monkeypatch, undated_store, lang)
    named, counted = tables(at)
    assert {"", "2025-06-25"} <= set(named["published"]) and "" in set(counted["published"])
    assert counted["what"].str.contains(base_count(2, None, lang), regex=False).any()
    # Every cell is text: the grid would show a missing date or link as "None".
    for frame in (named, counted):
        assert all(isinstance(v, str) for v in frame.to_numpy().ravel()), frame.dtypes
    assert not [c for c in all_cells([named, counted]) if c in ("None", "nan", "NaN", "NaT", "<NA>")]


def test_page_status_column_is_wide_enough(monkeypatch, bases_store):
    at = open_bases(monkeypatch, bases_store)
    config = json.loads(at.dataframe[0].proto.columns)
    widths = {name: c.get("width") for name, c in config.items()}
    # Wide enough for the longest status and count, in px (the issue: Status was cut off).
    # ~7 px a character in the grid's font, and its cell padding.
    assert widths["status"] >= 7 * len(status_name("established", "en", True)) + 16 and widths["site"] >= 140
    counts = json.loads(at.dataframe[1].proto.columns)
    assert counts["what"]["width"] >= 7 * max(len(base_count(3, 8, "ar")), len(base_count(3, 8, "en"))) + 16


def test_area_level_claims_are_large_pale_circles_not_sites():
    places = pd.DataFrame({
        "place_id": ["hasakah_governorate", "al_tanf"], "place_ar": ["محافظة الحسكة", "التنف"],
        "place_en": ["Al-Hasakah Governorate", "Al-Tanf garrison"], "lat": [36.6, 33.50583], "lon": [41.0, 38.61778],
        "geo_precision": ["governorate", "exact"], "status": ["withdrawn", "withdrawn"],
        "status_day": pd.to_datetime(["2025-01-01"] * 2), "status_row": [0, 1], "status_source": ["x", "y"],
        "n_articles": [4, 1], "n_claims": [4, 1], "claim_id": ["c1", "c2"], "article_id": ["a1", "a2"]})
    fig = charts.bases_map(places, pd.DataFrame(), "en")
    area = [tr for tr in site_traces(fig) if str(tr.meta).endswith(":area")]
    assert len(area) == 1 and list(area[0].x) == [41.0] and area[0].marker.opacity < 0.5
    assert area[0].showlegend is False and area[0].textfont.style == "italic"
    assert "a claim about an area, not a single site" in area[0].hovertext[0]
    assert "true position 36.600° N, 41.000° E · the governorate's centre" in area[0].hovertext[0]
    assert "large pale: an area, not a site" in {tr.name for tr in fig.data}
    site = [tr for tr in site_traces(fig) if tr.meta == "withdrawn"][0]
    assert list(site.x) == [38.61778] and min(site.marker.size) < min(area[0].marker.size)
