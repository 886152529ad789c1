"""Bases: a map of bases and places by their latest status as of a chosen date, and the events."""
from datetime import timedelta

import streamlit as st

import app_support as app
from lib.dashboard import charts
from lib.dashboard import views

ctx = app.setup()


def _int(x) -> str:
    return "?" if x is None or x != x else f"{int(x):,}"


st.title(ctx.t("page.bases"))
st.caption(ctx.t("bases.intro"))

# The slider spans every base event in the corpus, whatever the filters, so that
# its position (and the URL holding it) stays valid when a filter changes.
first, last = app.view(ctx, views.base_timeline, unfiltered=True)
if first is None:
    app.empty(ctx, ctx.t("bases.none"))
    st.stop()
if first == last:
    first = first - timedelta(days=1)
if not first <= (st.session_state.get("asof") or last) <= last:
    st.session_state["asof"] = last  # a stale link or rebuilt tables
asof = st.slider(ctx.t("bases.asof"), min_value=first, max_value=last, value=last, format="YYYY-MM-DD",
                 key="asof", bind="query-params", step=timedelta(days=1))

places, history = app.view(ctx, views.bases, ctx.lang, asof)
events = app.view(ctx, views.base_events, ctx.lang)  # not per slider position: the table shows them all
map_col, table_col = st.columns([3, 2])
with map_col:
    if places.empty:
        app.empty(ctx, ctx.t("bases.none_asof"))
    else:
        fig = charts.bases_map(places, history, ctx.lang, asof=asof, basemap=app.browser_reaches_tiles())
        app.chart(ctx, fig, places, "bases_map", "map")
        st.caption(ctx.t("bases.map_help"))
with table_col:
    st.subheader(ctx.t("bases.events"))
    if events.empty:
        app.empty(ctx)
    else:
        table = events.assign(
            status=[app.label("status", s, ctx.lang) for s in events["status"]],
            # A base count ("3 of 8 bases") has no single place.
            place=[p if isinstance(p, str) else
                   ctx.t("bases.count_place", n=_int(v), total=_int(tot)) if tot == tot and tot is not None else
                   ctx.t("bases.count_only", n=_int(v))
                   for p, v, tot in zip(events["place_ar" if ctx.lang == "ar" else "place_en"].astype("object"),
                                        events["value"], events["of_total"])],
            link=[app.article_link(a) for a in events["article_id"]],
            # NaN, not None, so that empty numbers show as blank cells
            value=events["value"].astype("float64"), of_total=events["of_total"].astype("float64"),
        )
        cols = ["day", "place", "status", "value", "of_total", "outlet", "published", "evidence", "link"]
        st.dataframe(table[cols].iloc[::-1], hide_index=True, height=520, column_config={
            "day": st.column_config.DateColumn(ctx.t("col.day"), format="YYYY-MM-DD"),
            "place": ctx.t("col.place"), "status": ctx.t("col.status"),
            "value": st.column_config.NumberColumn(ctx.t("col.count"), format="%d"),
            "of_total": st.column_config.NumberColumn(ctx.t("col.of_total"), format="%d"),
            "outlet": ctx.t("col.outlet"),
            "published": st.column_config.DateColumn(ctx.t("col.published"), format="YYYY-MM-DD"),
            "evidence": st.column_config.TextColumn(ctx.t("col.evidence"), width="large"),
            "link": st.column_config.LinkColumn(ctx.t("col.reader"), display_text=ctx.t("col.open")),
        })
        app.csv_download(ctx, events, "base_events", "events")
