"""The desks' entry points: what the core (flows/core.py), intake and the deadline clock call.

Every event is one turn (flows/turn.py), and everything the desks say goes through the outbox in
the transaction of the change it reports. This module only routes: a group's press to the staff
side, a reply to a card to the staff side, an admin command to its entry in the admin table, a
citizen's press or reply on a ticket message to the citizen side.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from flows import lifecycle as lc
from flows.callbacks import CitizenPress, DeskConfirm, decode
from flows.desks.access import Access, RefusalPace
from flows.desks.admin import COMMANDS, Admin
from flows.desks.cards import Cards
from flows.desks.citizen import CitizenSide
from flows.desks.context import DeskConfig, Members, Turn, Wording, reload
from flows.desks.deadlines import Deadlines, Tick
from flows.desks.follow import FollowUp
from flows.desks.membership import Membership
from flows.desks.staff import StaffSide
from flows.desks.transitions import Transitions
from flows.erasure import Erasure
from flows.events import Incoming, Outcome, Reply, Sender
from flows.learning import Learning
from flows.model import AgencyInfo, Citizen, Ticket
from flows.ports import UnitOfWork
from flows.turn import Turns

_SYSTEM = Sender(user_id=0, first_name="sistem")
# What a citizen can send about a report: words, files, and what is not read (told so).
FOLLOW_KINDS = ("text", "photo", "document", "unsupported")


class Desks:
    def __init__(
        self,
        turns: Turns,
        agencies: dict[str, AgencyInfo],
        config: DeskConfig | None = None,
        members: Members | None = None,
        clock: Callable[[], datetime] | None = None,
        learning: Learning | None = None,
    ) -> None:
        self.turns = turns
        self.uow_factory = turns.uow_factory
        self.config = config or DeskConfig()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.words = Wording(self.config, agencies)
        self.access = Access(self.config, agencies, self.uow_factory, members)
        self.refusals = RefusalPace()
        self.cards = Cards(self.words, self.clock, self.access)
        self.transitions = Transitions(self.config, self.words, self.cards, self.access, self.clock)
        self.staff = StaffSide(self.words, self.cards, self.access, self.transitions)
        self.follow = FollowUp(self.words, self.cards, self.transitions, self.clock, self.config.adding_minutes)
        self.citizen = CitizenSide(self.words, self.cards, self.transitions, self.clock, self.follow)
        self.erasure = Erasure(self.clock, refresh=self.cards.refresh)
        self.admin = Admin(self.config, self.words, self.cards, self.access, self.transitions, self.clock,
                           self.refusals, self.erasure, learning)
        self.membership = Membership(self.config, self.words, self.cards, self.access)
        self.deadlines = Deadlines(self.config, self.words, self.cards, self.access, self.clock)

    # ------------------------------------------------------------------ from the core
    async def handle(self, ev: Incoming) -> Outcome:
        """Events from groups, and admin commands from anywhere."""
        if ev.kind == "button" and ev.callback_data and not await self.access.may_press(ev):
            return Outcome(callback_answer=self.words("refuse_member"), callback_alert=True)
        if ev.kind == "text" and ev.reply_to_bot:
            await self._ticket_message(ev)  # wait for the card's id, outside the turn

        async def body(uow: UnitOfWork, out: Outcome) -> None:
            await self._group(Turn(ev, uow, out))

        return await self.turns.run(ev, body)

    async def handle_citizen(self, ev: Incoming) -> Outcome:
        """A citizen's press on a ticket message (solved, rating, following a report) or reply
        to one (words, a photo, a document)."""

        async def body(uow: UnitOfWork, out: Outcome) -> None:
            turn = Turn(ev, uow, out)
            citizen = await uow.citizens.get_by_user(ev.sender.user_id)
            if citizen is None:
                return
            await uow.outbox.reachable_again(ev.chat_id)
            if ev.kind == "button":
                await self.citizen.press(turn, citizen)
            else:
                found = await uow.tickets.message_at(ev.chat_id, ev.reply_to_message_id or -1)
                await self.follow.take(turn, citizen, found[0] if found else None,
                                       window=found is not None and found[1] == "adding")

        return await self.turns.run(ev, body)

    async def is_citizen_followup(self, ev: Incoming) -> bool:
        """Does this private event belong to an existing ticket rather than to the form?"""
        if ev.kind == "button":
            return isinstance(decode(ev.callback_data), CitizenPress)
        if ev.reply_to_message_id is None or ev.kind not in FOLLOW_KINDS or not ev.reply_to_bot:
            return False
        return await self._ticket_message(ev) is not None

    async def _ticket_message(self, ev: Incoming, tries: int = 30) -> tuple[int, str | None] | None:
        """The ticket behind the bot message `ev` replies to. A message's Telegram id is recorded
        just after Telegram accepted it, so a reply that comes within that instant waits for it
        briefly (outside any transaction, so the sender can record it)."""
        for attempt in range(tries):
            async with self.uow_factory() as uow:
                found = await uow.tickets.message_at(ev.chat_id, ev.reply_to_message_id or -1)
            if found is not None or attempt == tries - 1:
                return found
            async with self.uow_factory() as uow:
                if not await uow.outbox.recently_sent_without_id(ev.chat_id):
                    return None
            await asyncio.sleep(0.1)
        return None

    async def _group(self, turn: Turn) -> None:
        ev, uow = turn.ev, turn.uow
        if ev.kind == "membership":  # the bot added to or removed from the chat
            await self.membership.changed(turn)
            return
        if ev.kind == "migrated" and ev.migrate_to_chat_id is not None:
            await uow.desks.move_chat(ev.chat_id, ev.migrate_to_chat_id)
            await uow.outbox.move_chat(ev.chat_id, ev.migrate_to_chat_id)
            return
        if ev.chat_type != "private":
            # Any update from a group proves the bot is in it: a 403 (kicked, then added back
            # without our seeing it) no longer holds what is owed to the group, /meja's reply first.
            await uow.outbox.reachable_again(ev.chat_id)
        command = COMMANDS.get(ev.command or "") if ev.kind == "command" else None
        if command is not None:
            if await self.access.is_admin(uow, ev.sender.user_id):
                await command(self.admin, turn)
            elif self.refusals.may_answer(ev):  # once a minute per member in a group, then silence
                turn.out.say(self.words("refuse_admin" if ev.chat_type == "private" else "refuse_admin_group"))
            return
        desk = await uow.desks.by_chat(ev.chat_id)
        if desk is not None and not desk.active:
            desk = None  # the bot was removed from it: a desk again only by /meja (flows/desks/membership.py)
        if ev.kind == "button" and isinstance(press := decode(ev.callback_data), DeskConfirm):
            await self.admin.confirm_desk(turn, press)
        elif ev.kind == "button":
            await self.staff.press(turn, desk)
        elif ev.reply_to_message_id is not None and ev.kind == "text":
            await self.staff.reply(turn, desk)
        elif (ev.kind == "command" and ev.command in ("start", "lapor") and desk is None
              and self.refusals.may_answer(ev)):
            turn.out.say(self.words("group_only_private"))

    # ------------------------------------------------------------------ from intake
    async def ticket_submitted(self, uow: UnitOfWork, ticket: Ticket) -> None:
        """A new ticket: set its verification deadline and put its card on the coordinator desk."""
        await uow.tickets.change(ticket.id, ticket.version, **self.config.deadline(
            lc.SUBMITTED_DEADLINE, self.clock(), ticket.agency_code))
        desk = await uow.desks.for_agency(None)
        if desk is not None:
            await self.cards.post(uow, await reload(uow, ticket.id), desk)

    async def citizen_idle(self, uow: UnitOfWork, citizen: Citizen, ev: Incoming) -> list[Reply] | None:
        """Words, a photo or a document from a citizen with no form open: for the report they
        are adding to (flows/desks/follow.py), else the answer to their one deferred report, if
        any; None when it is about none of their reports."""
        if citizen.id is None or ev.kind not in FOLLOW_KINDS:
            return None
        turn = Turn(ev, uow, Outcome())
        adding = await self.follow.adding_to(turn, ev.chat_id)
        if adding is not None:
            await self.follow.take(turn, citizen, adding, window=True)
            return turn.out.replies
        if ev.kind == "unsupported":
            return None
        tickets = await uow.tickets.list_for_citizen(citizen.id, limit=20)
        deferred = [x.id for x in tickets if x.status == lc.DEFERRED]
        if len(deferred) != 1:
            return None
        await self.follow.take(turn, citizen, deferred[0])
        return turn.out.replies

    async def refresh_cards(self, uow: UnitOfWork, ticket: Ticket) -> object:
        """Redraw the ticket's cards (e.g. after the reporter's identity was erased)."""
        return await self.cards.refresh(uow, ticket)

    # ------------------------------------------------------------------ from the deadline clock
    async def deadline_clock(self, digest_hour: int | None = None) -> Tick:
        """One run of the deadline clock (flows/desks/deadlines.py): deadlines recomputed,
        desks reminded, overdue tickets marked and told, admins told; the daily digests once
        `digest_hour` has come (None: none); answered tickets past CLOSE_DAYS closed. One
        transaction, so what it did and what it says stand or fall together."""
        async with self.uow_factory() as uow:
            done = await self.deadlines.tick(uow)
            if digest_hour is not None:
                done.messages["digest"] += await self.deadlines.digests(uow, digest_hour)
            await uow.commit()
        await self.close_overdue_answers()
        return done

    async def close_overdue_answers(self) -> int:
        """Close answered tickets nobody replied to within CLOSE_DAYS working days (LAPOR!'s
        selesai); the deadline clock calls this periodically. Returns how many were closed."""
        now = self.clock()
        closed = 0
        async with self.uow_factory() as uow:
            for ticket in await uow.tickets.open_tickets((lc.ANSWERED,)):
                if ticket.due_at is None or ticket.due_at > now:
                    continue
                turn = Turn(Incoming(chat_id=0, sender=_SYSTEM, kind="text", at=now), uow, Outcome())
                if await self.transitions.apply(turn, ticket, "close", "system", "system", note="auto"):
                    closed += 1
            await uow.commit()
        return closed

