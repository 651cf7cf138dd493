"""Applying one lifecycle transition, a row of flows/lifecycle.py, and everything that follows it.

In one turn: the row must allow the action from the ticket's status for the actor's role; the
ticket must still be at the version that was read (when another staff member changed it in
between, they won); the new values and the event are written; then every card is redrawn, the desk
that holds the ticket now gets a card if it has none, the coordinator is told, and the citizen gets
the row's notice. Nothing here is about one action in particular: the row says what follows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from flows import fmt
from flows import lifecycle as lc
from flows.callbacks import CitizenPress
from flows.desks.access import Access
from flows.desks.cards import Buttons, Cards
from flows.desks.context import DeskConfig, Turn, Wording, reload
from flows.events import Button, Reply
from flows.model import MessageRef, Ticket, TicketEvent
from flows.ports import UnitOfWork
from flows.texts import t

# The transition by which an agency says a ticket is not theirs (a routing example, issue 14).
REFUSAL = "not_authority"


def new_values(row: lc.Transition, status: str, ticket: Ticket, now: datetime, config: DeskConfig,
               agency: str | None = None) -> dict[str, Any]:
    """What the ticket's record gets from taking `row` into `status`: the deadline the row names
    (by the tier of `agency`, the ticket's agency after the change), and what entering a status
    stamps (where a deferred ticket came from, when it was first answered, when it closed)."""
    values: dict[str, Any] = {"status": status,
                              **config.deadline(row.deadline, now, agency or ticket.agency_code)}
    if status == lc.DEFERRED:
        values["previous_status"] = ticket.status
    if status == lc.ANSWERED and ticket.first_answer_at is None:
        values["first_answer_at"] = now
    if status == lc.CLOSED:
        values["closed_at"] = now
    return values


def _solved_buttons(ticket: Ticket) -> Buttons:
    def press(action: Any) -> str:
        return CitizenPress(ticket.id, action, ticket.version).encode()

    lang = ticket.language
    return [[Button(t(lang, "btn_solved"), press("solved")), Button(t(lang, "btn_unsolved"), press("unsolved"))]]


def _rating_buttons(ticket: Ticket) -> Buttons:
    return [[Button("⭐" * n, CitizenPress(ticket.id, "rate", ticket.version, n).encode()) for n in range(1, 6)]]


ASKS: dict[lc.Ask, Callable[[Ticket], Buttons]] = {"solved": _solved_buttons, "rating": _rating_buttons}


def notice(row: lc.Transition, ticket: Ticket, note: str | None, words: Wording) -> Reply | None:
    """The citizen's notice of `row`, in the ticket's language. Every notice is filled from the
    same parameters (a text uses those it names): the number, the agency, the deadline, the
    archive reason, and the staff's words as the question (defer) or the answer."""
    if row.notice is None:
        return None
    lang = ticket.language
    reason = t(lang, f"reason_{ticket.archive_reason}") if ticket.archive_reason else ""
    text = t(lang, row.notice, number=ticket.number, agency=words.agency_name(ticket.agency_code),
             due=words.day(ticket.due_at, lang), reason=reason, question=note or "", answer=note or "")
    return Reply(text, buttons=ASKS[row.ask](ticket) if row.ask else [])


class Transitions:
    def __init__(self, config: DeskConfig, words: Wording, cards: Cards, access: Access,
                 clock: Callable[[], datetime]) -> None:
        self.config = config
        self.w = words
        self.cards = cards
        self.access = access
        self.clock = clock

    async def apply(self, turn: Turn, ticket: Ticket, action: str, role: lc.Role, actor: str,
                    note: str | None = None, agency: str | None = None, archive_reason: str | None = None,
                    tell: bool = True) -> bool:
        """Take `action` on `ticket` as `actor` in `role`; False (and the actor told why) when refused.
        `tell=False`: the citizen and followers are not sent the transition's notice (the caller
        tells them what happened, as a merge does)."""
        w, uow = self.w, turn.uow
        try:
            status = lc.target(action, ticket.status, role, resume_to=ticket.previous_status)
        except lc.IllegalTransition:
            turn.refuse(w("refuse_transition", action=action, number=ticket.number, status=w.status(ticket.status)))
            return False
        row = lc.BY_ACTION[action]
        now = self.clock()
        values = new_values(row, status, ticket, now, self.config, agency)
        if agency is not None:
            values["agency_code"] = agency
        if archive_reason is not None:
            values["archive_reason"] = archive_reason
        if not await uow.tickets.change(ticket.id, ticket.version, **values):
            # Someone else changed the ticket between our read and write: they won.
            turn.refuse(w("refuse_race", number=ticket.number))
            return False
        by = {"by": turn.ev.sender.display_name, "agency": values.get("agency_code", ticket.agency_code)}
        await uow.tickets.add_event(TicketEvent(ticket.id, action, actor, now, from_status=ticket.status,
                                                to_status=status, note=note, data=by))
        await self._correction(uow, ticket, action, values.get("agency_code", ticket.agency_code), actor, now)
        if turn.ev.kind == "button" and turn.out.callback_answer is None:
            turn.out.callback_answer = w("ok_changed", status=w.status(status))
        await self._follow(uow, row, await reload(uow, ticket.id), note, tell)
        return True

    async def _correction(self, uow: UnitOfWork, ticket: Ticket, action: str, agency: str | None,
                          actor: str, now: datetime) -> None:
        """A routing example (issue 14) when staff corrected where the ticket goes: it went to
        another agency than it was at ("Pilih instansi", /disposisi, redisposition), or the agency
        said it is not theirs ("Bukan wewenang"). A verification to the proposed agency is none."""
        refused = action == REFUSAL
        if not refused and agency == ticket.agency_code:
            return
        routed = next((e for e in await uow.tickets.events(ticket.id) if e.kind == "routed"), None)
        candidates = (routed.data or {}).get("candidates", []) if routed else []
        suggested = candidates[0].get("code") if candidates else None
        await uow.routing.add(ticket.id, "refused" if refused else "disposed", suggested, ticket.agency_code,
                              None if refused else agency, actor, now)

    async def _follow(self, uow: UnitOfWork, row: lc.Transition, ticket: Ticket, note: str | None,
                      tell: bool = True) -> None:
        """What follows a transition: cards redrawn, the desks told, the citizen's notice."""
        w = self.w
        carded = await self.cards.refresh(uow, ticket)  # before a new card: that one is drawn fresh
        if row.holder_note:
            holder = await self.access.holder_desk(uow, ticket)
            if holder is not None and holder.chat_id not in carded:
                await uow.outbox.add(holder.chat_id, Reply(w(row.holder_note)))
                await self.cards.post(uow, ticket, holder)
        if row.coordinator_note:
            coordinator = await uow.desks.for_agency(None)
            if coordinator is not None:
                text = w(row.coordinator_note, agency=w.agency_short(ticket.agency_code), number=ticket.number)
                await uow.outbox.add(coordinator.chat_id, Reply(text))
        if not tell:
            return
        citizen = await uow.citizens.get(ticket.citizen_id)
        message = notice(row, ticket, note, w)
        if message is not None:
            await self.tell_followers(uow, ticket)
        if citizen is None or message is None:
            return
        ref = None
        if row.reply_kind is not None:  # the citizen may answer it by replying: remember whose it is
            ref = MessageRef(await uow.tickets.add_message(ticket.id, citizen.chat_id, row.reply_kind))
        await uow.outbox.add(citizen.chat_id, message, ref=ref)

    async def tell_followers(self, uow: UnitOfWork, ticket: Ticket) -> None:
        """The citizens following the ticket (flows/intake/similar.py) are told its new status,
        and only that: the staff's words are addressed to the reporter."""

        def status(lang: str) -> Reply:
            stop = [[Button(t(lang, "btn_unfollow", number=ticket.number),
                            CitizenPress(ticket.id, "unfollow", ticket.version).encode())]]
            return Reply(t(lang, "follow_notice", number=ticket.number, status=fmt.status(lang, ticket.status)),
                         buttons=stop)

        await tell_citizens(uow, await uow.tickets.followers(ticket.id), status)


async def tell_citizens(uow: UnitOfWork, citizen_ids: Iterable[int], reply: Callable[[str], Reply]) -> None:
    """`reply(language)` to each of these citizens who can still be reached (not erased)."""
    for citizen_id in citizen_ids:
        citizen = await uow.citizens.get(citizen_id)
        if citizen is not None and citizen.erased_at is None and citizen.chat_id:
            await uow.outbox.add(citizen.chat_id, reply(citizen.language))
