"""The snapshot page drawn with matplotlib's object API (``Figure`` + Agg, never pyplot): functions over
a snapshot's rows and texts (``snapshot.view.SnapshotView``), so the state page, the national
colourings and the animation share one layout, one projection and one way of drawing states.

The boundaries are projected to EPSG:6372 (Mexico's Lambert conformal conic); the page is A4
landscape: the map on the left, key figures and the legend on the right, the sources and the
command that redraws it at the foot.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from coverage import maps, rollout
from coverage.i18n import format_date, format_int, t
from coverage.labels import state_names
from coverage.provenance import data_versions
from coverage.tables import FILES, Tables

CRS = "EPSG:6372"  # Mexico ITRF2008 / LCC: true shapes for the whole country
PAGE_SIZE = (11.69, 8.27)  # A4 landscape, inches
PNG_DPI = 300  # 3508 × 2480 px: what a print editor asks for on A4
SCREEN_DPI = 150  # 1754 × 1240 px: sharp on a screen, light enough for a web page
SAVE_RC = {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none", "font.family": "DejaVu Sans",
           "svg.hashsalt": "imss-coverage", "path.simplify": True}
NEIGHBOUR_FILL = "#E4E4E4"
NEIGHBOUR_EDGE = "#FFFFFF"
TEXT_COLOUR = "#222222"
MUTED_TEXT = "#555555"
PANEL_X = 0.655  # the right panel: key figures, then the legend


# ------------------------------------------------------------------------------ states on a map


@lru_cache(maxsize=4)
def projected_states(path: str):
    """The 32 state boundaries in EPSG:6372, read and projected once per process."""
    import geopandas as gpd

    frame = gpd.read_file(path).to_crs(CRS)
    return frame.sort_values("cve_ent").reset_index(drop=True)


def polygon_path(geometry):
    from matplotlib.path import Path as MplPath

    polygons = getattr(geometry, "geoms", [geometry])
    parts = []
    for polygon in polygons:
        if polygon.geom_type in ("MultiPolygon", "GeometryCollection"):
            sub = polygon_path(polygon)
            if sub is not None:
                parts.append(sub)
            continue
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue  # clipping can leave lines or points on the frame edge
        for ring in (polygon.exterior, *polygon.interiors):
            coords = list(ring.coords)
            codes = [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
            parts.append(MplPath(coords, codes))
    return MplPath.make_compound_path(*parts) if parts else None


def draw_states(ax, geometries, facecolors, edgecolor, linewidth, zorder):
    """Polygons as one collection (no per-patch autoscaling: the limits are set from the bounds)."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch

    pairs = [(polygon_path(geometry), colour) for geometry, colour in zip(geometries, facecolors)]
    pairs = [(path, colour) for path, colour in pairs if path is not None]
    patches = [PathPatch(path) for path, _ in pairs]
    ax.add_collection(PatchCollection(patches, facecolors=[colour for _, colour in pairs], edgecolors=edgecolor,
                                      linewidths=linewidth, zorder=zorder), autolim=False)


# ------------------------------------------------------------------- the page, shared by every snapshot

def new_page():
    """An A4 landscape figure with the map's axes on the left (equal aspect, no axis)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=PAGE_SIZE, dpi=PNG_DPI, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.025, 0.155, 0.60, 0.71))
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig, ax


def frame_to(ax, bounds, share: float, extra: float = 0) -> None:
    """The map's limits: the bounds with a margin of ``share`` of their longer side (plus ``extra`` metres)."""
    x0, y0, x1, y1 = bounds
    pad = share * max(x1 - x0, y1 - y0) + extra
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)


def title_block(fig, title: str, subtitle: str) -> None:
    fig.text(0.025, 0.955, title, fontsize=19, fontweight="bold", color=TEXT_COLOUR, va="top")
    fig.text(0.025, 0.905, subtitle, fontsize=10.5, color=MUTED_TEXT, va="top")


