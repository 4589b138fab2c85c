"""The report repository: every read and write of reports goes through :class:`ReportStore`.

Each confirmed change is committed in its own transaction together with an audit row (row key,
old, new, when, who), so that nothing confirmed is lost on a crash. A signed report refuses
every change (``ReportLocked``). Audit rows are chained by hash and a sign-off seals the
revision in the same transaction (:mod:`cchc_tui.db.seal`); :meth:`ReportStore.chain_breaks`,
:meth:`ReportStore.seal_of` and :meth:`ReportStore.rebuild_content` give what the service needs
to check them.

A database failure while working (disk full, a device error, a page found damaged) is raised as
the officer's error (:func:`cchc_tui.db.engine.translate_error`), never SQLAlchemy's text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, col, select

from cchc_tui import messages as msg
from cchc_tui.base.text import nfc
from cchc_tui.db import statements as sql
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
from cchc_tui.db.convert import (
    document_from_row,
    document_to_row,
    report_from_rows,
    unit_from_row,
)
from cchc_tui.db.engine import OpenStore, StoreError, open_database, translate_error
from cchc_tui.db.models import (
    AuditRecord,
    CountsRecord,
    DocumentRecord,
    ExplanationRecord,
    NarrativeRecord,
    NoteRecord,
    ReportRecord,
    SealRecord,
    UnitRecord,
    ValueRecord,
)
from cchc_tui.db.office_models import ReceivedBundleRecord
from cchc_tui.db.seal import SEAL_FORMAT, audit_hash, json_text, seal_message
from cchc_tui.domain.carry import CarryResult, carry_over
from cchc_tui.domain.counts import COUNTS_ENGINE, ReportCounts
from cchc_tui.domain.interchange import signed_report_dict, signed_report_json
from cchc_tui.domain.items import document_from_state, document_state
from cchc_tui.domain.links import mark_copied
from cchc_tui.domain.report import (
    CellValue,
    Document,
    Header,
    ReportData,
    ReportStatus,
    Signature,
)
from cchc_tui.domain.signoff import NotReady, Readiness, SignOffData, check_readiness
from cchc_tui.domain.validation import validate
from cchc_tui.domain.values import cell_to_storage
from cchc_tui.template.loader import get_template

TextRecord = NoteRecord | NarrativeRecord | ExplanationRecord
_TEXT_ROW_FACTORY: dict[type[TextRecord], Callable[[int, str, str], TextRecord]] = {
    NoteRecord: lambda rid, key, text: NoteRecord(report_id=rid, row_key=key, text=text),
    NarrativeRecord: lambda rid, key, text: NarrativeRecord(
        report_id=rid, section_key=key, text=text
    ),
    ExplanationRecord: lambda rid, key, text: ExplanationRecord(
        report_id=rid, finding_id=key, text=text
    ),
}


Sealer = Callable[[bytes], tuple[bytes, bytes]]
"""``sealer(message) -> (raw public key, signature)``: the unit's unlocked Ed25519 key signing
the seal's message at sign-off (the service passes it; the store never sees the key)."""


@dataclass(frozen=True)
class StoredSeal:
    """The seal of a signed revision as stored (:mod:`cchc_tui.db.seal`)."""

    report_id: int
    content: bytes
    """The exact ``report.json`` bytes sealed."""
    content_sha256: str
    audit_id: int
    audit_hash: str
    public_key: bytes
    signature: bytes
    sealed_at: str

    @property
    def message(self) -> bytes:
        """What the signature covers."""
        return seal_message(self.content_sha256, self.audit_hash)


@dataclass(frozen=True)
class AuditRow:
    """An audit row just written: its id and chain hash (the seal records both)."""

    id: int
    hash: str


@dataclass(frozen=True)
class _Stamped:
    """A report's id and its ``updated_at`` (what :meth:`ReportStore._put_counts` reads)."""

    id: int
    updated_at: str


@dataclass(frozen=True)
class ChainBreak:
    """The first audit row of a report whose chain hash does not match."""

    report_id: int
    audit_id: int


class ReportNotFound(StoreError):
    """No report with that id."""


class UnknownRow(StoreError):
    """The row is not in the report's template."""


class ReportLocked(StoreError):
    """The report is signed; it can no longer be changed."""


class DuplicateReport(StoreError):
    """A report of that unit, template, period and revision already exists."""


@dataclass(frozen=True)
class ReportSummary:
    """One line of the report list."""

    id: int
    unit_code: str
    unit_name: str
    unit_kind: str
    period_code: str
    period_kind: str
    template_id: str
    status: ReportStatus
    revision: int
    updated_at: str


@dataclass(frozen=True)
class AuditEntry:
    """One audited change."""

    entity: str
    key: str
    old: str | None
    new: str | None
    at: str
    who: str


