"""The document's header entered in the app: the closing sentence and the signer's authority.

Nghị định 30/2020/NĐ-CP, Phụ lục I: "KT." / "Q." / "TL." / "TUQ." before the title of the head
signed for; the report's closing sentence ("Trên đây là báo cáo…"). Existing reports keep
their printed defaults (empty text: the default is printed).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = ("closing", "sign_authority", "sign_principal_title")


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("report", sa.Column(column, sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    for column in reversed(COLUMNS):
        op.drop_column("report", column)
