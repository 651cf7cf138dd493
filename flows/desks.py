"""Agency desks: staff groups that work tickets through the lifecycle (flows/lifecycle.py), the
coordinator's triage, admin commands, and the citizen told of every change.

Everything the desks say goes through the outbox in the transaction of the change it reports.
Cards are edited in place: an edit is queued naming the card's ticket_message, and the sender
fills in the Telegram message id (known once the card itself was sent, which per-chat order
guarantees).
"""

from __future__ import annotations

import asyncio
import logging
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from flows import lifecycle as lc
from flows import tracking
from flows.events import Button, Incoming, Outcome, Reply, Sender
from flows.health import health_report
from flows.model import AgencyInfo, Citizen, Desk, MessageRef, Ticket, TicketEvent
from flows.ports import UnitOfWork
from flows.texts import t
from flows.turn import Turns
from flows.workdays import add_working_days

log = logging.getLogger(__name__)

ADMIN_COMMANDS = ("meja", "admin", "tiket", "cari", "disposisi", "statistik", "instansi", "kesehatan")
# t:<ticket id>:<action>:<ticket version>[:<argument>] for staff, k:... for the citizen.
STAFF_DATA = re.compile(r"^t:(\d{1,12}):([a-z_]{2,16}):(\d{1,9})(?::([A-Z0-9_]{1,32}))?$")
CITIZEN_DATA = re.compile(r"^k:(\d{1,12}):(solved|unsolved|rate):(\d{1,9})(?::([1-5]))?$")
MAX_STAFF_TEXT = 3000
MEMBER_TTL_S = 300.0
MONTHS = "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des".split()
STATUS_KEYS = {s: f"st_{s}" for s in lc.STATUSES}


_SYSTEM = Sender(user_id=0, first_name="sistem")


def d(key: str, **params: object) -> str:
    return t("id", key, **params)


class Members(Protocol):
    """Asks Telegram whether a user belongs to a group (getChatMember), per adapter."""

    async def is_member(self, chat_id: int, user_id: int) -> bool: ...


@dataclass(frozen=True, slots=True)
class DeskConfig:
    admin_ids: frozenset[int] = frozenset()
    timezone: str = "Asia/Jakarta"
    ticket_prefix: str = "OKU"
    verify_days: int = 3
    followup_days: int = 5
    close_days: int = 10


@dataclass(slots=True)
class _Ctx:
    ev: Incoming
    uow: UnitOfWork
    out: Outcome
    wake: list[str] = field(default_factory=list)


