"""The report list of a database (the home screen's), and how to read it before the store opens.

:class:`ReportOverview` is one line of the list. :meth:`ReportService.overview
<cchc_tui.service.reports.ReportService.overview>` builds them through the store;
:func:`early_overview` reads the same lines straight from the database file with the standard
library's ``sqlite3``, read-only, before SQLAlchemy is even imported, so the list is on the
screen while the store is still opening (issue 11: start → report list). This module imports
nothing heavy: it runs on the app's path to its first screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cchc_tui.db.early import read_counted_reports
from cchc_tui.domain.counts import COUNTS_ENGINE
from cchc_tui.domain.report import ReportStatus


@dataclass(frozen=True)
class ReportOverview:
    """One report in the list of a database: who, which period, how far, what is wrong."""

    report_id: int
    unit_code: str
    unit_kind: str
    unit_name: str
    period_code: str
    template_id: str
    status: ReportStatus
    revision: int
    percent: int
    """Share of required items filled, 0–100."""
    errors: int
    warnings: int


def early_overview(path: Path) -> list[ReportOverview] | None:
    """The report list of the database file ``path`` read directly (read-only ``sqlite3``),
    when every report's stored counts are valid for this app version; ``None``
    otherwise (no such file, an older schema, a report to count again, anything unreadable):
    the list then comes from :meth:`ReportService.overview` once the store is open.

    Raises nothing: the store's own opening says what is wrong with the file.
    """
    rows = read_counted_reports(path, COUNTS_ENGINE)
    if rows is None:
        return None
    return [
        ReportOverview(
            report_id=r.report_id,
            unit_code=r.unit_code,
            unit_kind=r.unit_kind,
            unit_name=r.unit_name,
            period_code=r.period_code,
            template_id=r.template_id,
            status=ReportStatus(r.status),
            revision=r.revision,
            percent=r.percent,
            errors=r.errors,
            warnings=r.warnings,
        )
        for r in rows
    ]
