"""The inbox (issue 15): with several workers polling on PostgreSQL, the leader's getUpdates
batches, committed before Telegram is told they arrived, taken by every worker (bot/inbox.py);
and each worker's count of updates handled.

Revision ID: 0012_inbox
Revises: 0011_workers
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_inbox"
down_revision = "0011_workers"
branch_labels = None
depends_on = None
ONLINE_SAFE = True  # new tables and a defaulted column: workers of the previous version ignore them


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_key", sa.BigInteger(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_by", sa.String(96), nullable=True),
        sa.Column("taken_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name="pk_inbox"),
    )
    op.create_index("ix_inbox_chat_key", "inbox", ["chat_key", "update_id"])
    # How many updates each worker handled since its start, for `lapor-bot status`.
    op.add_column("worker", sa.Column("handled", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("worker") as batch:
        batch.drop_column("handled")
    op.drop_index("ix_inbox_chat_key", table_name="inbox")
    op.drop_table("inbox")
