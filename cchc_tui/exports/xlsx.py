"""The statistical forms (Biểu mẫu) as an Excel workbook, one sheet per form.

Layout as printed in shared/seeds/001: a title block ("Biểu mẫu 1", the form's title, the
unit and period), two header rows — "STT" | "Chỉ tiêu thống kê (sử dụng cho kỳ báo cáo …)" |
"Kết quả thống kê" over "Đơn vị tính" and "Số lượng/ Tỷ lệ" | "Ghi chú" — then one row per
template row. Everything comes from the template; nothing here knows a particular form.

Values are real numbers, never text: derived rows hold the derived value rounded by the
template rule (``row_decimals``), code rows the integer code, a ratio with a zero denominator
the text "không phát sinh". Number formats use Excel's grouping and decimal placeholders, which
Excel shows with the separators of the reader's locale (10.900 and 94,29 under vi-VN).

openpyxl is imported inside :func:`build_forms_workbook` only: importing this module is cheap
and never pulls in openpyxl or Textual.
"""

from __future__ import annotations

import copy
import io
import re
from decimal import Decimal
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.numbers import decimals_of, round_half_up
from cchc_tui.base.rules import NOT_APPLICABLE
from cchc_tui.domain.documents import format_vn_date
from cchc_tui.domain.report import Period, ReportData, ReportingUnit
from cchc_tui.domain.validation import ValidationResult, row_decimals
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate
from cchc_tui.template.model import Form, RowKind

FONT_NAME = "Times New Roman"
BODY_SIZE = 12
TITLE_SIZE = 13
COLUMN_WIDTHS = (8, 62, 18, 14, 24)
"""STT, Chỉ tiêu, Đơn vị tính, Số lượng/ Tỷ lệ, Ghi chú (in character widths)."""
TITLE_ROWS = 3
HEADER_FIRST = TITLE_ROWS + 2
"""First header row (one blank row after the title block)."""
HEADER_LAST = HEADER_FIRST + 1
_QUARTER = re.compile(r"q(?:uy)?[-_]?([1-4])", re.IGNORECASE)
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

CellOut = int | float | str | None


def clean_text(text: str) -> str:
    """``text`` without the characters an XML file cannot hold (control characters pasted
    from other programs); Excel and Word would refuse the whole file because of them."""
    return _NOT_XML.sub("", text)


def period_label(period: Period) -> str:
    """The period as named in a sentence: "năm 2023", "6 tháng năm 2024", "quý II năm 2024"."""
    pattern = msg.EXP_PERIOD_LABELS.get(period.kind)
    if pattern is None:
        return msg.EXP_PERIOD_FALLBACK.format(code=period.code)
    match = _QUARTER.search(period.code)
    quarter = _ROMAN[match.group(1)] if match else ""
    return " ".join(pattern.format(year=period.end.year, quarter=quarter).split())


def unit_in_sentence(unit: ReportingUnit) -> str:
    """ "xã <tên>": the unit as written inside a sentence."""
    kind = msg.EXP_UNIT_KIND_LOWER.get(unit.kind, "")
    return f"{kind} {unit.name}".strip()


def unit_period_line(report: ReportData) -> str:
    """ "Xã <tên> — kỳ báo cáo năm 2023 (từ ngày 01/01/2023 đến ngày 08/12/2023)"."""
    return msg.EXP_UNIT_PERIOD_LINE.format(
        unit=report.unit.display_name,
        period=period_label(report.period),
        start=format_vn_date(report.period.start),
        end=format_vn_date(report.period.end),
    )


def indicator_header(report: ReportData) -> str:
    """The second column's header, naming the report's period."""
    return msg.EXP_COL_INDICATOR.format(period=period_label(report.period))


def row_label(info: IndicatorInfo) -> str:
    """Indicator text with its printed hint."""
    hint = info.indicator.hint.strip()
    return clean_text(f"{info.indicator.label} {hint}" if hint else info.indicator.label)


def cell_value(template: LoadedTemplate, result: ValidationResult, info: IndicatorInfo) -> CellOut:
    """The value written in a row's "Số lượng/ Tỷ lệ" cell.

    ``int`` for counts, codes and whole numbers, ``float`` for the rest, the text
    "không phát sinh" for a ratio with a zero denominator, ``None`` for empty cells and headings.
    Derived values are rounded by the template rule first, exactly as the app displays them.
    """
    if not info.holds_value:
        return None
    value = result.effective.get(info.key)
    if value is NOT_APPLICABLE:
        return msg.EXP_NOT_APPLICABLE
    if value is None:
        return None
    if info.kind is RowKind.TEXT:
        return clean_text(str(value))
    number = Decimal(value)  # type: ignore[arg-type]
    if info.kind is RowKind.CODE:
        return int(number)
    if info.derive is not None:
        number = round_half_up(number, row_decimals(template, info))
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def number_format(info: IndicatorInfo, value: CellOut) -> str:
    """Excel number format for a value cell: grouping, and the decimals the value shows."""
    if info.kind is RowKind.CODE:
        return "0"
    if isinstance(value, float):
        decimals = decimals_of(Decimal(repr(value)))
        return "#,##0." + "0" * decimals if decimals else "#,##0"
    if isinstance(value, int):
        return "#,##0"
    return "@" if isinstance(value, str) else "General"


