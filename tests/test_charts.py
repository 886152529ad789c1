"""Chart functions: given a small frame, the figure holds the traces, points, ranges and hover expected."""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from lib.dashboard import charts
from lib.dashboard import views
from lib.dashboard.filters import Filters
from lib.dashboard.i18n import LANGS, missing_keys, strings, t



def data_traces(fig):
    return [tr for tr in fig.data if tr.meta not in ("legend", "legend-outlet", "range", "stems", "outline", "segments")]


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


def test_disagreement_chart_flags_conflicts(seedlike):
    _, _, dis = views.outlets(seedlike, Filters(), "en")
    fig = charts.disagreement_chart(dis, "en")
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["≠ troops (US) · planned · reported \u20662025-05\u2069", "= troops (US) · past · reported \u20662025-05\u2069",
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
    missing = missing_keys()
    assert missing["ar"] == set()
    # English lacks only the plural forms English does not have (Arabic's dual, few, many).
    assert all(k.startswith("count.") and k.rsplit(".", 1)[1] in ("zero", "two", "few", "many") for k in missing["en"])
    table = strings()
    for key, text in table["ar"].items():
        # Translated: Arabic letters in it (a bilingual label counts), or nothing to translate.
        words = re.sub(r"\{[^}]*\}", "", text)  # placeholders are not words
        arabic = any("\u0600" <= c <= "\u06ff" for c in words)
        assert arabic or not any(c.isalpha() for c in words) or key.startswith("fig."), key
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


# ---------------------------------------------------------------------- issue 14: honest encodings
def _luminance(color: str) -> float:
    h = color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _monthly(rows):
    return pd.DataFrame([{"month": pd.Timestamp(m), "source_id": s, "articles": n} for m, s, n in rows])


def test_coverage_heatmap_is_dark_where_there_are_articles_and_blank_where_there_are_none():
    monthly = _monthly([("2020-01-01", "x", 1), ("2024-06-01", "x", 5), ("2024-06-01", "y", 2)])
    heat = charts.outlet_heatmap(monthly, {"x": "X", "y": "Y"}, "en").data[0]
    z = np.array(heat.z, dtype=float)
    assert z.shape == (2, 54)  # every month from 2020-01 to 2024-06, for both outlets
    assert np.isnan(z).sum() == z.size - 3, "a month with no article has no cell (white), not a coloured zero"
    # An explicit scale from light to dark (a named one is reversed in plotly.js), with its low end at 1 article:
    # the busiest month is the darkest, a single article is still visible.
    scale = [c for _, c in heat.colorscale]
    assert _luminance(scale[0]) > _luminance(scale[-1]) + 0.5 and _luminance(scale[0]) < 0.95
    assert heat.zmin == 1 and heat.zmax == 5 and heat.hoverongaps is False
    assert heat.colorbar.dtick == 1  # whole articles


def test_plans_are_hollow_and_named_planned_never_drawn_as_facts(seedlike):
    df, _ = views.troops(seedlike, Filters(), "en")
    fig = charts.troops_chart(df, "en")
    for tr in data_traces(fig):
        for symbol, hover, cd in zip(tr.marker.symbol, tr.hovertext, tr.customdata):
            planned = cd[0] in {"c2", "c6", "c13"}
            assert symbol.endswith("-open") == planned, (cd[0], symbol)
            assert ("(planned)" in hover) == planned
    legend = {tr.name: tr.marker.symbol for tr in fig.data if tr.meta == "legend"}
    assert legend["planned"].endswith("-open") and not legend["past"].endswith("-open")
    # A planned base closure (base claims may carry when = planned, or nothing) is a plan on the Outlets page too.
    figs = pd.DataFrame({"source_id": ["x", "y"], "outlet": ["X", "Y"], "kind": ["base_status", "base_status"],
                         "published": pd.to_datetime(["2025-05-01", "2025-05-02"]), "value": [3.0, 3.0],
                         "low": [3.0, 3.0], "high": [3.0, 3.0], "qualifier": ["exact", "exact"],
                         "when": ["planned", None], "status": ["closed", "closed"], "actor": [None, None],
                         "quantity": ["q1", "q2"], "evidence": ["e", "f"], "claim_id": ["b1", "b2"],
                         "article_id": ["a1", "a2"]})
    (tr,) = data_traces(charts.outlet_figures_chart(figs, "en"))
    assert list(tr.marker.symbol) == ["star-open", "star"]
    assert "(planned)" in tr.hovertext[0] and "bases · closure · planned · reported \u20662025-05\u2069" in tr.hovertext[0]
    assert "planned" not in tr.hovertext[1]


def test_vague_amounts_are_ranges_never_a_point_at_their_middle(seedlike):
    df, _ = views.attacks(seedlike, Filters(), "en")
    for measure, (lo, hi) in (("count", (24, 99)), ("rate", (24 / (366 / 30.4375), 99 / (366 / 30.4375)))):
        fig = charts.attack_periods_chart(df, "en", measure)
        (modon,) = [tr for tr in data_traces(fig) if tr.name == "Al-Modon"]  # "dozens of strikes" in 2024
        mid = (lo + hi) / 2
        assert modon.y[0] == pytest.approx(mid) and modon.marker.opacity[0] == 0, "the hover target is invisible"
        assert modon.error_y.arrayminus[0] == pytest.approx(mid - lo) and modon.error_y.array[0] == pytest.approx(hi - mid)
        # No segment is drawn at the middle; the band runs from low to high.
        segments = [y for tr in fig.data if tr.meta == "segments" for y in tr.y if not np.isnan(y)]
        assert not any(y == pytest.approx(mid) for y in segments)
        (band,) = [tr for tr in fig.data if tr.meta == "range"]
        assert (np.nanmin(band.y), np.nanmax(band.y)) == (pytest.approx(lo), pytest.approx(hi))
        # Exact counts stay solid points with no bar.
        (erem,) = [tr for tr in data_traces(fig) if tr.name == "Erem News"]
        assert list(erem.marker.opacity) == [1.0, 1.0] and all(np.isnan(erem.error_y.array))
    _, _, dis = views.outlets(seedlike, Filters(), "en")
    strikes = [tr for tr in charts.disagreement_chart(dis, "en").data if tr.xaxis == "x3"][0]
    assert list(strikes.marker.opacity) == [0.0, 0.0]
    assert list(strikes.error_x.arrayminus) == [37.5, 37.5] and list(strikes.error_x.array) == [37.5, 37.5]


def test_attacks_and_strikes_are_on_separate_axes(seedlike):
    df, _ = views.attacks(seedlike, Filters(), "en")
    fig = charts.attack_periods_chart(df, "en", "count")
    axis_of = {}
    for tr in data_traces(fig):
        for cd in tr.customdata:
            axis_of[cd[0]] = tr.yaxis
    assert axis_of["c3"] == axis_of["c4"] == axis_of["c7"] == "y" and axis_of["c1"] == "y2"
    assert fig.layout.yaxis.domain[0] > fig.layout.yaxis2.domain[1], "attacks above strikes, apart"
    assert [a.text for a in fig.layout.annotations] == ["<b>attacks (ISIS)</b>", "<b>strikes (US)</b>"]
    # With one kind left by a filter, one panel.
    only = charts.attack_periods_chart(df[df["kind"].astype(str) == "attacks"], "en", "count")
    assert {tr.yaxis for tr in data_traces(only)} == {"y"} and "yaxis2" not in only.layout.to_plotly_json()


def test_a_count_too_short_for_a_rate_is_left_out_of_the_rate_chart_and_says_so():
    df = pd.DataFrame({"source_id": ["x", "x"], "outlet": ["X", "X"], "kind": ["attacks", "attacks"],
                       "published": pd.to_datetime(["2025-12-18", "2025-12-19"]), "value": [80.0, 130.0],
                       "low": [80.0, 130.0], "high": [80.0, 130.0], "qualifier": ["approx", "exact"],
                       "cumulative": [False, False], "actor": ["ISIS", "ISIS"],
                       "period_start": pd.to_datetime(["2025-12-18", "2025-01-01"]),
                       "period_end": pd.to_datetime(["2025-12-18", "2025-04-30"]), "evidence": ["e", "f"],
                       "claim_id": ["short", "long"], "article_id": ["a1", "a2"], "n_sources": [1, 1],
                       "sources": [("x",), ("x",)]})
    from lib.dashboard import queries

    df["days"] = (df["period_end"] - df["period_start"]).dt.days + 1.0
    df["y"] = df["y_lo"] = df["y_hi"] = df["value"]
    for c in ("rate", "rate_lo", "rate_hi"):
        df[c] = queries.rate_per_month(df["value"].to_numpy(), df["days"].to_numpy())
    hover = charts.attack_hover(df, "en")
    assert "no monthly rate" in hover[0] and "= 33.0 per month" in hover[1]
    rates = charts.attack_periods_chart(df, "en", "rate")
    assert {cd[0] for tr in data_traces(rates) for cd in tr.customdata} == {"long"}
    counts = charts.attack_periods_chart(df, "en", "count")
    assert {cd[0] for tr in data_traces(counts) for cd in tr.customdata} == {"short", "long"}
    caption = charts.rates_caption(df, "en")
    assert "33.0 a month" in caption and "less than 28 days" in caption and "2,435" not in caption


def test_the_rates_caption_is_computed_from_the_rows_it_describes(seedlike):
    df, _ = views.attacks(seedlike, Filters(), "en")
    caption = charts.rates_caption(df, "en")
    # The same figure and rate as the hover of the same claim (and the Overview: same rule, same function).
    assert "130 over \u20662025-01-01\u2069 to \u20662025-04-30\u2069 (120 days), is 33.0 a month" in caption
    (erem,) = [tr for tr in data_traces(charts.attack_periods_chart(df, "en", "rate")) if tr.name == "Erem News"]
    assert any("= 33.0 per month" in h for h in erem.hovertext)
    assert "32.5" not in caption and "running counts" in caption
    enab, _ = views.attacks(seedlike, Filters(outlets=("enabbaladi",)), "en")
    caption = charts.rates_caption(enab, "en")
    assert "130" not in caption and "33.0" not in caption
    assert "strikes: 24–99 (vague)" in caption and "2.0–8.2 a month" in caption
    assert charts.rates_caption(enab.iloc[:0], "en") is None


def _axis_days(axis) -> tuple[pd.Timestamp, pd.Timestamp]:
    lo, hi = (pd.Timestamp(v) for v in axis.range)
    return lo, hi


def test_date_axes_fit_the_data_and_tick_on_whole_days_months_or_years(seedlike):
    df, _ = views.attacks(seedlike, Filters(), "en")
    axis = charts.attack_periods_chart(df, "en", "count").layout.xaxis
    lo, hi = _axis_days(axis)
    # Periods run 2024-01-01..2025-04-30: the axis too, with a small margin (not 2018-2027).
    assert pd.Timestamp("2023-11-01") < lo < pd.Timestamp("2024-01-01") < pd.Timestamp("2025-05-31") < hi \
        < pd.Timestamp("2025-07-01")
    for fig in (charts.attack_periods_chart(df, "en", "count"), charts.troops_chart(views.troops(seedlike, Filters(), "en")[0]),
                charts.incidents_chart(views.incidents(seedlike, Filters(), "en")[0])):
        ax = fig.layout.xaxis
        assert "%H" not in ax.tickformat and "%L" not in ax.tickformat and "%S" not in ax.tickformat
        assert str(ax.dtick).startswith("M") or float(ax.dtick) >= 86_400_000, "no tick finer than a day"


def test_a_single_article_is_a_narrow_bar_on_whole_number_axes():
    monthly = _monthly([("2025-05-01", "x", 1)])
    fig = charts.articles_timeline(monthly, {"x": "X"}, "en")
    lo, hi = _axis_days(fig.layout.xaxis)
    (bar,) = fig.data
    assert bar.width[0] / 86_400_000 / (hi - lo).days < 0.1, "one month's bar, not a block filling the plot"
    assert fig.layout.yaxis.dtick == 1 and fig.layout.yaxis.tick0 == 0  # no 0.5 articles
    assert fig.layout.xaxis.tickformat in ("%Y-%m", "%Y")
    heat = charts.outlet_heatmap(monthly, {"x": "X"}, "en")
    lo, hi = _axis_days(heat.layout.xaxis)
    assert (hi - lo).days >= 365


def test_colour_is_the_outlet_in_every_chart_and_shapes_are_grey_in_the_legend(seedlike):
    palette = charts.outlet_colors(["eremnews", "almodon", "enabbaladi", "althawra"])
    attacks, _ = views.attacks(seedlike, Filters(), "en")
    monthly, figures, dis = views.outlets(seedlike, Filters(), "en")
    figs = [charts.attack_periods_chart(attacks, "en", "count", palette), charts.attack_periods_chart(attacks, "en", "rate", palette),
            charts.incidents_chart(views.incidents(seedlike, Filters(), "en")[0], "en", palette),
            charts.troops_chart(views.troops(seedlike, Filters(), "en")[0], "en", palette),
            charts.outlet_figures_chart(figures, "en", palette), charts.disagreement_chart(dis, "en", palette),
            charts.articles_timeline(monthly, seedlike.outlet_names("en"), "en", palette)]
    for fig in figs:
        for tr in data_traces(fig):
            colors = tr.marker.color
            colors = [colors] * len(tr.customdata) if isinstance(colors, str) else list(colors)
            for cd, color in zip(tr.customdata, colors):
                assert color == palette[cd[2]], (fig.layout.title.text, cd, color)
        for tr in fig.data:
            if tr.meta == "legend":
                assert tr.marker.color not in palette.values(), "a shape's legend entry must not wear an outlet's colour"


def test_figures_that_would_hide_each_other_are_set_apart():
    # One outlet, one day, one value, two whens (a past and a current 2,000): two markers side by side.
    df = pd.DataFrame({"source_id": ["x", "x", "y"], "outlet": ["X", "X", "Y"],
                       "published": pd.to_datetime(["2025-05-27", "2025-05-27", "2025-09-01"]),
                       "value": [2000.0, 2000.0, 900.0], "low": [2000.0, 2000.0, 900.0],
                       "high": [2000.0, 2000.0, 900.0], "qualifier": ["exact"] * 3, "when": ["past", "current", "current"],
                       "y": [2000.0, 2000.0, 900.0], "y_lo": [2000.0, 2000.0, 900.0], "y_hi": [2000.0, 2000.0, 900.0],
                       "claim_id": ["p", "c", "o"], "article_id": ["a", "a", "b"], "evidence": ["e", "e", "f"]})
    fig = charts.troops_chart(df, "en")
    spots = [(x, y) for tr in data_traces(fig) for x, y in zip(tr.x, tr.y)]
    assert len(set(spots)) == 3


def test_incidents_with_no_casualty_figure_are_not_drawn_at_zero():
    df = pd.DataFrame({"source_id": ["x", "y"], "outlet": ["X", "Y"], "published": pd.to_datetime(["2025-01-02"] * 2),
                       "day": pd.to_datetime(["2025-01-01", "2025-01-02"]), "killed": [2.0, np.nan],
                       "injured": [1.0, np.nan], "arrested": [np.nan, 7.0], "casualties": [3.0, np.nan],
                       "place_en": ["A", "B"], "claim_id": ["k", "raid"], "article_id": ["a", "b"], "evidence": ["e", "f"]})
    fig = charts.incidents_chart(df, "en")
    on_axis = {cd[0]: (tr.yaxis, y) for tr in data_traces(fig) for cd, y in zip(tr.customdata, tr.y)}
    assert on_axis["k"] == ("y", 3.0)
    assert on_axis["raid"][0] == "y2", "the raid sits in its own strip, not at 0 killed + injured"
    assert fig.layout.yaxis2.showticklabels is False and fig.layout.yaxis.domain[0] > fig.layout.yaxis2.domain[1]
    stems = [tr for tr in fig.data if tr.meta == "stems"][0]
    assert [y for y in stems.y if not np.isnan(y)] == [0.0, 3.0]


def test_hovers_name_outlets_and_quantities_in_words_never_slugs_or_keys(seedlike):
    # A story carried by an outlet whose own row is not drawn: the hover still names it.
    df, _ = views.attacks(seedlike, Filters(), "en")
    strikes = df[df["kind"].astype(str) == "strikes"]
    hover = charts.attack_hover(strikes, "en")[0]
    assert "Carried by 2 outlets: Al-Modon, Enab Baladi" in hover and "enabbaladi" not in hover
    _, figures, _ = views.outlets(seedlike, Filters(), "en")
    text = " ".join(h for tr in data_traces(charts.outlet_figures_chart(figures, "en")) for h in tr.hovertext)
    assert "@" not in text and "troops US" not in text
    assert "troops (US) · planned · reported \u20662025-05\u2069" in text


def test_every_point_carries_its_claim_and_article(seedlike):
    attacks, _ = views.attacks(seedlike, Filters(), "en")
    monthly, figures, dis = views.outlets(seedlike, Filters(), "en")
    for fig in (charts.attack_periods_chart(attacks, "en", "count"), charts.attack_periods_chart(attacks, "en", "rate"),
                charts.incidents_chart(views.incidents(seedlike, Filters(), "en")[0], "en"),
                charts.troops_chart(views.troops(seedlike, Filters(), "en")[0], "en"),
                charts.outlet_figures_chart(figures, "en"), charts.disagreement_chart(dis, "en")):
        points = [cd for tr in data_traces(fig) for cd in tr.customdata]
        assert points and all(cd[0].startswith("c") and cd[1].startswith("a-") for cd in points)
    # Marks that count articles say which outlet and month they count.
    bar = charts.articles_timeline(monthly, seedlike.outlet_names("en"), "en").data[0]
    assert list(bar.customdata[0]) == ["", "", bar.customdata[0][2], "2025-05"] and bar.customdata[0][2]
    heat = charts.outlet_heatmap(monthly, seedlike.outlet_names("en"), "en").data[0]
    assert {tuple(cell)[3] for row in heat.customdata for cell in row} == {"2025-05"}


def test_chart_csvs_are_the_claims_with_readable_columns(seedlike):
    internal = {"row", "y", "y_lo", "y_hi", "rate_lo", "rate_hi", "story", "article_row", "_style", "months", "sources"}
    attacks, _ = views.attacks(seedlike, Filters(), "en")
    monthly, figures, dis = views.outlets(seedlike, Filters(), "en")
    frames = [attacks, views.incidents(seedlike, Filters(), "en")[0], views.troops(seedlike, Filters(), "en")[0],
              figures, dis]
    for df in frames:
        table = charts.claims_table(df, "en")
        assert not internal & set(table.columns), internal & set(table.columns)
        assert list(table.columns[:4]) == ["claim_id", "article_id", "outlet", "published"]
        assert "evidence" in table.columns and len(table) == len(df)
        assert table.index.equals(pd.RangeIndex(len(df)))
    troops = charts.claims_table(views.troops(seedlike, Filters(), "en")[0], "en").set_index("claim_id")
    assert troops.loc["c2", "figure"] == "less than 1,000" and troops.loc["c2", "when"] == "planned"
    counts = charts.claims_table(attacks, "en").set_index("claim_id")
    assert counts.loc["c3", "per_month"] == 32.97 and counts.loc["c3", "period_start"] == "2025-01-01"
    assert counts.loc["c1", "carried_by"] == "Al-Modon; Enab Baladi"
    assert charts.claims_table(dis, "en")["quantity"].iloc[0] == "troops (US) · planned · reported 2025-05"
    assert list(charts.monthly_table(monthly, seedlike.outlet_names("en")).columns) == ["month", "outlet", "articles"]
