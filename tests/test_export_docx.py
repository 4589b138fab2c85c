"""The Word report read back with python-docx and its XML, as the office above would open it.

Reference: shared/seeds/001 (the header at the top, "Nơi nhận" and the signature block at the
end of the narrative, the forms, the documents appendix), shared/seeds/003 (points against a
maximum) and the state format of Nghị định 30/2020/NĐ-CP, Phụ lục I (sizes per element, the
short rules, page numbers from page 2, margins, numbered appendices, "Nơi nhận").
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from hypothesis import given
from hypothesis import strategies as st

from cchc_tui.domain.header import (
    closing_sentence,
    date_problem,
    default_closing,
    default_recipients,
    default_title,
    header_problems,
    number_problem,
    signature_lines,
    symbol_problem,
)
from cchc_tui.domain.interchange import dumps_report, loads_report
from cchc_tui.domain.report import Header, Period, ReportData, ReportingUnit, Signature
from cchc_tui.domain.validation import validate
from cchc_tui.exports.docx import build_report_docx
from cchc_tui.exports.draft import build_draft, draft_names, is_draft_name
from cchc_tui.service.samples import load_sample, sample_path
from cchc_tui.template.loader import LoadedTemplate

TNR = "Times New Roman"
SIGNED_AT = datetime(2023, 12, 8, 9, 30, tzinfo=UTC)

# shared/seeds/001_c4a6142e6ed96882.txt, as printed.
SEED_001_HEADER = [
    "Số: /BC-UBND",  # line 3 (the number left blank for the văn thư)
    "Bình Lãng, ngày 08 tháng 12 năm 2023",  # line 5
    "BÁO CÁO",  # line 7
    "Kết quả thực hiện công tác Cải cách hành chính năm 2023",  # line 8
]
SEED_001_SIGNATURE = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Xuân Mãng"]  # lines 436–439


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


def filled(cell: Any) -> list[Any]:
    """The paragraphs of a cell that hold text (rules are empty paragraphs)."""
    return [p for p in cell.paragraphs if p.text.strip()]


def look(par: Any) -> tuple[set[float], bool, bool]:
    """Sizes (pt) of a paragraph's runs, whether all are bold, whether all are italic."""
    runs = [r for r in par.runs if r.text.strip()]
    assert runs, par.text
    return ({r.font.size.pt for r in runs}, all(r.bold for r in runs), all(r.italic for r in runs))


def words(text: str) -> list[str]:
    return text.split()


def rule_after(par: Any) -> Any:
    """The paragraph right after ``par``, which must be a rule: empty, with a top border."""
    following = par._p.getnext()
    assert following is not None and following.tag == qn("w:p"), par.text
    border = following.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}")
    assert border is not None, f"no rule under {par.text!r}"
    assert border.get(qn("w:val")) == "single"
    assert "".join(following.itertext()).strip() == ""
    return following


def rule_indents_mm(rule: Any) -> tuple[float, float]:
    ind = rule.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    return (int(ind.get(qn("w:left"))) * 25.4 / 1440, int(ind.get(qn("w:right"))) * 25.4 / 1440)


@pytest.fixture(scope="module")
def sample() -> tuple[ReportData, LoadedTemplate]:
    return load_sample()


@pytest.fixture(scope="module")
def document(sample: tuple[ReportData, LoadedTemplate]) -> Any:
    report, template = sample
    result = validate(template, report)
    return read(build_report_docx(report, template, result, created=SIGNED_AT))


@pytest.fixture(scope="module")
def draft(sample: tuple[ReportData, LoadedTemplate]) -> Any:
    report, template = sample
    return read(build_report_docx(report, template, validate(template, report), draft=True))


# --- the header, title and signature block of seed 001 ---------------------------------------
def test_header_title_and_signature_match_seed_001_word_for_word(document: Any) -> None:
    left, right = document.tables[0].rows[0].cells
    number = filled(left)[-1].text
    place_date = filled(right)[-1].text
    kind = paragraph(document, "BÁO CÁO").text
    title = paragraph(document, "Kết quả thực hiện công tác").text
    printed = [number, place_date, kind, title]
    assert [words(t) for t in printed] == [words(t) for t in SEED_001_HEADER]
    sign = table_with(document, "Nơi nhận:").rows[0].cells[1]
    assert [p.text for p in filled(sign)] == SEED_001_SIGNATURE


