"""``Snapshot``: one view's rows and texts (``view``), drawn by ``figure``, saved by ``files``."""

from __future__ import annotations

from dataclasses import dataclass

from coverage.snapshot.figure import state_figure
from coverage.snapshot.files import SnapshotFiles
from coverage.snapshot.view import SnapshotView


@dataclass
class Snapshot(SnapshotFiles, SnapshotView):
    """All files of one view; each is made on first use and kept (``files()`` makes all of them)."""

    def figure(self):
        return state_figure(self)
