"""What every part of the desks shares: their settings, the turn being handled, and how staff
are written to (in the staff language, with the regency's dates and the directory's names)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from flows import fmt
from flows import lifecycle as lc
from flows.events import Incoming, Outcome
from flows.fmt import Formats
from flows.model import AgencyInfo, Ticket
from flows.ports import UnitOfWork
from flows.texts import t
from flows.workdays import add_working_days


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

    def due(self, deadline: lc.Deadline, now: datetime) -> datetime | None:
        """When a deadline of this kind, started `now`, falls; None for "none" and "clear"."""
        days = {"verify": self.verify_days, "followup": self.followup_days, "close": self.close_days}
        if deadline not in days:
            return None
        return add_working_days(now, days[deadline], ZoneInfo(self.timezone))


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
