"""Articles: a searchable list, a reader with each claim's evidence highlighted, and the
analyst's corrections (an article's outlet and date; a claim rejected, fixed or added), each
made in a dialog opened from its button (only the open one's widgets are drawn).

Everything from an article (title, outlet, URL, path, text, evidence) is drawn through
`lib.dashboard.highlight`, escaped, never as Markdown. `?article=<id>` opens an article;
`?claim=<claim_id>` (a chart click) opens its article with that claim's card first and its
sentence marked and scrolled to. Correction controls are drawn only when the store is
writable (`lib.store.access.is_read_only()`); the corrections API refuses writes anyway.
"""
from __future__ import annotations

import streamlit as st

import app_support as app
from lib.dashboard import reader as rd
from lib.dashboard import views
from lib.dashboard.charts import figure_text
from lib.dashboard.highlight import FOCUS_ID, evidence_html, line_html, reader_html, title_html
from lib.store import corrections as fixes
from lib.store.access import ReadOnlyError, is_read_only
from lib.store.schema import CLAIM_KINDS

TOAST = "reader.toast"  # session key: what the last correction changed, shown after the rerun
# Session key: the one editor open, ("article" | "add" | "claim", id). Each opens in a dialog, and only
# the open one's widgets are drawn (a form per claim on every rerun tripled the page's rerun time).
EDITING = "reader.editing"
# Session key: (editor key, "error" | "warning", Markdown-safe text): why its last click was refused.
MESSAGE = "reader.message"

ctx = app.setup()
st.title(ctx.t("page.articles"))
if TOAST in st.session_state:
    st.toast(st.session_state.pop(TOAST), icon=":material/check_circle:")
writable = not is_read_only()

query = st.text_input(ctx.t("articles.search"), key="q", bind="query-params",
                      placeholder=ctx.t("articles.search_hint"), icon=":material/search:")
found, total = app.view(ctx, views.articles, query)

focus = st.query_params.get("claim") or None
linked = st.query_params.get("article") or None
if focus and not linked:
    linked = rd.find_claim_article(ctx.corpus, focus)

article_id = linked
if found.empty:
    in_filters = app.view(ctx, views.articles, "")[1]  # the articles the filters leave, searched or not
    if rd.empty_reason(query, in_filters) == "search":
        st.info(ctx.t("reader.no_match", n=in_filters), icon=":material/search_off:")
    else:
        app.empty(ctx)
    if article_id is None:
        st.stop()
else:
    st.caption(ctx.t("articles.count", shown=len(found), total=total))
    table = found.assign(outlet=found["source_id"].astype("object").map(ctx.names),
                         title=found["title"].astype("object").fillna(ctx.t("articles.untitled")))[
        ["published", "outlet", "title", "claims", "article_id"]]
    picked = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="single-row", key="article_table",
                          height=min(300, 38 + 35 * len(table)), column_config={
                              "published": st.column_config.DateColumn(ctx.t("col.published"), format="YYYY-MM-DD"),
                              "outlet": ctx.t("col.outlet"),
                              "title": st.column_config.TextColumn(ctx.t("col.title"), width="large"),
                              "claims": st.column_config.NumberColumn(ctx.t("col.claims")), "article_id": None})
    selected = picked.selection.rows if picked and picked.selection else []
    if selected:
        article_id = str(table.iloc[selected[0]]["article_id"])
        if article_id != st.query_params.get("article"):
            st.query_params["article"] = article_id  # the reader's URL is a link to this article
            if focus and st.query_params.get("claim"):
                del st.query_params["claim"]  # the chart's claim belongs to the article left
            focus = None
    elif article_id is None:
        article_id = str(table.iloc[0]["article_id"])

store = app.store_dir()
# The reader ignores the filters.
opened = app.view(ctx, rd.open_article, article_id, unfiltered=True)
if opened is None:  # the id comes from the address: shown as text
    st.html(line_html("⚠ " + ctx.t("articles.not_found", id=article_id), muted=False))
    st.stop()
art, text, claims = opened


def _open(what: tuple[str, str]) -> None:
    st.session_state[EDITING] = what


def _close() -> None:
    st.session_state.pop(EDITING, None)


