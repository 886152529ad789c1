"""Add articles: upload files, paste a text, fetch URLs. Each add is staged as files in the store's
folder and goes through the command line's ingest (lib/ingest/adding.py), with a progress bar and
a report: added (each a link to the reader), already there, refused and why.

Not in the menu in read-only mode (dashboard.py); opened anyway, it says so and stops, and the
functions it calls refuse to write (lib.store.access), whatever a request says.
"""
from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Callable

import pandas as pd
import streamlit as st

import app_support as app
from lib import settings
from lib.dashboard.charts import hover
from lib.dashboard.i18n import is_rtl, t as translate
from lib.ingest import adding, fetch, uploads
from lib.ingest.limits import size_text
from lib.ingest.raw import ReadError
from lib.store.access import is_read_only

lang = app.language()


def t(key: str, **values: object) -> str:
    return translate(key, lang, **values)


st.title(t("page.add"))
if is_read_only():
    st.info(t("add.read_only"), icon=":material/lock:")
    st.stop()
st.caption(t("add.intro"))

Stager = Callable[[Path], list[ReadError]]  # fills a batch folder; returns what it refused


def run_add(stage: Stager) -> None:
    """Stage into a new batch folder, ingest it with a progress bar, keep the report for the page."""
    store = app.store_dir()
    with st.status(t("add.working"), expanded=True) as status:
        folder = adding.new_batch(store)
        refused = stage(folder)
        bar = st.progress(0.0, text=t("add.staging"))

        def progress(done: int, total: int) -> None:
            bar.progress(min(done / total, 1.0) if total else 1.0, text=t("add.progress", done=done, total=total))

        report = adding.ingest_batch(folder, store, refused=refused, progress=progress)
        bar.progress(1.0)
        status.update(label=t("add.finished", added=len(report.added), claims=report.claims), state="complete",
                      expanded=False)
    st.session_state["add_report"] = report


# ---------------------------------------------------------------------- the three ways in
upload_tab, paste_tab, fetch_tab = st.tabs([t("add.tab.upload"), t("add.tab.paste"), t("add.tab.fetch")])

