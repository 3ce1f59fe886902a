"""``imss-coverage clues …``: read, check and fetch the official CLUES facility catalogue."""

from __future__ import annotations

import click


@click.group()
def clues() -> None:
    """The official CLUES catalogue of health establishments (DGIS)."""
