"""Newsroom exports: the national snapshot in each colouring, the embeddable HTML, the animation;
dpi, frame counts, sizes, byte-identical re-renders, manifests with input hashes, language, CSV safety."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re

import pytest
from click.testing import CliRunner

from coverage import animation, embed, maps, tables
from coverage.cli import main
from coverage.snapshot.national import COLOURINGS, NationalSnapshot, all_colourings
from coverage.snapshot import Snapshot, SnapshotError, View
from helpers import GEODATA

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def movie(data):
    return animation.Animation(data, "2023-01", "en", "1200x675")


def png_dpi(payload: bytes) -> tuple[int, int]:
    from PIL import Image

    return tuple(round(v) for v in Image.open(io.BytesIO(payload)).info["dpi"])


def assert_inputs_hashed(inputs: list[dict]) -> None:
    paths = {entry["path"]: entry["sha256"] for entry in inputs}
    for relative in ("states.geojson", "census_2020.csv", "rollout_events.csv", "rollout_targets.csv",
                     "states/state_codes.csv", "datapackage.json"):
        assert paths[f"geodata/{relative}"] == hashlib.sha256((GEODATA / relative).read_bytes()).hexdigest()


# ------------------------------------------------------------------------------ national snapshot

def test_national_snapshot_in_each_colouring_colours_the_states_as_the_map_page(data):
    view = View(None, AS_OF, "2023-01", lang="es")
    snaps = all_colourings(data, view)
    assert [s.mode for s in snaps] == list(COLOURINGS)
    assert len({s.name for s in snaps}) == 5 and all(s.name.startswith("imss-bienestar-nacional-2024-06-30-")
                                                      for s in snaps)
    for snap in snaps:
        if snap.mode == "municipal":
            continue  # one row per municipality: test_national_municipal_colouring_*
        rows = list(csv.DictReader(io.StringIO(snap.csv.decode("utf-8-sig"))))
        assert [r["cve_ent"] for r in rows] == [f"{n:02d}" for n in range(1, 33)]
        assert {r["colouring"] for r in rows} == {snap.mode}
        # Each state's class is the legend label of the colour it is drawn in on the national map page.
        legend = dict(snap.paint.legend)
        assert all(legend[r["map_colour"]] == r["map_class"] for r in rows)
        assert sum(n for _, _, n in snap.legend_entries()) == 32
        manifest = json.loads(snap.files()[snap.manifest_name])
        assert manifest["colouring"] == snap.mode and manifest["state"] == "national"
        assert_inputs_hashed(manifest["inputs"])
        assert {f["name"]: f["sha256"] for f in manifest["files"]} == \
            {name: hashlib.sha256(payload).hexdigest() for name, payload in snap.outputs().items()}
        assert f"--colouring {snap.mode}" in manifest["reproduce"]
        if snap.mode == "access":
            layers = {i.get("layer") for i in manifest["inputs"]}
            assert {"localities", "units"} <= layers and manifest["access"] == {"scope": "first_level", "km": 5}
            assert {"access_people_beyond", "access_share_beyond"} <= set(rows[0])
    status_rows = list(csv.DictReader(io.StringIO(snaps[0].csv.decode("utf-8-sig"))))
    assert sum(r["status"] == "operating" for r in status_rows) == \
        int((snaps[0].status["status"] == "operating").sum())


def test_national_snapshot_pictures_are_print_grade_and_in_the_chosen_language(data):
    english = NationalSnapshot(data, View(None, AS_OF, "2023-01", lang="en"), mode="delay")
    assert png_dpi(english.png) == (300, 300) and png_dpi(english.png_screen) == (150, 150)
    svg = english.svg.decode("utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)", svg)
    assert "IMSS-BIENESTAR federalization on 30 June 2024" in texts
    # The legend names the target by who announced it and when (issue 12), wrapped over two lines.
    assert "Delay against the target of Zoé Robledo (IMSS), 17 Jan 2023" in " ".join(texts)
    spanish = NationalSnapshot(data, View(None, AS_OF, "2023-01", lang="es"), mode="delay")
    assert "Federalización IMSS-BIENESTAR al 30 de junio de 2024" in spanish.svg.decode("utf-8")
    assert b"/Count 1" in english.pdf and b"/CreationDate" not in english.pdf


@pytest.mark.parametrize("mode", COLOURINGS)
def test_national_snapshot_is_byte_identical_on_a_second_render(data, mode):
    view = View(None, AS_OF, "2022-08", lang="es")
    first, second = NationalSnapshot(data, view, mode=mode), NationalSnapshot(data, view, mode=mode)
    assert first.files() == second.files()
    assert first.zip == second.zip


def test_national_municipal_colouring_lists_every_municipality_and_hashes_its_inputs(data):
    from coverage import municipalities

    snap = NationalSnapshot(data, View(None, AS_OF, "2023-01", lang="es"), mode="municipal")
    rows = list(csv.DictReader(io.StringIO(snap.csv.decode("utf-8-sig"))))
    assert len(rows) == 2_469 and len({r["cvegeo"] for r in rows}) == 2_469
    assert {"cvegeo", "name", "state", "POBTOT", "no_ss", "no_ss_low", "no_ss_high", "share"} <= set(rows[0])
    census = tables.load().census.set_index("cve_ent")
    sums: dict = {}
    for r in rows:
        sums[r["cvegeo"][:2]] = sums.get(r["cvegeo"][:2], 0) + int(r["POBTOT"])
    assert sums == {code: int(census.at[code, "POBTOT"]) for code in census.index}
    assert sum(int(r["POBTOT"]) for r in rows) == int(census["POBTOT"].sum())
    # Each municipality's colour is the app's class of its share (municipalities.SHARE_CLASSES).
    assert all(r["map_colour"] == municipalities.share_colour(float(r["share"]) if r["share"] else None) for r in rows)
    assert sum(n for _, _, n in snap.legend_entries()) == 2_469
    manifest = json.loads(snap.files()[snap.manifest_name])
    assert_inputs_hashed(manifest["inputs"])
    hashed = {e["path"]: e["sha256"] for e in manifest["inputs"]}
    for name in municipalities.INPUT_FILES:
        assert hashed[f"geodata/{name}"] == hashlib.sha256((GEODATA / name).read_bytes()).hexdigest()
    assert manifest["shown"]["municipalities"] == 2_469 and "--colouring municipal" in manifest["reproduce"]
    english = NationalSnapshot(data, View(None, AS_OF, "2023-01", lang="en"), mode="municipal").svg.decode("utf-8")
    assert "Without social security by municipality" in english and "State boundaries" in english
    spanish = snap.svg.decode("utf-8")
    assert "Sin seguridad social por municipio" in spanish and "Límites estatales" in spanish


def test_a_national_snapshot_cannot_take_a_state_or_an_unknown_colouring(data):
    with pytest.raises(SnapshotError, match="unknown colouring 'rainbow'"):
        NationalSnapshot(data, View(None, AS_OF), mode="rainbow")
    with pytest.raises(SnapshotError, match="has no state"):
        NationalSnapshot(data, View("13", AS_OF), mode="status")


# ---------------------------------------------------------------------------------- embed HTML

def test_embed_html_is_self_contained_deterministic_and_escaped(data, monkeypatch):
    snap = NationalSnapshot(data, View(None, AS_OF, "2023-01", lang="en"), mode="status")
    page = embed.national_html(snap)
    assert page == embed.national_html(NationalSnapshot(data, View(None, AS_OF, "2023-01", lang="en"), mode="status"))
    text = page.decode("utf-8")
    assert "default-src 'none'" in text and '<html lang="en">' in text
    # No address the markup could fetch (the scripts are checked in Chromium, test_embed_browser.py).
    markup = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", text, flags=re.S)
    assert not re.search(r"\s(src|href)\s*=", markup) and "<link" not in markup
    assert not re.search(r"url\((?!#|none)", text) and "sourceMappingURL" not in text
    assert "Leaflet" in text and "L.geoJSON" in text
    manifest = json.loads(re.search(r'<script type="application/json" id="manifest">(.*?)</script>', text,
                                    re.S).group(1))
    assert_inputs_hashed(manifest["inputs"])
    assert manifest["as_of"] == "2024-06-30" and manifest["reproduce"].endswith("--html")
    snippet = embed.iframe_snippet(snap)
    assert snippet.startswith(f'<iframe src="{embed.file_name(snap)}"') and 'title="IMSS-BIENESTAR' in snippet


def _embed_config(page: bytes) -> tuple[dict, dict]:
    """The page's map configuration (shapes, tooltip fields and labels) and its manifest."""
    text = page.decode("utf-8")
    config = json.loads(re.search(r"var C = (\{.*\});\n", text).group(1))
    manifest = json.loads(re.search(r'<script type="application/json" id="manifest">(.*?)</script>', text,
                                    re.S).group(1))
    return config, manifest


