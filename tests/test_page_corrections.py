"""The Corrections page (AppTest): every correction listed, undo per correction in effect,
nothing to click in read-only mode."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from _dashboard_data import APP, point_app_at, seedlike_tables, write_store
from lib import settings
from lib.dashboard.i18n import t
from lib.dashboard.reader import md_literal
from lib.store import corrections as fixes
from lib.store.delta import open_store

TIMEOUT = 60


@pytest.fixture
def store(monkeypatch, tmp_path):
    path = write_store(*seedlike_tables(), tmp_path / "store")
    point_app_at(monkeypatch, path)
    return path


def claim(path, claim_id: str) -> dict:
    return open_store(path).claims().set_index("claim_id").loc[claim_id].to_dict() | {"claim_id": claim_id}


def open_page(name: str = "corrections", **params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def undo_buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.button if (b.key or "").startswith("undo-")]


def lines(at: AppTest) -> list[str]:
    html = "".join(h.proto.body for h in at.get("html"))
    return re.findall(r'class="reader-line"[^>]*>(.*?)</div>', html)


def test_no_corrections_says_how_to_make_one(store):
    at = open_page()
    assert [i.value for i in at.info] == [t("corr.none")]
    assert undo_buttons(at) == []


def test_undo_from_the_corrections_page_restores_the_claim(store):
    value_fix = fixes.correct_claim(store, claim(store, "c6"), "value", "1000", note="typo")
    rejection = fixes.reject_claim(store, claim(store, "c3"), note="duplicate")
    at = open_page()
    assert sorted(undo_buttons(at)) == sorted([f"undo-{value_fix}", f"undo-{rejection}"])
    shown = lines(at)
    assert "claim (troops) · Value: 1400 → 1000" in shown and "typo" in shown
    assert any(s.startswith("rejected: attacks 130") for s in shown), shown
    assert sorted(p.proto.query_string for p in at.get("page_link")) == ["article=a-erem", "article=a-erem"]
    assert {p.proto.page for p in at.get("page_link")} == {"articles"}

    at.button(key=f"undo-{value_fix}").click().run()
    assert not at.exception and not at.error
    assert open_store(store).claims().set_index("claim_id").loc["c6", "value"] == 1400
    listed = fixes.list_corrections(store).set_index("correction_id")
    assert bool(listed.loc[value_fix, "undone"]) and len(listed) == 2
    assert f"undo-{value_fix}" not in undo_buttons(at) and len(undo_buttons(at)) == 1  # the rejection stays undoable
    undone = md_literal("claim (troops) · Value: 1400 → 1000")
    assert [x.proto.body for x in at.toast] == [t("corr.undone", what=undone)]
    assert "c3" not in open_store(store).claims()["claim_id"].tolist()  # the other correction still applies


def test_the_article_link_names_the_article(store):
    fixes.correct_article(store, "a-modon", "published", "2025-05-20")
    at = open_page()
    links = at.get("page_link")
    assert [(x.proto.page, x.proto.query_string) for x in links] == [("articles", "article=a-modon")]
    assert "Published: 2025-05-27 → 2025-05-20" in " ".join(lines(at))


def test_read_only_lists_corrections_without_undo(store, monkeypatch):
    fixes.correct_claim(store, claim(store, "c6"), "value", "1000")
    monkeypatch.setattr(settings, "READ_ONLY", True)
    at = open_page()
    assert undo_buttons(at) == []
    assert "claim (troops) · Value: 1400 → 1000" in lines(at)
    with pytest.raises(PermissionError):
        fixes.undo(store, fixes.list_corrections(store)["correction_id"][0])


def test_a_correction_made_in_the_reader_survives_a_rebuild_and_undo_from_the_page(monkeypatch, tmp_path):
    """The real seeds: a troop figure corrected through the reader's form stays corrected after
    `--rebuild` re-extracts every article, and the Corrections page's Undo brings it back."""
    from conftest import SEEDS_DIR
    from lib.ingest.streaming import ingest, rebuild

    path = tmp_path / "store"
    ingest([SEEDS_DIR], path)
    point_app_at(monkeypatch, path)
    claims = open_store(path).claims()
    troops = claims[(claims["kind"] == "troops") & claims["value"].notna()].iloc[0]
    cid, aid, old = str(troops["claim_id"]), str(troops["article_id"]), float(troops["value"])
    new = old + 111

    at = open_page("articles", article=aid)
    at.button(key=f"fix-{cid}-open").click().run()
    at.text_input(key=f"fix-{cid}-value").set_value(str(int(new)))
    at.button(key=f"fix-{cid}-save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]

    def value_now() -> float:
        now = open_store(path).claims()
        same = now[(now["article_id"] == aid) & (now["span_start"] == troops["span_start"])
                   & (now["kind"] == "troops")]
        return set(same["value"].astype(float))

    assert new in value_now() and old not in value_now()
    rebuild(path)
    assert new in value_now() and old not in value_now()

    at.switch_page("pages/corrections.py").run()
    [key] = undo_buttons(at)
    at.button(key=key).click().run()
    assert not at.exception
    assert old in value_now() and new not in value_now()
