"""The columns and rows of a form's table, decided by the template's data (never by its id).

One layout serves the workbook (``exports.xlsx``) and the Word appendix (``exports.docx``):

* a statistical form (seed 001, Biểu mẫu 1–7): "STT" | "Chỉ tiêu thống kê (sử dụng cho kỳ báo
  cáo …)" | "Kết quả thống kê" over "Đơn vị tính" and "Số lượng/ Tỷ lệ" | "Ghi chú";
* a scored form — one whose rows carry a ``maximum`` (an area's maximum points, seed 003):
  "STT" | "Lĩnh vực, tiêu chí" | "Điểm tối đa" | "Điểm tự chấm" | … | "Ghi chú"; a value whose
  unit is not the points' unit shows its unit ("95,67%");
* either kind with evidence rows (``evidence: true``, tài liệu kiểm chứng) gets a "Tài liệu
  kiểm chứng" column before "Ghi chú"; an evidence row is then printed in its parent's row
  instead of as a row of its own.

Every layout has two header rows: a column under a group title ("Kết quả thống kê") has the
group above and its own title below; any other column's title spans both rows.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from cchc_tui import messages as msg
from cchc_tui.domain.header import period_label
from cchc_tui.domain.report import ReportData
from cchc_tui.exports.textwidth import PT_PER_MM, text_width_pt
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate
from cchc_tui.template.model import Form, RowKind

TABLE_WIDTH_MM = 165.0
"""Text width of an A4 page with the state-format margins (210 − 30 − 15 mm)."""
SHEET_WIDTH_CHARS = 126.0
"""Sum of a five-column sheet's column widths (Excel character widths); +10 per extra column."""
_BASE: dict[str, tuple[float, float]] = {
    "stt": (12, 8),
    "unit": (27, 18),
    "value": (22, 14),
    "maximum": (16, 10),
    "evidence": (28, 24),
    "note": (24, 24),
}
"""Column key → (width in mm in the Word table, width in characters in the sheet); the label
column takes what is left; the STT column widens for long STTs ("6.4.1.2.")."""
TABLE_PT = 12
"""Font size of the tables, Word and Excel."""
CELL_PADDING_MM = 3.0
"""Left plus right padding of a Word table cell."""
EXCEL_CHAR_PT = 5.25
"""Excel's column-width unit: "0" of the default 11-pt font, 7 px = 5,25 pt."""


@dataclass(frozen=True)
class Column:
    """One column of a form's table.

    ``key`` is ``stt``, ``label``, ``unit``, ``value``, ``maximum``, ``evidence`` or ``note``;
    ``group`` the title printed above it and its neighbours of the same group (or "").
    """

    key: str
    title: str
    width_mm: float
    width_chars: float
    group: str = ""


@dataclass(frozen=True)
class FormLayout:
    """Columns and printed rows of one form."""

    form: Form
    columns: tuple[Column, ...]
    rows: tuple[IndicatorInfo, ...]
    """Rows printed, in template order (evidence rows folded into their parents left out)."""
    evidence: dict[str, IndicatorInfo]
    """Printed row key → the evidence row shown in its "Tài liệu kiểm chứng" cell."""
    points_unit: str
    """Unit of the scored rows ("Điểm"); "" for a statistical form."""

    @property
    def scored(self) -> bool:
        """Whether this is a scored form (points against a maximum)."""
        return bool(self.points_unit)

    def position(self, key: str) -> int | None:
        """0-based position of the column ``key``, ``None`` when the layout has none."""
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        return None

    def value_suffix(self, info: IndicatorInfo) -> str:
        """What follows a value in a scored form whose unit column is left out: "%" or " <unit>"
        for rows not counted in points; "" otherwise."""
        unit = info.indicator.unit_of_measure.strip()
        if not self.scored or not unit or unit == self.points_unit or info.kind is RowKind.TEXT:
            return ""
        return unit if unit == "%" else f" {unit}"


def form_layout(template: LoadedTemplate, form: Form, report: ReportData) -> FormLayout:
    """The layout of ``form`` (see the module docstring): columns from the rows' data."""
    infos = template.form_indicators(form)
    maxima = [i for i in infos if i.indicator.maximum is not None]
    units = Counter(i.indicator.unit_of_measure.strip() for i in maxima)
    points_unit = (units.most_common(1)[0][0] or msg.EXP_POINTS_UNIT) if maxima else ""
    keys = {i.key for i in infos}
    evidence: dict[str, IndicatorInfo] = {
        i.parent: i for i in infos if i.indicator.evidence and i.parent is not None
    }
    evidence = {parent: row for parent, row in evidence.items() if parent in keys}
    has_evidence = any(i.indicator.evidence for i in infos)
    rows = tuple(i for i in infos if not (i.indicator.evidence and i.parent in evidence))

    if points_unit:
        wanted = [
            ("stt", msg.EXP_COL_STT, ""),
            ("label", msg.EXP_COL_CRITERIA, ""),
            ("maximum", msg.EXP_COL_MAXIMUM, ""),
            ("value", msg.EXP_COL_SCORE, ""),
        ]
    else:
        label = msg.EXP_COL_INDICATOR.format(period=period_label(report.period))
        wanted = [
            ("stt", msg.EXP_COL_STT, ""),
            ("label", label, ""),
            ("unit", msg.EXP_COL_UNIT, msg.EXP_COL_RESULT),
            ("value", msg.EXP_COL_VALUE, msg.EXP_COL_RESULT),
        ]
    if has_evidence:
        wanted.append(("evidence", msg.EXP_COL_EVIDENCE, ""))
    wanted.append(("note", msg.EXP_COL_NOTE, ""))
    longest = max(
        (text_width_pt(i.indicator.stt.strip(), TABLE_PT, bold=True) for i in rows), default=0
    )
    base = dict(_BASE)
    base["stt"] = (
        max(_BASE["stt"][0], math.ceil(longest / PT_PER_MM + CELL_PADDING_MM + 1)),
        max(_BASE["stt"][1], math.ceil(longest / EXCEL_CHAR_PT) + 2),
    )
    chars_total = SHEET_WIDTH_CHARS + 10 * (len(wanted) - 5)
    used_mm = sum(base[k][0] for k, _t, _g in wanted if k != "label")
    used_chars = sum(base[k][1] for k, _t, _g in wanted if k != "label")
    columns = tuple(
        Column(
            key,
            title,
            TABLE_WIDTH_MM - used_mm if key == "label" else base[key][0],
            chars_total - used_chars if key == "label" else base[key][1],
            group,
        )
        for key, title, group in wanted
    )
    return FormLayout(form, columns, rows, evidence, points_unit)


def text_value(report: ReportData, info: IndicatorInfo) -> str:
    """A text row's value as typed ("" when empty); validation keeps no text values."""
    value = report.values.get(info.key)
    return value.strip() if isinstance(value, str) else ""


def maximum_of(info: IndicatorInfo) -> Decimal | None:
    """A row's maximum points (``maximum`` in the template), exactly as written there."""
    maximum = info.indicator.maximum
    return None if maximum is None else Decimal(repr(maximum))
