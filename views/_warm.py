"""What the warm-up run loads beyond the map page, before anyone visits.

``scripts/serve.py`` asks Streamlit's script health check to run the app once in a throwaway session as
soon as the server answers.  That run draws the default page (the national map); for every page named in
``$COVERAGE_WARM`` (comma-separated; serve.py sets ``unidades`` unless the variable is given, an empty
value loads nothing more) it then loads what that page's first visit would load, into the process-wide
caches of ``views._data``, and imports its modules.  Only the facilities page is known: its first visit
on a fresh server spent about 1.8 s loading, checking and encoding the national network and importing
altair for its transfer chart (2.0 s first run after the map page, 0.19 s once warm, AppTest; 0.53 s
with the data loaded but altair not imported), which is most of why /unidades appeared later than the
map (issue 14).  The price is memory: the network, its encoded points and altair stay in the server
whether or not anyone opens /unidades (RSS once ready 179 → 330 MB on the reference machine).

A visitor's session never runs this: it has the browser's request headers, the health check's has none.

The run ends by freezing the heap (``gc.freeze`` after a full collection): what is loaded by then (the
tables, the geometry, the network and its encoded points, the modules) stays for the server's life, and
without the freeze Python's oldest-generation collection walked all of it again every few seconds, 85–209
ms each time (a ``gc.callbacks`` probe during date changes, 2026-12-07), holding every session's script
meanwhile: the map's message of a date change left the server 68–238 ms after the click.  Frozen objects
are never collected, so only the start's data is frozen, once; what sessions create later is collected
as before.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable

import streamlit as st

ENV = "COVERAGE_WARM"


def _facilities(lang: str) -> None:
    """The catalogue /unidades shows with no upload ($COVERAGE_CLUES, else the embedded network) and
    what its first run derives from it: figures, metrics, the 2026-04 counts, the encoded points."""
    from coverage import charts, facility_display, facility_maps, network  # noqa: F401 (the page's imports: altair)
    from views._data import catalogue_metrics, catalogue_summary, encoded_points, network_metrics
    from views._facilities_shared import catalogue_or_network

    catalogue = catalogue_or_network()
    if network.is_embedded(catalogue):
        network_metrics()
        network.state_counts()
    else:
        catalogue_summary(catalogue)
        catalogue_metrics(catalogue)
    encoded_points(catalogue, lang).data  # noqa: B018 (a cached property: computing it is the point)
    if network.is_embedded(catalogue):  # the national map's facility layer loads them as a static file
        from views._facilities_shared import point_file

        point_file(encoded_points(catalogue, lang))
    facility_maps.states_data()


PAGES: dict[str, Callable[[str], None]] = {"unidades": _facilities}


def requested() -> tuple[list[str], list[str]]:
    """(known, unknown) page names in ``$COVERAGE_WARM`` (``unidades``, ``/unidades`` and spaces alike)."""
    names = [name.strip().strip("/") for name in os.environ.get(ENV, "").split(",") if name.strip().strip("/")]
    return [n for n in names if n in PAGES], [n for n in names if n not in PAGES]


def is_warm_up_session() -> bool:
    """The health check's throwaway session: no browser, so no request headers."""
    return not st.context.headers


def warm_up(lang: str) -> None:
    """In the warm-up session of a server started by ``scripts/serve.py`` (which always sets
    ``$COVERAGE_WARM``, empty to load nothing more): load what the pages named there need, then freeze
    the heap once."""
    if ENV not in os.environ or not is_warm_up_session():
        return
    known, unknown = requested()
    for name in unknown:
        print(f"{ENV}: '{name}' is not a page the warm-up knows ({', '.join(PAGES)}); nothing loaded for it",
              file=sys.stderr, flush=True)
    for name in known:
        PAGES[name](lang)
    freeze_the_start()


def freeze_the_start() -> None:
    """``gc.freeze()`` after a full collection, once per process (see the module's text)."""
    if gc.get_freeze_count():
        return
    gc.collect()
    gc.freeze()