def build_forms_workbook(
    report: ReportData, template: LoadedTemplate, result: ValidationResult
) -> bytes:
    """Build the forms workbook (one sheet "Biểu mẫu N" per form) and return the .xlsx bytes.

    Args:
        report: the report (unit, period, notes).
        template: its template (forms and rows, in printed order).
        result: ``validate(template, report)``; its ``effective`` values are written.

    Returns:
        The bytes of an .xlsx file. Never raises on an empty report.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    if template.template.forms:
        workbook.remove(workbook.active)
    styles = _Styles()
    for form in template.template.forms:
        sheet = workbook.create_sheet(msg.EXP_FORM_NAME.format(number=form.number))
        _fill_sheet(sheet, form, report, template, result, styles)
    workbook.properties.title = clean_text(report.header.title or template.template.title)
    workbook.properties.creator = "cchc-tui"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Styles:
    """The few styles of a sheet, built once per workbook."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.body = Font(name=FONT_NAME, size=BODY_SIZE)
        self.bold = Font(name=FONT_NAME, size=BODY_SIZE, bold=True)
        self.title = Font(name=FONT_NAME, size=TITLE_SIZE, bold=True)
        self.italic = Font(name=FONT_NAME, size=BODY_SIZE, italic=True)
        self.centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center")
        self._alignment = Alignment
        self._indented: dict[int, Any] = {}
        self._arrays: dict[tuple[int, int, int, str], Any] = {}

    def indented(self, depth: int) -> Any:
        """Left alignment indented by a row's depth."""
        if depth not in self._indented:
            self._indented[depth] = self._alignment(
                horizontal="left", vertical="center", wrap_text=True, indent=depth
            )
        return self._indented[depth]

    def apply(
        self, cell: Any, font: Any, alignment: Any, border: Any = None, fmt: str = "General"
    ) -> None:
        """Style a cell; a combination seen before is copied, not looked up again.

        Assigning styles through openpyxl's descriptors hashes every style object on every
        cell; copying the cell's style array, as openpyxl's own worksheet copy does, is
        several times faster on an old PC.
        """
        key = (id(font), id(alignment), id(border), fmt)
        cached = self._arrays.get(key)
        if cached is not None:
            cell._style = copy.copy(cached)
            return
        cell.font = font
        cell.alignment = alignment
        if border is not None:
            cell.border = border
        cell.number_format = fmt
        self._arrays[key] = copy.copy(cell._style)

    def label_with_hint(self, info: IndicatorInfo) -> Any:
        """A group row's label bold and its hint regular, as printed."""
        from openpyxl.cell.rich_text import CellRichText, TextBlock
        from openpyxl.cell.text import InlineFont

        bold = InlineFont(rFont=FONT_NAME, sz=BODY_SIZE, b=True)
        plain = InlineFont(rFont=FONT_NAME, sz=BODY_SIZE, b=False)
        return CellRichText(
            TextBlock(bold, info.indicator.label),
            TextBlock(plain, " " + info.indicator.hint.strip()),
        )


def _fill_sheet(
    sheet: Any,
    form: Form,
    report: ReportData,
    template: LoadedTemplate,
    result: ValidationResult,
    st: _Styles,
) -> None:
    from openpyxl.utils import get_column_letter

    last_col = len(COLUMN_WIDTHS)
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    table_width = sum(COLUMN_WIDTHS)

    # Title block: "Biểu mẫu N", the form's title, the unit and period.
    title_lines = (
        (msg.EXP_FORM_NAME.format(number=form.number), st.title),
        (form.title, st.title),
        (unit_period_line(report), st.italic),
    )
    for row, (text, font) in enumerate(title_lines, start=1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        st.apply(sheet.cell(row=row, column=1, value=clean_text(text)), font, st.centre)
        lines = max(1, -(-len(text) // int(table_width * 0.9)))
        sheet.row_dimensions[row].height = 18 * lines

    # Header rows, merged as printed.
    top, bottom = HEADER_FIRST, HEADER_LAST
    headers = {
        (top, 1): msg.EXP_COL_STT,
        (top, 2): indicator_header(report),
        (top, 3): msg.EXP_COL_RESULT,
        (top, 5): msg.EXP_COL_NOTE,
        (bottom, 3): msg.EXP_COL_UNIT,
        (bottom, 4): msg.EXP_COL_VALUE,
    }
    for row in (top, bottom):
        for col in range(1, last_col + 1):
            cell = sheet.cell(row=row, column=col, value=headers.get((row, col)))
            st.apply(cell, st.bold, st.centre, st.border)
    for col in (1, 2, 5):
        sheet.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
    sheet.merge_cells(start_row=top, start_column=3, end_row=top, end_column=4)
    sheet.row_dimensions[top].height = 20
    sheet.row_dimensions[bottom].height = 32

    # One row per template row.
    row = bottom
    for info in template.form_indicators(form):
        row += 1
        font = st.bold if info.indicator.group else st.body
        value = cell_value(template, result, info)
        texts: tuple[CellOut, ...] = (
            info.indicator.stt.strip() or None,
            row_label(info),
            info.indicator.unit_of_measure or None,
            value,
            clean_text(report.notes.get(info.key, "")) or None,
        )
        alignments = (
            st.centre,
            st.indented(info.depth) if info.depth else st.left,
            st.centre,
            st.centre if isinstance(value, str) else st.right,
            st.left,
        )
        for col, content in enumerate(texts, start=1):
            cell = sheet.cell(row=row, column=col, value=content)
            fmt = number_format(info, value) if col == 4 else "General"
            st.apply(cell, font, alignments[col - 1], st.border, fmt)
        if info.indicator.group and info.indicator.hint.strip():
            sheet.cell(row=row, column=2).value = st.label_with_hint(info)

    # Print setup: A4 portrait, fit to one page wide, header rows on every page.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{top}:{bottom}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.freeze_panes = sheet.cell(row=bottom + 1, column=1)
