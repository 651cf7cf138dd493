"""Erasure on request (UU PDP 27/2022) and retention: one service for the citizen's /hapusdata,
the admin's /hapuswarga and the daily retention job.

What goes: the citizen's name, username and phone everywhere they were kept or copied (the
citizen row, every ticket's phone, the tickets' text, ticket events, outbox messages: sent ones
are deleted, unsent ones redacted), their form in progress, attachment file names, and the
attachments of their closed tickets (a photo can show a face). What stays, without identity:
the tickets' content and history, for public accountability.

A citizen with an open ticket keeps their Telegram ids until it is closed, so they still get
its status notices (and may press "solved" or rate); the daily job then severs the ids. Without
an open ticket the ids go at once, and a later message starts over with the consent question.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flows import lifecycle as lc
from flows.model import Citizen, Ticket
from flows.ports import UnitOfWork

Refresh = Callable[[UnitOfWork, Ticket], Awaitable[object]]


def identity_tokens(citizen: Citizen | None, phones: list[str | None]) -> list[str]:
    """The strings that identify the citizen in text: name (and its longer words), @username,
    username, phones (as given and as digits)."""
    tokens: list[str] = []
    if citizen is not None:
        name = citizen.name.strip()
        if len(name) >= 3:
            tokens.append(name)
            tokens += [w for w in name.split() if len(w) >= 4]
        if citizen.username:
            tokens += [f"@{citizen.username}", citizen.username]
        phones = [citizen.phone, *phones]
    for phone in phones:
        if phone:
            digits = "".join(c for c in phone if c.isdigit())
            tokens += [phone] + ([digits] if len(digits) >= 6 else [])
    return sorted(set(tokens), key=len, reverse=True)


@dataclass
class RetentionResult:
    tickets: int = 0
    citizens: int = 0
    purged: dict[str, int] = field(default_factory=dict)


class Erasure:
    def __init__(self, clock: Callable[[], datetime], refresh: Refresh | None = None) -> None:
        self.clock = clock
        self.refresh = refresh  # redraws a ticket's cards on the desks (flows/desks/cards.py)

    async def erase_citizen(self, uow: UnitOfWork, citizen: Citizen, by: str,
                            actor_user_id: int | None = None, reason: str | None = None) -> int:
        """Erase the citizen's identity everywhere; how many of their tickets it touched.
        `by` is "citizen", "admin" or "retention"; the audit row holds no personal data (the
        citizen is named by their internal row id only, never their Telegram id)."""
        assert citizen.id is not None
        now = self.clock()
        tickets = await uow.tickets.list_for_citizen(citizen.id, limit=100_000)
        await self._erase(uow, citizen, tickets, now)
        await uow.privacy.erase_citizen(citizen.id, now, sever=not any(x.status in lc.OPEN for x in tickets))
        await uow.drafts.delete(citizen.chat_id)
        for ticket in tickets:
            await self._redraw(uow, ticket.id)
        detail: dict[str, object] = {"by": by, "tickets": len(tickets)}
        if reason:
            detail["reason"] = reason
        await uow.audit.add(actor_user_id, "erase", f"citizen:{citizen.id}", detail=detail, at=now)
        return len(tickets)

    async def _erase(self, uow: UnitOfWork, citizen: Citizen | None, tickets: list[Ticket], now: datetime) -> None:
        tokens = identity_tokens(citizen, [x.phone for x in tickets])
        done = [x.id for x in tickets if x.status not in lc.OPEN]
        await uow.privacy.erase_tickets([x.id for x in tickets], tokens, done, now)

    async def _redraw(self, uow: UnitOfWork, ticket_id: int) -> None:
        ticket = await uow.tickets.get(ticket_id)
        if self.refresh is not None and ticket is not None:
            await self.refresh(uow, ticket)

    async def retention(self, uow: UnitOfWork, years: int, outbox_keep_days: int,
                        updates_keep_days: int = 3) -> RetentionResult:
        """RETENTION_YEARS after a ticket was closed or archived its identity goes; a citizen with
        nothing left open is erased entirely; old delivery records are purged. Every step is a
        condition on the rows, so running it twice (or after a restart) changes nothing more."""
        now = self.clock()
        cutoff = _years_before(now, years)
        result = RetentionResult()
        for ticket_id in await uow.privacy.retention_due(cutoff):
            ticket = await uow.tickets.get(ticket_id)
            if ticket is None:
                continue
            await self._erase(uow, await uow.citizens.get(ticket.citizen_id), [ticket], now)
            await self._redraw(uow, ticket.id)
            result.tickets += 1
        for citizen_id in await uow.privacy.citizens_to_forget(cutoff):
            citizen = await uow.citizens.get(citizen_id)
            if citizen is not None:
                await self.erase_citizen(uow, citizen, "retention")
                result.citizens += 1
        result.purged = await uow.privacy.purge(now - timedelta(days=outbox_keep_days),
                                                now - timedelta(days=updates_keep_days))
        if result.tickets:
            await uow.audit.add(None, "retention", detail={"tickets": result.tickets}, at=now)
        return result


def _years_before(now: datetime, years: int) -> datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)
