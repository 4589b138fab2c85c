"""The forms workbook (Biểu mẫu 1–7) read back with openpyxl, as an officer would open it.

Reference: the printed forms of shared/seeds/001 (lines 441–605) — header rows, STT, units,
bold group rows — and the derived values the app computes where the print is wrong; the
points of shared/seeds/003 ("14,35 điểm /15 điểm"); issue 13's printing needs (page numbers,
repeated header rows, the unit and period on every page, rows as tall as their text).
"""

from __future__ import annotations

import copy
import io
import math
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from cchc_tui.base.numbers import round_half_up
from cchc_tui.domain.report import Header, Period, ReportData, ReportingUnit
from cchc_tui.domain.validation import row_decimals, validate
from cchc_tui.exports.xlsx import build_forms_workbook
from cchc_tui.service.samples import load_sample
from cchc_tui.template.loader import LoadedTemplate, load_template_text

HEADER_TOP = 5
FIRST_DATA_ROW = 7


def read(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def row_of(sheet: Any, stt: str) -> int:
    """The sheet row whose STT column reads ``stt`` (the first one)."""
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == stt:
            return row
    raise AssertionError(f"no row with STT {stt!r} in {sheet.title}")


def value_of(sheet: Any, stt: str) -> Any:
    return sheet.cell(row=row_of(sheet, stt), column=4)


@pytest.fixture(scope="module")
def sample() -> tuple[ReportData, LoadedTemplate]:
    return load_sample()


@pytest.fixture(scope="module")
def book(sample: tuple[ReportData, LoadedTemplate]) -> Any:
    report, template = sample
    return read(build_forms_workbook(report, template, validate(template, report)))


def test_one_sheet_per_form_named_as_printed(book: Any) -> None:
    assert book.sheetnames == [f"Biểu mẫu {n}" for n in range(1, 8)]


def test_title_block_names_form_unit_and_period(book: Any) -> None:
    sheet = book["Biểu mẫu 6"]
    assert sheet["A1"].value == "Biểu mẫu 6"
    assert sheet["A2"].value == "Cải cách tài chính công"
    line = sheet["A3"].value
    assert "Xã Bình Lãng" in line
    assert "năm 2023" in line
    assert "01/01/2023" in line and "08/12/2023" in line
    assert sheet["A1"].font.bold


def test_header_rows_are_merged_as_printed(book: Any) -> None:
    for sheet in book.worksheets:
        merged = {str(r) for r in sheet.merged_cells.ranges}
        assert {"A5:A6", "B5:B6", "C5:D5", "E5:E6"} <= merged, sheet.title
        assert sheet["A5"].value == "STT"
        assert sheet["B5"].value == "Chỉ tiêu thống kê (sử dụng cho kỳ báo cáo năm 2023)"
        assert sheet["C5"].value == "Kết quả thống kê"
        assert sheet["C6"].value == "Đơn vị tính"
        assert sheet["D6"].value == "Số lượng/ Tỷ lệ"
        assert sheet["E5"].value == "Ghi chú"
        assert sheet["A5"].font.bold


def test_rows_follow_the_template_with_stt_label_unit_note(
    book: Any, sample: tuple[ReportData, LoadedTemplate]
) -> None:
    _report, template = sample
    sheet = book["Biểu mẫu 1"]
    form_indicators = template.form_indicators(template.form(1))
    assert sheet.max_row == FIRST_DATA_ROW - 1 + len(form_indicators)
    stts = [sheet.cell(row=r, column=1).value for r in range(FIRST_DATA_ROW, sheet.max_row + 1)]
    assert stts[:4] == ["1.", "2.", "2.1.", "2.2."]
    first = row_of(sheet, "1.")
    assert sheet.cell(row=first, column=2).value == (
        "Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)"
    )
    assert sheet.cell(row=first, column=3).value == "Văn bản"
    note_row = row_of(sheet, "2.1.")
    assert sheet.cell(row=note_row, column=5).value == (
        "còn 02 nhiệm vụ đang trong thời hiệu thực hiện"
    )


def test_derived_ratio_is_a_rounded_number(
    book: Any, sample: tuple[ReportData, LoadedTemplate]
) -> None:
    _report, template = sample
    cell = value_of(book["Biểu mẫu 1"], "2.")
    decimals = row_decimals(template, template.indicators["BM1/2"])
    expected = round_half_up(Decimal(33) / Decimal(35) * 100, decimals)
    assert isinstance(cell.value, float)
    assert cell.value == float(expected) == 94.29
    assert cell.number_format == "#,##0.00"


def test_derived_value_replaces_the_printed_zero(book: Any) -> None:
    # Seed 001 prints 0 % for BM6 row 1; its rows give 656,3 / 10.900 = 6,02 %.
    cell = value_of(book["Biểu mẫu 6"], "1.")
    assert cell.value == 6.02
    money = value_of(book["Biểu mẫu 6"], "1.1.")
    assert money.value == 10900 and isinstance(money.value, int)
    assert money.number_format == "#,##0"
    assert value_of(book["Biểu mẫu 6"], "1.2.").value == 656.3


def test_zero_denominator_reads_khong_phat_sinh(book: Any) -> None:
    assert value_of(book["Biểu mẫu 2"], "2.2.").value == "không phát sinh"


def test_counts_are_int_cells_with_thousands_grouping(book: Any) -> None:
    cell = value_of(book["Biểu mẫu 1"], "5.1.")
    assert cell.value == 2037 and isinstance(cell.value, int)
    assert cell.data_type == "n"
    assert cell.number_format == "#,##0"


def test_code_rows_hold_the_integer_code(book: Any) -> None:
    cell = value_of(book["Biểu mẫu 1"], "5.2.")
    assert cell.value == 1 and isinstance(cell.value, int)
    assert cell.number_format == "0"


def test_empty_value_is_an_empty_cell(book: Any) -> None:
    # BM3 row 1.1. is printed empty in seed 001.
    assert value_of(book["Biểu mẫu 3"], "1.1.").value is None


def test_group_rows_bold_and_children_indented(book: Any) -> None:
    sheet = book["Biểu mẫu 1"]
    group, child = row_of(sheet, "2."), row_of(sheet, "2.1.")
    assert sheet.cell(row=group, column=1).font.bold
    assert sheet.cell(row=group, column=2).font.bold
    assert sheet.cell(row=group, column=4).font.bold
    assert not sheet.cell(row=child, column=2).font.bold
    assert sheet.cell(row=child, column=2).alignment.indent == 1
    assert sheet.cell(row=row_of(sheet, "3.3.1."), column=2).alignment.indent == 2


def test_times_new_roman_borders_and_wrap(book: Any) -> None:
    sheet = book["Biểu mẫu 7"]
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=sheet.max_row):
        for cell in row:
            assert cell.font.name == "Times New Roman"
            assert cell.border.left.style == "thin"
    assert sheet.cell(row=FIRST_DATA_ROW, column=2).alignment.wrap_text
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_print_setup_a4_fit_to_width_header_repeated(book: Any) -> None:
    for sheet in book.worksheets:
        assert sheet.page_setup.paperSize == 9  # A4 in SpreadsheetML
        assert sheet.page_setup.orientation == "portrait"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.print_title_rows == "$5:$6"  # the two header rows on every page