@pytest.mark.parametrize("mode, lang, labels, not_labels", [
    ("status", "en", ["Status", "Since", "Possible change", "Source"], ["Delay", "Beyond 5 km"]),
    ("delay", "es", ["Meta", "Fecha real", "Retraso"], ["Posible cambio"]),
    ("uninsured", "en", ["Without affiliation 2020"], ["Delay", "Since"]),
    ("access", "en", ["Beyond 5 km", "Localities beyond 5 km", "Largest distance", "Farthest locality"],
     ["Since", "Delay", "Possible change"]),
])
def test_embed_tooltip_carries_the_fields_of_its_colouring(data, mode, lang, labels, not_labels):
    snap = NationalSnapshot(data, View(None, AS_OF, "2023-01", lang=lang), mode=mode)
    config, manifest = _embed_config(embed.national_html(snap))
    assert config["fields"] == list(embed.TOOLTIPS[mode]) and config["areas"] is None
    assert all(label in config["aliases"] for label in labels), config["aliases"]
    assert not any(label in config["aliases"] for label in not_labels), config["aliases"]
    features = config["features"]["features"]
    assert len(features) == 32
    assert all(feature["properties"][field] for feature in features for field in config["fields"])
    assert [f["properties"]["colour"] for f in features] == [snap.paint.colours[f["properties"]["cve_ent"]]
                                                              for f in features]
    if mode == "access":  # the people beyond the distance, as the access page words them, and what was measured
        gap = snap.shading.gap.set_index("cve_ent")
        hidalgo = next(f["properties"] for f in features if f["properties"]["cve_ent"] == "13")
        assert hidalgo["beyond"].startswith(f'{int(gap.at["13", "people_beyond"]):,}')
        assert {"localities", "units"} <= {entry.get("layer") for entry in manifest["inputs"]}


