"""The citizen's side of a ticket: pressing solved/unsolved under an answer, rating a closed
ticket; following a report from /laporanku and writing to the desks is flows/desks/follow.py.
The citizen reads everything in their own language; the desks in the staff language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flows import fmt
from flows import lifecycle as lc
from flows.callbacks import CitizenPress, decode
from flows.desks.cards import Cards
from flows.desks.context import Turn, Wording, reload
from flows.desks.follow import FollowUp
from flows.desks.transitions import Transitions
from flows.model import Citizen, Ticket, TicketEvent
from flows.texts import t

# A press under an answer: (the transition, the button's label, the note for the desks).
VERDICTS = {
    "solved": ("solved", "btn_solved", "note_solved"),
    "unsolved": ("reopen", "btn_unsolved", "note_unsolved"),
}


class CitizenSide:
    def __init__(self, words: Wording, cards: Cards, transitions: Transitions,
                 clock: Callable[[], datetime], follow: FollowUp) -> None:
        self.w = words
        self.cards = cards
        self.transitions = transitions
        self.clock = clock
        self.follow = follow

    async def press(self, turn: Turn, citizen: Citizen) -> None:
        lang, out = citizen.language, turn.out
        press = decode(turn.ev.callback_data)
        if not isinstance(press, CitizenPress):
            out.callback_answer = t(lang, "invalid_button")
            return
        ticket = await turn.uow.tickets.get(press.ticket_id)
        if ticket is not None and press.action == "unfollow":  # another's report they follow
            stopped = await turn.uow.tickets.unfollow(ticket.id, citizen.id or 0)
            out.callback_answer = t(lang, "unfollowed" if stopped else "stale_button", number=ticket.number)
            if stopped:
                out.say(t(lang, "unfollowed", number=ticket.number))
            return
        if ticket is None or ticket.citizen_id != citizen.id:
            out.callback_answer = t(lang, "n_not_yours")
            return
        if press.action == "rate":
            await self._rate(turn, citizen, ticket, press.stars)
        elif press.action not in VERDICTS:  # following the report: its page, adding, withdrawing
            await self.follow.press(turn, citizen, ticket, press)
        elif press.version != ticket.version:
            out.callback_answer = t(lang, "n_already", number=ticket.number, status=fmt.status(lang, ticket.status))
        else:
            await self._verdict(turn, citizen, ticket, press.action)

    async def _verdict(self, turn: Turn, citizen: Citizen, ticket: Ticket, pressed: str) -> None:
        """Solved or not, under the agency's answer."""
        uow, lang = turn.uow, citizen.language
        action, label, note = VERDICTS[pressed]
        turn.out.callback_answer = ""
        answer = next((e.note for e in reversed(await uow.tickets.events(ticket.id)) if e.kind == "answer"), "")
        if not await self.transitions.apply(turn, ticket, action, "citizen", turn.citizen_actor):
            return
        if turn.ev.message_id is not None:  # the answer stays readable; its buttons go
            question = t(lang, "n_answered", number=ticket.number, answer=answer or "",
                         agency=self.w.agency_name(ticket.agency_code))
            turn.out.say(t(lang, "answered", question=question, answer=t(lang, label)),
                         edit_message_id=turn.ev.message_id)
        await self.cards.note(uow, ticket, self.w(note, number=ticket.number))

    async def _rate(self, turn: Turn, citizen: Citizen, ticket: Ticket, stars: int | None) -> None:
        uow, lang = turn.uow, citizen.language
        if stars is None:
            turn.out.callback_answer = t(lang, "invalid_button")
            return
        if ticket.rating is not None or ticket.status != lc.CLOSED:
            turn.out.callback_answer = t(lang, "stale_button")
            return
        await uow.tickets.change(ticket.id, ticket.version, rating=stars)
        await uow.tickets.add_event(TicketEvent(ticket.id, "rated", turn.citizen_actor, self.clock(),
                                                data={"rating": stars}))
        turn.out.callback_answer = ""
        if turn.ev.message_id is not None:
            turn.out.say(t(lang, "n_rated", stars="⭐" * stars), edit_message_id=turn.ev.message_id)
        fresh = await reload(uow, ticket.id)
        await self.cards.note(uow, fresh, self.w("note_rated", number=ticket.number, stars="⭐" * stars))
        await self.cards.refresh(uow, fresh)
