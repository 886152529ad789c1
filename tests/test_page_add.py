"""The Add articles page in AppTest: upload a file, paste a text, fetch a URL from a server on
127.0.0.1; each lands in the store through the ingest, the report names it, and the other pages
show its figures on the next run. In read-only mode the page has no control and the functions
it calls refuse."""
from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from _dashboard_data import APP, chart_specs, point_app_at, sources_in
from lib import settings
from lib.dashboard.i18n import t
from lib.ingest import adding, fetch, uploads
from lib.store.access import ReadOnlyError
from lib.store.delta import open_store
from test_fetch import page_server

TIMEOUT = 90
TROOPS = ("عنب بلدي - 10 حزيران 2025\n"
          "قالت وزارة الدفاع الأمريكية إن عدد القوات الأمريكية في سوريا انخفض إلى نحو 1500 جندي.\n"
          "وأوضح المتحدث أن القوات المتبقية ستواصل دعم قوات سوريا الديمقراطية.\n")


@pytest.fixture
def store(monkeypatch, tmp_path):
    """An empty store folder the app reads and adds to (no bundled articles to ingest)."""
    point_app_at(monkeypatch, tmp_path / "store")
    return tmp_path / "store"


def add_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/add.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def added_table(at: AppTest):
    """The report's table of added articles (AppTest does not expose a dataframe's key)."""
    return next(d.value for d in at.dataframe if "article_id" in d.value.columns)


def refused_table(at: AppTest):
    return next((d.value for d in at.dataframe if "why" in d.value.columns), None)


def stored_ids(store) -> set[str]:
    return set(open_store(store).article_ids().to_pylist())


