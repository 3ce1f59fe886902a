"""The sidebar every page shares: language, date (slider, marks, steps, play, date box), target and
basis, bound to the URL through ``views._url``; the "copy link" button and the freshness notice.

Only widget wiring lives here; everything computed comes from ``coverage``.
"""

from __future__ import annotations

import datetime as dt
import html
import time

import streamlit as st
import streamlit.components.v1 as components

from coverage import freshness, gaps, i18n, target_text, timeline, urlstate
from coverage.chrome_language import chrome_call
from coverage.dates import FIRST_AS_OF
from coverage.map_names import script_json
from views._data import load_tables
from views._frame import Frame
from views._url import (AS_OF_KEY, BASIS_KEY, LANG_KEY, TARGET_KEY, current_view, move_view, set_view, show_notices,
                        view_widget, write_url)
from views._widgets import STATIC_DIR


def view_frame() -> Frame:
    """Language, as-of date, target and basis, as the session holds them; the URL carries them as codes
    (?lang=en&fecha=2023-12-31&meta=2023-01&base=decision) so a copied link reopens the same view.

    Nothing here is drawn in the sidebar: the widgets only write the view (``views._url``), so the page
    can be drawn before them (``sidebar_controls``, after the page: see ``views._head_start``)."""
    view = current_view()
    write_url(view, (LANG_KEY, AS_OF_KEY, TARGET_KEY, BASIS_KEY))
    show_notices(view.lang)
    return Frame(view.lang, view.as_of, view.target, view.basis)


def sidebar_controls() -> None:
    """The sidebar's widgets for the view: language, as-of date and its time controls, target, basis."""
    view = current_view()
    lang = view.lang
    with st.sidebar:
        view_widget(st.segmented_control, i18n.t("sidebar.language", lang), "lang", LANG_KEY,
                    options=list(i18n.LANGUAGES))
        view_widget(st.slider, i18n.t("sidebar.as_of", lang), "as_of", AS_OF_KEY, min_value=FIRST_AS_OF,
                    max_value=dt.date.today(), format="YYYY-MM-DD", help=i18n.t("sidebar.as_of_help", lang))
        time_controls(view, lang)
        view_widget(st.selectbox, i18n.t("sidebar.target", lang), "target", TARGET_KEY,
                    options=gaps.target_ids(load_tables()),
                    format_func=lambda target_id: target_text.target_label(load_tables(), target_id, lang, longest=1),
                    help=i18n.t("sidebar.target_help", lang), placeholder=i18n.t("ui.choose_option", lang))
        # the closed box cuts a long promise: the caption under it says it whole, then who, when and the source
        st.caption(f"{target_text.promise_sentence(load_tables(), view.target, lang)} "
                   f"{target_caption(view.target, lang)}")
        view_widget(st.radio, i18n.t("sidebar.basis", lang), "basis", BASIS_KEY, options=list(gaps.BASES),
                    format_func=lambda b: i18n.t(f"basis.{b}", lang), horizontal=True)


PLAY_KEY = "_playing"
PLAY_AT_KEY = "_played_at"
PLAY_SECONDS = 1.5  # one month per frame; a recolour takes about 0.8 s on the 2-core reference machine


def _step_to(day: dt.date | None) -> None:
    if day is not None:
        set_view(as_of=day)


def _toggle_play(first: dt.date, last: dt.date) -> None:
    playing = not st.session_state.get(PLAY_KEY, False)
    st.session_state[PLAY_KEY] = playing
    if playing:
        set_view(as_of=timeline.play_start(current_view().as_of, first, last))
        st.session_state[PLAY_AT_KEY] = time.monotonic()


def time_controls(view: urlstate.View, lang: str) -> None:
    """Under the slider: marks for events and deadlines, previous/next key date, play, a date box."""
    first, last = FIRST_AS_OF, dt.date.today()
    dates = timeline.key_dates(load_tables(), view.target, first, last)
    # plain HTML, not a Vega chart: Vega-Embed is 775 kB of page code on every page (issue 14)
    st.html(timeline.marks_html(dates, view.as_of, first, last, lang))
    st.caption(i18n.t("ui.time.marks_caption", lang))
    playing = st.session_state.get(PLAY_KEY, False)
    previous, following = st.columns(2, gap="small")
    previous.button(i18n.t("ui.time.prev", lang), icon=":material/skip_previous:", key="_time_prev",
                    help=i18n.t("ui.time.prev_help", lang), width="stretch", disabled=playing,
                    on_click=_step_to, args=(timeline.step(dates, view.as_of, -1),))
    following.button(i18n.t("ui.time.next", lang), icon=":material/skip_next:", key="_time_next",
                     help=i18n.t("ui.time.next_help", lang), width="stretch", disabled=playing,
                     on_click=_step_to, args=(timeline.step(dates, view.as_of, +1),))
    st.button(i18n.t("ui.time.pause" if playing else "ui.time.play", lang), key="_time_play",
              icon=":material/pause:" if playing else ":material/play_arrow:", width="stretch",
              type="primary" if playing else "secondary",
              help=i18n.t("ui.time.play_help", lang), on_click=_toggle_play, args=(first, last))
    view_widget(st.date_input, i18n.t("ui.time.box", lang), "as_of", "_as_of_box", min_value=first, max_value=last,
                format="YYYY-MM-DD")
    if playing:
        _player(last)


