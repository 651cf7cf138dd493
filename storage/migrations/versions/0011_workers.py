"""Workers (issue 15): the `lapor-bot run` processes sharing one database, with their
heartbeats, so that `lapor-bot status` can list them and a silent one is reported.

Revision ID: 0011_workers
Revises: 0010_followers
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_workers"
down_revision = "0010_followers"
branch_labels = None
depends_on = None
ONLINE_SAFE = True  # new tables and a defaulted column: workers of the previous version ignore them


def upgrade() -> None:
    op.create_table(
        "worker",
        sa.Column("id", sa.String(96), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_worker"),
    )
    op.create_index("ix_worker_heartbeat_at", "worker", ["heartbeat_at"])


def downgrade() -> None:
    op.drop_index("ix_worker_heartbeat_at", table_name="worker")
    op.drop_table("worker")
