"""Every cached loader of the app, in one place: the embedded tables, the embedded facility network and
its metrics, a CLUES catalogue (upload or $COVERAGE_CLUES) and what is derived from it, the locality
tables and the nearest-unit search.

``st.cache_resource`` returns one shared, read-only object per process (no copy): callers must not
modify what they get.  Catalogues are keyed by their content hash (``Catalogue.key``), never hashed
again; a catalogue without a key (built by hand) is not cached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from coverage import tables

if TYPE_CHECKING:  # imported where used: the entry script loads this module before any page needs them
    import pandas as pd

    from coverage import access, clues, facility_points
    from coverage import localities as L


@st.cache_resource(show_spinner=False)
def load_tables() -> tables.Tables:
    return tables.load()


# ------------------------------------------------------------------------------------ facilities

@st.cache_resource(show_spinner=False)
def embedded_network() -> clues.Catalogue:
    """The national network embedded in the app (CLUES 2023 cut): the default when nothing is loaded."""
    from coverage import network

    return network.load_network()


@st.cache_resource(show_spinner=False)
def network_metrics() -> pd.DataFrame:
    """``network.state_metrics`` for all 32 states."""
    from coverage import network

    return network.state_metrics(load_tables().census)


@st.cache_resource(max_entries=4, show_spinner=False)
def _normalised(key: str, _files: tuple[tuple[str, bytes], ...]) -> clues.Catalogue:
    """Keyed by the content hash only; the bytes themselves are not hashed again."""
    from coverage import clues

    return clues.load_files(list(_files), cache=clues.cache_dir())


def uploaded_catalogue(files: list[tuple[str, bytes]]) -> clues.Catalogue:
    from coverage import clues

    return _normalised(clues.cache_key(files), tuple(files))


@st.cache_resource(show_spinner=False)
def env_catalogue(spec: str) -> tuple[clues.Catalogue | None, clues.CatalogueError | None]:
    from coverage import clues

    try:
        return clues.load(spec, cache=clues.cache_dir()), None
    except clues.CatalogueError as exc:
        return None, exc


def _keyed(function):
    """Cache ``function(key, *args, catalogue)`` per catalogue content and arguments."""
    cached = st.cache_resource(max_entries=8, show_spinner=False)(function)

    def call(catalogue: clues.Catalogue, *args):
        if not catalogue.key:
            return function(catalogue.key, *args, catalogue)
        return cached(catalogue.key, *args, catalogue)

    return call


@_keyed
def _summary(key: str, _catalogue: clues.Catalogue) -> dict:
    from coverage import clues

    return clues.summary(_catalogue)


@_keyed
def _metrics(key: str, _catalogue: clues.Catalogue) -> pd.DataFrame:
    from coverage import clues

    return clues.state_metrics(_catalogue, load_tables().census)


@_keyed
def _encoded(key: str, lang: str, _catalogue: clues.Catalogue) -> facility_points.EncodedPoints:
    from coverage import facility_points

    return facility_points.encode_catalogue(_catalogue.table, lang)


def catalogue_summary(catalogue: clues.Catalogue) -> dict:
    """``clues.summary`` of the catalogue."""
    return _summary(catalogue)


def catalogue_metrics(catalogue: clues.Catalogue) -> pd.DataFrame:
    """``clues.state_metrics`` joined to the embedded census."""
    return _metrics(catalogue)


def encoded_points(catalogue: clues.Catalogue, lang: str) -> facility_points.EncodedPoints:
    """Every row of the catalogue encoded for the map in ``lang``; slice it with ``clues.points_mask``."""
    return _encoded(catalogue, lang)


# ------------------------------------------------------------------------------------ localities

@st.cache_resource(show_spinner=False)
def embedded_localities() -> L.Localities:
    from coverage import localities as L

    return L.load_embedded()


@st.cache_resource(max_entries=4, show_spinner=False)
def uploaded_localities(key: str, name: str, _data: bytes) -> L.Localities:
    from coverage import localities as L

    return L.from_bytes(name, _data)


@st.cache_resource(show_spinner=False)
def env_localities(spec: str) -> tuple[L.Localities | None, L.LocalitiesError | None]:
    from coverage import localities as L

    try:
        return L.load(spec), None
    except L.LocalitiesError as exc:
        return None, exc


@st.cache_resource(max_entries=16, show_spinner=False)
def _nearest_cached(places_key: str, units_key: str, scope: str, _places, _units) -> access.Nearest:
    from coverage import access

    return access.nearest(_places, _units, scope)


def nearest(places: L.Localities, units, scope: str) -> access.Nearest:
    """Per (locality table, catalogue, scope): computed once per process, shared read-only."""
    from coverage import access

    key = getattr(units, "key", "")
    if not places.key or not key:
        return access.nearest(places, units, scope)
    return _nearest_cached(places.key, key, scope, places, units)
