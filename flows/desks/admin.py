"""Admin commands, as one explicit table (`COMMANDS`): binding desks, granting admin, a ticket's
full view, search, disposition by command, statistics, the agency list and delivery health.
Who may run them is checked before (flows/desks/service.py): ADMIN_IDS and granted admins.

Some of them show personal data, and a group is read by everyone in it. Those answer only where
that data may be: `/tiket NOMOR` in a private chat with an admin, in the desk that holds the
ticket or in the coordinator's desk; `/cari`, `/audit` and the list of admins only in a private
chat. Elsewhere they refuse (paced like every refusal in a group) and say where to ask.

Only admins from ADMIN_IDS grant and revoke admins. Grants, revocations and desk bindings go to
the audit trail (`uow.audit`). `/meja` asks an admin to confirm first when it takes a desk from
another group or when the group is public (it has a username).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Awaitable, Callable
from datetime import datetime

from flows import fmt, tracking
from flows import lifecycle as lc
from flows.callbacks import DeskConfirm
from flows.desks.access import Access, RefusalPace
from flows.desks.cards import Cards
from flows.desks.context import DeskConfig, Turn, Wording
from flows.desks.reports import Reports
from flows.desks.transitions import Transitions
from flows.erasure import Erasure
from flows.events import Button, Reply
from flows.health import health_report
from flows.learning import ALL, Learning, normal_term
from flows.model import AuditEntry, Desk, Ticket, TicketEvent
from flows.routing.learned import MIN_REPORTS, PER_PERSON

LEARNED_LINES = 40  # /dipelajari shows this many terms; `lapor-bot routing learned` all
USER_ID = re.compile(r"[0-9]{1,15}")  # Telegram user ids; ASCII digits only (str.isdigit takes "²")
REVOKE_WORDS = ("hapus", "cabut")  # /admin hapus USER_ID is /cabut USER_ID
AUDIT_DEFAULT, AUDIT_MAX = 20, 50


class Admin:
    def __init__(self, config: DeskConfig, words: Wording, cards: Cards, access: Access,
                 transitions: Transitions, clock: Callable[[], datetime], refusals: RefusalPace,
                 erasure: Erasure, learning: Learning | None = None) -> None:
        self.config = config
        self.learning = learning
        self.erasure = erasure
        self.w = words
        self.cards = cards
        self.access = access
        self.transitions = transitions
        self.clock = clock
        self.refusals = refusals
        self.reports = Reports(config, words, clock)

    # ------------------------------------------------------------------ where they answer
    def _refuse_here(self, turn: Turn, key: str, **params: object) -> None:
        """Refuse to show personal data in this chat, once a minute per member in a group."""
        if self.refusals.may_answer(turn.ev):
            turn.out.say(self.w(key, **params))

    def _private(self, turn: Turn) -> bool:
        """Is this a private chat (with an admin: the caller checked)? Else refuse, saying where."""
        if turn.ev.chat_type == "private":
            return True
        self._refuse_here(turn, "refuse_private_only", command=turn.ev.command or "")
        return False

    async def desk(self, turn: Turn) -> None:
        """/meja KODE or /meja koordinator: this group becomes that desk. Taking the desk from
        another group, or binding a public group, is asked first (`confirm_desk`)."""
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
        holder = await uow.desks.for_agency(code)
        elsewhere = holder is not None and holder.chat_id != ev.chat_id
        if not elsewhere and not ev.chat_username:
            await self._bind(turn, code, holder)
            return
        lines = [w("desk_confirm_head", desk=self._desk_name(code))]
        if holder is not None and elsewhere:
            lines.append(w("desk_confirm_move", desk=self._desk_name(code), title=self._title(holder)))
        if ev.chat_username:
            lines.append(w("desk_confirm_public", username=fmt.one_line(ev.chat_username)[:64]))
        lines.append(w("desk_confirm_ask"))
        replaces = holder.chat_id if holder is not None else 0
        turn.out.say("\n".join(lines), buttons=[[
            Button(w("b_desk_yes"), DeskConfirm(True, code, replaces).encode()),
            Button(w("b_desk_no"), DeskConfirm(False, code, replaces).encode())]])

    async def confirm_desk(self, turn: Turn, press: DeskConfirm) -> None:
        """An answer to `desk`'s question. Only an admin's counts; a question the desks moved on
        from (the role went to another group meanwhile, or this one already has it) is stale."""
        ev, uow, w = turn.ev, turn.uow, self.w
        if not await self.access.is_admin(uow, ev.sender.user_id):
            turn.out.callback_answer = w("desk_confirm_admin_only")
            return
        holder = await uow.desks.for_agency(press.agency_code)
        known = press.agency_code is None or press.agency_code in w.agencies
        if not known or (holder.chat_id if holder is not None else 0) != press.replaces or (
                holder is not None and holder.chat_id == ev.chat_id):
            turn.out.callback_answer = w("desk_confirm_stale")
            turn.out.say(w("desk_confirm_stale"), edit_message_id=ev.message_id)
            return
        if not press.yes:
            turn.out.callback_answer = w("desk_confirm_cancelled")
            turn.out.say(w("desk_confirm_cancelled"), edit_message_id=ev.message_id)
            return
        turn.out.callback_answer = w("desk_confirm_done")
        turn.out.say(w("desk_confirm_done"), edit_message_id=ev.message_id)  # the buttons go
        await self._bind(turn, press.agency_code, holder)

    async def _bind(self, turn: Turn, code: str | None, holder: Desk | None) -> None:
        """This group becomes the desk of `code` (None: the coordinator's), which `holder` was."""
        ev, uow, w = turn.ev, turn.uow, self.w
        # The group that was this desk and this group's old role: their cards may have to go.
        here = await uow.desks.by_chat(ev.chat_id)
        before = {d.chat_id for d in (holder, here) if d}
        desk = await uow.desks.register(ev.chat_id, code, ev.chat_title or "", ev.sender.user_id)
        turn.out.say(w("desk_set_coordinator") if code is None else w("desk_set", agency=w.agency_name(code)))
        moved = holder is not None and holder.chat_id != ev.chat_id
        if holder is not None and moved:  # no personal data: which desk, and where it went
            await uow.outbox.add(holder.chat_id, Reply(w("desk_moved_away", desk=self._desk_name(code),
                                                         title=self._title(desk))))
        await uow.audit.add(ev.sender.user_id, "coordinator_moved" if code is None and moved else "desk_bound",
                            subject=code or "koordinator", chat_id=ev.chat_id,
                            detail={"agency": code, "previous_chat": holder.chat_id if holder else None,
                                    "title": fmt.one_line(ev.chat_title or "")[:80],
                                    "public": ev.chat_username is not None})
        # Old cards retired; tickets already waiting for this desk get their cards now.
        back = await self.cards.resettle(uow, before, at=desk)
        if here is not None and not here.active:  # the bot was removed from this desk, and is back
            await self._desk_back(turn, desk, back)

    async def _desk_back(self, turn: Turn, desk: Desk, back: list[Ticket]) -> None:
        """A desk the bot had been removed from is bound again (flows/desks/membership.py)."""
        uow, w = turn.uow, self.w
        await uow.audit.add(turn.ev.sender.user_id, "desk_back", desk.agency_code or "coordinator",
                            desk.chat_id, {"tickets": [x.number for x in back]})
        coordinator = await uow.desks.for_agency(None)
        if not desk.is_coordinator and coordinator is not None:
            await uow.outbox.add(coordinator.chat_id, Reply(w(
                "desk_back_coordinator", agency=w.agency_name(desk.agency_code),
                title=fmt.one_line(desk.title) or str(desk.chat_id), n=len(back))))

    def _desk_name(self, code: str | None) -> str:
        return self.w("desk_name_coordinator") if code is None else self.w("desk_name_agency",
                                                                           agency=self.w.agency_name(code))

    @staticmethod
    def _title(desk: Desk) -> str:
        return fmt.one_line(desk.title)[:80] or str(desk.chat_id)

    # ------------------------------------------------------------------ admins
    async def admins(self, turn: Turn) -> None:
        """/admin: the list; /admin USER_ID: grant; /admin hapus USER_ID: revoke."""
        parts = turn.ev.args.split()
        if not parts:
            await self._list_admins(turn)
        elif parts[0].lower() in REVOKE_WORDS:
            await self._revoke(turn, " ".join(parts[1:]))
        else:
            await self._grant(turn, turn.ev.args.strip())

    async def revoke(self, turn: Turn) -> None:
        """/cabut USER_ID."""
        await self._revoke(turn, turn.ev.args.strip())

    async def _list_admins(self, turn: Turn) -> None:
        w = self.w
        if not self._private(turn):
            return
        lines = [w("admins_head")]
        lines += [w("admins_root", user=uid) for uid in sorted(self.config.admin_ids)]
        granted = [g for g in await turn.uow.admins.all() if g.user_id not in self.config.admin_ids]
        lines += [w("admins_granted", user=g.user_id, by=g.granted_by, at=w.when(g.granted_at)) for g in granted]
        if not granted:
            lines.append(w("admins_none_granted"))
        lines += ["", w("admins_hint")]
        turn.out.say("\n".join(lines))

    async def _grant(self, turn: Turn, arg: str) -> None:
        async def grant(user_id: int) -> bool:
            return await turn.uow.admins.grant(user_id, turn.ev.sender.user_id)
        await self._change_admin(turn, arg, "admin_grant", grant)

    async def _revoke(self, turn: Turn, arg: str) -> None:
        await self._change_admin(turn, arg, "admin_revoke", turn.uow.admins.revoke)

    async def _change_admin(self, turn: Turn, arg: str, action: str,
                            change: Callable[[int], Awaitable[bool]]) -> None:
        """Grant or revoke: only an admin from ADMIN_IDS may, and ADMIN_IDS itself is the
        settings' (not changed by command). A change that happened goes to the audit trail."""
        w, ev = self.w, turn.ev
        granting = action == "admin_grant"
        if ev.sender.user_id not in self.config.admin_ids:
            turn.out.say(w("refuse_root_only"))
        elif not USER_ID.fullmatch(arg):
            turn.out.say(w("admin_usage" if granting else "revoke_usage"))
        elif int(arg) in self.config.admin_ids:
            turn.out.say(w("admin_is_root", user=int(arg)))
        elif await change(int(arg)):
            await turn.uow.audit.add(ev.sender.user_id, action, subject=str(int(arg)), chat_id=ev.chat_id)
            turn.out.say(w("admin_granted" if granting else "admin_revoked", user=int(arg)))
        else:
            turn.out.say(w("admin_already" if granting else "admin_not_granted", user=int(arg)))

    async def audit(self, turn: Turn) -> None:
        """/audit [N]: the latest entries of the audit trail, newest first (private only)."""
        w = self.w
        if not self._private(turn):
            return
        arg = turn.ev.args.strip()
        limit = int(arg) if re.fullmatch(r"[0-9]{1,3}", arg) else (AUDIT_DEFAULT if not arg else 0)
        if not 1 <= limit <= AUDIT_MAX:
            turn.out.say(w("audit_usage", max=AUDIT_MAX))
            return
        entries = await turn.uow.audit.latest(limit)
        if not entries:
            turn.out.say(w("audit_none"))
            return
        turn.out.say("\n".join([w("audit_head", n=len(entries))] + [self._audit_line(e) for e in entries]))

    def _audit_line(self, e: AuditEntry) -> str:
        rest = [e.subject] if e.subject else []
        if e.chat_id is not None:
            rest.append(f"chat {e.chat_id}")
        rest += [f"{k}={v}" for k, v in (e.detail or {}).items() if v not in (None, "")]
        actor = str(e.actor_user_id) if e.actor_user_id is not None else self.w("actor_system")
        tail = "".join(f" · {fmt.one_line(str(x))[:80]}" for x in rest)
        return self.w("audit_line", at=self.w.when(e.at), actor=actor, action=fmt.one_line(e.action), rest=tail)

    async def ticket(self, turn: Turn) -> None:
        """/tiket NOMOR: the card as the coordinator sees it, and the whole history."""
        w = self.w
        raw = turn.ev.args.strip()
        if not raw:
            turn.out.say(w("ticket_usage"))
            return
        here = await turn.uow.desks.by_chat(turn.ev.chat_id) if turn.ev.chat_type != "private" else None
        if turn.ev.chat_type != "private" and here is None:
            self._refuse_here(turn, "refuse_ticket_here")
            return
        ticket = await self._ticket_by_arg(turn, raw)
        if ticket is None:
            return
        if here is not None and not here.is_coordinator:
            holder = await self.access.holder_desk(turn.uow, ticket)
            if holder is None or holder.chat_id != here.chat_id:
                self._refuse_here(turn, "refuse_ticket_here")
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
        """/cari KATA...: the latest tickets whose text has every word (private only)."""
        w = self.w
        if not self._private(turn):
            return
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
            desk = desks.get(info.code)
            mark = "➖" if desk is None else "✅" if desk.active else "⚠️"  # ⚠️: the bot was removed from it
            lines.append(w("agencies_line", mark=mark, code=info.code, name=info.name))
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

    async def export(self, turn: Turn) -> None:
        """/ekspor [dari] [sampai]: the export as an XLSX (flows/desks/reports.py)."""
        await self.reports.export(turn)

    async def report(self, turn: Turn) -> None:
        """/laporan [bulan|minggu|YYYY-MM]: the report's charts (flows/desks/reports.py)."""
        await self.reports.report(turn)

    async def health(self, turn: Turn) -> None:
        """/kesehatan: the outbox's health."""
        turn.out.say(health_report(await turn.uow.outbox.stats(), self.clock(), lang=self.w.lang))

    async def learned(self, turn: Turn) -> None:
        """/dipelajari [KODE]: the terms routing learned from staff's corrections, strongest first
        (private chat: the terms are complaints' words)."""
        if self.learning is None or not self._private(turn):
            return
        w = self.w
        learned = self.learning.learned
        code = turn.ev.args.strip().upper()
        rows = [x for x in learned.listing if not code or x.agency == code]
        if not rows:
            turn.out.say(w("learned_none", n=MIN_REPORTS))
            return
        rows.sort(key=lambda x: (-abs(x.weight), x.term))
        lines = [w("learned_head", n=len(rows), examples=learned.examples, corrections=learned.corrections), ""]
        for x in rows[:LEARNED_LINES]:
            lines.append(w("learned_line", sign="+" if x.weight > 0 else "−", term=x.term,
                           agency=w.agency_short(x.agency), reports=x.reports, people=x.people,
                           capped=w("learned_capped", cap=PER_PERSON) if x.capped else ""))
        if len(rows) > LEARNED_LINES:
            lines.append(w("learned_more", n=len(rows) - LEARNED_LINES))
        lines += ["", w("learned_foot")]
        turn.out.say("\n".join(lines))

    async def forget(self, turn: Turn) -> None:
        """/lupakan ISTILAH [KODE]: never learn the term again for that agency (or for any)."""
        if self.learning is None:
            return
        w, ev = self.w, turn.ev
        words = ev.args.split()
        code = ALL
        if len(words) > 1 and words[-1].upper() in w.agencies:
            code = words.pop().upper()
        term = normal_term(" ".join(words))
        if not term or len(term) > 128:
            turn.out.say(w("forget_usage"))
            return
        agency = w("forget_all") if code == ALL else w.agency_short(code)
        if not await self.learning.forget(turn.uow, term, code, f"staff:{ev.sender.user_id}", self.clock()):
            turn.out.say(w("forget_again", term=term, agency=agency))
            return
        await turn.uow.audit.add(ev.sender.user_id, "routing_forget", subject=term, chat_id=ev.chat_id,
                                 detail={"agency": code})
        turn.out.say(w("forget_done", term=term, agency=agency))


# Every admin command, by the word after the slash.
COMMANDS: dict[str, Callable[[Admin, Turn], Awaitable[None]]] = {
    "meja": Admin.desk,
    "admin": Admin.admins,
    "cabut": Admin.revoke,
    "audit": Admin.audit,
    "tiket": Admin.ticket,
    "cari": Admin.search,
    "disposisi": Admin.dispose,
    "statistik": Admin.stats,
    "instansi": Admin.agencies,
    "kesehatan": Admin.health,
    "hapuswarga": Admin.erase,
    "ekspor": Admin.export,
    "laporan": Admin.report,
    "dipelajari": Admin.learned,
    "lupakan": Admin.forget,
}
ADMIN_COMMANDS = tuple(COMMANDS)
