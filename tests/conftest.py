"""Fixtures and paths shared by the tests. Nothing here (or in any test) reads
outside the repository: the seeds' gold is copied into tests/data/."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "data" / "articles" / "seeds"  # the five seed articles, with metadata.csv
GOLD_FILE = Path(__file__).parent / "data" / "seeds_gold.json"  # a copy of shared/gold/seeds.json
GOLD: list[dict] = json.loads(GOLD_FILE.read_text(encoding="utf-8"))


def seed_text(name: str) -> str:
    """A seed article's raw text, by file name."""
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


def read_seeds_through_a_store(store: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seeds as the product holds them: ingested into `store`, read back (stories and
    corrections applied), so the undated al-Thawra seed (004) carries the date its story gives it."""
    from lib.ingest.streaming import ingest
    from lib.store.delta import open_store

    report = ingest([SEEDS_DIR], store)
    assert not report.errors, report.errors
    stored = open_store(store)
    return stored.articles(), stored.claims()


@pytest.fixture(scope="session")
def seed_tables(tmp_path_factory) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seeds through the whole ingest and the store: (articles, claims)."""
    return read_seeds_through_a_store(tmp_path_factory.mktemp("seeds") / "store")


# ---------------------------------------------------------------------- the dashboard's
PAGES = ["overview", "attacks", "troops", "bases", "outlets", "articles"]  # the dashboard's pages, in menu order


@pytest.fixture(scope="session")
def seedlike():
    """The seed-like tables (`_dashboard_data.seedlike_tables`) as the dashboard holds them (a Corpus).

    Shared by every test of a session: nothing may change it."""
    from _dashboard_data import seedlike_tables
    from lib.dashboard.corpus import from_frames

    return from_frames(*seedlike_tables())


@pytest.fixture(scope="session")
def seedlike_store(tmp_path_factory) -> Path:
    """The seed-like tables written into a store, as the app reads it."""
    from _dashboard_data import seedlike_tables, write_store

    return write_store(*seedlike_tables(), tmp_path_factory.mktemp("seedlike") / "store")


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory) -> Path:
    """300 synthetic articles and 3000 claims in a store, in a few commits (enough outlets and dates to filter)."""
    from _dashboard_data import write_store
    from lib.synthetic import generate

    return write_store(*generate(300, 3000, seed=7), tmp_path_factory.mktemp("synthetic") / "store", batch=100)


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory) -> Path:
    """Where the app puts the store it builds from the bundled articles (SEEDS_DIR) on its first start."""
    return tmp_path_factory.mktemp("bundled") / "store"