def test_state_embed_keeps_every_sourced_field(data):
    config, _ = _embed_config(embed.state_html(Snapshot(data, View("13", AS_OF, "2023-01", lang="en"))))
    assert config["fields"] == list(embed.STATE_TOOLTIP) and config["focus"] == "13"


def test_embed_names_each_source_by_its_host_name_without_a_port(data):
    """Hidalgo's operating event is sourced at http://elquinto.mx:8080/…: footer and tooltips say elquinto.mx."""
    import re

    from coverage.html_table import host

    assert host("http://elquinto.mx:8080/articulo?page=1") == "elquinto.mx" == host("https://www.elquinto.mx/")
    page = embed.state_html(Snapshot(data, View("13", AS_OF, "2023-01", lang="es"))).decode("utf-8")
    footer = re.search(r"<footer>(.*?)<br>", page, re.S).group(1)
    assert "estatus: elquinto.mx;" in footer and ":8080" not in footer
    config, _ = _embed_config(page.encode("utf-8"))
    sources = {f["properties"]["cve_ent"]: f["properties"]["source"] for f in config["features"]["features"]}
    assert sources["13"] == "elquinto.mx" and not any(":8080" in s for s in sources.values())


def test_every_output_names_a_source_without_its_port(data):
    """The one rule (``maps.source_label``) serves the PNG/PDF/SVG footer, the app's tooltips and card too."""
    from coverage import maps

    assert maps.source_label("http://elquinto.mx:8080/articulo?page=1") == "elquinto.mx"
    assert maps.source_label("https://www.gob.mx/imss") == "gob.mx"
    line = Snapshot(data, View("13", AS_OF, "2023-01", lang="es")).source_line()
    assert "elquinto.mx" in line and ":8080" not in line


