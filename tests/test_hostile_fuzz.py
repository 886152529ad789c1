"""Fuzzing the readers and cleaning (hypothesis; issue 15): arbitrary bytes and Unicode, as raw
bytes and shaped like each input format, never raise and never hang.

- decode_bytes gives text (no BOM, "\\n" newlines) or refuses with ValueError;
  decode_record_lines never raises and keeps the line numbers;
- iter_inputs on a file of any content and type yields only articles and refusals: an
  article's text is non-empty, within the length limit and storable (no lone surrogates),
  a refusal prints on one line with no control characters;
- clean_article keeps every kept line verbatim and in order, and refuse_empty refuses only
  with a Refusal; split_sentences' spans are inside the text, in order, trimmed and capped;
- the whole per-article processing gives a row or a refusal for any text.

Each example runs under a 20 s alarm ("never hang"). Examples per test:
HOSTILE_FUZZ_EXAMPLES (default 25, so the suite stays quick); for a long run:
`HOSTILE_FUZZ_EXAMPLES=5000 pytest tests/test_hostile_fuzz.py`.
"""
from __future__ import annotations

import codecs
import json
import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings as hsettings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lib import settings  # noqa: E402
from lib.ingest.cleaning import clean_article, refuse_empty  # noqa: E402
from lib.ingest.decoding import decode_bytes, decode_record_lines  # noqa: E402
from lib.ingest.limits import Refusal  # noqa: E402
from lib.ingest.pipeline import process_articles  # noqa: E402
from lib.ingest.raw import RawArticle, ReadError, no_surrogates  # noqa: E402
from lib.ingest.readers import iter_inputs  # noqa: E402
from lib.text.sentences import split_sentences  # noqa: E402

EXAMPLES = int(os.environ.get("HOSTILE_FUZZ_EXAMPLES", "25"))
SETTINGS = hsettings(max_examples=EXAMPLES, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.function_scoped_fixture])
HANG_SECONDS = 20

ARABIC = "أعلن التحالف الدولي أن 900 جندي أمريكي انسحبوا من قاعدة الشدادي في 5 أيار 2025، ونفذ داعش 15 هجوما."
PIECES = [ARABIC, "اقرأ أيضا", "جميع الحقوق محفوظة", "(الفرنسية)", "\n", "\r\n", "\r", " ", ".", "،", "-50",
          "\u202e", "\ufeff", "\x00", "\x1b[31m", '"', "'", ",", ";", "\t", "<a href='x'>", "</a>", "<p>", "{", "}",
          "٣٠٠", "10000000000000000000000", "=cmd|' /C calc'!A0", "\ud800"]


