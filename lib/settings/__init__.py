"""Limits and tunables of the product, in one place (this package: the extraction rules' reaches
are in lib/settings/extraction.py, re-exported here).

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


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(f"LIB_{name}", "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


# --- deployment -----------------------------------------------------------------------------------

# Read-only mode, for a public deployment: the Add articles page and every correction control
# are gone, and every function that writes to a store (ingest, rebuild, corrections, stories)
# raises lib.store.access.ReadOnlyError, so a forged request changes nothing. (env: LIB_READ_ONLY=1)
READ_ONLY = _env_bool("READ_ONLY", False)

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

# --- hostile and broken input (limits per file, article and sentence) -------------------------------
# Over a limit, the file, record or article is refused with a message naming it and the
# limit (the setting's name), and the rest of the batch goes on. Each bound is far above
# any real news item, and low enough that one item's cost stays small.

# Bytes of a file that holds one article (.txt, .html/.htm): the longest real pages
# (inline scripts and styles included) are a few MB. (env)
INGEST_MAX_PAGE_BYTES = _env_int("INGEST_MAX_PAGE_BYTES", 16 * 2**20)

# Bytes of a file of records (.json, .jsonl, .csv, .tsv, metadata.csv): read and decoded
# whole, so a file costs ~3x its size in memory while it is read. (env)
INGEST_MAX_RECORDS_FILE_BYTES = _env_int("INGEST_MAX_RECORDS_FILE_BYTES", 256 * 2**20)

# Records read from one file; the records after it are refused with one message naming the
# line where reading stopped (split the file). (env)
INGEST_MAX_RECORDS_PER_FILE = _env_int("INGEST_MAX_RECORDS_PER_FILE", 500_000)

# Characters of one article's text as read (before cleaning): the longest news articles,
# long-form investigations, are ~100,000. (env)
INGEST_MAX_ARTICLE_CHARS = _env_int("INGEST_MAX_ARTICLE_CHARS", 300_000)

# Characters of one sentence: a longer run without a full stop is split at the last
# whitespace before this many characters (lib/text/sentences.py), so a claim's evidence,
# and the rules' cost on a sentence (some grow with its length squared), stay bounded.
# The longest sentence of the bundled articles has 846 characters.
SENTENCE_MAX_CHARS = 2000

# Seconds one article may take to be read and processed (a .txt/.html file, or one record),
# and seconds one file may take in all. Checked every `INGEST_CLOCK_TICK` seconds and
# interrupted where it runs when ingest runs in the main thread (the command line, the
# default engine); elsewhere (Dask workers, the dashboard's build) checked between steps.
# An article over its time is refused; a file over its time has the rest refused. (env)
INGEST_MAX_SECONDS_PER_ARTICLE = _env_int("INGEST_MAX_SECONDS_PER_ARTICLE", 30)
INGEST_MAX_SECONDS_PER_FILE = _env_int("INGEST_MAX_SECONDS_PER_FILE", 1800)
INGEST_CLOCK_TICK = 0.25

# An HTML page whose text (when trafilatura finds no article in it) is mostly link text is
# a menu, an index or a tag page, not an article: refused above this share of link text.
HTML_MAX_LINK_SHARE = 0.5

# Elements of an HTML page that trafilatura is given: news pages have a few thousand; on a
# page of 200,000 it takes a minute and half a GB. A larger page's text is taken by the
# plain fallback (the <article>, <main> or <body> text), its title from <title>.
HTML_MAX_ELEMENTS = 30_000

# --- store ----------------------------------------------------------------------------------------

# Seconds a writer waits for another writer's commit phase before giving up
# (-1: wait as long as it takes). A commit phase is one batch's Parquet write,
# a few seconds at most; a rebuild holds the lock for its whole run, a compaction for its
# own (seconds: 6.6 s for 100,000 articles).
STORE_LOCK_TIMEOUT = -1.0

# `python -m lib.store compact`: the size (compressed, on disk) its rewritten files aim at.
# Each ingest batch and each correction commits one small file; a read opens every file, so
# years of weekly batches are worth merging. But the dashboard decodes a whole file, or row
# group, at a time (lib.dashboard.source.Rows), and is sized for an ingest batch's file (2,000
# articles: ~0.45 MB of articles, as much of claims). On the 1,000,000-claim store, 16 MB
# files in one row group each took its server to 1.1 GB and a filter rerun to 3.6 s; with
# 4,096-row groups still 8.2 s cold (4.5 s before) and 532 MB. 1 MB is a few ingest batches:
# 260 weekly files of 100 articles become about a dozen.
STORE_COMPACT_TARGET_BYTES = 1024 * 1024
# Rows per Parquet row group in a compacted file: the dashboard reads the shown rows' long
# columns (evidence, texts) by row group (lib.dashboard.source.Rows.take). 4,096 rows is an
# ingest batch's order of size (~11 MB of article text a group).
STORE_COMPACT_ROW_GROUP_ROWS = 4096
# An ingest run ends with a compaction once a table reads this many small files (under half of
# STORE_COMPACT_TARGET_BYTES, which a compaction would merge; a compacted file that small still
# counts): about a year of weekly ingests. 260 files made a whole read 4x slower than a few
# (benchmarks/compaction_bench.py). Compaction holds the write lock (see STORE_LOCK_TIMEOUT).
STORE_COMPACT_AFTER_FILES = 50

# Rows per Arrow batch when a table is streamed out of the store (export, rebuild), and
# batches read ahead: an article row is ~10 KB with its text, so 4,096 rows and two
# batches ahead keep a stream near 100 MB whatever the table's size.
STORE_SCAN_BATCH_ROWS = 4096
STORE_SCAN_READAHEAD = 2

# Outlets the ingest summary names (the most frequent first); the rest are counted in one
# clause, since a real corpus has hundreds.
SUMMARY_MAX_OUTLETS = 15

# Revisions `python -m lib.store info` lists (the newest first).
STORE_INFO_REVISIONS = 10

# --- reader and corrections (the Articles reader's correction controls, the Corrections page) ------

# Characters of a sentence shown in the reader's "add a claim" sentence picker: enough to
# recognise a news sentence (most are under 200), short enough that a split 100,000-character
# run still gives a one-line option.
READER_SENTENCE_LABEL_CHARS = 160

# Corrections listed per page of the Corrections view, each row with its own Undo button:
# a desk's week of fixes fits on one or two pages and the page stays quick to draw.
CORRECTIONS_PER_PAGE = 25

# Characters of a run with no space after which the reader's HTML offers the browser a line
# break (<wbr>): chromium lays a 100,000-letter Arabic run out in ~50 s when it must find the
# breaks itself (the letters join, so it reshapes the whole run), ~1 s with a break offered every
# 80 letters; the letters stay joined across it. No real word or URL line is this long.
READER_BREAK_RUN_CHARS = 80

# --- add: the Add articles page's ways in (issue 12: upload, paste, fetch a URL) -------------------
# Over a limit, the file, zip entry or URL is refused with a message naming it and the limit (the
# setting's name); the rest of the add goes on. Read by lib/ingest/uploads.py and lib/ingest/fetch.py.

# Files in one upload (several chosen at once): a week's collection is tens of files; more is a
# folder for the command line (`python -m lib.ingest`).
ADD_MAX_FILES = 50

# Bytes of one uploaded file (a zip counted as uploaded, compressed): the browser holds it and the
# server keeps it in memory until it is staged. 64 MB holds the largest records file the ingest
# reads (after zip compression) and thousands of pages. (env)
ADD_MAX_FILE_BYTES = _env_int("ADD_MAX_FILE_BYTES", 64 * 2**20)

# Bytes of all the files of one upload together: the server holds them all at once.
ADD_MAX_TOTAL_BYTES = _env_int("ADD_MAX_TOTAL_BYTES", 256 * 2**20)

# Entries of one zip (files and folders): a zip of a month's pages has hundreds; a zip of a million
# empty entries would cost the walk and the report more than its articles are worth.
ZIP_MAX_ENTRIES = 5000

# Bytes one zip may unpack to, counted as it is unpacked (the sizes a zip declares can lie): past
# it the rest of the archive is refused. The same as INGEST_MAX_RECORDS_FILE_BYTES plus room. (env)
ZIP_MAX_TOTAL_BYTES = _env_int("ZIP_MAX_TOTAL_BYTES", 512 * 2**20)

# Largest compression ratio (unpacked / packed bytes) of an entry that unpacks to more than
# ZIP_RATIO_MIN_BYTES: Arabic text and HTML compress 3-10x, a repetitive JSONL up to ~30x; a zip
# bomb (a run of zeros) is ~1000x. Smaller entries cannot do harm whatever their ratio.
ZIP_MAX_RATIO = 100
ZIP_RATIO_MIN_BYTES = 2**20

# URLs fetched in one add: each may take FETCH_MAX_SECONDS, and the page waits for them all.
FETCH_MAX_URLS = 20

# Seconds to connect, and between two reads of a fetched page (httpx's timeout); and seconds one
# URL may take in all, redirects and a slow server's trickle included.
FETCH_TIMEOUT_SECONDS = 10.0
FETCH_MAX_SECONDS = 30.0

# Bytes of a fetched page, after decompression (so a gzip bomb stops here too): the page is read
# in chunks and dropped past this. News pages are 50 KB-2 MB of HTML. (env)
FETCH_MAX_BYTES = _env_int("FETCH_MAX_BYTES", 5 * 2**20)

# Redirects followed from one URL, each one checked like the first (scheme, address): a news
# site's http -> https -> www -> canonical chain is 3 at most.
FETCH_MAX_REDIRECTS = 5

# Allow fetching from loopback addresses (127.0.0.0/8, ::1): off, so the server's own services
# cannot be reached through a URL; the tests turn it on for the server they start. Private,
# link-local and metadata addresses are refused whatever it says. (env: LIB_FETCH_ALLOW_LOOPBACK=1)
FETCH_ALLOW_LOOPBACK = _env_bool("FETCH_ALLOW_LOOPBACK", False)

# Cloud metadata endpoints, refused by name even where a network would route them as public
# (AWS/GCP/Azure 169.254.169.254, AWS IPv6 fd00:ec2::254, ECS 169.254.170.2, Alibaba
# 100.100.100.200, Oracle 192.0.0.192). Every non-global address is refused anyway.
FETCH_BLOCKED_ADDRESSES = ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200", "192.0.0.192")

# How the fetcher names itself to a site.
FETCH_USER_AGENT = "Mozilla/5.0 (compatible; syria-coalition-dashboard/1.0; article fetch by an analyst)"

# --- dashboard charts (area: charts; read by lib/dashboard/charts/ and lib/dashboard/queries.py) ----

# Days a count must cover before it is shown as a rate per month: a count of one day (or a
# week) multiplied up to a month is an extrapolation nobody reported ("80 attacks in a day" is
# not "2,435 a month"). 28 days is the shortest month; a shorter count is shown as the count
# with its period, and left out of the per-month chart.
ATTACK_RATE_MIN_DAYS = 28

# Ticks a date axis shows at most: the step (a day, a week, a month ... ten years) is the finest
# that keeps to this many, so labels never crowd or overlap at the chart's usual width (~1000 px).
CHART_MAX_DATE_TICKS = 8

# Days a date axis spans at least (point charts: troops, attacks, incidents, figures per outlet):
# a single report is a point in two months, not a point stretched over the width with hourly ticks.
CHART_MIN_SPAN_DAYS = 60

# Days a monthly axis spans at least (articles per month): a single month's bar is about a
# twelfth of the plot, not a block filling it.
CHART_MIN_SPAN_DAYS_MONTHLY = 365

# A count axis (articles, attacks, casualties) whose largest value is at most this ticks every
# whole number; above it plotly's own steps (2, 5, 10 ...) are whole numbers already.
COUNT_AXIS_UNIT_TICKS_MAX = 10

# --- store: stories across outlets (lib/store/stories.py) -------------------------------------------

# MinHash permutations per article signature (datasketch). The similarity estimate's error is
# about sqrt(J(1-J)/N): 0.03 at J=0.15 with 128, well inside the gap between paraphrases of one
# statement (>=0.15) and different events (<0.1). A signature is 512 bytes an article.
STORY_NUM_PERM = 128

# Estimated Jaccard similarity of two articles' word pairs at which they are one story by their
# text. Measured on the bundled corpus: paraphrases of one agency statement 0.13-0.6, the 99.9th
# percentile of all pairs 0.11 (the corpus is all on one topic, so unrelated articles share words).
STORY_TEXT_SIMILARITY = 0.13
# The same, for two articles of one outlet: they share its boilerplate (bylines, footers that
# cleaning left), which lifts unrelated articles of one site to 0.15-0.25.
STORY_SAME_OUTLET_SIMILARITY = 0.3
# A weaker text similarity that, with one shared figure, still makes one story.
STORY_WEAK_TEXT_SIMILARITY = 0.06
# Distinct figures (claim kind + value) two dated articles within STORY_MAX_DAYS must share to be
# one story by their figures alone (one shared figure - "2000 troops" - recurs for months).
STORY_MIN_SHARED_FIGURES = 2
# Days between the dated articles of one story, at most: the reports of one event or statement
# come within days; a figure repeated weeks later is a new report.
STORY_MAX_DAYS = 3
# Signature rows per band of the locality-sensitive hashing that finds candidate pairs: two rows a
# band (64 bands of 128) find a pair at similarity 0.13 with probability ~0.66, at 0.2 ~0.93,
# while a pair at 0.01 (unrelated) is a candidate 0.6% of the time.
STORY_LSH_ROWS = 2
# Within a band's bucket, each article is paired with this many next ones (in an order shuffled
# per band), not with all: all pairs in a bucket of up to 9, and a cost linear in a bucket's size.
STORY_LSH_NEIGHBOURS = 8
# Articles a store may hold for an ingest to regroup its stories after every commit (a batch of
# INGEST_BATCH_SIZE); past it each commit only hashes its articles and the run regroups once at
# its end. Grouping costs ~1 s per 10,000 articles on a 2-core machine (benchmarks/stories_bench.py),
# so below this a commit's regroup stays around a second.
STORY_REGROUP_EACH_COMMIT_MAX = 20_000
# A band bucket holding more articles than this is shared boilerplate (a site's footer), not a
# story: its pairs are skipped (they would grow with the square of its size).
STORY_MAX_BUCKET = 200

# --- bases map and base-events table (area: map; read by lib/dashboard/charts/map_*.py, maps.py and
# lib/dashboard/base_events.py) ---------------------------------------------------------------------

# The region the map's bundled layers cover and the map may ever show (lon0, lon1, lat0, lat1):
# Syria and its neighbours as far as the coalition's sites in Iraq and Jordan. A site outside it is
# still listed in the table, but the frame does not stretch to it.
MAP_REGION = (33.0, 45.0, 29.0, 40.0)

# The least the map shows (lon0, lon1, lat0, lat1): the whole of Syria (lon 35.7-42.4, lat
# 32.3-37.3) with a strip of each neighbour and the coast, whatever the filters leave.
MAP_MIN_FRAME = (35.0, 42.9, 31.9, 37.75)

# Degrees added around the sites when they reach beyond the minimum frame (a marker and its label
# need about this much room at the map's usual scale, ~80 px a degree).
MAP_FRAME_MARGIN_DEG = 0.45

# Sites closer than this (degrees, ~5 km) are drawn as a fan around their shared point: markers
# ~16 px across would otherwise cover each other (the gazetteer gives Green Village the
# coordinates of al-Omar, MSS Euphrates those of Conoco).
MAP_COLOCATED_DEG = 0.05

# Radius of that fan in degrees of longitude (~20 px at the usual scale: a large marker's width).
MAP_FAN_RADIUS_DEG = 0.25

# The tallest the map itself may be (px; the figure adds its title and legend) and the width it is
# drawn for (px): the height follows from the frame's shape so that a map this wide fills it, in the
# app's column (~700 px) and in the PNG alike; labels are placed once on the server, for this width.
MAP_HEIGHT_PX = 760
MAP_NOMINAL_PLOT_WIDTH_PX = 700

# Label font size on the map (px): sites, then towns, then countries.
MAP_SITE_LABEL_PX = 12
MAP_TOWN_LABEL_PX = 10
MAP_COUNTRY_LABEL_PX = 15

# Rows the base-events table shows at most (the newest up to the slider's date): more is a
# scroll nobody reads; the CSV holds the same rows.
BASE_EVENTS_MAX_ROWS = 1000


# --- extraction rules: their reaches live in lib/settings/extraction.py (one file per area would
# keep this one short); imported here so that every setting is `settings.NAME`
from lib.settings.extraction import *  # noqa: E402,F401,F403
