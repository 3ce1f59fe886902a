"""Where the package's data folders are, installed or in a checkout.

A wheel carries ``geodata/`` as ``coverage/geodata`` and the vendored Leaflet as ``coverage/vendor``
(``setup.py`` copies them in at build time); an editable install or a run from ``src/`` finds no such
folder in the package and uses the repository's own (``geodata/``, ``static/vendor/``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]


def data_folder(packaged: str, in_checkout: str) -> Path:
    """``coverage/<packaged>`` when the package ships it, else ``<repository>/<in_checkout>``."""
    shipped = resources.files("coverage").joinpath(packaged)
    if shipped.is_dir():
        return Path(str(shipped))
    return CHECKOUT / in_checkout


def geodata() -> Path:
    """The embedded tables: ``coverage/geodata`` in a wheel, the repository's ``geodata/`` otherwise."""
    return data_folder("geodata", "geodata")


def vendor() -> Path:
    """The vendored JavaScript (Leaflet, markercluster): ``coverage/vendor`` in a wheel, else ``static/vendor/``."""
    return data_folder("vendor", "static/vendor")
