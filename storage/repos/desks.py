"""Desks: the staff groups that handle an agency's tickets (or the coordinator's)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from flows.model import (
    Desk,
)
from storage.models import (
    DeskRow,
    TicketMessageRow,
    utcnow,
)
from storage.repos.sql import Repo


class SqlDesks(Repo):
    @staticmethod
    def _desk(row: DeskRow) -> Desk:
        return Desk(row.id, row.chat_id, row.agency_code, row.title, row.active)

    async def by_chat(self, chat_id: int) -> Desk | None:
        row = await self.s.scalar(select(DeskRow).where(DeskRow.chat_id == chat_id))
        return self._desk(row) if row else None

    async def for_agency(self, code: str | None) -> Desk | None:
        """The agency's (None: the coordinator's) desk, if it has one the bot is still in."""
        cond = DeskRow.agency_code.is_(None) if code is None else DeskRow.agency_code == code
        row = await self.s.scalar(select(DeskRow).where(cond, DeskRow.active.is_(True)))
        return self._desk(row) if row else None

    async def register(self, chat_id: int, agency_code: str | None, title: str, by: int) -> Desk:
        """Make the chat the desk of `agency_code` (None: coordinator), replacing any earlier
        desk of that agency and any earlier role of that chat."""
        cond = DeskRow.agency_code.is_(None) if agency_code is None else DeskRow.agency_code == agency_code
        await self.s.execute(delete(DeskRow).where(cond | (DeskRow.chat_id == chat_id)))
        row = DeskRow(chat_id=chat_id, agency_code=agency_code, title=title[:256], created_by=by,
                      created_at=utcnow())
        self.s.add(row)
        await self.s.flush()
        return self._desk(row)

    async def deactivate(self, chat_id: int, at: datetime) -> None:
        await self.s.execute(update(DeskRow).where(DeskRow.chat_id == chat_id).values(active=False, left_at=at))

    async def all(self) -> list[Desk]:
        return [self._desk(r) for r in await self.s.scalars(select(DeskRow).order_by(DeskRow.id))]

    async def move_chat(self, old: int, new: int) -> None:
        await self.s.execute(update(DeskRow).where(DeskRow.chat_id == old).values(chat_id=new))
        await self.s.execute(update(TicketMessageRow).where(TicketMessageRow.chat_id == old).values(chat_id=new))