@contextmanager
def no_hang(seconds: int = HANG_SECONDS):
    """Fail an example that runs longer than `seconds` (main thread only; elsewhere, no guard)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def hung(signum, frame):
        raise AssertionError(f"hung: more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=30).map("".join),
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "iso8859_6", "utf-32"])


@st.composite
def encoded(draw) -> bytes:
    """Text in some encoding, then maybe cut, corrupted or spliced with random bytes."""
    text, enc = draw(texts), draw(encodings)
    data = text.encode(enc, errors="replace" if enc.startswith("utf") is False else "surrogatepass")
    how = draw(st.sampled_from(["as is", "cut", "corrupt", "splice"]))
    if how == "cut" and data:
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "corrupt" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 1:]
    elif how == "splice":
        data = data + b"\n" + draw(st.binary(max_size=300)) + b"\n" + data
    return data


any_bytes = st.one_of(st.binary(max_size=2000), encoded(),
                      st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE]).flatmap(
                          lambda bom: st.binary(max_size=300).map(lambda b: bom + b)))


@st.composite
def shaped(draw) -> tuple[str, bytes]:
    """(suffix, content) shaped like one input format, with hostile values in it."""
    suffix = draw(st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv", ".tsv"]))
    value = st.one_of(texts, st.integers(), st.floats(allow_nan=True), st.none(), st.booleans(),
                      st.lists(texts, max_size=3), st.dictionaries(texts, texts, max_size=3))
    if suffix in (".json", ".jsonl"):
        records = draw(st.lists(st.one_of(st.dictionaries(st.sampled_from(["text", "title", "published", "url",
                                                                           "source", "html", "body", "TEXT"]) | texts,
                                                          value, max_size=5), value), max_size=6))
        if suffix == ".json":
            body = json.dumps(draw(st.sampled_from([records, {"articles": records}, records[:1] or {}])))
        else:
            body = "\n".join(draw(st.sampled_from([json.dumps(r), json.dumps(r, ensure_ascii=False), str(r)]))
                             for r in records)
    elif suffix in (".csv", ".tsv"):
        sep = "\t" if suffix == ".tsv" else draw(st.sampled_from([",", ";"]))
        header = draw(st.sampled_from([["text"], ["id", "text", "published"], ["TEXT", "title"], ["x"]]))
        rows = draw(st.lists(st.lists(texts, min_size=1, max_size=4), max_size=6))
        quote = draw(st.booleans())
        cell = (lambda c: '"' + c.replace('"', '""') + '"') if quote else (lambda c: c)
        body = "\n".join(sep.join(map(cell, r)) for r in [header, *rows])
    elif suffix == ".html":
        tags = st.sampled_from(["p", "div", "a", "nav", "article", "table", "td", "script", "style", "h1", "li"])
        parts = draw(st.lists(st.tuples(tags, texts), max_size=12))
        body = "<html><body>" + "".join(f"<{t}>{x}</{t}>" for t, x in parts) + draw(texts) + "</body></html>"
    else:
        body = draw(texts)
    enc = draw(encodings)
    data = body.encode(enc, errors="surrogatepass" if enc.startswith("utf") else "replace")
    if draw(st.booleans()):
        data = data.replace(b"\n", b"\n" + draw(st.binary(max_size=20)) + b"\n", 1)
    return suffix, data


def _printable(s: str) -> bool:
    return not any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069
                   or 0xd800 <= ord(c) <= 0xdfff for c in s)


def check_items(items: list) -> None:
    for item in items:
        assert isinstance(item, (RawArticle, ReadError)), item
        if isinstance(item, RawArticle):
            assert item.text and not item.text.isspace()
            assert len(item.text) <= settings.INGEST_MAX_ARTICLE_CHARS
            item.text.encode("utf-8")  # storable in Arrow: no lone surrogates
            item.path.encode("utf-8")
            for field in (item.title, item.url, item.published, item.source):
                assert field is None or isinstance(field, str) and field.encode("utf-8")
        else:
            assert _printable(item.path) and _printable(item.reason), item


# ------------------------------------------------------------------ bytes -> text
@SETTINGS
@given(any_bytes)
def test_decode_bytes_gives_text_or_a_reason(data: bytes) -> None:
    with no_hang():
        try:
            text = decode_bytes(data)
        except ValueError as err:
            assert str(err)
            return
    assert isinstance(text, str) and "\r" not in text and not text.startswith("\ufeff")


@SETTINGS
@given(any_bytes)
def test_decode_record_lines_never_raises_and_keeps_line_numbers(data: bytes) -> None:
    with no_hang():
        out = decode_record_lines(data)
    if out is not None:
        text, bad = out
        n_lines = text.count("\n") + 1
        assert all(1 <= n <= n_lines and text.split("\n")[n - 1] == "" for n in bad)


# ------------------------------------------------------------------ files -> articles
@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@SETTINGS
@given(st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv", ".tsv", ".htm", ".ndjson"]), any_bytes)
def test_any_bytes_in_any_input_type_give_articles_or_refusals(fuzz_dir: Path, suffix: str, data: bytes) -> None:
    f = fuzz_dir / f"input{suffix}"
    f.write_bytes(data)
    with no_hang():
        check_items(list(iter_inputs([f])))


@SETTINGS
@given(shaped())
def test_hostile_values_in_each_format_give_articles_or_refusals(fuzz_dir: Path, case: tuple[str, bytes]) -> None:
    suffix, data = case
    f = fuzz_dir / f"shaped{suffix}"
    f.write_bytes(data)
    with no_hang():
        check_items(list(iter_inputs([f])))


# ------------------------------------------------------------------ cleaning, sentences, processing
@SETTINGS
@given(texts, st.one_of(st.none(), texts))
def test_cleaning_keeps_lines_verbatim_and_refuses_only_with_a_reason(text: str, title: str | None) -> None:
    with no_hang():
        cleaned = clean_article(text, title)
        try:
            refuse_empty(cleaned)
        except Refusal as refusal:
            assert str(refusal).startswith("no article text")
    lines = [line.strip() for line in text.splitlines()]
    at = 0
    for kept in cleaned.text.split("\n") if cleaned.text else []:
        # each kept line is an input line, or the end of one (a byline cut off its start), in order
        found = next((i for i in range(at, len(lines)) if lines[i].endswith(kept)), None)
        assert found is not None, (kept, lines)
        at = found + 1


@SETTINGS
@given(texts, st.integers(2, 300))
def test_sentences_are_inside_in_order_trimmed_and_capped(text: str, cap: int) -> None:
    old = settings.SENTENCE_MAX_CHARS
    settings.SENTENCE_MAX_CHARS = cap
    try:
        with no_hang():
            spans = split_sentences(text)
    finally:
        settings.SENTENCE_MAX_CHARS = old
    end = 0
    for s, e in spans:
        assert end <= s < e <= len(text) and e - s <= cap
        assert not text[s].isspace() and not text[e - 1].isspace()
        end = e


storable = texts.map(no_surrogates)  # what readers give (test_hostile_values_in_each_format_...)


@SETTINGS
@given(st.lists(st.tuples(storable, st.one_of(st.none(), storable)), min_size=1, max_size=4))
def test_processing_any_text_gives_a_row_or_a_refusal(articles: list[tuple[str, str | None]]) -> None:
    raws = [RawArticle(text=t, path=f"fuzz.jsonl#{i}", title=title, published=title)
            for i, (t, title) in enumerate(articles, 1)]
    with no_hang():
        results = process_articles(raws)
    for result in results:
        assert isinstance(result, (tuple, Refusal)), repr(result)
        if isinstance(result, tuple):
            row, claims = result
            assert row["text"]
            for claim in claims:
                assert row["text"][claim["span_start"]:claim["span_end"]] == claim["evidence"]
                assert len(claim["evidence"]) <= settings.SENTENCE_MAX_CHARS
