"""The national map page offers the newsroom exports (AppTest, both languages); nothing is drawn before a click."""

from __future__ import annotations

from functools import partial

import pytest

from helpers.apptest import open_app


run_app = partial(open_app, timeout=90)


@pytest.mark.parametrize("lang, labels, snippet", [
    ("es", ["PNG (imprenta, 300 ppp)", "PNG (pantalla)", "PDF (1 página)", "Vectorial (SVG)",
            "Datos (CSV)", "manifest.json", "Mapa interactivo para insertar (HTML)", "Animación (GIF)",
            "Animación (MP4)"], 'title="Federalización IMSS-BIENESTAR al 30 de junio de 2024"'),
    ("en", ["PNG (print, 300 dpi)", "PNG (screen)", "PDF (1 page)", "Vector (SVG)", "Data (CSV)",
            "manifest.json", "Interactive map to embed (HTML)", "Animation (GIF)", "Animation (MP4)"],
     'title="IMSS-BIENESTAR federalization on 30 June 2024"'),
])
def test_national_page_offers_snapshot_embed_and_animation(lang, labels, snippet, monkeypatch):
    from coverage.snapshot import Snapshot

    drawn = []
    monkeypatch.setattr(Snapshot, "figure", lambda self: drawn.append(self) or (_ for _ in ()).throw(AssertionError))
    app = run_app(lang=lang, fecha="2024-06-30", meta="2023-01")
    assert not app.exception, app.exception
    shown = [b.proto.label for b in app.get("download_button")]
    assert all(label in shown for label in labels), shown
    codes = [c.value for c in app.code]
    assert any(code.startswith("<iframe src=\"imss-bienestar-nacional-2024-06-30-estatus.html\"") and snippet in code
               for code in codes), codes
    assert drawn == []  # the pictures are made on click only


def test_national_page_exports_the_municipal_colouring_when_chosen(monkeypatch):
    from coverage.snapshot import Snapshot

    drawn = []
    monkeypatch.setattr(Snapshot, "figure", lambda self: drawn.append(self) or (_ for _ in ()).throw(AssertionError))
    app = run_app(lang="en", fecha="2024-06-30", meta="2023-01", color="uninsured")
    assert not app.exception, app.exception
    app.session_state["national_uninsured_level"] = "municipality"
    app.run()
    assert not app.exception, app.exception
    names = [b.proto.label for b in app.get("download_button")]
    assert "Interactive map to embed (HTML)" in names and "PNG (print, 300 dpi)" in names, names
    codes = [c.value for c in app.code]
    assert any('src="imss-bienestar-nacional-2024-06-30-sin-seguridad-social-municipios.html"' in code
               for code in codes), codes
    assert drawn == []
