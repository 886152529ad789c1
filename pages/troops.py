"""Troops: reported troop figures over time, by outlet, with past/current/planned and ranges."""
import streamlit as st

import app_support as app
from lib.dashboard import charts
from lib.dashboard import views

ctx = app.setup()
st.title(ctx.t("page.troops"))
st.caption(ctx.t("troops.intro"))

df, _ = app.story_rows(ctx, views.troops, "troops.none")
if df is None:
    st.stop()
app.chart(ctx, charts.troops_chart(df, ctx.lang, ctx.colors), charts.claims_table(df, ctx.lang), "troop_figures",
          "troops")
st.caption(ctx.t("charts.troops.legend_help"))
