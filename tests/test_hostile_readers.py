"""Hostile and broken input at the reader (issue 15): special files refused by type, size and
record limits named in the refusal, a bad line of a JSONL/CSV file refused alone, pages of
links refused, and nothing from a file (names, escape sequences, lone surrogates, entities)
that can reach a terminal, the store or the file system unescaped."""
from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from lib import settings
from lib.ingest.readers import RawArticle, ReadError, iter_inputs
from conftest import ROOT

STORY = "أعلن التحالف الدولي أن {} جندي أمريكي ما زالوا في سوريا وفق مصادر عسكرية مطلعة."


def read_all(*paths: Path | str) -> list[RawArticle | ReadError]:
    return list(iter_inputs(list(paths)))


def split(items: list) -> tuple[list[RawArticle], list[ReadError]]:
    return [x for x in items if isinstance(x, RawArticle)], [x for x in items if isinstance(x, ReadError)]


def read_within(seconds: float, *paths: Path) -> list:
    """iter_inputs in a child process with a time and a memory limit: a reader that hangs or
    reads without end fails the test instead of hanging it or exhausting the machine."""
    code = ("import json, sys\n"
            "from lib.ingest.readers import RawArticle, iter_inputs\n"
            "items = [[type(x).__name__, x.path, getattr(x, 'reason', getattr(x, 'text', ''))]"
            " for x in iter_inputs(sys.argv[1:])]\n"
            "print(json.dumps(items))")

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    try:
        done = subprocess.run([sys.executable, "-c", code, *map(str, paths)], cwd=ROOT, capture_output=True,
                              text=True, timeout=seconds, preexec_fn=limit_memory if os.name == "posix" else None)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading {paths} did not end within {seconds} s")
    assert done.returncode == 0, done.stderr[-2000:]
    return [RawArticle(text=t, path=p) if kind == "RawArticle" else ReadError(p, t)
            for kind, p, t in json.loads(done.stdout)]


def good_lines(n: int = 50) -> list[bytes]:
    return [json.dumps({"text": STORY.format(100 + i)}, ensure_ascii=False).encode() for i in range(n)]


# --- special files: only regular files are read ------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_txt_is_refused_by_type_and_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text(STORY.format(900), encoding="utf-8")
    arts, errs = split(read_within(10, tmp_path))  # a folder walk
    assert [Path(a.path).name for a in arts] == ["ok.txt"]
    assert len(errs) == 1 and errs[0].path.endswith("pipe.txt") and "FIFO" in errs[0].reason
    (err,) = read_within(10, tmp_path / "pipe.txt")  # given directly: not "no such file"
    assert "FIFO" in err.reason and "regular file" in err.reason


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_link_to_dev_zero_is_refused_and_a_link_to_a_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "real.txt").write_text(STORY.format(900), encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    items = read_within(10, tmp_path)
    arts, errs = split(items)
    assert sorted(Path(a.path).name for a in arts) == ["link.txt", "real.txt"]
    reasons = {Path(e.path).name: e.reason for e in errs}
    assert "character device" in reasons["zero.txt"]
    assert "cannot read" in reasons["dangling.txt"]
    (err,) = read_within(10, tmp_path / "zero.txt")
    assert "character device" in err.reason


def test_a_socket_is_refused_by_type(tmp_path: Path) -> None:
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets here")
    where = tmp_path / "s.jsonl"
    if len(str(where)) > 100:
        pytest.skip("path too long for a Unix socket")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(where))
        (err,) = read_within(10, where)
        assert "socket" in err.reason
    finally:
        server.close()


# --- limits named in the refusal ---------------------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_and_the_next_is_read(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(settings, "INGEST_MAX_PAGE_BYTES", 1000)
    (tmp_path / "a_big.txt").write_text(STORY.format(1) * 20, encoding="utf-8")
    (tmp_path / "b_small.txt").write_text(STORY.format(2), encoding="utf-8")
    arts, errs = split(read_all(tmp_path))
    assert [Path(a.path).name for a in arts] == ["b_small.txt"]
    (err,) = errs
    assert err.path.endswith("a_big.txt") and "INGEST_MAX_PAGE_BYTES" in err.reason and "over the limit" in err.reason


def test_records_files_have_their_own_size_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(settings, "INGEST_MAX_RECORDS_FILE_BYTES", 500)
    (tmp_path / "feed.jsonl").write_bytes(b"\n".join(good_lines(10)))
    (err,) = read_all(tmp_path / "feed.jsonl")
    assert "INGEST_MAX_RECORDS_FILE_BYTES" in err.reason


