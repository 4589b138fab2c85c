"""Conversions between table rows and the plain domain classes that screens and exports use."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

from cchc_tui.db.models import DocumentRecord, ReportRecord, UnitRecord
from cchc_tui.domain.report import (
    CellValue,
    Document,
    Header,
    Period,
    ReportData,
    ReportingUnit,
    Signature,
)
from cchc_tui.domain.values import cell_from_storage
from cchc_tui.template.loader import get_template


def unit_from_row(row: UnitRecord) -> ReportingUnit:
    """Table row → ``Unit``."""
    return ReportingUnit(
        code=row.code,
        name=row.name,
        kind=row.kind,
        province=row.province,
        district=row.district,
        agency=row.agency,
    )


def unit_to_row(unit: ReportingUnit) -> UnitRecord:
    """``Unit`` → new table row."""
    return UnitRecord(
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        province=unit.province,
        district=unit.district,
        agency=unit.agency,
    )


def period_from_row(row: ReportRecord) -> Period:
    """The report row's period."""
    return Period(
        kind=row.period_kind,
        code=row.period_code,
        start=date.fromisoformat(row.period_start),
        end=date.fromisoformat(row.period_end),
    )


def header_from_row(row: ReportRecord) -> Header:
    """The report row's header."""
    return Header(
        number=row.number,
        symbol=row.symbol,
        place=row.place,
        date=date.fromisoformat(row.report_date) if row.report_date else None,
        title=row.title,
        basis=row.basis,
        closing=row.closing,
    )


def signature_from_row(row: ReportRecord) -> Signature:
    """The report row's signature block."""
    return Signature(
        on_behalf=row.sign_on_behalf,
        title=row.sign_title,
        name=row.sign_name,
        authority=row.sign_authority,
        principal_title=row.sign_principal_title,
    )


def recipients_from_row(row: ReportRecord) -> list[str]:
    """The report row's "Nơi nhận" list."""
    return list(json.loads(row.recipients))


def document_from_row(row: DocumentRecord) -> Document:
    """Table row → ``Document``."""
    return Document(
        type=row.doc_type,
        number=row.number,
        date=date.fromisoformat(row.issued_on),
        summary=row.summary,
    )


def document_to_row(report_id: int, seq: int, doc: Document) -> DocumentRecord:
    """``Document`` → new table row at position ``seq``."""
    return DocumentRecord(
        report_id=report_id,
        seq=seq,
        doc_type=doc.type,
        number=doc.number,
        issued_on=doc.date.isoformat(),
        summary=doc.summary,
    )


def report_from_rows(
    row: ReportRecord,
    unit: ReportingUnit,
    stored_values: Mapping[str, str | None],
    notes: dict[str, str],
    narrative: dict[str, str],
    explanations: dict[str, str],
    documents: list[Document],
) -> ReportData:
    """A whole report from its table rows; stored values are typed by the report's template
    (rows the template no longer has are dropped)."""
    template = get_template(row.template_id)
    values: dict[str, CellValue] = {
        key: cell_from_storage(template.indicators[key].indicator, stored)
        for key, stored in stored_values.items()
        if key in template.indicators
    }
    return ReportData(
        template_id=row.template_id,
        unit=unit,
        period=period_from_row(row),
        receiving_office=row.receiving_office,
        header=header_from_row(row),
        narrative=narrative,
        values=values,
        notes=notes,
        explanations=explanations,
        documents=documents,
        recipients=recipients_from_row(row),
        signature=signature_from_row(row),
    )
