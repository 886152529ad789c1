"""Links that keep their filters, the flagged figures' switch, number agreement, and what the app
shows or downloads from an article (as text; CSV cells a spreadsheet would run neutralised).

AppTest for the app's logic; what only a browser shows (the address after a click in the menu,
right-to-left layout) is in test_browser.py."""
from __future__ import annotations

import csv
import datetime as dt
import io
import tomllib

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from _dashboard_data import APP, chart_specs, claim_ids_in, point_app_at, seedlike_tables, write_store
from conftest import ROOT
from lib.dashboard.filters import Filters, claim_mask, flagged_hidden, parse_choices, parse_dates, url_params
from lib.dashboard.i18n import counted, lang_code

TIMEOUT = 60


def open_link(page: str, **params: str | list[str]) -> AppTest:
    """The app as a shared link opens it: /<page>?params, in a new session."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture
def seed_app(monkeypatch, seedlike_store):
    point_app_at(monkeypatch, seedlike_store)
    return seedlike_store


# ---------------------------------------------------------------------- links
def test_a_shared_link_sets_every_filter_and_the_language(seed_app):
    at = open_link("attacks", outlet="enabbaladi", **{"from": "2025-05-27", "to": "2025-05-28"},
                   kind=["attacks", "strikes"], lang="ar")
    assert at.multiselect(key="outlet").value == ["enabbaladi"]
    assert at.date_input(key="dates").value == (dt.date(2025, 5, 27), dt.date(2025, 5, 28))
    assert at.button_group(key="kind").value == ["attacks", "strikes"]
    assert at.button_group(key="lang").value == "ar"
    assert at.title[0].value == "الهجمات"
    # Enab Baladi's running count and its strikes; not its incident (kind) nor anyone else's.
    assert set().union(*(claim_ids_in(s) for s in chart_specs(at))) == {"c7", "c8"}


def test_links_made_before_the_codes_still_open_and_are_rewritten_as_codes(seed_app):
    at = open_link("troops", outlet="عنب بلدي · Enab Baladi", dates=["2025-05-28", "2025-05-28"], kind="القوات",
                   lang="العربية")
    assert at.multiselect(key="outlet").value == ["enabbaladi"]
    assert at.date_input(key="dates").value == (dt.date(2025, 5, 28), dt.date(2025, 5, 28))
    assert at.button_group(key="kind").value == ["troops"]
    assert at.button_group(key="lang").value == "ar"
    qp = at.query_params
    assert (qp["outlet"], qp["from"], qp["to"], qp["kind"], qp["lang"]) == \
        ("enabbaladi", "2025-05-28", "2025-05-28", "troops", "ar")
    assert "dates" not in qp


def test_a_links_filters_survive_page_changes_that_drop_the_address(seed_app):
    """A page change in the browser drops the query string; the session keeps the filters and
    writes them back, on the first change as on later ones (Streamlit's own binding lost an
    untouched widget's value on the first one)."""
    at = open_link("attacks", outlet="eremnews", kind="troops", lang="ar")
    for page in ("outlets", "troops", "bases"):
        at.query_params.clear()  # what the browser sends after a click in the menu
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert at.multiselect(key="outlet").value == ["eremnews"], page
        assert at.button_group(key="kind").value == ["troops"], page
        assert at.button_group(key="lang").value == "ar", page
        assert (at.query_params.get("outlet"), at.query_params.get("kind"), at.query_params.get("lang")) == \
            ("eremnews", "troops", "ar"), page


def test_a_widget_change_wins_over_the_address_it_replaces(seed_app):
    at = open_link("troops", outlet="eremnews")
    at.multiselect(key="outlet").set_value(["almodon"]).run()
    assert at.multiselect(key="outlet").value == ["almodon"]
    assert at.query_params["outlet"] == "almodon"
    reset = [b for b in at.button if "Reset" in b.label][0]
    reset.click().run()
    assert at.multiselect(key="outlet").value == []
    assert "outlet" not in at.query_params


def test_unknown_values_in_a_link_are_ignored(seed_app):
    at = open_link("troops", outlet=["nobody", "almodon"], kind="no-such-kind", lang="xx", to="not-a-date")
    assert at.multiselect(key="outlet").value == ["almodon"]
    assert set(at.button_group(key="kind").value) >= {"troops", "attacks"}  # every kind: the default
    assert at.button_group(key="lang").value == "en"


def test_url_forms_of_the_filters():
    first, last, kinds = dt.date(2020, 1, 1), dt.date(2025, 12, 31), ["troops", "attacks"]
    assert url_params(["a"], (first, last), kinds, False, first, last, kinds) == \
        {"outlet": ["a"], "from": [], "to": [], "kind": [], "flagged": [], "dates": []}
    assert url_params([], (dt.date(2021, 1, 1), last), ["attacks"], True, first, last, kinds) == \
        {"outlet": [], "from": ["2021-01-01"], "to": ["2025-12-31"], "kind": ["attacks"], "flagged": ["1"], "dates": []}
    assert parse_dates("2019-01-01", None, [], first, last) == (first, last)  # kept inside the data's span
    assert parse_dates("2024-02-01", "2023-01-01", [], first, last) == (dt.date(2023, 1, 1), dt.date(2024, 2, 1))
    assert parse_dates(None, None, ["2021-03-04"], first, last) == (dt.date(2021, 3, 4), last)
    assert parse_dates("junk", None, [], first, last) is None
    aliases = {"enabbaladi": ("عنب بلدي", "Enab Baladi")}
    assert parse_choices(["ENAB BALADI", "enabbaladi", "x"], aliases) == ["enabbaladi"]
    assert parse_choices(["x"], aliases) is None
    assert [lang_code(v) for v in ("ar", "EN", "العربية", "English", "fr", None)] == ["ar", "en", "ar", "en", None, None]


def test_the_config_hides_streamlits_developer_chrome():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["toolbarMode"] == "viewer"


# ---------------------------------------------------------------------- flagged figures
def _with_a_flagged_figure() -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, claims = seedlike_tables()
    row = claims[claims["claim_id"] == "c5"].iloc[0].to_dict()
    row.update(claim_id="c99", value=1e12, low=1e12, high=1e12, when="current", flags="above_max")
    return articles, pd.concat([claims, pd.DataFrame([row])], ignore_index=True)


@pytest.fixture
def flagged_app(monkeypatch, tmp_path):
    store = write_store(*_with_a_flagged_figure(), tmp_path / "store")
    point_app_at(monkeypatch, store)
    return store


def test_flagged_figures_are_out_of_the_charts_unless_included(flagged_app):
    at = open_link("troops")
    assert "c99" not in claim_ids_in(chart_specs(at)[0])
    assert "c5" in claim_ids_in(chart_specs(at)[0])
    assert any("1 figure outside the plausibility bounds hidden" in c.value for c in at.sidebar.caption)
    at.toggle(key="flagged").set_value(True).run()
    assert "c99" in claim_ids_in(chart_specs(at)[0])
    assert at.query_params["flagged"] == "1"
    assert any("1 figure outside the plausibility bounds included" in c.value for c in at.sidebar.caption)
    at.switch_page("pages/overview.py").run()  # every page reads the same filters
    assert at.toggle(key="flagged").value is True


def test_claim_mask_leaves_flagged_claims_out_and_counts_them(flagged_app):
    from lib.dashboard.corpus import open_corpus

    corpus = open_corpus(flagged_app)  # the store's flags column is loaded with the compact claims
    ids = corpus.claim_ids(np.arange(len(corpus.claims)))
    assert "c99" not in set(ids[claim_mask(corpus.claims, Filters())])
    assert "c99" in set(ids[claim_mask(corpus.claims, Filters(include_flagged=True))])
    assert flagged_hidden(corpus.claims, Filters()) == 1
    assert flagged_hidden(corpus.claims, Filters(outlets=("almodon",))) == 0


# ---------------------------------------------------------------------- words
@pytest.mark.parametrize("n, en, ar", [
    (1, "1 base", "1 قاعدة"), (2, "2 bases", "2 قاعدتان"), (3, "3 bases", "3 قواعد"), (10, "10 bases", "10 قواعد"),
    (11, "11 bases", "11 قاعدة"), (100, "100 bases", "100 قاعدة"), (103, "103 bases", "103 قواعد"),
    (1200, "1,200 bases", "1,200 قاعدة"), (None, "? bases", "? قاعدة")])
def test_counted_nouns_agree_with_their_number(n, en, ar):
    assert counted(n, "base", "en") == en
    assert counted(n, "base", "ar") == ar


def test_every_counted_noun_has_its_arabic_forms():
    from lib.dashboard.i18n import strings

    table = strings()
    nouns = {k.split(".")[1] for k in table["en"] if k.startswith("count.")}
    assert {"base", "article", "figure", "day"} <= nouns
    for noun in nouns:
        assert {f"count.{noun}.{f}" for f in ("one", "two", "few", "many", "other")} <= set(table["ar"]), noun


def test_a_status_has_one_name_on_the_map_its_tables_and_the_other_pages():
    """The Articles and Outlets pages (i18n.label("status", ...)) and the map and its tables
    (map_text.status_name) name a status with the same noun, in both languages, from one set."""
    from lib.dashboard.charts.map_text import STATUS_ORDER, status_name
    from lib.dashboard.i18n import label, strings

    for lang in ("en", "ar"):
        names = [label("status", s, lang) for s in STATUS_ORDER]
        assert names == [status_name(s, lang) for s in STATUS_ORDER]
        assert len(set(names)) == len(names) and all(n and n not in STATUS_ORDER for n in names), names
        assert not [k for k in strings()[lang] if k.startswith("map.status.")]
    assert label("status", "active", "en") == "presence" and label("status", "active", "ar") == "وجود"


# ---------------------------------------------------------------------- article strings as text
HOSTILE = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR",
           "[x](https://evil.example)", "<a href=\"https://evil.example\">Reuters</a>", "**bold**"]


