"""Deadlines that bite (LAPOR!'s 3/5/10 working days, and the regional tiers): the deadline clock.

A ticket runs against one deadline at a time (`deadline_kind`, from `deadline_from`, due at
`due_at`; flows/desks/context.py DeskConfig.deadline). While the desk holding it works it (new,
dispositioned, in progress; not while it waits for the citizen or is answered), the clock:

1. reminds that desk one working day before the deadline (REMIND_DAYS): the card is posted
   again at the bottom of the group with its buttons, or, when several fall due, one digest;
2. once the deadline has passed, marks the ticket overdue on its cards, tells the coordinator
   desk (one message for all that passed) and tells the citizen, honestly, that it is late;
3. ESCALATE_DAYS working days after the deadline, tells the admins (one message each).

Each happens once per deadline: it is a stamp on the ticket (`reminded_at`, `overdue_at`,
`escalated_at`) and an event, written in the transaction of the messages it sends, and a new
deadline (any transition that starts one) clears them. A restart neither skips nor doubles one:
the clock runs soon after start and looks at the stamps. Desks and admins are written to in office
hours of working days only; outside them the clock waits. When the calendar changes (a day off
decreed after deadlines were computed), every deadline is recomputed from when it started; the
stamps stay, so nobody is reminded twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flows import fmt
from flows import lifecycle as lc
from flows.callbacks import StaffPress
from flows.desks.access import Access
from flows.desks.cards import Cards
from flows.desks.context import DeskConfig, Wording
from flows.events import Button, Reply
from flows.model import Desk, Ticket, TicketEvent
from flows.ports import UnitOfWork
from flows.texts import t
from flows.workdays import working_day_after, working_day_before

# The statuses in which the holding desk owes the next step (the clock runs against it).
WORKED = (lc.NEW, lc.DISPOSITIONED, lc.IN_PROGRESS)
LISTED = 50  # tickets named in one digest section; the rest are counted
OPEN_BUTTONS = 10  # "open" buttons under one digest (the most urgent first)
SYSTEM = "system"


def open_press(ticket: Ticket) -> str:
    """The button that posts the ticket's card again at the bottom of the desk (any version)."""
    return StaffPress(ticket.id, "open", 0).encode()


@dataclass(slots=True)
class Tick:
    """What one run of the deadline clock did."""

    recomputed: int = 0
    reminded: int = 0
    overdue: int = 0
    escalated: int = 0
    messages: dict[str, int] = field(default_factory=lambda: defaultdict(int))


