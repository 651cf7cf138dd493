"""Part-by-part delivery: an outbox row remembers how many parts of its reply (text, map pin,
files) were delivered, so a retry resumes at the first unsent part, and which parts Telegram
rejected, reported alone while the rest is delivered.

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


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.add_column(sa.Column("parts_done", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("parts_failed", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.drop_column("parts_failed")
        batch_op.drop_column("parts_done")
