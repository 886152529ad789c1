"""Corrections: every correction analysts made in the reader, newest first, with undo.

A table (one row per correction: when, the article with a link to it in the reader, what
changed, the note, whether it is in effect) with an Undo button on each correction in
effect (none in read-only mode: `lib.store.corrections.undo` refuses there anyway), and how
to export the corrections as a gold file. Article titles, outlets, notes and values are
shown escaped (`lib.dashboard.highlight`), never as Markdown.
"""
from __future__ import annotations

import json
import math

import pandas as pd
import streamlit as st

import app_support as app
from lib import settings
from lib.dashboard import reader as rd
from lib.dashboard.charts import figure_text
from lib.dashboard.highlight import line_html, title_html
from lib.store import corrections as fixes
from lib.store.access import ReadOnlyError, is_read_only
from lib.store.gold_export import corrections_gold

TOAST = "corrections.toast"  # session keys: the last undo's toast, or why it was refused
ERROR = "corrections.error"

ctx = app.setup()
st.title(ctx.t("page.corrections"))
if TOAST in st.session_state:
    st.toast(st.session_state.pop(TOAST), icon=":material/undo:")
st.caption(ctx.t("corr.intro"))
writable = not is_read_only()
store = app.store_dir()

with st.expander(ctx.t("corr.gold"), icon=":material/fact_check:"):
    st.caption(ctx.t("corr.gold_hint"))
    st.code(f"python -m lib.store corrections {store} --gold OUT.json\n"
            f"python -m lib.evaluate OUT.json {store}", language="bash")
    st.download_button(ctx.t("corr.gold_download"), file_name="corrections_gold.json", mime="application/json",
                       data=lambda: json.dumps(corrections_gold(store), ensure_ascii=False, indent=1).encode("utf-8"),
                       on_click="ignore", icon=":material/download:", key="gold-download")

table = fixes.list_corrections(store)
if table.empty:
    st.info(ctx.t("corr.none"), icon=":material/rule:")
    st.stop()

table["status"] = [rd.correction_status(u, a) for u, a in zip(table["undone"], table["attached"])]
table["action"] = [rd.correction_action(*v) for v in zip(table["target"], table["field"], table["old"], table["new"])]
show = st.segmented_control(ctx.t("corr.show"), ["all", "effective", "undone"], default="all", key="corr-show",
                            format_func=lambda v: ctx.t(f"corr.show.{v}")) or "all"
shown = table if show == "all" else table[table["status"] == show] if show == "undone" else \
    table[table["status"] != "undone"]
per_page = settings.CORRECTIONS_PER_PAGE
pages = max(1, math.ceil(len(shown) / per_page))
page = 1
if pages > 1:
    page = int(st.number_input(ctx.t("corr.page"), min_value=1, max_value=pages, value=1, step=1, key="corr-page"))
st.caption(ctx.t("corr.count", n=len(table), effective=int((table["status"] != "undone").sum()), page=page,
                 pages=pages))
rows = shown.iloc[(page - 1) * per_page: page * per_page].reset_index(drop=True)

# Titles and outlets of the articles the shown corrections target (read for those rows only).
titled = ctx.corpus.with_titles(rows[["article_id"]])
arow = ctx.corpus.article_rows_of(rows["article_id"])
outlet_ids = ctx.corpus.articles["source_id"].astype("object").to_numpy()
labels = {f: ctx.t(f"field.{f}") for f in (*fixes.CLAIM_FIELDS, *fixes.ARTICLE_FIELDS)}


def _value(field: str, text: object) -> str:
    """A correction's old or new value as the reader shows it (outlet names, translated labels)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ctx.t("field.none")
    if field == "source_id":
        return ctx.names.get(str(text), str(text))
    if field in rd.CHOICES:
        return app.label(field, text, ctx.lang)
    return ctx.ltr(str(text))  # a date or a number keeps its order inside Arabic text


def _claim_text(kind: object, data: dict) -> str:
    what = app.label("status", data.get("status"), ctx.lang) if kind == "base_status" else \
        figure_text(rd.with_numbers(data), ctx.lang)
    return f"{app.label('kind', kind, ctx.lang)} {what}".strip()


def _change(r: pd.Series) -> str:
    action = r["action"]
    if action == "reject":
        return f"{ctx.t('corr.kind.reject')}: {_claim_text(r['kind'], rd.claim_json(r['old']))}"
    if action == "add":
        return f"{ctx.t('corr.kind.add')}: {_claim_text(r['kind'], rd.claim_json(r['new']))}"
    field = str(r["field"])
    prefix = ctx.t(f"corr.kind.{action}") + (f" ({app.label('kind', r['kind'], ctx.lang)})" if action == "claim" else "")
    arrow = ctx.t("reader.arrow")  # from old to new in the reading direction
    return f"{prefix} · {labels.get(field, field)}: {_value(field, r['old'])} {arrow} {_value(field, r['new'])}"


def _undo(correction_id: str, change: str) -> None:
    """The Undo button's callback (it runs before the page, so the page then lists the reversal)."""
    try:
        fixes.undo(store, correction_id)
    except (ValueError, ReadOnlyError) as e:
        st.session_state[ERROR] = rd.md_literal(e)
    else:
        st.session_state[TOAST] = ctx.t("corr.undone", what=rd.md_literal(change))


if ERROR in st.session_state:
    st.error(st.session_state.pop(ERROR), icon=":material/error:")
widths = [1.0, 2.4, 2.6, 1.5, 1.1, 1.2]
head = st.columns(widths)
for col, key in zip(head, ("time", "article", "change", "note", "status")):
    col.markdown(f"**{ctx.t(f'corr.col.{key}')}**")

for i, r in rows.iterrows():
    with st.container(border=True, key=f"corr-row-{r['correction_id']}"):
        c_time, c_article, c_change, c_note, c_status, c_undo = st.columns(widths, vertical_alignment="center")
        c_time.text(ctx.ltr(pd.Timestamp(r["time"]).strftime("%Y-%m-%d %H:%M UTC")) if pd.notna(r["time"]) else "—")
        with c_article:
            title = titled["title"].iloc[i] if isinstance(titled["title"].iloc[i], str) else ctx.t("articles.untitled")
            outlet = ctx.names.get(outlet_ids[arow[i]], outlet_ids[arow[i]]) if arow[i] >= 0 else str(r["article_id"])
            st.html(title_html(title, [outlet], lang=ctx.lang, level=6))
            if arow[i] >= 0:
                st.page_link("pages/articles.py", label=ctx.t("corr.open"), icon=":material/article:",
                             query_params={"article": str(r["article_id"])})
        with c_change:
            st.html(line_html(_change(r), muted=False))
            if isinstance(r["evidence"], str) and r["evidence"]:
                st.html(line_html(f"«{r['evidence']}»"))
        if isinstance(r["note"], str) and r["note"]:
            with c_note:
                st.html(line_html(r["note"], muted=False))
        c_status.markdown(ctx.t(f"corr.status.{r['status']}"))
        if writable and r["status"] != "undone":
            c_undo.button(ctx.t("corr.undo"), key=f"undo-{r['correction_id']}", icon=":material/undo:",
                          on_click=_undo, args=(str(r["correction_id"]), _change(r)))