def test_every_page_numbered_and_naming_unit_and_period(book: Any) -> None:
    for sheet in book.worksheets:
        footer = sheet.oddFooter.center
        assert footer.text == "Trang &P/&N"  # Excel's codes: page number / page count
        assert footer.font.startswith("Times New Roman")
        assert sheet.oddHeader.left.text == "Xã Bình Lãng"
        assert sheet.oddHeader.right.text == "Kỳ báo cáo năm 2023"
        assert not sheet.oddHeader.center.text  # a signed report is no draft
        assert sheet["A4"].value is None


def _lines_at_least(text: str, width_chars: float) -> int:
    """A lower bound of the lines a text needs: Times New Roman 12 averages more than 0,8 of
    Excel's width unit per character, so fewer than 1,25 characters fit per unit."""
    return max(1, math.ceil(len(text) / (width_chars * 1.25)))


def test_rows_are_as_tall_as_their_wrapped_text(book: Any) -> None:
    """Every row holds its longest cell (issue 13: wrapped labels overflowed when printed)."""
    for sheet in book.worksheets:
        widths = {c: sheet.column_dimensions[c].width for c in "ABCDE"}
        for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
            height = sheet.row_dimensions[row].height
            assert height is not None and height >= 12 * 1.2, (sheet.title, row)
            for col in "BCE":
                text = str(sheet[f"{col}{row}"].value or "")
                lines = _lines_at_least(text, widths[col])
                assert height >= lines * 12 * 1.15, (sheet.title, row, col, text)
    sheet = book["Biểu mẫu 1"]
    one_line, three_lines = row_of(sheet, "3.1."), row_of(sheet, "5.2.")
    # "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2" in an 18-wide unit column: three lines
    assert sheet.row_dimensions[three_lines].height > 2.5 * sheet.row_dimensions[one_line].height


