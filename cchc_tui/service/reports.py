"""The application layer of one commune database: every use case on its reports.

Screens and both command lines reach a report only through :class:`ReportService`: create,
open (a :class:`~cchc_tui.service.workspace.ReportWorkspace`), enter, explain, sign off,
reopen, import and export JSON, the sample, and the overview of every report. It returns plain
data; the caller formats it. The rules of a report's life live here once: what makes a report
signable (:meth:`ReportService.sign_off`, checked again by the store in the same transaction),
which findings can be explained (``ReportWorkspace.explain``), and the seal: a sign-off seals
the revision with the unit's key (:meth:`ReportService.sign_off`), export refuses a revision
whose database content no longer matches its seal (:meth:`ReportService.signed_report`), and
:meth:`ReportService.check_database` checks every seal and the audit chain (``cchc check-db``,
the home screen on open).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput, Refused
from cchc_tui.base.limits import TEXT_CHARS, check_chars
from cchc_tui.base.locations import default_db_path, keys_dir
from cchc_tui.base.text import nfc
from cchc_tui.db.seal import data_part
from cchc_tui.domain.carry import NotCarried
from cchc_tui.domain.counts import ReportCounts
from cchc_tui.domain.report import ReportData, ReportStatus
from cchc_tui.domain.signoff import NotReady, SignOffData
from cchc_tui.domain.validation import FindingKind, ValidationResult, validate
from cchc_tui.service.database import DatabaseService
from cchc_tui.service.keys import (
    KeyContinuityError,
    KeyState,
    UnitPublicKey,
    key_state,
    leads_to,
    unit_public_keys,
)
from cchc_tui.service.new_report import (
    NewReportFields,
    build_new_report,
    carry_header,
    next_period_fields,
)
from cchc_tui.service.overview import ReportOverview
from cchc_tui.service.samples import DEFAULT_SAMPLE, load_sample
from cchc_tui.service.workspace import ReportWorkspace
from cchc_tui.template.loader import LoadedTemplate, get_template

if TYPE_CHECKING:
    from cchc_tui.db.store import ReportStore, ReportSummary, StoredSeal
    from cchc_tui.db.store_types import AuditEntry
    from cchc_tui.service.contributions import ContributionService
    from cchc_tui.signing.key_change import ChangedKey, KeyChange
    from cchc_tui.signing.keys import UnitKey


@dataclass(frozen=True)
class SignOffRequest:
    """What the chairman gives to sign: signer, title, number, date and the key's passphrase."""

    signer_name: str
    signer_title: str
    passphrase: str
    number: str | None = None
    report_date: date | None = None
    """The report's date; ``None`` means today."""


@dataclass(frozen=True)
class SignOffResult:
    """A signed report: its revision, the unit's key fingerprint, whether the key is new."""

    revision: int
    fingerprint: str
    key_created: bool
    signed_at: str


@dataclass(frozen=True)
class ReopenResult:
    """A reopened report: the new draft's id and revision, the signed revision kept."""

    report_id: int
    revision: int
    old_revision: int


@dataclass(frozen=True)
class SignedReport:
    """Everything a bundle carries of one signed revision (for :mod:`cchc_tui.exports`)."""

    report: ReportData
    template: LoadedTemplate
    result: ValidationResult
    revision: int
    signed_at: str
    content: bytes = b""
    """The sealed ``report.json`` bytes: what the bundle carries (checked against the
    database by :meth:`ReportService.signed_report`)."""
    seal_key: bytes = b""
    """The raw public key that signed the seal (the exporter checks it is the unit's)."""
    report_id: int = 0


@dataclass(frozen=True)
class DatabaseCheck:
    """What :meth:`ReportService.check_database` found (Vietnamese sentences)."""

    integrity: tuple[str, ...]
    """SQLite's own check (``("ok",)``; empty for a new database)."""
    problems: list[str] = field(default_factory=list)
    """Broken seals and audit chains, signed revisions without a seal."""
    notes: list[str] = field(default_factory=list)
    reports: int = 0
    sealed: int = 0
    audit_rows: int = 0
    received: int = 0
    """Reports received from units (the office), sealed by their bundle, not by a seal."""

    @property
    def ok(self) -> bool:
        """No problem found."""
        return not self.problems


_NAME = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
"""A person's name: words of letters (Vietnamese included), one space between them."""
_TITLE = re.compile(r"[^\W\d_]+\.?(?:(?: | / )[^\W\d_]+\.?)*")
"""A title as printed: words of letters, "KT." / "Q." marks, " / " between two lines."""


