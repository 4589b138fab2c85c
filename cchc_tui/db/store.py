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
    WorkingCopyRecord,
)
from cchc_tui.db.contribution_store import ContributionStore, conflict_lines
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
from cchc_tui.db.store_types import (
    TEXT_ROW_FACTORY,
    AuditEntry,
    TextRecord,
    document_text,
    now_utc,
)
from cchc_tui.domain.carry import CarryResult, carry_over
from cchc_tui.domain.counts import COUNTS_ENGINE, ReportCounts
from cchc_tui.domain.interchange import signed_report_dict, signed_report_json
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


def _stamp() -> str:
    """UTC time to the microsecond: a report's last change, so that two changes within one
    second still tell a cache (the report list's) that the report changed."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class ReportStore(ContributionStore):
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
        now = now_utc()
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
            conflicts = conflict_lines(self.pending_conflicts(s, report_id))
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
        now = now_utc()
        with self._session() as s:
            row = self._apply_signoff(s, report_id, data)
            report = self._read(s, row)
            template = get_template(report.template_id)
            result = validate(template, report)
            readiness = check_readiness(report, result)
            readiness.conflicts = conflict_lines(self.pending_conflicts(s, report_id))
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
                created_at=now_utc(),
                updated_at=now_utc(),
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
        at = at or now_utc()
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
                s.add(TEXT_ROW_FACTORY[table](report_id, key, text))
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
            self._audit(s, report, "document", f"#{seq}", None, document_text(doc))
            self._counted(s, report, counts)
            s.commit()

    def update_document(
        self, report_id: int, index: int, doc: Document, counts: ReportCounts | None = None
    ) -> None:
        """Replace the document at list position ``index``."""
        with self._session() as s:
            report = self._editable(s, report_id)
            row = self._doc_rows(s, report_id)[index]
            old = document_text(document_from_row(row))
            row.doc_type, row.number = doc.type, doc.number
            row.issued_on, row.summary = doc.date.isoformat(), doc.summary
            s.add(row)
            self._audit(s, report, "document", f"#{row.seq}", old, document_text(doc))
            self._counted(s, report, counts)
            s.commit()

    def delete_document(
        self, report_id: int, index: int, counts: ReportCounts | None = None
    ) -> None:
        """Remove the document at list position ``index``."""
        with self._session() as s:
            report = self._editable(s, report_id)
            row = self._doc_rows(s, report_id)[index]
            old = document_text(document_from_row(row))
            s.delete(row)
            self._audit(s, report, "document", f"#{row.seq}", old, None)
            self._counted(s, report, counts)
            s.commit()