def test_national_header_table(document: Any) -> None:
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in filled(left)][:2] == ["ỦY BAN NHÂN DÂN", "XÃ BÌNH LÃNG"]
    assert [p.text for p in filled(right)] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bình Lãng, ngày 08 tháng 12 năm 2023",
    ]


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


# --- NĐ 30/2020, Phụ lục I: sizes and styles per element --------------------------------------
def test_font_size_and_style_of_every_element(document: Any) -> None:
    """Sizes in the decree's ranges: agency 12–13 bold upper case, national name 12–13 bold,
    motto 13–14 bold, "Số" 13, place-date 13–14 italic, kind and title 13–14 bold, body 13–14,
    "Nơi nhận:" 12 bold italic and its list 11, signature 13–14 bold."""
    left, right = document.tables[0].rows[0].cells
    agency, unit, number = filled(left)
    nation, motto, place_date = filled(right)
    sign_left, sign_right = table_with(document, "Nơi nhận:").rows[0].cells
    recipients = filled(sign_left)
    expected = [
        (agency, {13.0}, True, False),
        (unit, {13.0}, True, False),
        (number, {13.0}, False, False),
        (nation, {13.0}, True, False),
        (motto, {14.0}, True, False),
        (place_date, {14.0}, False, True),
        (paragraph(document, "BÁO CÁO"), {14.0}, True, False),
        (paragraph(document, "Kết quả thực hiện công tác Cải"), {14.0}, True, False),
        (paragraph(document, "Thực hiện Công văn số 271/KH-UBND"), {14.0}, False, False),
        (recipients[0], {12.0}, True, True),
        *[(p, {11.0}, False, False) for p in recipients[1:]],
        *[(p, {14.0}, True, False) for p in filled(sign_right)],
    ]
    for par, sizes, bold, italic in expected:
        assert look(par) == (sizes, bold, italic), par.text
    for par in (agency, unit, nation):
        assert par.text == par.text.upper()
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"


def test_rules_under_agency_motto_and_title(document: Any) -> None:
    """A single rule under the agency name, the motto and the title, centred under the text,
    the agency's and the title's short (1/3–1/2 of the line), the motto's as long as the line.
    Their printed lengths against the printed text are checked in test_render_pdf."""
    left, right = document.tables[0].rows[0].cells
    unit = filled(left)[1]
    motto = filled(right)[1]
    title = paragraph(document, "Kết quả thực hiện công tác Cải")
    agency_rule, motto_rule, title_rule = rule_after(unit), rule_after(motto), rule_after(title)
    for rule in (agency_rule, motto_rule, title_rule):
        left_mm, right_mm = rule_indents_mm(rule)
        assert abs(left_mm - right_mm) < 0.1  # centred
    box_left = left.width.mm - 3  # cell width less its 1,5 mm paddings
    box_right = right.width.mm - 3
    agency_len = box_left - sum(rule_indents_mm(agency_rule))
    motto_len = box_right - sum(rule_indents_mm(motto_rule))
    title_len = 165 - sum(rule_indents_mm(title_rule))
    assert 10 < agency_len < box_left / 2
    assert agency_len < motto_len < box_right
    assert 30 < title_len < 165 / 2


def test_body_paragraphs_justified_and_indented(document: Any) -> None:
    sentence = paragraph(document, "hoàn thành 190/190 nhiệm vụ được UBND huyện")
    assert sentence.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = sentence.paragraph_format
    assert fmt.first_line_indent is not None and 9.9 < fmt.first_line_indent.mm < 12.8
    assert fmt.space_after.pt >= 6  # NĐ 30: at least 6 pt between paragraphs
    kind = paragraph(document, "BÁO CÁO")
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER


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
    closing = paragraph(document, "Trên đây là báo cáo kết quả thực hiện công tác cải cách")
    assert texts.index(closing.text) > later


def test_blank_lines_split_paragraphs(document: Any) -> None:
    # I.1.3 in the sample holds several paragraphs; none survives with a blank line inside.
    assert not any("\n\n" in p.text for p in document.paragraphs)
    paragraph(document, "Công tác tự kiểm tra tình hình thực hiện cải cách hành chính")


