"""The Dask engine gives the rows the one-process engine gives: on a LocalCluster of
threads in a fixture, and once through the command line's own cluster of processes."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from _store_corpus import sorted_frame, write_feed, write_txt_folder
from conftest import ROOT, SEEDS_DIR
from lib import settings
from lib.ingest.dask_engine import plan_units
from lib.ingest.streaming import ingest
from lib.store.delta import open_store


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture
def inputs(tmp_path):
    folder = write_txt_folder(tmp_path / "in" / "txt", list(range(7)) + [20, 21])
    shutil.copy(folder / "00003.txt", folder / "00003_copy.txt")  # a duplicate inside a unit
    write_feed(tmp_path / "in" / "feed.jsonl", [5, 6, 7, 8, 9])  # duplicates across units
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    # a metadata.csv one folder up names its files as sub/<name> (a worker reads them alone)
    write_txt_folder(tmp_path / "in" / "weekly" / "sub", [30, 31])
    (tmp_path / "in" / "weekly" / "metadata.csv").write_text(
        "file,source,url,title,published\nsub/00030.txt,Zaman al-Wasl,https://example.org/30,,2023-03-01\n"
        "sub/00031.txt,Zaman al-Wasl,https://example.org/31,,2023-03-02\n", encoding="utf-8")
    return [tmp_path / "in", SEEDS_DIR]


def _same_rows(a, b) -> None:
    one, two = open_store(a), open_store(b)
    pd.testing.assert_frame_equal(sorted_frame(one.articles(), "article_id"), sorted_frame(two.articles(), "article_id"))
    pd.testing.assert_frame_equal(sorted_frame(one.claims(), "claim_id"), sorted_frame(two.claims(), "claim_id"))


def test_units_follow_the_input_order_and_keep_record_files_alone(inputs):
    units = list(plan_units(inputs, size=4))
    files = [f for u in units for f in u.files]
    assert [u.index for u in units] == list(range(len(units)))
    assert all(len(u.files) <= 4 for u in units)
    assert any(f.endswith("feed.jsonl") for f in files) and not any(f.endswith("metadata.csv") for f in files)
    assert [u.files for u in units if any(f.endswith(".jsonl") for f in u.files)] == [(str(inputs[0] / "feed.jsonl"),)]
    assert all(f.startswith(u.top + "/") for u in units for f in u.files)  # a unit never spans two inputs


def test_dask_engine_gives_the_rows_of_the_default_engine(inputs, tmp_path, client, monkeypatch):
    from lib.ingest.dask_engine import ingest_dask

    monkeypatch.setattr(settings, "INGEST_BATCH_SIZE", 3)  # several units and commits
    local = ingest(inputs, tmp_path / "local")
    dask = ingest_dask(inputs, tmp_path / "dask", client=client)
    _same_rows(tmp_path / "local", tmp_path / "dask")
    weekly = open_store(tmp_path / "dask").articles().query("path.str.contains('weekly')")
    assert sorted(weekly["published"].dt.strftime("%Y-%m-%d")) == ["2023-03-01", "2023-03-02"]
    assert (dask.read, dask.added, dask.duplicates, dask.claims) == (local.read, local.added, local.duplicates, local.claims)
    assert sorted((e.path, e.reason) for e in dask.errors) == sorted((e.path, e.reason) for e in local.errors)
    assert not any((tmp_path / "dask" / ".staging").iterdir())  # staged files committed and removed
    again = ingest_dask(inputs, tmp_path / "dask", client=client)
    assert again.added == 0 and again.revision_after == again.revision_before


def test_workers_on_the_command_line_start_a_local_cluster_of_processes(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", range(6))
    store = tmp_path / "store"
    done = subprocess.run([sys.executable, "-m", "lib.ingest", str(feed), str(SEEDS_DIR), "--store", str(store),
                           "--workers", "2"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "added: 11 article(s)" in done.stdout
    ingest([feed, SEEDS_DIR], tmp_path / "local")
    _same_rows(store, tmp_path / "local")
