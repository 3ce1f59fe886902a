"""The old import path of ``coverage.snapshot.national`` (the national map in each colouring).

Kept so the CLI, the pages and the tests that import ``coverage.national_snapshot`` keep working;
drop it once they import ``coverage.snapshot.national`` (or ``coverage.snapshot``).
"""

from coverage.snapshot.national import (COLOURINGS, MODE_SLUGS, AccessShading, NationalSnapshot,  # noqa: F401
                                        access_shading, all_colourings)