def test_headings_are_kept_with_what_follows(document: Any) -> None:
    """No heading left alone at the foot of a page (issue 13: "Biểu mẫu 2" apart from its
    table): headings, the form's name and title, and the tables' header rows keep-with-next."""
    for text in (
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CCHC",
        "I.1. Công tác chỉ đạo, điều hành",
        "- Về chỉ đạo điều hành CCHC",
        "Biểu mẫu 2",
        "Cải cách thể chế",
        "Phụ lục I",
        "Phụ lục II",
    ):
        par = next(p for p in document.paragraphs if p.text == text)
        assert par.paragraph_format.keep_with_next, text
    table = table_with(document, "Tổng số Văn bản quy phạm pháp luật")
    for row in table.rows[:3]:  # the two header rows and the first row
        for cell in row.cells:
            assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs)


def test_table_header_rows_repeat_and_rows_do_not_split(document: Any) -> None:
    for table in document.tables[2:]:  # forms, documents (after the header and sign-off)
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    form = table_with(document, "Số văn bản chỉ đạo CCHC đã ban hành")
    assert form.rows[1]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert form.rows[2]._tr.trPr.find(qn("w:tblHeader")) is None


# --- page setup, page numbers, sections ------------------------------------------------------
def test_a4_and_state_format_margins_in_every_section(document: Any) -> None:
    assert len(document.sections) == 3  # the report, Phụ lục I, Phụ lục II
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.1)
        assert abs(section.page_height - Mm(297)) < Mm(0.1)
        assert Mm(20) - Mm(0.1) < section.top_margin < Mm(25)
        assert Mm(20) - Mm(0.1) < section.bottom_margin < Mm(25)
        assert Mm(30) - Mm(0.1) < section.left_margin < Mm(35)
        assert Mm(15) - Mm(0.1) < section.right_margin < Mm(20)


def _field_codes(element: Any) -> list[str]:
    return ["".join(t.itertext()).strip() for t in element.iter(qn("w:instrText"))]


def test_page_numbers_centred_at_the_top_from_page_two(document: Any) -> None:
    """NĐ 30, Phụ lục I, I.7: numbered from 1, centred in the top margin, 13–14 pt, page 1
    without; each appendix numbered on its own (III.1)."""
    for index, section in enumerate(document.sections):
        assert section.different_first_page_header_footer
        header = section.header._element
        assert _field_codes(header) == ["PAGE"]
        assert _field_codes(section.first_page_header._element) == []
        par = section.header.paragraphs[0]
        tabs = par._p.pPr.find(qn("w:tabs"))
        centre = [t for t in tabs if t.get(qn("w:val")) == "center"]
        assert len(centre) == 1
        assert abs(int(centre[0].get(qn("w:pos"))) * 25.4 / 1440 - 165 / 2) < 0.5
        sizes = {int(s.get(qn("w:val"))) / 2 for s in header.iter(qn("w:sz"))}
        assert sizes == {13.0}
        start = section._sectPr.find(qn("w:pgNumType"))
        if index:
            assert start is not None and start.get(qn("w:start")) == "1"
        else:
            assert start is None or start.get(qn("w:start")) in (None, "1")


