"""Readiness for sign-off: no errors, every warning explained, required rows and sections
filled, and a header fit for the state format.

Required rows and sections that are empty are errors of the validation engine (``missing:``
and ``section:`` findings); the document's header (number and symbol, place and date, title,
"Nơi nhận", signer) is checked by :func:`cchc_tui.domain.header.header_problems` (Nghị định
30/2020/NĐ-CP). Readiness is: no error finding, an explanation for every warning (kept by
finding id), and no header error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc_tui import messages as msg
from cchc_tui.base.errors import Refused
from cchc_tui.domain.header import HeaderProblem, header_problems
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.validation import Finding, ValidationResult
from cchc_tui.template.model import Severity

SIGNOFF_FIELDS = frozenset({"number", "date", "signature.name", "signature.title"})
"""Header fields the sign-off dialog (and ``cchc signoff``) asks for itself: while they are
empty the dialog still opens; the sign-off checks them with the dialog's values applied."""


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
    header: list[HeaderProblem] = field(default_factory=list)
    """Errors of the document's header (warnings there are advice, they do not block)."""
    conflicts: list[str] = field(default_factory=list)
    """Officers' contributions not yet decided: "BM3/3.3.1 (Nguyễn Văn A)", one per conflict
    (issue 16: nothing of theirs is overwritten silently, not even by signing)."""

    @property
    def ready(self) -> bool:
        """True when nothing blocks the sign-off."""
        return not self.errors and not self.unexplained and not self.header and not self.conflicts

    def lines(self) -> list[str]:
        """What is missing, one Vietnamese line each (header first, then errors, warnings)."""
        return (
            [msg.SIGN_HEADER_LINE.format(message=p.message) for p in self.header]
            + [msg.SIGN_ERROR_LINE.format(key=f.key, message=f.message) for f in self.errors]
            + [msg.SIGN_WARNING_LINE.format(key=f.key, message=f.message) for f in self.unexplained]
            + [msg.SIGN_CONFLICT_LINE.format(conflict=c) for c in self.conflicts]
        )

    def summary(self) -> str:
        """The lines under a heading, for a message box or the command line."""
        lines = self.lines()
        return "\n".join([msg.SIGN_NOT_READY.format(count=len(lines)), *("- " + x for x in lines)])


def check_readiness(
    report: ReportData, result: ValidationResult, supplied: frozenset[str] = frozenset()
) -> Readiness:
    """Readiness of ``report`` given its validation ``result``.

    Args:
        supplied: header fields the caller will give before signing (:data:`SIGNOFF_FIELDS`
            for the sign-off dialog), not counted while empty.
    """
    header = [
        p
        for p in header_problems(report)
        if p.severity is Severity.ERROR and p.field not in supplied
    ]
    return Readiness(
        errors=list(result.errors),
        unexplained=[f for f in result.warnings if not report.explanations.get(f.id, "").strip()],
        header=header,
    )


class NotReady(Refused):
    """The report cannot be signed yet; ``readiness`` lists what is missing."""

    def __init__(self, readiness: Readiness) -> None:
        self.readiness = readiness
        super().__init__(readiness.summary())
