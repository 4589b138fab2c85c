"""One open report: its template, its current validation, and every change an officer makes.

Screens hold no business logic: they call :class:`ReportWorkspace` to enter a value, write a
note or a section, edit the appendix, explain a warning, sign off or reopen. Each change is
committed at once (one transaction in the store) and the report re-validated, so what the
screen shows next is what is on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from cchc_tui import messages as msg
from cchc_tui.base.errors import Refused
from cchc_tui.base.ids import FormKey
from cchc_tui.base.limits import (
    REPORT_JSON,
    TEXT_CHARS,
    check_chars,
    check_count,
    field_label,
)
from cchc_tui.base.text import fold, nfc
from cchc_tui.domain.counts import ReportCounts
from cchc_tui.domain.documents import format_vn_date, parse_vn_date
from cchc_tui.domain.header import (
    HeaderProblem,
    closing_sentence,
    header_problems,
    report_recipients,
    report_title,
)
from cchc_tui.domain.report import (
    CellValue,
    Document,
    Header,
    ReportData,
    ReportStatus,
    Signature,
)
from cchc_tui.domain.signoff import SIGNOFF_FIELDS, Readiness, SignOffData, check_readiness
from cchc_tui.domain.validation import (
    Finding,
    PartState,
    ValidationResult,
    sorted_findings,
    validate,
)
from cchc_tui.domain.values import parse_cell
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate, get_template
from cchc_tui.template.model import Form, Section, Severity, Template

if TYPE_CHECKING:
    from cchc_tui.db.store import ReportStore
    from cchc_tui.service.reports import ReportService, SignOffRequest, SignOffResult


class PartKind:
    """The kinds of part an outline lists (plain strings, also used in palette targets)."""

    HEADER = "header"
    """The document's header: number, date, title, basis, "Nơi nhận", signer."""
    SECTION = "section"
    FORM = "form"
    APPENDIX = "appendix"
    FINDINGS = "findings"


@dataclass(frozen=True)
class ReportPart:
    """One entry of the report outline: a narrative section, a form or the appendix."""

    kind: str
    """One of :class:`PartKind`."""
    key: str
    """Section key (``I.3``), form key (``BM3``), ``appendix`` or ``findings``."""
    title: str
    state: PartState
    filled: int
    required: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class SearchTarget:
    """Something the command palette can open: an outline part, optionally a row in it."""

    text: str
    """What is shown, e.g. "Biểu mẫu 3 › 3.3.1 Tổng số hồ sơ TTHC đã giải quyết xong"."""
    folded: str
    """``text`` folded for diacritic-free matching."""
    part_kind: str
    part_key: str
    row_key: str | None = None


class NotExplainable(Refused):
    """Only warnings are explained; an error is fixed in the data."""


@dataclass
class HeaderForm:
    """The document's header as the "Thông tin văn bản" screen and ``cchc report header``
    edit it: every field as text (the date dd/mm/yyyy, "" when none; one recipient a line)."""

    number: str = ""
    symbol: str = ""
    place: str = ""
    date: str = ""
    title: str = ""
    basis: str = ""
    """The opening sentence: "Thực hiện Công văn số … của …"."""
    recipients: list[str] = field(default_factory=list)
    closing: str = ""
    """Empty: the default "Trên đây là báo cáo …" is printed (:attr:`default_closing`)."""
    on_behalf: str = ""
    authority: str = ""
    """"", "KT.", "Q.", "TL." or "TUQ." (Nghị định 30/2020/NĐ-CP)."""
    principal_title: str = ""
    signer_title: str = ""
    signer_name: str = ""
    default_closing: str = ""
    """What is printed while :attr:`closing` is empty (shown, not stored)."""

    @classmethod
    def of(cls, report: ReportData, template: Template) -> HeaderForm:
        """The fields of ``report``'s header; an empty title or "Nơi nhận" shows its default."""
        h, sign = report.header, report.signature
        return cls(
            number=h.number or "",
            symbol=h.symbol,
            place=h.place,
            date=format_vn_date(h.date) if h.date else "",
            title=report_title(report, template),
            basis=h.basis,
            recipients=report_recipients(report),
            closing=h.closing,
            on_behalf=sign.on_behalf,
            authority=sign.authority,
            principal_title=sign.principal_title,
            signer_title=sign.title,
            signer_name=sign.name,
            default_closing=closing_sentence(
                replace(report, header=replace(h, closing="")), template
            ),
        )


