"""The national status map as an animated timeline (GIF with Pillow, MP4 with imageio + its ffmpeg wheel).

One frame per month from 2021-12-01 to the data's review date (the newest event date while the
tables carry no review date), plus a frame held at every deadline of the chosen target announcement
with the promise written on it.  Title, legend with counts, date stamp and sources are burned into
every frame.  The figure is drawn once; each frame only recolours the states and rewrites the texts.

The GIF is deterministic: one fixed palette (built from the data's own colours), no dithering, no
timestamp in the file.  H.264 needs even sides, so a 1200×675 MP4 is padded to 1200×676 with one
white row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from coverage import __version__, freshness, gaps, maps, rollout
from coverage.dates import FIRST_AS_OF
from coverage.errors import RequestError
from coverage.i18n import format_date, format_int, format_pct, t
from coverage.provenance import input_files
from coverage.snapshot.figure import (MUTED_TEXT, SAVE_RC, TEXT_COLOUR, draw_states, projected_states,
                                      simplified_states, wrap)
from coverage.tables import FILES, Tables

SIZES = {"1200x675": (1200, 675), "1080x1080": (1080, 1080)}
FORMATS = ("gif", "mp4")
MONTH_MS = 700  # one month on screen
HOLD_MS = 3000  # a deadline frame, long enough to read the promise
LAST_MS = 4000
MP4_FPS = 10
MAX_BYTES = 5 * 1024 * 1024


class AnimationError(RequestError, ValueError):
    """An animation that cannot be made as asked (size, format, dates)."""


@dataclass(frozen=True)
class Frame:
    day: dt.date
    promises: tuple[str, ...]  # empty: a monthly frame
    milliseconds: int


def end_date(data: Tables, today: dt.date | None = None) -> tuple[dt.date, str]:
    """The data's review date if the tables carry one, else the newest event date; and which it is."""
    today = today or dt.date.today()
    review = getattr(data, "reviewed", None)
    if review:
        return min(review, today), "review_date"
    newest = max(data.events["earliest"])
    return min(newest, today), "newest_event"


