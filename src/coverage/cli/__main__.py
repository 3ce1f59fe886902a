"""``python -m coverage.cli``: the same as ``imss-coverage``."""

from coverage.cli import main

main()
