"""Static snapshots: sizes, byte-identical re-renders, manifest hashes, CSV/GeoJSON round-trips, zip."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import struct
import zipfile
import zlib

import pytest

from coverage import snapshot
from coverage.snapshot import Snapshot, SnapshotError, View
from helpers import GEODATA, SHARED_DATA, require

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def hidalgo(data):
    return Snapshot(data, View("13", AS_OF, "2023-01", lang="es"))


@pytest.fixture(scope="module")
def catalogue():
    require((SHARED_DATA / "clues").is_dir(), f"{SHARED_DATA / 'clues'} is missing")
    from coverage import clues

    return clues.load(SHARED_DATA / "clues")


def png_size(payload: bytes) -> tuple[int, int]:
    assert payload[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", payload[16:24])


def pdf_text_operators(payload: bytes) -> str:
    """The decompressed content streams of a PDF, to find its text without a PDF library."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", payload, re.DOTALL):
        try:
            out.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(out)


def test_print_png_is_a4_landscape_at_300_dpi_and_the_screen_png_at_150(hidalgo):
    from PIL import Image

    printed = Image.open(io.BytesIO(hidalgo.png))
    assert abs(printed.size[0] - 11.69 * 300) <= 1 and abs(printed.size[1] - 8.27 * 300) <= 1
    assert tuple(round(v) for v in printed.info["dpi"]) == (300, 300)
    screen = Image.open(io.BytesIO(hidalgo.png_screen))
    assert abs(screen.size[0] - 11.69 * 150) <= 1 and abs(screen.size[1] - 8.27 * 150) <= 1
    assert tuple(round(v) for v in screen.info["dpi"]) == (150, 150)
    assert 100_000 < len(hidalgo.png) < 3_000_000 and len(hidalgo.png_screen) < 1_000_000


def test_svg_keeps_text_as_text_and_has_no_date(hidalgo):
    svg = hidalgo.svg.decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    texts = re.findall(r"<text[^>]*>([^<]*)", svg)
    assert any("Hidalgo: federalización IMSS-BIENESTAR" in text for text in texts)
    assert any(text.startswith("Tablero de cobertura IMSS-BIENESTAR (imss-coverage") for text in texts)
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg


def test_pdf_is_one_page_with_real_text_and_no_timestamp(hidalgo):
    pdf = hidalgo.pdf
    assert pdf.startswith(b"%PDF-")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") >= 1
    assert b"/Count 1" in pdf
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf
    # TrueType (Type 42) fonts are embedded: the text stays text, selectable and editable.
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf
    assert "Tj" in pdf_text_operators(pdf) or "TJ" in pdf_text_operators(pdf)


@pytest.mark.parametrize("code, lang", [("13", "es"), (None, "en")])
def test_two_renders_give_identical_bytes(data, code, lang):
    view = View(code, AS_OF, "2022-08", lang=lang)
    first, second = Snapshot(data, view), Snapshot(data, view)
    for attribute in ("png", "png_screen", "pdf", "svg", "csv", "geojson", "manifest", "zip"):
        assert getattr(first, attribute) == getattr(second, attribute), attribute


def test_language_and_date_change_the_picture(data, hidalgo):
    english = Snapshot(data, View("13", AS_OF, "2023-01", lang="en"))
    earlier = Snapshot(data, View("13", dt.date(2023, 1, 1), "2023-01", lang="es"))
    assert len({hidalgo.png, english.png, earlier.png}) == 3
    assert english.title() == "Hidalgo: IMSS-BIENESTAR federalization on 30 June 2024"
    assert hidalgo.title() == "Hidalgo: federalización IMSS-BIENESTAR al 30 de junio de 2024"


def test_key_figures_and_source_line_say_what_and_where_from(data, hidalgo):
    figures = dict(hidalgo.key_figures())
    assert figures["Estatus"].startswith("En operación (21 de marzo de 2024)")
    assert figures["Fecha meta"] == "31 de marzo de 2023"
    assert figures["Diferencia con la meta"] == "356 días de retraso"
    assert figures["Población 2020"] == "3\u202f082\u202f841"
    line = hidalgo.source_line()
    assert "INEGI" in line and "Natural Earth" in line and "misionpolitica.com" in line  # 2023-01's source
    # Internal ids stay in the manifest; the page names the source and how to redraw the figure.
    assert not re.search(r"\bE\d\d-\d\d", line) and "evento" not in line
    manifest = json.loads(hidalgo.manifest)
    assert re.fullmatch(r"E13-\d\d", manifest["status_events"]["13"])
    command = "imss-coverage snapshot --state 13 --as-of 2024-06-30 --target 2023-01 --basis implementation --lang es"
    assert manifest["reproduce"] == command and command in hidalgo.credit_line()


