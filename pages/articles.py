"""Articles: a searchable list and a reader with each claim's evidence highlighted."""
import streamlit as st

import app_support as app
from lib.dashboard import views
from lib.dashboard.charts import figure_text
from lib.dashboard.highlight import reader_html

ctx = app.setup()
st.title(ctx.t("page.articles"))

query = st.text_input(ctx.t("articles.search"), key="q", bind="query-params",
                      placeholder=ctx.t("articles.search_hint"), icon=":material/search:")
found, total = app.view(ctx, views.articles, query)
if found.empty:
    app.empty(ctx)
    st.stop()
st.caption(ctx.t("articles.count", shown=len(found), total=total))

table = found.assign(outlet=found["source_id"].astype("object").map(ctx.names),
                     title=found["title"].astype("object").fillna(ctx.t("articles.untitled")))[
    ["published", "outlet", "title", "claims", "article_id"]]
picked = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="single-row", key="article_table",
                      height=300, column_config={
                          "published": st.column_config.DateColumn(ctx.t("col.published"), format="YYYY-MM-DD"),
                          "outlet": ctx.t("col.outlet"), "title": st.column_config.TextColumn(ctx.t("col.title"), width="large"),
                          "claims": st.column_config.NumberColumn(ctx.t("col.claims")), "article_id": None})
selected = picked.selection.rows if picked and picked.selection else []
if selected:
    article_id = str(table.iloc[selected[0]]["article_id"])
    st.query_params["article"] = article_id  # the reader's URL is a link to this article
else:
    article_id = st.query_params.get("article") or str(table.iloc[0]["article_id"])

opened = app.view(ctx, views.reader, article_id, unfiltered=True)  # the reader ignores the filters
if opened is None:
    st.warning(ctx.t("articles.not_found", id=article_id))
    st.stop()
art, text, claims = opened

st.divider()
st.subheader(art.get("title") or ctx.t("articles.untitled"))
meta = [ctx.names.get(str(art["source_id"]), str(art["source_id"]))]
if art.get("published") is not None and str(art.get("published")) != "NaT":
    meta.append(f"{ctx.date(art['published'])} ({app.label('origin', art.get('published_origin'), ctx.lang)})")
st.caption(" · ".join(meta))
url = art.get("url")
if isinstance(url, str) and url.startswith(("http://", "https://")):
    st.link_button(ctx.t("articles.original"), url, icon=":material/open_in_new:")
elif art.get("path"):
    st.caption(ctx.t("articles.path", path=ctx.ltr(art["path"])))

text_col, claims_col = st.columns([3, 2])
spans = [(r.span_start, r.span_end, f"{app.label('kind', r.kind, ctx.lang)}: {figure_text(r._asdict(), ctx.lang)}")
         for r in claims.itertuples() if r.span_start == r.span_start and r.span_end == r.span_end]
with text_col:
    st.html(reader_html(text, spans))
with claims_col:
    st.markdown(f"**{ctx.t('articles.claims', n=len(claims))}**")
    for r in claims.itertuples():
        what = figure_text(r._asdict(), ctx.lang)
        if r.kind == "base_status":
            what = app.label("status", r.status, ctx.lang)
            place = r.place_ar if ctx.lang == "ar" else r.place_en
            if isinstance(place, str):
                what += f" · {place}"
        with st.container(border=True):
            st.markdown(f"**{app.label('kind', r.kind, ctx.lang)}** — {what}")
            app.evidence(r.evidence)