def key_figures_panel(fig, figures: list[tuple[str, str]], lang: str, label_width: int | None = None) -> float:
    """The right panel's key figures (label, then value in bold); returns where the legend starts.

    With ``label_width`` a long label wraps upwards, keeping its value where it would be."""
    fig.text(PANEL_X, 0.85, t("snapshot.key_figures", lang), fontsize=12.5, fontweight="bold",
             color=TEXT_COLOUR, va="top")
    y = 0.81
    for label, value in figures:
        wrapped = wrap(value, 40)
        if label_width is None:
            fig.text(PANEL_X, y, label, fontsize=9.5, color=MUTED_TEXT, va="top")
        else:
            label = wrap(label, label_width)
            y -= 0.0205 * label.count("\n")
            fig.text(PANEL_X, y + 0.0205 * label.count("\n"), label, fontsize=9.5, color=MUTED_TEXT, va="top",
                     linespacing=1.1)
        fig.text(PANEL_X, y - 0.024, wrapped, fontsize=11.5, color=TEXT_COLOUR, va="top",
                 fontweight="bold", linespacing=1.15)
        y -= 0.040 + 0.0235 * (wrapped.count("\n") + 1)
    return y


def panel_legend(fig, handles, y: float, title: str) -> None:
    legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(PANEL_X - 0.008, y - 0.005),
                        frameon=False, fontsize=9.5, title=title, title_fontsize=10.5,
                        alignment="left", handlelength=1.6)
    legend.get_title().set_fontweight("bold")


def footer(fig, snapshot) -> None:
    """As-of date, sources, credit with the command that redraws the figure, data versions."""
    lang = snapshot.lang
    fig.text(0.025, 0.135, t("snapshot.as_of_line", lang, date=format_date(snapshot.view.as_of, lang),
                             iso=snapshot.view.as_of.isoformat()),
             fontsize=9, color=TEXT_COLOUR, va="top")
    fig.text(0.025, 0.111, wrap(snapshot.source_line(), 175), fontsize=8, color=MUTED_TEXT, va="top",
             linespacing=1.3)
    # The credit (with the command, which can be long) and the data versions grow upwards from the foot.
    fig.text(0.025, 0.020, wrap(snapshot.credit_line(), 215) + "\n"
             + data_versions(snapshot.data, snapshot.catalogue, lang),
             fontsize=7, color=TEXT_COLOUR, va="bottom", linespacing=1.35)


def scale_bar(ax, lang: str) -> list:
    """A round-length bar in the map's lower left; returns its artists (which labels keep clear of)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    span = (x1 - x0) / 5
    length = _nice_length(span)
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    line, = ax.plot([bx, bx + length], [by, by], color=TEXT_COLOUR, linewidth=2, solid_capstyle="butt", zorder=5)
    text = ax.text(bx + length / 2, by + (y1 - y0) * 0.012, f"{format_int(length // 1000, lang)} km",
                   ha="center", va="bottom", fontsize=8, color=TEXT_COLOUR, zorder=5)
    return [line, text]


# --------------------------------------------------------------- the state (or national status) figure

def state_figure(snapshot):
    """The snapshot page: the national status map, or one state among its neighbours with its
    municipalities, facilities and a locator inset; key figures, legend and footer."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    lang = snapshot.lang
    states = projected_states(str(Path(snapshot.data.root) / FILES["boundaries"]))
    status_by_code = dict(zip(snapshot.status["cve_ent"], snapshot.status["status"]))
    fig, ax = new_page()
    chosen = snapshot.view.cve_ent
    if chosen is None:
        colours = [maps.STATUS_COLOURS[status_by_code[c]] for c in states["cve_ent"]]
        draw_states(ax, states.geometry, colours, "#FFFFFF", 0.6, 1)
        frame_to(ax, states.total_bounds, 0.08, 5_000)
        counts = rollout.headline(snapshot.status, snapshot.view.as_of).counts
        handles = [Patch(facecolor=maps.STATUS_COLOURS[s], edgecolor="#333333", linewidth=0.6,
                         label=f"{t(f'status.{s}', lang)} ({format_int(counts[s], lang)})")
                   for s in maps.LEGEND_ORDER]
    else:  # one state is coloured: the legend names its status, in the colour drawn
        colour = maps.STATUS_COLOURS[status_by_code[chosen]]
        municipal = _draw_state(ax, snapshot, states, colour)
        handles = [Patch(facecolor="none", edgecolor=colour, linewidth=2.6,
                         label=f"{snapshot.rows.iloc[0]['state']}: {t(f'status.{status_by_code[chosen]}', lang)}")]
    if snapshot.facilities is not None and len(snapshot.facilities):
        handles += draw_facilities(ax, snapshot)
    elif snapshot.facilities is not None:
        handles.append(Line2D([], [], linestyle="none", label=t("snapshot.no_units", lang)))
    if chosen is not None:
        _map_legend(ax, municipal, lang)
    bar = scale_bar(ax, lang)
    title_block(fig, snapshot.title(), snapshot.target_line())
    y = key_figures_panel(fig, snapshot.key_figures(), lang)
    panel_legend(fig, handles, y, t("snapshot.legend_status", lang))
    if chosen is not None:
        locator(fig, ax, snapshot.data, states, chosen, lang)
        label_neighbours(ax, snapshot.data, states[states["cve_ent"] != chosen], lang,
                         [*bar, ax.get_legend(), *fig.axes[1:]])
    footer(fig, snapshot)
    return fig


