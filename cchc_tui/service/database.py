"""What every service over one open database shares: the store, who is working, closing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cchc_tui.db.store import ReportStore


class DatabaseService:
    """Base of the commune's :class:`~cchc_tui.service.reports.ReportService` and the office's
    :class:`~cchc_tui.office.service.OfficeService`.

    Args:
        store: the open store (locked for this process).
    """

    def __init__(self, store: ReportStore) -> None:
        self.store = store

    @property
    def path(self) -> Path:
        """The database (a file, or the shown URL of an office server)."""
        return self.store.path

    @property
    def who(self) -> str:
        """The officer recorded with every change ("name — post")."""
        return self.store.who

    @who.setter
    def who(self, value: str) -> None:
        self.store.who = value

    def close(self) -> None:
        """Release the database."""
        self.store.close()