# The editors' buttons act in callbacks, which run before the page does: a click is never lost to
# a rerun, and the run that follows reads the store's new revision.
def _write(calls: list[tuple[str, object]], message_key: str, prefix: str) -> None:
    """Run the corrections API calls in order [(description, thunk)]. Done: forget the form's typed
    values (it shows the corrected data next), close the editor, leave a toast. Refused: leave the
    reason for the editor to show, and say what was saved before it, if anything."""
    saved: list[str] = []
    for what, call in calls:
        try:
            call()  # type: ignore[operator]
        except (ValueError, ReadOnlyError) as e:
            if saved:
                st.session_state[TOAST] = ctx.t("reader.partly_saved", what=rd.md_literal("; ".join(saved)),
                                                error=rd.md_literal(e))
            st.session_state[MESSAGE] = (prefix, "error", rd.md_literal(e))  # shown as Markdown
            return
        saved.append(what)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix + "-")]:
        del st.session_state[key]
    _close()
    st.session_state[TOAST] = ctx.t(message_key, what=rd.md_literal("; ".join(saved)))  # a toast renders Markdown


def _typed(prefix: str, fields: tuple[str, ...]) -> dict[str, object]:
    return {f: st.session_state.get(f"{prefix}-{f}") for f in fields}


def _show_message(prefix: str) -> None:
    """The refusal or warning the last click of this editor left, once; after a successful
    save (the editor closed in its callback) the whole page reruns on the new data."""
    if EDITING not in st.session_state:
        st.rerun()  # a dialog's own rerun after its save: the page must show the corrected data
    message = st.session_state.get(MESSAGE)
    if message and message[0] == prefix:
        del st.session_state[MESSAGE]
        (st.error if message[1] == "error" else st.warning)(message[2], icon=":material/error:")


field_labels = {f: ctx.t(f"field.{f}") for f in ("value", "low", "high", "qualifier", "when", "period_start",
                                                 "period_end", "status", "source_id", "published")}


def _field_widgets(key: str, current: dict, fields: tuple[str, ...]) -> dict[str, object]:
    """One input per field, filled with the current value; returns field -> submitted value."""
    out: dict[str, object] = {}
    numbers = [f for f in fields if f in rd.NUMBER_FIELDS]
    if numbers:
        for col, f in zip(st.columns(len(numbers)), numbers):
            out[f] = col.text_input(field_labels[f], value=rd.as_text(f, current.get(f)) or "", key=f"{key}-{f}")
    for f in fields:
        if f in rd.CHOICES:
            options = [None, *rd.CHOICES[f]]
            now = rd.as_text(f, current.get(f))
            out[f] = st.selectbox(field_labels[f], options, index=options.index(now) if now in options else 0,
                                  key=f"{key}-{f}",
                                  format_func=lambda v, f=f: ctx.t("field.none") if v is None else app.label(f, v, ctx.lang))
    periods = [f for f in fields if f in rd.PERIOD_FIELDS]
    if periods:
        for col, f in zip(st.columns(len(periods)), periods):
            out[f] = col.date_input(field_labels[f], value=rd.to_date(current.get(f)), key=f"{key}-{f}",
                                    format="YYYY-MM-DD", min_value=None, max_value=None)
    return out


def _claim_head(row: dict) -> tuple[str, list[str]]:
    """A claim card's heading (kind — figure or status · place) and its line of when and period."""
    what = figure_text(row, ctx.lang)
    if row["kind"] == "base_status":
        what = app.label("status", row.get("status"), ctx.lang)
        place = row.get("place_ar") if ctx.lang == "ar" else row.get("place_en")
        if isinstance(place, str):
            what += f" · {place}"
    extra = [app.label("when", row.get("when"), ctx.lang)] if row.get("when") else []
    if row.get("period_start") or row.get("period_end"):
        extra.append(ctx.span(row.get('period_start'), row.get('period_end')))
    return f"{app.label('kind', row['kind'], ctx.lang)} — {what}", extra


# ---------------------------------------------------------------------- the article's head
st.divider()
published = art.get("published")
meta = [ctx.names.get(str(art["source_id"]), str(art["source_id"]))]
if rd.as_text("published", published):
    meta.append(f"{ctx.date(published)} ({app.label('origin', art.get('published_origin'), ctx.lang)})")
st.html(title_html(art.get("title") or ctx.t("articles.untitled"), meta, lang=ctx.lang))
link = rd.safe_url(art.get("url"))
if isinstance(art.get("url"), str) and art.get("url"):
    st.html(line_html(ctx.t("reader.url", url=ctx.ltr(art["url"]))))
elif art.get("path"):
    st.html(line_html(ctx.t("articles.path", path=ctx.ltr(str(art["path"])))))

