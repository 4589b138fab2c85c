"""Database tables (SQLModel on SQLite). Every table is STRICT, so a wrong type is refused.

STRICT tables accept only INTEGER, REAL, TEXT, BLOB and ANY column types, so strings are
declared ``Text`` (not VARCHAR) and dates are ISO ``TEXT``. The schema itself is created and
changed only by the Alembic migrations in ``cchc_tui/db/migrations``.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

STRICT = {"sqlite_strict": True}


def _text(nullable: bool = False, **kwargs: object) -> object:
    return Field(sa_column=Column(Text, nullable=nullable, **kwargs))  # type: ignore[arg-type]


class UnitRecord(SQLModel, table=True):
    """A reporting unit; ``code`` is the official administrative code (mã đơn vị hành chính)."""

    __tablename__ = "unit"
    __table_args__ = STRICT

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    code: str = _text(unique=True)  # type: ignore[assignment]
    name: str = _text()  # type: ignore[assignment]
    kind: str = _text()  # type: ignore[assignment]
    province: str = _text()  # type: ignore[assignment]
    district: str = _text()  # type: ignore[assignment]
    agency: str = _text()  # type: ignore[assignment]


class ReportRecord(SQLModel, table=True):
    """One revision of one report of a unit for a period."""

    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("unit_id", "template_id", "period_code", "revision"),
        STRICT,
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("unit.id"), nullable=False))
    template_id: str = _text()  # type: ignore[assignment]
    period_kind: str = _text()  # type: ignore[assignment]
    period_code: str = _text()  # type: ignore[assignment]
    period_start: str = _text()  # type: ignore[assignment]
    period_end: str = _text()  # type: ignore[assignment]
    status: str = _text()  # type: ignore[assignment]
    revision: int = Field(sa_column=Column(Integer, nullable=False))
    receiving_office: str = _text()  # type: ignore[assignment]
    number: str | None = _text(nullable=True)  # type: ignore[assignment]
    symbol: str = _text()  # type: ignore[assignment]
    place: str = _text()  # type: ignore[assignment]
    report_date: str | None = _text(nullable=True)  # type: ignore[assignment]
    title: str = _text()  # type: ignore[assignment]
    basis: str = _text()  # type: ignore[assignment]
    recipients: str = _text()  # type: ignore[assignment]
    """JSON list of strings ("Nơi nhận")."""
    sign_on_behalf: str = _text()  # type: ignore[assignment]
    sign_title: str = _text()  # type: ignore[assignment]
    sign_name: str = _text()  # type: ignore[assignment]
    created_at: str = _text()  # type: ignore[assignment]
    updated_at: str = _text()  # type: ignore[assignment]
    previous_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    """The earlier report this one was started from (its values show as "kỳ trước")."""
    signed_at: str | None = _text(nullable=True)  # type: ignore[assignment]
    """UTC ISO time of the sign-off; ``None`` while a draft."""
    reopened_from: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    """The signed revision this revision was reopened from."""
    reopen_reason: str | None = _text(nullable=True)  # type: ignore[assignment]
    closing: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """The closing sentence ("Trên đây là báo cáo…"); empty: the default is printed."""
    sign_authority: str = Field(
        default="", sa_column=Column(Text, nullable=False, server_default="")
    )
    """"", "KT.", "Q.", "TL." or "TUQ." before the signer's title (NĐ 30/2020)."""
    sign_principal_title: str = Field(
        default="", sa_column=Column(Text, nullable=False, server_default="")
    )
    """With "KT."/"TL."/"TUQ.": the title of the head signed for ("CHỦ TỊCH")."""


class ValueRecord(SQLModel, table=True):
    """A row value in canonical text ("45", "94.3"); for derived rows, the value as printed."""

    __tablename__ = "value"
    __table_args__ = STRICT

    report_id: int = Field(sa_column=Column(Integer, ForeignKey("report.id"), primary_key=True))
    row_key: str = Field(sa_column=Column(Text, primary_key=True))
    value: str | None = _text(nullable=True)  # type: ignore[assignment]


class NoteRecord(SQLModel, table=True):
    """The note (ghi chú) of a row."""

    __tablename__ = "note"
    __table_args__ = STRICT

    report_id: int = Field(sa_column=Column(Integer, ForeignKey("report.id"), primary_key=True))
    row_key: str = Field(sa_column=Column(Text, primary_key=True))
    text: str = _text()  # type: ignore[assignment]


