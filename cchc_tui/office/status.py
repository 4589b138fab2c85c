"""Who has reported for a period: one line per unit the office knows.

Units known = units with a registered key ∪ units any bundle came from (any period). For the
period asked, a unit is:

* **reported** — it has a current, verified revision: shown with that revision, when it was
  signed, and the number of errors and of warnings without an explanation (the report's counts,
  ``domain.counts``, stored with it at import: the status validates nothing);
* **held** — no verified revision, but a bundle "chưa xác thực" is held;
* **missing** — nothing received.

A held bundle newer than the current revision is counted beside a reported unit too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from cchc_tui import messages as msg
from cchc_tui.db.models import CountsRecord, ReportRecord, UnitRecord
from cchc_tui.db.office_models import CURRENT, HELD, OfficeKeyRecord, ReceivedBundleRecord
from cchc_tui.db.store import ReportStore
from cchc_tui.domain.counts import COUNTS_ENGINE, ReportCounts
from cchc_tui.office.loading import load_reports

REPORTED, MISSING, HELD_STATE = "reported", "missing", "held"
VIETNAM = timezone(timedelta(hours=7), "ICT")
"""Vietnam's one time zone (UTC+7, no daylight saving)."""


@dataclass(frozen=True)
class StatusRow:
    """One unit (and template, if it reported under several) for the period."""

    unit_code: str
    unit_name: str
    state: str
    """``reported``, ``missing`` or ``held``."""
    template_id: str = ""
    revision: int | None = None
    signed_at: str | None = None
    report_id: int | None = None
    errors: int = 0
    unexplained: int = 0
    held: int = 0
    """Bundles held "chưa xác thực" for this period that are newer than what is counted."""

    @property
    def state_label(self) -> str:
        """Vietnamese label of the state."""
        return {
            REPORTED: msg.OFFICE_STATE_REPORTED,
            MISSING: msg.OFFICE_STATE_MISSING,
            HELD_STATE: msg.OFFICE_STATE_HELD,
        }[self.state]

    def cells(self) -> tuple[object, ...]:
        """The values of :data:`~cchc_tui.messages.office.OFFICE_STATUS_HEADER`."""
        reported = self.state == REPORTED
        return (
            self.unit_code,
            self.unit_name,
            self.state_label,
            self.revision if self.revision is not None else "",
            vn_time(self.signed_at),
            self.errors if reported else "",
            self.unexplained if reported else "",
            self.held or "",
            self.template_id,
        )


