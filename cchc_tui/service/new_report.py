"""A new report: the fields an officer fills in, their checks, and the next period's defaults."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.text import nfc
from cchc_tui.domain.documents import DocumentError, format_vn_date, parse_vn_date
from cchc_tui.domain.header import default_recipients, default_title
from cchc_tui.domain.report import Header, Period, ReportData, ReportingUnit
from cchc_tui.template.loader import get_template


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


class NewReportError(InvalidInput):
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
        agency=msg.AGENCY_NAME.format(kind=kind_label.lower(), name=values["unit_name"]),
    )
    period = Period(values["period_kind"], values["period_code"], start, end)
    header = Header(
        number=values["number"] or None,
        place=values["unit_name"],
        title=default_title(template.template, period),
    )
    return ReportData(
        template_id=template.full_id,
        unit=unit,
        period=period,
        receiving_office=values["receiving_office"],
        header=header,
        recipients=default_recipients(values["receiving_office"]),
    )


def carry_header(draft: ReportData, earlier: ReportData) -> ReportData:
    """The next period's draft with the earlier report's standing header: the basis sentence,
    the symbol and place, "Nơi nhận" and the signature block are copied like the narrative
    (the officer updates them); the number, the date and the closing sentence are not (they
    belong to one report), and the title stays the new period's default."""
    header = replace(
        draft.header,
        symbol=earlier.header.symbol,
        place=earlier.header.place or draft.header.place,
        basis=earlier.header.basis,
    )
    return replace(
        draft,
        header=header,
        recipients=list(earlier.recipients) or draft.recipients,
        signature=replace(earlier.signature),
    )


def next_period_fields(source: ReportData) -> NewReportFields:
    """Fields for the period after ``source``: same unit and template, dates a year later."""

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
