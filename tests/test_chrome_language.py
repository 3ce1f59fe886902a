"""Streamlit's own words in the page's language: the pairs and the page script (coverage.chrome_language)."""

from __future__ import annotations

from pathlib import Path

import streamlit

from coverage import chrome_language
from coverage.chrome_language import chrome_call, chrome_link, chrome_words, page_script, side

FRONTEND = Path(streamlit.__file__).parent / "static" / "static" / "js"
STATIC = Path(__file__).resolve().parents[1] / "static"


def test_every_pair_has_both_words_and_a_page_gets_its_own_side():
    assert (side("es"), side("en"), side("xx")) == (1, 0, 1)
    words = chrome_words()
    pairs = words["exact"] + words["prefix"] + words["infix"] + words["segment"]
    assert len(pairs) >= 35 and all(english and spanish and english != spanish for english, spanish in pairs)
    # one word never stands for two: a page switched back and forth ends where it started
    english, spanish = [p[0] for p in words["exact"]], [p[1] for p in words["exact"]]
    assert len(set(english)) == len(english) and len(set(spanish)) == len(spanish)
    assert not set(english) & set(spanish)


def test_the_english_side_is_what_this_streamlit_writes():
    """A Streamlit upgrade that rewords one of its labels would leave it English on Spanish pages."""
    bundle = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in FRONTEND.glob("*.js"))
    words = chrome_words()
    missing = [english for english, _ in words["exact"] + words["prefix"] + words["infix"] if english not in bundle]
    missing += [word for word, _ in words["segment"] if f"`{word}`" not in bundle]  # a date box's parts
    assert not missing, f"Streamlit {streamlit.__version__} no longer writes {missing}"


def test_the_static_script_is_current():
    """static/chrome_language.js is what the catalogue gives; rewrite it: python -m coverage.chrome_language"""
    assert (STATIC / chrome_language.CHROME_FILE).read_text(encoding="utf-8") == page_script()
    assert "Contraer la barra lateral" in page_script() and "__WORDS__" not in page_script()
    assert "</" not in page_script()  # it may be inlined in a <script> element


def test_a_rerun_sends_the_language_not_the_words():
    call = chrome_call("es", STATIC)
    assert chrome_link(str(STATIC)).startswith("/app/static/chrome_language.js?v=")
    assert "to = 1" in chrome_call("es", STATIC) and "to = 0" in chrome_call("en", STATIC)
    assert len(call) < 500 and "Contraer" not in call


def test_a_missing_or_stale_static_script_is_inlined(tmp_path):
    assert chrome_link(str(tmp_path)) is None
    assert "Contraer la barra lateral" in chrome_call("es", tmp_path)
    (tmp_path / chrome_language.CHROME_FILE).write_text("window.imssChromeLanguage = function () {};")
    assert chrome_link(str(tmp_path)) is None
