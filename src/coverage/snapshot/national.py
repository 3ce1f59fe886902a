"""The national snapshot: all 32 states on a date in one of the national map's colourings.

Same page, footer, credit line and determinism as the state snapshot (it is a ``Snapshot`` with the
national view); the map and the legend follow the chosen colouring, exactly as on the national map
page (``maps.colouring``), and every colouring gets its own files so three can sit in one folder:
``imss-bienestar-nacional-2024-06-30-estatus.png`` … ``-retraso`` … ``-sin-afiliacion``.

The access colouring (share of people in localities beyond X km of a unit, by state) takes an
``AccessShading``: the locality table and unit catalogue it was measured with, the scope and the
distance, with the sha256 of both inputs for the manifest.  The municipal colouring fills the 2,469
municipalities by their share without social security (``coverage.municipalities``, the app's classes
and palette) under the state outlines; its CSV is one row per municipality.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from coverage import maps
from coverage.i18n import format_int, t
from coverage.labels import state_names
from coverage.provenance import sha256_file
from coverage.snapshot.core import Snapshot
from coverage.snapshot.figure import (CRS, draw_states, footer, frame_to, key_figures_panel, new_page, panel_legend,
                                      projected_states, scale_bar, title_block, wrap)
from coverage.snapshot.view import SnapshotError, base_name, national_frames
from coverage.tables import FILES

MODE_SLUGS = {"status": "estatus", "delay": "retraso", "uninsured": "sin-afiliacion", "access": "acceso",
              "municipal": "sin-seguridad-social-municipios"}
COLOURINGS = tuple(MODE_SLUGS)


@dataclass(frozen=True)
class AccessShading:
    """An access measurement, by state: ``coverage.access.state_gap`` joined to the status table."""

    gap: pd.DataFrame
    scope: str
    km: float
    inputs: tuple[dict, ...]  # the locality table and the unit catalogue, with their sha256


def access_shading(data, as_of, scope: str = "first_level", km: float | None = None, places=None,
                   units=None, result=None) -> AccessShading:
    """Measure (or reuse ``result``, the page's cached nearest-unit search) with the embedded tables by default."""
    from coverage import access, rollout
    from coverage import localities as L

    scope = access.check_scope(scope)
    km = access.check_km(km if km is not None else access.DEFAULT_KM[scope])
    if places is None:
        places = L.load_embedded()
    if units is None:
        from coverage import network

        units = network.load_network()
    result = result if result is not None else access.nearest(places, units, scope)
    gap = access.with_status(access.state_gap(result, km), rollout.status_table(data, as_of))
    inputs = [{"path": places.source, "sha256": places.sha256, "layer": "localities"}]
    inputs += [{"path": s.name, "sha256": s.sha256, "layer": "units"} for s in units.sources]
    return AccessShading(gap, scope, km, tuple(inputs))


@dataclass
class NationalSnapshot(Snapshot):
    """One colouring of the national map, as PNG (print and screen), PDF, SVG, CSV and a manifest."""

    mode: str = "status"
    shading: AccessShading | None = None

    def __post_init__(self):
        super().__post_init__()
        if self.mode == "access" and self.shading is None:
            self.shading = access_shading(self.data, self.view.as_of)
        if self.view.cve_ent is not None:
            raise SnapshotError("a national snapshot has no state; use Snapshot for one state")
        if self.mode not in COLOURINGS:
            raise SnapshotError(f"unknown colouring '{self.mode}'; use one of {', '.join(COLOURINGS)}")

    @property
    def name(self) -> str:
        slug = MODE_SLUGS[self.mode]
        if self.mode == "access":
            slug += f"-{self.shading.scope.replace('_', '-')}-{self.shading.km:g}km"
        return f"{base_name(self.data, self.view)}-{slug}"

    @cached_property
    def paint(self) -> maps.Colouring:
        if self.mode == "access":
            from coverage import access_maps

            return access_maps.colouring(self.shading.gap, "cve_ent", self.shading.km, self.shading.scope, self.lang)
        if self.mode == "municipal":
            from coverage import municipalities, network_maps

            legend = network_maps.municipal_legend(self.lang)
            colours = {code: municipalities.share_colour(share) for code, share in
                       zip(self.municipal_rows["cvegeo"], self.municipal_rows["share"])}
            return maps.Colouring("municipal", legend.title, colours, legend.legend)
        status, gap = national_frames(self.data, self.view)
        return maps.colouring(self.mode, status, gap, self.lang)

    def _extra_command_options(self) -> list[str]:
        options = [f"--colouring {self.mode}"]
        if self.mode == "access":
            options += [f"--scope {self.shading.scope}", f"--km {self.shading.km:g}"]
        return options

    @cached_property
    def municipal_rows(self) -> pd.DataFrame:
        """The 2,469 municipalities: census figures, the bounded estimate and its share (as a fraction)."""
        from coverage import municipalities

        frame = municipalities.census(self.data.root)
        names = state_names(self.data.states, self.lang)
        out = pd.DataFrame({"cvegeo": frame["cvegeo"], "cve_ent": frame["cve_ent"], "name": frame["name"],
                            "state": frame["cve_ent"].map(names), "POBTOT": frame["POBTOT"],
                            "no_ss": frame["no_ss"], "no_ss_low": frame["no_ss_low"],
                            "no_ss_high": frame["no_ss_high"], "share": frame["share"].round(6)})
        return out.sort_values("cvegeo", kind="stable").reset_index(drop=True)

    @cached_property
    def csv(self) -> bytes:
        if self.mode != "municipal":
            return super().csv
        from coverage.exports import csv_bytes

        frame = self.municipal_rows.copy()
        labels = dict(self.paint.legend)
        frame["colouring"] = self.mode
        frame["map_colour"] = [self.paint.colours[code] for code in frame["cvegeo"]]
        frame["map_class"] = frame["map_colour"].map(labels).fillna("")
        return csv_bytes(frame)

    @cached_property
    def rows(self) -> pd.DataFrame:
        """The 32 state rows plus the class each state is drawn in, as the legend words it."""
        frame = super().rows.copy()
        labels = dict(self.paint.legend)
        frame["colouring"] = self.mode
        if self.mode != "municipal":  # the municipal classes are in the municipal CSV
            frame["map_class"] = [labels[self.paint.colours[code]] for code in frame["cve_ent"]]
            frame["map_colour"] = [self.paint.colours[code] for code in frame["cve_ent"]]
        frame["uninsured_share_pct"] = (100 * frame["uninsured_2020"] / frame["pop_2020"]).round(2)
        if self.mode == "access":
            gap = self.shading.gap.set_index("cve_ent")
            frame["access_scope"] = self.shading.scope
            frame["access_km"] = self.shading.km
            for column in ("localities_measured", "population", "people_beyond", "share_beyond", "max_km"):
                frame[f"access_{column}"] = gap[column].reindex(frame["cve_ent"]).to_numpy()
        return frame

    def legend_entries(self) -> list[tuple[str, str, int]]:
        """(colour, label, number of states, or municipalities) in the legend's order; a class no state has is kept, at 0."""
        counts = pd.Series(list(self.paint.colours.values())).value_counts()
        return [(colour, label, int(counts.get(colour, 0))) for colour, label in self.paint.legend]

    def figure(self):
        from matplotlib.patches import Patch

        lang = self.lang
        states = projected_states(str(Path(self.data.root) / FILES["boundaries"]))
        fig, ax = new_page()
        if self.mode == "municipal":
            from coverage import municipalities

            municipalities.draw_national(ax, self.data.root, CRS, zorder=1)
            draw_states(ax, states.geometry, ["none"] * len(states), "#333333", 0.5, 2)
        else:
            colours = [self.paint.colours[code] for code in states["cve_ent"]]
            draw_states(ax, states.geometry, colours, "#FFFFFF", 0.6, 1)
        frame_to(ax, states.total_bounds, 0.03)
        scale_bar(ax, lang)
        title_block(fig, self.title(), f"{t('colouring.' + self.mode, lang)} · {self.target_line()}")
        y = key_figures_panel(fig, self.key_figures(), lang, label_width=50)
        handles = [Patch(facecolor=colour, edgecolor="#333333", linewidth=0.6,
                         label=f"{label} ({format_int(n, lang)})") for colour, label, n in self.legend_entries()]
        if self.mode == "municipal":
            handles.append(Patch(facecolor="none", edgecolor="#333333", linewidth=0.8, label=t("natmun.outline", lang)))
        panel_legend(fig, handles, y, wrap(self.paint.title, 38))
        footer(fig, self)
        return fig

    def source_line(self) -> str:
        line = super().source_line()
        if self.mode != "municipal":
            return line
        # the municipal source goes before the closing full stop of the sources sentence
        head, sep, tail = line.partition(". ")
        return f"{head}; {t('natmun.source', self.lang)}{sep}{tail}" if sep else line

    def outputs(self) -> dict[str, bytes]:
        return {f"{self.name}.png": self.png, f"{self.name}-pantalla.png": self.png_screen,
                f"{self.name}.pdf": self.pdf, f"{self.name}.svg": self.svg, f"{self.name}.csv": self.csv}

    @cached_property
    def manifest(self) -> bytes:
        body = json.loads(super().manifest)
        body["colouring"] = self.mode
        if self.mode == "access":
            body["access"] = {"scope": self.shading.scope, "km": self.shading.km}
            body["inputs"] += list(self.shading.inputs)
        if self.mode == "municipal":
            from coverage import municipalities

            root = Path(self.data.root)
            body["inputs"] += [{"path": f"geodata/{name}", "sha256": sha256_file(root / name),
                                "bytes": (root / name).stat().st_size, "layer": "municipalities"}
                               for name in municipalities.INPUT_FILES]
            body["shown"]["municipalities"] = len(self.municipal_rows)
        unit = "municipalities" if self.mode == "municipal" else "states"
        body["legend"] = [{"colour": c, "label": label, unit: n} for c, label, n in self.legend_entries()]
        return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    @property
    def manifest_name(self) -> str:
        return f"{self.name}-manifest.json"

    def files(self) -> dict[str, bytes]:
        return {**self.outputs(), self.manifest_name: self.manifest}


def all_colourings(data, view, shading: AccessShading | None = None) -> list[NationalSnapshot]:
    return [NationalSnapshot(data, view, mode=mode, shading=shading if mode == "access" else None) for mode in COLOURINGS]
