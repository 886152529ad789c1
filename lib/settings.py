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
# a few seconds at most; a rebuild holds the lock for its whole run.
STORE_LOCK_TIMEOUT = -1.0

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

# --- extraction rules (area: accuracy; read by lib/extract/kinds/bases.py) ---------------------------
# Tokens after a base named in a withdrawal within which a verb of handing over ("انسحبت من قاعدة
# التنف وسلمتها إلى القوات الحكومية") makes the handover the base's event: the handover verb
# follows within one short clause (a base name and its place are 3-6 tokens); further on it is
# usually about another site or another time.
HANDOVER_AFTER_WITHDRAWAL_REACH = 12

# The largest troop figure read as the coalition's level in Syria when the sentence also names the
# region, the Middle East or another country (lib/extract/kinds/troops.py). US troops in Syria have
# never been reported above a few thousand (2,000 at the most the gold files hold); "عدد الجنود في
# المنطقة نحو 40 ألف جندي" is the region's. A larger figure with no such word is kept (and flagged
# by ingest's plausibility bounds, data/reference/plausibility.json).
TROOP_LEVEL_IN_SYRIA_MAX = 10000

# Tokens after a named base within which a relative clause on it ("القرية الخضراء التي تم إغلاقها")
# tells its event, whatever status word came before the name (lib/extract/kinds/bases.py): a
# site's name with its quotes and a place ("في ريف دير الزور") takes up to about 6 tokens.
RELATIVE_CLAUSE_REACH = 7
# Tokens from the relative pronoun to the status word of its clause ("التي تم إغلاقها"، "الذي جرى
# تسليمه"): the pronoun, an auxiliary (تم، جرى) and the verbal noun.
RELATIVE_VERB_REACH = 3
# Tokens after a troop figure within which a verb of staying ("900 من العسكريين الأمريكيين قد يظلون
# في سوريا") makes it planned: the noun phrase after the figure runs up to 4 tokens.
KEEP_AFTER_FIGURE_REACH = 6

# --- dates read from anniversaries (area: article dating; read by lib/text/anniversary.py) -----------
# Characters after "الذكرى السنوية الأولى" within which the event it is said of is named ("لتحرير ريف
# دير الزور الشرقي، بعد طرد مسلحي داعش من بلدة الباغوز": about 80 characters in seed 003). Further
# on, a sentence usually names other things, and a dated event there is not the anniversary's.
ANNIVERSARY_EVENT_REACH = 160

# --- troop figures, round 16 (area: troop figures; read by lib/extract/troop_scope.py) ---------------
# Tokens back from a figure, in its clause, to the "عدد" that makes a weak noun after it count troops
# ("عدد العسكريين الأميركيين الذين سيبقون في سوريا سيكون أقل من ألف عنصر": 9 tokens in tune4's 170);
# the same reach as the bare "عدد القوات ... نحو 900" rule of lib/extract/kinds/troops.py.
TROOP_COUNT_NOUN_REACH = 12
# Tokens after a troop noun within which the first country named is the figure's destination or
# place ("1500 جندي من الحرس الوطني التابع لجيش نيوجيرسي في العراق وسورية": 8 tokens; a unit's
# name and a verb may add 2 more). Further on, and past a comma, a country is another subject's.
TROOP_DESTINATION_REACH = 12
# Tokens around a figure where a named site places it ("350 عسكرياً ... منتشرين في البرج 22"), and
# back from the comma before an appositive on a base ("البرج 22، قاعدة عسكرية تضم نحو 350").
TROOP_SITE_REACH = 10
# Tokens after a troop noun within which a word of the dead or hurt ("قتلوا"، "، بين قتيل وجريح"،
# "تعرضوا لإصابات") makes the figure a casualty count: the noun's adjective and a hedge ("أمريكيا
# على الأقل") take 3, the verb and its object 2.
TROOP_CASUALTY_AFTER_REACH = 6

