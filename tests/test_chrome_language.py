"""Streamlit's own words in the page's language: the pairs the page script uses (coverage.chrome_language)."""

from __future__ import annotations

from pathlib import Path

import streamlit

from coverage.chrome_language import chrome_script, chrome_words

FRONTEND = Path(streamlit.__file__).parent / "static" / "static" / "js"


def test_every_pair_has_both_words_and_the_page_gets_its_own_side():
    es, en = chrome_words("es"), chrome_words("en")
    assert (es["to"], en["to"]) == (1, 0)
    pairs = es["exact"] + es["prefix"] + es["infix"] + es["segment"]
    assert len(pairs) >= 30 and all(english and spanish and english != spanish for english, spanish in pairs)
    # one word never stands for two: a page switched back and forth ends where it started
    english, spanish = [p[0] for p in es["exact"]], [p[1] for p in es["exact"]]
    assert len(set(english)) == len(english) and len(set(spanish)) == len(spanish)
    assert not set(english) & set(spanish)


def test_the_english_side_is_what_this_streamlit_writes():
    """A Streamlit upgrade that rewords one of its labels would leave it English on Spanish pages."""
    bundle = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in FRONTEND.glob("*.js"))
    words = chrome_words("es")
    missing = [english for english, _ in words["exact"] + words["prefix"] + words["infix"] if english not in bundle]
    missing += [word for word, _ in words["segment"] if f"`{word}`" not in bundle]  # a date box's parts
    assert not missing, f"Streamlit {streamlit.__version__} no longer writes {missing}"


def test_the_script_carries_the_words_and_cannot_end_its_script_element():
    script = chrome_script("es")
    assert "Contraer la barra lateral" in script and "__WORDS__" not in script
    assert "</" not in script
