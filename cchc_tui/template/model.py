"""Typed model of a report template (biểu mẫu báo cáo), as loaded from versioned YAML data.

A template is data, never code: the province, the year, the narrative sections with their
sub-headings, the statistical forms (Biểu mẫu) with their indicator rows (chỉ tiêu), the
rules between rows and the documents appendix. The structure follows the printed Hải Dương
2023 report (shared/seeds/001) and is general enough for the other seeds (002–004).

Indicator keys are ``BM<n>/<STT without trailing dot>`` (``BM3/3.3.1``); where the printed STT is
missing or repeated the template gives ``key`` explicitly and keeps ``stt`` for display.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from cchc_tui.base.ids import FormKey


class RowKind(StrEnum):
    """What a row's value is; decides parsing, range checks and formatting."""

    COUNT = "count"
    """Non-negative whole number (Văn bản, Hồ sơ, Người, Phiếu…)."""
    DECIMAL = "decimal"
    """Non-negative decimal number without a fixed unit."""
    PERCENT = "percent"
    """Percentage 0–100 (Tỷ lệ, %)."""
    MONEY = "money"
    """Amount of money in triệu đồng (million VND), non-negative decimal."""
    CODE = "code"
    """Coded answer from the row's ``codes`` list (e.g. Chưa = 0; Hoàn thành = 1)."""
    TEXT = "text"
    """Free text."""
    HEADING = "heading"
    """Group heading only: holds no value."""


NUMERIC_KINDS = frozenset({RowKind.COUNT, RowKind.DECIMAL, RowKind.PERCENT, RowKind.MONEY})


class Severity(StrEnum):
    """How serious a finding is: errors block sign-off, warnings need an explanation."""

    ERROR = "error"
    WARNING = "warning"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    """One indicator row (chỉ tiêu) of a form, possibly with child rows.

    ``derive`` is an expression in the rule language (see ``cchc_tui.base.rules``):
    ``ratio({2.2}, {2.1})``, ``sum_children()``, ``{1.4}``. A derived row is never typed by
    an officer; a value given for it on import is kept "as printed" and compared.
    """

    key: str | None = None
    """Stable key; defaults to ``BM<n>/<stt without trailing dot>``."""
    stt: str = ""
    """STT as printed ("3.3.1."); may be empty."""
    label: str
    """Indicator text as printed."""
    hint: str = ""
    """Printed explanation after the label, e.g. "(Lũy kế đến thời điểm báo cáo)"."""
    unit_of_measure: str = ""
    """Unit of measure as printed (đơn vị tính): "Văn bản", "%", "Triệu đồng", or the code
    legend."""
    kind: RowKind = RowKind.COUNT
    group: bool = False
    """Printed bold: a group or total row."""
    codes: dict[int, str] = Field(default_factory=dict)
    """For ``kind: code``: code → label, e.g. {0: "Chưa", 1: "Hoàn thành"}."""
    none_code: int | None = None
    """For code rows: the code that means "no/none"; then every child row must be empty."""
    derive: str | None = None
    """Expression giving the value from other rows; makes the row read-only."""
    at_most: str | None = None
    """Expression this row's value may not exceed (part ≤ whole, done ≤ assigned)."""
    at_most_severity: Severity = Severity.ERROR
    children_sum: Severity | None = None
    """If set, the numeric child rows must add up to this row ("Trong đó: Tại cấp huyện /
    Tại cấp xã", seed 004); a difference is a finding of this severity."""
    evidence: bool = False
    """For text rows: the value lists document numbers (tài liệu kiểm chứng, seed 003),
    separated by ";" or ","; each must be in the documents appendix."""
    required: bool | None = None
    """Whether an empty value is a completeness error; default: true for value rows."""
    decimals: int | None = None
    """Decimals shown for percent/decimal/money rows; default from the template rounding."""
    minimum: float | None = None
    maximum: float | None = None
    narrative: list[str] = Field(default_factory=list)
    """Cues: how the narrative names this row in prose, with the figure's place marked
    (``"ban hành {n} văn bản chỉ đạo"``; grammar in ``cchc_tui.base.cues``). The narrative
    checks compare a figure found by a cue with the row's value."""
    children: list[Indicator] = Field(default_factory=list)


