"""Encoding facility points for the map: every drawable unit once, vectorised, then only sliced.

Speed at national size (~43,000 points): ``encode_catalogue`` encodes every drawable unit once
(~0.2 s; the page caches it per catalogue content and language).  The facilities page and the national
map send every point once into the page (``EncodedPoints.data``, outside the map's fragment) and a
filter only a bitset per group (``EncodedPoints.subsets``, ~1 bit per point: ~30 kB instead of
~2.6 MB for the whole network); ``EncodedPoints.layers(mask)`` (the state page's few hundred points)
joins the pre-encoded pieces of the selected rows into the layers themselves.  Every string from the catalogue
is HTML-escaped here, before it reaches the page.  bench/facilities_bench.py measures it.
"""

from __future__ import annotations

import base64
import datetime as dt
import dataclasses
import functools
import hashlib
import html
import json
from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from coverage import clues
from coverage.i18n import format_int, format_short_date, t
from coverage.resources import STATIC_ROOT
from coverage.map_elements import (DISABLE_CLUSTERING_AT_ZOOM, POINT_FIELDS, BigScript, FacilityLayer,
                                   FacilityLookups, script_template)
from coverage.map_elements import dump as _dump
from coverage.palette import GROUP_COLOURS

TYPE_CODES = {"hospital": 0, "first_level": 1, "other": 2}
# One character per point names its institution group in FacilityData (clues.GROUPS order).
GROUP_CODES = {group: chr(ord("a") + i) for i, group in enumerate(clues.GROUPS)}


class FacilitySubset(BigScript):
    """Which of one institution group's units are shown: a bitset (base64) over that group's points in
    the catalogue's ``FacilityData``, which the page sent once into the app window.  The markers and
    clusters are built once per group in the map's window and only re-filled when the bitset changes;
    a group whose bitset did not change keeps its clusters.  Hospitals drawn larger with a dark ring."""

    _template = script_template("facility_subset.js")

    def __init__(self, key: str, group: str, bits: str):
        super().__init__(key=key, group=group, code=GROUP_CODES[group], bits=bits, colour=GROUP_COLOURS[group],
                         disable_at=DISABLE_CLUSTERING_AT_ZOOM, width=len(POINT_FIELDS))


def _escape_all(values: pd.Series) -> np.ndarray:
    """``html.escape`` of every value (vectorised); ``|`` (our separator) and line breaks neutralised."""
    text = pa.array(values.astype("string").fillna(""), type=pa.large_string())
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"),
                     ("|", "&#124;"), ("\n", " "), ("\r", " ")):
        text = pc.replace_substring(text, old, new)
    return text.to_numpy(zero_copy_only=False).astype(object)


def _joined_ints(*columns: np.ndarray) -> np.ndarray:
    """Per row, the integers of ``columns`` joined by commas (vectorised)."""
    parts = [pc.cast(pa.array(c, type=pa.int64()), pa.string()) for c in columns]
    return pc.binary_join_element_wise(*parts, ",").to_numpy(zero_copy_only=False).astype(object)


