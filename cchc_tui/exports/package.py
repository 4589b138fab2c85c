"""The signed bundle of one signed report: build its members, sign it, write it safely.

Members (``exports.bundle``): ``report.json`` (``cchc-report/1`` plus ``findings`` with their
explanations and ``signoff``), ``forms.xlsx`` (official layout), ``report.docx`` (Nghị định
30/2020 layout), and ``key-change.json`` after the unit changed its key (its statements, which
the office follows from the key it registered). Only a signed report can be packaged: the
manifest names the signer.

Only a sealed one, too (issue 18): the service rebuilds the revision's content from the database
and refuses — before anything is built or written — when it differs from the seal made at
sign-off, when the seal's signature or the audit chain is broken, or when the seal was made with
another key than the one that signs the bundle. ``report.json`` is the sealed content itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from cchc_tui import __version__
from cchc_tui import messages as msg
from cchc_tui.domain.interchange import signed_report_json
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.validation import ValidationResult

if TYPE_CHECKING:
    from cchc_tui.service.reports import ReportService
    from cchc_tui.template.loader import LoadedTemplate

Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: a step label and how far it is."""


@dataclass(frozen=True)
class BuiltBundle:
    """A bundle ready to be written."""

    name: str
    data: bytes
    fingerprint: str


def report_json(
    report: ReportData,
    template: LoadedTemplate,
    result: ValidationResult,
    revision: int,
    signed_at: str,
) -> bytes:
    """``report.json`` of a bundle: ``cchc-report/1`` plus ``findings`` (with their
    explanations, in report order) and ``signoff`` (revision, time, signer); see
    :func:`cchc_tui.domain.interchange.signed_report_json`."""
    return signed_report_json(report, template, result, revision, signed_at)


def _signed_time(signed_at: str) -> datetime | None:
    """The sign-off time (UTC ISO text in the store) as a datetime, ``None`` if unreadable."""
    try:
        return datetime.fromisoformat(signed_at) if signed_at else None
    except ValueError:
        return None


def build_report_bundle(
    service: ReportService,
    report_id: int,
    passphrase: str,
    progress: Progress | None = None,
) -> BuiltBundle:
    """Build and sign the bundle of a signed report (in memory).

    Raises:
        Refused: the report is not signed (or is a received, read-only copy).
        SigningKeyError: wrong passphrase or missing key.
        KeyHistoryError: the unit's key-change history cannot be read.
    """
    from cchc_tui.exports.bundle import build_bundle
    from cchc_tui.exports.bundle_format import KEY_CHANGE_MEMBER, bundle_name
    from cchc_tui.exports.docx import build_report_docx
    from cchc_tui.exports.xlsx import build_forms_workbook
    from cchc_tui.signing.key_change import changes_to_json
    from cchc_tui.signing.keys import fingerprint, load_private_key, public_key_raw

    def step(label: str, done: int) -> None:
        if progress is not None:
            progress(label, done, 5)

    signed = service.signed_report(report_id)  # refused unless the database matches its seal
    report, template, result = signed.report, signed.template, signed.result
    step(msg.EXPORT_STEP_KEY, 0)
    private_key = load_private_key(service.keys_folder, report.unit.code, passphrase)
    service.check_seal_key(signed, public_key_raw(private_key))
    step(msg.EXPORT_STEP_JSON, 1)
    members = {"report.json": signed.content}  # the sealed bytes, checked against the database
    created = _signed_time(signed.signed_at)
    step(msg.EXPORT_STEP_XLSX, 2)
    members["forms.xlsx"] = build_forms_workbook(report, template, result, created=created)
    step(msg.EXPORT_STEP_DOCX, 3)
    members["report.docx"] = build_report_docx(report, template, result, created=created)
    changes = service.key_changes(report.unit.code)
    if changes:  # the office follows them from the key it registered (issue 10)
        members[KEY_CHANGE_MEMBER] = changes_to_json(report.unit.code, changes)
    step(msg.EXPORT_STEP_SIGN, 4)
    meta = {
        "template_id": report.template_id,
        "unit_code": report.unit.code,
        "unit_name": report.unit.display_name,
        "period_code": report.period.code,
        "revision": signed.revision,
        "signer_name": report.signature.name,
        "signer_title": report.signature.title,
        "signed_at": signed.signed_at,
        "app_version": __version__,
    }
    bundle = build_bundle(members, meta, private_key)
    step(msg.EXPORT_STEP_SIGN, 5)
    return BuiltBundle(
        bundle_name(report.unit.code, report.period.code, signed.revision),
        bundle,
        fingerprint(public_key_raw(private_key)),
    )