def test_signed_report_says_nothing_of_a_draft(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    for section in document.sections:
        texts += [p.text for p in section.header.paragraphs + section.first_page_header.paragraphs]
    assert not any("DỰ THẢO" in t for t in texts)
    assert "DỰ THẢO" not in (document.core_properties.title + document.core_properties.category)


# --- appendices -------------------------------------------------------------------------------
ATTACHED = re.compile(
    r"^\(Kèm theo Báo cáo số\s+/BC-UBND ngày 08 tháng 12 năm 2023 của UBND xã Bình Lãng\)$"
)


def test_appendices_numbered_with_one_heading_form(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]
    assert texts.count("Phụ lục I") == 1 and texts.count("Phụ lục II") == 1
    assert "PHỤ LỤC" not in texts
    for label, name in (
        (
            "Phụ lục I",
            "BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH NĂM 2023 TRÊN ĐỊA BÀN "
            "XÃ BÌNH LÃNG",
        ),
        (
            "Phụ lục II",
            "CÁC VĂN BẢN ĐÃ BAN HÀNH ĐỂ TRIỂN KHAI THỰC HIỆN CÁC NHIỆM VỤ CCHC NĂM 2023",
        ),
    ):
        index = texts.index(label)
        assert texts[index + 1] == name
        assert ATTACHED.match(texts[index + 2]), texts[index + 2]
        assert "ngày ngày" not in texts[index + 2]
        heading = document.paragraphs[index]
        assert look(heading) == ({14.0}, True, False)
        assert look(document.paragraphs[index + 1]) == ({14.0}, True, False)
        assert look(document.paragraphs[index + 2]) == ({14.0}, False, True)
        rule_after(document.paragraphs[index + 2])


def test_forms_appendix_tables(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]
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
    assert {r.font.size.pt for c in group.cells for p in c.paragraphs for r in p.runs} == {12}


def test_forms_show_derived_and_not_applicable(document: Any) -> None:
    bm6 = table_with(document, "Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công")
    assert row_texts(bm6, "1.")[3] == "6,02"
    bm2 = table_with(document, "Tổng số Văn bản quy phạm pháp luật")
    assert row_texts(bm2, "2.2.")[3] == "không phát sinh"


def test_documents_appendix_table(document: Any) -> None:
    table = table_with(document, "59/KH-UBND")
    assert len(table.rows) == 45 + 1  # seed 001 PHỤ LỤC: 45 documents
    assert [c.text for c in table.rows[0].cells] == ["STT", "Số, ký hiệu", "Ngày", "Trích yếu"]
    first = [c.text for c in table.rows[1].cells]
    assert first[:3] == ["1", "59/KH-UBND", "30/12/2022"]
    assert first[3].startswith("Kế hoạch triển khai thực hiện Đề án")
    for index, row in enumerate(table.rows[1:], start=1):
        assert row.cells[0].text == str(index)
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", row.cells[2].text)


def test_recipients_and_signature(document: Any) -> None:
    table = table_with(document, "Nơi nhận:")
    left, right = table.rows[0].cells
    lines = left.text.split("\n")
    assert lines == [
        "Nơi nhận:",
        "- Đoàn kiểm tra của huyện;",
        "- Lãnh đạo Đảng ủy;",
        "- Chủ tịch UBND xã;",
        "- Các công chức chuyên môn có liên quan;",
        "- Lưu: VP.",
    ]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in right.paragraphs)
    # "Nơi nhận:" is level with the signer's first line (NĐ 30, Phụ lục I, II.9.b)
    assert left.paragraphs[0].text == "Nơi nhận:" and right.paragraphs[0].text.startswith("TM.")


def test_signature_comes_before_the_appendices(document: Any) -> None:
    body = list(document.element.body)
    sign = table_with(document, "Nơi nhận:")._tbl
    forms = table_with(document, "Số văn bản chỉ đạo CCHC đã ban hành")._tbl
    docs = table_with(document, "59/KH-UBND")._tbl
    assert body.index(sign) < body.index(forms) < body.index(docs)


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


# ECMA-376 Part 1, wml.xsd: the order of the children Word insists on (it calls a file with
# them out of order or repeated "unreadable content").
SEQUENCES = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish",
    "sectPr": "headerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@pytest.mark.parametrize("kind", ["signed", "draft"])
def test_properties_in_the_order_word_requires(kind: str, document: Any, draft: Any) -> None:
    chosen = document if kind == "signed" else draft
    roots = [chosen.element.body]
    for section in chosen.sections:
        roots += [section.header._element, section.first_page_header._element]
    for root in roots:
        for name, sequence in SEQUENCES.items():
            order = {tag: i for i, tag in enumerate(sequence.split())}
            for element in root.iter(qn(f"w:{name}")):
                tags = [_local(c.tag) for c in element]
                if name == "sectPr":
                    tags = [t for t in tags if t != "headerReference"]
                assert all(t in order for t in tags), (name, tags)
                positions = [order[t] for t in tags]
                assert positions == sorted(positions) and len(set(tags)) == len(tags), (
                    name,
                    tags,
                )