def _draw_state(ax, snapshot, states, colour: str) -> list:
    """The state (its municipalities by share, its status as the outline) among its neighbours, named;
    returns the municipal legend's handles (the first one is its title)."""
    from coverage.municipalities import draw_shares  # municipalities by share, status as the outline

    chosen = snapshot.view.cve_ent
    others = states[states["cve_ent"] != chosen]
    mine = states[states["cve_ent"] == chosen]
    mx0, my0, mx1, my1 = mine.total_bounds
    margin = 1.0 * max(mx1 - mx0, my1 - my0)  # neighbours are cut to (more than) the visible frame
    clipped = others.geometry.clip_by_rect(mx0 - margin, my0 - margin, mx1 + margin, my1 + margin)
    keep = ~clipped.is_empty
    draw_states(ax, clipped[keep], [NEIGHBOUR_FILL] * int(keep.sum()), NEIGHBOUR_EDGE, 0.8, 1)
    fill = colour if snapshot.facilities is None else _lighten(colour, 0.75)
    draw_states(ax, mine.geometry, [fill], "#333333", 1.4, 2)
    municipal = draw_shares(ax, chosen, CRS, snapshot.lang)
    draw_states(ax, mine.geometry, ["none"], colour, 2.6, 3)
    frame_to(ax, mine.total_bounds, 0.08, 5_000)
    return municipal


def _map_legend(ax, municipal: list, lang: str) -> None:
    """Neighbours and municipal shares: a legend inside the map."""
    from matplotlib.patches import Patch

    neighbours = Patch(facecolor=NEIGHBOUR_FILL, edgecolor="#999999", linewidth=0.6,
                       label=t("snapshot.legend_neighbours", lang))
    shares = ax.legend(handles=[*municipal[1:], neighbours], loc="lower right", fontsize=7.5,
                       title=municipal[0].get_label(),
                       title_fontsize=8, frameon=True, framealpha=0.9, edgecolor="#cccccc")
    shares.set_zorder(6)


def locator(fig, ax, data: Tables, states, chosen: str, lang: str) -> None:
    """A small Mexico with the state in black, in the map corner the state covers least."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    corner, size = _locator_corner(fig, ax, states, chosen)
    inset = fig.add_axes((*corner, *size))
    inset.set_aspect("equal")
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_edgecolor("#999999")
        spine.set_linewidth(0.6)
    inset.set_facecolor("white")
    geometries = simplified_states(str(Path(data.root) / FILES["boundaries"]))
    colours = ["#222222" if code == chosen else "#D0D0D0" for code in states["cve_ent"]]
    draw_states(inset, geometries, colours, "#FFFFFF", 0.25, 1)
    from matplotlib.patches import Rectangle

    inset.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#CC3311", linewidth=0.8,
                              zorder=3))
    mx0, my0, mx1, my1 = states.total_bounds
    pad = 0.03 * (mx1 - mx0)
    inset.set_xlim(mx0 - pad, mx1 + pad)
    inset.set_ylim(my0 - pad, my1 + pad)
    inset.set_zorder(6)
    inset.set_label(t("exports.locator", lang))


def _locator_corner(fig, ax, states, chosen: str):
    """The inset's corner (figure fractions) and size: shaped like the country, where it hides least of the state."""
    from shapely.geometry import box

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    mine = states.loc[states["cve_ent"] == chosen, "geometry"].iloc[0]
    # The axes' box in figure fractions is the data frame once the equal aspect is applied.
    fx0, fy0, fx1, fy1 = _axes_data_box(fig, ax)
    left, bottom, width, height = fx0, fy0, fx1 - fx0, fy1 - fy0
    size = 0.27  # share of the map frame's width
    fw, fh = fig.get_size_inches()
    mx0, my0, mx1, my1 = states.total_bounds
    # The inset box in figure fractions, shaped like the country.
    iw = size * width
    ih = iw * fw / fh * (my1 - my0) / (mx1 - mx0)
    # Candidate corners (the scale bar sits bottom left, the municipal legend bottom right).
    corners = {"tr": (left + width - iw, bottom + height - ih), "tl": (left, bottom + height - ih)}

    def data_box(cx, cy):
        to_x = lambda f: x0 + (f - fx0) / (fx1 - fx0) * (x1 - x0)
        to_y = lambda f: y0 + (f - fy0) / (fy1 - fy0) * (y1 - y0)
        return box(to_x(cx), to_y(cy), to_x(cx + iw), to_y(cy + ih))

    covered = {key: data_box(*corner).intersection(mine).area for key, corner in corners.items()}
    key = min(corners, key=lambda k: (covered[k], list(corners).index(k)))
    return corners[key], (iw, ih)


