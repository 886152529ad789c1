"""Attacks: counts over the periods they cover, per-month rates, incidents with casualties."""
import streamlit as st

import app_support as app
from lib.dashboard import charts
from lib.dashboard import views

ctx = app.setup()
st.title(ctx.t("page.attacks"))
st.caption(ctx.t("attacks.intro"))

periods, info = app.story_rows(ctx, views.attacks, "attacks.none")
if periods is not None:
    hover = charts.attack_hover(periods, ctx.lang)  # shared by both charts
    st.subheader(ctx.t("attacks.counts"))
    app.chart(ctx, charts.attack_periods_chart(periods, ctx.lang, "count", ctx.colors, hover), periods,
              "attack_counts", "counts")
    st.subheader(ctx.t("attacks.rates"))
    st.caption(ctx.t("attacks.rates_help"))
    app.chart(ctx, charts.attack_periods_chart(periods, ctx.lang, "rate", ctx.colors, hover), periods,
              "attack_rates", "rates")
if info.get("undated"):
    st.caption(ctx.t("attacks.undated", n=info["undated"]))

st.subheader(ctx.t("attacks.incidents"))
inc, _ = app.story_rows(ctx, views.incidents, "attacks.no_incidents")
if inc is not None:
    app.chart(ctx, charts.incidents_chart(inc, ctx.lang, ctx.colors), inc, "incidents", "incidents")
