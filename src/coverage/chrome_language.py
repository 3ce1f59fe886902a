"""Streamlit's own interface words (screen-reader labels, tooltips, the file uploader's text) in the
page's language.

Streamlit 1.67 has no language setting for them (streamlit#1353): a Spanish page said "Collapse
sidebar", "Help for Fecha de corte", "Choose date", "Clear all" to a screen reader and "Drag and drop
files here" to everyone (issue 12).  The catalogue's ``chrome.*`` texts pair each of those English
words with ours; ``static/chrome_language.js`` rewrites them in the page as Streamlit draws them
(exact words; "Help for X" and "Remove X" as a start; " per file" inside the uploader's limit line;
"day, X" in a date box).  The English
side is Streamlit's own wording: a Streamlit upgrade that rewords one leaves it in English, and
``tests/test_chrome_language_browser.py`` says which.
"""

from __future__ import annotations

from functools import lru_cache

from coverage.i18n import LANGUAGES, catalogue, normalise_language
from coverage.map_elements import script_source
from coverage.map_names import script_json

KINDS = ("exact", "prefix", "infix", "segment")  # the whole word; how a text starts; a part inside a text;
# the part of a date box a screen reader is on ("day, Fecha (AAAA-MM-DD)")


def chrome_words(lang: str) -> dict:
    """``{"exact": [[english, spanish], …], "prefix": […], "infix": […], "to": index}``: every pair of the
    catalogue's ``chrome.*`` texts and which side of a pair the page wants (0 English, 1 Spanish)."""
    english, spanish = catalogue("en"), catalogue("es")
    words: dict = {kind: [] for kind in KINDS}
    for key in sorted(english):
        if key.startswith("chrome."):
            words[key.split(".")[1]].append([english[key], spanish[key]])
    words["to"] = ("en", "es").index(normalise_language(lang))
    return words


@lru_cache(maxsize=len(LANGUAGES))
def chrome_script(lang: str) -> str:
    """The script that puts Streamlit's words into ``lang`` in the page that runs it (and keeps them
    so); run again with the other language, it replaces itself."""
    return script_source("chrome_language.js").replace("__WORDS__", script_json(chrome_words(lang)))
