"""The bundles the office has received, for the office screens (newest first)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from cchc_tui import messages as msg
from cchc_tui.db.office_models import ReceivedBundleRecord
from cchc_tui.db.store import ReportStore
from cchc_tui.office.status import vn_time


@dataclass(frozen=True)
class ReceivedLine:
    """One received bundle, ready to show."""

    report_id: int | None
    cells: tuple[str, ...]
    """Nhận lúc, Đơn vị, Kỳ, Lần, Trạng thái, Tệp."""


def received_lines(store: ReportStore) -> list[ReceivedLine]:
    """Every received bundle, newest first."""
    states = {
        "current": msg.OFFICE_RECEIVED_CURRENT,
        "superseded": msg.OFFICE_RECEIVED_OLD,
        "held": msg.OFFICE_STATE_HELD,
    }
    with store.session() as s:
        rows = s.exec(select(ReceivedBundleRecord).order_by(col(ReceivedBundleRecord.id).desc()))
        return [
            ReceivedLine(
                r.report_id,
                (
                    vn_time(r.received_at),
                    f"{r.unit_name} ({r.unit_code})",
                    r.period_code,
                    str(r.revision),
                    states.get(r.state, r.state),
                    r.file_name,
                ),
            )
            for r in rows
        ]


def latest_period(store: ReportStore) -> str:
    """The period of the most recently received bundle ("" when none)."""
    with store.session() as s:
        row = s.exec(
            select(ReceivedBundleRecord).order_by(col(ReceivedBundleRecord.id).desc())
        ).first()
        return row.period_code if row else ""
