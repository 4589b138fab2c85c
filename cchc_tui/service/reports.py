"""Report-level actions shared by the command line and the screens (no Textual here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cchc_tui import messages as msg
from cchc_tui.db.store import ReportLocked, ReportStore
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.signoff import Readiness
from cchc_tui.domain.validation import validate
from cchc_tui.service.samples import DEFAULT_SAMPLE, load_sample
from cchc_tui.template.loader import get_template


@dataclass(frozen=True)
class ReportOverview:
    """One line of the home screen's report list, ready to show."""

    report_id: int
    cells: tuple[str, ...]
    """Mã, Đơn vị, Kỳ, Trạng thái, Đủ %, Lỗi, Cảnh báo."""


def report_overview(store: ReportStore) -> list[ReportOverview]:
    """Every report with completeness and finding counts (each report validated)."""
    rows = []
    for summary in store.list_reports():
        report = store.load_report(summary.id)
        result = validate(get_template(summary.template_id), report)
        overall = result.overall
        unit = f"{msg.UNIT_KIND_LABELS.get(summary.unit_kind, '')} {summary.unit_name}".strip()
        status = msg.STATUS_LABELS.get(summary.status, summary.status)
        if summary.revision > 1:
            status = f"{status} (lần {summary.revision})"
        rows.append(
            ReportOverview(
                summary.id,
                (
                    str(summary.id),
                    unit,
                    summary.period_code,
                    status,
                    f"{overall.percent}%",
                    str(len(result.errors)),
                    str(len(result.warnings)),
                ),
            )
        )
    return rows


def ensure_sample(store: ReportStore, name: str = DEFAULT_SAMPLE) -> tuple[int, bool]:
    """Load a shipped sample unless it is already there.

    Returns:
        ``(report id, whether it was loaded now)``.
    """
    report, _template = load_sample(name)
    existing = store.find_report(report.unit.code, report.template_id, report.period.code)
    if existing is not None:
        return existing, False
    return store.import_report(report), True


@dataclass
class NewReportFields:
    """What the officer fills in to create a report (all text, as typed)."""

    template_id: str
    unit_code: str = ""
    unit_name: str = ""
    unit_kind: str = "xa"
    province: str = ""
    district: str = ""
    receiving_office: str = ""
    period_kind: str = "nam"
    period_code: str = ""
    start: str = ""
    end: str = ""
    number: str = ""