# --- base status, tuning set 4 (area: bases; read by lib/extract/base_sites.py, lib/extract/kinds/bases.py) ---
# Tokens back from the "إلى" before a base to a verb of bringing when commas of time and manner break
# the clause ("استقدمت قوات التحالف الدولي لمحاربة تنظيم داعش، اليوم الجمعة، معدات عسكرية ومواد
# لوجستية وطبية، عبر طائرة شحن إلى قاعدة خراب الجير": 20 tokens); also how far back a convoy's
# cargo may be told before its verb ("قافلة من مدرعات ... بينها منظومات دفاع جوي تسير باتجاه قاعدة").
# Further back, a verb is usually another clause's.
SUPPLY_VERB_REACH = 24
# Tokens from the start of a sentence within which "قد" after "وكانت"/"وكان" makes it a recollection
# ("وكانت القوات الأمريكية قد أخلت ... قاعدة قسرك"): the subject between them is up to 4 tokens.
RECALL_PARTICLE_REACH = 6
# Sentences at the head of an article (its title line and lead) whose planned change of a base is the
# article's news when nothing else was done to the site ("واشنطن تدرس إغلاق قاعدة التنف" over "تعرضت
# القاعدة لهجمات خلال الأشهر الماضية"): the title and the first sentence under it.
BASE_LEAD_SENTENCES = 2
# Tokens between a base's name and a year that dates its event in an undated article ("أنشأت الولايات
# المتحدة قاعدة التنف عام 2016": 2); a year further on in the sentence ("انسحبت من قاعدة التنف ... حيث
# كانت مركزاً للتحالف منذ 2014": 25) belongs to another clause.
BASE_YEAR_REACH = 8
# Tokens back from the "من" before a base to a verb of moving forces out of it ("نقلت القوات الأمريكية
# عشرات الجنود من قاعدة قسرك": 5), within its clause.
RELOCATION_VERB_REACH = 8
# Word distances of the base-site rules (lib/extract/base_sites.py), in tokens:
# before "منطقة X" where a base noun makes X the base's place ("القاعدة العسكرية في منطقة الشدادي": 3);
BASE_BEFORE_AREA = 4
# from "بين" to the second of the two places it only locates something between ("بين تل تمر وتل بيدر": 3);
BASE_BETWEEN_REACH = 4
# from a verb of landing to the "في" of the base ("حطت طائرتا شحن أميركيتان في قاعدة": 4);
BASE_LANDING_REACH = 6
# from the end of a town's name to the next town of a list ("في قرية هيمو وقرية تل فارس": 2);
BASE_LIST_GAP = 2
# before a verb of arriving where its subject is told ("قوات أمريكية دخلت قاعدة": 2);
BASE_SUBJECT_BEFORE = 3
# between "إلى" and the town of a base known by its town ("إلى القاعدة الأمريكية الجديدة في مدينة": 5).
BASE_PHRASE_REACH = 6

# --- base status, round 2 of issue 13 (area: bases; read by lib/extract/base_sites.py, kinds/bases.py) ---
# Tokens from a base noun to the "في" of its town when the owner is named between them ("قاعدة التحالف
# الدولي لمحاربة داعش في حي غويران": 4); further, the town is usually another clause's.
BASE_OWNER_REACH = 5
# Tokens from a count of bases ("3 نقاط انسحبت منها الولايات المتحدة وهي ...") to the word opening the
# list of its sites (5 here); further on, a list is usually of something else.
BASE_LIST_AFTER_COUNT_REACH = 8
# Tokens back from a status word to a noun of a deadline that makes it a plan ("حُدد نهاية شهر سبتمبر،
# موعداً لإنجاز المرحلة الأولى من الانسحاب": 5), within its clause.
BASE_DEADLINE_REACH = 7
# Tokens back from the X of a cut of bases "من X إلى Y" to its verb ("سيتم تقليص عدد القواعد من ثماني
# قواعد": 4), within its clause.
BASE_CUT_REACH = 6

# --- attack and strike counts, troop figures: round 3 of issue 13 (area: attacks/troops; read by
# lib/extract/counts.py, kinds/attacks.py) ---
# Tokens after a count where a "منذ" opening its period may stand, in its clause ("38 هجوما على القواعد
# منذ 17 أكتوبر": 4); further, the "since" is usually another clause's.
COUNT_SINCE_AFTER = 6
# Tokens after a count's figure where "في العراق" places it in Iraq alone ("27 هجوماً وقع على القوات
# الأمريكية في العراق": 6), up to the end of its clause or the next figure.
COUNT_PLACE_AFTER = 8
# Bulleted lines after a count ending "توزعت على النحو التالي:" read as its parts ("- 13 على قاعدة حقل
# العمر"); lists of where attacks fell run to a dozen lines at most.
COUNT_LIST_LINES = 20

