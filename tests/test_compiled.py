"""Tests for lib.compiled: a compiled module is used only for the source it was
built from, LIB_PURE_PYTHON turns them all off, and compiled and plain Python
ingest give the same tables."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lib.compiled import COMPILED_MODULES, PURE_PYTHON_VARIABLE, CompiledFinder, compiled_path, modules_in_use
from lib.ingest import build_tables

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def _fake_build(tmp_path: Path, module: str, built_from: bytes, source_now: bytes) -> CompiledFinder:
    """A finder over tmp_path, where lib/<module>.py holds `source_now` and a (fake, empty)
    compiled file is named for `built_from`: find_spec goes by names, it loads nothing."""
    lib_dir = tmp_path / "lib"
    lib_dir.mkdir()
    (lib_dir / f"{module}.py").write_bytes(source_now)
    built = compiled_path(module, built_from, tmp_path / "compiled")
    built.parent.mkdir()
    built.write_bytes(b"")
    return CompiledFinder(tmp_path / "compiled", lib_dir)


def test_a_build_of_the_current_source_is_found(tmp_path: Path) -> None:
    source = (ROOT / "lib" / "numbers.py").read_bytes()
    spec = _fake_build(tmp_path, "numbers", source, source).find_spec("lib.numbers")
    assert spec is not None and spec.origin == str(compiled_path("numbers", source, tmp_path / "compiled"))


def test_an_edited_source_is_not_given_the_old_build(tmp_path: Path) -> None:
    source = (ROOT / "lib" / "numbers.py").read_bytes()
    finder = _fake_build(tmp_path, "numbers", source, source + b"\n# edited\n")
    assert finder.find_spec("lib.numbers") is None


def test_only_the_listed_lib_modules_are_looked_for(tmp_path: Path) -> None:
    finder = _fake_build(tmp_path, "ingest", b"x = 1\n", b"x = 1\n")
    assert finder.find_spec("lib.ingest") is None
    assert finder.find_spec("numbers") is None and finder.find_spec("json") is None


@pytest.mark.parametrize("module", COMPILED_MODULES)
def test_no_compiled_module_is_run_as_a_script(module: str) -> None:
    # `python -m lib.X` needs X's code object, which a compiled module does not have
    assert "__main__" not in (ROOT / "lib" / f"{module}.py").read_text(encoding="utf-8")


@pytest.mark.skipif(not os.environ.get("CI"), reason="only CI is sure to have just run scripts/setup.sh")
def test_setup_compiled_every_hot_module() -> None:
    # a build that stopped compiling would otherwise go unnoticed: everything still
    # passes as plain Python, only slower
    import importlib

    for module in COMPILED_MODULES:
        importlib.import_module(f"lib.{module}")
    assert modules_in_use() == sorted(f"lib.{m}" for m in COMPILED_MODULES)


def _run_python(code: str, pure: bool) -> str:
    env = {**os.environ, PURE_PYTHON_VARIABLE: "1" if pure else ""}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True, timeout=600)
    return out.stdout


def test_pure_python_switch_imports_the_sources() -> None:
    code = ("import json, lib.ingest, lib.extract\nfrom lib.compiled import modules_in_use\n"
            "print(json.dumps([lib.extract.__file__, modules_in_use()]))")
    extract_file, in_use = json.loads(_run_python(code, pure=True))
    assert Path(extract_file) == ROOT / "lib" / "extract.py"
    assert in_use == []


def _pickle_tables(inputs: list[str], out: str) -> None:
    result = build_tables(inputs)
    pd.to_pickle((result.articles, result.claims), out)


@pytest.mark.skipif(set(modules_in_use()) != {f"lib.{m}" for m in COMPILED_MODULES},
                    reason="lib is not (all) compiled here: scripts/setup.sh builds it")
def test_compiled_and_plain_python_ingest_give_the_same_tables(tmp_path: Path) -> None:
    # Real articles; every Arabic sentence the extraction tests were written with, as
    # an article of its own; and articles of several of them, so that context across
    # sentences (an earlier date, a group named before) is exercised too.
    inputs = [str(ROOT / "data" / "articles")] + ([str(SHARED_SEEDS)] if SHARED_SEEDS.is_dir() else [])
    sentences = sorted({s for s in _arabic_test_strings() if len(s.split()) >= 3})
    pick = random.Random(0)
    texts = sentences + ["\n".join(pick.sample(sentences, pick.randint(2, 6))) for _ in range(300)]
    records = tmp_path / "texts.jsonl"
    records.write_text("".join(json.dumps({"text": t, "published": "2025-05-27"}, ensure_ascii=False) + "\n"
                               for t in texts), encoding="utf-8")
    inputs.append(str(records))
    _pickle_tables(inputs, str(tmp_path / "compiled.pkl"))
    _run_python(f"import sys; sys.path.insert(0, {str(ROOT)!r})\nfrom tests.test_compiled import _pickle_tables\n"
                f"_pickle_tables({inputs!r}, {str(tmp_path / 'plain.pkl')!r})", pure=True)
    compiled, plain = pd.read_pickle(tmp_path / "compiled.pkl"), pd.read_pickle(tmp_path / "plain.pkl")
    assert len(compiled[1]) > 300  # the comparison covers many claims
    pd.testing.assert_frame_equal(plain[0], compiled[0])
    pd.testing.assert_frame_equal(plain[1], compiled[1])


def _arabic_test_strings() -> list[str]:
    """The Arabic string literals of the extraction, number and date tests."""
    import ast

    found = []
    for name in ("test_extract.py", "test_numbers.py", "test_dates.py", "test_places.py"):
        tree = ast.parse((ROOT / "tests" / name).read_text(encoding="utf-8"))
        found += [node.value for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and any("\u0621" <= ch <= "\u064a" for ch in node.value)]
    return found

