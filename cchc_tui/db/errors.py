"""Store errors, importable without SQLAlchemy (screens catch them before the store is open).

Every database failure an officer may meet is one of these, with a Vietnamese message that says
what to do (:func:`cchc_tui.db.engine.translate_error` maps SQLite's error codes); none shows
SQLAlchemy's English text or a traceback.
"""

from __future__ import annotations

from cchc_tui.base.errors import Refused


class StoreError(Refused):
    """The database cannot be used; ``str(err)`` is a Vietnamese message."""


class StoreBusy(StoreError):
    """Another process has the database open."""


class StoreDamaged(StoreError):
    """The file fails SQLite's integrity check or reads as malformed (restore the backup).

    Attributes:
        details: SQLite's own lines (``PRAGMA integrity_check``), for ``cchc check-db``.
    """

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.details = details or []


class StoreForeign(StoreError):
    """The file is not a database, or another program's database."""


class StoreNewer(StoreError):
    """The database was made by a newer version of the app."""


class StoreFull(StoreError):
    """The disk is full: the change was not saved."""


class StoreIOError(StoreError):
    """The device failed (a disk error, a pulled-out stick): the change was not saved."""
