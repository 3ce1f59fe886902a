"""The tail every ``geodata/*/build_*.py`` script shares: checksums, the JSON build record next to the
table, and the ``--shared`` option naming the shared real-data folder the inputs come from.

A script in a subfolder imports it with ``sys.path.insert(0, str(Path(__file__).resolve().parents[1]))``
(the scripts are run by path, ``python geodata/<folder>/build_<name>.py``, not as a package).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

GEODATA = Path(__file__).resolve().parent
# The project's shared real-data folder, next to the checkout (its README says where each file comes from).
DEFAULT_SHARED = GEODATA.parents[1] / "shared" / "data"


def sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_json(path: Path, record: dict) -> None:
    """A build record (or the data package) as UTF-8 JSON, indented by 2, with a final newline."""
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def run_with_shared(main: Callable[[Path], int], doc: str) -> None:
    """``main(shared)`` with ``--shared`` from the command line (default ``DEFAULT_SHARED``); exit with its code."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared real-data folder")
    sys.exit(main(parser.parse_args().shared))
