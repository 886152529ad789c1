"""The shape of lib/, checked: no import cycles, no streamlit, no module past the
size a newcomer can read, and no Arabic word lists written in code (words are data,
in data/reference/)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

LIB = ROOT / "lib"
MAX_MODULE_LINES = 500
MAX_ARABIC_WORDS_IN_A_LITERAL = 2  # "a couple of words"; more is a word list, and belongs in data/reference/
ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(LIB.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The lib modules `name` imports, at any depth of its code (a function-level
    import is still a dependency: hiding a cycle in a function does not remove it)."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        found |= {t for t in targets if t in modules and t != name}
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules along it, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            # a package's __init__ importing its own submodules is how packages work, not a cycle
            if node.startswith(nxt + "."):
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_lib_has_no_import_cycle() -> None:
    graph = _graph()
    assert len(graph) > 20  # the walk found lib's modules
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_lib_never_imports_streamlit() -> None:
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "streamlit" for a in node.names), name
            elif isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] != "streamlit", name


def test_no_module_is_too_long_to_read() -> None:
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, long


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def arabic_word_lists(source: str) -> list[tuple[int, str]]:
    """(line, snippet) of each literal that lists more than a couple of Arabic words:
    a list/tuple/set/dict of Arabic strings, or one string of Arabic words joined by
    '|' (a regex alternation). Docstrings are examples, not lists."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            words = [i.value for i in items
                     if isinstance(i, ast.Constant) and isinstance(i.value, str) and ARABIC_WORD.search(i.value)]
            if len(words) > MAX_ARABIC_WORDS_IN_A_LITERAL:
                found.append((node.lineno, " ".join(words)[:60]))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            alternatives = [a for a in node.value.split("|") if ARABIC_WORD.search(a)]
            if len(alternatives) > MAX_ARABIC_WORDS_IN_A_LITERAL:
                found.append((node.lineno, node.value[:60]))
    return found


def test_the_word_list_finder_finds_lists_and_spares_docstrings() -> None:
    assert arabic_word_lists('X = ("الي", "لي", "حتى")\n')
    assert arabic_word_lists('X = {"اليوم": 0, "امس": -1, "غدا": 1}\n')
    assert arabic_word_lists('P = r"(?:قال|أعلن|أكد)"\n')
    assert not arabic_word_lists('def f():\n    """مثال: قال، أعلن، أكد، نفى"""\n    return ("من", "الى")\n')


def test_lib_holds_no_arabic_word_list() -> None:
    offenders = {name: hits for name, path in _modules().items()
                 if (hits := arabic_word_lists(path.read_text(encoding="utf-8")))}
    assert not offenders, offenders


def _assigned_names(source: str) -> list[str]:
    """Module-level names assigned in `source`, in order, repeats kept."""
    return [target.id for node in ast.parse(source).body if isinstance(node, (ast.Assign, ast.AnnAssign))
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)]


def _assigned_twice(names: list[str]) -> list[str]:
    """The names assigned more than once (a later one silently wins)."""
    return sorted({n for n in names if names.count(n) > 1})


def test_the_twice_assigned_finder_finds_a_repeat() -> None:
    assert _assigned_twice(_assigned_names("A = 1\nB: int = 2\nA = 4\n")) == ["A"]
    assert _assigned_twice(_assigned_names("A = 1\ndef f():\n    A = 2\n")) == []


def test_no_setting_is_defined_twice() -> None:
    """Settings are appended by many hands: a second `NAME = ...` would silently replace the first
    (a round once re-used TROOP_DESTINATION_REACH, changing five articles' troop claims). Checked
    across the package's files too: lib.settings re-exports extraction.py's names over its own."""
    every: list[str] = []
    for path in sorted((LIB / "settings").glob("*.py")):
        names = _assigned_names(path.read_text(encoding="utf-8"))
        assert _assigned_twice(names) == [], path.name
        every += names
    assert _assigned_twice(every) == []
