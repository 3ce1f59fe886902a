"""The frame every page is drawn in: language, as-of date, target and basis, chosen in the sidebar.

``app.py`` stores one frozen ``Frame`` under ``FRAME_KEY`` on every run, before the page runs; pages
read it with ``frame()``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

FRAME_KEY = "_frame"


@dataclass(frozen=True)
class Frame:
    lang: str
    as_of: dt.date
    target: str
    basis: str

    def __iter__(self):
        """``lang, as_of, target, basis = frame()``."""
        return iter((self.lang, self.as_of, self.target, self.basis))


def frame() -> Frame:
    return st.session_state[FRAME_KEY]


def set_frame(value: Frame) -> None:
    st.session_state[FRAME_KEY] = value
