"""lib.evaluate: how gold items meet claims, the seeds scored exactly, and a floor
for the dev set (tune and test parts) that only ever goes up."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.evaluate import evaluate, evaluate_store, format_report, load_gold
from lib.evaluate.gold import GoldItem
from lib.evaluate.match import match_kind

from conftest import GOLD_FILE, ROOT, SEEDS_DIR  # noqa: E402

DEV_GOLD = [ROOT / "tests" / "data" / "dev_gold_2019_2022.json", ROOT / "tests" / "data" / "dev_gold_2023_2026.json"]
TUNE2_GOLD = ROOT / "tests" / "data" / "dev_gold_tune2.json"  # a second tuning set, annotated later (all "tune")
TUNE3_GOLD = ROOT / "tests" / "data" / "dev_gold_tune3.json"  # a third: 43 articles added for it (all "tune")
# The fourth and fifth: articles collected for them, each batch annotated and committed before the
# extractor ran on it, with one focus each (all "tune")
TUNE4_GOLD = {f"tune4_{focus}": ROOT / "tests" / "data" / f"dev_gold_tune4_{focus}.json"
              for focus in ("troops", "bases", "attacks", "mixed")}
TUNE5_GOLD = ROOT / "tests" / "data" / "dev_gold_tune5.json"
# The sixth, made the same way, one per focus: attack periods, base status, troop `when`
TUNE6_GOLD = {f"tune6_{focus}": ROOT / "tests" / "data" / f"dev_gold_tune6_{focus}.json"
              for focus in ("periods", "bases", "troops")}
# The seventh: per focus, a tuning part (A) and a hold-out (B) split before annotation; rules were
# written from A only, and B measures whether they carry to text they were not written on
TUNE7_GOLD = {f"tune7_{focus}{part}": ROOT / "tests" / "data" / f"dev_gold_tune7_{focus}{part}.json"
              for focus in ("periods", "bases", "troops") for part in ("", "_holdout")}
DEV_DIRS = [ROOT / "data" / "articles" / "2019-2022", ROOT / "data" / "articles" / "2023-2026"]

# What the rules reach on the dev set; raise these when the rules get better, never lower them.
# "period right": how many matched counts have the right period. It replaced the test part's
# period share (0.58) when rules that find more counts lowered the share with the count of right
# periods unchanged (14 of 24, then 14 of 28): a share over matched items falls as recall rises.
FLOOR = {
    "tune": {"f1": 1.0, "precision": 1.0, "recall": 1.0, "when": 1.0, "period": 0.93, "status": 1.0},
    # The test part's gold was adjudicated against a second, independent annotation
    # (tests/data/agreement/ADJUDICATION.md: 8 annotation mistakes fixed, 4 items of them
    # found by the extractor before). Re-based then on the extractor of that day (a4b9938),
    # which scored F1 .913, P .965, R .866, when 15/22, period 16/29, status 43/59 on it;
    # after round 6, status 45/59.
    "test": {"f1": 0.91, "precision": 0.96, "recall": 0.86, "when": 0.68, "period right": 16, "status": 0.76},
    "tune2": {"f1": 0.99, "precision": 0.99, "recall": 0.99, "when": 1.0, "period": 0.87, "status": 0.98},
    # (set on its 43 records; its first floor, F1 .99, was for the first 30 of them)
    "tune3": {"f1": 0.99, "precision": 0.99, "recall": 0.98, "when": 1.0, "period": 0.92, "status": 0.97},
    "tune4_troops": {"f1": 0.99, "precision": 0.99, "recall": 0.99, "when": 0.96, "status": 0.93},
    "tune4_bases": {"f1": 0.97, "precision": 0.99, "recall": 0.94, "when": 1.0, "status": 0.93},
    "tune4_attacks": {"f1": 0.96, "precision": 0.97, "recall": 0.95, "period": 0.96, "status": 1.0},
    "tune4_mixed": {"f1": 0.96, "precision": 0.99, "recall": 0.93, "when": 1.0, "status": 1.0},
    "tune5": {"f1": 0.98, "precision": 0.99, "recall": 0.96, "when": 1.0, "period": 1.0, "status": 0.96},
    "tune6_periods": {"f1": 0.90, "precision": 0.95, "recall": 0.86, "period": 0.91, "status": 1.0},
    "tune6_bases": {"f1": 0.93, "precision": 0.98, "recall": 0.88, "when": 1.0, "status": 0.93},
    "tune6_troops": {"f1": 0.95, "precision": 0.96, "recall": 0.93, "when": 1.0, "status": 0.9},
    "tune7_periods": {"f1": 0.87, "precision": 0.86, "recall": 0.88, "when": 1.0, "period": 0.87, "status": 1.0},
    "tune7_periods_holdout": {"f1": 0.89, "precision": 0.93, "recall": 0.85, "when": 1.0, "period": 1.0, "status": 1.0},
    "tune7_bases": {"f1": 0.96, "precision": 0.96, "recall": 0.96, "when": 1.0, "period": 1.0, "status": 0.95},
    "tune7_bases_holdout": {"f1": 0.90, "precision": 0.90, "recall": 0.90, "period": 1.0, "status": 0.88},
    "tune7_troops": {"f1": 0.87, "precision": 0.94, "recall": 0.81, "when": 0.80},
    "tune7_troops_holdout": {"f1": 0.85, "precision": 0.80, "recall": 0.92, "when": 0.77, "status": 1.0},
}
TUNING_SETS = {"tune2": TUNE2_GOLD, "tune3": TUNE3_GOLD, **TUNE4_GOLD, "tune5": TUNE5_GOLD, **TUNE6_GOLD, **TUNE7_GOLD}


def _store(tmp: Path, inputs: list[Path]) -> Path:
    from lib.ingest.__main__ import main

    store = tmp / "store"
    assert main([*map(str, inputs), "--store", str(store)]) == 0
    return store


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory) -> Path:
    return _store(tmp_path_factory.mktemp("seeds"), [SEEDS_DIR])


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory) -> Path:
    return _store(tmp_path_factory.mktemp("dev"), DEV_DIRS)


# ---------------------------------------------------------------- the seeds, exactly
def test_the_seeds_score_one(seeds_store):
    report = evaluate_store([GOLD_FILE], seeds_store)
    assert report.records == report.articles_found == 5
    for kind, score in report.kinds.items():
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0), kind
    assert report.overall.gold == report.overall.claims > 0
    for name, share in report.qualifiers.items():
        assert share.right == share.total, name
    assert report.findings == []


def test_the_command_line_prints_the_scores(seeds_store, capsys):
    from lib.evaluate.__main__ import main

    assert main([str(GOLD_FILE), str(seeds_store), "--misses"]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "1.000" in out and "findings:" in out


# ---------------------------------------------------------------- the dev set: a floor
@pytest.mark.parametrize("split", ["tune", "test", *TUNING_SETS])
def test_the_dev_set_stays_above_its_floor(dev_store, split):
    report = evaluate_store([TUNING_SETS[split]], dev_store, "tune") if split in TUNING_SETS else \
        evaluate_store(DEV_GOLD, dev_store, split)
    floor, overall = FLOOR[split], report.overall
    gold_records = load_gold([TUNING_SETS[split]], "all") if split in TUNING_SETS else load_gold(DEV_GOLD, split)
    assert report.articles_found == report.records == len(gold_records) >= 14  # every record scored, none lost
    assert overall.f1 >= floor["f1"], format_report(report)
    assert overall.precision >= floor["precision"], format_report(report)
    assert overall.recall >= floor["recall"], format_report(report)
    for name in ("when", "period", "status"):
        if name in floor:
            assert report.share(name) >= floor[name], (name, format_report(report))
    if "period right" in floor:
        assert report.qualifiers["period"].right >= floor["period right"], format_report(report)


@pytest.mark.parametrize("name", list(TUNING_SETS))
def test_each_later_tuning_set_is_all_tune_and_apart_from_the_others(name):
    records = load_gold([TUNING_SETS[name]], "all")
    others = {r.file for r in load_gold([*DEV_GOLD, *(p for n, p in TUNING_SETS.items() if n != name)], "all")}
    assert len(records) >= 14 and {r.split for r in records} == {"tune"}  # (round 7: a 15-record half each)
    assert not others & {r.file for r in records}
    assert len({r.file for r in records}) == len(records)


def test_splits_select_records():
    tune, test, everything = (load_gold(DEV_GOLD, s) for s in ("tune", "test", "all"))
    assert len(tune) + len(test) == len(everything)
    assert {r.split for r in tune} == {"tune"} and {r.split for r in test} == {"test"}
    assert load_gold([GOLD_FILE], "tune") == []  # the seeds have no split: only in "all"


# ---------------------------------------------------------------- matching rules
def _gold(kind="troops", value=None, low=None, high=None, qualifier="exact", **attrs) -> GoldItem:
    if value is not None:
        low = low if low is not None else value
        high = high if high is not None else value
    return GoldItem(kind, 0, value, low, high, qualifier, attrs=attrs)


def _claim(kind="troops", value=None, low=None, high=None, qualifier="exact", **more) -> dict:
    if value is not None:
        low = value if low is None else low
        high = value if high is None else high
    return {"kind": kind, "value": value, "low": low, "high": high, "qualifier": qualifier, "place_id": None,
            **more}


def test_same_figure_matches_and_when_is_scored_apart():
    pairs, missed, spare = match_kind([_gold(value=900, when="current")], [_claim(value=900, when="planned")])
    assert len(pairs) == 1 and not missed and not spare


def test_a_claimed_range_matches_two_gold_ends():
    gold = [_gold(value=500, qualifier="approx"), _gold(value=600, qualifier="approx")]
    pairs, missed, spare = match_kind(gold, [_claim(low=500, high=600, qualifier="range")])
    assert len(pairs) == 2 and not missed and not spare


def test_a_gold_range_matches_claimed_ends_or_the_same_range():
    gold = [_gold(low=500, high=600, qualifier="range")]
    pairs, missed, spare = match_kind(gold, [_claim(value=500), _claim(value=600)])
    assert len(pairs) == 1 and not missed and not spare
    pairs, _, spare = match_kind(gold, [_claim(low=500, high=600, qualifier="range")])
    assert len(pairs) == 1 and not spare


def test_each_claim_is_used_once():
    gold = [_gold(value=900), _gold(value=900)]
    pairs, missed, spare = match_kind(gold, [_claim(value=900)])
    assert len(pairs) == 1 and len(missed) == 1 and not spare


def test_the_pair_with_more_qualifiers_right_is_taken():
    gold = [_gold(value=900, when="past"), _gold(value=900, when="current")]
    claims = [_claim(value=900, when="current"), _claim(value=900, when="past")]
    pairs, _, _ = match_kind(gold, claims)
    assert sorted((p.gold.attrs["when"], p.claims[0]["when"]) for p in pairs) == [("current", "current"),
                                                                                    ("past", "past")]


def test_a_base_count_never_matches_a_named_base():
    gold = [_gold("base_status", value=3, status="closed", planned=False)]
    claims = [_claim("base_status", value=3, status="closed", place_id="al_tanf")]
    pairs, missed, spare = match_kind(gold, claims)
    assert not pairs and missed and spare


def test_named_bases_match_by_place_and_plans_are_kept_apart():
    from lib.evaluate.match import checks

    g = GoldItem("base_status", 0, place="al_tanf", attrs={"status": "closed", "planned": False})
    fact = {"kind": "base_status", "place_id": "al_tanf", "status": "closed", "when": None}
    plan = dict(fact, when="planned")
    assert checks(g, fact)["status"] and not checks(g, plan)["status"]
    pairs, _, _ = match_kind([g], [plan])
    assert len(pairs) == 1


def test_articles_found_by_file_or_url_and_misses_listed():
    records = load_gold([GOLD_FILE])[:1]
    rec = records[0]
    articles = pd.DataFrame([{"article_id": "a1", "path": "elsewhere/x.txt", "url": rec.url, "source_id": None,
                              "source_name": None, "source_name_en": None, "published": None}])
    claims = pd.DataFrame([_claim(value=12345, article_id="a1", evidence="جملة")])
    report = evaluate(records, articles, claims)
    assert report.articles_found == (1 if rec.url else 0)
    articles.loc[0, "path"] = "data/articles/seeds/" + rec.file
    report = evaluate(records, articles, claims)
    assert report.articles_found == 1
    assert report.kinds["troops"].claims == 1 and report.kinds["troops"].claims_right == 0
    text = format_report(report, misses=True)
    assert "false positive [troops]" in text and "miss [" in text
