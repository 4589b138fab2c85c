"""Counts: each report's share filled, errors, warnings and unexplained warnings, stored with
every change (issue 11), so the report list and the office's status are one light query; and,
at the office, the text of each explained finding of a received report (its consolidation lists
the explanations without validating a report).

Revision ID: 0008
Revises: 0007

A row is valid while its ``stamp`` equals the report's ``updated_at`` and its ``engine`` is the
app version reading it; reports stored before this revision have none, and are counted (and
their counts stored) the first time a list needs them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

STRICT = {"sqlite_strict": True}


def upgrade() -> None:
    op.create_table(
        "report_counts",
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), primary_key=True),
        sa.Column("stamp", sa.Text(), nullable=False),
        sa.Column("engine", sa.Text(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("unexplained", sa.Integer(), nullable=False),
        **STRICT,
    )
    op.create_table(
        "explained_finding",
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), primary_key=True),
        sa.Column("finding_id", sa.Text(), primary_key=True),
        sa.Column("engine", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        **STRICT,
    )


def downgrade() -> None:
    op.drop_table("explained_finding")
    op.drop_table("report_counts")
