"""What every part of the desks shares: their settings, the turn being handled, and how staff
are written to (in the staff language, with the regency's dates and the directory's names)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from flows import fmt
from flows import lifecycle as lc
from flows.events import Incoming, Outcome
from flows.fmt import Formats
from flows.model import AgencyInfo, Ticket
from flows.ports import UnitOfWork
from flows.texts import t
from flows.workdays import add_working_days, is_working_day

# Service tiers (regional SOPs: by the weight of the complaint), in working days for the agency's
# follow-up; an agency's tier comes from the directory or AGENCY_TIERS, else FOLLOWUP_DAYS holds.
TIER_DAYS = {"ringan": 5, "normatif": 14, "berat": 60}
# What a ticket's record gets when its deadline ends, or restarts (with the new due_at and kind).
NO_DEADLINE = {"due_at": None, "deadline_kind": None, "deadline_from": None, "tier": None,
               "reminded_at": None, "overdue_at": None, "escalated_at": None}


class Members(Protocol):
    """Asks Telegram whether a user belongs to a group (getChatMember), per adapter."""

    async def is_member(self, chat_id: int, user_id: int) -> bool: ...


@dataclass(frozen=True, slots=True)
class DeskConfig:
    admin_ids: frozenset[int] = frozenset()
    timezone: str = "Asia/Jakarta"
    ticket_prefix: str = "OKU"
    staff_language: str = "id"
    verify_days: int = 3
    followup_days: int = 5
    close_days: int = 10
    adding_minutes: int = 30  # how long after "Tambah keterangan/foto" what the citizen sends joins that report
    tier_days: Mapping[str, int] = field(default_factory=lambda: dict(TIER_DAYS))
    agency_tiers: Mapping[str, str] = field(default_factory=dict)  # agency code -> tier
    office_hours: tuple[int, int] = (8, 16)  # local hours [start, end) when desks are written to
    remind_days: int = 1  # working days before a deadline its desk is reminded
    escalate_days: int = 2  # working days after a deadline the admins are told
    files_dir: str = "var/files"  # where exports and charts wait until they were sent

    def tier_of(self, agency_code: str | None) -> str | None:
        tier = self.agency_tiers.get(agency_code or "")
        return tier if tier in self.tier_days else None

    def due(self, deadline: lc.Deadline | str, start: datetime, tier: str | None = None) -> datetime | None:
        """When a deadline of this kind (the follow-up's by `tier`, if any), started at `start`,
        falls; None for "none" and "clear"."""
        days = {"verify": self.verify_days, "followup": self.followup_days, "close": self.close_days}
        if deadline not in days:
            return None
        count = days[deadline]
        if deadline == "followup" and tier is not None and tier in self.tier_days:
            count = self.tier_days[tier]
        return add_working_days(start, count, ZoneInfo(self.timezone))

    def deadline(self, kind: lc.Deadline, start: datetime, agency_code: str | None) -> dict[str, Any]:
        """What a ticket's record gets when a deadline of `kind` starts at `start`: the due time,
        what it was computed from, and none of the last deadline's reminders and marks."""
        if kind == "none":
            return {}
        if kind == "clear":
            return dict(NO_DEADLINE)
        tier = self.tier_of(agency_code) if kind == "followup" else None
        return {**NO_DEADLINE, "due_at": self.due(kind, start, tier), "deadline_kind": kind,
                "deadline_from": start, "tier": tier}

    def local(self, when: datetime) -> datetime:
        return when.astimezone(ZoneInfo(self.timezone))

    def day_start(self, day: date) -> datetime:
        """Midnight at the start of `day`, local time."""
        return datetime.combine(day, time(0), tzinfo=ZoneInfo(self.timezone))

    def office_open(self, when: datetime) -> bool:
        """Is it office hours on a working day, when desks and admins are written to?"""
        local = self.local(when)
        return is_working_day(local.date()) and self.office_hours[0] <= local.hour < self.office_hours[1]


@dataclass(slots=True)
class Turn:
    """One event being handled: the event, the unit of work of its turn, and what it answers."""

    ev: Incoming
    uow: UnitOfWork
    out: Outcome

    def refuse(self, text: str) -> None:
        """Say no: as the pressed button's toast, or as a message to anything else."""
        if self.ev.kind == "button":
            self.out.callback_answer = text
        else:
            self.out.say(text)

    @property
    def staff_actor(self) -> str:
        return f"staff:{self.ev.sender.user_id}"

    @property
    def citizen_actor(self) -> str:
        return f"citizen:{self.ev.sender.user_id}"


class Wording:
    """Staff texts in the staff language, and the names and dates every desk message uses."""

    def __init__(self, config: DeskConfig, agencies: dict[str, AgencyInfo]) -> None:
        self.lang = config.staff_language
        self.formats = Formats(config.timezone)
        self.agencies = agencies

    def __call__(self, key: str, **params: object) -> str:
        return t(self.lang, key, **params)

    def status(self, value: str) -> str:
        return fmt.staff_status(self.lang, value)

    def day(self, value: date | datetime | None, lang: str | None = None) -> str:
        """2 Des 2026: the short form every desk message and deadline notice uses."""
        return self.formats.day(lang or self.lang, value, short=True)

    def when(self, value: datetime) -> str:
        return self.formats.when(self.lang, value, short=True)

    def agency_name(self, code: str | None) -> str:
        return fmt.agency_name(self.agencies, code)

    def agency_short(self, code: str | None) -> str:
        return fmt.agency_name(self.agencies, code, short=True)


async def reload(uow: UnitOfWork, ticket_id: int) -> Ticket:
    """The ticket as it is now, within the turn that just read or changed it (so it exists)."""
    ticket = await uow.tickets.get(ticket_id)
    if ticket is None:
        raise LookupError(f"ticket {ticket_id} vanished inside its own turn")
    return ticket