def test_an_uploaded_file_is_added_and_its_figure_shows_on_the_troops_page(store):
    at = add_page()
    assert at.title[0].value == t("page.add", "en")
    at.file_uploader(key="add_files").set_value([("enab.txt", TROOPS.encode(), "text/plain"),
                                                 ("sheet.csv", b"name,count\n1,2\n", "text/csv")]).run()
    button(at, "add_upload_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    rows = added_table(at)
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["outlet"] == "عنب بلدي" and row["published"] == "2025-06-10" and row["path"] == "enab.txt"
    assert row["kinds"].startswith("troops") and row["link"] == f"articles?article={row['article_id']}"
    assert stored_ids(store) == {row["article_id"]}
    refused = refused_table(at)
    assert list(refused["what"]) == ["sheet.csv"] and "no 'text' column" in refused["why"].iloc[0]
    assert any(t("add.report.added", "en", n=1, claims=row["claims"]) == s.value for s in at.success)
    # the other pages see it on their next run, with no restart and no cache to clear by hand
    at.switch_page("pages/troops.py").run()
    assert not at.exception
    assert "enabbaladi" in set().union(*(sources_in(s) for s in chart_specs(at)))
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"


def test_the_same_file_twice_is_already_there(store):
    at = add_page()
    for _ in range(2):
        at.file_uploader(key="add_files").set_value(("enab.txt", TROOPS.encode(), "text/plain")).run()
        button(at, "add_upload_go").click().run()
    assert not any("article_id" in d.value.columns for d in at.dataframe)
    assert t("add.report.already", "en", n=1) in [i.value for i in at.info]
    assert len(stored_ids(store)) == 1


def test_a_zip_upload_lands_its_good_entries_and_names_the_refused_ones(store):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("week/enab.txt", TROOPS)
        zf.writestr("../escape.txt", "outside")
    at = add_page()
    at.file_uploader(key="add_files").set_value(("week.zip", buf.getvalue(), "application/zip")).run()
    button(at, "add_upload_go").click().run()
    assert list(added_table(at)["path"]) == ["week/week/enab.txt"]
    refused = refused_table(at)
    assert list(refused["what"]) == ["week.zip: ../escape.txt"] and "goes outside" in refused["why"].iloc[0]


def test_a_pasted_text_gets_its_outlet_and_date_filled_in_and_is_added(store):
    at = add_page()
    at.text_area(key="add_text").input(TROOPS).run()
    assert at.text_input(key="add_outlet").value == "عنب بلدي"
    assert at.date_input(key="add_date").value == date(2025, 6, 10)
    at.text_input(key="add_title").input("خفض القوات الأمريكية").run()
    button(at, "add_paste_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    row = added_table(at).iloc[0]
    assert (row["title"], row["outlet"], row["published"], row["origin"]) == ("خفض القوات الأمريكية", "عنب بلدي",
                                                                              "2025-06-10", "stated")
    stored = open_store(store).articles(["article_id", "source_id", "published_origin"])
    assert list(stored["source_id"]) == ["enabbaladi"] and list(stored["published_origin"]) == ["stated"]


def test_an_edited_outlet_and_date_are_the_analysts(store):
    at = add_page()
    at.text_area(key="add_text").input(TROOPS).run()
    at.text_input(key="add_outlet").input("Erem News").run()
    at.date_input(key="add_date").set_value(date(2025, 6, 11)).run()
    button(at, "add_paste_go").click().run()
    row = added_table(at).iloc[0]
    assert (row["outlet"], row["published"], row["origin"]) == ("إرم نيوز", "2025-06-11", "metadata")


def test_a_dateline_in_the_future_is_not_filled_in_and_is_flagged(store):
    """Issue 15: a future dateline is not taken silently as the publication date."""
    future = date.today() + timedelta(days=3 * 365)
    text = f"دمشق - {future.day}/{future.month}/{future.year}\n" + TROOPS.split("\n", 1)[1]
    guess = adding.guess_paste(text)
    assert guess.dateline == future and guess.published is None and guess.date_flags == ("published_future",)
    at = add_page()
    at.text_area(key="add_text").input(text).run()
    assert at.date_input(key="add_date").value is None
    assert any(future.isoformat() in w.value and "in the future" in w.value for w in at.warning)
    button(at, "add_paste_go").click().run()
    row = added_table(at).iloc[0]
    assert row["flags"] == "published_future" and row["published"] == future.isoformat()
    assert t("add.report.flagged", "en", n=1) in [w.value for w in at.warning]


def test_pasting_nothing_is_a_message(store):
    at = add_page()
    button(at, "add_paste_go").click().run()
    assert t("add.paste.empty", "en") in [w.value for w in at.warning]
    assert "add_report" not in at.session_state


def test_urls_are_fetched_from_a_local_server_and_added_or_refused(store, monkeypatch):
    monkeypatch.setattr(settings, "FETCH_ALLOW_LOOPBACK", True)
    with page_server() as (server, base):
        at = add_page()
        bad = f"{base}/redirect?to=http://169.254.169.254/latest/meta-data/"
        urls = [f"{base}/troops_enab.html", bad, "ftp://example.org/x.html", f"{base}/section_index.html"]
        at.text_area(key="add_urls").input("\n".join(urls) + "\n").run()
        button(at, "add_fetch_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    row = added_table(at).iloc[0]
    assert row["title"] == "واشنطن تقلص قواتها في سوريا إلى نحو 1500 جندي" and row["outlet"] == "عنب بلدي"
    assert row["published"] == "2025-06-10"
    stored = open_store(store).articles(["url"])
    assert list(stored["url"]) == [f"{base}/troops_enab.html"]
    refused = refused_table(at).set_index("what")["why"]
    assert "cloud metadata address" in refused[bad]
    assert "only http and https" in refused["ftp://example.org/x.html"]
    assert "no article text in the HTML" in refused[f"{base}/section_index.html"]  # a section's index page
    assert [x.value for x in at.text] == [f"{base}/troops_enab.html: «واشنطن تقلص قواتها في سوريا إلى نحو 1500 جندي», عنب بلدي"]


def test_read_only_mode_shows_no_control_and_the_write_functions_refuse(store, monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "READ_ONLY", True)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not in the menu
        at.switch_page("pages/add.py")
    page = AppTest.from_file(str(ROOT / "pages" / "add.py"), default_timeout=TIMEOUT)  # the file run anyway
    page.run()
    assert not page.exception
    assert [i.value for i in page.info] == [t("add.read_only", "en")]
    assert not page.button and not page.text_area and not page.get("file_uploader")
    folder = tmp_path / "forged"
    folder.mkdir()
    for call in (lambda: adding.new_batch(store), lambda: adding.stage_paste(folder, TROOPS),
                 lambda: adding.ingest_batch(folder, store), lambda: uploads.stage_uploads([("a.txt", b"x")], folder),
                 lambda: fetch.fetch_page("https://example.org/")):
        with pytest.raises(ReadOnlyError):
            call()
    assert list(folder.iterdir()) == [] and not store.exists()


def test_an_add_that_merges_the_stores_small_files_says_so(store, monkeypatch):
    from lib import settings

    monkeypatch.setattr(settings, "STORE_COMPACT_AFTER_FILES", 1)  # the first batch's files are enough
    at = add_page()
    at.file_uploader(key="add_files").set_value(("enab.txt", TROOPS.encode(), "text/plain")).run()
    button(at, "add_upload_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    said = [c.value for c in at.caption if "merged" in c.value]
    assert len(said) == 1 and "earlier revisions are kept" in said[0], said
    assert len(stored_ids(store)) == 1  # the article is there after the merge
