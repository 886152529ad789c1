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

import gc
import html
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib.dashboard import charts
from lib.dashboard import exports
from lib.dashboard.corpus import Corpus, open_corpus
from lib.dashboard.filters import Filters
from lib.dashboard.i18n import LANG_NAMES, is_rtl, label, t
from lib.store.delta import ARTICLES, latest_version, release_memory, store_version
from lib.store.schema import CLAIM_KINDS

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
    colors: dict[str, str]
    names: dict[str, str]

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
                st.caption(f"{err.path}: {err.reason}")
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


# ---------------------------------------------------------------------- sidebar
def language() -> str:
    """The language switch (bound to ?lang=); also lays the page out right-to-left in Arabic."""
    lang = st.sidebar.segmented_control("Language · اللغة", options=list(LANG_NAMES), format_func=LANG_NAMES.get,
                                        default="en", required=True, key="lang", bind="query-params")
    lang = lang or "en"
    if is_rtl(lang):
        st.html(_RTL_CSS)
    return lang


_RTL_CSS = """<style>
[data-testid="stMain"], [data-testid="stSidebar"], [data-testid="stSidebarNav"] { direction: rtl; }
[data-testid="stMain"] p, [data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3,
[data-testid="stMain"] li, [data-testid="stSidebar"] label, [data-testid="stSidebar"] p,
[data-testid="stCaptionContainer"], [data-testid="stMetric"] { text-align: right; }
/* Charts and tables keep their own geometry: axes and columns are not mirrored. */
[data-testid="stPlotlyChart"], .stPlotlyChart, [data-testid="stDataFrame"] { direction: ltr; }
/* Dates are typed and read as ISO (2025-05-27), left to right. */
[data-testid="stDateInput"] > div, [data-testid="stDateInput"] input,
[data-testid="stSlider"] [data-testid="stSliderThumbValue"] { direction: ltr; unicode-bidi: isolate; }
</style>"""


def _kinds(corpus: Corpus) -> list[str]:
    present = [str(k) for k in corpus.claims["kind"].cat.categories] if len(corpus.claims) else []
    return list(CLAIM_KINDS) + sorted(k for k in present if k not in CLAIM_KINDS)


def _date_bounds(corpus: Corpus) -> tuple[date, date]:
    pub = corpus.articles["published"].dropna()
    if pub.empty:
        today = date.today()
        return today, today
    return pub.min().date(), pub.max().date()


def sidebar_filters(corpus: Corpus, lang: str) -> Filters:
    """Outlets, publication dates and claim kinds, each bound to a URL query parameter."""
    sb = st.sidebar
    outlets = corpus.outlets
    label_of = {r.source_id: _outlet_label(r.name_ar, r.name_en, r.source_id) for r in outlets.itertuples()}
    first, last = _date_bounds(corpus)
    kinds = _kinds(corpus)

    def reset() -> None:
        st.session_state["outlet"] = []
        st.session_state["dates"] = (first, last)
        st.session_state["kind"] = kinds

    sb.header(t("filters.title", lang))
    chosen = sb.multiselect(t("filters.outlets", lang), options=list(label_of), format_func=label_of.get,
                            key="outlet", bind="query-params", placeholder=t("filters.all_outlets", lang))
    dates = sb.date_input(t("filters.dates", lang), value=(first, last), min_value=first, max_value=last,
                          key="dates", bind="query-params", format="YYYY-MM-DD")
    kind_sel = sb.pills(t("filters.kinds", lang), options=kinds, selection_mode="multi", default=kinds,
                        format_func=lambda k: label("kind", k, lang), key="kind", bind="query-params")
    sb.button(t("filters.reset", lang), on_click=reset, icon=":material/restart_alt:")
    sb.caption(t("filters.link_hint", lang))

    start = end = None
    if isinstance(dates, (tuple, list)):
        start = dates[0] if len(dates) > 0 else None
        end = dates[1] if len(dates) > 1 else None
    elif isinstance(dates, date):
        start = dates
    # The full span is "no date filter": articles without a date stay in.
    if start == first and end == last:
        start = end = None
    kinds_f = None if set(kind_sel or []) >= set(kinds) else tuple(kind_sel or ())
    return Filters(outlets=tuple(chosen or ()), start=start, end=end, kinds=kinds_f)


def _outlet_label(name_ar: str | None, name_en: str | None, sid: str) -> str:
    """Arabic name with the English beside it; the slug when a name is missing."""
    parts = [p for p in (name_ar, name_en) if isinstance(p, str) and p]
    return " · ".join(parts) if parts else sid


def setup() -> Context:
    """Language, data and sidebar filters for this run; every page calls it first.

    Each page draws the sidebar itself rather than `dashboard.py` drawing it once:
    Streamlit runs a file in `pages/` on its own (without the entry script) in
    some cases - the first run after the server starts, and AppTest - so a page
    must not depend on the entry script having run. The filters still carry
    over from page to page: they live in the URL (`bind="query-params"`).
    Stops the page with a message when there is no data to show.
    """
    release_memory()  # what the previous run freed (its store reads, its figures)
    lang = language()
    corpus = load_corpus(lang)
    if corpus is None:
        st.title(t("app.title", lang))
        st.info(t("load.no_data", lang, tables=str(store_dir()), articles=str(articles_dir())))
        st.stop()
    filters = sidebar_filters(corpus, lang)
    return Context(corpus, filters, lang, charts.outlet_colors(list(corpus.outlets["source_id"])),
                   corpus.outlet_names(lang))


