"""What every page shares: cached data, the chosen language and date, and the URL that carries them.

Only widget wiring and caching live here; everything computed comes from ``coverage``.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from coverage import i18n, tables
from coverage.dates import FIRST_AS_OF, DateError, parse_as_of

LANG_KEY = "lang"
AS_OF_KEY = "fecha"


@st.cache_resource(show_spinner=False)
def load_tables() -> tables.Tables:
    return tables.load()


def today() -> dt.date:
    return dt.date.today()


def _restore_from_url() -> list[str]:
    """On a session's first run, take language and date from the URL; report what was rejected."""
    notices: list[str] = []
    params = st.query_params
    raw_lang = params.get(LANG_KEY)
    lang = i18n.normalise_language(raw_lang)
    if raw_lang is not None and raw_lang != lang:
        notices.append(i18n.t("notice.bad_language", lang, value=raw_lang[:20]))
    as_of = today()
    raw_date = params.get(AS_OF_KEY)
    if raw_date is not None:
        try:
            as_of = parse_as_of(raw_date, today())
        except DateError as exc:
            notices.append(i18n.t("notice.bad_date", lang, value=raw_date[:20], reason=exc))
    st.session_state[LANG_KEY] = lang
    st.session_state[AS_OF_KEY] = as_of
    return notices


def sidebar_controls() -> tuple[str, dt.date]:
    """Language and as-of date widgets, kept in the URL so a copied link reopens the same view."""
    notices = _restore_from_url() if LANG_KEY not in st.session_state else []
    with st.sidebar:
        lang = st.segmented_control(
            i18n.t("sidebar.language", st.session_state[LANG_KEY]),
            options=list(i18n.LANGUAGES),
            format_func=lambda code: {"es": "Español", "en": "English"}[code],
            key=LANG_KEY,
        ) or i18n.DEFAULT_LANGUAGE
        as_of = st.slider(
            i18n.t("sidebar.as_of", lang),
            min_value=FIRST_AS_OF,
            max_value=today(),
            format="YYYY-MM-DD",
            help=i18n.t("sidebar.as_of_help", lang),
            key=AS_OF_KEY,
        )
    for notice in notices:
        st.warning(notice, icon="⚠️")
    st.query_params[LANG_KEY] = lang
    st.query_params[AS_OF_KEY] = as_of.isoformat()
    return lang, as_of
