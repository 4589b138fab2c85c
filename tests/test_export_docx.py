"""The Word report read back with python-docx, as the office above would open it.

Reference: shared/seeds/001 (header lines 1–12, the forms, the documents appendix, "Nơi nhận"
and the signature block) and the state format of Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
import sys
from datetime import date
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from cchc_tui.domain.report import Header, Period, ReportData, ReportingUnit
from cchc_tui.domain.validation import validate
from cchc_tui.exports.docx import build_report_docx
from cchc_tui.service.samples import load_sample
from cchc_tui.template.loader import LoadedTemplate

TNR = "Times New Roman"


def read(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def table_with(document: Any, text: str) -> Any:
    for table in document.tables:
        for row in table.rows:
            if any(text in cell.text for cell in row.cells):
                return table
    raise AssertionError(f"no table contains {text!r}")


def row_texts(table: Any, first: str) -> list[str]:
    for row in table.rows:
        cells = [cell.text for cell in row.cells]
        if cells[0] == first:
            return cells
    raise AssertionError(f"no row starts with {first!r}")


def paragraph(document: Any, text: str) -> Any:
    for par in document.paragraphs:
        if text in par.text:
            return par
    raise AssertionError(f"no paragraph contains {text!r}")


@pytest.fixture(scope="module")
def sample() -> tuple[ReportData, LoadedTemplate]:
    return load_sample()


@pytest.fixture(scope="module")
def document(sample: tuple[ReportData, LoadedTemplate]) -> Any:
    report, template = sample
    return read(build_report_docx(report, template, validate(template, report)))


def test_national_header_table(document: Any) -> None:
    left, right = document.tables[0].rows[0].cells
    assert left.text.split("\n") == ["ỦY BAN NHÂN DÂN", "XÃ BÌNH LÃNG", "Số: ....../BC-UBND"]
    assert right.text.split("\n") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bình Lãng, ngày 08 tháng 12 năm 2023",
    ]
    agency, unit, number = left.paragraphs
    assert all(run.bold for run in agency.runs + unit.runs)
    assert not any(run.bold for run in number.runs)
    nation, motto, place_date = right.paragraphs
    assert all(run.bold for run in nation.runs + motto.runs)
    assert all(run.italic for run in place_date.runs)


def test_header_table_has_no_borders(document: Any) -> None:
    borders = document.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_issued_number_is_printed(sample: tuple[ReportData, LoadedTemplate]) -> None:
    report, template = sample
    issued = copy.deepcopy(report)
    issued.header.number = "101"
    left = read(build_report_docx(issued, template, validate(template, issued))).tables[0]
    assert "Số: 101/BC-UBND" in left.rows[0].cells[0].text


def test_title_block_centred_and_bold(document: Any) -> None:
    kind = paragraph(document, "BÁO CÁO")
    assert kind.text == "BÁO CÁO"
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in kind.runs)
    title = paragraph(document, "Kết quả thực hiện công tác Cải cách hành chính năm 2023")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    basis = paragraph(document, "Thực hiện Công văn số 271/KH-UBND ngày 15/03/2023")
    assert basis.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


def test_narrative_in_template_order_with_headings(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]
    part = texts.index("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CCHC")
    section = texts.index("I.1. Công tác chỉ đạo, điều hành")
    sub = texts.index("- Về chỉ đạo điều hành CCHC")
    sentence = paragraph(document, "hoàn thành 190/190 nhiệm vụ được UBND huyện")
    later = texts.index("I.2. Cải cách thể chế")
    assert part < section < sub < texts.index(sentence.text) < later
    assert all(run.italic for run in document.paragraphs[sub].runs)
    assert all(run.bold for run in document.paragraphs[section].runs)
    body = sentence.paragraph_format
    assert sentence.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.first_line_indent is not None and body.first_line_indent > 0
    closing = paragraph(document, "Trên đây là báo cáo kết quả thực hiện công tác cải cách")
    assert texts.index(closing.text) > later


def test_blank_lines_split_paragraphs(document: Any) -> None:
    # I.1.3 in the sample holds several paragraphs; none survives with a blank line inside.
    assert not any("\n\n" in p.text for p in document.paragraphs)
    paragraph(document, "Công tác tự kiểm tra tình hình thực hiện cải cách hành chính")


def test_forms_appendix_tables(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]
    assert "PHỤ LỤC" in texts
    assert "Biểu mẫu 1" in texts and "Biểu mẫu 7" in texts
    table = table_with(document, "Số văn bản chỉ đạo CCHC đã ban hành")
    top = [c.text for c in table.rows[0].cells]
    second = [c.text for c in table.rows[1].cells]
    assert top == [
        "STT",
        "Chỉ tiêu thống kê (sử dụng cho kỳ báo cáo năm 2023)",
        "Kết quả thống kê",
        "Kết quả thống kê",
        "Ghi chú",
    ]
    assert second[2:4] == ["Đơn vị tính", "Số lượng/ Tỷ lệ"]
    assert second[0] == "STT"  # merged vertically with the row above
    assert row_texts(table, "2.")[2:4] == ["%", "94,29"]
    assert row_texts(table, "5.1.")[3] == "2.037"
    assert row_texts(table, "2.1.")[4] == "còn 02 nhiệm vụ đang trong thời hiệu thực hiện"
    group = next(r for r in table.rows if r.cells[0].text == "1.")
    assert all(run.bold for run in group.cells[1].paragraphs[0].runs)


def test_forms_show_derived_and_not_applicable(document: Any) -> None:
    bm6 = table_with(document, "Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công")
    assert row_texts(bm6, "1.")[3] == "6,02"
    bm2 = table_with(document, "Tổng số Văn bản quy phạm pháp luật")
    assert row_texts(bm2, "2.2.")[3] == "không phát sinh"


def test_documents_appendix_table(document: Any, sample: tuple[ReportData, LoadedTemplate]) -> None:
    report, _template = sample
    table = table_with(document, "59/KH-UBND")
    assert len(table.rows) == 44 + 1
    assert [c.text for c in table.rows[0].cells] == ["STT", "Số, ký hiệu", "Ngày", "Trích yếu"]
    first = [c.text for c in table.rows[1].cells]
    assert first[:3] == ["1", "59/KH-UBND", "30/12/2022"]
    assert first[3].startswith("Kế hoạch triển khai thực hiện Đề án")
    for index, row in enumerate(table.rows[1:], start=1):
        assert row.cells[0].text == str(index)
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", row.cells[2].text)
    assert paragraph(document, "Các văn bản đã ban hành để triển khai").text.endswith("năm 2023")


def test_recipients_and_signature(document: Any) -> None:
    table = table_with(document, "Nơi nhận:")
    left, right = table.rows[0].cells
    lines = left.text.split("\n")
    assert lines[0] == "Nơi nhận:"
    assert lines[1] == "- Đoàn kiểm tra của huyện;"
    assert lines[-1] == "- Lưu: VP."
    assert all(run.bold and run.italic for run in left.paragraphs[0].runs)
    signed = [line for line in right.text.split("\n") if line]
    assert signed == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Xuân Mãng"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in right.paragraphs)
    assert all(run.bold for p in right.paragraphs for run in p.runs)


def test_signature_comes_before_the_appendices(document: Any) -> None:
    body = list(document.element.body)
    sign = table_with(document, "Nơi nhận:")._tbl
    forms = table_with(document, "Số văn bản chỉ đạo CCHC đã ban hành")._tbl
    docs = table_with(document, "59/KH-UBND")._tbl
    assert body.index(sign) < body.index(forms) < body.index(docs)


def test_a4_and_state_format_margins(document: Any) -> None:
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(20)) < Mm(0.1)
    assert abs(section.bottom_margin - Mm(20)) < Mm(0.1)
    assert abs(section.left_margin - Mm(30)) < Mm(0.1)
    assert abs(section.right_margin - Mm(15)) < Mm(0.1)


def test_times_new_roman_everywhere(document: Any) -> None:
    normal = document.styles["Normal"]
    assert normal.font.name == TNR
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == TNR
    assert rfonts.get(qn("w:cs")) == TNR
    assert 13 <= normal.font.size.pt <= 14
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for element in defaults.iter(qn("w:rFonts")):
        assert element.get(qn("w:asciiTheme")) is None  # no theme font (Calibri) left over
        assert element.get(qn("w:ascii")) == TNR
    pars = list(document.paragraphs)
    pars += [p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert {p.style.name for p in pars} == {"Normal"}
    assert {run.font.name for p in pars for run in p.runs} <= {None, TNR}


def _fresh(template: LoadedTemplate) -> ReportData:
    return ReportData(
        template_id=template.full_id,
        unit=ReportingUnit(code="00001", name="Thanh Xá", kind="xa", province="Hải Dương"),
        period=Period("nam", "2024-nam", date(2024, 1, 1), date(2024, 12, 31)),
        receiving_office="UBND huyện",
        header=Header(place="Thanh Xá"),
    )


def test_fresh_report_builds_with_dots(sample: tuple[ReportData, LoadedTemplate]) -> None:
    _report, template = sample
    fresh = _fresh(template)
    document = read(build_report_docx(fresh, template, validate(template, fresh)))
    left, right = document.tables[0].rows[0].cells
    assert "XÃ THANH XÁ" in left.text and "Số: ....../BC-UBND" in left.text
    assert right.text.endswith("Thanh Xá, ngày ...... tháng ...... năm ......")
    table = table_with(document, "Số văn bản chỉ đạo CCHC đã ban hành")
    assert row_texts(table, "1.")[3] == ""
    assert not any("59/KH-UBND" in c.text for t in document.tables for c in t.rows[0].cells)


def test_control_characters_do_not_break_the_file(
    sample: tuple[ReportData, LoadedTemplate],
) -> None:
    report, template = sample
    changed = copy.deepcopy(report)
    changed.narrative["I.1.1"] = "Dán từ\x0b chương trình khác\x01.\n\nĐoạn hai & <ba>."
    changed.notes["BM1/1"] = "ghi\x08 chú"
    document = read(build_report_docx(changed, template, validate(template, changed)))
    paragraph(document, "Dán từ chương trình khác.")
    paragraph(document, "Đoạn hai & <ba>.")
    table = table_with(document, "Số văn bản chỉ đạo CCHC đã ban hành")
    assert row_texts(table, "1.")[4] == "ghi chú"


def test_importing_the_module_loads_neither_docx_nor_textual() -> None:
    code = (
        "import sys, cchc_tui.exports.docx; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'textual', 'openpyxl'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
