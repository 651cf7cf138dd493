"""Admin commands, as one explicit table (`COMMANDS`): binding desks, granting admin, a ticket's
full view, search, disposition by command, statistics, the agency list and delivery health.
Who may run them is checked before (flows/desks/service.py): ADMIN_IDS and granted admins."""

from __future__ import annotations

import statistics
from collections.abc import Awaitable, Callable
from datetime import datetime

from flows import fmt, tracking
from flows import lifecycle as lc
from flows.desks.access import Access
from flows.desks.cards import Cards
from flows.desks.context import DeskConfig, Turn, Wording
from flows.desks.transitions import Transitions
from flows.erasure import Erasure
from flows.health import health_report
from flows.model import Ticket, TicketEvent


class Admin:
    def __init__(self, config: DeskConfig, words: Wording, cards: Cards, access: Access,
                 transitions: Transitions, clock: Callable[[], datetime], erasure: Erasure) -> None:
        self.config = config
        self.erasure = erasure
        self.w = words
        self.cards = cards
        self.access = access
        self.transitions = transitions
        self.clock = clock

    async def desk(self, turn: Turn) -> None:
        """/meja KODE or /meja koordinator: this group becomes that desk."""
        ev, uow, w = turn.ev, turn.uow, self.w
        if ev.chat_type == "private":
            turn.out.say(w("refuse_group_only"))
            return
        arg = ev.args.strip()
        if not arg:
            turn.out.say(w("desk_usage"))
            return
        code = None if arg.lower() in ("koordinator", "coordinator") else arg.upper()
        if code is not None and code not in w.agencies:
            turn.out.say(w("desk_unknown", code=arg[:40]))
            return
        # The group that was this desk and this group's old role: their cards may have to go.
        before = {d.chat_id for d in (await uow.desks.for_agency(code), await uow.desks.by_chat(ev.chat_id)) if d}
        desk = await uow.desks.register(ev.chat_id, code, ev.chat_title or "", ev.sender.user_id)
        turn.out.say(w("desk_set_coordinator") if code is None else w("desk_set", agency=w.agency_name(code)))
        for chat_id in sorted(before):  # cards, open or closed, in a chat that may no longer see them
            for ticket in await uow.tickets.with_cards_in(chat_id):
                await self.cards.held(uow, ticket)
        # Tickets already waiting for this desk get their cards now.
        for ticket in await uow.tickets.open_tickets(lc.OPEN):
            holder = await self.access.holder_desk(uow, ticket)
            cards = {d.chat_id for _tm, d in await self.cards.held(uow, ticket)}
            if holder is not None and holder.chat_id == desk.chat_id and desk.chat_id not in cards:
                await self.cards.post(uow, ticket, desk)

    async def grant(self, turn: Turn) -> None:
        """/admin USER_ID."""
        arg = turn.ev.args.strip()
        if not arg.isdigit():
            turn.out.say(self.w("admin_usage"))
            return
        await turn.uow.admins.grant(int(arg), turn.ev.sender.user_id)
        turn.out.say(self.w("admin_granted", user=arg))

    async def ticket(self, turn: Turn) -> None:
        """/tiket NOMOR: the card as the coordinator sees it, and the whole history."""
        w = self.w
        raw = turn.ev.args.strip()
        if not raw:
            turn.out.say(w("ticket_usage"))
            return
        ticket = await self._ticket_by_arg(turn, raw)
        if ticket is None:
            return
        text, _ = await self.cards.render(turn.uow, ticket, "coordinator")
        lines = [text, "", w("history_head")]
        for e in await turn.uow.tickets.events(ticket.id):
            lines.append(w("history_line", at=w.when(e.at), actor=self._actor(e), what=self._what(e)))
        turn.out.say("\n".join(lines))

    def _actor(self, e: TicketEvent) -> str:
        if e.actor.startswith("citizen:"):
            return self.w("actor_citizen")  # never the citizen's id: anonim reports stay anonymous
        if e.actor.startswith("staff:"):
            return fmt.one_line(str((e.data or {}).get("by") or e.actor))
        return self.w("actor_system")

    def _what(self, e: TicketEvent) -> str:
        w = self.w
        if e.kind == "submitted":
            return w("ev_submitted")
        if e.kind == "routed":
            return w("ev_routed", agency=w.agency_short((e.data or {}).get("agency")))
        if e.kind == "message":
            return w("ev_message", note=fmt.one_line(e.note)[:200])
        what = e.kind
        if e.from_status and e.to_status:
            what += f": {w.status(e.from_status)} → {w.status(e.to_status)}"
        if e.note:
            what += f" · {fmt.one_line(e.note)[:200]}"
        return what

    async def _ticket_by_arg(self, turn: Turn, raw: str) -> Ticket | None:
        number = tracking.normalise(raw, self.config.ticket_prefix)
        ticket = await turn.uow.tickets.get_by_number(number) if number else None
        if ticket is None:
            turn.out.say(self.w("ticket_not_found", number=raw[:40] or "-"))
        return ticket

    async def search(self, turn: Turn) -> None:
        """/cari KATA...: the latest tickets whose text has every word."""
        w = self.w
        words = [x for x in turn.ev.args.split() if len(x) >= 2][:5]
        if not words:
            turn.out.say(w("search_usage"))
            return
        found = await turn.uow.tickets.search(words, limit=10)
        if not found:
            turn.out.say(w("search_none"))
            return
        turn.out.say("\n".join([w("search_head")] + [
            w("search_line", number=x.number, status=w.status(x.status), title=fmt.one_line(x.title)[:60])
            for x in found]))

    async def dispose(self, turn: Turn) -> None:
        """/disposisi NOMOR KODE: verify or redispose to any agency, not just the proposed ones."""
        w = self.w
        parts = turn.ev.args.split()
        if len(parts) != 2:
            turn.out.say(w("dispose_usage"))
            return
        ticket = await self._ticket_by_arg(turn, parts[0])
        if ticket is None:
            return
        code = parts[1].upper()
        if code not in w.agencies:
            turn.out.say(w("desk_unknown", code=parts[1][:40]))
            return
        action = "verify" if ticket.status == lc.NEW else "redispose"
        if await self.transitions.apply(turn, ticket, action, "coordinator", turn.staff_actor, agency=code):
            turn.out.say(w("dispose_done", number=ticket.number, agency=w.agency_name(code)))

    async def stats(self, turn: Turn) -> None:
        """/statistik: tickets by status, open ones by agency, overdue, median time to answer."""
        w = self.w
        tickets = await turn.uow.tickets.all_for_stats()
        now = self.clock()
        by_status: dict[str, int] = {}
        by_agency: dict[str, int] = {}
        for x in tickets:
            by_status[x.status] = by_status.get(x.status, 0) + 1
            if x.status in lc.OPEN:
                key = w.agency_short(x.agency_code) if x.agency_code else "-"
                by_agency[key] = by_agency.get(key, 0) + 1
        overdue = sum(1 for x in tickets if x.status in lc.OPEN and x.due_at is not None and x.due_at < now)
        waits = [(x.first_answer_at - x.created_at).total_seconds() for x in tickets if x.first_answer_at]
        median = fmt.duration(w.lang, statistics.median(waits)) if waits else w("stats_none")
        lines = [w("stats_head"), "", w("stats_status")]
        lines += [f"• {w.status(s)}: {by_status[s]}" for s in lc.STATUSES if s in by_status]
        lines += ["", w("stats_agency")]
        lines += [f"• {a}: {n}" for a, n in sorted(by_agency.items(), key=lambda kv: -kv[1])] or ["• -"]
        lines += ["", w("stats_overdue", n=overdue), w("stats_median", value=median)]
        turn.out.say("\n".join(lines))

    async def agencies(self, turn: Turn) -> None:
        """/instansi: every agency's code, and whether it has a desk."""
        w = self.w
        desks = {x.agency_code: x for x in await turn.uow.desks.all()}
        coordinator = desks.get(None)
        where = (fmt.one_line(coordinator.title) or coordinator.chat_id) if coordinator else w("no_desk")
        lines = [w("agencies_head"), w("agencies_coordinator", desk=where)]
        for info in w.agencies.values():
            lines.append(w("agencies_line", mark="✅" if info.code in desks else "➖", code=info.code, name=info.name))
        turn.out.say("\n".join(lines))

    async def erase(self, turn: Turn) -> None:
        """/hapuswarga NOMOR_TIKET|USER_ID ALASAN: act on a citizen's written request (private
        chat only: it concerns personal data; the reason goes to the audit log)."""
        w, ev = self.w, turn.ev
        if ev.chat_type != "private":
            turn.out.say(w("erase_private_only"))
            return
        parts = ev.args.split(maxsplit=1)
        if len(parts) != 2 or len(parts[1].strip()) < 3:
            turn.out.say(w("erase_usage"))
            return
        who, reason = parts[0], fmt.one_line(parts[1])[:300]
        citizen = None
        if who.isdigit():
            citizen = await turn.uow.citizens.get_by_user(int(who))
        else:
            number = tracking.normalise(who, self.config.ticket_prefix)
            ticket = await turn.uow.tickets.get_by_number(number) if number else None
            citizen = await turn.uow.citizens.get(ticket.citizen_id) if ticket else None
        if citizen is None:
            turn.out.say(w("erase_not_found", what=fmt.one_line(who)[:40]))
            return
        n = await self.erasure.erase_citizen(turn.uow, citizen, "admin", ev.sender.user_id, reason)
        turn.out.say(w("erase_done", n=n))

    async def health(self, turn: Turn) -> None:
        """/kesehatan: the outbox's health."""
        turn.out.say(health_report(await turn.uow.outbox.stats(), self.clock(), lang=self.w.lang))


# Every admin command, by the word after the slash.
COMMANDS: dict[str, Callable[[Admin, Turn], Awaitable[None]]] = {
    "meja": Admin.desk,
    "admin": Admin.grant,
    "tiket": Admin.ticket,
    "cari": Admin.search,
    "disposisi": Admin.dispose,
    "statistik": Admin.stats,
    "instansi": Admin.agencies,
    "kesehatan": Admin.health,
    "hapuswarga": Admin.erase,
}
ADMIN_COMMANDS = tuple(COMMANDS)
