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
    table = charts.claims_table(periods, ctx.lang)
    st.subheader(ctx.t("attacks.counts"))
    st.caption(ctx.t("charts.attacks.panels_help"))
    app.chart(ctx, charts.attack_periods_chart(periods, ctx.lang, "count", ctx.colors, hover), table,
              "attack_counts", "counts")
    st.subheader(ctx.t("attacks.rates"))
    # Computed from the filtered rows (numbers, dates and UI words only): it changes with the filters.
    caption = charts.rates_caption(periods, ctx.lang)
    if caption:
        st.caption(caption)
    app.chart(ctx, charts.attack_periods_chart(periods, ctx.lang, "rate", ctx.colors, hover), table,
              "attack_rates", "rates")
if info.get("undated"):
    st.caption(ctx.t("attacks.undated", n=info["undated"]))

st.subheader(ctx.t("attacks.incidents"))
inc = app.shown_stories(ctx, inc, inc_info, "attacks.no_incidents")
if inc is not None:
    app.chart(ctx, charts.incidents_chart(inc, ctx.lang, ctx.colors), charts.claims_table(inc, ctx.lang),
              "incidents", "incidents")
