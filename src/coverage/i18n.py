"""Interface text in Spanish (default) and English, from one catalogue per language.

Numbers and dates come from Babel's CLDR data for es_MX and en (patterns, decimal sign, rounding,
month names), so every page, chart, tooltip and export writes them one way per language.  One
deliberate difference from CLDR: Spanish groups thousands with a thin space, as INEGI prints them
(126 014 024; CLDR's es_MX would write 126,014,024).  Dates are written out in the language
(31 de diciembre de 2023 / 31 December 2023).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from importlib import resources

from coverage.dates import parse_partial

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
_THIN_SPACE = "\u202f"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """All text of one language: every ``locales/<lang>.<part>.json``.

    ``<lang>.common.json`` holds what several pages share (the frame, statuses, delay classes, data
    texts); each page keeps the rest in its own part (``map``, ``rollout``, ``state``, ``facilities``,
    ``sources``, ``exports``, and ``access`` for the distance panel shown on three pages).  A key
    defined twice is an error.
    """
    folder = resources.files("coverage").joinpath("locales")
    names = sorted(p.name for p in folder.iterdir() if p.name == f"{lang}.json"
                   or (p.name.startswith(f"{lang}.") and p.name.endswith(".json")))
    merged: dict[str, str] = {}
    for name in names:
        part = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(f"locales/{name} redefines {sorted(clash)}")
        merged.update(part)
    return merged


def normalise_language(value: object) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang``; a missing key is a bug and raises KeyError."""
    text = catalogue(normalise_language(lang))[key]
    return text.format(**values) if values else text


def format_decimal(value: float, lang: str, digits: int = 1) -> str:
    """A number with ``digits`` decimals, CLDR's pattern for the language (one rounding rule everywhere:
    half to even, as Babel applies it)."""
    pattern, locale = _number_pattern(digits), _babel_locale(normalise_language(lang))
    # (what babel.numbers.format_decimal does, minus parsing the locale and the pattern on every call:
    # a table of 32 rows wrote 461 numbers in 0.03 s)
    text = pattern.apply(value, locale, decimal_quantization=True, group_separator=True, numbering_system="latn")
    # CLDR's es_MX groups thousands with ","; the pages, exports and snapshots keep INEGI's thin space
    return text.replace(",", _THIN_SPACE) if normalise_language(lang) == "es" else text


@lru_cache(maxsize=None)
def _number_pattern(digits: int):
    from babel.numbers import parse_pattern

    return parse_pattern("#,##0" + ("." + "0" * digits if digits else ""))


@lru_cache(maxsize=None)
def _babel_locale(lang: str):
    from babel import Locale

    return Locale.parse(BABEL_LOCALES[lang])


def format_int(value: int, lang: str) -> str:
    return format_decimal(int(value), lang, digits=0)


def format_pct(fraction: float, lang: str, digits: int = 1) -> str:
    text = format_decimal(100 * fraction, lang, digits)
    return f"{text}{_THIN_SPACE}%" if normalise_language(lang) == "es" else f"{text}%"


def format_date(day: dt.date, lang: str) -> str:
    """'31 de diciembre de 2023' / '31 December 2023', month names from CLDR (Babel)."""
    from babel.dates import format_date as babel_date

    pattern = "d 'de' MMMM 'de' y" if normalise_language(lang) == "es" else "d MMMM y"
    return babel_date(day, pattern, locale=BABEL_LOCALES[normalise_language(lang)])


# Babel's CLDR locales for each interface language (number and date conventions).
BABEL_LOCALES = {"es": "es_MX", "en": "en"}


def format_short_date(day: dt.date, lang: str) -> str:
    """A compact date from CLDR data: '12 ago 2022' / '12 Aug 2022' (labels, chart tooltips)."""
    from babel.dates import format_date as babel_date

    return babel_date(day, "d MMM y", locale=BABEL_LOCALES[normalise_language(lang)]).replace(".", "")


@lru_cache(maxsize=None)
def month_names(lang: str) -> tuple[str, ...]:
    """January…December in the language (CLDR, the form used inside a date: 'junio', 'June')."""
    from babel.dates import get_month_names

    names = get_month_names("wide", locale=BABEL_LOCALES[normalise_language(lang)])
    return tuple(names[m] for m in range(1, 13))


def month_abbreviations(lang: str) -> list[str]:
    """January…December abbreviated in the language (CLDR), for chart axes: 'ene' … 'dic'."""
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", locale=BABEL_LOCALES[normalise_language(lang)])
    return [names[m].replace(".", "") for m in range(1, 13)]


def format_partial(text: str, lang: str) -> str:
    """A source date as the source gives it: '2022-07' → 'julio de 2022', a range → 'entre … y …'."""
    if not text:
        return ""
    when = parse_partial(text)
    months = month_names(lang)
    precision = when.precision
    if precision == "day":
        return format_date(when.earliest, lang)
    if precision == "month":
        month = months[when.earliest.month - 1]
        return f"{month} de {when.earliest.year}" if lang == "es" else f"{month} {when.earliest.year}"
    if precision == "quarter":
        quarter = (when.earliest.month - 1) // 3 + 1
        return t("date.quarter", lang, quarter=quarter, year=when.earliest.year)
    if precision == "year":
        return str(when.earliest.year)
    return t("date.range", lang, start=format_date(when.earliest, lang), end=format_date(when.latest, lang))
