"""The application layer of one commune database: every use case on its reports.

Screens and both command lines reach a report only through :class:`ReportService`: create,
open (a :class:`~cchc_tui.service.workspace.ReportWorkspace`), enter, explain, sign off,
reopen, import and export JSON, the sample, and the overview of every report. It returns plain
data; the caller formats it. The rules of a report's life live here once: what makes a report
signable (:meth:`ReportService.sign_off`, checked again by the store in the same transaction),
which findings can be explained (``ReportWorkspace.explain``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput, Refused
from cchc_tui.base.locations import default_db_path, keys_dir
from cchc_tui.base.text import nfc
from cchc_tui.domain.report import ReportData, ReportStatus
from cchc_tui.domain.signoff import NotReady, SignOffData
from cchc_tui.domain.validation import FindingKind, ValidationResult, validate
from cchc_tui.service.database import DatabaseService
from cchc_tui.service.keys import UnitPublicKey, unit_public_keys
from cchc_tui.service.new_report import (
    NewReportFields,
    build_new_report,
    carry_header,
    next_period_fields,
)
from cchc_tui.service.samples import DEFAULT_SAMPLE, load_sample
from cchc_tui.service.workspace import ReportWorkspace
from cchc_tui.template.loader import LoadedTemplate, get_template

if TYPE_CHECKING:
    from cchc_tui.db.store import AuditEntry, ReportStore


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
        self._overview_cache: dict[int, tuple[tuple[str, str], ReportOverview]] = {}

    @classmethod
    def open(cls, path: Path | None = None, who: str = "") -> ReportService:
        """Open (lock, create, migrate) the database at ``path`` (default: the data folder).

        Raises:
            StoreBusy: another window uses it. StoreError: it cannot be opened.
        """
        from cchc_tui.db.store import ReportStore

        return cls(ReportStore.open(path or default_db_path(), who))

    def _writable(self) -> None:
        if self.read_only:
            raise Refused(msg.ERROR_READ_ONLY)

    # --- overviews ------------------------------------------------------------------------

    def overview(self) -> list[ReportOverview]:
        """Every report, newest change first, with completeness and finding counts.

        A report is validated again only when it changed since the last call (cached by its
        last change time), so the home screen's list costs one query when nothing changed.
        """
        lines = []
        for summary in self.store.list_reports():
            stamp = (summary.updated_at, summary.status)
            cached = self._overview_cache.get(summary.id)
            if cached is not None and cached[0] == stamp:
                lines.append(cached[1])
                continue
            report = self.store.load_report(summary.id)
            result = validate(get_template(summary.template_id), report)
            line = ReportOverview(
                report_id=summary.id,
                unit_code=summary.unit_code,
                unit_kind=summary.unit_kind,
                unit_name=summary.unit_name,
                period_code=summary.period_code,
                template_id=summary.template_id,
                status=summary.status,
                revision=summary.revision,
                percent=result.overall.percent,
                errors=len(result.errors),
                warnings=len(result.warnings),
            )
            self._overview_cache[summary.id] = (stamp, line)
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
        """The new-report fields for the period after report ``report_id``."""
        return next_period_fields(self.store.load_report(report_id))

    def import_report(self, report: ReportData) -> int:
        """Store a whole report (read from a ``cchc-report/1`` file) as a new draft.

        Raises:
            InvalidInput: a value is of the wrong kind or out of range (listed).
            DuplicateReport: the unit already has this report for this period.
        """
        self._writable()
        bad = [
            f"{f.key}: {f.message}"
            for f in validate(get_template(report.template_id), report).findings
            if f.kind is FindingKind.VALUE
        ]
        if bad:
            raise InvalidInput("\n".join(bad))
        return self.store.import_report(report)

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

        Raises:
            InvalidInput: no signer name or title.
            NotReady: errors or unexplained warnings (listed).
            SigningKeyError: empty or wrong passphrase, damaged key file.
            ReportLocked: already signed. Refused: a read-only (received) report.
        """
        from cchc_tui.signing.keys import ensure_key

        self._writable()
        if not request.signer_name.strip() or not request.signer_title.strip():
            raise InvalidInput(msg.SIGN_NEED_SIGNER)
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
        key = ensure_key(self.keys_folder, report.unit.code, request.passphrase)
        signed_at = self.store.sign_off(report_id, data)
        return SignOffResult(revision, key.fingerprint, key.created, signed_at)

    def reopen(self, report_id: int, reason: str) -> ReopenResult:
        """Make revision N+1 of a signed report as a draft copy; revision N stays signed.

        Raises:
            InvalidInput: no reason given. StoreError: the report is not signed.
            Refused: a read-only (received) report.
        """
        self._writable()
        if not reason.strip():
            raise InvalidInput(msg.REOPEN_NEED_REASON)
        _status, old = self.store.status(report_id)
        new_id = self.store.reopen(report_id, reason)
        return ReopenResult(new_id, old + 1, old)

    def signed_report(self, report_id: int) -> SignedReport:
        """The signed revision ``report_id`` with its validation, for the bundle.

        Raises:
            Refused: the report is not signed, or this is a read-only (received) copy.
        """
        self._writable()
        status, revision = self.store.status(report_id)
        if status is not ReportStatus.SIGNED:
            raise Refused(msg.SIGN_NOT_SIGNED.format(id=report_id))
        report = self.store.load_report(report_id)
        template = get_template(report.template_id)
        result = validate(template, report)
        return SignedReport(
            report, template, result, revision, self.store.signed_at(report_id) or ""
        )

    def public_keys(self, unit_code: str | None = None) -> list[UnitPublicKey]:
        """The units' public keys on this computer (one unit, or all), for the office."""
        return unit_public_keys(self.keys_folder, unit_code)
