"""The URL-bound widgets, in one place, with their notices.

Two kinds of choice travel in the link:

* the reader's *view* (language, date, target, basis, colouring: ``coverage.urlstate.View``).  The link
  decides once, on the session's first run; after that the session holds the view and writes it back
  as codes, so a language switch or a move to another page changes nothing else.  ``view_widget``
  draws a widget bound to one field of it; the notices for dropped link values come with the view.
* a page's own parameter (``?estado=13``, ``?tipos=hospital``): ``param_widget`` draws a widget bound to
  it.  A link that carries the parameter decides; the widget writes its code back (or removes it).

Widget keys are the URL parameters' names (tests and links refer to both by one name).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from coverage import gaps, urlstate
from views._data import load_tables

COLOURING_KEY = urlstate.COLOUR
ACCESS_CONTROLS_KEY = "access_controls"  # the access colouring's controls (?alcance=, ?km=); app.py's phone CSS names it
LANG_KEY = urlstate.LANG
AS_OF_KEY = urlstate.AS_OF
TARGET_KEY = urlstate.TARGET
BASIS_KEY = urlstate.BASIS

VIEW_KEY = "_view"
NOTICES_KEY = "_view_notices"


def current_view() -> urlstate.View:
    """The reader's choices (read from the link on the session's first run, then held by the session)."""
    if VIEW_KEY not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        view, notices = urlstate.read(params, gaps.target_ids(load_tables()))
        st.session_state[VIEW_KEY] = view
        st.session_state[NOTICES_KEY] = notices
    return st.session_state[VIEW_KEY]


def set_view(**changes) -> None:
    st.session_state[VIEW_KEY] = current_view().with_(**changes)
    st.session_state[NOTICES_KEY] = []  # the reader has moved on from the link that needed them


def move_view(**changes) -> None:
    """Change the view without a reader's choice (the player): the link's notices stay."""
    st.session_state[VIEW_KEY] = current_view().with_(**changes)


def show_notices(lang: str) -> None:
    """A warning for every value the link carried that could not be used."""
    for notice in st.session_state.get(NOTICES_KEY, []):
        st.warning(urlstate.notice_text(notice, lang), icon="⚠️")


def _keep(widget_key: str, field: str):
    """A widget callback that copies the widget's value (a code or a date, never a label) into the view."""
    def callback() -> None:
        value = st.session_state.get(widget_key)
        if value is not None:  # a segmented control clicked twice deselects: keep the choice
            set_view(**{field: value})
    return callback


def view_widget(widget: Callable, label: str, field: str, key: str, **kwargs):
    """``widget(label, key=key, **kwargs)`` showing the view's ``field`` and writing it back.

    The widget gets the view's value before it is drawn (its own state is lost when its label changes
    with the language, or when its page is left)."""
    st.session_state[key] = getattr(current_view(), field)
    return widget(label, key=key, on_change=_keep(key, field), **kwargs)


def write_url(view: urlstate.View, keys: tuple[str, ...]) -> None:
    """Write the view into the address bar as codes and ISO dates (only what changed)."""
    params = view.params()
    for key in keys:
        if st.query_params.get(key) != params[key]:
            st.query_params[key] = params[key]


def bind_param(key: str, param: str, value):
    """Give the widget under ``key`` the link's ``value`` when the link carries ``param`` (or on the first
    run), and return what the widget will show; ``param_widget`` does this, a page calls it first when
    something drawn before the widget depends on its value."""
    if param in st.query_params or key not in st.session_state:
        st.session_state[key] = value
    return st.session_state[key]


def param_widget(widget: Callable, label: str, *args, key: str, param: str, value,
                 encode: Callable[[object], str | None], on_change: Callable[[], None] | None = None, **kwargs):
    """``widget(label, *args, key=key, **kwargs)`` bound to the page's own URL parameter ``param``.

    ``value`` is what the link asks for (already checked; the caller shows the notice for a bad one).
    A link that carries ``param`` decides, else the session's last choice; a change writes
    ``encode(choice)`` into the URL, or removes the parameter when that is None (the default), then
    runs ``on_change`` (for a choice that moves another one, such as a scope that resets a distance)."""
    bind_param(key, param, value)

    def to_url() -> None:
        text = encode(st.session_state[key])
        if text is not None:
            st.query_params[param] = text
        elif param in st.query_params:
            del st.query_params[param]
        if on_change is not None:
            on_change()

    return widget(label, *args, key=key, on_change=to_url, **kwargs)
