"""Link a report to the earlier report of the same unit it was started from ("kỳ trước").

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN keeps the table STRICT (batch mode would rebuild it without STRICT).
    op.add_column("report", sa.Column("previous_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("report", "previous_id")
