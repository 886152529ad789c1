"""The Arabic charts' legend (horizontal, under the plot) gets room of its own.

On the bundled corpus (~60 outlets) plotly took the legend's rows from the plot: the
attacks page's panels shrank to strips and ran into each other, and the legend covered
the time axis's title. `make_figure` now grows the figure by the legend's estimated rows.
"""
from __future__ import annotations

import pytest

from _figure_page import CHROMIUM, figure_page
from lib.dashboard import charts, views
from lib.dashboard.charts.layout import LEGEND_BELOW_PLOT_PX, LEGEND_ROW_PX, legend_rows
from lib.dashboard.corpus import from_frames
from lib.dashboard.filters import Filters
from lib.synthetic import generate


@pytest.fixture(scope="module")
def many_outlets():
    """Synthetic attack counts from some twenty outlets (forty legend entries with running counts)."""
    corpus = from_frames(*generate(300, 3000, seed=7))
    return {lang: views.attacks(corpus, Filters(), lang)[0] for lang in ("en", "ar")}


def _plot_px(layout) -> float:
    return layout.height - layout.margin.t - layout.margin.b


def test_legend_rows_pack_names_into_rows():
    assert legend_rows([]) == 0
    assert legend_rows(["SANA", "Enab Baladi"]) == 1
    long_names = [f"وكالة الأنباء رقم {i}" for i in range(40)]
    assert legend_rows(long_names) > legend_rows(long_names[:10]) > 1
    assert legend_rows(["x" * 300]) == 1  # a name wider than a row is a row of its own, not zero


def test_an_arabic_legend_adds_height_and_leaves_the_plot_its_own(many_outlets):
    df = many_outlets["ar"]
    full = charts.attack_periods_chart(df, "ar", "count").layout
    one_outlet = charts.attack_periods_chart(df[df["source_id"] == df["source_id"].iloc[0]], "ar", "count").layout
    entries = [t for t in charts.attack_periods_chart(df, "ar", "count").data if t.showlegend is not False and t.name]
    rows = legend_rows([t.name for t in entries])
    assert rows >= 3
    assert full.margin.b >= LEGEND_BELOW_PLOT_PX + rows * LEGEND_ROW_PX
    assert full.height > one_outlet.height
    assert _plot_px(full) == _plot_px(one_outlet)  # the panels keep their height, whatever the legend
    assert full.legend.y * _plot_px(full) == pytest.approx(-LEGEND_BELOW_PLOT_PX)


def test_an_english_legend_beside_the_plot_changes_nothing(many_outlets):
    layout = charts.attack_periods_chart(many_outlets["en"], "en", "count").layout
    assert layout.legend.orientation != "h"
    assert layout.height == 600  # two panels of 300 px, as before


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium for playwright")
def test_in_a_browser_the_arabic_legend_and_panel_titles_overlap_nothing(tmp_path, many_outlets):
    """What only a browser shows: where plotly really drew the legend, the time axis's title
    and each panel's title, for an Arabic chart with forty legend entries."""
    pytest.importorskip("playwright.sync_api")
    fig = charts.attack_periods_chart(many_outlets["ar"], "ar", "count")
    with figure_page(fig, tmp_path, width=1000, height=900) as page:
        boxes = page.evaluate("""() => {
          const gd = document.querySelector('.js-plotly-plot');
          const box = el => { const r = el.getBoundingClientRect(); return [r.top, r.bottom]; };
          const fl = gd._fullLayout, top = gd.getBoundingClientRect().top;
          const panels = ['yaxis', 'yaxis2'].map(k => [fl[k]._offset + top, fl[k]._offset + fl[k]._length + top]);
          return {legend: box(document.querySelector('.legend')),
                  xtitle: box(document.querySelector('.g-xtitle')),
                  titles: [...document.querySelectorAll('.annotation')].map(box),
                  panels: panels, figure: box(gd)};
        }""")
    assert boxes["legend"][0] >= boxes["xtitle"][1], boxes  # the legend starts under the axis title
    assert boxes["legend"][1] <= boxes["figure"][1] + 1, boxes  # and ends inside the figure
    (upper_top, upper_bottom), (lower_top, _) = boxes["panels"]
    assert lower_top - upper_bottom >= 30, boxes  # a gap between the panels, in pixels
    lower_title = max(boxes["titles"], key=lambda b: b[0])
    assert lower_title[0] >= upper_bottom and lower_title[1] <= lower_top + 1, boxes  # the title sits in the gap
