"""The view a link carries: language, as-of date, target, basis and map colouring, as language-free codes.

A link is read once, when a browser session starts; from then on the session holds the choices and
the page writes them back as codes (``lang=en&fecha=2023-06-30&meta=2022-08&base=decision&color=delay``).
Streamlit's URL-bound widgets would write their *shown label* instead (``color=Retraso+frente+a+la+meta``),
which breaks every link when the language changes, and a bound date slider turns into microseconds after
``st.switch_page``.  Old links of both kinds are still understood.

The pages' own values are read here too: the state page's ``?estado=`` (``url_state``) and its
comma-separated facility filters (``url_choices``); the national map's facility layer (``?unidades=1``,
``url_switch``) and the level of its "without social security" colouring (``?nivel=municipality``,
``url_level``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from coverage import gaps, i18n
from coverage.dates import DateError, parse_url_date
from coverage.maps import COLOURINGS
from coverage.tables import STATE_CODES

LANG, AS_OF, TARGET, BASIS, COLOUR = "lang", "fecha", "meta", "base", "color"
UNITS, LEVEL = "unidades", "nivel"  # the national map's facility layer and uninsured-colouring level
LEVELS = ("state", "municipality")
# The basis in a link says what a reader would: the state's signature or its operation
# (the model's codes, "decision" and "implementation", are accepted too).
BASIS_IN_URL = {"implementation": "operation", "decision": "signature"}


@dataclass(frozen=True)
class View:
    lang: str
    as_of: dt.date
    target: str
    basis: str
    colour: str

    def params(self) -> dict[str, str]:
        """The view as URL parameters, every value a code or an ISO date."""
        return {LANG: self.lang, AS_OF: self.as_of.isoformat(), TARGET: self.target,
                BASIS: BASIS_IN_URL[self.basis], COLOUR: self.colour}

    def with_(self, **changes) -> "View":
        return replace(self, **changes)


def default_view(today: dt.date) -> View:
    return View(i18n.DEFAULT_LANGUAGE, today, gaps.DEFAULT_TARGET, gaps.BASES[0], COLOURINGS[0])


def _first(value) -> str | None:
    """A repeated parameter (``?lang=en&lang=es``) counts by its last value, as Streamlit reads it."""
    if isinstance(value, (list, tuple)):
        return str(value[-1]) if value else None
    return None if value is None else str(value)


def _code_for_label(raw: str, codes, key_prefix: str) -> str | None:
    """``raw`` as a code: the code itself, or a label shown in any language (links made before codes)."""
    if raw in codes:
        return raw
    folded = raw.strip().casefold()
    for code in codes:
        if any(i18n.t(f"{key_prefix}.{code}", lang).casefold() == folded for lang in i18n.LANGUAGES):
            return code
    return None


def read(params: Mapping[str, object], target_choices: list[str], today: dt.date | None = None
         ) -> tuple[View, list[tuple[str, dict]]]:
    """The view a link asks for, and a notice (i18n key, values) for every value that had to be dropped.

    An empty value (``?color=``) means "the default", silently, as a cleared widget writes it.
    """
    today = today or dt.date.today()
    view = default_view(today)
    notices: list[tuple[str, dict]] = []

    def short(text: str, n: int = 20) -> str:
        return text[:n]

    raw = _first(params.get(LANG))
    if raw:
        if raw in i18n.LANGUAGES:
            view = view.with_(lang=raw)
        else:
            notices.append(("notice.bad_language", {"value": short(raw)}))
    raw = _first(params.get(AS_OF))
    if raw:
        try:
            view = view.with_(as_of=parse_url_date(raw, today))
        except DateError as exc:
            notices.append(("notice.bad_date", {"value": short(raw), "reason": (
                f"date_error.{exc.code}", {k: short(str(v)) for k, v in exc.values.items()})}))
    raw = _first(params.get(TARGET))
    if raw:
        if raw in target_choices:
            view = view.with_(target=raw)
        else:
            notices.append(("notice.bad_target", {"value": short(raw), "default": gaps.DEFAULT_TARGET}))
    raw = _first(params.get(BASIS))
    if raw:
        by_url = {v: k for k, v in BASIS_IN_URL.items()}
        code = by_url.get(raw.strip().casefold()) or _code_for_label(raw, gaps.BASES, "basis")
        if code:
            view = view.with_(basis=code)
        else:
            notices.append(("notice.bad_basis", {"value": short(raw)}))
    raw = _first(params.get(COLOUR))
    if raw:
        code = _code_for_label(raw, COLOURINGS, "colouring")
        if code:
            view = view.with_(colour=code)
        else:
            notices.append(("notice.bad_colouring", {"value": short(raw, 30)}))
    return view, notices


def notice_text(notice: tuple[str, dict], lang: str) -> str:
    """A notice in ``lang`` (written when shown, so it follows a later language switch)."""
    key, values = notice
    values = {k: i18n.t(v[0], lang, **v[1]) if isinstance(v, tuple) else v for k, v in values.items()}
    return i18n.t(key, lang, **values)


def url_state(value: str | None) -> tuple[str | None, bool]:
    """``?estado=`` → (state code or None for the national view, whether the value was unusable)."""
    if value is None or value == "":
        return None, False
    value = str(value).strip()
    if value.isdigit() and len(value) == 1:
        value = value.zfill(2)
    return (value, False) if value in STATE_CODES else (None, True)


def url_choices(value: str | None, allowed) -> tuple[list[str] | None, bool]:
    """A comma-separated filter in the URL → (valid values, or None for "all"; whether any was unknown)."""
    if value is None:
        return None, False
    if value == "":
        return [], False  # the reader cleared the filter: nothing of it is shown
    parts = [p for p in str(value).split(",") if p != ""]
    known = [p for p in parts if p in allowed]
    bad = len(known) != len(parts)
    return (list(dict.fromkeys(known)) if known else None), bad


def url_switch(value: str | None) -> tuple[bool, bool]:
    """``?unidades=1`` → (on, whether the value was unusable); absent, ``0`` or empty → off."""
    if value is None:
        return False, False
    text = str(value).strip().lower()
    if text in ("1", "true", "si", "sí", "yes"):
        return True, False
    return False, text not in ("0", "", "false", "no")


def url_level(value: str | None) -> tuple[str, bool]:
    """``?nivel=municipality`` → (``state`` or ``municipality``, whether the value was unusable)."""
    if value is None or str(value).strip() == "":
        return LEVELS[0], False
    text = str(value).strip().lower()
    text = {"estado": "state", "municipio": "municipality"}.get(text, text)
    return (text, False) if text in LEVELS else (LEVELS[0], True)
