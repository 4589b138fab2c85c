"""Store errors, importable without SQLAlchemy (screens catch them before the store is open)."""

from __future__ import annotations

from cchc_tui.base.errors import Refused


class StoreError(Refused):
    """The database cannot be used; ``str(err)`` is a Vietnamese message."""


class StoreBusy(StoreError):
    """Another process has the database open."""
