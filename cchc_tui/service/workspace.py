"""One open report: its template, its current validation, and every change an officer makes.

Screens hold no business logic: they call :class:`ReportWorkspace` to enter a value, write a
note or a section, edit the appendix, explain a warning, sign off or reopen. Each change is
committed at once (one transaction in the store) and the report re-validated, so what the
screen shows next is what is on disk.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from cchc_tui import messages as msg
from cchc_tui.base.errors import Refused
from cchc_tui.base.ids import FormKey, RowKey
from cchc_tui.base.limits import (
    REPORT_JSON,
    TEXT_CHARS,
    check_chars,
    check_count,
    field_label,
)
from cchc_tui.base.text import fold, nfc, word_match
from cchc_tui.domain import links
from cchc_tui.domain.counts import ReportCounts
from cchc_tui.domain.documents import format_vn_date, parse_vn_date
from cchc_tui.domain.header import (
    HeaderProblem,
    closing_sentence,
    header_problems,
    report_recipients,
    report_title,
)
from cchc_tui.domain.links import Link
from cchc_tui.domain.narrative import CLOSING_KEY, HEADER_KEY, Suggestion
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
    revalidate_value,
    sorted_findings,
    validate,
)
from cchc_tui.domain.values import parse_cell
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate, get_template
from cchc_tui.template.model import NUMERIC_KINDS, Form, Section, Severity, Template

if TYPE_CHECKING:
    from cchc_tui.db.store import ReportStore
    from cchc_tui.service.contributions import WorkingCopy
    from cchc_tui.service.keys import KeyState
    from cchc_tui.service.reports import ReportService, SignOffRequest, SignOffResult
    from cchc_tui.signing.key_change import ChangedKey


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
    owner: str = ""
    """The officer the part is assigned to ("" for none; issue 16)."""
    stage: str = ""
    """How far its assignment went (``service.contributions.STAGE_*``; "" when unassigned)."""


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


@dataclass(frozen=True)
class PendingCheck:
    """A snapshot of the report to validate away from the editor, and its result once done."""

    generation: int
    report: ReportData
    result: ValidationResult | None = None


class NotExplainable(Refused):
    """Only warnings are explained; an error is fixed in the data."""


@dataclass(frozen=True)
class NarrativeView:
    """A sub-heading's text as the officer sees it (live figures rendered) and where its live
    figures are (offsets in ``text``)."""

    text: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class LinkTarget:
    """A row a live figure can show, as the row picker lists it."""

    row: RowKey
    text: str
    """ "3.3.1 Tổng số hồ sơ TTHC đã giải quyết xong (BM3): 1.834"."""
    value: str
    """The value as the form shows it ("1.834"; "" while empty)."""
    unit: str
    """The words written after the figure ("hồ sơ"; "%" for a percentage; "" for none)."""


@dataclass(frozen=True)
class FindingPlace:
    """Where Enter on a finding goes: part kind and key, the row or sub-heading inside it, and
    for a narrative finding the offset of its sentence in the sub-heading's text."""

    kind: str
    key: str
    target: str | None = None
    offset: int | None = None
    end: int | None = None


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
        self.copy: WorkingCopy | None = None
        """When this report is an officer's working copy (issue 16): what it came from."""
        self._generation = 0
        """Counts changes, so that a check of an older snapshot is not taken (:meth:`adopt`)."""
        self._checked = 0
        """The generation ``result`` belongs to."""
        self.changed: frozenset[str] | None = None
        """The rows, sub-headings and documents whose value shown or findings may have changed
        with the last change (``None``: any of them, the report was validated whole)."""
        self._uncounted: str | None = None
        """The change time of a change committed without its counts (a narrative checked in
        the background), until its validation is adopted and they are stored."""
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
        self.copy = self.service.contributions.working_copy(self.report_id)
        self.revalidate()

    def revalidate(self) -> None:
        """Run the validation engine on the current data."""
        self._generation += 1
        self.result = validate(self.template, self.report)
        self._checked = self._generation
        self.changed = None

    def ensure_checked(self) -> None:
        """Validate now if a change is still being checked in the background (before another
        screen shows the findings)."""
        if self._checked != self._generation:
            self.revalidate()
            self._store_counts(self.report)

    def _store_counts(self, report: ReportData) -> None:
        """Store the counts of a change committed without them, now that ``self.result`` is
        the validation of ``report`` as it was committed (unless it changed since: the store
        checks)."""
        if self._uncounted is not None:
            counts = ReportCounts.of(report, self.result)
            self._store.save_counts(self.report_id, counts, self._uncounted)
            self._uncounted = None

    # --- validating off the editor's path ----------------------------------------------------

    def snapshot(self) -> PendingCheck:
        """The report as it is now, for :meth:`check` in another thread (the narrative editor
        saves without waiting for the checks)."""
        report = copy.copy(self.report)
        report.narrative = dict(self.report.narrative)
        report.values = dict(self.report.values)
        report.explanations = dict(self.report.explanations)
        report.documents = list(self.report.documents)
        return PendingCheck(self._generation, report)

    def check(self, pending: PendingCheck) -> PendingCheck:
        """Validate a snapshot (pure: safe in a worker thread); see :meth:`adopt`."""
        return PendingCheck(
            pending.generation, pending.report, validate(self.template, pending.report)
        )

    def adopt(self, done: PendingCheck) -> bool:
        """Take a snapshot's validation as current, unless the report changed since (a newer
        check or change will follow). Returns whether it was taken."""
        if done.result is None or done.generation != self._generation:
            return False
        self.result = done.result
        self._checked = done.generation
        self.changed = None
        self._store_counts(done.report)
        return True

    def _change(
        self,
        apply: Callable[[], None],
        undo: Callable[[], None],
        commit: Callable[[ReportCounts], object],
        value_of: str | None = None,
    ) -> None:
        """Make one change: ``apply`` it to the report in memory, validate, ``commit`` it with
        the report's counts after it (one transaction in the store, the counts with it), then
        keep the new validation. If anything fails before the commit returns, ``undo`` puts the
        report in memory back as it is on disk, and the error goes on to the caller.

        ``value_of``: the change is that row's value only, so only the checks that read it run
        again (``validation.revalidate_value``; a full validation while a narrative is still
        being checked in the background). :attr:`changed` says which rows may show otherwise.
        """
        apply()
        committed = False
        try:
            if value_of is not None and self._checked == self._generation:
                result, changed = revalidate_value(
                    self.template, self.report, self.result, value_of
                )
            else:
                result, changed = validate(self.template, self.report), None
            commit(ReportCounts.of(self.report, result))
            committed = True
        finally:
            if not committed:
                undo()
        self._generation += 1
        self.result = result
        self._checked = self._generation
        self._uncounted = None  # the counts just stored cover any change before
        self.changed = changed

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
        """Whether sign-off is offered (a draft of the unit's own database, not an officer's
        working copy)."""
        return not self.locked and self.copy is None

    @property
    def editable_parts(self) -> frozenset[str] | None:
        """The parts that may be changed here: ``None`` for all of them (the compiler's own
        report), an officer's parts on their working copy (issue 16)."""
        return self.copy.parts if self.copy is not None else None

    def part_locked(self, kind: str, key: str) -> bool:
        """Whether part ``kind:key`` cannot be changed here: the report is locked, or this is
        a working copy and the part is not the officer's (the header is the compiler's)."""
        if self.locked:
            return True
        if self.copy is None or kind == PartKind.FINDINGS:
            return False
        return key not in self.copy.parts

    def part_locked_reason(self, kind: str, key: str) -> str:
        """Why part ``kind:key`` cannot be changed (Vietnamese), when :meth:`part_locked`."""
        if self.locked or self.copy is None:
            return self.locked_reason
        if kind == PartKind.HEADER:
            return msg.PROGRESS_HEADER_READ_ONLY
        return msg.PROGRESS_READ_ONLY_PART.format(parts=", ".join(sorted(self.copy.parts)))

    def finding_locked(self, finding: Finding) -> bool:
        """Whether the explanation of ``finding`` cannot be changed here."""
        place = self.finding_target(finding)
        if self.copy is not None:
            from cchc_tui.service.contributions import part_of_finding

            part = part_of_finding(self.template, finding.id)
            return self.locked or part is None or part not in self.copy.parts
        return self.part_locked(place.kind, place.key)

    def _guard_part(self, kind: str, key: str) -> None:
        self._guard()
        if self.part_locked(kind, key):
            raise Refused(self.part_locked_reason(kind, key))

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
        self._guard_part(PartKind.FORM, info.form.key)
        value = parse_cell(info.indicator, text)
        values = self.report.values
        before = values.get(key)
        self._change(
            lambda: _set_cell(values, key, value),
            lambda: _set_cell(values, key, before),
            lambda counts: self._store.set_value(self.report_id, key, value, counts),
            value_of=key,
        )
        return value

    def set_note(self, key: str, text: str) -> None:
        """Commit the note of a row (empty text removes it).

        Raises:
            LimitExceeded: longer than the report file accepts (nothing is stored).
        """
        self._guard()
        self._guard_part(PartKind.FORM, self.template.indicators[key].form.key)
        check_chars(msg.LIMIT_FIELD_NOTE.format(key=key), text, TEXT_CHARS["note"])
        self._store.set_note(self.report_id, key, text)
        _set_local(self.report.notes, key, text)

    def set_narrative(
        self, key: str, text: str, live: Iterable[Link] = (), *, revalidate: bool = True
    ) -> bool:
        """Commit the text of a sub-heading; returns whether anything changed.

        Args:
            key: the sub-heading.
            text: the text as the editor shows it (live figures rendered).
            live: where the live figures are in ``text`` (as :meth:`narrative_view` gave them,
                moved with the edits); their places are stored as tokens
                (``domain.links``), so the figures follow the form.
            revalidate: validate now; ``False`` leaves it to the caller (the editor runs
                :meth:`check` on a :meth:`snapshot` in a worker thread, then :meth:`adopt`).

        Raises:
            LimitExceeded: longer than the report file accepts (nothing is stored).
        """
        stored = nfc(links.to_tokens(text, live))
        if self.report.narrative.get(key, "") == stored:
            return False
        self._guard()
        self._guard_part(PartKind.SECTION, self.section_of_subheading(key))
        check_chars(msg.LIMIT_FIELD_NARRATIVE.format(key=key), text, TEXT_CHARS["narrative"])
        narrative = self.report.narrative
        if revalidate:
            before = narrative.get(key, "")
            self._change(
                lambda: _set_local(narrative, key, stored),
                lambda: _set_local(narrative, key, before),
                lambda counts: self._store.set_narrative(self.report_id, key, stored, counts),
            )
        else:  # the counts are stored once the check in the background is adopted
            self._uncounted = self._store.set_narrative(self.report_id, key, stored)
            _set_local(narrative, key, stored)
            self._generation += 1
        return True

    # --- live figures -----------------------------------------------------------------------

    def narrative_view(self, key: str) -> NarrativeView:
        """The text of sub-heading ``key`` as shown, with its live figures."""
        rendered = self.result.narrative.rendered.get(key)
        if rendered is None:
            text, found = links.render(self.report.narrative.get(key, ""), self._show)
            return NarrativeView(text, tuple(found))
        return NarrativeView(rendered[0], tuple(rendered[1]))

    def _show(self, row: RowKey) -> str | None:
        info = self.template.indicators.get(row)
        return self.result.display(info) if info is not None and info.holds_value else None

    def link_targets(self, query: str = "") -> list[LinkTarget]:
        """Rows a live figure can show (numeric rows), best match first for ``query`` (words
        without diacritics, like the palette: "ho so giai quyet", "3.3.1")."""
        found: list[tuple[float, int, LinkTarget]] = []
        for order, info in enumerate(self.template.indicators.values()):
            if info.kind not in NUMERIC_KINDS:
                continue
            target = self._link_target(info)
            if query.strip():
                match = word_match(query, target.text)
                if match is None:
                    continue
                found.append((-match[0], order, target))
            else:
                found.append((0.0, order, target))
        return [t for _, _, t in sorted(found, key=lambda item: (item[0], item[1]))]

    def link_target(self, row: str) -> LinkTarget:
        """The picker's entry of one row."""
        return self._link_target(self.template.indicators[row])

    def _link_target(self, info: IndicatorInfo) -> LinkTarget:
        stt = info.indicator.stt.rstrip(".") or info.key.part
        value = self.result.display(info)
        shown = value or msg.LINK_PICK_EMPTY
        text = msg.LINK_PICK_ROW.format(
            stt=stt, label=info.indicator.label, form=info.form.number, value=shown
        )
        unit = info.indicator.unit_of_measure.strip()
        if "=" in unit:
            unit = ""
        elif unit and unit != "%":
            unit = unit[:1].lower() + unit[1:]
            for prefix in sorted(msg.LABEL_PREFIXES, key=len, reverse=True):
                if fold(unit).startswith(fold(prefix) + " "):  # "Số lượng hồ sơ" → "hồ sơ"
                    unit = unit[len(prefix) + 1 :]
                    break
        return LinkTarget(info.key, text, value, unit)

    def suggestions(self, key: str) -> list[Suggestion]:
        """Figures of sub-heading ``key`` that speak of a form row (agreeing or not)."""
        return [s for s in self.result.narrative.suggestions if s.key == key]

    def mark_seen(self, key: str) -> bool:
        """The officer has seen sub-heading ``key``: its copied live figures count as checked
        (the sub-heading can be complete). Returns whether anything changed."""
        stored = self.report.narrative.get(key, "")
        if self.locked or not links.has_unseen(stored):
            return False
        seen = links.mark_seen(stored)
        narrative = self.report.narrative
        self._change(
            lambda: _set_local(narrative, key, seen),
            lambda: _set_local(narrative, key, stored),
            lambda counts: self._store.set_narrative(self.report_id, key, seen, counts),
        )
        return True

    def link_finding(self, finding: Finding) -> str:
        """Replace the figure a narrative warning is about by a live figure of its row (the
        sentence then shows the form's value). Returns the row key.

        Raises:
            Refused: not a figure warning, or the report is locked.
        """
        self._guard()
        issue = next(
            (i for i in self.result.narrative.issues if i.id == finding.id and i.figure), None
        )
        if issue is None or issue.row is None or issue.figure is None:
            raise Refused(msg.LINK_NOTHING)
        view = self.narrative_view(issue.key)
        start, end = issue.figure
        live = [*view.links, Link(start, end, RowKey(issue.row))]
        self.set_narrative(issue.key, view.text, live)
        return issue.row

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
        if self.copy is not None:
            from cchc_tui.service.contributions import part_of_finding

            for finding_id in ids:
                part = part_of_finding(self.template, finding_id)
                if part is None or part not in self.copy.parts:
                    raise Refused(self.part_locked_reason(PartKind.FORM, part or ""))
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
        self._guard_part(PartKind.APPENDIX, "appendix")
        _check_document(doc)
        docs = self.report.documents
        self._change(
            lambda: docs.append(doc),
            lambda: docs.__delitem__(-1),
            lambda counts: self._store.add_document(self.report_id, doc, counts),
        )

    def update_document(self, index: int, doc: Document) -> None:
        """Replace the document at list position ``index``."""
        self._guard_part(PartKind.APPENDIX, "appendix")
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
        self._guard_part(PartKind.APPENDIX, "appendix")
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
        and date (those header fields are not counted while empty), and what is missing (also
        the officers' contributions in conflict, not yet decided)."""
        readiness = check_readiness(self.report, self.result, supplied=SIGNOFF_FIELDS)
        readiness.conflicts = [
            msg.SIGN_CONFLICT_ITEM.format(item=c.label, who=c.theirs_who)
            for c in self.service.contributions.conflicts(self.report_id)
        ]
        return readiness

    def signoff_readiness(self, data: SignOffData) -> Readiness:
        """Readiness with the sign-off dialog's number, date and signer applied."""
        return self._store.signoff_readiness(self.report_id, data)

    @property
    def first_signoff(self) -> bool:
        """Whether the unit has no signing key on this computer yet (one will be made)."""
        return not self.service.unit_key_exists(self.report.unit.code)

    def key_state(self) -> KeyState:
        """The unit's key here against the key its signed revisions lead to (issue 10); see
        :meth:`ReportService.key_state`."""
        return self.service.key_state(self.report.unit.code)

    def change_key(
        self, reason: str, new_passphrase: str, old_passphrase: str | None = None
    ) -> ChangedKey:
        """Replace the unit's signing key; see :meth:`ReportService.change_key`."""
        return self.service.change_key(
            self.report.unit.code, reason, new_passphrase, old_passphrase
        )

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
            Refused: the report is signed or read-only; a working copy (the compiler's).
        """
        self._guard_part(PartKind.HEADER, "header")
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
        # the narrative checks of the title, basis, date and closing (period words, citations)
        told = sum(
            1
            for f in self.result.findings
            if f.part == "narrative" and f.key in (HEADER_KEY, CLOSING_KEY) and not f.is_error
        )
        return ReportPart(
            PartKind.HEADER,
            "header",
            msg.HEADER_PART_TITLE,
            state,
            filled,
            len(fields),
            len(errors),
            len(warnings) + told,
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
        filled = [
            s
            for s in required
            if (text := self.report.narrative.get(s.key, "")).strip() and not links.has_unseen(text)
        ]
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
            keys = {s.key for s in section.subheadings}
            found = [f for f in self.result.findings if f.part == "narrative" and f.key in keys]
            errors = sum(1 for f in found if f.is_error)
            parts.append(
                ReportPart(
                    PartKind.SECTION,
                    section.key,
                    title,
                    state,
                    filled,
                    required,
                    errors,
                    len(found) - errors,
                )
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
        return self._with_owners(parts)

    def _with_owners(self, parts: list[ReportPart]) -> list[ReportPart]:
        """The outline's parts with who has each and how far (issue 16); on an officer's
        working copy, their own parts first."""
        states = {p.key: p.state for p in parts}
        progress = {
            p.part: p
            for p in self.service.contributions.progress(self.report_id, states, self.template)
        }
        owned = [
            replace(part, owner=progress[part.key].officer, stage=progress[part.key].stage)
            if part.key in progress and (progress[part.key].officer or self.copy is not None)
            else part
            for part in parts
        ]
        if self.copy is None:
            return owned
        mine = [p for p in owned if p.key in self.copy.parts]
        return mine + [p for p in owned if p.key not in self.copy.parts]

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

    def finding_target(self, finding: Finding) -> FindingPlace:
        """Where Enter on a finding goes: the form and row, the section, sub-heading and
        sentence (a narrative finding's ``span``; for a figure, the figure itself), the
        header screen (a finding of the title, basis, date or closing sentence), or the
        appendix."""
        if FormKey.parse_optional(finding.part) is not None:
            return FindingPlace(PartKind.FORM, finding.part, finding.key)
        if finding.part == "narrative":
            if finding.key not in self.template.section_keys:
                return FindingPlace(PartKind.HEADER, "header")
            issue = next((i for i in self.result.narrative.issues if i.id == finding.id), None)
            span = (issue.figure if issue else None) or finding.span or (None, None)
            return FindingPlace(
                PartKind.SECTION,
                self.section_of_subheading(finding.key),
                finding.key,
                span[0],
                span[1],
            )
        return FindingPlace(PartKind.APPENDIX, "appendix", None)

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
