"""The tables as a plain pair of Parquet files, `DIR/articles.parquet` and `DIR/claims.parquet`:
the export format (`python -m lib.store export`), written atomically.

An export may be read (by a spreadsheet, a script) while it is replaced, so each file
is written to a temporary file in the same folder, flushed, and only then renamed
over the old one: a reader sees the old file or the new one, never half a file, and a
failed export leaves the previous one in place. The store itself (lib.store.delta)
needs none of this: Delta commits are atomic.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from lib.store.schema import coerce_articles, coerce_claims

__all__ = ["ARTICLES_FILE", "CLAIMS_FILE", "staged_files", "read_tables"]

ARTICLES_FILE = "articles.parquet"
CLAIMS_FILE = "claims.parquet"


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's entries (POSIX), to disk; a no-op where it cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def staged_files(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary files to write `paths` into. When the block ends without an error they are
    flushed and renamed over `paths` (in order, all written before the first rename);
    otherwise they are removed and the old files stay. Temporary names start with a dot,
    so folder walks (lib.ingest.readers) skip them, and end in `.tmp`."""
    tmps: list[Path] = []
    try:
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            tmps.append(Path(name))
        yield tmps
        for tmp, path in zip(tmps, paths):
            _fsync(tmp)
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; give what a plain write would
        for tmp, path in zip(tmps, paths):
            os.replace(tmp, path)
        for folder in {p.parent for p in paths}:
            _fsync(folder)
    finally:
        for tmp in tmps:
            with contextlib.suppress(OSError):
                tmp.unlink()


def read_tables(out_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read `(articles, claims)` from `out_dir`, with the contract's columns and dtypes.

    Raises FileNotFoundError if either file is missing.
    """
    out_dir = Path(out_dir)
    articles = pd.read_parquet(out_dir / ARTICLES_FILE)
    claims = pd.read_parquet(out_dir / CLAIMS_FILE)
    return coerce_articles(articles), coerce_claims(claims)
