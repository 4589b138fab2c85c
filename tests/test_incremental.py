"""Incremental validation (issue 11): after any sequence of entered values, re-validating only
what a value reads gives exactly what validating the whole report gives — the same findings in
the same order, derived values, completeness, narrative — and it names every row whose value
shown or findings changed (what the form redraws).

Each shipped sample (four templates) is edited by Hypothesis: counts, percentages, money,
decimals, codes and text, valid or not (negative, fractional counts, percentages over 100, too
many decimals, unknown codes, text in a number row), emptied rows, derived rows given a printed
value — each edit followed by both validations.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_tui.domain.dependencies import dependencies
from cchc_tui.domain.report import CellValue, ReportData
from cchc_tui.domain.validation import ValidationResult, revalidate_value, validate
from cchc_tui.service.samples import load_sample, sample_names
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate, get_template
from cchc_tui.template.model import RowKind

SAMPLES = sample_names()


def _decimal(low: int, high: int, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False
    )


def value_for(info: IndicatorInfo, current: CellValue) -> st.SearchStrategy[CellValue]:
    """Values an officer (or a file) could put in the row, valid or not."""
    kind = info.kind
    wrong: st.SearchStrategy[CellValue] = st.sampled_from(["abc", Decimal("-1"), -5])
    if kind is RowKind.CODE:
        typed: st.SearchStrategy[CellValue] = st.one_of(
            st.sampled_from(sorted(info.indicator.codes)), st.integers(-1, 9)
        )
    elif kind is RowKind.COUNT:
        typed = st.one_of(
            st.integers(0, 40), st.integers(0, 5000), st.just(Decimal("2.5")), st.just(0)
        )
    elif kind is RowKind.PERCENT:
        typed = st.one_of(_decimal(0, 120, 2), st.integers(0, 100), st.just(Decimal("100.0")))
    elif kind is RowKind.TEXT:
        typed = st.one_of(
            st.sampled_from(["12/KH-UBND", "05/BC-UBND; 99/QĐ-UBND", "Không", ""]), st.text()
        )
    else:  # decimal, money
        typed = st.one_of(_decimal(0, 2000, 1), _decimal(0, 10**6, 5), st.just(Decimal("0")))
    again = st.just(current) if current is not None else st.none()
    return st.one_of(st.none(), typed, wrong, again)


def edit(report: ReportData, key: str, value: CellValue) -> None:
    if value is None:
        report.values.pop(key, None)
    else:
        report.values[key] = value


def shown(template: LoadedTemplate, result: ValidationResult) -> dict[str, Any]:
    """What a screen shows of every row: its value and its findings."""
    return {
        key: (result.display(info), result.for_key(key))
        for key, info in template.indicators.items()
        if info.holds_value
    }


def same_as_full(template: LoadedTemplate, report: ReportData, got: ValidationResult) -> None:
    full = validate(template, report)
    assert got.findings == full.findings
    assert got.values == full.values
    assert got.derived == full.derived
    assert got.effective == full.effective
    assert got.by_part == full.by_part
    assert got.by_key == full.by_key
    assert got.narrative.issues == full.narrative.issues
    assert got.narrative.rendered == full.narrative.rendered
    assert got.narrative_rows == full.narrative_rows


@pytest.mark.parametrize("sample", SAMPLES)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_incremental_findings_equal_full_validation_after_any_edits(
    sample: str, data: st.DataObject
) -> None:
    original, _ = load_sample(sample)
    template = get_template(original.template_id)
    report = copy.deepcopy(original)
    keys = [k for k, info in template.indicators.items() if info.holds_value]
    result = validate(template, report)
    for _ in range(data.draw(st.integers(1, 12), label="edits")):
        key = data.draw(st.sampled_from(keys), label="row")
        value = data.draw(value_for(template.indicators[key], report.values.get(key)), "value")
        before = shown(template, result)
        edit(report, key, value)
        result, changed = revalidate_value(template, report, result, key)
        same_as_full(template, report, result)
        after = shown(template, result)
        moved = {k for k in after if after[k] != before[k]}
        assert moved <= changed, (key, value, moved - changed)


def test_a_value_re_runs_only_the_checks_that_read_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bình Lãng's BM1/2.1 (the plans issued) is read by its own checks and the few rows
    derived from it; the other ~100 rows' checks are not run again."""
    report, _ = load_sample()
    template = get_template(report.template_id)
    deps = dependencies(template)
    result = validate(template, report)
    ran: list[tuple[str, str]] = []
    from cchc_tui.domain import validation

    real = validation._Run.check

    def spy(self: Any, check: tuple[str, str], res: ValidationResult) -> Any:
        ran.append(check)
        return real(self, check, res)

    monkeypatch.setattr(validation._Run, "check", spy)
    report.values["BM1/2.1"] = 7
    new, changed = revalidate_value(template, report, result, "BM1/2.1")
    monkeypatch.undo()
    assert len(deps.order) > 100
    assert 0 < len(ran) < 15, ran
    assert "BM1/2.1" in changed and new.effective["BM1/2.1"] == 7
    same_as_full(template, report, new)
