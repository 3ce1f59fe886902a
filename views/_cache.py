"""Results of the national map build, cached per (date, language, target, basis): small keys, 32 rows.

Every rerun of the national map (each date step, a colouring change, another reader on the same date)
rebuilt the status table twice (once more inside ``gaps.state_gaps``) and the gap table from the events:
about two thirds of the script's rerun time.  ``st.cache_data`` hands each caller its own copy.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from coverage import gaps, rollout
from views._shared import load_tables


@st.cache_data(max_entries=512, show_spinner=False)
def national_tables(as_of: dt.date, lang: str, target: str, basis: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(status table, gap table) for the national map; the embedded tables are fixed for the process."""
    data = load_tables()
    table = rollout.status_table(data, as_of, lang)
    return table, gaps.state_gaps(data, target, as_of, basis, lang, table)