def test_an_article_over_the_length_limit_is_refused_by_its_record(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(settings, "INGEST_MAX_ARTICLE_CHARS", 200)
    lines = [json.dumps({"text": STORY.format(1)}, ensure_ascii=False),
             json.dumps({"text": STORY.format(2) * 5}, ensure_ascii=False),
             json.dumps({"text": STORY.format(3)}, ensure_ascii=False)]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    arts, errs = split(read_all(tmp_path / "feed.jsonl"))
    assert len(arts) == 2
    (err,) = errs
    assert err.path.endswith("feed.jsonl#2") and "INGEST_MAX_ARTICLE_CHARS" in err.reason


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".json"])
def test_records_past_the_limit_are_refused_with_one_message(tmp_path: Path, monkeypatch, suffix: str) -> None:
    monkeypatch.setattr(settings, "INGEST_MAX_RECORDS_PER_FILE", 5)
    texts = [STORY.format(i) for i in range(8)]
    f = tmp_path / f"feed{suffix}"
    if suffix == ".jsonl":
        f.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts), encoding="utf-8")
    elif suffix == ".json":
        f.write_text(json.dumps([{"text": t} for t in texts], ensure_ascii=False), encoding="utf-8")
    else:
        f.write_text("text\n" + "\n".join(f'"{t}"' for t in texts), encoding="utf-8")
    arts, errs = split(read_all(f))
    assert len(arts) == 5
    (err,) = errs
    assert "INGEST_MAX_RECORDS_PER_FILE" in err.reason and err.path.endswith("#6")


# --- one bad line refuses its record alone ---------------------------------------------------------

def test_a_jsonl_line_with_a_nul_byte_is_refused_alone(tmp_path: Path) -> None:
    lines = good_lines()
    lines.insert(25, b'{"text": "abc\x00def"}')
    (tmp_path / "feed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    arts, errs = split(read_all(tmp_path / "feed.jsonl"))
    assert len(arts) == 50
    (err,) = errs
    assert err.path.endswith("feed.jsonl#26") and "line 26" in err.reason and "NUL" in err.reason


def test_a_jsonl_line_of_random_bytes_is_refused_alone(tmp_path: Path) -> None:
    rng = random.Random(15)
    junk = bytes(rng.randrange(256) for _ in range(300)).replace(b"\n", b" ").replace(b"\r", b" ")
    lines = good_lines()
    lines.insert(10, junk)
    (tmp_path / "feed.jsonl").write_bytes(b"\n".join(lines))
    arts, errs = split(read_all(tmp_path / "feed.jsonl"))
    assert len(arts) == 50
    (err,) = errs
    assert err.path.endswith("#11")


def test_a_bad_line_in_a_cp1256_jsonl_is_refused_alone(tmp_path: Path) -> None:
    lines = [json.dumps({"text": STORY.format(i)}, ensure_ascii=False).encode("cp1256") for i in range(20)]
    lines.insert(3, b"\x00\x01\x02 not a record \x03\x04")
    (tmp_path / "old.jsonl").write_bytes(b"\r\n".join(lines))
    arts, errs = split(read_all(tmp_path / "old.jsonl"))
    assert [a.text for a in arts] == [STORY.format(i) for i in range(20)]
    assert [e.path.rsplit("#", 1)[1] for e in errs] == ["4"]


def test_a_csv_row_with_binary_bytes_is_refused_alone_even_inside_a_quoted_field(tmp_path: Path) -> None:
    rows = [f'{i},"{STORY.format(i)}"'.encode() for i in range(10)]
    rows[3] = b'3,"' + STORY.format(3).encode() + b'\n\x00\x00 binary \x00\n' + STORY.format(3).encode() + b'"'
    rows[6] = b"6,\x00\x01\x02\x03"
    (tmp_path / "feed.csv").write_bytes(b"id,text\n" + b"\n".join(rows) + b"\n")
    arts, errs = split(read_all(tmp_path / "feed.csv"))
    assert len(arts) == 8
    assert {e.path.rsplit("#", 1)[1] for e in errs} == {"4", "7"}
    assert all("NUL" in e.reason for e in errs)


def test_a_csv_quote_never_closed_is_refused_not_read_as_the_rest_of_the_file(tmp_path: Path) -> None:
    rows = [f'{i},"{STORY.format(i)}"' for i in range(5)] + ['5,"' + STORY.format(5)] + [f"{i},{STORY.format(i)}" for i in range(6, 9)]
    (tmp_path / "feed.csv").write_text("id,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    arts, errs = split(read_all(tmp_path / "feed.csv"))
    assert [a.text for a in arts] == [STORY.format(i) for i in range(5)]
    (err,) = errs
    assert err.path.endswith("#6") and "never closed" in err.reason


def test_deeply_nested_json_is_refused_alone(tmp_path: Path) -> None:
    lines = good_lines(3)
    lines.insert(1, b"[" * 100_000 + b"]" * 100_000)
    (tmp_path / "feed.jsonl").write_bytes(b"\n".join(lines))
    (tmp_path / "deep.json").write_bytes(b'{"a":' * 100_000 + b"1" + b"}" * 100_000)
    arts, errs = split(read_all(tmp_path / "feed.jsonl", tmp_path / "deep.json"))
    assert len(arts) == 3
    assert [e.path.rsplit("/", 1)[1] for e in errs] == ["feed.jsonl#2", "deep.json"]
    assert all("nested too deeply" in e.reason for e in errs)


# --- pages of links --------------------------------------------------------------------------------

NAV = "".join(f'<li><a href="/section/{i}">قسم الأخبار رقم {i} عن سوريا والعراق</a></li>' for i in range(300))


def test_a_page_of_navigation_links_only_is_refused(tmp_path: Path) -> None:
    (tmp_path / "nav.html").write_text(f"<html><body><nav><ul>{NAV}</ul></nav><div><ul>{NAV}</ul></div></body></html>",
                                       encoding="utf-8")
    (err,) = read_all(tmp_path / "nav.html")
    assert "link" in err.reason and "HTML_MAX_LINK_SHARE" in err.reason


def test_an_article_page_with_a_menu_is_read(tmp_path: Path) -> None:
    body = "".join(f"<p>{STORY.format(i)} وأضافت المصادر أن الانسحاب سيكتمل خلال أشهر.</p>" for i in range(6))
    (tmp_path / "page.html").write_text(
        f"<html><head><title>خبر</title></head><body><nav><ul>{NAV[:3000]}</ul></nav>"
        f"<article><h1>خبر</h1>{body}</article></body></html>", encoding="utf-8")
    (art,) = read_all(tmp_path / "page.html")
    assert isinstance(art, RawArticle) and STORY.format(3) in art.text


def test_html_entities_are_not_resolved_from_files_or_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    laughs = "".join(f'<!ENTITY l{i} "&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};">' for i in range(1, 12))
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY l0 "ha">{laughs}]>'
            f"<html><body><article><p>{STORY.format(1)} &xxe; &l11;</p><p>{STORY.format(2)}</p></article></body></html>")
    (tmp_path / "evil.html").write_text(page, encoding="utf-8")
    (item,) = read_within(30, tmp_path / "evil.html")
    text = item.text if isinstance(item, RawArticle) else item.reason
    assert "SECRET-CONTENT" not in text and "hahaha" not in text


