"""What a facility map shows, read back from an AppTest page: the points the page sent once
(``EncodedPoints.data`` through ``st.html``, or the national map's static script that its frame loads,
``EncodedPoints.data_files``, with the names and codes in a file of their own) and the per-group bitsets of the map's layers (``EncodedPoints.subsets`` in
``feature_group``)."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from streamlit.testing.v1 import AppTest

STATIC = Path(__file__).resolve().parents[2] / "static"  # where Streamlit serves /app/static/ from
SUBSET = re.compile(r'var key = "(\w+)", group = "(\w+)", code = "(\w)";\s*var bits = "([^"]*)"')


def point_data(app: AppTest) -> tuple[str, dict]:
    """(key, data) of the page's point data element: ``g`` group codes, ``d`` numbers, ``n`` names, ``c`` codes."""
    bodies = [h.proto.body for h in app.html if "imssNet" in h.proto.body] + static_points(app)
    assert len(bodies) == 1, len(bodies)
    points = bodies[0][bodies[0].index("w.imssNet"):]  # after the state shapes, when they travel with it
    found = re.search(r"if \(!s\['(\w+)'\]\) \{ s\['\w+'\] = (.*); \} \}\)\(window\);(?:</script>)?\s*$", points, re.S)
    data = json.loads(found.group(2))
    if "tx" in data:  # the static points: their names and codes are in a file of their own
        texts = (STATIC / data["tx"].removeprefix("/app/static/")).read_text(encoding="utf-8")
        data.update(json.loads(re.search(r"\] = (\{.*\}); \} \}\)\(window\);\s*$", texts, re.S).group(1)))
    return found.group(1), data


def point_links(js_links: list[str]) -> list[str]:
    """The addresses of the points scripts among a map's script links: each is loaded through
    ``/app/static/load_alongside.js?src=<address>`` (``network_maps.with_clusters``)."""
    found = []
    for link in js_links:
        if link.startswith("/app/static/load_alongside.js?"):
            found += parse_qs(urlsplit(link).query)["src"]
    return [link for link in found if link.startswith("/app/static/net/")]


def static_points(app: AppTest) -> list[str]:
    """The text of every points script the page's maps load from the app's static folder (``net/<key>.js``)."""
    texts = []
    for component in app.get("component_instance"):
        for link in point_links(json.loads(component.proto.json_args).get("js_links", [])):
            texts.append((STATIC / link.removeprefix("/app/static/").split("?")[0]).read_text(encoding="utf-8"))
    return texts


def shown(app: AppTest, feature_group: str) -> dict[str, list[int]]:
    """Per institution group, the indices (into the data) of the points the map's layers show."""
    key, data = point_data(app)
    out = {}
    for layer_key, group, code, bits in SUBSET.findall(feature_group):
        assert layer_key == key, (layer_key, key)
        members = [i for i, c in enumerate(data["g"]) if c == code]
        raw = base64.b64decode(bits)
        out[group] = [i for j, i in enumerate(members) if raw[j >> 3] & (128 >> (j & 7))]
    return out


def shown_codes(app: AppTest, feature_group: str) -> set[str]:
    """The CLUES codes of the points the map's layers show."""
    _, data = point_data(app)
    codes = data["c"].split("|")
    return {codes[i] for indices in shown(app, feature_group).values() for i in indices}
