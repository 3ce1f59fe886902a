"""The national map's head start: on a reader's first visit the map is drawn before the rest of the page.

Why (issue 14, traced in Chromium): every Streamlit widget kind is a piece of page code the browser
fetches the first time the kind is drawn (a date box, a select box, a metric…: about 35 files more than
the floor's page).  React shows a placeholder for each until its code is in, and while any placeholder
of the page is still waiting it holds back revealing the others (by up to 300 ms after the last one
appeared), so the map's frame was created only after the *last* widget's code arrived (1.98 s into a
visit; the floor's 1.15 s), and then Leaflet drew while the page drew its other forty elements on the
same thread.  Sent alone, the map's frame is created as early as the floor's (1.03–1.19 s), and its states
are drawn as early if the rest reaches the browser late enough not to compete with Leaflet, but not so
late that the page is whole later than before.  ``bench/ab_bench.py``, 2 rounds × 4 fresh-context visits,
the floor and the code without a head start in the same rounds (later visit = states drawn; page whole =
the sidebar, the side figures and the table on screen too; medians):

    rest sent after   later visit ÷ floor   page whole ÷ floor   (22:05 and 22:16 UTC, load ~2.3)
    not held back     1.28 / 1.32           1.28 / 1.32
    0.4 s             –    / 1.23           –    / 1.27
    0.5 s             1.06 / 1.11           1.20 / 1.24
    0.6 s             –    / 1.11           –    / 1.33
    0.8 s             1.03 / –              1.48 / –
    1.2 s             1.01 / –              1.64 / –

0.5 s gives the map its time and the whole page sooner than before (2.36 → 2.22 s).

So on the session's first run of the map page, and only in a browser, the page draws the title, the
colouring buttons and the map, waits ``HEAD_START_S``, then draws the rest (the side panel, the table,
the exports, the sidebar: ``app.py`` draws the sidebar after the page).  Later runs of the session (a
date, a colouring, a click) do not wait: the browser has every widget's code by then.  Each part keeps
its place in the page whatever the order it is sent in (Streamlit places an element by its position
in its own container), so nothing moves and the map is not re-mounted on the next run.
"""

from __future__ import annotations

import time

import streamlit as st

HEAD_START_S = 0.5  # the A/B above
DONE_KEY = "_map_head_start_done"


def due() -> bool:
    """Whether this run gives the map its head start: the session's first map, with a browser on the other
    end (AppTest and the warm-up run have no address; nothing would wait for the map)."""
    return not st.session_state.get(DONE_KEY) and bool(st.context.url)


def give() -> None:
    """Call right after the map is drawn: waits once a session, so the map reaches the browser alone."""
    if due():
        st.session_state[DONE_KEY] = True
        time.sleep(HEAD_START_S)
