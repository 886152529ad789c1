"""Bounded cost per file: the size and time limits of ingest, and the refusals they give.

Every limit is a value in `lib.settings` (its name is in the message, so a person who
needs a larger one knows what to change). Over a limit, the file, record or article is
refused with a reason naming it, and the rest of the batch goes on.

Time is kept by a `Clock`: the seconds each file and each article has taken so far,
reading and processing. When ingest runs in the main thread (the command line, the
default engine) a timer signal checks every `settings.INGEST_CLOCK_TICK` seconds and
interrupts the work where it runs (Python code, and the regex engine, which checks for
signals); in another thread (Dask workers, the dashboard's build) no signal can be used,
and the time is checked between steps: an article that took too long is refused when
its step ends, and the next steps of a file over its time are not run.
"""
from __future__ import annotations

import os
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from lib import settings

T = TypeVar("T")


class Refusal(Exception):
    """An article refused for a reason a person can act on (the message is that reason)."""


class TimeLimit(Refusal):
    """An article or a file over its time. `whole_file`: the file's limit (the rest of it is refused)."""

    def __init__(self, message: str, whole_file: bool) -> None:
        super().__init__(message)
        self.whole_file = whole_file


class _Interrupt(BaseException):
    """The timer's signal in the middle of a step. A BaseException, so that no library's
    `except Exception` takes it for its own error and goes on; `Clock.call` turns it into
    the TimeLimit."""


RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".csv", ".tsv"})


def file_of(path: str) -> str:
    """The file an article's path names: `a.jsonl#3` -> `a.jsonl` (a '#' in a file name stays)."""
    head, sep, tail = path.rpartition("#")
    return head if sep and tail.isdigit() else path


def size_text(n: int) -> str:
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            return f"{n / size:,.1f} {unit}"
    return f"{n} bytes"


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular_file(file: Path, limit: int, limit_name: str) -> bytes | str:
    """The bytes of `file`, or the reason it is refused (a str).

    Only a regular file is read (a symlink is followed only to one): a device, a FIFO or
    a socket is refused by its type before it is opened (`os.stat`), and checked again on
    the opened descriptor (`os.fstat`), which is opened non-blocking so that a FIFO put in
    its place meanwhile cannot hang the run. At most `limit` bytes are read."""
    try:
        st = os.stat(file)
    except OSError as err:
        return f"cannot read file: {err.strerror or err}"
    if not stat.S_ISREG(st.st_mode):
        return f"{_kind(st.st_mode)}, not a regular file: only regular files are read"
    too_big = (f"file is {size_text(st.st_size)}, over the limit of {size_text(limit)} "
               f"(settings.{limit_name}): not read")
    if st.st_size > limit:
        return too_big
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags)
    except OSError as err:
        return f"cannot read file: {err.strerror or err}"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # replaced between the two looks
            return f"{_kind(st.st_mode)}, not a regular file: only regular files are read"
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # grown since it was looked at
            return too_big
        return b"".join(chunks)
    except OSError as err:
        return f"cannot read file: {err.strerror or err}"
    finally:
        os.close(fd)


def file_limit(suffix: str) -> tuple[int, str]:
    """The size limit of a file by its type, and the setting's name."""
    if suffix.lower() in RECORD_SUFFIXES:
        return settings.INGEST_MAX_RECORDS_FILE_BYTES, "INGEST_MAX_RECORDS_FILE_BYTES"
    return settings.INGEST_MAX_PAGE_BYTES, "INGEST_MAX_PAGE_BYTES"


def article_too_long(text: str) -> str | None:
    """Why an article's text is refused for its length, or None."""
    limit = settings.INGEST_MAX_ARTICLE_CHARS
    if len(text) <= limit:
        return None
    return (f"article is {len(text):,} characters, over the limit of {limit:,} "
            f"(settings.INGEST_MAX_ARTICLE_CHARS): not processed")


