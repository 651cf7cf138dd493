"""The bot added to or removed from a chat (Telegram's my_chat_member update).

Removed from a group (left or kicked): nothing can be sent there any more, so what is owed to the
chat is held at once, as a 403 would hold it, but before a card is lost to one. If the group was
an agency's desk, the desk is inactive (`DeskRepo.for_agency` no longer finds it), so its open
tickets fall back to the coordinator desk (`Access.holder_desk`): the coordinator's card of each
is redrawn, saying the agency has no active desk (or posted, if it had none), and the desk is told
which reports it now handles. What the outbox still owed the lost group about tickets is dropped,
since the coordinator's cards carry it now; the group's old cards get the neutral "moved" edit,
held until the bot is back. Removed from the coordinator desk: nothing is moved, the tickets wait
(new reports get no card until a coordinator desk is bound again), and the admins are told
loudly. Every admin of ADMIN_IDS hears of a lost desk in their private chat, and the audit log
records it (`desk_lost`).

Added back: the chat is reachable again and what it was owed is released (the "moved" edits,
staff notices). A desk the bot was removed from becomes active again only when an admin sends
/meja there (flows/desks/admin.py, which records `desk_back`): whoever added the bot back may be
any member allowed to add members, and the group may have new members since; making a group a
desk, which shows it the reporters' personal data, is an admin's decision. The group is told so.

In a private chat: a citizen who blocked the bot (kicked) has their messages held, and released
when they unblock it (member), as when they write again.
"""

from __future__ import annotations

from flows import fmt
from flows import lifecycle as lc
from flows.desks.access import Access
from flows.desks.cards import Cards
from flows.desks.context import DeskConfig, Turn, Wording
from flows.events import PRESENT, Reply
from flows.model import Desk, Ticket

MAX_LISTED = 20  # ticket numbers named in a notice; the rest are counted


class Membership:
    def __init__(self, config: DeskConfig, words: Wording, cards: Cards, access: Access) -> None:
        self.config = config
        self.w = words
        self.cards = cards
        self.access = access

    async def changed(self, turn: Turn) -> None:
        ev, uow = turn.ev, turn.uow
        present = ev.member_status in PRESENT
        desk = await uow.desks.by_chat(ev.chat_id) if ev.chat_type != "private" else None
        if present:
            await uow.outbox.reachable_again(ev.chat_id)
        else:
            if desk is not None and desk.active and not desk.is_coordinator:
                # Before holding the rest, which would hide the message the sender may be sending.
                await uow.outbox.drop_ticket_messages(desk.chat_id, "desk lost: the bot was removed from the group")
            await uow.outbox.hold_chat(ev.chat_id, f"bot {ev.member_status} (my_chat_member)")
        if desk is None:
            return
        if not present and desk.active:
            await self._lost(turn, desk)
        elif present and not desk.active:
            turn.out.say(self.w("coordinator_back_hint") if desk.is_coordinator
                         else self.w("desk_back_hint", agency=self.w.agency_name(desk.agency_code),
                                     code=desk.agency_code))

    async def _lost(self, turn: Turn, desk: Desk) -> None:
        ev, uow, w = turn.ev, turn.uow, self.w
        await uow.desks.deactivate(desk.chat_id, ev.at)
        title = fmt.one_line(ev.chat_title or desk.title) or str(desk.chat_id)
        who = fmt.one_line(" · ".join(p for p in (ev.sender.display_name, ev.sender.username and
                                                  f"@{ev.sender.username}") if p)) or str(ev.sender.user_id)
        if desk.is_coordinator:
            waiting = [x for x in await uow.tickets.open_tickets(lc.OPEN)
                       if await self.access.holder_desk(uow, x) is None]
            text, moved = w("coordinator_lost_admin", title=title, who=who, n=len(waiting)), []
        else:
            moved = await self._move_to_coordinator(turn, desk, title)
            text = w("desk_lost_admin", title=title, agency=w.agency_name(desk.agency_code), who=who,
                     n=len(moved), numbers=self.numbers(moved), code=desk.agency_code)
        for admin in sorted(self.config.admin_ids):
            await uow.outbox.add(admin, Reply(text))
        await uow.audit.add(ev.sender.user_id, "desk_lost", desk.agency_code or "coordinator", desk.chat_id,
                               {"status": ev.member_status, "tickets": [x.number for x in moved]})

    async def _move_to_coordinator(self, turn: Turn, desk: Desk, title: str) -> list[Ticket]:
        """The lost desk's open tickets to the coordinator: its cards there redrawn (or posted),
        the group's cards retired (what was still owed to the group about them is dropped)."""
        uow, w = turn.uow, self.w
        moved = [x for x in await uow.tickets.with_cards_in(desk.chat_id) if x.status in lc.OPEN]
        coordinator = await uow.desks.for_agency(None)
        posted = {x.id for x in await self.cards.resettle(uow, {desk.chat_id}, at=coordinator)}
        for ticket in moved:
            if ticket.id not in posted:
                await self.cards.refresh(uow, ticket)
        if coordinator is not None:
            await uow.outbox.add(coordinator.chat_id, Reply(w(
                "desk_lost_coordinator", agency=w.agency_name(desk.agency_code), title=title, n=len(moved),
                numbers=self.numbers(moved))))
        return moved

    def numbers(self, tickets: list[Ticket]) -> str:
        """": OKU-1, OKU-2, … (+3)", or nothing for no tickets."""
        if not tickets:
            return ""
        listed = ", ".join(x.number for x in tickets[:MAX_LISTED])
        if len(tickets) > MAX_LISTED:
            listed += f", … (+{len(tickets) - MAX_LISTED})"
        return self.w("numbers_list", numbers=listed)
