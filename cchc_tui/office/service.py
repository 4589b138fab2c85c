"""The receiving office's application service: the one object its screens and commands use.

It opens the office database and offers what the office does: register units' keys, import
bundles, the status of a period, the consolidation, the received bundles, and a unit's report
opened READ-ONLY (:class:`~cchc_tui.service.reports.ReportService` with ``read_only``): the
office never edits, signs, reopens or re-exports a report it received.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_tui.service.database import DatabaseService
from cchc_tui.service.reports import ReportService
from cchc_tui.service.workspace import ReportWorkspace

if TYPE_CHECKING:
    from cchc_tui.db.store import ReportStore
    from cchc_tui.office.consolidate import Consolidation
    from cchc_tui.office.importer import Outcome
    from cchc_tui.office.keys import AddKeyResult, RegisteredKey
    from cchc_tui.office.received import ReceivedLine
    from cchc_tui.office.status import StatusRow


class OfficeService(DatabaseService):
    """Every use case of the receiving office on its database.

    Args:
        store: the open office store (:func:`cchc_tui.office.database.open_office_store`).
    """

    def __init__(self, store: ReportStore) -> None:
        super().__init__(store)
        self._reports = ReportService(store, read_only=True)

    @classmethod
    def open(cls, target: str | Path | None = None, who: str = "") -> OfficeService:
        """Open the office database: a SQLite file or an engine URL (default: the data
        folder's ``office.sqlite3`` or ``$CCHC_OFFICE_DB``).

        Raises:
            StoreBusy: another process uses it. StoreError: it cannot be opened.
        """
        from cchc_tui.office.database import open_office_store

        return cls(open_office_store(target, who))

    def open_report(self, report_id: int) -> ReportWorkspace:
        """A received report, open read-only."""
        return self._reports.open_report(report_id)

    # --- keys --------------------------------------------------------------------------------

    def add_key(
        self, unit_code: str, public_key: bytes, unit_name: str = "", replace: bool = False
    ) -> AddKeyResult:
        """Register (or with ``replace``, change) a unit's key; see ``office.keys.add_key``."""
        from cchc_tui.office.keys import add_key

        return add_key(self.store, unit_code, public_key, unit_name, replace=replace)

    def keys(self, include_replaced: bool = False) -> list[RegisteredKey]:
        """The registered keys (active ones, or all)."""
        from cchc_tui.office.keys import list_keys

        return list_keys(self.store, include_replaced=include_replaced)

    def unit_names(self) -> dict[str, str]:
        """Unit code → name of every unit the office knows."""
        from cchc_tui.office.status import known_units

        with self.store.session() as session:
            return known_units(session)

    # --- bundles -------------------------------------------------------------------------------

    def import_files(self, files: Iterable[Path]) -> Iterator[Outcome]:
        """Verify and import each bundle file (each in its own transaction), yielding outcomes."""
        from cchc_tui.office.importer import import_paths

        return import_paths(self.store, files)

    def received(self) -> list[ReceivedLine]:
        """Every bundle received, newest first."""
        from cchc_tui.office.received import received_lines

        return received_lines(self.store)

    # --- periods -------------------------------------------------------------------------------

    def latest_period(self) -> str:
        """The period of the newest received bundle ("" when nothing was received)."""
        from cchc_tui.office.received import latest_period

        return latest_period(self.store)

    def period_status(self, period_code: str, template_id: str | None = None) -> list[StatusRow]:
        """Who has reported for a period, who is missing, errors and unexplained warnings."""
        from cchc_tui.office.status import period_status

        return period_status(self.store, period_code, template_id)

    def consolidate(self, period_code: str, template_id: str | None = None) -> Consolidation:
        """The consolidation of a period (one column per unit and a total)."""
        from cchc_tui.office.consolidate import consolidate

        return consolidate(self.store, period_code, template_id)
