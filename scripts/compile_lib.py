"""Compile lib's ingest hot path with Cython (see lib/compiled.py); run by scripts/setup.sh.

    .venv/bin/python scripts/compile_lib.py

Builds only the modules whose current source has no compiled file yet, so a second
run with nothing edited takes a moment; removes the files of sources that no longer
exist. Exits non-zero when the build fails (no C compiler, say): the product then
runs as plain Python, only slower.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.compiled import COMPILED_DIR, COMPILED_MODULES, LIB_DIR, compiled_path  # noqa: E402

# The code compiles as Python: type annotations are not enforced as C types
# (with them, a NaN given where a str is annotated would raise instead of being handled).
DIRECTIVES = {"language_level": 3, "annotation_typing": False}


def build(modules: dict[str, bytes], work: Path) -> dict[str, Path]:
    """Compile each {module: source} in `work`; the built file of each."""
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    package = work / "src" / "lib"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    extensions = []
    for module, source in modules.items():
        (package / f"{module}.py").write_bytes(source)  # the very bytes the file is named for
        # -g0: without debug symbols the build takes half the time, and the files a sixth of the space
        extensions.append(Extension(f"lib.{module}", [str(package / f"{module}.py")], extra_compile_args=["-g0"]))
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
                partial = targets[module].with_name(targets[module].name + ".partial")
                shutil.copyfile(path, partial)
                os.replace(partial, targets[module])  # whole or not at all
    keep = set(targets.values())
    for stale in COMPILED_DIR.glob("*"):
        if stale not in keep:
            stale.unlink()
    print(f"compiled lib modules up to date: {len(targets)} in {COMPILED_DIR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
