"""The report list of a database (the home screen's), and how to read it before the store opens.

:class:`ReportOverview` is one line of the list. :meth:`ReportService.overview
<cchc_tui.service.reports.ReportService.overview>` builds them through the store;
:func:`early_overview` reads the same lines straight from the database file with the standard
library's ``sqlite3``, read-only, before SQLAlchemy is even imported, so the list is on the
screen while the store is still opening (issue 11: start → report list). This module imports
nothing heavy: it runs on the app's path to its first screen.
"""

from __future__ import annotations

from pathlib import Path

from cchc_tui.db.early import CountedReport, read_counted_reports
from cchc_tui.domain.counts import COUNTS_ENGINE

ReportOverview = CountedReport
"""One report in the list of a database (:class:`cchc_tui.db.early.CountedReport`: the same
line whether it was read early or through the store)."""


def early_overview(path: Path) -> list[ReportOverview] | None:
    """The report list of the database file ``path`` read directly (read-only ``sqlite3``),
    when every report's stored counts are valid for this app version; ``None``
    otherwise (no such file, an older schema, a report to count again, anything unreadable):
    the list then comes from :meth:`ReportService.overview` once the store is open.

    Raises nothing: the store's own opening says what is wrong with the file.
    """
    return read_counted_reports(path, COUNTS_ENGINE)
