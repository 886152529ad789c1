"""Limits and tunables of the product, in one place.

Each value says what it bounds and why it has the size it has. Code reads them as
`settings.NAME` at call time (not `from lib.settings import NAME`), so a test or a
benchmark can change one with monkeypatch and every user sees the change. A value
marked "env" can also be set for one process by the environment variable LIB_<NAME>
(a benchmark, a test's subprocess, a machine with more memory).
"""
from __future__ import annotations

import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(f"LIB_{name}", "")
    return int(value) if value.strip() else default

# --- ingest ---------------------------------------------------------------------------------------

# Articles per store commit (and per Dask task). An ingest holds about one batch of
# articles, their cleaned texts and claims in memory at a time (~30 KiB an article),
# so peak memory follows this number, not the corpus. Larger batches mean fewer,
# larger Parquet files and commits; 2,000 keeps a batch near 60 MB and a commit per
# 1-3 s of extraction on one core. (env)
INGEST_BATCH_SIZE = _env_int("INGEST_BATCH_SIZE", 2000)

# Articles taken through each processing step together (outlets, cleaning, dates,
# normalising, claims): a step's regexes and word tables stay in the CPU caches over
# the group, which made ingest ~10% faster than one article through every step at a
# time. Beyond a few hundred nothing is gained.
PROCESS_STEP_BATCH = 256

# Dask tasks queued per worker beyond the one it runs: enough that no worker waits
# for the client to commit, few enough that staged files and results held by the
# client stay a few batches' worth.
DASK_TASKS_AHEAD_PER_WORKER = 2

# --- store ----------------------------------------------------------------------------------------

# Seconds a writer waits for another writer's commit phase before giving up
# (-1: wait as long as it takes). A commit phase is one batch's Parquet write,
# a few seconds at most; a rebuild holds the lock for its whole run.
STORE_LOCK_TIMEOUT = -1.0

# Rows per Arrow batch when a table is streamed out of the store (export, rebuild), and
# batches read ahead: an article row is ~10 KB with its text, so 4,096 rows and two
# batches ahead keep a stream near 100 MB whatever the table's size.
STORE_SCAN_BATCH_ROWS = 4096
STORE_SCAN_READAHEAD = 2

# Revisions `python -m lib.store info` lists (the newest first).
STORE_INFO_REVISIONS = 10
