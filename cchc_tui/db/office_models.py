"""Tables of the receiving office (Sở Nội vụ): registered unit keys and received bundles.

Same conventions as :mod:`cchc_tui.db.models`: STRICT on SQLite, strings ``Text``, times as UTC
ISO text. The schema is created by the Alembic migration ``0004_office``; the two partial unique
indexes below are declared there too:

* one active key per unit (``office_key.replaced_at IS NULL``);
* one current revision per unit, template and period (``received_bundle.state = 'current'``),
  so that two importers racing on PostgreSQL cannot both make their revision current.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, Text, text
from sqlmodel import Field, SQLModel

from cchc_tui.db.models import STRICT

CURRENT = "current"
"""Verified, imported, and the newest revision of its unit, template and period."""
SUPERSEDED = "superseded"
"""Verified and imported, but a newer revision has been imported since (kept, not counted)."""
HELD = "held"
"""Valid signature, but the key is not the unit's registered key: "chưa xác thực". Nothing of
the report is stored; it is never counted until a key is registered and it is re-imported."""
STATES = (CURRENT, SUPERSEDED, HELD)


def _text(nullable: bool = False, **kwargs: object) -> object:
    return Field(sa_column=Column(Text, nullable=nullable, **kwargs))  # type: ignore[arg-type]


class OfficeKeyRecord(SQLModel, table=True):
    """A unit's registered public key. A replaced key keeps its row with ``replaced_at`` set."""

    __tablename__ = "office_key"
    __table_args__ = (
        Index(
            "uq_office_key_active",
            "unit_code",
            unique=True,
            sqlite_where=text("replaced_at IS NULL"),
            postgresql_where=text("replaced_at IS NULL"),
        ),
        STRICT,
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    unit_code: str = _text()  # type: ignore[assignment]
    unit_name: str = _text()  # type: ignore[assignment]
    """Name given when registering ("" if none); bundles bring the name too."""
    public_key: str = _text()  # type: ignore[assignment]
    """SubjectPublicKeyInfo PEM of the Ed25519 key."""
    fingerprint: str = _text()  # type: ignore[assignment]
    added_at: str = _text()  # type: ignore[assignment]
    replaced_at: str | None = _text(nullable=True)  # type: ignore[assignment]


class ReceivedBundleRecord(SQLModel, table=True):
    """One bundle file the office received and kept (imported or held), by its SHA-256."""

    __tablename__ = "received_bundle"
    __table_args__ = (
        CheckConstraint("state IN ('current', 'superseded', 'held')", name="ck_received_state"),
        Index("ix_received_unit_period", "period_code", "unit_code", "template_id"),
        Index(
            "uq_received_current",
            "unit_code",
            "template_id",
            "period_code",
            unique=True,
            sqlite_where=text("state = 'current'"),
            postgresql_where=text("state = 'current'"),
        ),
        STRICT,
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    sha256: str = _text(unique=True)  # type: ignore[assignment]
    """SHA-256 of the whole file (lowercase hex)."""
    file_name: str = _text()  # type: ignore[assignment]
    unit_code: str = _text()  # type: ignore[assignment]
    unit_name: str = _text()  # type: ignore[assignment]
    period_code: str = _text()  # type: ignore[assignment]
    template_id: str = _text()  # type: ignore[assignment]
    revision: int = Field(sa_column=Column(Integer, nullable=False))
    report_sha256: str = _text()  # type: ignore[assignment]
    """SHA-256 of ``report.json`` (from the manifest): the same signed report re-exported has
    another file hash but the same report hash."""
    fingerprint: str = _text()  # type: ignore[assignment]
    """Fingerprint of the key that signed the bundle."""
    signer_name: str = _text()  # type: ignore[assignment]
    signer_title: str = _text()  # type: ignore[assignment]
    signed_at: str = _text()  # type: ignore[assignment]
    state: str = _text()  # type: ignore[assignment]
    note: str | None = _text(nullable=True)  # type: ignore[assignment]
    """Why a bundle is held (Vietnamese)."""
    received_at: str = _text()  # type: ignore[assignment]
    updated_at: str = _text()  # type: ignore[assignment]
    report_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("report.id"), nullable=True)
    )
    """The stored report; ``None`` while held."""


class ExplainedFindingRecord(SQLModel, table=True):
    """The message of a finding a received report explains, as the office's validation gave it
    at import (``engine``: the app version), for the consolidation's notes sheet."""

    __tablename__ = "explained_finding"
    __table_args__ = STRICT

    report_id: int = Field(sa_column=Column(Integer, ForeignKey("report.id"), primary_key=True))
    finding_id: str = Field(sa_column=Column(Text, primary_key=True))
    engine: str = _text()  # type: ignore[assignment]
    message: str = _text()  # type: ignore[assignment]
