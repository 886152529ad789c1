"""Troops: reported troop figures over time, by outlet, with past/current/planned and ranges."""
import streamlit as st

import app_support as app
from lib.dashboard import charts
from lib.dashboard import views

ctx = app.setup()
st.title(ctx.t("page.troops"))
st.caption(ctx.t("troops.intro"))

df, info = app.view(ctx, views.troops, ctx.lang)
if df.empty:
    app.empty(ctx, ctx.t("troops.none"))
    st.stop()
app.note_dropped(ctx, info)
app.chart(ctx, charts.troops_chart(df, ctx.lang, ctx.colors), df, "troop_figures", "troops")
st.caption(ctx.t("troops.legend_help"))