def too_many_records(where: str) -> str:
    return (f"more than {settings.INGEST_MAX_RECORDS_PER_FILE:,} records (settings.INGEST_MAX_RECORDS_PER_FILE): "
            f"the records from {where} on were not read; split the file")


# ------------------------------------------------------------------ time
class Clock:
    """Seconds spent per file (reading and processing) and per article, against
    `settings.INGEST_MAX_SECONDS_PER_FILE` and `INGEST_MAX_SECONDS_PER_ARTICLE`."""

    def __init__(self) -> None:
        self.file_spent: dict[str, float] = {}
        # while a step runs: (its file, when it started, its article's seconds before it)
        self.current: tuple[str, float, float] | None = None

    # -- accounting
    def over(self, file: str, article_seconds: float, elapsed: float = 0.0) -> TimeLimit | None:
        """The limit `file` or its article is over, after `elapsed` more seconds (None: neither)."""
        if article_seconds + elapsed > settings.INGEST_MAX_SECONDS_PER_ARTICLE:
            return TimeLimit(f"took longer than {settings.INGEST_MAX_SECONDS_PER_ARTICLE} s to read or process "
                             "(settings.INGEST_MAX_SECONDS_PER_ARTICLE): refused", whole_file=False)
        if self.file_spent.get(file, 0.0) + elapsed > settings.INGEST_MAX_SECONDS_PER_FILE:
            return TimeLimit(f"the file took longer than {settings.INGEST_MAX_SECONDS_PER_FILE} s in all "
                             "(settings.INGEST_MAX_SECONDS_PER_FILE): the rest of it is refused", whole_file=True)
        return None

    def call(self, file: str, spent: list[float] | None, i: int, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args), its time counted to `file`, and to article `i` of `spent` (the seconds of each
        article so far); with `spent` None (reading), the call alone is held to an article's limit.
        Raises TimeLimit when the article or the file is over its limit, before or after the call."""
        article_limit, file_limit = settings.INGEST_MAX_SECONDS_PER_ARTICLE, settings.INGEST_MAX_SECONDS_PER_FILE
        article_before = spent[i] if spent is not None else 0.0
        file_before = self.file_spent.get(file, 0.0)
        if article_before > article_limit or file_before > file_limit:
            raise self.over(file, article_before)  # type: ignore[misc]
        started = time.perf_counter()
        try:
            try:
                self.current = (file, started, article_before)
                result = fn(*args)
            finally:
                self.current = None
                elapsed = time.perf_counter() - started
                self.file_spent[file] = file_before + elapsed
                if spent is not None:
                    spent[i] = article_before + elapsed
        except _Interrupt:  # the timer's signal, raised once per call
            raise (self.over(file, article_before + time.perf_counter() - started, 0.0)
                   or TimeLimit("interrupted: over its time", whole_file=False)) from None
        if article_before + elapsed > article_limit or file_before + elapsed > file_limit:
            # found only now: the step ran where it could not be interrupted (not the main thread)
            raise self.over(file, article_before + elapsed)  # type: ignore[misc]
        return result

    def forget(self, keep: str | None) -> None:
        """Drop the accounts of files other than `keep` (those read and processed already)."""
        if len(self.file_spent) > 1:
            self.file_spent = {keep: self.file_spent[keep]} if keep in self.file_spent else {}

    # -- the timer signal
    def _tick(self, signum: int, frame: Any) -> None:
        current = self.current
        if current is None:
            return
        file, started, article_before = current
        if self.over(file, article_before, time.perf_counter() - started) is not None:
            self.current = None  # raised once: `call` turns it into the TimeLimit
            raise _Interrupt

    @contextmanager
    def watching(self) -> Iterator[None]:
        """Interrupt an article or a file over its time while the block runs (main thread only,
        when no one else uses SIGALRM); elsewhere the block runs as it is."""
        tick = settings.INGEST_CLOCK_TICK
        usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
                  and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
                  and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
        if not usable:
            yield
            return
        previous = signal.signal(signal.SIGALRM, self._tick)
        signal.setitimer(signal.ITIMER_REAL, tick, tick)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
