"""The report's official header ("Thông tin văn bản"): defaults from the template, and checks.

What the Word report prints above and below the narrative — number and symbol, place and date,
title (trích yếu), recipients ("Nơi nhận"), closing sentence and signature block — in the state
format of Nghị định 30/2020/NĐ-CP, Phụ lục I (Part I, II.3–II.9). Nothing here knows a
particular template: defaults come from the template's data and the report's period.

For the "Thông tin văn bản" screen and ``cchc report header``:

* defaults: :func:`default_title`, :func:`default_recipients`, :func:`default_closing`;
* what is printed when a field is empty: :func:`report_title`, :func:`report_recipients`,
  :func:`closing_sentence`, :func:`signature_lines`;
* checks, each returning a Vietnamese problem or ``None``: :func:`number_problem`,
  :func:`symbol_problem`, :func:`date_problem`; and :func:`header_problems` for the whole
  header before sign-off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cchc_tui import messages as msg
from cchc_tui.domain.documents import format_vn_date
from cchc_tui.domain.report import Period, ReportData, ReportingUnit, Signature
from cchc_tui.template.model import Severity, Template

SIGN_AUTHORITIES = ("", "KT.", "Q.", "TL.", "TUQ.")
"""Marks before the signer's title (NĐ 30/2020, Phụ lục I, II.7): none (the head signs), ký
thay, quyền, thừa lệnh, thừa ủy quyền. "TM." (thay mặt) belongs to ``Signature.on_behalf``."""
DELEGATED = frozenset({"KT.", "TL.", "TUQ."})
"""Marks printed on their own line before the head's title, the signer's title below."""
REPORT_SYMBOL_KIND = "BC"
"""Abbreviation of "Báo cáo" (NĐ 30/2020, Phụ lục III): the first group of the symbol."""
_QUARTER = re.compile(r"q(?:uy)?[-_]?([1-4])", re.IGNORECASE)
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_NUMBER = re.compile(r"^[0-9]+$")
_SYMBOL = re.compile(r"^[A-Z\u0110]+(?:-[A-Z\u01100-9]+)*$")  # \u0110 is Đ (QĐ-UBND)
_STORAGE = re.compile(rf"^\s*{re.escape(msg.RECIPIENT_STORAGE_WORD)}\b", re.IGNORECASE)


def period_label(period: Period) -> str:
    """The period as named in a sentence: "năm 2023", "6 tháng năm 2024", "quý II năm 2024"."""
    pattern = msg.EXP_PERIOD_LABELS.get(period.kind)
    if pattern is None:
        return msg.EXP_PERIOD_FALLBACK.format(code=period.code)
    match = _QUARTER.search(period.code)
    quarter = _ROMAN[match.group(1)] if match else ""
    return " ".join(pattern.format(year=period.end.year, quarter=quarter).split())


def unit_in_sentence(unit: ReportingUnit) -> str:
    """ "xã <tên>": the unit as written inside a sentence."""
    kind = msg.EXP_UNIT_KIND_LOWER.get(unit.kind, "")
    return f"{kind} {unit.name}".strip()


def agency_short(unit: ReportingUnit) -> str:
    """ "UBND xã <tên>": the issuing agency as named in a sentence (seed 001's appendices)."""
    return msg.EXP_AGENCY_SHORT.format(unit=unit_in_sentence(unit))


def agency_full(unit: ReportingUnit) -> str:
    """ "Ủy ban nhân dân xã <tên>": the agency as recorded, or built from the unit."""
    return unit.agency.strip() or msg.HEADER_AGENCY_FULL.format(unit=unit_in_sentence(unit))


def _lower_first(text: str) -> str:
    """``text`` with its first letter lowered, unless it starts an acronym ("CCHC")."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def default_title(template: Template, period: Period) -> str:
    """The trích yếu printed under "BÁO CÁO": the template's title with the period.

    The kind of document is printed on its own line above (NĐ 30/2020, Phụ lục I, II.5), so a
    leading "Báo cáo" is dropped: "Báo cáo kết quả thực hiện công tác cải cách hành chính" with
    the year 2023 gives "Kết quả thực hiện công tác cải cách hành chính năm 2023" (as seed 001
    prints it). Where the title already names the period at the end of a clause ("… 9 tháng;
    phương hướng, nhiệm vụ 3 tháng cuối năm"), the year is put after that name, and after a
    final "năm" (seed 004: "… 9 tháng năm 2023; … 3 tháng cuối năm 2023"); a title ending in
    "năm" ("… 6 tháng đầu năm") gets the year; any other title gets the period appended.
    """
    title = " ".join(template.title.split())
    kind = msg.DOCX_KIND.casefold() + " "
    if title.casefold().startswith(kind):
        title = title[len(kind) :]
    title = title[:1].upper() + title[1:]
    label = period_label(period)
    year = str(period.end.year)
    if year in title:
        return title
    year_words = msg.HEADER_YEAR.format(year=year)
    bare = label.removesuffix(" " + year_words)
    placed = False
    if bare != label:
        # the period's name ending a clause ("… 9 tháng; …"), not "6 tháng đầu năm"
        pattern = re.compile(rf"(?<!\w){re.escape(bare)}(?=\s*[;,.]|$)")
        title, count = pattern.subn(label, title, count=1)
        placed = count == 1
    year_word = year_words.removesuffix(" " + year)
    if title.endswith(" " + year_word):
        return f"{title} {year}"
    return title if placed else f"{title} {label}"


def document_title(report: ReportData, template: Template) -> str:
    """The whole title, for the file's properties: "Báo cáo kết quả thực hiện … năm 2023"."""
    kind = msg.DOCX_KIND.capitalize()
    return f"{kind} {_lower_first(report_title(report, template))}"


def report_title(report: ReportData, template: Template) -> str:
    """The title as printed: the report's own, else :func:`default_title`."""
    return report.header.title.strip() or default_title(template, report.period)


def default_recipients(receiving_office: str) -> list[str]:
    """ "Nơi nhận" of a new report: the receiving office, then "Lưu: VT" (NĐ 30/2020, Phụ
    lục I, II.9: the last line is "Lưu" and the archive, VT = văn thư)."""
    office = receiving_office.strip()
    return [office, msg.HEADER_STORAGE] if office else [msg.HEADER_STORAGE]


def report_recipients(report: ReportData) -> list[str]:
    """Recipients as printed: the report's list, else :func:`default_recipients`."""
    names = [n.strip().rstrip(";.").strip() for n in report.recipients]
    names = [n for n in names if n]
    return names or default_recipients(report.receiving_office)


def default_closing(title: str, unit: ReportingUnit, receiving_office: str = "") -> str:
    """ "Trên đây là báo cáo <title> của UBND xã <tên>[, báo cáo <office> theo dõi, chỉ
    đạo]./." — the closing sentence of seeds 001, 002 and 004."""
    text = _lower_first(title.strip().rstrip("."))
    agency = agency_short(unit)
    office = receiving_office.strip()
    if office:
        return msg.HEADER_CLOSING_TO.format(title=text, agency=agency, office=office)
    return msg.HEADER_CLOSING.format(title=text, agency=agency)


def closing_sentence(report: ReportData, template: Template) -> str:
    """The closing sentence as printed: ``header.closing``, else the narrative's ``closing``
    text (reports made before the header had the field), else :func:`default_closing`."""
    own = report.header.closing.strip() or report.narrative.get("closing", "").strip()
    if own:
        return own
    return default_closing(report_title(report, template), report.unit, report.receiving_office)


def signature_lines(signature: Signature) -> list[str]:
    """The lines above the signature space, upper case (NĐ 30/2020, Phụ lục I, II.7).

    ``TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH``; with "KT.": ``TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH /
    PHÓ CHỦ TỊCH``; with "Q.": ``TM. ỦY BAN NHÂN DÂN / Q. CHỦ TỊCH``. The name goes below.
    """
    lines = [signature.on_behalf.strip()]
    authority = signature.authority.strip()
    title = signature.title.strip()
    if authority in DELEGATED:
        lines += [f"{authority} {signature.principal_title.strip()}", title]
    elif authority:
        lines.append(f"{authority} {title}")
    else:
        lines.append(title)
    return [line.upper() for line in lines if line.strip()]


# --- checks ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class HeaderProblem:
    """One problem of the header: the field it is in, what is wrong (Vietnamese), severity.

    ``field`` is one of ``number``, ``symbol``, ``place``, ``date``, ``title``, ``recipients``,
    ``signature.name``, ``signature.title``, ``signature.authority``,
    ``signature.principal_title``. Errors block sign-off; warnings are advice.
    """

    field: str
    message: str
    severity: Severity = Severity.ERROR


def number_problem(number: str | None) -> str | None:
    """The document number ("Số"), or ``None`` while the văn thư has not given one.

    NĐ 30/2020, Phụ lục I, II.3: Arabic digits, the year's running number from 01; a number
    below 10 is written with a leading 0 ("05"). Seed 001 was signed with the number blank.
    """
    if number is None or not number.strip():
        return None
    text = number.strip()
    if not _NUMBER.match(text):
        return msg.HEADER_NUMBER_DIGITS.format(number=text)
    if int(text) == 0:
        return msg.HEADER_NUMBER_ZERO
    if int(text) < 10 and len(text) < 2:
        return msg.HEADER_NUMBER_LEADING_ZERO.format(number=text, padded=f"{int(text):02d}")
    return None


def symbol_problem(symbol: str) -> str | None:
    """The symbol after the "/" ("BC-UBND").

    NĐ 30/2020, Phụ lục I, II.3: capital letters, the kind of document first ("BC" for a report,
    Phụ lục III), then the issuing agency ("UBND"), groups joined by "-" with no spaces.
    """
    text = symbol.strip()
    if not text:
        return msg.HEADER_SYMBOL_EMPTY
    if any(ch.isspace() for ch in text):
        return msg.HEADER_SYMBOL_SPACES.format(symbol=text, fixed="".join(text.split()))
    if text != text.upper():
        return msg.HEADER_SYMBOL_UPPER.format(symbol=text, fixed=text.upper())
    if not _SYMBOL.match(text):
        return msg.HEADER_SYMBOL_FORM.format(symbol=text)
    if text.split("-")[0] != REPORT_SYMBOL_KIND:
        return msg.HEADER_SYMBOL_KIND.format(symbol=text, kind=REPORT_SYMBOL_KIND)
    return None


def date_problem(when: date | None, period: Period) -> str | None:
    """The report's date: given, and inside the period or after it (never before its start;
    seed 004 is dated 31/8/2023 inside a period ending 01/9/2023)."""
    if when is None:
        return msg.HEADER_DATE_EMPTY
    if when < period.start:
        return msg.HEADER_DATE_BEFORE.format(
            date=format_vn_date(when), start=format_vn_date(period.start)
        )
    return None


def header_problems(report: ReportData) -> list[HeaderProblem]:
    """Every problem of the header, in the order of the screen's fields.

    Required before sign-off (errors): symbol, place, date, title, recipients, the signer's
    name and title, and with "KT."/"TL."/"TUQ." the head's title; the number is optional (the
    văn thư numbers the report when it is issued) but checked when given. Advice (warnings):
    the last recipient is not the "Lưu: VT" line.
    """
    header = report.header
    problems: list[HeaderProblem] = []

    def add(field: str, message: str | None, severity: Severity = Severity.ERROR) -> None:
        if message:
            problems.append(HeaderProblem(field, message, severity))

    add("number", number_problem(header.number))
    add("symbol", symbol_problem(header.symbol))
    add("place", None if header.place.strip() else msg.HEADER_PLACE_EMPTY)
    add("date", date_problem(header.date, report.period))
    add("title", None if header.title.strip() else msg.HEADER_TITLE_EMPTY)
    names = [n for n in report.recipients if n.strip()]
    if not names:
        add("recipients", msg.HEADER_RECIPIENTS_EMPTY)
    elif not _STORAGE.match(names[-1]):
        add("recipients", msg.HEADER_RECIPIENTS_STORAGE, Severity.WARNING)
    signature = report.signature
    add("signature.name", None if signature.name.strip() else msg.HEADER_SIGNER_EMPTY)
    add("signature.title", None if signature.title.strip() else msg.HEADER_SIGNER_TITLE_EMPTY)
    authority = signature.authority.strip()
    if authority not in SIGN_AUTHORITIES:
        choices = ", ".join(a for a in SIGN_AUTHORITIES if a)
        add(
            "signature.authority",
            msg.HEADER_AUTHORITY_UNKNOWN.format(mark=authority, choices=choices),
        )
    elif authority in DELEGATED and not signature.principal_title.strip():
        add("signature.principal_title", msg.HEADER_PRINCIPAL_EMPTY.format(mark=authority))
    return problems
