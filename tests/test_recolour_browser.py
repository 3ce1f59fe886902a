"""Issue 14: the national map's state shapes are drawn once per mount; a rerun only repaints them.

The date, the colouring and the language change the fills, tooltips and legend of the same iframe
(nothing re-mounted, the geometry not sent again); the municipal colouring takes the state shapes off
and back on."""

from __future__ import annotations

import pytest

from helpers.browser import MAP_FRAME, click_date_slider, count_websocket_bytes, map_frame, wait_for_states, wait_until_idle

pytestmark = pytest.mark.browser
MARK = "() => { document.querySelector('%s').contentWindow.__kept = true; }" % MAP_FRAME
KEPT = "() => !!document.querySelector('%s').contentWindow.__kept" % MAP_FRAME
OPERATING = """(n) => { const f = document.querySelector('%s'); const d = f && f.contentDocument;
  const p = d ? Array.from(d.querySelectorAll('path.leaflet-interactive')) : [];
  return p.length === 32 && p.filter(x => x.getAttribute('fill') === '#117733').length === n; }""" % MAP_FRAME


def test_a_date_change_repaints_the_same_map_without_sending_the_shapes(server, page):
    received = count_websocket_bytes(page)
    page.goto(f"{server.url}/?fecha=2022-03-31&lang=es")
    wait_for_states(page, timeout=90_000)
    wait_until_idle(page, settle=800)
    page.evaluate(MARK)
    before = received["received"]
    click_date_slider(page, 0.995)  # today: 23 states operate
    page.wait_for_function(OPERATING, arg=23, timeout=60_000, polling=100)
    wait_until_idle(page, settle=800)
    assert page.evaluate(KEPT)  # the same iframe: not re-mounted
    sent = received["received"] - before
    assert sent < 100_000, f"{sent:,} bytes for a date change (the shapes alone are ~330 kB)"
    frame = map_frame(page)
    frame.locator("path.leaflet-interactive").nth(17).hover(force=True)  # Nayarit: the new tooltip texts
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert "Nayarit" in tooltip.inner_text() and "En operación desde" in tooltip.inner_text()
    assert page.external_attempts == []


def test_the_municipal_colouring_takes_the_state_shapes_off_and_back(server, page):
    page.goto(f"{server.url}/?fecha=2024-06-30&lang=en&color=uninsured")
    wait_for_states(page, timeout=90_000)
    wait_until_idle(page, settle=500)
    page.evaluate(MARK)
    page.get_by_role("radio", name="By municipality").click()
    page.wait_for_function("""() => { const d = document.querySelector('%s').contentDocument;
      return d.querySelector('canvas') && d.querySelectorAll('path.leaflet-interactive').length === 0
             && d.querySelector('.imss-legend') && d.querySelector('.imss-abbr') === null; }""" % MAP_FRAME,
                           timeout=90_000, polling=200)
    wait_until_idle(page, settle=500)
    page.get_by_role("radio", name="By state").click()
    frame = wait_for_states(page, timeout=60_000)
    page.wait_for_function("""() => { const d = document.querySelector('%s').contentDocument;
      return !d.querySelector('canvas') && d.querySelectorAll('.imss-abbr').length === 32; }""" % MAP_FRAME,
                           timeout=60_000, polling=200)
    assert page.evaluate(KEPT)
    frame.locator("path.leaflet-interactive").nth(12).hover(force=True)  # Hidalgo
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert "Hidalgo" in tooltip.inner_text() and "%" in tooltip.inner_text()
    frame.locator("path.leaflet-interactive").nth(12).click(force=True)  # a click still opens the card
    page.locator(".st-key-state_card").get_by_text("Open the page of Hidalgo").wait_for(timeout=30_000)
    assert page.external_attempts == []


# When each part first appears in the page (performance.now(), ms), from the document's start.
APPEARED = """(() => { const a = window.__appeared = {};
  new MutationObserver(() => { const now = performance.now();
    if (!a.map && document.querySelector('%s')) a.map = now;
    if (!a.figure && document.querySelector('[data-testid=stMetric]')) a.figure = now;
    if (!a.sidebar && document.querySelector('[data-testid=stSidebar] [data-testid=stSlider]')) a.sidebar = now;
  }).observe(document, {subtree: true, childList: true}); })();""" % MAP_FRAME


def test_a_first_visit_gets_the_map_before_the_rest_of_the_page(server, page):
    """views/_head_start.py: the map's frame is in the page well before the side panel's figures and the
    sidebar's slider (sent together, all three appeared in the same instant, once the last widget's code
    was in); the rest is all there afterwards."""
    page.add_init_script(APPEARED)
    page.goto(f"{server.url}/?fecha=2022-03-31&lang=es")
    wait_for_states(page, timeout=90_000)
    page.locator("[data-testid=stMetric]").last.wait_for(state="visible", timeout=60_000)
    page.locator("[data-testid=stSidebar] [data-testid=stDateInput]").wait_for(state="visible", timeout=60_000)
    appeared = page.evaluate("window.__appeared")
    assert appeared["figure"] - appeared["map"] >= 300, appeared
    assert appeared["sidebar"] - appeared["map"] >= 300, appeared
    assert page.locator("[data-testid=stMetric]").count() == 8
    assert page.locator(".imss-table tbody tr").count() == 32
    assert page.external_attempts == []
