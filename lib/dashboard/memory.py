"""Memory tuning for a long-lived dashboard process (glibc's malloc and Arrow's pool).

The dashboard loads a million claims once, then serves page reruns that each
allocate and free tens of MB. Left alone, the allocators keep what the load and
the reruns freed, and the server sits near its peak instead of its working size.
On glibc this fixes the mmap threshold and trims the heap; elsewhere it changes
nothing but Arrow's pool.
"""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator

import pyarrow as pa

__all__ = ["tune_memory", "release_memory", "loading"]

_M_MMAP_THRESHOLD = -3  # mallopt parameter
_MMAP_THRESHOLD = 32 * 1024 * 1024  # while serving (see tune_memory)
_LOAD_MMAP_THRESHOLD = 128 * 1024  # while loading (see loading)
_libc = None  # set by tune_memory() on glibc


def tune_memory() -> None:
    """Make freed memory go back to the operating system (call once, early, in a long-lived process).

    Loading a million claims decodes Parquet columns into short-lived buffers.
    Arrow's default allocator (mimalloc) and glibc's adaptive mmap threshold
    both keep such memory mapped after it is freed, so the dashboard would sit
    near its load-time peak instead of its working size. The system allocator
    with a fixed mmap threshold returns it. (Arrow's C++ code takes its pool
    from ARROW_DEFAULT_MEMORY_POOL when pyarrow is first imported, which
    `app_support` sets; this sets the pool pyarrow's Python calls use.) It
    also enables `loading()` and `release_memory()`.
    """
    global _libc
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        # M_MMAP_THRESHOLD fixed at 32 MiB: blocks above it (whole-column temporaries at load)
        # are unmapped when freed. Fixing it also stops glibc from raising the threshold after
        # each large free, which is what leaves freed load-time memory in the heap. Smaller
        # per-rerun arrays stay on the heap and are reused (a lower threshold costs each rerun
        # page faults for every fresh array: ~30% slower).
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        _libc = libc
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


def release_memory() -> None:
    """Hand the memory freed since the last call back to the operating system (after `tune_memory()`).

    Each page rerun allocates and frees tens of MB of short-lived arrays and
    strings; glibc keeps freed heap memory for reuse, and small long-lived
    objects allocated in between (cache entries, widget state) pin it, so
    without this a server's resident size creeps up by the largest rerun's
    garbage, page after page. Costs a few milliseconds.
    """
    if _libc is not None:
        # Pandas objects often sit in reference cycles: collect them first, or their
        # memory waits for the next full collection, which may be many reruns away.
        gc.collect()
        _libc.malloc_trim(0)


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """Allocate while loading so that the load's peak and leftovers stay small (after `tune_memory()`).

    Loading allocates the corpus's long-lived arrays (1-8 MB each) among
    thousands of short-lived batch buffers. From the heap, the two would
    interleave, and the freed buffers' memory would stay with the process
    (~50 MB at a million claims). With a low mmap threshold during the load,
    every block above 128 KB is a mapping of its own that goes back to the
    system when freed; afterwards the serving threshold is restored and the
    heap trimmed.
    """
    libc = _libc
    if libc is None:
        yield
        return
    libc.mallopt(_M_MMAP_THRESHOLD, _LOAD_MMAP_THRESHOLD)
    try:
        yield
    finally:
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        libc.malloc_trim(0)
