"""The Articles reader: what it shows (pure helpers) and its correction controls (AppTest
against a store of its own per test, written through the page's widgets)."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from _dashboard_data import APP, point_app_at, seedlike_tables, write_store
from lib import settings
from lib.dashboard import reader as rd
from lib.dashboard.highlight import FOCUS_ID, evidence_html, reader_html, title_html
from lib.dashboard.i18n import t
from lib.store.corrections import list_corrections
from lib.store.delta import open_store

TIMEOUT = 60
HOSTILE_TITLE = "[Read the official statement](https://evil.example/phish) **bold** <b>x</b>"


# ---------------------------------------------------------------------- pure helpers
@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a?b=1", True), ("HTTP://Example.org/x", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), ("data:text/html,<b>x</b>", False),
    ("//evil.example/x", False), ("/relative/path", False), ("https://", False), ("https://a b.org/", False),
    ("https://example.org/\nx", False), (None, False), ("", False),
])
def test_only_http_addresses_become_links(url, ok):
    assert (rd.safe_url(url) is not None) is ok


def test_as_text_is_what_the_corrections_api_takes():
    assert rd.as_text("value", 1400.0) == "1400"
    assert rd.as_text("value", 2.5) == "2.5"
    assert rd.as_text("value", float("nan")) is None
    assert rd.as_text("value", " 1,000 ") == "1,000"  # typed text goes as typed: the API says what is wrong
    assert rd.as_text("period_start", pd.Timestamp("2025-05-27")) == "2025-05-27"
    assert rd.as_text("period_end", pd.NaT) is None
    assert rd.as_text("qualifier", "approx") == "approx" and rd.as_text("when", "") is None


def test_changes_lists_only_what_the_form_changed():
    claim = {"value": 1400.0, "low": 1400.0, "high": None, "qualifier": "approx", "when": "planned",
             "period_start": pd.Timestamp("2025-01-01"), "period_end": None}
    typed = {"value": "1400.0", "low": "1000", "high": "", "qualifier": "approx", "when": "past",
             "period_start": pd.Timestamp("2025-01-01").date(), "period_end": pd.Timestamp("2025-04-30").date()}
    fields = ("value", "low", "high", "qualifier", "when", "period_start", "period_end")
    assert rd.changes(claim, typed, fields) == [("low", "1400", "1000"), ("when", "planned", "past"),
                                                ("period_end", None, "2025-04-30")]
    assert rd.describe([("value", "1400", None)], {"value": "Value"}) == "Value: 1400 → —"


def test_fields_follow_the_claim_kind():
    assert "when" in rd.fields_for("troops") and "when" not in rd.fields_for("attacks")
    assert rd.fields_for("base_status")[0] == "status" and "value" not in rd.fields_for("base_status")
    assert "value" in rd.fields_for("a_kind_added_later")
    assert set(rd.CHOICES["qualifier"]) >= {"exact", "approx", "less_than", "half_of", "vague"}


def test_sentence_choices_keep_offsets_and_cut_long_labels():
    text = "الجملة الأولى.\n" + "ب" * 500 + "\nالثالثة هنا."
    choices = rd.sentence_choices(text, max_chars=40)
    assert [text[s:e] for s, e, _ in choices][0] == "الجملة الأولى."
    assert all(len(label) <= 40 for _, _, label in choices)
    assert any(label.endswith("…") for _, _, label in choices)
    assert text[choices[-1][0]:choices[-1][1]] == "الثالثة هنا."


def test_focus_first_and_the_empty_reason():
    assert rd.focus_first(["a", "b", "c"], "c") == [2, 0, 1]
    assert rd.focus_first(["a", "b"], "zzz") == [0, 1] and rd.focus_first(["a", "b"], None) == [0, 1]
    assert rd.empty_reason("no such words", filtered=12) == "search"
    assert rd.empty_reason("no such words", filtered=0) == "filters"
    assert rd.empty_reason("  ", filtered=12) == "filters"
    assert rd.article_of_claim("abc123-4", {"abc123"}.__contains__) == "abc123"
    assert rd.article_of_claim("c4", {"c4"}.__contains__) is None
    assert rd.article_of_claim("gone-4", {"abc123"}.__contains__) is None


def test_correction_rows_say_what_happened():
    assert rd.correction_status(True, True) == "undone"
    assert rd.correction_status(False, False) == "detached" and rd.correction_status(False, True) == "effective"
    assert rd.correction_action("article", "published", "2025-01-01", "2025-02-01") == "article"
    assert rd.correction_action("claim", "claim", '{"kind": "troops"}', None) == "reject"
    assert rd.correction_action("claim", "claim", None, '{"kind": "troops"}') == "add"
    assert rd.correction_action("claim", "value", "1", "2") == "claim"
    assert rd.claim_json('{"kind": "troops", "value": "1000"}') == {"kind": "troops", "value": "1000"}
    assert rd.claim_json("not json") == {} and rd.claim_json(None) == {}


def test_md_literal_leaves_nothing_for_markdown_to_read():
    hostile = "[Read](https://evil.example/x) **b** :red[x] :material/home: $x$ www.evil.example a@evil.example"
    out = rd.md_literal(hostile)
    assert out.replace("\\", "").replace("\u2060", "") == hostile  # the same text once unescaped
    assert not re.search(r"(?<!\\)[\[\]()*:$@]", out)  # no active punctuation left
    assert "https://" not in out.replace("\\", "") and "www." not in out.replace("\\", "")  # no bare link


def test_title_and_evidence_are_literal_text_that_wraps():
    head = title_html(HOSTILE_TITLE, ["<i>Outlet</i>", "2025-05-27"])
    assert "<b>" not in head and "<i>" not in head and "href" not in head
    assert "[Read the official statement](https://evil.example/phish) **bold** &lt;b&gt;x&lt;/b&gt;" in head
    assert "overflow-wrap: anywhere" in head
    ev = evidence_html("x" * 100_000)
    assert "overflow-wrap: anywhere" in ev and ev.count("x") >= 100_000
    assert "overflow-wrap: anywhere" in reader_html("y" * 10)


def test_a_long_run_with_no_space_gets_break_opportunities(monkeypatch):
    monkeypatch.setattr(settings, "READER_BREAK_RUN_CHARS", 10)
    html = reader_html("قصير <b>" + "ش" * 25 + "&" + "\nآخر")
    body = re.sub(r"^<div[^>]*>|</div>$", "", html)
    # the run "<b>ش…ش&" (29 characters) cut every 10, each piece escaped on its own
    assert body == "قصير &lt;b&gt;" + "ش" * 7 + "<wbr>" + "ش" * 10 + "<wbr>" + "ش" * 8 + "&amp;<br>آخر"
    assert re.sub(r"<wbr>", "", evidence_html("ش" * 35)).count("ش") == 35
    assert evidence_html("ش" * 35).count("<wbr>") == 3
    assert "<wbr>" not in reader_html("كلمات قصيرة فقط")


def test_the_focused_claim_is_marked_once_with_the_anchor():
    text = "أولى. ثانية فيها رقم. ثالثة."
    start = text.index("ثانية")
    end = text.index(".", start) + 1
    html = reader_html(text, [(start, end, "troops: 5"), (0, 5, "other")], focus=(start, end))
    assert html.count(f'id="{FOCUS_ID}"') == 1
    focused = re.findall(r'<mark title="[^"]*" class="focus"[^>]*>(.*?)</mark>', html)
    assert "".join(focused) == text[start:end]
    assert 'class="focus"' not in reader_html(text, [(start, end, "troops: 5")])


# ---------------------------------------------------------------------- the page
@pytest.fixture
def store(monkeypatch, tmp_path):
    """A store of the seed-like tables for one test (the tests write corrections to it)."""
    path = write_store(*seedlike_tables(), tmp_path / "store")
    point_app_at(monkeypatch, path)
    return path


def open_reader(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/articles.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def card_titles(at: AppTest) -> list[str]:
    """The claim cards' headings, in the order drawn."""
    html = "".join(h.proto.body for h in at.get("html"))
    return re.findall(r'<h5[^>]*class="claim-title"[^>]*>(.*?)</h5>', html)