# --- Base-status rules, round 3 (issue 13, bases helper) ---
# Tokens from a base noun back before "منطقة X" when an attack on the base is told between them
# ("تعرض القاعدة الأمريكية لهجوم صاروخي في منطقة الشدادي": 5); a sentence's subject and its
# adverbial of place stay within about that.
BASE_ATTACKED_BEFORE_AREA = 7
# Tokens from a verb of attack back before a count of bases it makes the object of ("هاجم مجاهدونا فجر
# اليوم، بواسطة الطائرات المسيّرة، أربع قواعد": 8); further away the count is told in a clause of its own.
BASE_COUNT_HIT_REACH = 10

# --- attack counts and periods (area: attacks/strikes; read by lib/extract/kinds/attacks.py,
# kinds/strikes.py, attack_restated.py, counts.py, context.py) ---
# lib/extract/kinds/attacks.py (ordinals, "للمرة الثانية", counts launched by US/coalition forces):
# Tokens from an ordinal to the period it counts over ("الهجوم السادس على القواعد ... خلال أسبوع")
ATTACK_PERIOD_REACH = 6
ATTACK_VERB_REACH = 12  # tokens from "استهدفت" (its object, a named base, and a weapon between) to "40 مرة"
ATTACK_TIMES_CLAUSE = 8  # tokens of "التي تتعرض فيها القاعدة لهجوم" after "المرة الخامسة" that may name the attack
ATTACK_TIMES_BACK = 20  # tokens back from "للمرة الثانية" in its clause to the attack it numbers
ATTACK_BASE_AFTER = 3  # tokens from an ordinal to the base it counts the attacks on ("الرابع عشر على قاعدة الشدادي")
ATTACK_LAUNCH_GAP = 2  # tokens from a verb of launching to the group, its subject ("شنت القوات الأمريكية")
ATTACK_LAUNCH_AFTER = 4  # tokens from the group to its verb of launching after it ("القوات الأمريكية قد نفذت")
# Characters of a heading line that holds only an ordinal and its period ("الثاني خلال يومين..")
ATTACK_HEADING_CHARS = 40
ATTACK_ISIS_OPS_BACK = 6  # sentences after an ISIS operations count that may list more of them without naming it
# lib/extract/kinds/strikes.py (the raid a strike count reports) and attack_restated.py:
STRIKE_LEAD_SENTENCES = 2  # sentences of an article's lead, which date the raid it reports
STRIKE_RAID_DAYS = 7  # a raid dated more than this before publication is not the one reported
STRIKE_ACTOR_BACK = 2  # sentences back whose named actor a strike count naming none is taken to be
ATTACK_RESTATED_LEAD_SENTENCES = 2  # sentences of the heading and lead whose period-less counts a later one may restate
# lib/extract/counts.py (breakdowns, lists and places of a count):
COUNT_LOOK_BACK = 2  # sentences a breakdown may follow its total by
COUNT_LIST_BACK = 6  # sentences a breakdown by place may follow its total by
COUNT_THIS_PERIOD_BACK = 3  # sentences back "this period" may point
COUNT_SITE_AFTER = 4  # tokens after a count where the site it hit is named ("هجمتين على قاعدة عين الأسد")
COUNT_LIST_LEAD = 3  # tokens a sentence that lists the parts of the count before it opens with "توزعت" in
COUNT_LIST_INTRO = 8  # tokens from "توزعت" to the colon opening its list ("توزعت الهجمات على المناطق التالية:")
# Tokens after a count's figure where "في"/"حول" and a place outside Syria put the count there ("40
# هجوماً في أفريقيا"، "حول العالم"): the figure's noun, then the preposition and the place.
COUNT_ELSEWHERE_AFTER = 3
# Tokens on each side of a count with no period of its own where "هذه الفترة"/"الفترة هذه" makes it
# take the period of the sentences before (COUNT_THIS_PERIOD_BACK): the phrase sits by the figure.
COUNT_THIS_PERIOD_NEAR = 4
# lib/extract/context.py (the period and source of a count):
CONTEXT_LEAD_SENTENCES = 2  # the sentences of an article's lead, which date the report it tells of
CONTEXT_AUTHOR_GAP = 3  # tokens from an event noun to the group that did it ("بهجوم لخلايا داعش")
CONTEXT_AFTER_REACH = 10  # tokens after a count its period may start at, when a date before it could be its period
# Tokens from "وفق"/"بحسب" to the day its source reported on ("وفق المرصد السوري لحقوق الإنسان
# اليوم")
CONTEXT_SOURCE_REACH = 6
CONTEXT_COMPARED_REACH = 3  # tokens from "بالمقارنة مع"، "لا مثيل له" to the date it compares with
CONTEXT_PAST_EVENT_REACH = 6  # tokens from "هزيمته" to the date of that event ("هزيمته في شهر مارس/آذار من العام 2019")
CONTEXT_HEADING_MAX_TOKENS = 8  # tokens of a section heading line ("العمليات التصعيدية في 2024"); a paragraph is longer
CONTEXT_SINCE_YEAR_REACH = 4  # tokens from "منذ" to the year it starts from ("منذ إعلان هزيمته عام 2019")

