"""Overview: the corpus at a glance and a timeline of articles by outlet."""
import streamlit as st

import app_support as app
from lib.dashboard import charts
from lib.dashboard import views
from lib.dashboard.charts import figure_text

ctx = app.setup()
st.title(ctx.t("page.overview"))
st.caption(ctx.t("overview.intro"))

data = app.view(ctx, views.overview, ctx.lang)
if data["articles"] == 0:
    app.empty(ctx)
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric(ctx.t("overview.articles"), f"{data['articles']:,}")
c2.metric(ctx.t("overview.outlets"), f"{data['outlets']:,}")
c3.metric(ctx.t("overview.claims"), f"{data['claims']:,}")
if data["first"] is not None:
    c4.metric(ctx.t("overview.span"), f"{data['first']:%Y}–{data['last']:%Y}")
    c4.caption(f"{ctx.date(data['first'])} → {ctx.date(data['last'])}")
else:
    c4.metric(ctx.t("overview.span"), "—")


def provenance_line(row: dict) -> str:
    return ctx.t("overview.source_line", outlet=row["outlet"], date=ctx.date(row["published"]))


left, right = st.columns(2)
with left:
    troops = data["troops"]
    if troops:
        when = app.label("when", troops.get("when"), ctx.lang)
        left.metric(ctx.t("overview.latest_troops"), figure_text(troops, ctx.lang) + (f" ({when})" if when else ""))
        st.caption(provenance_line(troops))
        app.evidence(troops["evidence"])
    else:
        st.metric(ctx.t("overview.latest_troops"), "—")
with right:
    attacks = data["attacks"]
    if attacks:
        right.metric(ctx.t("overview.latest_attacks"), ctx.t("overview.per_month", rate=f"{attacks['rate']:,.1f}"))
        st.caption(ctx.t("overview.attacks_detail", n=figure_text(attacks, ctx.lang),
                         start=ctx.date(attacks["period_start"]), end=ctx.date(attacks["period_end"]))
                   + " · " + provenance_line(attacks))
        app.evidence(attacks["evidence"])
    else:
        st.metric(ctx.t("overview.latest_attacks"), "—")

monthly = data["monthly"]
if monthly.empty:
    app.empty(ctx, ctx.t("overview.no_dates"))
else:
    fig = charts.articles_timeline(monthly, ctx.names, ctx.lang, ctx.colors)
    rows = monthly.assign(outlet=monthly["source_id"].map(ctx.names))
    app.chart(ctx, fig, rows, "articles_by_month", "timeline")