def label_neighbours(ax, data: Tables, others, lang: str, obstacles) -> None:
    """The neighbours' names inside the frame, clear of the inset, the legends and the scale bar
    (``snapshot.placement``); called once the frame and everything else on the map is drawn."""
    from coverage.snapshot.placement import label_boxes, place_labels, visible_parts

    items = visible_parts(others, neighbour_labels(data, lang), ax.get_xlim(), ax.get_ylim())
    place_labels(ax, items, label_boxes(ax, obstacles),
                 {"fontsize": 8, "color": "#6F6F6F", "zorder": 3, "clip_on": True, "linespacing": 1.0})


def draw_facilities(ax, snapshot) -> list:
    """The shown units as dots by institution group; returns one legend handle per group drawn."""
    from matplotlib.lines import Line2D

    from coverage.palette import GROUP_COLOURS

    transformer = _transformer()
    frame = snapshot.facilities
    lang = snapshot.lang
    x, y = transformer.transform(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    size = 14 if snapshot.view.cve_ent else 2
    handles = []
    counts = frame["group"].value_counts()
    for group, colour in GROUP_COLOURS.items():
        mask = (frame["group"] == group).to_numpy()
        if not mask.any():
            continue
        ax.scatter(x[mask], y[mask], s=size, c=colour, edgecolors="#222222" if snapshot.view.cve_ent else "none",
                   linewidths=0.3, zorder=4)
        handles.append(Line2D([], [], marker="o", linestyle="none", markerfacecolor=colour,
                              markeredgecolor="#222222", markersize=6,
                              label=f"{t('snapshot.group.' + group, lang)} "
                                    f"({format_int(int(counts[group]), lang)})"))
    return handles


# ------------------------------------------------------------------------------------------ helpers


@lru_cache(maxsize=1)
def _transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", CRS, always_xy=True)


def neighbour_labels(data: Tables, lang: str) -> dict[str, str]:
    """State names as a map label: whole names (an abbreviation such as MEX reads as the country),
    a few shortened by the locale, long ones on two lines."""
    import textwrap

    names = state_names(data.states, lang)
    out = {}
    for code, name in names.items():
        key = f"exports.neighbour.{code}"
        label = t(key, lang) if key in _catalogue(lang) else name
        out[code] = "\n".join(textwrap.wrap(label, 15)) if len(label) > 15 else label
    return out


def _catalogue(lang: str) -> dict:
    from coverage.i18n import catalogue

    return catalogue(lang)


@lru_cache(maxsize=4)
def simplified_states(path: str):
    """The states for the locator inset: a few hundred metres of detail are invisible there."""
    return projected_states(path).geometry.simplify(3_000, preserve_topology=True)


def _axes_data_box(fig, ax) -> tuple[float, float, float, float]:
    """The part of the figure (in fractions) the map's data limits fill once the equal aspect is applied."""
    ax.apply_aspect()
    box = ax.get_position()
    return box.x0, box.y0, box.x1, box.y1


def _lighten(hex_colour: str, amount: float) -> str:
    rgb = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _nice_length(span: float) -> int:
    """A round scale-bar length in metres not longer than ``span`` (1, 2 or 5 × 10^n km)."""
    exponent = 10 ** math.floor(math.log10(max(span, 1_000)))
    for step in (5, 2, 1):
        if step * exponent <= span:
            return int(step * exponent)
    return int(exponent)


def wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text
