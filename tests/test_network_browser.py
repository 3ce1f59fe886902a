"""The embedded national network in Debian's Chromium, offline, with no catalogue loaded: /unidades draws
the 2023 network's points, a state filter redraws and refits them; the state page draws its
municipalities by share without social security and its facilities; the national map's layers."""

from __future__ import annotations

import re
import time

import pytest

from helpers import ROOT
from helpers.browser import assert_no_dialog, choose_option, wait_until_idle

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"

# Points in the clustered facility layers and municipalities drawn, over every map on the page.
COUNT_JS = """() => { let points = 0, munis = 0, maps = 0;
  document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]').forEach(f => {
    const w = f.contentWindow; if (!w || !w.map) return; maps += 1;
    w.map.eachLayer(l => { if (l._imssGroup) points += l.imssShown();
                           if (l._imssMunicipal) munis += l.getLayers().length; }); });
  return maps ? [points, munis] : [-1, -1]; }"""
ZOOM_JS = """() => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  return f.contentWindow.map.getZoom(); }"""


def wait_counts(page, points: int, munis: int, timeout: float = 60_000) -> float:
    started = time.perf_counter()
    page.wait_for_function(f"() => {{ const c = ({COUNT_JS})(); return c[0] === {points} && c[1] === {munis}; }}",
                           timeout=timeout)
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    return {"COVERAGE_CLUES": "", "COVERAGE_CACHE": str(tmp_path_factory.mktemp("cache"))}


@pytest.fixture
def page_options():
    return {"viewport": {"width": 1400, "height": 1100}, "locale": "es-MX"}


def test_facilities_page_draws_the_embedded_network_and_refits_to_a_state(server, page):
    from coverage import network

    table = network.load_network().table
    everything = int(network.points_mask(table).sum())
    hidalgo = int(network.points_mask(table, cve_ent="13").sum())
    ARTIFACTS.mkdir(exist_ok=True)
    started = time.perf_counter()
    page.goto(f"{server.url}/unidades?lang=es")
    wait_counts(page, everything, 0, timeout=120_000)
    visible = time.perf_counter() - started
    page.get_by_text("CLUES, corte 2023, antes de las transferencias").first.wait_for()
    assert_no_dialog(page)
    page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first.locator(".imss-cluster").first.wait_for()
    page.screenshot(path=ARTIFACTS / "network-unidades.png", full_page=False)
    national_zoom = page.evaluate(ZOOM_JS)

    # the state filter: Hidalgo's points only, and the map fits them (zooms in)
    wait_until_idle(page)  # let the first runs settle: a click during a rerun can be redrawn away
    choose_option(page, page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(has_text="Entidad").first,
                  "Hidalgo")
    filtered = wait_counts(page, hidalgo, 0)
    page.wait_for_function(f"() => ({ZOOM_JS})() > {national_zoom}", timeout=15_000)
    page.wait_for_timeout(500)
    page.screenshot(path=ARTIFACTS / "network-unidades-hidalgo.png", full_page=False)
    assert page.get_by_text("Traceback").count() == 0
    print(f"\n/unidades embedded: goto → {everything} points {visible:.2f}s; state filter → {hidalgo} points "
          f"{filtered:.2f}s")


def test_network_view_legend_empty_filter_placeholder_and_map_name_follow_the_page(server, page):
    """Issue 12 on the embedded network: the legend names only the groups the 2023 cut has; emptying a
    filter says so instead of leaving an empty map; the placeholder and the map's names are Spanish."""
    frame = 'iframe[title="streamlit_folium.st_folium"]'
    page.goto(f"{server.url}/unidades?lang=es")
    legend = page.frame_locator(frame).first.locator(".imss-legend")
    legend.wait_for(timeout=120_000)
    assert "Servicios estatales (SSA)" in legend.inner_text() and "IMSS-BIENESTAR" not in legend.inner_text()
    page.wait_for_function("(sel) => (document.querySelector(sel).getAttribute('aria-label') || '')"
                           ".startsWith('Mapa de las unidades de salud')", arg=frame, timeout=30_000)
    zoom_in = page.frame_locator(frame).first.locator(".leaflet-control-zoom-in")
    assert zoom_in.get_attribute("aria-label") == "Acercar"
    page.wait_for_timeout(1500)  # let the first runs settle: a click during a rerun can be redrawn away
    types = page.locator('[data-testid="stMultiSelect"]').nth(1)
    types.get_by_role("button", name="Quitar todo").first.click()  # Streamlit's "Clear all", in Spanish (chrome_language)
    page.get_by_text("Ninguna unidad coincide con estos filtros").first.wait_for(timeout=30_000)
    page.wait_for_function("(sel) => document.querySelectorAll(sel).length === 0", arg=frame, timeout=30_000)
    assert types.locator("input").first.get_attribute("placeholder") == "Elija opciones"
    assert page.locator('input[placeholder="Choose options"]').count() == 0
    page.screenshot(path=ARTIFACTS / "network-unidades-empty-filter.png", full_page=False)
    assert page.get_by_text("Traceback").count() == 0


