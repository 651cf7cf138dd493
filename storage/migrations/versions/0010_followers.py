"""Followers (issue 14, similar reports): a citizen who chose to follow another citizen's report
of the same problem instead of sending their own, told of every change to it.

Revision ID: 0010_followers
Revises: 0009_routing_vetoes
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_followers"
down_revision = "0009_routing_vetoes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ticket_follower",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("ticket.id", name="fk_ticket_follower_ticket_id_ticket"),
                  nullable=False),
        sa.Column("citizen_id", sa.Integer(), sa.ForeignKey("citizen.id", name="fk_ticket_follower_citizen_id_citizen"),
                  nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_follower"),
        sa.UniqueConstraint("ticket_id", "citizen_id", name="uq_ticket_follower"),
    )
    op.create_index("ix_ticket_follower_citizen_id", "ticket_follower", ["citizen_id"])


def downgrade() -> None:
    op.drop_index("ix_ticket_follower_citizen_id", table_name="ticket_follower")
    op.drop_table("ticket_follower")