def _decoded(polygons: list, grid: float):
    """The (Multi)Polygon of one municipal row, read back from its delta-coded integers."""
    import numpy as np
    import shapely

    parts = [shapely.Polygon(*[(np.cumsum(np.asarray(r).reshape(-1, 2), axis=0) * grid)
                               for r in rings[:1]], [np.cumsum(np.asarray(r).reshape(-1, 2), axis=0) * grid
                                                     for r in rings[1:]]) for rings in polygons]
    return shapely.MultiPolygon(parts)


def test_municipal_embed_carries_every_municipality_small_and_close_to_its_shape(data):
    import numpy as np
    import shapely

    from coverage import municipalities

    snap = NationalSnapshot(data, View(None, AS_OF, "2023-01", lang="es"), mode="municipal")
    page = embed.national_html(snap)
    assert page == embed.national_html(NationalSnapshot(data, View(None, AS_OF, "2023-01", lang="es"),
                                                        mode="municipal"))
    assert len(page) <= 1_400_000  # measured 1.24 MB; the source polygons alone are 1.38 MB at 1e-6°
    config, manifest = _embed_config(page)
    rows = config["areas"]["rows"]
    grid = config["areas"]["grid"]
    assert len(rows) == 2_469 and config["fields"] == ["name", "share", "bounds", "people"]
    assert config["aliases"] == ["Municipio", "Sin seguridad social", "Cotas", "Personas"]
    assert config["maxZoom"] == embed.MUNICIPAL_MAX_ZOOM and len(config["features"]["features"]) == 32
    by_code = dict(zip(snap.municipal_rows["cvegeo"], rows))
    pachuca = by_code["13048"]
    assert pachuca[0] == "Pachuca de Soto, Hidalgo" and pachuca[4] == snap.paint.colours["13048"]
    # Every shape is within one grid step of the source polygon (rounding moves a vertex at most grid/√2).
    source = municipalities.shapes(data.root).reindex(list(by_code))
    decoded = np.array([_decoded(row[5], grid) for row in by_code.values()], dtype=object)
    assert float(shapely.hausdorff_distance(decoded, source.to_numpy()).max()) <= grid * 0.71
    assert all(np.count_nonzero(np.asarray(r).reshape(-1, 2)[1:], axis=1).all() for row in rows for rings in row[5]
               for r in rings)  # no point repeated: a zero step is a wasted pair of numbers
    hashed = {e["path"]: e["sha256"] for e in manifest["inputs"]}
    for name in municipalities.INPUT_FILES:
        assert hashed[f"geodata/{name}"] == hashlib.sha256((GEODATA / name).read_bytes()).hexdigest()
    assert embed.iframe_snippet(snap).startswith(f'<iframe src="{snap.name}.html"')


def test_embed_escapes_text_from_the_data(data):
    hostile = data.states.copy()
    hostile.loc[hostile["cve_ent"] == "13", "name_en"] = "</script><img src=x onerror=alert(1)>"
    from dataclasses import replace

    tampered = replace(data, states=hostile)
    snap = Snapshot(tampered, View("13", AS_OF, "2023-01", lang="en"))
    text = embed.state_html(snap).decode("utf-8")
    assert "<img src=x" not in text and "</script><img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


# ----------------------------------------------------------------------------------- animation

