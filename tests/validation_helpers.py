"""Validate a shipped sample with some values changed: shared by the template tests."""

from __future__ import annotations

import copy
from collections.abc import Mapping

from cchc_tui.domain.report import ReportData
from cchc_tui.domain.validation import Finding, ValidationResult, validate
from cchc_tui.template.loader import LoadedTemplate

Sample = tuple[ReportData, LoadedTemplate]


def validate_changed(sample: Sample, values: Mapping[str, object]) -> ValidationResult:
    """Validate a copy of the sample with ``values`` (by row key) replacing its own."""
    report, template = sample
    changed = copy.deepcopy(report)
    for key, value in values.items():
        assert key in template.indicators, key
        changed.values[key] = value  # type: ignore[assignment]
    return validate(template, changed)


def run(sample: Sample, **values: object) -> ValidationResult:
    """:func:`validate_changed` with row keys as keywords: ``run(s, **{"BM1/1": 5})``."""
    return validate_changed(sample, values)


def by_id(result: ValidationResult) -> dict[str, Finding]:
    """Findings by their stable id."""
    return {f.id: f for f in result.findings}