def test_neighbour_labels_name_the_state_of_mexico_unmistakably(data):
    assert snapshot.neighbour_labels(data, "es")["15"] == "Edo. Méx."
    assert snapshot.neighbour_labels(data, "en")["15"] == "State of Mexico"
    labels = snapshot.neighbour_labels(data, "es")
    assert "MEX" not in labels.values() and labels["03"] == "Baja California\nSur"
    svg = Snapshot(data, View("13", AS_OF, "2023-01", lang="es")).svg.decode("utf-8")
    assert ">Edo. Méx." in svg and ">MEX<" not in svg


def test_state_snapshot_has_a_locator_inset_with_the_state_highlighted(hidalgo):
    figure = hidalgo.figure()
    insets = [ax for ax in figure.axes if ax.get_label() == "Ubicación en México"]
    assert len(insets) == 1
    inset, = insets
    faces = inset.collections[0].get_facecolors()
    assert len(faces) == 32 and sum(tuple(face[:3]) == (0x22 / 255,) * 3 for face in faces) == 1
    # The inset frames the whole country, the main map only Hidalgo.
    main = figure.axes[0]
    assert (inset.get_xlim()[1] - inset.get_xlim()[0]) > 10 * (main.get_xlim()[1] - main.get_xlim()[0])


def test_csv_round_trips_with_accents_for_excel(data):
    snap = Snapshot(data, View("16", AS_OF, "2022-08", lang="es"))  # Michoacán
    payload = snap.csv
    assert payload.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["state"] == "Michoacán" and row["cve_ent"] == "16" and row["status"] == "operating"
    assert row["as_of"] == "2024-06-30" and row["target_id"] == "2022-08"
    assert row["source_url"].startswith("http")
    assert int(row["pop_2020"]) == int(data.census.set_index("cve_ent").at["16", "POBTOT"])


def test_national_csv_and_geojson_hold_all_32_states(data):
    snap = Snapshot(data, View(None, AS_OF, "2022-08", lang="en"))
    rows = list(csv.DictReader(io.StringIO(snap.csv.decode("utf-8-sig"))))
    assert [r["cve_ent"] for r in rows] == [f"{n:02d}" for n in range(1, 33)]
    collection = json.loads(snap.geojson)
    assert len(collection["features"]) == 32
    assert sum(f["properties"]["status"] == "operating" for f in collection["features"]) == 23


def test_geojson_round_trips_the_state_row_and_geometry(data, hidalgo):
    import geopandas as gpd

    frame = gpd.read_file(io.BytesIO(hidalgo.geojson))
    assert len(frame) == 1
    assert frame.iloc[0]["cve_ent"] == "13" and frame.iloc[0]["layer"] == "state"
    assert frame.iloc[0]["delay_days"] == 356
    assert frame.geometry.iloc[0].geom_type in ("Polygon", "MultiPolygon")
    props = json.loads(hidalgo.geojson)["features"][0]["properties"]
    assert set(props) - {"layer"} == set(hidalgo.rows.columns)


def test_manifest_hashes_match_inputs_and_outputs(data, hidalgo):
    manifest = json.loads(hidalgo.manifest)
    assert manifest["app_version"] == snapshot.__version__
    assert (manifest["state"], manifest["as_of"], manifest["target"], manifest["language"]) == \
        ("13", "2024-06-30", "2023-01", "es")
    assert "filters" in manifest and "basis" in manifest
    inputs = {entry["path"]: entry["sha256"] for entry in manifest["inputs"]}
    for relative in ("states.geojson", "census_2020.csv", "rollout_events.csv", "rollout_targets.csv",
                     "states/state_codes.csv", "datapackage.json"):
        assert inputs[f"geodata/{relative}"] == hashlib.sha256((GEODATA / relative).read_bytes()).hexdigest()
    layers = {layer["layer"]: layer for layer in manifest["layers"]}
    assert {"boundaries", "census", "events", "targets"} <= set(layers)
    assert all(layer["source"] and layer["release"] for layer in layers.values())
    outputs = hidalgo.outputs()
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == \
        {name: hashlib.sha256(payload).hexdigest() for name, payload in outputs.items()}