class ReportWorkspace:
    """An open report and everything the screens need from it.

    Args:
        service: the application service of the database the report is in.
        report_id: the report to work on.

    Raises:
        ReportNotFound: no such report.
    """

    def __init__(self, service: ReportService, report_id: int) -> None:
        self.service = service
        self.report_id = report_id
        self.report: ReportData
        self.template: LoadedTemplate
        self.result: ValidationResult
        self.status = ReportStatus.DRAFT
        self.revision = 1
        self.previous: dict[str, CellValue] = {}
        self.reload()

    @property
    def _store(self) -> ReportStore:
        return self.service.store

    def reload(self) -> None:
        """Read the report again from the store and re-validate it."""
        store = self._store
        self.report = store.load_report(self.report_id)
        self.template = get_template(self.report.template_id)
        self.status, self.revision = store.status(self.report_id)
        self.previous = store.previous_values(self.report_id)
        self.revalidate()

    def revalidate(self) -> None:
        """Run the validation engine on the current data."""
        self.result = validate(self.template, self.report)

    def _change(
        self,
        apply: Callable[[], None],
        undo: Callable[[], None],
        commit: Callable[[ReportCounts], None],
    ) -> None:
        """Make one change: ``apply`` it to the report in memory, validate, ``commit`` it with
        the report's counts after it (one transaction in the store, the counts with it), then
        keep the new validation. If anything fails before the commit returns, ``undo`` puts the
        report in memory back as it is on disk, and the error goes on to the caller."""
        apply()
        committed = False
        try:
            result = validate(self.template, self.report)
            commit(ReportCounts.of(self.report, result))
            committed = True
        finally:
            if not committed:
                undo()
        self.result = result

    @property
    def read_only(self) -> bool:
        """Whether this copy may never change here (a received report at the office)."""
        return self.service.read_only

    @property
    def locked(self) -> bool:
        """Whether nothing can be changed: signed, or read-only."""
        return self.status is ReportStatus.SIGNED or self.read_only

    @property
    def can_sign(self) -> bool:
        """Whether sign-off is offered (a draft of the unit's own database)."""
        return not self.locked

    @property
    def can_reopen(self) -> bool:
        """Whether reopening is offered (a signed revision of the unit's own database)."""
        return self.status is ReportStatus.SIGNED and not self.read_only

    @property
    def title(self) -> str:
        """ "Xã Bình Lãng — 2023-nam" for headers."""
        return f"{self.report.unit.display_name} — {self.report.period.code}"

    @property
    def locked_reason(self) -> str:
        """Why nothing can be changed (Vietnamese), when :attr:`locked`."""
        return msg.ERROR_READ_ONLY if self.read_only else msg.ERROR_LOCKED

    def _guard(self) -> None:
        if self.locked:
            raise Refused(self.locked_reason)

    # --- values ---------------------------------------------------------------------------

    def enter_value(self, key: str, text: str) -> CellValue:
        """Parse, check and commit what the officer typed for row ``key``.

        Returns:
            The stored value.

        Raises:
            CellError: the text is not a valid value for the row (nothing is stored).
            Refused: the report is signed or read-only.
        """
        self._guard()
        info = self.template.indicators[key]
        value = parse_cell(info.indicator, text)
        values = self.report.values
        before = values.get(key)
        self._change(
            lambda: _set_cell(values, key, value),
            lambda: _set_cell(values, key, before),
            lambda counts: self._store.set_value(self.report_id, key, value, counts),
        )
        return value

    def set_note(self, key: str, text: str) -> None:
        """Commit the note of a row (empty text removes it).

        Raises:
            LimitExceeded: longer than the report file accepts (nothing is stored).
        """
        self._guard()
        check_chars(msg.LIMIT_FIELD_NOTE.format(key=key), text, TEXT_CHARS["note"])
        self._store.set_note(self.report_id, key, text)
        _set_local(self.report.notes, key, text)

    def set_narrative(self, key: str, text: str) -> bool:
        """Commit the text of a sub-heading; returns whether anything changed.

        Raises:
            LimitExceeded: longer than the report file accepts (nothing is stored).
        """
        if self.report.narrative.get(key, "") == nfc(text):
            return False
        self._guard()
        check_chars(msg.LIMIT_FIELD_NARRATIVE.format(key=key), text, TEXT_CHARS["narrative"])
        narrative = self.report.narrative
        before = narrative.get(key, "")
        self._change(
            lambda: _set_local(narrative, key, text),
            lambda: _set_local(narrative, key, before),
            lambda counts: self._store.set_narrative(self.report_id, key, text, counts),
        )
        return True

    def explain(self, key: str, text: str) -> list[str]:
        """Explain the warnings of row (or finding id) ``key``; empty text removes the
        explanations. Returns the finding ids explained.

        The one place of the rule "only warnings are explained; errors are fixed".

        Raises:
            NotExplainable: no warning there, or it is an error.
            Refused: the report is signed or read-only.
        """
        self._guard()
        check_chars(msg.LIMIT_FIELD_EXPLANATION.format(key=key), text, TEXT_CHARS["explanation"])
        findings = [f for f in self.result.findings if key in (f.key, f.id)]
        ids = [f.id for f in findings if not f.is_error]
        if not nfc(text).strip():  # removing: also an explanation whose warning has gone
            ids = ids or [fid for fid in self.report.explanations if fid == key]
        elif not ids:
            has_error = any(f.is_error for f in findings)
            template = msg.EXPLAIN_IS_ERROR if has_error else msg.EXPLAIN_NO_WARNING
            raise NotExplainable(template.format(key=key))
        for finding_id in ids:
            after = dict(self.report.explanations)
            _set_local(after, finding_id, text)
            # An explanation moves no finding, only the count of unexplained warnings.
            counts = ReportCounts.of(replace(self.report, explanations=after), self.result)
            self._store.set_explanation(self.report_id, finding_id, text, counts)
            self.report.explanations = after
        return ids

    # --- documents ------------------------------------------------------------------------

    def add_document(self, doc: Document) -> None:
        """Append a document to the appendix and commit it."""
        self._guard()
        _check_document(doc)
        docs = self.report.documents
        self._change(
            lambda: docs.append(doc),
            lambda: docs.__delitem__(-1),
            lambda counts: self._store.add_document(self.report_id, doc, counts),
        )

    def update_document(self, index: int, doc: Document) -> None:
        """Replace the document at list position ``index``."""
        self._guard()
        _check_document(doc)
        docs = self.report.documents
        before = docs[index]
        self._change(
            lambda: docs.__setitem__(index, doc),
            lambda: docs.__setitem__(index, before),
            lambda counts: self._store.update_document(self.report_id, index, doc, counts),
        )

    def delete_document(self, index: int) -> None:
        """Remove the document at list position ``index``."""
        self._guard()
        docs = self.report.documents
        before = docs[index]
        self._change(
            lambda: docs.__delitem__(index),
            lambda: docs.insert(index, before),
            lambda counts: self._store.delete_document(self.report_id, index, counts),
        )

    def documents_by_date(self) -> list[tuple[int, Document]]:
        """``(list position, document)`` pairs sorted by date, then number."""
        return sorted(enumerate(self.report.documents), key=lambda p: (p[1].date, p[0]))

    # --- sign-off and revisions ------------------------------------------------------------

    def readiness(self) -> Readiness:
        """Whether the report could be signed once the sign-off dialog gives the signer, number
        and date (those header fields are not counted while empty), and what is missing."""
        return check_readiness(self.report, self.result, supplied=SIGNOFF_FIELDS)

    def signoff_readiness(self, data: SignOffData) -> Readiness:
        """Readiness with the sign-off dialog's number, date and signer applied."""
        return self._store.signoff_readiness(self.report_id, data)

    @property
    def first_signoff(self) -> bool:
        """Whether the unit has no signing key on this computer yet (one will be made)."""
        return not self.service.unit_key_exists(self.report.unit.code)

    def sign_off(self, request: SignOffRequest) -> SignOffResult:
        """Sign this report off (see :meth:`ReportService.sign_off`) and reload it."""
        self._guard()
        result = self.service.sign_off(self.report_id, request)
        self.reload()
        return result

    def reopen(self, reason: str) -> int:
        """Make revision N+1 of this signed report as a draft; returns its report id."""
        return self.service.reopen(self.report_id, reason).report_id

    # --- the document's header -------------------------------------------------------------

    def header_form(self) -> HeaderForm:
        """The header's fields, for the screen or the command line."""
        return HeaderForm.of(self.report, self.template.template)

    def header_problems(self) -> list[HeaderProblem]:
        """Every problem of the header (errors block sign-off, warnings advise)."""
        return header_problems(self.report)

    def set_header(self, form: HeaderForm) -> list[str]:
        """Check and commit the header's fields in one transaction; returns what changed.

        Raises:
            DocumentError: the date is not a day (``field`` is ``date``).
            LimitExceeded: a field longer than the report file accepts (nothing is stored).
            Refused: the report is signed or read-only.
        """
        self._guard()
        when = parse_vn_date(form.date) if form.date.strip() else None
        header = replace(
            self.report.header,
            number=form.number.strip() or None,
            symbol=form.symbol.strip(),
            place=form.place.strip(),
            date=when,
            title=" ".join(form.title.split()),
            basis=form.basis.strip(),
            closing=form.closing.strip(),
        )
        recipients = [r.strip() for r in form.recipients if r.strip()]
        signature = replace(
            self.report.signature,
            on_behalf=form.on_behalf.strip(),
            authority=form.authority.strip(),
            principal_title=form.principal_title.strip(),
            title=form.signer_title.strip(),
            name=" ".join(form.signer_name.split()),
        )
        _check_header(header, recipients, signature)
        as_set = replace(self.report, header=header, recipients=recipients, signature=signature)
        counts = ReportCounts.of(as_set, validate(self.template, as_set))
        changed = self._store.set_header(self.report_id, header, recipients, signature, counts)
        if changed:
            self.reload()
        return changed

    def header_part(self) -> ReportPart:
        """The header as the outline's first part: its state and counts."""
        problems = [p for p in self.header_problems() if p.field not in SIGNOFF_FIELDS]
        errors = [p for p in problems if p.severity is Severity.ERROR]
        warnings = [p for p in problems if p.severity is Severity.WARNING]
        r, h = self.report, self.report.header
        fields = (
            h.symbol,
            h.place,
            h.date,
            h.title,
            r.recipients,
            r.signature.name,
            r.signature.title,
        )
        filled = sum(1 for value in fields if value)
        if errors:
            state = PartState.HAS_ERRORS
        else:
            state = PartState.COMPLETE if filled == len(fields) else PartState.IN_PROGRESS
        return ReportPart(
            PartKind.HEADER,
            "header",
            msg.HEADER_PART_TITLE,
            state,
            filled,
            len(fields),
            len(errors),
            len(warnings),
        )

    # --- structure ------------------------------------------------------------------------

    def form(self, key: str) -> Form:
        """The form ``BM<n>``."""
        return self.template.form(key)

    def form_indicators(self, form: Form) -> list[IndicatorInfo]:
        """The rows of a form in printed order."""
        return self.template.form_indicators(form)

    def section(self, key: str) -> Section:
        """The narrative section ``key``."""
        for section in self.template.template.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def section_state(self, section: Section) -> tuple[PartState, int, int]:
        """``(state, filled, required)`` of a narrative section."""
        required = [s for s in section.subheadings if s.required]
        filled = [s for s in required if self.report.narrative.get(s.key, "").strip()]
        entered = any(self.report.narrative.get(s.key, "").strip() for s in section.subheadings)
        if not entered:
            state = PartState.EMPTY
        elif len(filled) < len(required):
            state = PartState.IN_PROGRESS
        else:
            state = PartState.COMPLETE
        return state, len(filled), len(required)

    def outline(self) -> list[ReportPart]:
        """Every section, form and the appendix in template order, with states and counts."""
        parts: list[ReportPart] = [self.header_part()]
        for section in self.template.template.sections:
            state, filled, required = self.section_state(section)
            title = f"{section.key} {section.title}"
            parts.append(
                ReportPart(PartKind.SECTION, section.key, title, state, filled, required, 0, 0)
            )
        for form in self.template.template.forms:
            tally = self.result.by_part[form.key]
            title = msg.FORM_TITLE.format(number=form.number, title=form.title)
            parts.append(
                ReportPart(
                    PartKind.FORM,
                    form.key,
                    title,
                    tally.state,
                    tally.filled,
                    tally.required,
                    tally.errors,
                    tally.warnings,
                )
            )
        appendix = self.template.template.appendix
        if appendix is not None:
            tally = self.result.by_part["appendix"]
            if tally.errors:
                state = PartState.HAS_ERRORS
            else:
                state = PartState.COMPLETE if tally.entered else PartState.EMPTY
            parts.append(
                ReportPart(
                    PartKind.APPENDIX,
                    "appendix",
                    appendix.title,
                    state,
                    tally.entered,
                    0,
                    tally.errors,
                    tally.warnings,
                )
            )
        return parts

    def findings(self) -> list[Finding]:
        """All findings in template order."""
        return sorted_findings(self.result.findings, self.template, self.report.documents)

    def part_title(self, part: str) -> str:
        """Heading of a finding group: form title, "Phần thuyết minh" or the appendix."""
        form_key = FormKey.parse_optional(part)
        if form_key is not None:
            form = self.template.form(form_key)
            return msg.FORM_TITLE.format(number=form.number, title=form.title)
        if part == "narrative":
            return msg.NARRATIVE_TITLE
        return msg.APPENDIX_TITLE

    def finding_target(self, finding: Finding) -> tuple[str, str, str | None]:
        """Where Enter on a finding goes: ``(part kind, part key, row or sub-heading key)``."""
        if FormKey.parse_optional(finding.part) is not None:
            return PartKind.FORM, finding.part, finding.key
        if finding.part == "narrative":
            return PartKind.SECTION, self.section_of_subheading(finding.key), finding.key
        return PartKind.APPENDIX, "appendix", None

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

        add(msg.HEADER_PART_TITLE, PartKind.HEADER, "header")

        for section in self.template.template.sections:
            add(f"{section.number} {section.title}".strip(), PartKind.SECTION, section.key)
            for sub in section.subheadings:
                add(f"{section.number} › {sub.title}", PartKind.SECTION, section.key, sub.key)
        for form in self.template.template.forms:
            title = msg.FORM_TITLE.format(number=form.number, title=form.title)
            add(title, PartKind.FORM, form.key)
            for info in self.form_indicators(form):
                stt = info.indicator.stt.rstrip(".") or info.key.part
                text = f"{stt} {info.indicator.label} (BM{form.number})"
                add(text, PartKind.FORM, form.key, info.key)
        appendix = self.template.template.appendix
        if appendix is not None:
            add(f"{msg.APPENDIX_TITLE}: {appendix.title}", PartKind.APPENDIX, "appendix")
        add(msg.FINDINGS_TITLE, PartKind.FINDINGS, "findings")
        return targets


