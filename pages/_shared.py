"""What every page shares: cached data, and the language and date widgets that the URL carries.

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


def _url_notices(lang: str) -> list[str]:
    """Explain URL values that the bound widgets will drop (Streamlit ignores them silently)."""
    notices = []
    raw_lang = st.query_params.get(LANG_KEY)
    if raw_lang is not None and raw_lang not in i18n.LANGUAGES:
        notices.append(i18n.t("notice.bad_language", lang, value=raw_lang[:20]))
    raw_date = st.query_params.get(AS_OF_KEY)
    if raw_date is not None:
        try:
            parse_as_of(raw_date, dt.date.today())
        except DateError as exc:
            reason = i18n.t(f"date_error.{exc.code}", lang, **{k: str(v)[:20] for k, v in exc.values.items()})
            notices.append(i18n.t("notice.bad_date", lang, value=raw_date[:20], reason=reason))
    return notices


def sidebar_controls() -> tuple[str, dt.date]:
    """Language and as-of date, bound to the URL (?lang=en&fecha=2023-12-31) so a link reopens the view."""
    url_lang = i18n.normalise_language(st.query_params.get(LANG_KEY))
    notices = _url_notices(url_lang)
    with st.sidebar:
        lang = st.segmented_control(
            i18n.t("sidebar.language", url_lang),
            options=list(i18n.LANGUAGES),
            default=i18n.DEFAULT_LANGUAGE,
            # no format_func: a bound widget writes its *label* into the URL, and the URL should say lang=en
            key=LANG_KEY,
            bind="query-params",
        ) or i18n.DEFAULT_LANGUAGE
        as_of = st.slider(
            i18n.t("sidebar.as_of", lang),
            min_value=FIRST_AS_OF,
            max_value=dt.date.today(),
            value=dt.date.today(),
            format="YYYY-MM-DD",
            help=i18n.t("sidebar.as_of_help", lang),
            key=AS_OF_KEY,
            bind="query-params",
        )
    for notice in notices:
        st.warning(notice, icon="⚠️")
    return lang, as_of
