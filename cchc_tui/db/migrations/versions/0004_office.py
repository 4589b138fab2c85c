"""Receiving office: registered unit keys and received bundles.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STRICT = {"sqlite_strict": True}


def _text(name: str, nullable: bool = False, **kwargs: object) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=nullable, **kwargs)  # type: ignore[arg-type]


def upgrade() -> None:
    op.create_table(
        "office_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("unit_code"),
        _text("unit_name"),
        _text("public_key"),
        _text("fingerprint"),
        _text("added_at"),
        _text("replaced_at", nullable=True),
        **STRICT,
    )
    op.create_index(
        "uq_office_key_active",
        "office_key",
        ["unit_code"],
        unique=True,
        sqlite_where=sa.text("replaced_at IS NULL"),
        postgresql_where=sa.text("replaced_at IS NULL"),
    )
    op.create_table(
        "received_bundle",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("sha256"),
        _text("file_name"),
        _text("unit_code"),
        _text("unit_name"),
        _text("period_code"),
        _text("template_id"),
        sa.Column("revision", sa.Integer(), nullable=False),
        _text("report_sha256"),
        _text("fingerprint"),
        _text("signer_name"),
        _text("signer_title"),
        _text("signed_at"),
        _text("state"),
        _text("note", nullable=True),
        _text("received_at"),
        _text("updated_at"),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), nullable=True),
        sa.UniqueConstraint("sha256"),
        sa.CheckConstraint("state IN ('current', 'superseded', 'held')", name="ck_received_state"),
        **STRICT,
    )
    op.create_index(
        "ix_received_unit_period",
        "received_bundle",
        ["period_code", "unit_code", "template_id"],
    )
    op.create_index(
        "uq_received_current",
        "received_bundle",
        ["unit_code", "template_id", "period_code"],
        unique=True,
        sqlite_where=sa.text("state = 'current'"),
        postgresql_where=sa.text("state = 'current'"),
    )


def downgrade() -> None:
    op.drop_table("received_bundle")
    op.drop_table("office_key")
