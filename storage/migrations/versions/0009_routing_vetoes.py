"""Routing vetoes (issue 14): a learned routing term a person removed, never learned again for
that agency ("*": for any), with who and when.

Revision ID: 0009_routing_vetoes
Revises: 0008_routing_examples
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_routing_vetoes"
down_revision = "0008_routing_examples"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "routing_veto",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(128), nullable=False),
        sa.Column("agency", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_routing_veto"),
        sa.UniqueConstraint("term", "agency", name="uq_routing_veto_term"),
    )


def downgrade() -> None:
    op.drop_table("routing_veto")