@dataclass(frozen=True)
class EncodedPoints:
    """Map-ready text for every row of a point table, computed once (vectorised) and then only sliced.

    ``layers(mask)`` joins the pre-encoded pieces of the selected rows, so a filter change costs a
    few string joins instead of a pass over the points.  Treat as read-only: it is shared between
    sessions by the page's cache.
    """

    group: np.ndarray
    nums: np.ndarray  # one "lat,lon,type,inst,muni,transfer" token per point
    names: np.ndarray
    codes: np.ndarray
    lookups: str  # JSON, language-specific labels included
    lang: str
    positions: np.ndarray | None = None  # rows of the source table encoded here (None: all of them)

    @property
    def lookups_key(self) -> str:
        return hashlib.blake2b(self.lookups.encode("utf-8"), digest_size=12).hexdigest()

    def __len__(self) -> int:
        return len(self.nums)

    def _mask(self, mask) -> np.ndarray:
        if mask is None:
            return np.ones(len(self), dtype=bool)
        mask = np.asarray(mask, dtype=bool)
        return mask[self.positions] if self.positions is not None else mask

    def _point_parts(self) -> tuple[str, str, str, str]:
        """The JSON pieces of every point, language-free: (groups and lookups object without its closing
        brace, numbers, names, codes).  Not kept: ``key``, ``data`` and ``data_files`` each join them once."""
        lookups = json.loads(self.lookups)
        groups = "".join(pd.Series(self.group, dtype=object).map(GROUP_CODES).fillna("?"))
        return (_dump({"g": groups, "inst": lookups["inst"], "muni": lookups["muni"]})[:-1], ",".join(self.nums),
                _dump("|".join(self.names)), _dump("|".join(self.codes)))

    @functools.cached_property
    def key(self) -> str:
        """The points' content hash: the same catalogue gives the same key (and bytes) in either language."""
        digest = hashlib.blake2b(digest_size=12)
        for part in self._point_parts():
            digest.update(part.encode("utf-8") + b"\0")
        return digest.hexdigest()

    def _store(self, store: str, value: str) -> str:
        """A script that keeps ``value`` as ``window[store][key]``, the only entry there."""
        return ("(function(w) { var s = w." + store + " = w." + store + " || {}; for (var k in s) { if (k !== '"
                + self.key + "') { delete s[k]; } } if (!s['" + self.key + "']) { s['" + self.key + "'] = " + value
                + "; } })(window);")

    @functools.cached_property
    def data(self) -> tuple[str, str]:
        """(key, script): every point once, with its name and code, for the app window
        (``window.imssNet[key]``).  The script goes into the page once per catalogue
        (``views._facilities_shared.point_data``); ``subsets`` then sends only which points are shown.
        Kept: a page sends it on every run, and the same bytes make Streamlit send a reference only."""
        head, numbers, names, codes = self._point_parts()
        body = head + ',"d":[' + numbers + '],"n":' + names + ',"c":' + codes + "}"
        return self.key, "<script>" + self._store("imssNet", body) + "</script>"

    @property
    def file_names(self) -> tuple[str, str]:
        """The static files of ``data_files``: the points, and their names and codes."""
        return f"net/{self.key}.js", f"net/{self.key}-text.js"

    def data_files(self) -> tuple[str, str]:
        """The texts of ``file_names``: the points without their names and codes (1.2 MB for the national
        network) and those texts (1.6 MB), which only tooltips need and which the map's frame loads once the
        layer is drawn (issue 14).  Computed when the files are written, not kept."""
        head, numbers, names, codes = self._point_parts()
        tx = _dump(f"{STATIC_ROOT}/{self.file_names[1]}")
        points = self._store("imssNet", head + ',"d":[' + numbers + '],"tx":' + tx + "}") + "\n"
        texts = self._store("imssNetText", '{"n":' + names + ',"c":' + codes + "}") + "\n"
        return points, texts

    @functools.cached_property
    def _in_group(self) -> dict[str, np.ndarray]:
        return {group: self.group == group for group in clues.GROUPS}

    def _group_layer(self, group: str, count: int) -> folium.FeatureGroup:
        """The layer control's switch for one institution group, named with its count on the map."""
        label = f"{t(f'facilities.group.{group}', self.lang)} ({format_int(count, self.lang)})"
        return folium.FeatureGroup(name=html.escape(label), show=True)

    def subsets(self, mask=None) -> list[folium.FeatureGroup]:
        """``layers`` without the points: one switchable FeatureGroup per institution group among the
        selected rows, each with only the bitset of its shown units over ``data`` (~1 bit per point)."""
        mask = self._mask(mask)
        lookups = json.loads(self.lookups)
        labels = _dump({k: lookups[k] for k in ("types", "labels", "dates", "cluster")})
        key = self.key
        out: list[folium.FeatureGroup] = []
        for group in clues.GROUPS:
            in_group = self._in_group[group]
            chosen = mask[in_group]
            count = int(chosen.sum())
            if not count:
                continue
            feature_group = self._group_layer(group, count)
            if not out:
                FacilityLookups(lookups=labels).add_to(feature_group)
            bits = base64.b64encode(np.packbits(chosen).tobytes()).decode("ascii")
            FacilitySubset(key, group, bits).add_to(feature_group)
            out.append(feature_group)
        return out

    def layers(self, mask=None) -> list[folium.FeatureGroup]:
        """One switchable FeatureGroup per institution group among the selected rows (fixed map order)."""
        mask = self._mask(mask)  # a mask over the whole table: keep the encoded rows
        out: list[folium.FeatureGroup] = []
        for group in clues.GROUPS:
            chosen = mask & (self.group == group)
            count = int(chosen.sum())
            if not count:
                continue
            feature_group = self._group_layer(group, count)
            if not out:
                FacilityLookups(lookups=self.lookups).add_to(feature_group)
            FacilityLayer(group, ",".join(self.nums[chosen]), "|".join(self.names[chosen]),
                          "|".join(self.codes[chosen]), self.lookups_key).add_to(feature_group)
            out.append(feature_group)
        return out


