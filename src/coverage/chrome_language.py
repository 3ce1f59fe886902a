"""Streamlit's own interface words (screen-reader labels, tooltips, the file uploader's text) in the
page's language.

Streamlit 1.67 has no language setting for them (streamlit#1353): a Spanish page said "Collapse
sidebar", "Help for Fecha de corte", "Choose date", "Clear all" to a screen reader and "Upload" and
"200MB per file" to everyone (issue 12).  The catalogue's ``chrome.*`` texts pair each of those English
words with ours; ``static/chrome_language.js`` rewrites them in the page as Streamlit draws them (exact
words; "Help for X" and "Remove X" as a start; "day, X" in a date box; " per file" inside the
uploader's limit line).  The English side is Streamlit's own wording: a Streamlit upgrade that rewords
one leaves it in English, and ``tests/test_chrome_language.py`` says which.

The script and both languages' words are one static file of the app (``CHROME_FILE``, written by
``python -m coverage.chrome_language``, a test keeps it current), loaded once per page: each rerun
then sends only the call that picks the language, not the words (7 kB a rerun when they were inline).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from coverage.i18n import catalogue, normalise_language
from coverage.map_elements import script_source
from coverage.map_names import script_json
from coverage.resources import static_address, write_static

KINDS = ("exact", "prefix", "infix", "segment")  # the whole word; how a text starts; a part inside a text;
# the part of a date box a screen reader is on ("day, Fecha (AAAA-MM-DD)")
SIDES = ("en", "es")  # a pair is [English, Spanish]
CHROME_FILE = "chrome_language.js"  # in the app's static folder (Streamlit serves it at /app/static/…)


def chrome_words() -> dict:
    """``{"exact": [[english, spanish], …], "prefix": […], "infix": […], "segment": […]}``: every pair of
    the catalogue's ``chrome.*`` texts, by kind."""
    english, spanish = catalogue("en"), catalogue("es")
    words: dict = {kind: [] for kind in KINDS}
    for key in sorted(english):
        if key.startswith("chrome."):
            words[key.split(".")[1]].append([english[key], spanish[key]])
    return words


def side(lang: str) -> int:
    """Which word of each pair a page in ``lang`` shows."""
    return SIDES.index(normalise_language(lang))


@lru_cache(maxsize=1)
def page_script() -> str:
    """The script that defines ``window.imssChromeLanguage(side)`` in the page, with every pair."""
    return script_source(CHROME_FILE).replace("__WORDS__", script_json(chrome_words()))


def write_chrome_file(static_dir: Path) -> Path:
    """(Re)write ``static_dir/CHROME_FILE`` from the catalogue: ``python -m coverage.chrome_language``."""
    return write_static(static_dir, CHROME_FILE, page_script())


@lru_cache(maxsize=4)
def chrome_link(static_dir: str) -> str | None:
    """The static script's address if ``static_dir`` holds it up to date, else None (then it is inlined)."""
    return static_address(static_dir, CHROME_FILE, page_script())


def chrome_call(lang: str, static_dir: Path | None) -> str:
    """Script lines, for a same-origin component frame, that put Streamlit's words into ``lang`` in the
    page around it: the page loads the static script once (or gets it inline when the file is missing
    or stale), then every call only picks the side."""
    link = chrome_link(str(static_dir)) if static_dir is not None else None
    load = (f"s.src = {script_json(link)}; s.onload = function () {{ page.imssChromeLanguage(to); }};" if link else
            f"s.textContent = {script_json(page_script())};")
    return ("try { var page = window.parent, to = %d;"
            " if (page.imssChromeLanguage) { page.imssChromeLanguage(to); }"
            " else { var s = page.document.createElement('script'); %s page.document.head.appendChild(s);"
            " if (page.imssChromeLanguage) { page.imssChromeLanguage(to); } } } catch (e) {}" % (side(lang), load))


if __name__ == "__main__":  # rewrite the app's static script after the catalogue's chrome.* texts change
    print(write_chrome_file(Path(__file__).resolve().parents[2] / "static"))
