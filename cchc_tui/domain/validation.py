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
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from cchc_tui import messages as msg
from cchc_tui.base.numbers import decimals_of, format_number, round_half_up
from cchc_tui.base.rules import NOT_APPLICABLE, Expression, Value
from cchc_tui.domain import links
from cchc_tui.domain.dependencies import (
    AT_MOST,
    CHILDREN_SUM,
    DERIVED,
    DOCUMENTS,
    EVIDENCE,
    MISSING,
    NARRATIVE,
    NONE_CODE,
    RULE,
    SECTION,
    VALUE,
    Check,
    dependencies,
)
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
    values: dict[str, Value] = field(default_factory=dict)
    """Values as typed, checked (those of the wrong kind or out of range left out); a derived
    row's printed value is here, its derived value in :attr:`derived`."""
    checks: dict[Check, list[Finding]] = field(default_factory=dict)
    """The findings of each check that has any (``domain.dependencies``): what an entered
    value's re-validation starts from."""
    narrative_rows: frozenset[str] = frozenset()
    """Rows the narrative's figures and live figures read (the narrative is checked again when
    one of them changes)."""
    by_key: dict[str, list[Finding]] = field(default_factory=dict)
    """The findings of each row, sub-heading or document (an index of :attr:`findings`)."""
    items: dict[str, Completeness] = field(default_factory=dict)
    """Required, filled and entered items per part, before the findings are counted in."""
    typed: frozenset[str] = frozenset()
    """Rows with a value as typed (valid or not)."""

    @property
    def errors(self) -> list[Finding]:
        """Findings that block sign-off."""
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        """Findings that need an explanation before sign-off."""
        return [f for f in self.findings if not f.is_error]

    def for_key(self, key: str) -> list[Finding]:
        """Findings shown on one row, sub-heading or document (from the index: no scan)."""
        return list(self.by_key.get(key, ()))

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
    """One validation pass over a report, check by check (``domain.dependencies``).

    :meth:`run` runs every check (load, import, sign-off, any change but a value); :meth:`update`
    re-runs only the checks a changed value can move, from the previous result (an Enter).
    Both list the findings check by check in the template's order of checks, so they give the
    same list for the same data (a property test holds them to it).
    """

    def __init__(self, template: LoadedTemplate, report: ReportData) -> None:
        self.t = template
        self.report = report
        self.deps = dependencies(template)
        self.findings: list[Finding] = []
        self._listed: set[str] | None = None

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

    def listed(self) -> set[str]:
        """The appendix's document numbers, normalised (what evidence is looked up in)."""
        if self._listed is None:
            self._listed = {normalize_number(d.number) for d in self.report.documents}
        return self._listed

    def checked_values(self) -> tuple[dict[str, Value], dict[Check, list[Finding]]]:
        """The values as typed that are of the right kind and range, in template order, and
        the findings of those that are not (by check)."""
        values: dict[str, Value] = {}
        checks: dict[Check, list[Finding]] = {}
        for key in self.t.indicators:
            if key in self.report.values:
                found, value = self.value_of(key)
                if found:
                    checks[(VALUE, key)] = found
                if value is not _INVALID:
                    values[key] = value  # type: ignore[assignment]
        return values, checks

    def run(self) -> ValidationResult:
        values, checks = self.checked_values()
        derived = self.derive(values)
        effective: dict[str, Value] = dict(values)
        effective.update(derived)
        result = ValidationResult(self.t, derived, effective, values=values)
        for check in self.deps.order:
            if check[0] != VALUE:
                found = self.check(check, result)
                if found:
                    checks[check] = found
        return self.finish(result, checks)

    def finish(
        self,
        result: ValidationResult,
        checks: dict[Check, list[Finding]],
        items: dict[str, Completeness] | None = None,
        typed: frozenset[str] | None = None,
    ) -> ValidationResult:
        """List the findings of ``checks`` in the order of checks, index them by key, count
        them into the parts' items (``items``: counted again when not given). The work is in
        the number of findings, not of rows."""
        result.checks = checks
        rank = self.deps.rank
        ordered = sorted(checks, key=rank.__getitem__)
        result.findings = [f for check in ordered for f in checks[check]]
        index: dict[str, list[Finding]] = {}
        for finding in result.findings:
            index.setdefault(finding.key, []).append(finding)
        result.by_key = index
        if items is None or typed is None:
            typed = frozenset(k for k, v in self.report.values.items() if v is not None)
            items = self.items()
        result.items, result.typed = items, typed
        parts = {name: replace(tally) for name, tally in items.items()}
        for finding in result.findings:
            counted = parts.get(finding.part)
            if counted is None:
                continue
            if finding.is_error:
                counted.errors += 1
            else:
                counted.warnings += 1
        result.by_part = parts
        return result

    def update(self, previous: ValidationResult, key: str) -> tuple[ValidationResult, set[str]]:
        """The result after row ``key``'s value changed (the report holds the new value), from
        ``previous`` (the result before), re-running only the checks that read the row or a
        derived row computed from it; and the rows whose value shown or findings changed."""
        values = dict(previous.values)
        derived = dict(previous.derived)
        effective = dict(previous.effective)
        checks = dict(previous.checks)
        found: list[Finding] = []
        value: Value | object = _INVALID
        if key in self.report.values:
            found, value = self.value_of(key)
        _put(checks, (VALUE, key), found)
        is_derived = self.t.indicators[key].derive is not None
        if value is _INVALID:
            values.pop(key, None)
        else:
            values[key] = value  # type: ignore[assignment]
        if not is_derived:
            if value is _INVALID:
                effective.pop(key, None)
            else:
                effective[key] = value  # type: ignore[assignment]
        count = len(self.report.documents)
        for row in self.deps.affected_by(key):
            expr = self.t.indicators[row].derive
            assert expr is not None
            derived[row] = effective[row] = _derived_value(expr.evaluate(effective, count))
        moved = {
            row
            for row in (key, *self.deps.affected_by(key))
            if not _same(previous.effective.get(row, _INVALID), effective.get(row, _INVALID))
        }
        todo: set[Check] = set(self.deps.typed_readers.get(key, ()))
        todo.discard((VALUE, key))
        for row in moved:
            todo |= self.deps.readers.get(row, frozenset())
        if moved & previous.narrative_rows:
            todo.add((NARRATIVE, ""))
        result = ValidationResult(
            self.t, derived, effective, values=values, narrative=previous.narrative
        )
        result.narrative_rows = previous.narrative_rows
        changed = set(moved) | {key}
        for check in todo:
            before = checks.get(check, [])
            after = self.check(check, result)
            if after != before:
                changed |= {f.key for f in before} | {f.key for f in after}
            _put(checks, check, after)
        items, typed = self.items_after(previous, key)
        return self.finish(result, checks, items, typed), changed

    def check(self, check: Check, result: ValidationResult) -> list[Finding]:
        """The findings of one check on ``result``'s values (the narrative's also set
        ``result.narrative`` and ``result.narrative_rows``)."""
        self.findings = []
        kind, target = check
        values, effective = result.values, result.effective
        if kind == DERIVED:
            self.check_printed(target, values, result.derived)
        elif kind == AT_MOST:
            self.check_at_most(target, effective)
        elif kind == NONE_CODE:
            self.check_none_code(target, effective)
        elif kind == CHILDREN_SUM:
            self.check_children_sum(target, effective)
        elif kind == EVIDENCE:
            self.check_evidence(target)
        elif kind == RULE:
            self.check_rule(int(target), effective)
        elif kind == DOCUMENTS:
            self.check_documents()
        elif kind == NARRATIVE:
            self.check_narrative(result)
        elif kind == MISSING:
            self.check_required(target)
        elif kind == SECTION:
            self.check_section(target)
        elif kind == VALUE:
            self.findings = self.value_of(target)[0] if target in self.report.values else []
        return self.findings

    def value_of(self, key: str) -> tuple[list[Finding], Value | object]:
        """The findings of row ``key``'s value as typed and its checked value (``_INVALID``
        when it is of the wrong kind or out of range, or the row is not in the template)."""
        info = self.t.indicators.get(key)
        if info is None:
            return [], _INVALID  # interchange refuses unknown rows; nothing to check here
        try:
            checked = check_cell(info.indicator, self.report.values[key])
        except CellError as err:
            finding = Finding(
                f"value:{key}",
                key,
                self.deps.form_of[key],
                Severity.ERROR,
                FindingKind.VALUE,
                str(err),
            )
            return [finding], _INVALID
        return [], to_decimal(checked)

    def derive(self, values: dict[str, Value], documents: int | None = None) -> dict[str, Value]:
        current: dict[str, Value] = {
            k: v for k, v in values.items() if not self.t.indicators[k].derive
        }
        derived: dict[str, Value] = {}
        count = len(self.report.documents) if documents is None else documents
        for key in self.t.derive_order:
            expr = self.t.indicators[key].derive
            assert expr is not None
            result = _derived_value(expr.evaluate(current, documents_count=count))
            derived[key] = result
            current[key] = result
        return derived

    def check_printed(self, key: str, values: dict[str, Value], derived: dict[str, Value]) -> None:
        exact = derived.get(key)
        printed = values.get(key)
        info = self.t.indicators[key]
        if not isinstance(printed, Decimal) or exact is None:
            return
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
            return
        assert isinstance(exact, Decimal)
        decimals = row_decimals(self.t, info)
        shown = min(decimals_of(printed), decimals)
        if round_half_up(exact, shown) == printed:
            return
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

    def check_at_most(self, key: str, effective: dict[str, Value]) -> None:
        info = self.t.indicators[key]
        if info.at_most is None:
            return
        value = effective.get(key)
        limit = info.at_most.evaluate(effective, documents_count=len(self.report.documents))
        if not isinstance(value, Decimal) or not isinstance(limit, Decimal):
            return
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

    def check_children_sum(self, key: str, effective: dict[str, Value]) -> None:
        info = self.t.indicators[key]
        severity = info.indicator.children_sum
        value = effective.get(key)
        if severity is None or not isinstance(value, Decimal):
            return
        children = [
            self.t.indicators[c]
            for c in info.children
            if self.t.indicators[c].kind in NUMERIC_KINDS
        ]
        if any(effective.get(c.key) is None and c.required for c in children):
            return  # completeness reports the empty required detail rows
        filled = [v for c in children if isinstance(v := effective.get(c.key), Decimal)]
        if not filled:
            return
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

    def check_evidence(self, key: str) -> None:
        listed = self.listed()
        info = self.t.indicators[key]
        text = self.report.values.get(key)
        if not info.indicator.evidence or not isinstance(text, str):
            return
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

    def check_none_code(self, key: str, effective: dict[str, Value]) -> None:
        info = self.t.indicators[key]
        code = info.indicator.none_code
        if code is None or effective.get(key) != Decimal(code):
            return
        filled = [
            c for c in info.children if _nonempty_detail(self.t.indicators[c], effective.get(c))
        ]
        if filled:
            label = info.indicator.codes[code]
            rows = ", ".join(self.t.indicators[c].indicator.stt.rstrip(".") or c for c in filled)
            self.add(
                f"none_code:{key}",
                key,
                info.form.key,
                Severity.ERROR,
                FindingKind.NONE_CODE,
                msg.FIND_NONE_CODE_WITH_DETAIL.format(code_label=label, rows=rows),
            )

    def check_rule(self, index: int, effective: dict[str, Value]) -> None:
        count = len(self.report.documents)
        compiled = self.t.rules[index]
        ok = compiled.check.evaluate(effective, documents_count=count)
        if ok is None or ok is NOT_APPLICABLE or bool(ok):
            return
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
        """The narrative checks (``domain.narrative``), their issues added as findings; the rows
        its figures and live figures read are kept (a change of another row leaves them)."""
        result.narrative = check_narrative(self.t, self.report, result.effective, result.display)
        result.narrative_rows = frozenset(result.narrative.rows)
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

    def check_required(self, key: str) -> None:
        """A required row left empty (an error)."""
        if self.report.values.get(key) is None:
            self.add(
                f"{FindingKind.MISSING}:{key}",
                key,
                self.deps.form_of[key],
                Severity.ERROR,
                FindingKind.MISSING,
                msg.FIND_MISSING,
            )

    def check_section(self, key: str) -> None:
        """A required sub-heading left empty, or copied with live figures not yet seen."""
        text = self.report.narrative.get(key, "")
        unseen = links.has_unseen(text)
        if not (text.strip() and not unseen):
            self.add(
                f"{FindingKind.SECTION}:{key}",
                key,
                "narrative",
                Severity.ERROR,
                FindingKind.SECTION,
                msg.FIND_SECTION_UNSEEN if unseen else msg.FIND_SECTION_EMPTY,
            )

    def items(self) -> dict[str, Completeness]:
        """Filled, required and entered items of each form, the narrative and the appendix
        (the findings not counted yet)."""
        parts: dict[str, Completeness] = {}
        for form in self.t.template.forms:
            parts[form.key] = Completeness()
        values = self.report.values
        for key, info in self.t.indicators.items():
            tally = parts[self.deps.form_of[key]]
            filled = values.get(key) is not None
            if filled and info.editable:
                tally.entered += 1
            if info.required:
                tally.required += 1
                tally.filled += filled
        narrative = Completeness()
        for section in self.t.template.sections:
            for sub in section.subheadings:
                text = self.report.narrative.get(sub.key, "")
                filled = bool(text.strip()) and not links.has_unseen(text)
                narrative.entered += filled
                if sub.required:
                    narrative.required += 1
                    narrative.filled += filled
        parts["narrative"] = narrative
        parts["appendix"] = Completeness(entered=len(self.report.documents))
        return parts

    def items_after(self, previous: ValidationResult, key: str) -> tuple[dict, frozenset[str]]:
        """:meth:`items` after only row ``key``'s value changed: the previous counts moved by
        that row alone."""
        now = self.report.values.get(key) is not None
        before = key in previous.typed
        if now == before:
            return previous.items, previous.typed
        info = self.t.indicators[key]
        items = dict(previous.items)
        tally = items[self.deps.form_of[key]] = replace(items[self.deps.form_of[key]])
        step = 1 if now else -1
        if info.editable:
            tally.entered += step
        if info.required:
            tally.filled += step
        typed = previous.typed | {key} if now else previous.typed - {key}
        return items, typed


