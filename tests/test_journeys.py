"""User journeys in Debian's Chromium, offline (every non-localhost request blocked and counted).

Each test is one user's story and ends with assertions on what is on screen and a screenshot in
test-artifacts/journey-*.png.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from urllib.parse import parse_qs, urlparse

import pytest

import make_synthetic_clues
from coverage import clues, i18n, rollout
from coverage.dates import parse_url_date
from coverage.i18n import t
from helpers import ROOT
from helpers.browser import (MAP_FRAME, assert_no_dialog, choose_option, click_date_slider, wait_for_states,
                             wait_until_idle)

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
OPERATING = "#117733"
POINTS_JS = """() => { const f = document.querySelector('%s'); const w = f && f.contentWindow;
  if (!w || !w.map) return -1; let n = 0;
  w.map.eachLayer(l => { if (l._imssGroup) n += l.imssShown(); }); return n; }""" % MAP_FRAME


@pytest.fixture(scope="module")
def catalogue_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clues")
    frame = make_synthetic_clues.make(public=600, private=60, seed=7)
    return make_synthetic_clues.write(frame, folder, "csv")


@pytest.fixture(scope="module")
def server_env(catalogue_file, tmp_path_factory):
    """One app for every journey.  COVERAGE_CLUES names the same release the analyst uploads, as a team
    server would: an upload lives in its own session only, so a colleague opening a shared link sees
    the filtered view on the catalogue the server has (see the analyst's journey)."""
    return {"COVERAGE_CLUES": str(catalogue_file), "COVERAGE_CACHE": str(tmp_path_factory.mktemp("cache"))}


def new_page(open_page, **options):
    page = open_page(**{"viewport": {"width": 1400, "height": 1000}, "locale": "es-MX", **options})
    return page.context, page


def fills(page) -> list[str]:
    return page.frame_locator(MAP_FRAME).first.locator("path.leaflet-interactive").evaluate_all(
        "paths => paths.map(p => p.getAttribute('fill'))")


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def url_date(page) -> dt.date:
    return parse_url_date(parse_qs(urlparse(page.url).query)["fecha"][0])


def assert_clean(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.external_attempts == [], page.external_attempts


# ----------------------------------------------------------------------------------------- the official

def test_an_official_moves_the_date_through_2022_to_2024_and_watches_the_map_and_figures(server, open_page, data):
    ARTIFACTS.mkdir(exist_ok=True)
    context, page = new_page(open_page)
    page.goto(f"{server.url}/?fecha=2022-01-15&lang=es")
    wait_for_states(page)
    seen = []
    first_day = dt.date(2021, 12, 1)
    span = (dt.date.today() - first_day).days
    for stop in (dt.date(2022, 1, 15), dt.date(2022, 9, 1), dt.date(2023, 6, 1), dt.date(2024, 3, 1),
                 dt.date(2024, 12, 1)):
        if stop != dt.date(2022, 1, 15):
            before = fills(page)
            click_date_slider(page, (stop - first_day).days / span)
            page.wait_for_function("() => location.search.includes('fecha=')")
            page.wait_for_function("""(before) => { const f = document.querySelector('%s');
                const p = f && f.contentDocument && f.contentDocument.querySelectorAll('path.leaflet-interactive');
                return p && p.length === 32 && JSON.stringify(Array.from(p).map(x => x.getAttribute('fill')))
                       !== JSON.stringify(before); }""" % MAP_FRAME, arg=before, timeout=30_000)
        day = url_date(page)
        assert abs((day - stop).days) <= 45, (day, stop)  # a click on the track lands near the stop
        expected = rollout.headline(rollout.status_table(data, day), day).counts["operating"]
        page.get_by_text(re.compile(r"Estado de la federalización al")).first.wait_for()
        page.wait_for_function("""([label, n]) => Array.from(document.querySelectorAll('[data-testid=stMetric]'))
            .some(m => m.innerText.includes(label) && m.querySelector('[data-testid=stMetricValue]').innerText.trim()
                  === String(n))""", arg=["Estados en operación", expected], timeout=30_000)
        colours = fills(page)
        assert colours.count(OPERATING) == expected  # the map and the headline agree with the model
        headline = rollout.headline(rollout.status_table(data, day), day)
        people = metric(page, "Personas sin seguridad social en estados en operación")
        assert people == i18n.format_int(headline.covered, "es")  # the one headline definition (issue 9)
        seen.append((day, expected, people))
    operating = [n for _, n, _ in seen]
    assert operating == sorted(operating) and operating[0] == 0 and operating[-1] == 23
    assert len({people for _, _, people in seen}) >= 4  # the headline number moved
    page.screenshot(path=ARTIFACTS / "journey-official-2024-12.png", full_page=True)
    assert_clean(page)
    context.close()


# ---------------------------------------------------------------------------------------- the journalist

def test_a_journalist_switches_to_english_colours_by_delay_opens_a_state_and_downloads_its_zip(
        server, open_page, tmp_path):
    context, page = new_page(open_page, accept_downloads=True)
    page.goto(f"{server.url}/?fecha=2024-06-30")
    wait_for_states(page)
    page.get_by_text("Estado de la federalización al").first.wait_for()
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="en", exact=True).or_(
        page.locator('[data-testid="stSidebar"]').get_by_role("button", name="en", exact=True)).first.click()
    page.get_by_text("Federalization status on 30 June 2024").first.wait_for(timeout=30_000)
    assert "lang=en" in page.url
    page.get_by_role("radio", name="Delay against target").click()
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(".imss-legend", has_text="Delay against the target of").wait_for(timeout=30_000)
    wait_for_states(page)
    page.screenshot(path=ARTIFACTS / "journey-journalist-delay-en.png", full_page=False)
    frame.locator("path.leaflet-interactive").nth(12).click(force=True)  # Hidalgo: its card
    page.locator(".st-key-state_card").get_by_text("Open the page of Hidalgo").click(timeout=30_000)
    page.wait_for_function("() => location.pathname.endsWith('/estado')", timeout=30_000)
    page.locator("h1", has_text="Hidalgo").first.wait_for(timeout=30_000)
    assert_no_dialog(page)
    page.get_by_text("Timeline of events with their sources").wait_for()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Everything (zip)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    stem = "imss-bienestar-13-hidalgo-2024-06-30"
    assert info.value.suggested_filename == f"{stem}.zip"
    with zipfile.ZipFile(target) as archive:
        names = {n.split("/", 1)[1] for n in archive.namelist()}
        assert {f"{stem}.png", f"{stem}.pdf", f"{stem}.csv", f"{stem}.geojson", "manifest.json"} <= names
        manifest = json.loads(archive.read(f"{stem}/manifest.json"))
        assert (manifest["state"], manifest["as_of"], manifest["language"]) == ("13", "2024-06-30", "en")
        assert archive.read(f"{stem}/{stem}.png")[:8] == b"\x89PNG\r\n\x1a\n"
        assert archive.read(f"{stem}/{stem}.pdf")[:5] == b"%PDF-"
        assert "Hidalgo" in archive.read(f"{stem}/{stem}.csv").decode("utf-8-sig")
        geo = json.loads(archive.read(f"{stem}/{stem}.geojson"))
        assert geo["type"] == "FeatureCollection" and geo["features"]
    page.screenshot(path=ARTIFACTS / "journey-journalist-hidalgo-en.png", full_page=True)
    assert_clean(page)
    context.close()


# ------------------------------------------------------------------------------------------- the analyst

def visible_state_view(page, points: int) -> dict:
    wait_until_idle(page)
    main = page.locator('[data-testid="stMain"]')
    caption = main.get_by_text(re.compile(r"unidades en operación con los filtros activos")).first.inner_text()
    page.wait_for_function(f"() => ({POINTS_JS})() === {points}", timeout=30_000)  # the map has caught up
    return {"title": main.locator("h1").first.inner_text(), "caption": caption,
            # elements left from an earlier run (Streamlit marks them data-stale while it redraws) are not
            # part of the view the link reproduces; read in one go so a redraw cannot change the list midway
            "metrics": page.evaluate("""() => Array.from(document.querySelectorAll(
                '[data-testid=stMain] [data-testid=stMetric]')).filter(e => !e.closest('[data-stale="true"]'))
                .map(e => e.innerText)"""),
            "points": page.evaluate(POINTS_JS)}


def wait_for_url_filter(page, param: str, count: int, timeout: float = 30_000) -> None:
    """Wait until ``?param=`` lists ``count`` comma-separated codes (the removal's rerun reached the URL)."""
    page.wait_for_function("""([param, n]) => { const v = new URLSearchParams(location.search).get(param);
        return v !== null && v.split(',').length === n; }""", arg=[param, count], timeout=timeout)


def test_an_analyst_uploads_a_catalogue_filters_to_imss_bienestar_hospitals_and_shares_the_link(
        server, open_page, catalogue_file):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context, page = new_page(open_page)
    page.goto(f"{server.url}/unidades?lang=es")
    page.get_by_text("Catálogo CLUES: cargar o cambiar").first.wait_for(timeout=30_000)
    assert_no_dialog(page)
    page.get_by_text("Catálogo CLUES: cargar o cambiar").first.click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(catalogue_file))
    page.get_by_text(f"archivos: {catalogue_file.name}").first.wait_for(timeout=60_000)  # the upload is in use
    page.frame_locator(MAP_FRAME).first.locator(".imss-cluster").first.wait_for(timeout=30_000)

    # to the state page in the same session (the sidebar link keeps the upload), Hidalgo
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Estado", exact=True).click()
    page.wait_for_function("() => location.pathname.endsWith('/estado')", timeout=30_000)
    wait_until_idle(page)
    choose_option(page, page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first, "Hidalgo", "Hidalgo (13)")
    page.locator("h1", has_text="Hidalgo").first.wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('estado=13')", timeout=10_000)

    # keep IMSS-BIENESTAR only (first option) and hospitals only (first option)
    page.get_by_text("Cronología de eventos con sus fuentes").wait_for(timeout=30_000)  # the state's page is there
    # The state page's first runs (the selectbox's, then the map component's first value) must be over
    # before the first click: a removal clicked while a rerun is on its way is redrawn away by it.
    page.wait_for_function(f"() => ({POINTS_JS})() > 0", timeout=30_000)
    wait_until_idle(page, settle=1000)
    # One removal at a time, each waited for until its rerun has written the URL and finished.
    for index, (param, keep) in enumerate((("grupos", "imss_bienestar"), ("tipos", "hospital"))):
        box = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').nth(index)
        for _ in range(12):
            if (total := box.locator("[data-tag]").count()) == 1:
                break
            try:
                # (Streamlit's "Remove <chip>", in the page's language: coverage.chrome_language)
                # a rerun may redraw the chips under the pointer ("element was detached from the DOM"):
                # then look for the chip again instead of waiting on the old one
                box.locator("[data-tag]").nth(1).get_by_role("button", name=re.compile("^Quitar ")).click(
                    timeout=5_000)
                wait_for_url_filter(page, param, total - 1, timeout=10_000)
            except PlaywrightTimeout:  # the click was swallowed by a rerun after all: look again, click again
                pass
            wait_until_idle(page)
        assert parse_qs(urlparse(page.url).query)[param] == [keep]
    page.wait_for_function("() => location.search.includes('grupos=imss_bienestar') && "
                           "location.search.includes('tipos=hospital')", timeout=30_000)
    units = clues.points(clues.load(catalogue_file), cve_ent="13", groups=["imss_bienestar"], types=["hospital"])
    # the last removal's rerun has redrawn the caption (until then Streamlit shows the previous one)
    # anchored: "2 unidades …" must not match the previous caption "12 unidades …"
    page.get_by_text(re.compile(rf"^{len(units)} unidades en operación con los filtros activos")).first.wait_for(
        timeout=30_000)
    wait_until_idle(page)
    mine = visible_state_view(page, len(units))
    assert mine["title"] == "Hidalgo" and mine["points"] == len(units) > 0
    assert mine["caption"].startswith(f"{len(units)} unidades en operación con los filtros activos")
    page.screenshot(path=ARTIFACTS / "journey-analyst-hidalgo-imb-hospitals.png", full_page=True)
    shared = page.url
    assert_clean(page)
    context.close()

    colleague_context, colleague = new_page(open_page)
    colleague.goto(shared)
    colleague.locator("h1", has_text="Hidalgo").first.wait_for(timeout=30_000)
    assert_no_dialog(colleague)
    colleague.get_by_text(re.compile(r"unidades en operación con los filtros activos")).first.wait_for()
    colleague.get_by_text(re.compile(rf"^{len(units)} unidades en operación con los filtros activos")).first.wait_for(
        timeout=30_000)
    tags = colleague.locator('[data-testid="stMain"] [data-testid="stMultiSelect"] [data-tag]')
    tags.nth(1).wait_for(timeout=30_000)  # the filters render after the caption
    wait_until_idle(colleague)
    page_tags = [tag.get_attribute("aria-label") for tag in tags.all()]
    assert page_tags == [t("snapshot.group.imss_bienestar", "es"), t("snapshot.type.hospital", "es")], page_tags
    theirs = visible_state_view(colleague, len(units))
    assert theirs == mine
    colleague.screenshot(path=ARTIFACTS / "journey-analyst-shared-link.png", full_page=True)
    assert_clean(colleague)
    colleague_context.close()


