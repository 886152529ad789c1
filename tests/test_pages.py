"""AppTest for every page: each runs, and the sidebar filters change what the charts hold."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from _dashboard_data import APP, arr, chart_specs, point_app_at, seedlike_tables, write_store
from conftest import PAGES, SEEDS_DIR
from lib.dashboard.i18n import t
from lib.store.delta import is_store

TIMEOUT = 60


def _customdata(spec: dict) -> list[list]:
    """Every drawn point's or cell's customdata [claim_id, article_id, source_id, ...]: one per point,
    or one per cell of a heatmap (a row of such lists per y)."""
    out: list[list] = []

    def visit(cd) -> None:
        if isinstance(cd, list) and cd and isinstance(cd[0], list):
            for c in cd:
                visit(c)
        elif isinstance(cd, list) and len(cd) >= 3:
            out.append(cd)

    for tr in spec.get("data", []):
        visit(tr.get("customdata") or [])
    return out


def sources_in(spec: dict) -> set[str]:
    """Outlet slugs of every drawn point or cell."""
    return {cd[2] for cd in _customdata(spec) if isinstance(cd[2], str) and cd[2]}


def claim_ids_in(spec: dict) -> set[str]:
    """Claim ids of every drawn point."""
    return {cd[0] for cd in _customdata(spec) if isinstance(cd[0], str) and cd[0]}


def drawn_x(spec: dict) -> list:
    """x of every drawn point (legend-only traces and traces without x left out)."""
    return [x for tr in spec["data"] if not str(tr.get("meta") or "").startswith("legend") for x in (tr.get("x") or [])]


def statuses_drawn(spec: dict) -> set[str]:
    """The base statuses the map draws (its traces' meta; outlines, labels and legend entries aside)."""
    return {m for tr in spec["data"] if isinstance(m := tr.get("meta"), str) and t(f"status.{m}") != f"status.{m}"}


def open_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    if page and page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def empty_messages(at: AppTest) -> list[str]:
    """What each info box of the run says is missing ("no incidents"); an info box that is not the plain
    'nothing matches' message stays whole, so that it cannot pass for one."""
    nothing = t("empty.nothing", "en")
    return [i.value.removeprefix(nothing + " ").strip("()") if i.value.startswith(nothing) else i.value
            for i in at.info]


@pytest.fixture
def seed_app(monkeypatch, seedlike_store):
    point_app_at(monkeypatch, seedlike_store)
    return seedlike_store


@pytest.fixture
def synthetic_app(monkeypatch, synthetic_store):
    point_app_at(monkeypatch, synthetic_store)
    return synthetic_store


EXPECTED_CHARTS = {"overview": 1, "attacks": 3, "troops": 1, "bases": 1, "outlets": 3, "articles": 0}
# Four per chart (PNG, SVG, HTML, CSV), and the CSV of the bases page's event table.
EXPECTED_DOWNLOADS = {page: 4 * n for page, n in EXPECTED_CHARTS.items()} | {"bases": 5}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_draws(seed_app, page):
    at = open_app(page)
    specs = chart_specs(at)
    assert len(specs) == EXPECTED_CHARTS[page]
    for spec in specs:
        assert any(tr.get("x") is not None or tr.get("lat") is not None or tr.get("z") is not None
                   for tr in spec["data"]), "a chart with no data"
    assert len(at.get("download_button")) == EXPECTED_DOWNLOADS[page]


@pytest.mark.parametrize("page", ["attacks", "troops", "bases", "outlets"])
def test_outlet_filter_keeps_only_that_outlets_claims(synthetic_app, page):
    at = open_app(page)
    before = set().union(*(sources_in(s) for s in chart_specs(at)))
    assert len(before) > 1
    keep = sorted(before)[0]
    at.multiselect(key="outlet").set_value([keep]).run()
    assert not at.exception
    specs = chart_specs(at)
    assert specs, "the filtered page drew no chart"
    after = set().union(*(sources_in(s) for s in specs))
    # Heatmap rows carry one slug each; points carry claim provenance: all must be the kept outlet.
    assert after == {keep}


def test_keeping_only_enab_baladi_on_the_seeds(seed_app):
    at = open_app("attacks")
    assert {"eremnews", "enabbaladi", "almodon"} <= set().union(*(sources_in(s) for s in chart_specs(at)))
    at.multiselect(key="outlet").set_value(["enabbaladi"]).run()
    ids = set().union(*(claim_ids_in(s) for s in chart_specs(at)))
    # Its running count (c7), its strikes (c8) and its incident (c9), nothing else.
    assert ids == {"c7", "c8", "c9"}


def test_date_filter_changes_the_troop_chart(synthetic_app):
    at = open_app("troops")
    xs_all = drawn_x(chart_specs(at)[0])
    at.date_input(key="dates").set_value((dt.date(2024, 1, 1), dt.date(2024, 12, 31))).run()
    xs = drawn_x(chart_specs(at)[0])
    assert 0 < len(xs) < len(xs_all)
    # Points are dodged by at most a few weeks around their publication date.
    assert all("2023-11" <= x[:7] <= "2025-02" for x in xs)


def test_kind_filter_and_empty_result_show_a_message(seed_app):
    at = open_app("troops")
    assert len(chart_specs(at)) == 1
    at.button_group(key="kind").set_value(["attacks"]).run()
    assert not at.exception
    assert chart_specs(at) == []
    assert empty_messages(at) == ["no troop figures"]


def test_outlet_and_dates_that_leave_nothing(seed_app):
    at = open_app("attacks")
    at.multiselect(key="outlet").set_value(["althawra"]).run()  # al-Thawra reported no attacks and no incidents
    assert not at.exception
    assert chart_specs(at) == []
    assert empty_messages(at) == ["no attack or strike counts", "no incidents"]
    articles, claims = seedlike_tables()
    published = claims.set_index("claim_id")["published"].astype(str).str[:10]
    day = dt.date(2025, 5, 27)
    seen = set()
    for page in PAGES:
        at.switch_page(f"pages/{page}.py")
        at.date_input(key="dates").set_value((day, day))
        at.run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert at.date_input(key="dates").value == (day, day)
        for spec in chart_specs(at):  # the claims any chart holds are that day's
            shown = claim_ids_in(spec) & set(published.index)
            assert set(published[list(shown)]) <= {"2025-05-27"}, page
            seen |= shown
    assert seen == {"c10", "c11", "c12", "c13"}  # al-Thawra's bases and troop figures of that day


def test_reset_restores_every_filter(seed_app):
    at = open_app("troops")
    at.multiselect(key="outlet").set_value(["eremnews"]).run()
    assert sources_in(chart_specs(at)[0]) == {"eremnews"}
    reset = [b for b in at.button if "Reset" in b.label][0]
    reset.click().run()
    assert at.multiselect(key="outlet").value == []
    assert sources_in(chart_specs(at)[0]) == {"almodon", "eremnews", "althawra"}


def test_filters_are_bound_to_the_url(seed_app):
    at = open_app("troops")
    at.multiselect(key="outlet").set_value(["enabbaladi"]).run()
    assert at.query_params["outlet"] == "enabbaladi"  # codes, the same in every language
    at.button_group(key="lang").set_value("ar").run()
    assert at.query_params["lang"] == "ar"
    assert at.query_params["outlet"] == "enabbaladi"  # still there
    at.button_group(key="kind").set_value(["troops", "attacks"]).run()
    assert at.query_params["kind"] == ["troops", "attacks"]  # not their Arabic labels
    at.button_group(key="lang").set_value("en").run()
    assert at.query_params["lang"] == "en"


def test_arabic_switch_translates_and_lays_out_right_to_left(seed_app):
    at = open_app("troops")
    at.button_group(key="lang").set_value("ar").run()
    assert not at.exception
    assert at.title[0].value == "القوات"
    styles = [h.proto.body for h in at.get("html")]
    assert any("direction: rtl" in s for s in styles)
    spec = chart_specs(at)[0]
    assert spec["layout"]["title"]["text"] == "عدد القوات الأمريكية في سوريا كما ورد"
    # Arabic reaches plotly unshaped (no presentation forms): the browser shapes it.
    text = json.dumps(spec, ensure_ascii=False)
    assert "الثورة" in text
    assert not any("\ufb50" <= ch <= "\ufeff" for ch in text)


def test_troops_page_shows_ranges_not_points(seed_app):
    at = open_app("troops")
    spec = chart_specs(at)[0]
    modon = [tr for tr in spec["data"] if tr.get("name") == "Al-Modon"][0]
    # "less than a thousand" (almodon, also carried by no one else) runs from 0 to 1000.
    assert arr(modon["y"]) == [1000.0]
    assert arr(modon["error_y"]["arrayminus"]) == [1000.0] and arr(modon["error_y"]["array"]) == [0.0]


def test_bases_slider_moves_the_status_date(seed_app):
    at = open_app("bases")
    spec = chart_specs(at)[0]
    assert statuses_drawn(spec) == {"withdrawn"}
    slider = at.slider(key="asof")
    slider.set_value(dt.date(2025, 5, 26)).run()
    assert not at.exception
    assert chart_specs(at) == []  # nothing was reported before the 27th
    assert empty_messages(at) == ["nothing reported by this date"]


def test_articles_search_and_reader_escape_the_text(seed_app):
    at = open_app("articles")
    at.text_input(key="q").set_value("عنب").run()
    assert not at.exception
    assert "1 of 1" in at.caption[0].value
    html = "".join(h.proto.body for h in at.get("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "<mark" in html and 'dir="rtl"' in html


def test_article_link_opens_the_reader(seed_app):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["article"] = "a-thawra"
    at.run()
    at.switch_page("pages/articles.py").run()
    assert not at.exception
    html = "".join(h.proto.body for h in at.get("html"))
    assert "سحب التحالف" in html


# ---------------------------------------------------------------------- the real bundled articles
@pytest.fixture
def bundled_app(monkeypatch, bundled_store):
    point_app_at(monkeypatch, bundled_store, SEEDS_DIR)
    return bundled_store


def test_first_start_builds_the_store_from_the_bundled_articles(bundled_app):
    at = open_app()
    assert is_store(bundled_app)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "5"
    assert metrics["Outlets"] == "4"


@pytest.mark.parametrize("page", PAGES)
def test_bundled_pages_run(bundled_app, page):
    at = open_app(page)
    assert len(chart_specs(at)) == EXPECTED_CHARTS[page]


def test_bundled_keeping_only_enab_baladi_leaves_only_its_claims(bundled_app):
    at = open_app("attacks")
    assert len(set().union(*(sources_in(s) for s in chart_specs(at)))) > 1
    at.multiselect(key="outlet").set_value(["enabbaladi"]).run()
    specs = chart_specs(at)
    assert specs
    assert set().union(*(sources_in(s) for s in specs)) == {"enabbaladi"}


# ---------------------------------------------------------------------- a store that changes while the app runs
def overview_metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_new_revision_of_the_store_shows_without_a_restart(monkeypatch, tmp_path):
    articles, claims = seedlike_tables()
    first = articles["article_id"].iloc[:2]
    store = write_store(articles.iloc[:2], claims[claims["article_id"].isin(first)], tmp_path / "store")
    point_app_at(monkeypatch, store)
    at = open_app()
    assert overview_metrics(at)["Articles"] == "2"
    at.switch_page("pages/troops.py").run()
    assert sources_in(chart_specs(at)[0]) == {"almodon", "eremnews"}
    write_store(articles, claims, store)  # the other two articles, as `python -m lib.ingest` adds them
    at.run()
    assert not at.exception
    assert sources_in(chart_specs(at)[0]) == {"almodon", "eremnews", "althawra"}
    at.switch_page("pages/overview.py").run()
    assert overview_metrics(at)["Articles"] == "4" and overview_metrics(at)["Claims"] == str(len(claims))


def test_articles_added_to_the_folder_are_ingested_on_a_rerun(monkeypatch, tmp_path):
    import app_support

    folder = tmp_path / "articles"
    folder.mkdir()
    lines = (SEEDS_DIR / "metadata.csv").read_text(encoding="utf-8").splitlines()

    def add(names: list[str]) -> None:
        for name in names:
            shutil.copy(SEEDS_DIR / name, folder / name)
        keep = [lines[0]] + [ln for ln in lines[1:] if ln.split(",")[0] in {p.name for p in folder.glob("*.txt")}]
        (folder / "metadata.csv").write_text("\n".join(keep) + "\n", encoding="utf-8")

    names = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    add(names[:2])
    point_app_at(monkeypatch, tmp_path / "store", folder)
    at = open_app()
    assert overview_metrics(at)["Articles"] == "2"
    add(names[2:3])
    app_support._input_mtime.clear()  # the folder is looked at every few seconds; a test does not wait
    at.run()
    assert not at.exception
    assert overview_metrics(at)["Articles"] == "3"
    at.run()  # nothing new: no ingest, same store
    assert overview_metrics(at)["Articles"] == "3"
