"""Compile lib's ingest hot path with Cython (see lib/compiled.py); run by scripts/setup.sh.

    .venv/bin/python scripts/compile_lib.py

Builds only the modules whose current source has no compiled file yet, so a second
run with nothing edited takes a moment, and removes the builds of older sources.
Exits non-zero when the build fails (no C compiler, say): the product then runs as
plain Python, only slower.
"""
from __future__ import annotations

import importlib.machinery
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.compiled import (  # noqa: E402
    COMPILE_ARGS, COMPILED_DIR, COMPILED_MODULES, CYTHON_VERSION, DIRECTIVES, LIB_DIR, compiled_path,
)


def build(modules: dict[str, bytes], work: Path) -> dict[str, Path]:
    """Compile each {module: source} in `work`; the built file of each."""
    import Cython
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    if Cython.__version__ != CYTHON_VERSION:
        raise RuntimeError(f"Cython {Cython.__version__} is installed, lib/compiled.py names {CYTHON_VERSION}: "
                           "change CYTHON_VERSION there with the pin in requirements.txt")
    package = work / "src" / "lib"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    extensions = []
    for module, source in modules.items():
        (package / f"{module}.py").write_bytes(source)  # the very bytes the file is named for
        extensions.append(Extension(f"lib.{module}", [str(package / f"{module}.py")],
                                    extra_compile_args=list(COMPILE_ARGS)))
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
    dist = Distribution({
        "ext_modules": cythonize(extensions, build_dir=str(work / "c"), compiler_directives=DIRECTIVES,
                                 nthreads=jobs, quiet=True),
        "script_args": ["--quiet", "build_ext", "--build-lib", str(work / "out"), "--build-temp", str(work / "tmp"),
                        "--parallel", str(jobs)],
    })
    dist.parse_command_line()
    dist.run_commands()
    built = {}
    for module in modules:
        found = list((work / "out" / "lib").glob(f"{module}.*"))
        if len(found) != 1:
            raise RuntimeError(f"no compiled file for lib.{module}")
        built[module] = found[0]
    return built


def _install(built: Path, target: Path) -> None:
    """Copy `built` to `target` whole or not at all (another setup may be copying too)."""
    fd, partial = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".partial")
    os.close(fd)
    shutil.copyfile(built, partial)
    os.replace(partial, target)


def _remove_old_builds(current: set[Path]) -> None:
    """Builds of older sources of these modules (for this Python), and partial copies
    left by a setup that died (an hour old: not one that is copying now)."""
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    for module in COMPILED_MODULES:
        for path in COMPILED_DIR.glob(f"{module}-*{suffix}"):
            if path not in current:
                path.unlink(missing_ok=True)
    for path in COMPILED_DIR.glob("*.partial"):
        if time.time() - path.stat().st_mtime > 3600:
            path.unlink(missing_ok=True)


def main() -> int:
    sources = {m: (LIB_DIR / f"{m}.py").read_bytes() for m in COMPILED_MODULES}
    targets = {m: compiled_path(m, src) for m, src in sources.items()}
    todo = {m: src for m, src in sources.items() if not targets[m].is_file()}
    if todo:
        print(f"compiling lib: {', '.join(todo)} (Cython, about 30 s)", flush=True)
        COMPILED_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                built = build(todo, Path(tmp))
            except (Exception, SystemExit) as exc:  # setuptools reports a compiler failure as SystemExit
                print(f"compile_lib: could not compile ({type(exc).__name__}: {exc}); "
                      "lib runs as plain Python", file=sys.stderr)
                return 1
            for module, path in built.items():
                _install(path, targets[module])
    _remove_old_builds(set(targets.values()))
    print(f"compiled lib modules up to date: {len(targets)} in {COMPILED_DIR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