def test_csv_downloads_neutralise_formulas_and_keep_numbers():
    from app_charts import _csv_frame, csv_bytes

    rows = pd.DataFrame({"outlet": HOSTILE, "value": [-50.0, 1.5, 2, 3, 4, 5, 6, 7, 8],
                         "kind": [["=a", "b"]] + [[]] * 8, "y": range(9), "row": range(9)})
    data = csv_bytes(_csv_frame(rows))
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0] == ["outlet", "value", "kind"]  # the charts' internal columns are not in the file
    cells = [r[0] for r in table[1:]]
    assert cells[:6] == ["'" + h for h in HOSTILE[:6]]
    assert cells[6:] == HOSTILE[6:]  # not formulas: left as they are
    assert [r[1] for r in table[1:3]] == ["-50.0", "1.5"]  # numbers stay numbers (no apostrophe)
    assert table[1][2] == "'=a|b"


def test_the_empty_message_shows_what_as_text():
    def script():
        from types import SimpleNamespace

        import app_support
        from lib.dashboard.i18n import t

        ctx = SimpleNamespace(t=lambda key, **v: t(key, "en", **v))
        app_support.empty(ctx, "[x](https://evil.example)")
        app_support.empty(ctx, "no troop figures")

    at = AppTest.from_function(script, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.message for e in at.exception]
    hostile, filters = at.info[0].value, at.info[1].value
    # `what` is shown as typed, its markdown escaped: no link, no emphasis.
    assert hostile.startswith("Nothing matches the current filters")
    assert "[x](" not in hostile and "evil" in hostile and "\u2060" in hostile
    assert filters.startswith("Nothing matches the current filters") and "no troop figures" in filters


