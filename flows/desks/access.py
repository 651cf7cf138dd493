"""Who may act on a ticket, and which desk holds it.

Anyone in a group can press any inline button, so every press is authorised by the presser: a
member of the group (asked of Telegram, cached for a few minutes), an admin from ADMIN_IDS, or an
admin granted with /admin. What a desk may do to a ticket follows from its role for that ticket.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from flows import lifecycle as lc
from flows.desks.context import DeskConfig, Members
from flows.events import Incoming
from flows.model import AgencyInfo, Desk, Ticket
from flows.ports import UnitOfWork

log = logging.getLogger(__name__)

MEMBER_TTL_S = 300.0
# Where the ticket sits at its agency's desk (deferred counts where it was deferred from).
AT_AGENCY = (lc.DISPOSITIONED, lc.IN_PROGRESS, lc.ANSWERED, lc.CLOSED)


class Access:
    def __init__(self, config: DeskConfig, agencies: dict[str, AgencyInfo],
                 uow_factory: Callable[[], UnitOfWork], members: Members | None = None) -> None:
        self.config = config
        self.agencies = agencies
        self.uow_factory = uow_factory
        self.members = members
        self._member_until: dict[tuple[int, int], float] = {}

    async def is_admin(self, uow: UnitOfWork, user_id: int) -> bool:
        return user_id in self.config.admin_ids or await uow.admins.is_granted(user_id)

    async def may_press(self, ev: Incoming) -> bool:
        """May the presser touch buttons in this group? Checked before the turn, outside it."""
        if ev.sender.user_id in self.config.admin_ids or self.members is None:
            return True
        key = (ev.chat_id, ev.sender.user_id)
        now = time.monotonic()
        if self._member_until.get(key, 0) > now:
            return True
        try:
            member = await self.members.is_member(ev.chat_id, ev.sender.user_id)
        except Exception:
            log.exception("membership check of %s in %s failed; refusing", ev.sender.user_id, ev.chat_id)
            return False
        if member:
            self._member_until[key] = now + MEMBER_TTL_S
            return True
        async with self.uow_factory() as uow:  # a granted admin acts anywhere
            return await uow.admins.is_granted(ev.sender.user_id)

    @staticmethod
    def role(desk: Desk, ticket: Ticket) -> lc.Role | None:
        """The desk's role for this ticket, or None when the ticket is none of its business."""
        if desk.is_coordinator:
            return "coordinator"
        if ticket.agency_code == desk.agency_code and ticket.status not in (lc.NEW, lc.ARCHIVED):
            return "agency"
        return None

    async def holder_desk(self, uow: UnitOfWork, ticket: Ticket) -> Desk | None:
        """The desk that holds the ticket now: its agency's, or the coordinator's (for new and
        archived tickets, vertical agencies, and agencies without an active desk)."""
        if self.at_own_desk(ticket):
            desk = await uow.desks.for_agency(ticket.agency_code)
            if desk is not None:
                return desk
        return await uow.desks.for_agency(None)

    def at_own_desk(self, ticket: Ticket) -> bool:
        """Does the ticket belong at its agency's desk now (when that agency has an active one)?"""
        at_agency = ticket.status in AT_AGENCY or (
            ticket.status == lc.DEFERRED and ticket.previous_status in (lc.DISPOSITIONED, lc.IN_PROGRESS))
        info = self.agencies.get(ticket.agency_code or "")
        return at_agency and info is not None and info.kind != "vertical"


class RefusalPace:
    """A group is paced at 20 messages a minute by Telegram, so a member who repeats a command
    they may not run would hold up every card behind the refusals. Each member is refused once
    per `window_s` in a group (a polite notice that says so); further refusals are dropped.
    Private chats are paced by the core's FloodGuard instead. In memory: a restart forgets."""

    def __init__(self, window_s: float = 60.0, now: Callable[[], float] = time.monotonic) -> None:
        self.window_s = window_s
        self.now = now
        self._told: dict[tuple[int, int], float] = {}

    def may_answer(self, ev: Incoming) -> bool:
        """Should the refusal of `ev` be said? (It counts as said.)"""
        if ev.chat_type == "private":
            return True
        now, key = self.now(), (ev.chat_id, ev.sender.user_id)
        if self._told.get(key, -self.window_s) > now - self.window_s:
            return False
        self._told[key] = now
        if len(self._told) > 10_000:  # forget those told long enough ago
            self._told = {k: at for k, at in self._told.items() if at > now - self.window_s}
        return True
