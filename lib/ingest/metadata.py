"""metadata.csv: `file, source, url, title, published` for the `.txt`/`.html`
files of its folder (and the folders below it, the nearest file winning). Its
values win over what a page says about itself. Rows naming no file are reported."""
from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lib import settings
from lib.ingest.decoding import decode_bytes
from lib.ingest.limits import read_regular_file
from lib.ingest.raw import (FILE_KEYS, PUBLISHED_KEYS, SOURCE_KEYS, TITLE_KEYS, URL_KEYS, ReadError, first_value,
                            lower_keys, path_text, scalar)
from lib.ingest.records import csv_rows

METADATA_NAME = "metadata.csv"


@dataclass(slots=True)
class _Metadata:
    """The parsed metadata.csv of one folder: relative file name -> fields."""

    path: str
    entries: dict[str, dict[str, str | None]]
    rows: dict[str, int]  # relative file name -> row number, to report rows naming no file
    used: set[str]


def _meta_key(name: str) -> str:
    name = name.strip().replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return str(PurePosixPath(name)) if name else ""


def _load_metadata(csv_path: Path) -> tuple[_Metadata | None, list[ReadError]]:
    path = path_text(csv_path)
    data = read_regular_file(csv_path, settings.INGEST_MAX_RECORDS_FILE_BYTES, "INGEST_MAX_RECORDS_FILE_BYTES")
    if isinstance(data, str):
        return None, [ReadError(path, f"metadata file: {data}")]
    try:
        text = decode_bytes(data)
    except ValueError as err:
        return None, [ReadError(path, f"metadata file: {err}")]
    errors: list[ReadError] = []
    entries: dict[str, dict[str, str | None]] = {}
    rows_at: dict[str, int] = {}
    try:
        header, rows = csv_rows(text)
        if not any(h in FILE_KEYS for h in header):
            return None, [ReadError(path, f"metadata file has no 'file' column (columns: {', '.join(header) or 'none'})")]
        for i, row in rows:
            rec = lower_keys(dict(zip(header, row)))
            name = scalar(first_value(rec, FILE_KEYS))
            if not name:
                errors.append(ReadError(f"{path}#{i}", "metadata row has no file name"))
                continue
            key = _meta_key(name)
            entries[key] = {
                "url": scalar(first_value(rec, URL_KEYS)),
                "title": scalar(first_value(rec, TITLE_KEYS)),
                "published": scalar(first_value(rec, PUBLISHED_KEYS)),
                "source": scalar(first_value(rec, SOURCE_KEYS)),
                "published_origin": scalar(rec.get("published_origin")),
            }
            rows_at[key] = i
    except csv.Error as err:
        errors.append(ReadError(path, f"invalid metadata CSV: {err}"))
    return _Metadata(path, entries, rows_at, set()), errors


def _find_metadata_file(folder: Path) -> Path | None:
    """`metadata.csv` in `folder`, in any letter case (files copied from Windows)."""
    exact = folder / METADATA_NAME
    if os.path.lexists(exact):  # not a regular file: read_regular_file says so
        return exact
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.lower() == METADATA_NAME and not entry.is_dir():
                    return Path(entry.path)
    except OSError:
        pass
    return None


class MetadataIndex:
    """metadata.csv files found so far, loaded once per folder."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, _Metadata | None] = {}
        self.errors: list[ReadError] = []

    def for_dir(self, folder: Path) -> _Metadata | None:
        if folder not in self._by_dir:
            meta = None
            candidate = _find_metadata_file(folder)
            if candidate is not None:
                meta, errs = _load_metadata(candidate)
                self.errors.extend(errs)
            self._by_dir[folder] = meta
        return self._by_dir[folder]

    def lookup(self, file: Path, top: Path) -> dict[str, str | None] | None:
        """The nearest metadata.csv, from the file's folder up to `top`, naming this file."""
        folder = file.parent
        while True:
            meta = self.for_dir(folder)
            if meta is not None and meta.entries:
                key = _meta_key(file.relative_to(folder).as_posix())
                entry = meta.entries.get(key)
                if entry is None:  # file names typed by hand: forgive case
                    lowered = key.casefold()
                    key = next((k for k in meta.entries if k.casefold() == lowered), key)
                    entry = meta.entries.get(key)
                if entry is not None:
                    meta.used.add(key)
                    return entry
            if folder == top or folder.parent == folder:
                return None
            folder = folder.parent

    def unmatched(self, folder: Path) -> Iterator[ReadError]:
        """Rows of a walked folder's metadata.csv naming a file that does not exist (typos)."""
        meta = self._by_dir.get(folder)
        if meta is None:
            return
        for key, row in meta.rows.items():
            if key not in meta.used and not (folder / key).exists():
                yield ReadError(f"{meta.path}#{row}",
                                f"metadata names '{key}', but there is no such file in {path_text(folder)}")
