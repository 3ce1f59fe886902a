"""The national snapshot: all 32 states on a date in one of the national map's colourings.

Same page, footer, credit line and determinism as the state snapshot (it is a ``Snapshot`` with the
national view); the map and the legend follow the chosen colouring, exactly as on the national map
page (``maps.colouring``), and every colouring gets its own files so three can sit in one folder:
``imss-bienestar-nacional-2024-06-30-estatus.png`` … ``-retraso`` … ``-sin-afiliacion``.

Colourings by municipality and by access gap are not here: the project has no municipal or access
tables yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from coverage import maps
from coverage.i18n import format_int, t
from coverage.snapshot import (FILES, TEXT_COLOUR, MUTED_TEXT, PAGE_SIZE, PNG_DPI, Snapshot, SnapshotError,
                               _draw_states, _national_frames, _wrap, base_name, projected_states)

MODE_SLUGS = {"status": "estatus", "delay": "retraso", "uninsured": "sin-afiliacion"}
COLOURINGS = tuple(MODE_SLUGS)


@dataclass
class NationalSnapshot(Snapshot):
    """One colouring of the national map, as PNG (print and screen), PDF, SVG, CSV and a manifest."""

    mode: str = "status"

    def __post_init__(self):
        super().__post_init__()
        if self.view.cve_ent is not None:
            raise SnapshotError("a national snapshot has no state; use Snapshot for one state")
        if self.mode not in COLOURINGS:
            raise SnapshotError(f"unknown colouring '{self.mode}'; use one of {', '.join(COLOURINGS)}")

    @property
    def name(self) -> str:
        return f"{base_name(self.data, self.view)}-{MODE_SLUGS[self.mode]}"

    @cached_property
    def paint(self) -> maps.Colouring:
        status, gap = _national_frames(self.data, self.view)
        return maps.colouring(self.mode, status, gap, self.lang)

    def _extra_command_options(self) -> list[str]:
        return [f"--colouring {self.mode}"]

    @cached_property
    def rows(self) -> pd.DataFrame:
        """The 32 state rows plus the class each state is drawn in, as the legend words it."""
        frame = super().rows.copy()
        labels = dict(self.paint.legend)
        frame["colouring"] = self.mode
        frame["map_class"] = [labels[self.paint.colours[code]] for code in frame["cve_ent"]]
        frame["map_colour"] = [self.paint.colours[code] for code in frame["cve_ent"]]
        frame["uninsured_share_pct"] = (100 * frame["uninsured_2020"] / frame["pop_2020"]).round(2)
        return frame

    def legend_entries(self) -> list[tuple[str, str, int]]:
        """(colour, label, number of states) in the legend's order; a class no state has is kept, at 0."""
        counts = pd.Series(list(self.paint.colours.values())).value_counts()
        return [(colour, label, int(counts.get(colour, 0))) for colour, label in self.paint.legend]

    def figure(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.patches import Patch

        lang = self.lang
        states = projected_states(str(Path(self.data.root) / FILES["boundaries"]))
        fig = Figure(figsize=PAGE_SIZE, dpi=PNG_DPI, facecolor="white")
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.025, 0.155, 0.60, 0.71))
        ax.set_aspect("equal")
        ax.set_axis_off()
        colours = [self.paint.colours[code] for code in states["cve_ent"]]
        _draw_states(ax, states.geometry, colours, "#FFFFFF", 0.6, 1)
        x0, y0, x1, y1 = states.total_bounds
        pad = 0.03 * max(x1 - x0, y1 - y0)
        ax.set_xlim(x0 - pad, x1 + pad)
        ax.set_ylim(y0 - pad, y1 + pad)
        self._scale_bar(ax)
        fig.text(0.025, 0.955, self.title(), fontsize=19, fontweight="bold", color=TEXT_COLOUR, va="top")
        fig.text(0.025, 0.905, f"{t('colouring.' + self.mode, lang)} · {self.target_line()}", fontsize=10.5,
                 color=MUTED_TEXT, va="top")
        panel_x = 0.655
        fig.text(panel_x, 0.85, t("snapshot.key_figures", lang), fontsize=12.5, fontweight="bold",
                 color=TEXT_COLOUR, va="top")
        y = 0.81
        for label, value in self.key_figures():
            wrapped = _wrap(value, 40)
            fig.text(panel_x, y, label, fontsize=9.5, color=MUTED_TEXT, va="top")
            fig.text(panel_x, y - 0.024, wrapped, fontsize=11.5, color=TEXT_COLOUR, va="top",
                     fontweight="bold", linespacing=1.15)
            y -= 0.040 + 0.0235 * (wrapped.count("\n") + 1)
        handles = [Patch(facecolor=colour, edgecolor="#333333", linewidth=0.6,
                         label=f"{label} ({format_int(n, lang)})") for colour, label, n in self.legend_entries()]
        legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(panel_x - 0.008, y - 0.005),
                            frameon=False, fontsize=9.5, title=_wrap(self.paint.title, 45), title_fontsize=10.5,
                            alignment="left", handlelength=1.6)
        legend.get_title().set_fontweight("bold")
        self._footer(fig)
        return fig

    def outputs(self) -> dict[str, bytes]:
        return {f"{self.name}.png": self.png, f"{self.name}-pantalla.png": self.png_screen,
                f"{self.name}.pdf": self.pdf, f"{self.name}.svg": self.svg, f"{self.name}.csv": self.csv}

    @cached_property
    def manifest(self) -> bytes:
        body = json.loads(super().manifest)
        body["colouring"] = self.mode
        body["legend"] = [{"colour": c, "label": label, "states": n} for c, label, n in self.legend_entries()]
        return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    @property
    def manifest_name(self) -> str:
        return f"{self.name}-manifest.json"

    def files(self) -> dict[str, bytes]:
        return {**self.outputs(), self.manifest_name: self.manifest}


def all_colourings(data, view) -> list[NationalSnapshot]:
    return [NationalSnapshot(data, view, None, mode) for mode in COLOURINGS]