def test_frames_run_monthly_to_the_review_date_with_a_held_frame_per_deadline(data, movie):
    assert data.reviewed is not None  # geodata/datapackage.json records when the events were reviewed
    assert movie.end == min(data.reviewed, dt.date.today()) and movie.end_basis == "review_date"
    from dataclasses import replace

    unreviewed = animation.Animation(replace(data, reviewed=None), "2023-01", "en", "1200x675")
    assert unreviewed.end == min(max(data.events["earliest"]), dt.date.today())
    assert unreviewed.end_basis == "newest_event"
    days = [f.day for f in movie.frames]
    assert days[0] == dt.date(2021, 12, 1) and days[-1] == movie.end
    monthly = [f for f in movie.frames if not f.promises]
    months = (movie.end.year - 2021) * 12 + movie.end.month - 12 + 1
    assert len([f for f in monthly if f.day.day == 1]) == months
    deadlines = sorted({m for m in data.targets.loc[data.targets["target_id"] == "2023-01", "deadline_date"]
                        if m <= movie.end})
    held = [f for f in movie.frames if f.promises]
    assert [f.day for f in held] == deadlines
    assert all(f.milliseconds == animation.HOLD_MS for f in held[:-1])
    first = held[0]
    assert first.day == dt.date(2023, 3, 31)
    assert "the wave's 8 states by 31 March 2023" in " ".join(first.promises)
    assert "31.5 million people covered by 31 March 2023" in " ".join(first.promises)
    assert days == sorted(days)


def test_gif_has_one_frame_per_entry_its_size_and_durations_and_is_deterministic(data, movie):
    from PIL import Image

    gif = movie.gif
    image = Image.open(io.BytesIO(gif))
    assert image.size == (1200, 675)
    assert image.n_frames == len(movie.frames)
    durations = []
    for index in range(image.n_frames):
        image.seek(index)
        durations.append(image.info["duration"])
    assert durations == [f.milliseconds for f in movie.frames]
    assert len(gif) <= animation.MAX_BYTES
    again = animation.Animation(data, "2023-01", "en", "1200x675")
    assert again.gif == gif
    manifest = json.loads(movie.manifest("gif"))
    assert len(manifest["frames"]) == image.n_frames and manifest["file"]["sha256"] == hashlib.sha256(gif).hexdigest()
    assert_inputs_hashed(manifest["inputs"])


def test_animation_says_when_the_events_were_reviewed_on_its_frames_and_in_its_manifest(data, movie):
    # issue 9: "eventos revisados al …" on every export and manifest
    manifest = json.loads(movie.manifest("gif"))
    assert manifest["data_reviewed"] == data.reviewed.isoformat() and manifest["status_basis"] == "observed"
    burned = " ".join(text.get_text() for text in movie._stage().fig.texts)
    assert "Events reviewed on" in burned, burned
    spanish = animation.Animation(data, "2023-01", "es", "1080x1080")
    assert "Eventos revisados al" in " ".join(text.get_text() for text in spanish._stage().fig.texts)


def test_gif_page_is_white_as_the_other_exports_and_the_fills_exact(movie):
    """The GIF's palette keeps the frames' flat colours as they are: the page is 255,255,255 (as in the
    PNG, PDF and MP4), not a median-cut average, and the status fills are the palette's own."""
    import numpy as np
    from PIL import Image

    from coverage import maps

    image = Image.open(io.BytesIO(movie.gif))
    fills = {tuple(int(maps.STATUS_COLOURS[s][i:i + 2], 16) for i in (1, 3, 5)) for s in ("operating", "outside")}
    for index, rendered in enumerate(movie._rgb):
        image.seek(index)
        pixels = np.asarray(image.convert("RGB"))
        for y, x in ((1, 1), (1, -2), (-2, 1), (-2, -2)):
            assert tuple(int(v) for v in pixels[y, x]) == (255, 255, 255), (index, y, x, pixels[y, x])
        assert (pixels == rendered).all(axis=2).mean() > 0.95  # only antialiased edges take a nearest colour
    colours = {tuple(int(v) for v in c) for c in np.unique(pixels.reshape(-1, 3), axis=0)}
    assert fills <= colours