_INVALID = object()
"""A value of the wrong kind or out of range (or of no row): not used by any check."""


def _put(checks: dict[Check, list[Finding]], check: Check, found: list[Finding]) -> None:
    if found:
        checks[check] = found
    else:
        checks.pop(check, None)


def _same(a: object, b: object) -> bool:
    """Whether two values are the same as a check or the screen sees them (``1`` and ``1.0``
    are not: a message shows them differently)."""
    return a is b or (type(a) is type(b) and a == b and str(a) == str(b))


def _derived_value(result: object) -> Value:
    """An expression's result as a derived row's value (a number, "không phát sinh" or none)."""
    if result is None or result is NOT_APPLICABLE or isinstance(result, Decimal):
        return result  # type: ignore[return-value]
    return None


def document_key(doc: Document) -> str:
    """Stable key of a listed document: ``<number>@<ISO date>``."""
    return f"{doc.number}@{doc.date.isoformat()}"


def validate(template: LoadedTemplate, report: ReportData) -> ValidationResult:
    """Validate a report against its template (every check).

    Args:
        template: the checked template the report was made with.
        report: the report data (values as entered or imported).

    Returns:
        Derived values, findings (errors and warnings) and completeness per form.
    """
    return _Run(template, report).run()


def derive_values(
    template: LoadedTemplate, report: ReportData, documents: int | None = None
) -> ValidationResult:
    """The values of a report as the engine uses them — checked, derived rows derived — with
    no check run (no findings): what the office's consolidation shows of each unit.

    Args:
        documents: the number of documents listed, when ``report.documents`` was not read
            (``documents_count()`` in the template's expressions); default: the list's length.
    """
    run = _Run(template, report)
    values, _findings = run.checked_values()
    derived = run.derive(values, documents)
    effective: dict[str, Value] = dict(values)
    effective.update(derived)
    return ValidationResult(template, derived, effective, values=values)


def revalidate_value(
    template: LoadedTemplate, report: ReportData, previous: ValidationResult, key: str
) -> tuple[ValidationResult, frozenset[str]]:
    """The validation of ``report`` after only row ``key``'s value changed, from ``previous``
    (the validation before the change), re-running only the checks that read that row or a
    derived row computed from it (``domain.dependencies``); the same result as
    :func:`validate` (tests/test_incremental.py holds it to that, after any edits).

    ``previous`` is not changed. The work depends on what reads the row, not on the size of
    the report (issue 11).

    Returns:
        The new result, and the keys (rows, sub-headings, documents) whose value shown or
        findings may have changed: what a screen needs to redraw.
    """
    result, changed = _Run(template, report).update(previous, key)
    return result, frozenset(changed)


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