with st.container(horizontal=True, gap="small", vertical_alignment="center"):
    if link:  # only an http(s) address is a link; anything else stays the text above
        st.link_button(ctx.t("articles.original"), link, icon=":material/open_in_new:")
    if writable:
        st.button(ctx.t("reader.correct_article"), icon=":material/edit:", key=f"art-{article_id}-open",
                  on_click=_open, args=(("article", article_id),))
if not writable:
    st.caption(ctx.t("reader.read_only"))

# ---------------------------------------------------------------------- text and claims
ids = claims["claim_id"].tolist()
if focus and focus not in ids:
    st.html(line_html(ctx.t("reader.claim_not_found", id=focus)))  # the id comes from the address
    focus = None
focus_span = None
if focus:
    fr = claims.iloc[ids.index(focus)]
    if rd.as_text("value", fr["span_start"]) and rd.as_text("value", fr["span_end"]):
        focus_span = (int(fr["span_start"]), int(fr["span_end"]))

text_col, claims_col = st.columns([3, 2])
spans = [(r.span_start, r.span_end, f"{app.label('kind', r.kind, ctx.lang)}: {figure_text(r._asdict(), ctx.lang)}")
         for r in claims.itertuples() if r.span_start == r.span_start and r.span_end == r.span_end
         and r.span_start is not None and r.span_end is not None]
with text_col:
    st.html(reader_html(text, spans, focus=focus_span))
    if focus_span:
        # Our own script, with no data in it: bring the marked sentence into view in its box.
        st.html(f"""<script>(function () {{
  let tries = 0;
  const go = () => {{ const m = document.getElementById('{FOCUS_ID}');
    if (m) {{ m.scrollIntoView({{block: 'center'}}); }} else if (tries++ < 50) {{ setTimeout(go, 100); }} }};
  go(); }})();</script>""", unsafe_allow_javascript=True)

with claims_col:
    st.markdown(f"**{ctx.t('articles.claims', n=ctx.counted(len(claims), 'claim'))}**")
    if writable:
        st.button(ctx.t("reader.add_claim"), icon=":material/add:", key=f"add-{article_id}-open",
                  help=ctx.t("reader.add_help"), on_click=_open, args=(("add", article_id),))

    for pos, i in enumerate(rd.focus_first(ids, focus)):
        r = claims.iloc[i]
        row = rd.claim_record(r.to_dict())
        cid = str(row["claim_id"])
        head, extra = _claim_head(row)
        focused = cid == focus
        with st.container(border=True, key=f"card-{pos}-{'focus' if focused else 'claim'}"):
            if focused:
                st.badge(ctx.t("reader.opened_claim"), icon=":material/ads_click:", color="orange")
            st.html(title_html(head, extra, lang=ctx.lang, level=5))
            if isinstance(row.get("evidence"), str) and row["evidence"]:
                st.html(evidence_html(row["evidence"]))
            if writable:
                st.button(ctx.t("reader.correct"), icon=":material/edit:", key=f"fix-{cid}-open",
                          on_click=_open, args=(("claim", cid),))


# ---------------------------------------------------------------------- the open editor
def _save_article(akey: str) -> None:
    typed = _typed(akey, ("source_id", "other", "published", "note"))
    wanted = {"source_id": (typed["other"] or "").strip() or typed["source_id"], "published": typed["published"]}
    changed = rd.changes(art, wanted, ("source_id", "published"))
    if not changed:
        st.session_state[MESSAGE] = (akey, "warning", ctx.t("reader.nothing_changed"))
        return
    _write([(rd.describe([c], field_labels, ctx.t("reader.arrow"), ctx.ltr),
             lambda c=c: fixes.correct_article(store, article_id, c[0], c[2], note=typed["note"] or ""))
            for c in changed], "reader.fixed_article", akey)


@st.dialog(ctx.t("reader.correct_article"), width="large", on_dismiss=_close)
def _article_editor() -> None:
    from lib.ingest.outlets import load_registry

    st.html(title_html(art.get("title") or ctx.t("articles.untitled"), meta, lang=ctx.lang, level=5))
    registry = {o["source_id"]: " · ".join(p for p in (o.get("name_ar"), o.get("name_en")) if p)
                for o in load_registry()}
    current = str(art["source_id"])
    registry.setdefault(current, ctx.names.get(current, current))
    akey = f"art-{article_id}"
    with st.form(f"{akey}-form", border=False):
        st.selectbox(ctx.t("reader.outlet"), list(registry), index=list(registry).index(current),
                     format_func=registry.get, key=f"{akey}-source_id")
        st.text_input(ctx.t("reader.outlet_other"), key=f"{akey}-other")
        st.date_input(ctx.t("reader.published"), value=rd.to_date(published), key=f"{akey}-published",
                      format="YYYY-MM-DD", min_value=None, max_value=None)
        st.text_input(ctx.t("reader.note"), key=f"{akey}-note")
        st.form_submit_button(ctx.t("reader.save"), type="primary", key=f"{akey}-save", on_click=_save_article,
                              args=(akey,))
    _show_message(akey)


