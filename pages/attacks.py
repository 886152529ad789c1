"""Attacks: counts over the periods they cover, per-month rates, incidents with casualties."""
import streamlit as st

import app_support as app
from lib.dashboard import charts
from lib.dashboard import views

ctx = app.setup()
st.title(ctx.t("page.attacks"))
st.caption(ctx.t("attacks.intro"))

# Both charts' rows in one view: their evidence is read from the store in one pass.
(periods, info), (inc, inc_info) = app.view(ctx, views.attack_page, ctx.lang)
periods = app.shown_stories(ctx, periods, info, "attacks.none")
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
inc = app.shown_stories(ctx, inc, inc_info, "attacks.no_incidents")
if inc is not None:
    app.chart(ctx, charts.incidents_chart(inc, ctx.lang, ctx.colors), inc, "incidents", "incidents")
