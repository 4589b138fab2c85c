"""The statistical forms (Biểu mẫu) as an Excel workbook, one sheet per form, ready to print.

Layout as printed in shared/seeds/001: a title block ("Biểu mẫu 1", the form's title, the
unit and period), two header rows — "STT" | "Chỉ tiêu thống kê (sử dụng cho kỳ báo cáo …)" |
"Kết quả thống kê" over "Đơn vị tính" and "Số lượng/ Tỷ lệ" | "Ghi chú" — then one row per
template row. A scored form (points against a maximum, seed 003) has "Điểm tối đa", "Điểm tự
chấm" and "Tài liệu kiểm chứng" instead (``exports.layout``). Everything comes from the
template; nothing here knows a particular form.

Printing (A4 portrait, one page wide): the header rows repeat on every page (print titles), the
page header names the unit (left) and the period (right), the footer reads "Trang 1/3", and
every row is as tall as its longest wrapped text (estimated from the column widths and the
Times New Roman metrics in ``exports.textwidth``; Excel does not size rows of a file it did not
lay out itself, LibreOffice neither). A draft (``draft=True``) says "DỰ THẢO" in the page
header of every page and in row 4 of every sheet.

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
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.numbers import decimals_of, round_half_up
from cchc_tui.base.rules import NOT_APPLICABLE
from cchc_tui.domain.documents import format_vn_date
from cchc_tui.domain.header import agency_full, document_title, period_label, unit_in_sentence
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.validation import ValidationResult, row_decimals
from cchc_tui.exports.layout import FormLayout, form_layout, maximum_of, text_value
from cchc_tui.exports.textwidth import wrapped_lines
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate
from cchc_tui.template.model import Form, RowKind

__all__ = [
    "build_forms_workbook",
    "cell_value",
    "clean_text",
    "indicator_header",
    "number_format",
    "period_label",
    "row_label",
    "row_height",
    "unit_in_sentence",
    "unit_period_line",
]

FONT_NAME = "Times New Roman"
BODY_SIZE = 12
TITLE_SIZE = 13
HEADER_FOOTER_SIZE = 11
TITLE_ROWS = 3
DRAFT_ROW = TITLE_ROWS + 1
"""The row between the title block and the header rows: empty, or the draft mark."""
HEADER_FIRST = TITLE_ROWS + 2
"""First header row (one blank row after the title block)."""
HEADER_LAST = HEADER_FIRST + 1
LINE_FACTOR = 1.3
"""Line height of wrapped text as a multiple of the font size (Excel's 15,75 pt for 12 pt)."""
ROW_PADDING_PT = 3.0
INDENT_PT = 7.5
"""Width of one indent level of a cell (three spaces of the default font)."""
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

CellOut = int | float | str | None


def clean_text(text: str) -> str:
    """``text`` without the characters an XML file cannot hold (control characters pasted
    from other programs); Excel and Word would refuse the whole file because of them."""
    return _NOT_XML.sub("", text)


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


def number_format(info: IndicatorInfo, value: CellOut, suffix: str = "") -> str:
    """Excel number format for a value cell: grouping, and the decimals the value shows.

    ``suffix`` (a unit such as "%" in a scored form, ``FormLayout.value_suffix``) is shown
    after a number as literal text; the cell stays a number.
    """
    if info.kind is RowKind.CODE:
        base = "0"
    elif isinstance(value, float):
        decimals = decimals_of(Decimal(repr(value)))
        base = "#,##0." + "0" * decimals if decimals else "#,##0"
    elif isinstance(value, int):
        base = "#,##0"
    else:
        return "@" if isinstance(value, str) else "General"
    text = suffix.replace('"', "")
    return f'{base}"{text}"' if text else base


def _number_cell(value: Decimal | None) -> CellOut:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def column_points(width_chars: float) -> float:
    """Printed width in points of a column ``width_chars`` wide (Excel's unit: the width of
    "0" in the default 11 pt font, 7 px, plus 5 px of padding; 96 px to the inch)."""
    return (width_chars * 7 + 5) * 0.75


def row_height(texts: list[tuple[str, float, bool]], size_pt: float = BODY_SIZE) -> float:
    """Height in points of a row holding ``(text, width_pt, bold)`` cells: the tallest cell's
    wrapped line count × 1,3 × the font size, plus padding; never below one line."""
    lines = max(
        (wrapped_lines(text, width, size_pt, bold=bold) for text, width, bold in texts if text),
        default=1,
    )
    return round(lines * size_pt * LINE_FACTOR + ROW_PADDING_PT, 1)


def build_forms_workbook(
    report: ReportData,
    template: LoadedTemplate,
    result: ValidationResult,
    *,
    draft: bool = False,
    created: datetime | None = None,
) -> bytes:
    """Build the forms workbook (one sheet "Biểu mẫu N" per form) and return the .xlsx bytes.

    Args:
        report: the report (unit, period, notes).
        template: its template (forms and rows, in printed order).
        result: ``validate(template, report)``; its ``effective`` values are written.
        draft: mark every printed page and every sheet "DỰ THẢO" (a report not signed yet).
        created: the file's creation time in its properties (the sign-off time for a signed
            bundle, now for a draft); naive means UTC; ``None``: the time of building.

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
        _fill_sheet(sheet, form, report, template, result, styles, draft)
    props = workbook.properties
    title = clean_text(document_title(report, template.template))
    props.title = msg.EXP_DRAFT_TITLE.format(title=title) if draft else title
    props.subject = clean_text(unit_period_line(report))
    props.creator = props.lastModifiedBy = clean_text(agency_full(report.unit))
    props.category = msg.EXP_DRAFT_MARK if draft else ""
    props.keywords = msg.EXP_DRAFT_MARK if draft else ""
    props.language = "vi-VN"
    if created is not None:
        props.created = _utc_naive(created)
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


def _utc_naive(when: datetime) -> datetime:
    """``when`` in UTC without tzinfo (how openpyxl stores W3CDTF times); naive means UTC."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when


def _header_text(text: str) -> str:
    """Text for a page header/footer part: "&" is a control character there."""
    return clean_text(text).replace("&", "&&")


def _fill_sheet(
    sheet: Any,
    form: Form,
    report: ReportData,
    template: LoadedTemplate,
    result: ValidationResult,
    st: _Styles,
    draft: bool,
) -> None:
    from openpyxl.utils import get_column_letter

    layout = form_layout(template, form, report)
    columns = layout.columns
    last_col = len(columns)
    widths = [column_points(c.width_chars) for c in columns]
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width_chars
    table_pt = sum(widths)

    # Title block: "Biểu mẫu N", the form's title, the unit and period; the draft mark.
    title_lines = [
        (msg.EXP_FORM_NAME.format(number=form.number), st.title, TITLE_SIZE, True),
        (form.title, st.title, TITLE_SIZE, True),
        (unit_period_line(report), st.italic, BODY_SIZE, False),
    ]
    if draft:
        title_lines.append((msg.EXP_DRAFT_LINE, st.title, TITLE_SIZE, True))
    for row, (text, font, size, bold) in enumerate(title_lines, start=1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        st.apply(sheet.cell(row=row, column=1, value=clean_text(text)), font, st.centre)
        sheet.row_dimensions[row].height = row_height([(text, table_pt - 6, bold)], size)

    # Header rows: a grouped column under its group, any other column spanning both rows.
    top, bottom = HEADER_FIRST, HEADER_LAST
    for col, column in enumerate(columns, start=1):
        upper = column.group or column.title
        st.apply(sheet.cell(row=top, column=col, value=upper), st.bold, st.centre, st.border)
        lower = column.title if column.group else None
        st.apply(sheet.cell(row=bottom, column=col, value=lower), st.bold, st.centre, st.border)
        if not column.group:
            sheet.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
    groups: dict[str, float] = {}
    col = 1
    while col <= last_col:
        group = columns[col - 1].group
        end = col
        while group and end < last_col and columns[end].group == group:
            end += 1
        if group:
            groups[group] = sum(widths[col - 1 : end])
            if end > col:
                sheet.merge_cells(start_row=top, start_column=col, end_row=top, end_column=end)
        col = end + 1
    pairs = list(zip(columns, widths, strict=True))
    upper_height = row_height([(g, w - 6, True) for g, w in groups.items()])
    lower_height = row_height([(c.title, w - 6, True) for c, w in pairs if c.group])
    spanning = row_height([(c.title, w - 6, True) for c, w in pairs if not c.group])
    sheet.row_dimensions[top].height = upper_height
    sheet.row_dimensions[bottom].height = max(lower_height, spanning - upper_height)

    # One row per printed template row.
    row = bottom
    for info in layout.rows:
        row += 1
        texts = _row_cells(layout, info, report, template, result)
        font = st.bold if info.indicator.group else st.body
        measured: list[tuple[str, float, bool]] = []
        for col, column in enumerate(columns, start=1):
            content, fmt = texts[column.key]
            if column.key == "label":
                alignment = st.indented(info.depth) if info.depth else st.left
            elif column.key in ("note", "evidence"):
                alignment = st.left
            elif column.key in ("value", "maximum") and not isinstance(content, str):
                alignment = st.right
            else:
                alignment = st.centre
            plain = column.key in ("note", "evidence")
            cell = sheet.cell(row=row, column=col, value=content)
            st.apply(cell, st.body if plain else font, alignment, st.border, fmt)
            if content is not None:
                indent = INDENT_PT * info.depth if column.key == "label" else 0
                bold = info.indicator.group and not plain
                width = widths[col - 1] - 6 - indent
                measured.append((_shown(content, fmt), width, bold))
        label_col = layout.position("label")
        if label_col is not None and info.indicator.group and info.indicator.hint.strip():
            sheet.cell(row=row, column=label_col + 1).value = st.label_with_hint(info)
        sheet.row_dimensions[row].height = row_height(measured)

    # Print setup: A4 portrait, one page wide, header rows on every page, page header/footer.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{top}:{bottom}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    for part, text in (
        (sheet.oddHeader.left, report.unit.display_name),
        (sheet.oddHeader.right, msg.EXP_HEADER_PERIOD.format(period=period_label(report.period))),
        (sheet.oddFooter.center, msg.EXP_FOOTER_PAGE),
    ):
        part.text = text if part is sheet.oddFooter.center else _header_text(text)
        part.font = f"{FONT_NAME},Regular"
        part.size = HEADER_FOOTER_SIZE
    if draft:
        sheet.oddHeader.center.text = _header_text(msg.EXP_DRAFT_MARK)
        sheet.oddHeader.center.font = f"{FONT_NAME},Bold"
        sheet.oddHeader.center.size = TITLE_SIZE + 1
    sheet.freeze_panes = sheet.cell(row=bottom + 1, column=1)


def _shown(content: CellOut, fmt: str) -> str:
    """The text a cell shows, for measuring: numbers with their literal suffix."""
    if isinstance(content, str):
        return content
    suffix = fmt.split('"')[1] if fmt.count('"') == 2 else ""
    return f"{content}{suffix}"


def _row_cells(
    layout: FormLayout,
    info: IndicatorInfo,
    report: ReportData,
    template: LoadedTemplate,
    result: ValidationResult,
) -> dict[str, tuple[CellOut, str]]:
    """Column key → (cell content, number format) of one printed row."""
    value = cell_value(template, result, info)
    if info.kind is RowKind.TEXT:
        value = clean_text(text_value(report, info)) or None
    cells: dict[str, tuple[CellOut, str]] = {
        "stt": (info.indicator.stt.strip() or None, "General"),
        "label": (row_label(info), "General"),
        "unit": (info.indicator.unit_of_measure or None, "General"),
        "value": (value, number_format(info, value, layout.value_suffix(info))),
        "note": (clean_text(report.notes.get(info.key, "")) or None, "General"),
    }
    maximum = _number_cell(maximum_of(info))
    cells["maximum"] = (maximum, number_format(info, maximum) if maximum is not None else "General")
    evidence = layout.evidence.get(info.key)
    if evidence is not None:
        cells["evidence"] = (clean_text(text_value(report, evidence)) or None, "@")
    elif info.indicator.evidence:
        cells["evidence"], cells["value"] = cells["value"], (None, "General")
    else:
        cells["evidence"] = (None, "General")
    return cells
