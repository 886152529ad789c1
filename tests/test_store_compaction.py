"""`python -m lib.store compact`: each table's small files merged into few, with the
same rows read before and after, earlier revisions kept, and a kill halfway leaving a
store that reads as before and that the next ingest goes on from."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from _store_corpus import sorted_frame, write_feed
from conftest import ROOT
from lib.ingest.streaming import ingest
from lib.store.__main__ import main as store_main
from lib.store.corrections import correct_claim
from lib.store.delta import ARTICLES, CLAIMS, CORRECTIONS, open_store
from lib.store.writer import CRASH_ENV, StoreWriter

BATCHES = [range(0, 3), range(3, 6), range(6, 9)]  # one ingest each: three files per table


def _read(store: Path, as_of: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    opened = open_store(store, as_of=as_of) if as_of is not None else open_store(store)
    return sorted_frame(opened.articles(), "article_id"), sorted_frame(opened.claims(), "claim_id")


def _files(store: Path, table: str) -> int:
    return len(open_store(store).dataset(table).files)


@pytest.fixture()
def grown(tmp_path: Path) -> Path:
    """A store grown by three ingests and two corrections, as weeks of work leave it."""
    store = tmp_path / "store"
    for n, numbers in enumerate(BATCHES):
        ingest([write_feed(tmp_path / f"week{n}.jsonl", numbers)], store)
    claims = open_store(store).claims()
    troops = claims[claims["kind"] == "troops"].iloc[0].to_dict()
    correct_claim(store, troops, "when", "past", note="the level before the cut")
    correct_claim(store, claims.iloc[1].to_dict(), "qualifier", "approx")
    return store


def test_compaction_keeps_every_row_and_correction_in_fewer_files(grown: Path) -> None:
    articles, claims = _read(grown)
    revision = open_store(grown).revision
    as_it_was = _read(grown, as_of=revision)
    assert _files(grown, ARTICLES) == _files(grown, CLAIMS) == len(BATCHES)
    assert _files(grown, CORRECTIONS) == 2
    done = {row.table: row for row in StoreWriter(grown).compact()}
    assert (done[CLAIMS].files_before, done[CLAIMS].files_after) == (len(BATCHES), 1)
    assert (done[CORRECTIONS].files_before, done[CORRECTIONS].files_after) == (2, 1)
    assert _files(grown, ARTICLES) == _files(grown, CLAIMS) == 1
    after_articles, after_claims = _read(grown)
    pd.testing.assert_frame_equal(after_articles, articles)
    pd.testing.assert_frame_equal(after_claims, claims)  # the corrections still applied
    assert "past" in set(after_claims["when"])
    assert open_store(grown).revision == revision + 1  # one revision, paired with the compacted claims
    for now, then in zip(_read(grown, as_of=revision), as_it_was):  # the revision before stays readable
        pd.testing.assert_frame_equal(now, then)


def test_an_ingest_after_compaction_adds_to_it_and_loses_nothing(grown: Path, tmp_path: Path) -> None:
    _, claims = _read(grown)
    StoreWriter(grown).compact()
    report = ingest([write_feed(tmp_path / "later.jsonl", range(9, 12))], grown)
    assert report.added == 3
    _, grown_claims = _read(grown)
    assert set(claims["claim_id"]) < set(grown_claims["claim_id"])  # the writer found no "orphans" to delete


def test_a_compaction_killed_after_the_claims_leaves_the_store_as_it_was(grown: Path, tmp_path: Path) -> None:
    articles, claims = _read(grown)
    before = open_store(grown)
    env = {**os.environ, CRASH_ENV: "compact-after-claims:1"}
    proc = subprocess.run([sys.executable, "-m", "lib.store", "compact", str(grown)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    after = open_store(grown)
    assert after.revision == before.revision  # the claims were rewritten, but no revision pairs with them yet
    pd.testing.assert_frame_equal(_read(grown)[1], claims)
    report = ingest([write_feed(tmp_path / "later.jsonl", range(9, 12))], grown)  # the next writer goes on
    assert report.added == 3
    grown_articles, grown_claims = _read(grown)
    assert set(articles["article_id"]) < set(grown_articles["article_id"])
    assert set(claims["claim_id"]) < set(grown_claims["claim_id"])
    StoreWriter(grown).compact()  # and a rerun finishes the compaction
    assert _files(grown, CLAIMS) == 1
    pd.testing.assert_frame_equal(_read(grown)[1], grown_claims)


def test_the_command_reports_files_and_refuses_a_folder_that_is_no_store(grown: Path, tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture) -> None:
    assert store_main(["compact", str(grown)]) == 0
    out = capsys.readouterr().out
    assert f"  {CLAIMS} {len(BATCHES)} file(s) -> 1" in out
    assert store_main(["info", str(grown)]) == 0
    assert "compact" in capsys.readouterr().out  # the revision is listed by its operation
    empty = tmp_path / "empty"
    empty.mkdir()
    assert store_main(["compact", str(empty)]) == 2
    assert "is not a store" in capsys.readouterr().err


def test_an_ingest_compacts_the_store_once_a_table_has_many_files(tmp_path: Path, monkeypatch) -> None:
    from lib import settings

    monkeypatch.setattr(settings, "STORE_COMPACT_AFTER_FILES", 3)
    store = tmp_path / "store"
    first = ingest([write_feed(tmp_path / "w0.jsonl", range(0, 3))], store)
    second = ingest([write_feed(tmp_path / "w1.jsonl", range(3, 6))], store)
    assert first.compacted is None and second.compacted is None and _files(store, CLAIMS) == 2
    _, claims = _read(store)
    third = ingest([write_feed(tmp_path / "w2.jsonl", range(6, 9))], store)
    assert {c.table: (c.files_before, c.files_after) for c in third.compacted}[CLAIMS] == (3, 1)
    assert "compacted: claims 3 file(s) -> 1" in third.summary()
    _, now = _read(store)
    assert set(claims["claim_id"]) < set(now["claim_id"]) and _files(store, CLAIMS) == 1


def test_compacted_files_keep_small_row_groups(grown: Path, monkeypatch) -> None:
    """The dashboard reads a few rows' evidence by row group: one huge group per file would make
    it decode the whole table for them."""
    import pyarrow.parquet as pq

    from lib import settings

    monkeypatch.setattr(settings, "STORE_COMPACT_ROW_GROUP_ROWS", 8)
    _, claims = _read(grown)
    StoreWriter(grown).compact()
    metas = [pq.ParquetFile(grown / CLAIMS / f).metadata for f in open_store(grown).dataset(CLAIMS).files]
    groups = [meta.row_group(i).num_rows for meta in metas for i in range(meta.num_row_groups)]
    assert max(groups) <= 8 and sum(groups) >= len(claims) > 8


def test_files_already_compacted_do_not_count_towards_the_next_compaction(grown: Path, monkeypatch) -> None:
    from lib import settings

    monkeypatch.setattr(settings, "STORE_COMPACT_TARGET_BYTES", 10_000_000)
    writer = StoreWriter(grown)
    assert writer.most_small_files() == len(BATCHES)
    writer.compact()
    assert writer.most_small_files() == 1  # the merged file is still small here: 1, not 3
    monkeypatch.setattr(settings, "STORE_COMPACT_TARGET_BYTES", 2)  # every file now counts as full-sized
    assert writer.most_small_files() == 0


def test_compacting_a_folder_that_is_no_store_creates_nothing(tmp_path: Path) -> None:
    from lib.store.delta import StoreError

    with pytest.raises(StoreError, match="not a store"):
        StoreWriter(tmp_path / "nothing").compact()
    assert not (tmp_path / "nothing" / ARTICLES).exists()


def test_compaction_after_a_killed_ingest_removes_its_orphans_and_pairs_the_claims(grown: Path,
                                                                                  tmp_path: Path) -> None:
    """A writer killed between its claims and its articles left orphan claims; the compaction
    removes them, and its revision pairs with the claims it leaves."""
    from lib.store.delta import META_CLAIMS_VERSION, commit_info, latest_version

    StoreWriter(grown).compact()  # the articles are one file: the next compaction has none to merge
    articles, claims = _read(grown)
    feed = write_feed(tmp_path / "late.jsonl", range(20, 23))
    env = {**os.environ, CRASH_ENV: "after-claims:1"}
    proc = subprocess.run([sys.executable, "-m", "lib.ingest", str(feed), "--store", str(grown)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    done = {row.table: row for row in StoreWriter(grown).compact()}
    assert done[ARTICLES].files_before == done[ARTICLES].files_after == 1  # paired by an empty commit
    pairing = int(commit_info(grown / ARTICLES, latest_version(grown / ARTICLES))[META_CLAIMS_VERSION])
    assert pairing == latest_version(grown / CLAIMS)
    raw = open_store(grown).dataset(CLAIMS).to_table(columns=["claim_id"]).column(0).to_pylist()
    assert sorted(raw) == sorted(claims["claim_id"])  # the orphans are gone, nothing else
    pd.testing.assert_frame_equal(_read(grown)[0], articles)
