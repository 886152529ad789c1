"""The sidebar (language, filters) and the page's address that holds them.

Streamlit glue like app_support, which re-exports `language`, `sidebar_filters` and
`filter_link_params` for the pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from lib.dashboard.corpus import Corpus
from lib.dashboard.filters import (FILTER_PARAMS, URL_FLAGGED, URL_FROM, URL_KIND, URL_LANG, URL_LEGACY_DATES,
                                   URL_OUTLET, URL_TO, Filters, parse_choices, parse_dates, parse_flag, url_params)
from lib.dashboard.i18n import LANG_NAMES, is_rtl, label, lang_code, t
from lib.store.schema import CLAIM_KINDS

__all__ = ["language", "sidebar_filters", "filter_link_params"]


# ---------------------------------------------------------------------- the page's address
# The filters and the language live in the page's address as codes (lib.dashboard.filters.url_params),
# written by this module after every run rather than by Streamlit's widget binding, whose values
# are the widgets' labels (a kind named in Arabic in a link opened in English is lost) and which
# dropped a shared link's filters on the first page change. The rule: a parameter in the address
# that differs from what the session holds wins (a link opened, the back button, a chart's link to
# the reader), except in the run right after the user changed a widget; a parameter missing from
# the address (a page change drops them) is written back from the session.
_CHANGED = "_ux_widget_changed"  # set by the widgets' callbacks: this run, the session wins


def _widget_changed() -> None:
    st.session_state[_CHANGED] = True


def _url_decides() -> bool:
    """Whether this run adopts the address's parameters (not right after a widget change)."""
    return not st.session_state.pop(_CHANGED, False)


_KEPT = "_ux_kept"  # each sidebar widget's last value, kept apart from the widgets' own state


def _start(key: str, url_value: object, url_decides: bool, default: object) -> object:
    """Before a widget is drawn: its starting value (what to pass as its default), having made the
    session adopt the address's value when that differs from the session's.

    The widget's own state survives a page change only once the user has touched it (Streamlit
    drops a keyed widget's untouched value on the first page change), so the last value is also
    kept under _KEPT and given back as the widget's default."""
    kept = st.session_state.setdefault(_KEPT, {})
    if key in st.session_state:
        if url_decides and url_value is not None and st.session_state[key] != url_value:
            st.session_state[key] = url_value
        return st.session_state[key]
    if url_decides and url_value is not None:
        return url_value
    return kept.get(key, default)


def _keep(key: str, value: object) -> None:
    st.session_state.setdefault(_KEPT, {})[key] = value


def _write_url(params: dict[str, list[str]]) -> None:
    """Make the address hold `params` (an empty list removes a parameter); only what differs is written."""
    qp = st.query_params
    for name, values in params.items():
        if not values:
            if name in qp:
                del qp[name]
        elif qp.get_all(name) != values:
            qp[name] = values if len(values) > 1 else values[0]


def filter_link_params() -> dict[str, list[str]]:
    """The filter and language parameters of the current address, for a link that keeps them."""
    qp = st.query_params
    return {name: qp.get_all(name) for name in (*FILTER_PARAMS, URL_LANG) if qp.get_all(name)}


# ---------------------------------------------------------------------- sidebar
_SEEN = "_ux_session_ran"  # set by a session's first run


def _through_the_entry() -> None:
    """Rerun a session's first page if Streamlit ran it without `dashboard.py`.

    Because the pages live in a folder named `pages/`, Streamlit starts every process in its
    emulation of the old folder-based apps, and until some run has called `st.navigation` it runs
    a page opened by its address (/attacks?...) on its own: the menu lists file names, /overview is
    a file, and `dashboard.py`'s pages and titles are skipped. The first such run turns the
    emulation off and, if it is its session's first run (nothing clicked yet that a rerun would
    lose), reruns, which goes through `dashboard.py` with the same address. (Renaming the folder
    would make this unnecessary.)"""
    from streamlit.runtime.pages_manager import PagesManager

    first_run = not st.session_state.get(_SEEN, False)
    st.session_state[_SEEN] = True
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        if first_run:
            st.rerun()


def language() -> str:
    """The language switch; its code is in the address as lang=ar / lang=en (the languages' own
    names, as older links carry them, are read too). Lays the page out right-to-left in Arabic."""
    _through_the_entry()
    start = _start("lang", lang_code(st.query_params.get(URL_LANG)), _url_decides_lang(), "en")
    lang = st.sidebar.segmented_control(t("filters.language", "en"), options=list(LANG_NAMES),
                                        format_func=LANG_NAMES.get, default=start, required=True,
                                        key="lang", on_change=_lang_changed, persist_state="session") or "en"
    _keep("lang", lang)
    # lang= stays in the address once there, and is written as soon as the language is not English.
    if URL_LANG in st.query_params or lang != "en":
        _write_url({URL_LANG: [lang]})
    if is_rtl(lang):
        st.html(_RTL_CSS)
    return lang


_LANG_CHANGED = "_ux_lang_changed"


def _lang_changed() -> None:
    st.session_state[_LANG_CHANGED] = True


def _url_decides_lang() -> bool:
    return not st.session_state.pop(_LANG_CHANGED, False)


