"""A ticket's card: the message a desk works the ticket from, drawn from the ticket as it is now.

A card is posted once per desk and then edited in place after every change: the edit names the
card's ticket message, and the sender fills in the Telegram message id (known once the card itself
was sent, which per-chat order guarantees). The buttons are the lifecycle's card actions allowed
for the desk's role (flows/lifecycle.py), each carrying the ticket's version so a press on an
outdated card is refused.

Need to know: a ticket's cards and notes go only to the desk that holds it now and to the
coordinator desk as it is now (`held`). A card left in any other chat (the ticket moved on, or
the desk was rebound to another group) is edited once to a neutral "moved to" line and forgotten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from flows import fmt
from flows import lifecycle as lc
from flows.callbacks import StaffPress
from flows.dates import describe
from flows.desks.access import Access
from flows.desks.context import Wording
from flows.events import Button, Reply
from flows.model import AttachmentRecord, Desk, MessageRef, Ticket, TicketEvent
from flows.ports import UnitOfWork

Buttons = list[list[Button]]
MERGE_OFFERED = 2  # "Gabungkan" buttons on a card


def _files(ticket: Ticket, reply: Reply, files: list[tuple[int, AttachmentRecord]]) -> Reply:
    """`files` (numbered among the ticket's attachments) sent after the reply's text."""
    reply.media = [(a.kind, a.file_id) for _n, a in files]
    # Anonim: a document's own name may name the reporter (KTP_Siti_Aminah.pdf).
    reply.file_names = {a.file_id: fmt.neutral_file_name(n, a.file_name) for n, a in files
                        if ticket.anonymous and a.kind == "document"}
    return reply


class Cards:
    def __init__(self, words: Wording, clock: Callable[[], datetime], access: Access) -> None:
        self.w = words
        self.clock = clock
        self.access = access

    async def post(self, uow: UnitOfWork, ticket: Ticket, desk: Desk) -> None:
        """A new card in `desk`, with the map pin and the attachments after it."""
        role: lc.Role = "coordinator" if desk.is_coordinator else "agency"
        text, buttons = await self.render(uow, ticket, role)
        tm = await uow.tickets.add_message(ticket.id, desk.chat_id, "card")
        await uow.outbox.add(desk.chat_id, await self._with_parts(uow, ticket, Reply(text, buttons=buttons)),
                             ref=MessageRef(tm))

    async def repost(self, uow: UnitOfWork, ticket: Ticket, desk: Desk) -> None:
        """The card again, at the bottom of `desk` (a reminder, or staff asked for it): its copies
        above there are edited to a line pointing down and are no longer its cards."""
        above = [tm for tm, chat_id in await uow.tickets.cards(ticket.id) if chat_id == desk.chat_id]
        for tm in above:
            await uow.outbox.add(desk.chat_id, Reply(self.w("card_below", number=ticket.number)),
                                 ref=MessageRef(tm, edit=True))
        if above:
            await uow.tickets.retire_cards(ticket.id, desk.chat_id)
        await self.post(uow, ticket, desk)

    async def _with_parts(self, uow: UnitOfWork, ticket: Ticket, reply: Reply) -> Reply:
        """The card's map pin and attachments, which follow its text."""
        if ticket.latitude is not None and ticket.longitude is not None:
            reply.location = (ticket.latitude, ticket.longitude)
        return _files(ticket, reply, list(enumerate(await uow.tickets.attachments(ticket.id), 1)))

    async def refresh(self, uow: UnitOfWork, ticket: Ticket) -> set[int]:
        """Redraw every card of the ticket, in place; the chats whose card was redrawn. An edit
        carries the card's pin and attachments too: an edit changes only the text, but a card
        staff deleted is posted anew (flows/delivery.py), and its copy says "below" of them."""
        held = await self.held(uow, ticket)
        for tm, desk in held:
            role: lc.Role = "coordinator" if desk.is_coordinator else "agency"
            text, buttons = await self.render(uow, ticket, role)
            reply = await self._with_parts(uow, ticket, Reply(text, buttons=buttons))
            await uow.outbox.add(desk.chat_id, reply, ref=MessageRef(tm, edit=True))
        return {desk.chat_id for _tm, desk in held}

    async def note(self, uow: UnitOfWork, ticket: Ticket, text: str, kind: str | None = None,
                   files: list[tuple[int, AttachmentRecord]] | None = None) -> None:
        """A note in every desk that has the ticket's card and may see it, with `files` (each
        with its number among the ticket's attachments) after it; `kind` registers it so staff
        can answer by replying to the note too."""
        for _tm, desk in await self.held(uow, ticket):
            ref = MessageRef(await uow.tickets.add_message(ticket.id, desk.chat_id, kind)) if kind else None
            await uow.outbox.add(desk.chat_id, _files(ticket, Reply(text), files or []), ref=ref)

    async def held(self, uow: UnitOfWork, ticket: Ticket) -> list[tuple[int, Desk]]:
        """The ticket's cards (ticket message id, desk) in the desks that may see it now (its
        holder's, the coordinator's); every other card is edited to the neutral "moved" line and
        retired."""
        holder = await self.access.holder_desk(uow, ticket)
        coordinator = await uow.desks.for_agency(None)
        allowed = {d.chat_id: d for d in (holder, coordinator) if d is not None}
        kept: list[tuple[int, Desk]] = []
        for tm, chat_id in await uow.tickets.cards(ticket.id):
            if chat_id in allowed:
                kept.append((tm, allowed[chat_id]))
                continue
            to = self.w("card_moved_coordinator") if holder is None or holder.is_coordinator \
                else self.w.agency_name(holder.agency_code)
            await uow.outbox.add(chat_id, Reply(self.w("card_moved", number=ticket.number, agency=to)),
                                 ref=MessageRef(tm, edit=True))
            await uow.tickets.retire_cards(ticket.id, chat_id)
        return kept

    async def resettle(self, uow: UnitOfWork, chats: Iterable[int], at: Desk | None = None) -> list[Ticket]:
        """After desks changed (a group bound, rebound, or lost): every card in `chats` that may
        no longer be there is retired, and every open ticket whose holder has no card of it gets
        one (only at `at`, when given), its other cards redrawn. The tickets that got a card."""
        for chat_id in sorted(set(chats)):  # cards, open or closed, in a chat that may no longer see them
            for ticket in await uow.tickets.with_cards_in(chat_id):
                await self.held(uow, ticket)
        posted: list[Ticket] = []
        for ticket in await uow.tickets.open_tickets(lc.OPEN):
            holder = await self.access.holder_desk(uow, ticket)
            if holder is None or (at is not None and holder.chat_id != at.chat_id):
                continue
            if holder.chat_id not in {d.chat_id for _tm, d in await self.held(uow, ticket)}:
                await self.refresh(uow, ticket)  # its other cards, as they read now
                await self.post(uow, ticket, holder)
                posted.append(ticket)
        return posted

    async def render(self, uow: UnitOfWork, ticket: Ticket, role: lc.Role) -> tuple[str, Buttons]:
        w = self.w
        kind = fmt.report_type(w.lang, ticket.report_type).split(" ", 1)[-1]  # without its emoji
        lines = [w("card_head", number=ticket.number, type=kind), w("card_status", status=w.status(ticket.status))]
        if ticket.due_at is not None and ticket.status in lc.OPEN:
            marked = ticket.overdue_at is not None and ticket.status != lc.ANSWERED  # by the deadline clock
            key = "card_late" if marked else "card_overdue" if ticket.due_at < self.clock() else "card_due"
            lines.append(w(key, due=w.day(ticket.due_at), since=w.day(ticket.overdue_at)))
        # A new ticket's routing (the proposal, why, the reports it likely repeats): read once.
        routed = next((e for e in await uow.tickets.events(ticket.id) if e.kind == "routed"), None) \
            if ticket.status == lc.NEW else None
        lines += self._agency_lines(ticket, role, routed)
        alike = await self._similar(uow, routed) if role == "coordinator" else []
        if alike:
            lines.append(w("card_similar", reports=", ".join(f"{x.number} ({w.status(x.status)})" for x in alike)))
        followers = len(await uow.tickets.followers(ticket.id))
        if followers:
            lines.append(w("card_followers", n=followers))
        # At an agency without an active desk (none bound, or the bot was removed from it): the
        # coordinator works it, and its card says so.
        deskless = (role == "coordinator" and ticket.status in lc.OPEN and self.access.at_own_desk(ticket)
                    and await uow.desks.for_agency(ticket.agency_code) is None)
        if deskless:
            lines.append(w("card_no_desk", agency=w.agency_short(ticket.agency_code)))
        lines += ["", *self._content_lines(ticket), await self._reporter(uow, ticket)]
        if ticket.archive_reason:
            lines.append(w("card_archived", reason=w("r_" + ticket.archive_reason)))
        if ticket.rating:
            lines.append(w("card_rating", stars="⭐" * ticket.rating))
        info = w.agencies.get(ticket.agency_code or "")
        if ticket.status in (lc.DISPOSITIONED, lc.IN_PROGRESS) and (
                role == "agency" or info is None or info.kind == "vertical" or deskless):
            lines += ["", w("card_hint_answer")]
        rows = self._buttons(ticket, role)
        rows += [[Button(w("b_merge", number=x.number),
                         StaffPress(ticket.id, "merge", ticket.version, str(x.id)).encode())]
                 for x in alike[:MERGE_OFFERED]]
        return "\n".join(lines), rows

    def _agency_lines(self, ticket: Ticket, role: lc.Role, routed: TicketEvent | None) -> list[str]:
        """The agency: proposed (and why) while the ticket is new, assigned after."""
        w = self.w
        lines: list[str] = []
        if ticket.status == lc.NEW:
            if ticket.agency_code:
                how = routed.note if routed and routed.note else "citizen_picked"
                candidates = (routed.data or {}).get("candidates", []) if routed else []
                chosen: dict = next((c for c in candidates if c.get("code") == ticket.agency_code), {})
                matched: list[str] = chosen.get("matched", [])
                why = w(f"how_{how}", why=fmt.one_line(", ".join(matched[:4])) or "-")
                taught = [f"{term} ({n})" for term, n in chosen.get("learned", [])[:3]]
                if taught and how == "citizen_confirmed":
                    why += w("how_learned", terms=fmt.one_line(", ".join(taught)))
                lines.append(w("card_proposal", agency=w.agency_name(ticket.agency_code), how=why))
            else:
                local = routed is not None and routed.note == "kecamatan"
                lines.append(w("card_proposal_local" if local else "card_proposal_none"))
        elif ticket.agency_code:
            lines.append(w("card_agency", agency=w.agency_name(ticket.agency_code)))
        info = w.agencies.get(ticket.agency_code or "")
        if info is not None and info.kind == "vertical" and role == "coordinator":
            lines.append(w("card_vertical"))
        return lines

    async def _similar(self, uow: UnitOfWork, routed: TicketEvent | None) -> list[Ticket]:
        """The reports a new ticket likely repeats (found when it was sent, flows/intake/similar.py)
        that can still take it: not archived."""
        out = []
        for x in (routed.data or {}).get("similar", []) if routed else []:
            other = await uow.tickets.get(int(x.get("id", 0)))
            if other is not None and other.status != lc.ARCHIVED and not other.confidential:
                out.append(other)
        return out

    def _date(self, ticket: Ticket) -> str:
        """The incident date as precisely as the citizen gave it ("awal Agustus 2026", "berulang")."""
        precision = ticket.event_date_precision
        if ticket.event_date is not None and precision in (None, "day"):
            return self.w.day(ticket.event_date)
        return describe(self.w.lang, ticket.event_date, precision) if precision else "-"

    def _content_lines(self, ticket: Ticket) -> list[str]:
        w = self.w
        # What the citizen typed is untrusted: one line, or continuation lines marked (flows/fmt.py).
        lines = [w("card_title", title=fmt.one_line(ticket.title)),
                 w("card_story", description=fmt.continued(ticket.description)),
                 w("card_date", date=self._date(ticket))]
        place = fmt.one_line(ticket.location_text)
        if ticket.latitude is not None:
            place = f"{place} ({w('card_pin')})" if place else w("card_pin")
        lines.append(w("card_place", place=place or "-"))
        if ticket.attachment_count:
            lines.append(w("card_files", n=ticket.attachment_count))
        if ticket.confidential:
            lines.append(w("card_confidential"))
        return lines

    async def _reporter(self, uow: UnitOfWork, ticket: Ticket) -> str:
        # Anonim: nothing that identifies the reporter, anywhere staff can see it.
        if ticket.anonymous:
            return self.w("card_anonymous")
        if ticket.identity_erased_at is not None:
            return self.w("card_reporter_erased")
        citizen = await uow.citizens.get(ticket.citizen_id)
        parts = [citizen.name or "-"] if citizen else ["-"]
        if citizen and citizen.username:
            parts.append(f"@{citizen.username}")
        if ticket.phone:
            parts.append(ticket.phone)
        return self.w("card_reporter", who=" · ".join(fmt.one_line(p) or "-" for p in parts))

    def _buttons(self, ticket: Ticket, role: lc.Role) -> Buttons:
        w = self.w

        def press(action: str) -> str:
            return StaffPress(ticket.id, action, ticket.version).encode()

        rows: Buttons = []
        for action in lc.allowed(ticket.status, role):
            if action == "verify":  # to the proposed agency, or choose another
                if ticket.agency_code:
                    rows.append([Button(w("b_verify", agency=w.agency_short(ticket.agency_code)), press("verify"))])
                rows.append([Button(w("b_choose"), press("choose"))])
            else:
                rows.append([Button(w(f"b_{action}"), press(action))])
        return rows
