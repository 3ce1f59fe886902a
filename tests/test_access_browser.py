"""The access gap in Debian's Chromium, offline: the national map coloured by share beyond 10 km,
and Hidalgo's page with its underserved localities."""

from __future__ import annotations

import pytest

from helpers import ROOT
from helpers.browser import MAP_FRAME, wait_for_states
from coverage import access, access_maps, municipalities, network
from coverage import localities as L

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def server_env():
    return {"COVERAGE_CLUES": "", "COVERAGE_LOCALITIES": ""}


@pytest.fixture
def page_options():
    return {"viewport": {"width": 1400, "height": 1100}, "locale": "es-MX"}


def test_national_map_coloured_by_share_beyond_10_km(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server.url}/?lang=en&color=Distance+to+a+unit&alcance=first_level&km=10")
    frame = wait_for_states(page)
    frame.locator(".imss-legend", has_text="People farther than X km").wait_for(timeout=30_000)
    # the fills in the browser are the classes the model gives each state
    result = access.nearest(L.load_embedded(), network.load_network(), "first_level")
    gap = access.state_gap(result, 10)
    expected = sorted(access_maps.share_colour(s) for s in gap["share_beyond"])
    fills = frame.locator("path.leaflet-interactive").evaluate_all("ps => ps.map(p => p.getAttribute('fill'))")
    assert sorted(fills) == expected
    assert len(set(fills)) >= 3  # the classes separate the states
    frame.locator("path.leaflet-interactive").nth(19).hover(force=True)  # Oaxaca
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert "Beyond 10 km" in tooltip.inner_text() and "Farthest locality" in tooltip.inner_text()
    page.get_by_text("States by share of the population beyond 10 km").wait_for(timeout=30_000)
    page.screenshot(path=ARTIFACTS / "access-national-10km.png", full_page=True)
    assert page.external_attempts == []


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1400, "height": 1000}],
                         ids=["phone", "desktop"])
def test_the_distance_controls_sit_above_the_map_on_a_phone_and_beside_it_on_a_screen(server, open_page, viewport):
    """Issue 12: stacked on a phone, the controls came after the map and its figures, so a new distance
    recoloured a map out of sight.  On a phone they are above the map, presets in one row; on a wide
    screen still in the column right of the map."""
    phone = viewport["width"] < 500
    page = open_page(viewport=viewport, locale="es-MX", **({"is_mobile": True, "has_touch": True} if phone else {}))
    page.goto(f"{server.url}/?lang=es&color=access&alcance=first_level&km=10")
    frame = wait_for_states(page)
    frame.locator(".imss-legend").wait_for(timeout=30_000)
    iframe = page.locator(MAP_FRAME).first.bounding_box()
    controls = page.locator(".st-key-access_controls")
    box = controls.bounding_box()
    presets = [controls.get_by_role("button", name=f"{km} km").bounding_box() for km in access.PRESETS["first_level"]]
    if phone:
        assert box["y"] + box["height"] <= iframe["y"], (box, iframe)  # every control above the map
        assert len({round(b["y"]) for b in presets}) == 1, presets  # the presets in one row
        assert presets[-1]["x"] + presets[-1]["width"] <= viewport["width"]
    else:
        assert box["x"] >= iframe["x"] + iframe["width"] and box["y"] < iframe["y"] + iframe["height"], (box, iframe)
    before = frame.locator("path.leaflet-interactive").evaluate_all("ps => ps.map(p => p.getAttribute('fill')).join()")
    controls.get_by_role("button", name="2 km").click()
    page.wait_for_function("""before => { const f = document.querySelector('%s');
        const ps = [...f.contentDocument.querySelectorAll('path.leaflet-interactive')];
        return ps.length === 32 && ps.map(p => p.getAttribute('fill')).join() !== before; }""" % MAP_FRAME,
                           arg=before, timeout=30_000)
    if phone:
        page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "access-phone-controls-above-map.png")
    assert page.external_attempts == []


