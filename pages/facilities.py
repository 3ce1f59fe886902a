"""Health facilities from a CLUES catalogue (being built: issue 4)."""

import streamlit as st

from coverage.i18n import t

lang = st.session_state["_lang"]
st.title(t("nav.facilities", lang))
