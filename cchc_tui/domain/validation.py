"""The validation engine: derive what can be derived, check the rest, measure completeness.

Input: a checked template (``LoadedTemplate``) and a report (``ReportData``). Output: a
``ValidationResult`` with derived values and findings, each with a row (or section/document)
key, a severity, a Vietnamese message and, where it can be computed, the expected value.

What is checked (sources: the template's rows and rules; shared/DOMAIN.md):

* kind and range of every value (``values.check_cell``) — errors;
* derived rows (ratios, totals) recomputed; a value printed on a derived row that differs is
  a warning (the app uses the derived value); a ratio with a zero denominator is
  "không phát sinh", so a printed 0 % there is a warning;
* part ≤ whole (``at_most``), coded "no" beside filled detail rows (``none_code``), detail
  rows that must add up to their row (``children_sum``), evidence documents that must be in
  the appendix (``evidence``), and the form's cross-row rules;
* the documents appendix: the count row equals the number listed, number/symbol shape,
  type vs symbol, numbers increasing with dates within a series, no date after the report;
* completeness: required rows and narrative sub-headings that are empty — errors; a
  sub-heading copied from the previous period with live figures the officer has not yet seen
  is not complete either;
* the narrative (``domain.narrative``): figures against the rows they speak of, ratios,
  documents cited against the appendix, report date and period words, live figures — each
  finding with its sub-heading and sentence (``Finding.span``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from cchc_tui import messages as msg
from cchc_tui.base.numbers import decimals_of, format_number, round_half_up
from cchc_tui.base.rules import NOT_APPLICABLE, Expression, Value
from cchc_tui.domain import links
from cchc_tui.domain.documents import DOC_NUMBER, format_vn_date, normalize_number
from cchc_tui.domain.narrative import CLOSING_KEY, HEADER_KEY, NarrativeCheck, check_narrative
from cchc_tui.domain.report import Document, ReportData
from cchc_tui.domain.values import CellError, check_cell, to_decimal
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate
from cchc_tui.template.model import NUMERIC_KINDS, RowKind, Severity


class FindingKind(StrEnum):
    """What a finding is about; the prefix of its stable id (``derived:BM6/1``)."""

    VALUE = "value"
    """A value of the wrong kind or out of range (an error)."""
    DERIVED = "derived"
    """A value printed on a derived row differs from the derived one."""
    AT_MOST = "at_most"
    """A part exceeds its whole."""
    NONE_CODE = "none_code"
    """A coded "no" beside filled detail rows."""
    CHILDREN_SUM = "children_sum"
    """Detail rows that do not add up to their row."""
    EVIDENCE = "evidence"
    """An evidence document missing from the appendix."""
    RULE = "rule"
    """A cross-row rule of the form."""
    DOCUMENTS = "documents"
    """The documents appendix: count, number/symbol, type, order, dates."""
    MISSING = "missing"
    """A required row is empty."""
    SECTION = "section"
    """A required narrative sub-heading is empty (or copied with live figures not yet seen)."""
    FIGURE = "figure"
    """A figure written in the narrative differs from the form row it speaks of."""
    RATIO = "ratio"
    """A ratio written in the narrative ("a/b, đạt x%") does not compute."""
    CITATION = "citation"
    """A document cited in the narrative or the basis: missing from the appendix, another date
    or kind there, two dates in the text, a symbol of another kind."""
    PERIOD = "period"
    """Report date before the period's end, appendix dates outside the period, period words
    that do not fit the period."""
    LINK = "link"
    """A live figure of a row that is empty or not in the template."""


class PartState(StrEnum):
    """State of one part of the report (a form, a section, the appendix) in the outline."""

    EMPTY = "empty"
    """Nothing entered yet ("trống")."""
    IN_PROGRESS = "in_progress"
    """Some required items missing ("đang nhập")."""
    COMPLETE = "complete"
    """Every required item filled, no error ("đủ")."""
    HAS_ERRORS = "has_errors"
    """At least one error ("có lỗi")."""


@dataclass(frozen=True)
class Finding:
    """One problem found in a report.

    ``id`` is stable across runs (``derived:BM6/1``) so that an explanation can be kept for it.
    ``part`` is the part of the report it is in: the form key (``BM6``), ``narrative`` or
    ``appendix``.
    """

    id: str
    key: str
    part: str
    severity: Severity
    kind: FindingKind
    message: str
    expected: str | None = None
    span: tuple[int, int] | None = None
    """For a narrative finding: the sentence, as offsets in the sub-heading's text as shown
    (live figures rendered); where Enter in the findings list puts the cursor."""

    @property
    def is_error(self) -> bool:
        """Whether the finding blocks sign-off."""
        return self.severity is Severity.ERROR

    @property
    def shown_key(self) -> str:
        """The key as an officer reads it: a document's number without its date part; the
        header and the closing sentence by name."""
        if self.part == "narrative" and self.key in (HEADER_KEY, CLOSING_KEY):
            return msg.SHOWN_HEADER if self.key == HEADER_KEY else msg.SHOWN_CLOSING
        return self.key.split("@", 1)[0] if self.part == "appendix" else self.key


@dataclass
class Completeness:
    """Filled vs required items of one form, the narrative, or the whole report."""

    required: int = 0
    filled: int = 0
    entered: int = 0
    """Items with any value at all (for "trống" vs "đang nhập")."""
    errors: int = 0
    warnings: int = 0

    @property
    def percent(self) -> int:
        """Share of required items filled, 0–100 (100 when nothing is required)."""
        return 100 if self.required == 0 else (self.filled * 100) // self.required

    @property
    def state(self) -> PartState:
        """The part's state in the outline."""
        if self.entered == 0:
            return PartState.EMPTY  # a new form is "trống", its required rows still missing
        if self.errors:
            return PartState.HAS_ERRORS
        if self.filled >= self.required:
            return PartState.COMPLETE
        return PartState.IN_PROGRESS


