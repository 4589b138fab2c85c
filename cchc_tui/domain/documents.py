"""Documents of the appendix as an officer enters them: dates and number/symbol checks.

Dates are written dd/mm/yyyy, often without leading zeros ("07/3/2023"), as in the seeds.
A number/symbol looks like ``24/KH-UBND``, ``26a/QĐ-UBND`` or ``28/2016/QĐ-UBND``
(Nghị định 30/2020/NĐ-CP, Phụ lục I); a bare number is accepted with a warning by validation.
"""

from __future__ import annotations

import re
from datetime import date

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.text import nfc
from cchc_tui.domain.report import Document

DOC_NUMBER = re.compile(
    r"^(?P<num>\d+)(?P<suffix>[a-z]?)(?:/(?P<year>\d{4}))?"
    r"(?:/(?P<symbol>[A-Z\u0110]+(?:-[A-Z\u01100-9]+)*))?$"  # \u0110 is Đ (QĐ, ĐU)
)
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class DocumentError(InvalidInput):
    """A document field is not valid; ``field`` names it, ``str(err)`` is Vietnamese."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def parse_vn_date(text: str) -> date:
    """Parse "07/3/2023" or "07/03/2023" into a date.

    Raises:
        DocumentError: not in day/month/year form, or no such day.
    """
    text = text.strip()
    match = _DATE.match(text)
    if match is None:
        raise DocumentError("date", msg.DATE_BAD.format(text=text))
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DocumentError("date", msg.DATE_IMPOSSIBLE.format(text=text)) from None


def format_vn_date(value: date) -> str:
    """``date(2023, 3, 7)`` → ``"07/03/2023"``."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def normalize_number(text: str) -> str:
    """Remove the spaces officers type around "/" and "-": "24/KH - UBND" → "24/KH-UBND"."""
    return re.sub(r"\s*([/-])\s*", r"\1", nfc(text).strip()).upper()


def make_document(doc_type: str, number: str, date_text: str, summary: str) -> Document:
    """Build a document from the editor's fields, checking each.

    Raises:
        DocumentError: with the field name and a Vietnamese message.
    """
    doc_type = nfc(doc_type).strip()
    if not doc_type:
        raise DocumentError("type", msg.DOC_TYPE_EMPTY)
    number = normalize_number(number)
    if DOC_NUMBER.match(number) is None:
        raise DocumentError("number", msg.FIND_DOC_BAD_NUMBER.format(number=number))
    issued = parse_vn_date(date_text)
    summary = nfc(summary).strip()
    if not summary:
        raise DocumentError("summary", msg.DOC_SUMMARY_EMPTY)
    return Document(type=doc_type, number=number, date=issued, summary=summary)