# ---------------------------------------------------------------------- caching per filter
_corpora: dict[str, Corpus] = {}
_views: dict[str, Callable] = {}


# A few dozen filter states: each entry holds a page's rows with their evidence (~0.5 MB).
@st.cache_data(max_entries=24, show_spinner=False)
def _run_view(name: str, version: str, key: tuple, args: tuple):
    outlets, start, end, kinds = key
    return _views[name](_corpora[version], Filters(tuple(outlets), start, end, kinds), *args)


def view(ctx: Context, fn: Callable, *args, unfiltered: bool = False):
    """`fn(corpus, filters, *args)` (a `lib.dashboard.views` function), cached by data version, filters and args.

    The corpus itself is not hashed (a million rows); its version string is,
    so a new revision of the store misses the cache, and a filter seen before hits it.
    `unfiltered=True` ignores the sidebar (e.g. for a widget's range, which
    must not jump when a filter changes).
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    _views[name] = fn
    if ctx.corpus.version not in _corpora:
        _corpora.clear()  # one corpus at a time: an old one is garbage once the store has a new revision
        _corpora[ctx.corpus.version] = ctx.corpus
    return _run_view(name, ctx.corpus.version, (Filters() if unfiltered else ctx.filters).key(), tuple(args))


# ---------------------------------------------------------------------- rendering
def empty(ctx: Context, what: str | None = None) -> None:
    """The plain message for a filter that leaves nothing."""
    st.info(ctx.t("empty.nothing") + (f" ({what})" if what else ""), icon=":material/filter_alt_off:")


def evidence(text: object, small: bool = True) -> None:
    """An evidence sentence, escaped, laid out right-to-left whatever the UI language."""
    if not isinstance(text, str) or not text:
        return
    size = "0.9rem" if small else "1rem"
    st.html(f'<div dir="rtl" lang="ar" style="text-align:right; color:#555; font-size:{size}; line-height:1.7">'
            f'«{html.escape(text)}»</div>')


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


def chart(ctx: Context, fig: go.Figure, rows: pd.DataFrame, name: str, key: str) -> None:
    """A chart with its four downloads (PNG, SVG, HTML, CSV) below it.

    The files are produced only when a button is clicked (deferred callables),
    and the buttons do not rerun the app (`on_click="ignore"`).
    """
    st.plotly_chart(fig, key=f"chart-{key}", theme=None,
                    config={"displaylogo": False, "toImageButtonOptions": {"filename": name, "scale": 2}})
    downloads(ctx, fig, rows, name, key)


def downloads(ctx: Context, fig: go.Figure, rows: pd.DataFrame, name: str, key: str) -> None:
    chromium = exports.find_chromium()
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(fmt.upper(), data=_image_maker(fig, fmt), file_name=f"{name}.{fmt}", mime=mime,
                               key=f"dl-{key}-{fmt}", on_click="ignore", disabled=chromium is None,
                               icon=":material/image:", help=ctx.t("dl.image_help"))
        st.download_button("HTML", data=lambda: exports.to_html(fig, title=name), file_name=f"{name}.html",
                           mime="text/html", key=f"dl-{key}-html", on_click="ignore", icon=":material/code:",
                           help=ctx.t("dl.html_help"))
        csv_download(ctx, rows, name, key)
        if chromium is None:
            st.caption(ctx.t("dl.no_chromium"))


def csv_download(ctx: Context, rows: pd.DataFrame, name: str, key: str) -> None:
    """The CSV download for a table."""
    csv_rows = _csv_frame(rows)
    corpus = ctx.corpus
    # Titles and URLs are read from the store only when the file is asked for.
    st.download_button("CSV", data=lambda: exports.to_csv(corpus.with_titles(csv_rows)), file_name=f"{name}.csv",
                       mime="text/csv",
                       key=f"dl-{key}-csv", on_click="ignore", icon=":material/table:",
                       help=ctx.t("dl.csv_help", n=len(csv_rows)))


def _image_maker(fig: go.Figure, fmt: str) -> Callable[[], bytes]:
    def make() -> bytes:
        result = exports.image(fig, fmt)  # type: ignore[arg-type]
        if not result.ok:
            raise RuntimeError(result.error)
        return result.data  # type: ignore[return-value]
    return make


_INTERNAL = {"story", "article_row", "_style"}


def _csv_frame(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.drop(columns=[c for c in rows.columns if c in _INTERNAL], errors="ignore")
    return out.reset_index(names="row") if out.index.name is None and len(out) else out


_TILE_PROBE_JS = """
export default function(component) {
  const { data, setStateValue } = component;
  const img = new Image();
  // Only success is reported: offline, nothing changes and no rerun happens.
  img.onload = () => setStateValue('online', true);
  img.src = data;
}
"""
_tile_probe = st.components.v2.component("syria_dash_tile_probe", js=_TILE_PROBE_JS)


def browser_reaches_tiles() -> bool:
    """Whether the user's browser can load basemap tiles (asked of the browser, not the server).

    A map whose tile layer fails to load is left half-drawn by plotly, so the
    basemap is added only once the browser has shown it can fetch a tile.
    """
    result = _tile_probe(data=charts.PROBE_TILE_URL, key="tile_probe", on_online_change=lambda: None)
    return bool(getattr(result, "online", False))


def article_link(article_id: str) -> str:
    """A link to the reader on the Articles page, for tables' link columns."""
    return f"articles?article={article_id}"