def test_zip_bundles_every_file_and_the_manifest_with_fixed_dates(hidalgo):
    archive = zipfile.ZipFile(io.BytesIO(hidalgo.zip))
    names = archive.namelist()
    stem = hidalgo.name
    assert sorted(names) == sorted(f"{stem}/{n}" for n in hidalgo.files())
    assert f"{stem}/manifest.json" in names and f"{stem}/{stem}.png" in names and f"{stem}/{stem}.pdf" in names
    assert {info.date_time for info in archive.infolist()} == {snapshot.ZIP_DATE}
    assert archive.read(f"{stem}/{stem}.png") == hidalgo.png
    assert archive.testzip() is None


@pytest.mark.parametrize("view, message", [
    (View("33", AS_OF), "unknown state code '33'"),
    (View("13", AS_OF, target="1999-01"), "unknown target '1999-01'"),
    (View("13", AS_OF, filters={"colour": ["red"]}), "unknown facility filter 'colour'"),
])
def test_a_view_that_cannot_be_drawn_says_why(data, view, message):
    with pytest.raises(SnapshotError, match=message):
        Snapshot(data, view)


def test_facilities_are_drawn_exported_and_hashed_when_a_catalogue_is_loaded(data, catalogue):
    view = View("13", AS_OF, "2023-01", lang="en")
    snap = Snapshot(data, view, catalogue)
    shown = snap.facilities
    assert len(shown) > 400 and set(shown["cve_ent"]) == {"13"}
    files = snap.files()
    facilities_csv = files[f"{snap.name}-unidades.csv"]
    rows = list(csv.DictReader(io.StringIO(facilities_csv.decode("utf-8-sig"))))
    assert len(rows) == len(shown)
    collection = json.loads(snap.geojson)
    points = [f for f in collection["features"] if f["properties"]["layer"] == "facility"]
    assert len(points) == len(shown)
    lon, lat = points[0]["geometry"]["coordinates"]
    assert -100 < lon < -97 and 19 < lat < 22  # Hidalgo, in WGS84 as GeoJSON requires
    manifest = json.loads(snap.manifest)
    clues_inputs = [i for i in manifest["inputs"] if i.get("layer") == "clues"]
    assert {i["sha256"] for i in clues_inputs} == {
        hashlib.sha256(p.read_bytes()).hexdigest() for p in (SHARED_DATA / "clues").iterdir()}
    assert manifest["shown"]["facilities"] == len(shown)
    assert dict(snap.key_figures())["Health facilities shown"].startswith(f"{len(shown)} ")
    # A filter that keeps nothing still gives a complete snapshot, and says so.
    empty = Snapshot(data, View("13", AS_OF, "2023-01", lang="en", filters={"groups": ["private"]}), catalogue)
    assert len(empty.facilities) == 0 and empty.png[:4] == b"\x89PNG"
    assert json.loads(empty.manifest)["filters"] == {"groups": ["private"]}
    assert Snapshot(data, view, catalogue).png == snap.png


@pytest.mark.parametrize("code,lang", [("13", "es"), ("02", "en"), ("23", "es"), ("07", "en"), ("09", "es"),
                                       ("30", "es"), ("10", "en")])
def test_neighbour_labels_sit_inside_the_map_frame_clear_of_inset_and_legends(data, code, lang):
    import matplotlib

    figure_snapshot = Snapshot(data, View(code, AS_OF, "2022-08", lang=lang))
    with matplotlib.rc_context(snapshot.SAVE_RC):
        figure = figure_snapshot.figure()
        figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    main, *insets = figure.axes
    frame = main.get_window_extent(renderer)
    obstacles = [inset.get_window_extent(renderer) for inset in insets]
    obstacles.append(main.get_legend().get_window_extent(renderer))
    names = set(snapshot.neighbour_labels(data, lang).values())
    labels = [text for text in main.texts if text.get_text() in names]
    assert labels, "the neighbours are named"
    boxes = [label.get_window_extent(renderer) for label in labels]
    for label, box in zip(labels, boxes):
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, label
        assert not any(box.overlaps(other) for other in obstacles), label.get_text()
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    # The locator inset and the municipal legend do not cover each other.
    assert not any(inset.overlaps(obstacles[-1]) for inset in obstacles[:-1])
