"""Several officers, one report: assignments, packages, contributions, conflicts, working copies.

Revision ID: 0007
Revises: 0006

Tables only (nothing existing changes); see :mod:`cchc_tui.db.contribution_models`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

STRICT = {"sqlite_strict": True}


def _text(name: str, nullable: bool = False, **kwargs: object) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=nullable, **kwargs)  # type: ignore[arg-type]


def _int(name: str, nullable: bool = False, **kwargs: object) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable, **kwargs)  # type: ignore[arg-type]


def _report(primary_key: bool = False) -> sa.Column:
    return sa.Column(
        "report_id",
        sa.Integer(),
        sa.ForeignKey("report.id"),
        primary_key=primary_key,
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "assignment",
        _report(primary_key=True),
        _text("part", primary_key=True),
        _text("officer"),
        _text("assigned_at"),
        _text("assigned_by"),
        **STRICT,
    )
    op.create_table(
        "package",
        _text("id", primary_key=True),
        _report(),
        _text("officer"),
        _text("parts"),
        _text("secret"),
        _text("sha256"),
        _text("file_name"),
        _text("created_at"),
        _text("created_by"),
        **STRICT,
    )
    op.create_index("ix_package_report", "package", ["report_id"])
    op.create_table(
        "package_base",
        sa.Column("package_id", sa.Text(), sa.ForeignKey("package.id"), primary_key=True),
        _text("item", primary_key=True),
        _text("value", nullable=True),
        _int("target", nullable=True),
        **STRICT,
    )
    op.create_table(
        "contribution",
        _text("id", primary_key=True),
        sa.Column("package_id", sa.Text(), sa.ForeignKey("package.id"), nullable=False),
        _report(),
        _int("sequence"),
        _text("officer"),
        _text("author"),
        _text("sha256"),
        _text("file_name"),
        _text("created_at"),
        _text("received_at"),
        _text("received_by"),
        _int("taken"),
        _int("conflicts"),
        **STRICT,
    )
    op.create_index("ix_contribution_package", "contribution", ["package_id"])
    op.create_table(
        "contribution_row",
        sa.Column("contribution_id", sa.Text(), sa.ForeignKey("contribution.id"), primary_key=True),
        _int("seq", primary_key=True),
        _text("entity"),
        _text("key"),
        _text("old", nullable=True),
        _text("new", nullable=True),
        _text("at"),
        _text("who"),
        **STRICT,
    )
    op.create_table(
        "conflict",
        sa.Column("id", sa.Integer(), primary_key=True),
        _report(),
        sa.Column("contribution_id", sa.Text(), sa.ForeignKey("contribution.id"), nullable=False),
        _text("item"),
        _text("base", nullable=True),
        _text("mine", nullable=True),
        _text("mine_who"),
        _text("mine_at"),
        _text("theirs", nullable=True),
        _text("theirs_who"),
        _text("theirs_at"),
        _text("state"),
        _text("resolved_at", nullable=True),
        _text("resolved_by", nullable=True),
        **STRICT,
    )
    op.create_index("ix_conflict_report", "conflict", ["report_id", "state"])
    op.create_table(
        "working_copy",
        _report(primary_key=True),
        _text("package_id", unique=True),
        _text("package_sha256"),
        _text("manifest"),
        _text("opened_at"),
        _int("start_audit_id"),
        _int("exported"),
        _int("exported_audit_id"),
        **STRICT,
    )


def downgrade() -> None:
    for table in (
        "working_copy",
        "conflict",
        "contribution_row",
        "contribution",
        "package_base",
        "package",
        "assignment",
    ):
        op.drop_table(table)
