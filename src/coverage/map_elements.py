"""The folium elements that ship big scripts: facility clusters, their lookups, the states layer, the
fit to the shown points and the municipal layer.

Their JavaScript lives in package files (``coverage/static/*.js``, each a Jinja macro body read with
``importlib.resources``; the wheel must ship them).  Big scripts are added as text, not compiled as
Jinja templates per render (``BigScript``): branca would compile them at ~0.1 s per MB.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.resources import files

from branca.element import Element, MacroElement
from jinja2 import Template

from coverage.palette import GROUP_COLOURS

POINT_FIELDS = ("lat", "lon", "type", "inst", "muni", "transfer")
DISABLE_CLUSTERING_AT_ZOOM = 11
# Shared by every layer script: a layer not yet on the map is added to it first.
_PRELUDE = ("{% macro add_to_parent(this) %}{% if this._parent._parent %}if (!parent._map) "
            "{ parent.addTo({{ this._parent._parent.get_name() }}); }{% endif %}{% endmacro %}")


@lru_cache(maxsize=None)
def script_source(name: str) -> str:
    """The text of ``coverage/static/<name>``."""
    return (files("coverage") / "static" / name).read_text(encoding="utf-8")


def script_template(name: str) -> Template:
    """A template whose ``script`` macro is the body in ``coverage/static/<name>``."""
    return Template(_PRELUDE + "{% macro script(this, kwargs) %}\n" + script_source(name) + "{% endmacro %}\n")


def dump(value) -> str:
    """Compact JSON, non-ASCII kept (the page is UTF-8)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Raw(Element):
    """Already-rendered script text (branca would compile it as a Jinja template: ~0.1 s per MB)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class TooltipInside(MacroElement):
    """Tooltips that follow the pointer stay inside the map (``static/tooltip_inside.js``); add once per map."""

    _template = script_template("tooltip_inside.js")


class PointClusters(MacroElement):
    """The facility layers' clustering (``static/point_clusters.js``: ``imssClusterLayer``); add once per map,
    before its facility layers.  In the map's script, not its head: streamlit-folium copies the head in
    as HTML, where a script does not run."""

    _template = script_template("point_clusters.js")


class BigScript(MacroElement):
    """A MacroElement with only a ``script`` macro whose output is added to the page as is.

    Keyword arguments become the attributes the script reads (``this.<name>``)."""

    def __init__(self, **values):
        super().__init__()
        self._name = type(self).__name__
        self.__dict__.update(values)

    def render(self, **kwargs):
        figure = self.get_root()
        script = self._template.module.__dict__["script"](self, kwargs)
        figure.script.add_child(_Raw(script), name=self.get_name())


class FacilityLayer(BigScript):
    """One institution group's points, clustered; hospitals drawn larger with a dark ring.

    Clusters are kept in ``window.imssClusters`` by content key, so a filter change that leaves a
    group's points as they were reuses its clusters instead of rebuilding them (entries not used by
    the previous or current update are dropped).

    The points travel column-wise: one flat number array (``POINT_FIELDS`` per point, coordinates
    as integers in 1e-4 degrees ≈ 11 m), and the names and CLUES codes as one ``|``-joined string
    each (already HTML-escaped, so ``|`` only appears as a separator).  Text shared by many points
    (institution, municipality, transfer date, labels) is looked up in ``window.imssLk``, set once by
    ``FacilityLookups`` in the first group.  Markers are built in one loop; tooltips on first hover.
    """

    _template = script_template("facility_layer.js")

    def __init__(self, group: str, nums: str, names: str, codes: str, lookups_key: str = ""):
        super().__init__(group=group, colour=GROUP_COLOURS[group], disable_at=DISABLE_CLUSTERING_AT_ZOOM,
                         width=len(POINT_FIELDS), nums=f"[{nums}]", names=dump(names), codes=dump(codes))
        # Same key = same points, text and language: the browser reuses the clusters it already built.
        digest = hashlib.blake2b(digest_size=12)
        for part in (lookups_key, group, self.nums, self.names, self.codes):
            digest.update(part.encode("utf-8") + b"\0")
        self.key = digest.hexdigest()


class FacilityLookups(BigScript):
    """The text that the points refer to by number, once for all groups (``window.imssLk``):
    ``FacilityLookups(lookups=<JSON>)``."""

    _template = script_template("facility_lookups.js")


class FitBounds(BigScript):
    """Fits the map to the shown points each time the layers are (re)drawn; no re-mount needed."""

    _template = script_template("fit_bounds.js")

    def __init__(self, bounds: list, max_zoom: int = 12):
        super().__init__(bounds=json.dumps(bounds), max_zoom=max_zoom)


class MunicipalLayer(BigScript):
    """Municipalities filled by their share without social security (canvas), with a tooltip."""

    _template = script_template("municipal_layer.js")

    def __init__(self, rows: str, labels: str, grid: float, weight: float, opacity: float):
        super().__init__(rows=rows, labels=labels, grid=grid, weight=weight, opacity=opacity)


class NationalStates(BigScript):
    """The national map's fixed layers, in the base map: neighbours, the 32 states (geometry and code
    only) and their abbreviations, with ``window.imssStates.apply`` for each rerun's colours and texts.

    The geometry is ``window.imssGeo``: the app's static file (``maps.GEO_FILE``, loaded as a script
    before this one) or, when that file is missing or stale, inlined here (``inline``)."""

    _template = script_template("national_states.js")

    def __init__(self, neighbour_style: dict, no_fill: str, inline: str = ""):
        super().__init__(neighbour_style=dump(neighbour_style), no_fill=no_fill, inline=inline)


class StatesPaint(BigScript):
    """One rerun's fills and tooltip texts for :class:`NationalStates` (a few kB, no geometry).

    ``payload`` is compact JSON whose texts are already HTML-escaped; ``<`` is written as ``\\u003c``
    so that nothing in it can end the surrounding script."""

    _template = script_template("states_paint.js")

    def __init__(self, payload: dict):
        super().__init__(payload=dump(payload).replace("<", "\\u003c"))


class LocalitiesLayer(BigScript):
    """Underserved localities as circle markers from compact columns (``access_maps.localities_layer``):
    ``data`` = ``{"xy": [lat, lon, …] in 1e-5 degrees, "r": [radius, …], "t": [[escaped texts], …],
    "heads": [escaped labels], "fill": colour}``; ``<`` is written as ``\\u003c``."""

    _template = script_template("localities_layer.js")

    def __init__(self, data: dict):
        super().__init__(data=dump(data).replace("<", "\\u003c"))
