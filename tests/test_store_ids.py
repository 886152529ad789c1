"""lib.store.ids.IdSet: 8 bytes an id, and never a wrong answer for ids of another shape."""
from __future__ import annotations

import pickle
import random

import numpy as np
import pyarrow as pa

from lib.store import ids as ids_module
from lib.store.ids import IdSet


def test_idset_agrees_with_a_python_set(monkeypatch):
    monkeypatch.setattr(ids_module, "_MERGE_EVERY", 50)  # merges happen in the test
    rng = random.Random(3)
    hexes = [f"{rng.getrandbits(64):016x}" for _ in range(400)]
    odd = ["ABCDEF0123456789", "0x00000000000001", "short", "", "00000000000000_1", "ffffffffffffffff0"]
    plain: set[str] = set()
    ids = IdSet()
    for i, article_id in enumerate(hexes[:300] + odd[:3]):
        (ids.add if i % 2 else ids.update)(article_id if i % 2 else [article_id])
        plain.add(article_id)
    ids.update_arrow(pa.chunked_array([hexes[250:350] + odd[3:] + [None]]))
    plain.update(hexes[250:350] + odd[3:])
    for article_id in hexes + odd + ["abcdef0123456789", "0000000000000001"]:
        assert (article_id in ids) == (article_id in plain), article_id
    assert len(ids) == len(plain)
    assert 3 not in ids


def test_idset_travels_to_workers_and_copies():
    ids = IdSet(["00000000000000ff", "weird"])
    copy = pickle.loads(pickle.dumps(ids))
    assert "00000000000000ff" in copy and "weird" in copy
    rebuilt = IdSet.from_parts(ids.as_array(), ids.other())
    assert "00000000000000ff" in rebuilt and "weird" in rebuilt and len(rebuilt) == 2


def test_merging_into_the_sorted_array_is_a_union():
    rng = np.random.default_rng(1)
    for _ in range(300):
        known = np.unique(rng.integers(0, 60, rng.integers(0, 40)).astype(np.uint64))
        new = rng.integers(0, 60, rng.integers(0, 40)).astype(np.uint64)
        assert np.array_equal(ids_module._merged(known, new), np.union1d(known, new))
