"""The dashboard's entry: `streamlit run dashboard.py`.

Declares the pages in `pages/`; each page draws the shared sidebar (language,
filters) and loads the tables through `app_support.setup()`.
"""
from __future__ import annotations

import streamlit as st

from lib.dashboard.i18n import LANG_NAMES, t
from lib.store.access import is_read_only

st.set_page_config(page_title="Syria coalition news · أخبار التحالف في سوريا", page_icon=":material/monitoring:",
                   layout="wide")

# The language switch lives in the pages' sidebar (bound to ?lang=); its value
# from the URL or the last run names the pages here.
_lang = st.session_state.get("lang") or st.query_params.get("lang") or "en"
lang = {v: k for k, v in LANG_NAMES.items()}.get(_lang, _lang if _lang in LANG_NAMES else "en")

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
st.navigation([st.Page(f"pages/{name}.py", title=t(f"page.{name}", lang), icon=icon, url_path=name,
                       default=(i == 0)) for i, (name, icon) in enumerate(PAGES)]).run()
