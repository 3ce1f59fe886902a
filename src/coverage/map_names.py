"""An accessible name for a folium map drawn by ``st_folium``, in the reader's language.

Streamlit names every such frame "streamlit_folium.st_folium" and Leaflet labels its zoom buttons
"Zoom in" / "Zoom out" whatever the page's language.  ``MapName`` gives the frame and the map an
``aria-label`` that says what the map shows (the frame's title stays: it is how Streamlit and the tests
find the component), and the zoom buttons their names in the language.  It
depends only on the language and the text, so adding it keeps the base map byte-identical between
reruns (no re-mount).
"""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

from coverage.i18n import t


def script_json(value: object) -> str:
    """A JS literal (a string, or any JSON value) that cannot end the surrounding <script> element."""
    return json.dumps(value).replace("<", "\\u003c")


def name_the_map(name: str) -> str:
    """Script lines (the map as ``m`` in scope) that give the frame and the map the accessible name
    ``name`` (a JS expression); shared by every map that names itself (``MapName``, ``maps.LayerExtras``)."""
    return ("  try { var f = window.frameElement; if (f) { f.setAttribute('aria-label', " + name + "); } }"
            "  catch (e) {}"
            "  m.getContainer().setAttribute('aria-label', " + name + ");"
            "  m.getContainer().setAttribute('role', 'region');")


class ScriptTexts(MacroElement):
    """A folium element whose script template reads texts as JS string literals, ``this.<key>_json``."""

    def __init__(self, element_name: str, **texts: str):
        super().__init__()
        self._name = element_name
        for key, text in texts.items():
            setattr(self, f"{key}_json", script_json(text))


class MapName(ScriptTexts):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function () {"
        "  var m = {{ this._parent.get_name() }}, name = {{ this.name_json }};"
        + name_the_map("name") +
        "  var names = {'.leaflet-control-zoom-in': {{ this.zoom_in_json }},"
        "               '.leaflet-control-zoom-out': {{ this.zoom_out_json }}};"
        "  Object.keys(names).forEach(function (sel) {"
        "    var b = m.getContainer().querySelector(sel);"
        "    if (b) { b.setAttribute('aria-label', names[sel]); b.setAttribute('title', names[sel]); } });"
        "})();"
        "{% endmacro %}"
    )

    def __init__(self, name: str, lang: str):
        super().__init__("MapName", name=name, zoom_in=t("exports.embed.zoom_in", lang),
                         zoom_out=t("exports.embed.zoom_out", lang))


def named(fmap, name: str, lang: str):
    """``fmap`` with its accessible name and zoom-button names in ``lang``; returns the map."""
    MapName(name, lang).add_to(fmap)
    return fmap
