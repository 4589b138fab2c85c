"""The one family of errors an officer may meet: :class:`CchcError` and its two branches.

Every error the app means to tell the officer about derives from :class:`CchcError` and carries
its Vietnamese message (``str(err)``). Command lines catch only this family and exit with its
:attr:`~CchcError.exit_code`; screens show the message. Anything else is a programming error:
it is logged with its traceback (:mod:`cchc_tui.base.logs`) and shown as an unexpected error.

Exit codes (README, "Command line"): 0 success, 1 refused or findings, 2 unreadable or invalid
input.
"""

from __future__ import annotations

from typing import ClassVar

EXIT_OK = 0
"""The command did what was asked."""
EXIT_REFUSED = 1
"""The command was refused, found errors, or failed for an unexpected reason."""
EXIT_INVALID = 2
"""An input (file, argument, typed value) is unreadable or invalid."""


class CchcError(Exception):
    """An error the officer is told about; ``str(err)`` is the Vietnamese message.

    Args:
        message: the Vietnamese sentence shown to the officer (from ``cchc_tui.messages``).
    """

    exit_code: ClassVar[int] = EXIT_REFUSED
    """Exit code of a command line that stops on this error."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(CchcError):
    """Something given to the app cannot be used: a typed value, a file, an argument.

    Nothing was changed. Command lines exit with :data:`EXIT_INVALID`.
    """

    exit_code: ClassVar[int] = EXIT_INVALID


class Refused(CchcError):
    """The app refuses the action in the current state (signed, not ready, busy, wrong key).

    Nothing was changed. Command lines exit with :data:`EXIT_REFUSED`.
    """

    exit_code: ClassVar[int] = EXIT_REFUSED
