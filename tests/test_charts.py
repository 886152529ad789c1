"""Chart functions: given a small frame, the figure holds the traces, points, ranges and hover expected."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from lib.dashboard import charts
from lib.dashboard import views
from lib.dashboard.filters import Filters
from lib.dashboard.i18n import LANGS, missing_keys, strings, t



def data_traces(fig):
    return [tr for tr in fig.data if tr.meta not in ("legend", "range", "stems", "outline", "segments")]


def sources(fig):
    return {cd[2] for tr in data_traces(fig) for cd in (tr.customdata if tr.customdata is not None else []) if cd is not None}


def test_troops_chart_traces_symbols_ranges_and_hover(seedlike):
    df, _ = views.troops(seedlike, Filters(), "en")
    fig = charts.troops_chart(df, "en")
    by_name = {tr.name: tr for tr in data_traces(fig)}
    assert set(by_name) == {"Al-Modon", "Erem News", "Al-Thawra"}
    # Legend entries explain the marker shapes of the whens present (a plan: hollow) and hold no data.
    legend = [tr for tr in fig.data if tr.meta == "legend"]
    assert [(tr.name, tr.marker.symbol) for tr in legend] == [("past", "square"), ("planned", "diamond-open")]
    assert all(tr.x == (None,) for tr in legend)
    modon = by_name["Al-Modon"]
    assert list(modon.y) == [1000.0]
    assert list(modon.error_y.arrayminus) == [1000.0] and list(modon.error_y.array) == [0.0]  # 0..1000
    assert modon.marker.symbol == ("diamond-open",)  # planned: hollow; the bound is the bar
    hover = modon.hovertext[0]
    assert "Al-Modon" in hover and "2025-05-27" in hover and "less than 1,000" in hover
    assert "ستؤدي إلى تقليص الوجود الأميركي" in hover
    assert "Carried by" not in hover  # al-Thawra's "half of 2000" is another figure
    erem = by_name["Erem News"]
    assert sorted(erem.y) == [1400.0, 2000.0]
    assert set(erem.marker.symbol) == {"square", "diamond-open"}  # past, and planned (hollow)
    assert {cd[0] for cd in erem.customdata} == {"c5", "c6"}


def test_outlets_reporting_the_same_day_are_side_by_side(seedlike):
    df, _ = views.troops(seedlike, Filters(), "en")
    fig = charts.troops_chart(df, "en")
    points = {(tr.name, y): x for tr in data_traces(fig) for x, y in zip(tr.x, tr.y)}
    # Al-Modon and Al-Thawra both reported 1,000 on 27 May: drawn apart, half a day (the axis's bin)
    # either side of it. Al-Thawra's 2,000 and Erem News's figures share their spot with no one: on their day.
    assert {points[("Al-Modon", 1000.0)], points[("Al-Thawra", 1000.0)]} == {"2025-05-26 12:00:00",
                                                                            "2025-05-27 12:00:00"}
    assert points[("Al-Thawra", 2000.0)] == "2025-05-27 00:00:00"
    assert points[("Erem News", 1400.0)] == points[("Erem News", 2000.0)] == "2025-05-28 00:00:00"


def _attack_traces(fig, name):
    segments = [tr for tr in fig.data if tr.meta == "segments" and tr.name == name][0]
    points = [tr for tr in fig.data if tr.meta is None and tr.name == name][0]
    return segments, points


def test_attack_periods_are_segments_over_the_period(seedlike):
    df, _ = views.attacks(seedlike, Filters(), "en")
    fig = charts.attack_periods_chart(df, "en", "count")
    segments, points = _attack_traces(fig, "Erem News")
    xs = list(segments.x)
    # One segment per count: start, end, gap; horizontal at the reported figure.
    assert len(xs) == 6 and xs[2] is None and xs[5] is None
    spans = {(xs[i], xs[i + 1]): segments.y[i] for i in (0, 3)}
    assert spans == {("2024-01-01", "2024-12-31"): 150, ("2025-01-01", "2025-04-30"): 130}
    assert segments.y[0] == segments.y[1] and np.isnan(segments.y[2])
    assert segments.hoverinfo == "skip"
    # Hover and claim ids sit on a marker in the middle of each period.
    assert sorted(points.y) == [130, 150] and {cd[0] for cd in points.customdata} == {"c3", "c4"}
    assert sorted(points.x) == ["2024-07-01", "2025-03-01"]
    assert "2025-01-01" in points.hovertext[list(points.y).index(130)]
    running_seg, running_pts = _attack_traces(fig, "Enab Baladi · running count")
    assert running_seg.line.dash == "dash" and "running count" in running_pts.hovertext[0]
    strikes = [tr for tr in fig.data if tr.meta is None and tr.name == "Al-Modon"][0]
    assert "Carried by 2 outlets: Al-Modon, Enab Baladi" in strikes.hovertext[0]
    assert strikes.marker.symbol[0] == "diamond"
    boxes = [tr for tr in fig.data if tr.meta == "range"]
    assert len(boxes) == 1 and np.nanmin(boxes[0].y) == 24 and np.nanmax(boxes[0].y) == 99
    assert [tr.name for tr in fig.data if tr.meta == "legend"] == ["attacks", "strikes"]


def test_attack_rates_chart_uses_per_month_values(seedlike):
    df, _ = views.attacks(seedlike, Filters(), "en")
    fig = charts.attack_periods_chart(df, "en", "rate")
    _, points = _attack_traces(fig, "Erem News")
    assert sorted(round(y, 1) for y in points.y) == [12.5, 33.0]
    assert fig.layout.yaxis.title.text == "Per month"


def test_incidents_chart(seedlike):
    df, _ = views.incidents(seedlike, Filters(), "en")
    fig = charts.incidents_chart(df, "en")
    pts = data_traces(fig)
    assert len(pts) == 1 and list(pts[0].y) == [2.0]
    hover = pts[0].hovertext[0]
    assert "killed 1 · injured 1 · arrested ?" in hover and "Al-Bahra" in hover
    # The article's markup reaches the hover escaped.
    assert "&lt;script&gt;" in hover and "<script>" not in hover


def test_bases_map_is_offline_safe_and_centred(seedlike):
    places, hist = views.bases(seedlike, Filters(), "en", None)
    offline = charts.bases_map(places, hist, "en", basemap=False)
    assert offline.layout.map.style == "white-bg"
    assert [ly.sourcetype for ly in offline.layout.map.layers] == ["geojson"]  # Syria's outline, bundled
    # Centred between al-Omar (35.15, 40.57) and Conoco (35.33, 40.30), at the closest zoom allowed.
    assert (offline.layout.map.center.lat, offline.layout.map.center.lon) == (pytest.approx(35.24), pytest.approx(40.435))
    assert offline.layout.map.zoom == 6.0
    (trace,) = data_traces(offline)
    assert trace.type == "scattermap" and trace.meta == "withdrawn"
    assert trace.marker.color == charts.STATUS_COLORS["withdrawn"]
    assert "withdrawn (reported for" in trace.hovertext[0] and "Al-Thawra" in trace.hovertext[0]
    online = charts.bases_map(places, hist, "en", basemap=True)
    assert [ly.sourcetype for ly in online.layout.map.layers] == ["raster", "geojson"]
    assert [ly.sourcetype for ly in charts.without_tiles(online).layout.map.layers] == ["geojson"]


def test_area_level_places_are_drawn_as_areas():
    places = pd.DataFrame({"place_id": ["hasakah", "tanf"], "place_ar": ["الحسكة", "التنف"], "place_en": ["Hasakah", "Al-Tanf"],
                           "lat": [36.6, 33.5], "lon": [41.0, 38.6], "geo_precision": ["governorate", "exact"],
                           "status": ["withdrawn", "withdrawn"], "status_day": pd.to_datetime(["2025-01-01"] * 2),
                           "status_row": [0, 1], "status_source": ["x", "y"], "n_articles": [4, 1], "n_claims": [4, 1]})
    fig = charts.bases_map(places, pd.DataFrame(), "en", basemap=False)
    area = [tr for tr in fig.data if "area" in tr.name]
    assert len(area) == 1 and list(area[0].lat) == [36.6] and area[0].marker.opacity < 0.5


def test_map_view_fits_the_points():
    centre, zoom = charts.map_view([30.0, 40.0], [30.0, 50.0])
    assert centre == {"lat": 35.0, "lon": 40.0}
    assert zoom == pytest.approx(4.72, abs=0.01)  # 20 degrees of longitude in about 600 px, with a margin
    centre, zoom = charts.map_view([33.0, 37.0], [36.0, 42.0])
    assert centre == {"lat": 35.0, "lon": 39.0} and zoom == 6.0  # 6.46 to fit; never closer than 6
    assert charts.map_view([], []) == ({"lat": 35.0, "lon": 38.5}, 5.0)  # Syria


def test_disagreement_chart_flags_conflicts(seedlike):
    _, _, dis = views.outlets(seedlike, Filters(), "en")
    fig = charts.disagreement_chart(dis, "en")
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["≠ troops (US) · planned · reported 2025-05", "= troops (US) · past · reported 2025-05",
                      "= strikes (US) · \u20662024-01-01\u2069 to \u20662024-12-31\u2069"]
    planned, past, strikes = fig.data
    assert [tr.xaxis for tr in fig.data] == ["x", "x2", "x3"]
    assert set(zip(planned.y, planned.x)) == {("Erem News", 1400.0), ("Al-Modon", 1000.0), ("Al-Thawra", 1000.0)}
    assert set(zip(past.y, past.x)) == {("Erem News", 2000.0), ("Al-Thawra", 2000.0)}
    assert set(zip(strikes.y, strikes.x)) == {("Al-Modon", 61.5), ("Enab Baladi", 61.5)}  # "dozens": 24..99
    modon = list(planned.y).index("Al-Modon")
    assert planned.error_x.arrayminus[modon] == 1000.0 and planned.marker.symbol[modon] == "circle-open"


def test_articles_timeline_and_heatmap(seedlike):
    monthly = views.overview(seedlike, Filters(), "en")["monthly"]
    fig = charts.articles_timeline(monthly, seedlike.outlet_names("en"), "en")
    assert sum(sum(tr.y) for tr in fig.data) == 4 and len(fig.data) == 4
    heat = charts.outlet_heatmap(monthly, seedlike.outlet_names("en"), "en")
    assert heat.data[0].type == "heatmap" and int(np.sum(heat.data[0].z)) == 4


def test_empty_frames_give_empty_figures_not_errors(seedlike):
    empty_df, _ = views.troops(seedlike, Filters(outlets=("nobody",)), "en")
    assert empty_df.empty
    for fig in (charts.troops_chart(empty_df), charts.attack_periods_chart(views.attacks(seedlike, Filters(outlets=("nobody",)), "en")[0]),
                charts.disagreement_chart(empty_df.assign(quantity=[]))):
        assert not data_traces(fig)


def test_arabic_is_passed_to_plotly_as_it_is(seedlike):
    df, _ = views.troops(seedlike, Filters(), "ar")
    fig = charts.troops_chart(df, "ar")
    text = json.dumps(fig.to_plotly_json(), ensure_ascii=False, default=str)
    assert "عدد القوات الأمريكية في سوريا كما ورد" in text and "المدن" in text
    assert not any("\ufb50" <= ch <= "\ufeff" for ch in text), "pre-shaped Arabic garbles in the browser"
    assert fig.layout.hoverlabel.align == "right"
    # Each Arabic hover line gets a right-to-left base direction (RLE ... PDF).
    assert all(line.startswith("\u202b") for line in data_traces(fig)[0].hovertext[0].split("<br>"))


def test_evidence_markup_is_escaped_in_hover():
    df = pd.DataFrame({"source_id": ["x"], "outlet": ["X"], "published": [pd.Timestamp("2025-01-01")],
                       "value": [5.0], "low": [5.0], "high": [5.0], "qualifier": ["exact"], "when": ["current"],
                       "y": [5.0], "y_lo": [5.0], "y_hi": [5.0], "n_sources": [1], "sources": [("x",)],
                       "evidence": ['<b onmouseover="x">bold</b> & <a href="javascript:1">link</a>'],
                       "claim_id": ["c"], "article_id": ["a"]})
    hover = charts.troops_chart(df).data[0].hovertext[0]
    assert "&lt;b onmouseover" in hover and "<a href" not in hover and "&amp;" in hover


def test_every_ui_string_exists_in_both_languages():
    assert missing_keys() == {lang: set() for lang in LANGS}
    table = strings()
    for key, text in table["ar"].items():
        assert text != table["en"][key] or not any(c.isalpha() for c in text) or key.startswith("fig."), key
    assert t("overview.per_month", "ar", rate="3.0") == "3.0 شهرياً"


def test_figures_serialise_as_plotly_would_and_stay_intact(seedlike):
    """`to_dict()` (what Streamlit sends) is plotly's own output, built without deep copies."""
    import plotly.graph_objects as go
    import plotly.io as pio

    names = seedlike.outlet_names("en")
    attacks, _ = views.attacks(seedlike, Filters(), "en")
    places, hist = views.bases(seedlike, Filters(), "en", None)
    monthly, figures, dis = views.outlets(seedlike, Filters(), "en")
    figs = [charts.attack_periods_chart(attacks, "en", "count"), charts.attack_periods_chart(attacks, "ar", "rate"),
            charts.incidents_chart(views.incidents(seedlike, Filters(), "en")[0], "en"),
            charts.troops_chart(views.troops(seedlike, Filters(), "ar")[0], "ar"),
            charts.bases_map(places, hist, "en"), charts.outlet_heatmap(monthly, names, "en"),
            charts.outlet_figures_chart(figures, "en"), charts.disagreement_chart(dis, "en"),
            charts.articles_timeline(monthly, names, "en")]
    for fig in figs:
        reference = json.loads(pio.to_json(go.Figure.to_dict(fig), validate=False))
        ours = fig.to_dict()
        assert json.loads(pio.to_json(ours, validate=False)) == reference
        # Serialising changed nothing in the figure.
        ours["data"][0]["name"] = "changed" if ours["data"] else None
        assert json.loads(pio.to_json(go.Figure.to_dict(fig), validate=False)) == reference
    # Numeric arrays go as base64 typed arrays, as plotly sends them.
    assert "bdata" in json.dumps(figs[0].to_dict()["data"], default=str)
