"""Overview: the corpus at a glance and a timeline of articles by outlet."""

import streamlit as st

import app_support as app
from lib import settings
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
    # Years and dates isolated left to right: in Arabic "2020–2025" would otherwise read 2025–2020.
    c4.metric(ctx.t("overview.span"), ctx.ltr(f"{data['first']:%Y}–{data['last']:%Y}"))
    c4.caption(ctx.span(data["first"], data["last"]))
else:
    c4.metric(ctx.t("overview.span"), "—")


def provenance_line(row: dict) -> str:
    return ctx.t("overview.source_line", outlet=row["outlet"], date=ctx.date(row["published"]))


left, right = st.columns(2)
with left:
    # The latest level (current or past), never a plan: a plan is said apart, as a plan.
    troops = data["troops"]
    if troops:
        left.metric(ctx.t("overview.latest_troops"), figure_text(troops, ctx.lang) + charts.when_note(troops.get("when"), ctx.lang))
        app.text(provenance_line(troops), caption=True)  # an outlet's name: text, not Markdown
        app.evidence(troops["evidence"])
    else:
        st.metric(ctx.t("overview.latest_troops"), "—")
    plan = data["troop_plan"]
    if plan:
        app.text(ctx.t("charts.overview.latest_plan", outlet=plan["outlet"], date=ctx.date(plan["published"]),
                       figure=figure_text(plan, ctx.lang) + charts.when_note("planned", ctx.lang)), caption=True)
with right:
    # The rate is the same number the Attacks page's hover and caption show (queries.rate_per_month,
    # charts.fmt_rate); a count over too short a period is shown as the count with its period.
    attacks = data["attacks"]
    if attacks:
        rate = charts.rate_text(attacks, ctx.lang)
        period = dict(n=figure_text(attacks, ctx.lang), start=ctx.date(attacks["period_start"]),
                      span=ctx.span(attacks["period_start"], attacks["period_end"]),
                      days=ctx.counted(attacks["days"], "day"), kind=app.label("kind", "attacks", ctx.lang))
        if rate:
            right.metric(ctx.t("overview.latest_attacks"), ctx.t("overview.per_month", rate=rate))
            detail = ctx.t("charts.overview.rate_detail", **period)
        else:
            right.metric(ctx.t("charts.overview.latest_count"), figure_text(attacks, ctx.lang))
            key = "charts.overview.count_detail_day" if attacks["days"] == 1 else "charts.overview.count_detail"
            detail = ctx.t(key, min_days=ctx.counted(settings.ATTACK_RATE_MIN_DAYS, "day"), **period)
        app.text(detail + " · " + provenance_line(attacks), caption=True)
        app.evidence(attacks["evidence"])
    else:
        st.metric(ctx.t("overview.latest_attacks"), "—")

monthly = data["monthly"]
if monthly.empty:
    app.empty(ctx, ctx.t("overview.no_dates"))
else:
    fig = charts.articles_timeline(monthly, ctx.names, ctx.lang, ctx.colors)
    app.chart(ctx, fig, charts.monthly_table(monthly, ctx.names), "articles_by_month", "timeline")
