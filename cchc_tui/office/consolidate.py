"""Consolidate a period: every form, one column per unit plus a total, in one workbook.

Only current, verified revisions count (``received_bundle.state = 'current'``); held and
superseded bundles never do. Per row of the template (everything comes from the template):

* counts and money: the units' values summed (empty cells skipped; empty when no unit filled
  the row);
* derived rows (ratios, group totals, copies): the row's ``derive`` expression evaluated on the
  summed values, in the template's derivation order — so a ratio is recomputed from the summed
  child rows, never averaged; a zero denominator gives "không phát sinh";
* code rows: units counted per code, in the template's order ("1 – Có: 37; 0 – Không: 3");
* percent rows that are not derived (no child rows to sum), plain decimals (which may be
  scores, seed 003) and text rows: no total.

Each unit's column shows its values as the app does (derived rows recomputed and rounded by the
template rule, codes as their number). Notes (ghi chú) and explanations of warnings (giải
trình) are listed on their own sheet; a first sheet lists which units were counted and which
were not (missing, or held as "chưa xác thực").
"""

from __future__ import annotations

import copy
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from cchc_tui import messages as msg
from cchc_tui.base.errors import Refused
from cchc_tui.base.numbers import round_half_up
from cchc_tui.base.rules import NOT_APPLICABLE, Value
from cchc_tui.db.office_models import CURRENT, ReceivedBundleRecord
from cchc_tui.db.store import ReportStore
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.validation import ValidationResult, derive_values, row_decimals, validate
from cchc_tui.office.loading import FiguresOnly, load_figures, load_reports
from cchc_tui.office.status import VIETNAM, StatusRow, period_status, vn_time
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate, get_template
from cchc_tui.template.model import RowKind

SUMMED_KINDS = frozenset({RowKind.COUNT, RowKind.MONEY})
"""Kinds whose values add up across units (a plain decimal may be a score: not summed)."""


class ConsolidationError(Refused):
    """Nothing (or no single template) to consolidate; ``str(err)`` is Vietnamese."""


@dataclass
class UnitColumn:
    """One unit's counted report."""

    unit_code: str
    unit_name: str
    revision: int
    signed_at: str
    signer: str
    report_id: int
    report: ReportData
    """The report's data without its narrative and documents (not consolidated)."""
    result: ValidationResult
    """Its values as the app uses them (derived rows derived); no findings."""
    documents: int = 0
    """How many documents its appendix lists."""
    explained: dict[str, str] = field(default_factory=dict)
    """Finding id → message of each finding it explains."""


@dataclass
class Consolidation:
    """The consolidated figures of a period for one template."""

    period_code: str
    template: LoadedTemplate
    units: list[UnitColumn]
    excluded: list[StatusRow]
    totals: dict[str, Value] = field(default_factory=dict)
    """Summed values of summed rows and recomputed values of derived rows (exact)."""
    code_counts: dict[str, Counter[int]] = field(default_factory=dict)
    empty_counts: dict[str, int] = field(default_factory=dict)
    """Units that left a row empty (for code rows: "chưa nhập")."""

    def filled(self, key: str) -> int:
        """How many units have a value in row ``key``."""
        return len(self.units) - self.empty_counts.get(key, 0)

    def total_cell(self, info: IndicatorInfo) -> Any:
        """The total column's cell for a row: number, text, or ``None``."""
        if not info.holds_value:
            return None
        if info.kind is RowKind.CODE:
            counts = self.code_counts.get(info.key, Counter())
            parts = [
                msg.OFFICE_CONS_CODE_COUNT.format(code=code, label=label, count=counts[code])
                for code, label in info.indicator.codes.items()
            ]
            empty = self.empty_counts.get(info.key, 0)
            if empty:
                parts.append(msg.OFFICE_CONS_CODE_EMPTY.format(count=empty))
            return "; ".join(parts)
        if info.key not in self.totals:
            return None
        return _number_cell(self.totals[info.key], self.template, info)

    def how(self, info: IndicatorInfo) -> str:
        """How the total of a row is made, in words."""
        if not info.holds_value:
            return ""
        if info.derive is not None:
            return msg.OFFICE_CONS_HOW_DERIVE.format(expr=info.indicator.derive)
        if info.kind is RowKind.CODE:
            return msg.OFFICE_CONS_HOW_CODES
        if info.kind in SUMMED_KINDS:
            return msg.OFFICE_CONS_HOW_SUM
        if info.kind is RowKind.PERCENT:
            return msg.OFFICE_CONS_HOW_PERCENT
        if info.kind is RowKind.DECIMAL:
            return msg.OFFICE_CONS_HOW_DECIMAL
        return msg.OFFICE_CONS_HOW_TEXT