def _now() -> str:
    """UTC time to the second, as recorded for people (audit, sign-off)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stamp() -> str:
    """UTC time to the microsecond: a report's last change, so that two changes within one
    second still tell a cache (the report list's) that the report changed."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class ReportStore:
    """Reports in one SQLite database, used by one process at a time.

    Args:
        opened: the locked, migrated database (``open_database``).
        who: the officer recorded in the audit trail ("name — post").
    """

    def __init__(self, opened: OpenStore, who: str = "") -> None:
        self._opened = opened
        self.engine = opened.engine
        self.who = who

    @classmethod
    def open(cls, path: Path, who: str = "", full_check: bool = False) -> ReportStore:
        """Open (lock, check, create, migrate) the database at ``path``; see
        :func:`cchc_tui.db.engine.open_database`.

        Raises:
            StoreBusy: another process holds it. StoreError (and its kinds): it cannot be used.
        """
        return cls(open_database(path, full_check), who)

    @property
    def path(self) -> Path:
        """The database file."""
        return self._opened.path

    def close(self) -> None:
        """Release the database."""
        self._opened.close()

    @property
    def integrity(self) -> tuple[str, ...]:
        """What SQLite's check on open found (``("ok",)``; empty for a new database)."""
        return self._opened.integrity

    @contextmanager
    def _session(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except DBAPIError as err:  # disk full, I/O error, a damaged page: the officer's words
            translated = (
                None if isinstance(err, IntegrityError) else translate_error(err, self.path)
            )
            if translated is None:
                raise
            raise translated from err

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session on the database (for the office's queries); nothing is committed."""
        with self._session() as session:
            yield session

    # --- reading ----------------------------------------------------------------------------

    def list_reports(self) -> list[ReportSummary]:
        """Every report, newest change first."""
        with self._session() as s:
            rows = s.exec(
                select(ReportRecord, UnitRecord)
                .where(ReportRecord.unit_id == UnitRecord.id)
                .order_by(col(ReportRecord.updated_at).desc(), col(ReportRecord.id).desc())
            )
            return [
                ReportSummary(
                    r.id or 0,
                    u.code,
                    u.name,
                    u.kind,
                    r.period_code,
                    r.period_kind,
                    r.template_id,
                    ReportStatus(r.status),
                    r.revision,
                    r.updated_at,
                )
                for r, u in rows
            ]

    def list_counted(self) -> list[tuple[ReportSummary, ReportCounts | None]]:
        """Every report, newest change first, with its stored counts (``None`` when it has none
        valid: counted by another version, or changed by a path that did not count it). One
        query; nothing is read or validated."""
        r, u, c = ReportRecord.__table__, UnitRecord.__table__, CountsRecord.__table__  # type: ignore[attr-defined]
        query = (
            sa_select(
                r.c.id,
                u.c.code,
                u.c.name,
                u.c.kind,
                r.c.period_code,
                r.c.period_kind,
                r.c.template_id,
                r.c.status,
                r.c.revision,
                r.c.updated_at,
                c.c.stamp,
                c.c.engine,
                c.c.percent,
                c.c.errors,
                c.c.warnings,
                c.c.unexplained,
            )
            .select_from(r.join(u, u.c.id == r.c.unit_id).outerjoin(c, c.c.report_id == r.c.id))
            .order_by(r.c.updated_at.desc(), r.c.id.desc())
        )
        out: list[tuple[ReportSummary, ReportCounts | None]] = []
        with self._session() as s:
            for row in s.connection().execute(query):
                summary = ReportSummary(*row[:7], ReportStatus(row[7]), row[8], row[9])
                valid = row.stamp == row.updated_at and row.engine == COUNTS_ENGINE
                counts = ReportCounts(*row[12:16]) if valid else None
                out.append((summary, counts))
        return out

    def save_counts(self, report_id: int, counts: ReportCounts, stamp: str) -> bool:
        """Store counts computed of the report as it was at ``stamp`` (its ``updated_at``), unless
        it changed since. Returns whether they were stored."""
        with self._session() as s:
            row = s.get(ReportRecord, report_id)
            if row is None or row.updated_at != stamp:
                return False
            self._put_counts(s, row, counts)
            s.commit()
            return True

    def _put_counts(
        self, s: Session, row: ReportRecord | _Stamped, counts: ReportCounts, new: bool = False
    ) -> None:
        """Insert or replace the counts of ``row`` as of its ``updated_at`` (in ``s``; ``new``:
        the report was just added, so there is nothing to replace)."""
        fields = sql.params(
            report_id=row.id,
            stamp=row.updated_at,
            engine=COUNTS_ENGINE,
            percent=counts.percent,
            errors=counts.errors,
            warnings=counts.warnings,
            unexplained=counts.unexplained,
        )
        conn = s.connection()
        done = not new and conn.execute(sql.UPDATE_COUNTS, fields).rowcount
        if not done:
            conn.execute(sql.INSERT_COUNTS, fields)

    def _counted(
        self, s: Session, row: ReportRecord, counts: ReportCounts | None, kept: str | None = None
    ) -> None:
        """After a change of ``row`` in ``s`` (its ``updated_at`` moved by :meth:`_audit`): store
        the ``counts`` the caller computed of the changed report, or with ``kept`` (the stamp
        before a change that cannot move them, e.g. a note) move valid counts to the new stamp.
        Neither: the counts are left stale, and counted again when a list needs them."""
        if counts is not None:
            self._put_counts(s, row, counts)
        elif kept is not None:
            table = CountsRecord.__table__  # type: ignore[attr-defined]
            s.connection().execute(
                sa_update(table)
                .where(table.c.report_id == row.id, table.c.stamp == kept)
                .values(stamp=row.updated_at)
            )

    def _report_row(self, s: Session, report_id: int) -> ReportRecord:
        row = s.get(ReportRecord, report_id)
        if row is None:
            raise ReportNotFound(msg.DB_REPORT_NOT_FOUND.format(id=report_id))
        return row

    def status(self, report_id: int) -> tuple[ReportStatus, int]:
        """``(status, revision)`` of a report."""
        with self._session() as s:
            row = self._report_row(s, report_id)
            return ReportStatus(row.status), row.revision

    def load_report(self, report_id: int) -> ReportData:
        """The whole report as plain data.

        Raises:
            ReportNotFound: no such report.
        """
        with self._session() as s:
            return self._read(s, self._report_row(s, report_id))

    def _read(self, s: Session, row: ReportRecord) -> ReportData:
        """The report ``row`` with everything it holds, read in the session ``s``."""
        report_id = row.id
        unit = s.get(UnitRecord, row.unit_id)
        assert unit is not None
        stored = {
            v.row_key: v.value
            for v in s.exec(select(ValueRecord).where(ValueRecord.report_id == report_id))
        }
        notes = {
            n.row_key: n.text
            for n in s.exec(select(NoteRecord).where(NoteRecord.report_id == report_id))
        }
        narrative = {
            n.section_key: n.text
            for n in s.exec(select(NarrativeRecord).where(NarrativeRecord.report_id == report_id))
        }
        explanations = {
            e.finding_id: e.text
            for e in s.exec(
                select(ExplanationRecord).where(ExplanationRecord.report_id == report_id)
            )
        }
        docs = [
            document_from_row(d)
            for d in s.exec(
                select(DocumentRecord)
                .where(DocumentRecord.report_id == report_id)
                .order_by(col(DocumentRecord.seq))
            )
        ]
        return report_from_rows(
            row, unit_from_row(unit), stored, notes, narrative, explanations, docs
        )

    def audit_log(self, report_id: int) -> list[AuditEntry]:
        """Every audited change of a report, oldest first."""
        with self._session() as s:
            rows = s.exec(
                select(AuditRecord)
                .where(AuditRecord.report_id == report_id)
                .order_by(col(AuditRecord.id))
            )
            return [AuditEntry(a.entity, a.key, a.old, a.new, a.at, a.who) for a in rows]

    def find_report(self, unit_code: str, template_id: str, period_code: str) -> int | None:
        """Id of the newest revision of a unit's report for a period, if any."""
        with self._session() as s:
            row = s.exec(
                select(ReportRecord)
                .join(UnitRecord, col(UnitRecord.id) == ReportRecord.unit_id)
                .where(
                    UnitRecord.code == unit_code,
                    ReportRecord.template_id == template_id,
                    ReportRecord.period_code == period_code,
                )
                .order_by(col(ReportRecord.revision).desc())
            ).first()
            return row.id if row else None

    # --- writing a whole report -----------------------------------------------------------

    def import_report(self, report: ReportData, counts: ReportCounts | None = None) -> int:
        """Store a whole report as a new draft, in one transaction (``counts``: see
        :meth:`add_report`).

        Returns:
            The new report id.

        Raises:
            DuplicateReport: the unit already has this report for this period.
        """
        with self._session() as s:
            rid = self.add_report(s, report, counts=counts)
            s.commit()
            return rid

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together at the end (all or nothing)."""
        with self._session() as s:
            yield s
            s.commit()

    def add_report(
        self,
        s: Session,
        report: ReportData,
        status: ReportStatus = ReportStatus.DRAFT,
        revision: int = 1,
        signed_at: str | None = None,
        counts: ReportCounts | None = None,
    ) -> int:
        """Add a whole report inside the caller's session ``s`` (flushed, not committed).

        The report's rows (values, notes, narrative, explanations, documents) are inserted in
        one ``executemany`` per table (SQLAlchemy Core: no ORM object per row; a province's
        office imports hundreds of bundles), in ``s``'s transaction, so the report is stored
        all or nothing. Its counts are stored with it: ``counts`` when the caller has validated
        the report already (the office's import), else counted here.

        Raises:
            DuplicateReport: the unit already has this report, period and revision.
        """
        template = get_template(report.template_id)
        now = _now()
        conn = s.connection()
        units, reports = UnitRecord.__table__, ReportRecord.__table__  # type: ignore[attr-defined]
        unit_id = conn.execute(
            sa_select(units.c.id).where(units.c.code == report.unit.code)
        ).scalar()
        if unit_id is None:
            unit = report.unit
            unit_id = conn.execute(
                sa_insert(units).values(
                    code=unit.code,
                    name=unit.name,
                    kind=unit.kind,
                    province=unit.province,
                    district=unit.district,
                    agency=unit.agency,
                )
            ).inserted_primary_key[0]  # type: ignore[index]
        h = report.header
        fields = {
            "unit_id": unit_id,
            "template_id": report.template_id,
            "period_kind": report.period.kind,
            "period_code": report.period.code,
            "period_start": report.period.start.isoformat(),
            "period_end": report.period.end.isoformat(),
            "status": str(status),
            "revision": revision,
            "signed_at": signed_at,
            "receiving_office": report.receiving_office,
            "number": h.number,
            "symbol": h.symbol,
            "place": h.place,
            "report_date": h.date.isoformat() if h.date else None,
            "title": h.title,
            "basis": h.basis,
            "closing": h.closing,
            "recipients": json.dumps(report.recipients, ensure_ascii=False),
            "sign_on_behalf": report.signature.on_behalf,
            "sign_title": report.signature.title,
            "sign_name": report.signature.name,
            "sign_authority": report.signature.authority,
            "sign_principal_title": report.signature.principal_title,
            "created_at": now,
            "updated_at": now,
        }
        try:
            inserted = conn.execute(sa_insert(reports).values(**fields))
        except IntegrityError:
            s.rollback()
            existing = self.find_report(report.unit.code, report.template_id, report.period.code)
            raise DuplicateReport(
                msg.DB_DUPLICATE_REPORT.format(
                    unit=report.unit.display_name, period=report.period.code, id=existing
                )
            ) from None
        rid = int(inserted.inserted_primary_key[0])  # type: ignore[index]
        tables: list[tuple[Any, list[dict[str, Any]]]] = [
            (
                ValueRecord,
                [
                    {"report_id": rid, "row_key": key, "value": cell_to_storage(value)}
                    for key, value in report.values.items()
                    if key in template.indicators
                ],
            ),
            (
                NoteRecord,
                [
                    {"report_id": rid, "row_key": key, "text": nfc(text)}
                    for key, text in report.notes.items()
                ],
            ),
            (
                NarrativeRecord,
                [
                    {"report_id": rid, "section_key": key, "text": nfc(text)}
                    for key, text in report.narrative.items()
                ],
            ),
            (
                ExplanationRecord,
                [
                    {"report_id": rid, "finding_id": key, "text": nfc(text)}
                    for key, text in report.explanations.items()
                ],
            ),
            (
                DocumentRecord,
                [
                    {
                        "report_id": rid,
                        "seq": seq,
                        "doc_type": doc.type,
                        "number": doc.number,
                        "issued_on": doc.date.isoformat(),
                        "summary": doc.summary,
                    }
                    for seq, doc in enumerate(report.documents)
                ],
            ),
        ]
        for model, rows in tables:
            if rows:
                conn.execute(sa_insert(model.__table__), rows)
        if counts is None:
            counts = ReportCounts.of(report, validate(template, report))
        self._put_counts(s, _Stamped(rid, now), counts, new=True)
        self._add_audit(
            s, rid, "report", "import", None, f"{report.unit.code} {report.period.code}"
        )
        return rid

    def create_report(self, report: ReportData, previous_id: int | None = None) -> int:
        """Create a new draft report (header, unit, period; no values yet).

        With ``previous_id``, the new report is linked to that earlier report of the same
        unit: its narrative is copied as a draft and its values are shown beside the new
        ones as "kỳ trước" (:meth:`previous_values`). Live figures in the copied narrative
        show the new report's values and are marked not yet seen (``domain.links``), so a
        sub-heading holding them is not complete until the officer has opened it.

        Raises:
            DuplicateReport: the unit already has this report for this period.
            ReportNotFound: ``previous_id`` does not exist.
        """
        draft = ReportData(
            template_id=report.template_id,
            unit=report.unit,
            period=report.period,
            receiving_office=report.receiving_office,
            header=report.header,
            recipients=report.recipients,
            signature=report.signature,
        )
        if previous_id is not None:
            earlier = self.load_report(previous_id)
            carried = self._carried(earlier, report.template_id).narrative
            draft.narrative = {k: mark_copied(v) for k, v in carried.items()}
        rid = self.import_report(draft)
        if previous_id is not None:
            with self._session() as s:
                row = self._report_row(s, rid)
                row.previous_id = previous_id
                s.add(row)
                s.commit()
        return rid

    def previous_values(self, report_id: int) -> dict[str, CellValue]:
        """Values of the earlier report this one was started from, by this report's row keys
        (followed through a newer template version's mapping, ``domain.carry``); empty if none.
        """
        carried = self.carried_over(report_id)
        return carried.values if carried is not None else {}

    def carried_over(self, report_id: int) -> CarryResult | None:
        """The earlier report this one was started from, seen from this report's template
        version (values, narrative, what did not carry over); ``None`` without one."""
        with self._session() as s:
            row = self._report_row(s, report_id)
            previous_id, template_id = row.previous_id, row.template_id
        if previous_id is None:
            return None
        return self._carried(self.load_report(previous_id), template_id)

    @staticmethod
    def _carried(earlier: ReportData, template_id: str) -> CarryResult:
        return carry_over(
            get_template(earlier.template_id),
            get_template(template_id),
            earlier.values,
            earlier.narrative,
        )

    # --- sign-off and revisions ------------------------------------------------------------

    def signed_at(self, report_id: int) -> str | None:
        """UTC ISO time the report was signed, ``None`` for a draft."""
        with self._session() as s:
            return self._report_row(s, report_id).signed_at

    def _apply_signoff(self, s: Session, report_id: int, data: SignOffData) -> ReportRecord:
        """Write the sign-off dialog's data (signer, number, date) into the session ``s``."""
        row = self._editable(s, report_id)
        if s.get(WorkingCopyRecord, report_id) is not None:
            raise ReportLocked(msg.CONTRIB_WORKING_COPY_NO_SIGN)
        row.sign_name, row.sign_title = nfc(data.signer_name), nfc(data.signer_title)
        row.number = data.number or row.number
        row.report_date = data.report_date.isoformat()
        s.add(row)
        s.flush()
        return row

    def signoff_readiness(self, report_id: int, data: SignOffData) -> Readiness:
        """Readiness of the report as it would be signed: with ``data`` applied (nothing is
        written; the report date changes which documents are "after the report").

        Raises:
            ReportLocked: already signed. ReportNotFound: no such report.
        """
        with self._session() as s:
            row = self._apply_signoff(s, report_id, data)
            report = self._read(s, row)
            conflicts = _conflict_lines(self.pending_conflicts(s, report_id))
            s.rollback()
        readiness = check_readiness(report, validate(get_template(report.template_id), report))
        readiness.conflicts = conflicts
        return readiness

    def sign_off(self, report_id: int, data: SignOffData, sealer: Sealer | None = None) -> str:
        """Sign the report off in ONE transaction: apply ``data``, re-validate the final report,
        refuse if anything blocks it, lock it, seal it. Returns the signed-at time (UTC ISO).

        The store refuses whatever the caller checked before: a report whose findings,
        recomputed here on the data being signed, hold an error or an unexplained warning is
        never marked signed.

        The seal (:mod:`cchc_tui.db.seal`) is made from the very data signed, in the same
        transaction: the ``report.json`` bytes its bundle will carry, their SHA-256, the
        sign-off's audit row hash, and ``sealer``'s signature. Without ``sealer`` (only tests
        do that) the revision is signed unsealed, which the checks report.

        Raises:
            NotReady: with the list of what blocks the sign-off (nothing is written).
            ReportLocked: already signed. ReportNotFound: no such report.
        """
        now = _now()
        with self._session() as s:
            row = self._apply_signoff(s, report_id, data)
            report = self._read(s, row)
            template = get_template(report.template_id)
            result = validate(template, report)
            readiness = check_readiness(report, result)
            readiness.conflicts = _conflict_lines(self.pending_conflicts(s, report_id))
            if not readiness.ready:
                s.rollback()
                raise NotReady(readiness)
            row.status = ReportStatus.SIGNED
            row.signed_at = now
            entry = self._audit(
                s,
                row,
                "report",
                "signoff",
                ReportStatus.DRAFT,
                f"{ReportStatus.SIGNED} {row.sign_title} {row.sign_name}",
            )
            self._put_counts(s, row, ReportCounts.of(report, result))
            if sealer is not None:
                content = signed_report_json(report, template, result, row.revision, now)
                digest = hashlib.sha256(content).hexdigest()
                head = entry.hash or ""
                public, signature = sealer(seal_message(digest, head))
                s.add(
                    SealRecord(
                        report_id=report_id,
                        format=SEAL_FORMAT,
                        content=content.decode("utf-8"),
                        content_sha256=digest,
                        audit_id=entry.id or 0,
                        audit_hash=head,
                        public_key=public.hex(),
                        signature=signature.hex(),
                        sealed_at=now,
                    )
                )
            s.commit()
            return now

    # --- the seal and the audit chain --------------------------------------------------------

    def last_sealed_key(self, unit_code: str) -> bytes | None:
        """The raw public key of the unit's most recently sealed revision in this database (the
        key its earlier sign-offs used: issue 10's key continuity), ``None`` if none."""
        with self._session() as s:
            row = s.exec(
                select(SealRecord.public_key)
                .join(ReportRecord, col(ReportRecord.id) == col(SealRecord.report_id))
                .join(UnitRecord, col(UnitRecord.id) == col(ReportRecord.unit_id))
                .where(UnitRecord.code == nfc(unit_code).strip())
                .order_by(col(SealRecord.sealed_at).desc(), col(SealRecord.report_id).desc())
            ).first()
        if row is None:
            return None
        try:
            key = bytes.fromhex(row)
        except ValueError:  # an edited seal: its own check says so
            return None
        return key if len(key) == 32 else None

    def seal_of(self, report_id: int) -> StoredSeal | None:
        """The seal of a signed revision, ``None`` if it has none."""
        with self._session() as s:
            row = s.get(SealRecord, report_id)
            if row is None:
                return None
            try:
                public, signature = bytes.fromhex(row.public_key), bytes.fromhex(row.signature)
            except ValueError:  # edited into something that is not hex: a seal that fails
                public, signature = b"", b""
            return StoredSeal(
                report_id,
                row.content.encode("utf-8", "surrogatepass"),
                row.content_sha256,
                row.audit_id,
                row.audit_hash,
                public,
                signature,
                row.sealed_at,
            )

    def rebuild_content(self, report_id: int, findings: bool = True) -> bytes:
        """The ``report.json`` bytes of a signed revision, rebuilt from what the database holds
        now (compared with the seal by the service). ``findings=False``: without the findings
        (no validation), as :func:`~cchc_tui.db.seal.data_part` gives them of the seal."""
        with self._session() as s:
            row = self._report_row(s, report_id)
            report = self._read(s, row)
        template = get_template(report.template_id)
        signed_at = row.signed_at or ""
        if findings:
            return signed_report_json(
                report, template, validate(template, report), row.revision, signed_at
            )
        data = signed_report_dict(report, template, None, row.revision, signed_at)
        return json_text(data)

    def audit_row_hash(self, audit_id: int, report_id: int) -> str | None:
        """The stored chain hash of audit row ``audit_id`` if it belongs to ``report_id``."""
        with self._session() as s:
            row = s.get(AuditRecord, audit_id)
            return row.hash if row is not None and row.report_id == report_id else None

    def chain_breaks(self, report_id: int | None = None) -> tuple[list[ChainBreak], int]:
        """Every report (or only ``report_id``) whose audit chain does not verify (its first
        bad row), and how many audit rows were checked."""
        breaks: list[ChainBreak] = []
        previous: dict[int, str] = {}
        broken: set[int] = set()
        count = 0
        a = AuditRecord
        columns = (a.id, a.report_id, a.entity, a.key, a.old, a.new, a.at, a.who, a.hash)
        query = sa_select(*(col(c) for c in columns))
        if report_id is not None:
            query = query.where(col(a.report_id) == report_id)
        with self._session() as s:
            rows: Any = s.connection().execute(query.order_by(col(a.report_id), col(a.id)))
            for audit_id, owner, entity, key, old, new, at, who, stored in rows:
                count += 1
                if owner in broken:
                    continue
                expected = audit_hash(
                    previous.get(owner, ""), owner, entity, key, old, new, at, who
                )
                if stored != expected:
                    broken.add(owner)
                    breaks.append(ChainBreak(owner, audit_id))
                previous[owner] = expected
        return breaks, count

    def received_report_ids(self) -> set[int]:
        """Reports stored from a received bundle (the office's; sealed by the bundle's
        signature, checked at import)."""
        with self._session() as s:
            ids = s.exec(
                select(ReceivedBundleRecord.report_id).where(
                    col(ReceivedBundleRecord.report_id).is_not(None)
                )
            )
            return {i for i in ids if i is not None}

    def reopen(self, report_id: int, reason: str) -> int:
        """Make revision N+1 of a signed report as a draft copy; revision N stays as signed.

        Returns:
            The id of the new revision.

        Raises:
            StoreError: the report is not signed.
        """
        with self._session() as s:
            old = self._report_row(s, report_id)
            if old.status != ReportStatus.SIGNED:
                raise StoreError(msg.REOPEN_NOT_SIGNED)
            fields = old.model_dump(exclude={"id"})
            fields.update(
                status=ReportStatus.DRAFT,
                revision=old.revision + 1,
                signed_at=None,
                reopened_from=report_id,
                reopen_reason=nfc(reason),
                created_at=_now(),
                updated_at=_now(),
            )
            new = ReportRecord(**fields)
            s.add(new)
            s.flush()
            rid = new.id or 0
            for table in (
                ValueRecord,
                NoteRecord,
                NarrativeRecord,
                ExplanationRecord,
                DocumentRecord,
            ):
                for item in s.exec(select(table).where(table.report_id == report_id)):
                    data = item.model_dump(exclude={"id"} if table is DocumentRecord else set())
                    data["report_id"] = rid
                    s.add(table(**data))
            self._audit(s, new, "report", "reopen", f"r{old.revision}", nfc(reason))
            counted = s.get(CountsRecord, report_id)
            if counted is not None and counted.stamp == old.updated_at:
                self._put_counts(
                    s,
                    new,
                    ReportCounts(
                        counted.percent, counted.errors, counted.warnings, counted.unexplained
                    ),
                )
            s.commit()
            return rid

    # --- confirmed single changes (one transaction each) -----------------------------------

    def _editable(self, s: Session, report_id: int) -> ReportRecord:
        row = self._report_row(s, report_id)
        if row.status == ReportStatus.SIGNED:
            raise ReportLocked(msg.DB_REPORT_LOCKED.format(revision=row.revision))
        return row

    def _audit(
        self,
        s: Session,
        report: ReportRecord,
        entity: str,
        key: str,
        old: str | None,
        new: str | None,
        who: str | None = None,
        at: str | None = None,
    ) -> AuditRow:
        report.updated_at = _stamp()
        s.add(report)
        return self._add_audit(s, report.id or 0, entity, key, old, new, who, at)

    def _add_audit(
        self,
        s: Session,
        report_id: int,
        entity: str,
        key: str,
        old: str | None,
        new: str | None,
        who: str | None = None,
        at: str | None = None,
    ) -> AuditRow:
        """Add one audit row, chained to the report's previous one (Core statements in ``s``'s
        transaction: the row has its id at once).

        ``who`` and ``at`` default to this store's officer and now; a merged contribution gives
        the officer who made the change on their own PC, and when."""
        conn = s.connection()
        previous = conn.execute(sql.LAST_AUDIT_HASH, sql.params(report_id=report_id)).scalar()
        at = at or _now()
        who = self.who if who is None else who
        chained = audit_hash(previous or "", report_id, entity, key, old, new, at, who)
        inserted = conn.execute(
            sql.INSERT_AUDIT,
            sql.params(
                report_id=report_id,
                entity=entity,
                key=key,
                old=old,
                new=new,
                at=at,
                who=who,
                hash=chained,
            ),
        )
        key_of = inserted.inserted_primary_key
        assert key_of is not None
        return AuditRow(int(key_of[0]), chained)

    def set_value(
        self,
        report_id: int,
        row_key: str,
        value: CellValue,
        counts: ReportCounts | None = None,
    ) -> None:
        """Store one confirmed value (``None`` clears it) and audit it; commits at once, with
        the report's ``counts`` after the change when the caller gives them (else they are left
        to be counted again).

        The officer's every Enter comes here, so it is a handful of Core statements on one
        connection (no ORM objects): read the report's state and the old value, write the value,
        the report's change time, the chained audit row and the counts, commit.

        Raises:
            ReportLocked: the report is signed. UnknownRow: the row is not in the template.
            ReportNotFound: no such report.
        """
        with self._session() as s:
            conn = s.connection()
            found = conn.execute(sql.REPORT_STATE, sql.params(report_id=report_id)).first()
            if found is None:
                raise ReportNotFound(msg.DB_REPORT_NOT_FOUND.format(id=report_id))
            if found.status == ReportStatus.SIGNED:
                raise ReportLocked(msg.DB_REPORT_LOCKED.format(revision=found.revision))
            template = get_template(found.template_id)
            if row_key not in template.indicators:
                raise UnknownRow(msg.DB_UNKNOWN_ROW.format(key=row_key, template=template.full_id))
            new = cell_to_storage(value)
            which = sql.params(report_id=report_id, row_key=row_key)
            existing = conn.execute(sql.VALUE_OF, which).first()
            old = existing.value if existing is not None else None
            write = sql.INSERT_VALUE if existing is None else sql.UPDATE_VALUE
            conn.execute(write, {**which, **sql.params(value=new)})
            stamp = _stamp()
            conn.execute(sql.TOUCH_REPORT, sql.params(report_id=report_id, stamp=stamp))
            self._add_audit(s, report_id, "value", row_key, old, new)
            if counts is not None:
                self._put_counts(s, _Stamped(report_id, stamp), counts)
            s.commit()

    def _set_text(
        self,
        table: type[TextRecord],
        entity: str,
        report_id: int,
        key: str,
        text: str,
        counts: ReportCounts | None = None,
    ) -> str | None:
        """Upsert (or, for empty text, delete) one keyed text row and audit the change; the
        counts as :meth:`_counted` (a note's change keeps them: it moves none). Returns the
        report's new change time (``None``: the text was already that)."""
        text = nfc(text)
        with self._session() as s:
            report = self._editable(s, report_id)
            before = report.updated_at
            existing = cast(TextRecord | None, s.get(table, (report_id, key)))
            old = existing.text if existing else None
            if (old or "") == text:
                return None
            if existing is not None and not text:
                s.delete(existing)
            elif existing is not None:
                existing.text = text
                s.add(existing)
            else:
                s.add(_TEXT_ROW_FACTORY[table](report_id, key, text))
            self._audit(s, report, entity, key, old, text or None)
            self._counted(s, report, counts, before if table is NoteRecord else None)
            s.commit()
            return report.updated_at

    def set_header(
        self,
        report_id: int,
        header: Header,
        recipients: list[str],
        signature: Signature,
        counts: ReportCounts | None = None,
    ) -> list[str]:
        """Store the document's header, "Nơi nhận" and signature block in ONE transaction,
        each changed field audited (``header`` entity, the column as key).

        Returns:
            The columns that changed (empty when nothing did).

        Raises:
            ReportLocked: the report is signed.
        """
        wanted: dict[str, str | None] = {
            "number": header.number,
            "symbol": nfc(header.symbol),
            "place": nfc(header.place),
            "report_date": header.date.isoformat() if header.date else None,
            "title": nfc(header.title),
            "basis": nfc(header.basis),
            "closing": nfc(header.closing),
            "recipients": json.dumps([nfc(r) for r in recipients], ensure_ascii=False),
            "sign_on_behalf": nfc(signature.on_behalf),
            "sign_title": nfc(signature.title),
            "sign_name": nfc(signature.name),
            "sign_authority": nfc(signature.authority),
            "sign_principal_title": nfc(signature.principal_title),
        }
        with self._session() as s:
            row = self._editable(s, report_id)
            changed = [name for name, value in wanted.items() if getattr(row, name) != value]
            for name in changed:
                old = getattr(row, name)
                setattr(row, name, wanted[name])
                self._audit(s, row, "header", name, old, wanted[name])
            if changed:
                self._counted(s, row, counts)
            s.commit()
            return changed

    def set_note(self, report_id: int, row_key: str, text: str) -> None:
        """Store the note of a row (empty text removes it)."""
        self._set_text(NoteRecord, "note", report_id, row_key, text)

    def set_narrative(
        self, report_id: int, section_key: str, text: str, counts: ReportCounts | None = None
    ) -> str | None:
        """Store the text under a narrative sub-heading (and the report's counts after it);
        returns the report's new change time (``None``: nothing changed)."""
        return self._set_text(NarrativeRecord, "narrative", report_id, section_key, text, counts)

    def set_explanation(
        self, report_id: int, finding_id: str, text: str, counts: ReportCounts | None = None
    ) -> None:
        """Store an officer's explanation of a warning (empty text removes it)."""
        self._set_text(ExplanationRecord, "explanation", report_id, finding_id, text, counts)

    def _doc_rows(self, s: Session, report_id: int) -> list[DocumentRecord]:
        return list(
            s.exec(
                select(DocumentRecord)
                .where(DocumentRecord.report_id == report_id)
                .order_by(col(DocumentRecord.seq))
            )
        )

    def add_document(
        self, report_id: int, doc: Document, counts: ReportCounts | None = None
    ) -> None:
        """Append a document to the appendix (and store the report's counts after it)."""
        with self._session() as s:
            report = self._editable(s, report_id)
            rows = self._doc_rows(s, report_id)
            seq = (rows[-1].seq + 1) if rows else 0
            s.add(document_to_row(report_id, seq, doc))
            self._audit(s, report, "document", f"#{seq}", None, _doc_text(doc))
            self._counted(s, report, counts)
            s.commit()

    def update_document(
        self, report_id: int, index: int, doc: Document, counts: ReportCounts | None = None
    ) -> None:
        """Replace the document at list position ``index``."""
        with self._session() as s:
            report = self._editable(s, report_id)
            row = self._doc_rows(s, report_id)[index]
            old = _doc_text(document_from_row(row))
            row.doc_type, row.number = doc.type, doc.number
            row.issued_on, row.summary = doc.date.isoformat(), doc.summary
            s.add(row)
            self._audit(s, report, "document", f"#{row.seq}", old, _doc_text(doc))
            self._counted(s, report, counts)
            s.commit()

    def delete_document(
        self, report_id: int, index: int, counts: ReportCounts | None = None
    ) -> None:
        """Remove the document at list position ``index``."""
        with self._session() as s:
            report = self._editable(s, report_id)
            row = self._doc_rows(s, report_id)[index]
            old = _doc_text(document_from_row(row))
            s.delete(row)
            self._audit(s, report, "document", f"#{row.seq}", old, None)
            self._counted(s, report, counts)
            s.commit()

    # --- several officers, one report (issue 16) -------------------------------------------

    # --- assignments ------------------------------------------------------------------------

    def assignments(self, report_id: int) -> list[AssignmentRecord]:
        """Every part of the report assigned to an officer, by part."""
        with self._session() as s:
            return list(
                s.exec(
                    select(AssignmentRecord)
                    .where(AssignmentRecord.report_id == report_id)
                    .order_by(col(AssignmentRecord.part))
                )
            )

    def set_assignment(self, report_id: int, part: str, officer: str | None) -> bool:
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
                        assigned_at=_now(),
                        assigned_by=self.who,
                    )
                )
            self._audit(s, report, "assignment", part, old, officer)
            s.commit()
            return True

    # --- packages ---------------------------------------------------------------------------

    def add_package(self, package: PackageRecord, bases: list[PackageBaseRecord]) -> None:
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

    def packages(self, report_id: int) -> list[PackageRecord]:
        """The packages written from a report, oldest first."""
        with self._session() as s:
            return list(
                s.exec(
                    select(PackageRecord)
                    .where(PackageRecord.report_id == report_id)
                    .order_by(col(PackageRecord.created_at), col(PackageRecord.id))
                )
            )

    def package(self, package_id: str) -> PackageRecord | None:
        """The package of that id written from this database, if any."""
        with self._session() as s:
            return s.get(PackageRecord, package_id)

    def package_bases(self, package_id: str) -> dict[str, PackageBaseRecord]:
        """What each item of a package was when sent (or last merged), by item."""
        with self._session() as s:
            rows = s.exec(
                select(PackageBaseRecord).where(PackageBaseRecord.package_id == package_id)
            )
            return {row.item: row for row in rows}

    def document_seqs(self, report_id: int) -> list[int]:
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
        self, report_id: int | None = None, package_id: str | None = None
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

    def contribution(self, contribution_id: str) -> ContributionRecord | None:
        """The contribution of that id if it was received here."""
        with self._session() as s:
            return s.get(ContributionRecord, contribution_id)

    def contribution_rows(self, contribution_id: str) -> list[ContributionRowRecord]:
        """The officer's audit rows a contribution carried, in their order."""
        with self._session() as s:
            return list(
                s.exec(
                    select(ContributionRowRecord)
                    .where(ContributionRowRecord.contribution_id == contribution_id)
                    .order_by(col(ContributionRowRecord.seq))
                )
            )

    def conflicts(self, report_id: int, state: str | None = None) -> list[ConflictRecord]:
        """Conflicts of a report (every state, or one), oldest first."""
        with self._session() as s:
            query = select(ConflictRecord).where(ConflictRecord.report_id == report_id)
            if state is not None:
                query = query.where(ConflictRecord.state == state)
            return list(s.exec(query.order_by(col(ConflictRecord.id))))

    def conflict(self, conflict_id: int) -> ConflictRecord | None:
        """One conflict."""
        with self._session() as s:
            return s.get(ConflictRecord, conflict_id)

    def _apply(self, s: Session, report: ReportRecord, change: ItemChange) -> int | None:
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
            old_text = _doc_text(document_from_state(current)) if current is not None else None
            new_text = _doc_text(doc) if doc is not None else None
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
                s.add(_TEXT_ROW_FACTORY[table](report_id, key, change.new))
            else:
                text_row.text = change.new
                s.add(text_row)
        s.flush()
        self._audit(s, report, change.entity, key, current, change.new, change.who, change.at)
        return added

    def merge_contribution(
        self,
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
                    old.resolved_at = _now()
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
        self,
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
            conflict.resolved_at = _now()
            conflict.resolved_by = self.who
            s.add(conflict)
            s.commit()

    def pending_conflicts(self, s: Session, report_id: int) -> list[ConflictRecord]:
        """The pending conflicts of a report, read in the caller's session ``s``."""
        return list(
            s.exec(
                select(ConflictRecord)
                .where(ConflictRecord.report_id == report_id, ConflictRecord.state == PENDING)
                .order_by(col(ConflictRecord.id))
            )
        )

    # --- the officer's working copy ---------------------------------------------------------

    def working_copy(self, report_id: int) -> WorkingCopyRecord | None:
        """The working-copy record of a report made from a package, ``None`` for any other."""
        with self._session() as s:
            return s.get(WorkingCopyRecord, report_id)

    def working_copies(self) -> dict[int, WorkingCopyRecord]:
        """Every working copy of this database, by report id."""
        with self._session() as s:
            return {row.report_id: row for row in s.exec(select(WorkingCopyRecord))}

    def working_copy_of_package(self, package_id: str) -> WorkingCopyRecord | None:
        """The working copy a package was opened as on this PC, if it was."""
        with self._session() as s:
            return s.exec(
                select(WorkingCopyRecord).where(WorkingCopyRecord.package_id == package_id)
            ).first()

    def find_revision(
        self, unit_code: str, template_id: str, period_code: str, revision: int
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
        self, report: ReportData, revision: int, record: WorkingCopyRecord
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
        self, report_id: int, report: ReportData, record: WorkingCopyRecord
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

    def audit_after(self, report_id: int, audit_id: int) -> list[tuple[int, AuditEntry]]:
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
        self, report_id: int, sequence: int, audit_id: int, contribution_id: str, file_name: str
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


def _doc_text(doc: Document) -> str:
    return f"{doc.type} {doc.number} {doc.date.isoformat()} {doc.summary}"


# --- several officers, one report (issue 16) ---------------------------------------------------
# The store keeps assignments, packages, contributions, conflicts and working copies and applies
# a merge in ONE transaction; what may be merged and what is a conflict is decided by
# cchc_tui.service.contributions, which gives the store concrete ItemChanges.


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


def _conflict_lines(conflicts: list[ConflictRecord]) -> list[str]:
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
