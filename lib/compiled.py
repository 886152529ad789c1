"""Compiled copies of the ingest hot path, used only while they match their source.

`scripts/compile_lib.py` (run by scripts/setup.sh) compiles the modules in
COMPILED_MODULES to C with Cython, unchanged: the `.py` files stay the code, and the
compiled files run that same code, faster. Each compiled file is named for a hash of
the source it was built from and of the build settings below
(build/compiled/extract-<hash>.cpython-311-x86_64-linux-gnu.so), and the finder loads
it only while lib/extract.py still gives that hash. An edited module therefore runs
as plain Python until the next setup; a compiled file never stands in for code, or a
Cython version, it was not built from.

LIB_PURE_PYTHON=1 in the environment turns compiled modules off altogether (for
profilers and coverage, which see only Python code). The README says more.
"""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

LIB_DIR = Path(__file__).resolve().parent
COMPILED_DIR = LIB_DIR.parent / "build" / "compiled"
# What ingest spends its time in. lib.ingest is left out: `python -m lib.ingest`
# needs its code object, which a compiled module does not have.
COMPILED_MODULES = ("textnorm", "wordregex", "sentences", "numbers", "dates", "places",
                    "cleaning", "outlets", "readers", "extract")
PURE_PYTHON_VARIABLE = "LIB_PURE_PYTHON"

# How the modules are built (scripts/compile_lib.py). Part of every compiled file's
# name, so that a change here, or to the pinned Cython, rebuilds them all.
CYTHON_VERSION = "3.3.1"  # as pinned in requirements.txt; compile_lib checks the installed one
# compiled as Python: type annotations are not enforced as C types (with them, a NaN
# given where a str is annotated would raise instead of being handled)
DIRECTIVES = {"language_level": 3, "annotation_typing": False}
COMPILE_ARGS = ("-g0",)  # no debug symbols: half the build time, a sixth of the size
BUILD_SETTINGS = f"cython {CYTHON_VERSION}; {sorted(DIRECTIVES.items())}; {COMPILE_ARGS}".encode()


def source_hash(source: bytes) -> str:
    return hashlib.sha256(BUILD_SETTINGS + b"\0" + source).hexdigest()[:16]


def compiled_path(module: str, source: bytes, folder: Path = COMPILED_DIR) -> Path:
    """Where the compiled build of lib/<module>.py with this source lives."""
    return folder / f"{module}-{source_hash(source)}{importlib.machinery.EXTENSION_SUFFIXES[0]}"


class CompiledFinder(importlib.abc.MetaPathFinder):
    """Finds lib.<module> in `folder` when a build of its current source is there."""

    def __init__(self, folder: Path = COMPILED_DIR, lib_dir: Path = LIB_DIR):
        self.folder = folder
        self.lib_dir = lib_dir

    def find_spec(self, fullname: str, path: object = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        package, _, module = fullname.partition(".")
        if package != "lib" or module not in COMPILED_MODULES:
            return None
        try:
            built = compiled_path(module, (self.lib_dir / f"{module}.py").read_bytes(), self.folder)
        except OSError:
            return None
        if not built.is_file():
            return None  # never built, or built from other source: the .py is imported as usual
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(built))
        return importlib.util.spec_from_file_location(fullname, built, loader=loader)


def install() -> None:
    """Put the finder first on sys.meta_path (once), unless LIB_PURE_PYTHON is set."""
    if os.environ.get(PURE_PYTHON_VARIABLE, "").strip() not in ("", "0"):
        return
    if not any(isinstance(f, CompiledFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, CompiledFinder())


def modules_in_use() -> list[str]:
    """The lib modules imported so far that run compiled."""
    return sorted(name for name, mod in list(sys.modules.items())
                  if name.startswith("lib.") and isinstance(getattr(mod, "__loader__", None),
                                                            importlib.machinery.ExtensionFileLoader))