# --- troop figures: scope and time (area: troop figures; read by lib/extract/troop_scope.py,
# troop_time.py) ---
# lib/extract/troop_scope.py (whose troops a figure counts, and where):
TROOP_CHANGED_FORCE_REACH = 2  # tokens after a verb of change where its force is named ("خفضت واشنطن قواتها")
TROOP_ANAPHOR_REACH = 3  # tokens from "العدد" to the figure it is ("العدد هو 600"، "الرقم يبلغ نحو 900")
TROOP_MOVER_REACH = 3  # tokens before "N آخرين" where a verb withdrawing or sending troops governs it
TROOP_PLACED_REACH = 4  # tokens before a bare figure where "في سوريا" places it ("في سوريا قرابة 900")
TROOP_STAY_REACH = 5  # tokens after "عدد" to the verb of staying its relative clause has ("عدد القوات التي ستبقى")
TROOP_OWNER_REACH = 3  # tokens after "عدد" within which a US/coalition marker owns the troops ("عدد الجنود الأمريكيين")
# lib/extract/troop_time.py (a figure's time: current, past or planned):
TROOP_DATED_BEFORE_DAYS = 7  # a statement dated more than this before publication tells of then, not now
TROOP_OLD_FIGURE_DAYS = 90  # a level dated more than this before publication is a past one
TROOP_PAST_AFTER_REACH = 4  # tokens after a figure where "كما كان"، "سابقاً" make it a past one
TROOP_INTENT_REACH = 3  # tokens from "سيتم"/"قرر" to the verb of keeping it governs ("سيتم الإبقاء على")
TROOP_REMAINING_REACH = 4  # tokens before a figure where "مع بقاء"، "على أن يبقى" introduce the level left
# Tokens from "أعلن" to the noun of withdrawal it announces ("أعلن مسؤول أمريكي اليوم في مقابلة مع
# قناة العربية انسحاب": 9), in its clause
TROOP_ANNOUNCED_REACH = 10
TROOP_COMPARED_REACH = 3  # tokens from "مقارنة"/"بالمقارنة مع" to the figure it compares with ("مقارنة بـ900")
# Tokens before the figure's clause where "ضعف" may compare it ("أكثر من ضعف العدد المعلن من قبل،")
TROOP_MULTIPLE_REACH = 8
# Tokens between "لسنوات"/"لطالما" and the verb of saying it qualifies ("قالت الولايات المتحدة علناً
# لسنوات")
TROOP_SAID_REACH = 4
TROOP_SEND_REACH = 8  # tokens from "أرسلت"/"عملية نشر" to the figure it sends ("شملت ست مركبات و100 جندي")

# --- dates after "منذ" (area: article dating; read by lib/text/dates.py) ---
DATE_SINCE_EVENT_WORDS = 6  # words of the event between "منذ" and "في <date>" ("منذ سقوط النظام في 8 ...")
DATE_SINCE_NOUN_CHARS = 16  # characters of text before a date looked at for "منذ تاريخ"
DATE_SINCE_EVENT_CHARS = 80  # characters of text before a date looked at for that "منذ"
