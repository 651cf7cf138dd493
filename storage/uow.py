"""Repositories and the unit of work that owns their transaction.

Repositories never commit and return plain records from flows.model; the unit of work commits
explicitly and rolls back on any exit without a commit.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from flows.events import Reply, reply_to_dict
from flows.model import (
    STATUS_NEW,
    AttachmentRecord,
    Citizen,
    Desk,
    Draft,
    MessageRef,
    NewTicket,
    Ticket,
    TicketEvent,
)
from flows.ports import StaleDraft
from storage.models import (
    AdminRow,
    AttachmentRow,
    ChatSeenRow,
    CitizenRow,
    ConversationDraftRow,
    DeskRow,
    OutboxRow,
    ProcessedUpdateRow,
    TicketEventRow,
    TicketMessageRow,
    TicketRow,
    UnreachableChatRow,
    utcnow,
)


def _citizen(row: CitizenRow) -> Citizen:
    return Citizen(
        id=row.id, user_id=row.telegram_user_id, chat_id=row.chat_id, name=row.name,
        username=row.username, language=row.language, phone=row.phone, consent_at=row.consent_at,
        created_at=row.created_at,
    )


def _ticket(row: TicketRow, attachments: int = 0) -> Ticket:
    return Ticket(
        id=row.id, number=row.number, citizen_id=row.citizen_id, report_type=row.report_type,
        title=row.title, description=row.description, event_date=row.event_date,
        location_text=row.location_text, latitude=row.latitude, longitude=row.longitude,
        anonymous=row.anonymous, confidential=row.confidential, phone=row.phone,
        agency_code=row.agency_code, status=row.status, language=row.language,
        created_at=row.created_at, updated_at=row.updated_at, attachment_count=attachments,
        version=row.version, due_at=row.due_at, previous_status=row.previous_status,
        archive_reason=row.archive_reason, first_answer_at=row.first_answer_at,
        closed_at=row.closed_at, rating=row.rating,
    )


class SqlCitizens:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get_by_user(self, user_id: int) -> Citizen | None:
        row = await self.s.scalar(select(CitizenRow).where(CitizenRow.telegram_user_id == user_id))
        return _citizen(row) if row else None

    async def get(self, citizen_id: int) -> Citizen | None:
        row = await self.s.get(CitizenRow, citizen_id)
        return _citizen(row) if row else None

    async def save(self, citizen: Citizen) -> Citizen:
        row = await self.s.get(CitizenRow, citizen.id) if citizen.id else None
        if row is None:
            row = CitizenRow(telegram_user_id=citizen.user_id)
            self.s.add(row)
        row.chat_id = citizen.chat_id
        row.name = citizen.name
        row.username = citizen.username
        row.language = citizen.language
        row.phone = citizen.phone
        row.consent_at = citizen.consent_at
        await self.s.flush()
        return _citizen(row)


class SqlDrafts:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, chat_id: int) -> Draft | None:
        row = await self.s.get(ConversationDraftRow, chat_id, populate_existing=True)
        if row is None:
            return None
        return Draft(
            chat_id=row.chat_id, user_id=row.telegram_user_id, step=row.step, seq=row.seq,
            data=dict(row.data or {}), history=list(row.history or []), editing=row.editing,
            version=row.version, updated_at=row.updated_at,
        )

    async def save(self, draft: Draft) -> None:
        values = dict(
            telegram_user_id=draft.user_id, step=draft.step, seq=draft.seq,
            # copies: JSON columns must see a new object to know they changed
            data=dict(draft.data), history=list(draft.history), editing=draft.editing,
            updated_at=utcnow(),
        )
        if draft.version == 0:
            await self.s.execute(insert(ConversationDraftRow).values(chat_id=draft.chat_id, version=1, **values))
            draft.version = 1
            return
        # Optimistic concurrency: only the version we loaded may be overwritten.
        result = await self.s.execute(
            update(ConversationDraftRow)
            .where(ConversationDraftRow.chat_id == draft.chat_id,
                   ConversationDraftRow.version == draft.version)
            .values(version=draft.version + 1, **values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise StaleDraft(draft.chat_id)
        draft.version += 1

    async def delete(self, chat_id: int) -> None:
        row = await self.s.get(ConversationDraftRow, chat_id)
        if row is not None:
            await self.s.delete(row)
            await self.s.flush()


class SqlTickets:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, ticket: NewTicket) -> Ticket:
        now = utcnow()
        row = TicketRow(
            number=ticket.number, citizen_id=ticket.citizen_id, report_type=ticket.report_type,
            title=ticket.title, description=ticket.description, event_date=ticket.event_date,
            location_text=ticket.location_text, latitude=ticket.latitude, longitude=ticket.longitude,
            anonymous=ticket.anonymous, confidential=ticket.confidential, phone=ticket.phone,
            agency_code=ticket.agency_code, status=STATUS_NEW, language=ticket.language,
            created_at=now, updated_at=now,
        )
        self.s.add(row)
        await self.s.flush()
        for a in ticket.attachments:
            self.s.add(AttachmentRow(
                ticket_id=row.id, file_id=a.file_id, file_unique_id=a.file_unique_id, kind=a.kind,
                mime_type=a.mime_type, file_name=a.file_name, size=a.size,
            ))
        await self.s.flush()
        return _ticket(row, len(ticket.attachments))

    async def number_taken(self, number: str) -> bool:
        return (await self.s.scalar(select(TicketRow.id).where(TicketRow.number == number))) is not None

    async def get_by_number(self, number: str) -> Ticket | None:
        row = await self.s.scalar(select(TicketRow).where(TicketRow.number == number))
        if row is None:
            return None
        count = await self.s.scalar(
            select(func.count()).select_from(AttachmentRow).where(AttachmentRow.ticket_id == row.id))
        return _ticket(row, count or 0)

    async def list_for_citizen(self, citizen_id: int, limit: int = 10) -> list[Ticket]:
        rows = await self.s.scalars(
            select(TicketRow).where(TicketRow.citizen_id == citizen_id)
            .order_by(TicketRow.created_at.desc(), TicketRow.id.desc()).limit(limit))
        return [_ticket(r) for r in rows]

    async def add_event(self, event: TicketEvent) -> None:
        self.s.add(TicketEventRow(
            ticket_id=event.ticket_id, kind=event.kind, actor=event.actor, at=event.at,
            from_status=event.from_status, to_status=event.to_status, note=event.note, data=event.data,
        ))
        await self.s.flush()

    async def get(self, ticket_id: int) -> Ticket | None:
        row = await self.s.get(TicketRow, ticket_id, populate_existing=True)
        if row is None:
            return None
        count = await self.s.scalar(
            select(func.count()).select_from(AttachmentRow).where(AttachmentRow.ticket_id == row.id))
        return _ticket(row, count or 0)

    async def change(self, ticket_id: int, version: int, **values) -> bool:
        """Apply `values` only if the ticket is still at `version` (one of two racing staff wins)."""
        result = await self.s.execute(
            update(TicketRow).where(TicketRow.id == ticket_id, TicketRow.version == version)
            .values(version=version + 1, updated_at=utcnow(), **values)
            .execution_options(synchronize_session=False))
        return result.rowcount == 1

    async def attachments(self, ticket_id: int) -> list[AttachmentRecord]:
        rows = await self.s.scalars(select(AttachmentRow).where(AttachmentRow.ticket_id == ticket_id)
                                    .order_by(AttachmentRow.id))
        return [AttachmentRecord(r.file_id, r.file_unique_id, r.kind, r.size, r.mime_type, r.file_name)
                for r in rows]

    async def search(self, words: list[str], limit: int = 10) -> list[Ticket]:
        query = select(TicketRow)
        for word in words:
            like = f"%{word.lower()}%"
            query = query.where(func.lower(TicketRow.title).like(like) | func.lower(TicketRow.description).like(like)
                                | func.lower(TicketRow.number).like(like))
        rows = await self.s.scalars(query.order_by(TicketRow.id.desc()).limit(limit))
        return [_ticket(r) for r in rows]

    async def open_tickets(self, statuses: tuple[str, ...]) -> list[Ticket]:
        rows = await self.s.scalars(select(TicketRow).where(TicketRow.status.in_(statuses)).order_by(TicketRow.id))
        return [_ticket(r) for r in rows]

    async def all_for_stats(self) -> list[Ticket]:
        return [_ticket(r) for r in await self.s.scalars(select(TicketRow))]

    async def add_message(self, ticket_id: int, chat_id: int, kind: str) -> int:
        row = TicketMessageRow(ticket_id=ticket_id, chat_id=chat_id, kind=kind, created_at=utcnow())
        self.s.add(row)
        await self.s.flush()
        return row.id

    async def message_at(self, chat_id: int, message_id: int) -> tuple[int, str] | None:
        row = (await self.s.execute(
            select(TicketMessageRow.ticket_id, TicketMessageRow.kind)
            .where(TicketMessageRow.chat_id == chat_id, TicketMessageRow.message_id == message_id))).first()
        return (row[0], row[1]) if row else None

    async def cards(self, ticket_id: int) -> list[tuple[int, int]]:
        """(ticket_message id, chat id) of the ticket's cards, one per desk (the latest)."""
        rows = (await self.s.execute(
            select(func.max(TicketMessageRow.id), TicketMessageRow.chat_id)
            .where(TicketMessageRow.ticket_id == ticket_id, TicketMessageRow.kind == "card")
            .group_by(TicketMessageRow.chat_id))).all()
        return [(r[0], r[1]) for r in rows]

    async def events(self, ticket_id: int) -> list[TicketEvent]:
        rows = await self.s.scalars(
            select(TicketEventRow).where(TicketEventRow.ticket_id == ticket_id).order_by(TicketEventRow.id))
        return [TicketEvent(ticket_id=r.ticket_id, kind=r.kind, actor=r.actor, at=r.at,
                            from_status=r.from_status, to_status=r.to_status, note=r.note, data=r.data)
                for r in rows]


