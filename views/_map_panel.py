"""The national map's side panel: the state a reader clicked or searched for, as a card with a link.

A click (or a tap on a phone) selects; it never navigates, so a first tap shows the card instead of
leaving the page.  The selection is in the URL (``?estado=13``) so a shared link opens the same card.
"""

from __future__ import annotations

import streamlit as st

from coverage import maps
from coverage.i18n import format_int, format_partial, format_pct, t
from coverage.labels import possible_sentence, status_since
from coverage.tables import STATE_CODES
from coverage.target_text import target_source
from views._data import load_tables
from views._url import param_widget

STATE_PARAM = "estado"
SELECTED_KEY = "_map_selected"
LAST_CLICK_KEY = "_map_last_click"
SEARCH_KEY = "_map_search"


def selected_state(clicked: str | None, names: dict[str, str], lang: str) -> str | None:
    """The state shown in the card: a new click wins, else the URL's ``?estado=`` (a link, or the search
    box, which writes it), else the search box cleared, else the last choice (back from another page)."""
    raw = st.query_params.get(STATE_PARAM)
    if SELECTED_KEY not in st.session_state:  # first visit: the link may name a state
        st.session_state[SELECTED_KEY] = raw if raw in STATE_CODES else None
        st.session_state[LAST_CLICK_KEY] = None
    if raw is not None and raw not in STATE_CODES:  # a tampered link: say so, and leave it for the state page
        st.warning(t("state.bad_code", lang, value=str(raw)[:20]), icon="⚠️")
    # st_folium repeats the last click on every rerun; only a different one is a new click
    if clicked is not None and clicked != st.session_state[LAST_CLICK_KEY]:
        st.session_state[SELECTED_KEY] = clicked
    elif raw in STATE_CODES:
        st.session_state[SELECTED_KEY] = raw
    elif SEARCH_KEY in st.session_state:  # the search box is on the page: it says whether one is chosen
        st.session_state[SELECTED_KEY] = st.session_state[SEARCH_KEY] or None
    st.session_state[LAST_CLICK_KEY] = clicked
    code = st.session_state[SELECTED_KEY]
    if code is not None and st.query_params.get(STATE_PARAM) != code:
        st.query_params[STATE_PARAM] = code
    return code


def state_search(selected: str | None, names: dict[str, str], lang: str) -> None:
    """The search box, bound to ``?estado=`` (a choice writes it, clearing the box removes it)."""
    param_widget(st.selectbox, t("ui.map.search", lang), ["", *sorted(STATE_CODES, key=lambda c: names[c])],
                 key=SEARCH_KEY, param=STATE_PARAM, value=selected or "", encode=lambda c: c or None,
                 format_func=lambda c: names[c] if c else t("ui.map.search_placeholder", lang),
                 placeholder=t("ui.choose_option", lang))


def state_card(code: str, table, gap_table, names: dict[str, str], lang: str) -> None:
    """Everything the old nine-row tooltip had, in a panel that is never clipped by the map's edge."""
    row = table.set_index("cve_ent").loc[code]
    delay = gap_table.set_index("cve_ent").loc[code]
    share = maps.uninsured_pct(table)[code] / 100
    with st.container(border=True, key="state_card"):
        st.markdown(f"#### {names[code]}")
        lines = [status_since(row, lang)]
        if row["possible_status"]:
            lines.append(possible_sentence(row, lang))
        if delay["target_date"]:
            lines.append(t("ui.card.target", lang, date=format_partial(delay["target_date"], lang),
                           target=target_source(load_tables(), delay["target_id"], lang)))
        if delay["actual_date"]:
            lines.append(t("ui.card.actual", lang, date=format_partial(delay["actual_date"], lang)))
        lines.append(t("ui.card.delay", lang, delay=maps.describe_delay(delay, lang)))
        no_ss = row["no_social_security_2020"]  # the headline definition first, PSINDER after it (issue 9)
        lines.append(t("ui.card.no_social_security", lang, people=format_int(no_ss, lang),
                       share=format_pct(no_ss / row["pop_2020"] if row["pop_2020"] else 0, lang)))
        lines.append(t("ui.card.uninsured", lang, people=format_int(row["uninsured_2020"], lang),
                       share=format_pct(share, lang)))
        if row["source_url"]:
            lines.append(t("ui.card.source", lang, host=maps.source_label(row["source_url"]), url=row["source_url"]))
        st.markdown("\n".join(f"- {line}" for line in lines))
        st.page_link("views/state.py", label=t("ui.card.open", lang, state=names[code]),
                     icon=":material/arrow_forward:", query_params={STATE_PARAM: code})