# --- document properties ----------------------------------------------------------------------
def test_core_properties_name_the_report_and_the_unit(
    sample: tuple[ReportData, LoadedTemplate],
) -> None:
    report, template = sample
    data = build_report_docx(report, template, validate(template, report), created=SIGNED_AT)
    props = read(data).core_properties
    assert props.title == "Báo cáo kết quả thực hiện công tác Cải cách hành chính năm 2023"
    assert props.author == "Ủy ban nhân dân xã Bình Lãng"
    assert props.last_modified_by == "Ủy ban nhân dân xã Bình Lãng"
    assert props.created == SIGNED_AT
    assert props.comments == ""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert not any("thumbnail" in n or n.startswith("customXml") for n in names)
        for name in ("docProps/core.xml", "docProps/app.xml"):
            text = package.read(name).decode()
            assert "python-docx" not in text and "Macintosh" not in text, name
            assert "2013" not in text, name


# --- a new report, the header's defaults ------------------------------------------------------
def _fresh(template: LoadedTemplate) -> ReportData:
    return ReportData(
        template_id=template.full_id,
        unit=ReportingUnit(code="00001", name="Tân Kỳ", kind="xa", province="Hải Dương"),
        period=Period("nam", "2024-nam", date(2024, 1, 1), date(2024, 12, 31)),
        receiving_office="UBND huyện Tứ Kỳ",
        header=Header(place="Tân Kỳ"),
    )


def test_fresh_report_builds_with_blanks_and_defaults(
    sample: tuple[ReportData, LoadedTemplate],
) -> None:
    _report, template = sample
    fresh = _fresh(template)
    document = read(build_report_docx(fresh, template, validate(template, fresh)))
    left, right = document.tables[0].rows[0].cells
    assert "XÃ TÂN KỲ" in left.text and words(filled(left)[-1].text) == ["Số:", "/BC-UBND"]
    assert filled(right)[-1].text == "Tân Kỳ, ngày ...... tháng ...... năm ......"
    title = paragraph(document, "Kết quả thực hiện công tác cải cách hành chính")
    assert title.text == "Kết quả thực hiện công tác cải cách hành chính năm 2024"
    recipients = table_with(document, "Nơi nhận:").rows[0].cells[0].text.split("\n")
    assert recipients == ["Nơi nhận:", "- UBND huyện Tứ Kỳ;", "- Lưu: VT."]
    paragraph(document, "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính năm")
    table = table_with(document, "Số văn bản chỉ đạo CCHC đã ban hành")
    assert row_texts(table, "1.")[3] == ""
    assert "Phụ lục" in [p.text for p in document.paragraphs]  # one appendix: not numbered
    assert "Phụ lục I" not in [p.text for p in document.paragraphs]


def test_header_filled_in_prints_basis_title_recipients_and_closing(
    sample: tuple[ReportData, LoadedTemplate],
) -> None:
    _report, template = sample
    fresh = _fresh(template)
    title = default_title(template.template, fresh.period)
    fresh.header = Header(
        number="05",
        place="Tân Kỳ",
        date=date(2024, 12, 10),
        title=title,
        basis="Thực hiện Công văn số 12/UBND-NV ngày 02/12/2024 của UBND huyện Tứ Kỳ.",
        closing=default_closing(title, fresh.unit, fresh.receiving_office),
    )
    fresh.recipients = default_recipients(fresh.receiving_office)
    fresh.signature = Signature(
        title="PHÓ CHỦ TỊCH", name="Lê Văn Bình", authority="KT.", principal_title="CHỦ TỊCH"
    )
    document = read(build_report_docx(fresh, template, validate(template, fresh)))
    assert "Số: 05/BC-UBND" in document.tables[0].rows[0].cells[0].text
    paragraph(document, "Thực hiện Công văn số 12/UBND-NV ngày 02/12/2024")
    closing = paragraph(document, "Trên đây là báo cáo").text
    assert closing == (
        "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính năm 2024 của UBND "
        "xã Tân Kỳ, báo cáo UBND huyện Tứ Kỳ theo dõi, chỉ đạo./."
    )
    sign = filled(table_with(document, "Nơi nhận:").rows[0].cells[1])
    assert [p.text for p in sign] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Lê Văn Bình",
    ]
    assert header_problems(fresh) == []


