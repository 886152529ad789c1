"""Tests for lib.store.storage (the plain Parquet pair, the export format): round trips
through the data contract, and atomic replacement."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from lib.store import storage
from lib.store.schema import ARTICLE_COLUMNS, CLAIM_COLUMNS, coerce_articles, coerce_claims, empty_articles, empty_claims
from lib.store.storage import read_tables, staged_files


def sample_articles(n: int = 2) -> pd.DataFrame:
    return coerce_articles(pd.DataFrame({
        "article_id": [f"a{i}" for i in range(n)],
        "source_id": ["almodon"] * n,
        "source_name": ["المدن"] * n,
        "published": ["2025-05-27"] * (n - 1) + [None],
        "published_origin": ["metadata"] * (n - 1) + ["unknown"],
        "text": ["التحالف الدولي يعيد تموضعه"] * n,
        "path": [f"data/articles/{i}.txt" for i in range(n)],
    }))


def sample_claims() -> pd.DataFrame:
    return coerce_claims(pd.DataFrame({
        "claim_id": ["c1", "c2"],
        "article_id": ["a0", "a0"],
        "kind": ["troops", "attacks"],
        "value": [1400.0, None],
        "low": [1400.0, 24.0],
        "high": [1400.0, 99.0],
        "cumulative": [False, None],
        "period_start": ["2025-01-01", None],
        "killed": [None, 3],
        "span_start": [10, 20],
        "span_end": [40, 60],
    }))


def write_tables(articles: pd.DataFrame, claims: pd.DataFrame, out_dir: Path) -> None:
    """The pair written as the export writes it: both staged, then both renamed."""
    with staged_files([out_dir / "articles.parquet", out_dir / "claims.parquet"]) as (a_tmp, c_tmp):
        coerce_articles(articles).to_parquet(a_tmp, index=False)
        coerce_claims(claims).to_parquet(c_tmp, index=False)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- round trip ----------------------------------------------------------------------------------------

def test_tables_round_trip_with_contract_dtypes(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "build"  # created on demand
    write_tables(sample_articles(), sample_claims(), out)
    articles, claims = read_tables(out)
    pd.testing.assert_frame_equal(articles, sample_articles())
    pd.testing.assert_frame_equal(claims, sample_claims())
    assert list(articles.columns) == list(ARTICLE_COLUMNS)
    assert list(claims.columns) == list(CLAIM_COLUMNS)
    assert str(claims["killed"].dtype) == "Int64" and pd.isna(claims["killed"][0])
    assert articles["text"][0] == "التحالف الدولي يعيد تموضعه"


def test_empty_tables_round_trip(tmp_path: Path) -> None:
    write_tables(empty_articles(), empty_claims(), tmp_path)
    articles, claims = read_tables(tmp_path)
    pd.testing.assert_frame_equal(articles, empty_articles())
    pd.testing.assert_frame_equal(claims, empty_claims())


def test_read_tables_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_tables(tmp_path)


def write_one(df: pd.DataFrame, path: Path) -> None:
    """One file written through staged_files, as the exports do."""
    with staged_files([path]) as (tmp,):
        df.to_parquet(tmp, index=False)


def test_written_file_has_ordinary_permissions(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    write_one(pd.DataFrame({"a": [1]}), path)
    assert path.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


# --- atomicity -----------------------------------------------------------------------------------------

def test_crash_during_parquet_write_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "articles.parquet"
    write_one(sample_articles(), path)
    before = path.read_bytes()

    def half_write_then_die(self: pd.DataFrame, where, *args, **kwargs) -> None:
        Path(where).write_bytes(b"PAR1 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", half_write_then_die)
    with pytest.raises(OSError, match="No space left"):
        write_one(sample_articles(5), path)
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []
    monkeypatch.undo()
    pd.testing.assert_frame_equal(coerce_articles(pd.read_parquet(path)), sample_articles())


def test_crash_at_rename_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "claims.parquet"
    write_one(sample_claims(), path)
    before = path.read_bytes()

    def no_replace(src, dst) -> None:
        raise OSError("replace failed")

    monkeypatch.setattr(storage.os, "replace", no_replace)
    with pytest.raises(OSError, match="replace failed"):
        write_one(empty_claims(), path)
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_interrupt_mid_write_removes_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "articles.parquet"

    def interrupted(self: pd.DataFrame, where, *args, **kwargs) -> None:
        Path(where).write_bytes(b"partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_parquet", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_one(sample_articles(), path)
    assert not path.exists()  # no previous file, and no half-written one either
    assert list(tmp_path.iterdir()) == []


def test_write_tables_failure_changes_neither_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tables(sample_articles(), sample_claims(), tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in ("articles.parquet", "claims.parquet")}
    real = pd.DataFrame.to_parquet
    calls = []

    def fail_on_second(self: pd.DataFrame, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # articles staged fine, claims fail
            raise RuntimeError("disk died")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", fail_on_second)
    with pytest.raises(RuntimeError, match="disk died"):
        write_tables(sample_articles(7), empty_claims(), tmp_path)
    after = {name: (tmp_path / name).read_bytes() for name in before}
    assert after == before
    assert leftovers(tmp_path) == []


def test_temp_files_live_in_target_directory_are_hidden_and_renamed_together(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src, dst) -> None:
        seen.append((str(src), str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", spy)
    write_tables(sample_articles(), sample_claims(), tmp_path)
    assert [Path(dst).name for _src, dst in seen] == ["articles.parquet", "claims.parquet"]
    for src, _dst in seen:
        assert Path(src).parent == tmp_path and Path(src).name.startswith(".") and src.endswith(".tmp")