def check_signer(name: str, title: str) -> None:
    """Refuse a signer's name or title that no official would carry: digits, symbols
    ("CHỦ TỊCH 123"). Names are letters and single spaces; titles may hold "KT." and
    " / " ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH").

    Raises:
        InvalidInput: the name or the title, with what is wrong.
    """
    name, title = " ".join(nfc(name).split()), " ".join(nfc(title).split())
    if not _NAME.fullmatch(name):
        raise InvalidInput(msg.SIGN_NAME_NOT_A_NAME.format(name=name))
    if not _TITLE.fullmatch(title):
        raise InvalidInput(msg.SIGN_TITLE_NOT_A_TITLE.format(title=title))


class ReportService(DatabaseService):
    """Every use case on the reports of one database.

    Args:
        store: the open store.
        keys_folder: where the units' signing keys are kept (default: the data folder's
            ``keys``).
        read_only: the database holds reports received from units (the office): they can be
            read, never changed, signed, reopened or exported again.
    """

    def __init__(
        self, store: ReportStore, keys_folder: Path | None = None, read_only: bool = False
    ) -> None:
        super().__init__(store)
        self.keys_folder = keys_folder or keys_dir()
        self.read_only = read_only

    @classmethod
    def open(
        cls, path: Path | None = None, who: str = "", full_check: bool = False
    ) -> ReportService:
        """Open (lock, check, create, migrate) the database at ``path`` (default: the data
        folder); ``full_check`` runs SQLite's full ``integrity_check`` instead of the quick one.

        Raises:
            StoreBusy: another window uses it. StoreDamaged, StoreForeign, StoreNewer: damaged,
                another program's, or a newer version's (nothing changed). StoreError: it
                cannot be opened.
        """
        from cchc_tui.db.store import ReportStore

        return cls(ReportStore.open(path or default_db_path(), who, full_check=full_check))

    def _writable(self) -> None:
        if self.read_only:
            raise Refused(msg.ERROR_READ_ONLY)

    @property
    def contributions(self) -> ContributionService:
        """Several officers on this database's reports: assignments, packages, contributions
        and their merge (:mod:`cchc_tui.service.contributions`)."""
        from cchc_tui.service.contributions import ContributionService

        return ContributionService(self)

    # --- overviews ------------------------------------------------------------------------

    def overview(self) -> list[ReportOverview]:
        """Every report, newest change first, with completeness and finding counts.

        The counts are those stored with each report's last change (``domain.counts``), so the
        list is one query. A report without valid counts (changed by an older version, or
        counted by another version of the app) is read and validated once here, and its counts
        stored for next time (not in a read-only database).
        """
        lines = []
        for summary, counts in self.store.list_counted():
            if counts is None:
                report = self.store.load_report(summary.id)
                counts = ReportCounts.of(
                    report, validate(get_template(summary.template_id), report)
                )
                if not self.read_only:
                    self.store.save_counts(summary.id, counts, summary.updated_at)
            line = ReportOverview(
                report_id=summary.id,
                unit_code=summary.unit_code,
                unit_kind=summary.unit_kind,
                unit_name=summary.unit_name,
                period_code=summary.period_code,
                template_id=summary.template_id,
                status=summary.status,
                revision=summary.revision,
                percent=counts.percent,
                errors=counts.errors,
                warnings=counts.warnings,
            )
            lines.append(line)
        return lines

    def audit_log(self, report_id: int) -> list[AuditEntry]:
        """Every audited change of a report, oldest first."""
        return self.store.audit_log(report_id)

    # --- creating and opening -------------------------------------------------------------

    def open_report(self, report_id: int) -> ReportWorkspace:
        """The report ``report_id``, open for the screens.

        Raises:
            ReportNotFound: no such report.
        """
        return ReportWorkspace(self, report_id)

    def ensure_sample(self, name: str = DEFAULT_SAMPLE) -> tuple[int, bool]:
        """Load a shipped sample unless it is already there.

        Returns:
            ``(report id, whether it was loaded now)``.

        Raises:
            SampleNotFound: no sample of that name.
        """
        self._writable()
        report, _template = load_sample(name)
        existing = self.store.find_report(report.unit.code, report.template_id, report.period.code)
        if existing is not None:
            return existing, False
        return self.store.import_report(report), True

    def create_report(
        self, fields: NewReportFields, previous_id: int | None = None
    ) -> tuple[int, ReportData]:
        """Check the fields and create an empty draft; with ``previous_id`` the next period of
        that report (its narrative copied as a draft, its values shown as "kỳ trước").

        Returns:
            ``(report id, the report as created)``.

        Raises:
            NewReportError: a field is missing or wrong (``field`` names it).
            DuplicateReport: the unit already has this report for this period.
        """
        self._writable()
        report = build_new_report(fields)
        if previous_id is not None:
            report = carry_header(report, self.store.load_report(previous_id))
        return self.store.create_report(report, previous_id=previous_id), report

    def next_period_fields(self, report_id: int) -> NewReportFields:
        """The new-report fields for the period after report ``report_id`` (with the newest
        version of its template that serves the period, e.g. one installed from a pack)."""
        return next_period_fields(self.store.load_report(report_id))

    def not_carried(self, report_id: int) -> tuple[str, list[NotCarried]]:
        """The template of report ``report_id`` and what of the earlier report did not carry
        into it (a newer template version without those rows or sub-headings); an empty list
        when everything did, or when the report was not started from an earlier one."""
        carried = self.store.carried_over(report_id)
        template_id = self.store.load_report(report_id).template_id
        return template_id, (carried.not_carried if carried is not None else [])

    def import_report(self, report: ReportData) -> int:
        """Store a whole report (read from a ``cchc-report/1`` file) as a new draft.

        Raises:
            InvalidInput: a value is of the wrong kind or out of range (listed).
            DuplicateReport: the unit already has this report for this period.
        """
        self._writable()
        result = validate(get_template(report.template_id), report)
        bad = [f"{f.key}: {f.message}" for f in result.findings if f.kind is FindingKind.VALUE]
        if bad:
            raise InvalidInput("\n".join(bad))
        return self.store.import_report(report, ReportCounts.of(report, result))

    def export_report(self, report_id: int) -> tuple[ReportData, LoadedTemplate]:
        """The report with its template, e.g. to write it as ``cchc-report/1``."""
        report = self.store.load_report(report_id)
        return report, get_template(report.template_id)

    # --- explaining, signing, reopening ---------------------------------------------------

    def explain(self, report_id: int, key: str, text: str) -> list[str]:
        """Explain the warnings of row (or finding id) ``key`` of a report; see
        :meth:`ReportWorkspace.explain`."""
        return self.open_report(report_id).explain(key, text)

    def unit_key_exists(self, unit_code: str) -> bool:
        """Whether the unit's signing key is on this computer."""
        from cchc_tui.signing.keys import key_paths

        return key_paths(self.keys_folder, unit_code)[0].exists()

    def sign_off(self, report_id: int, request: SignOffRequest) -> SignOffResult:
        """Sign a report off: check the signer, the report as it will be signed (the dialog's
        number and date applied), open or make the unit's key, lock — the last step in one
        transaction that validates again (``ReportStore.sign_off``).

        At the unit's first sign-off an Ed25519 key pair is made, the private key encrypted
        with the passphrase (:mod:`cchc_tui.signing.keys`); later sign-offs must give the same.
        When the unit has signed revisions here, the key must be the one they lead to (issue
        10): no new key is made silently on a computer that lacks it.

        Raises:
            InvalidInput: no signer name or title; LimitExceeded: a field too long.
            NotReady: errors or unexplained warnings (listed).
            SigningKeyError: empty, weak (new key) or wrong passphrase, damaged key file.
            KeyContinuityError: this computer lacks the key of the unit's signed revisions.
            ReportLocked: already signed. Refused: a read-only (received) report.
        """
        self._writable()
        if not request.signer_name.strip() or not request.signer_title.strip():
            raise InvalidInput(msg.SIGN_NEED_SIGNER)
        check_chars(msg.LIMIT_FIELD_SIGNER, request.signer_name, TEXT_CHARS["signer"])
        check_chars(msg.LIMIT_FIELD_SIGNER_TITLE, request.signer_title, TEXT_CHARS["signer_title"])
        check_chars(msg.LIMIT_FIELD_NUMBER, request.number or "", TEXT_CHARS["number"])
        check_signer(request.signer_name, request.signer_title)
        status, revision = self.store.status(report_id)
        if status is ReportStatus.SIGNED:
            from cchc_tui.db.store import ReportLocked

            raise ReportLocked(
                msg.SIGN_ALREADY.format(revision=revision, at=self.store.signed_at(report_id))
            )
        data = SignOffData(
            signer_name=request.signer_name.strip(),
            signer_title=request.signer_title.strip(),
            report_date=request.report_date or date.today(),
            number=(request.number or "").strip() or None,
        )
        readiness = self.store.signoff_readiness(report_id, data)
        if not readiness.ready:
            raise NotReady(readiness)
        report = self.store.load_report(report_id)
        key = self._signing_key(report.unit.code, request.passphrase)

        def sealer(message: bytes) -> tuple[bytes, bytes]:
            return key.public_raw, key.private_key.sign(message)

        signed_at = self.store.sign_off(report_id, data, sealer)
        return SignOffResult(revision, key.fingerprint, key.created, signed_at)

    # --- the unit's signing key -------------------------------------------------------------

    def key_state(self, unit_code: str) -> KeyState:
        """The unit's key here against the key its signed revisions lead to (issue 10).

        Raises:
            KeyHistoryError: the unit's key-change history cannot be read.
        """
        return key_state(self.store, self.keys_folder, unit_code)

    def _key_changes(self, unit_code: str) -> list[KeyChange]:
        """The unit's key changes here; none when the history is unreadable (sign-off and
        export read it again and refuse with the reason)."""
        from cchc_tui.signing.key_change import KeyHistoryError, key_history

        try:
            return key_history(self.keys_folder, unit_code)
        except KeyHistoryError:
            return []

    def key_changes(self, unit_code: str) -> list[KeyChange]:
        """The unit's key-change statements, oldest first (what bundles carry).

        Raises:
            KeyHistoryError: the history file cannot be read.
        """
        from cchc_tui.signing.key_change import key_history

        return key_history(self.keys_folder, unit_code)

    def _signing_key(self, unit_code: str, passphrase: str) -> UnitKey:
        """The key to sign with: made at the unit's first sign-off; otherwise the one its signed
        revisions lead to, opened with ``passphrase``.

        Raises:
            KeyContinuityError, SigningKeyError, KeyHistoryError.
        """
        from cchc_tui.signing.keys import ensure_key, key_paths

        state = self.key_state(unit_code)
        if state.expected is None:
            return ensure_key(self.keys_folder, unit_code, passphrase)
        if not key_paths(self.keys_folder, unit_code)[0].exists():
            raise KeyContinuityError(state.problem() or "")
        key = ensure_key(self.keys_folder, unit_code, passphrase)
        if key.public_raw != state.expected:
            shown = KeyState(unit_code, state.expected, key.public_raw, state.changes)
            raise KeyContinuityError(shown.problem() or "")
        return key

    def change_key(
        self, unit_code: str, reason: str, new_passphrase: str, old_passphrase: str | None = None
    ) -> ChangedKey:
        """Replace the unit's signing key with a statement the office can follow (issue 10):
        signed by the old key when it is on this computer (``old_passphrase`` opens it),
        unsigned otherwise (the office then checks the new fingerprint by phone). Every bundle
        exported afterwards carries the unit's statements.

        Raises:
            Refused: a read-only (received) database. InvalidInput: no reason. The errors of
            :func:`cchc_tui.signing.key_change.change_key`.
        """
        from cchc_tui.signing.key_change import change_key

        self._writable()
        state = self.key_state(unit_code)
        changed_at = datetime.now(UTC).isoformat(timespec="seconds")
        return change_key(
            self.keys_folder,
            unit_code,
            state.expected,
            reason,
            new_passphrase,
            old_passphrase,
            changed_at,
        )

    def reopen(self, report_id: int, reason: str) -> ReopenResult:
        """Make revision N+1 of a signed report as a draft copy; revision N stays signed.

        Raises:
            InvalidInput: no reason given. StoreError: the report is not signed.
            Refused: a read-only (received) report.
        """
        self._writable()
        if not reason.strip():
            raise InvalidInput(msg.REOPEN_NEED_REASON)
        check_chars(msg.LIMIT_FIELD_REASON, reason, TEXT_CHARS["reason"])
        _status, old = self.store.status(report_id)
        new_id = self.store.reopen(report_id, reason)
        return ReopenResult(new_id, old + 1, old)

    def signed_report(self, report_id: int) -> SignedReport:
        """The signed revision ``report_id`` with its validation and its sealed content, for the
        bundle — only when the database still holds what was sealed at sign-off.

        The content is rebuilt from the database and compared with the seal, whose hash,
        signature and audit-chain head are checked too (:meth:`seal_problems`). The bundle then
        carries the sealed bytes (if only the findings' wording differs, after an update of
        the app, it carries them as the chairman signed them).

        Raises:
            Refused: the report is not signed, this is a read-only (received) copy, or the seal
                is missing or broken (what differs, and what to do; nothing is written).
        """
        self._writable()
        status, revision = self.store.status(report_id)
        if status is not ReportStatus.SIGNED:
            raise Refused(msg.SIGN_NOT_SIGNED.format(id=report_id))
        report = self.store.load_report(report_id)
        problems, _notes, seal = self.seal_problems(report_id)
        if problems or seal is None:
            raise Refused(msg.SEAL_EXPORT_REFUSED.format(problem=" ".join(problems)))
        template = get_template(report.template_id)
        result = validate(template, report)
        return SignedReport(
            report,
            template,
            result,
            revision,
            self.store.signed_at(report_id) or "",
            seal.content,
            seal.public_key,
            report_id,
        )

    def check_seal_key(self, signed: SignedReport, public_raw: bytes) -> None:
        """Refuse to export a revision whose seal was not made with the key about to sign the
        bundle (a seal re-made with another key after the database was edited).

        Raises:
            Refused: the keys differ (nothing is written).
        """
        changes = self.key_changes(signed.report.unit.code)
        if not leads_to(signed.seal_key, public_raw, changes):
            from cchc_tui.signing.keys import fingerprint

            shown = fingerprint(signed.seal_key) if len(signed.seal_key) == 32 else "?"
            problem = msg.SEAL_OTHER_KEY.format(
                report=self._report_name_of(signed), fingerprint=shown
            )
            raise Refused(msg.SEAL_EXPORT_REFUSED.format(problem=problem))

    # --- the seal and the audit chain ------------------------------------------------------

    def seal_problems(
        self, report_id: int, summary: ReportSummary | None = None, thorough: bool = True
    ) -> tuple[list[str], list[str], StoredSeal | None]:
        """Check the seal of signed revision ``report_id`` against the database.

        Checks, in order: a seal exists; its content hashes to its recorded SHA-256; its
        Ed25519 signature verifies, made with the unit's key on this computer (when it is
        here); the sign-off's audit row still has the hash the seal recorded and the report's
        audit chain holds; the content rebuilt from the database equals the sealed one except,
        at most, the findings' wording (derived by the app, not data). ``thorough=False`` (the
        check on open) compares the data without the findings, so without validating.

        Returns:
            ``(problems, notes, seal)``: Vietnamese sentences; the stored seal if any.
        """
        if summary is None:
            summary = self._summary(report_id)
        name = _report_name(summary)
        seal = self.store.seal_of(report_id)
        if seal is None:
            return [msg.SEAL_MISSING.format(report=name)], [], None
        problems: list[str] = []
        notes: list[str] = []
        if hashlib.sha256(seal.content).hexdigest() != seal.content_sha256:
            problems.append(msg.SEAL_DAMAGED.format(report=name))
        elif not _seal_signature_valid(seal):
            problems.append(msg.SEAL_BAD_SIGNATURE.format(report=name))
        else:
            from cchc_tui.signing.keys import SigningKeyError, fingerprint, load_public_key

            try:
                unit_key: bytes | None = load_public_key(self.keys_folder, summary.unit_code)
            except SigningKeyError:
                unit_key = None
            if unit_key is None:
                notes.append(msg.SEAL_NO_UNIT_KEY.format(report=name))
            elif not leads_to(seal.public_key, unit_key, self._key_changes(summary.unit_code)):
                problems.append(
                    msg.SEAL_OTHER_KEY.format(report=name, fingerprint=fingerprint(seal.public_key))
                )
        breaks, _count = self.store.chain_breaks(report_id)
        if self.store.audit_row_hash(seal.audit_id, report_id) != seal.audit_hash or breaks:
            problems.append(msg.CHAIN_SEAL_MISMATCH.format(report=name))
        if not thorough and not problems:  # the content is the signed one: parse it plainly
            if self.store.rebuild_content(report_id, findings=False) != data_part(seal.content):
                fields = _differences(seal.content, self.store.rebuild_content(report_id))
                problems.append(msg.SEAL_CHANGED.format(report=name, fields=fields or "?"))
            return problems, notes, seal
        rebuilt = self.store.rebuild_content(report_id)
        if rebuilt != seal.content:
            fields = _differences(seal.content, rebuilt)
            if fields:
                problems.append(msg.SEAL_CHANGED.format(report=name, fields=fields))
        return problems, notes, seal

    def check_database(self, thorough: bool = True) -> DatabaseCheck:
        """Check every seal and every report's audit chain (``cchc check-db``, and the app
        on open through :meth:`integrity_warning`, not ``thorough``: see
        :meth:`seal_problems`).

        Reports received from units (the office's) have no seal of their own: the bundle's
        signature was checked when they were imported; their audit chain is checked.
        """
        breaks, audit_rows = self.store.chain_breaks()
        summaries = {s.id: s for s in self.store.list_reports()}
        problems: list[str] = []
        notes: list[str] = []
        for broken in breaks:
            summary = summaries.get(broken.report_id)
            problems.append(
                msg.CHAIN_BROKEN.format(
                    id=broken.report_id,
                    unit=summary.unit_name if summary else "?",
                    period=summary.period_code if summary else "?",
                    row=broken.audit_id,
                )
            )
        received = self.store.received_report_ids()
        sealed = 0
        for summary in summaries.values():
            if summary.status is not ReportStatus.SIGNED or summary.id in received:
                continue
            found, remarks, seal = self.seal_problems(summary.id, summary, thorough)
            sealed += seal is not None
            problems.extend(p for p in found if p not in problems)
            notes.extend(remarks)
        return DatabaseCheck(
            self.store.integrity,
            problems,
            notes,
            reports=len(summaries),
            sealed=sealed,
            audit_rows=audit_rows,
            received=len(received & set(summaries)),
        )

    def integrity_warning(self) -> str | None:
        """One Vietnamese warning when a seal or an audit chain is broken (the home screen
        shows it on open), else ``None``."""
        found = self.check_database(thorough=False)
        if found.ok:
            return None
        return msg.SEAL_OPEN_WARNING.format(count=len(found.problems))

    def _report_name_of(self, signed: SignedReport) -> str:
        return _report_name(self._summary(signed.report_id))

    def _summary(self, report_id: int) -> ReportSummary:
        """The report list's line of ``report_id``.

        Raises:
            ReportNotFound: no such report.
        """
        for summary in self.store.list_reports():
            if summary.id == report_id:
                return summary
        from cchc_tui.db.store import ReportNotFound

        raise ReportNotFound(msg.DB_REPORT_NOT_FOUND.format(id=report_id))

    def public_keys(self, unit_code: str | None = None) -> list[UnitPublicKey]:
        """The units' public keys on this computer (one unit, or all), for the office."""
        return unit_public_keys(self.keys_folder, unit_code)


