"""Where the package's data folders are, installed or in a checkout.

A wheel carries ``geodata/`` as ``coverage/geodata`` and the vendored Leaflet as ``coverage/vendor``
(``setup.py`` copies them in at build time); an editable install or a run from ``src/`` finds no such
folder in the package and uses the repository's own (``geodata/``, ``static/vendor/``).
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
STATIC_ROOT = "/app/static"  # where Streamlit serves the app's static folder


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
    """The vendored JavaScript (Leaflet, supercluster, markercluster): ``coverage/vendor`` in a wheel, else ``static/vendor/``."""
    return data_folder("vendor", "static/vendor")


def write_static(static_dir: Path, name: str, text: str) -> Path:
    """Write a generated script into the app's static folder (``static_dir/name``); returns its path."""
    path = Path(static_dir) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _address(name: str, text: str) -> str:
    return f"{STATIC_ROOT}/{name}?v={hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def publish_static(static_dir: Path, name: str, text: str) -> str | None:
    """For a script generated at run time: ``static_dir/name`` made to hold ``text`` (written only when
    missing or stale) and its address, or None when the folder cannot take it (the caller sends ``text``
    another way)."""
    address = static_address(str(static_dir), name, text)
    if address is None:
        try:
            write_static(static_dir, name, text)
        except OSError:
            return None
        address = _address(name, text)
    return address


def static_address(static_dir: str, name: str, text: str) -> str | None:
    """``/app/static/<name>?v=<hash>`` (where Streamlit serves the app's static folder) if
    ``static_dir/name`` holds exactly ``text``, else None: a missing or stale file is not used (the caller
    inlines ``text``).  The content hash in the address keeps a browser from using an old copy."""
    try:
        found = (Path(static_dir) / name).read_text(encoding="utf-8")
    except OSError:
        return None
    if found != text:
        return None
    return _address(name, found)
