"""The dashboard's entry: `streamlit run dashboard.py`.

Declares the pages in `pages/`; each page draws the shared sidebar (language,
filters) and loads the tables through `app_support.setup()`.
"""
from __future__ import annotations

import streamlit as st

from lib.dashboard.i18n import lang_code, t
from lib.store.access import is_read_only

st.set_page_config(page_title="Syria coalition news · أخبار التحالف في سوريا", page_icon=":material/monitoring:",
                   layout="wide")

# The language switch lives in the pages' sidebar (app_sidebar.language, lang=ar|en in the address);
# the address, else the last run, names the pages here.
lang = lang_code(st.query_params.get("lang")) or lang_code(st.session_state.get("lang")) or "en"

PAGES = [
    ("overview", ":material/dashboard:"),
    ("attacks", ":material/crisis_alert:"),
    ("troops", ":material/military_tech:"),
    ("bases", ":material/map:"),
    ("outlets", ":material/newspaper:"),
    ("articles", ":material/article:"),
    ("corrections", ":material/rule:"),
]
if not is_read_only():  # a public, read-only deployment has no way in for articles
    PAGES.append(("add", ":material/upload_file:"))
# The default page is served at the root; the name its url_path reserves ("home") is never shown, so
# that "overview" is free for the hidden page below, which sends /overview links to the root.
pages = [st.Page(f"pages/{name}.py", title=t(f"page.{name}", lang), icon=icon, url_path="home" if i == 0 else name,
                 default=(i == 0)) for i, (name, icon) in enumerate(PAGES)]


def _to_overview() -> None:
    """/overview opens the Overview (at the root), with the link's parameters."""
    st.switch_page(pages[0], query_params={k: st.query_params.get_all(k) for k in st.query_params})



overview_alias = st.Page(_to_overview, title=t("page.overview", lang), url_path="overview", visibility="hidden")
st.navigation(pages + [overview_alias]).run()