def test_default_titles_follow_the_template_and_the_period() -> None:
    # seed 001 prints "Kết quả thực hiện công tác Cải cách hành chính năm 2023"; seed 004
    # "… 9 tháng năm 2023; Phương hướng, nhiệm vụ 3 tháng cuối năm 2023".
    names = {
        "binh-lang-2023": "Kết quả thực hiện công tác cải cách hành chính năm 2023",
        "truong-thi-2023-9thang": "Kết quả thực hiện công tác cải cách hành chính 9 tháng năm "
        "2023; phương hướng, nhiệm vụ 3 tháng cuối năm 2023",
    }
    for name, expected in names.items():
        report, template = load_sample(name)
        assert default_title(template.template, report.period) == expected
    report, template = load_sample()
    half = Period("6thang", "2024-6thang", date(2024, 1, 1), date(2024, 6, 30))
    for title, expected in (
        ("Báo cáo công tác CCHC 6 tháng đầu năm", "Công tác CCHC 6 tháng đầu năm 2024"),
        ("Báo cáo công tác CCHC 6 tháng", "Công tác CCHC 6 tháng năm 2024"),
        ("Báo cáo công tác CCHC", "Công tác CCHC 6 tháng năm 2024"),
        ("Công tác CCHC năm 2024", "Công tác CCHC năm 2024"),
    ):
        changed = template.template.model_copy(update={"title": title})
        assert default_title(changed, half) == expected


def test_older_closing_in_the_narrative_still_prints(
    sample: tuple[ReportData, LoadedTemplate],
) -> None:
    report, template = sample
    # The sample (as every file made before header.closing) keeps it under narrative.closing.
    assert report.header.closing == ""
    assert closing_sentence(report, template.template).startswith(
        "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính năm 2023 và "
    )
    own = copy.deepcopy(report)
    own.header.closing = "Trên đây là báo cáo của xã./."
    assert closing_sentence(own, template.template) == "Trên đây là báo cáo của xã./."


def test_new_header_fields_round_trip_and_older_files_load() -> None:
    original = sample_path().read_text(encoding="utf-8")
    report, template = loads_report(original)
    assert dumps_report(report, template) == original  # no new key written when unset
    report.header.closing = "Trên đây là báo cáo./."
    report.signature.authority = "Q."
    text = dumps_report(report, template)
    again, _ = loads_report(text)
    assert again.header.closing == "Trên đây là báo cáo./."
    assert again.signature.authority == "Q."
    assert signature_lines(again.signature) == ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]


# --- the header's checks ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("number", "problem"),
    [
        (None, False),
        ("", False),
        ("101", False),
        ("05", False),
        ("5", True),
        ("0", True),
        ("12a", True),
        ("1O1", True),
        ("١٢", True),
    ],
)
def test_number_in_the_state_form(number: str | None, problem: bool) -> None:
    assert (number_problem(number) is not None) == problem


@given(st.integers(min_value=1, max_value=99999))
def test_every_number_written_as_the_decree_says_is_accepted(value: int) -> None:
    assert number_problem(f"{value:02d}") is None
    if value < 10:
        assert "0" in (number_problem(str(value)) or "")


@pytest.mark.parametrize(
    ("symbol", "problem"),
    [
        ("BC-UBND", None),
        ("BC-UBND-VP", None),
        ("BC - UBND", "dấu cách"),
        ("bc-ubnd", "in hoa"),
        ("KH-UBND", "BC"),
        ("", "Chưa có"),
        ("BC--UBND", "thể thức"),
        ("BC/UBND", "thể thức"),
    ],
)
def test_symbol_in_the_state_form(symbol: str, problem: str | None) -> None:
    found = symbol_problem(symbol)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_date_inside_or_after_the_period() -> None:
    period = Period("9thang", "2023-9thang", date(2022, 11, 5), date(2023, 9, 1))
    assert date_problem(date(2023, 8, 31), period) is None  # seed 004: inside the period
    assert date_problem(date(2023, 9, 20), period) is None
    assert "05/11/2022" in (date_problem(date(2022, 11, 4), period) or "")
    assert date_problem(None, period) is not None


# --- the draft --------------------------------------------------------------------------------
def test_draft_marks_every_page(draft: Any) -> None:
    for section in draft.sections:
        for header in (section.header, section.first_page_header):
            assert "DỰ THẢO" in header.paragraphs[0].text
    left = draft.tables[0].rows[0].cells[0]
    assert filled(left)[-1].text == "DỰ THẢO"  # under the number, in a box
    box = filled(left)[-1].runs[0]._r.rPr.find(qn("w:bdr"))
    assert box is not None and box.get(qn("w:val")) == "single"
    assert draft.core_properties.title.startswith("DỰ THẢO")
    assert draft.core_properties.category == "DỰ THẢO"


