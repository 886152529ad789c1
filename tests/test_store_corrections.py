"""Analysts' corrections (lib.store.corrections): rows of the store's corrections table, applied on
every read (Store reads, DuckDB views, export, the dashboard's corpus), kept across --rebuild
and a rules change that moves a span, undone by an appended reversal, exported as gold."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from conftest import SEEDS_DIR
from lib.dashboard.corpus import open_corpus
from lib.evaluate.scoring import evaluate_store
from lib.ingest.streaming import ingest, rebuild
from lib.store.__main__ import main as store_main
from lib.store.corrections import (ANALYST_ORIGIN, add_claim, added_claim_id, correct_article, correct_claim,
                                   list_corrections, reject_claim, undo)
from lib.store.delta import CLAIMS, open_store
from lib.store.export import export
from lib.store.schema import CLAIMS_SCHEMA
from lib.store.writer import StoreWriter


@pytest.fixture()
def store(tmp_path) -> Path:
    path = tmp_path / "store"
    ingest([SEEDS_DIR], path)
    return path


def _seed(store: Path, prefix: str) -> pd.Series:
    arts = open_store(store).articles()
    return arts[arts["path"].str.contains(f"/{prefix}_")].iloc[0]


def _claim(store: Path, article_id: str, kind: str, value: float | None = None) -> dict:
    claims = open_store(store).claims()
    mine = claims[(claims["article_id"] == article_id) & (claims["kind"] == kind)]
    if value is not None:
        mine = mine[mine["value"] == value]
    return mine.iloc[0].to_dict()


def _value_of(store: Path, claim_id: str):
    claims = open_store(store).claims()
    found = claims[claims["claim_id"] == claim_id]
    return None if not len(found) else found.iloc[0]["value"]


def test_a_fixed_value_is_what_every_read_sees(store, tmp_path):
    art = _seed(store, "001")
    claim = _claim(store, art["article_id"], "attacks", 130)
    cid = correct_claim(store, claim, "value", "135", note="the article says 135 further down")
    assert _value_of(store, claim["claim_id"]) == 135
    snapshot = open_store(store)
    # the stored claims table is as the extractor wrote it
    raw = snapshot.dataset(CLAIMS).to_table(filter=pc.field("claim_id") == claim["claim_id"]).column("value")
    assert raw.to_pylist() == [130.0]
    # DuckDB views, the export and the dashboard's corpus see the fix
    con = snapshot.connect()
    assert con.sql(f"SELECT value FROM claims WHERE claim_id = '{claim['claim_id']}'").fetchall() == [(135.0,)]
    export(store, tmp_path / "out")
    exported = pq.read_table(tmp_path / "out" / "claims.parquet").to_pandas()
    assert exported.loc[exported["claim_id"] == claim["claim_id"], "value"].tolist() == [135.0]
    corpus = open_corpus(store)
    full = corpus.full_claims(range(len(corpus.claims)))
    assert full.loc[full["claim_id"] == claim["claim_id"], "value"].tolist() == [135.0]
    listed = list_corrections(store)
    row = listed[listed["correction_id"] == cid].iloc[0]
    assert (row["field"], row["old"], row["new"], row["undone"], row["attached"]) == ("value", "130", "135", False, True)
    assert row["note"] == "the article says 135 further down"


def test_a_correction_survives_rebuild_and_undo_removes_it(store):
    art = _seed(store, "001")
    claim = _claim(store, art["article_id"], "attacks", 130)
    cid = correct_claim(store, claim, "value", "135")
    rebuild(store)
    assert _value_of(store, claim["claim_id"]) == 135
    undo(store, cid, note="it was right")
    assert _value_of(store, claim["claim_id"]) == 130
    listed = list_corrections(store)
    assert listed.loc[listed["correction_id"] == cid, "undone"].tolist() == [True]
    assert listed.loc[listed["correction_id"] == cid, "attached"].tolist() == [True]  # its claim is still there
    with pytest.raises(ValueError, match="already undone"):
        undo(store, cid)


def test_a_correction_reattaches_by_its_evidence_when_a_rules_change_moves_the_span(store):
    art = _seed(store, "001")
    claim = _claim(store, art["article_id"], "attacks", 130)
    correct_claim(store, claim, "value", "135")
    # a "rules change": every claim's span shifted by 3 characters, its evidence the same, ids renumbered
    table = open_store(store).dataset(CLAIMS).to_table()
    shifted = table.set_column(table.schema.get_field_index("span_start"), "span_start",
                               pc.add(table.column("span_start"), 3))
    shifted = shifted.set_column(shifted.schema.get_field_index("claim_id"), "claim_id",
                                 pc.binary_join_element_wise(shifted.column("claim_id"), "x", ""))
    StoreWriter(store).replace_claims(shifted.cast(CLAIMS_SCHEMA).to_batches())
    assert _value_of(store, claim["claim_id"] + "x") == 135
    assert list_corrections(store)["attached"].tolist() == [True]


def test_reject_and_add_a_claim(store):
    art = _seed(store, "002")
    victim = _claim(store, art["article_id"], "strikes")
    before = len(open_store(store).claims())
    reject_claim(store, victim, note="not a strike count")
    claims = open_store(store).claims()
    assert victim["claim_id"] not in set(claims["claim_id"]) and len(claims) == before - 1
    text = art["text"]
    start = text.index("الضربات")
    cid = add_claim(store, art["article_id"], start, start + 30,
                    {"kind": "strikes", "low": "24", "high": "99", "qualifier": "vague", "actor": "US",
                     "period_start": "2024-01-01", "period_end": "2024-12-31"})
    claims = open_store(store).claims()
    new_id = added_claim_id(art["article_id"], "strikes", start, start + 30, text[start:start + 30])
    added = claims[claims["claim_id"] == new_id].iloc[0]
    assert added["evidence"] == text[start:start + 30]
    assert (added["low"], added["high"], added["period_end"]) == (24, 99, pd.Timestamp("2024-12-31"))
    assert added["source_id"] == art["source_id"] and added["published"] == art["published"]
    rebuild(store)  # a hand-added claim keeps its id across rebuilds
    assert new_id in set(open_store(store).claims()["claim_id"])
    undo(store, cid)
    assert new_id not in set(open_store(store).claims()["claim_id"])


def test_an_articles_outlet_and_date_with_their_claims(store):
    art = _seed(store, "004")
    correct_article(store, art["article_id"], "source_id", "Erem News")
    correct_article(store, art["article_id"], "published", "2021-03-01", note="from the print edition")
    fixed = open_store(store).articles().set_index("article_id").loc[art["article_id"]]
    assert (fixed["source_id"], fixed["source_name_en"]) == ("eremnews", "Erem News")
    assert fixed["published"] == pd.Timestamp("2021-03-01") and fixed["published_origin"] == ANALYST_ORIGIN
    assert "from the print edition" in fixed["published_basis"]
    claims = open_store(store).claims()
    mine = claims[claims["article_id"] == art["article_id"]]
    assert set(mine["source_id"]) == {"eremnews"} and set(mine["published"]) == {pd.Timestamp("2021-03-01")}
    # re-read against the new date: "during last year" is now 2020
    strikes = mine[mine["kind"] == "strikes"].iloc[0]
    assert strikes["period_start"] == pd.Timestamp("2020-01-01")
    corpus = open_corpus(store)
    row = corpus.article_row(art["article_id"])
    assert corpus.articles.loc[row, "source_id"] == "eremnews"
    assert corpus.articles.loc[row, "published_origin"] == ANALYST_ORIGIN


@pytest.mark.parametrize("call, message", [
    (lambda s, a, c: correct_claim(s, c, "actor", "US"), "cannot be corrected"),
    (lambda s, a, c: correct_claim(s, c, "value", "lots"), "not a number"),
    (lambda s, a, c: correct_claim(s, c, "period_end", "31/12/2024"), "not a date"),
    (lambda s, a, c: correct_claim(s, c, "qualifier", "roughly"), "not one of"),
    (lambda s, a, c: correct_article(s, "0000000000000000", "published", "2024-01-01"), "unknown article"),
    (lambda s, a, c: correct_article(s, a, "title", "x"), "cannot be corrected"),
    (lambda s, a, c: add_claim(s, a, 0, 10, {"kind": "rumours"}), "not one of"),
    (lambda s, a, c: add_claim(s, a, 10, 10 ** 7, {"kind": "troops"}), "outside the article"),
    (lambda s, a, c: undo(s, "nope"), "unknown correction"),
])
def test_bad_corrections_are_refused_with_a_message_and_nothing_written(store, call, message):
    art = _seed(store, "001")
    claim = _claim(store, art["article_id"], "attacks", 130)
    version = open_store(store).version
    with pytest.raises(ValueError, match=message):
        call(store, art["article_id"], claim)
    assert open_store(store).version == version


def test_an_earlier_revision_does_not_show_a_later_correction(store):
    art = _seed(store, "001")
    claim = _claim(store, art["article_id"], "attacks", 130)
    revision = open_store(store).revision
    correct_claim(store, claim, "value", "135")
    old = open_store(store, as_of=revision)
    assert old.claims().set_index("claim_id").loc[claim["claim_id"], "value"] == 130


def test_corrections_export_as_gold_that_measures_the_extractor(store, tmp_path, capsys):
    art = _seed(store, "001")
    claim = _claim(store, art["article_id"], "attacks", 130)
    correct_claim(store, claim, "value", "135")
    out = tmp_path / "gold.json"
    assert store_main(["corrections", str(store), "--gold", str(out)]) == 0
    records = json.loads(out.read_text(encoding="utf-8"))
    assert len(records) == 1
    rec = records[0]
    assert rec["file"].endswith("001_e4a1f0c4b7903909.txt") and rec["source_id"] == "eremnews"
    assert rec["published"] == "2025-05-28"
    assert sorted(a["value"] for a in rec["attacks"]) == [135, 150]
    all_claims = open_store(store).claims()
    mine = all_claims[all_claims["article_id"] == art["article_id"]]
    assert len(rec["attacks"]) == (mine["kind"] == "attacks").sum()
    # lib.evaluate scores the extractor's own output, not the analysts' corrections: on the very
    # store the corrections came from, the fixed figure is a miss (and the extracted 130 a false positive)
    for scored in (evaluate_store([out], store), _fresh_score(rec, out, tmp_path)):
        assert scored.overall.recall < 1.0
        assert any(f.kind == "attacks" and "135" in f.label for f in scored.findings if f.what == "miss")


def _fresh_score(rec: dict, out, tmp_path):
    """The gold record scored on a fresh store of the seeds (no corrections at all)."""
    fresh = tmp_path / "fresh"
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    ingest([seeds], fresh)
    rec["file"] = "001_e4a1f0c4b7903909.txt"
    out.write_text(json.dumps([rec], ensure_ascii=False), encoding="utf-8")
    return evaluate_store([out], fresh)


def test_the_article_search_filters_on_the_corrected_outlet(store):
    from lib.dashboard.filters import Filters

    art = _seed(store, "004")
    correct_article(store, art["article_id"], "source_id", "Erem News")
    corpus = open_corpus(store)
    row = corpus.article_row(art["article_id"])
    found = corpus.search_text("التحالف", Filters(outlets=("eremnews",)))
    assert found[row]
    assert not corpus.search_text("التحالف", Filters(outlets=("althawra",)))[row]


def test_a_read_without_the_analysts_shows_the_extractors_value_but_still_lists_the_corrections(store):
    # lib.evaluate reads open_store(analysts=False): the corrections are not applied, yet the
    # corrections table itself is still there to read (and to export as gold)
    art = _seed(store, "001")
    claim = _claim(store, art["article_id"], "attacks", 130)
    cid = correct_claim(store, claim, "value", "135")
    plain = open_store(store, analysts=False)
    claims = plain.claims()
    assert claims.loc[claims["claim_id"] == claim["claim_id"], "value"].tolist() == [130]
    assert cid in set(plain.corrections()["correction_id"])
    assert _value_of(store, claim["claim_id"]) == 135