def test_properties_name_the_report_the_unit_and_the_time(
    sample: tuple[ReportData, LoadedTemplate],
) -> None:
    report, template = sample
    when = datetime(2023, 12, 8, 9, 30, tzinfo=UTC)
    data = build_forms_workbook(report, template, validate(template, report), created=when)
    props = read(data).properties
    assert props.title == "Báo cáo kết quả thực hiện công tác Cải cách hành chính năm 2023"
    assert props.creator == "Ủy ban nhân dân xã Bình Lãng"
    assert props.created == datetime(2023, 12, 8, 9, 30)  # openpyxl reads naive UTC
    assert props.category in (None, "")


def test_draft_is_marked_on_every_page_and_sheet(
    sample: tuple[ReportData, LoadedTemplate],
) -> None:
    report, template = sample
    draft = read(build_forms_workbook(report, template, validate(template, report), draft=True))
    for sheet in draft.worksheets:
        assert sheet.oddHeader.center.text == "DỰ THẢO"
        assert sheet["A4"].value.startswith("DỰ THẢO")
        assert sheet["A5"].value == "STT"  # the layout below is unchanged
    assert draft.properties.title.startswith("DỰ THẢO")
    assert draft.properties.category == "DỰ THẢO"


def test_points_template_has_its_own_columns() -> None:
    report, template = load_sample("thanh-xa-2023-chi-so")
    report.values["BM1/1-kiem-chung"] = "59/KH-UBND; 60/KH-UBND"
    book = read(build_forms_workbook(report, template, validate(template, report)))
    sheet = book["Biểu mẫu 1"]
    assert [sheet.cell(row=HEADER_TOP, column=c).value for c in range(1, 7)] == [
        "STT",
        "Lĩnh vực, tiêu chí, tiêu chí thành phần",
        "Điểm tối đa",
        "Điểm tự chấm",
        "Tài liệu kiểm chứng",
        "Ghi chú",
    ]
    assert {"A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:E6", "F5:F6"} <= {
        str(r) for r in sheet.merged_cells.ranges
    }
    one = row_of(sheet, "1.")
    assert sheet.cell(row=one, column=3).value == 15  # seed 003: 14,35 điểm /15 điểm
    assert sheet.cell(row=one, column=4).value == 14.35
    assert sheet.cell(row=one, column=5).value == "59/KH-UBND; 60/KH-UBND"
    labels = [sheet.cell(row=r, column=2).value for r in range(FIRST_DATA_ROW, sheet.max_row + 1)]
    assert not any(str(label).startswith("Tài liệu kiểm chứng") for label in labels)
    ratio = one + 1
    assert str(sheet.cell(row=ratio, column=2).value).startswith("Tỷ lệ điểm đạt được")
    percent = sheet.cell(row=ratio, column=4)
    assert isinstance(percent.value, float) and percent.number_format.endswith('"%"')
    assert sheet.cell(row=ratio, column=3).value is None
    five = row_of(sheet, "5.")
    assert sheet.cell(row=five, column=6).value == (
        "do xã chưa thực hiện đánh giá cán bộ, công chức năm 2023"
    )
    assert sheet.print_title_rows == "$5:$6"


def _fresh(template: LoadedTemplate) -> ReportData:
    return ReportData(
        template_id=template.full_id,
        unit=ReportingUnit(code="00001", name="Thanh Xá", kind="xa", province="Hải Dương"),
        period=Period("nam", "2024-nam", date(2024, 1, 1), date(2024, 12, 31)),
        receiving_office="UBND huyện",
    )


def test_fresh_report_gives_empty_value_cells(sample: tuple[ReportData, LoadedTemplate]) -> None:
    _report, template = sample
    fresh = _fresh(template)
    book = read(build_forms_workbook(fresh, template, validate(template, fresh)))
    sheet = book["Biểu mẫu 1"]
    assert sheet["B5"].value == "Chỉ tiêu thống kê (sử dụng cho kỳ báo cáo năm 2024)"
    values = [sheet.cell(row=r, column=4).value for r in range(FIRST_DATA_ROW, sheet.max_row + 1)]
    assert values and all(v is None for v in values)