class Desks:
    def __init__(
        self,
        turns: Turns,
        agencies: dict[str, AgencyInfo],
        config: DeskConfig | None = None,
        members: Members | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.turns = turns
        self.uow_factory = turns.uow_factory
        self.agencies = agencies
        self.config = config or DeskConfig()
        self.members = members
        self.clock = clock or (lambda: datetime.now(UTC))
        self.tz = ZoneInfo(self.config.timezone)
        self._member_cache: dict[tuple[int, int], float] = {}

    # ------------------------------------------------------------------ entry points
    async def handle(self, ev: Incoming) -> Outcome:
        """Events from groups, and admin commands from anywhere."""
        if ev.kind == "button" and ev.callback_data and not await self._may_press(ev):
            out = Outcome(callback_answer=d("refuse_member"), callback_alert=True)
            return out
        if ev.kind == "text" and ev.reply_to_bot:
            await self._ticket_message(ev)

        async def body(uow: UnitOfWork, out: Outcome) -> None:
            await self._dispatch(_Ctx(ev, uow, out))

        return await self.turns.run(ev, body)

    async def handle_citizen(self, ev: Incoming) -> Outcome:
        """A citizen's press on a ticket message (solved, rating) or reply to one."""

        async def body(uow: UnitOfWork, out: Outcome) -> None:
            ctx = _Ctx(ev, uow, out)
            citizen = await uow.citizens.get_by_user(ev.sender.user_id)
            if citizen is None:
                return
            await uow.outbox.reachable_again(ev.chat_id)
            if ev.kind == "button":
                await self._citizen_button(ctx, citizen)
            else:
                found = await uow.tickets.message_at(ev.chat_id, ev.reply_to_message_id or -1)
                await self._citizen_message(ctx, citizen, found[0] if found else None)

        return await self.turns.run(ev, body)

    async def is_citizen_followup(self, ev: Incoming) -> bool:
        """Does this private event belong to an existing ticket rather than to the form?"""
        if ev.kind == "button":
            return bool(ev.callback_data and ev.callback_data.startswith("k:"))
        if ev.reply_to_message_id is None or ev.kind != "text" or not ev.reply_to_bot:
            return False
        return await self._ticket_message(ev) is not None

    async def _ticket_message(self, ev: Incoming, tries: int = 10) -> tuple[int, str] | None:
        """The ticket behind the bot message `ev` replies to. A message's Telegram id is recorded
        just after Telegram accepted it, so a reply that comes within that instant waits for it
        briefly (outside any transaction, so the sender can record it)."""
        for attempt in range(tries):
            async with self.uow_factory() as uow:
                found = await uow.tickets.message_at(ev.chat_id, ev.reply_to_message_id)
            if found is not None or attempt == tries - 1:
                return found
            async with self.uow_factory() as uow:
                if not await uow.outbox.recently_sent_without_id(ev.chat_id):
                    return None
            await asyncio.sleep(0.1)
        return None

    async def is_admin(self, uow: UnitOfWork, user_id: int) -> bool:
        return user_id in self.config.admin_ids or await uow.admins.is_granted(user_id)

    async def _may_press(self, ev: Incoming) -> bool:
        if ev.sender.user_id in self.config.admin_ids or self.members is None:
            return True
        key = (ev.chat_id, ev.sender.user_id)
        now = time.monotonic()
        if self._member_cache.get(key, 0) > now:
            return True
        try:
            member = await self.members.is_member(ev.chat_id, ev.sender.user_id)
        except Exception:
            log.exception("membership check of %s in %s failed; refusing", ev.sender.user_id, ev.chat_id)
            return False
        if member:
            self._member_cache[key] = now + MEMBER_TTL_S
            return True
        async with self.uow_factory() as uow:  # a granted admin acts anywhere
            return await uow.admins.is_granted(ev.sender.user_id)

    async def close_overdue_answers(self) -> int:
        """Close answered tickets nobody replied to within CLOSE_DAYS working days (LAPOR!'s
        selesai); the deadline clock calls this periodically. Returns how many were closed."""
        now = self.clock()
        closed = 0
        async with self.uow_factory() as uow:
            for ticket in await uow.tickets.open_tickets((lc.ANSWERED,)):
                if ticket.due_at is None or ticket.due_at > now:
                    continue
                ctx = _Ctx(Incoming(chat_id=0, sender=_SYSTEM, kind="text", at=now), uow, Outcome())
                if await self._apply(ctx, ticket, "close", "system", "system", note="auto"):
                    closed += 1
            await uow.commit()
        return closed

    # ------------------------------------------------------------------ hooks from intake
    async def ticket_submitted(self, uow: UnitOfWork, ticket: Ticket) -> None:
        """A new ticket: set its verification deadline and put its card on the coordinator desk."""
        due = add_working_days(ticket.created_at, self.config.verify_days, self.tz)
        await uow.tickets.change(ticket.id, ticket.version, due_at=due)
        fresh = await uow.tickets.get(ticket.id)
        desk = await uow.desks.for_agency(None)
        if desk is not None:
            await self._post_card(uow, fresh, desk)

    async def citizen_idle_text(self, uow: UnitOfWork, citizen: Citizen, ev: Incoming) -> list[Reply] | None:
        """Free text from a citizen with no form open: the answer to a deferred ticket, if any."""
        tickets = await uow.tickets.list_for_citizen(citizen.id, limit=20)
        deferred = [x for x in tickets if x.status == lc.DEFERRED]
        if len(deferred) != 1:
            return None
        ctx = _Ctx(ev, uow, Outcome())
        await self._citizen_message(ctx, citizen, deferred[0].id)
        return ctx.out.replies

    # ------------------------------------------------------------------ dispatch (groups)
    async def _dispatch(self, ctx: _Ctx) -> None:
        ev, uow = ctx.ev, ctx.uow
        if ev.kind == "migrated" and ev.migrate_to_chat_id is not None:
            await uow.desks.move_chat(ev.chat_id, ev.migrate_to_chat_id)
            await uow.outbox.move_chat(ev.chat_id, ev.migrate_to_chat_id)
            return
        if ev.kind == "command" and ev.command in ADMIN_COMMANDS:
            if not await self.is_admin(uow, ev.sender.user_id):
                ctx.out.say(d("refuse_admin"))
                return
            await getattr(self, f"_cmd_{ev.command}")(ctx)
            return
        desk = await uow.desks.by_chat(ev.chat_id)
        if ev.kind == "button":
            await self._staff_button(ctx, desk)
        elif ev.reply_to_message_id is not None and ev.kind == "text":
            await self._staff_reply(ctx, desk)
        elif ev.kind == "command" and ev.command in ("start", "lapor") and desk is None:
            ctx.out.say(t("id", "group_only_private"))

    async def _staff_button(self, ctx: _Ctx, desk: Desk | None) -> None:
        ev, uow, out = ctx.ev, ctx.uow, ctx.out
        m = STAFF_DATA.match(ev.callback_data or "")
        if not m:
            log.warning("refused staff callback %r from %s", ev.callback_data, ev.sender.user_id)
            out.callback_answer = t("id", "invalid_button")
            return
        if desk is None:
            out.callback_answer = d("refuse_not_desk")
            return
        ticket = await uow.tickets.get(int(m[1]))
        if ticket is None:
            out.callback_answer = t("id", "invalid_button")
            return
        action, version, arg = m[2], int(m[3]), m[4]
        role = self._role(desk, ticket)
        if role is None:
            out.callback_answer = d("refuse_not_yours", number=ticket.number)
            return
        if version != ticket.version:
            out.callback_answer = d("refuse_moved_on", number=ticket.number, status=d(STATUS_KEYS[ticket.status]))
            await self._refresh_cards(uow, ticket)
            return
        actor = f"staff:{ev.sender.user_id}"
        if action in ("archive", "choose", "defer"):
            if action != "choose":
                try:
                    lc.target(action, ticket.status, role)
                except lc.IllegalTransition:
                    out.callback_answer = d("refuse_transition", action=action, number=ticket.number,
                                            status=d(STATUS_KEYS[ticket.status]))
                    return
            await self._prompt(ctx, desk, ticket, action)
            out.callback_answer = ""
            return
        if action.startswith("arch_"):
            reason = action[5:]
            if reason not in lc.ARCHIVE_REASONS:
                out.callback_answer = t("id", "invalid_button")
                return
            await self._apply(ctx, ticket, "archive", role, actor, archive_reason=reason, note=reason)
            self._close_prompt(ctx, d("r_" + reason))
        elif action == "to":
            if arg not in self.agencies:
                out.callback_answer = t("id", "invalid_button")
                return
            name = "verify" if ticket.status == lc.NEW else "redispose"
            await self._apply(ctx, ticket, name, role, actor, agency=arg)
            self._close_prompt(ctx, self._agency_short(arg))
        elif action in ("verify", "start", "not_authority"):
            if action == "verify" and not ticket.agency_code:
                await self._prompt(ctx, desk, ticket, "choose")
                out.callback_answer = ""
                return
            await self._apply(ctx, ticket, action, role, actor)
        else:
            out.callback_answer = t("id", "invalid_button")

    def _role(self, desk: Desk, ticket: Ticket) -> lc.Role | None:
        if desk.is_coordinator:
            return "coordinator"
        if ticket.agency_code == desk.agency_code and ticket.status not in (lc.NEW, lc.ARCHIVED):
            return "agency"
        return None

    async def _prompt(self, ctx: _Ctx, desk: Desk, ticket: Ticket, action: str) -> None:
        f = f"t:{ticket.id}:{{}}:{ticket.version}"
        if action == "archive":
            ctx.out.say(d("prompt_archive", number=ticket.number), buttons=[[
                Button(d(f"b_arch_{r}"), f.format(f"arch_{r}")) for r in lc.ARCHIVE_REASONS]])
        elif action == "choose":
            codes = await self._candidates(ctx.uow, ticket)
            rows = [[Button(self.agencies[c].name[:60], f.format("to") + f":{c}")] for c in codes]
            ctx.out.say(d("prompt_choose", number=ticket.number), buttons=rows)
        elif action == "defer":
            tm = await ctx.uow.tickets.add_message(ticket.id, desk.chat_id, "defer_prompt")
            await ctx.uow.outbox.add(desk.chat_id, Reply(d("prompt_defer", number=ticket.number)), ref=MessageRef(tm))

    def _close_prompt(self, ctx: _Ctx, answer: str) -> None:
        if ctx.ev.message_id is not None:
            ctx.out.say("➡️ " + answer, edit_message_id=ctx.ev.message_id)

    async def _candidates(self, uow: UnitOfWork, ticket: Ticket) -> list[str]:
        codes: list[str] = [ticket.agency_code] if ticket.agency_code else []
        for event in await uow.tickets.events(ticket.id):
            if event.kind == "routed":
                codes += [c["code"] for c in (event.data or {}).get("candidates", [])]
        seen = [c for i, c in enumerate(codes) if c in self.agencies and c not in codes[:i]]
        return seen[:5]

    async def _staff_reply(self, ctx: _Ctx, desk: Desk | None) -> None:
        ev, uow, out = ctx.ev, ctx.uow, ctx.out
        found = await uow.tickets.message_at(ev.chat_id, ev.reply_to_message_id)
        if desk is None:
            if ev.reply_to_bot:  # someone answering the bot in a group that is no desk
                out.say(d("refuse_not_desk"))
            return
        if found is None:
            if ev.reply_to_bot:  # staff talking among themselves is none of our business
                out.say(d("refuse_reply_target"))
            return
        ticket = await uow.tickets.get(found[0])
        role = self._role(desk, ticket)
        if role is None:
            out.say(d("refuse_not_yours", number=ticket.number))
            return
        text = ev.text.strip()
        if len(text) > MAX_STAFF_TEXT:
            out.say(d("refuse_too_long", length=len(text), max=MAX_STAFF_TEXT))
            return
        actor = f"staff:{ev.sender.user_id}"
        if found[1] == "defer_prompt":
            await self._apply(ctx, ticket, "defer", role, actor, note=text, previous_status=ticket.status)
            return
        if ticket.status == lc.NEW:
            out.say(d("refuse_answer_new", number=ticket.number))
            return
        await self._apply(ctx, ticket, "answer", role, actor, note=text)

    # ------------------------------------------------------------------ transitions
    async def _apply(self, ctx: _Ctx, ticket: Ticket, action: str, role: lc.Role, actor: str,
                     note: str | None = None, agency: str | None = None,
                     archive_reason: str | None = None, previous_status: str | None = None) -> bool:
        uow, out = ctx.uow, ctx.out
        try:
            new_status = lc.target(action, ticket.status, role, resume_to=ticket.previous_status)
        except lc.IllegalTransition:
            text = d("refuse_transition", action=action, number=ticket.number, status=d(STATUS_KEYS[ticket.status]))
            if ctx.ev.kind == "button":
                out.callback_answer = text
            else:
                out.say(text)
            return False
        now = self.clock()
        values: dict[str, Any] = {"status": new_status}
        if agency is not None:
            values["agency_code"] = agency
        if action in ("verify", "redispose", "reopen"):
            values["due_at"] = add_working_days(now, self.config.followup_days, self.tz)
        elif action == "answer":
            values["due_at"] = add_working_days(now, self.config.close_days, self.tz)
            if ticket.first_answer_at is None:
                values["first_answer_at"] = now
        elif action == "not_authority":
            values["due_at"] = add_working_days(now, self.config.verify_days, self.tz)
        elif action in ("solved", "close"):
            values["closed_at"], values["due_at"] = now, None
        elif action == "archive":
            values["archive_reason"], values["due_at"] = archive_reason, None
        if action == "defer":
            values["previous_status"] = previous_status or ticket.status
        if not await uow.tickets.change(ticket.id, ticket.version, **values):
            # Someone else changed the ticket between our read and write: they won.
            text = d("refuse_race", number=ticket.number)
            if ctx.ev.kind == "button":
                out.callback_answer = text
            else:
                out.say(text)
            return False
        await uow.tickets.add_event(TicketEvent(
            ticket_id=ticket.id, kind=action, actor=actor, at=now, from_status=ticket.status,
            to_status=new_status, note=note,
            data={"by": ctx.ev.sender.display_name, "agency": values.get("agency_code", ticket.agency_code)},
        ))
        fresh = await uow.tickets.get(ticket.id)
        if ctx.ev.kind == "button" and out.callback_answer is None:
            out.callback_answer = d("ok_changed", status=d(STATUS_KEYS[new_status]))
        await self._after_change(uow, ticket, fresh, action, note)
        return True

    async def _after_change(self, uow: UnitOfWork, before: Ticket, ticket: Ticket, action: str,
                            note: str | None) -> None:
        """Tell the citizen, update every card, and bring the card to the desk now holding it."""
        citizen = await uow.citizens.get(ticket.citizen_id)
        lang = ticket.language
        agency = self._agency_name(ticket.agency_code)
        await self._refresh_cards(uow, ticket)  # before a new card exists: it is drawn fresh anyway
        holder = await self._holder_desk(uow, ticket)
        if action in ("verify", "redispose", "reopen") and holder is not None:
            cards = {chat for _tm, chat in await uow.tickets.cards(ticket.id)}
            if holder.chat_id not in cards:
                await uow.outbox.add(holder.chat_id, Reply(d("note_disposed_here")))
                await self._post_card(uow, ticket, holder)
        if action == "not_authority":
            coordinator = await uow.desks.for_agency(None)
            if coordinator is not None:
                await uow.outbox.add(coordinator.chat_id, Reply(d(
                    "note_returned", agency=self._agency_short(before.agency_code), number=ticket.number)))
        if citizen is None:
            return
        message: Reply | None = None
        kind = None
        if action in ("verify", "redispose"):
            message = Reply(t(lang, "n_dispositioned", number=ticket.number, agency=agency,
                              due=self._day(ticket.due_at)))
        elif action == "start":
            message = Reply(t(lang, "n_in_progress", number=ticket.number, agency=agency))
        elif action == "defer":
            message, kind = Reply(t(lang, "n_deferred", number=ticket.number, question=note or "")), "question"
        elif action == "archive":
            message = Reply(t(lang, "n_archived", number=ticket.number,
                              reason=t(lang, f"reason_{ticket.archive_reason}")))
        elif action == "not_authority":
            message = Reply(t(lang, "n_returned", number=ticket.number,
                              agency=self._agency_name(before.agency_code)))
        elif action == "answer":
            f = f"k:{ticket.id}:{{}}:{ticket.version}"
            message = Reply(t(lang, "n_answered", number=ticket.number, agency=agency, answer=note or ""),
                            buttons=[[Button(t(lang, "btn_solved"), f.format("solved")),
                                      Button(t(lang, "btn_unsolved"), f.format("unsolved"))]])
            kind = "answer"
        elif action == "reopen":
            message = Reply(t(lang, "n_reopened", number=ticket.number, agency=agency))
        elif action in ("solved", "close"):
            f = f"k:{ticket.id}:rate:{ticket.version}:{{}}"
            message = Reply(t(lang, "n_closed", number=ticket.number),
                            buttons=[[Button("⭐" * n, f.format(n)) for n in range(1, 6)]])
        elif action == "resume":
            message = Reply(t(lang, "n_resumed", number=ticket.number))
        if message is not None:
            ref = None
            if kind is not None:
                ref = MessageRef(await uow.tickets.add_message(ticket.id, citizen.chat_id, kind))
            await uow.outbox.add(citizen.chat_id, message, ref=ref)

    async def _holder_desk(self, uow: UnitOfWork, ticket: Ticket) -> Desk | None:
        """The desk that holds the ticket now: the agency's, or the coordinator's."""
        at_agency = ticket.status in (lc.DISPOSITIONED, lc.IN_PROGRESS, lc.ANSWERED, lc.CLOSED) or (
            ticket.status == lc.DEFERRED and ticket.previous_status in (lc.DISPOSITIONED, lc.IN_PROGRESS))
        info = self.agencies.get(ticket.agency_code or "")
        if at_agency and info is not None and info.kind != "vertical":
            desk = await uow.desks.for_agency(info.code)
            if desk is not None:
                return desk
        return await uow.desks.for_agency(None)

    # ------------------------------------------------------------------ cards
    async def _post_card(self, uow: UnitOfWork, ticket: Ticket, desk: Desk) -> None:
        role: lc.Role = "coordinator" if desk.is_coordinator else "agency"
        text, buttons = await self._card(uow, ticket, role)
        tm = await uow.tickets.add_message(ticket.id, desk.chat_id, "card")
        location = (ticket.latitude, ticket.longitude) if ticket.latitude is not None else None
        media = [(a.kind, a.file_id) for a in await uow.tickets.attachments(ticket.id)]
        await uow.outbox.add(desk.chat_id, Reply(text, buttons=buttons, location=location, media=media),
                             ref=MessageRef(tm))

    async def _refresh_cards(self, uow: UnitOfWork, ticket: Ticket) -> None:
        for tm, chat_id in await uow.tickets.cards(ticket.id):
            desk = await uow.desks.by_chat(chat_id)
            role: lc.Role = "coordinator" if desk is None or desk.is_coordinator else "agency"
            text, buttons = await self._card(uow, ticket, role)
            await uow.outbox.add(chat_id, Reply(text, buttons=buttons), ref=MessageRef(tm, edit=True))

    async def _card(self, uow: UnitOfWork, ticket: Ticket, role: lc.Role) -> tuple[str, list[list[Button]]]:
        lines = [d("card_head", number=ticket.number, type=t("id", f"type_{ticket.report_type}").split(" ", 1)[-1]),
                 d("card_status", status=d(STATUS_KEYS[ticket.status]))]
        if ticket.due_at is not None and ticket.status in lc.OPEN:
            key = "card_overdue" if ticket.due_at < self.clock() else "card_due"
            lines.append(d(key, due=self._day(ticket.due_at)))
        if ticket.status == lc.NEW:
            routed = next((e for e in await uow.tickets.events(ticket.id) if e.kind == "routed"), None)
            if ticket.agency_code:
                how = routed.note if routed and routed.note else "citizen_picked"
                matched = next((c.get("matched", []) for c in (routed.data or {}).get("candidates", [])
                                if c.get("code") == ticket.agency_code), []) if routed else []
                lines.append(d("card_proposal", agency=self._agency_name(ticket.agency_code),
                               how=d(f"how_{how}", why=", ".join(matched[:4]) or "-")))
            else:
                lines.append(d("card_proposal_none"))
        elif ticket.agency_code:
            lines.append(d("card_agency", agency=self._agency_name(ticket.agency_code)))
        info = self.agencies.get(ticket.agency_code or "")
        if info is not None and info.kind == "vertical" and role == "coordinator":
            lines.append(d("card_vertical"))
        lines += ["", d("card_title", title=ticket.title), d("card_story", description=ticket.description),
                  d("card_date", date=self._day(ticket.event_date) if ticket.event_date else "-")]
        place = ticket.location_text or ""
        if ticket.latitude is not None:
            place = f"{place} ({d('card_pin')})" if place else d("card_pin")
        lines.append(d("card_place", place=place or "-"))
        if ticket.attachment_count:
            lines.append(d("card_files", n=ticket.attachment_count))
        if ticket.confidential:
            lines.append(d("card_confidential"))
        lines.append(await self._reporter(uow, ticket))
        if ticket.archive_reason:
            lines.append(d("card_archived", reason=d("r_" + ticket.archive_reason)))
        if ticket.rating:
            lines.append(d("card_rating", stars="⭐" * ticket.rating))
        if ticket.status in (lc.DISPOSITIONED, lc.IN_PROGRESS) and (role == "agency" or info is None or info.kind == "vertical"):
            lines += ["", d("card_hint_answer")]
        f = f"t:{ticket.id}:{{}}:{ticket.version}"
        rows: list[list[Button]] = []
        for action in lc.allowed(ticket.status, role):
            if action == "verify":
                if ticket.agency_code:
                    rows.append([Button(d("b_verify", agency=self._agency_short(ticket.agency_code)), f.format("verify"))])
                rows.append([Button(d("b_choose"), f.format("choose"))])
            else:
                rows.append([Button(d(f"b_{action}"), f.format(action))])
        return "\n".join(lines), rows

    async def _reporter(self, uow: UnitOfWork, ticket: Ticket) -> str:
        # Anonim: nothing that identifies the reporter, anywhere staff can see it.
        if ticket.anonymous:
            return d("card_anonymous")
        citizen = await uow.citizens.get(ticket.citizen_id)
        parts = [citizen.name or "-"] if citizen else ["-"]
        if citizen and citizen.username:
            parts.append(f"@{citizen.username}")
        if ticket.phone:
            parts.append(ticket.phone)
        return d("card_reporter", who=" · ".join(parts))

    # ------------------------------------------------------------------ citizen side
    async def _citizen_button(self, ctx: _Ctx, citizen: Citizen) -> None:
        ev, uow, out = ctx.ev, ctx.uow, ctx.out
        m = CITIZEN_DATA.match(ev.callback_data or "")
        ticket = await uow.tickets.get(int(m[1])) if m else None
        if ticket is None or ticket.citizen_id != citizen.id:
            out.callback_answer = t(citizen.language, "invalid_button" if m is None else "n_not_yours")
            return
        lang, action, version = citizen.language, m[2], int(m[3])
        actor = f"citizen:{ev.sender.user_id}"
        if action == "rate":
            if ticket.rating is not None or ticket.status != lc.CLOSED:
                out.callback_answer = t(lang, "stale_button")
                return
            stars = int(m[4])
            await uow.tickets.change(ticket.id, ticket.version, rating=stars)
            await uow.tickets.add_event(TicketEvent(ticket.id, "rated", actor, self.clock(), data={"rating": stars}))
            out.callback_answer = ""
            if ev.message_id is not None:
                out.say(t(lang, "n_rated", stars="⭐" * stars), edit_message_id=ev.message_id)
            fresh = await uow.tickets.get(ticket.id)
            await self._notify_desks(uow, fresh, d("note_rated", number=ticket.number, stars="⭐" * stars))
            await self._refresh_cards(uow, fresh)
            return
        if version != ticket.version:
            out.callback_answer = t(lang, "n_already", number=ticket.number,
                                    status=t(lang, f"status_{ticket.status}"))
            return
        name = "solved" if action == "solved" else "reopen"
        out.callback_answer = ""
        answer = next((e.note for e in reversed(await uow.tickets.events(ticket.id)) if e.kind == "answer"), "")
        if await self._apply(ctx, ticket, name, "citizen", actor):
            if ev.message_id is not None:  # the answer stays readable; its buttons go
                label = t(lang, "btn_solved" if action == "solved" else "btn_unsolved")
                question = t(lang, "n_answered", number=ticket.number, answer=answer or "",
                             agency=self._agency_name(ticket.agency_code))
                out.say(t(lang, "answered", question=question, answer=label), edit_message_id=ev.message_id)
            note = d("note_solved" if action == "solved" else "note_unsolved", number=ticket.number)
            await self._notify_desks(uow, ticket, note)

    async def _citizen_message(self, ctx: _Ctx, citizen: Citizen, ticket_id: int | None) -> None:
        uow, out, ev = ctx.uow, ctx.out, ctx.ev
        ticket = await uow.tickets.get(ticket_id) if ticket_id else None
        if ticket is None or ticket.citizen_id != citizen.id:
            out.say(t(citizen.language, "n_not_yours"))
            return
        text = ev.text.strip()[:MAX_STAFF_TEXT]
        actor = f"citizen:{ev.sender.user_id}"
        if ticket.status == lc.DEFERRED:
            out.callback_answer = None
            await self._apply(ctx, ticket, "resume", "citizen", actor, note=text)
            await self._notify_desks(uow, ticket, d("note_citizen_answer", number=ticket.number, text=text),
                                     kind="note")
            return
        await uow.tickets.add_event(TicketEvent(ticket.id, "message", actor, self.clock(), note=text))
        await self._notify_desks(uow, ticket, d("note_citizen", number=ticket.number, text=text), kind="note")
        out.say(t(citizen.language, "n_note_sent", number=ticket.number))

    async def _notify_desks(self, uow: UnitOfWork, ticket: Ticket, text: str, kind: str | None = None) -> None:
        """A note in every desk that has the ticket's card; `kind` registers it so staff can
        answer by replying to the note too."""
        for _tm, chat_id in await uow.tickets.cards(ticket.id):
            ref = MessageRef(await uow.tickets.add_message(ticket.id, chat_id, kind)) if kind else None
            await uow.outbox.add(chat_id, Reply(text), ref=ref)

    # ------------------------------------------------------------------ admin commands
    async def _cmd_meja(self, ctx: _Ctx) -> None:
        ev, uow, out = ctx.ev, ctx.uow, ctx.out
        if ev.chat_type == "private":
            out.say(d("refuse_group_only"))
            return
        arg = ev.args.strip()
        if not arg:
            out.say(d("desk_usage"))
            return
        code = None if arg.lower() in ("koordinator", "coordinator") else arg.upper()
        if code is not None and code not in self.agencies:
            out.say(d("desk_unknown", code=arg[:40]))
            return
        desk = await uow.desks.register(ev.chat_id, code, ev.chat_title or "", ev.sender.user_id)
        out.say(d("desk_set_coordinator") if code is None else d("desk_set", agency=self._agency_name(code)))
        # Tickets already waiting for this desk get their cards now.
        for ticket in await uow.tickets.open_tickets(lc.OPEN):
            holder = await self._holder_desk(uow, ticket)
            cards = {chat for _tm, chat in await uow.tickets.cards(ticket.id)}
            if holder is not None and holder.chat_id == desk.chat_id and desk.chat_id not in cards:
                await self._post_card(uow, ticket, desk)

    async def _cmd_admin(self, ctx: _Ctx) -> None:
        ev = ctx.ev
        arg = ev.args.strip()
        if not arg.isdigit():
            ctx.out.say(d("admin_usage"))
            return
        await ctx.uow.admins.grant(int(arg), ev.sender.user_id)
        ctx.out.say(d("admin_granted", user=arg))

    async def _ticket_by_arg(self, ctx: _Ctx, raw: str) -> Ticket | None:
        number = tracking.normalise(raw, self.config.ticket_prefix)
        ticket = await ctx.uow.tickets.get_by_number(number) if number else None
        if ticket is None:
            ctx.out.say(d("ticket_not_found", number=raw[:40] or "-"))
        return ticket

    async def _cmd_tiket(self, ctx: _Ctx) -> None:
        raw = ctx.ev.args.strip()
        if not raw:
            ctx.out.say(d("ticket_usage"))
            return
        ticket = await self._ticket_by_arg(ctx, raw)
        if ticket is None:
            return
        text, _ = await self._card(ctx.uow, ticket, "coordinator")
        lines = [text, "", d("history_head")]
        for e in await ctx.uow.tickets.events(ticket.id):
            lines.append(d("history_line", at=self._when(e.at), actor=self._actor(e, ticket), what=self._what(e)))
        ctx.out.say("\n".join(lines))

    def _actor(self, e: TicketEvent, ticket: Ticket) -> str:
        if e.actor.startswith("citizen:"):
            return d("actor_citizen")  # never the citizen's id: anonim reports stay anonymous
        if e.actor.startswith("staff:"):
            by = (e.data or {}).get("by") or e.actor
            return str(by)
        return d("actor_system")

    def _what(self, e: TicketEvent) -> str:
        if e.kind == "submitted":
            return d("ev_submitted")
        if e.kind == "routed":
            return d("ev_routed", agency=self._agency_short((e.data or {}).get("agency")))
        if e.kind == "message":
            return d("ev_message", note=(e.note or "")[:200])
        what = e.kind
        if e.from_status and e.to_status:
            what += f": {d(STATUS_KEYS[e.from_status])} → {d(STATUS_KEYS[e.to_status])}"
        if e.note:
            what += f" · {e.note[:200]}"
        return what

    async def _cmd_cari(self, ctx: _Ctx) -> None:
        words = [w for w in ctx.ev.args.split() if len(w) >= 2][:5]
        if not words:
            ctx.out.say(d("search_usage"))
            return
        found = await ctx.uow.tickets.search(words, limit=10)
        if not found:
            ctx.out.say(d("search_none"))
            return
        ctx.out.say("\n".join([d("search_head")] + [
            d("search_line", number=x.number, status=d(STATUS_KEYS[x.status]), title=x.title[:60]) for x in found]))

    async def _cmd_disposisi(self, ctx: _Ctx) -> None:
        parts = ctx.ev.args.split()
        if len(parts) != 2:
            ctx.out.say(d("dispose_usage"))
            return
        ticket = await self._ticket_by_arg(ctx, parts[0])
        if ticket is None:
            return
        code = parts[1].upper()
        if code not in self.agencies:
            ctx.out.say(d("desk_unknown", code=parts[1][:40]))
            return
        action = "verify" if ticket.status == lc.NEW else "redispose"
        if await self._apply(ctx, ticket, action, "coordinator", f"staff:{ctx.ev.sender.user_id}", agency=code):
            ctx.out.say(d("dispose_done", number=ticket.number, agency=self._agency_name(code)))

    async def _cmd_statistik(self, ctx: _Ctx) -> None:
        tickets = await ctx.uow.tickets.all_for_stats()
        now = self.clock()
        by_status: dict[str, int] = {}
        by_agency: dict[str, int] = {}
        for x in tickets:
            by_status[x.status] = by_status.get(x.status, 0) + 1
            if x.status in lc.OPEN:
                key = self._agency_short(x.agency_code) if x.agency_code else "-"
                by_agency[key] = by_agency.get(key, 0) + 1
        overdue = sum(1 for x in tickets if x.status in lc.OPEN and x.due_at is not None and x.due_at < now)
        waits = [(x.first_answer_at - x.created_at).total_seconds() for x in tickets if x.first_answer_at]
        median = statistics.median(waits) if waits else None
        lines = [d("stats_head"), "", d("stats_status")]
        lines += [f"• {d(STATUS_KEYS[s])}: {by_status[s]}" for s in lc.STATUSES if s in by_status]
        lines += ["", d("stats_agency")]
        lines += [f"• {a}: {n}" for a, n in sorted(by_agency.items(), key=lambda kv: -kv[1])] or ["• -"]
        lines += ["", d("stats_overdue", n=overdue),
                  d("stats_median", value=_duration(median) if median is not None else d("stats_none"))]
        ctx.out.say("\n".join(lines))

    async def _cmd_instansi(self, ctx: _Ctx) -> None:
        desks = {x.agency_code: x for x in await ctx.uow.desks.all()}
        coordinator = desks.get(None)
        lines = [d("agencies_head"),
                 d("agencies_coordinator", desk=(coordinator.title or coordinator.chat_id) if coordinator else d("no_desk"))]
        for info in self.agencies.values():
            lines.append(d("agencies_line", mark="✅" if info.code in desks else "➖", code=info.code, name=info.name))
        ctx.out.say("\n".join(lines))

    async def _cmd_kesehatan(self, ctx: _Ctx) -> None:
        ctx.out.say(health_report(await ctx.uow.outbox.stats(), self.clock()))

    # ------------------------------------------------------------------ formatting
    def _agency_name(self, code: str | None) -> str:
        info = self.agencies.get(code or "")
        return info.name if info else (code or "-")

    def _agency_short(self, code: str | None) -> str:
        info = self.agencies.get(code or "")
        return info.short if info else (code or "-")

    def _day(self, value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, datetime):
            value = value.astimezone(self.tz).date()
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"

    def _when(self, value: datetime) -> str:
        local = value.astimezone(self.tz)
        return f"{self._day(local)} {local:%H.%M}"


def _duration(seconds: float) -> str:
    hours = seconds / 3600
    return f"{hours:.1f} jam" if hours < 48 else f"{hours / 24:.1f} hari"
