"""How exactly the citizen gave the incident date: "day" (that day), "about", "month", "early",
"mid", "late" (of the month of `event_date`), or "unknown" / "recurring" (no date); NULL for
tickets filed before, whose dates were all days, and for report types without a date.

Revision ID: 0006_form
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_form"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket") as batch_op:
        batch_op.add_column(sa.Column("event_date_precision", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ticket") as batch_op:
        batch_op.drop_column("event_date_precision")