def test_clicked_point_gives_the_claim_and_its_article():
    from app_support import clicked_claim

    event = {"selection": {"points": [{"customdata": ["2025-05"]},  # a heatmap cell: no claim
                                      {"customdata": ["c7", "a-enab", "enabbaladi"]}]}}
    assert clicked_claim(event) == ("a-enab", "c7")
    assert clicked_claim({"selection": {"points": []}}) is None
    assert clicked_claim(None) is None


# ---------------------------------------------------------------------- set-up
def test_setup_waits_for_another_apt_and_says_so_when_it_does_not_finish(tmp_path):
    """scripts/setup.sh's apt_get: apt is asked to wait for the lock, and a lock still held gives a hint."""
    import subprocess

    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "apt-get").write_text('#!/bin/sh\necho "$@" > "$APT_ARGS"\n'
                                  'echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 '
                                  '(apt-get)" >&2\nexit 100\n')
    (fake / "apt-get").chmod(0o755)
    args = tmp_path / "args"
    done = subprocess.run(["bash", "-c", f"source {ROOT / 'scripts' / 'setup.sh'}; apt_get install -y chromium"],
                          env={"PATH": f"{fake}:/usr/bin:/bin", "APT_ARGS": str(args), "APT_LOCK_WAIT_S": "7"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 100
    assert "DPkg::Lock::Timeout=7" in args.read_text()
    assert "another apt or dpkg is running" in done.stderr and "run this command again" in done.stderr
    assert "held by process 4242" in done.stderr  # apt's own line stays, after the hint


def test_the_browsers_undecodable_messages_leave_no_traceback_in_the_log():
    """choreographer logs a traceback for a browser message it then ignores; the server log keeps none."""
    import logging

    from app_charts import quiet_choreographer

    quiet_choreographer()
    logger = logging.getLogger("choreographer.channels.pipe")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        try:
            raise RuntimeError("Expecting value: line 1 column 1 (char 0)")
        except RuntimeError:
            logger.exception("JSONError decoding message. Ignoring")
        logger.error("a real error stays")
    finally:
        logger.removeHandler(handler)
    assert "Traceback" not in stream.getvalue() and "JSONError" not in stream.getvalue()
    assert "a real error stays" in stream.getvalue()
