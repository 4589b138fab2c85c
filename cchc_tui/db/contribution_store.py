"""The store's part for several officers on one report (issue 16): assignments, packages,
contributions, conflicts and working copies, and a merge applied in ONE transaction. What may
be merged and what is a conflict is decided by :mod:`cchc_tui.service.contributions`, which
gives the store concrete :class:`ItemChange` s. :class:`ContributionStore` is a base of
:class:`~cchc_tui.db.store.ReportStore`: its methods use the store's session, audit and locks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from sqlmodel import Session, col, select

from cchc_tui import messages as msg
from cchc_tui.base.text import nfc
from cchc_tui.db.contribution_models import (
    PENDING,
    AssignmentRecord,
    ConflictRecord,
    ContributionRecord,
    ContributionRowRecord,
    PackageBaseRecord,
    PackageRecord,
    WorkingCopyRecord,
)
from cchc_tui.db.contribution_models import SUPERSEDED as CONFLICT_SUPERSEDED
from cchc_tui.db.convert import document_from_row, document_to_row
from cchc_tui.db.engine import StoreError
from cchc_tui.db.models import (
    AuditRecord,
    DocumentRecord,
    ExplanationRecord,
    NarrativeRecord,
    NoteRecord,
    ReportRecord,
    UnitRecord,
    ValueRecord,
)
from cchc_tui.db.store_types import (
    TEXT_ROW_FACTORY,
    AuditEntry,
    TextRecord,
    document_text,
    now_utc,
)
from cchc_tui.domain.items import document_from_state, document_state
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.values import cell_to_storage
from cchc_tui.template.loader import get_template

if TYPE_CHECKING:
    from cchc_tui.db.store import ReportStore


class ContributionStore:
    """Assignments, packages, contributions, conflicts and working copies (issue 16)."""

    # --- assignments ------------------------------------------------------------------------

    def assignments(self: ReportStore, report_id: int) -> list[AssignmentRecord]:
        """Every part of the report assigned to an officer, by part."""
        with self._session() as s:
            return list(
                s.exec(
                    select(AssignmentRecord)
                    .where(AssignmentRecord.report_id == report_id)
                    .order_by(col(AssignmentRecord.part))
                )
            )

    def set_assignment(self: ReportStore, report_id: int, part: str, officer: str | None) -> bool:
        """Assign ``part`` to ``officer`` (``None``: to nobody), audited (``assignment``
        entity); one transaction. Returns whether anything changed.

        Raises:
            ReportLocked: the report is signed.
        """
        with self._session() as s:
            report = self._editable(s, report_id)
            row = s.get(AssignmentRecord, (report_id, part))
            old = row.officer if row is not None else None
            if old == officer:
                return False
            if row is not None:
                s.delete(row)
                s.flush()
            if officer is not None:
                s.add(
                    AssignmentRecord(
                        report_id=report_id,
                        part=part,
                        officer=officer,
                        assigned_at=now_utc(),
                        assigned_by=self.who,
                    )
                )
            self._audit(s, report, "assignment", part, old, officer)
            s.commit()
            return True

    # --- packages ---------------------------------------------------------------------------

    def add_package(
        self: ReportStore, package: PackageRecord, bases: list[PackageBaseRecord]
    ) -> None:
        """Record a package written for an officer, with the state of each of its items, and
        audit it (``package`` entity); one transaction.

        Raises:
            ReportLocked: the report is signed.
        """
        with self._session() as s:
            report = self._editable(s, package.report_id)
            s.add(package)
            s.flush()
            for base in bases:
                s.add(base)
            self._audit(s, report, "package", package.id, None, package.officer)
            s.commit()

    def packages(self: ReportStore, report_id: int) -> list[PackageRecord]:
        """The packages written from a report, oldest first."""
        with self._session() as s:
            return list(
                s.exec(
                    select(PackageRecord)
                    .where(PackageRecord.report_id == report_id)
                    .order_by(col(PackageRecord.created_at), col(PackageRecord.id))
                )
            )

    def package(self: ReportStore, package_id: str) -> PackageRecord | None:
        """The package of that id written from this database, if any."""
        with self._session() as s:
            return s.get(PackageRecord, package_id)

    def package_bases(self: ReportStore, package_id: str) -> dict[str, PackageBaseRecord]:
        """What each item of a package was when sent (or last merged), by item."""
        with self._session() as s:
            rows = s.exec(
                select(PackageBaseRecord).where(PackageBaseRecord.package_id == package_id)
            )
            return {row.item: row for row in rows}

    def document_seqs(self: ReportStore, report_id: int) -> list[int]:
        """The seq of every document of the appendix, in list order (``#seq`` in the audit)."""
        with self._session() as s:
            return [
                seq
                for seq in s.exec(
                    select(DocumentRecord.seq)
                    .where(DocumentRecord.report_id == report_id)
                    .order_by(col(DocumentRecord.seq))
                )
            ]

    # --- contributions and conflicts -------------------------------------------------------

    def contributions(
        self: ReportStore, report_id: int | None = None, package_id: str | None = None
    ) -> list[ContributionRecord]:
        """Contributions received (of a report, or of a package), in the order received."""
        with self._session() as s:
            query = select(ContributionRecord)
            if report_id is not None:
                query = query.where(ContributionRecord.report_id == report_id)
            if package_id is not None:
                query = query.where(ContributionRecord.package_id == package_id)
            order = (col(ContributionRecord.received_at), col(ContributionRecord.sequence))
            return list(s.exec(query.order_by(*order)))

    def contribution(self: ReportStore, contribution_id: str) -> ContributionRecord | None:
        """The contribution of that id if it was received here."""
        with self._session() as s:
            return s.get(ContributionRecord, contribution_id)

    def contribution_rows(self: ReportStore, contribution_id: str) -> list[ContributionRowRecord]:
        """The officer's audit rows a contribution carried, in their order."""
        with self._session() as s:
            return list(
                s.exec(
                    select(ContributionRowRecord)
                    .where(ContributionRowRecord.contribution_id == contribution_id)
                    .order_by(col(ContributionRowRecord.seq))
                )
            )

    def conflicts(
        self: ReportStore, report_id: int, state: str | None = None
    ) -> list[ConflictRecord]:
        """Conflicts of a report (every state, or one), oldest first."""
        with self._session() as s:
            query = select(ConflictRecord).where(ConflictRecord.report_id == report_id)
            if state is not None:
                query = query.where(ConflictRecord.state == state)
            return list(s.exec(query.order_by(col(ConflictRecord.id))))

    def conflict(self: ReportStore, conflict_id: int) -> ConflictRecord | None:
        """One conflict."""
        with self._session() as s:
            return s.get(ConflictRecord, conflict_id)

    def _apply(
        self: ReportStore, s: Session, report: ReportRecord, change: ItemChange
    ) -> int | None:
        """Apply one change in ``s`` with its audit row; the new document's seq, if one was
        added.

        Raises:
            ChangedMeanwhile: the item's state is not ``change.expect``.
        """
        report_id = report.id or 0
        current = _item_state(s, report_id, change)
        if current != change.expect:
            raise ChangedMeanwhile(
                msg.CONTRIB_CHANGED_MEANWHILE.format(item=change.item or change.key)
            )
        if current == change.new:
            return None
        added: int | None = None
        key = change.key
        if change.entity == "value":
            value_row = s.get(ValueRecord, (report_id, key))
            if change.new is None:
                if value_row is not None:
                    s.delete(value_row)
            elif value_row is None:
                s.add(ValueRecord(report_id=report_id, row_key=key, value=change.new))
            else:
                value_row.value = change.new
                s.add(value_row)
        elif change.entity == "document":
            doc = document_from_state(change.new) if change.new is not None else None
            if not key:
                assert doc is not None
                last = s.exec(
                    select(DocumentRecord.seq)
                    .where(DocumentRecord.report_id == report_id)
                    .order_by(col(DocumentRecord.seq).desc())
                    .limit(1)
                ).first()
                added = 0 if last is None else last + 1
                s.add(document_to_row(report_id, added, doc))
                key = str(added)
            else:
                doc_row = _doc_at(s, report_id, int(key))
                assert doc_row is not None
                if doc is None:
                    s.delete(doc_row)
                else:
                    doc_row.doc_type, doc_row.number = doc.type, doc.number
                    doc_row.issued_on, doc_row.summary = doc.date.isoformat(), doc.summary
                    s.add(doc_row)
            old_text = document_text(document_from_state(current)) if current is not None else None
            new_text = document_text(doc) if doc is not None else None
            s.flush()
            self._audit(s, report, "document", f"#{key}", old_text, new_text, change.who, change.at)
            return added
        else:
            table = _TEXT_TABLES[change.entity]
            text_row = cast(TextRecord | None, s.get(table, (report_id, key)))
            if change.new is None:
                if text_row is not None:
                    s.delete(text_row)
            elif text_row is None:
                s.add(TEXT_ROW_FACTORY[table](report_id, key, change.new))
            else:
                text_row.text = change.new
                s.add(text_row)
        s.flush()
        self._audit(s, report, change.entity, key, current, change.new, change.who, change.at)
        return added

    def merge_contribution(
        self: ReportStore,
        contribution: ContributionRecord,
        rows: list[ContributionRowRecord],
        changes: list[ItemChange],
        conflicts: list[ConflictRecord],
        bases: list[PackageBaseRecord],
        superseded: list[int],
    ) -> None:
        """Merge one contribution in ONE transaction: record it and the officer's audit rows,
        apply ``changes`` (each audited under the officer who made it), record ``conflicts``
        (each audited, entity ``conflict``), mark ``superseded`` conflicts, and set the
        package's items to ``bases`` (what the next contribution of the package is merged
        against). All of it or nothing (a kill or a power cut in between leaves no trace).

        Raises:
            ReportLocked: the report is signed. ChangedMeanwhile: an item changed since the
                merge was planned. DuplicateContribution: already received.
        """
        with self._session() as s:
            report = self._editable(s, contribution.report_id)
            if s.get(ContributionRecord, contribution.id) is not None:
                raise DuplicateContribution(msg.CONTRIB_ALREADY.format(id=contribution.id[:8]))
            s.add(contribution)
            s.flush()
            for row in rows:
                s.add(row)
            self._audit(
                s,
                report,
                "contribution",
                contribution.id,
                None,
                f"{contribution.sequence} {contribution.officer}",
            )
            targets: dict[str, int] = {}
            for change in changes:
                added = self._apply(s, report, change)
                if added is not None:
                    targets[change.item] = added
            for conflict_id in superseded:
                old = s.get(ConflictRecord, conflict_id)
                if old is not None and old.state == PENDING:
                    old.state = CONFLICT_SUPERSEDED
                    old.resolved_at = now_utc()
                    old.resolved_by = contribution.officer
                    s.add(old)
            for conflict in conflicts:
                s.add(conflict)
                self._audit(
                    s,
                    report,
                    "conflict",
                    conflict.item,
                    conflict.mine,
                    conflict.theirs,
                    conflict.theirs_who,
                    conflict.theirs_at,
                )
            for base in bases:
                if base.item in targets:
                    base.target = targets[base.item]
                existing = s.get(PackageBaseRecord, (base.package_id, base.item))
                if existing is None:
                    s.add(base)
                else:
                    existing.value, existing.target = base.value, base.target
                    s.add(existing)
            s.commit()

    def resolve_conflict(
        self: ReportStore,
        conflict_id: int,
        state: str,
        change: ItemChange | None,
        base: PackageBaseRecord | None,
    ) -> None:
        """Decide one pending conflict in ONE transaction: ``state`` (kept mine / took theirs),
        the change it makes (``None`` when the compiler's value stays), the package item's
        new target (a taken new document), an audit row ``resolve`` (and the change's own).

        Raises:
            StoreError: the conflict is not pending. ChangedMeanwhile: see :meth:`_apply`.
        """
        with self._session() as s:
            conflict = s.get(ConflictRecord, conflict_id)
            if conflict is None or conflict.state != PENDING:
                raise StoreError(msg.CONTRIB_CONFLICT_NOT_PENDING.format(id=conflict_id))
            report = self._editable(s, conflict.report_id)
            self._audit(s, report, "resolve", conflict.item, None, state)
            if change is not None:
                added = self._apply(s, report, change)
                if added is not None and base is not None:
                    stored = s.get(PackageBaseRecord, (base.package_id, base.item))
                    if stored is not None:
                        stored.target = added
                        s.add(stored)
            conflict.state = state
            conflict.resolved_at = now_utc()
            conflict.resolved_by = self.who
            s.add(conflict)
            s.commit()

    def pending_conflicts(self: ReportStore, s: Session, report_id: int) -> list[ConflictRecord]:
        """The pending conflicts of a report, read in the caller's session ``s``."""
        return list(
            s.exec(
                select(ConflictRecord)
                .where(ConflictRecord.report_id == report_id, ConflictRecord.state == PENDING)
                .order_by(col(ConflictRecord.id))
            )
        )

    # --- the officer's working copy ---------------------------------------------------------

    def working_copy(self: ReportStore, report_id: int) -> WorkingCopyRecord | None:
        """The working-copy record of a report made from a package, ``None`` for any other."""
        with self._session() as s:
            return s.get(WorkingCopyRecord, report_id)

    def working_copies(self: ReportStore) -> dict[int, WorkingCopyRecord]:
        """Every working copy of this database, by report id."""
        with self._session() as s:
            return {row.report_id: row for row in s.exec(select(WorkingCopyRecord))}

    def working_copy_of_package(self: ReportStore, package_id: str) -> WorkingCopyRecord | None:
        """The working copy a package was opened as on this PC, if it was."""
        with self._session() as s:
            return s.exec(
                select(WorkingCopyRecord).where(WorkingCopyRecord.package_id == package_id)
            ).first()

    def find_revision(
        self: ReportStore, unit_code: str, template_id: str, period_code: str, revision: int
    ) -> int | None:
        """Id of one revision of a unit's report for a period, if it is here."""
        with self._session() as s:
            row = s.exec(
                select(ReportRecord)
                .join(UnitRecord, col(UnitRecord.id) == ReportRecord.unit_id)
                .where(
                    UnitRecord.code == unit_code,
                    ReportRecord.template_id == template_id,
                    ReportRecord.period_code == period_code,
                    ReportRecord.revision == revision,
                )
            ).first()
            return row.id if row else None

    def open_working_copy(
        self: ReportStore, report: ReportData, revision: int, record: WorkingCopyRecord
    ) -> int:
        """Store a package's report as a working copy (a draft of that revision) with its
        record, audited (``package`` entity, ``open``); one transaction. Returns its id.

        Raises:
            DuplicateReport: this database already holds that revision of the report.
        """
        with self._session() as s:
            rid = self.add_report(s, report, revision=revision)
            entry = self._add_audit(s, rid, "package", "open", None, record.package_id)
            record.report_id = rid
            record.start_audit_id = entry.id or 0
            s.add(record)
            s.commit()
            return rid

    def replace_working_copy(
        self: ReportStore, report_id: int, report: ReportData, record: WorkingCopyRecord
    ) -> None:
        """Replace a working copy's parts by a newer package's (the caller checked nothing of
        the officer's is unsent); one transaction, audited (``package`` entity, ``open``)."""
        with self._session() as s:
            row = self._editable(s, report_id)
            for table in (
                ValueRecord,
                NoteRecord,
                NarrativeRecord,
                ExplanationRecord,
                DocumentRecord,
            ):
                for old in s.exec(select(table).where(table.report_id == report_id)):
                    s.delete(old)
            s.flush()
            template = get_template(report.template_id)
            for key, value in report.values.items():
                if key in template.indicators:
                    s.add(
                        ValueRecord(report_id=report_id, row_key=key, value=cell_to_storage(value))
                    )
            for key, text in report.notes.items():
                s.add(NoteRecord(report_id=report_id, row_key=key, text=nfc(text)))
            for key, text in report.narrative.items():
                s.add(NarrativeRecord(report_id=report_id, section_key=key, text=nfc(text)))
            for key, text in report.explanations.items():
                s.add(ExplanationRecord(report_id=report_id, finding_id=key, text=nfc(text)))
            for seq, doc in enumerate(report.documents):
                s.add(document_to_row(report_id, seq, doc))
            old_record = s.get(WorkingCopyRecord, report_id)
            previous = old_record.package_id if old_record is not None else None
            if old_record is not None:
                s.delete(old_record)
                s.flush()
            entry = self._audit(s, row, "package", "open", previous, record.package_id)
            record.report_id = report_id
            record.start_audit_id = entry.id or 0
            s.add(record)
            s.commit()

    def audit_after(
        self: ReportStore, report_id: int, audit_id: int
    ) -> list[tuple[int, AuditEntry]]:
        """``(id, entry)`` of every audit row of a report after row ``audit_id``, in order."""
        with self._session() as s:
            rows = s.exec(
                select(AuditRecord)
                .where(AuditRecord.report_id == report_id, col(AuditRecord.id) > audit_id)
                .order_by(col(AuditRecord.id))
            )
            return [
                (a.id or 0, AuditEntry(a.entity, a.key, a.old, a.new, a.at, a.who)) for a in rows
            ]

    def record_export(
        self: ReportStore,
        report_id: int,
        sequence: int,
        audit_id: int,
        contribution_id: str,
        file_name: str,
    ) -> None:
        """Record that contribution ``sequence`` (carrying audit rows up to ``audit_id``) was
        written, audited (``contribution`` entity); one transaction."""
        with self._session() as s:
            report = self._editable(s, report_id)
            record = s.get(WorkingCopyRecord, report_id)
            if record is None:
                raise StoreError(msg.CONTRIB_NOT_WORKING_COPY.format(id=report_id))
            record.exported = sequence
            record.exported_audit_id = audit_id
            s.add(record)
            self._audit(s, report, "contribution", contribution_id, None, f"{sequence} {file_name}")
            s.commit()


@dataclass(frozen=True)
class ItemChange:
    """One change of a report decided by a merge or a conflict's resolution.

    Attributes:
        entity: ``value``, ``note``, ``narrative``, ``explanation`` or ``document``.
        key: the row key, sub-heading key or finding id; for a document its seq as text, or
            ``""`` to add a new document at the end of the list.
        new: the new state (:mod:`cchc_tui.domain.items`; ``None`` clears or deletes).
        expect: the state the item must have now (what the decision was made on); the whole
            transaction is refused when it differs (the report changed meanwhile).
        who, at: whose change it is and when it was made (the audit row's).
        item: the package item, for a new document: its base row is pointed at the new seq.
    """

    entity: str
    key: str
    new: str | None
    expect: str | None
    who: str
    at: str
    item: str = ""


class ChangedMeanwhile(StoreError):
    """An item is no longer what a merge or a resolution was decided on (nothing written)."""


def conflict_lines(conflicts: list[ConflictRecord]) -> list[str]:
    """How the sign-off names each pending conflict: the item and the officer whose side it
    is (``SIGN_CONFLICT_ITEM``)."""
    return [msg.SIGN_CONFLICT_ITEM.format(item=c.item, who=c.theirs_who) for c in conflicts]


def _item_state(s: Session, report_id: int, change: ItemChange) -> str | None:
    """The current state of the thing ``change`` names (``None``: empty or absent)."""
    if change.entity == "value":
        value_row = s.get(ValueRecord, (report_id, change.key))
        return value_row.value if value_row is not None else None
    if change.entity == "document":
        if not change.key:
            return None
        doc = _doc_at(s, report_id, int(change.key))
        return document_state(document_from_row(doc)) if doc is not None else None
    table = _TEXT_TABLES[change.entity]
    text_row = cast(TextRecord | None, s.get(table, (report_id, change.key)))
    return text_row.text if text_row is not None else None


_TEXT_TABLES: dict[str, type[TextRecord]] = {
    "note": NoteRecord,
    "narrative": NarrativeRecord,
    "explanation": ExplanationRecord,
}


def _doc_at(s: Session, report_id: int, seq: int) -> DocumentRecord | None:
    return s.exec(
        select(DocumentRecord).where(
            DocumentRecord.report_id == report_id, DocumentRecord.seq == seq
        )
    ).first()


class DuplicateContribution(StoreError):
    """This contribution was already received (nothing written)."""