class Rule(_Strict):
    """A cross-row rule of a form, written in the rule language and evaluated safely."""

    key: str
    """Stable id of the rule, e.g. ``BM1/R1``."""
    check: str
    """Boolean expression that must hold, e.g. ``{4.2} + {4.3} + {4.4} <= {4.1}``."""
    rows: list[str]
    """Indicator STTs or keys the finding is shown on (the first is where Enter jumps)."""
    severity: Severity = Severity.ERROR
    message: str
    """Vietnamese message for the officer; ``{expected}`` and ``{actual}`` may be used."""
    expected: str | None = None
    """Optional expression for the value the first row should have."""


class Form(_Strict):
    """A statistical form (Biểu mẫu n) with its rows and rules."""

    number: int
    title: str
    area: str = ""
    """Reform area (lĩnh vực) this form belongs to; links it to a narrative section."""
    rows: list[Indicator]
    rules: list[Rule] = Field(default_factory=list)

    @property
    def key(self) -> FormKey:
        """The form's key, ``BM<n>``."""
        return FormKey.of(self.number)


class Subheading(_Strict):
    """A recurring sub-heading of a narrative section: one text area each."""

    key: str
    title: str
    guidance: str = ""
    """What to write here, shown beside the text area."""
    required: bool = True


class Section(_Strict):
    """A narrative section of the report (e.g. "3. Cải cách thủ tục hành chính")."""

    key: str
    number: str = ""
    """Heading number as printed, e.g. "I.3" or "II.1"."""
    title: str
    part: str = ""
    """The part (phần) the section belongs to, e.g. "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CCHC"."""
    area: str = ""
    subheadings: list[Subheading]


class DocumentType(_Strict):
    """A kind of issued document and the symbol part it carries (KH, QĐ, TB, UBND…)."""

    name: str
    symbols: list[str] = Field(default_factory=list)


class Appendix(_Strict):
    """The appendix listing documents issued in the period."""

    title: str
    document_types: list[DocumentType]
    count_row: str | None = None
    """Indicator key whose value should equal the number of documents listed (e.g. ``BM1/1``)."""


class RowCarry(_Strict):
    """How the value of a row of an earlier version of the template reaches this version."""

    old: str
    """The row's key in the earlier version, e.g. ``BM3/3.2``."""
    new: list[str] = Field(default_factory=list)
    """Its key(s) in this version: one when renamed or moved, several when split (the value
    cannot be divided: nothing is carried and the officer is told), none when dropped. Rows of
    the same key in both versions need no entry; several ``old`` rows with the same single
    ``new`` row are added up (merged rows)."""


class SectionCarry(_Strict):
    """How the text of a narrative sub-heading of an earlier version reaches this version."""

    old: str
    new: str = ""
    """The sub-heading's key in this version; empty when the sub-heading was dropped."""


class CarryOver(_Strict):
    """The mapping section of a newer template version: renamed, split or dropped rows and
    sub-headings, so that the next period's "Kỳ trước" and narrative follow them."""

    rows: list[RowCarry] = Field(default_factory=list)
    sections: list[SectionCarry] = Field(default_factory=list)


class Rounding(_Strict):
    """The one rounding rule applied to every derived value: half-up to ``decimals``."""

    decimals: Annotated[int, Field(ge=0, le=6)] = 2


class Template(_Strict):
    """A versioned report template, e.g. ``hai-duong/xa/cchc-nam@2023``."""

    id: str
    """Template family, e.g. ``hai-duong/xa/cchc-nam``."""
    version: str
    title: str
    province: str
    period_kinds: list[str]
    """Kinds of period served: quy, 6thang, 9thang, nam."""
    unit_kinds: list[str]
    """Kinds of reporting unit served: xa, phuong, thi_tran."""
    receiving_office: str
    """Default receiving office (đơn vị nhận báo cáo), editable per report."""
    source: str = ""
    """Where this template's structure comes from (seed, decision, instruction)."""
    rounding: Rounding = Rounding()
    sections: list[Section]
    forms: list[Form]
    appendix: Appendix | None = None
    carry_over: CarryOver = CarryOver()
    """How a report made with an earlier version carries into this one (next period)."""

    @property
    def full_id(self) -> str:
        """``<id>@<version>``, the id stored with every report."""
        return f"{self.id}@{self.version}"
