"""A report's counts as the lists show them: share filled, errors, warnings, unexplained.

The home screen's report list (Đủ %, Lỗi, Cảnh báo) and the office's status (errors, warnings
without an explanation) show these four numbers for every report. They are computed from a
validation (:func:`ReportCounts.of`) when a change is committed and stored with it, in the same
transaction (``db.store``, table ``report_counts``), so a list is one light query: no report is
read or validated to show it (issue 11).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cchc_tui import __version__

if TYPE_CHECKING:  # types only: this module is read on the way to the first screen
    from cchc_tui.domain.report import ReportData
    from cchc_tui.domain.validation import ValidationResult

COUNTS_ENGINE = __version__
"""The app version that counted: counts stored by another version (whose checks may differ)
are counted again when a list needs them."""


@dataclass(frozen=True)
class ReportCounts:
    """The four numbers a list shows of one report (all ≥ 0)."""

    percent: int
    """Share of required items filled, 0–100 (``Completeness.percent`` of the whole report)."""
    errors: int
    """Findings that block sign-off."""
    warnings: int
    """Findings that need an explanation, explained or not."""
    unexplained: int
    """Warnings without an explanation yet (``domain.signoff.check_readiness``'s rule)."""

    @classmethod
    def of(cls, report: ReportData, result: ValidationResult) -> ReportCounts:
        """The counts of ``report`` given its validation ``result``."""
        errors = warnings = unexplained = 0
        for finding in result.findings:
            if finding.is_error:
                errors += 1
                continue
            warnings += 1
            if not report.explanations.get(finding.id, "").strip():
                unexplained += 1
        return cls(result.overall.percent, errors, warnings, unexplained)
