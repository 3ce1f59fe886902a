"""Command line: ``imss-coverage validate``, ``status``, ``snapshot``, ``access``, … (one group).

The group lives here and only registers the commands; each command module imports what it shares
with the others from :mod:`coverage.cli.common`, never from here or from each other (no circle):

- ``core``: validate, status, targets, gaps, progress
- ``snapshots``: snapshot, animate
- ``access``: access
- ``clues``: clues summary, clues fetch
- ``network``: facilities list, facilities counts, municipalities

Exit codes: 0 success, 1 the embedded data (or a download) is broken, 2 the user asked for something
invalid; :mod:`coverage.cli.common` maps every error to its message and code.
"""

from __future__ import annotations

import click

from coverage import __version__
from coverage.cli import access, clues, common, core, network, snapshots


@click.group(cls=common.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="imss-coverage")
def main() -> None:
    """IMSS-BIENESTAR coverage: rollout status, sources and data checks."""


for _command in (core.validate, core.status, core.targets, core.gaps_command, core.progress, clues.clues,
                 snapshots.snapshot, access.access_command, snapshots.animate, network.facilities,
                 network.municipalities_command):
    main.add_command(_command)
