"""Lint of a template: the defects printed forms carry, as warnings for the form designer.

A template that loads (:func:`cchc_tui.template.loader.compile_template`) is usable; these are
things a designer should look at before publishing it, each seen in a real printed form
(shared/seeds/):

* ``dup_label`` — two rows under the same parent of one form with the same label (seed 001,
  Biểu mẫu 3 rows 3.2 and 3.3 both "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận …");
* ``stt_gap`` / ``stt_repeat`` — STT numbering that skips (seed 001 Biểu mẫu 5: 1, 3, 4;
  Biểu mẫu 7: 5.1.2 without 5.1.1) or repeats (seed 004: 3.3.1 twice); child rows number from 1,
  the rows of a form from its first row's number;
* ``stt_orphan`` — a child's STT that does not continue its parent's (3.1.2 under 3., no 3.1);
* ``rate_unit`` — a "Tỷ lệ …" row whose unit is not % (seed 004 row 7.2, "Đơn vị");
* ``unit_in_label`` — the unit word repeated at the end of the label (seed 001 Biểu mẫu 2 row
  1.1, "… ban hành Văn bản" beside the unit "Văn bản"; "Tổng số hồ sơ" counting Hồ sơ is fine);
* ``total_unchecked`` — a "Tổng số …" row with child rows that add up, and neither a formula,
  a children sum, an ``at_most`` on a child nor a rule tying them;
* ``ratio_units`` — a ``ratio(a, b)`` whose two rows have different units;
* ``compare_units`` — a rule or ``at_most`` comparing rows of different units.

Units are compared without diacritics and case, with the synonyms printed forms use for the
same thing (``TTHC`` = ``Thủ tục``; ``Hồ sơ`` = ``Số lượng hồ sơ`` = ``Số hồ sơ đã giải
quyết``); an empty unit or a code legend is never compared.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cchc_tui import messages as msg
from cchc_tui.base.rules import Expression, ExpressionError
from cchc_tui.base.text import fold
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate
from cchc_tui.template.model import NUMERIC_KINDS, RowKind

_UNIT_SYNONYMS = {
    "tthc": "thu tuc",
    "thu tuc hanh chinh": "thu tuc",
    "so luong ho so": "ho so",
    "so ho so da giai quyet": "ho so",
    "so ho so": "ho so",
}
_RATE = re.compile(r"^ty le\b")
_TOTAL = re.compile(r"^tong so\b")
_STT = re.compile(r"\d+(?:\.\d+)*")
_SUMMABLE = frozenset({RowKind.COUNT, RowKind.MONEY, RowKind.DECIMAL})
_COUNTING = frozenset({"so", "luong", "cac", "nhung", "tong"})
"""Words after which the unit is the thing counted ("Tổng số hồ sơ"), not a repetition."""


@dataclass(frozen=True)
class LintWarning:
    """One thing a designer should look at.

    Attributes:
        code: the kind of defect (``dup_label``, ``stt_gap``, … — see the module docstring).
        form: the form's number.
        where: the row key or rule key it is about.
        message: the Vietnamese sentence shown by ``cchc templates check``.
    """

    code: str
    form: int
    where: str
    message: str


def _unit(info: IndicatorInfo) -> str:
    """The row's unit for comparisons: folded, synonyms merged; "" for none or a code."""
    if info.kind is RowKind.CODE or info.kind is RowKind.HEADING:
        return ""
    text = " ".join(fold(info.indicator.unit_of_measure).split())
    return _UNIT_SYNONYMS.get(text, text)


def _label(info: IndicatorInfo) -> str:
    return " ".join(fold(info.indicator.label).split())


def _stt_parts(info: IndicatorInfo) -> tuple[int, ...] | None:
    stt = info.indicator.stt.strip().rstrip(".")
    if not stt or not _STT.fullmatch(stt):
        return None
    return tuple(int(p) for p in stt.split("."))


