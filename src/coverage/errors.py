"""The errors the package raises on purpose: one hierarchy, each error with a code and an exit code.

Every one is a :class:`CoverageError`. ``str()`` is one English sentence that says what is wrong and
what to do; ``code`` (with ``values``) names it so an interface can say it in the reader's language
(catalogue keys such as ``date_error.<code>``); ``exit_code`` is what the command line exits with.
The families, by who can fix it:

- :class:`RequestError` (exit 2): the reader asked for something that cannot be done — a date,
  target, state, distance or option, or a file they gave that cannot be read.
- :class:`BrokenDataError` (exit 1): the embedded tables break a rule.
- :class:`DownloadError` (exit 1): a download failed (offline, server, checksum).
- :class:`InstallationError` (exit 1): files the package needs are missing.

The classes each module raises keep their names and homes (``dates.DateError``,
``tables.DataError``, …) and subclass one family here. The command line maps them to messages and
exit codes in one place, ``coverage.cli.common``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # the data, a download or the installation is broken
EXIT_REQUEST = 2  # the reader asked for something invalid (click uses 2 for its usage errors too)


class CoverageError(Exception):
    """Base of every error the package raises on purpose.

    ``CoverageError(message)``, or ``CoverageError(code, message, **values)`` for a message an
    interface translates; without a code the class's own ``code`` names it.
    """

    code = "error"
    exit_code = EXIT_FAILURE

    def __init__(self, *args: object, **values: object):
        if len(args) == 2:
            code, *args = args
            self.code = str(code)
        super().__init__(*args)
        self.values = values


class RequestError(CoverageError):
    """The reader asked for something that cannot be done; the message lists what can."""

    code = "request"
    exit_code = EXIT_REQUEST


class BrokenDataError(CoverageError):
    """The embedded data breaks a rule (run ``imss-coverage validate`` for the report)."""

    code = "data"


class DownloadError(CoverageError):
    """A download failed; the message says whether to retry, fix the address or work offline."""

    code = "download"


class InstallationError(CoverageError):
    """Files the package needs are missing (a broken installation)."""

    code = "installation"