class SqlDesks:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    @staticmethod
    def _desk(row: DeskRow) -> Desk:
        return Desk(row.id, row.chat_id, row.agency_code, row.title)

    async def by_chat(self, chat_id: int) -> Desk | None:
        row = await self.s.scalar(select(DeskRow).where(DeskRow.chat_id == chat_id))
        return self._desk(row) if row else None

    async def for_agency(self, code: str | None) -> Desk | None:
        cond = DeskRow.agency_code.is_(None) if code is None else DeskRow.agency_code == code
        row = await self.s.scalar(select(DeskRow).where(cond))
        return self._desk(row) if row else None

    async def register(self, chat_id: int, agency_code: str | None, title: str, by: int) -> Desk:
        """Make the chat the desk of `agency_code` (None: coordinator), replacing any earlier
        desk of that agency and any earlier role of that chat."""
        cond = DeskRow.agency_code.is_(None) if agency_code is None else DeskRow.agency_code == agency_code
        await self.s.execute(delete(DeskRow).where(cond | (DeskRow.chat_id == chat_id)))
        row = DeskRow(chat_id=chat_id, agency_code=agency_code, title=title[:256], created_by=by,
                      created_at=utcnow())
        self.s.add(row)
        await self.s.flush()
        return self._desk(row)

    async def all(self) -> list[Desk]:
        return [self._desk(r) for r in await self.s.scalars(select(DeskRow).order_by(DeskRow.id))]

    async def move_chat(self, old: int, new: int) -> None:
        await self.s.execute(update(DeskRow).where(DeskRow.chat_id == old).values(chat_id=new))
        await self.s.execute(update(TicketMessageRow).where(TicketMessageRow.chat_id == old).values(chat_id=new))


