"""Uploads and zips (lib/ingest/uploads.py): hostile entries are refused by name and reason while the
good ones land, nothing is written outside the staging folder, and the limits hold."""
from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from lib import settings
from lib.ingest.adding import ingest_batch, new_batch
from lib.ingest.uploads import extract_zip, safe_name, stage_uploads
from lib.store.access import ReadOnlyError

ARTICLE = "دمشق - 10 حزيران 2025\nقالت مصادر إن الولايات المتحدة تحتفظ بنحو 900 جندي في سوريا حاليا.\n"


def _entry(name: str, mode: int | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2025, 6, 10, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    if mode is not None:
        info.create_system = 3  # Unix: the file type lives in the high bits of external_attr
        info.external_attr = mode << 16
    return info


def hostile_zip() -> bytes:
    """A zip with one good article and one of each hostile entry."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(_entry("good/troops.txt"), ARTICLE.encode())
        zf.writestr(_entry("../escape.txt"), b"outside the folder")
        zf.writestr(_entry("good/../../escape2.txt"), b"outside the folder too")
        zf.writestr(_entry("/etc/cron.d/abs.txt"), b"an absolute path")
        zf.writestr(_entry("C:/Windows/drive.txt"), b"a drive letter")
        zf.writestr(_entry("..\\windows-escape.txt"), b"backslashes")
        zf.writestr(_entry("link.txt", stat.S_IFLNK | 0o777), b"/etc/passwd")
        zf.writestr(_entry("fifo.txt", stat.S_IFIFO | 0o644), b"")
        zf.writestr(_entry("bomb.txt"), b"\0" * (8 * 2**20))  # 8 MB of zeros: ~1000:1
        zf.writestr(_entry("inner.zip"), b"PK\x05\x06" + b"\0" * 18)
        zf.writestr(_entry("program.exe"), b"MZ")
        zf.writestr(_entry(".hidden.txt"), b"hidden")
        zf.writestr(_entry("__MACOSX/good/._troops.txt"), b"resource fork")
    return buf.getvalue()


def test_hostile_zip_entries_are_refused_by_name_while_the_good_one_lands(tmp_path: Path) -> None:
    dest = tmp_path / "batch" / "upload"
    staged = extract_zip(io.BytesIO(hostile_zip()), "week.zip", dest)
    assert staged.files == [dest.resolve() / "good" / "troops.txt"]
    assert staged.files[0].read_text(encoding="utf-8") == ARTICLE
    reasons = {e.path.removeprefix("week.zip: "): e.reason for e in staged.refused}
    assert set(reasons) == {"../escape.txt", "good/../../escape2.txt", "/etc/cron.d/abs.txt", "C:/Windows/drive.txt",
                            "..\\windows-escape.txt", "link.txt", "fifo.txt", "bomb.txt", "inner.zip", "program.exe",
                            ".hidden.txt", "__MACOSX/good/._troops.txt"}
    assert "goes outside" in reasons["../escape.txt"] and "goes outside" in reasons["good/../../escape2.txt"]
    assert "goes outside" in reasons["..\\windows-escape.txt"]
    assert "absolute path" in reasons["/etc/cron.d/abs.txt"]
    assert "drive letter" in reasons["C:/Windows/drive.txt"]
    assert "symbolic link" in reasons["link.txt"]
    assert "not a regular file" in reasons["fifo.txt"]
    assert "settings.ZIP_MAX_RATIO" in reasons["bomb.txt"] and "zip bomb" in reasons["bomb.txt"]
    assert "zip inside the zip" in reasons["inner.zip"]
    assert "file type .exe" in reasons["program.exe"]
    assert "hidden" in reasons[".hidden.txt"] and "hidden" in reasons["__MACOSX/good/._troops.txt"]
    # nothing anywhere but the one good file
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if not p.is_dir())
    assert written == ["batch/upload/good/troops.txt"]
    assert not any(os.path.islink(p) for p in tmp_path.rglob("*"))


def test_an_entry_whose_header_lies_about_its_size_is_refused_and_removed(tmp_path: Path, monkeypatch) -> None:
    """The central directory declares 200 KB (under the ratio's floor) for 2 MB of zeros: the entry is
    unpacked no further than it declares, fails its checksum, and nothing of it is left."""
    monkeypatch.setattr(settings, "ZIP_RATIO_MIN_BYTES", 300_000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(_entry("zeros.txt"), b"\0" * 2_000_000)
    data = bytearray(buf.getvalue())
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (200_000).to_bytes(4, "little")  # the uncompressed size in the central directory
    staged = extract_zip(io.BytesIO(bytes(data)), "lying.zip", tmp_path / "out")
    assert staged.files == []
    (refusal,) = staged.refused
    assert refusal.path == "lying.zip: zeros.txt"
    assert refusal.reason.startswith("could not unpack (BadZipFile: Bad CRC-32"), refusal.reason
    assert not list((tmp_path / "out").rglob("*.txt"))  # the partial file is gone


def test_a_zip_with_too_many_entries_or_too_many_bytes_is_refused_whole(tmp_path: Path, monkeypatch) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(12):
            zf.writestr(_entry(f"a{i}.txt"), (ARTICLE + f" {i}").encode())
    monkeypatch.setattr(settings, "ZIP_MAX_ENTRIES", 10)
    staged = extract_zip(io.BytesIO(buf.getvalue()), "many.zip", tmp_path / "a")
    assert staged.files == [] and [e.path for e in staged.refused] == ["many.zip"]
    assert "12 entries, more than 10 (settings.ZIP_MAX_ENTRIES)" in staged.refused[0].reason
    monkeypatch.setattr(settings, "ZIP_MAX_ENTRIES", 5000)
    monkeypatch.setattr(settings, "ZIP_MAX_TOTAL_BYTES", 1000)
    staged = extract_zip(io.BytesIO(buf.getvalue()), "many.zip", tmp_path / "b")
    assert staged.files == [] and "settings.ZIP_MAX_TOTAL_BYTES" in staged.refused[0].reason


def test_a_broken_zip_is_a_message(tmp_path: Path) -> None:
    staged = extract_zip(io.BytesIO(b"PK\x03\x04 not really a zip"), "broken.zip", tmp_path / "x")
    assert staged.files == [] and staged.refused[0].path == "broken.zip"
    assert "not a readable zip file" in staged.refused[0].reason


def test_uploads_land_with_safe_names_and_zips_unpack_beside_them(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    staged = stage_uploads([("../../report.txt", ARTICLE.encode()), ("report.txt", io.BytesIO(b"second, same name")),
                            ("week.zip", hostile_zip()), ("notes.docx", b"PK..."), ("feed.jsonl", b'{"text": "x"}\n')],
                           folder)
    names = sorted(p.relative_to(folder).as_posix() for p in staged.files)
    assert names == ["feed.jsonl", "report-2.txt", "report.txt", "week/good/troops.txt"]
    assert (folder / "report.txt").read_text(encoding="utf-8") == ARTICLE
    refused = {e.path: e.reason for e in staged.refused}
    assert "file type .docx is not read" in refused["notes.docx"]
    assert "week.zip: ../escape.txt" in refused
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch"]  # nothing beside the batch folder


def test_too_many_files_and_too_large_ones_are_refused_by_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(settings, "ADD_MAX_FILES", 3)
    monkeypatch.setattr(settings, "ADD_MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(settings, "ADD_MAX_TOTAL_BYTES", 1500)
    files = [("a.txt", b"a" * 600), ("big.txt", b"b" * 1001), ("c.txt", b"c" * 600), ("d.txt", b"d"), ("e.txt", b"e")]
    staged = stage_uploads(files, tmp_path)
    assert [p.name for p in staged.files] == ["a.txt", "c.txt"]
    refused = {e.path: e.reason for e in staged.refused}
    assert set(refused) == {"big.txt", "d.txt", "e.txt"}
    assert "over the limit of 1000 bytes a file (settings.ADD_MAX_FILE_BYTES)" in refused["big.txt"]
    assert "more than 3 files in one upload (settings.ADD_MAX_FILES)" in refused["d.txt"]
    monkeypatch.setattr(settings, "ADD_MAX_FILES", 50)
    staged = stage_uploads([("x.txt", b"x" * 900), ("y.txt", b"y" * 900)], tmp_path / "second")
    assert [p.name for p in staged.files] == ["x.txt"]
    assert "settings.ADD_MAX_TOTAL_BYTES" in staged.refused[0].reason and staged.refused[0].path == "y.txt"


def test_safe_name() -> None:
    assert safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_name("C:\\Users\\a\\report.txt") == "report.txt"
    assert safe_name(".bashrc.txt") == "bashrc.txt"
    assert safe_name("a\u202egnp.txt") == "a_gnp.txt"  # a bidi override cannot disguise the extension
    assert safe_name("...") == "upload"
    assert len(safe_name("ا" * 300 + ".txt")) == 120 and safe_name("ا" * 300 + ".txt").endswith(".txt")


def test_an_uploaded_zip_goes_into_the_store_with_its_refusals_reported(tmp_path: Path) -> None:
    store = tmp_path / "store"
    folder = new_batch(store)
    staged = stage_uploads([("week.zip", hostile_zip())], folder)
    report = ingest_batch(folder, store, refused=staged.refused)
    (added,) = report.added
    assert added.path == "week/good/troops.txt" and added.kinds == {"troops": 1} and added.claims == 1
    assert added.published.isoformat() == "2025-06-10" and added.published_origin == "stated"
    assert len(report.refused) == len(staged.refused) == 12
    again = new_batch(store)
    stage_uploads([("same.txt", ARTICLE.encode())], again)
    second = ingest_batch(again, store)
    assert second.added == [] and second.already == 1 and second.revision_after == report.revision_after


def test_staging_and_ingesting_are_refused_in_read_only_mode(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    monkeypatch.setattr(settings, "READ_ONLY", True)
    with pytest.raises(ReadOnlyError):
        stage_uploads([("a.txt", ARTICLE.encode())], folder)
    with pytest.raises(ReadOnlyError):
        new_batch(tmp_path / "store")
    with pytest.raises(ReadOnlyError):
        ingest_batch(folder, tmp_path / "store")
    assert list(folder.iterdir()) == [] and not (tmp_path / "store").exists()
