"""The floor for bench/run_bench.py: the smallest app a user could write with our stack.

The same 32 state shapes (geodata/states.geojson) through ``st_folium``, with the vendored Leaflet that
Streamlit's static serving sends (as src/coverage/maps.py does; bench/static is a link to ../static
because Streamlit serves the ``static`` folder beside the main script), and nothing else: no data
tables, no sidebar, no tooltips.  One date slider (same range as the app's, ``?fecha=`` read once) gives
the stack's own cost of a recolour: before 2023-06-01 every state is grey, from then on green, and the
coloured layer goes through ``feature_group_to_add`` so a date change does not re-mount the map.
"""

import datetime as dt
import json
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

SHAPES = Path(__file__).resolve().parents[1] / "geodata" / "states.geojson"
FIRST, SWITCH = dt.date(2021, 12, 1), dt.date(2023, 6, 1)


@st.cache_data
def shapes() -> dict:
    return json.loads(SHAPES.read_text(encoding="utf-8"))


st.set_page_config(layout="wide")  # the same map width as ours
if "fecha" not in st.session_state:
    try:
        st.session_state.fecha = dt.date.fromisoformat(st.query_params.get("fecha", ""))
    except ValueError:
        st.session_state.fecha = dt.date.today()
day = st.slider("fecha", min_value=FIRST, max_value=dt.date.today(), key="fecha")
colour = "#117733" if day >= SWITCH else "#DDDDDD"

fmap = folium.Map(location=(23.8, -102.3), zoom_start=5, tiles=None)
fmap.default_js = [("leaflet", "/app/static/vendor/leaflet/leaflet.js")]
fmap.default_css = [("leaflet_css", "/app/static/vendor/leaflet/leaflet.css")]
layer = folium.FeatureGroup(name="states")
folium.GeoJson(shapes(), style_function=lambda _f, c=colour: {"fillColor": c, "color": "#444444", "weight": 0.8,
                                                               "fillOpacity": 0.85}).add_to(layer)
st_folium(fmap, key="floor", feature_group_to_add=layer, returned_objects=[], use_container_width=True, height=560)
