"""Sign-off: when a revision was signed, and where a reopened revision came from and why.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report", sa.Column("signed_at", sa.Text(), nullable=True))
    op.add_column("report", sa.Column("reopened_from", sa.Integer(), nullable=True))
    op.add_column("report", sa.Column("reopen_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    for column in ("reopen_reason", "reopened_from", "signed_at"):
        op.drop_column("report", column)
