"""Desks (staff groups), granted admins, ticket messages (cards, answers), ticket lifecycle columns,
and when each chat last wrote to us.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("agency_code", sa.String(length=64), nullable=True),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk")),
        sa.UniqueConstraint("chat_id", name=op.f("uq_desk_chat_id")),
        sa.UniqueConstraint("agency_code", name=op.f("uq_desk_agency_code")),
    )
    op.create_table(
        "chat_seen",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_chat_seen")),
    )
    op.create_table(
        "admin_user",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("granted_by", sa.BigInteger(), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_admin_user")),
    )
    op.create_table(
        "ticket_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"], name=op.f("fk_ticket_message_ticket_id_ticket")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_message")),
    )
    with op.batch_alter_table("ticket_message") as batch_op:
        batch_op.create_index("ix_ticket_message_ticket_id", ["ticket_id"], unique=False)
        batch_op.create_index("ix_ticket_message_chat_message", ["chat_id", "message_id"], unique=False)
    with op.batch_alter_table("ticket") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("previous_status", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("archive_reason", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("first_answer_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("rating", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ticket") as batch_op:
        for column in ("rating", "closed_at", "first_answer_at", "archive_reason", "previous_status",
                       "due_at", "version"):
            batch_op.drop_column(column)
    with op.batch_alter_table("ticket_message") as batch_op:
        batch_op.drop_index("ix_ticket_message_chat_message")
        batch_op.drop_index("ix_ticket_message_ticket_id")
    op.drop_table("ticket_message")
    op.drop_table("admin_user")
    op.drop_table("chat_seen")
    op.drop_table("desk")