# --- nothing unescaped reaches a terminal or the store ------------------------------------------------

def test_refusals_show_control_characters_and_bidi_overrides_escaped() -> None:
    err = ReadError("a\nb\x1b[31m.txt", "reason \u202e with \x07 bell")
    assert "\x1b" not in err.path and "\n" not in err.path and "\\x1b" in err.path
    assert "\u202e" not in err.reason and "\x07" not in err.reason


@pytest.mark.skipif(os.name != "posix", reason="file names of arbitrary bytes")
def test_a_file_name_that_is_not_utf8_is_read_with_its_bytes_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"\xff\xfe-feed.txt")
    try:
        (tmp_path / name).write_text(STORY.format(900), encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses such names")
    (art,) = read_all(tmp_path)
    assert art.path.endswith("\\xff\\xfe-feed.txt")
    art.path.encode("utf-8")  # storable: no lone surrogates


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text('{"text": "%s \\ud800 x", "title": "t\\udfff"}\n' % STORY.format(1),
                                         encoding="utf-8")
    (art,) = read_all(tmp_path / "feed.jsonl")
    assert "\ufffd" in art.text and art.title == "t\ufffd"
    art.text.encode("utf-8")


def test_a_page_of_too_many_elements_is_read_by_the_plain_fallback(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(settings, "HTML_MAX_ELEMENTS", 100)
    filler = "".join(f"<div><span>{i}</span></div>" for i in range(200))
    (tmp_path / "wide.html").write_text(f"<html><head><title>خبر</title></head><body>{filler}"
                                        f"<article><p>{STORY.format(1)}</p><p>{STORY.format(2)}</p></article>"
                                        "</body></html>", encoding="utf-8")
    (art,) = read_all(tmp_path / "wide.html")
    assert art.text == f"{STORY.format(1)}\n{STORY.format(2)}" and art.title == "خبر"


def test_a_page_with_a_huge_attribute_costs_little(tmp_path: Path) -> None:
    import time

    paragraphs = "".join(f"<p>{STORY.format(i)}</p>" for i in range(3))
    (tmp_path / "inline.html").write_text(f'<html><body><div class="{"x" * 3_000_000}">'
                                          f'<img src="data:image/png;base64,{"A" * 2_000_000}">{paragraphs}</div>'
                                          "</body></html>", encoding="utf-8")
    started = time.perf_counter()
    (art,) = read_all(tmp_path / "inline.html")
    assert time.perf_counter() - started < 5  # ~0.5 s; 6 s before attributes were trimmed
    assert STORY.format(2) in art.text
