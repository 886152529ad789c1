"""Fixtures and paths shared by the tests. Nothing here (or in any test) reads
outside the repository: the seeds' gold is copied into tests/data/."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "data" / "articles"  # the five seed articles, with metadata.csv
GOLD_FILE = Path(__file__).parent / "data" / "seeds_gold.json"  # a copy of shared/gold/seeds.json
GOLD: list[dict] = json.loads(GOLD_FILE.read_text(encoding="utf-8"))


def seed_text(name: str) -> str:
    """A seed article's raw text, by file name."""
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seeds through the whole ingest: (articles, claims)."""
    from lib.ingest.pipeline import build_tables

    result = build_tables([SEEDS_DIR])
    assert not result.errors, result.errors
    return result.articles, result.claims
