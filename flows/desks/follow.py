"""A citizen following one of their reports after sending it (flows/follow.py draws its page and
the list): the page and the list redrawn in place, details, photos and documents added for the
desk that holds the report now, and a report withdrawn before it is verified.

Adding: "Tambah keterangan/foto" opens a window of `window_min` minutes in the citizen's chat
(a ticket message of kind "adding"; its prompt can be replied to as well). Whatever the citizen
writes or sends there with no form open goes to that report, until they press Selesai, the window
passes, or they choose another report. Answering a deferred report's question opens one too, so
that the photo sent after the words ("ini fotonya") joins them. A report on hold takes what comes
as the answer to the staff's question, whatever it is: words, a photo, a document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta

from flows import fmt, follow
from flows import lifecycle as lc
from flows.callbacks import CitizenPress, Menu
from flows.desks.cards import Cards
from flows.desks.context import Turn, Wording, reload
from flows.desks.transitions import Transitions
from flows.events import Button, Reply
from flows.model import AttachmentRecord, Citizen, MessageRef, Ticket, TicketEvent
from flows.texts import t

MAX_CITIZEN_TEXT = 3000
MAX_FILES = 30  # of one report, with those sent with it


def _too_late(ticket: Ticket, lang: str) -> str:
    return t(lang, "withdraw_late", number=ticket.number, status=fmt.status(lang, ticket.status))


class FollowUp:
    def __init__(self, words: Wording, cards: Cards, transitions: Transitions,
                 clock: Callable[[], datetime], window_min: int = 30) -> None:
        self.w = words
        self.cards = cards
        self.transitions = transitions
        self.clock = clock
        self.window_min = window_min

    # ------------------------------------------------------------------ presses on the page
    async def press(self, turn: Turn, citizen: Citizen, ticket: Ticket, pressed: CitizenPress) -> None:
        out, lang, action = turn.out, citizen.language, pressed.action
        out.callback_answer = ""
        if action == "view":
            await self._redraw(turn, citizen, ticket)
        elif action == "list":
            text, buttons = await follow.listing(turn.uow, citizen.id or 0, lang, self.w.formats)
            self._draw(turn, text or t(lang, "my_reports_empty"), buttons)
        elif action == "add":
            await self.open(turn, citizen, ticket, prompt=True)
        elif action == "done":
            await turn.uow.tickets.end_adding(citizen.chat_id)
            self._draw(turn, t(lang, "add_done", number=ticket.number), [])
        elif action == "withdraw":
            if ticket.status not in lc.BY_ACTION["withdraw"].sources:
                out.callback_answer = _too_late(ticket, lang)
                await self._redraw(turn, citizen, ticket)
                return
            self._draw(turn, t(lang, "withdraw_confirm", number=ticket.number), [
                [Button(t(lang, "btn_withdraw_yes"), follow.press(ticket, "withdraw_yes"))],
                [Button(t(lang, "btn_withdraw_no"), follow.press(ticket, "view"))]])
        elif action == "withdraw_yes":
            await self._withdraw(turn, citizen, ticket, pressed.version)

    async def _withdraw(self, turn: Turn, citizen: Citizen, ticket: Ticket, version: int) -> None:
        # Verified (or changed) since the citizen asked, or a staff press won the race: their
        # page as it is now says so. The transition checks the status; the version is the page's.
        if version == ticket.version and await self.transitions.apply(
                turn, ticket, "withdraw", "citizen", turn.citizen_actor, archive_reason=lc.WITHDRAWN):
            turn.out.callback_answer = ""  # the notice says it
            await turn.uow.tickets.end_adding(citizen.chat_id)
        else:
            turn.out.callback_answer = _too_late(ticket, citizen.language)
        await self._redraw(turn, citizen, await reload(turn.uow, ticket.id))

    async def _redraw(self, turn: Turn, citizen: Citizen, ticket: Ticket) -> None:
        text, buttons = await follow.page(turn.uow, ticket, citizen.language, self.w.formats, self.w.agencies)
        self._draw(turn, text, buttons)

    @staticmethod
    def _draw(turn: Turn, text: str, buttons: follow.Buttons) -> None:
        """In place of the pressed message (a new one where there is none to edit)."""
        turn.out.say(text, buttons=buttons, edit_message_id=turn.ev.message_id)

    # ------------------------------------------------------------------ adding to a report
    async def open(self, turn: Turn, citizen: Citizen, ticket: Ticket, prompt: bool) -> None:
        """Open the window for adding to `ticket` (with the prompt that says so, when asked for)."""
        uow, lang = turn.uow, citizen.language
        if ticket.status not in lc.OPEN:
            self._closed(turn, citizen, ticket)
            return
        if prompt and await uow.drafts.get(citizen.chat_id) is not None:
            # an open form takes what the citizen types: it comes first
            turn.out.say(t(lang, "add_form_open", number=ticket.number))
            return
        tm = await uow.tickets.add_message(ticket.id, citizen.chat_id, "adding")
        if prompt:
            text = t(lang, "add_prompt", number=ticket.number, minutes=self.window_min)
            await uow.outbox.add(citizen.chat_id, Reply(text, buttons=self._done(ticket, lang)), ref=MessageRef(tm))

    async def adding_to(self, turn: Turn, chat_id: int) -> int | None:
        return await turn.uow.tickets.adding_to(chat_id, timedelta(minutes=self.window_min))

    async def take(self, turn: Turn, citizen: Citizen, ticket_id: int | None, window: bool = False) -> None:
        """What the citizen wrote or sent about one of their reports (`window`: while adding to
        it): on hold, the answer to the staff's question; otherwise a message or an addition for
        the desks. Either way it goes to the desks that may see the report now, and the citizen
        is told (while adding, with the button that ends it)."""
        uow, ev, lang = turn.uow, turn.ev, citizen.language
        ticket = await uow.tickets.get(ticket_id) if ticket_id else None
        if ticket is None or ticket.citizen_id != citizen.id:
            turn.out.say(t(lang, "n_not_yours"))
            return
        if ticket.status not in lc.OPEN:
            self._closed(turn, citizen, ticket)
            return
        if ev.kind == "unsupported":
            turn.out.say(t(lang, "add_media", media=fmt.media(lang, ev.media_kind), number=ticket.number))
            return
        text = ev.text.strip()[:MAX_CITIZEN_TEXT]
        files = await self._attach(turn, citizen, ticket)
        if not text and not files:
            return  # the same file again, or one too many (said)
        now, number = self.clock(), ticket.number
        album = await self._same_album(turn, ticket)
        data = {"files": len(files), **({"media_group": ev.media_group_id} if ev.media_group_id else {})}
        if ticket.status == lc.DEFERRED:
            await self.transitions.apply(turn, ticket, "resume", "citizen", turn.citizen_actor, note=text or None)
            if files:
                await uow.tickets.add_event(TicketEvent(ticket.id, "added", turn.citizen_actor, now, data=data))
            said = self.w("note_citizen_answer", number=number, text=fmt.continued(text or "📎", first=True))
            await self.open(turn, citizen, ticket, prompt=False)  # what follows the answer joins it
        else:
            kind = "added" if files else "message"
            await uow.tickets.add_event(TicketEvent(ticket.id, kind, turn.citizen_actor, now, note=text or None,
                                                    data=data if files else None))
            if files:
                caption = f":\n\n{fmt.continued(text, first=True)}" if text else ""
                said = self.w("note_citizen_file", number=number, n=files[0][0], caption=caption)
            else:
                said = self.w("note_citizen", number=number, text=fmt.continued(text, first=True))
            if window and not album:
                turn.out.say(t(lang, "add_kept", number=number), buttons=self._done(ticket, lang))
            elif not album:
                turn.out.say(t(lang, "n_note_sent", number=number))
        await self.cards.note(uow, await reload(uow, ticket.id), said, kind="note", files=files)

    async def _attach(self, turn: Turn, citizen: Citizen, ticket: Ticket) -> list[tuple[int, AttachmentRecord]]:
        """The sent file attached to the report: [(its number among the report's files, it)]."""
        f = turn.ev.file
        if f is None:
            return []
        if ticket.attachment_count >= MAX_FILES:
            turn.out.say(t(citizen.language, "add_too_many", number=ticket.number, max=MAX_FILES))
            return []
        record = AttachmentRecord(**asdict(f))
        if not await turn.uow.tickets.add_attachments(ticket.id, [record]):
            return []
        return [(ticket.attachment_count + 1, record)]

    async def _same_album(self, turn: Turn, ticket: Ticket) -> bool:
        """Is this a later file of an album whose first the citizen was already told of?"""
        group = turn.ev.media_group_id
        if group is None:
            return False
        return any((e.data or {}).get("media_group") == group for e in await turn.uow.tickets.events(ticket.id))

    def _closed(self, turn: Turn, citizen: Citizen, ticket: Ticket) -> None:
        """Nothing can be added to a closed or archived report: a new one is offered."""
        lang = citizen.language
        turn.out.say(t(lang, "add_closed", number=ticket.number, status=fmt.status(lang, ticket.status).lower()),
                     buttons=[[Button(t(lang, "home_new"), Menu("new").encode())]])

    @staticmethod
    def _done(ticket: Ticket, lang: str) -> follow.Buttons:
        return [[Button(t(lang, "btn_add_done"), follow.press(ticket, "done"))]]
