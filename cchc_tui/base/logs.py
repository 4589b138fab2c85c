"""The support log: a rotating file in the user's log folder, and what an officer is told.

Every unexpected error (a programming error, not a :class:`~cchc_tui.base.errors.CchcError`)
is written here with its traceback, and the officer sees one Vietnamese line naming the file
(:func:`describe_failure`), which they can send to whoever supports them. Rotation: 1 MB per
file, 3 old files kept (``logging.handlers.RotatingFileHandler``), so an old PC's disk never
fills.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from cchc_tui import messages as msg
from cchc_tui.base.errors import CchcError
from cchc_tui.base.locations import log_path

LOGGER_NAME = "cchc_tui"
MAX_BYTES = 1024 * 1024
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger(LOGGER_NAME)


class _SupportLogHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file, made (with its folder) only when the first record is written,
    and silent when it cannot be written: a log must never disturb the officer's screen."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """Drop the record (logging would print its own traceback on stderr)."""


def setup_logging(path: Path | None = None) -> Path:
    """Send the app's log to the rotating file ``path`` (default :func:`log_path`); idempotent.

    Nothing is written to disk until the first record; a log that cannot be written (a
    read-only profile) is dropped silently rather than failing the app.

    Returns:
        The log file.
    """
    path = path or log_path()
    for handler in log.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == path.resolve():
                return path
            log.removeHandler(handler)
            handler.close()
    handler = _SupportLogHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return path


def current_log_path() -> Path | None:
    """The file the log is written to, if logging is set up."""
    for handler in log.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    return None


def log_unexpected(error: BaseException, where: str = "") -> Path | None:
    """Write ``error`` with its traceback to the log (set up on first use); return the file,
    or ``None`` when the record could not be written."""
    path = current_log_path() or setup_logging()
    log.error("unexpected error%s", f" in {where}" if where else "", exc_info=error)
    for handler in log.handlers:
        handler.flush()
    return path if path.exists() else None


def describe_failure(error: BaseException, where: str = "") -> str:
    """What the officer is told about ``error``: its own message for a :class:`CchcError`,
    else "Lỗi không mong đợi, đã ghi vào nhật ký: PATH" after logging the traceback."""
    if isinstance(error, CchcError):
        return error.message
    path = log_unexpected(error, where)
    if path is None:
        return msg.ERROR_UNEXPECTED_NO_LOG
    return msg.ERROR_UNEXPECTED.format(path=path)
