"""PDF fonts subset once per process instead of once per PDF.

matplotlib embeds in each PDF a TrueType subset of the glyphs that PDF uses, made by fontTools: about
0.6 s per PDF, a third of a state snapshot's time (issue 13's benchmark).  Every snapshot uses almost
the same glyphs, so the subset is taken over the glyphs used *plus* a fixed alphabet (ASCII, Spanish
letters, the typographic marks and spaces the texts use) and kept by glyph set: the 32 state PDFs of a
batch share two subsets (regular and bold) instead of making 64.  A PDF's bytes depend only on its
glyph set, so the same inputs still give the same bytes whatever was drawn before; a glyph outside the
alphabet only makes a new subset.

It wraps ``matplotlib.backends._backend_pdf_ps.get_glyphs_subset`` (matplotlib ≥ 3.11, which returns
``SubsetResults``); with an older matplotlib nothing is changed.
"""

from __future__ import annotations

import io
import threading
from functools import lru_cache

ALPHABET = ("".join(chr(c) for c in range(0x20, 0x7F)) + "¡¿°·×÷±áéíóúüñÁÉÍÓÚÜÑàèçÀÈÇ"
            + "\u00a0\u202f\u2009‘’“”«»–—…−≤≥€ﬀﬁﬂﬃﬄ")  # and the ligatures matplotlib draws (ﬁ, ﬃ)
_LOCK = threading.Lock()


def install() -> None:
    """Put the cache in front of matplotlib's subsetting (once; harmless to call again)."""
    from matplotlib.backends import _backend_pdf_ps as pdf_ps

    with _LOCK:
        if not hasattr(pdf_ps, "SubsetResults") or getattr(pdf_ps.get_glyphs_subset, "cached", False):
            return
        original = pdf_ps.get_glyphs_subset

        def get_glyphs_subset(fontfile, glyphs):
            face = getattr(fontfile, "face_index", 0)
            gids = frozenset(glyphs) | _alphabet(str(fontfile), face)
            data, mapping = _subset(original, fontfile, str(fontfile), face, gids)
            from fontTools.ttLib import TTFont

            # as fontTools.subset loads it: no new timestamp, the bytes stay the subset's
            font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
            return pdf_ps.SubsetResults(font, dict(mapping))._as_cm()

        get_glyphs_subset.cached = True
        pdf_ps.get_glyphs_subset = get_glyphs_subset


@lru_cache(maxsize=8)
def _alphabet(path: str, face: int) -> frozenset[int]:
    """The glyph ids of ``ALPHABET`` in one font (the characters it has)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=face, lazy=True) as font:
        cmap = font.getBestCmap()
        return frozenset(font.getGlyphID(cmap[ord(c)]) for c in ALPHABET if ord(c) in cmap)


@lru_cache(maxsize=16)
def _subset(original, fontfile, path: str, face: int, gids: frozenset[int]) -> tuple[bytes, tuple]:
    """The subset's bytes and glyph index map, made by matplotlib's own function."""
    from matplotlib.backends import _backend_pdf_ps as pdf_ps

    with original(fontfile, set(gids)) as result:
        return pdf_ps.font_as_file(result.font).getvalue(), tuple(sorted(result.glyph_index_map.items()))
