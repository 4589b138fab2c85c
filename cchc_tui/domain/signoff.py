"""Readiness for sign-off: no errors, every warning explained, required rows and sections filled.

Required rows and sections that are empty are errors of the validation engine (``missing:``
and ``section:`` findings), so readiness is: no error findings, and an explanation for every
warning (explanations are kept by finding id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc_tui import messages as msg
from cchc_tui.base.errors import Refused
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.validation import Finding, ValidationResult


@dataclass(frozen=True)
class SignOffData:
    """What the sign-off dialog (or ``cchc signoff``) gives: who signs, the number and date."""

    signer_name: str
    signer_title: str
    """As printed under the signature: "CHỦ TỊCH" or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"."""
    report_date: date
    number: str | None = None
    """Number part of "Số: …/BC-UBND"; ``None`` keeps the one entered before."""


@dataclass
class Readiness:
    """Whether a report can be signed, and what is missing if not."""

    errors: list[Finding] = field(default_factory=list)
    unexplained: list[Finding] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        """True when nothing blocks the sign-off."""
        return not self.errors and not self.unexplained

    def lines(self) -> list[str]:
        """What is missing, one Vietnamese line each (errors first)."""
        return [msg.SIGN_ERROR_LINE.format(key=f.key, message=f.message) for f in self.errors] + [
            msg.SIGN_WARNING_LINE.format(key=f.key, message=f.message) for f in self.unexplained
        ]

    def summary(self) -> str:
        """The lines under a heading, for a message box or the command line."""
        lines = self.lines()
        return "\n".join([msg.SIGN_NOT_READY.format(count=len(lines)), *("- " + x for x in lines)])


def check_readiness(report: ReportData, result: ValidationResult) -> Readiness:
    """Readiness of ``report`` given its validation ``result``."""
    return Readiness(
        errors=list(result.errors),
        unexplained=[f for f in result.warnings if not report.explanations.get(f.id, "").strip()],
    )


class NotReady(Refused):
    """The report cannot be signed yet; ``readiness`` lists what is missing."""

    def __init__(self, readiness: Readiness) -> None:
        self.readiness = readiness
        super().__init__(readiness.summary())
