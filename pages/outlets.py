"""Outlets: coverage per month, the figures each outlet reported, and where they disagree."""
import streamlit as st

import app_support as app
from lib.dashboard import charts
from lib.dashboard import views

ctx = app.setup()
# One colour per outlet on every chart and page, the most reported outlets first (views.outlet_palette).
colors = app.view(ctx, views.outlet_palette, unfiltered=True)
st.title(ctx.t("page.outlets"))
st.caption(ctx.t("outlets.intro"))

monthly, figures, dis = app.view(ctx, views.outlets, ctx.lang)

st.subheader(ctx.t("outlets.coverage"))
if monthly.empty:
    app.empty(ctx)
else:
    app.chart(ctx, charts.outlet_heatmap(monthly, ctx.names, ctx.lang), charts.monthly_table(monthly, ctx.names),
              "outlet_coverage", "coverage")

# ---- Stories: which outlets carried each story, and who was first.
# Reserved for the "store" helper's lib function (not built here): it goes between coverage
# (how much each outlet publishes) and disagreements (what they say), as its own subheader,
# table and CSV, computed from the filtered corpus like the sections around it.

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