def vn_time(iso: str | None) -> str:
    """UTC ISO time → "10/12/2023 14:05" in Vietnam's time; "" when empty, as is if unreadable."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def known_units(session: Session) -> dict[str, str]:
    """Every unit the office knows → its display name (registered name, else the newest seen).

    Two queries whatever the number of bundles: the newest bundle's name per unit (grouped in
    SQL), then the active keys.
    """
    rb = _table(ReceivedBundleRecord)
    newest = sa_select(func.max(rb.c.id)).group_by(rb.c.unit_code)
    names: dict[str, str] = {
        code: name
        for code, name in session.connection().execute(
            sa_select(rb.c.unit_code, rb.c.unit_name).where(rb.c.id.in_(newest))
        )
    }
    for key in session.exec(
        select(OfficeKeyRecord).where(col(OfficeKeyRecord.replaced_at).is_(None))
    ):
        names[key.unit_code] = key.unit_name or names.get(key.unit_code, "")
    return names


def _table(model: Any) -> Any:
    return model.__table__


def period_status(
    store: ReportStore, period_code: str, template_id: str | None = None, check: bool = True
) -> list[StatusRow]:
    """The status of every known unit for ``period_code`` (optionally one template), by code.

    SQL does the work (the same statements on SQLite and PostgreSQL): one query gives each
    current revision with its report's stored counts (``report_counts``: errors and warnings
    without an explanation, stored when the bundle was imported) and the number of held
    bundles newer than it; another the held bundles of the period. A report without valid
    counts (imported by an older version of the app) is read and validated once, and its
    counts stored. With ``check`` false no counts are read (errors and warnings stay 0).
    """
    rb, r, u, c = (
        _table(m) for m in (ReceivedBundleRecord, ReportRecord, UnitRecord, CountsRecord)
    )
    held = rb.alias("held")
    newer_held = (
        sa_select(func.count())
        .where(
            held.c.state == HELD,
            held.c.period_code == rb.c.period_code,
            held.c.unit_code == rb.c.unit_code,
            held.c.template_id == rb.c.template_id,
            held.c.revision > rb.c.revision,
        )
        .scalar_subquery()
    )
    current = (
        sa_select(
            rb.c.unit_code,
            rb.c.unit_name,
            rb.c.template_id,
            rb.c.revision,
            rb.c.signed_at,
            rb.c.report_id,
            u.c.name.label("stored_name"),
            r.c.updated_at,
            c.c.stamp,
            c.c.engine,
            c.c.errors,
            c.c.unexplained,
            newer_held.label("newer_held"),
        )
        .select_from(
            rb.outerjoin(r, r.c.id == rb.c.report_id)
            .outerjoin(u, u.c.id == r.c.unit_id)
            .outerjoin(c, c.c.report_id == rb.c.report_id)
        )
        .where(rb.c.period_code == period_code, rb.c.state == CURRENT)
    )
    held_rows = sa_select(
        rb.c.unit_code, rb.c.unit_name, rb.c.template_id, rb.c.revision, rb.c.signed_at
    ).where(rb.c.period_code == period_code, rb.c.state == HELD)
    if template_id:
        current = current.where(rb.c.template_id == template_id)
        held_rows = held_rows.where(rb.c.template_id == template_id)
    with store.session() as s:
        names = known_units(s)
        conn = s.connection()
        reported = conn.execute(current.order_by(rb.c.id)).all()
        held_list = conn.execute(held_rows.order_by(rb.c.id)).all()
    counts: dict[int, tuple[int, int]] = {}
    stale: list[Any] = []
    for row in reported if check else ():
        if row.stamp is not None and row.stamp == row.updated_at and row.engine == COUNTS_ENGINE:
            counts[row.report_id] = (row.errors, row.unexplained)
        elif row.report_id is not None:
            stale.append(row)
    counts.update(_count_again(store, stale))
    rows: list[StatusRow] = []
    for row in reported:
        errors, unexplained = counts.get(row.report_id or 0, (0, 0))
        rows.append(
            StatusRow(
                row.unit_code,
                names.get(row.unit_code) or row.unit_name or (row.stored_name or ""),
                REPORTED,
                row.template_id,
                row.revision,
                row.signed_at,
                row.report_id,
                errors=errors,
                unexplained=unexplained,
                held=row.newer_held,
            )
        )
    reported_codes = {row.unit_code for row in reported}
    by_unit: dict[str, list[Any]] = {}
    for h in held_list:
        by_unit.setdefault(h.unit_code, []).append(h)
    for code in sorted(set(names) - reported_codes):
        mine = by_unit.get(code)
        if mine:
            newest = max(mine, key=lambda h: h.revision)
            rows.append(
                StatusRow(
                    code,
                    names[code] or newest.unit_name,
                    HELD_STATE,
                    newest.template_id,
                    newest.revision,
                    newest.signed_at,
                    held=len(mine),
                )
            )
        else:
            rows.append(StatusRow(code, names[code], MISSING))
    rows.sort(key=lambda r: (r.unit_code, r.template_id))
    return rows


def _count_again(store: ReportStore, stale: list[Any]) -> dict[int, tuple[int, int]]:
    """Errors and unexplained warnings of the reports of ``stale`` rows (no valid counts):
    read in bulk, validated, their counts stored for next time."""
    if not stale:
        return {}
    from cchc_tui.domain.validation import validate
    from cchc_tui.template.loader import get_template

    out: dict[int, tuple[int, int]] = {}
    reports = load_reports(store.engine, [row.report_id for row in stale])
    for row in stale:
        report = reports[row.report_id]
        counts = ReportCounts.of(report, validate(get_template(row.template_id), report))
        store.save_counts(row.report_id, counts, row.updated_at)
        out[row.report_id] = (counts.errors, counts.unexplained)
    return out


def summary_line(rows: list[StatusRow]) -> str:
    """ "100 đơn vị: đã nộp 98, chưa nộp 1, …" (a unit counted once)."""
    units = {r.unit_code for r in rows}
    reported = {r.unit_code for r in rows if r.state == REPORTED}
    held = {r.unit_code for r in rows if r.state == HELD_STATE}
    return msg.OFFICE_STATUS_SUMMARY.format(
        units=len(units),
        reported=len(reported),
        missing=len(units - reported - held),
        held=len(held),
        errors=len({r.unit_code for r in rows if r.state == REPORTED and r.errors}),
        unexplained=len({r.unit_code for r in rows if r.state == REPORTED and r.unexplained}),
    )


def status_workbook(period_code: str, rows: list[StatusRow], made_at: datetime) -> bytes:
    """The status as an .xlsx file (one sheet)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from cchc_tui.exports.xlsx import clean_text

    book = Workbook()
    sheet = book.active
    sheet.title = msg.OFFICE_STATUS_SHEET
    bold = Font(name="Times New Roman", size=12, bold=True)
    body = Font(name="Times New Roman", size=12)
    sheet.append([msg.OFFICE_STATUS_TITLE.format(period=period_code)])
    sheet.append(
        [msg.OFFICE_STATUS_MADE.format(at=made_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M"))]
    )
    sheet.append([summary_line(rows)])
    sheet.append([])
    sheet.append(list(msg.OFFICE_STATUS_HEADER))
    header_row = sheet.max_row
    for row in rows:
        sheet.append([clean_text(c) if isinstance(c, str) else c for c in row.cells()])
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.font = bold if cell.row in (1, header_row) else body
    for cell in sheet[header_row]:
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for letter, width in zip("ABCDEFGHI", (12, 30, 16, 7, 18, 7, 14, 12, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    sheet.auto_filter.ref = f"A{header_row}:I{sheet.max_row}"
    book.properties.creator = "cchc-tui"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
