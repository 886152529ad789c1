"""Streamlit glue shared by `dashboard.py` and the pages: loading, sidebar, chart blocks.

Kept out of `lib/` because it imports streamlit; everything it calls is in `lib/`.

Data folders come from the environment so tests and deployments can point
the app elsewhere: SYRIA_DASH_STORE (the store, default data/store) and
SYRIA_DASH_ARTICLES (the articles it is built from, default data/articles).
"""
from __future__ import annotations

import os

# Arrow's C++ code allocates from the pool chosen when pyarrow is first imported (pandas imports it
# just below). The default, mimalloc, keeps what the store reads freed (the load's batches, each
# rerun's text columns: ~100 MB after a few pages at a million claims); the system allocator gives
# it back when `lib.store.delta.release_memory()` is called, which the loading and the reads do.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

import dataclasses
import gc
import html
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import pandas as pd
import streamlit as st

from lib.dashboard import views
from lib.dashboard.corpus import Corpus, open_corpus
from app_sidebar import filter_link_params, language, sidebar_filters  # noqa: F401 (pages call app.language)
from lib.dashboard.filters import Filters, flagged_hidden
from lib.dashboard.highlight import evidence_html
from lib.dashboard.reader import md_literal
from lib.dashboard.i18n import counted, date_span, is_rtl, label, t  # noqa: F401 (pages call app.label)
from lib.store.delta import ARTICLES, latest_version, release_memory, store_version

ROOT = Path(__file__).resolve().parent
STORE_ENV, ARTICLES_ENV = "SYRIA_DASH_STORE", "SYRIA_DASH_ARTICLES"
_ingest_lock = threading.Lock()  # two sessions starting at once must not both ingest the folder
_ingested: dict[tuple[str, str], float] = {}  # (store, folder) -> the folder's newest file when last ingested


def store_dir() -> Path:
    return Path(os.environ.get(STORE_ENV) or ROOT / "data" / "store")


def articles_dir() -> Path:
    return Path(os.environ.get(ARTICLES_ENV) or ROOT / "data" / "articles")


@dataclass
class Context:
    corpus: Corpus
    filters: Filters
    lang: str
    colors: dict[str, str]  # source_id -> colour, one palette for every chart and page (views.outlet_palette)
    names: dict[str, str]  # source_id -> the outlet's name in the UI language

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def ltr(self, text: str) -> str:
        """Left-to-right text (a path, a URL) kept in order inside an Arabic sentence."""
        return f"\u2066{text}\u2069" if is_rtl(self.lang) else text

    def date(self, value) -> str:
        """An ISO date that stays in order inside Arabic text (isolated left-to-right)."""
        if value is None or pd.isna(value):
            return "—"
        text = pd.Timestamp(value).strftime("%Y-%m-%d")
        return f"\u2066{text}\u2069" if is_rtl(self.lang) else text

    def span(self, start, end) -> str:
        """Two dates as a span in words ("2025-01-01 to 2025-04-30", "من … إلى …"), never an arrow,
        which points the wrong way in right-to-left text."""
        return date_span(self.date(start), self.date(end), self.lang)

    def counted(self, n: float | None, noun: str) -> str:
        """`n` with a noun in the form that number takes ("1 base", "3 قواعد"): `i18n.counted`."""
        return counted(n, noun, self.lang)


# ---------------------------------------------------------------------- loading
def _newest_input(folder: Path) -> float | None:
    newest = None
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            if f.startswith("."):
                continue
            m = os.stat(os.path.join(dirpath, f)).st_mtime
            newest = m if newest is None or m > newest else newest
    return newest


@st.cache_data(ttl=5, show_spinner=False)
def _input_mtime(folder: str) -> float | None:
    # Walking a folder of thousands of articles on every rerun would cost more
    # than the rerun itself; a few seconds of staleness is fine.
    return _newest_input(Path(folder))


def _has_store(store: Path) -> bool:
    """Whether `store` holds a store: its articles table has a version. A directory listing, not
    `lib.store.delta.is_store` (which starts Delta Lake's runtime), as it runs on every rerun."""
    return latest_version(store / ARTICLES) >= 0


def _store_mtime(store: Path) -> float | None:
    """When the store last took a revision (its articles log folder changes with every commit)."""
    try:
        return os.stat(store / ARTICLES / "_delta_log").st_mtime if _has_store(store) else None
    except OSError:
        return None


