"""The whole report as a Word document in the state format of Nghị định 30/2020/NĐ-CP.

Order as printed in shared/seeds/001: the national header (agency and "Số: …/BC-UBND" on the
left; motto and place-date line on the right), "BÁO CÁO" and the title (trích yếu), the basis
paragraph, the narrative in template order, the closing paragraph, "Nơi nhận" beside the
signature block; then, each on a new page, "PHỤ LỤC" with every form (Biểu mẫu) as a table,
and the appendix of documents issued.

Format (NĐ 30/2020, Phụ lục I): A4; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm;
Times New Roman in every font slot (the East-Asian one too); body 14 pt, justified, first-line
indent; tables 12 pt.

python-docx makes the document shell (page, styles, packaging). The body — about a thousand
paragraphs and table cells — is written as WordprocessingML text and parsed once: building it
through python-docx's object API takes about ten times as long, which an old PC feels.
python-docx is imported inside :func:`build_report_docx` only: importing this module is cheap
and never pulls in python-docx or Textual.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from cchc_tui import messages as msg
from cchc_tui.domain.documents import format_vn_date
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.validation import ValidationResult
from cchc_tui.exports.xlsx import (
    clean_text,
    indicator_header,
    period_label,
    row_label,
    unit_in_sentence,
)
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate
from cchc_tui.template.model import Form

FONT_NAME = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
HEADER_PT = 13
RECIPIENTS_PT = 11
FIRST_LINE_MM = 10
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
FORM_COLUMNS_MM = (14, 78, 27, 22, 24)
"""STT, Chỉ tiêu, Đơn vị tính, Số lượng/ Tỷ lệ, Ghi chú."""
DOC_COLUMNS_MM = (12, 34, 24, 95)
"""STT, Số ký hiệu, Ngày, Trích yếu."""
HEADER_COLUMNS_MM = (62, TEXT_WIDTH_MM - 62)
SIGN_COLUMNS_MM = (80, TEXT_WIDTH_MM - 80)
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARAGRAPHS = re.compile(r"\n\s*\n")
_JC = {"justify": "both", "centre": "center", "left": "left", "right": "right"}


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a text area: split on blank lines, blank ones dropped."""
    return [p.strip() for p in _PARAGRAPHS.split(text or "") if p.strip()]


def _date_parts(when: date) -> dict[str, str]:
    """NĐ 30/2020: a day below 10 and the months 1 and 2 are written with a leading 0."""
    month = f"{when.month:02d}" if when.month < 3 else str(when.month)
    return {"day": f"{when.day:02d}", "month": month, "year": str(when.year)}


def place_date_line(report: ReportData) -> str:
    """ "<nơi>, ngày 08 tháng 12 năm 2023"; dots while the report has no date."""
    place = report.header.place.strip() or report.unit.name
    when = report.header.date
    if when is None:
        blank = msg.DOCX_DATE_BLANK
        return msg.DOCX_PLACE_DATE.format(place=place, day=blank, month=blank, year=blank)
    return msg.DOCX_PLACE_DATE.format(place=place, **_date_parts(when))


def number_line(report: ReportData) -> str:
    """ "Số: 101/BC-UBND", or "Số: ....../BC-UBND" before the report is numbered."""
    number = (report.header.number or "").strip() or msg.DOCX_NUMBER_BLANK
    return msg.DOCX_NUMBER_LINE.format(number=number, symbol=report.header.symbol)


def build_report_docx(
    report: ReportData, template: LoadedTemplate, result: ValidationResult
) -> bytes:
    """Build the report as a .docx file and return its bytes.

    Args:
        report: the report (header, narrative, notes, documents, recipients, signature).
        template: its template (sections, forms, appendix), in printed order.
        result: ``validate(template, report)``; form values are shown with ``result.display``.

    Returns:
        The bytes of a .docx file. Never raises on an empty report.
    """
    body = _Body(report, template, result)
    body.header()
    body.title()
    body.narrative()
    body.sign_off()
    body.forms_appendix()
    body.documents_appendix()
    body.parts.append(_p(""))
    return _package(body.parts)


# --- WordprocessingML text --------------------------------------------------------------------
def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


@dataclass(frozen=True)
class _Style:
    """Paragraph and run formatting of one paragraph."""

    bold: bool = False
    italic: bool = False
    size: float = BODY_PT
    align: str = "justify"
    first_line: bool = False
    indent_mm: float = 0
    before: float = 0
    after: float = 0
    page_break: bool = False


