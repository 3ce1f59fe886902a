"""Old import path of ``helpers.browser`` (kept for modules written before the move; import from helpers)."""

from helpers.browser import *  # noqa: F401,F403
from helpers.browser import ROOT  # noqa: F401