def test_state_page_draws_municipalities_and_facilities(server, page):
    from coverage import clues, municipalities, network

    points = len(clues.points(network.load_network(), cve_ent="13"))
    munis = len(municipalities.census(cve_ent="13"))
    page.goto(f"{server.url}/estado?estado=13&lang=es&fecha=2024-06-30")
    wait_counts(page, points, munis, timeout=120_000)
    page.get_by_text("549 claves IMSS-BIENESTAR").first.wait_for()
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
    frame.locator(".leaflet-container").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=ARTIFACTS / "network-estado-13.png", full_page=False)
    assert page.get_by_text("Traceback").count() == 0


def test_national_map_municipal_colouring_and_facility_layer(server, page):
    from coverage import network

    everything = int(network.points_mask(network.load_network().table).sum())
    page.goto(f"{server.url}/?lang=es&color=uninsured")
    page.get_by_text("Por municipio").first.click()
    wait_counts(page, 0, 2_469, timeout=120_000)
    page.get_by_text("Mostrar las unidades de salud").first.click()
    wait_counts(page, everything, 2_469, timeout=120_000)
    page.wait_for_timeout(800)
    page.screenshot(path=ARTIFACTS / "network-national-municipal.png", full_page=False)
    assert page.get_by_text("Traceback").count() == 0
    # both choices are in the link: a new session opened on it draws the same map
    page.wait_for_function("() => location.search.includes('nivel=municipality') && location.search.includes('unidades=1')",
                           timeout=30_000)
    link = page.url
    again = page.context.new_page()
    again.goto(link)
    wait_counts(again, everything, 2_469, timeout=120_000)
    assert again.get_by_role("switch", name="Mostrar las unidades de salud").is_checked()
    again.close()


# The first single dot drawn inside the national map's frame at the current view: its centre in page
# pixels and its index, or null.
DOT_JS = """() => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = f.contentWindow, box = f.getBoundingClientRect(), size = w.map.getSize(); let found = null;
  w.map.eachLayer(l => { if (found || !(l instanceof w.L.CircleMarker) || l._i === undefined) return;
    const p = w.map.latLngToContainerPoint(l.getLatLng());
    if (p.x > 80 && p.y > 80 && p.x < size.x - 80 && p.y < size.y - 80) found = {x: box.left + p.x, y: box.top + p.y}; });
  return found; }"""


def test_the_national_layer_names_a_unit_on_hover(server, page):
    """Issue 14: the national layer's points travel without their names and codes, which a second file
    brings once the layer is drawn; a unit's tooltip still names it, with its CLUES code."""
    from coverage import network

    everything = int(network.points_mask(network.load_network().table).sum())
    page.goto(f"{server.url}/?lang=es&unidades=1")
    wait_counts(page, everything, 0, timeout=120_000)
    wait_until_idle(page)
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').first
    frame.scroll_into_view_if_needed()
    page.evaluate("""() => document.querySelector('iframe[title="streamlit_folium.st_folium"]')
                     .contentWindow.map.setView([20.1011, -98.7591], 14, {animate: false})""")
    page.wait_for_function(f"() => ({DOT_JS})() !== null", timeout=30_000)
    dot = page.evaluate(DOT_JS)
    page.mouse.move(dot["x"], dot["y"])
    tooltip = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first.locator(
        ".leaflet-tooltip", has_text="CLUES")
    tooltip.wait_for(timeout=30_000)
    assert re.search(r"CLUES: [A-Z]{5}\d{6}\b", tooltip.inner_text()), tooltip.inner_text()
    loaded = page.evaluate("""() => document.querySelector('iframe[title="streamlit_folium.st_folium"]')
                              .contentWindow.performance.getEntriesByType('resource').map(r => r.name)""")
    assert any("/app/static/net/" in name and name.endswith("-text.js") for name in loaded), loaded
    page.screenshot(path=ARTIFACTS / "network-national-tooltip.png", full_page=False)