@dataclass
class ValidationResult:
    """Derived values, findings and completeness of one report."""

    template: LoadedTemplate
    derived: dict[str, Value]
    """Exact (unrounded) values of derived rows; ``NOT_APPLICABLE`` for "không phát sinh"."""
    effective: dict[str, Value]
    """Values used for every row: entered values, with derived rows replaced."""
    findings: list[Finding] = field(default_factory=list)
    by_part: dict[str, Completeness] = field(default_factory=dict)
    narrative: NarrativeCheck = field(default_factory=NarrativeCheck)
    """The narrative checks' issues, suggested live figures and rendered texts."""

    @property
    def errors(self) -> list[Finding]:
        """Findings that block sign-off."""
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        """Findings that need an explanation before sign-off."""
        return [f for f in self.findings if not f.is_error]

    def for_key(self, key: str) -> list[Finding]:
        """Findings shown on one row, sub-heading or document."""
        return [f for f in self.findings if f.key == key]

    @property
    def overall(self) -> Completeness:
        """Completeness of the whole report."""
        total = Completeness()
        for part in self.by_part.values():
            total.required += part.required
            total.filled += part.filled
            total.entered += part.entered
            total.errors += part.errors
            total.warnings += part.warnings
        return total

    def display(self, info: IndicatorInfo) -> str:
        """Text shown for a row: derived values rounded by the template rule."""
        value = self.effective.get(info.key)
        if value is NOT_APPLICABLE:
            return msg.NOT_APPLICABLE
        if value is None:
            return ""
        if info.kind is RowKind.CODE:
            label = info.indicator.codes.get(int(value))  # type: ignore[arg-type]
            return f"{int(value)} – {label}" if label else str(value)  # type: ignore[arg-type]
        decimals = row_decimals(self.template, info) if info.derive else None
        return format_number(value, decimals)  # type: ignore[arg-type]


