"""The store under kills and concurrent writers, with real processes: an ingest SIGKILLed
at each point of its commit sequence leaves a readable store with no visible orphan
claims, and a rerun completes it; two ingests started together both land in full."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from _store_corpus import sorted_frame, write_feed
from conftest import ROOT
from lib.ingest.pipeline import build_tables
from lib.ingest.streaming import ingest
from lib.store.delta import CLAIMS, open_store
from lib.store.writer import CRASH_ENV

BATCH = 4  # articles per commit in the subprocesses: 12 articles are 3 batches
FEED = range(12)


def _ingest_process(args: list[str], **env: str) -> subprocess.Popen:
    environment = {**os.environ, "LIB_INGEST_BATCH_SIZE": str(BATCH), **env}
    return subprocess.Popen([sys.executable, "-m", "lib.ingest", *args], cwd=ROOT, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _visible_and_raw(store: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(articles, claims) as readers see them, and the claims table's latest version as it is."""
    from deltalake import DeltaTable

    opened = open_store(store)
    latest_raw = DeltaTable(str(store / CLAIMS)).to_pyarrow_table(columns=["article_id", "claim_id"]).to_pandas()
    return opened.articles(), opened.claims(), latest_raw


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    feed = write_feed(tmp_path_factory.mktemp("feed") / "feed.jsonl", FEED)
    result = build_tables([feed])
    return feed, result.articles, result.claims


# point to kill at -> (articles visible after the kill, whether orphan claims sit in the claims table)
KILLS = {"before-claims:2": (BATCH, False), "after-claims:2": (BATCH, True), "after-articles:2": (2 * BATCH, False)}


@pytest.fixture(scope="module")
def killed(expected, tmp_path_factory) -> dict[str, tuple[Path, subprocess.CompletedProcess]]:
    """One store per kill point, each from a process killed there (started together: faster)."""
    feed = expected[0]
    base = tmp_path_factory.mktemp("killed")
    runs = {point: (base / point.replace(":", "-"), None) for point in KILLS}
    procs = {point: _ingest_process([str(feed), "--store", str(store)], **{CRASH_ENV: point})
             for point, (store, _) in runs.items()}
    out = {}
    for point, proc in procs.items():
        proc.communicate(timeout=120)
        out[point] = (runs[point][0], proc)
    return out


def _assert_complete(store: Path, articles: pd.DataFrame, claims: pd.DataFrame, *, same_paths: bool = True) -> None:
    opened = open_store(store)
    # which file an article shared by two inputs came from; the columns reads add (stories)
    drop = ["story_id", "story_rule", "published_basis"] + ([] if same_paths else ["path"])
    pd.testing.assert_frame_equal(sorted_frame(opened.articles().drop(columns=drop), "article_id"),
                                  sorted_frame(articles.drop(columns=drop, errors="ignore"), "article_id"))
    pd.testing.assert_frame_equal(sorted_frame(opened.claims(), "claim_id"), sorted_frame(claims, "claim_id"))
    raw = opened.dataset(CLAIMS).to_table(columns=["claim_id"]).column(0).to_pylist()
    assert len(raw) == len(set(raw)) == len(claims)  # no duplicate, no orphan left in the table


@pytest.mark.parametrize("point", list(KILLS))
def test_a_kill_leaves_a_readable_store_without_visible_orphans_and_a_rerun_completes_it(point, killed, expected):
    store, proc = killed[point]
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    visible_articles, orphans_expected = KILLS[point]
    articles, claims, latest_raw = _visible_and_raw(store)
    assert len(articles) == visible_articles
    assert set(claims["article_id"]) <= set(articles["article_id"])
    expected_claims = expected[2][expected[2]["article_id"].isin(articles["article_id"])]
    assert len(claims) == len(expected_claims)
    has_orphans = not set(latest_raw["article_id"]) <= set(articles["article_id"])
    assert has_orphans == orphans_expected  # the kill did land where it says
    report = ingest([expected[0]], store)
    assert report.added == len(FEED) - visible_articles
    _assert_complete(store, expected[1], expected[2])


def test_a_kill_right_after_removing_orphans_then_a_rerun(expected, tmp_path):
    feed, articles, claims = expected
    store = tmp_path / "store"
    first = _ingest_process([str(feed), "--store", str(store)], **{CRASH_ENV: "after-claims:1"})
    first.communicate(timeout=120)
    assert first.returncode == -signal.SIGKILL  # claims of batch 1 committed, no articles
    second = _ingest_process([str(feed), "--store", str(store)], **{CRASH_ENV: "after-orphans:1"})
    second.communicate(timeout=120)
    assert second.returncode == -signal.SIGKILL  # the orphans removed, nothing added yet
    articles_now, _claims, latest_raw = _visible_and_raw(store)
    assert len(articles_now) == 0 and len(latest_raw) == 0  # the orphans were removed before it died
    ingest([feed], store)
    _assert_complete(store, articles, claims)


def test_a_rebuild_killed_between_its_commits_leaves_the_old_claims_visible(expected, tmp_path):
    feed, articles, claims = expected
    store = tmp_path / "store"
    ingest([feed], store)
    before = open_store(store)
    proc = _ingest_process(["--store", str(store), "--rebuild"], **{CRASH_ENV: "rebuild-after-claims:1"})
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    after = open_store(store)
    assert after.revision == before.revision and after.versions[CLAIMS] == before.versions[CLAIMS]
    pd.testing.assert_frame_equal(after.claims(), before.claims())
    more = write_feed(tmp_path / "more.jsonl", [len(FEED)])
    ingest([more], store)  # the next writer finds nothing to remove and goes on
    grown = build_tables([feed, more])
    _assert_complete(store, grown.articles, grown.claims)


def test_two_ingests_started_together_both_land_in_full(tmp_path):
    one = write_feed(tmp_path / "one.jsonl", range(0, 12))
    two = write_feed(tmp_path / "two.jsonl", range(6, 18))  # half of it is also in one
    store = tmp_path / "store"
    procs = [_ingest_process([str(feed), "--store", str(store)]) for feed in (one, two)]
    added = 0
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        added += int(re.search(r"^added: (\d+) article", out, re.M).group(1))
    assert added == 18  # each article added by exactly one of them
    union = build_tables([one, two])
    _assert_complete(store, union.articles, union.claims, same_paths=False)
    assert len(union.articles) == 18
