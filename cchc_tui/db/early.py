"""Read the report list from a database file before the store is open (standard ``sqlite3``).

The app shows its first screen, then opens the store in a worker thread; importing SQLAlchemy
and SQLModel alone takes about 0.3 s here. The report list needs none of it: one query of the
reports, their units and their stored counts (table ``report_counts``, migration 0008), on a
read-only connection that changes nothing (not even the journal mode). The store's own opening
(lock, integrity check, migrations) follows, and decides whether the file can be used.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cchc_tui.domain.report import ReportStatus

_QUERY = """
SELECT r.id, u.code, u.kind, u.name, r.period_code, r.template_id, r.status, r.revision,
       r.updated_at, c.stamp, c.engine, c.percent, c.errors, c.warnings
FROM report AS r
JOIN unit AS u ON u.id = r.unit_id
LEFT JOIN report_counts AS c ON c.report_id = r.id
ORDER BY r.updated_at DESC, r.id DESC
"""
"""The same lines and order as ``ReportStore.list_counted``."""


@dataclass(frozen=True)
class CountedReport:
    """One report in the list of a database, with its stored counts: who, which period, how
    far, what is wrong (the home screen's line: ``service.overview.ReportOverview``)."""

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


def read_counted_reports(path: Path, engine: str) -> list[CountedReport] | None:
    """Every report of the database file ``path``, newest change first, with its counts —
    ``None`` unless each has counts stored for its last change by the app version ``engine``
    (or the file is missing, empty, not a database of this schema, or unreadable).

    Raises nothing (any ``sqlite3.Error`` gives ``None``).
    """
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except (OSError, sqlite3.Error, ValueError):
        return None
    try:
        rows = connection.execute(_QUERY).fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    out: list[CountedReport] = []
    for row in rows:
        updated_at, stamp, counted_by = row[8], row[9], row[10]
        if stamp != updated_at or counted_by != engine:
            return None
        try:
            status = ReportStatus(row[6])
        except ValueError:  # not a status of this app: the store's opening will say so
            return None
        rid, code, kind, name, period, template = row[:6]
        percent, errors, warnings = row[11:14]
        out.append(
            CountedReport(
                rid, code, kind, name, period, template, status, row[7], percent, errors, warnings
            )
        )
    return out