def _index(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    codes, uniques = pd.factorize(values, sort=False)
    return codes, [str(v) for v in np.asarray(uniques, dtype=object)]


def encode_points(frame: pd.DataFrame, lang: str) -> EncodedPoints:
    """Encode a point table (``clues.points`` rows, or the whole normalised table) for ``layers``.

    Vectorised (pandas/pyarrow): ~0.1 s for 50,000 rows.  Coordinates are rounded to 1e-4 degrees.
    """
    esc = html.escape
    lat = np.nan_to_num(np.round(frame["lat"].to_numpy(dtype="float64", na_value=np.nan) * 1e4)).astype("int64")
    lon = np.nan_to_num(np.round(frame["lon"].to_numpy(dtype="float64", na_value=np.nan) * 1e4)).astype("int64")
    kind = frame["type"].astype(str).map(TYPE_CODES).fillna(TYPE_CODES["other"]).to_numpy(dtype="int64")
    inst, insts = _index(frame["inst_short"].astype("string").fillna(""))
    place = frame["municipality"].astype("string").fillna("—") + ", " + frame["cve_ent"].astype("string").fillna("")
    muni, munis = _index(place)
    # numbered by the ISO date, so the points (language-free, sent once) refer to the same entries in
    # either language; each distinct date written the page's way ("18 jul 2024", "18 Jul 2024")
    transfer = frame["transfer_date"].dt.strftime("%Y-%m-%d").astype("string").fillna("")
    date, iso_dates = _index(pd.concat([pd.Series([""], dtype="string"), transfer], ignore_index=True))
    dates = [format_short_date(dt.date.fromisoformat(v), lang) if v else "" for v in iso_dates]
    lookups = {
        "inst": [esc(v) for v in insts],
        "muni": [esc(v) for v in munis],
        "dates": [esc(v) for v in dates],
        "types": [esc(t(f"facilities.type.{k}", lang)) for k in TYPE_CODES],
        # a badge's name, its count put in by the map; an attribute's text, not HTML, so not escaped
        "cluster": t("facilities.cluster", lang, n="{n}"),
        "labels": [esc(t(f"facilities.tooltip.{k}", lang)) for k in ("clues", "institution", "type", "municipality",
                                                                   "transfer")],
    }
    return EncodedPoints(group=frame["group"].astype(str).to_numpy(dtype=object),
                         nums=_joined_ints(lat, lon, kind, inst, muni, date[1:]),
                         names=_escape_all(frame["name"]), codes=_escape_all(frame["clues"]),
                         lookups=_dump(lookups), lang=lang)


def encode_catalogue(table: pd.DataFrame, lang: str) -> EncodedPoints:
    """``encode_points`` of the rows that can ever be drawn (operating, with usable coordinates);
    ``layers`` then takes a mask over the whole ``table``, e.g. ``clues.points_mask(table, ...)``."""
    positions = np.flatnonzero(((table["status"] == "operating") & table["mappable"]).to_numpy(dtype=bool))
    encoded = encode_points(table.iloc[positions], lang)
    return dataclasses.replace(encoded, positions=positions)


def facility_groups(points: pd.DataFrame, lang: str) -> list[folium.FeatureGroup]:
    """One switchable FeatureGroup per institution group present in ``points`` (fixed map order)."""
    return encode_points(points, lang).layers()
