"""Initial schema: units, reports, values, notes, narrative, explanations, documents, audit.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STRICT = {"sqlite_strict": True}


def _text(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("code"),
        _text("name"),
        _text("kind"),
        _text("province"),
        _text("district"),
        _text("agency"),
        sa.UniqueConstraint("code"),
        **STRICT,
    )
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=False),
        _text("template_id"),
        _text("period_kind"),
        _text("period_code"),
        _text("period_start"),
        _text("period_end"),
        _text("status"),
        sa.Column("revision", sa.Integer(), nullable=False),
        _text("receiving_office"),
        _text("number", nullable=True),
        _text("symbol"),
        _text("place"),
        _text("report_date", nullable=True),
        _text("title"),
        _text("basis"),
        _text("recipients"),
        _text("sign_on_behalf"),
        _text("sign_title"),
        _text("sign_name"),
        _text("created_at"),
        _text("updated_at"),
        sa.UniqueConstraint("unit_id", "template_id", "period_code", "revision"),
        **STRICT,
    )
    for table, key in (
        ("value", "row_key"),
        ("note", "row_key"),
        ("narrative", "section_key"),
        ("explanation", "finding_id"),
    ):
        payload = [_text("value", nullable=True)] if table == "value" else [_text("text")]
        op.create_table(
            table,
            sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), primary_key=True),
            sa.Column(key, sa.Text(), primary_key=True),
            *payload,
            **STRICT,
        )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        _text("doc_type"),
        _text("number"),
        _text("issued_on"),
        _text("summary"),
        **STRICT,
    )
    op.create_index("ix_document_report", "document", ["report_id", "seq"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), nullable=False),
        _text("entity"),
        _text("key"),
        _text("old", nullable=True),
        _text("new", nullable=True),
        _text("at"),
        _text("who"),
        **STRICT,
    )
    op.create_index("ix_audit_report", "audit", ["report_id", "id"])


def downgrade() -> None:
    for table in (
        "audit",
        "document",
        "explanation",
        "narrative",
        "note",
        "value",
        "report",
        "unit",
    ):
        op.drop_table(table)
