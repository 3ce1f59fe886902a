"""The reader's view in Chromium: links of codes, switches that keep every other choice, ISO dates."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest

from browser import CHROMIUM, MAP_FRAME, AppServer, assert_no_dialog, block_external, wait_for_states
from conftest import ROOT, require

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
DELAY_DECLINED = "#332288"


@pytest.fixture(scope="module")
def server():
    require(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    with AppServer() as app:
        yield app


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-MX")
    attempts = block_external(context)
    page = context.new_page()
    page.external_attempts = attempts
    yield page
    context.close()


def params(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def wait_for_param(page, key: str, value: str) -> None:
    page.wait_for_function("([k, v]) => new URLSearchParams(location.search).get(k) === v", arg=[key, value],
                           timeout=30_000)


def fills(page) -> list[str]:
    return page.frame_locator(MAP_FRAME).first.locator("path.leaflet-interactive").evaluate_all(
        "paths => paths.map(p => p.getAttribute('fill'))")


def no_warnings(page) -> None:
    alerts = page.locator('[data-testid="stAlertContentWarning"]')
    assert alerts.count() == 0, alerts.all_inner_texts()


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def test_switching_language_keeps_colouring_basis_and_date_with_no_warning(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server.url}/?fecha=2023-06-30")
    wait_for_states(page)
    page.get_by_role("radio", name="Retraso frente a la meta").click()
    wait_for_param(page, "color", "delay")
    sidebar(page).locator("[data-testid=stRadio] label", has_text="Firma").last.click()
    wait_for_param(page, "base", "signature")
    page.frame_locator(MAP_FRAME).first.locator(".imss-legend", has_text="Retraso").wait_for(timeout=30_000)

    sidebar(page).get_by_role("radio", name="en", exact=True).or_(
        sidebar(page).get_by_role("button", name="en", exact=True)).first.click()
    page.get_by_text("Federalization status on 30 June 2023").first.wait_for(timeout=30_000)
    page.frame_locator(MAP_FRAME).first.locator(".imss-legend", has_text="Delay against target").wait_for(
        timeout=30_000)
    wait_for_states(page)
    assert params(page) == {"lang": "en", "fecha": "2023-06-30", "meta": "2022-08", "base": "signature",
                            "color": "delay"}
    assert page.get_by_role("radio", name="Delay against target").is_checked()
    assert sidebar(page).get_by_role("radio", name="Signature").is_checked()
    no_warnings(page)
    page.screenshot(path=ARTIFACTS / "ui-language-switch-en.png", full_page=False)
    assert page.external_attempts == []


def test_a_link_of_codes_reopens_exactly_with_no_warning(server, page):
    page.goto(f"{server.url}/?lang=en&color=delay&base=signature&fecha=2023-06-30")
    wait_for_states(page)
    page.get_by_text("Federalization status on 30 June 2023").first.wait_for(timeout=30_000)
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(".imss-legend", has_text="Delay against target").wait_for(timeout=30_000)
    assert page.get_by_role("radio", name="Delay against target").is_checked()
    assert sidebar(page).get_by_role("radio", name="Signature").is_checked()
    assert DELAY_DECLINED in fills(page)  # states that refused are coloured as declined, not by status
    page.wait_for_timeout(500)
    no_warnings(page)
    assert params(page)["fecha"] == "2023-06-30" and params(page)["color"] == "delay"
    assert page.external_attempts == []


def test_clicking_a_state_leaves_an_iso_date_in_the_url(server, page):
    page.goto(f"{server.url}/?fecha=2024-06-02&lang=es")
    frame = wait_for_states(page)
    frame.locator("path.leaflet-interactive").nth(12).click(force=True)  # Hidalgo
    page.wait_for_function("() => location.pathname.endsWith('/estado')", timeout=30_000)
    page.locator("h1", has_text="Hidalgo").first.wait_for(timeout=30_000)
    wait_for_param(page, "fecha", "2024-06-02")
    assert params(page)["estado"] == "13"
    dt.date.fromisoformat(params(page)["fecha"])
    no_warnings(page)
    assert page.external_attempts == []


def test_a_deep_link_as_the_first_visit_after_a_start_shows_no_page_not_found(browser):
    """streamlit#9992/#8860: with a folder named pages/ beside app.py the first run after a start took
    Streamlit's old multipage path, which did not know /estado and said so in a dialog."""
    assert not (ROOT / "pages").exists(), "a pages/ folder next to app.py brings the dialog back; use views/"
    with AppServer() as fresh:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        attempts = block_external(context)
        page = context.new_page()
        page.goto(f"{fresh.url}/estado?estado=13&lang=en")
        page.locator("h1", has_text="Hidalgo").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        assert_no_dialog(page)
        assert attempts == []
        context.close()


def test_each_page_names_its_tab_and_the_copy_link_button_copies_this_view(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    attempts = block_external(context)
    page = context.new_page()
    titles = {}
    for path in ("/", "/avance", "/estado?estado=13", "/unidades", "/fuentes"):
        page.goto(f"{server.url}{path}{'&' if '?' in path else '?'}lang=en&fecha=2023-06-30")
        page.locator("h1").first.wait_for(timeout=60_000)
        page.wait_for_function("() => document.title.includes('IMSS-BIENESTAR coverage')", timeout=30_000)
        titles[path] = page.title()
    assert len(set(titles.values())) == 5, titles
    assert titles["/avance"] == "Progress vs targets · IMSS-BIENESTAR coverage"

    page.goto(f"{server.url}/?lang=en&fecha=2023-06-30&color=delay")
    wait_for_states(page)
    share = page.frame_locator('iframe[title="st.iframe"], [data-testid="stSidebar"] iframe').first
    share.get_by_role("button", name="Copy link").click()
    share.get_by_text("Link copied").wait_for(timeout=10_000)
    copied = page.evaluate("() => navigator.clipboard.readText()")
    query = parse_qs(urlparse(copied).query)
    assert copied.startswith(server.url) and query["color"] == ["delay"] and query["fecha"] == ["2023-06-30"]
    assert query["lang"] == ["en"]
    assert attempts == []
    context.close()


def test_play_walks_the_map_month_by_month_and_pause_stops_it(server, page):
    page.goto(f"{server.url}/?lang=en&fecha=2022-01-15")
    wait_for_states(page)
    side = sidebar(page)
    side.locator('[data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"]').first.wait_for()
    page.screenshot(path=ARTIFACTS / "ui-time-controls.png", full_page=False)
    side.get_by_role("button", name="Play").click()
    wait_for_param(page, "fecha", "2022-02-28")  # one month on, at the month's end
    wait_for_param(page, "fecha", "2022-03-31")
    page.get_by_text("Federalization status on 31 March 2022").first.wait_for(timeout=30_000)
    side.get_by_role("button", name="Pause").click()
    side.get_by_role("button", name="Play").wait_for(timeout=30_000)
    stopped = params(page)["fecha"]
    page.wait_for_timeout(4000)
    assert params(page)["fecha"] == stopped  # paused: the date stays
    assert dt.date.fromisoformat(stopped) <= dt.date(2022, 5, 31)
    assert page.external_attempts == []