def test_hidalgo_page_shows_underserved_localities(server, page):
    page.goto(f"{server.url}/estado?estado=13&lang=en&alcance=hospital&km=20")
    page.get_by_text("Distance to the nearest health unit").wait_for(timeout=60_000)
    result = access.nearest(L.load_embedded(), network.load_network(), "hospital")
    beyond = access.underserved(result, 20, "13")
    assert len(beyond) > 0
    page.keyboard.press("Escape")  # the deep-link "Page not found" dialog (README, known issues)
    caption = page.get_by_text("Municipalities coloured by the share of their people beyond 20 km")
    caption.wait_for(timeout=60_000)
    caption.scroll_into_view_if_needed()  # the component iframe loads when it comes into view
    frame = page.frame_locator(MAP_FRAME).last  # after the facility map the state page now draws
    frame.locator(".imss-legend", has_text="People farther than X km").wait_for(timeout=30_000)
    shapes = len(municipalities.features(cve_ent="13"))
    paths = frame.locator("path.leaflet-interactive")
    paths.nth(shapes + len(beyond) - 1).wait_for(state="attached", timeout=30_000)
    # every municipality, then one circle per underserved locality on top; state outlines are not interactive
    assert paths.count() == shapes + len(beyond)
    paths.nth(shapes).hover(force=True)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert "Nearest unit" in tooltip.inner_text() and " km" in tooltip.inner_text()
    page.screenshot(path=ARTIFACTS / "access-hidalgo-hospitals-20km.png", full_page=True)
    # every locality's tooltip stays inside the map (Leaflet put this first one, just left of the middle,
    # to the right of the pointer, and its last column ran past the map's edge)
    checked, outside = 0, []
    for index in range(shapes, shapes + len(beyond)):
        paths.nth(index).hover(force=True)
        if not tooltip.is_visible():  # a circle under the legend or another circle: nothing to place
            continue
        # the map's place after the hover: a circle below the fold scrolls the page to bring it into view
        box = page.locator(MAP_FRAME).last.bounding_box()
        tip = tooltip.bounding_box()
        checked += 1
        if (tip["x"] < box["x"] - 1 or tip["y"] < box["y"] - 1 or tip["x"] + tip["width"] > box["x"] + box["width"] + 1
                or tip["y"] + tip["height"] > box["y"] + box["height"] + 1):
            outside.append((index - shapes, tip))
    assert checked >= len(beyond) // 2, checked
    assert outside == [], (box, outside)
    assert page.external_attempts == []


def test_uploading_the_full_hidalgo_catalogue_recomputes_the_page(server, page, shared_data):
    full = L.load(shared_data / "localities" / "AGEEML_HGO_20241031.csv")
    summary = access.summary(access.nearest(full, network.load_network(), "first_level"), 5, "13")
    page.goto(f"{server.url}/estado?estado=13&lang=en&alcance=first_level&km=5")
    page.get_by_text("Distance to the nearest health unit").wait_for(timeout=60_000)
    page.get_by_test_id("stExpander").get_by_text("Full locality catalogue").click()  # open the expander
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').last.set_input_files(
        str(shared_data / "localities" / "AGEEML_HGO_20241031.csv"))
    page.get_by_text("Using AGEEML_HGO_20241031.csv").wait_for(timeout=60_000)
    headline = f"{summary['people_beyond']:,} people"
    page.get_by_text(headline).first.wait_for(timeout=60_000)
    page.get_by_text(f"Catalogue check: {full.issue_counts['masked_population']} with population withheld").wait_for()
    assert page.get_by_text("Traceback").count() == 0
    assert page.external_attempts == []


def test_uploading_a_file_that_is_not_a_catalogue_says_why(server, page, tmp_path):
    bad = tmp_path / "notas.csv"
    bad.write_text("fecha,nota\n2024-01-01,hola\n", encoding="utf-8")
    page.goto(f"{server.url}/estado?estado=13&lang=en")
    page.get_by_text("Distance to the nearest health unit").wait_for(timeout=60_000)
    page.get_by_test_id("stExpander").get_by_text("Full locality catalogue").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').last.set_input_files(str(bad))
    page.get_by_text("notas.csv is not an INEGI locality catalogue").wait_for(timeout=60_000)
    page.get_by_text("Using the embedded table").wait_for()
    assert page.get_by_text("Traceback").count() == 0