class NarrativeRecord(SQLModel, table=True):
    """The text written under one narrative sub-heading."""

    __tablename__ = "narrative"
    __table_args__ = STRICT

    report_id: int = Field(sa_column=Column(Integer, ForeignKey("report.id"), primary_key=True))
    section_key: str = Field(sa_column=Column(Text, primary_key=True))
    text: str = _text()  # type: ignore[assignment]


class ExplanationRecord(SQLModel, table=True):
    """An officer's explanation of a warning, shown to the signer and the receiving office."""

    __tablename__ = "explanation"
    __table_args__ = STRICT

    report_id: int = Field(sa_column=Column(Integer, ForeignKey("report.id"), primary_key=True))
    finding_id: str = Field(sa_column=Column(Text, primary_key=True))
    text: str = _text()  # type: ignore[assignment]


class DocumentRecord(SQLModel, table=True):
    """A document listed in the appendix."""

    __tablename__ = "document"
    __table_args__ = STRICT

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    report_id: int = Field(sa_column=Column(Integer, ForeignKey("report.id"), nullable=False))
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    """Position as listed (printed order)."""
    doc_type: str = _text()  # type: ignore[assignment]
    number: str = _text()  # type: ignore[assignment]
    issued_on: str = _text()  # type: ignore[assignment]
    summary: str = _text()  # type: ignore[assignment]


class AuditRecord(SQLModel, table=True):
    """One change: what (entity and key), old and new value, when (UTC ISO) and who."""

    __tablename__ = "audit"
    __table_args__ = STRICT

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    report_id: int = Field(sa_column=Column(Integer, ForeignKey("report.id"), nullable=False))
    entity: str = _text()  # type: ignore[assignment]
    key: str = _text()  # type: ignore[assignment]
    old: str | None = _text(nullable=True)  # type: ignore[assignment]
    new: str | None = _text(nullable=True)  # type: ignore[assignment]
    at: str = _text()  # type: ignore[assignment]
    who: str = _text()  # type: ignore[assignment]
    hash: str | None = _text(nullable=True)  # type: ignore[assignment]
    """Chain hash over the report's previous row and this one (:mod:`cchc_tui.db.seal`)."""


class SealRecord(SQLModel, table=True):
    """The seal of a signed revision, made at sign-off (:mod:`cchc_tui.db.seal`)."""

    __tablename__ = "seal"
    __table_args__ = STRICT

    report_id: int = Field(sa_column=Column(Integer, ForeignKey("report.id"), primary_key=True))
    format: str = _text()  # type: ignore[assignment]
    content: str = _text()  # type: ignore[assignment]
    """The exact ``report.json`` text the bundle carries (UTF-8)."""
    content_sha256: str = _text()  # type: ignore[assignment]
    audit_id: int = Field(sa_column=Column(Integer, nullable=False))
    """The sign-off's audit row, the head of the chain the seal covers."""
    audit_hash: str = _text()  # type: ignore[assignment]
    public_key: str = _text()  # type: ignore[assignment]
    """The unit's raw Ed25519 public key, hex."""
    signature: str = _text()  # type: ignore[assignment]
    """Ed25519 signature over ``seal_message(content_sha256, audit_hash)``, hex."""
    sealed_at: str = _text()  # type: ignore[assignment]


class CountsRecord(SQLModel, table=True):
    """A report's counts as the lists show them (``domain.counts``), stored with each change.

    Valid while ``stamp`` equals the report's ``updated_at`` and ``engine`` is this app's
    version (:data:`~cchc_tui.domain.counts.COUNTS_ENGINE`); otherwise counted again.
    """

    __tablename__ = "report_counts"
    __table_args__ = STRICT

    report_id: int = Field(sa_column=Column(Integer, ForeignKey("report.id"), primary_key=True))
    stamp: str = _text()  # type: ignore[assignment]
    engine: str = _text()  # type: ignore[assignment]
    percent: int = Field(sa_column=Column(Integer, nullable=False))
    errors: int = Field(sa_column=Column(Integer, nullable=False))
    warnings: int = Field(sa_column=Column(Integer, nullable=False))
    unexplained: int = Field(sa_column=Column(Integer, nullable=False))
