import datetime as dt
import re

import pytest

from coverage import i18n


def test_both_catalogues_have_the_same_keys_and_placeholders():
    es, en = i18n.catalogue("es"), i18n.catalogue("en")
    assert es.keys() == en.keys()
    for key in es:
        assert set(re.findall(r"{(\w+)}", es[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_key_used_in_code_exists():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    used = set()
    for path in [*root.glob("views/*.py"), root / "app.py", *root.glob("src/coverage/*.py")]:
        used |= set(re.findall(r'\bt\(\s*f?"([a-z_.]+)"', path.read_text(encoding="utf-8")))
    dynamic_prefixes = {key for key in used if key.endswith(".")}
    missing = {key for key in used - dynamic_prefixes if key not in i18n.catalogue("es")}
    assert not missing


def _keys_in(paths) -> tuple[set[str], set[str]]:
    """The catalogue keys that code names: whole keys written as strings, and the fixed starts of keys it
    builds (``f"facilities.group.{g}"``, ``"status." + code``), which count every key they begin."""
    import ast

    groups = {key.split(".")[0] for key in i18n.catalogue("es")}
    shape = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
    whole, starts = set(), set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                start = str(node.values[0].value)
                if "." in start and start.split(".")[0] in groups:
                    starts.add(start)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if shape.match(node.value):
                    whole.add(node.value)
                elif node.value.endswith(".") and shape.match(node.value + "x") and node.value.split(".")[0] in groups:
                    starts.add(node.value)
    return whole, starts


def test_every_key_in_the_catalogue_is_used():
    """No dead text: each key is named by the app, the package or a test (a test may check that a text
    is *not* shown)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    paths = [*root.glob("views/*.py"), root / "app.py", *(root / "src" / "coverage").rglob("*.py"),
             *root.glob("tests/*.py")]
    whole, starts = _keys_in(paths)
    unused = {key for key in i18n.catalogue("es") if key not in whole and not any(key.startswith(s) for s in starts)}
    assert not unused, sorted(unused)


def test_numbers_and_dates_follow_the_language():
    assert i18n.format_int(126014024, "es") == "126\u202f014\u202f024"
    assert i18n.format_int(126014024, "en") == "126,014,024"
    assert i18n.format_pct(0.2619, "en") == "26.2%"
    assert i18n.format_date(dt.date(2023, 12, 31), "es") == "31 de diciembre de 2023"
    assert i18n.format_date(dt.date(2023, 12, 31), "en") == "31 December 2023"


def test_partial_dates_are_written_with_their_precision():
    assert i18n.format_partial("2022-07", "es") == "julio de 2022"
    assert i18n.format_partial("2022-07", "en") == "July 2022"
    assert i18n.format_partial("2023-Q1", "en") == "Q1 2023"
    assert i18n.format_partial("2023-06-06/2023-09-01", "en") == "between 6 June 2023 and 1 September 2023"
    assert i18n.format_partial("", "es") == ""


def test_unknown_language_falls_back_to_spanish():
    assert i18n.normalise_language("fr") == "es"
    assert i18n.t("status.operating", "xx") == "En operación"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_numbers_are_written_exactly_as_babels_format_decimal_writes_them(lang):
    """format_decimal keeps Babel's parsed locale and pattern (speed); the text must not change."""
    import random

    from babel.numbers import format_decimal as babel_decimal

    from coverage.i18n import BABEL_LOCALES, format_decimal

    random.seed(7)
    values = [random.uniform(-1e7, 1e7) for _ in range(300)] + [0.5, 1.5, 2.5, 2.675, 0.125, -0.0, 10**15, 23867]
    for digits in range(4):
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        for value in values:
            expected = babel_decimal(value, format=pattern, locale=BABEL_LOCALES[lang])
            expected = expected.replace(",", "\u202f") if lang == "es" else expected
            assert format_decimal(value, lang, digits) == expected, (value, digits)
