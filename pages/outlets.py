"""Outlets: coverage per month, the figures each outlet reported, and where they disagree."""
import streamlit as st

import app_support as app
from lib.dashboard import charts
from lib.dashboard import views

ctx = app.setup()
st.title(ctx.t("page.outlets"))
st.caption(ctx.t("outlets.intro"))

monthly, figures, dis = app.view(ctx, views.outlets, ctx.lang)

st.subheader(ctx.t("outlets.coverage"))
if monthly.empty:
    app.empty(ctx)
else:
    rows = monthly.assign(outlet=monthly["source_id"].map(ctx.names))
    app.chart(ctx, charts.outlet_heatmap(monthly, ctx.names, ctx.lang), rows, "outlet_coverage", "coverage")

st.subheader(ctx.t("outlets.disagreements"))
st.caption(ctx.t("outlets.disagreements_help"))
if dis.empty:
    app.empty(ctx, ctx.t("outlets.no_overlap"))
else:
    app.chart(ctx, charts.disagreement_chart(dis, ctx.lang, ctx.colors), dis, "outlet_disagreements", "disagree")

st.subheader(ctx.t("outlets.figures"))
if figures.empty:
    app.empty(ctx)
else:
    app.chart(ctx, charts.outlet_figures_chart(figures, ctx.lang), figures, "outlet_figures", "figures")
