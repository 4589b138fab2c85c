"""Types and small helpers the store's modules share (``store`` and ``contribution_store``):
the keyed text tables, an audit entry as read, the audit's clock, a document as audit text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from cchc_tui.db.models import ExplanationRecord, NarrativeRecord, NoteRecord
from cchc_tui.domain.report import Document

TextRecord = NoteRecord | NarrativeRecord | ExplanationRecord
TEXT_ROW_FACTORY: dict[type[TextRecord], Callable[[int, str, str], TextRecord]] = {
    NoteRecord: lambda rid, key, text: NoteRecord(report_id=rid, row_key=key, text=text),
    NarrativeRecord: lambda rid, key, text: NarrativeRecord(
        report_id=rid, section_key=key, text=text
    ),
    ExplanationRecord: lambda rid, key, text: ExplanationRecord(
        report_id=rid, finding_id=key, text=text
    ),
}
"""How a row of each keyed text table is made: ``(report id, key, text)``."""


@dataclass(frozen=True)
class AuditEntry:
    """One audited change."""

    entity: str
    key: str
    old: str | None
    new: str | None
    at: str
    who: str


def now_utc() -> str:
    """UTC time to the second, as recorded for people (audit, sign-off)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def document_text(doc: Document) -> str:
    """A document as the audit trail records it: type, number, ISO date, summary."""
    return f"{doc.type} {doc.number} {doc.date.isoformat()} {doc.summary}"
