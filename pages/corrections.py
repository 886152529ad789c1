"""Corrections: being built (issue 12)."""
import streamlit as st

import app_support as app

ctx = app.setup()
st.title(ctx.t("page.corrections"))
