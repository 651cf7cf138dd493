"""Tickets, their attachments, history and the bot messages that belong to them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update

from flows.model import (
    STATUS_NEW,
    AttachmentRecord,
    NewTicket,
    Ticket,
    TicketEvent,
)
from flows.routing.similar import Probe
from storage.models import (
    AttachmentRow,
    TicketEventRow,
    TicketFollowerRow,
    TicketMessageRow,
    TicketRow,
    utcnow,
)
from storage.repos.sql import Repo, rowcount, upsert_insert


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
        closed_at=row.closed_at, rating=row.rating, identity_erased_at=row.identity_erased_at,
        event_date_precision=row.event_date_precision, deadline_kind=row.deadline_kind,
        deadline_from=row.deadline_from, tier=row.tier, reminded_at=row.reminded_at,
        overdue_at=row.overdue_at, escalated_at=row.escalated_at,
    )


def _event(r: TicketEventRow) -> TicketEvent:
    return TicketEvent(ticket_id=r.ticket_id, kind=r.kind, actor=r.actor, at=r.at,
                       from_status=r.from_status, to_status=r.to_status, note=r.note, data=r.data)


_ONCE = frozenset({"reminded_at", "overdue_at", "escalated_at"})


class SqlTickets(Repo):
    async def add(self, ticket: NewTicket) -> Ticket:
        now = utcnow()
        row = TicketRow(
            number=ticket.number, citizen_id=ticket.citizen_id, report_type=ticket.report_type,
            title=ticket.title, description=ticket.description, event_date=ticket.event_date,
            location_text=ticket.location_text, latitude=ticket.latitude, longitude=ticket.longitude,
            anonymous=ticket.anonymous, confidential=ticket.confidential, phone=ticket.phone,
            agency_code=ticket.agency_code, status=STATUS_NEW, language=ticket.language,
            created_at=now, updated_at=now, event_date_precision=ticket.event_date_precision,
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

    async def texts(self, ticket_ids: list[int]) -> dict[int, str]:
        """The tickets' words (title and story), by id."""
        rows = await self.s.execute(select(TicketRow.id, TicketRow.title, TicketRow.description)
                                    .where(TicketRow.id.in_(ticket_ids)))
        return {i: f"{title}\n{story}" for i, title, story in rows}

    async def recent_similar(self, agency: str, since: datetime, limit: int = 100) -> list[Probe]:
        """The tickets a new report at `agency` could repeat (flows/routing/similar.py): not
        confidential, not archived, open or closed since `since`; the newest `limit`, without
        their words (`texts` reads those of the few at the same place)."""
        rows = (await self.s.execute(
            select(TicketRow.id, TicketRow.number, TicketRow.agency_code,
                   TicketRow.location_text, TicketRow.latitude, TicketRow.longitude, TicketRow.status,
                   TicketRow.closed_at, TicketRow.citizen_id)
            .where(TicketRow.agency_code == agency, TicketRow.confidential.is_(False),
                   TicketRow.status != "archived",
                   or_(TicketRow.closed_at.is_(None), TicketRow.closed_at >= since))
            .order_by(TicketRow.id.desc()).limit(limit))).all()
        return [Probe(r.id, r.number, r.agency_code, "", place=r.location_text,
                      latitude=r.latitude, longitude=r.longitude, status=r.status,
                      settled_at=r.closed_at if r.status == "closed" else None, citizen=r.citizen_id)
                for r in rows]

    async def follow(self, ticket_id: int, citizen_id: int, at: datetime) -> bool:
        """`citizen_id` follows the ticket; False when they already did."""
        insert = upsert_insert(self.s)
        result = await self.s.execute(insert(TicketFollowerRow).values(ticket_id=ticket_id, citizen_id=citizen_id,
                                                                       at=at)
                                      .on_conflict_do_nothing(index_elements=["ticket_id", "citizen_id"]))
        return rowcount(result) == 1

    async def followers(self, ticket_id: int) -> list[int]:
        """The citizens following the ticket (their ids), first follower first."""
        return list(await self.s.scalars(select(TicketFollowerRow.citizen_id)
                                         .where(TicketFollowerRow.ticket_id == ticket_id)
                                         .order_by(TicketFollowerRow.id)))

    async def followed_by(self, citizen_id: int, limit: int = 10) -> list[Ticket]:
        """The reports `citizen_id` follows, newest first."""
        rows = await self.s.scalars(
            select(TicketRow).join(TicketFollowerRow, TicketFollowerRow.ticket_id == TicketRow.id)
            .where(TicketFollowerRow.citizen_id == citizen_id)
            .order_by(TicketFollowerRow.id.desc()).limit(limit))
        return [_ticket(r) for r in rows]

    async def unfollow(self, ticket_id: int, citizen_id: int) -> bool:
        result = await self.s.execute(delete(TicketFollowerRow).where(TicketFollowerRow.ticket_id == ticket_id,
                                                                      TicketFollowerRow.citizen_id == citizen_id))
        return rowcount(result) > 0

    async def move_followers(self, source: int, target: int, at: datetime) -> list[int]:
        """Merging: `source`'s followers follow `target` instead; the citizens newly following it."""
        moved = [c for c in await self.followers(source) if await self.follow(target, c, at)]
        await self.s.execute(delete(TicketFollowerRow).where(TicketFollowerRow.ticket_id == source))
        return moved

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

    async def change(self, ticket_id: int, version: int, **values: Any) -> bool:
        """Apply `values` only if the ticket is still at `version` (one of two racing staff wins)."""
        result = await self.s.execute(
            update(TicketRow).where(TicketRow.id == ticket_id, TicketRow.version == version)
            .values(version=version + 1, updated_at=utcnow(), **values)
            .execution_options(synchronize_session=False))
        return rowcount(result) == 1

    async def stamp(self, ticket_id: int, version: int, **values: Any) -> bool:
        """Record what the deadline clock did (or a recomputed deadline) if the ticket is still at
        `version`; the version stays, so the buttons of its cards stay good. A once-per-deadline
        stamp (reminded, overdue, escalated) is recorded only where it is not yet: two runs of the
        clock at once (on PostgreSQL the second's UPDATE waits for the first's commit, then finds
        the version unchanged) must not both do it."""
        once = [getattr(TicketRow, k).is_(None) for k in values if k in _ONCE and values[k] is not None]
        result = await self.s.execute(
            update(TicketRow).where(TicketRow.id == ticket_id, TicketRow.version == version, *once)
            .values(**values).execution_options(synchronize_session=False))
        return rowcount(result) == 1

    async def attachments(self, ticket_id: int) -> list[AttachmentRecord]:
        rows = await self.s.scalars(select(AttachmentRow).where(AttachmentRow.ticket_id == ticket_id)
                                    .order_by(AttachmentRow.id))
        return [AttachmentRecord(r.file_id, r.file_unique_id, r.kind, r.size, r.mime_type, r.file_name)
                for r in rows]

    async def search(self, words: list[str], limit: int = 10) -> list[Ticket]:
        """The latest `limit` tickets whose title, story or number contains every word, literally:
        LIKE's wildcards (%, _) and the escape character in a word match only themselves."""
        query = select(TicketRow)
        for word in words:
            part = word.lower()
            query = query.where(or_(*(func.lower(column).contains(part, autoescape=True)
                                      for column in (TicketRow.title, TicketRow.description, TicketRow.number))))
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

    async def with_cards_in(self, chat_id: int) -> list[Ticket]:
        carded = select(TicketMessageRow.ticket_id).where(
            TicketMessageRow.chat_id == chat_id, TicketMessageRow.kind == "card")
        rows = await self.s.scalars(select(TicketRow).where(TicketRow.id.in_(carded)).order_by(TicketRow.id))
        return [_ticket(r) for r in rows]

    async def retire_cards(self, ticket_id: int, chat_id: int) -> None:
        await self.s.execute(
            update(TicketMessageRow)
            .where(TicketMessageRow.ticket_id == ticket_id, TicketMessageRow.chat_id == chat_id,
                   TicketMessageRow.kind == "card")
            .values(kind="moved").execution_options(synchronize_session=False))

    async def add_attachments(self, ticket_id: int, files: list[AttachmentRecord]) -> int:
        have = set(await self.s.scalars(
            select(AttachmentRow.file_unique_id).where(AttachmentRow.ticket_id == ticket_id)))
        new = [a for a in files if a.file_unique_id not in have]
        self.s.add_all(AttachmentRow(ticket_id=ticket_id, file_id=a.file_id, file_unique_id=a.file_unique_id,
                                     kind=a.kind, mime_type=a.mime_type, file_name=a.file_name, size=a.size)
                       for a in new)
        await self.s.flush()
        return len(new)

    async def adding_to(self, chat_id: int, within: timedelta) -> int | None:
        since = utcnow() - within  # the clock add_message records by
        return await self.s.scalar(
            select(TicketMessageRow.ticket_id)
            .where(TicketMessageRow.chat_id == chat_id, TicketMessageRow.kind == "adding",
                   TicketMessageRow.created_at >= since)
            .order_by(TicketMessageRow.id.desc()).limit(1))

    async def end_adding(self, chat_id: int) -> None:
        await self.s.execute(
            update(TicketMessageRow)
            .where(TicketMessageRow.chat_id == chat_id, TicketMessageRow.kind == "adding")
            .values(kind="added").execution_options(synchronize_session=False))

    async def submitted_between(self, start: datetime, end: datetime) -> list[tuple[Ticket, list[TicketEvent]]]:
        """The tickets submitted in [start, end) (by their "submitted" event), oldest first, each
        with its whole history."""
        ids = select(TicketEventRow.ticket_id).where(
            TicketEventRow.kind == "submitted", TicketEventRow.at >= start, TicketEventRow.at < end)
        rows = list(await self.s.scalars(select(TicketRow).where(TicketRow.id.in_(ids)).order_by(TicketRow.id)))
        history: dict[int, list[TicketEvent]] = {r.id: [] for r in rows}
        for e in await self.s.scalars(select(TicketEventRow).where(TicketEventRow.ticket_id.in_(ids))
                                      .order_by(TicketEventRow.id)):
            history[e.ticket_id].append(_event(e))
        return [(_ticket(r), history[r.id]) for r in rows]

    async def events(self, ticket_id: int) -> list[TicketEvent]:
        rows = await self.s.scalars(
            select(TicketEventRow).where(TicketEventRow.ticket_id == ticket_id).order_by(TicketEventRow.id))
        return [_event(r) for r in rows]
