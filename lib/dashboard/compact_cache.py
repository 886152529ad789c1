"""The compact claims and their sort orders saved next to the tables, so the next start skips decoding.

Decoding a million claims from Parquet, assigning stories and sorting takes
most of a start's time and sets its memory peak. The result is saved as plain
`.npy` files under `<tables>/.dashboard/compact/<version hash>/` with a
`manifest.json`, and read back as it is while the tables keep their version.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["COMPACT_DIR", "save", "load"]

COMPACT_DIR = "compact"
_COMPACT_FORMAT = 3  # raise when what is saved, or how, changes


def _version_dir(root: Path, version: str) -> Path:
    """The cache folder of one version of the tables (so that writers of two versions never mix files)."""
    return root / hashlib.sha1(version.encode("utf-8")).hexdigest()[:16]


def save(claims: pd.DataFrame, orders: dict[str, np.ndarray], root: Path, version: str) -> None:
    """The compact claims and their sort orders as .npy files, with a `manifest.json` naming them
    and the tables' version, in `root/<version hash>/`.

    Written into a temporary folder renamed into place when complete: a reader
    sees a whole cache or none, and two processes saving at once cannot mix
    their files. Other versions' folders are removed.
    """
    final = _version_dir(root, version)
    shutil.rmtree(final, ignore_errors=True)  # only called when it could not be read
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
    try:
        _write(claims, orders, folder, version)
        os.replace(folder, final)  # fails if another process got there first: theirs is as good
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        if not (final / "manifest.json").exists():
            raise
    for other in root.iterdir():
        # Other versions, and what a writer that was killed left (an hour is long enough to finish).
        if other == final or (other.name.startswith(".tmp-") and time.time() - other.stat().st_mtime < 3600):
            continue
        if other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                other.unlink()


def _write(claims: pd.DataFrame, orders: dict[str, np.ndarray], folder: Path, version: str) -> None:
    columns: dict[str, dict] = {}
    arrays: dict[str, np.ndarray] = {}
    for name in claims.columns:
        col = claims[name]
        dt = col.dtype
        if isinstance(dt, pd.CategoricalDtype) and dt.categories.dtype.kind in "fM":
            columns[name] = {"kind": "value_category"}
            arrays[f"{name}.codes"], arrays[f"{name}.categories"] = col.cat.codes.to_numpy(), dt.categories.to_numpy()
        elif isinstance(dt, pd.CategoricalDtype):
            columns[name] = {"kind": "category", "categories": [str(c) for c in dt.categories]}
            arrays[f"{name}.codes"] = col.cat.codes.to_numpy()
        elif isinstance(dt, pd.SparseDtype):
            columns[name] = {"kind": "sparse"}
            arrays[f"{name}.values"], arrays[f"{name}.rows"] = col.array.sp_values, col.array.sp_index.indices
        else:
            columns[name] = {"kind": "array"}
            arrays[name] = col.to_numpy()
    arrays.update({f"order.{k}": v for k, v in orders.items()})
    for key, arr in arrays.items():
        with open(folder / f"{key}.npy", "wb") as fh:
            np.save(fh, arr, allow_pickle=False)
    manifest = {"format": _COMPACT_FORMAT, "version": version, "rows": len(claims), "columns": columns,
                "orders": list(orders)}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def load(root: Path, version: str) -> tuple[pd.DataFrame, dict[str, np.ndarray]] | None:
    """(claims, orders) saved by `save` for these tables, or None (missing, stale, unreadable)."""
    folder = _version_dir(root, version)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != _COMPACT_FORMAT or manifest.get("version") != version:
            return None
        n = int(manifest["rows"])

        def array(key: str) -> np.ndarray:
            return np.load(folder / f"{key}.npy", allow_pickle=False)

        data: dict[str, object] = {}
        for name, spec in manifest["columns"].items():
            kind = spec["kind"]
            if kind == "category":
                data[name] = pd.Categorical.from_codes(array(f"{name}.codes"),
                                                       categories=pd.Index(spec["categories"], dtype="str"))
            elif kind == "value_category":
                data[name] = pd.Categorical.from_codes(array(f"{name}.codes"),
                                                       categories=pd.Index(array(f"{name}.categories")))
            elif kind == "sparse":
                data[name] = pd.arrays.SparseArray.from_indices(array(f"{name}.values"), array(f"{name}.rows"),
                                                                length=n, fill_value=np.nan)
            else:
                data[name] = array(name)
            if len(data[name]) != n:
                return None
        orders = {k: array(f"order.{k}") for k in manifest["orders"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pd.DataFrame(data, copy=False), orders