def test_gif_frames_follow_the_status(movie):
    from PIL import Image

    image = Image.open(io.BytesIO(movie.gif))
    image.seek(0)
    first = image.convert("RGB")
    image.seek(image.n_frames - 1)
    last = image.convert("RGB")
    # Operating green covers more of the last frame than of the first.
    green = (0x11, 0x77, 0x33)

    def share(im):
        import numpy as np

        pixels = np.asarray(im).reshape(-1, 3).astype(int)
        return float((np.abs(pixels - np.array(green)).max(axis=1) < 12).mean())

    assert share(last) > share(first) > 0


@pytest.mark.parametrize("size, lang", [("1200x675", "es"), ("1200x675", "en"), ("1080x1080", "es")])
def test_every_text_of_a_held_frame_stays_inside_the_frame(data, size, lang):
    """The promise on a held frame is wrapped to its room (it ran off the right edge in Spanish)."""
    import matplotlib

    from coverage.snapshot import SAVE_RC

    movie = animation.Animation(data, "2022-08", lang, size)
    with matplotlib.rc_context(SAVE_RC):
        stage = movie._stage()
        for frame in [f for f in movie.frames if f.promises]:
            rgb = stage.draw(data, frame)
            edges = {"left": rgb[:, :6], "right": rgb[:, -6:], "top": rgb[:6], "bottom": rgb[-6:]}
            touched = [name for name, band in edges.items() if not (band == 255).all()]
            assert not touched, (frame.day, touched, frame.promises)


def test_square_mp4_is_small_and_has_the_frames_held(data, tmp_path):
    import imageio.v2 as imageio

    square = animation.Animation(data, "2022-08", "es", "1080x1080")
    mp4 = square.mp4
    assert mp4[4:8] == b"ftyp" and len(mp4) <= animation.MAX_BYTES
    path = tmp_path / "square.mp4"
    path.write_bytes(mp4)
    reader = imageio.get_reader(path, format="FFMPEG", mode="I")
    try:
        frames = [frame for frame in reader]
    finally:
        reader.close()
    expected = sum(max(1, round(f.milliseconds * animation.MP4_FPS / 1000)) for f in square.frames)
    assert len(frames) == expected
    assert frames[0].shape == (1080, 1080, 3)
    assert len(square.gif) <= animation.MAX_BYTES


def test_a_bad_size_or_end_date_says_what_to_do(data):
    with pytest.raises(animation.AnimationError, match="unknown size '800x600'"):
        animation.Animation(data, size="800x600")
    with pytest.raises(animation.AnimationError, match="not after 2021-12-01"):
        animation.Animation(data, end=dt.date(2021, 12, 1))


# ---------------------------------------------------------------------------------------- CLI