_RTL_CSS = """<style>
[data-testid="stMain"], [data-testid="stSidebar"], [data-testid="stSidebarNav"] { direction: rtl; }
/* The sidebar on the right, as right-to-left pages put it: the app's row of sidebar + main reversed. */
[data-testid="stAppViewContainer"] { flex-direction: row-reverse; }
[data-testid="stSidebar"] { border-left: 1px solid rgba(49, 51, 63, 0.1); border-right: none; }
[data-testid="stMain"] p, [data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3,
[data-testid="stMain"] li, [data-testid="stSidebar"] label, [data-testid="stSidebar"] p,
[data-testid="stCaptionContainer"], [data-testid="stMetric"] { text-align: right; }
/* Charts and tables keep their own geometry: axes and columns are not mirrored. */
[data-testid="stPlotlyChart"], .stPlotlyChart, [data-testid="stDataFrame"] { direction: ltr; }
/* Dates are typed and read as ISO (2025-05-27), left to right. */
[data-testid="stDateInput"] > div, [data-testid="stDateInput"] input,
[data-testid="stSlider"] [data-testid="stSliderThumbValue"] { direction: ltr; unicode-bidi: isolate; }
</style>"""


@dataclass(frozen=True)
class _Choices:
    """What the sidebar offers for one corpus and language (computed once per store version)."""

    outlet_labels: dict[str, str]
    outlet_aliases: dict[str, tuple[str, ...]]
    kinds: list[str]
    kind_aliases: dict[str, tuple[str, ...]]
    first: date
    last: date


@st.cache_resource(max_entries=4, show_spinner=False)
def _choices(version: str, lang: str, _corpus: Corpus) -> _Choices:
    outlets = _corpus.outlets
    labels = {r.source_id: _outlet_label(r.name_ar, r.name_en, r.source_id) for r in outlets.itertuples()}
    aliases = {r.source_id: tuple(x for x in (r.name_ar, r.name_en, labels[r.source_id]) if isinstance(x, str))
               for r in outlets.itertuples()}
    kinds = _kinds(_corpus)
    kind_aliases = {k: tuple(label("kind", k, lg) for lg in LANG_NAMES) for k in kinds}
    first, last = _date_bounds(_corpus)
    return _Choices(labels, aliases, kinds, kind_aliases, first, last)


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
    """Outlets, publication dates, claim kinds and the implausible figures' switch, kept in the address."""
    sb = st.sidebar
    c = _choices(corpus.version, lang, corpus)
    first, last, kinds = c.first, c.last, c.kinds
    qp = st.query_params
    decides = _url_decides()
    url_outlets = parse_choices(qp.get_all(URL_OUTLET), c.outlet_aliases)
    url_dates = parse_dates(qp.get(URL_FROM), qp.get(URL_TO), qp.get_all(URL_LEGACY_DATES), first, last)
    url_kinds = parse_choices(qp.get_all(URL_KIND), c.kind_aliases)
    url_flagged = parse_flag(qp.get(URL_FLAGGED))
    initial = {key: _start(key, value, decides, default) for key, value, default in (
        ("outlet", url_outlets, []), ("dates", url_dates, (first, last)), ("kind", url_kinds, kinds),
        ("flagged", url_flagged, False))}
    # A kept value from an older revision of the store may name what is gone (an outlet, a day).
    initial["outlet"] = [o for o in initial["outlet"] or () if o in c.outlet_labels]
    initial["kind"] = [k for k in initial["kind"] or () if k in kinds]
    if not (isinstance(initial["dates"], (tuple, list)) and all(first <= d <= last for d in initial["dates"])):
        initial["dates"] = (first, last)

    def reset() -> None:
        st.session_state["outlet"] = []
        st.session_state["dates"] = (first, last)
        st.session_state["kind"] = kinds
        st.session_state["flagged"] = False
        _widget_changed()

    sb.header(t("filters.title", lang))
    chosen = sb.multiselect(t("filters.outlets", lang), options=list(c.outlet_labels), format_func=c.outlet_labels.get,
                            default=initial["outlet"], key="outlet", placeholder=t("filters.all_outlets", lang),
                            on_change=_widget_changed, persist_state="session")
    dates = sb.date_input(t("filters.dates", lang), value=initial["dates"], min_value=first, max_value=last,
                          key="dates", format="YYYY-MM-DD", on_change=_widget_changed, persist_state="session")
    kind_sel = sb.pills(t("filters.kinds", lang), options=kinds, selection_mode="multi", default=initial["kind"],
                        format_func=lambda k: label("kind", k, lang), key="kind", on_change=_widget_changed,
                        persist_state="session")
    include_flagged = sb.toggle(t("filters.include_flagged", lang), value=bool(initial["flagged"]), key="flagged",
                                help=t("filters.include_flagged_help", lang), on_change=_widget_changed,
                                persist_state="session")
    sb.button(t("filters.reset", lang), on_click=reset, icon=":material/restart_alt:")

    for key, value in (("outlet", chosen), ("dates", dates), ("kind", kind_sel), ("flagged", include_flagged)):
        _keep(key, value)
    start = end = None
    if isinstance(dates, (tuple, list)):
        start = dates[0] if len(dates) > 0 else None
        end = dates[1] if len(dates) > 1 else None
    elif isinstance(dates, date):
        start = dates
    span = (start or first, end or last)
    _write_url(url_params(chosen or (), span, kind_sel, bool(include_flagged), first, last, kinds))
    # The full span is "no date filter": articles without a date stay in.
    if start == first and end == last:
        start = end = None
    kinds_f = None if set(kind_sel or []) >= set(kinds) else tuple(kind_sel or ())
    filters = Filters(outlets=tuple(chosen or ()), start=start, end=end, kinds=kinds_f,
                      include_flagged=bool(include_flagged))
    return filters


def _outlet_label(name_ar: str | None, name_en: str | None, sid: str) -> str:
    """Arabic name with the English beside it; the slug when a name is missing."""
    parts = [p for p in (name_ar, name_en) if isinstance(p, str) and p]
    return " · ".join(parts) if parts else sid
