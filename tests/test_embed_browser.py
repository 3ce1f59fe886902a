"""The embeddable HTML maps opened from file:// in Chromium with every request recorded and blocked:
the shapes draw, a tooltip shows, and the page asks for nothing (not even a font or an image).
The SVG snapshot is rendered in Chromium too (its text is text, so the browser lays it out)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest

from coverage import embed
from coverage.snapshot.national import NationalSnapshot
from coverage.snapshot import Snapshot, View
from helpers import ROOT

pytestmark = pytest.mark.browser
AS_OF = dt.date(2024, 6, 30)
ARTIFACTS = ROOT / "test-artifacts"


@contextmanager
def offline_page(browser, path, screenshot: str, width: int = 1000, height: int = 700):
    """The file at ``path`` opened in a page of its own context, every request recorded and anything but
    the file itself aborted.  Yields the page; when the test's checks pass, the page is saved to
    ``test-artifacts/<screenshot>`` and it must have asked for its own file only and logged no error.
    The context is closed either way."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        context.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri() else route.abort())
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(path.as_uri())
        yield page
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / screenshot)
        assert requests == [path.as_uri()], requests
        assert errors == [], errors
    finally:
        context.close()


@pytest.mark.parametrize("kind, lang, tooltip_text", [
    ("national", "es", "Retraso"),
    ("state", "en", "State of Mexico"),
])
def test_embed_draws_offline_shows_a_tooltip_and_makes_no_request(browser, data, tmp_path, kind, lang, tooltip_text):
    if kind == "national":
        snap = NationalSnapshot(data, View(None, AS_OF, "2023-01", lang=lang), mode="delay")
        payload = embed.national_html(snap)
    else:
        snap = Snapshot(data, View("15", AS_OF, "2023-01", lang=lang))
        payload = embed.state_html(snap)
    path = tmp_path / embed.file_name(snap)
    path.write_bytes(payload)
    with offline_page(browser, path, f"embed-{kind}-{lang}.png") as page:
        page.wait_for_selector("html[data-ready='32']", timeout=15_000)
        shapes = page.locator("path.leaflet-interactive")
        assert shapes.count() == 32
        assert page.locator(".legend li").count() >= 2
        # Hover the middle of the focused state (or of central Mexico) until a tooltip shows.
        box = page.locator("#map").bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.55)
        page.mouse.move(box["x"] + box["width"] * 0.5 + 3, box["y"] + box["height"] * 0.55 + 3)
        tooltip = page.locator(".leaflet-tooltip")
        tooltip.wait_for(timeout=5_000)
        assert tooltip_text in tooltip.inner_text()


# Where the legend sits (bottom left) and just right of it: the corner a tooltip used to cover.
HOVER_GRID = [(x / 100, y / 100) for y in range(50, 96, 5) for x in range(20, 81, 5)]
TOOLTIP_BOXES = """() => Array.from(document.querySelectorAll('.leaflet-tooltip')).map(el => {
  const r = el.getBoundingClientRect();
  return {x: r.left, y: r.top, width: r.width, height: r.height, text: el.innerText};
})"""


def _overlap(a, b) -> float:
    width = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    height = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(0.0, width) * max(0.0, height)


ACCESS_LABELS = (["Beyond 5 km", "Localities beyond 5 km", "Largest distance"], ["Since", "Possible change"])


