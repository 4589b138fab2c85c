"""Seal: the audit trail chained by hash, and the seal of each signed revision.

Revision ID: 0006
Revises: 0005

The rows written before this revision get their chain hashes here (:func:`audit_hash`, whose
format is frozen). Revisions signed before it have no seal: ``cchc check-db`` names them, and
their bundle is not exported until they are reopened and signed again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cchc_tui.db.seal import audit_hash

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STRICT = {"sqlite_strict": True}


def _text(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=nullable)


def upgrade() -> None:
    op.add_column("audit", sa.Column("hash", sa.Text(), nullable=True))
    op.create_table(
        "seal",
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), primary_key=True),
        _text("format"),
        _text("content"),
        _text("content_sha256"),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        _text("audit_hash"),
        _text("public_key"),
        _text("signature"),
        _text("sealed_at"),
        **STRICT,
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, report_id, entity, key, old, new, at, who FROM audit ORDER BY report_id, id"
        )
    ).fetchall()
    previous: dict[int, str] = {}
    update = sa.text("UPDATE audit SET hash = :hash WHERE id = :id")
    for row in rows:
        value = audit_hash(
            previous.get(row.report_id, ""),
            row.report_id,
            row.entity,
            row.key,
            row.old,
            row.new,
            row.at,
            row.who,
        )
        previous[row.report_id] = value
        bind.execute(update, {"hash": value, "id": row.id})


def downgrade() -> None:
    op.drop_table("seal")
    op.drop_column("audit", "hash")