def _report_name(summary: ReportSummary) -> str:
    """ "Báo cáo số 3 (Bình Lãng, kỳ 2023-nam, lần 1)"."""
    return msg.SEAL_REPORT.format(
        id=summary.id,
        unit=summary.unit_name,
        period=summary.period_code,
        revision=summary.revision,
    )


def _seal_signature_valid(seal: StoredSeal) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ed25519

    try:
        key = ed25519.Ed25519PublicKey.from_public_bytes(seal.public_key)
        key.verify(seal.signature, seal.message)
    except (InvalidSignature, ValueError):
        return False
    return True


MAX_FIELDS_SHOWN = 5


def _differences(sealed: bytes, rebuilt: bytes) -> str:
    """Where the database's content differs from the sealed one ("values.BM1/2, narrative.1.2
    và 3 chỗ khác"), the findings left out (derived, their wording may change with the app);
    "" when only the findings differ."""
    from cchc_tui.domain.interchange import InterchangeError, parse_json

    try:
        before = parse_json(sealed.decode("utf-8", "replace"), "report.json")
        after = parse_json(rebuilt.decode("utf-8", "replace"), "report.json")
    except InterchangeError:
        return "report.json"
    if not isinstance(before, dict) or not isinstance(after, dict):
        return "report.json"
    places: list[str] = []
    for key in sorted(set(before) | set(after)):
        if key == "findings" or before.get(key) == after.get(key):
            continue
        old, new = before.get(key), after.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            places.extend(
                f"{key}.{sub}"
                for sub in sorted(set(old) | set(new))
                if old.get(sub) != new.get(sub)
            )
        else:
            places.append(key)
    if len(places) > MAX_FIELDS_SHOWN:
        return msg.SEAL_MORE_FIELDS.format(
            fields=", ".join(places[:MAX_FIELDS_SHOWN]), more=len(places) - MAX_FIELDS_SHOWN
        )
    return ", ".join(places)
