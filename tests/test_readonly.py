"""Read-only mode (settings.READ_ONLY): every function that writes to a store refuses with
ReadOnlyError, whoever calls it, and the store is left exactly as it was."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import SEEDS_DIR
from lib import settings
from lib.ingest.__main__ import main as ingest_main
from lib.ingest.streaming import ingest, rebuild
from lib.store import corrections
from lib.store.access import ReadOnlyError
from lib.store.delta import open_store
from lib.store.stories import update_stories


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("readonly") / "store"
    ingest([SEEDS_DIR], path)
    store = open_store(path)
    claim = store.claims().iloc[0].to_dict()
    corrections.correct_claim(path, claim, "value", "7")  # a correction to undo
    return path


def _files(path: Path) -> dict[str, tuple[int, int]]:
    """Every file under the store with its size and modification time."""
    out = {}
    for root, _dirs, names in os.walk(path):
        for name in names:
            full = Path(root) / name
            st = full.stat()
            out[str(full.relative_to(path))] = (st.st_size, st.st_mtime_ns)
    return out


def _claim(path: Path) -> dict:
    return open_store(path).claims().iloc[0].to_dict()


def _article(path: Path) -> str:
    return open_store(path).articles()["article_id"].iloc[0]


WRITES = {
    "ingest": lambda p, tmp: ingest([tmp], p),
    "ingest into a new store": lambda p, tmp: ingest([SEEDS_DIR], tmp / "new-store"),
    "rebuild": lambda p, tmp: rebuild(p),
    "update_stories": lambda p, tmp: update_stories(p),
    "correct_article": lambda p, tmp: corrections.correct_article(p, _article(p), "published", "2024-01-01"),
    "correct_claim": lambda p, tmp: corrections.correct_claim(p, _claim(p), "value", "9"),
    "reject_claim": lambda p, tmp: corrections.reject_claim(p, _claim(p)),
    "add_claim": lambda p, tmp: corrections.add_claim(p, _article(p), 0, 20, {"kind": "troops", "value": "5"}),
    "undo": lambda p, tmp: corrections.undo(p, corrections.list_corrections(p)["correction_id"].iloc[0]),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_refuses_and_the_store_is_unchanged(seeded, tmp_path, monkeypatch, name):
    (tmp_path / "new.txt").write_text("نص جديد عن انسحاب 500 جندي أمريكي من قاعدة الشدادي", encoding="utf-8")
    before, version = _files(seeded), open_store(seeded).version
    monkeypatch.setattr(settings, "READ_ONLY", True)
    with pytest.raises(ReadOnlyError, match="read-only"):
        WRITES[name](seeded, tmp_path)
    assert _files(seeded) == before
    assert open_store(seeded).version == version
    assert not (tmp_path / "new-store").exists()


def test_the_ingest_command_refuses_with_a_message(seeded, tmp_path, monkeypatch, capsys):
    (tmp_path / "new.txt").write_text("نص جديد", encoding="utf-8")
    before = _files(seeded)
    monkeypatch.setattr(settings, "READ_ONLY", True)
    assert ingest_main([str(tmp_path), "--store", str(seeded)]) == 2
    assert "read-only" in capsys.readouterr().err
    assert _files(seeded) == before


def test_reads_still_work_read_only(seeded, monkeypatch):
    monkeypatch.setattr(settings, "READ_ONLY", True)
    store = open_store(seeded)
    assert len(store.articles()) == 5
    assert (store.claims()["value"] == 7).any()  # the correction is applied
    assert len(corrections.list_corrections(seeded)) == 1
