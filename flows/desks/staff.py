"""What staff do in a desk group: press a card's buttons, answer a prompt, reply to a card.

A press is decoded (flows/callbacks.py), checked against the desk's role for the ticket and the
card's version, then handled by its entry in `PRESSES`. Some presses change the ticket at once;
archive, choose and defer first ask a question (reasons, agencies, or "reply with your question")
whose answer is the change. Replying to a card answers the citizen.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from flows import lifecycle as lc
from flows.callbacks import StaffPress, decode
from flows.desks.access import Access
from flows.desks.cards import Cards
from flows.desks.context import Turn, Wording, reload
from flows.desks.transitions import Transitions, tell_citizens
from flows.events import Button, Reply
from flows.model import Desk, MessageRef, Ticket, TicketEvent
from flows.ports import UnitOfWork
from flows.texts import t

log = logging.getLogger(__name__)

MAX_STAFF_TEXT = 3000


@dataclass(frozen=True, slots=True)
class Pressed:
    """A staff press that passed the checks: whose, on which ticket, in which role."""

    turn: Turn
    desk: Desk
    ticket: Ticket
    role: lc.Role
    press: StaffPress


class StaffSide:
    def __init__(self, words: Wording, cards: Cards, access: Access, transitions: Transitions) -> None:
        self.w = words
        self.cards = cards
        self.access = access
        self.transitions = transitions

    async def press(self, turn: Turn, desk: Desk | None) -> None:
        w, out = self.w, turn.out
        press = decode(turn.ev.callback_data)
        if not isinstance(press, StaffPress):
            log.warning("refused staff callback %r from %s", turn.ev.callback_data, turn.ev.sender.user_id)
            out.callback_answer = w("invalid_button")
            return
        if desk is None:
            out.callback_answer = w("refuse_not_desk")
            return
        ticket = await turn.uow.tickets.get(press.ticket_id)
        if ticket is None:
            out.callback_answer = w("invalid_button")
            return
        role = self.access.role(desk, ticket)
        if role is None:
            out.callback_answer = w("refuse_not_yours", number=ticket.number)
            return
        if press.version != ticket.version and press.action != "open":  # open: whatever the card's version
            out.callback_answer = w("refuse_moved_on", number=ticket.number, status=w.status(ticket.status))
            await self.cards.refresh(turn.uow, ticket)
            return
        handler = PRESSES.get(press.action)
        if handler is None:
            out.callback_answer = w("invalid_button")
            return
        await handler(self, Pressed(turn, desk, ticket, role, press))

    # ------------------------------------------------------------------ presses
    async def take(self, p: Pressed) -> None:
        """A card action with nothing more to ask (start, not_authority): the change itself."""
        await self.transitions.apply(p.turn, p.ticket, p.press.action, p.role, p.turn.staff_actor)

    async def open(self, p: Pressed) -> None:
        """A digest's button: the ticket's card again, at the bottom of this desk."""
        p.turn.out.callback_answer = ""
        await self.cards.repost(p.turn.uow, p.ticket, p.desk)

    async def verify(self, p: Pressed) -> None:
        if p.ticket.agency_code:
            await self.take(p)
        else:  # nothing proposed: the coordinator picks the agency first
            await self.choose(p)

    async def archive(self, p: Pressed) -> None:
        """One of the archive reasons, pressed under the archive prompt."""
        reason = p.press.action.removeprefix("arch_")
        await self.transitions.apply(p.turn, p.ticket, "archive", p.role, p.turn.staff_actor,
                                     archive_reason=reason, note=reason)
        self._close_prompt(p.turn, self.w("r_" + reason))

    async def dispose(self, p: Pressed) -> None:
        """An agency, pressed under the choose prompt."""
        code = p.press.arg
        if code is None or code not in self.w.agencies:
            p.turn.out.callback_answer = self.w("invalid_button")
            return
        action = "verify" if p.ticket.status == lc.NEW else "redispose"
        await self.transitions.apply(p.turn, p.ticket, action, p.role, p.turn.staff_actor, agency=code)
        self._close_prompt(p.turn, self.w.agency_short(code))

    async def merge(self, p: Pressed) -> None:
        """"Gabungkan": this report repeats another (flows/intake/similar.py found it): it is
        archived as a duplicate, its reporter and followers follow the other, and all are told."""
        w, uow, turn = self.w, p.turn.uow, p.turn
        arg = p.press.arg or ""
        target = await uow.tickets.get(int(arg)) if arg.isdigit() else None
        if (p.role != "coordinator" or target is None or target.id == p.ticket.id or target.status == lc.ARCHIVED
                or target.confidential or p.ticket.confidential):
            turn.out.callback_answer = w("refuse_merge", number=p.ticket.number)
            return
        if not await self.transitions.apply(turn, p.ticket, "archive", p.role, turn.staff_actor,
                                            archive_reason="duplicate", note=target.number, tell=False):
            return
        now = self.transitions.clock()
        moved = await uow.tickets.move_followers(p.ticket.id, target.id, now)
        if p.ticket.citizen_id != target.citizen_id and await uow.tickets.follow(target.id, p.ticket.citizen_id, now):
            moved.append(p.ticket.citizen_id)
        await uow.tickets.add_event(TicketEvent(target.id, "merged", turn.staff_actor, now, note=p.ticket.number,
                                                data={"from": p.ticket.id, "followers": len(moved)}))
        await tell_citizens(uow, moved, lambda lang: Reply(t(lang, "merged_notice", number=p.ticket.number,
                                                             target=target.number)))
        await self.cards.refresh(uow, await reload(uow, target.id))  # its follower count
        turn.out.callback_answer = w("merge_done", number=p.ticket.number, target=target.number, n=len(moved))

    # ------------------------------------------------------------------ prompts: ask first, change on the answer
    async def ask_reason(self, p: Pressed) -> None:
        """Archive: which reason (the reasons are buttons)."""
        if self._may(p):
            p.turn.out.say(self.w("prompt_archive", number=p.ticket.number), buttons=[[
                Button(self.w(f"b_arch_{r}"), _press(p.ticket, f"arch_{r}")) for r in lc.ARCHIVE_REASONS]])

    async def ask_question(self, p: Pressed) -> None:
        """Defer: the question for the citizen is the reply to this prompt."""
        if self._may(p):
            uow, chat_id = p.turn.uow, p.desk.chat_id
            tm = await uow.tickets.add_message(p.ticket.id, chat_id, "defer_prompt")
            await uow.outbox.add(chat_id, Reply(self.w("prompt_defer", number=p.ticket.number)), ref=MessageRef(tm))

    async def choose(self, p: Pressed) -> None:
        """Which agency: the current one and the classifier's candidates (any other by /disposisi)."""
        p.turn.out.callback_answer = ""
        codes = await self._candidates(p.turn.uow, p.ticket)
        rows = [[Button(self.w.agencies[c].name[:60], _press(p.ticket, "to", c))] for c in codes]
        p.turn.out.say(self.w("prompt_choose", number=p.ticket.number), buttons=rows)

    def _may(self, p: Pressed) -> bool:
        """Would the change the prompt leads to be allowed? Else say why, and ask nothing."""
        try:
            lc.target(p.press.action, p.ticket.status, p.role)
        except lc.IllegalTransition:
            p.turn.out.callback_answer = self.w("refuse_transition", action=p.press.action, number=p.ticket.number,
                                                status=self.w.status(p.ticket.status))
            return False
        p.turn.out.callback_answer = ""
        return True

    def _close_prompt(self, turn: Turn, answer: str) -> None:
        if turn.ev.message_id is not None:
            turn.out.say("➡️ " + answer, edit_message_id=turn.ev.message_id)

    async def _candidates(self, uow: UnitOfWork, ticket: Ticket) -> list[str]:
        """The agencies worth offering: the current one, then the classifier's candidates."""
        codes: list[str] = [ticket.agency_code] if ticket.agency_code else []
        for event in await uow.tickets.events(ticket.id):
            if event.kind == "routed":
                codes += [c["code"] for c in (event.data or {}).get("candidates", [])]
        seen = [c for i, c in enumerate(codes) if c in self.w.agencies and c not in codes[:i]]
        return seen[:5]

    # ------------------------------------------------------------------ replies
    async def reply(self, turn: Turn, desk: Desk | None) -> None:
        """A reply in a desk: to a card or note (the answer to the citizen), or to a defer prompt
        (the question for the citizen)."""
        ev, uow, w = turn.ev, turn.uow, self.w
        found = await uow.tickets.message_at(ev.chat_id, ev.reply_to_message_id or -1)
        if desk is None:
            if ev.reply_to_bot:  # someone answering the bot in a group that is no desk
                turn.out.say(w("refuse_not_desk"))
            return
        if found is None:
            if ev.reply_to_bot:  # staff talking among themselves is none of our business
                turn.out.say(w("refuse_reply_target"))
            return
        ticket = await reload(uow, found[0])
        role = self.access.role(desk, ticket)
        if role is None:
            turn.out.say(w("refuse_not_yours", number=ticket.number))
            return
        text = ev.text.strip()
        if len(text) > MAX_STAFF_TEXT:
            turn.out.say(w("refuse_too_long", length=len(text), max=MAX_STAFF_TEXT))
            return
        if found[1] == "defer_prompt":
            await self.transitions.apply(turn, ticket, "defer", role, turn.staff_actor, note=text)
        elif ticket.status == lc.NEW:
            turn.out.say(w("refuse_answer_new", number=ticket.number))
        else:
            await self.transitions.apply(turn, ticket, "answer", role, turn.staff_actor, note=text)


def _press(ticket: Ticket, action: str, arg: str | None = None) -> str:
    return StaffPress(ticket.id, action, ticket.version, arg).encode()


# Every staff press, by its action: a card action changes the ticket at once unless it is listed
# here with a prompt to ask first; then the prompts' buttons (archive reasons, an agency to
# dispose to). Anything else is refused as a button the bot never drew.
PRESSES: dict[str, Callable[[StaffSide, Pressed], Awaitable[None]]] = {
    **{action: StaffSide.take for action in lc.CARD_ACTIONS},
    "verify": StaffSide.verify,
    "choose": StaffSide.choose,
    "defer": StaffSide.ask_question,
    "archive": StaffSide.ask_reason,
    **{f"arch_{reason}": StaffSide.archive for reason in lc.ARCHIVE_REASONS},
    "to": StaffSide.dispose,
    "open": StaffSide.open,
    "merge": StaffSide.merge,
}