def test_cli_national_writes_every_colouring_with_the_embed(tmp_path):
    result = CliRunner().invoke(main, ["snapshot", "--state", "national", "--as-of", "2024-06-30", "--lang", "en",
                                       "--html", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    for slug in ("estatus", "retraso", "sin-afiliacion", "acceso-first-level-5km"):
        stem = f"imss-bienestar-nacional-2024-06-30-{slug}"
        assert {f"{stem}{s}" for s in (".png", "-pantalla.png", ".pdf", ".svg", ".csv", "-manifest.json", ".zip",
                                       ".html")} <= names
    municipal = "imss-bienestar-nacional-2024-06-30-sin-seguridad-social-municipios"
    assert {f"{municipal}{s}" for s in (".png", "-pantalla.png", ".pdf", ".svg", ".csv", "-manifest.json",
                                        ".html")} <= names
    again = CliRunner().invoke(main, ["snapshot", "--state", "national", "--as-of", "2024-06-30", "--out",
                                      str(tmp_path), "--colouring", "delay", "--lang", "en"])
    assert again.exit_code == 2 and "already exist" in again.output


def test_cli_animate_writes_the_gif_and_its_manifest_and_rejects_bad_values(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["animate", "--format", "gif", "--size", "1080x1080", "--end", "2022-06-30",
                                  "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    gif = tmp_path / "imss-bienestar-animacion-2021-12-01-2022-06-30-1080x1080.gif"
    assert gif.is_file() and "8 frames" in result.output
    manifest = json.loads((tmp_path / "imss-bienestar-animacion-2021-12-01-2022-06-30-1080x1080-gif-manifest.json")
                          .read_text(encoding="utf-8"))
    assert manifest["file"]["sha256"] == hashlib.sha256(gif.read_bytes()).hexdigest()
    for args, message in ((["--size", "640x480"], "'640x480' is not one of"),
                          (["--end", "2021-01-01"], "before 2021-12-01"),
                          (["--format", "avi"], "'avi' is not one of"),
                          (["--target", "1999-01"], "unknown target '1999-01'")):
        bad = runner.invoke(main, ["animate", "--out", str(tmp_path / "x"), *args])
        assert bad.exit_code == 2 and message in bad.output and "Traceback" not in bad.output


# ------------------------------------------------------------------------------- CSV injection

def test_every_new_csv_defuses_formula_cells(data):
    """A formula smuggled into the data (a tampered name) reaches no export CSV live."""
    from dataclasses import replace

    hostile = data.states.copy()
    hostile.loc[hostile["cve_ent"] == "13", "name_es"] = '=HYPERLINK("http://x","y")'
    tampered = replace(data, states=hostile)
    for mode in COLOURINGS:
        payload = NationalSnapshot(tampered, View(None, AS_OF, "2023-01", lang="es"), mode=mode).csv
        cells = [cell for row in csv.reader(io.StringIO(payload.decode("utf-8-sig"))) for cell in row]
        assert "'=HYPERLINK(\"http://x\",\"y\")" in cells
        assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not _number(c))]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------------------ PDF font subsets

def test_pdf_fonts_are_subset_once_per_glyph_set_and_the_bytes_do_not_depend_on_order(data):
    """Subsetting DejaVu for each PDF was a third of a state snapshot's time (issue 13's benchmark);
    the subset is now taken over a fixed alphabet plus the glyphs used and reused."""
    from coverage.snapshot import fonts

    fonts._subset.cache_clear()
    first = Snapshot(data, View("13", AS_OF, "2023-01", lang="es")).pdf
    made = fonts._subset.cache_info().misses
    assert made >= 2  # regular and bold
    others = [Snapshot(data, View(code, AS_OF, "2023-01", lang=lang)).pdf
              for code, lang in (("20", "es"), ("07", "es"), ("15", "en"))]
    assert fonts._subset.cache_info().misses == made  # every other state's glyphs are in the same subsets
    assert fonts._subset.cache_info().hits >= 2 * len(others)
    fonts._subset.cache_clear()
    Snapshot(data, View("31", AS_OF, "2023-01", lang="es")).pdf
    assert Snapshot(data, View("13", AS_OF, "2023-01", lang="es")).pdf == first  # same bytes in any order


def test_a_shown_column_of_numbers_with_gaps_is_all_text_in_the_readers_convention():
    """A delay column some rows lack (object dtype: ints and None) must not mix ints and dashes: Streamlit
    cannot turn such a column into Arrow and logs a failed serialisation (the state page's targets)."""
    import pandas as pd

    from coverage.exports import shown

    frame = pd.DataFrame({"delay": pd.Series([1200, None, 30], dtype=object), "name": ["a", None, "b"],
                          "flag": pd.Series([True, None, False], dtype=object)})
    out = shown(frame, "es")
    assert list(out["delay"]) == ["1\u202f200", "—", "30"]  # Babel's es_MX grouping: a narrow no-break space
    assert {type(v) for v in out["delay"]} == {str}
    assert list(out["name"]) == ["a", "—", "b"]
    assert list(out["flag"]) == [True, "—", False]  # not numbers: left as they are
    assert shown(frame, "en")["delay"].iloc[0] == "1,200"