def test_draft_lists_the_findings_on_its_last_page(
    draft: Any, sample: tuple[ReportData, LoadedTemplate]
) -> None:
    report, template = sample
    result = validate(template, report)
    assert result.errors  # the sample has an empty required row (BM3 1.1.)
    last = draft.sections[-1]
    assert last.start_type == 2  # a new page
    texts = [p.text for p in draft.paragraphs]
    heading = texts.index("DỰ THẢO — NHỮNG ĐIỀU CẦN XỬ LÝ TRƯỚC KHI KÝ")
    assert heading > texts.index("Phụ lục II")
    table = draft.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Mức",
        "Ở đâu",
        "Nội dung",
        "Giải trình",
    ]
    assert len(table.rows) == 1 + len(result.findings)
    errors = [r for r in table.rows[1:] if r.cells[1].text == "Lỗi"]
    assert len(errors) == len(result.errors)
    assert any(r.cells[2].text == "Biểu mẫu 3, dòng 1.1." for r in errors)
    summary = paragraph(draft, "Báo cáo còn").text
    assert f"{len(result.errors)} lỗi" in summary and f"{len(result.warnings)} cảnh báo" in summary


def test_draft_of_a_report_with_header_problems(
    sample: tuple[ReportData, LoadedTemplate],
) -> None:
    _report, template = sample
    fresh = _fresh(template)
    fresh.header.symbol = "BC - UBND"
    document = read(build_report_docx(fresh, template, validate(template, fresh), draft=True))
    texts = [p.text for p in document.paragraphs]
    assert "Thông tin văn bản:" in texts
    assert any("không được có dấu cách" in t for t in texts)
    assert any("Chưa có ngày ban hành" in t for t in texts)


def test_draft_files_are_named_apart_from_the_signed_bundle(
    sample: tuple[ReportData, LoadedTemplate],
) -> None:
    report, template = sample
    files = build_draft(report, template, now=SIGNED_AT)
    assert [f.name for f in files] == ["11092_2023-nam_DU-THAO.docx", "11092_2023-nam_DU-THAO.xlsx"]
    assert all(is_draft_name(f.name) for f in files)
    assert not is_draft_name("11092_2023-nam_r1.cchc.zip")
    assert all(not f.name.endswith(".cchc.zip") for f in files)
    assert read(files[0].data).core_properties.category == "DỰ THẢO"
    names = draft_names("Đ/1 x", "2023 nam")
    assert names.docx == "D-1-x_2023-nam_DU-THAO.docx" and names.docx.isascii()


# --- the points template (seed 003) -----------------------------------------------------------
def test_points_template_has_its_own_columns() -> None:
    report, template = load_sample("thanh-xa-2023-chi-so")
    report.values["BM1/1-kiem-chung"] = "59/KH-UBND; 60/KH-UBND"
    document = read(build_report_docx(report, template, validate(template, report)))
    table = table_with(document, "Công tác chỉ đạo điều hành")
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Lĩnh vực, tiêu chí, tiêu chí thành phần",
        "Điểm tối đa",
        "Điểm tự chấm",
        "Tài liệu kiểm chứng",
        "Ghi chú",
    ]
    one = row_texts(table, "1.")
    assert one[2:5] == ["15", "14,35", "59/KH-UBND; 60/KH-UBND"]  # seed 003: 14,35 điểm/15 điểm
    assert row_texts(table, "5.")[5] == "do xã chưa thực hiện đánh giá cán bộ, công chức năm 2023"
    assert not any(r.cells[1].text.startswith("Tài liệu kiểm chứng") for r in table.rows[1:])
    ratio = next(
        r for r in table.rows if r.cells[1].text.startswith("Tỷ lệ điểm đạt được (so với 15")
    )
    assert ratio.cells[3].text.endswith("%")
    texts = [p.text for p in document.paragraphs]
    assert "KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM NĂM 2023 CỦA XÃ THANH XÁ" in texts


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
        "import sys, cchc_tui.exports.docx, cchc_tui.exports.draft; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'textual', 'openpyxl'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
