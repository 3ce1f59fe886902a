"""Every rule over the embedded data at once: the four core tables, the facility network, the release
counts and the municipal table (``imss-coverage validate``).

It lives apart from ``tables`` because the network and municipal modules build on ``tables``; putting
the sum here keeps the imports one-way.
"""

from __future__ import annotations

from pathlib import Path

from coverage import municipalities, network
from coverage.tables import Problem, default_root, validate_tables


def validate(root: Path | None = None, include_network: bool = True) -> list[Problem]:
    """Every schema and cross-table violation in the geodata folder (empty list = clean).

    ``include_network=False`` leaves out the embedded facility and municipal tables, which
    ``network.load_network`` and ``municipalities`` check themselves when a page first needs them."""
    root = Path(root) if root else default_root()
    problems = validate_tables(root)
    if include_network:
        problems += network.check(root)
        problems += network.check_release_counts(root)
        problems += municipalities.check(root)
    return problems
