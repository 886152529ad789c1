"""The claim-kind registry (lib.extract.registry) is the single source of the
kinds: the claims table's kinds, the gates scanned for, the rules run and the
synthetic tables all follow it, and a kind registered there (here, a toy one)
yields claims through extract_claims with no other change."""
from __future__ import annotations

import ast
import json
import re
import types
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from lib.extract import extract_claims, registry
from lib.extract.claims import claim
from lib.extract.vocabulary import Gate
from lib.store.schema import CLAIM_KINDS

KINDS_DIR = ROOT / "lib" / "extract" / "kinds"
LEXICON = json.loads((ROOT / "data" / "reference" / "lexicon.json").read_text(encoding="utf-8"))
CONVOY = "دخل رتل من القوات الأمريكية إلى قاعدة الشدادي أمس، فيما شن التحالف 3 غارات جوية على مواقع التنظيم."


def test_the_claims_table_kinds_are_the_registry_kinds() -> None:
    assert CLAIM_KINDS == registry.kind_names() == tuple(k.KIND for k in registry.KINDS)
    assert len(set(CLAIM_KINDS)) == len(CLAIM_KINDS)


def test_the_synthetic_tables_draw_the_registry_kinds() -> None:
    from lib.synthetic import KIND_WEIGHTS, generate

    assert tuple(KIND_WEIGHTS) == registry.kind_names()
    _, claims = generate(60, 400, seed=2)
    assert set(claims["kind"]) <= set(registry.kind_names())


@pytest.mark.parametrize("kind", registry.KINDS, ids=lambda k: k.KIND)
def test_every_registered_kind_declares_what_the_loop_needs(kind) -> None:
    assert isinstance(kind.KIND, str) and kind.KIND
    assert isinstance(kind.GATES, tuple) and kind.GATES
    assert all(isinstance(g, Gate) for g in kind.GATES)
    assert callable(kind.applies) and callable(kind.extract)
    for gate in kind.GATES:
        # gate words are lexicon lists (data), named by key
        for key in gate.words + gate.stems:
            assert isinstance(LEXICON.get(key), list), (kind.KIND, gate.name, key)
        assert gate.words or gate.stems or gate.place_kinds


def test_every_kind_module_is_registered() -> None:
    modules = {p.stem for p in KINDS_DIR.glob("*.py") if p.stem != "__init__"}
    assert modules == {k.__name__.rpartition(".")[2] for k in registry.KINDS}


def test_the_gate_scanner_opens_every_registered_gate() -> None:
    scanner = registry.lexicon().gates
    opened = set().union(*scanner.word_gates.values(), *scanner.stem_gates.values())
    assert {g.name for k in registry.KINDS for g in k.GATES} <= opened


def _string_constants(path: Path) -> set[str]:
    """The file's string literals, but for keys looked up in data (raw["base_status"])."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    keys = {id(n.slice) for n in ast.walk(tree) if isinstance(n, ast.Subscript)}
    return {n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in keys}


def test_no_kind_is_named_outside_its_module_and_the_registry() -> None:
    """No per-kind dispatch written by hand: the package's shared code never names a kind
    (it may read the lexicon's "base_status" words, a list of the same name)."""
    names = set(registry.kind_names())
    for path in sorted((ROOT / "lib" / "extract").glob("*.py")):
        assert not names & _string_constants(path), path.name


def test_the_extractor_code_holds_no_arabic_word() -> None:
    """Words are data (data/reference/lexicon.json, synthetic.json); only docstrings and
    comments show Arabic examples."""
    arabic_word = re.compile(r"[\u0621-\u064a]{2,}")
    paths = sorted((ROOT / "lib" / "extract").rglob("*.py")) + [ROOT / "lib" / "synthetic.py"]
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)}
        words = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                 and id(n) not in docstrings and arabic_word.search(n.value)]
        assert not words, (path.name, words)


def _toy_kind() -> types.ModuleType:
    """A kind made in the test, its words an existing lexicon list: a claim per convoy."""
    toy = types.ModuleType("convoys")
    toy.KIND = "convoy"
    toy.GATES = (Gate("convoy", words=("convoy_nouns",)),)
    toy.applies = lambda article, s: True
    toy.extract = lambda article, s: [claim("convoy", s, value=float(len(article.lex.sets["convoy_nouns"].find(s))))]
    return toy


def test_a_kind_registered_in_the_registry_alone_yields_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    before = extract_claims(CONVOY, date(2025, 5, 27))
    assert {c["kind"] for c in before} == {"base_status", "strikes"}
    monkeypatch.setattr(registry, "KINDS", [*registry.KINDS, _toy_kind()])
    after = extract_claims(CONVOY, date(2025, 5, 27))
    toys = [c for c in after if c["kind"] == "convoy"]
    assert [(c["value"], c["evidence"]) for c in toys] == [(1.0, CONVOY)]
    assert [c for c in after if c["kind"] != "convoy"] == before  # the other kinds are untouched
    assert "convoy" in registry.kind_names()
    # a sentence without its gate words never reaches it
    assert not [c for c in extract_claims("شن التحالف 3 غارات جوية أمس.", None) if c["kind"] == "convoy"]
    monkeypatch.undo()
    assert extract_claims(CONVOY, date(2025, 5, 27)) == before


def test_a_kind_left_out_of_the_registry_is_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "KINDS", [k for k in registry.KINDS if k.KIND != "strikes"])
    got = extract_claims(CONVOY, date(2025, 5, 27))
    assert got and "strikes" not in {c["kind"] for c in got}
    assert "strike" not in set().union(*registry.lexicon().gates.word_gates.values())


def test_a_gate_phrase_opens_the_gates_of_the_words_inside_it():
    # "العسكريين الأمريكيين" is matched whole as a troop phrase; it names the US too
    from lib.extract.registry import lexicon
    from lib.text.textnorm import normalize

    gates = lexicon().gates.scan(normalize("عدد العسكريين الأمريكيين في سوريا"), [0])[0]
    assert {"troop", "group:US"} <= gates