@st.fragment(run_every=PLAY_SECONDS)
def _player(last: dt.date) -> None:
    """While playing, every few seconds: one month on, then the whole page redrawn; stops at today.

    A fragment's body also runs inside every full run (the one its own st.rerun starts, too), so it
    moves on only when a whole interval has passed since the last frame."""
    if not st.session_state.get(PLAY_KEY, False):
        return
    now = time.monotonic()
    if now - st.session_state.get(PLAY_AT_KEY, 0.0) < 0.9 * PLAY_SECONDS:
        return
    st.session_state[PLAY_AT_KEY] = now
    following = timeline.next_month(current_view().as_of, last)
    if following is None:
        st.session_state[PLAY_KEY] = False
    else:
        move_view(as_of=following)  # the link's notices stay until a choice
    st.rerun(scope="app")


def share_link(lang: str) -> None:
    """A "copy link" button with the address of exactly this view, and the link itself, selectable, for
    when copying is refused.

    The link is read from the page's address when clicked (the component's frame is same-origin), not
    written into the component: a component whose text changes is reloaded by the browser on every rerun,
    which cost 50–90 ms of each date change before the map recoloured (issue 14).  Its text now changes
    only with the language.

    It also puts Streamlit's own words into the page's language (``coverage.chrome_language``): the
    component is on every page."""
    if not st.context.url:  # AppTest and other headless runs have no browser address
        return
    labels = {"copy_link": i18n.t("ui.copy_link", lang), "copied": i18n.t("ui.copied", lang),
              "copy_failed": i18n.t("ui.copy_failed", lang)}
    components.html(
        SHARE_TEMPLATE.format(labels=script_json(labels), label=html.escape(labels["copy_link"]),
                              help=html.escape(i18n.t("ui.copy_link_help", lang)),
                              chrome=chrome_call(lang, STATIC_DIR)),
        height=76,
    )


# Inside the component's iframe (allowed clipboard-write); on plain http from another machine the
# Clipboard API is missing, so the text field is selected and execCommand("copy") tried instead.  The
# field follows the page's address (Streamlit rewrites it with history.replaceState, which fires no event).
SHARE_TEMPLATE = """<!doctype html><html><body style="margin:0;font:14px 'Source Sans Pro',sans-serif">
<button id="b" type="button" title="{help}" style="padding:4px 10px;border:1px solid #ccc;border-radius:6px;
background:#fff;cursor:pointer;font:inherit">{label}</button> <span id="s" role="status" aria-live="polite"
style="color:#117733"></span>
<input id="u" readonly value="" aria-label="{label}" style="display:block;width:calc(100% - 8px);margin-top:6px;
font:12px monospace;border:1px solid #ddd;border-radius:4px;padding:2px;color:#444">
<script>
const labels = {labels}, status = document.getElementById("s"), field = document.getElementById("u");
function link() {{ try {{ return window.parent.location.href; }} catch (e) {{ return document.referrer || ""; }} }}
function follow() {{ const now = link(); if (field.value !== now) {{ field.value = now; status.textContent = ""; }} }}
follow(); setInterval(follow, 400);
try {{ window.frameElement.setAttribute("title", labels.copy_link); }} catch (e) {{}}  // not "st.iframe"
// Streamlit's own words in the page's language (coverage.chrome_language), run in the page itself
{chrome}
function fallback() {{ follow(); field.select(); let ok = false; try {{ ok = document.execCommand("copy"); }} catch (e) {{}}
  status.textContent = ok ? labels.copied : labels.copy_failed; }}
document.getElementById("b").addEventListener("click", () => {{
  const now = link(); field.value = now;
  if (navigator.clipboard && window.isSecureContext) {{
    navigator.clipboard.writeText(now).then(() => {{ status.textContent = labels.copied; }}, fallback);
  }} else {{ fallback(); }}
}});
</script></body></html>"""


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