def _check_header(header: Header, recipients: list[str], signature: Signature) -> None:
    """Refuse header, "Nơi nhận" or signature fields longer (or more) than the report file
    accepts for them (:data:`~cchc_tui.base.limits.REPORT_JSON`).

    Raises:
        LimitExceeded: naming the field and the limit.
    """
    fields = [(f"header.{n}", getattr(header, n) or "") for n in _HEADER_TEXT]
    fields += [(f"signature.{n}", getattr(signature, n) or "") for n in _SIGNATURE_TEXT]
    fields += [(f"recipients[{i}]", text) for i, text in enumerate(recipients)]
    check_count(
        field_label("recipients", "recipients"), len(recipients), REPORT_JSON.items_at("recipients")
    )
    for path, text in fields:
        pattern = path.split("[")[0] + "[]" if "[" in path else path
        parent = pattern.rpartition(".")[0]
        limit = REPORT_JSON.chars_at(pattern, parent)
        check_chars(field_label(pattern, path, parent), text, limit)


_HEADER_TEXT = ("number", "symbol", "place", "title", "basis", "closing")
_SIGNATURE_TEXT = ("on_behalf", "title", "name", "authority", "principal_title")


def _check_document(doc: Document) -> None:
    """Refuse a document whose fields are longer than the report file accepts.

    Raises:
        LimitExceeded: naming the field and the limit.
    """
    check_chars(msg.LIMIT_FIELD_DOC_TYPE, doc.type, TEXT_CHARS["doc_type"])
    check_chars(msg.LIMIT_FIELD_DOC_NUMBER, doc.number, TEXT_CHARS["doc_number"])
    check_chars(msg.LIMIT_FIELD_DOC_SUMMARY, doc.summary, TEXT_CHARS["doc_summary"])


def _set_cell(values: dict[str, CellValue], key: str, value: CellValue) -> None:
    """Put ``value`` in ``values`` (``None``: the row is emptied)."""
    if value is None:
        values.pop(key, None)
    else:
        values[key] = value


def _set_local(mapping: dict[str, str], key: str, text: str) -> None:
    text = nfc(text)
    if text:
        mapping[key] = text
    else:
        mapping.pop(key, None)
