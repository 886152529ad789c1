"""The dashboard's entry: `streamlit run dashboard.py`.

Sets up the language, loads (or first builds) the tables, draws the shared
sidebar filters, then runs the selected page from `pages/`.
"""
from __future__ import annotations

import streamlit as st

import app_support
from lib.i18n import t

st.set_page_config(page_title="Syria coalition news · أخبار التحالف في سوريا", page_icon=":material/monitoring:",
                   layout="wide")

ctx = app_support.setup()
lang = ctx.lang if ctx else (st.session_state.get("lang") or "en")

PAGES = [
    ("overview", ":material/dashboard:"),
    ("attacks", ":material/crisis_alert:"),
    ("troops", ":material/military_tech:"),
    ("bases", ":material/map:"),
    ("outlets", ":material/newspaper:"),
    ("articles", ":material/article:"),
]
pages = [st.Page(f"pages/{name}.py", title=t(f"page.{name}", lang), icon=icon, url_path=name, default=(i == 0))
         for i, (name, icon) in enumerate(PAGES)]
page = st.navigation(pages)

if ctx is None:
    st.title(t("app.title", lang))
    st.info(t("load.no_data", lang, tables=str(app_support.tables_dir()), articles=str(app_support.articles_dir())))
    st.stop()

page.run()