def lint_template(loaded: LoadedTemplate) -> list[LintWarning]:
    """Every lint warning of a template, form by form, in printed order."""
    found: list[LintWarning] = []
    for form in loaded.template.forms:
        rows = loaded.form_indicators(form)
        found += _labels(rows, form.number)
        found += _numbering(rows, form.number)
        for info in rows:
            found += _row_checks(loaded, info)
        found += _totals(loaded, rows, form.number)
        found += _expressions(loaded, form.number)
    return found


def _siblings(rows: list[IndicatorInfo]) -> dict[str | None, list[IndicatorInfo]]:
    groups: dict[str | None, list[IndicatorInfo]] = {}
    for info in rows:
        groups.setdefault(info.parent, []).append(info)
    return groups


def _labels(rows: list[IndicatorInfo], form: int) -> Iterator[LintWarning]:
    for group in _siblings(rows).values():
        seen: dict[str, IndicatorInfo] = {}
        for info in group:
            label = _label(info)
            if label in seen:
                first = seen[label]
                yield LintWarning(
                    "dup_label",
                    form,
                    info.key,
                    msg.LINT_DUP_LABEL.format(
                        key=info.key, other=first.key, label=info.indicator.label
                    ),
                )
            else:
                seen[label] = info


def _numbering(rows: list[IndicatorInfo], form: int) -> Iterator[LintWarning]:
    by_key: dict[str, IndicatorInfo] = {info.key: info for info in rows}
    for parent, group in _siblings(rows).items():
        numbered = [(info, _stt_parts(info)) for info in group]
        numbered = [(info, parts) for info, parts in numbered if parts is not None]
        parent_parts = _stt_parts(by_key[parent]) if parent else None
        previous: int | None = None
        for info, parts in numbered:
            assert parts is not None
            stt = info.indicator.stt.strip().rstrip(".")
            if parent is not None and parent_parts is not None and parts[:-1] != parent_parts:
                yield LintWarning(
                    "stt_orphan",
                    form,
                    info.key,
                    msg.LINT_STT_ORPHAN.format(
                        key=info.key,
                        stt=stt,
                        parent=by_key[parent].indicator.stt.strip().rstrip("."),
                        missing=".".join(str(p) for p in parts[:-1]),
                    ),
                )
                continue  # its number says nothing about its siblings' numbering
            number = parts[-1]
            expected = 1 if previous is None and parent is not None else (previous or 0) + 1
            if previous is None and parent is None:
                expected = number
            if number == previous:
                yield LintWarning(
                    "stt_repeat", form, info.key, msg.LINT_STT_REPEAT.format(key=info.key, stt=stt)
                )
            elif number != expected:
                missing = ".".join(str(p) for p in (*parts[:-1], expected))
                yield LintWarning(
                    "stt_gap",
                    form,
                    info.key,
                    msg.LINT_STT_GAP.format(key=info.key, stt=stt, missing=missing),
                )
            previous = number


def _row_checks(loaded: LoadedTemplate, info: IndicatorInfo) -> Iterator[LintWarning]:
    row = info.indicator
    label = _label(info)
    form = info.form.number
    if (
        _RATE.match(label)
        and row.unit_of_measure.strip() != "%"
        and info.kind is not RowKind.PERCENT
    ):
        yield LintWarning(
            "rate_unit",
            form,
            info.key,
            msg.LINT_RATE_UNIT.format(key=info.key, unit=row.unit_of_measure or msg.LINT_NO_UNIT),
        )
    unit = " ".join(fold(row.unit_of_measure).split())
    if unit and info.kind is not RowKind.CODE:
        words = label.strip(" .:;()").split()
        unit_words = unit.split()
        n = len(unit_words)
        # "Số hồ sơ" counting Hồ sơ is natural; "… ban hành Văn bản" beside Văn bản is not.
        if len(words) > n and words[-n:] == unit_words and words[-n - 1] not in _COUNTING:
            yield LintWarning(
                "unit_in_label",
                form,
                info.key,
                msg.LINT_UNIT_IN_LABEL.format(key=info.key, unit=row.unit_of_measure),
            )