@pytest.mark.parametrize("mode, lang, width, shown, not_shown", [
    ("access", "en", 1000, *ACCESS_LABELS),
    ("municipal", "es", 1000, ["Municipio", "Sin seguridad social", "Cotas", "Personas"], ["Desde", "Posible cambio"]),
    ("access", "en", 380, *ACCESS_LABELS),  # a phone: the legend goes under the map
])
def test_embed_tooltip_shows_the_colourings_fields_inside_the_map_and_off_the_legend(
        browser, data, tmp_path, mode, lang, width, shown, not_shown):
    snap = NationalSnapshot(data, View(None, AS_OF, "2023-01", lang=lang), mode=mode)
    path = tmp_path / embed.file_name(snap)
    path.write_bytes(embed.national_html(snap))
    with offline_page(browser, path, f"embed-{mode}-{lang}-{width}px.png", width=width, height=620) as page:
        expected = 2469 if mode == "municipal" else 32
        page.wait_for_selector(f"html[data-ready='{expected}']", timeout=30_000)
        area = page.locator("#map").bounding_box()
        legend = page.locator(".legend").bounding_box()
        zoom = page.locator(".leaflet-control-zoom").bounding_box()
        if width < 560:  # under the map, not on it
            assert page.locator("#legend-below .legend").count() == 1 and page.locator("#map .legend").count() == 0
            assert legend["y"] >= area["y"] + area["height"] - 1 and area["height"] >= 299
        else:
            assert page.locator("#map .legend").count() == 1
        seen = []
        for fx, fy in HOVER_GRID:
            page.mouse.move(area["x"] + area["width"] * fx, area["y"] + area["height"] * fy)
            seen += page.evaluate(TOOLTIP_BOXES)
        assert len(seen) >= (20 if width >= 560 else 10), len(seen)  # most of that corner is land
        for box in seen:
            assert all(label in box["text"] for label in shown), box["text"]
            assert not any(label in box["text"] for label in not_shown), box["text"]
            assert _overlap(box, legend) == 0 and _overlap(box, zoom) == 0, (box, legend)
            inside = (box["x"] >= area["x"] - 0.5 and box["y"] >= area["y"] - 0.5
                      and box["x"] + box["width"] <= area["x"] + area["width"] + 0.5
                      and box["y"] + box["height"] <= area["y"] + area["height"] + 0.5)
            assert inside, (box, area)  # not clipped by the map's edge


def test_svg_snapshot_renders_in_chromium_with_its_text(browser, data, tmp_path):
    snap = Snapshot(data, View("13", AS_OF, "2023-01", lang="es"))
    path = tmp_path / f"{snap.name}.svg"
    path.write_bytes(snap.svg)
    with offline_page(browser, path, "snapshot-svg-hidalgo.png") as page:
        page.wait_for_selector("svg text")
        texts = page.locator("svg text").all_text_contents()
        assert any(text.startswith("Hidalgo: federalización") for text in texts)


# --------------------------------------------------------------- the national page, in the app

@pytest.fixture(scope="module")
def server_env():
    return {"COVERAGE_CLUES": ""}


def test_national_page_makes_the_embed_and_the_gif_on_click(open_page, server, tmp_path):
    from PIL import Image

    from helpers.browser import wait_for_states

    page = open_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context = page.context
    attempts = page.external_attempts
    try:
        page.goto(f"{server.url}/?lang=en&fecha=2024-06-30&meta=2023-01")
        wait_for_states(page)
        # the export panel is drawn only when opened (issue 14): closed, none of its buttons is on the page
        assert page.get_by_role("button", name="Animation (GIF)").count() == 0
        page.get_by_role("button", name="Download and share").click()
        downloaded = {}
        for label in ("Interactive map to embed (HTML)", "Animation (GIF)"):
            with page.expect_download(timeout=120_000) as info:
                page.get_by_role("button", name=label).click()
            target = tmp_path / info.value.suggested_filename
            info.value.save_as(target)
            downloaded[label] = target
        html_file = downloaded["Interactive map to embed (HTML)"]
        assert html_file.name == "imss-bienestar-nacional-2024-06-30-estatus.html"
        assert b"default-src 'none'" in html_file.read_bytes()
        gif = Image.open(downloaded["Animation (GIF)"])
        assert gif.size == (1200, 675) and gif.n_frames > 40
        page.get_by_text("<iframe src=").first.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "national-exports-en.png")
        assert attempts == []
    finally:
        context.close()