def _needs_ingest(store: Path, folder: Path, newest: float | None) -> bool:
    """The store is missing, or older than the folder's newest file, and this process has not
    ingested the folder as it is now (an ingest that finds nothing new commits nothing, so the
    store stays older than the files it holds)."""
    if newest is None:
        return False
    if _ingested.get((str(store), str(folder)), -1.0) >= newest:
        return False
    mtime = _store_mtime(store)
    return mtime is None or newest > mtime


def ensure_store(lang: str) -> str | None:
    """Ingest the articles folder into the store when the store is missing or older than it
    (incremental: only articles not yet stored are added), showing progress; return the
    store's version, or None when there is no store."""
    store, folder = store_dir(), articles_dir()
    newest = _input_mtime(str(folder)) if folder.exists() else None
    if _needs_ingest(store, folder, newest):
        with _ingest_lock:
            if _needs_ingest(store, folder, newest):  # another session may have just done it
                _ingest(store, folder, lang)
                _ingested[(str(store), str(folder))] = newest
    return store_version(store) if _has_store(store) else None


def _ingest(store: Path, folder: Path, lang: str) -> None:
    from lib.ingest.streaming import ingest

    with st.status(t("load.building", lang, folder=str(folder)), expanded=True) as status:
        bar = st.progress(0.0)

        def progress(done: int, total: int) -> None:
            bar.progress(min(done / total, 1.0) if total else 1.0, text=t("load.progress", lang, done=done, total=total))

        report = ingest([folder], store, progress=progress)
        if report.errors:
            st.warning(t("load.skipped", lang, n=len(report.errors)))
            for err in report.errors[:20]:
                text(f"{err.path}: {err.reason}", caption=True)
        status.update(label=t("load.built", lang, articles=report.added, claims=report.claims),
                      state="complete", expanded=False)
    _input_mtime.clear()


# st.cache_resource, not st.cache_data: cache_data would hand every rerun its
# own unpickled copy of the corpus (~50 MB at a million claims),
# which breaks both the memory and the time budget. The corpus is never
# mutated by pages. The key includes the store's version, which changes with
# every commit, so an ingest (by the app or by `python -m lib.ingest` beside it)
# is loaded on the next rerun of any page; one entry means the old corpus goes
# when the new one comes.
@st.cache_resource(max_entries=1, show_spinner=False)
def _load(store: str, version: str) -> Corpus:
    corpus = open_corpus(store)
    # Everything alive now (modules, the corpus) lives as long as the process: move it out of
    # the garbage collector's way, so the collections that building figures triggers stay short.
    gc.collect()
    gc.freeze()
    return corpus


def load_corpus(lang: str) -> Corpus | None:
    version = ensure_store(lang)
    if version is None:
        return None
    with st.spinner(t("load.loading", lang)):
        return _load(str(store_dir()), version)


def setup() -> Context:
    """Language, data and sidebar filters for this run; every page calls it first.

    Each page draws the sidebar itself rather than `dashboard.py` drawing it once:
    Streamlit runs a file in `pages/` on its own (without the entry script) in
    some cases - the first run after the server starts, and AppTest - so a page
    must not depend on the entry script having run. The filters carry over from
    page to page in the session, and live in the address (see "the page's address").
    Stops the page with a message when there is no data to show.
    """
    release_memory()  # what the previous run freed (its store reads, its figures)
    lang = language()
    corpus = load_corpus(lang)
    if corpus is None:
        st.title(t("app.title", lang))
        st.info(md_literal(t("load.no_data", lang, tables=str(store_dir()), articles=str(articles_dir()))))
        st.stop()
    filters = sidebar_filters(corpus, lang)
    hidden = _run_view_flagged(corpus, filters)
    if hidden:  # said whether they are hidden or shown: the switch alone does not tell how many
        st.sidebar.caption(t("filters.flagged_shown" if filters.include_flagged else "filters.flagged_hidden", lang,
                             figures=counted(hidden, "figure", lang)))
    st.sidebar.caption(t("filters.link_hint", lang))
    colors, names = _outlet_styles(corpus.version, lang, corpus)
    return Context(corpus, filters, lang, colors, names)


@st.cache_resource(max_entries=4, show_spinner=False)
def _outlet_styles(version: str, lang: str, _corpus: Corpus) -> tuple[dict[str, str], dict[str, str]]:
    """Each outlet's colour (`views.outlet_palette`: one palette for every chart and page, whatever
    the filters) and display name: per store version and language, not per rerun."""
    return views.outlet_palette(_corpus), _corpus.outlet_names(lang)


