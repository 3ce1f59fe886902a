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
    assert any(text.startswith("Delay against target 2023-01") or "2023-01" in text for text in texts)
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
    with pytest.raises(ValueError, match="no embeddable map for the 'municipal' colouring"):
        embed.national_html(snap)


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
    assert {f"{municipal}{s}" for s in (".png", "-pantalla.png", ".pdf", ".svg", ".csv", "-manifest.json")} <= names
    assert f"{municipal}.html" not in names and "no embeddable HTML for the municipal colouring" in result.output
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
