"""Streamlit's own words (screen-reader labels, tooltips, the uploader's text) follow the page's language
(issue 12: "screen-reader labels are English on Spanish pages")."""

from __future__ import annotations

import time

import pytest

from coverage.chrome_language import chrome_words, side
from helpers.browser import wait_for_states, wait_until_idle

pytestmark = pytest.mark.browser

LABELS_JS = """() => Array.from(document.querySelectorAll('[aria-label],[title],[placeholder]'))
  .flatMap(e => ['aria-label', 'title', 'placeholder'].map(a => e.getAttribute(a)).filter(Boolean))"""
UPLOADER_JS = """() => Array.from(document.querySelectorAll('[data-testid^=stFileUploader]')).map(e => e.innerText).join(' | ')"""


def wait_for_words(page, lang: str) -> list[str]:
    """The page's labels once none is left in the other language (they are put right when the page is
    idle, so a label drawn a moment ago may still be Streamlit's); the leftovers after 15 s otherwise."""
    deadline = time.monotonic() + 15
    while True:
        labels = page.evaluate(LABELS_JS)
        if not english_left(labels, lang) or time.monotonic() > deadline:
            return labels
        page.wait_for_timeout(200)


def english_left(labels: list[str], lang: str) -> list[str]:
    """The labels that are still in the other language."""
    words = chrome_words()
    other = 1 - side(lang)
    exact = {pair[other] for pair in words["exact"]}
    starts = [pair[other] for pair in words["prefix"]] + [pair[other] + ", " for pair in words["segment"]]
    return [label for label in labels if label.strip() in exact or any(label.startswith(s) for s in starts)]


def test_streamlits_own_labels_are_spanish_on_a_spanish_page_and_english_after_the_switch(server, page):
    page.goto(f"{server.url}/?lang=es")
    wait_for_states(page, timeout=60_000)
    wait_until_idle(page)
    page.wait_for_function("() => !!document.querySelector('[aria-label=\"Contraer la barra lateral\"]')",
                           timeout=30_000)
    labels = wait_for_words(page, "es")
    assert not english_left(labels, "es"), english_left(labels, "es")
    assert "Ayuda: Fecha de corte" in labels and "Páginas de la aplicación" in labels
    # the words came once, as the app's static script, not inside every rerun's component
    assert page.evaluate("() => !!document.querySelector('script[src*=\"/app/static/chrome_language.js\"]')")
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="en", exact=True).or_(
        page.locator('[data-testid="stSidebar"]').get_by_role("button", name="en", exact=True)).first.click()
    page.wait_for_function("() => !!document.querySelector('[aria-label=\"Collapse sidebar\"]')", timeout=30_000)
    wait_until_idle(page, settle=800)
    labels = wait_for_words(page, "en")
    assert not english_left(labels, "en"), english_left(labels, "en")
    assert any(label.startswith("Help for ") for label in labels)


def test_the_file_uploader_speaks_spanish(server, page):
    """(The script comes with the sidebar's copy-link button, drawn after the page: on /unidades after the
    national network's map.)"""
    page.goto(f"{server.url}/unidades?lang=es")
    page.locator('[data-testid="stExpander"] summary').first.click()  # the catalogue loader
    page.locator('[data-testid="stFileUploaderDropzone"]').first.wait_for(timeout=60_000)
    wait_until_idle(page, settle=800)
    # Streamlit's own words ("Upload") are put right when the page is idle; the loader's label already says
    # "por archivo" in our words, so wait for the button's
    page.wait_for_function(f"() => ({UPLOADER_JS})().includes('Subir archivo')", timeout=30_000)
    text = page.evaluate(UPLOADER_JS)
    assert "Subir archivo" in text and "por archivo" in text, text
    assert "Upload" not in text and "per file" not in text, text
    labels = wait_for_words(page, "es")
    assert not english_left(labels, "es"), english_left(labels, "es")


def test_charts_are_named_in_the_page_language_not_by_their_data_fields(server, page):
    """Vega-Lite named every mark by its fields in English ("target: jun 30, 2023; state: …") and every
    axis and legend in English ("Y-axis titled …"); each chart now has one sentence in the page's language."""
    from coverage.i18n import t

    page.goto(f"{server.url}/avance?lang=es")
    page.locator('[data-testid="stVegaLiteChart"]').nth(2).wait_for(timeout=60_000)
    wait_until_idle(page, settle=1500)
    labels = page.evaluate(LABELS_JS)
    vega = [label for label in labels if label.startswith(("X-axis", "Y-axis", "Symbol legend", "target: ", "date: "))]
    assert not vega, vega[:5]
    for about in ("progress_states", "progress_share", "state_timeline"):
        assert page.locator(f'[aria-label="{t(f"chart.about.{about}", "es")}"]').count() == 1, about


def test_streamlits_page_not_found_dialog_speaks_spanish(server, page):
    """A path the app does not have: Streamlit's dialog, in the page's language, over the map."""
    page.goto(f"{server.url}/no-existe?lang=es")
    dialog = page.locator('[data-testid="stDialog"]')
    dialog.wait_for(timeout=60_000)
    page.wait_for_function("() => document.querySelector('[data-testid=stDialog]').innerText.includes('Se muestra')",
                           timeout=30_000)
    text = dialog.inner_text()
    assert "La página pedida no existe" in text and "Se muestra la página principal." in text, text
    assert "Page not found" not in text and "Running the app" not in text, text
    assert page.get_by_role("button", name="Cerrar").count() >= 1