with upload_tab:
    files = st.file_uploader(t("add.upload.label"), type=sorted(s.lstrip(".") for s in uploads.ALLOWED_SUFFIXES),
                             accept_multiple_files=True, key="add_files",
                             max_upload_size=max(1, settings.ADD_MAX_FILE_BYTES // 2**20))
    ltr = hover.ltr if is_rtl(lang) else str  # "64.0 MB" stays in order in Arabic
    st.caption(t("add.upload.limits", files=settings.ADD_MAX_FILES, size=ltr(size_text(settings.ADD_MAX_FILE_BYTES)),
                 total=ltr(size_text(settings.ADD_MAX_TOTAL_BYTES)), zip=ltr(size_text(settings.ZIP_MAX_TOTAL_BYTES))))
    if st.button(t("add.upload.go"), key="add_upload_go", type="primary", disabled=not files,
                 icon=":material/upload_file:"):
        run_add(lambda folder: uploads.stage_uploads([(f.name, f) for f in files or []], folder).refused)


def _guess() -> None:
    """Fill the outlet and date from the pasted text (and URL), unless the analyst changed them."""
    state = st.session_state
    guess = adding.guess_paste(state.get("add_text") or "", state.get("add_url") or "")
    previous = state.get("add_guess")
    for key, value in (("add_outlet", guess.outlet), ("add_date", guess.published)):
        before = getattr(previous, "outlet" if key == "add_outlet" else "published", None) if previous else None
        if not state.get(key) or state.get(key) == before:
            state[key] = value
    state["add_guess"] = guess


with paste_tab:
    st.session_state.setdefault("add_date", None)
    st.text_area(t("add.paste.text"), key="add_text", height=260, max_chars=settings.INGEST_MAX_ARTICLE_CHARS,
                 on_change=_guess)
    left, right = st.columns(2)
    left.text_input(t("add.paste.url"), key="add_url", on_change=_guess)
    right.text_input(t("add.paste.title"), key="add_title")
    left.text_input(t("add.paste.outlet"), key="add_outlet", help=t("add.paste.outlet_help"))
    right.date_input(t("add.paste.date"), key="add_date", format="YYYY-MM-DD", min_value=date(1990, 1, 1),
                     max_value=date(2100, 12, 31), help=t("add.paste.date_help"))
    guess: adding.PasteGuess | None = st.session_state.get("add_guess")
    if guess is not None and (st.session_state.get("add_text") or "").strip():
        detected = t("add.paste.detected", outlet=guess.outlet or t("add.paste.nothing"),
                     date=guess.dateline.isoformat() if guess.dateline else t("add.paste.nothing"))
        # a name read off the text: shown as text (st.caption would render it as markdown)
        st.html(f'<div dir="auto" style="font-size:0.875rem; color:rgba(49,51,63,0.6)">{html.escape(detected)}</div>')
        if guess.date_flags:
            st.warning(t("add.paste.future", date=guess.dateline, flags=", ".join(guess.date_flags),
                         why=t(f"add.paste.why.{guess.date_flags[0]}")), icon=":material/event_busy:")
    if st.button(t("add.paste.go"), key="add_paste_go", type="primary", icon=":material/content_paste:"):
        state = st.session_state
        if not (state.get("add_text") or "").strip():
            st.warning(t("add.paste.empty"))
        else:
            def stage_paste(folder: Path) -> list[ReadError]:
                staged = adding.stage_paste(folder, state["add_text"], outlet=state.get("add_outlet") or "",
                                            published=state.get("add_date"), url=state.get("add_url") or "",
                                            title=state.get("add_title") or "",
                                            dateline=guess.dateline if guess is not None else None)
                return [staged] if isinstance(staged, ReadError) else []

            run_add(stage_paste)


def fetch_all(urls: list[str], folder: Path) -> list[ReadError]:
    """Fetch each URL (within the fetcher's limits) into the batch folder; the refused, by URL."""
    refused = [ReadError(u, t("add.fetch.too_many", n=settings.FETCH_MAX_URLS)) for u in urls[settings.FETCH_MAX_URLS:]]
    urls = urls[:settings.FETCH_MAX_URLS]
    bar = st.progress(0.0)
    for i, url in enumerate(urls):
        # the URL is not in the text: a progress text is rendered as markdown
        bar.progress(i / len(urls), text=t("add.fetch.fetching", done=i + 1, total=len(urls)))
        page = fetch.fetch_page(url)
        if isinstance(page, ReadError):
            refused.append(page)
            continue
        # read here too, so a page with no article (a menu, an index) is refused by its URL, and the
        # analyst sees what each URL gave; the ingest reads the staged page the same way
        article = fetch.read_page(page)
        if isinstance(article, ReadError):
            refused.append(ReadError(url, article.reason))
            continue
        adding.stage_fetched(folder, page)
        outlet = fetch.page_outlet(article)
        st.text(t("add.fetch.got", url=url, title=article.title or t("articles.untitled"),  # plain text
                  outlet=outlet.name_ar or outlet.name_en or outlet.source_id))
    bar.progress(1.0)
    return refused


with fetch_tab:
    st.text_area(t("add.fetch.urls"), key="add_urls", height=140, placeholder="https://…")
    st.caption(t("add.fetch.limits", urls=settings.FETCH_MAX_URLS, size=size_text(settings.FETCH_MAX_BYTES),
                 seconds=f"{settings.FETCH_MAX_SECONDS:g}", redirects=settings.FETCH_MAX_REDIRECTS))
    if st.button(t("add.fetch.go"), key="add_fetch_go", type="primary", icon=":material/travel_explore:"):
        urls = list(dict.fromkeys(u.strip() for u in (st.session_state.get("add_urls") or "").splitlines() if u.strip()))
        if not urls:
            st.warning(t("add.fetch.none"))
        else:
            run_add(lambda folder: fetch_all(urls, folder))


# ---------------------------------------------------------------------- the report
report: adding.AddReport | None = st.session_state.get("add_report")
if report is not None:
    st.subheader(t("add.report.title"))
    if report.added:
        st.success(t("add.report.added", n=len(report.added), claims=report.claims), icon=":material/check_circle:")
        rows = pd.DataFrame({
            "link": [app.article_link(a.article_id) for a in report.added],
            "title": [a.title or t("articles.untitled") for a in report.added],
            "outlet": [a.outlet for a in report.added],
            "published": [a.published.isoformat() if a.published else "—" for a in report.added],
            "origin": [a.published_origin for a in report.added],
            "claims": [a.claims for a in report.added],
            "kinds": [", ".join(f"{k} {n}" for k, n in a.kinds.items()) for a in report.added],
            "flags": [a.flags for a in report.added],
            "path": [a.path for a in report.added],
            "article_id": [a.article_id for a in report.added],
        })
        st.dataframe(rows, hide_index=True, key="add_added", column_config={
            "link": st.column_config.LinkColumn(t("col.reader"), display_text=t("col.open")),
            "title": t("col.title"), "outlet": t("col.outlet"), "published": t("col.published"),
            "origin": t("add.col.origin"), "claims": st.column_config.NumberColumn(t("col.claims")),
            "kinds": t("add.col.kinds"), "flags": t("add.col.flags"), "path": t("add.col.path"), "article_id": None})
        flagged = [a for a in report.added if a.flags]
        if flagged:  # a date in the future or before any plausible one: stored, flagged, said here
            st.warning(t("add.report.flagged", n=len(flagged)), icon=":material/flag:")
    else:
        st.info(t("add.report.none_added"))
    if report.already:
        st.info(t("add.report.already", n=report.already), icon=":material/inventory_2:")
    if report.duplicates:
        st.caption(t("add.report.duplicates", n=report.duplicates))
    if report.compacted:  # why this add took a few seconds longer
        st.caption(t("add.report.compacted", before=sum(c.files_before for c in report.compacted),
                     after=sum(c.files_after for c in report.compacted)))
    if report.refused:
        st.warning(t("add.report.refused", n=len(report.refused)), icon=":material/block:")
        st.dataframe(pd.DataFrame({"what": [e.path for e in report.refused], "why": [e.reason for e in report.refused]}),
                     hide_index=True, key="add_refused",
                     column_config={"what": t("add.col.what"), "why": t("add.col.why")})