class NewReportError(ValueError):
    """A field of a new report is missing or wrong; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


_REQUIRED = {
    "unit_code": msg.NEW_UNIT_CODE,
    "unit_name": msg.NEW_UNIT_NAME,
    "province": msg.NEW_PROVINCE,
    "receiving_office": msg.NEW_OFFICE,
    "period_code": msg.NEW_PERIOD_CODE,
}


def build_new_report(fields: NewReportFields) -> ReportData:
    """Check the fields and build an empty draft report.

    Raises:
        NewReportError: a required field is empty, a date is wrong, or start is after end.
    """
    from cchc_tui.base.text import nfc
    from cchc_tui.domain.documents import DocumentError, parse_vn_date
    from cchc_tui.domain.report import Header, Period, ReportingUnit

    values = {k: nfc(str(v)).strip() for k, v in vars(fields).items()}
    for name, label in _REQUIRED.items():
        if not values[name]:
            raise NewReportError(name, msg.NEW_REQUIRED.format(field=label))
    try:
        start = parse_vn_date(values["start"])
    except DocumentError as err:
        raise NewReportError("start", str(err)) from None
    try:
        end = parse_vn_date(values["end"])
    except DocumentError as err:
        raise NewReportError("end", str(err)) from None
    if start > end:
        raise NewReportError("start", msg.NEW_PERIOD_ORDER)
    template = get_template(values["template_id"])
    kind_label = msg.UNIT_KIND_LABELS.get(values["unit_kind"], "")
    unit = ReportingUnit(
        code=values["unit_code"],
        name=values["unit_name"],
        kind=values["unit_kind"],
        province=values["province"],
        district=values["district"],
        agency=f"Ủy ban nhân dân {kind_label.lower()} {values['unit_name']}",
    )
    header = Header(
        number=values["number"] or None, place=values["unit_name"], title=template.template.title
    )
    return ReportData(
        template_id=template.full_id,
        unit=unit,
        period=Period(values["period_kind"], values["period_code"], start, end),
        receiving_office=values["receiving_office"],
        header=header,
    )


def next_period_fields(source: ReportData) -> NewReportFields:
    """Fields for the period after ``source``: same unit and template, dates a year later."""
    from cchc_tui.domain.documents import format_vn_date

    def next_year(d: date) -> date:
        try:
            return d.replace(year=d.year + 1)
        except ValueError:  # 29 February
            return d.replace(year=d.year + 1, day=28)

    start, end = next_year(source.period.start), next_year(source.period.end)
    code = source.period.code.replace(str(source.period.start.year), str(start.year), 1)
    return NewReportFields(
        template_id=source.template_id,
        unit_code=source.unit.code,
        unit_name=source.unit.name,
        unit_kind=source.unit.kind,
        province=source.unit.province,
        district=source.unit.district,
        receiving_office=source.receiving_office,
        period_kind=source.period.kind,
        period_code=code,
        start=format_vn_date(start),
        end=format_vn_date(end),
    )


class NotReady(ValueError):
    """The report cannot be signed yet; ``readiness`` lists what is missing."""

    def __init__(self, readiness: Readiness) -> None:
        self.readiness = readiness
        super().__init__(readiness.summary())


def sign_off(
    store: ReportStore,
    report_id: int,
    signer_name: str,
    signer_title: str,
    passphrase: str,
    number: str | None = None,
    report_date: date | None = None,
    keys_folder: Path | None = None,
) -> str:
    """Sign a report off: check readiness, make or open the unit's key, lock the report.

    At the unit's first sign-off an Ed25519 key pair is made, the private key encrypted with
    ``passphrase`` (``signing.keys``); later sign-offs must give the same passphrase.

    Returns:
        The fingerprint of the unit's public key.

    Raises:
        NotReady: errors, unexplained warnings or empty required items (listed).
        ValueError: no signer name or title.
        SigningKeyError: empty or wrong passphrase, damaged key file.
        ReportLocked: already signed.
    """
    from cchc_tui.base.locations import keys_dir
    from cchc_tui.domain.signoff import check_readiness
    from cchc_tui.signing.keys import ensure_key

    if not signer_name.strip() or not signer_title.strip():
        raise ValueError(msg.SIGN_NEED_SIGNER)
    status, revision = store.status(report_id)
    if status == "signed":
        raise ReportLocked(
            msg.SIGN_ALREADY.format(revision=revision, at=store.signed_at(report_id))
        )
    report = store.load_report(report_id)
    readiness = check_readiness(report, validate(get_template(report.template_id), report))
    if not readiness.ready:
        raise NotReady(readiness)
    key = ensure_key(keys_folder or keys_dir(), report.unit.code, passphrase)
    store.mark_signed(
        report_id, signer_name.strip(), signer_title.strip(), number, report_date or date.today()
    )
    return key.fingerprint


def explain(store: ReportStore, report_id: int, key: str, text: str) -> list[str]:
    """Explain the warnings on row (or finding id) ``key``; returns the finding ids explained.

    Raises:
        ValueError: no warning there, or it is an error (errors are fixed, not explained).
    """
    report = store.load_report(report_id)
    result = validate(get_template(report.template_id), report)
    findings = [f for f in result.findings if key in (f.key, f.id)]
    errors = [f for f in findings if f.is_error]
    warnings = [f for f in findings if not f.is_error]
    if not warnings:
        raise ValueError(
            (msg.EXPLAIN_IS_ERROR if errors else msg.EXPLAIN_NO_WARNING).format(key=key)
        )
    for finding in warnings:
        store.set_explanation(report_id, finding.id, text)
    return [f.id for f in warnings]