def _number_cell(value: Value, template: LoadedTemplate, info: IndicatorInfo) -> Any:
    if value is NOT_APPLICABLE:
        return msg.NOT_APPLICABLE
    if not isinstance(value, Decimal):
        return None
    if info.derive is not None:
        value = round_half_up(value, row_decimals(template, info))
    return int(value) if value == value.to_integral_value() else float(value)


def consolidate(
    store: ReportStore, period_code: str, template_id: str | None = None
) -> Consolidation:
    """Consolidate the current, verified reports of a period.

    Raises:
        ConsolidationError: no verified report for the period (and template), or reports under
            several templates and none chosen.
    """
    with store.session() as s:
        query = select(ReceivedBundleRecord).where(
            ReceivedBundleRecord.period_code == period_code, ReceivedBundleRecord.state == CURRENT
        )
        current = list(s.exec(query.order_by(col(ReceivedBundleRecord.unit_code))))
    templates = sorted({r.template_id for r in current})
    if template_id is None:
        if not templates:
            raise ConsolidationError(msg.OFFICE_CONS_NOTHING.format(period=period_code))
        if len(templates) > 1:
            raise ConsolidationError(
                msg.OFFICE_CONS_MANY_TEMPLATES.format(
                    period=period_code, templates=", ".join(templates)
                )
            )
        template_id = templates[0]
    chosen = [r for r in current if r.template_id == template_id]
    if not chosen:
        raise ConsolidationError(
            msg.OFFICE_CONS_TEMPLATE_NONE.format(period=period_code, template=template_id)
        )
    template = get_template(template_id)
    figures = load_figures(store.engine, [r.report_id or 0 for r in chosen])
    messages = _explained_messages(store, template, figures)
    units = []
    for row in chosen:
        rid = row.report_id or 0
        report = figures[rid].report
        units.append(
            UnitColumn(
                row.unit_code,
                report.unit.display_name,
                row.revision,
                row.signed_at,
                f"{row.signer_title} {row.signer_name}".strip(),
                rid,
                report,
                derive_values(template, report, figures[rid].documents),
                figures[rid].documents,
                messages.get(rid, {}),
            )
        )
    counted = {u.unit_code for u in units}
    excluded = [
        r
        for r in period_status(store, period_code, template_id, check=False)
        if r.unit_code not in counted and r.state != "reported"
    ]
    result = Consolidation(period_code, template, units, excluded)
    _compute_totals(result)
    return result


def _explained_messages(
    store: ReportStore, template: LoadedTemplate, figures: dict[int, FiguresOnly]
) -> dict[int, dict[str, str]]:
    """Report id → finding id → message, for the findings each report explains: as stored at
    import; a report received before the messages were stored (or whose stored messages miss
    one) is read whole and validated once here."""
    out: dict[int, dict[str, str]] = {}
    missing = []
    for rid, f in figures.items():
        stored = {fid: text for fid, (_engine, text) in f.explained.items()}
        if all(fid in stored for fid in f.report.explanations):
            out[rid] = stored
        else:
            missing.append(rid)
    for rid, report in load_reports(store.engine, missing).items():
        out[rid] = {
            f.id: f.message
            for f in validate(template, report).findings
            if f.id in report.explanations
        }
    return out


def _compute_totals(c: Consolidation) -> None:
    template = c.template
    summed: dict[str, Value] = {}
    for key, info in template.indicators.items():
        if not info.holds_value:
            continue
        values = [u.result.effective.get(key) for u in c.units]
        c.empty_counts[key] = sum(1 for v in values if v is None)
        if info.derive is not None:
            continue
        if info.kind is RowKind.CODE:
            c.code_counts[key] = Counter(int(v) for v in values if isinstance(v, Decimal))
        elif info.kind in SUMMED_KINDS:
            filled = [v for v in values if isinstance(v, Decimal)]
            summed[key] = sum(filled, Decimal(0)) if filled else None
    documents = sum(u.documents for u in c.units)
    for key in template.derive_order:
        expr = template.indicators[key].derive
        assert expr is not None
        value = expr.evaluate(summed, documents_count=documents)
        summed[key] = value if isinstance(value, Decimal) or value is NOT_APPLICABLE else None
    c.totals = summed