# ---------------------------------------------------------------------- caching per filter
_corpora: dict[str, Corpus] = {}
_views: dict[str, Callable] = {}


# A few dozen filter states: each entry holds a page's rows with their evidence (~0.5 MB).
@st.cache_data(max_entries=24, show_spinner=False)
def _run_view(name: str, version: str, key: tuple, args: tuple):
    return _views[name](_corpora[version], Filters.from_key(key), *args)


def view(ctx: Context, fn: Callable, *args, unfiltered: bool = False):
    """`fn(corpus, filters, *args)` (a `lib.dashboard.views` function), cached by data version, filters and args.

    The corpus itself is not hashed (a million rows); its version string is,
    so a new revision of the store misses the cache, and a filter seen before hits it.
    `unfiltered=True` ignores the sidebar (e.g. for a widget's range, which
    must not jump when a filter changes).
    """
    return _cached(ctx.corpus, fn, Filters() if unfiltered else ctx.filters, *args)


def _cached(corpus: Corpus, fn: Callable, filters: Filters, *args):
    name = f"{fn.__module__}.{fn.__qualname__}"
    _views[name] = fn
    if corpus.version not in _corpora:
        _corpora.clear()  # one corpus at a time: an old one is garbage once the store has a new revision
        _corpora[corpus.version] = corpus
    return _run_view(name, corpus.version, filters.key(), tuple(args))


def _hidden_flagged(corpus: Corpus, f: Filters) -> int:
    return flagged_hidden(corpus.claims, f)


def _run_view_flagged(corpus: Corpus, f: Filters) -> int:
    """How many flagged claims the filters would show if flagged ones were included (cached)."""
    return _cached(corpus, _hidden_flagged, dataclasses.replace(f, include_flagged=False))


# ---------------------------------------------------------------------- rendering
def empty(ctx: Context, what: str | None = None) -> None:
    """The plain message for nothing to show: the filters left nothing (`what` says of what, as text).
    (The Articles page says itself when its search, not the filters, found nothing.)"""
    st.info(ctx.t("empty.nothing") + (f" ({md_literal(what)})" if what else ""), icon=":material/filter_alt_off:")


def text(value: object, caption: bool = False) -> None:
    """A string from an article (title, outlet, URL, file name ...) shown as text, never as markdown
    or HTML; `caption=True` in the small grey style of st.caption."""
    if value is None or (isinstance(value, float) and value != value):
        return
    style = "font-size:0.875rem; color:rgba(49,51,63,0.6)" if caption else ""
    st.html(f'<div dir="auto" style="{style}">{html.escape(str(value), quote=False)}</div>')


def evidence(text: object, small: bool = True) -> None:
    """An evidence sentence, escaped, laid out right-to-left whatever the UI language, a long run
    with no space wrapped inside its column (the reader's `highlight.evidence_html`)."""
    if not isinstance(text, str) or not text:
        return
    st.html(evidence_html(text, small=small))


def note_dropped(ctx: Context, info: dict) -> None:
    """Say how many stories a chart leaves out (it draws the most carried and newest)."""
    if info.get("dropped"):
        st.caption(ctx.t("note.dropped", shown=info["stories"] - info["dropped"], total=info["stories"]))


def story_rows(ctx: Context, fn: Callable, none_key: str) -> tuple[pd.DataFrame | None, dict]:
    """A story view's rows (`fn(corpus, filters, lang)`, cached by `view`) and its info.

    The rows are None when the filters leave nothing, after the plain message
    `none_key` says; otherwise the note on stories left out is shown first.
    """
    rows, info = view(ctx, fn, ctx.lang)
    return shown_stories(ctx, rows, info, none_key), info


def shown_stories(ctx: Context, rows: pd.DataFrame, info: dict, none_key: str) -> pd.DataFrame | None:
    """A story view's rows, or None after the plain message `none_key` when there are none;
    the note on stories left out comes first."""
    if rows.empty:
        empty(ctx, ctx.t(none_key))
        return None
    note_dropped(ctx, info)
    return rows


def article_link(article_id: str, claim_id: str | None = None) -> str:
    """A link to the reader on the Articles page (at a claim, if given), for tables' link columns."""
    return f"articles?article={quote(str(article_id))}" + (f"&claim={quote(str(claim_id))}" if claim_id else "")


# Charts and their downloads live in app_charts (re-exported here: pages call app.chart, app.csv_download).
from app_charts import chart, clicked_claim, csv_download, downloads, open_reader  # noqa: E402,F401