def test_control_characters_in_a_note_do_not_break_the_file(
    sample: tuple[ReportData, LoadedTemplate],
) -> None:
    report, template = sample
    changed = copy.deepcopy(report)
    changed.notes["BM1/1"] = "dán từ\x0bWord\x01"
    book = read(build_forms_workbook(changed, template, validate(template, changed)))
    sheet = book["Biểu mẫu 1"]
    assert sheet.cell(row=row_of(sheet, "1."), column=5).value == "dán từWord"


TINY = """
id: thu/phuong/mini
version: "1"
title: Mẫu thử nhỏ
province: Tỉnh thử
period_kinds: [6thang]
unit_kinds: [phuong]
receiving_office: Sở Nội vụ
rounding: {decimals: 1}
sections: []
forms:
  - number: 3
    title: Biểu thử ba
    rows:
      - stt: "A."
        label: Nhóm hồ sơ
        kind: heading
        group: true
        children:
          - {stt: "A.1", label: Tổng số hồ sơ, unit_of_measure: Hồ sơ, kind: count}
          - {stt: "A.2", label: Hồ sơ đúng hạn, unit_of_measure: Hồ sơ, kind: count}
          - {stt: "A.3", label: Tỷ lệ đúng hạn, unit_of_measure: "%", kind: percent,
             derive: "ratio({A.2}, {A.1})"}
      - {stt: "B.", label: Kinh phí, hint: (cả năm), unit_of_measure: Triệu đồng, kind: money,
         group: true}
      - {stt: "C.", label: Đã xong, unit_of_measure: "Chưa = 0; Xong = 1", kind: code,
         codes: {0: Chưa, 1: Xong}}
  - number: 8
    title: Biểu thử tám
    rows:
      - {stt: "1", label: Số cuộc họp, unit_of_measure: Cuộc, kind: count}
"""


def test_layout_comes_from_the_template_not_from_seed_001() -> None:
    template = load_template_text(TINY, "tiny.yaml")
    report = ReportData(
        template_id=template.full_id,
        unit=ReportingUnit(code="00002", name="Hòa Bình", kind="phuong", province="Tỉnh thử"),
        period=Period("6thang", "2025-6thang", date(2025, 1, 1), date(2025, 6, 30)),
        receiving_office="Sở Nội vụ",
        header=Header(place="Hòa Bình"),
        values={
            "BM3/A.1": 3,
            "BM3/A.2": 2,
            "BM3/B": Decimal("1234.5"),
            "BM3/C": 1,
            "BM8/1": 1500,
        },
        notes={"BM8/1": "họp trực tuyến"},
    )
    book = read(build_forms_workbook(report, template, validate(template, report)))
    assert book.sheetnames == ["Biểu mẫu 3", "Biểu mẫu 8"]

    three = book["Biểu mẫu 3"]
    assert three["A2"].value == "Biểu thử ba"
    assert "Phường Hòa Bình" in three["A3"].value and "6 tháng năm 2025" in three["A3"].value
    assert three["B5"].value == "Chỉ tiêu thống kê (sử dụng cho kỳ báo cáo 6 tháng năm 2025)"
    assert three.max_row == FIRST_DATA_ROW - 1 + 6
    assert [three.cell(row=r, column=1).value for r in range(7, 12)] == [
        "A.",
        "A.1",
        "A.2",
        "A.3",
        "B.",
    ]
    ratio = value_of(three, "A.3")  # 2 / 3 = 66,67 %, rounded to the template's 1 decimal
    assert ratio.value == 66.7 and ratio.number_format == "#,##0.0"
    money = value_of(three, "B.")
    assert money.value == 1234.5 and money.number_format == "#,##0.0"
    assert three.cell(row=row_of(three, "B."), column=2).value == "Kinh phí (cả năm)"
    assert three.cell(row=row_of(three, "B."), column=2).font.bold
    assert value_of(three, "C.").value == 1
    assert three.cell(row=row_of(three, "A.1"), column=2).alignment.indent == 1
    assert value_of(three, "A.").value is None

    eight = book["Biểu mẫu 8"]
    assert eight["A2"].value == "Biểu thử tám"
    assert value_of(eight, "1").value == 1500
    assert eight.cell(row=row_of(eight, "1"), column=5).value == "họp trực tuyến"
    assert {"A5:A6", "B5:B6", "C5:D5", "E5:E6"} <= {str(r) for r in eight.merged_cells.ranges}


def test_importing_the_module_loads_neither_openpyxl_nor_textual() -> None:
    code = (
        "import sys, cchc_tui.exports.xlsx; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl', 'textual'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
