"""The store: incremental ingest, runs that add nothing, the read API, rebuild, export and info.
(Kills and concurrent writers: tests/test_store_crash.py; Dask: tests/test_store_dask.py.)"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from deltalake import CommitProperties, write_deltalake

from _store_corpus import sorted_frame, write_feed
from conftest import SEEDS_DIR
from lib import settings
from lib.ingest.__main__ import main as ingest_main
from lib.ingest.streaming import ingest, rebuild
from lib.store.__main__ import main as store_main
from lib.store.delta import ARTICLES, CLAIMS, StoreError, open_store, store_version
from lib.store.schema import ARTICLE_COLUMNS, ARTICLE_READ_COLUMNS, CLAIM_COLUMNS, to_arrow
from lib.store.storage import read_tables


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    report = ingest([SEEDS_DIR], store)
    assert report.added == 5 and not report.errors
    return store


def test_store_rows_equal_the_in_memory_tables_with_a_commit_per_batch(tmp_path, seed_tables, monkeypatch):
    monkeypatch.setattr(settings, "INGEST_BATCH_SIZE", 2)
    store = tmp_path / "store"
    report = ingest([SEEDS_DIR], store)
    # 26 claims as extracted: the undated al-Thawra seed (004) gains one once its story dates it
    # (lib.store.stories), so the store reads 27
    assert (report.read, report.added, report.claims) == (5, 5, 26)
    assert len(open_store(store).claims()) == 27
    opened = open_store(store)
    assert opened.revision == 3  # created, then batches of 2, 2 and 1
    articles, claims = seed_tables
    # reads add the story columns (lib.store.overlay) to the stored ones
    pd.testing.assert_frame_equal(sorted_frame(opened.articles()[list(ARTICLE_COLUMNS)], "article_id"),
                                  sorted_frame(articles[list(ARTICLE_COLUMNS)], "article_id"))
    pd.testing.assert_frame_equal(sorted_frame(opened.claims(), "claim_id"), sorted_frame(claims, "claim_id"))
    assert list(opened.articles().columns) == list(ARTICLE_READ_COLUMNS)
    assert list(opened.claims().columns) == list(CLAIM_COLUMNS)


def test_reingesting_the_same_input_adds_nothing_and_commits_nothing(seeded):
    before = store_version(seeded)
    report = ingest([SEEDS_DIR], seeded)
    assert (report.read, report.added, report.already) == (5, 0, 5)
    assert store_version(seeded) == before
    assert "unchanged" in report.summary()


def test_new_input_adds_exactly_the_new_articles(seeded, tmp_path):
    feed = write_feed(tmp_path / "in" / "feed.jsonl", range(3))
    first = ingest([feed], seeded)
    assert first.added == 3
    more = write_feed(tmp_path / "in2" / "feed.jsonl", [1, 2, 3, 4, 4])  # two known, two new, one twice
    report = ingest([more, SEEDS_DIR], seeded)
    assert (report.added, report.already, report.duplicates) == (2, 7, 1)
    ids = open_store(seeded).article_ids().to_pylist()
    assert len(ids) == len(set(ids)) == 10


@pytest.mark.parametrize("make", ["empty file", "binary file", "missing path", "empty folder", "only bad records"])
def test_a_run_that_reads_nothing_leaves_the_store_as_it_was(seeded, tmp_path, make, capsys):
    bad = tmp_path / "bad"
    if make == "empty file":
        bad = bad.with_suffix(".txt")
        bad.write_bytes(b"")
    elif make == "binary file":
        bad = bad.with_suffix(".txt")
        bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    elif make == "empty folder":
        bad.mkdir()
    elif make == "only bad records":
        bad = bad.with_suffix(".jsonl")
        bad.write_text('{"title": "no text"}\n{broken\n', encoding="utf-8")
    before = store_version(seeded)
    code = ingest_main([str(bad), "--store", str(seeded)])
    assert code == {"missing path": 2, "empty folder": 0}.get(make, 1)
    assert store_version(seeded) == before
    assert len(open_store(seeded).articles()) == 5
    out = capsys.readouterr()
    if make in ("empty file", "binary file"):
        assert f"{bad}: " in out.out and "refused: 1" in out.out


def test_a_run_that_reads_nothing_creates_no_store(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    report = ingest([empty], tmp_path / "store")
    assert report.added == 0 and report.errors
    assert not (tmp_path / "store" / ARTICLES).exists()


def test_version_key_changes_on_every_commit_and_old_revisions_stay_readable(seeded, tmp_path):
    one = open_store(seeded)
    key, revision = one.version, one.revision
    ingest([write_feed(tmp_path / "feed.jsonl", range(2))], seeded)
    now = open_store(seeded)
    assert now.version != key and now.revision == revision + 1
    old = open_store(seeded, as_of=revision)
    assert len(old.articles()) == 5 and len(now.articles()) == 7
    assert old.version != now.version
    assert [r.op for r in now.history()][:2] == ["ingest", "ingest"] and now.history()[-1].op == "create"


def test_reads_push_columns_and_filters_down_and_duckdb_sees_the_same_rows(seeded):
    opened = open_store(seeded)
    troops = opened.claims(columns=["claim_id", "kind", "value"], filter=pc.field("kind") == "troops")
    assert list(troops.columns) == ["claim_id", "kind", "value"] and set(troops["kind"]) == {"troops"}
    con = opened.connect()
    (n,) = con.execute("SELECT count(*) FROM claims WHERE kind = 'troops'").fetchone()
    assert n == len(troops) > 0
    joined = con.execute("SELECT count(*) FROM claims JOIN articles USING (article_id)").fetchone()[0]
    assert joined == len(opened.claims())
    assert sorted(opened.article_ids().to_pylist()) == sorted(opened.articles()["article_id"])


def test_as_of_a_date_and_errors(seeded):
    today = open_store(seeded, as_of=pd.Timestamp.now(tz="UTC").date().isoformat())
    assert len(today.articles()) == 5
    with pytest.raises(StoreError, match="did not exist"):
        open_store(seeded, as_of="2001-01-01")
    with pytest.raises(StoreError, match="no version"):
        open_store(seeded, as_of=99)
    with pytest.raises(StoreError, match="not a store"):
        open_store(seeded.parent / "elsewhere")


def test_claims_written_by_another_tool_without_pairing_are_filtered_to_stored_articles(seeded, seed_tables):
    """A commit with no pairing recorded (another Delta writer): readers fall back to a
    semi-join, so claims whose article is not stored stay invisible."""
    articles, claims = seed_tables
    orphan = claims.head(2).assign(article_id="ffffffffffffffff", claim_id=["ffffffffffffffff-000", "ffffffffffffffff-001"])
    write_deltalake(str(seeded / CLAIMS), to_arrow(orphan, CLAIM_COLUMNS), mode="append")
    write_deltalake(str(seeded / ARTICLES), to_arrow(articles.head(0), ARTICLE_COLUMNS), mode="append",
                    commit_properties=CommitProperties(custom_metadata={"note": "no pairing"}))
    opened = open_store(seeded)
    assert not opened.paired
    assert len(opened.claims()) == 27 and opened.counts()[CLAIMS] == 27
    assert opened.connect().execute("SELECT count(*) FROM claims").fetchone()[0] == 27
    assert len(opened.dataset(CLAIMS).to_table()) == 28  # the raw table does hold them (26 as extracted + 2)
    ingest([SEEDS_DIR], seeded)  # a writer that adds nothing leaves them (nothing to commit) ...
    report = ingest([write_feed(seeded.parent / "feed.jsonl", [0])], seeded)  # ... one that adds removes them
    assert report.added == 1
    assert "ffffffffffffffff" not in open_store(seeded).dataset(CLAIMS).to_table()["article_id"].to_pylist()


def test_rebuild_keeps_the_articles_and_changes_only_what_the_rules_change(seeded, monkeypatch):
    import lib.ingest.streaming as streaming

    before = open_store(seeded)
    import lib.extract

    real = streaming.extract_claims
    no_incidents = lambda *a: [c for c in real(*a) if c["kind"] != "incident"]  # noqa: E731
    monkeypatch.setattr(streaming, "extract_claims", no_incidents)
    monkeypatch.setattr(lib.extract, "extract_claims", no_incidents)  # the story-dated articles' re-read too
    report = rebuild(seeded)
    after = open_store(seeded)
    assert after.revision == before.revision + 1 and report.articles == 5
    pd.testing.assert_frame_equal(after.articles(), before.articles())
    old, new = before.claims(), after.claims()
    raw = before.claims(corrected=False)  # as extracted: 004 undated (its story's date comes at read)
    assert (report.claims_before, report.claims_after) == (26, 26 - (raw["kind"] == "incident").sum())
    kept = sorted_frame(old[old["kind"] != "incident"], "claim_id")
    assert set(new["kind"]) == set(kept["kind"])
    assert len(new) == len(kept)
    assert len(open_store(seeded, as_of=before.revision).claims()) == 27  # the old revision still reads as it was


def test_rebuild_with_unchanged_rules_gives_the_same_claims_and_a_failure_keeps_old_claims(seeded, monkeypatch):
    import lib.ingest.streaming as streaming

    opened = open_store(seeded)
    before = sorted_frame(opened.claims(), "claim_id")
    victim = opened.articles().sort_values("article_id").iloc[0]
    assert (before["article_id"] == victim["article_id"]).any()  # it has claims to lose
    real = streaming.extract_claims

    def broken_for_one(text, *args):
        if text == victim["text"]:
            raise ValueError("rule broke")
        return real(text, *args)

    monkeypatch.setattr(streaming, "extract_claims", broken_for_one)
    report = rebuild(seeded)
    assert [e.path for e in report.errors] == [victim["path"]] and "rule broke" in report.errors[0].reason
    pd.testing.assert_frame_equal(sorted_frame(open_store(seeded).claims(), "claim_id"), before)
    monkeypatch.undo()
    assert ingest_main(["--store", str(seeded), "--rebuild"]) == 0


def test_export_and_info(seeded, tmp_path, capsys):
    old = open_store(seeded).revision
    ingest([write_feed(tmp_path / "feed.jsonl", range(2))], seeded)
    out = tmp_path / "export"
    assert store_main(["export", str(seeded), "--to", str(out), "--csv"]) == 0
    articles, claims = read_tables(out)
    assert len(articles) == 7 and len(claims) == len(open_store(seeded).claims())
    csv = (out / "claims.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf") and "جندي".encode() in csv
    assert store_main(["export", str(seeded), "--to", str(out), "--as-of", str(old)]) == 0
    assert len(read_tables(out)[0]) == 5
    capsys.readouterr()
    assert store_main(["info", str(seeded)]) == 0
    printed = capsys.readouterr().out
    assert "articles: 7 rows" in printed and "revisions (newest first)" in printed and "+2 articles" in printed
    assert store_main(["info", str(tmp_path / "nothing")]) == 2


def test_csv_export_neutralises_formula_cells():
    from lib.store.export import neutralise_formulas

    batch = pa.record_batch({"t": ["=HYPERLINK(1)", "+1", "-2", "@x", "plain", None, "a=b"], "n": [1, 2, 3, 4, 5, 6, 7]})
    out = neutralise_formulas(batch)
    assert out.column(0).to_pylist() == ["'=HYPERLINK(1)", "'+1", "'-2", "'@x", "plain", None, "a=b"]
    assert out.column(1).to_pylist() == list(range(1, 8))