def _totals(loaded: LoadedTemplate, rows: list[IndicatorInfo], form: int) -> Iterator[LintWarning]:
    rules = [c for c in loaded.rules if c.form.number == form]
    for info in rows:
        if not _TOTAL.match(_label(info)) or info.kind not in _SUMMABLE:
            continue
        parts = [
            loaded.indicators[c]
            for c in info.children
            if loaded.indicators[c].kind in _SUMMABLE and _unit(loaded.indicators[c]) == _unit(info)
        ]
        if not parts:
            continue
        if info.derive is not None or info.indicator.children_sum is not None:
            continue
        if any(p.at_most is not None and info.key in p.at_most.refs for p in parts):
            continue
        if any(
            info.key in set(c.check.refs) and any(p.key in c.check.refs for p in parts)
            for c in rules
        ):
            continue
        yield LintWarning(
            "total_unchecked", form, info.key, msg.LINT_TOTAL_UNCHECKED.format(key=info.key)
        )


def _expressions(loaded: LoadedTemplate, form: int) -> Iterator[LintWarning]:
    """Ratios of two units, comparisons of two units (rules and ``at_most``)."""
    rows = loaded.indicators
    for info in loaded.indicators.values():
        if info.form.number != form:
            continue
        if info.derive is not None:
            for part, whole in _ratios(info.derive):
                pair = (_unit(rows[part]), _unit(rows[whole]))
                if all(pair) and pair[0] != pair[1]:
                    yield LintWarning(
                        "ratio_units",
                        form,
                        info.key,
                        msg.LINT_RATIO_UNITS.format(
                            key=info.key,
                            part=part,
                            whole=whole,
                            part_unit=rows[part].indicator.unit_of_measure,
                            whole_unit=rows[whole].indicator.unit_of_measure,
                        ),
                    )
        if info.at_most is not None and info.kind in NUMERIC_KINDS:
            units = {_unit(rows[r]) for r in info.at_most.refs} - {""}
            own = _unit(info)
            if own and units and units != {own}:
                yield LintWarning(
                    "compare_units",
                    form,
                    info.key,
                    msg.LINT_BOUND_UNITS.format(
                        key=info.key,
                        unit=info.indicator.unit_of_measure,
                        refs=", ".join(info.at_most.refs),
                        other="; ".join(
                            sorted(rows[r].indicator.unit_of_measure for r in info.at_most.refs)
                        ),
                    ),
                )
    for compiled in loaded.rules:
        if compiled.form.number != form:
            continue
        for left, right in _comparisons(compiled.check):
            lu = {_unit(rows[r]) for r in left} - {""}
            ru = {_unit(rows[r]) for r in right} - {""}
            if lu and ru and lu != ru:
                yield LintWarning(
                    "compare_units",
                    form,
                    compiled.rule.key,
                    msg.LINT_RULE_UNITS.format(
                        key=compiled.rule.key,
                        left=", ".join(left),
                        right=", ".join(right),
                    ),
                )


def _names(expr: Expression) -> dict[str, str]:
    """Placeholder name (``_r0``) → row key of a compiled expression."""
    return {f"_r{i}": key for i, key in enumerate(expr.refs)}


def _ratios(expr: Expression) -> Iterator[tuple[str, str]]:
    """``(part, whole)`` row keys of every ``ratio`` call whose arguments are two rows."""
    names = _names(expr)
    try:
        tree = ast.parse(expr.python.strip(), mode="eval")
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "ratio"
            and len(node.args) == 2
            and all(isinstance(a, ast.Name) and a.id in names for a in node.args)
        ):
            part, whole = (names[a.id] for a in node.args)  # type: ignore[attr-defined]
            yield part, whole


def _comparisons(expr: Expression) -> Iterator[tuple[list[str], list[str]]]:
    """The row keys on each side of every two-sided comparison of an expression."""
    names = _names(expr)
    try:
        tree = ast.parse(expr.python.strip(), mode="eval")
    except (SyntaxError, ExpressionError):
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and len(node.comparators) == 1:
            sides = []
            for side in (node.left, node.comparators[0]):
                sides.append(
                    [
                        names[n.id]
                        for n in ast.walk(side)
                        if isinstance(n, ast.Name) and n.id in names
                    ]
                )
            yield sides[0], sides[1]