def _add(nkey: str, choices: list[tuple[int, int, str]]) -> None:
    typed = _typed(nkey, ("sentence", "kind", "note", *rd.FIGURE_FIELDS, "when", "status", *rd.PERIOD_FIELDS))
    start, end, _ = choices[typed.pop("sentence")]
    note = typed.pop("note") or ""
    fields = {"kind": typed.pop("kind"),
              **{f: rd.as_text(f, v) for f, v in typed.items() if rd.as_text(f, v) is not None}}
    what = _claim_head(rd.with_numbers(fields))[0]
    _write([(what, lambda: fixes.add_claim(store, article_id, start, end, fields, note=note))], "reader.added", nkey)


@st.dialog(ctx.t("reader.add_claim"), width="large", on_dismiss=_close)
def _add_editor() -> None:
    st.caption(ctx.t("reader.add_help"))
    choices = rd.sentence_choices(text)
    if not choices:
        st.caption(ctx.t("reader.no_sentences"))
        return
    nkey = f"add-{article_id}"
    with st.form(f"{nkey}-form", border=False):
        st.selectbox(ctx.t("reader.sentence"), range(len(choices)), key=f"{nkey}-sentence",
                     format_func=lambda i: choices[i][2])
        st.selectbox(ctx.t("reader.kind"), list(CLAIM_KINDS), key=f"{nkey}-kind",
                     format_func=lambda k: app.label("kind", k, ctx.lang))
        _field_widgets(nkey, {}, (*rd.FIGURE_FIELDS, "when", "status", *rd.PERIOD_FIELDS))
        st.text_input(ctx.t("reader.note"), key=f"{nkey}-note")
        st.form_submit_button(ctx.t("reader.add"), type="primary", key=f"{nkey}-save", on_click=_add,
                              args=(nkey, choices))
    _show_message(nkey)


def _fix_claim(ckey: str, row: dict, reject: bool) -> None:
    fields = rd.fields_for(row["kind"])
    note = st.session_state.get(f"{ckey}-note") or ""
    if reject:
        _write([(_claim_head(row)[0], lambda: fixes.reject_claim(store, row, note=note))], "reader.rejected", ckey)
        return
    changed = rd.changes(row, _typed(ckey, fields), fields)
    if not changed:
        st.session_state[MESSAGE] = (ckey, "warning", ctx.t("reader.nothing_changed"))
        return
    _write([(rd.describe([c], field_labels, ctx.t("reader.arrow"), ctx.ltr),
             lambda c=c: fixes.correct_claim(store, row, c[0], c[2], note=note)) for c in changed],
           "reader.fixed_claim", ckey)


@st.dialog(ctx.t("reader.correct_claim"), width="large", on_dismiss=_close)
def _claim_editor(row: dict) -> None:
    head, extra = _claim_head(row)
    st.html(title_html(head, extra, lang=ctx.lang, level=5))
    if isinstance(row.get("evidence"), str) and row["evidence"]:
        st.html(evidence_html(row["evidence"]))
    ckey = f"fix-{row['claim_id']}"
    with st.form(f"{ckey}-form", border=False):
        _field_widgets(ckey, row, rd.fields_for(row["kind"]))
        st.text_input(ctx.t("reader.note"), key=f"{ckey}-note")
        with st.container(horizontal=True):
            st.form_submit_button(ctx.t("reader.save"), type="primary", key=f"{ckey}-save", on_click=_fix_claim,
                                  args=(ckey, row, False))
            st.form_submit_button(ctx.t("reader.reject"), key=f"{ckey}-reject", icon=":material/block:",
                                  help=ctx.t("reader.reject_help"), on_click=_fix_claim, args=(ckey, row, True))
    _show_message(ckey)


editing = st.session_state.get(EDITING)
if writable and editing:
    what, target = editing
    if what == "article" and target == article_id:
        _article_editor()
    elif what == "add" and target == article_id:
        _add_editor()
    elif what == "claim" and target in ids:
        _claim_editor(rd.claim_record(claims.iloc[ids.index(target)].to_dict()))
    else:
        _close()  # an editor of another article, left open when the reader moved on
