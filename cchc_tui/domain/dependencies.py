"""What reads each row of a template: the dependency graph of the validation engine.

The engine (``domain.validation``) is a set of *checks*, each about one target and each giving
zero or more findings: a row's value, a derived row's printed value, a part-of-whole bound, a
coded "no", detail rows that must add up, evidence documents, a form rule, the appendix, the
narrative, a required row or sub-heading. A check reads some rows. :class:`Dependencies` says,
for a template, which checks read which row — its effective value (derived rows derived) or the
value as typed — and which derived rows are computed from it, so that a value entered re-runs
only the checks that can change (issue 11: the time of an Enter no longer grows with the
report). The narrative is the exception: which rows it reads depends on its text (the figures
and live figures it holds), so the engine records them with each result
(``ValidationResult.narrative_rows``).

Built once per template (:func:`dependencies`, kept for the life of the process: templates are
few and never change once loaded).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

from cchc_tui.template.loader import LoadedTemplate
from cchc_tui.template.model import NUMERIC_KINDS

Check = tuple[str, str]
"""A check of the engine: ``(kind, target)``, e.g. ``("at_most", "BM1/2.1")``, ``("rule", "0")``
(the template's first rule), ``("documents", "")``; kinds are :data:`CHECK_KINDS`."""

VALUE, DERIVED, AT_MOST, NONE_CODE, CHILDREN_SUM = (
    "value",
    "derived",
    "at_most",
    "none_code",
    "children_sum",
)
EVIDENCE, RULE, DOCUMENTS, NARRATIVE, MISSING, SECTION = (
    "evidence",
    "rule",
    "documents",
    "narrative",
    "missing",
    "section",
)
CHECK_KINDS = (
    VALUE,
    DERIVED,
    AT_MOST,
    NONE_CODE,
    CHILDREN_SUM,
    EVIDENCE,
    RULE,
    DOCUMENTS,
    NARRATIVE,
    MISSING,
    SECTION,
)
"""The kinds of check, in the order the engine lists their findings."""


@dataclass(frozen=True)
class Dependencies:
    """The checks of one template, in order, and what each row is read by."""

    order: tuple[Check, ...]
    """Every check the template can give findings for, in the engine's order (findings are
    listed check by check in this order, full or incremental alike)."""
    readers: dict[str, frozenset[Check]]
    """Row key → the checks that read its *effective* value (bounds, sums, codes, rules)."""
    typed_readers: dict[str, frozenset[Check]]
    """Row key → the checks that read its value *as typed* (its own value check, its printed
    value against the derived one, its evidence numbers, "required and empty", the appendix's
    count row)."""
    dependents: dict[str, tuple[str, ...]]
    """Row key → the derived rows computed from it, directly or not, in derivation order."""
    form_of: dict[str, str]
    """Row key → its form's key (``BM3``), computed once."""
    rank: dict[Check, int]
    """Each check's place in :attr:`order`."""

    def affected_by(self, key: str) -> tuple[str, ...]:
        """The derived rows whose value may change when row ``key``'s value does."""
        return self.dependents.get(key, ())


def build_dependencies(template: LoadedTemplate) -> Dependencies:
    """The dependency graph of ``template`` (see the module's docstring)."""
    rows = template.indicators
    readers: dict[str, set[Check]] = defaultdict(set)
    typed: dict[str, set[Check]] = defaultdict(set)
    order: list[Check] = [(VALUE, key) for key in rows]
    order += [(DERIVED, key) for key in template.derive_order]
    for key, info in rows.items():
        typed[key].add((VALUE, key))
        if info.required:
            typed[key].add((MISSING, key))
        if info.derive is not None:  # its printed value against its derived value
            typed[key].add((DERIVED, key))
            readers[key].add((DERIVED, key))
    for key, info in rows.items():
        if info.at_most is not None:
            order.append((AT_MOST, key))
            for ref in (key, *info.at_most.refs):
                readers[ref].add((AT_MOST, key))
    for key, info in rows.items():
        if info.indicator.none_code is not None:
            order.append((NONE_CODE, key))
            for ref in (key, *info.children):
                readers[ref].add((NONE_CODE, key))
    for key, info in rows.items():
        if info.indicator.children_sum is not None:
            order.append((CHILDREN_SUM, key))
            numeric = [c for c in info.children if rows[c].kind in NUMERIC_KINDS]
            for ref in (key, *numeric):
                readers[ref].add((CHILDREN_SUM, key))
    for key, info in rows.items():
        if info.indicator.evidence:
            order.append((EVIDENCE, key))
            typed[key].add((EVIDENCE, key))
    for index, compiled in enumerate(template.rules):
        check = (RULE, str(index))
        order.append(check)
        refs = set(compiled.check.refs)
        if compiled.expected is not None:
            refs |= set(compiled.expected.refs)
        for ref in refs:
            readers[ref].add(check)
    order += [(DOCUMENTS, ""), (NARRATIVE, "")]
    appendix = template.template.appendix
    if appendix is not None and appendix.count_row:
        typed[appendix.count_row].add((DOCUMENTS, ""))
    order += [(MISSING, key) for key, info in rows.items() if info.required]
    order += [
        (SECTION, sub.key)
        for section in template.template.sections
        for sub in section.subheadings
        if sub.required
    ]
    return Dependencies(
        order=tuple(order),
        readers={k: frozenset(v) for k, v in readers.items()},
        typed_readers={k: frozenset(v) for k, v in typed.items()},
        dependents=_dependents(template),
        form_of={key: str(info.form.key) for key, info in rows.items()},
        rank={check: i for i, check in enumerate(order)},
    )


def _dependents(template: LoadedTemplate) -> dict[str, tuple[str, ...]]:
    """Row → every derived row that reads it directly or through other derived rows, in
    ``derive_order`` (each after the derived rows it reads)."""
    direct: dict[str, set[str]] = defaultdict(set)
    for key in map(str, template.derive_order):
        derive = template.indicators[key].derive
        assert derive is not None
        for ref in derive.refs:
            direct[ref].add(key)
    position: dict[str, int] = {str(key): i for i, key in enumerate(template.derive_order)}
    out: dict[str, tuple[str, ...]] = {}
    for key in map(str, template.indicators):
        seen: set[str] = set()
        stack = list(direct.get(key, ()))
        while stack:
            row = stack.pop()
            if row not in seen:
                seen.add(row)
                stack.extend(direct.get(row, ()))
        if seen:
            out[key] = tuple(sorted(seen, key=position.__getitem__))
    return out


_BUILT: dict[int, tuple[LoadedTemplate, Dependencies]] = {}
_LOCK = threading.Lock()


def dependencies(template: LoadedTemplate) -> Dependencies:
    """The dependency graph of ``template``, built on first use and kept (the template is kept
    with it, so its id is never reused for another)."""
    found = _BUILT.get(id(template))
    if found is not None and found[0] is template:
        return found[1]
    built = build_dependencies(template)
    with _LOCK:
        _BUILT[id(template)] = (template, built)
    return built
