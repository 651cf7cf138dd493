"""Routing examples (issue 14): every correction staff make to where a ticket goes, recorded as
it happens: the agency the classifier suggested, the one the ticket was at, the one it went to
(none when the agency said "Bukan wewenang"), who and when. The ticket's words are read from the
ticket itself, so erasure and retention (which redact the ticket) reach the examples too.

Revision ID: 0008_routing_examples
Revises: 0007_deadlines
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_routing_examples"
down_revision = "0007_deadlines"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "routing_example",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("suggested", sa.String(64), nullable=True),
        sa.Column("previous", sa.String(64), nullable=True),
        sa.Column("chosen", sa.String(64), nullable=True),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"], name="fk_routing_example_ticket_id_ticket"),
        sa.PrimaryKeyConstraint("id", name="pk_routing_example"),
    )
    op.create_index("ix_routing_example_ticket_id", "routing_example", ["ticket_id"])


def downgrade() -> None:
    op.drop_index("ix_routing_example_ticket_id", table_name="routing_example")
    op.drop_table("routing_example")
