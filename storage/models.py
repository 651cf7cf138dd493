"""Tables. Portable between SQLite (the zero-setup default) and PostgreSQL (at scale):
BigInteger for Telegram ids (they need 64 bits), JSON rather than JSONB, timezone-aware times,
and named constraints so Alembic can alter them on both."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite too (which stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CitizenRow(Base):
    __tablename__ = "citizen"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(256), default="")
    username: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="id")
    phone: Mapped[str | None] = mapped_column(String(32))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # identity erased (UU PDP)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class TicketRow(Base):
    __tablename__ = "ticket"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"), index=True)
    report_type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    event_date: Mapped[date | None] = mapped_column(Date)
    event_date_precision: Mapped[str | None] = mapped_column(String(16))  # flows/dates.py PRECISIONS
    location_text: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(String(32))
    agency_code: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    language: Mapped[str] = mapped_column(String(8), default="id")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Lifecycle (desks): bumped on every change so a press on an outdated card is detected.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    previous_status: Mapped[str | None] = mapped_column(String(32))  # where a deferral resumes
    archive_reason: Mapped[str | None] = mapped_column(String(32))
    first_answer_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[int | None] = mapped_column(Integer)
    identity_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # reporter erased
    # The deadline `due_at` is (flows/deadlines.py): its kind and service tier, when it started
    # (so it is recomputed when the calendar changes), and what was done about it, once each.
    deadline_kind: Mapped[str | None] = mapped_column(String(16))  # verify, followup, close
    deadline_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    tier: Mapped[str | None] = mapped_column(String(16))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attachments: Mapped[list[AttachmentRow]] = relationship(back_populates="ticket", lazy="raise")


class RoutingExampleRow(Base):
    """A correction staff made to where a ticket goes (flows/desks/transitions.py): the routing
    examples the product learns from (issue 14). The words are the ticket's own, read from it."""

    __tablename__ = "routing_example"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # disposed (to another agency), refused (Bukan wewenang)
    suggested: Mapped[str | None] = mapped_column(String(64))  # the classifier's first candidate
    previous: Mapped[str | None] = mapped_column(String(64))  # where the ticket was
    chosen: Mapped[str | None] = mapped_column(String(64))  # where it went; None: refused, back to triage
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RoutingVetoRow(Base):
    """A learned routing term a person removed (flows/routing/learned.py): never learned again for
    `agency` ("*": for any)."""

    __tablename__ = "routing_veto"
    __table_args__ = (UniqueConstraint("term", "agency", name="uq_routing_veto_term"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term: Mapped[str] = mapped_column(String(128))
    agency: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TicketFollowerRow(Base):
    """A citizen following a report of the same problem (flows/intake/similar.py), told of every
    change to it; merged reports carry theirs over (flows/desks/merge.py)."""

    __tablename__ = "ticket_follower"
    __table_args__ = (UniqueConstraint("ticket_id", "citizen_id", name="uq_ticket_follower"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobRunRow(Base):
    """A periodic job's run that must happen once per period (a desk's digest of one day)."""

    __tablename__ = "job_run"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TicketEventRow(Base):
    """Append-only history: rows are inserted, never updated or deleted."""

    __tablename__ = "ticket_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AttachmentRow(Base):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    file_id: Mapped[str] = mapped_column(String(256))
    file_unique_id: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    mime_type: Mapped[str | None] = mapped_column(String(128))
    file_name: Mapped[str | None] = mapped_column(String(256))
    size: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[TicketRow] = relationship(back_populates="attachments", lazy="raise")


class ConversationDraftRow(Base):
    __tablename__ = "conversation_draft"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    step: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    history: Mapped[list[str]] = mapped_column(JSON, default=list)
    editing: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ProcessedUpdateRow(Base):
    __tablename__ = "processed_update"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


Index("ix_ticket_citizen_created", TicketRow.citizen_id, TicketRow.created_at)


class OutboxRow(Base):
    """A message the product owes someone. Written in the transaction of the change that causes
    it; a background sender delivers it and marks it sent only once Telegram accepted it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending sent failed held
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ref: Mapped[str | None] = mapped_column(String(64))  # who wants the message id back, e.g. a card
    message_id: Mapped[int | None] = mapped_column(BigInteger)  # of its text, once sent
    error_kind: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A reply of several parts (text, pin, files) is delivered part by part: how many are done
    # (a retry resumes after them), and the parts Telegram rejected, one report a line.
    parts_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    parts_failed: Mapped[str | None] = mapped_column(Text)


Index("ix_outbox_status_next", OutboxRow.status, OutboxRow.next_attempt_at)
Index("ix_outbox_chat_status", OutboxRow.chat_id, OutboxRow.status)


class ChatSeenRow(Base):
    """When each private chat last wrote to us: a 403 that raced with the citizen writing again
    (unblocking the bot) must not hold their messages."""

    __tablename__ = "chat_seen"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UnreachableChatRow(Base):
    """Chats that answered 403 (blocked the bot, kicked it): not written to until they return."""

    __tablename__ = "unreachable_chat"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    reason: Mapped[str] = mapped_column(Text)
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeskRow(Base):
    """A staff group chat: the desk of one agency, or the coordinator's desk."""

    __tablename__ = "desk"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    agency_code: Mapped[str | None] = mapped_column(String(64), unique=True)  # None: coordinator
    title: Mapped[str] = mapped_column(String(256), default="")
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # False once the bot was removed from the group: its tickets fall back to the coordinator.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AdminRow(Base):
    """Admins granted by command (those in ADMIN_IDS need no row)."""

    __tablename__ = "admin_user"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    granted_by: Mapped[int] = mapped_column(BigInteger)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditRow(Base):
    """Who did what that changes who sees personal data: admin grants and revocations, desk
    bindings, erasures. Append-only, visible to admins."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger)  # None: the system
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str | None] = mapped_column(String(128))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class TicketMessageRow(Base):
    """A bot message that belongs to a ticket (its card in a desk, an answer or question to the
    citizen), so a reply to it can be tied back to the ticket and the card edited in place."""

    __tablename__ = "ticket_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # card, answer, question, note
    message_id: Mapped[int | None] = mapped_column(BigInteger)  # known once the outbox sent it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


Index("ix_ticket_message_chat_message", TicketMessageRow.chat_id, TicketMessageRow.message_id)


class WorkerRow(Base):
    """A `lapor-bot run` process on this database (bot/cluster.py): who it is, what it does and
    when it last said it was alive, by the database's clock (a worker's own may be off)."""

    __tablename__ = "worker"

    id: Mapped[str] = mapped_column(String(96), primary_key=True)  # host:pid:random
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))  # leader | standby | stopped
    mode: Mapped[str] = mapped_column(String(16))  # polling | webhook
    handled: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # updates, since its start
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # admins told it went silent


class InboxRow(Base):
    """An update the leading worker fetched, not yet handled (storage/repos/inbox.py; PostgreSQL
    with several workers polling). Its payload is the update's JSON, personal data included: the
    row lives only until a worker handled it (seconds), and erasure need not look here."""

    __tablename__ = "inbox"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_key: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    taken_by: Mapped[str | None] = mapped_column(String(96))
    taken_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_inbox_chat_key", "chat_key", "update_id"),)