BODY = _Style(first_line=True, after=6)
CENTRE_BOLD = _Style(bold=True, align="centre")


def _runs(text: str, style: _Style) -> str:
    props = "".join(
        (
            "<w:b/><w:bCs/>" if style.bold else "",
            "<w:i/><w:iCs/>" if style.italic else "",
            f'<w:sz w:val="{round(style.size * 2)}"/><w:szCs w:val="{round(style.size * 2)}"/>',
        )
    )
    pieces: list[str] = []
    for number, line in enumerate(clean_text(text).split("\n")):
        if number:
            pieces.append("<w:br/>")
        for index, chunk in enumerate(line.split("\t")):
            if index:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r><w:rPr>{props}</w:rPr>{''.join(pieces)}</w:r>" if pieces else ""


def _p(text: str, style: _Style = BODY) -> str:
    """One paragraph (``\\n`` in ``text`` becomes a line break)."""
    ppr = []
    if style.page_break:
        ppr.append("<w:pageBreakBefore/>")
    if style.before or style.after:
        before, after = round(style.before * 20), round(style.after * 20)
        ppr.append(f'<w:spacing w:before="{before}" w:after="{after}"/>')
    indent = []
    if style.indent_mm:
        indent.append(f'w:left="{_twips(style.indent_mm)}"')
    if style.first_line:
        indent.append(f'w:firstLine="{_twips(FIRST_LINE_MM)}"')
    if indent:
        ppr.append(f"<w:ind {' '.join(indent)}/>")
    ppr.append(f'<w:jc w:val="{_JC[style.align]}"/>')
    size = round(style.size * 2)
    ppr.append(f'<w:rPr><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>')
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{_runs(text, style)}</w:p>"


