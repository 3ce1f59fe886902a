"""``imss-coverage snapshot``: print-ready state snapshots for journalists, in batches."""

from __future__ import annotations

import click


@click.command()
def snapshot() -> None:
    """Write a state's snapshot files (PNG, PDF, CSV, GeoJSON, manifest, zip)."""
    raise click.UsageError("snapshot is not available yet")
