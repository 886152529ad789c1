"""lib.evaluate.agreement: a second annotation scored against a first with the
evaluator's matching."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from lib.evaluate.agreement import agreement, main
from lib.evaluate.gold import load_gold

DATA = Path(__file__).parent / "data"
GOLD_FILES = sorted(DATA.glob("dev_gold_tune*.json")) + [DATA / "seeds_gold.json"]

RECORD = {
    "file": "2023-2026/900_x.txt", "url": "https://example.org/a", "outlet": "Example", "source_id": None,
    "published": "2024-05-02", "split": "test",
    "troops": [{"value": 900, "qualifier": "approx", "when": "current", "actor": "US", "evidence": "نحو 900 جندي"},
               {"value": 2000, "qualifier": "exact", "when": "past", "actor": "US", "evidence": "2000 جندي"}],
    "attacks": [{"value": 12, "qualifier": "exact", "actor": "ISIS", "period_start": "2024-04-01",
                 "period_end": "2024-04-30", "evidence": "12 هجوما"}],
    "strikes": [],
    "bases": [{"name_ar": "التنف", "status": "active", "evidence": "قاعدة التنف"}],
    "distractors": [],
}


def _write(tmp_path: Path, name: str, records: list[dict]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_a_gold_file_agrees_fully_with_itself(path: Path) -> None:
    """Every item, written as a claim, matches itself with every qualifier right:
    nothing is lost in the conversion."""
    records = load_gold([path], "all")
    report = agreement(records, records)
    overall = report.overall
    assert overall.gold == overall.claims == overall.gold_found == overall.claims_right
    assert all(share.right == share.total for share in report.qualifiers.values())


def test_a_dropped_item_and_a_changed_qualifier_are_counted(tmp_path: Path) -> None:
    second = copy.deepcopy(RECORD)
    second["troops"][1]["when"] = "current"  # read differently
    second["attacks"][0]["period_start"] = "2024-01-01"  # another period
    second["bases"] = []  # not seen
    first_path, second_path = _write(tmp_path, "a.json", [RECORD]), _write(tmp_path, "b.json", [second])
    report = agreement(load_gold([first_path]), load_gold([second_path]))
    assert (report.overall.gold, report.overall.gold_found, report.overall.claims) == (4, 3, 3)
    assert (report.qualifiers["when"].right, report.qualifiers["when"].total) == (1, 2)
    assert (report.qualifiers["period"].right, report.qualifiers["period"].total) == (0, 1)
    assert report.kinds["base_status"].recall == 0.0


def test_the_command_scores_only_articles_annotated_twice(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    other = copy.deepcopy(RECORD) | {"file": "2023-2026/901_y.txt", "url": "https://example.org/b"}
    first_path = _write(tmp_path, "a.json", [RECORD, other])
    second_path = _write(tmp_path, "b.json", [RECORD])
    assert main([str(first_path), str(second_path), "--misses"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 articles annotated twice")
    overall = next(line.split() for line in out.splitlines() if line.startswith("overall"))
    assert overall == ["overall", "4", "4", "1.000", "1.000", "1.000"]
