"""Outlets: coverage per month, the figures each outlet reported, and where they disagree."""
import streamlit as st

import app_support as app
from lib.dashboard import charts
from lib.dashboard import views

ctx = app.setup()
colors = ctx.colors  # one colour per outlet on every chart and page (views.outlet_palette, set up once)
st.title(ctx.t("page.outlets"))
st.caption(ctx.t("outlets.intro"))

monthly, figures, dis = app.view(ctx, views.outlets, ctx.lang)

st.subheader(ctx.t("outlets.coverage"))
if monthly.empty:
    app.empty(ctx)
else:
    app.chart(ctx, charts.outlet_heatmap(monthly, ctx.names, ctx.lang), charts.monthly_table(monthly, ctx.names),
              "outlet_coverage", "coverage")

# Stories: the same event or statement carried by several outlets, and who was first.
st.subheader(ctx.t("outlets.stories"))
st.caption(ctx.t("outlets.stories_help"))
stories = app.view(ctx, views.stories, ctx.lang)
if stories.empty:
    app.empty(ctx, ctx.t("outlets.no_stories"))
else:
    shown = stories.assign(link=stories["article_id"].map(app.article_link),
                           story_rule=stories["story_rule"].map(lambda r: app.label("story_rule", r, ctx.lang)))
    st.dataframe(shown[["first_date", "first_outlet", "sources", "title", "outlets", "story_rule", "link"]],
                 hide_index=True, key="stories_table", column_config={
                     "first_date": st.column_config.DateColumn(ctx.t("col.first_date"), format="YYYY-MM-DD"),
                     "first_outlet": ctx.t("col.first_outlet"),
                     "sources": st.column_config.NumberColumn(ctx.t("col.sources"), format="%d"),
                     "outlets": st.column_config.TextColumn(ctx.t("col.outlets_in_order"), width=320),
                     # right-aligned in Arabic so a long title shows its beginning
                     "title": st.column_config.TextColumn(ctx.t("col.title"), width=420,
                                                          alignment="right" if ctx.lang == "ar" else "left"),
                     "story_rule": ctx.t("col.story_rule"),
                     "link": st.column_config.LinkColumn(ctx.t("col.reader"), display_text=ctx.t("col.open"))})
    app.csv_download(ctx, stories.drop(columns="title"), "outlet_stories", "stories")

st.subheader(ctx.t("outlets.disagreements"))
st.caption(ctx.t("outlets.disagreements_help"))
if dis.empty:
    app.empty(ctx, ctx.t("outlets.no_overlap"))
else:
    app.chart(ctx, charts.disagreement_chart(dis, ctx.lang, colors), charts.claims_table(dis, ctx.lang),
              "outlet_disagreements", "disagree")

st.subheader(ctx.t("outlets.figures"))
if figures.empty:
    app.empty(ctx)
else:
    app.chart(ctx, charts.outlet_figures_chart(figures, ctx.lang, colors), charts.claims_table(figures, ctx.lang),
              "outlet_figures", "figures")
