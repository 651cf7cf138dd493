"""Deadlines that bite: which deadline a ticket runs against (`deadline_kind`: verify, followup or
close), when it started (`deadline_from`, from which `due_at` is recomputed when the calendar
changes) and its service tier; when the holding desk was reminded of it, when it was marked
overdue and when the admins were told (each once per deadline). `job_run` records the periodic
jobs that must happen once per period (a desk's daily digest), so a restart neither skips nor
doubles one.

Revision ID: 0007_deadlines
Revises: 0006_form
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_deadlines"
down_revision = "0006_form"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket") as batch_op:
        batch_op.add_column(sa.Column("deadline_kind", sa.String(16), nullable=True))
        batch_op.add_column(sa.Column("deadline_from", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("tier", sa.String(16), nullable=True))
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("overdue_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "job_run",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", "period", name="pk_job_run"),
    )


def downgrade() -> None:
    op.drop_table("job_run")
    with op.batch_alter_table("ticket") as batch_op:
        for column in ("escalated_at", "overdue_at", "reminded_at", "tier", "deadline_from", "deadline_kind"):
            batch_op.drop_column(column)
