"""A template as an Excel workbook a form designer fills without reading code.

In the spirit of XLSForm: one sheet per part of the template, one row per item, the first row
of each sheet naming its columns (Vietnamese headers, ``messages.templates``):

* **Hướng dẫn** — how to fill the workbook (written by :func:`template_to_workbook`, not read);
* **Cài đặt** — id, version, title, province, periods, unit kinds, receiving office, source,
  decimals, the documents appendix's title and count row (one setting per row);
* **Biểu mẫu** — number, title and area of each form;
* **Chỉ tiêu** — the indicator rows in printed order: form, level (1 = a main row, 2 = a child
  of the level-1 row above, …), STT, explicit key, label, hint, unit of measure, kind, bold,
  required, formula (``derive``), at most, its severity, children sum, code list, the "none"
  code, evidence, decimals, minimum, maximum, and a note column for the designer (not read);
* **Danh mục mã** — the code lists: list name, code, label;
* **Quy tắc** — the rules of each form: form, key, condition, rows, severity, message,
  expected value;
* **Phần lời** — narrative sections and sub-headings with their guidance;
* **Loại văn bản** — the appendix's document types and their symbols;
* **Chuyển kỳ** — the mapping of renamed, split or dropped rows and sections from the earlier
  version (``Template.carry_over``).

Formulas are written the way printed forms speak (``2.2 / 2.1``, ``tổng các dòng con``,
``≤ 3.1``) and translated by :mod:`cchc_tui.template.formulas`. A model field this layout does
not name (added to the template model later) gets a column headed by the field's own name, so
that nothing is lost in a round trip.

Reading refuses, with one Vietnamese message naming the file, the sheet, the cell and the
problem (:class:`WorkbookError`): a file that is not ``.xlsx`` (an ``.xls``, a CSV), a missing
sheet or column, merged cells, Excel formulas instead of values, an unknown kind, a formula
naming a row that does not exist, a cycle of formulas, and every other mistake the template
loader (:func:`cchc_tui.template.loader.compile_template`) finds. Nothing is written by this
module: the caller writes the YAML only after a clean read.

openpyxl (MIT) reads and writes the workbook; it is imported here only.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from cchc_tui import messages as msg
from cchc_tui.base.atomic import human_size
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.ids import KeyFormatError, RowKey
from cchc_tui.base.numbers import NumberFormatError, parse_number
from cchc_tui.base.text import fold, nfc
from cchc_tui.template.formulas import FormulaContext, FormulaError, to_printed, to_rule
from cchc_tui.template.loader import LoadedTemplate, TemplateError, compile_template
from cchc_tui.template.model import (
    NUMERIC_KINDS,
    Form,
    Indicator,
    RowKind,
    Rule,
    Section,
    Severity,
    Subheading,
    Template,
)

MAX_BYTES = 20 * 1024**2
"""Largest workbook read (a template's workbook is tens of kilobytes)."""
MAX_ROWS = 20_000
"""Most rows read from one sheet."""

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SEVERITIES = {fold(label): Severity(value) for value, label in msg.WB_SEVERITY.items()}
_SEVERITIES.update({value: Severity(value) for value in msg.WB_SEVERITY})


class WorkbookError(InvalidInput):
    """The workbook cannot become a template; ``str(err)`` names file, sheet, cell and reason."""

    def __init__(self, file: str, sheet: str, cell: str, reason: str) -> None:
        self.file, self.sheet, self.cell, self.reason = file, sheet, cell, reason
        if sheet and cell:
            text = msg.WB_ERROR.format(file=file, sheet=sheet, cell=cell, reason=reason)
        elif sheet:
            text = msg.WB_ERROR_SHEET.format(file=file, sheet=sheet, reason=reason)
        else:
            text = msg.WB_ERROR_FILE.format(file=file, reason=reason)
        super().__init__(text)


class _CellError(Exception):
    """A problem in one cell, raised while reading and turned into a ``WorkbookError``."""

    def __init__(self, sheet: str, cell: str, reason: str) -> None:
        super().__init__(reason)
        self.sheet, self.cell, self.reason = sheet, cell, reason


# --- Columns and generic fields --------------------------------------------------------------

_ROW_FIELDS = {
    "stt",
    "key",
    "label",
    "hint",
    "unit_of_measure",
    "kind",
    "group",
    "required",
    "derive",
    "at_most",
    "at_most_severity",
    "children_sum",
    "none_code",
    "evidence",
    "decimals",
    "minimum",
    "maximum",
}
"""Indicator fields with a column of their own (besides ``codes`` and ``children``)."""
_STRUCTURE = {"children", "codes", "rows", "rules", "subheadings", "sections", "forms"}


def _extra_fields(model: type[BaseModel], named: Iterable[str]) -> list[str]:
    """Fields of ``model`` this layout does not name: they get a column of their own name."""
    known = set(named) | _STRUCTURE
    return [name for name in model.model_fields if name not in known]


def _yes_no(value: bool) -> str:
    return msg.WB_YES if value else msg.WB_NO


def _generic_cell(value: Any) -> Any:
    """A field value of a model as a cell (for the columns named by field)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list | tuple):
        return "; ".join(str(_generic_cell(v)) for v in value)
    if isinstance(value, BaseModel | dict):
        import json

        data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
        return json.dumps(data, ensure_ascii=False)
    return value


def _annotation_kinds(annotation: Any) -> set[Any]:
    """The plain types an annotation allows (``str | None`` → ``{str, NoneType}``)."""
    origin = get_origin(annotation)
    if origin is None:
        return {annotation}
    if origin is list:
        return {list}
    kinds: set[Any] = set()
    for arg in get_args(annotation):
        kinds |= _annotation_kinds(arg)
    return kinds or {origin}


def _generic_value(model: type[BaseModel], name: str, raw: Any) -> Any:
    """A cell as a value for the field ``name`` of ``model`` (pydantic checks it afterwards)."""
    kinds = _annotation_kinds(model.model_fields[name].annotation)
    text = _text_of(raw)
    if list in kinds:
        return [part.strip() for part in text.split(";") if part.strip()]
    if bool in kinds:
        folded = fold(text)
        if folded in {fold(w) for w in msg.WB_YES_WORDS}:
            return True
        if folded in {fold(w) for w in msg.WB_NO_WORDS}:
            return False
    if (dict in kinds or any(isinstance(k, type) and issubclass(k, BaseModel) for k in kinds)) and (
        text.startswith(("{", "["))
    ):
        import json

        try:
            return json.loads(text)
        except ValueError:
            return text
    if isinstance(raw, int | float) and not isinstance(raw, bool) and str not in kinds:
        return raw
    return text


# --- Writing ---------------------------------------------------------------------------------


@dataclass
class _Sheet:
    """A sheet being written: its name, headers and rows of cell values."""

    name: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)
    choices: dict[int, list[str]] = field(default_factory=dict)
    """Column index → the values offered in a drop-down list."""
    indents: dict[tuple[int, int], int] = field(default_factory=dict)
    """(row index, column index) → indent level (a child row's label is indented)."""


def _contexts(loaded: LoadedTemplate) -> dict[int, FormulaContext]:
    keys = frozenset(loaded.indicators)
    return {
        form.number: FormulaContext(
            form.number,
            {info.key.part: info.key for info in loaded.form_indicators(form)},
            keys,
        )
        for form in loaded.template.forms
    }


def _code_lists(template: Template) -> dict[tuple[tuple[int, str], ...], str]:
    """A name for every distinct code list: its labels joined by " / " (unique)."""
    names: dict[tuple[tuple[int, str], ...], str] = {}
    used: set[str] = set()

    def walk(rows: list[Indicator]) -> Iterator[Indicator]:
        for row in rows:
            yield row
            yield from walk(row.children)

    for form in template.forms:
        for row in walk(form.rows):
            if not row.codes:
                continue
            items = tuple(row.codes.items())
            if items in names:
                continue
            base = " / ".join(label for _, label in items)
            name, n = base, 2
            while name in used:
                name, n = f"{base} ({n})", n + 1
            used.add(name)
            names[items] = name
    return names


def template_to_workbook(loaded: LoadedTemplate) -> bytes:
    """The template as ``.xlsx`` bytes in the layout of this module.

    Formulas are written in the printed grammar where it says them exactly
    (:func:`cchc_tui.template.formulas.to_printed`); reading the workbook back gives the same
    template (tests/test_template_workbook.py).
    """
    template = loaded.template
    contexts = _contexts(loaded)
    sheets = [
        _guide_sheet(),
        _settings_sheet(template),
        _forms_sheet(template),
        _rows_sheet(template, contexts),
        _codes_sheet(template),
        _rules_sheet(template, contexts),
        _sections_sheet(template),
        _doctypes_sheet(template),
        _carry_sheet(template),
    ]
    return _save(sheets)


def _guide_sheet() -> _Sheet:
    sheet = _Sheet(msg.WB_SHEET_GUIDE, [msg.WB_SHEET_GUIDE])
    sheet.rows = [[line.format()] for line in msg.WB_GUIDE]
    sheet.widths = {0: 160}
    return sheet


def _settings_sheet(template: Template) -> _Sheet:
    sheet = _Sheet(msg.WB_SHEET_SETTINGS, list(msg.WB_SETTINGS_HEADER))
    appendix = template.appendix
    values: dict[str, Any] = {
        "id": template.id,
        "version": template.version,
        "title": template.title,
        "province": template.province,
        "period_kinds": "; ".join(msg.PERIOD_KIND_LABELS.get(k, k) for k in template.period_kinds),
        "unit_kinds": "; ".join(msg.UNIT_KIND_LABELS.get(k, k) for k in template.unit_kinds),
        "receiving_office": template.receiving_office,
        "source": template.source,
        "decimals": template.rounding.decimals,
        "appendix_title": appendix.title if appendix else None,
        "appendix_count_row": appendix.count_row if appendix else None,
    }
    for name, (label, help_text) in msg.WB_SETTINGS.items():
        sheet.rows.append([label, values[name], help_text])
    for name in _template_extras():
        sheet.rows.append([name, _generic_cell(getattr(template, name)), ""])
    sheet.widths = {0: 26, 1: 60, 2: 90}
    return sheet


def _template_extras() -> list[str]:
    named = {"id", "version", "title", "province", "period_kinds", "unit_kinds"}
    named |= {"receiving_office", "source", "rounding", "appendix"}
    return _extra_fields(Template, named)


def _forms_sheet(template: Template) -> _Sheet:
    extras = _extra_fields(Form, msg.WB_FORMS)
    sheet = _Sheet(msg.WB_SHEET_FORMS, [*msg.WB_FORMS.values(), *extras])
    for form in template.forms:
        sheet.rows.append(
            [form.number, form.title, form.area, *(_generic_cell(getattr(form, x)) for x in extras)]
        )
    sheet.widths = {0: 6, 1: 60, 2: 24}
    return sheet


def _rows_sheet(template: Template, contexts: Mapping[int, FormulaContext]) -> _Sheet:
    columns = list(msg.WB_ROWS)
    extras = _extra_fields(Indicator, _ROW_FIELDS)
    headers = [msg.WB_ROWS[c] for c in columns] + extras
    sheet = _Sheet(msg.WB_SHEET_ROWS, headers)
    lists = _code_lists(template)

    def add(form: Form, row: Indicator, level: int) -> None:
        ctx = contexts[form.number]
        percent = row.kind is RowKind.PERCENT
        cells: dict[str, Any] = {
            "form": form.number,
            "level": level,
            "stt": row.stt or None,
            "key": row.key,
            "label": row.label,
            "hint": row.hint or None,
            "unit_of_measure": row.unit_of_measure or None,
            "kind": msg.KIND_LABELS[row.kind.value],
            "group": msg.WB_YES if row.group else None,
            "required": None if row.required is None else _yes_no(row.required),
            "derive": to_printed(row.derive, ctx, percent=percent) if row.derive else None,
            "at_most": to_printed(row.at_most, ctx, bound=True) if row.at_most else None,
            "at_most_severity": (
                msg.WB_SEVERITY[row.at_most_severity.value]
                if row.at_most and row.at_most_severity is not Severity.ERROR
                else None
            ),
            "children_sum": msg.WB_SEVERITY[row.children_sum.value] if row.children_sum else None,
            "code_list": lists[tuple(row.codes.items())] if row.codes else None,
            "none_code": row.none_code,
            "evidence": msg.WB_YES if row.evidence else None,
            "decimals": row.decimals,
            "minimum": row.minimum,
            "maximum": row.maximum,
            "note": None,
        }
        sheet.rows.append(
            [cells[c] for c in columns] + [_generic_cell(getattr(row, x)) for x in extras]
        )
        if level > 1:
            sheet.indents[(len(sheet.rows) - 1, columns.index("label"))] = level - 1
        for child in row.children:
            add(form, child, level + 1)

    for form in template.forms:
        for row in form.rows:
            add(form, row, 1)
    widths = {"form": 6, "level": 5, "stt": 8, "key": 18, "label": 60, "hint": 30}
    widths |= {"unit_of_measure": 16, "kind": 14, "derive": 28, "at_most": 16, "note": 30}
    sheet.widths = {i: widths.get(c, 12) for i, c in enumerate(columns)}
    sheet.choices = {
        columns.index("kind"): list(msg.KIND_LABELS.values()),
        columns.index("group"): [msg.WB_YES],
        columns.index("required"): [msg.WB_YES, msg.WB_NO],
        columns.index("at_most_severity"): list(msg.WB_SEVERITY.values()),
        columns.index("children_sum"): list(msg.WB_SEVERITY.values()),
        columns.index("evidence"): [msg.WB_YES],
    }
    return sheet


def _codes_sheet(template: Template) -> _Sheet:
    sheet = _Sheet(msg.WB_SHEET_CODES, list(msg.WB_CODES.values()))
    for items, name in _code_lists(template).items():
        for code, label in items:
            sheet.rows.append([name, code, label])
    sheet.widths = {0: 40, 1: 6, 2: 40}
    return sheet


def _rules_sheet(template: Template, contexts: Mapping[int, FormulaContext]) -> _Sheet:
    extras = _extra_fields(Rule, msg.WB_RULES)
    sheet = _Sheet(msg.WB_SHEET_RULES, [*msg.WB_RULES.values(), *extras])
    for form in template.forms:
        ctx = contexts[form.number]
        for rule in form.rules:
            sheet.rows.append(
                [
                    form.number,
                    rule.key,
                    to_printed(rule.check, ctx),
                    "; ".join(rule.rows),
                    msg.WB_SEVERITY[rule.severity.value],
                    rule.message,
                    to_printed(rule.expected, ctx) if rule.expected else None,
                    *(_generic_cell(getattr(rule, x)) for x in extras),
                ]
            )
    sheet.widths = {0: 6, 1: 12, 2: 40, 3: 20, 4: 10, 5: 80, 6: 20}
    sheet.choices = {4: list(msg.WB_SEVERITY.values())}
    return sheet


def _sections_sheet(template: Template) -> _Sheet:
    sec_extras = _extra_fields(Section, ("key", "number", "title", "part", "area"))
    sub_extras = _extra_fields(Subheading, ("key", "title", "guidance", "required"))
    headers = [*msg.WB_SECTIONS.values(), *sec_extras, *sub_extras]
    sheet = _Sheet(msg.WB_SHEET_SECTIONS, headers)
    for section in template.sections:
        head = [
            section.key,
            section.number or None,
            section.title,
            section.part or None,
            section.area or None,
        ]
        head_extras = [_generic_cell(getattr(section, x)) for x in sec_extras]
        if not section.subheadings:
            sheet.rows.append(
                [*head, None, None, None, None, *head_extras, *([None] * len(sub_extras))]
            )
        for i, sub in enumerate(section.subheadings):
            first = i == 0
            sheet.rows.append(
                [
                    *(head if first else [None] * len(head)),
                    sub.key,
                    sub.title,
                    sub.guidance or None,
                    None if sub.required else msg.WB_NO,
                    *(head_extras if first else [None] * len(sec_extras)),
                    *(_generic_cell(getattr(sub, x)) for x in sub_extras),
                ]
            )
    sheet.widths = {0: 10, 1: 6, 2: 40, 3: 30, 4: 18, 5: 10, 6: 50, 7: 80, 8: 9}
    return sheet


def _doctypes_sheet(template: Template) -> _Sheet:
    sheet = _Sheet(msg.WB_SHEET_DOCTYPES, list(msg.WB_DOCTYPES.values()))
    if template.appendix:
        for doc in template.appendix.document_types:
            sheet.rows.append([doc.name, "; ".join(doc.symbols)])
    sheet.widths = {0: 24, 1: 24}
    return sheet


def _carry_sheet(template: Template) -> _Sheet:
    sheet = _Sheet(msg.WB_SHEET_CARRY, list(msg.WB_CARRY.values()))
    for row in template.carry_over.rows:
        sheet.rows.append([msg.WB_CARRY_ROW, row.old, "; ".join(row.new), None])
    for section in template.carry_over.sections:
        sheet.rows.append([msg.WB_CARRY_SECTION, section.old, section.new or None, None])
    sheet.widths = {0: 8, 1: 24, 2: 40, 3: 40}
    sheet.choices = {0: [msg.WB_CARRY_ROW, msg.WB_CARRY_SECTION]}
    return sheet


_PRE_FORMATTED_ROWS = 200
"""Empty rows below the data given the text format, so that "2.1" typed there stays text."""


def _save(sheets: list[_Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    default = book.active
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for spec in sheets:
        ws = book.create_sheet(spec.name)
        for col, header in enumerate(spec.headers, start=1):
            cell = ws.cell(row=1, column=col, value=header)
            cell.font, cell.fill = bold, fill
        total = len(spec.rows) + 1 + (0 if spec.name == msg.WB_SHEET_GUIDE else _PRE_FORMATTED_ROWS)
        for r in range(2, total + 1):
            values = spec.rows[r - 2] if r - 2 < len(spec.rows) else []
            for col in range(1, len(spec.headers) + 1):
                value = values[col - 1] if col - 1 < len(values) else None
                cell = ws.cell(row=r, column=col)
                if value is not None and value != "":
                    cell.value = value
                    if isinstance(value, str):
                        cell.data_type = "s"  # never an Excel formula, even if it starts with =
                if spec.name != msg.WB_SHEET_GUIDE:
                    cell.number_format = "@"  # what a designer types here stays text
                indent = spec.indents.get((r - 2, col - 1))
                cell.alignment = (
                    Alignment(wrap_text=True, vertical="top", indent=indent) if indent else wrap
                )
        for col, width in spec.widths.items():
            ws.column_dimensions[get_column_letter(col + 1)].width = width
        ws.freeze_panes = "A2"
        for col, options in spec.choices.items():
            letter = get_column_letter(col + 1)
            validation = DataValidation(
                type="list", formula1='"' + ",".join(options) + '"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}{total}")
            ws.add_data_validation(validation)
    book.remove(default)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Reading ---------------------------------------------------------------------------------

_REQUIRED_SHEETS = (msg.WB_SHEET_SETTINGS, msg.WB_SHEET_FORMS, msg.WB_SHEET_ROWS)


def _text_of(value: Any) -> str:
    """A cell as text: NFC, trimmed; whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


@dataclass
class _Table:
    """One data sheet: its name and, per row, the cells by column name with their coordinates."""

    name: str
    rows: list[dict[str, tuple[Any, str]]]
    """Each row: column name → (value, cell coordinate such as "H12")."""
    header_cells: dict[str, str]


def _open_book(path: Path) -> Any:
    """The openpyxl workbook of ``path``, after checking what kind of file it is."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise WorkbookError(name, "", "", msg.WB_TOO_LARGE.format(size=human_size(size)))
        data = path.read_bytes()
    except FileNotFoundError:
        raise WorkbookError(name, "", "", msg.WB_NOT_FOUND) from None
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise WorkbookError(name, "", "", msg.WB_UNREADABLE.format(reason=reason)) from None
    if data.startswith(_OLE_MAGIC) or path.suffix.lower() == ".xls":
        raise WorkbookError(name, "", "", msg.WB_XLS)
    if not data.startswith(_ZIP_MAGIC):
        looks_text = b"\0" not in data[:4096]
        reason = msg.WB_CSV if looks_text or path.suffix.lower() == ".csv" else msg.WB_NOT_XLSX
        raise WorkbookError(name, "", "", reason)
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(io.BytesIO(data), data_only=False, rich_text=False)
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError):
        raise WorkbookError(name, "", "", msg.WB_DAMAGED) from None


def _table(book: Any, sheet: str, columns: Mapping[str, str], extras: Iterable[str]) -> _Table:
    """Read a data sheet: headers matched (without diacritics) to column names."""
    ws = book[sheet]
    if ws.merged_cells.ranges:
        first = sorted(str(r) for r in ws.merged_cells.ranges)[0]
        raise _CellError(sheet, first, msg.WB_MERGED.format(cells=first))
    if ws.max_row > MAX_ROWS + 1:
        raise _CellError(
            sheet, "", msg.WB_TOO_MANY_ROWS.format(rows=ws.max_row - 1, limit=MAX_ROWS)
        )
    by_header = {fold(header): name for name, header in columns.items()}
    by_header.update({fold(name): name for name in extras})
    index: dict[int, str] = {}
    header_cells: dict[str, str] = {}
    for cell in next(ws.iter_rows(min_row=1, max_row=1), ()):
        _refuse_formula(sheet, cell)
        text = _text_of(cell.value)
        if not text:
            continue
        name = by_header.get(fold(text))
        if name is None:
            shown = ", ".join(columns.values())
            raise _CellError(
                sheet, cell.coordinate, msg.WB_UNKNOWN_COLUMN.format(header=text, columns=shown)
            )
        if name in header_cells:
            raise _CellError(sheet, cell.coordinate, msg.WB_DUP_COLUMN.format(header=text))
        index[cell.column] = name
        header_cells[name] = cell.coordinate
    rows: list[dict[str, tuple[Any, str]]] = []
    for cells in ws.iter_rows(min_row=2):
        row: dict[str, tuple[Any, str]] = {}
        for cell in cells:
            _refuse_formula(sheet, cell)
            name = index.get(cell.column)
            if name is not None:
                row[name] = (cell.value, cell.coordinate)
        if any(_text_of(v) for v, _ in row.values()):
            rows.append(row)
    return _Table(sheet, rows, header_cells)


def _refuse_formula(sheet: str, cell: Any) -> None:
    if cell.data_type == "f" or type(cell.value).__name__ in {"ArrayFormula", "DataTableFormula"}:
        formula = str(getattr(cell.value, "text", cell.value))
        raise _CellError(sheet, cell.coordinate, msg.WB_EXCEL_FORMULA.format(formula=formula))


def _sheet_names(book: Any) -> dict[str, str]:
    """Folded sheet name → the sheet's real name."""
    return {fold(name.strip()): name for name in book.sheetnames}


class _Reader:
    """One read of a workbook into a :class:`Template`, cell by cell."""

    def __init__(self, book: Any, file: str) -> None:
        self.book = book
        self.file = file
        self.names = _sheet_names(book)
        self.row_cells: dict[str, tuple[str, str]] = {}
        """Row key → (sheet, cell of its label)."""
        self.rule_cells: dict[str, tuple[str, str]] = {}

    def sheet(self, name: str) -> str | None:
        return self.names.get(fold(name))

    def table(
        self, name: str, columns: Mapping[str, str], extras: Iterable[str] = ()
    ) -> _Table | None:
        real = self.sheet(name)
        if real is None:
            if name in _REQUIRED_SHEETS:
                sheets = ", ".join(f"“{s}”" for s in _REQUIRED_SHEETS)
                raise _CellError(name, "", msg.WB_MISSING_SHEET.format(sheets=sheets))
            return None
        return _table(self.book, real, columns, extras)

    # -- typed cells --

    @staticmethod
    def text(row: Mapping[str, tuple[Any, str]], name: str) -> str:
        return _text_of(row.get(name, (None, ""))[0])

    def whole(self, sheet: str, row: Mapping[str, tuple[Any, str]], name: str) -> int | None:
        value, cell = row.get(name, (None, ""))
        text = _text_of(value)
        if not text:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            if float(value).is_integer():
                return int(value)
        elif re.fullmatch(r"-?\d+", text):
            return int(text)
        raise _CellError(sheet, cell, msg.WB_NOT_WHOLE.format(value=text))

    def number(self, sheet: str, row: Mapping[str, tuple[Any, str]], name: str) -> float | None:
        value, cell = row.get(name, (None, ""))
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        text = _text_of(value)
        if not text:
            return None
        try:
            parsed = parse_number(text)
        except NumberFormatError as err:
            raise _CellError(
                sheet, cell, msg.WB_NOT_NUMBER.format(value=text, reason=err.message)
            ) from None
        return None if parsed is None else float(parsed)

    def flag(self, sheet: str, row: Mapping[str, tuple[Any, str]], name: str) -> bool | None:
        value, cell = row.get(name, (None, ""))
        text = fold(_text_of(value))
        if not text:
            return None
        if text in {fold(w) for w in msg.WB_YES_WORDS}:
            return True
        if text in {fold(w) for w in msg.WB_NO_WORDS}:
            return False
        raise _CellError(sheet, cell, msg.WB_NOT_YES_NO.format(value=_text_of(value)))

    def severity(
        self, sheet: str, row: Mapping[str, tuple[Any, str]], name: str
    ) -> Severity | None:
        value, cell = row.get(name, (None, ""))
        text = _text_of(value)
        if not text:
            return None
        found = _SEVERITIES.get(fold(text))
        if found is None:
            raise _CellError(sheet, cell, msg.WB_UNKNOWN_SEVERITY.format(value=text))
        return found

    def generic(
        self,
        model: type[BaseModel],
        row: Mapping[str, tuple[Any, str]],
        extras: Iterable[str],
    ) -> dict[str, Any]:
        found = {}
        for name in extras:
            value = row.get(name, (None, ""))[0]
            if _text_of(value):
                found[name] = _generic_value(model, name, value)
        return found

    # -- the sheets --

    def read(self) -> tuple[Template, dict[str, FormulaContext]]:
        settings = self.settings()
        forms = self.forms()
        code_lists = self.code_lists()
        rows, contexts = self.indicator_rows(forms, code_lists)
        rules = self.rules(forms, contexts)
        for number, form in forms.items():
            form["rows"] = rows.get(number, [])
            form["rules"] = rules.get(number, [])
        appendix = settings.pop("_appendix")
        doc_types = self.doc_types()
        if appendix is not None:
            appendix["document_types"] = doc_types
        data = {
            **settings,
            "sections": self.sections(),
            "forms": list(forms.values()),
            "appendix": appendix,
            "carry_over": self.carry_over(),
        }
        try:
            return Template.model_validate(data), contexts
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(s) for s in first["loc"])
            raise _CellError(msg.WB_SHEET_ROWS, "", f"{where}: {first['msg']}") from None

    def settings(self) -> dict[str, Any]:
        sheet = self.sheet(msg.WB_SHEET_SETTINGS) or msg.WB_SHEET_SETTINGS
        columns = {"name": msg.WB_SETTINGS_HEADER[0], "value": msg.WB_SETTINGS_HEADER[1]}
        columns["help"] = msg.WB_SETTINGS_HEADER[2]
        table = self.table(msg.WB_SHEET_SETTINGS, columns)
        assert table is not None
        labels = {fold(label): name for name, (label, _) in msg.WB_SETTINGS.items()}
        extras = _template_extras()
        labels.update({fold(name): name for name in extras})
        found: dict[str, tuple[Any, str]] = {}
        name_cells: dict[str, str] = {}
        for row in table.rows:
            label, label_cell = row.get("name", (None, ""))
            written = _text_of(label)
            if not written:
                continue
            name = labels.get(fold(written))
            if name is None:
                shown = ", ".join(label for label, _ in msg.WB_SETTINGS.values())
                raise _CellError(
                    sheet, label_cell, msg.WB_UNKNOWN_SETTING.format(name=written, names=shown)
                )
            found[name] = row.get("value", (None, label_cell))
            name_cells[name] = label_cell

        def value_cell(name: str) -> str:
            cell = found.get(name, (None, ""))[1]
            return cell or name_cells.get(name, "")

        def text(name: str, required: bool = True) -> str:
            value = _text_of(found.get(name, (None, ""))[0])
            if required and not value:
                label = msg.WB_SETTINGS[name][0]
                raise _CellError(sheet, value_cell(name), msg.WB_SETTING_MISSING.format(name=label))
            return value

        def kinds(name: str, labels_by_code: Mapping[str, str], error: str) -> list[str]:
            by_label = {fold(label): code for code, label in labels_by_code.items()}
            by_label.update({code: code for code in labels_by_code})
            result = []
            for part in text(name).split(";"):
                part = part.strip()
                if not part:
                    continue
                code = by_label.get(fold(part))
                if code is None:
                    shown = "; ".join(labels_by_code.values())
                    raise _CellError(sheet, value_cell(name), error.format(value=part, kinds=shown))
                result.append(code)
            return result

        decimals_row = found.get("decimals")
        decimals = self.whole(sheet, {"v": decimals_row}, "v") if decimals_row else None
        appendix_title = text("appendix_title", required=False)
        appendix: dict[str, Any] | None = None
        if appendix_title:
            appendix = {"title": appendix_title}
            count_row = text("appendix_count_row", required=False)
            if count_row:
                appendix["count_row"] = count_row
        data: dict[str, Any] = {
            "id": text("id"),
            "version": text("version"),
            "title": text("title"),
            "province": text("province"),
            "period_kinds": kinds("period_kinds", msg.PERIOD_KIND_LABELS, msg.WB_UNKNOWN_PERIOD),
            "unit_kinds": kinds("unit_kinds", msg.UNIT_KIND_LABELS, msg.WB_UNKNOWN_UNIT_KIND),
            "receiving_office": text("receiving_office"),
            "source": text("source", required=False),
            "_appendix": appendix,
        }
        if decimals is not None:
            data["rounding"] = {"decimals": decimals}
        for name in extras:
            if name in found and _text_of(found[name][0]):
                data[name] = _generic_value(Template, name, found[name][0])
        return data

    def forms(self) -> dict[int, dict[str, Any]]:
        extras = _extra_fields(Form, msg.WB_FORMS)
        table = self.table(msg.WB_SHEET_FORMS, msg.WB_FORMS, extras)
        assert table is not None
        forms: dict[int, dict[str, Any]] = {}
        for row in table.rows:
            number = self.whole(table.name, row, "number")
            cell = row.get("number", (None, table.header_cells.get("number", "A1")))[1]
            if number is None:
                raise _CellError(table.name, cell, msg.WB_NO_FORM)
            if number in forms:
                raise _CellError(table.name, cell, msg.WB_FORM_DUP.format(number=number))
            title = self.text(row, "title")
            if not title:
                title_cell = row.get("title", (None, cell))[1] or cell
                raise _CellError(table.name, title_cell, msg.WB_FORM_TITLE)
            forms[number] = {
                "number": number,
                "title": title,
                "area": self.text(row, "area"),
                **self.generic(Form, row, extras),
            }
        return forms

    def code_lists(self) -> dict[str, dict[int, str]]:
        table = self.table(msg.WB_SHEET_CODES, msg.WB_CODES)
        lists: dict[str, dict[int, str]] = {}
        if table is None:
            return lists
        current = ""
        for row in table.rows:
            name = self.text(row, "list") or current
            cell = row.get("code", (None, ""))[1]
            if not name:
                raise _CellError(
                    table.name, row.get("list", (None, cell))[1], msg.WB_CODE_LIST_NAME
                )
            current = name
            code = self.whole(table.name, row, "code")
            if code is None:
                raise _CellError(table.name, cell, msg.WB_NOT_WHOLE.format(value=""))
            codes = lists.setdefault(fold(name), {})
            if code in codes:
                raise _CellError(table.name, cell, msg.WB_CODE_DUP.format(code=code, name=name))
            label = self.text(row, "label")
            if not label:
                raise _CellError(
                    table.name,
                    row.get("label", (None, cell))[1],
                    msg.WB_CODE_LABEL.format(code=code),
                )
            codes[code] = label
        return lists

    def indicator_rows(
        self, forms: Mapping[int, dict[str, Any]], code_lists: Mapping[str, dict[int, str]]
    ) -> tuple[dict[int, list[dict[str, Any]]], dict[str, FormulaContext]]:
        extras = _extra_fields(Indicator, _ROW_FIELDS)
        table = self.table(msg.WB_SHEET_ROWS, msg.WB_ROWS, extras)
        assert table is not None
        sheet = table.name
        kinds = {fold(label): RowKind(value) for value, label in msg.KIND_LABELS.items()}
        kinds.update({value: RowKind(value) for value in msg.KIND_LABELS})
        nodes: list[_Node] = []
        stacks: dict[int, list[_Node]] = {}
        current_form: int | None = None
        keys_by_form: dict[int, set[str]] = {}
        for row in table.rows:
            label_cell = row.get("label", (None, ""))[1]
            form = self.whole(sheet, row, "form")
            if form is None:
                form = current_form
            if form is None:
                raise _CellError(sheet, row.get("form", (None, label_cell))[1], msg.WB_NO_FORM)
            if form not in forms:
                cell = row.get("form", (None, label_cell))[1]
                raise _CellError(
                    sheet,
                    cell,
                    msg.WB_FORM_UNKNOWN.format(number=form, sheet=msg.WB_SHEET_FORMS),
                )
            current_form = form
            level = self.whole(sheet, row, "level") or 1
            level_cell = row.get("level", (None, label_cell))[1] or label_cell
            if level < 1:
                raise _CellError(sheet, level_cell, msg.WB_LEVEL_BAD)
            stack = stacks.setdefault(form, [])
            if level - 1 > len(stack):
                raise _CellError(
                    sheet, level_cell, msg.WB_LEVEL_JUMP.format(level=level, parent=level - 1)
                )
            kind_text = self.text(row, "kind")
            kind = kinds.get(fold(kind_text)) if kind_text else RowKind.COUNT
            if kind is None:
                shown = ", ".join(msg.KIND_LABELS.values())
                raise _CellError(
                    sheet,
                    row.get("kind", (None, label_cell))[1],
                    msg.WB_UNKNOWN_KIND.format(value=kind_text, kinds=shown),
                )
            label = self.text(row, "label")
            if not label:
                raise _CellError(sheet, label_cell or level_cell, msg.WB_NO_LABEL)
            stt = self.text(row, "stt")
            explicit = self.text(row, "key")
            key_cell = row.get("key", (None, label_cell))[1] or label_cell
            if not stt and not explicit:
                raise _CellError(sheet, key_cell, msg.WB_NO_STT)
            try:
                key = (
                    RowKey.resolve(explicit, f"BM{form}")
                    if explicit
                    else RowKey.of(f"BM{form}", stt)
                )
            except KeyFormatError as err:
                shown = explicit or stt
                raise _CellError(
                    sheet, key_cell, msg.WB_BAD_KEY.format(value=shown, reason=err.message)
                ) from None
            seen = keys_by_form.setdefault(form, set())
            if key in seen:
                stt_cell = row.get("stt", (None, key_cell))[1] or key_cell
                raise _CellError(
                    sheet,
                    key_cell if explicit else stt_cell,
                    msg.WB_DUP_ROW.format(key=key.part, form=form, stt=key.part),
                )
            seen.add(key)
            data: dict[str, Any] = {"label": label, "kind": kind}
            if explicit:
                data["key"] = str(key)
            if stt:
                data["stt"] = stt
            for name in ("hint", "unit_of_measure"):
                if value := self.text(row, name):
                    data[name] = value
            if self.flag(sheet, row, "group"):
                data["group"] = True
            required = self.flag(sheet, row, "required")
            if required is not None:
                data["required"] = required
            if self.flag(sheet, row, "evidence"):
                data["evidence"] = True
            severity = self.severity(sheet, row, "at_most_severity")
            if severity is not None:
                data["at_most_severity"] = severity
            children_sum = self.severity(sheet, row, "children_sum")
            if children_sum is not None:
                data["children_sum"] = children_sum
            list_name = self.text(row, "code_list")
            list_cell = row.get("code_list", (None, label_cell))[1] or label_cell
            if list_name:
                codes = code_lists.get(fold(list_name))
                if codes is None:
                    raise _CellError(
                        sheet,
                        list_cell,
                        msg.WB_CODE_LIST_UNKNOWN.format(name=list_name, sheet=msg.WB_SHEET_CODES),
                    )
                data["codes"] = dict(codes)
            elif kind is RowKind.CODE:
                raise _CellError(sheet, list_cell, msg.WB_CODE_LIST_NEEDED)
            none_code = self.whole(sheet, row, "none_code")
            if none_code is not None:
                data["none_code"] = none_code
            decimals = self.whole(sheet, row, "decimals")
            if decimals is not None:
                data["decimals"] = decimals
            for name in ("minimum", "maximum"):
                number = self.number(sheet, row, name)
                if number is not None:
                    data[name] = number
            data.update(self.generic(Indicator, row, extras))
            node = _Node(
                form=form,
                key=key,
                data=data,
                derive=row.get("derive", (None, ""))[0],
                derive_cell=row.get("derive", (None, label_cell))[1] or label_cell,
                at_most=row.get("at_most", (None, ""))[0],
                at_most_cell=row.get("at_most", (None, label_cell))[1] or label_cell,
            )
            if level > 1:
                stack[level - 2].children.append(node)
            else:
                nodes.append(node)
            stacks[form] = stack[: level - 1] + [node]
            self.row_cells[key] = (sheet, label_cell)

        all_keys = frozenset(k for keys in keys_by_form.values() for k in keys)
        contexts = {
            f"BM{number}": FormulaContext(
                number, {RowKey(k).part: k for k in keys_by_form.get(number, set())}, all_keys
            )
            for number in forms
        }
        for node in _walk_nodes(nodes):
            ctx = contexts[f"BM{node.form}"]
            for attr, cell, bound in (
                ("derive", node.derive_cell, False),
                ("at_most", node.at_most_cell, True),
            ):
                text = _text_of(getattr(node, attr))
                if not text:
                    continue
                percent = node.data["kind"] is RowKind.PERCENT and not bound
                try:
                    node.data[attr] = to_rule(text, ctx, percent=percent, bound=bound)
                except FormulaError as err:
                    raise _CellError(
                        sheet, cell, msg.WB_FORMULA.format(formula=text, reason=err.message)
                    ) from None
        _check_cycles(nodes, sheet)
        by_form: dict[int, list[dict[str, Any]]] = {}
        for node in nodes:
            by_form.setdefault(node.form, []).append(node.build())
        return by_form, contexts

    def rules(
        self, forms: Mapping[int, dict[str, Any]], contexts: Mapping[str, FormulaContext]
    ) -> dict[int, list[dict[str, Any]]]:
        extras = _extra_fields(Rule, msg.WB_RULES)
        table = self.table(msg.WB_SHEET_RULES, msg.WB_RULES, extras)
        result: dict[int, list[dict[str, Any]]] = {}
        if table is None:
            return result
        sheet = table.name
        seen: set[str] = set()
        current: int | None = None
        for row in table.rows:
            key_cell = row.get("key", (None, ""))[1]
            form = self.whole(sheet, row, "form") or current
            form_cell = row.get("form", (None, key_cell))[1] or key_cell
            if form is None:
                raise _CellError(sheet, form_cell, msg.WB_NO_FORM)
            if form not in forms:
                raise _CellError(
                    sheet,
                    form_cell,
                    msg.WB_FORM_UNKNOWN.format(number=form, sheet=msg.WB_SHEET_FORMS),
                )
            current = form
            ctx = contexts[f"BM{form}"]
            key = self.text(row, "key")
            if not key:
                raise _CellError(sheet, key_cell or form_cell, msg.WB_RULE_KEY)
            if key in seen:
                raise _CellError(sheet, key_cell, msg.WB_RULE_DUP.format(key=key))
            seen.add(key)
            data: dict[str, Any] = {"key": key}
            for name, required, error in (
                ("check", True, msg.WB_RULE_CHECK),
                ("expected", False, ""),
            ):
                text = self.text(row, name)
                cell = row.get(name, (None, key_cell))[1] or key_cell
                if not text:
                    if required:
                        raise _CellError(sheet, cell, error)
                    continue
                try:
                    data[name] = to_rule(text, ctx)
                except FormulaError as err:
                    raise _CellError(
                        sheet, cell, msg.WB_FORMULA.format(formula=text, reason=err.message)
                    ) from None
            rows_text = self.text(row, "rows")
            rows_cell = row.get("rows", (None, key_cell))[1] or key_cell
            refs = [part.strip() for part in rows_text.split(";") if part.strip()]
            if not refs:
                raise _CellError(sheet, rows_cell, msg.WB_RULE_ROWS)
            for ref in refs:
                try:
                    full = RowKey.resolve(ref, f"BM{form}")
                except KeyFormatError:
                    full = None
                if full is None or full not in ctx.keys:
                    raise _CellError(
                        sheet, rows_cell, msg.WB_RULE_ROW_UNKNOWN.format(ref=ref, form=form)
                    )
            data["rows"] = refs
            severity = self.severity(sheet, row, "severity")
            if severity is not None:
                data["severity"] = severity
            message = self.text(row, "message")
            if not message:
                raise _CellError(
                    sheet, row.get("message", (None, key_cell))[1] or key_cell, msg.WB_RULE_MESSAGE
                )
            data["message"] = message
            data.update(self.generic(Rule, row, extras))
            result.setdefault(form, []).append(data)
            self.rule_cells[key] = (sheet, key_cell)
        return result

    def sections(self) -> list[dict[str, Any]]:
        sec_extras = _extra_fields(Section, ("key", "number", "title", "part", "area"))
        sub_extras = _extra_fields(Subheading, ("key", "title", "guidance", "required"))
        table = self.table(msg.WB_SHEET_SECTIONS, msg.WB_SECTIONS, [*sec_extras, *sub_extras])
        sections: list[dict[str, Any]] = []
        if table is None:
            return sections
        sheet = table.name
        seen: set[str] = set()
        current: dict[str, Any] | None = None
        for row in table.rows:
            key = self.text(row, "section")
            key_cell = row.get("section", (None, ""))[1]
            if key and (current is None or key != current["key"]):
                if key in seen:
                    raise _CellError(sheet, key_cell, msg.WB_DUP_SECTION.format(key=key))
                seen.add(key)
                title = self.text(row, "title")
                if not title:
                    raise _CellError(
                        sheet, row.get("title", (None, key_cell))[1], msg.WB_SECTION_TITLE
                    )
                current = {"key": key, "title": title, "subheadings": []}
                for name in ("number", "part", "area"):
                    if value := self.text(row, name):
                        current[name] = value
                current.update(self.generic(Section, row, sec_extras))
                sections.append(current)
            if current is None:
                cell = key_cell or row.get("key", (None, "A2"))[1]
                raise _CellError(sheet, cell, msg.WB_SECTION_KEY)
            sub_key = self.text(row, "key")
            if not sub_key:
                continue
            sub_cell = row.get("key", (None, key_cell))[1]
            if sub_key in seen:
                raise _CellError(sheet, sub_cell, msg.WB_DUP_SECTION.format(key=sub_key))
            seen.add(sub_key)
            title = self.text(row, "subtitle")
            if not title:
                raise _CellError(
                    sheet, row.get("subtitle", (None, sub_cell))[1], msg.WB_SUBHEADING_TITLE
                )
            sub: dict[str, Any] = {"key": sub_key, "title": title}
            if guidance := self.text(row, "guidance"):
                sub["guidance"] = guidance
            required = self.flag(sheet, row, "required")
            if required is not None:
                sub["required"] = required
            sub.update(self.generic(Subheading, row, sub_extras))
            current["subheadings"].append(sub)
        return sections

    def doc_types(self) -> list[dict[str, Any]]:
        table = self.table(msg.WB_SHEET_DOCTYPES, msg.WB_DOCTYPES)
        found: list[dict[str, Any]] = []
        if table is None:
            return found
        for row in table.rows:
            name = self.text(row, "name")
            if not name:
                raise _CellError(table.name, row.get("name", (None, ""))[1], msg.WB_DOCTYPE_NAME)
            symbols = [s.strip() for s in self.text(row, "symbols").split(";") if s.strip()]
            found.append({"name": name, "symbols": symbols})
        return found

    def carry_over(self) -> dict[str, Any]:
        table = self.table(msg.WB_SHEET_CARRY, msg.WB_CARRY)
        rows: list[dict[str, Any]] = []
        sections: list[dict[str, Any]] = []
        if table is None:
            return {"rows": rows, "sections": sections}
        for row in table.rows:
            what = fold(self.text(row, "what"))
            what_cell = row.get("what", (None, ""))[1]
            old = self.text(row, "old")
            if not old:
                raise _CellError(table.name, row.get("old", (None, what_cell))[1], msg.WB_CARRY_OLD)
            new = [part.strip() for part in self.text(row, "new").split(";") if part.strip()]
            if what == fold(msg.WB_CARRY_ROW):
                rows.append({"old": old, "new": new})
            elif what == fold(msg.WB_CARRY_SECTION):
                sections.append({"old": old, "new": new[0] if new else ""})
            else:
                raise _CellError(
                    table.name, what_cell, msg.WB_CARRY_WHAT.format(value=self.text(row, "what"))
                )
        return {"rows": rows, "sections": sections}


@dataclass
class _Node:
    """An indicator row being read, before its children are complete."""

    form: int
    key: RowKey
    data: dict[str, Any]
    derive: Any
    derive_cell: str
    at_most: Any
    at_most_cell: str
    children: list[_Node] = field(default_factory=list)

    def build(self) -> dict[str, Any]:
        built = dict(self.data)
        if self.children:
            built["children"] = [child.build() for child in self.children]
        return built


def _walk_nodes(nodes: list[_Node]) -> Iterator[_Node]:
    for node in nodes:
        yield node
        yield from _walk_nodes(node.children)


def _check_cycles(nodes: list[_Node], sheet: str) -> None:
    """Refuse formulas that read themselves through other formulas (with the first cell)."""
    from cchc_tui.base.rules import Expression, ExpressionError

    by_key: dict[str, _Node] = {node.key: node for node in _walk_nodes(nodes)}
    reads: dict[str, list[str]] = {}
    for node in by_key.values():
        derive = node.data.get("derive")
        if not derive:
            continue
        refs: list[str] = []
        if "sum_children()" in derive:
            refs += [c.key for c in node.children if c.data["kind"] in NUMERIC_KINDS]
        try:
            refs += list(
                Expression.compile(derive.replace("sum_children()", "0"), node.key.form).refs
            )
        except ExpressionError:
            continue  # reported when the template is checked
        reads[node.key] = [r for r in refs if r in by_key and by_key[r].data.get("derive")]
    state: dict[str, int] = {}

    def visit(key: str, path: list[str]) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            cycle = path[path.index(key) :] + [key]
            first = by_key[cycle[0]]
            raise _CellError(sheet, first.derive_cell, msg.WB_CYCLE.format(keys=" → ".join(cycle)))
        state[key] = 1
        for ref in reads.get(key, []):
            visit(ref, path + [key])
        state[key] = 2

    for key in reads:
        visit(key, [])


def read_workbook(path: Path | str) -> LoadedTemplate:
    """Read a template workbook and check it like a template file.

    Raises:
        WorkbookError: the file is not a usable ``.xlsx``, or a cell is wrong (one message with
            the file, the sheet, the cell and the reason).
    """
    path = Path(path)
    book = _open_book(path)
    reader = _Reader(book, path.name)
    try:
        template, _contexts_ = reader.read()
    except _CellError as err:
        raise WorkbookError(path.name, err.sheet, err.cell, err.reason) from None
    try:
        return compile_template(template, path.name)
    except TemplateError as err:
        sheet, cell = _place(reader, err.where)
        raise WorkbookError(
            path.name, sheet, cell, msg.WB_CHECK.format(reason=f"{err.where}: {err.reason}")
        ) from None


def _place(reader: _Reader, where: str) -> tuple[str, str]:
    """The sheet and cell a loader message's place names, when it names a row or a rule."""
    for key, place in {**reader.row_cells, **reader.rule_cells}.items():
        if re.search(rf"(?<![\w/.]){re.escape(key)}(?![\w.])", where):
            return place
    return msg.WB_SHEET_ROWS, ""
