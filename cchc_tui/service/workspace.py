"""One open report: the store, its template and its current validation, for the screens.

Screens hold no business logic: they call this class to enter a value, write a note or a
section, edit the appendix or explain a warning. Each call commits at once (one transaction)
and re-validates the report, so what the screen shows next is what is on disk.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc_tui import messages as msg
from cchc_tui.base.text import fold
from cchc_tui.db.store import SIGNED, ReportStore
from cchc_tui.domain.report import CellValue, Document, ReportData
from cchc_tui.domain.validation import Finding, ValidationResult, sorted_findings, validate
from cchc_tui.domain.values import parse_cell
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate, get_template
from cchc_tui.template.model import Form, Section


@dataclass(frozen=True)
class ReportPart:
    """One entry of the report outline: a narrative section, a form or the appendix."""

    kind: str
    """``section``, ``form``, ``appendix`` or ``findings``."""
    key: str
    """Section key (``I.3``), form key (``BM3``), ``appendix`` or ``findings``."""
    title: str
    state: str
    """``empty``, ``in_progress``, ``complete`` or ``has_errors``."""
    filled: int
    required: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class SearchTarget:
    """Something the command palette can open: an outline item, optionally a row in it."""

    text: str
    """What is shown, e.g. "Biểu mẫu 3 › 3.3.1 Tổng số hồ sơ TTHC đã giải quyết xong"."""
    folded: str
    """``text`` folded for diacritic-free matching."""
    item_kind: str
    item_key: str
    row_key: str | None = None


class ReportWorkspace:
    """An open report and everything the screens need from it.

    Args:
        store: the open store.
        report_id: the report to work on.

    Raises:
        ReportNotFound: no such report.
    """

    def __init__(self, store: ReportStore, report_id: int) -> None:
        self.store = store
        self.report_id = report_id
        self.report: ReportData
        self.template: LoadedTemplate
        self.result: ValidationResult
        self.status = ""
        self.revision = 1
        self.previous: dict[str, CellValue] = {}
        self.reload()

    def reload(self) -> None:
        """Read the report again from the store and re-validate it."""
        self.report = self.store.load_report(self.report_id)
        self.template = get_template(self.report.template_id)
        self.status, self.revision = self.store.status(self.report_id)
        self.previous = self.store.previous_values(self.report_id)
        self.revalidate()

    def revalidate(self) -> None:
        """Run the validation engine on the current data."""
        self.result = validate(self.template, self.report)

    @property
    def locked(self) -> bool:
        """Whether the report is signed (read-only)."""
        return self.status == SIGNED

    @property
    def title(self) -> str:
        """ "Xã Bình Lãng — 2023-nam" for headers."""
        return f"{self.report.unit.display_name} — {self.report.period.code}"

    # --- values ---------------------------------------------------------------------------

    def enter_value(self, key: str, text: str) -> CellValue:
        """Parse, check and commit what the officer typed for row ``key``.

        Returns:
            The stored value.

        Raises:
            CellError: the text is not a valid value for the row (nothing is stored).
            ReportLocked: the report is signed.
        """
        info = self.template.indicators[key]
        value = parse_cell(info.indicator, text)
        self.store.set_value(self.report_id, key, value)
        if value is None:
            self.report.values.pop(key, None)
        else:
            self.report.values[key] = value
        self.revalidate()
        return value

    def set_note(self, key: str, text: str) -> None:
        """Commit the note of a row."""
        self.store.set_note(self.report_id, key, text)
        self._set_local(self.report.notes, key, text)

    def set_narrative(self, key: str, text: str) -> bool:
        """Commit the text of a sub-heading; returns whether anything changed."""
        if self.report.narrative.get(key, "") == text:
            return False
        self.store.set_narrative(self.report_id, key, text)
        self._set_local(self.report.narrative, key, text)
        self.revalidate()
        return True

    def set_explanation(self, finding_id: str, text: str) -> None:
        """Commit the explanation of a warning."""
        self.store.set_explanation(self.report_id, finding_id, text)
        self._set_local(self.report.explanations, finding_id, text)

    @staticmethod
    def _set_local(mapping: dict[str, str], key: str, text: str) -> None:
        from cchc_tui.base.text import nfc

        text = nfc(text)
        if text:
            mapping[key] = text
        else:
            mapping.pop(key, None)

    # --- documents ------------------------------------------------------------------------

    def add_document(self, doc: Document) -> None:
        """Append a document to the appendix and commit it."""
        self.store.add_document(self.report_id, doc)
        self.report.documents.append(doc)
        self.revalidate()

    def update_document(self, index: int, doc: Document) -> None:
        """Replace the document at list position ``index``."""
        self.store.update_document(self.report_id, index, doc)
        self.report.documents[index] = doc
        self.revalidate()

    def delete_document(self, index: int) -> None:
        """Remove the document at list position ``index``."""
        self.store.delete_document(self.report_id, index)
        del self.report.documents[index]
        self.revalidate()

    def documents_by_date(self) -> list[tuple[int, Document]]:
        """``(list position, document)`` pairs sorted by date, then number."""
        return sorted(enumerate(self.report.documents), key=lambda p: (p[1].date, p[0]))

    # --- structure ------------------------------------------------------------------------

    def form_indicators(self, form: Form) -> list[IndicatorInfo]:
        """The rows of a form in printed order."""
        return self.template.form_indicators(form)

    def section(self, key: str) -> Section:
        """The narrative section ``key``."""
        for section in self.template.template.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def section_state(self, section: Section) -> tuple[str, int, int, int]:
        """``(state, filled, required, errors)`` of a narrative section."""
        required = [s for s in section.subheadings if s.required]
        filled = [s for s in required if self.report.narrative.get(s.key, "").strip()]
        entered = any(self.report.narrative.get(s.key, "").strip() for s in section.subheadings)
        if not entered:
            state = "empty"
        elif len(filled) < len(required):
            state = "in_progress"
        else:
            state = "complete"
        return state, len(filled), len(required), len(required) - len(filled)

    def outline(self) -> list[ReportPart]:
        """Every section, form and the appendix in template order, with states and counts."""
        items: list[ReportPart] = []
        for section in self.template.template.sections:
            state, filled, required, _missing = self.section_state(section)
            title = f"{section.key} {section.title}"
            items.append(ReportPart("section", section.key, title, state, filled, required, 0, 0))
        for form in self.template.template.forms:
            part = self.result.by_part[form.key]
            title = msg.FORM_TITLE.format(number=form.number, title=form.title)
            items.append(
                ReportPart(
                    "form",
                    form.key,
                    title,
                    part.state,
                    part.filled,
                    part.required,
                    part.errors,
                    part.warnings,
                )
            )
        if self.template.template.appendix is not None:
            part = self.result.by_part["appendix"]
            state = "has_errors" if part.errors else ("complete" if part.entered else "empty")
            items.append(
                ReportPart(
                    "appendix",
                    "appendix",
                    self.template.template.appendix.title,
                    state,
                    part.entered,
                    0,
                    part.errors,
                    part.warnings,
                )
            )
        return items

    def findings(self) -> list[Finding]:
        """All findings in template order."""
        return sorted_findings(self.result.findings, self.template, self.report.documents)

    def part_title(self, part: str) -> str:
        """Heading of a finding group: form title, "Phần thuyết minh" or the appendix."""
        if part.startswith("BM"):
            form = self.template.form(int(part[2:]))
            return msg.FORM_TITLE.format(number=form.number, title=form.title)
        if part == "narrative":
            return msg.NARRATIVE_TITLE
        return msg.APPENDIX_TITLE

    def section_of_subheading(self, key: str) -> str:
        """The section key of a sub-heading key."""
        for section in self.template.template.sections:
            if any(s.key == key for s in section.subheadings):
                return section.key
        raise KeyError(key)

    def search_targets(self) -> list[SearchTarget]:
        """Everything the palette can open: sections, sub-headings, forms, rows, appendix."""
        targets: list[SearchTarget] = []

        def add(text: str, kind: str, key: str, row: str | None = None) -> None:
            targets.append(SearchTarget(text, fold(text), kind, key, row))

        for section in self.template.template.sections:
            add(f"{section.number} {section.title}".strip(), "section", section.key)
            for sub in section.subheadings:
                add(f"{section.number} › {sub.title}", "section", section.key, sub.key)
        for form in self.template.template.forms:
            title = msg.FORM_TITLE.format(number=form.number, title=form.title)
            add(title, "form", form.key)
            for info in self.form_indicators(form):
                stt = info.indicator.stt.rstrip(".") or info.key.split("/", 1)[1]
                add(f"{stt} {info.indicator.label} (BM{form.number})", "form", form.key, info.key)
        appendix = self.template.template.appendix
        if appendix is not None:
            add(f"{msg.APPENDIX_TITLE}: {appendix.title}", "appendix", "appendix")
        add(msg.FINDINGS_TITLE, "findings", "findings")
        return targets
