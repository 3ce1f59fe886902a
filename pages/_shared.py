"""What every page shares: cached data, and the language and date widgets that the URL carries.

Only widget wiring and caching live here; everything computed comes from ``coverage``.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from coverage import freshness, gaps, i18n, maps, tables
from coverage.dates import FIRST_AS_OF, DateError, parse_url_date

COLOURING_KEY = "color"
LANG_KEY = "lang"
AS_OF_KEY = "fecha"
TARGET_KEY = "meta"
BASIS_KEY = "base"


@st.cache_resource(show_spinner=False)
def load_tables() -> tables.Tables:
    return tables.load()


def frame_state() -> tuple[str, dt.date, str, str]:
    """The language, as-of date, target and basis chosen in the sidebar (set by app.py each run)."""
    return (st.session_state["_lang"], st.session_state["_as_of"], st.session_state["_target"],
            st.session_state["_basis"])


def _url_notices(lang: str, target_choices: list[str]) -> list[str]:
    """Explain URL values that the bound widgets will drop (Streamlit ignores them silently)."""
    notices = []
    raw_lang = st.query_params.get(LANG_KEY)
    if raw_lang is not None and raw_lang not in i18n.LANGUAGES:
        notices.append(i18n.t("notice.bad_language", lang, value=raw_lang[:20]))
    raw_date = st.query_params.get(AS_OF_KEY)
    if raw_date is not None:
        try:
            parse_url_date(raw_date, dt.date.today())
        except DateError as exc:
            reason = i18n.t(f"date_error.{exc.code}", lang, **{k: str(v)[:20] for k, v in exc.values.items()})
            notices.append(i18n.t("notice.bad_date", lang, value=raw_date[:20], reason=reason))
    raw_target = st.query_params.get(TARGET_KEY)
    if raw_target is not None and raw_target not in target_choices:
        notices.append(i18n.t("notice.bad_target", lang, value=raw_target[:20], default=gaps.DEFAULT_TARGET))
    raw_basis = st.query_params.get(BASIS_KEY)
    if raw_basis is not None and raw_basis not in gaps.BASES:
        notices.append(i18n.t("notice.bad_basis", lang, value=raw_basis[:20]))
    return notices


def sidebar_controls() -> tuple[str, dt.date, str, str]:
    """Language, as-of date, target and basis, bound to the URL (?lang=en&fecha=2023-12-31&meta=2023-01)
    so a copied link reopens the same view."""
    url_lang = i18n.normalise_language(st.query_params.get(LANG_KEY))
    target_choices = gaps.target_ids(load_tables())
    notices = _url_notices(url_lang, target_choices)
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
        target = st.selectbox(
            i18n.t("sidebar.target", lang),
            options=target_choices,
            index=target_choices.index(gaps.DEFAULT_TARGET),
            help=i18n.t("sidebar.target_help", lang),
            key=TARGET_KEY,
            bind="query-params",
        )
        st.caption(target_caption(target, lang))
        basis = st.radio(
            i18n.t("sidebar.basis", lang),
            options=list(gaps.BASES),
            format_func=lambda b: i18n.t(f"basis.{b}", lang),
            horizontal=True,
            key=BASIS_KEY,
            bind="query-params",
        )
    for notice in notices:
        st.warning(notice, icon="⚠️")
    return lang, as_of, target, basis


def freshness_notice(lang: str, as_of: dt.date) -> None:
    """'eventos revisados al …' on every page; a visible notice when the date is past the review."""
    data = load_tables()
    text = freshness.stamp(data, as_of, lang)
    if freshness.carried_forward(data, as_of):
        st.info(text, icon="🕒")
    else:
        st.caption(text)


def target_caption(target_id: str, lang: str) -> str:
    row = gaps.announcements(load_tables(), lang).set_index("target_id").loc[target_id]
    when = i18n.format_partial(row["announced"], lang)
    return i18n.t("sidebar.target_caption", lang, who=row["announced_by"], date=when, source=row["source_url"])


def colouring_control(lang: str) -> str:
    """How the national map is coloured, bound to ?color=… (the URL carries the shown label)."""
    labels = {mode: i18n.t(f"colouring.{mode}", lang) for mode in maps.COLOURINGS}
    raw = st.query_params.get(COLOURING_KEY)
    if raw is not None and raw not in labels.values():
        st.warning(i18n.t("notice.bad_colouring", lang, value=raw[:30]), icon="⚠️")
    return st.segmented_control(
        i18n.t("map.colouring", lang),
        options=list(maps.COLOURINGS),
        default="status",
        format_func=labels.__getitem__,
        key=COLOURING_KEY,
        bind="query-params",
    ) or "status"
