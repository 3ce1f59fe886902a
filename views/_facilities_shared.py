"""The loaded CLUES catalogue: an upload in this session, or the file(s) named by $COVERAGE_CLUES.

Other pages call ``current_catalogue()`` to get the normalised catalogue (or None).  The
normalised table is cached per process by content hash (``st.cache_resource``: one shared,
read-only object), and on disk by ``coverage.clues.load_files``.
"""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from coverage import clues, facility_maps
from coverage.i18n import t
from views._shared import load_tables

SESSION_KEY = "_clues_catalogue"
ERROR_KEY = "_clues_error"
UPLOAD_KEY = "clues_upload"


@st.cache_resource(max_entries=4, show_spinner=False)
def _normalised(key: str, _files: tuple[tuple[str, bytes], ...]) -> clues.Catalogue:
    """Keyed by the content hash only; the bytes themselves are not hashed again."""
    return clues.load_files(list(_files), cache=clues.cache_dir())


def _load(files: list[tuple[str, bytes]]) -> clues.Catalogue:
    return _normalised(clues.cache_key(files), tuple(files))


@st.cache_resource(show_spinner=False)
def _env_catalogue(spec: str) -> tuple[clues.Catalogue | None, clues.CatalogueError | None]:
    try:
        return clues.load(spec, cache=clues.cache_dir()), None
    except clues.CatalogueError as exc:
        return None, exc


def upload_limit_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))


def error_text(exc: clues.CatalogueError, lang: str) -> str:
    values = {"name": "", "format": "", "columns": "", **{k: str(v) for k, v in exc.values.items()}}
    return t(f"clues_error.{exc.code}", lang, **values)


@st.cache_resource(show_spinner=False)
def embedded_network() -> clues.Catalogue:
    """The national network embedded in the app (CLUES 2023 cut): the default when nothing is loaded."""
    from coverage import network

    return network.load_network()


def catalogue_or_network() -> clues.Catalogue:
    """The session's catalogue (upload, $COVERAGE_CLUES), else the embedded national network."""
    loaded = current_catalogue()
    return loaded if loaded is not None else embedded_network()


@st.cache_resource(show_spinner=False)
def network_metrics() -> pd.DataFrame:
    """``network.state_metrics`` for all 32 states (shared: do not modify)."""
    from coverage import network

    return network.state_metrics(load_tables().census)


def current_catalogue() -> clues.Catalogue | None:
    """The catalogue this session uses: its upload, else $COVERAGE_CLUES, else None."""
    uploaded = st.session_state.get(SESSION_KEY)
    if uploaded is not None:
        return uploaded
    spec = os.environ.get("COVERAGE_CLUES")
    if spec:
        return _env_catalogue(spec)[0]
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
                st.session_state[SESSION_KEY] = _load(payload)
        except clues.CatalogueError as exc:
            st.session_state[SESSION_KEY] = None
            st.error(error_text(exc, lang), icon="🚫")
    else:
        st.session_state[SESSION_KEY] = None
    spec = os.environ.get("COVERAGE_CLUES")
    if spec and st.session_state.get(SESSION_KEY) is None:
        catalogue, error = _env_catalogue(spec)
        if error is not None:
            st.error(t("facilities.env.error", lang, reason=error_text(error, lang)), icon="🚫")
        return catalogue
    return st.session_state.get(SESSION_KEY)


# ------------------------------------------------------------------------- derived, cached per catalogue
# Everything below depends only on the catalogue's content (``Catalogue.key``) and the language, so it
# is computed once per process and shared, read-only, by every session and every rerun (engineering.md
# §3.1: cache_resource returns the same object, no copy; the catalogue itself is not hashed).  A
# catalogue without a key (built by hand) is not cached.

def _keyed(function):
    cached = st.cache_resource(max_entries=8, show_spinner=False)(function)

    def call(catalogue: clues.Catalogue, *args):
        if not catalogue.key:
            return function(catalogue.key, *args, catalogue)
        return cached(catalogue.key, *args, catalogue)

    return call


@_keyed
def _summary(key: str, _catalogue: clues.Catalogue) -> dict:
    return clues.summary(_catalogue)


@_keyed
def _metrics(key: str, _catalogue: clues.Catalogue) -> pd.DataFrame:
    return clues.state_metrics(_catalogue, load_tables().census)


@_keyed
def _encoded(key: str, lang: str, _catalogue: clues.Catalogue) -> facility_maps.EncodedPoints:
    return facility_maps.encode_catalogue(_catalogue.table, lang)


def catalogue_summary(catalogue: clues.Catalogue) -> dict:
    """``clues.summary`` of the catalogue (shared: do not modify)."""
    return _summary(catalogue)


def catalogue_metrics(catalogue: clues.Catalogue) -> pd.DataFrame:
    """``clues.state_metrics`` joined to the embedded census (shared: do not modify)."""
    return _metrics(catalogue)


def encoded_points(catalogue: clues.Catalogue, lang: str) -> facility_maps.EncodedPoints:
    """Every row of the catalogue encoded for the map in ``lang``; slice it with ``clues.points_mask``."""
    return _encoded(catalogue, lang)