class SqlAdmins:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def is_granted(self, user_id: int) -> bool:
        return await self.s.get(AdminRow, user_id) is not None

    async def grant(self, user_id: int, by: int) -> None:
        if await self.s.get(AdminRow, user_id) is None:
            self.s.add(AdminRow(user_id=user_id, granted_by=by, granted_at=utcnow()))
            await self.s.flush()


class SqlUpdateLog:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def claim(self, update_id: int) -> bool:
        # INSERT ... ON CONFLICT DO NOTHING: atomic on both databases, even across workers.
        dialect = self.s.bind.dialect.name
        make = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = make(ProcessedUpdateRow).values(update_id=update_id, processed_at=utcnow())
        result = await self.s.execute(stmt.on_conflict_do_nothing(index_elements=["update_id"]))
        return result.rowcount == 1


@dataclass(slots=True)
class OutboxItem:
    id: int
    chat_id: int
    payload: dict
    attempts: int
    ref: MessageRef | None


def _ref_column(ref: MessageRef | None) -> str | None:
    """How a MessageRef is kept in the outbox's `ref` column (tm:<id> or edit:<id>)."""
    if ref is None:
        return None
    return f"{'edit' if ref.edit else 'tm'}:{ref.ticket_message}"


def _ref_value(column: str | None) -> MessageRef | None:
    if not column:
        return None
    kind, _, tm = column.partition(":")
    return MessageRef(int(tm), edit=kind == "edit")