# --- The workbook --------------------------------------------------------------------------------

FONT_NAME = "Times New Roman"


class StyleCache:
    """Styles cells by copying a style array built once per combination.

    openpyxl hashes every style object on every assignment; with a hundred unit columns on
    seven sheets that is most of the time. Copying the cell's style array, as openpyxl's own
    worksheet copy (and ``exports.xlsx``) does, is several times faster.
    """

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font

        self.body = Font(name=FONT_NAME, size=12)
        self.bold = Font(name=FONT_NAME, size=12, bold=True)
        self.top = Alignment(wrap_text=True, vertical="top")
        self.center = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self._alignment = Alignment
        self._indented: dict[int, Any] = {}
        self._arrays: dict[tuple[int, int, str], Any] = {}

    def indented(self, depth: int) -> Any:
        """Top-aligned, wrapped, indented by a row's depth."""
        if depth not in self._indented:
            self._indented[depth] = self._alignment(wrap_text=True, vertical="top", indent=depth)
        return self._indented[depth]

    def apply(self, cell: Any, font: Any, alignment: Any = None, fmt: str = "General") -> None:
        """Give ``cell`` this font, alignment and number format."""
        key = (id(font), id(alignment), fmt)
        cached = self._arrays.get(key)
        if cached is not None:
            cell._style = copy.copy(cached)
            return
        cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        cell.number_format = fmt
        self._arrays[key] = copy.copy(cell._style)

    def row(self, sheet: Any, row: int, font: Any, alignment: Any = None) -> None:
        """Style every written cell of a row alike."""
        for cell in sheet[row]:
            self.apply(cell, font, alignment)