# ------------------------------------------------------------------------------------------- on a phone

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SCROLLER = "() => document.querySelector('[data-testid=stMain]').scrollTop"  # Streamlit's scrolling pane
ZOOM = "() => document.querySelector('%s').contentWindow.map.getZoom()" % MAP_FRAME


def wheel_at(page, x: float, y: float, times: int = 6) -> None:
    page.mouse.move(x, y)
    for _ in range(times):
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(100)
    page.wait_for_timeout(400)


def test_on_a_phone_the_page_scrolls_to_the_table_and_the_controls_work(server, open_page):
    context, page = new_page(open_page, **PHONE)
    page.goto(f"{server.url}/?fecha=2024-06-30&lang=es")
    wait_for_states(page)
    page.screenshot(path=ARTIFACTS / "journey-phone-top.png", full_page=False)
    start = page.evaluate(SCROLLER)
    wheel_at(page, 195, 300)  # over the headline figures, above the map
    assert page.evaluate(SCROLLER) > start + 300
    # scroll on down to the state table and its download: everything below the map is reachable
    page.get_by_role("button", name=re.compile("Descargar")).last.scroll_into_view_if_needed()
    page.get_by_role("button", name=re.compile("Descargar")).last.wait_for(state="visible")
    assert page.locator(".imss-table").first.bounding_box()["width"] <= 390  # the table scrolls inside its box
    page.screenshot(path=ARTIFACTS / "journey-phone-scrolled.png", full_page=False)

    # the controls: open the collapsed sidebar and switch to English
    page.locator('[data-testid="stExpandSidebarButton"]').first.click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Idioma").wait_for()
    sidebar.get_by_role("radio", name="en", exact=True).or_(sidebar.get_by_role("button", name="en", exact=True))\
        .first.click()
    page.get_by_text("Federalization status on 30 June 2024").first.wait_for(timeout=30_000)
    assert "lang=en" in page.url
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390 + 1, width  # nothing wider than the phone
    page.screenshot(path=ARTIFACTS / "journey-phone-english.png", full_page=False)
    assert_clean(page)
    context.close()


def test_on_a_phone_the_map_does_not_trap_the_scroll(server, open_page):
    context, page = new_page(open_page, **PHONE)
    page.goto(f"{server.url}/?fecha=2024-06-30&lang=es")
    wait_for_states(page)
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    box = page.locator(MAP_FRAME).first.bounding_box()
    start, zoom = page.evaluate(SCROLLER), page.evaluate(ZOOM)
    try:
        wheel_at(page, box["x"] + box["width"] / 2, box["y"] + min(200, box["height"] / 2))
        after, zoom_after = page.evaluate(SCROLLER), page.evaluate(ZOOM)
        print(f"\nphone: wheel over the map: page scroll {start}→{after}, map zoom {zoom}→{zoom_after}")
        page.screenshot(path=ARTIFACTS / "journey-phone-wheel-over-map.png", full_page=False)
        assert after > start + 300 and zoom_after == zoom, (start, after, zoom, zoom_after)
    finally:
        context.close()
