"""Issue 12: at 1400×1000 the national map and its legend are visible without scrolling, in every colouring
(the access colouring's scope, distance and figures used to push the map below the fold)."""

from __future__ import annotations

import pytest

from helpers import ARTIFACTS
from helpers.browser import MAP_FRAME, wait_for_states, wait_until_idle

pytestmark = pytest.mark.browser
FOLD = 1000


@pytest.mark.parametrize("colour", ["status", "delay", "uninsured", "access"])
def test_the_map_and_its_legend_are_above_the_fold(server, page, colour):
    page.goto(f"{server.url}/?lang=es&fecha=2024-06-30&color={colour}")
    frame = wait_for_states(page, timeout=60_000)
    legend = frame.locator(".imss-legend")
    legend.wait_for(timeout=60_000)
    wait_until_idle(page, settle=500)
    frame = wait_for_states(page, timeout=60_000)  # (re-located after the reruns)
    assert page.evaluate("() => window.scrollY || document.querySelector('[data-testid=stMain]')?.scrollTop || 0") == 0
    box = page.locator(MAP_FRAME).first.bounding_box()
    key = frame.locator(".imss-legend").bounding_box()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"national-map-fold-{colour}.png")
    assert box["height"] >= 400 and box["y"] >= 0
    assert box["y"] + box["height"] <= FOLD, f"map ends at {box['y'] + box['height']:.0f} px"
    assert key["y"] >= box["y"] and key["y"] + key["height"] <= FOLD, f"legend ends at {key['y'] + key['height']:.0f} px"
    assert page.external_attempts == []