class Deadlines:
    def __init__(self, config: DeskConfig, words: Wording, cards: Cards, access: Access,
                 clock: Callable[[], datetime]) -> None:
        self.config = config
        self.w = words
        self.cards = cards
        self.access = access
        self.clock = clock

    # ------------------------------------------------------------------ when
    def remind_day(self, ticket: Ticket) -> datetime | None:
        """From when the desk is reminded of the ticket's deadline: the start of the working day
        REMIND_DAYS before it, but not on the day the deadline started (a one-day deadline is
        reminded on its day)."""
        if ticket.due_at is None:
            return None
        due_day = self.config.local(ticket.due_at).date()
        day = working_day_before(due_day, self.config.remind_days)
        if ticket.deadline_from is not None:
            start = self.config.local(ticket.deadline_from).date()
            if day <= start:
                day = min(working_day_after(start, 1), due_day)
        return self.config.day_start(day)

    def escalate_day(self, ticket: Ticket) -> datetime | None:
        """From when the admins are told: the start of the ESCALATE_DAYS-th working day after
        the deadline's day."""
        if ticket.due_at is None:
            return None
        return self.config.day_start(working_day_after(self.config.local(ticket.due_at).date(),
                                                       self.config.escalate_days))

    # ------------------------------------------------------------------ the clock
    async def tick(self, uow: UnitOfWork) -> Tick:
        """One run, in the caller's transaction."""
        now = self.clock()
        done = Tick()
        tickets = await uow.tickets.open_tickets(lc.OPEN)
        done.recomputed = await self._recompute(uow, tickets)
        if not self.config.office_open(now):
            return done
        worked = [x for x in tickets if x.status in WORKED and x.due_at is not None]
        await self._remind(uow, worked, now, done)
        await self._overdue(uow, worked, now, done)
        await self._escalate(uow, worked, now, done)
        return done

    async def _recompute(self, uow: UnitOfWork, tickets: Iterable[Ticket]) -> int:
        """Deadlines computed before the calendar changed, computed again from their start."""
        changed = 0
        for ticket in tickets:
            if ticket.deadline_kind is None or ticket.deadline_from is None:
                continue
            due = self.config.due(ticket.deadline_kind, ticket.deadline_from, ticket.tier)
            if due is None or due == ticket.due_at:
                continue
            if await uow.tickets.stamp(ticket.id, ticket.version, due_at=due):
                changed += 1
                ticket.due_at = due
                await self.cards.refresh(uow, ticket)
        return changed

    async def _remind(self, uow: UnitOfWork, tickets: list[Ticket], now: datetime, done: Tick) -> None:
        by_desk: dict[int, tuple[Desk, list[Ticket]]] = {}
        for ticket in tickets:
            start = self.remind_day(ticket)
            if ticket.reminded_at is not None or ticket.due_at is None or start is None:
                continue
            if not start <= now < ticket.due_at:
                continue
            desk = await self.access.holder_desk(uow, ticket)
            if not await uow.tickets.stamp(ticket.id, ticket.version, reminded_at=now):
                continue
            await uow.tickets.add_event(TicketEvent(ticket.id, "reminded", SYSTEM, now, data={
                "due": ticket.due_at.isoformat(), "desk": desk.chat_id if desk else None}))
            done.reminded += 1
            if desk is not None:
                by_desk.setdefault(desk.chat_id, (desk, []))[1].append(ticket)
        for desk, due in by_desk.values():
            due.sort(key=lambda x: (x.due_at, x.id))
            if len(due) == 1:
                [ticket] = due
                await uow.outbox.add(desk.chat_id, Reply(self.w(
                    "remind_one", number=ticket.number, due=self.w.day(ticket.due_at))))
                await self.cards.repost(uow, ticket, desk)
            else:
                await uow.outbox.add(desk.chat_id, self.digest(self.w("remind_many", n=len(due)), due))
            done.messages["reminder"] += 1

    async def _overdue(self, uow: UnitOfWork, tickets: list[Ticket], now: datetime, done: Tick) -> None:
        late: list[Ticket] = []
        for ticket in tickets:
            if ticket.overdue_at is not None or ticket.due_at is None or ticket.due_at > now:
                continue
            if not await uow.tickets.stamp(ticket.id, ticket.version, overdue_at=now):
                continue
            ticket.overdue_at = now
            await uow.tickets.add_event(TicketEvent(ticket.id, "overdue", SYSTEM, now, data={
                "due": ticket.due_at.isoformat(), "deadline": ticket.deadline_kind,
                "agency": ticket.agency_code, "status": ticket.status}))
            await self.cards.refresh(uow, ticket)
            citizen = await uow.citizens.get(ticket.citizen_id)
            if citizen is not None and citizen.erased_at is None:
                lang = ticket.language
                await uow.outbox.add(citizen.chat_id, Reply(t(
                    lang, "n_overdue", number=ticket.number, due=self.w.day(ticket.due_at, lang))))
                done.messages["citizen"] += 1
            late.append(ticket)
        done.overdue += len(late)
        coordinator = await uow.desks.for_agency(None)
        if late and coordinator is not None:
            late.sort(key=lambda x: (x.due_at, x.id))
            await uow.outbox.add(coordinator.chat_id, self.digest(self.w("overdue_many", n=len(late)), late))
            done.messages["coordinator"] += 1

    async def _escalate(self, uow: UnitOfWork, tickets: list[Ticket], now: datetime, done: Tick) -> None:
        late: list[Ticket] = []
        for ticket in tickets:
            start = self.escalate_day(ticket)
            if ticket.overdue_at is None or ticket.escalated_at is not None or start is None or now < start:
                continue
            if not await uow.tickets.stamp(ticket.id, ticket.version, escalated_at=now):
                continue
            await uow.tickets.add_event(TicketEvent(ticket.id, "escalated", SYSTEM, now, data={
                "due": ticket.due_at.isoformat() if ticket.due_at else None, "agency": ticket.agency_code}))
            late.append(ticket)
        done.escalated += len(late)
        if not late:
            return
        late.sort(key=lambda x: (x.due_at, x.id))
        # To the admins: the numbers, agencies and how late; never the citizen's words.
        lines = [self.w("escalate_line", number=x.number, agency=self.w.agency_short(x.agency_code),
                        status=self.w.status(x.status), due=self.w.day(x.due_at)) for x in late[:LISTED]]
        if len(late) > LISTED:
            lines.append(self.w("digest_more", n=len(late) - LISTED))
        text = "\n".join([self.w("escalate_head", n=len(late), days=self.config.escalate_days), "", *lines])
        for admin in await self.admins(uow):
            await uow.outbox.add(admin, Reply(text))
            done.messages["admin"] += 1

    async def admins(self, uow: UnitOfWork) -> list[int]:
        """Every admin's private chat: ADMIN_IDS and those granted by /admin."""
        granted = [g.user_id for g in await uow.admins.all()]
        return sorted(set(self.config.admin_ids) | set(granted))

    # ------------------------------------------------------------------ the daily digest
    async def digests(self, uow: UnitOfWork, digest_hour: int) -> int:
        """Each desk's summary of the day (once a working day per desk, from `digest_hour`): its
        open tickets counted by what they wait for, the urgent ones named, a button to open
        each. A desk with nothing open is left in peace. How many desks got one."""
        now = self.clock()
        local = self.config.local(now)
        if not self.config.office_open(now) or local.hour < digest_hour:
            return 0
        held: dict[int, tuple[Desk, list[Ticket]]] = {}
        for ticket in await uow.tickets.open_tickets((*WORKED, lc.DEFERRED)):
            desk = await self.access.holder_desk(uow, ticket)
            if desk is not None:
                held.setdefault(desk.chat_id, (desk, []))[1].append(ticket)
        sent = 0
        for desk, tickets in held.values():
            if not await uow.jobs.once(f"digest:{desk.chat_id}", local.date().isoformat(), now):
                continue
            await uow.outbox.add(desk.chat_id, self._digest_of(desk, tickets, now))
            sent += 1
        return sent

    def _digest_of(self, desk: Desk, tickets: list[Ticket], now: datetime) -> Reply:
        today = self.config.local(now).date()
        worked = [x for x in tickets if x.status in WORKED and x.due_at is not None]
        sections: dict[str, list[Ticket]] = {
            "overdue": [x for x in worked if x.due_at is not None and x.due_at < now],
            "due_today": [x for x in worked if x.due_at is not None and x.due_at >= now
                          and self.config.local(x.due_at).date() == today],
        }
        urgent = {x.id for group in sections.values() for x in group}
        sections["new"] = [x for x in tickets if x.status in (lc.NEW, lc.DISPOSITIONED) and x.id not in urgent]
        sections["in_progress"] = [x for x in tickets if x.status == lc.IN_PROGRESS and x.id not in urgent]
        sections["waiting"] = [x for x in tickets if x.status == lc.DEFERRED]
        for group in sections.values():
            group.sort(key=lambda x: (x.due_at or now, x.id))
        counts = {
            "new": sum(1 for x in tickets if x.status in (lc.NEW, lc.DISPOSITIONED)),
            "in_progress": sum(1 for x in tickets if x.status == lc.IN_PROGRESS),
            "due_today": len(sections["due_today"]), "overdue": len(sections["overdue"]),
            "waiting": len(sections["waiting"]),
        }
        name = desk.title or (self.w.agency_short(desk.agency_code) if desk.agency_code else "koordinator")
        lines = [self.w("digest_head", desk=fmt.one_line(name), day=self.w.day(now)), self.w("digest_counts", **counts)]
        budget = LISTED
        for key, group in sections.items():
            if not group or budget <= 0:
                continue
            lines += ["", self.w(f"digest_section_{key}")]
            lines += [self.line(x) for x in group[:budget]]
            if len(group) > budget:
                lines.append(self.w("digest_more", n=len(group) - budget))
            budget -= len(group)
        first = [x for group in sections.values() for x in group][:OPEN_BUTTONS]
        return Reply("\n".join(lines), buttons=[[Button(self.w("b_open", number=x.number), open_press(x))]
                                                for x in first])

    # ------------------------------------------------------------------ what a desk is shown
    def line(self, ticket: Ticket) -> str:
        """One ticket in a desk's digest: number, agency, deadline, status and the title."""
        key = "digest_line_late" if ticket.overdue_at is not None or (
            ticket.due_at is not None and ticket.due_at < self.clock()) else "digest_line"
        return self.w(key, number=ticket.number, agency=self.w.agency_short(ticket.agency_code),
                      due=self.w.day(ticket.due_at), status=self.w.status(ticket.status),
                      title=fmt.clip(fmt.one_line(ticket.title), 48))

    def digest(self, head: str, tickets: list[Ticket]) -> Reply:
        """A list of tickets under `head`, the first LISTED named (the rest counted), with a button
        to open each of the first OPEN_BUTTONS. The sender splits a long text within Telegram's limits."""
        lines = [self.line(x) for x in tickets[:LISTED]]
        if len(tickets) > LISTED:
            lines.append(self.w("digest_more", n=len(tickets) - LISTED))
        buttons = [[Button(self.w("b_open", number=x.number), open_press(x))] for x in tickets[:OPEN_BUTTONS]]
        return Reply("\n".join([head, "", *lines]), buttons=buttons)