def row_decimals(template: LoadedTemplate, info: IndicatorInfo) -> int:
    """Decimals a row's derived value is rounded to (row setting, else the template's)."""
    if info.indicator.decimals is not None:
        return info.indicator.decimals
    if info.kind is RowKind.COUNT:
        return 0
    return template.template.rounding.decimals


def _fmt(value: Value, decimals: int | None = None) -> str:
    if value is NOT_APPLICABLE:
        return msg.NOT_APPLICABLE
    if value is None:
        return ""
    return format_number(value, decimals)  # type: ignore[arg-type]


def _nonempty_detail(info: IndicatorInfo, value: Value) -> bool:
    if value is None:
        return False
    if info.kind in NUMERIC_KINDS and isinstance(value, Decimal):
        return value != 0
    return True


class _Run:
    """One validation pass; collects findings."""

    def __init__(self, template: LoadedTemplate, report: ReportData) -> None:
        self.t = template
        self.report = report
        self.findings: list[Finding] = []

    def add(
        self,
        fid: str,
        key: str,
        part: str,
        severity: Severity,
        kind: FindingKind,
        message: str,
        expected: str | None = None,
        span: tuple[int, int] | None = None,
    ) -> None:
        self.findings.append(Finding(fid, key, part, severity, kind, message, expected, span))

    def run(self) -> ValidationResult:
        values = self.check_values()
        derived = self.derive(values)
        effective: dict[str, Value] = dict(values)
        effective.update(derived)
        self.compare_printed(values, derived)
        self.check_at_most(effective)
        self.check_none_codes(effective)
        self.check_children_sums(effective)
        self.check_evidence()
        self.check_rules(effective)
        self.check_documents()
        result = ValidationResult(self.t, derived, effective)
        self.check_narrative(result)
        self.check_completeness(result)
        result.findings = self.findings
        return result

    def check_values(self) -> dict[str, Value]:
        values: dict[str, Value] = {}
        for key, raw in self.report.values.items():
            info = self.t.indicators.get(key)
            if info is None:
                continue  # interchange refuses unknown rows; nothing to check here
            try:
                checked = check_cell(info.indicator, raw)
            except CellError as err:
                self.add(
                    f"value:{key}", key, info.form.key, Severity.ERROR, FindingKind.VALUE, str(err)
                )
                continue
            values[key] = to_decimal(checked)
        return values

    def derive(self, values: dict[str, Value]) -> dict[str, Value]:
        current: dict[str, Value] = {
            k: v for k, v in values.items() if not self.t.indicators[k].derive
        }
        derived: dict[str, Value] = {}
        count = len(self.report.documents)
        for key in self.t.derive_order:
            expr = self.t.indicators[key].derive
            assert expr is not None
            result = expr.evaluate(current, documents_count=count)
            if (
                result is not None
                and result is not NOT_APPLICABLE
                and not isinstance(result, Decimal)
            ):
                result = None
            derived[key] = result
            current[key] = result
        return derived

    def compare_printed(self, values: dict[str, Value], derived: dict[str, Value]) -> None:
        for key, exact in derived.items():
            printed = values.get(key)
            info = self.t.indicators[key]
            if not isinstance(printed, Decimal) or exact is None:
                continue
            fid, loc = f"derived:{key}", info.form.key
            if exact is NOT_APPLICABLE:
                self.add(
                    fid,
                    key,
                    loc,
                    Severity.WARNING,
                    FindingKind.DERIVED,
                    msg.FIND_NOT_APPLICABLE_PRINTED.format(printed=_fmt(printed)),
                    msg.NOT_APPLICABLE,
                )
                continue
            assert isinstance(exact, Decimal)
            decimals = row_decimals(self.t, info)
            shown = min(decimals_of(printed), decimals)
            if round_half_up(exact, shown) == printed:
                continue
            if abs(printed - exact) < Decimal(1).scaleb(-shown):
                self.add(
                    fid,
                    key,
                    loc,
                    Severity.WARNING,
                    FindingKind.DERIVED,
                    msg.FIND_PRINTED_ROUNDING.format(
                        printed=_fmt(printed), expected=_fmt(exact, shown)
                    ),
                    _fmt(exact, shown),
                )
            else:
                self.add(
                    fid,
                    key,
                    loc,
                    Severity.WARNING,
                    FindingKind.DERIVED,
                    msg.FIND_PRINTED_MISMATCH.format(
                        printed=_fmt(printed), expected=_fmt(exact, decimals)
                    ),
                    _fmt(exact, decimals),
                )

    def check_at_most(self, effective: dict[str, Value]) -> None:
        for key, info in self.t.indicators.items():
            if info.at_most is None:
                continue
            value = effective.get(key)
            limit = info.at_most.evaluate(effective, documents_count=len(self.report.documents))
            if not isinstance(value, Decimal) or not isinstance(limit, Decimal):
                continue
            if value > limit:
                whole = self._whole_label(info.at_most)
                self.add(
                    f"at_most:{key}",
                    key,
                    info.form.key,
                    info.indicator.at_most_severity,
                    FindingKind.AT_MOST,
                    msg.FIND_AT_MOST.format(
                        actual=_fmt(value), whole_label=whole, expected=_fmt(limit)
                    ),
                    f"≤ {_fmt(limit)}",
                )

    def _whole_label(self, expr: Expression) -> str:
        if len(expr.refs) == 1:
            ref = self.t.indicators[expr.refs[0]]
            stt = ref.indicator.stt.rstrip(".") or ref.key
            return msg.FIND_WHOLE_ROW.format(label=ref.indicator.label, stt=stt)
        return msg.FIND_WHOLE_EXPR.format(expr=expr.source)

    def check_children_sums(self, effective: dict[str, Value]) -> None:
        for key, info in self.t.indicators.items():
            severity = info.indicator.children_sum
            value = effective.get(key)
            if severity is None or not isinstance(value, Decimal):
                continue
            children = [
                self.t.indicators[c]
                for c in info.children
                if self.t.indicators[c].kind in NUMERIC_KINDS
            ]
            if any(effective.get(c.key) is None and c.required for c in children):
                continue  # completeness reports the empty required detail rows
            filled = [v for c in children if isinstance(v := effective.get(c.key), Decimal)]
            if not filled:
                continue
            total = sum(filled, Decimal(0))  # an empty optional row ("Tại cấp huyện") is 0
            if total != value:
                self.add(
                    f"children_sum:{key}",
                    key,
                    info.form.key,
                    severity,
                    FindingKind.CHILDREN_SUM,
                    msg.FIND_CHILDREN_SUM.format(actual=_fmt(value), expected=_fmt(total)),
                    _fmt(total),
                )

    def check_evidence(self) -> None:
        listed = {normalize_number(d.number) for d in self.report.documents}
        for key, info in self.t.indicators.items():
            text = self.report.values.get(key)
            if not info.indicator.evidence or not isinstance(text, str):
                continue
            for number in (n.strip() for n in re.split(r"[;,]", text)):
                if number and normalize_number(number) not in listed:
                    self.add(
                        f"evidence:{key}:{number}",
                        key,
                        info.form.key,
                        Severity.WARNING,
                        FindingKind.EVIDENCE,
                        msg.FIND_EVIDENCE_MISSING.format(number=number),
                    )

    def check_none_codes(self, effective: dict[str, Value]) -> None:
        for key, info in self.t.indicators.items():
            code = info.indicator.none_code
            if code is None or effective.get(key) != Decimal(code):
                continue
            filled = [
                c for c in info.children if _nonempty_detail(self.t.indicators[c], effective.get(c))
            ]
            if filled:
                label = info.indicator.codes[code]
                rows = ", ".join(
                    self.t.indicators[c].indicator.stt.rstrip(".") or c for c in filled
                )
                self.add(
                    f"none_code:{key}",
                    key,
                    info.form.key,
                    Severity.ERROR,
                    FindingKind.NONE_CODE,
                    msg.FIND_NONE_CODE_WITH_DETAIL.format(code_label=label, rows=rows),
                )

    def check_rules(self, effective: dict[str, Value]) -> None:
        count = len(self.report.documents)
        for compiled in self.t.rules:
            ok = compiled.check.evaluate(effective, documents_count=count)
            if ok is None or ok is NOT_APPLICABLE or bool(ok):
                continue
            sides = compiled.check.sides()
            actual = sides[0].evaluate(effective, documents_count=count) if sides else None
            expected = (
                compiled.expected.evaluate(effective, documents_count=count)
                if compiled.expected
                else None
            )
            text = compiled.rule.message.replace("{actual}", _fmt(actual)).replace(
                "{expected}", _fmt(expected)
            )
            key = compiled.row_keys[0]
            self.add(
                f"rule:{compiled.rule.key}",
                key,
                compiled.form.key,
                compiled.rule.severity,
                FindingKind.RULE,
                text,
                _fmt(expected) if expected is not None else None,
            )

    def check_documents(self) -> None:
        appendix = self.t.template.appendix
        docs = self.report.documents
        if appendix is None:
            return
        if appendix.count_row:
            printed = self.report.values.get(appendix.count_row)
            if isinstance(printed, int | Decimal) and docs and Decimal(printed) != len(docs):
                info = self.t.indicators[appendix.count_row]
                self.add(
                    f"doc_count:{appendix.count_row}",
                    appendix.count_row,
                    info.form.key,
                    Severity.WARNING,
                    FindingKind.DOCUMENTS,
                    msg.FIND_DOC_COUNT.format(actual=_fmt(Decimal(printed)), expected=len(docs)),
                    str(len(docs)),
                )
        symbol_types = {s: t.name for t in appendix.document_types for s in t.symbols}
        series: dict[tuple[str, int], list[tuple[Document, int]]] = defaultdict(list)
        for doc in docs:
            dkey = document_key(doc)
            match = DOC_NUMBER.match(doc.number)
            if match is None:
                self.add(
                    f"doc_number:{dkey}",
                    dkey,
                    "appendix",
                    Severity.ERROR,
                    FindingKind.DOCUMENTS,
                    msg.FIND_DOC_BAD_NUMBER.format(number=doc.number),
                )
                continue
            symbol = match.group("symbol")
            series_type = doc.type
            if not symbol:
                self.add(
                    f"doc_symbol:{dkey}",
                    dkey,
                    "appendix",
                    Severity.WARNING,
                    FindingKind.DOCUMENTS,
                    msg.FIND_DOC_NO_SYMBOL.format(number=doc.number),
                )
            else:
                first = symbol.split("-")[0]
                symbol_type = symbol_types.get(first)
                if symbol_type:
                    series_type = symbol_type
                    if symbol_type != doc.type:
                        self.add(
                            f"doc_type:{dkey}",
                            dkey,
                            "appendix",
                            Severity.WARNING,
                            FindingKind.DOCUMENTS,
                            msg.FIND_DOC_TYPE_SYMBOL.format(
                                type=doc.type, symbol=symbol, symbol_type=symbol_type
                            ),
                        )
            report_date = self.report.header.date
            if report_date and doc.date > report_date:
                self.add(
                    f"doc_date:{dkey}",
                    dkey,
                    "appendix",
                    Severity.ERROR,
                    FindingKind.DOCUMENTS,
                    msg.FIND_DOC_AFTER_REPORT.format(
                        date=format_vn_date(doc.date), report_date=format_vn_date(report_date)
                    ),
                )
            series[(series_type, doc.date.year)].append((doc, int(match.group("num"))))
        for items in series.values():
            items.sort(key=lambda item: item[0].date)
            highest: tuple[Document, int] | None = None
            for doc, number in items:
                if highest and number < highest[1] and doc.date > highest[0].date:
                    dkey = document_key(doc)
                    self.add(
                        f"doc_order:{dkey}",
                        dkey,
                        "appendix",
                        Severity.WARNING,
                        FindingKind.DOCUMENTS,
                        msg.FIND_DOC_ORDER.format(
                            number=doc.number,
                            date=format_vn_date(doc.date),
                            prev_number=highest[0].number,
                            prev_date=format_vn_date(highest[0].date),
                        ),
                    )
                if highest is None or number > highest[1]:
                    highest = (doc, number)

    def check_narrative(self, result: ValidationResult) -> None:
        """The narrative checks (``domain.narrative``), their issues added as findings."""
        result.narrative = check_narrative(self.t, self.report, result.effective, result.display)
        for issue in result.narrative.issues:
            self.add(
                issue.id,
                issue.key,
                issue.part,
                issue.severity,
                FindingKind(issue.kind),
                issue.message,
                issue.expected,
                issue.span,
            )

    def _tally(
        self,
        tally: Completeness,
        key: str,
        part: str,
        kind: FindingKind,
        message: str,
        *,
        filled: bool,
        typed: bool,
        required: bool,
    ) -> None:
        """Count one row or sub-heading into ``tally``; an empty required one is an error."""
        if filled and typed:
            tally.entered += 1
        if not required:
            return
        tally.required += 1
        if filled:
            tally.filled += 1
        else:
            self.add(f"{kind}:{key}", key, part, Severity.ERROR, kind, message)

    def check_completeness(self, result: ValidationResult) -> None:
        parts: dict[str, Completeness] = {}
        for form in self.t.template.forms:
            parts[form.key] = Completeness()
        for key, info in self.t.indicators.items():
            self._tally(
                parts[info.form.key],
                key,
                info.form.key,
                FindingKind.MISSING,
                msg.FIND_MISSING,
                filled=self.report.values.get(key) is not None,
                typed=info.editable,
                required=info.required,
            )
        narrative = Completeness()
        for section in self.t.template.sections:
            for sub in section.subheadings:
                text = self.report.narrative.get(sub.key, "")
                unseen = links.has_unseen(text)
                self._tally(
                    narrative,
                    sub.key,
                    "narrative",
                    FindingKind.SECTION,
                    msg.FIND_SECTION_UNSEEN if unseen else msg.FIND_SECTION_EMPTY,
                    filled=bool(text.strip()) and not unseen,
                    typed=True,
                    required=sub.required,
                )
        parts["narrative"] = narrative
        appendix = Completeness(entered=len(self.report.documents))
        parts["appendix"] = appendix
        for finding in self.findings:
            counted = parts.get(finding.part)
            if counted is None:
                continue
            if finding.is_error:
                counted.errors += 1
            else:
                counted.warnings += 1
        result.by_part = parts


