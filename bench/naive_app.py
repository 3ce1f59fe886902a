"""The naive baseline for bench/facilities_bench.py: one folium.Marker per unit in a MarkerCluster,
default folium assets (CDN, routed locally by the bench) and default st_folium settings."""

import json
import os
import sys
import time

import folium
import streamlit as st
from folium.plugins import MarkerCluster
from streamlit_folium import st_folium

from coverage import clues

started = time.perf_counter()


@st.cache_resource
def catalogue():
    return clues.load(os.environ["COVERAGE_CLUES"])


groups = st.multiselect("Institución", list(clues.GROUPS), default=list(clues.GROUPS), key="naive_groups")
shown = clues.points(catalogue(), groups=groups)
st.caption(f"{len(shown)} points")
fmap = folium.Map(location=[23.8, -102.3], zoom_start=5)
cluster = MarkerCluster().add_to(fmap)
for row in shown.itertuples():
    folium.Marker([row.lat, row.lon], tooltip=f"{row.name} {row.clues}").add_to(cluster)
st_folium(fmap)
if os.environ.get("COVERAGE_TIMING"):  # same line format as views/facilities.py
    print(json.dumps({"timing": "map", "seconds": round(time.perf_counter() - started, 4), "points": len(shown)}),
          file=sys.stderr, flush=True)
