"""State (and national) snapshots for journalists: PNG, one-page PDF, SVG, CSV, GeoJSON, manifest, zip.

Everything here is a pure function of its inputs (the embedded tables, the view — state, as-of
date, target, basis, language, facility filters — and an optional CLUES catalogue), so the same
inputs give byte-identical files.  The package, by concern:
- ``view``: the view, the rows a page and a figure share (status, target and delay, census,
  facilities, events, every target), and the snapshot's words (title, key figures, sources);
- ``figure``: the A4 page drawn with matplotlib (functions over those rows), shared by the national
  colourings and the animation;
- ``files``: the figure as PNG/PDF/SVG, the rows as CSV/GeoJSON, the manifest, the zip, ``write``;
- ``core``: ``Snapshot``, the three together; ``national``: the national map in each colouring.
The hashes and layers a manifest records are in ``coverage.provenance``; the page's URL values in
``coverage.urlstate``; the embeddable HTML map in ``coverage.embed``.

The names below are the ones the pages, the CLI and the tests import from ``coverage.snapshot``.
"""

from coverage import __version__  # noqa: F401  (the manifest's app version)
from coverage.provenance import INPUT_TABLES, data_versions, input_files, layers, sha256_file  # noqa: F401
from coverage.snapshot.core import Snapshot  # noqa: F401
from coverage.snapshot.figure import (CRS, MUTED_TEXT, NEIGHBOUR_EDGE, NEIGHBOUR_FILL, PAGE_SIZE,  # noqa: F401
                                      PNG_DPI, SAVE_RC, SCREEN_DPI, TEXT_COLOUR, draw_states, neighbour_labels,
                                      projected_states, simplified_states, state_figure)
from coverage.snapshot.files import SAVE_METADATA, ZIP_DATE, geojson_bytes, write, zip_bytes  # noqa: F401
from coverage.snapshot.national import AccessShading, NationalSnapshot, access_shading, all_colourings  # noqa: F401
from coverage.snapshot.view import (FACILITY_COLUMNS, FILTER_KEYS, SnapshotError, SnapshotView, View,  # noqa: F401
                                    base_name, check_view, delay_text, facility_counts, facility_rows,
                                    national_frames, normalise_filters, slug, state_events, state_name,
                                    state_rows, targets_for_state)
from coverage.tables import FILES, STATE_CODES  # noqa: F401
from coverage.urlstate import url_choices, url_state  # noqa: F401  (the state page's ?estado= and filters)
