"""Where a state snapshot names its neighbours: each label's box inside the map frame, off the locator
inset, the map's legend, the scale bar and the labels already placed, and as much as it can over the
neighbour it names (the chosen state stays uncovered where the neighbour leaves room).

Candidate centres are a grid over the neighbour's visible part; the label's box (measured by the
renderer the figure is saved with) is tested against rectangles with numpy and against the neighbour
with shapely's vectorised functions, so the choice is deterministic and cheap. A neighbour whose
label fits nowhere is left unnamed rather than cut by the frame.
"""

from __future__ import annotations

import numpy as np

GRID = 28  # candidate centres per side of the neighbour's visible bounds
MIN_SHARE = 0.004  # a neighbour showing less than this share of the frame is not named
GAP_PX = 4  # free pixels kept between a label and the frame or an obstacle


def label_boxes(ax, artists) -> list[tuple[float, float, float, float]]:
    """The display boxes (x0, y0, x1, y1, pixels) of the artists a label must not cover."""
    renderer = ax.figure.canvas.get_renderer()
    boxes = []
    for artist in artists:
        if artist is None:
            continue
        box = artist.get_window_extent(renderer)
        boxes.append((box.x0, box.y0, box.x1, box.y1))
    return boxes


def place_labels(ax, items, obstacles, style: dict) -> list:
    """Write each ``(name, visible geometry)`` (data coordinates, largest first) where it fits; returns
    the texts written. ``obstacles`` are display boxes (``label_boxes``)."""
    renderer = ax.figure.canvas.get_renderer()
    ax.apply_aspect()
    frame = ax.get_window_extent(renderer)
    to_display = ax.transData
    placed = [tuple(box) for box in obstacles]
    texts = []
    for name, visible in items:
        text = ax.text(0, 0, name, ha="center", va="center", **style)
        extent = text.get_window_extent(renderer)
        half = (extent.width / 2 + GAP_PX, extent.height / 2 + GAP_PX)
        # Centres over the neighbour first; else beside it, the label still touching it.
        spot = _fit(to_display, visible, _candidates(visible), frame, placed, half, 0.0)
        if spot is None:
            spot = _fit(to_display, visible, _candidates(visible, to_display, half), frame, placed, half, 0.05)
        if spot is None:
            text.remove()
            continue
        (x, y), (cx, cy) = spot
        text.set_position((x, y))
        placed.append((cx - half[0], cy - half[1], cx + half[0], cy + half[1]))
        texts.append(text)
    return texts


def visible_parts(others, names: dict, xlim, ylim) -> list:
    """``(label, the part of the neighbour inside the frame)`` for every neighbour showing enough of
    itself, largest part first (the big neighbours choose their place first)."""
    import shapely

    view = shapely.box(xlim[0], ylim[0], xlim[1], ylim[1])
    items = []
    for code, geometry in zip(others["cve_ent"], others.geometry):
        visible = geometry.intersection(view)
        if visible.is_empty or visible.area < MIN_SHARE * view.area:
            continue
        items.append((-visible.area, code, names[code], visible))
    return [(name, visible) for _, _, name, visible in sorted(items, key=lambda item: item[:2])]


def _fit(to_display, visible, centres, frame, placed, half, least: float):
    """The best of ``centres`` (data) whose label box fits the frame and misses every placed box, with
    more than ``least`` of it over the neighbour: ``(data point, display point)``, or None."""
    if not len(centres):
        return None
    half_w, half_h = half
    shown = to_display.transform(centres)
    fits = ((shown[:, 0] - half_w >= frame.x0) & (shown[:, 0] + half_w <= frame.x1)
            & (shown[:, 1] - half_h >= frame.y0) & (shown[:, 1] + half_h <= frame.y1))
    for x0, y0, x1, y1 in placed:
        fits &= ((shown[:, 0] + half_w <= x0) | (shown[:, 0] - half_w >= x1)
                 | (shown[:, 1] + half_h <= y0) | (shown[:, 1] - half_h >= y1))
    if not fits.any():
        return None
    centres, shown = centres[fits], shown[fits]
    share = _share(to_display, visible, shown, half_w - GAP_PX, half_h - GAP_PX)
    if share.max() <= least:
        return None
    anchor = visible.representative_point()
    distance = np.hypot(centres[:, 0] - anchor.x, centres[:, 1] - anchor.y)
    best = int(np.lexsort((distance, -share))[0])
    return tuple(centres[best]), tuple(shown[best])


def _candidates(visible, to_display=None, half=(0.0, 0.0)) -> np.ndarray:
    """Grid points (data coordinates) inside the neighbour's visible part; with ``to_display``, over
    its bounds widened by the label's half size (``half``, pixels) instead."""
    import shapely

    x0, y0, x1, y1 = visible.bounds
    if to_display is not None:
        to_data = to_display.inverted()
        (ax0, ay0), (ax1, ay1) = to_data.transform([(0, 0), half])
        x0, x1, y0, y1 = x0 - (ax1 - ax0), x1 + (ax1 - ax0), y0 - (ay1 - ay0), y1 + (ay1 - ay0)
    xs = np.linspace(x0, x1, GRID + 2)[1:-1]
    ys = np.linspace(y0, y1, GRID + 2)[1:-1]
    grid = np.array([(x, y) for y in ys for x in xs])
    return grid if to_display is not None else grid[shapely.contains_xy(visible, grid[:, 0], grid[:, 1])]


def _share(to_display, visible, shown, half_w: float, half_h: float) -> np.ndarray:
    """The share (to 0.01) of each label box (centred on ``shown``, display) that lies over the neighbour."""
    import shapely

    to_data = to_display.inverted()
    low = to_data.transform(np.column_stack([shown[:, 0] - half_w, shown[:, 1] - half_h]))
    high = to_data.transform(np.column_stack([shown[:, 0] + half_w, shown[:, 1] + half_h]))
    boxes = shapely.box(low[:, 0], low[:, 1], high[:, 0], high[:, 1])
    return np.round(shapely.area(shapely.intersection(boxes, visible)) / shapely.area(boxes), 2)
