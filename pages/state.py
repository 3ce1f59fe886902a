"""State page and snapshot exports (being built: issue 5)."""

import streamlit as st

from coverage.i18n import t
from pages._shared import frame_state

lang, as_of, target, basis = frame_state()
st.title(t("nav.state", lang))