class SqlOutbox:
    """The core's side (add) and the sender's side (due, mark_*) of the outbox."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, chat_id: int, reply: Reply, ref: MessageRef | None = None) -> None:
        held = await self.s.get(UnreachableChatRow, chat_id) is not None
        self.s.add(OutboxRow(chat_id=chat_id, payload=reply_to_dict(reply), ref=_ref_column(ref),
                             status="held" if held else "pending", attempts=0,
                             next_attempt_at=utcnow(), created_at=utcnow()))

    async def reachable_again(self, chat_id: int) -> None:
        now = utcnow()
        make = pg_insert if self.s.bind.dialect.name == "postgresql" else sqlite_insert
        stmt = make(ChatSeenRow).values(chat_id=chat_id, at=now)
        await self.s.execute(stmt.on_conflict_do_update(index_elements=["chat_id"], set_={"at": now}))
        result = await self.s.execute(delete(UnreachableChatRow).where(UnreachableChatRow.chat_id == chat_id))
        if result.rowcount:
            await self.s.execute(
                update(OutboxRow).where(OutboxRow.chat_id == chat_id, OutboxRow.status == "held")
                .values(status="pending", next_attempt_at=utcnow()))

    async def due(self, now: datetime, limit: int, only_chat: int | None = None) -> list[OutboxItem]:
        """The oldest pending message of each chat whose turn has come (per-chat order)."""
        pending = OutboxRow.status == "pending"
        if only_chat is not None:
            pending = pending & (OutboxRow.chat_id == only_chat)
        head = (select(OutboxRow.chat_id, func.min(OutboxRow.id).label("first"))
                .where(pending).group_by(OutboxRow.chat_id).subquery())
        query = (select(OutboxRow).join(head, OutboxRow.id == head.c.first)
                 .where(OutboxRow.next_attempt_at <= now).order_by(OutboxRow.id).limit(limit))
        items = [OutboxItem(r.id, r.chat_id, dict(r.payload), r.attempts, _ref_value(r.ref))
                 for r in await self.s.scalars(query)]
        edits = {i.ref.ticket_message: i for i in items if i.ref is not None and i.ref.edit}
        if edits:
            # An edit of a card names the card's ticket_message; its Telegram message id is known
            # only once the card was sent, which per-chat order guarantees happened before.
            rows = await self.s.execute(select(TicketMessageRow.id, TicketMessageRow.message_id)
                                        .where(TicketMessageRow.id.in_(edits)))
            for tm_id, message_id in rows:
                if message_id is not None:
                    edits[tm_id].payload["edit_message_id"] = message_id
        return items

    async def recently_sent_without_id(self, chat_id: int) -> bool:
        """Is a ticket message to this chat still waiting to be sent or to have its id recorded?"""
        return (await self.s.scalar(
            select(func.count()).select_from(TicketMessageRow)
            .where(TicketMessageRow.chat_id == chat_id, TicketMessageRow.message_id.is_(None)))) > 0

    async def next_due_at(self) -> datetime | None:
        return await self.s.scalar(select(func.min(OutboxRow.next_attempt_at)).where(OutboxRow.status == "pending"))

    async def mark_sent(self, item_id: int, message_id: int | None, at: datetime,
                        ref: MessageRef | None = None) -> None:
        await self.s.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(
            status="sent", message_id=message_id, sent_at=at))
        if ref is not None and not ref.edit and message_id is not None:
            # The message belongs to a ticket (a card, an answer): remember which Telegram
            # message it became, so replies to it and edits of it find the ticket.
            await self.s.execute(update(TicketMessageRow).where(TicketMessageRow.id == ref.ticket_message)
                                 .values(message_id=message_id))

    async def retry_later(self, item_id: int, at: datetime, kind: str, error: str, count: bool = True) -> None:
        values = dict(next_attempt_at=at, error_kind=kind, last_error=error[:500])
        if count:
            values["attempts"] = OutboxRow.attempts + 1
        await self.s.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(**values))

    async def mark_failed(self, item_id: int, kind: str, error: str) -> None:
        await self.s.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(
            status="failed", error_kind=kind, last_error=error[:500], attempts=OutboxRow.attempts + 1))

    async def mark_unreachable(self, item_id: int, chat_id: int, reason: str, attempted_at: datetime) -> None:
        seen = await self.s.get(ChatSeenRow, chat_id, populate_existing=True)
        if seen is not None and seen.at >= attempted_at:
            # They wrote to us after we tried: they unblocked the bot meanwhile. Try again now.
            await self.retry_later(item_id, utcnow(), "unreachable", reason)
            return
        if await self.s.get(UnreachableChatRow, chat_id) is None:
            self.s.add(UnreachableChatRow(chat_id=chat_id, reason=reason[:500], since=utcnow()))
        # Everything owed to the chat waits until it writes to us again.
        await self.s.execute(update(OutboxRow).where(OutboxRow.chat_id == chat_id, OutboxRow.status == "pending")
                             .values(status="held", error_kind="unreachable", last_error=reason[:500]))

    async def move_chat(self, old: int, new: int) -> None:
        await self.s.execute(update(OutboxRow).where(OutboxRow.chat_id == old, OutboxRow.status == "pending")
                             .values(chat_id=new, next_attempt_at=utcnow()))

    async def stats(self) -> dict:
        counts = dict((await self.s.execute(
            select(OutboxRow.status, func.count()).group_by(OutboxRow.status))).all())
        oldest = await self.s.scalar(select(func.min(OutboxRow.created_at)).where(OutboxRow.status == "pending"))
        failures = dict((await self.s.execute(
            select(OutboxRow.error_kind, func.count()).where(OutboxRow.error_kind.is_not(None))
            .group_by(OutboxRow.error_kind))).all())
        unreachable = await self.s.scalar(select(func.count()).select_from(UnreachableChatRow))
        return {"counts": counts, "oldest_pending": oldest, "failures": failures, "unreachable": unreachable}


class SqlUnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self.session: AsyncSession | None = None
        self._after_commit: list = []

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self.citizens = SqlCitizens(self.session)
        self.drafts = SqlDrafts(self.session)
        self.tickets = SqlTickets(self.session)
        self.updates = SqlUpdateLog(self.session)
        self.outbox = SqlOutbox(self.session)
        self.desks = SqlDesks(self.session)
        self.admins = SqlAdmins(self.session)
        return self

    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self.session is not None
        try:
            await self.session.rollback()  # a no-op after commit; undoes anything uncommitted
        finally:
            await self.session.close()

    async def commit(self) -> None:
        assert self.session is not None
        await self.session.commit()
        for hook in self._after_commit:
            hook()

    def after_commit(self, hook) -> None:
        """Run `hook` once the transaction is committed (e.g. wake the sender)."""
        self._after_commit.append(hook)


class Database:
    """Owns the engine and hands out units of work."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.commit_hooks: list = []  # called after every commit: the sender's wake-up

    def uow(self) -> SqlUnitOfWork:
        uow = SqlUnitOfWork(self.sessions)
        for hook in self.commit_hooks:
            uow.after_commit(hook)
        return uow

    async def dispose(self) -> None:
        await self.engine.dispose()