def consolidation_workbook(c: Consolidation, made_at: datetime) -> bytes:
    """The consolidated workbook: "Thông tin", one sheet per form, "Ghi chú, giải trình"."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from cchc_tui.exports.xlsx import cell_value, clean_text, number_format, row_label

    st = StyleCache()
    book = Workbook()
    _info_sheet(book.active, c, made_at, st)
    first_unit = 4
    total_col = first_unit + len(c.units)
    template = c.template
    for form in template.template.forms:
        sheet = book.create_sheet(msg.OFFICE_CONS_FORM_SHEET.format(number=form.number))
        sheet.append([msg.OFFICE_CONS_FORM_TITLE.format(number=form.number, title=form.title)])
        st.row(sheet, 1, st.bold)
        sheet.append(
            [msg.OFFICE_CONS_FORM_SUBTITLE.format(units=len(c.units), period=c.period_code)]
        )
        sheet.append([])
        header = [msg.OFFICE_CONS_COL_STT, msg.OFFICE_CONS_COL_LABEL, msg.OFFICE_CONS_COL_UNIT]
        header += [clean_text(f"{u.unit_name} ({u.unit_code})") for u in c.units]
        header += [msg.OFFICE_CONS_COL_TOTAL, msg.OFFICE_CONS_COL_FILLED, msg.OFFICE_CONS_COL_HOW]
        sheet.append(header)
        header_row = sheet.max_row
        st.row(sheet, header_row, st.bold, st.center)
        for info in template.form_indicators(form):
            r = sheet.max_row + 1
            weight = st.bold if info.indicator.group else st.body
            st.apply(sheet.cell(r, 1, info.indicator.stt or None), weight, st.top)
            st.apply(sheet.cell(r, 2, row_label(info)), weight, st.indented(info.depth))
            st.apply(
                sheet.cell(r, 3, clean_text(info.indicator.unit_of_measure) or None), weight, st.top
            )
            for i, u in enumerate(c.units):
                value = cell_value(template, u.result, info)
                fmt = number_format(info, value) if value is not None else "General"
                st.apply(sheet.cell(r, first_unit + i, value), weight, None, fmt)
            total = c.total_cell(info)
            fmt = number_format(info, total) if isinstance(total, int | float) else "General"
            st.apply(sheet.cell(r, total_col, total), st.bold, None, fmt)
            filled = c.filled(info.key) if info.holds_value else None
            st.apply(sheet.cell(r, total_col + 1, filled), weight)
            st.apply(sheet.cell(r, total_col + 2, c.how(info) or None), st.body, st.top)
        widths = {1: 8, 2: 55, 3: 14, total_col: 30, total_col + 1: 12, total_col + 2: 40}
        for i in range(len(c.units)):
            widths[first_unit + i] = 14
        for col_index, width in widths.items():
            sheet.column_dimensions[get_column_letter(col_index)].width = width
        sheet.freeze_panes = sheet.cell(header_row + 1, first_unit)
    _notes_sheet(book.create_sheet(msg.OFFICE_CONS_NOTES_SHEET), c, st)
    book.properties.creator = "cchc-tui"
    book.properties.title = clean_text(msg.OFFICE_CONS_TITLE.format(period=c.period_code))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _info_sheet(sheet: Any, c: Consolidation, made_at: datetime, st: StyleCache) -> None:
    from cchc_tui.exports.xlsx import clean_text

    sheet.title = msg.OFFICE_CONS_INFO_SHEET
    fields = {
        "period": c.period_code,
        "template": c.template.full_id,
        "title": c.template.template.title,
        "units": len(c.units),
        "excluded": len(c.excluded),
        "at": made_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M"),
    }
    sheet.append([msg.OFFICE_CONS_TITLE.format(period=c.period_code)])
    st.row(sheet, 1, st.bold)
    for label, value in msg.OFFICE_CONS_INFO_LINES:
        text = clean_text(value.format(**fields))
        sheet.append([label, int(text) if text.isdigit() else text])
    sheet.append([])
    sheet.append([msg.OFFICE_CONS_INCLUDED_TITLE])
    st.row(sheet, sheet.max_row, st.bold)
    sheet.append(list(msg.OFFICE_CONS_INCLUDED_HEADER))
    st.row(sheet, sheet.max_row, st.bold)
    for u in c.units:
        number = u.report.header.number or ""
        sheet.append(
            [
                u.unit_code,
                clean_text(u.unit_name),
                u.revision,
                vn_time(u.signed_at),
                clean_text(u.signer),
                f"{number}/{u.report.header.symbol}" if number else "",
            ]
        )
    sheet.append([])
    sheet.append([msg.OFFICE_CONS_EXCLUDED_TITLE])
    st.row(sheet, sheet.max_row, st.bold)
    sheet.append(list(msg.OFFICE_CONS_EXCLUDED_HEADER))
    st.row(sheet, sheet.max_row, st.bold)
    for r in c.excluded:
        sheet.append([r.unit_code, clean_text(r.unit_name), r.state_label])
    for letter, width in zip("ABCDEF", (28, 40, 8, 18, 30, 16), strict=True):
        sheet.column_dimensions[letter].width = width


def _notes_sheet(sheet: Any, c: Consolidation, st: StyleCache) -> None:
    from cchc_tui.exports.xlsx import clean_text

    sheet.append(list(msg.OFFICE_CONS_NOTES_HEADER))
    st.row(sheet, 1, st.bold, st.center)
    for u in c.units:
        for key, text in u.report.notes.items():
            info = c.template.indicators.get(key)
            label = f"{info.indicator.stt} {info.indicator.label}".strip() if info else ""
            sheet.append([u.unit_code, u.unit_name, msg.OFFICE_CONS_KIND_NOTE, key, label, text])
        for finding_id, text in sorted(u.report.explanations.items()):
            message = u.explained.get(finding_id, "")
            sheet.append(
                [
                    u.unit_code,
                    u.unit_name,
                    msg.OFFICE_CONS_KIND_EXPLANATION,
                    finding_id,
                    message,
                    text,
                ]
            )
    if sheet.max_row == 1:
        sheet.append([msg.OFFICE_CONS_NO_NOTES])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.value = clean_text(cell.value)
            st.apply(cell, st.body, st.top)
    for letter, width in zip("ABCDEF", (12, 26, 12, 22, 50, 60), strict=True):
        sheet.column_dimensions[letter].width = width
