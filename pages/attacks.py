"""Attacks: counts over the periods they cover, per-month rates, incidents with casualties."""
import streamlit as st

import app_support as app
from lib.dashboard import charts
from lib.dashboard import views

ctx = app.setup()
st.title(ctx.t("page.attacks"))
st.caption(ctx.t("attacks.intro"))

periods, info = app.view(ctx, views.attacks, ctx.lang)
if periods.empty:
    app.empty(ctx, ctx.t("attacks.none"))
else:
    app.note_dropped(ctx, info)
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
inc, inc_info = app.view(ctx, views.incidents, ctx.lang)
if inc.empty:
    app.empty(ctx, ctx.t("attacks.no_incidents"))
else:
    app.note_dropped(ctx, inc_info)
    app.chart(ctx, charts.incidents_chart(inc, ctx.lang, ctx.colors), inc, "incidents", "incidents")