def stored_claims(path) -> pd.DataFrame:
    return open_store(path).claims().set_index("claim_id")


def open_editor(at: AppTest, key: str) -> None:
    """Open an editor (its dialog): "fix-<claim_id>", "art-<article_id>" or "add-<article_id>"."""
    at.button(key=f"{key}-open").click().run()
    assert not at.exception, [e.message for e in at.exception]


def toasts(at: AppTest) -> list[str]:
    return [x.proto.body for x in at.toast]


def test_correcting_a_claim_through_the_form_changes_the_stored_claim(store):
    at = open_reader(article="a-erem")
    assert "troops — about 1,400" in card_titles(at)
    open_editor(at, "fix-c6")
    at.text_input(key="fix-c6-value").set_value("1000")
    at.selectbox(key="fix-c6-when").set_value("current")
    at.text_input(key="fix-c6-note").set_value("the minister said 1000")
    at.button(key="fix-c6-save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    claims = stored_claims(store)
    assert claims.loc["c6", "value"] == 1000 and claims.loc["c6", "when"] == "current"
    assert claims.loc["c5", "value"] == 2000  # the other claim of the sentence is untouched
    done = list_corrections(store)
    assert sorted(zip(done["field"], done["old"], done["new"])) == [("value", "1400", "1000"),
                                                                   ("when", "planned", "current")]
    assert set(done["note"]) == {"the minister said 1000"}
    assert toasts(at) == [t("reader.fixed_claim", what=rd.md_literal("Value: 1400 → 1000; When: planned → current"))]


def test_the_reader_shows_the_corrected_claim_after_the_rerun(store):
    at = open_reader(article="a-erem")
    open_editor(at, "fix-c6")
    at.text_input(key="fix-c6-value").set_value("1000")
    at.button(key="fix-c6-save").click().run()
    assert not any(w.key == "fix-c6-value" for w in at.text_input)  # the editor closed
    titles = card_titles(at)
    assert "troops — about 1,000" in titles and "troops — about 1,400" not in titles
    open_editor(at, "fix-c6")
    assert at.text_input(key="fix-c6-value").value == "1000"  # the form shows the stored value now


def test_a_bad_number_is_refused_with_the_apis_message_and_nothing_is_written(store):
    at = open_reader(article="a-erem")
    open_editor(at, "fix-c6")
    at.text_input(key="fix-c6-value").set_value("about a thousand")
    at.button(key="fix-c6-save").click().run()
    assert not at.exception
    assert any("not a number" in e.value for e in at.error)
    assert at.text_input(key="fix-c6-value").value == "about a thousand"  # the editor stays open, as typed
    assert list_corrections(store).empty
    assert stored_claims(store).loc["c6", "value"] == 1400


def test_rejecting_a_claim_removes_it(store):
    at = open_reader(article="a-erem")
    open_editor(at, "fix-c4")
    at.text_input(key="fix-c4-note").set_value("150 is last year's figure, already reported")
    at.button(key="fix-c4-reject").click().run()
    assert not at.exception and not at.error
    assert "c4" not in stored_claims(store).index and "c3" in stored_claims(store).index
    done = list_corrections(store)
    assert list(done["field"]) == ["claim"] and done["new"].isna().all()
    assert toasts(at) and toasts(at)[0].startswith("Claim rejected")


def test_submitting_an_unchanged_form_writes_nothing(store):
    at = open_reader(article="a-erem")
    open_editor(at, "fix-c6")
    at.button(key="fix-c6-save").click().run()
    assert [w.value for w in at.warning] == [t("reader.nothing_changed")]
    assert list_corrections(store).empty


def test_changing_an_articles_outlet_and_date(store):
    at = open_reader(article="a-modon")
    open_editor(at, "art-a-modon")
    at.selectbox(key="art-a-modon-source_id").set_value("enabbaladi")
    at.date_input(key="art-a-modon-published").set_value(pd.Timestamp("2025-05-20").date())
    at.button(key="art-a-modon-save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    art = open_store(store).articles().set_index("article_id").loc["a-modon"]
    assert art["source_id"] == "enabbaladi" and str(art["published"])[:10] == "2025-05-20"
    assert sorted(list_corrections(store)["field"]) == ["published", "source_id"]


def test_adding_a_claim_by_its_sentence(store):
    at = open_reader(article="a-modon")
    text = seedlike_tables()[0].set_index("article_id").loc["a-modon", "text"]
    choices = rd.sentence_choices(text)
    wanted = next(i for i, (s, e, _) in enumerate(choices) if "إعادة التموضع" in text[s:e])
    open_editor(at, "add-a-modon")
    at.selectbox(key="add-a-modon-sentence").set_value(wanted)
    at.selectbox(key="add-a-modon-kind").set_value("troops")
    at.text_input(key="add-a-modon-value").set_value("900")
    at.selectbox(key="add-a-modon-qualifier").set_value("approx")
    at.selectbox(key="add-a-modon-when").set_value("planned")
    at.button(key="add-a-modon-save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    claims = open_store(store).claims()
    added = claims[(claims["article_id"] == "a-modon") & (claims["kind"] == "troops") & (claims["value"] == 900)]
    assert len(added) == 1
    row = added.iloc[0]
    assert text[int(row["span_start"]):int(row["span_end"])] == row["evidence"] == "أعلن التحالف إعادة التموضع."
    assert row["when"] == "planned" and row["qualifier"] == "approx"


def test_only_the_open_editors_widgets_are_drawn(store):
    at = open_reader(article="a-erem")
    assert sorted(b.key for b in at.button if (b.key or "").endswith("-open")) == sorted(
        ["art-a-erem-open", "add-a-erem-open", "fix-c3-open", "fix-c4-open", "fix-c5-open", "fix-c6-open"])
    assert [w.key for w in at.text_input] == ["q"]  # no form yet
    open_editor(at, "fix-c5")
    assert {w.key for w in at.text_input} == {"q", "fix-c5-value", "fix-c5-low", "fix-c5-high", "fix-c5-note"}


def test_read_only_renders_no_correction_control(store, monkeypatch):
    monkeypatch.setattr(settings, "READ_ONLY", True)
    at = open_reader(article="a-erem")
    keys = [w.key or "" for kind in ("button", "text_input", "selectbox", "date_input") for w in at.get(kind)]
    assert not [k for k in keys if k.startswith(("fix-", "art-", "add-"))], keys
    assert at.get("popover") == [] or len(at.get("popover")) == 0
    assert t("reader.read_only") in [c.value for c in at.caption]
    assert card_titles(at)  # the claims are still shown


def test_a_chart_link_to_a_claim_opens_its_article_with_the_claim_first(store):
    at = open_reader(claim="c6")  # no article given: found from the claim
    titles = card_titles(at)
    assert titles[0] == "troops — about 1,400" and len(titles) == 4
    html = "".join(h.proto.body for h in at.get("html"))
    assert f'id="{FOCUS_ID}"' in html
    assert "ارتفاع عدد الهجمات" in html  # a-erem's text
    assert [m.value for m in at.markdown if t("reader.opened_claim") in m.value] == [
        f":orange-badge[:material/ads_click: {t('reader.opened_claim')}]"]


def test_search_that_matches_nothing_says_so(store):
    at = open_reader()
    at.text_input(key="q").set_value("zzzz-no-such-word").run()
    assert [i.value for i in at.info] == [t("reader.no_match", n=4)]
    at.text_input(key="q").set_value("").run()
    at.multiselect(key="outlet").set_value(["althawra"]).run()
    at.date_input(key="dates").set_value((pd.Timestamp("2025-05-28").date(), pd.Timestamp("2025-05-28").date())).run()
    assert [i.value for i in at.info] == [t("empty.nothing")]


def test_hostile_article_strings_are_shown_as_text(monkeypatch, tmp_path):
    articles, claims = seedlike_tables()
    articles.loc[articles["article_id"] == "a-erem", "title"] = HOSTILE_TITLE
    articles.loc[articles["article_id"] == "a-erem", "url"] = "javascript:alert(1)"
    path = write_store(articles, claims, tmp_path / "store")
    point_app_at(monkeypatch, path)
    at = open_reader(article="a-erem")
    html = "".join(h.proto.body for h in at.get("html"))
    heads = re.findall(r'<h3[^>]*class="reader-title"[^>]*>(.*?)</h3>', html)
    assert heads == ["[Read the official statement](https://evil.example/phish) **bold** &lt;b&gt;x&lt;/b&gt;"]
    assert at.get("link_button") == [] or len(at.get("link_button")) == 0  # javascript: is no link
    assert "javascript:alert(1)" in html  # shown as text
    assert not any("evil.example" in m.value for m in at.markdown)
    assert not any("evil.example" in (s.value or "") for s in at.subheader)


def test_with_numbers_reads_the_number_fields_it_can_and_leaves_the_rest():
    from lib.dashboard.reader import with_numbers

    got = with_numbers({"value": "1400", "low": "", "high": None, "kind": "troops", "when": "2"})
    assert got == {"value": 1400.0, "low": "", "high": None, "kind": "troops", "when": "2"}