def _tc(
    paragraphs: Sequence[str],
    width_mm: float,
    *,
    span: int = 1,
    v_merge: str | None = None,
    v_centre: bool = True,
) -> str:
    """One table cell; ``v_merge`` is "restart" or "continue" for a vertical merge."""
    props = [f'<w:tcW w:w="{_twips(width_mm)}" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if v_merge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif v_merge == "continue":
        props.append("<w:vMerge/>")
    if v_centre:
        props.append('<w:vAlign w:val="center"/>')
    content = "".join(paragraphs) or _p("", _Style(size=TABLE_PT))
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{content}</w:tc>"


def _tr(cells: Iterable[str], *, header: bool = False, cant_split: bool = True) -> str:
    props = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def _tbl(widths_mm: Sequence[float], rows: Iterable[str], *, grid: bool) -> str:
    """A fixed-layout table, centred, with thin borders (``grid``) or none."""
    edge = '<w:{e} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    if not grid:
        edge = '<w:{e} w:val="nil"/>'
    borders = "".join(
        edge.format(e=e) for e in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    total = sum(_twips(w) for w in widths_mm)
    cols = "".join(f'<w:gridCol w:w="{_twips(w)}"/>' for w in widths_mm)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
        f"</w:tblCellMar></w:tblPr><w:tblGrid>{cols}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


class _Body:
    """Collects the body of the document as WordprocessingML fragments, in order."""

    def __init__(self, report: ReportData, template: LoadedTemplate, result: ValidationResult):
        self.report = report
        self.template = template
        self.result = result
        self.parts: list[str] = []

    def add(self, text: str, style: _Style = BODY) -> None:
        self.parts.append(_p(text, style))

    def body(self, text: str) -> None:
        """Body paragraphs: justified, first-line indent, 6 pt after."""
        for chunk in split_paragraphs(text):
            self.add(chunk, BODY)

    # --- the main document -------------------------------------------------------------------
    def header(self) -> None:
        """The national header: agency and number left, motto and place-date right."""
        report = self.report
        bold = _Style(bold=True, size=HEADER_PT, align="centre")
        left = [
            _p(msg.DOCX_AGENCY, bold),
            _p(report.unit.display_name.upper(), bold),
            _p(number_line(report), _Style(size=HEADER_PT, align="centre", before=6)),
        ]
        right = [
            _p(msg.DOCX_NATION, bold),
            _p(msg.DOCX_MOTTO, _Style(bold=True, align="centre")),
            _p(place_date_line(report), _Style(italic=True, align="centre", before=6)),
        ]
        cells = [_tc(left, HEADER_COLUMNS_MM[0], v_centre=False)]
        cells.append(_tc(right, HEADER_COLUMNS_MM[1], v_centre=False))
        self.parts.append(_tbl(HEADER_COLUMNS_MM, [_tr(cells)], grid=False))

    def title(self) -> None:
        """ "BÁO CÁO", the title (trích yếu) and the basis paragraph."""
        self.add(msg.DOCX_KIND, _Style(bold=True, align="centre", before=18))
        title = self.report.header.title.strip()
        if title:
            self.add(title, CENTRE_BOLD)
        self.add("", _Style(after=6))
        self.body(self.report.header.basis)

    def narrative(self) -> None:
        """Sections in template order: part, section heading, italic sub-headings, text.

        Only sub-headings with text are printed, with their section and part headings.
        """
        narrative = self.report.narrative
        current_part = None
        heading = _Style(bold=True, first_line=True, after=6)
        for section in self.template.template.sections:
            filled = [s for s in section.subheadings if split_paragraphs(narrative.get(s.key, ""))]
            if not filled:
                continue
            if section.part and section.part != current_part:
                self.add(section.part, _Style(bold=True, first_line=True, before=6, after=6))
                current_part = section.part
            number = section.number.strip().rstrip(".")
            self.add(f"{number}. {section.title}" if number else section.title, heading)
            for sub in filled:
                if not _same(sub.title, section.title):
                    title = msg.DOCX_SUBHEADING.format(title=sub.title)
                    self.add(title, _Style(italic=True, first_line=True, after=6))
                self.body(narrative[sub.key])
        self.body(narrative.get("closing", ""))

    def sign_off(self) -> None:
        """ "Nơi nhận" with the recipients beside the signature block."""
        small = _Style(size=RECIPIENTS_PT, align="left")
        left = [_p(msg.DOCX_RECIPIENTS, _Style(bold=True, italic=True, size=12, align="left"))]
        names = [n.strip().rstrip(";.").strip() for n in self.report.recipients]
        names = [n for n in names if n]
        for index, name in enumerate(names):
            end = "." if index == len(names) - 1 else ";"
            left.append(_p(msg.DOCX_RECIPIENT_LINE.format(name=name, end=end), small))
        signature = self.report.signature
        right = [_p(signature.on_behalf, CENTRE_BOLD), _p(signature.title, CENTRE_BOLD)]
        right += [_p("", CENTRE_BOLD)] * 4
        right.append(_p(signature.name, CENTRE_BOLD))
        cells = [_tc(left, SIGN_COLUMNS_MM[0], v_centre=False)]
        cells.append(_tc(right, SIGN_COLUMNS_MM[1], v_centre=False))
        self.add("", _Style(after=6))
        self.parts.append(_tbl(SIGN_COLUMNS_MM, [_tr(cells)], grid=False))

    # --- appendices --------------------------------------------------------------------------
    def _attached(self, when: str) -> str:
        header = self.report.header
        number = (header.number or "").strip() or msg.DOCX_NUMBER_BLANK
        agency = msg.EXP_AGENCY_SHORT.format(unit=unit_in_sentence(self.report.unit))
        return msg.DOCX_ATTACHED.format(
            number=number, symbol=header.symbol, date=when, agency=agency
        )

    def _appendix_heading(self, title: str, attached: str) -> None:
        self.add(msg.DOCX_APPENDIX, _Style(bold=True, align="centre", page_break=True))
        self.add(title, CENTRE_BOLD)
        self.add(attached, _Style(italic=True, align="centre", after=12))

    def forms_appendix(self) -> None:
        """ "PHỤ LỤC": every form as a table, with the same columns as the workbook."""
        forms = self.template.template.forms
        if not forms:
            return
        report = self.report
        title = msg.DOCX_FORMS_TITLE.format(
            period=period_label(report.period).upper(),
            unit=report.unit.display_name.upper(),
        )
        when = report.header.date
        blank = msg.DOCX_DATE_BLANK
        words = msg.DOCX_DATE_WORDS.format(
            **(_date_parts(when) if when else {"day": blank, "month": blank, "year": blank})
        )
        self._appendix_heading(title, self._attached(words))
        for index, form in enumerate(forms):
            name = msg.EXP_FORM_NAME.format(number=form.number)
            self.add(name, _Style(bold=True, align="centre", before=12 if index else 0))
            self.add(form.title, _Style(bold=True, align="centre", after=6))
            self.parts.append(self._form_table(form))

    def _form_table(self, form: Form) -> str:
        w = FORM_COLUMNS_MM
        head = _Style(bold=True, size=TABLE_PT, align="centre")
        top = [
            _tc([_p(msg.EXP_COL_STT, head)], w[0], v_merge="restart"),
            _tc([_p(indicator_header(self.report), head)], w[1], v_merge="restart"),
            _tc([_p(msg.EXP_COL_RESULT, head)], w[2] + w[3], span=2),
            _tc([_p(msg.EXP_COL_NOTE, head)], w[4], v_merge="restart"),
        ]
        bottom = [
            _tc([], w[0], v_merge="continue"),
            _tc([], w[1], v_merge="continue"),
            _tc([_p(msg.EXP_COL_UNIT, head)], w[2]),
            _tc([_p(msg.EXP_COL_VALUE, head)], w[3]),
            _tc([], w[4], v_merge="continue"),
        ]
        rows = [_tr(top, header=True), _tr(bottom, header=True)]
        rows += [self._form_row(info) for info in self.template.form_indicators(form)]
        return _tbl(w, rows, grid=True)

    def _form_row(self, info: IndicatorInfo) -> str:
        w = FORM_COLUMNS_MM
        bold = info.indicator.group
        centre = _Style(bold=bold, size=TABLE_PT, align="centre")
        label = _Style(bold=bold, size=TABLE_PT, align="left", indent_mm=3 * info.depth)
        note = self.report.notes.get(info.key, "")
        cells = [
            _tc([_p(info.indicator.stt.strip(), centre)], w[0]),
            _tc([_p(row_label(info), label)], w[1]),
            _tc([_p(info.indicator.unit_of_measure, centre)], w[2]),
            _tc([_p(self.result.display(info), centre)], w[3]),
            _tc([_p(note, _Style(size=TABLE_PT, align="left"))], w[4]),
        ]
        return _tr(cells)

    def documents_appendix(self) -> None:
        """ "PHỤ LỤC": the documents issued, numbered, with dates as dd/mm/yyyy."""
        documents = self.report.documents
        if not documents:
            return
        appendix = self.template.template.appendix
        base = appendix.title if appendix else msg.DOCX_DOCS_TITLE_DEFAULT
        title = msg.DOCX_DOCS_TITLE.format(title=base, period=period_label(self.report.period))
        when = self.report.header.date
        self._appendix_heading(title, self._attached(format_vn_date(when) if when else "..."))
        w = DOC_COLUMNS_MM
        head = _Style(bold=True, size=TABLE_PT, align="centre")
        centre = _Style(size=TABLE_PT, align="centre")
        justify = _Style(size=TABLE_PT, align="justify")
        header = [
            _tc([_p(t, head)], width) for t, width in zip(msg.DOCX_DOC_COLUMNS, w, strict=True)
        ]
        rows = [_tr(header, header=True)]
        for index, doc in enumerate(documents, start=1):
            summary = msg.DOCX_DOC_SUMMARY.format(type=doc.type, summary=doc.summary).strip()
            cells = [
                _tc([_p(str(index), centre)], w[0]),
                _tc([_p(doc.number, centre)], w[1]),
                _tc([_p(format_vn_date(doc.date), centre)], w[2]),
                _tc([_p(summary, justify)], w[3]),
            ]
            rows.append(_tr(cells))
        self.parts.append(_tbl(w, rows, grid=True))


def _same(a: str, b: str) -> bool:
    return a.strip().rstrip(":.").casefold() == b.strip().rstrip(":.").casefold()


# --- the document shell -----------------------------------------------------------------------
def _package(parts: list[str]) -> bytes:
    """Page setup, Times New Roman styles, the body parsed once, the .docx bytes."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    _set_fonts(document, qn, Pt)

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sect_pr = body.find(qn("w:sectPr"))
    fragment = parse_xml(f'<w:body xmlns:w="{_W_NS}">{"".join(parts)}</w:body>')
    for child in list(fragment):
        sect_pr.addprevious(child)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_fonts(document: Any, qn: Any, pt: Any) -> None:
    """Times New Roman in every slot of the defaults and the Normal style; Vietnamese proofing."""
    from docx.oxml import OxmlElement

    def set_rfonts(rpr: Any) -> None:
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), FONT_NAME)

    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            set_rfonts(rpr)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:val"), "vi-VN")
    normal = styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = pt(BODY_PT)
    set_rfonts(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before = pt(0)
    fmt.space_after = pt(0)
    fmt.line_spacing = 1.0
