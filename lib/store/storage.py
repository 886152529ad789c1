"""Storing the `articles` and `claims` tables as Parquet, atomically.

The dashboard reads these files while an ingest may be rewriting them, and an
ingest can be interrupted (Ctrl-C, a full disk, a killed container). Each file
is therefore written to a temporary file in the same folder, flushed to disk,
and only then renamed over the old one: a reader sees the old table or the new
one, never half a file, and a failed run leaves the previous tables in place.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pandas as pd

from lib.store.schema import coerce_articles, coerce_claims

__all__ = ["ARTICLES_FILE", "CLAIMS_FILE", "write_parquet_atomic", "write_tables", "read_tables", "tables_mtime"]

ARTICLES_FILE = "articles.parquet"
CLAIMS_FILE = "claims.parquet"


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _stage(df: pd.DataFrame, path: Path) -> Path:
    """Write `df` to a synced temporary file next to `path` and return its name.

    The temporary name starts with a dot, so folder walks (and `lib.ingest.readers`)
    skip it, and ends in `.tmp`, so it is never mistaken for a table.
    On any failure the temporary file is removed and the error re-raised.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            df.to_parquet(fh, index=False)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates 0600; give the table the permissions a plain write would.
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _commit(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_parquet_atomic(df: pd.DataFrame, path: Path) -> None:
    """Write `df` to `path` so that an interrupted write leaves the previous file intact.

    Temporary file in the same directory (same filesystem, so the rename is
    atomic), fsync, `os.replace`, then fsync of the directory.
    """
    path = Path(path)
    tmp = _stage(df, path)
    _commit(tmp, path)
    _fsync_dir(path.parent)


def write_tables(articles: pd.DataFrame, claims: pd.DataFrame, out_dir: Path) -> None:
    """Write `articles.parquet` and `claims.parquet` into `out_dir` (created if needed).

    Both tables are coerced to the data contract (`lib.store.schema`) first, so a type
    error surfaces before anything is written. Both files are staged before
    either is renamed into place: if the run fails while writing, neither table
    changes, and the window in which a reader could see a new `articles` with an
    old `claims` shrinks to two renames.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    articles = coerce_articles(articles)
    claims = coerce_claims(claims)
    a_path, c_path = out_dir / ARTICLES_FILE, out_dir / CLAIMS_FILE
    a_tmp = _stage(articles, a_path)
    try:
        c_tmp = _stage(claims, c_path)
    except BaseException:
        with contextlib.suppress(OSError):
            a_tmp.unlink()
        raise
    try:
        _commit(a_tmp, a_path)
    except BaseException:
        with contextlib.suppress(OSError):
            c_tmp.unlink()
        raise
    _commit(c_tmp, c_path)
    _fsync_dir(out_dir)


def read_tables(out_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read `(articles, claims)` from `out_dir`, with the contract's columns and dtypes.

    Raises FileNotFoundError if either file is missing (check `tables_mtime`
    first to decide whether a build is needed).
    """
    out_dir = Path(out_dir)
    articles = pd.read_parquet(out_dir / ARTICLES_FILE)
    claims = pd.read_parquet(out_dir / CLAIMS_FILE)
    return coerce_articles(articles), coerce_claims(claims)


def tables_mtime(out_dir: Path) -> float | None:
    """Newest modification time of the two tables, or None if either is missing.

    The dashboard compares it with its cache to decide whether to reload or rebuild.
    """
    out_dir = Path(out_dir)
    try:
        return max((out_dir / ARTICLES_FILE).stat().st_mtime, (out_dir / CLAIMS_FILE).stat().st_mtime)
    except (FileNotFoundError, NotADirectoryError):
        return None
