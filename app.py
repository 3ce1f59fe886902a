"""Entry point: ``streamlit run app.py``.  The frame (language, date, target, basis) and the page list."""

from __future__ import annotations

import streamlit as st

from coverage import i18n, maps
from coverage.map_css import phone_frame_css
from coverage.tables import DataError
from views._data import load_tables
from views._frame import set_frame
from views._sidebar import freshness_notice, share_link, sidebar_controls, view_frame
from views._url import ACCESS_CONTROLS_KEY
from views._warm import warm_up

st.set_page_config(page_title="IMSS-BIENESTAR", layout="wide")
ACCESS_BOX = f".st-key-{ACCESS_CONTROLS_KEY}"  # views/_access_shared.national_view's controls
ACCESS_ROW = f"[data-testid=stHorizontalBlock]:has(>[data-testid=stColumn]>[data-testid=stVerticalBlock]>*>{ACCESS_BOX})"
SEGMENT_BORDER = "#dcd8d4"  # the light theme's widget border (Streamlit 1.67), as its segmented control draws it
# Metric labels wrap instead of ending in "…"; less empty space above the title, so the national map
# and its legend fit above the fold at 1400×1000.
st.html("<style>[data-testid=stMetricLabel] p{white-space:normal!important;overflow:visible!important;"
        "text-overflow:clip!important}[data-testid=stMetricLabel]>div{overflow:visible!important}"
        "[data-testid=stMainBlockContainer]{padding-top:2.5rem}"
        # a key figure of the state page: wraps instead of being cut off like st.metric's value
        ".key-figure{font-size:1.45rem;font-weight:600;line-height:1.25}"
        # a multiselect's chips wrap onto more lines instead of being cut at the box's edge (issue 12)
        "[data-testid=stMultiSelect] [role=group]{max-height:none!important}"
        "[data-testid=stMultiSelectTagsContainer]{flex-wrap:wrap!important;overflow:visible!important}"
        # a chip longer than the box wraps its text rather than ending in "…"
        "[data-testid=stMultiSelectTagsContainer] span[aria-label]:has(>span[title]){height:auto!important;"
        "min-height:1.5rem}[data-testid=stMultiSelectTagsContainer] span[title]{white-space:normal!important;"
        "text-overflow:clip!important;overflow-wrap:anywhere;line-height:1.25}"
        # A segmented control that wraps onto a second row (the colouring on a phone) drew that row's first
        # button without its left border when the button before it was the chosen one: Streamlit hides
        # a border next to the chosen button, which covers it, and expects the two to touch.  Every border
        # is drawn; the chosen (or hovered) button still lies over its neighbours' (its z-index is higher).
        "[data-testid=stButtonGroup] button[data-variant=segmented_control]:not([data-selected]):not([data-hovered])"
        ":not([data-focus-visible])"
        f"{{border-left-color:{SEGMENT_BORDER}!important;border-right-color:{SEGMENT_BORDER}!important}}"
        # On a phone Streamlit stacks every column: the national map's six status figures took six rows
        # (520 px) after the map.  A row of figures keeps two side by side (the map and its panel still stack).
        "@media (max-width:640px){[data-testid=stHorizontalBlock]:has(>[data-testid=stColumn]>[data-testid=stVerticalBlock]"
        ">[data-testid=stElementContainer]>[data-testid=stMetric]):not(:has(iframe))>[data-testid=stColumn]"
        "{min-width:calc(50% - 1rem)!important}[data-testid=stMetricValue]{font-size:1.75rem}}"
        # On a phone the columns stack, map first: the access colouring's controls (units, distance) came
        # after the map and its figures, so a new distance recoloured a map out of sight (issue 12).  Their
        # column gives its parts to the stacked row, and the controls go above the map.
        "@media (max-width:640px){" + ",".join(
            f"{ACCESS_ROW}>[data-testid=stColumn]:has({ACCESS_BOX}){inner}" for inner in ("", ">[data-testid=stVerticalBlock]"))
        + "{display:contents!important}"
        f"{ACCESS_ROW}>[data-testid=stColumn]:has({ACCESS_BOX})>[data-testid=stVerticalBlock]>*"
        "{order:1;flex:0 0 100%!important;width:100%!important;max-width:100%!important}"
        f"{ACCESS_ROW}>[data-testid=stColumn]:has({ACCESS_BOX})>[data-testid=stVerticalBlock]>:has(>{ACCESS_BOX})"
        "{order:-1}"
        # and their distance presets stay in one row (stacked, four buttons took 400 px above the map)
        f"{ACCESS_BOX} [data-testid=stHorizontalBlock]>[data-testid=stColumn]"
        "{min-width:0!important;flex:1 1 0!important;width:auto!important}}"
        # on a phone the national map's frame is as tall as the country and its legend need (the page
        # with the colouring control; the map's div follows its frame: map_css.FOLLOW_FRAME)
        + phone_frame_css('[data-testid=stMain]:has(.st-key-color) iframe[title="streamlit_folium.st_folium"]',
                          maps.MEXICO_BOUNDS, maps.FIT_LEGEND_ROOM) + "</style>")

try:
    load_tables()
except DataError as exc:
    st.error(i18n.t("error.data", i18n.normalise_language(st.query_params.get("lang"))))
    st.code(str(exc))
    st.stop()

frame = view_frame()  # the session's view; its widgets are drawn after the page (views/_head_start.py)
set_frame(frame)
lang = frame.lang
freshness_notice(lang, frame.as_of)

# Streamlit serves the default page at "/" only, whatever its url_path: a reader who typed /mapa (as
# /avance and /estado are typed) got "Page not found".  A hidden page there sends the link on to "/".
map_page = st.Page("views/national_map.py", title=i18n.t("nav.map", lang), url_path="mapa_nacional", default=True)


def to_the_map() -> None:
    st.switch_page(map_page, query_params=st.query_params.to_dict())


navigation = st.navigation([
    map_page,
    st.Page("views/rollout.py", title=i18n.t("nav.rollout", lang), url_path="avance"),
    st.Page("views/state.py", title=i18n.t("nav.state", lang), url_path="estado"),
    st.Page("views/facilities.py", title=i18n.t("nav.facilities", lang), url_path="unidades"),
    st.Page("views/sources.py", title=i18n.t("nav.sources", lang), url_path="fuentes"),
    st.Page(to_the_map, title=i18n.t("nav.map", lang), url_path="mapa", visibility="hidden"),
])
# Each page names the browser tab (bookmarks, history and tabs tell the pages apart).
st.set_page_config(page_title=i18n.t("ui.tab_title", lang, page=navigation.title))
navigation.run()  # no page ends its run early (st.stop): the sidebar below is on every page
sidebar_controls()
with st.sidebar:
    share_link(lang)
warm_up(lang)  # only in scripts/serve.py's warm-up run (no browser): the data of the pages in $COVERAGE_WARM
