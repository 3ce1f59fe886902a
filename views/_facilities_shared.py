"""The CLUES catalogue this session uses: an upload in this session, or the file(s) named by
$COVERAGE_CLUES, else (for the pages that need one) the embedded national network.

The normalised catalogue is cached per process by content hash (``views._data``), and on disk by
``coverage.clues.load_files``.
"""

from __future__ import annotations

import os

import streamlit as st

from coverage import clues
from coverage.i18n import t
from views._data import embedded_network, env_catalogue, uploaded_catalogue

SESSION_KEY = "_clues_catalogue"
UPLOAD_KEY = "clues_upload"


def upload_limit_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))


def error_text(exc: clues.CatalogueError, lang: str) -> str:
    values = {"name": "", "format": "", "columns": "", **{k: str(v) for k, v in exc.values.items()}}
    return t(f"clues_error.{exc.code}", lang, **values)


def catalogue_or_network() -> clues.Catalogue:
    """The session's catalogue (upload, $COVERAGE_CLUES), else the embedded national network."""
    loaded = current_catalogue()
    return loaded if loaded is not None else embedded_network()


def current_catalogue() -> clues.Catalogue | None:
    """The catalogue this session uses: its upload, else $COVERAGE_CLUES, else None."""
    uploaded = st.session_state.get(SESSION_KEY)
    if uploaded is not None:
        return uploaded
    spec = os.environ.get("COVERAGE_CLUES")
    if spec:
        return env_catalogue(spec)[0]
    return None


def catalogue_loader(lang: str) -> clues.Catalogue | None:
    """The upload widget (size limit stated), the load messages, and the catalogue in use."""
    limit = upload_limit_mb()
    files = st.file_uploader(
        t("facilities.upload.label", lang, mb=limit),
        type=["xlsx", "csv", "parquet"],
        accept_multiple_files=True,
        help=t("facilities.upload.help", lang, mb=limit),
        key=UPLOAD_KEY,
    )
    if files:
        payload = [(f.name, f.getvalue()) for f in files]
        try:
            with st.spinner(t("facilities.upload.reading", lang)):
                st.session_state[SESSION_KEY] = uploaded_catalogue(payload)
        except clues.CatalogueError as exc:
            st.session_state[SESSION_KEY] = None
            st.error(error_text(exc, lang), icon="🚫")
    else:
        st.session_state[SESSION_KEY] = None
    spec = os.environ.get("COVERAGE_CLUES")
    if spec and st.session_state.get(SESSION_KEY) is None:
        catalogue, error = env_catalogue(spec)
        if error is not None:
            st.error(t("facilities.env.error", lang, reason=error_text(error, lang)), icon="🚫")
        return catalogue
    return st.session_state.get(SESSION_KEY)


_POINT_FILES: dict[str, str | None] = {}  # file name → address, once per process (2.8 MB with the names file)


def point_file(encoded) -> str | None:
    """The address of ``encoded``'s points as the app's static script (written on first use, then
    remembered; ``EncodedPoints.data_files``, with their names and codes beside them), or None when the static folder cannot take it (the caller
    then sends the points with ``point_data``).

    For the national map's facility layer (issue 14): sent through the page (``point_data``), the embedded
    network's 2.8 MB message went ahead of the map's own on the websocket and was sanitised and run on the
    page's thread before the map's frame was created; a script the frame loads itself does neither."""
    from coverage.resources import publish_static
    from views._widgets import STATIC_DIR

    name, text_name = encoded.file_names
    if name not in _POINT_FILES:
        points, texts = encoded.data_files()
        # the texts first: the points name their file, and a frame may ask for it as soon as it has them
        _POINT_FILES[name] = None
        if publish_static(STATIC_DIR, text_name, texts) is not None:
            _POINT_FILES[name] = publish_static(STATIC_DIR, name, points)
    return _POINT_FILES[name]


def point_data(encoded, shapes: bool = True) -> None:
    """Every drawable point of the catalogue on screen, once, into the app window (``EncodedPoints.data``).

    Outside the map's fragment, so a filter change does not send it again (the map then gets only a
    bitset per group, ``EncodedPoints.subsets``); on a full rerun it is byte-identical and Streamlit
    sends a reference only.  The state shapes of ``facility_maps.base_map`` travel with them (``shapes``;
    not for the national map, which draws its own states layer).  The
    scripts only store data (every text in them is HTML-escaped)."""
    from coverage.facility_maps import states_data

    st.html((states_data()[1] if shapes else "") + encoded.data[1], unsafe_allow_javascript=True)
