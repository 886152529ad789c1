"""Uploaded files into a staging folder, within limits: what the Add articles page receives.

`stage_uploads(files, folder)` writes each uploaded file (a name and its bytes or a file object)
into `folder`, and unpacks a `.zip` into a folder of its own, so that the ingest reads them as
it reads any folder. Refused, each with its name and reason (the rest land):

- files past `settings.ADD_MAX_FILES`, a file over `ADD_MAX_FILE_BYTES`, files past
  `ADD_MAX_TOTAL_BYTES` together, a type the ingest does not read;
- a zip with more than `ZIP_MAX_ENTRIES` entries, or declaring more than `ZIP_MAX_TOTAL_BYTES`
  unpacked (the whole zip); an entry that would land outside the folder (`../`, an absolute path,
  a drive letter), a symbolic link or other non-regular entry (by its `external_attr`), an
  encrypted entry, a hidden file, a zip inside the zip, a type the ingest does not read; an entry
  compressed more than `ZIP_MAX_RATIO` times (a zip bomb). What an entry unpacks to is counted as
  it is written (zipfile reads no further than the size an entry declares, and refuses it when its
  checksum fails), and held to the ingest's size limit of one file and the archive's total.

Names are reduced to what is safe on any file system; nothing is written outside `folder`.
"""
from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from lib import settings
from lib.ingest.limits import file_limit, size_text
from lib.ingest.raw import ReadError
from lib.ingest.readers import SUPPORTED_SUFFIXES
from lib.store.access import require_writable

__all__ = ["Staged", "stage_uploads", "extract_zip", "safe_name", "ALLOWED_SUFFIXES"]

ALLOWED_SUFFIXES = SUPPORTED_SUFFIXES | {".zip"}
_CHUNK = 256 * 1024
_NAME_MAX = 120
_UNSAFE_CHARS_RE = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\/\u202a-\u202e\u2066-\u2069]')
_DRIVE_RE = re.compile(r"^[A-Za-z]:")


@dataclass
class Staged:
    """What an upload put in the staging folder, and what it refused."""

    files: list[Path] = field(default_factory=list)
    refused: list[ReadError] = field(default_factory=list)


def safe_name(name: str, fallback: str = "upload") -> str:
    """A file name safe on any file system: no folders, controls, reserved characters or leading dots."""
    base = re.split(r"[\\/]", name)[-1]
    base = _UNSAFE_CHARS_RE.sub("_", base).strip().lstrip(".").strip()
    if len(base) > _NAME_MAX:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[:_NAME_MAX - len(suffix) - 1] + dot + suffix) if dot and len(suffix) <= 10 else base[:_NAME_MAX]
    return base or fallback


def _unique(folder: Path, name: str) -> Path:
    """`folder/name`, or `name-2`, `name-3` ... when taken (two uploads with one name)."""
    target = folder / name
    stem, suffix = target.stem, target.suffix
    n = 2
    while target.exists():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    return target


def _size_of(data: bytes | BinaryIO) -> int:
    if isinstance(data, (bytes, bytearray)):
        return len(data)
    pos = data.tell()
    data.seek(0, io.SEEK_END)
    size = data.tell()
    data.seek(pos)
    return size


def _bytes_of(data: bytes | BinaryIO) -> bytes:
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    data.seek(0)
    return data.read()


def stage_uploads(files: Iterable[tuple[str, bytes | BinaryIO]], folder: Path) -> Staged:
    """Write uploaded files (name, bytes or a seekable file object) into `folder`, unpacking zips."""
    require_writable("add uploaded files")
    folder.mkdir(parents=True, exist_ok=True)
    out = Staged()
    total = 0
    for n, (name, data) in enumerate(files, 1):
        label = name or f"file {n}"
        if n > settings.ADD_MAX_FILES:
            out.refused.append(ReadError(label, f"more than {settings.ADD_MAX_FILES} files in one upload "
                                                f"(settings.ADD_MAX_FILES): not added; upload it with the next ones"))
            continue
        suffix = PurePosixPath(safe_name(name)).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            what = f"file type {suffix}" if suffix else "a file with no extension"
            out.refused.append(ReadError(label, f"{what} is not read; expected one of {', '.join(sorted(ALLOWED_SUFFIXES))}"))
            continue
        size = _size_of(data)
        if size > settings.ADD_MAX_FILE_BYTES:
            out.refused.append(ReadError(label, f"{size_text(size)}, over the limit of "
                                                f"{size_text(settings.ADD_MAX_FILE_BYTES)} a file (settings.ADD_MAX_FILE_BYTES)"))
            continue
        if total + size > settings.ADD_MAX_TOTAL_BYTES:
            out.refused.append(ReadError(label, f"the files of this upload come to more than "
                                                f"{size_text(settings.ADD_MAX_TOTAL_BYTES)} (settings.ADD_MAX_TOTAL_BYTES): "
                                                f"not added; upload it with the next ones"))
            continue
        total += size
        if suffix == ".zip":
            source = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
            dest = _unique(folder, safe_name(PurePosixPath(safe_name(name)).stem, "archive"))
            unpacked = extract_zip(source, label, dest)
            out.files += unpacked.files
            out.refused += unpacked.refused
            continue
        limit, limit_name = file_limit(suffix)
        if size > limit:
            out.refused.append(ReadError(label, f"{size_text(size)}, over the limit of {size_text(limit)} "
                                                f"for this type of file (settings.{limit_name})"))
            continue
        target = _unique(folder, safe_name(name))
        target.write_bytes(_bytes_of(data))
        out.files.append(target)
    return out


# ---------------------------------------------------------------------- zips