def months(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start.replace(day=1)
    while day <= end:
        if day >= start:
            days.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if days[-1] != end:
        days.append(end)
    return days


def promise_text(milestone: dict, lang: str) -> str:
    """A target milestone in words: 'Meta 2022-08: de 13 a 15 estados para el 31 de diciembre de 2022'."""
    when = format_date(milestone["deadline_date"], lang)
    kind = milestone["kind"]
    values = {"target": milestone["target_id"], "date": when}
    if kind == "states":
        if milestone["states"] == "all":
            return t("exports.anim.promise.all", lang, **values)
        return t("exports.anim.promise.named", lang, n=len(milestone["states"].split(";")), **values)
    if kind == "state_count":
        low, high = int(milestone["value"]), milestone["value_max"]
        count = format_int(low, lang) if not high or high != high else t(
            "exports.anim.range", lang, low=format_int(low, lang), high=format_int(int(high), lang))
        return t("exports.anim.promise.count", lang, count=count, **values)
    if kind == "covered_people":
        millions = f"{float(milestone['value']) / 1e6:.1f}"
        millions = millions.replace(".", ",") if lang == "es" else millions
        return t("exports.anim.promise.people", lang, millions=millions, **values)
    if kind == "coverage_share":
        return t("exports.anim.promise.share", lang, share=format_pct(float(milestone["value"]) / 100, lang), **values)
    return t("exports.anim.promise.other", lang, **values)


def frames(data: Tables, target: str, end: dt.date, lang: str) -> list[Frame]:
    """Monthly frames, and one held frame per deadline of the target (its promises, in the language)."""
    deadlines: dict[dt.date, list[str]] = {}
    for milestone in gaps.milestones(data, target).to_dict("records"):
        day = milestone["deadline_date"]
        if FIRST_AS_OF <= day <= end:
            deadlines.setdefault(day, []).append(promise_text(milestone, lang))
    out = [Frame(day, (), MONTH_MS) for day in months(FIRST_AS_OF, end)]
    out += [Frame(day, tuple(texts), HOLD_MS) for day, texts in deadlines.items()]
    out.sort(key=lambda f: (f.day, bool(f.promises)))
    out[-1] = Frame(out[-1].day, out[-1].promises, max(out[-1].milliseconds, LAST_MS))
    return out


@dataclass
class Animation:
    data: Tables
    target: str = gaps.DEFAULT_TARGET
    lang: str = "es"
    size: str = "1200x675"
    end: dt.date | None = None

    def __post_init__(self):
        if self.size not in SIZES:
            raise AnimationError(f"unknown size '{self.size}'; use one of {', '.join(SIZES)}")
        gaps.check_target(self.data, self.target, AnimationError)
        if self.end is None:
            self.end, self.end_basis = end_date(self.data)
        else:
            self.end_basis = "chosen"
        if self.end <= FIRST_AS_OF:
            raise AnimationError(f"the end date {self.end} is not after {FIRST_AS_OF}, when the rollout begins")

    @property
    def name(self) -> str:
        return f"imss-bienestar-animacion-{FIRST_AS_OF.isoformat()}-{self.end.isoformat()}-{self.size}"

    @cached_property
    def frames(self) -> list[Frame]:
        return frames(self.data, self.target, self.end, self.lang)

    def reproduce_command(self, fmt: str | None = None) -> str:
        """The command that remakes the animation (without --format on the frames: they are the same in both)."""
        chosen = f" --format {fmt}" if fmt else ""
        return (f"imss-coverage animate{chosen} --size {self.size} --target {self.target} "
                f"--lang {self.lang} --end {self.end.isoformat()} --out DIR")

    # --- drawing ---------------------------------------------------------------------------------
    def rgb_frames(self) -> list[np.ndarray]:
        """Every frame as an RGB array of the chosen size (held frames appear once)."""
        import matplotlib

        with matplotlib.rc_context(SAVE_RC):
            stage = self._stage()
            return [stage.draw(self.data, frame) for frame in self.frames]

    def _stage(self) -> "_Stage":
        """The figure with what every frame shares: the states' shapes, title, subtitle and source."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        lang = self.lang
        width, height = SIZES[self.size]
        square = width == height
        fig = Figure(figsize=(width / 100, height / 100), dpi=100, facecolor="white")
        canvas = FigureCanvasAgg(fig)
        path = str(Path(self.data.root) / FILES["boundaries"])
        states = projected_states(path)
        codes = list(states["cve_ent"])
        ax = fig.add_axes((0.02, 0.24, 0.96, 0.56) if square else (0.01, 0.10, 0.64, 0.74))
        ax.set_aspect("equal")
        ax.set_axis_off()
        draw_states(ax, simplified_states(path), ["#FFFFFF"] * len(codes), "#FFFFFF", 0.5, 1)
        collection = ax.collections[0]
        x0, y0, x1, y1 = states.total_bounds
        ax.set_xlim(x0 - 20_000, x1 + 20_000)
        ax.set_ylim(y0 - 20_000, y1 + 20_000)
        renderer = canvas.get_renderer()
        title = fig.text(0.03, 0.965, t("exports.anim.title", lang), fontsize=26 if square else 22,
                         fontweight="bold", color=TEXT_COLOUR, va="top")
        _fit(title, 0.94 * width, renderer)
        fig.text(0.03, 0.965 - (0.05 if square else 0.075), t("exports.anim.subtitle", lang), fontsize=13,
                 color=MUTED_TEXT, va="top")
        stamp_size = 30 if square else 26
        stamp = fig.text(0.97 if square else 0.68, 0.20 if square else 0.84, "", fontsize=stamp_size,
                         fontweight="bold", color=TEXT_COLOUR, va="top", ha="right" if square else "left")
        promise = fig.text(0.03 if square else 0.68, 0.875 if square else 0.32, "", fontsize=14,
                           color="#882255", va="top", fontweight="bold", linespacing=1.25)
        source = t("exports.anim.source", lang, command=self.reproduce_command())
        if self.data.reviewed is not None:  # how current the events are, as on every other export
            source = f"{freshness.stamp(self.data, self.end, lang)} {source}"
        fig.text(0.03 if square else 0.01 + 0.02, 0.02, wrap(source, 120 if square else 150), fontsize=9,
                 color=MUTED_TEXT, va="bottom", linespacing=1.3)
        return _Stage(fig, canvas, renderer, collection, codes, stamp, stamp_size,
                      (0.42 if square else 0.31) * width, promise, square, lang)

    @cached_property
    def _rgb(self) -> list[np.ndarray]:
        return self.rgb_frames()

    # --- files -----------------------------------------------------------------------------------
    @cached_property
    def gif(self) -> bytes:
        from PIL import Image

        images = [Image.fromarray(a) for a in self._rgb]
        quantised = _indexed(self._rgb, _palette(images))
        buffer = io.BytesIO()
        quantised[0].save(buffer, format="GIF", save_all=True, append_images=quantised[1:], loop=0,
                          duration=[f.milliseconds for f in self.frames], optimize=False, disposal=1)
        return buffer.getvalue()

    @cached_property
    def mp4(self) -> bytes:
        import tempfile

        import imageio.v2 as imageio

        width, height = SIZES[self.size]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "animation.mp4"
            writer = imageio.get_writer(path, format="FFMPEG", mode="I", fps=MP4_FPS, codec="libx264",
                                        pixelformat="yuv420p", macro_block_size=1, quality=None,
                                        ffmpeg_log_level="error",
                                        ffmpeg_params=["-crf", "26", "-preset", "veryfast", "-tune", "animation",
                                                       "-movflags", "+faststart", "-fflags", "+bitexact",
                                                       "-map_metadata", "-1"])
            try:
                for frame, rgb in zip(self.frames, self._rgb):
                    if height % 2:
                        rgb = np.vstack([rgb, np.full((1, width, 3), 255, dtype=np.uint8)])
                    for _ in range(max(1, round(frame.milliseconds * MP4_FPS / 1000))):
                        writer.append_data(rgb)
            finally:
                writer.close()
            return path.read_bytes()

    def payload(self, fmt: str) -> bytes:
        if fmt not in FORMATS:
            raise AnimationError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
        return self.gif if fmt == "gif" else self.mp4

    def manifest(self, fmt: str) -> bytes:
        payload = self.payload(fmt)
        width, height = SIZES[self.size]
        body = {
            "app": "imss-coverage", "app_version": __version__, "name": self.name, "format": fmt,
            "size": {"width": width, "height": height + (height % 2 if fmt == "mp4" else 0)},
            "language": self.lang, "target": self.target, "start": FIRST_AS_OF.isoformat(),
            "end": self.end.isoformat(), "end_basis": self.end_basis,
            **(freshness.record(self.data, self.end) if self.data.reviewed is not None else {}),
            "frames": [{"date": f.day.isoformat(), "milliseconds": f.milliseconds, "promises": list(f.promises)}
                       for f in self.frames],
            "reproduce": self.reproduce_command(fmt),
            "inputs": input_files(self.data),
            "file": {"name": f"{self.name}.{fmt}", "bytes": len(payload),
                     "sha256": hashlib.sha256(payload).hexdigest()},
        }
        return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def files(self, fmt: str) -> dict[str, bytes]:
        return {f"{self.name}.{fmt}": self.payload(fmt), f"{self.name}-{fmt}-manifest.json": self.manifest(fmt)}


@dataclass
class _Stage:
    """The animation's figure, drawn once; each frame recolours the states and rewrites the texts."""

    fig: object
    canvas: object
    renderer: object
    collection: object  # the states, in ``codes`` order
    codes: list[str]
    stamp: object  # the date
    stamp_size: int
    stamp_room: float  # pixels
    promise: object  # the target's promises on a held frame
    square: bool
    lang: str
    legend: object = None

    def draw(self, data: Tables, frame: Frame) -> np.ndarray:
        from matplotlib.patches import Patch

        lang, square = self.lang, self.square
        by_code = rollout.statuses_on(data, frame.day)
        self.collection.set_facecolor([maps.STATUS_COLOURS[by_code[c]] for c in self.codes])
        counts = {status: sum(1 for s in by_code.values() if s == status) for status in rollout.STATUSES}
        if self.legend is not None:
            self.legend.remove()
        handles = [Patch(facecolor=maps.STATUS_COLOURS[s], edgecolor="#333333", linewidth=0.6,
                         label=f"{t(f'status.{s}', lang)}: {format_int(counts[s], lang)}")
                   for s in maps.LEGEND_ORDER]
        self.legend = self.fig.legend(handles=handles, loc="upper left",
                                      bbox_to_anchor=(0.03, 0.235) if square else (0.675, 0.74), frameon=False,
                                      fontsize=14, title=t("snapshot.legend_status", lang), title_fontsize=14,
                                      alignment="left", ncols=2 if square else 1)
        self.legend.get_title().set_fontweight("bold")
        self.stamp.set_text(format_date(frame.day, lang))
        self.stamp.set_fontsize(self.stamp_size)
        _fit(self.stamp, self.stamp_room, self.renderer)
        self._write_promises(frame.promises)
        self.canvas.draw()
        return np.asarray(self.canvas.buffer_rgba())[:, :, :3].copy()

    def _write_promises(self, promises: tuple[str, ...]) -> None:
        """The promises wrapped to the room right of the map (or the page's width on a square frame):
        a line is measured, not counted, so a bold Spanish line does not run off the frame."""
        width = self.fig.get_figwidth() * self.fig.dpi
        left = self.promise.get_position()[0] * width
        room = width * 0.98 - left
        for chars in range(60 if self.square else 34, 14, -2):
            self.promise.set_text("\n".join(wrap(p, chars) for p in promises))
            if not promises or self.promise.get_window_extent(self.renderer).width <= room:
                return


EXACT_COLOURS = 64  # the most frequent colours of the frames go in the palette as they are


def _palette(images):
    """One 256-colour palette for every frame: the frames' most frequent colours exactly (the white
    page, the status fills, the text), the rest by median cut over a shrunk strip of all frames.
    Median cut alone averages the page white with the antialiased greys (it came out 252,252,252)."""
    from PIL import Image

    small = [im.resize((im.width // 4, im.height // 4), Image.Resampling.NEAREST) for im in images]
    strip = Image.new("RGB", (small[0].width, small[0].height * len(small)), "white")
    for index, im in enumerate(small):
        strip.paste(im, (0, index * small[0].height))
    counts = strip.getcolors(strip.width * strip.height)
    exact = [colour for _, colour in sorted(counts, key=lambda c: (-c[0], c[1]))[:EXACT_COLOURS]]
    rest = strip.quantize(colors=256 - len(exact), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    flat = rest.getpalette()[:3 * (256 - len(exact))]
    colours = exact + [c for c in zip(flat[0::3], flat[1::3], flat[2::3]) if c not in exact]
    colours += [colours[-1]] * (256 - len(colours))
    return np.array(colours[:256], dtype=np.uint8)


def _indexed(frames: list[np.ndarray], palette: np.ndarray) -> list:
    """Every frame as a "P" image on ``palette``, each colour mapped to its nearest entry (exactly to
    itself when it is one).  Done here, not by Pillow's ``quantize(palette=)``, whose colour cache
    rounds a colour to a cell first (the page white went to 252)."""
    from PIL import Image

    lut = np.zeros(1 << 24, dtype=np.uint8)  # 24-bit colour → palette index, filled as colours appear
    known = np.zeros(1 << 24, dtype=bool)
    entries = palette.astype(np.int32)
    flat = [value for colour in palette.tolist() for value in colour]
    out = []
    for rgb in frames:
        codes = (rgb[:, :, 0].astype(np.int32) << 16) | (rgb[:, :, 1].astype(np.int32) << 8) | rgb[:, :, 2]
        new = np.unique(codes[~known[codes]])
        if len(new):
            colours = np.stack([new >> 16, (new >> 8) & 255, new & 255], axis=1)
            distances = ((colours[:, None, :] - entries[None, :, :]) ** 2).sum(axis=2)
            lut[new] = distances.argmin(axis=1)  # ties: the first entry, so the mapping is deterministic
            known[new] = True
        image = Image.frombytes("P", (rgb.shape[1], rgb.shape[0]), lut[codes].tobytes())
        image.putpalette(flat)
        out.append(image)
    return out


def _fit(text, max_pixels: float, renderer, smallest: int = 10) -> None:
    """Shrink a text until it fits its room (long month names, long titles in one language)."""
    while text.get_window_extent(renderer).width > max_pixels and text.get_fontsize() > smallest:
        text.set_fontsize(text.get_fontsize() - 1)
