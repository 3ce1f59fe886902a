"""The state page in Debian's Chromium, offline: from the national map to a downloaded snapshot,
the PNG and zip contents, a copied link in a fresh browser, and a tampered link."""

from __future__ import annotations

import io
import json
import struct
import time
import zipfile

import pytest

from helpers import ROOT
from helpers.browser import assert_no_dialog, choose_option, wait_for_states, wait_until_idle

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def server_env():
    return {"COVERAGE_CLUES": ""}


@pytest.fixture
def page_options():
    return {"viewport": {"width": 1400, "height": 1000}, "locale": "es-MX", "accept_downloads": True}


def download(page, label: str, tmp_path) -> tuple[str, bytes]:
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=label).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return info.value.suggested_filename, target.read_bytes()


def wait_title(page, text: str) -> None:
    page.locator("h1", has_text=text).first.wait_for(timeout=30_000)
    assert_no_dialog(page)


def test_state_link_opens_the_page_and_png_and_zip_download_complete(server, page, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server.url}/estado?estado=13&fecha=2024-06-30&meta=2023-01&lang=es")
    wait_title(page, "Hidalgo")
    page.get_by_text("356 días de retraso").first.wait_for()
    page.get_by_text("Cronología de eventos con sus fuentes").wait_for()
    page.screenshot(path=ARTIFACTS / "state-hidalgo-es.png", full_page=True)

    started = time.perf_counter()
    name, png = download(page, "PNG (imprenta, 300 ppp)", tmp_path)
    png_seconds = time.perf_counter() - started
    assert name == "imss-bienestar-13-hidalgo-2024-06-30.png"
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24])[1] == 2481
    (ARTIFACTS / name).write_bytes(png)

    name, payload = download(page, "Todo (zip)", tmp_path)
    assert name == "imss-bienestar-13-hidalgo-2024-06-30.zip"
    archive = zipfile.ZipFile(io.BytesIO(payload))
    stem = "imss-bienestar-13-hidalgo-2024-06-30"
    names = {n.split("/", 1)[1] for n in archive.namelist()}
    pictures_and_data = {f"{stem}.png", f"{stem}-pantalla.png", f"{stem}.pdf", f"{stem}.svg", f"{stem}.csv",
                         f"{stem}.geojson", "manifest.json"}
    # the access table is always there; the facility table whenever a network or catalogue is shown
    assert pictures_and_data | {f"{stem}-acceso.csv"} <= names <= pictures_and_data | {
        f"{stem}-acceso.csv", f"{stem}-unidades.csv"}
    manifest = json.loads(archive.read(f"{stem}/manifest.json"))
    assert (manifest["state"], manifest["as_of"], manifest["target"], manifest["language"]) == \
        ("13", "2024-06-30", "2023-01", "es")
    assert archive.read(f"{stem}/{stem}.png") == png  # the same bytes as the PNG button gave
    csv_text = archive.read(f"{stem}/{stem}.csv").decode("utf-8-sig")
    assert "Hidalgo" in csv_text and "356" in csv_text
    assert page.get_by_text("Traceback").count() == 0
    assert page.external_attempts == []
    print(f"\nPNG click → saved file {png_seconds:.2f}s ({len(png):,} bytes); zip {len(payload):,} bytes")


def test_from_the_national_map_to_a_snapshot_in_three_clicks(server, page, tmp_path):
    page.goto(f"{server.url}/?fecha=2024-06-30&lang=en")
    frame = wait_for_states(page)
    wait_until_idle(page)  # the first run ends 0.5 s after the map is drawn; a click at its very end can be lost (README, known issues)
    frame.locator("path.leaflet-interactive").nth(12).click(force=True)  # click 1: Hidalgo on the map → its card
    page.locator(".st-key-state_card").get_by_text("Open the page of Hidalgo").click(timeout=30_000)  # click 2
    page.wait_for_function("() => location.pathname.endsWith('/estado')", timeout=15_000)
    wait_title(page, "Hidalgo")
    name, pdf = download(page, "PDF (1 page)", tmp_path)  # click 3: the PDF
    assert name.startswith("imss-bienestar-13-hidalgo-2024-06-30") and pdf.startswith(b"%PDF-")
    assert page.external_attempts == []


def test_a_copied_link_reopens_the_same_view_in_a_fresh_browser(server, open_page):
    page = open_page(viewport={"width": 1400, "height": 1000})
    first = page.context
    page.goto(f"{server.url}/estado?lang=en&fecha=2023-10-10&meta=2022-08")
    wait_title(page, "National view on 10 October 2023")
    wait_until_idle(page)
    choose_option(page, page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first, "Nayarit", "Nayarit (18)")
    wait_title(page, "Nayarit")
    page.wait_for_function("() => location.search.includes('estado=18')", timeout=10_000)
    url = page.url
    first.close()

    again = open_page(viewport={"width": 1400, "height": 1000})
    second = again.context
    attempts = again.external_attempts
    again.goto(url)
    wait_title(again, "Nayarit")
    again.get_by_text("Status on 10 October 2023").wait_for()
    again.get_by_text("Timeline of events with their sources").wait_for()
    assert "estado=18" in again.url and "fecha=2023-10-10" in again.url and "lang=en" in again.url
    again.screenshot(path=ARTIFACTS / "state-nayarit-reopened-en.png", full_page=True)
    assert attempts == []
    second.close()


def test_a_tampered_link_shows_a_notice_and_the_national_view(server, page):
    page.goto(f"{server.url}/estado?estado=99&fecha=2023-02-30&lang=es")
    page.get_by_text("El estado del enlace (99) no existe").wait_for(timeout=30_000)
    page.get_by_text("no es válida").first.wait_for()
    wait_title(page, "Vista nacional")
    assert page.get_by_text("Traceback").count() == 0
    page.screenshot(path=ARTIFACTS / "state-tampered-es.png", full_page=True)


CUT_LABELS_JS = """() => Array.from(document.querySelectorAll('[data-testid="stDownloadButton"] button'))
  .filter(b => [b, ...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))
  .map(b => b.innerText.trim())"""


def test_every_download_button_shows_its_whole_label(server, page):
    """Issue 12: eight to ten buttons in one row cut their labels ("PNG (imprent…", "Mapa interact…")."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server.url}/estado?estado=13&fecha=2024-06-30&meta=2023-01&lang=es")
    wait_title(page, "Hidalgo")
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    buttons.filter(has_text="Mapa interactivo para insertar (HTML)").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    buttons.filter(has_text="Todo (zip)").first.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "state-downloads-es.png")
    assert buttons.count() >= 9
    assert page.evaluate(CUT_LABELS_JS) == []
