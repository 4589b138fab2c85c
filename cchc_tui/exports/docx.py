"""The whole report as a Word document in the state format of Nghị định 30/2020/NĐ-CP.

Order as printed in shared/seeds/001: the national header (agency and "Số: …/BC-UBND" on the
left; national name, motto and place-date line on the right), "BÁO CÁO" and the title (trích
yếu), the basis paragraph, the narrative in template order, the closing sentence, "Nơi nhận"
beside the signature block; then, each in its own section, "Phụ lục I" with every form (Biểu
mẫu) as a table, and "Phụ lục II" listing the documents issued. A draft (``draft=True``) says
"DỰ THẢO" on every page and ends with a page listing the report's errors and warnings.

The format, element by element (NĐ 30/2020, Phụ lục I, Part I; sizes in points):

=====================================  ========================================================
page                                   A4 portrait; margins top 20, bottom 20, left 30, right
                                       15 mm (I.3: 20–25, 20–25, 30–35, 15–20)
font                                   Times New Roman in every font slot (I.4), black
page number                            13, centred in the top margin, from page 2 (I.7); each
                                       appendix numbered on its own from 1 (III.1)
agency name ("ỦY BAN NHÂN DÂN / XÃ …")  13 bold, upper case, centred; a rule under it 1/3–1/2
                                       of the line's length (II.2) — here 2/5
"Số: …/BC-UBND"                        13 regular (II.3)
national name                          13 bold, upper case (II.1.a)
motto "Độc lập - Tự do - Hạnh phúc"    14 bold; a rule under it as long as the line (II.1.b)
place and date                         14 italic (II.4)
"BÁO CÁO" and the title (trích yếu)    14 bold, centred; a rule under the title 2/5 of its
                                       line (II.5.a)
body                                   14, justified, first line indented 10 mm, 6 pt between
                                       paragraphs, single line spacing (II.6)
"Nơi nhận:"                            12 bold italic; the list 11, "- name;" and a final "."
                                       (II.9.b)
signature block                        14 bold: "TM. …", "KT. …"/"Q. …", title; name 14 bold
                                       (II.7)
"Phụ lục I"                            14 bold; its name 14 bold upper case; "(Kèm theo …)" 14
                                       italic; a rule under it (III.1)
tables                                 12; header rows repeat on every page; a row never splits
=====================================  ========================================================

Headings (parts, sections, "Biểu mẫu N" and the form's title, appendix headings) are kept with
what follows them (keep-with-next), so no heading is left alone at the foot of a page. The
document's properties name its title, its author (the unit's agency) and its creation time
(given by the caller: the sign-off time), never python-docx's.

python-docx (chosen: the well-kept library for .docx) makes the package — page setup, styles,
header parts, core properties; the leftovers of its default template (a thumbnail of another
document, "Microsoft Macintosh Word", custom XML) are dropped. The body — about a thousand
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
from datetime import UTC, date, datetime
from typing import Any
from xml.sax.saxutils import escape

from cchc_tui import __version__
from cchc_tui import messages as msg
from cchc_tui.base.numbers import format_number
from cchc_tui.domain.documents import format_vn_date
from cchc_tui.domain.header import (
    agency_full,
    agency_short,
    closing_sentence,
    document_title,
    header_problems,
    period_label,
    report_recipients,
    report_title,
    signature_lines,
)
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.validation import Finding, ValidationResult, document_key, sorted_findings
from cchc_tui.exports.layout import (
    TABLE_WIDTH_MM,
    FormLayout,
    form_layout,
    maximum_of,
    text_value,
)
from cchc_tui.exports.textwidth import text_width_mm
from cchc_tui.exports.xlsx import clean_text, row_label, unit_period_line
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate
from cchc_tui.template.model import RowKind

FONT_NAME = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
AGENCY_PT = 13
NATION_PT = 13
MOTTO_PT = 14
NUMBER_PT = 13
PLACE_DATE_PT = 14
KIND_PT = 14
TITLE_PT = 14
PAGE_NUMBER_PT = 13
RECIPIENTS_HEAD_PT = 12
RECIPIENTS_PT = 11
SIGN_PT = 14
APPENDIX_PT = 14
DRAFT_PT = 13
FIRST_LINE_MM = 10
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_DISTANCE_MM = 10
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
assert TEXT_WIDTH_MM == TABLE_WIDTH_MM
CELL_MARGIN_MM = 1.5
"""Left and right padding inside every table cell."""
RULE_SHARE = 0.4
"""Rules under the agency name and the title: 2/5 of the line (NĐ 30/2020: 1/3 to 1/2)."""
RULE_EIGHTHS = 6
"""Rule thickness in eighths of a point (0,75 pt)."""
DOC_COLUMNS_MM = (12, 34, 24, 95)
"""STT, Số ký hiệu, Ngày, Trích yếu."""
FINDING_COLUMNS_MM = (12, 20, 40, 58, 35)
"""STT, Mức, Ở đâu, Nội dung, Giải trình (the draft's last page)."""
HEADER_COLUMNS_MM = (62, TEXT_WIDTH_MM - 62)
SIGN_COLUMNS_MM = (80, TEXT_WIDTH_MM - 80)
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARAGRAPHS = re.compile(r"\n\s*\n")
_JC = {"justify": "both", "centre": "center", "left": "left", "right": "right"}
_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a text area: split on blank lines, blank ones dropped."""
    return [p.strip() for p in _PARAGRAPHS.split(text or "") if p.strip()]


def roman(number: int) -> str:
    """1 → "I", 2 → "II" … 39 → "XXXIX": appendices are numbered in Roman (NĐ 30, III.1)."""
    if not 0 < number < 40:
        raise ValueError(f"appendix number out of range: {number}")
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _date_parts(when: date) -> dict[str, str]:
    """NĐ 30/2020: a day below 10 and the months 1 and 2 are written with a leading 0."""
    month = f"{when.month:02d}" if when.month < 3 else str(when.month)
    return {"day": f"{when.day:02d}", "month": month, "year": str(when.year)}


def date_words(when: date | None) -> str:
    """ "ngày 08 tháng 12 năm 2023"; dots for each part while the report has no date."""
    if when is None:
        blank = msg.DOCX_DATE_BLANK
        return msg.DOCX_DATE_WORDS.format(day=blank, month=blank, year=blank)
    return msg.DOCX_DATE_WORDS.format(**_date_parts(when))


def place_date_line(report: ReportData) -> str:
    """ "<nơi>, ngày 08 tháng 12 năm 2023"; dots while the report has no date."""
    place = report.header.place.strip() or report.unit.name
    return msg.DOCX_PLACE_DATE.format(place=place, date=date_words(report.header.date))


def number_line(report: ReportData) -> str:
    """ "Số: 101/BC-UBND", or "Số:      /BC-UBND" (blank, for the văn thư to fill in, as seed
    001 was signed) before the report is numbered."""
    number = (report.header.number or "").strip() or msg.DOCX_NUMBER_BLANK
    return msg.DOCX_NUMBER_LINE.format(number=number, symbol=report.header.symbol.strip())


def build_report_docx(
    report: ReportData,
    template: LoadedTemplate,
    result: ValidationResult,
    *,
    draft: bool = False,
    created: datetime | None = None,
) -> bytes:
    """Build the report as a .docx file and return its bytes.

    Args:
        report: the report (header, narrative, notes, documents, recipients, signature).
        template: its template (sections, forms, appendix), in printed order.
        result: ``validate(template, report)``; form values are shown with ``result.display``.
        draft: a draft to print before sign-off: "DỰ THẢO" in the header of every page and
            under the number, "DỰ THẢO" in the file's title and category, and a last page
            listing the report's errors and warnings and the header's problems.
        created: the creation time stored in the file's properties — the sign-off time for
            the signed bundle, now for a draft; naive means UTC; ``None``: the time of building.

    Returns:
        The bytes of a .docx file. Never raises on an empty report.
    """
    body = _Body(report, template, result, draft)
    body.header()
    body.title()
    body.narrative()
    body.sign_off()
    body.appendices()
    if draft:
        body.findings_page()
    properties = {
        "title": document_title(report, template.template),
        "subject": unit_period_line(report),
        "author": agency_full(report.unit),
        "created": created or datetime.now(UTC),
    }
    return _package(body.parts, draft, properties)


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
    keep_next: bool = False
    boxed: bool = False
    """A single-line box around the text (the draft mark)."""


BODY = _Style(first_line=True, after=6)
CENTRE_BOLD = _Style(bold=True, align="centre")
TABLE = _Style(size=TABLE_PT, align="left")


@dataclass(frozen=True)
class _SectionBreak:
    """The end of a section (main text, an appendix); ``restart``: the next section's pages
    are numbered from 1 (each appendix, NĐ 30/2020 Phụ lục I, III.1)."""

    restart: bool


def _rpr(style: _Style) -> str:
    size = round(style.size * 2)
    return "".join(  # in the schema's order (CT_RPr): b, i, sz, bdr
        (
            "<w:b/><w:bCs/>" if style.bold else "",
            "<w:i/><w:iCs/>" if style.italic else "",
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
            '<w:bdr w:val="single" w:sz="8" w:space="2" w:color="000000"/>' if style.boxed else "",
        )
    )


def _runs(text: str, style: _Style) -> str:
    pieces: list[str] = []
    for number, line in enumerate(clean_text(text).split("\n")):
        if number:
            pieces.append("<w:br/>")
        for index, chunk in enumerate(line.split("\t")):
            if index:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r><w:rPr>{_rpr(style)}</w:rPr>{''.join(pieces)}</w:r>" if pieces else ""


def _ppr(style: _Style) -> str:
    ppr = ["<w:keepNext/>" if style.keep_next else ""]
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
    return "".join(ppr)


def _p(text: str, style: _Style = BODY) -> str:
    """One paragraph (``\\n`` in ``text`` becomes a line break)."""
    return f"<w:p><w:pPr>{_ppr(style)}</w:pPr>{_runs(text, style)}</w:p>"


def _rule(length_mm: float, box_mm: float, *, before: float = 0, after: float = 0) -> str:
    """A short horizontal rule, centred in a box ``box_mm`` wide: the top border of an empty
    2-pt paragraph indented from both sides (Word's own paragraph border, no drawing)."""
    length = min(length_mm, box_mm)
    side = _twips((box_mm - length) / 2)
    spacing = f'<w:spacing w:before="{round(before * 20)}" w:after="{round(after * 20)}" '
    return (
        "<w:p><w:pPr><w:keepNext/><w:pBdr>"
        f'<w:top w:val="single" w:sz="{RULE_EIGHTHS}" w:space="1" w:color="000000"/></w:pBdr>'
        f'{spacing}w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:left="{side}" w:right="{side}"/><w:jc w:val="center"/>'
        '<w:rPr><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr></w:pPr></w:p>'
    )


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
    content = "".join(paragraphs) or _p("", TABLE)
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
    margin = _twips(CELL_MARGIN_MM)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
        f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f"<w:tblGrid>{cols}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


_PPR_WITHOUT_KEEP = re.compile(r"<w:pPr>(?!<w:keepNext/>)")


def _keep(paragraphs: str) -> str:
    """``paragraphs`` (one cell's XML) with keep-with-next on each paragraph (once)."""
    return _PPR_WITHOUT_KEEP.sub("<w:pPr><w:keepNext/>", paragraphs)


class _Body:
    """Collects the body of the document as WordprocessingML fragments, in order."""

    def __init__(
        self, report: ReportData, template: LoadedTemplate, result: ValidationResult, draft: bool
    ):
        self.report = report
        self.template = template
        self.result = result
        self.draft = draft
        self.parts: list[str | _SectionBreak] = []

    def add(self, text: str, style: _Style = BODY) -> None:
        self.parts.append(_p(text, style))

    def body(self, text: str) -> None:
        """Body paragraphs: justified, first-line indent, 6 pt after."""
        for chunk in split_paragraphs(text):
            self.add(chunk, BODY)

    # --- the main document -------------------------------------------------------------------
    def header(self) -> None:
        """The national header: agency, rule and number left; national name, motto, rule and
        place-date right (NĐ 30/2020, Phụ lục I, II.1–II.4)."""
        report = self.report
        agency = _Style(bold=True, size=AGENCY_PT, align="centre")
        agency_lines = [msg.DOCX_AGENCY, report.unit.display_name.upper()]
        left_box = HEADER_COLUMNS_MM[0] - 2 * CELL_MARGIN_MM
        right_box = HEADER_COLUMNS_MM[1] - 2 * CELL_MARGIN_MM
        longest = max(text_width_mm(line, AGENCY_PT, bold=True) for line in agency_lines)
        left = [_p(line, agency) for line in agency_lines]
        left.append(_rule(RULE_SHARE * min(longest, left_box), left_box, before=2, after=4))
        left.append(_p(number_line(report), _Style(size=NUMBER_PT, align="centre")))
        if self.draft:
            mark = _Style(bold=True, size=DRAFT_PT, align="centre", before=6, boxed=True)
            left.append(_p(msg.EXP_DRAFT_MARK, mark))
        motto_width = text_width_mm(msg.DOCX_MOTTO, MOTTO_PT, bold=True)
        right = [
            _p(msg.DOCX_NATION, _Style(bold=True, size=NATION_PT, align="centre")),
            _p(msg.DOCX_MOTTO, _Style(bold=True, size=MOTTO_PT, align="centre")),
            _rule(motto_width, right_box, before=2, after=4),
            _p(place_date_line(report), _Style(italic=True, size=PLACE_DATE_PT, align="centre")),
        ]
        cells = [_tc(left, HEADER_COLUMNS_MM[0], v_centre=False)]
        cells.append(_tc(right, HEADER_COLUMNS_MM[1], v_centre=False))
        self.parts.append(_tbl(HEADER_COLUMNS_MM, [_tr(cells)], grid=False))

    def title(self) -> None:
        """ "BÁO CÁO", the title (trích yếu) with its rule, and the basis paragraph (II.5)."""
        self.add(msg.DOCX_KIND, _Style(bold=True, size=KIND_PT, align="centre", before=18))
        title = report_title(self.report, self.template.template)
        self.add(title, _Style(bold=True, size=TITLE_PT, align="centre", keep_next=True))
        line = min(text_width_mm(title, TITLE_PT, bold=True), TEXT_WIDTH_MM)
        self.parts.append(_rule(RULE_SHARE * line, TEXT_WIDTH_MM, before=3, after=12))
        self.body(self.report.header.basis)

    def narrative(self) -> None:
        """Sections in template order: part, section heading, italic sub-headings, text; then
        the closing sentence ("Trên đây là báo cáo …").

        Only sub-headings with text are printed, with their section and part headings; live
        figures (``domain.links``) are printed as the numbers the form holds.
        """
        narrative = self.report.narrative
        rendered = self.result.narrative.rendered
        current_part = None
        heading = _Style(bold=True, first_line=True, after=6, keep_next=True)
        for section in self.template.template.sections:
            filled = [s for s in section.subheadings if split_paragraphs(narrative.get(s.key, ""))]
            if not filled:
                continue
            if section.part and section.part != current_part:
                style = _Style(bold=True, first_line=True, before=6, after=6, keep_next=True)
                self.add(section.part, style)
                current_part = section.part
            number = section.number.strip().rstrip(".")
            self.add(f"{number}. {section.title}" if number else section.title, heading)
            for sub in filled:
                if not _same(sub.title, section.title):
                    title = msg.DOCX_SUBHEADING.format(title=sub.title)
                    style = _Style(italic=True, first_line=True, after=6, keep_next=True)
                    self.add(title, style)
                self.body(rendered.get(sub.key, (narrative[sub.key], []))[0])
        self.body(closing_sentence(self.report, self.template.template))

    def sign_off(self) -> None:
        """ "Nơi nhận" (II.9.b) beside the signature block (II.7), top lines level."""
        left = [
            _p(
                msg.DOCX_RECIPIENTS,
                _Style(bold=True, italic=True, size=RECIPIENTS_HEAD_PT, align="left"),
            )
        ]
        names = report_recipients(self.report)
        small = _Style(size=RECIPIENTS_PT, align="left")
        for index, name in enumerate(names):
            end = "." if index == len(names) - 1 else ";"
            left.append(_p(msg.DOCX_RECIPIENT_LINE.format(name=name, end=end), small))
        sign = _Style(bold=True, size=SIGN_PT, align="centre")
        right = [_p(line, sign) for line in signature_lines(self.report.signature)]
        right += [_p("", sign)] * 4
        right.append(_p(self.report.signature.name.strip(), sign))
        cells = [_tc(left, SIGN_COLUMNS_MM[0], v_centre=False)]
        cells.append(_tc(right, SIGN_COLUMNS_MM[1], v_centre=False))
        self.add("", _Style(after=6))
        self.parts.append(_tbl(SIGN_COLUMNS_MM, [_tr(cells)], grid=False))

    # --- appendices --------------------------------------------------------------------------
    def appendices(self) -> None:
        """Each appendix in its own section, numbered "Phụ lục I", "Phụ lục II" when there are
        two or more (NĐ 30/2020, Phụ lục I, III.1), "Phụ lục" alone otherwise."""
        builders = []
        if self.template.template.forms:
            builders.append(self.forms_appendix)
        if self.report.documents:
            builders.append(self.documents_appendix)
        for index, build in enumerate(builders, start=1):
            self.end_section()
            label = msg.DOCX_APPENDIX
            if len(builders) > 1:
                label = msg.DOCX_APPENDIX_NUMBERED.format(number=roman(index))
            build(label)

    def end_section(self) -> None:
        """End the current section; the next one starts a new page numbered from 1."""
        self.parts.append(_SectionBreak(restart=True))

    def _appendix_heading(self, label: str, title: str) -> None:
        """ "Phụ lục I", its name in capitals, "(Kèm theo Báo cáo số … ngày … của …)", a rule:
        the same form and date style for every appendix."""
        header = self.report.header
        attached = msg.DOCX_ATTACHED.format(
            number=(header.number or "").strip() or msg.DOCX_NUMBER_BLANK,
            symbol=header.symbol.strip(),
            date=date_words(header.date),
            agency=agency_short(self.report.unit),
        )
        bold = _Style(bold=True, size=APPENDIX_PT, align="centre", keep_next=True)
        self.add(label, bold)
        self.add(title.upper(), bold)
        self.add(attached, _Style(italic=True, size=APPENDIX_PT, align="centre", keep_next=True))
        width = min(text_width_mm(attached, APPENDIX_PT), TEXT_WIDTH_MM)
        self.parts.append(_rule(RULE_SHARE * width, TEXT_WIDTH_MM, before=2, after=12))

    def forms_appendix(self, label: str) -> None:
        """The forms: each as a table with the same columns as the workbook."""
        report = self.report
        layouts = [form_layout(self.template, f, report) for f in self.template.template.forms]
        pattern = msg.DOCX_FORMS_TITLE
        if all(layout.scored for layout in layouts):
            pattern = msg.DOCX_SCORES_TITLE
        title = pattern.format(period=period_label(report.period), unit=report.unit.display_name)
        self._appendix_heading(label, title)
        for index, layout in enumerate(layouts):
            form = layout.form
            name = msg.EXP_FORM_NAME.format(number=form.number)
            style = _Style(bold=True, align="centre", before=12 if index else 0, keep_next=True)
            self.add(name, style)
            self.add(form.title, _Style(bold=True, align="centre", after=6, keep_next=True))
            self.parts.append(self._form_table(layout))

    def _form_table(self, layout: FormLayout) -> str:
        """Two header rows (repeated on every page, kept with the first row), then the rows."""
        head = _Style(bold=True, size=TABLE_PT, align="centre", keep_next=True)
        widths = [c.width_mm for c in layout.columns]
        top: list[str] = []
        bottom: list[str] = []
        index = 0
        columns = layout.columns
        while index < len(columns):
            column = columns[index]
            if column.group:
                end = index
                while end + 1 < len(columns) and columns[end + 1].group == column.group:
                    end += 1
                span = end - index + 1
                top.append(_tc([_p(column.group, head)], sum(widths[index : end + 1]), span=span))
                for inner in columns[index : end + 1]:
                    bottom.append(_tc([_p(inner.title, head)], inner.width_mm))
                index = end + 1
                continue
            top.append(_tc([_p(column.title, head)], column.width_mm, v_merge="restart"))
            bottom.append(_tc([], column.width_mm, v_merge="continue"))
            index += 1
        rows = [_tr(top, header=True), _tr([_keep(c) for c in bottom], header=True)]
        for number, info in enumerate(layout.rows):
            rows.append(self._form_row(layout, info, keep=number == 0))
        return _tbl(widths, rows, grid=True)

    def _form_row(self, layout: FormLayout, info: IndicatorInfo, *, keep: bool) -> str:
        bold = info.indicator.group
        centre = _Style(bold=bold, size=TABLE_PT, align="centre")
        label = _Style(bold=bold, size=TABLE_PT, align="left", indent_mm=3 * info.depth)
        plain = _Style(size=TABLE_PT, align="left")
        if info.kind is RowKind.TEXT:
            value = text_value(self.report, info)
        else:
            value = self.result.display(info)
        if value and value != msg.EXP_NOT_APPLICABLE:
            value += layout.value_suffix(info)
        evidence = layout.evidence.get(info.key)
        evidence_text = text_value(self.report, evidence) if evidence is not None else ""
        if info.indicator.evidence and evidence is None:
            evidence_text, value = value, ""
        maximum = maximum_of(info)
        texts = {
            "stt": (info.indicator.stt.strip(), centre),
            "label": (row_label(info), label),
            "unit": (info.indicator.unit_of_measure, centre),
            "value": (value, centre),
            "maximum": (format_number(maximum) if maximum is not None else "", centre),
            "evidence": (evidence_text, plain),
            "note": (self.report.notes.get(info.key, ""), plain),
        }
        cells = []
        for column in layout.columns:
            text, style = texts[column.key]
            cell = _p(text, style)
            cells.append(_tc([_keep(cell) if keep else cell], column.width_mm))
        return _tr(cells)

    def documents_appendix(self, label: str) -> None:
        """The documents issued, numbered, with dates as dd/mm/yyyy."""
        appendix = self.template.template.appendix
        base = appendix.title if appendix else msg.DOCX_DOCS_TITLE_DEFAULT
        title = msg.DOCX_DOCS_TITLE.format(title=base, period=period_label(self.report.period))
        self._appendix_heading(label, title)
        w = DOC_COLUMNS_MM
        head = _Style(bold=True, size=TABLE_PT, align="centre", keep_next=True)
        centre = _Style(size=TABLE_PT, align="centre")
        justify = _Style(size=TABLE_PT, align="justify")
        header = [
            _tc([_p(t, head)], width) for t, width in zip(msg.DOCX_DOC_COLUMNS, w, strict=True)
        ]
        rows = [_tr(header, header=True)]
        for index, doc in enumerate(self.report.documents, start=1):
            summary = msg.DOCX_DOC_SUMMARY.format(type=doc.type, summary=doc.summary).strip()
            cells = [
                _tc([_p(str(index), centre)], w[0]),
                _tc([_p(doc.number, centre)], w[1]),
                _tc([_p(format_vn_date(doc.date), centre)], w[2]),
                _tc([_p(summary, justify)], w[3]),
            ]
            rows.append(_tr(cells))
        self.parts.append(_tbl(w, rows, grid=True))

    # --- the draft's last page ---------------------------------------------------------------
    def findings_page(self) -> None:
        """A draft's last page: the header's problems and every error and warning, in report
        order, with its explanation — what must be done before the chairman signs."""
        self.end_section()
        keep = _Style(bold=True, size=BODY_PT, align="centre", keep_next=True)
        self.add(msg.DOCX_FINDINGS_TITLE, keep)
        self.add(msg.DOCX_FINDINGS_NOTE, _Style(italic=True, align="centre", after=12))
        result = self.result
        explanations = self.report.explanations
        explained = sum(1 for f in result.warnings if explanations.get(f.id, "").strip())
        self.add(
            msg.DOCX_FINDINGS_SUMMARY.format(
                errors=len(result.errors), warnings=len(result.warnings), explained=explained
            ),
            _Style(after=6),
        )
        problems = header_problems(self.report)
        if problems:
            self.add(msg.DOCX_FINDINGS_HEADER, _Style(bold=True, after=3, keep_next=True))
            for problem in problems:
                severity = msg.SEVERITY_LABELS[str(problem.severity)]
                line = msg.DOCX_FINDINGS_HEADER_LINE.format(
                    severity=severity, message=problem.message
                )
                self.add(line, _Style(after=3, indent_mm=5))
        findings = sorted_findings(result.findings, self.template, self.report.documents)
        if not findings:
            self.add(msg.DOCX_FINDINGS_NONE, _Style(before=6))
            return
        w = FINDING_COLUMNS_MM
        head = _Style(bold=True, size=TABLE_PT, align="centre", keep_next=True)
        cell = _Style(size=TABLE_PT, align="left")
        rows = [
            _tr(
                [_tc([_p(t, head)], x) for t, x in zip(msg.DOCX_FINDINGS_COLUMNS, w, strict=True)],
                header=True,
            )
        ]
        for index, finding in enumerate(findings, start=1):
            texts = (
                str(index),
                msg.SEVERITY_LABELS[str(finding.severity)],
                self._where(finding),
                finding.message,
                self.report.explanations.get(finding.id, ""),
            )
            rows.append(_tr(_tc([_p(t, cell)], x) for t, x in zip(texts, w, strict=True)))
        self.add("", _Style(after=3))
        self.parts.append(_tbl(w, rows, grid=True))

    def _where(self, finding: Finding) -> str:
        """Where a finding is, in an officer's words: the form and row, the section or the
        appendix."""
        info = self.template.indicators.get(finding.key)
        if info is not None:
            row = info.indicator.stt.strip() or info.indicator.label
            return msg.DOCX_WHERE_ROW.format(form=info.form.number, row=row)
        for section in self.template.template.sections:
            for sub in section.subheadings:
                if sub.key == finding.key:
                    return msg.DOCX_WHERE_SECTION.format(number=section.number, title=sub.title)
        for index, doc in enumerate(self.report.documents, start=1):
            if document_key(doc) == finding.key:
                return msg.DOCX_WHERE_DOCUMENT.format(
                    index=index, number=doc.number, date=format_vn_date(doc.date)
                )
        return msg.DOCX_WHERE_OTHER.format(key=finding.key)


def _same(a: str, b: str) -> bool:
    return a.strip().rstrip(":.").casefold() == b.strip().rstrip(":.").casefold()


# --- the document shell -----------------------------------------------------------------------
_NOISE = (
    "/relationships/metadata/thumbnail",
    "/relationships/customXml",
    "/relationships/stylesWithEffects",
    "/relationships/extended-properties",
)
"""Relationships of python-docx's default template dropped from every document: a thumbnail
of some other document, custom XML, a Word 2010 style cache, app.xml ("Microsoft Macintosh
Word"); parts nobody relates to are not written."""


def _page_number(size: float) -> str:
    """A PAGE field (Word's own page number), rendered "2" until the viewer updates it."""
    rpr = f'<w:rPr><w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/></w:rPr>'
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>2</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def _header_xml(*, numbered: bool, draft: bool) -> str:
    """One header paragraph: the page number centred (pages 2…), "DỰ THẢO" boxed at the right
    (drafts), on tab stops at the middle and the right edge of the text."""
    middle, edge = _twips(TEXT_WIDTH_MM / 2), _twips(TEXT_WIDTH_MM)
    tabs = (
        f'<w:tabs><w:tab w:val="center" w:pos="{middle}"/>'
        f'<w:tab w:val="right" w:pos="{edge}"/></w:tabs>'
    )
    size = round(PAGE_NUMBER_PT * 2)
    runs = [f'<w:r><w:rPr><w:sz w:val="{size}"/></w:rPr><w:tab/></w:r>']
    if numbered:
        runs.append(_page_number(PAGE_NUMBER_PT))
    if draft:
        runs.append(f'<w:r><w:rPr><w:sz w:val="{size}"/></w:rPr><w:tab/></w:r>')
        runs.append(_runs(msg.EXP_DRAFT_MARK, _Style(bold=True, size=DRAFT_PT, boxed=True)))
    ppr = f'<w:pPr>{tabs}<w:spacing w:before="0" w:after="0"/><w:jc w:val="left"/></w:pPr>'
    return f'<w:hdr xmlns:w="{_W_NS}"><w:p>{ppr}{"".join(runs)}</w:p></w:hdr>'


def _sect_pr(headers: dict[str, str], *, restart: bool) -> str:
    """Section properties: A4, the state-format margins, the headers (none on a section's
    first page but the draft mark), page numbers from 1 when ``restart``."""
    refs = "".join(
        f'<w:headerReference w:type="{kind}" r:id="{rid}"/>' for kind, rid in headers.items()
    )
    margins = " ".join(
        f'w:{side}="{_twips(MARGINS_MM[side])}"' for side in ("top", "right", "bottom", "left")
    )
    return (
        f'<w:sectPr xmlns:w="{_W_NS}" xmlns:r="{_R_NS}">{refs}<w:type w:val="nextPage"/>'
        f'<w:pgSz w:w="{_twips(PAGE_MM[0])}" w:h="{_twips(PAGE_MM[1])}"/>'
        f'<w:pgMar {margins} w:header="{_twips(HEADER_DISTANCE_MM)}" '
        f'w:footer="{_twips(HEADER_DISTANCE_MM)}" w:gutter="0"/>'
        + ('<w:pgNumType w:start="1"/>' if restart else "")
        + '<w:cols w:space="720"/><w:titlePg/></w:sectPr>'
    )


def _package(parts: list[str | _SectionBreak], draft: bool, properties: dict[str, Any]) -> bytes:
    """Page setup, Times New Roman styles, headers, the body parsed once, the .docx bytes."""
    import docx
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    package = document.part.package
    for rels in (package.rels, document.part.rels):
        for rid in [r for r, rel in rels.items() if rel.reltype.endswith(_NOISE)]:
            rels.pop(rid)
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'extended-properties"><Application>cchc-tui {escape(__version__)}</Application>'
        "</Properties>"
    )
    app_part = Part(
        PackURI("/docProps/app.xml"), CONTENT_TYPE.OFC_EXTENDED_PROPERTIES, app.encode(), package
    )
    package.relate_to(app_part, RELATIONSHIP_TYPE.EXTENDED_PROPERTIES)
    _set_fonts(document, qn, Pt)
    _set_properties(document, draft, properties)

    section = document.sections[0]
    section.different_first_page_header_footer = True
    headers: dict[str, str] = {}
    for kind, header, numbered in (
        ("default", section.header, True),
        ("first", section.first_page_header, False),
    ):
        header.is_linked_to_previous = False
        element = header.part.element
        for child in list(element):
            element.remove(child)
        for child in parse_xml(_header_xml(numbered=numbered, draft=draft)):
            element.append(child)
        headers[kind] = document.part.relate_to(header.part, RELATIONSHIP_TYPE.HEADER)

    body = document.element.body
    for child in list(body):
        body.remove(child)
    xml: list[str] = []
    restart_last = False
    for part_xml in parts:
        if isinstance(part_xml, _SectionBreak):
            xml.append(
                '<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>'
                '<w:rPr><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr>'
                f"{_sect_pr(headers, restart=restart_last)}</w:pPr></w:p>"
            )
            restart_last = part_xml.restart
        else:
            xml.append(part_xml)
    xml.append(_p("", _Style(size=2)))
    xml.append(_sect_pr(headers, restart=restart_last))
    fragment = parse_xml(f'<w:body xmlns:w="{_W_NS}" xmlns:r="{_R_NS}">{"".join(xml)}</w:body>')
    for child in list(fragment):
        body.append(child)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_properties(document: Any, draft: bool, properties: dict[str, Any]) -> None:
    """Core properties: title, subject, author = the unit's agency, created = the caller's
    time; "DỰ THẢO" in a draft's title and category. Nothing of python-docx's own."""
    core = document.core_properties
    title = clean_text(properties["title"])
    core.title = msg.EXP_DRAFT_TITLE.format(title=title) if draft else title
    core.subject = clean_text(properties["subject"])
    core.author = core.last_modified_by = clean_text(properties["author"])
    created = properties["created"]
    if created.tzinfo is not None:
        created = created.astimezone(UTC).replace(tzinfo=None)
    core.created = core.modified = created
    core.comments = ""
    core.keywords = msg.EXP_DRAFT_MARK if draft else ""
    core.category = msg.EXP_DRAFT_MARK if draft else ""
    core.language = "vi-VN"
    core.revision = 1


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