def _entry_refusal(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry is not unpacked, judged from its name and attributes alone."""
    name = info.filename
    if "\x00" in name:
        return "a NUL byte in its name"
    mode = info.external_attr >> 16
    if info.create_system == 3 and mode:  # made on Unix: the entry's file type is in its mode
        if stat.S_ISLNK(mode):
            return "a symbolic link: not unpacked"
        # some tools write permission bits alone (no file type): those are files
        if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            return "not a regular file: not unpacked"
    if name.startswith(("/", "\\")):
        return "an absolute path: not unpacked"
    if _DRIVE_RE.match(name):
        return "a path with a drive letter: not unpacked"
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in parts:
        return "a path that goes outside the archive's folder (..): not unpacked"
    if info.flag_bits & 0x1:
        return "encrypted: not unpacked"
    if any(p.startswith(".") for p in parts) or (parts and parts[0] == "__MACOSX"):
        return "a hidden file (its name or folder starts with '.', or macOS metadata): not an article"
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        return "a zip inside the zip is not opened: unpack it and upload its files"
    if suffix not in SUPPORTED_SUFFIXES:
        what = f"file type {suffix}" if suffix else "a file with no extension"
        return f"{what} is not read; expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"
    return None


def _ratio_refusal(unpacked: int, packed: int) -> str | None:
    if unpacked <= settings.ZIP_RATIO_MIN_BYTES:
        return None
    if packed <= 0 or unpacked / packed > settings.ZIP_MAX_RATIO:
        ratio = f"{unpacked / packed:,.0f}:1" if packed > 0 else "unbounded"
        return (f"compressed {ratio}, more than {settings.ZIP_MAX_RATIO}:1 (settings.ZIP_MAX_RATIO): "
                f"a zip bomb? not unpacked")
    return None


class _Stop(Exception):
    """An entry's unpacking stopped; `rest` when the archive's total is spent."""

    def __init__(self, why: str, rest: bool = False) -> None:
        super().__init__(why)
        self.rest = rest


def _unpack(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, spent: int) -> int:
    """Copy an entry to `target`, counting what it really unpacks to; returns its size."""
    limit, limit_name = file_limit(PurePosixPath(info.filename).suffix)
    written = 0
    with zf.open(info) as src, open(target, "xb") as out:
        while chunk := src.read(_CHUNK):
            written += len(chunk)
            if written > info.file_size:
                raise _Stop(f"unpacks to more than the {size_text(info.file_size)} it declares: not unpacked")
            if written > limit:
                raise _Stop(f"over the limit of {size_text(limit)} for this type of file (settings.{limit_name})")
            if spent + written > settings.ZIP_MAX_TOTAL_BYTES:
                raise _Stop(f"the archive unpacks to more than {size_text(settings.ZIP_MAX_TOTAL_BYTES)} "
                            f"(settings.ZIP_MAX_TOTAL_BYTES): this entry and the rest not unpacked", rest=True)
            why = _ratio_refusal(written, info.compress_size)
            if why:
                raise _Stop(why)
            out.write(chunk)
    return written


def extract_zip(source: BinaryIO, zip_name: str, dest: Path) -> Staged:
    """Unpack the entries of a zip that are safe to, under `dest`; the others refused by name."""
    out = Staged()
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as err:
        out.refused.append(ReadError(zip_name, f"not a readable zip file ({err})"))
        return out
    with zf:
        infos = zf.infolist()
        if len(infos) > settings.ZIP_MAX_ENTRIES:
            out.refused.append(ReadError(zip_name, f"{len(infos):,} entries, more than {settings.ZIP_MAX_ENTRIES:,} "
                                                   f"(settings.ZIP_MAX_ENTRIES): not unpacked"))
            return out
        declared = sum(i.file_size for i in infos)
        if declared > settings.ZIP_MAX_TOTAL_BYTES:
            out.refused.append(ReadError(zip_name, f"declares {size_text(declared)} unpacked, more than "
                                                   f"{size_text(settings.ZIP_MAX_TOTAL_BYTES)} "
                                                   f"(settings.ZIP_MAX_TOTAL_BYTES): not unpacked"))
            return out
        dest.mkdir(parents=True, exist_ok=True)
        root = dest.resolve()
        spent = 0
        for i, info in enumerate(infos):
            label = f"{zip_name}: {info.filename}"
            if info.is_dir() and not (info.external_attr >> 16 and stat.S_ISLNK(info.external_attr >> 16)):
                continue
            why = _entry_refusal(info) or _ratio_refusal(info.file_size, info.compress_size)
            if why:
                out.refused.append(ReadError(label, why))
                continue
            parts = [safe_name(p, "_") for p in info.filename.replace("\\", "/").split("/") if p not in ("", ".")]
            target = root.joinpath(*parts)
            if not target.resolve().is_relative_to(root):  # belt and braces: the checks above should hold
                out.refused.append(ReadError(label, "a path that goes outside the archive's folder: not unpacked"))
                continue
            if target.exists():
                out.refused.append(ReadError(label, "a second entry with the same name: not unpacked"))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                spent += _unpack(zf, info, target, spent)
            except _Stop as stop:
                target.unlink(missing_ok=True)
                out.refused.append(ReadError(label, str(stop)))
                if stop.rest:
                    out.refused += [ReadError(f"{zip_name}: {later.filename}", "not unpacked: the archive's total "
                                              "(settings.ZIP_MAX_TOTAL_BYTES) was spent")
                                    for later in infos[i + 1:] if not later.is_dir()]
                    break
                continue
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as err:
                target.unlink(missing_ok=True)
                out.refused.append(ReadError(label, f"could not unpack ({type(err).__name__}: {err})"))
                continue
            out.files.append(target)
    return out
