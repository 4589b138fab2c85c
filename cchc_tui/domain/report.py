"""Plain report data, shared by the store, the validation engine, interchange and the screens.

These classes hold no database session and import no Textual: the db layer converts its tables
to them (``cchc_tui.db.convert``), screens and exports read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from cchc_tui import messages as msg

CellValue = Decimal | int | str | None
"""A row value: ``int`` for counts and codes, ``Decimal`` for percent/decimal/money, ``str``
for text rows, ``None`` when empty."""


class ReportStatus(StrEnum):
    """Where a report (one revision) is in its life: entered, then signed and read-only."""

    DRAFT = "draft"
    """Being entered; every confirmed change is saved at once."""
    SIGNED = "signed"
    """Signed off by the chairman: locked; a change needs a new revision (reopen)."""


@dataclass
class ReportingUnit:
    """A reporting unit (đơn vị): a commune, ward or town.

    ``code`` is the official administrative code (mã đơn vị hành chính) when known.
    """

    code: str
    name: str
    kind: str
    """xa, phuong or thi_tran."""
    province: str
    district: str = ""
    agency: str = ""
    """Issuing agency as printed, e.g. "Ủy ban nhân dân xã Bình Lãng"."""

    @property
    def display_name(self) -> str:
        """ "Xã Bình Lãng"-style name."""
        return f"{msg.UNIT_KIND_LABELS.get(self.kind, '')} {self.name}".strip()


@dataclass
class Period:
    """A reporting period (kỳ báo cáo) with explicit dates (seed 004: 05/11/2022–01/9/2023)."""

    kind: str
    """quy, 6thang, 9thang or nam."""
    code: str
    """Short code such as ``2023-nam`` or ``2023-9thang``."""
    start: date
    end: date


@dataclass
class Header:
    """The report's header: number, place and date line, title, the instruction it answers."""

    number: str | None = None
    """Number part of "Số: 101/BC-UBND"; ``None`` until issued."""
    symbol: str = "BC-UBND"
    place: str = ""
    date: date | None = None
    title: str = ""
    """Trích yếu printed under "BÁO CÁO"; ``domain.header.default_title`` when empty."""
    basis: str = ""
    closing: str = ""
    """Closing sentence ("Trên đây là báo cáo…"); when empty, the narrative's ``closing`` text
    (where reports made before this field kept it), else ``domain.header.default_closing``."""


@dataclass
class Signature:
    """Signature block as printed: "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / <name>".

    Nghị định 30/2020/NĐ-CP, Phụ lục I: "TM." before the collective body, "KT." when a deputy
    signs for the head ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), "Q." for an acting head ("Q. CHỦ TỊCH").
    ``domain.header.signature_lines`` gives the printed lines.
    """

    on_behalf: str = msg.SIGN_ON_BEHALF_DEFAULT
    title: str = msg.SIGNER_TITLE_DEFAULT
    """The signer's own title ("CHỦ TỊCH", or "PHÓ CHỦ TỊCH" when signing "KT.")."""
    name: str = ""
    authority: str = ""
    """"" (the head signs), "KT." (ký thay), "Q." (quyền), "TL." or "TUQ."."""
    principal_title: str = ""
    """With "KT.", "TL." or "TUQ.": the title of the head signed for ("CHỦ TỊCH")."""


@dataclass
class Document:
    """An issued document listed in the appendix."""

    type: str
    """Kế hoạch, Quyết định, Thông báo, Công văn…"""
    number: str
    """Number/symbol such as ``24/KH-UBND`` (or a bare number when none was printed)."""
    date: date
    summary: str


@dataclass
class ReportData:
    """A whole report: header, narrative, form values, notes, documents, sign-off block."""

    template_id: str
    unit: ReportingUnit
    period: Period
    receiving_office: str
    header: Header = field(default_factory=Header)
    narrative: dict[str, str] = field(default_factory=dict)
    """Text by sub-heading key (``I.3.2``)."""
    values: dict[str, CellValue] = field(default_factory=dict)
    """Value by row key (``BM3/3.3.1``); for derived rows, the value as printed."""
    notes: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    """Explanation of a warning, by finding id."""
    documents: list[Document] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)
