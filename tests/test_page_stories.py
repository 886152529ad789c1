"""The Outlets page's stories (AppTest, on the seeds through a store): which outlets carried
each story, in the order they did, who was first; the outlet filter narrows it."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from _dashboard_data import APP, point_app_at
from conftest import SEEDS_DIR
from lib.dashboard.i18n import t
from lib.ingest.streaming import ingest

TIMEOUT = 90


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("stories") / "store"
    assert ingest([SEEDS_DIR], store).added == 5
    return store


def stories_table(monkeypatch, store, **params: str):
    point_app_at(monkeypatch, store)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/outlets.py").run()
    assert not at.exception, [e.message for e in at.exception]
    tables = [d.value for d in at.dataframe if {"first_outlet", "outlets", "sources"} <= set(d.value.columns)]
    return at, (tables[0] if tables else None)


def test_the_coalition_statement_is_one_story_of_three_outlets_first_reported_on_may_27(monkeypatch, seeds_store):
    at, table = stories_table(monkeypatch, seeds_store)
    assert table is not None and len(table) == 1, table
    row = table.iloc[0]
    assert row["sources"] == 3 and str(row["first_date"])[:10] == "2025-05-27"
    carried = row["outlets"].split(" → ")
    assert sorted(carried) == sorted(["Al-Modon", "Enab Baladi", "Al-Thawra"]) and carried[-1] == "Al-Thawra"
    assert row["first_outlet"] == carried[0]  # the first outlet is the one it lists first
    assert row["link"].startswith("articles?article=")


def test_an_outlet_filter_that_leaves_one_article_of_the_story_leaves_no_story(monkeypatch, seeds_store):
    at, table = stories_table(monkeypatch, seeds_store, outlet="almodon")
    assert table is None
    assert any(t("outlets.no_stories") in i.value.replace("\\", "") for i in at.info)  # shown escaped (as text)


def test_the_stories_table_in_arabic_names_the_outlets_in_arabic(monkeypatch, seeds_store):
    at, table = stories_table(monkeypatch, seeds_store, lang="ar")
    assert "المدن" in table.iloc[0]["outlets"] and " ← " in table.iloc[0]["outlets"]
