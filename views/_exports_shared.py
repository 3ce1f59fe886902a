"""Export widgets of the national map page: snapshot files, the embeddable map and the animation.

Nothing is drawn until a button is clicked (the download buttons take callables), and a click does
not rerun the page.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from coverage import embed
from coverage.animation import SIZES, Animation
from coverage.i18n import format_date, t
from coverage.snapshot import NationalSnapshot, View, access_shading


def _buttons(buttons: list[tuple[str, str, object, str]], lang: str, prefix: str) -> None:
    for column, (kind, mime, make, file_name) in zip(st.columns(len(buttons)), buttons):
        column.download_button(t(f"exports.button.{kind}", lang), data=make, file_name=file_name, mime=mime,
                               on_click="ignore", key=f"{prefix}-{kind}", width="stretch",
                               type="primary" if kind in ("png", "gif") else "secondary")


def national_exports(data, as_of: dt.date, target: str, basis: str, lang: str, mode: str,
                     access_view: list | None = None) -> None:
    """``access_view``: what the access colouring measured on the page (its gap and search), reused."""
    shading = None
    if mode == "access" and access_view:
        _, (result, places, units, km) = access_view
        shading = access_shading(data, as_of, result.scope, km, places, units, result)
    snap = NationalSnapshot(data, View(None, as_of, target, basis, lang), mode=mode, shading=shading)
    stem = snap.name
    st.subheader(t("exports.national_heading", lang))
    _buttons([
        ("png", "image/png", lambda: snap.png, f"{stem}.png"),
        ("png_screen", "image/png", lambda: snap.png_screen, f"{stem}-pantalla.png"),
        ("pdf", "application/pdf", lambda: snap.pdf, f"{stem}.pdf"),
        ("svg", "image/svg+xml", lambda: snap.svg, f"{stem}.svg"),
        ("csv", "text/csv", lambda: snap.csv, f"{stem}.csv"),
        ("manifest", "application/json", lambda: snap.manifest, snap.manifest_name),
    ], lang, "national-download")
    st.caption(t("exports.national_caption", lang))

    st.subheader(t("exports.embed_heading", lang))  # every colouring has its embed (embed.NATIONAL_COLOURINGS)
    _buttons([("html", "text/html", lambda: embed.national_html(snap), embed.file_name(snap))], lang,
             "national-download")
    st.caption(t("exports.embed_caption", lang))
    st.code(embed.iframe_snippet(snap), language="html")

    st.subheader(t("exports.animation_heading", lang))
    size = st.selectbox(t("exports.animation_size", lang), list(SIZES), key="_exports_animation_size")
    movie = Animation(data, target, lang, size)
    st.caption(t("exports.animation_caption", lang, end=format_date(movie.end, lang),
                 basis=t(f"exports.end_basis.{movie.end_basis}", lang)))
    _buttons([
        ("gif", "image/gif", lambda: movie.gif, f"{movie.name}.gif"),
        ("mp4", "video/mp4", lambda: movie.mp4, f"{movie.name}.mp4"),
    ], lang, "national-animation")


def state_embed(snap, lang: str) -> None:
    """The iframe snippet for a state's embeddable map (its download button sits with the other files)."""
    st.caption(t("exports.embed_caption", lang))
    st.code(embed.iframe_snippet(snap), language="html")
