"""Bases: a map of bases and places by their latest status as of a chosen date, and the events
behind it (named places, then reports that only count bases), both up to that date."""
from datetime import timedelta

import pandas as pd
import streamlit as st

import app_support as app
from lib.dashboard import base_events, charts, views

ctx = app.setup()

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
day = ctx.date(asof)  # isolated left-to-right inside Arabic text

places, history = app.view(ctx, base_events.map_places, ctx.lang, asof)
if places.empty:
    app.empty(ctx, ctx.t("bases.none_asof"))
else:
    fig = charts.bases_map(places, history, ctx.lang, asof=asof)
    app.chart(ctx, fig, places, "bases_map", "map")
    st.caption(ctx.t("map.help"))

named, counted = app.view(ctx, base_events.event_tables, ctx.lang, asof)
if named.empty and counted.empty:
    if not places.empty:  # (with no place either, the message above already says there is nothing)
        st.info(ctx.t("map.events.none", day=day))
else:
    st.subheader(ctx.t("map.events.title", day=day))
    st.caption(ctx.t("map.events.caption"))
    # Widths in px: the longest status ("establishment (planned)") and count (in Arabic, 27 characters)
    # fit whole, and every column with the evidence (last, right-aligned so that a sentence longer than
    # its cell shows its Arabic beginning) fits the page's ~940 px column in a 1400 px window.
    columns = {
        "date": st.column_config.TextColumn(ctx.t("map.col.date"), width=85),
        "site": st.column_config.TextColumn(ctx.t("map.col.site"), width=150),
        "what": st.column_config.TextColumn(ctx.t("map.col.what"), width=215),
        "status": st.column_config.TextColumn(ctx.t("map.col.status"), width=180),
        "outlet": st.column_config.TextColumn(ctx.t("map.col.outlet"), width=110),
        "published": st.column_config.TextColumn(ctx.t("map.col.published"), width=90),
        "link": st.column_config.LinkColumn(ctx.t("map.col.reader"), display_text=ctx.t("map.col.open"),
                                            width=60),
        "evidence": st.column_config.TextColumn(ctx.t("map.col.evidence"), width=200, alignment="right"),
    }

    def show(table: pd.DataFrame, first_col: str, key: str) -> None:
        # Text cells throughout: the grid shows a missing date or link as "None" (an article may
        # have no publication date); "" shows nothing.
        published = pd.to_datetime(table["published"], errors="coerce")
        rows = table.assign(published=published.dt.strftime("%Y-%m-%d").fillna(""),
                            link=[app.article_link(a) if a else "" for a in table["article_id"]])
        # The evidence last: it is the long one, and the columns after it would be scrolled out of sight.
        order = ["date", first_col, "status", "outlet", "published", "link", "evidence"]
        st.dataframe(rows[order], hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 520),
                     key=f"table-{key}", column_config={c: columns[c] for c in order})

    if not named.empty:
        show(named, "site", "named")
    if not counted.empty:
        st.markdown(f"**{ctx.t('map.counts.title')}**")
        st.caption(ctx.t("map.counts.caption"))
        show(counted, "what", "counted")
    # One file with both tables: a count row has `what`, a named row has `site`.
    app.csv_download(ctx, pd.concat([named, counted], ignore_index=True), "base_events", "events")
