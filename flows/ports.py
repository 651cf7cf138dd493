"""The narrow ports through which the core reaches storage. storage/ implements them with
SQLAlchemy; anything else that honours them (an in-memory fake, another database) will do."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from flows.events import Reply
from flows.model import Citizen, Draft, NewTicket, Ticket, TicketEvent


class CitizenRepo(Protocol):
    async def get_by_user(self, user_id: int) -> Citizen | None: ...
    async def save(self, citizen: Citizen) -> Citizen: ...


class DraftRepo(Protocol):
    async def get(self, chat_id: int) -> Draft | None: ...
    async def save(self, draft: Draft) -> None: ...
    async def delete(self, chat_id: int) -> None: ...


class TicketRepo(Protocol):
    async def add(self, ticket: NewTicket) -> Ticket: ...
    async def number_taken(self, number: str) -> bool: ...
    async def get_by_number(self, number: str) -> Ticket | None: ...
    async def list_for_citizen(self, citizen_id: int, limit: int = 10) -> list[Ticket]: ...
    async def add_event(self, event: TicketEvent) -> None: ...
    async def events(self, ticket_id: int) -> list[TicketEvent]: ...


class UpdateLog(Protocol):
    async def claim(self, update_id: int) -> bool:
        """Record the update as handled; False when it already was (a redelivery)."""
        ...


class UnitOfWork(Protocol):
    citizens: CitizenRepo
    drafts: DraftRepo
    tickets: TicketRepo
    updates: UpdateLog
    outbox: Outbox

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    async def commit(self) -> None: ...


class StaleDraft(Exception):
    """Another worker changed the draft since it was loaded; the turn is retried."""


class Outbox(Protocol):
    async def add(self, chat_id: int, reply: Reply, ref: str | None = None) -> None:
        """Owe `reply` to `chat_id`; sent after the surrounding transaction commits."""
        ...

    async def reachable_again(self, chat_id: int) -> None:
        """The chat wrote to us: it no longer blocks the bot; release what was held for it."""
        ...