def document_key(doc: Document) -> str:
    """Stable key of a listed document: ``<number>@<ISO date>``."""
    return f"{doc.number}@{doc.date.isoformat()}"


def validate(template: LoadedTemplate, report: ReportData) -> ValidationResult:
    """Validate a report against its template.

    Args:
        template: the checked template the report was made with.
        report: the report data (values as entered or imported).

    Returns:
        Derived values, findings (errors and warnings) and completeness per form.
    """
    return _Run(template, report).run()


def sorted_findings(
    findings: Iterable[Finding],
    template: LoadedTemplate,
    documents: list[Document] | None = None,
) -> list[Finding]:
    """Findings in report order: forms by row, then narrative, then appendix by position."""
    order = {key: i for i, key in enumerate(template.indicators)}
    sections = {key: i for i, key in enumerate(template.section_keys)}
    docs = {document_key(d): i for i, d in enumerate(documents or [])}

    def rank(f: Finding) -> tuple[int, int, str]:
        if f.key in order:
            return (0, order[f.key], f.id)
        if f.key in sections:
            return (1, sections[f.key], f.id)
        if f.key == HEADER_KEY:
            return (1, -1, f.id)
        if f.key == CLOSING_KEY:
            return (1, len(sections), f.id)
        return (2, docs.get(f.key, len(docs)), f.id)

    return sorted(findings, key=rank)
