"""The official CLUES catalogue of health establishments (DGIS): read, normalise, validate, count.

The catalogue is supplied by the user (xlsx, CSV or parquet, one file or several extracts of the
same release).  Columns are found by *name*, never by position (the 2025 release has 67 columns,
later ones 68), after folding accents, case, underscores and stray spaces.

Rules (``../shared/data/README.md``):
- Count each physical unit once: operating records only.  A closed ``SSA`` record whose reason is
  "POR CAMBIO DE INSTITUCION" is the transfer trace of its ``IMB`` successor; its closure date is
  the unit's transfer date.
- Nothing is dropped silently: every row with a problem (no coordinates, outside Mexico, outside
  its declared state, swapped latitude/longitude, duplicate CLUES, unknown institution code) is
  listed in ``Catalogue.issues`` with its kind, and the counts say how many of each.

The package, by concern: ``schema`` (columns, vocabularies, ``Catalogue``), ``reading`` (one file's
raw rows), ``normalise`` (the compact table and its problems), ``transfers`` (SSA → IMB matching),
``loading`` (files → ``Catalogue``), ``cache`` (the disk cache), ``metrics`` (counts and per-state
metrics).  Every name is re-exported here: ``from coverage import clues`` and ``clues.<name>``.
"""

from coverage.clues.cache import cache_dir, cache_key
from coverage.clues.loading import catalogue_paths, from_bytes, load, load_files
from coverage.clues.metrics import (METRICS, points, points_mask, state_metrics, state_timeline, summary,
                                    transfer_timeline, units)
from coverage.clues.normalise import normalise, outside_state, state_shapes
from coverage.clues.reading import read_raw
from coverage.clues.schema import (COLUMNS, GROUPS, INSTITUTIONS, ISSUE_KINDS, LEVELS, MEXICO_BBOX,
                                   NORMALISED_COLUMNS, NORMALISED_VERSION, PUBLIC_GROUPS, REQUIRED, STATE_ABBR,
                                   STATE_TOLERANCE_DEG, STATUSES, TRANSFER_REASON, TYPES, Catalogue,
                                   CatalogueError, CodedError, SourceFile, fold)

__all__ = [
    "COLUMNS", "GROUPS", "INSTITUTIONS", "ISSUE_KINDS", "LEVELS", "METRICS", "MEXICO_BBOX", "NORMALISED_COLUMNS",
    "NORMALISED_VERSION", "PUBLIC_GROUPS", "REQUIRED", "STATE_ABBR", "STATE_TOLERANCE_DEG", "STATUSES",
    "TRANSFER_REASON", "TYPES", "Catalogue", "CatalogueError", "CodedError", "SourceFile", "cache_dir",
    "cache_key", "catalogue_paths", "fold", "from_bytes", "load", "load_files", "normalise", "outside_state",
    "points", "points_mask", "read_raw", "state_metrics", "state_shapes", "state_timeline", "summary",
    "transfer_timeline", "units",
]
