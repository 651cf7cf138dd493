"""Citizens, their drafts, and the admins granted by other admins."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.model import (
    AdminGrant,
    Citizen,
    Draft,
)
from flows.ports import StaleDraft
from storage.models import (
    AdminRow,
    CitizenRow,
    ConversationDraftRow,
    utcnow,
)
from storage.repos.sql import rowcount


def _citizen(row: CitizenRow) -> Citizen:
    return Citizen(
        id=row.id, user_id=row.telegram_user_id, chat_id=row.chat_id, name=row.name,
        username=row.username, language=row.language, phone=row.phone, consent_at=row.consent_at,
        created_at=row.created_at, erased_at=row.erased_at,
    )


class SqlCitizens:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get_by_user(self, user_id: int) -> Citizen | None:
        row = await self.s.scalar(select(CitizenRow).where(CitizenRow.telegram_user_id == user_id))
        return _citizen(row) if row else None

    async def get(self, citizen_id: int) -> Citizen | None:
        row = await self.s.get(CitizenRow, citizen_id)
        return _citizen(row) if row else None

    async def save(self, citizen: Citizen) -> Citizen:
        row = await self.s.get(CitizenRow, citizen.id) if citizen.id else None
        if row is None:
            row = CitizenRow(telegram_user_id=citizen.user_id)
            self.s.add(row)
        row.chat_id = citizen.chat_id
        row.name = citizen.name
        row.username = citizen.username
        row.language = citizen.language
        row.phone = citizen.phone
        row.consent_at = citizen.consent_at
        row.erased_at = citizen.erased_at
        await self.s.flush()
        return _citizen(row)


class SqlDrafts:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, chat_id: int) -> Draft | None:
        row = await self.s.get(ConversationDraftRow, chat_id, populate_existing=True)
        if row is None:
            return None
        return Draft(
            chat_id=row.chat_id, user_id=row.telegram_user_id, step=row.step, seq=row.seq,
            data=dict(row.data or {}), history=list(row.history or []), editing=row.editing,
            version=row.version, updated_at=row.updated_at,
        )

    async def save(self, draft: Draft) -> None:
        values = dict(
            telegram_user_id=draft.user_id, step=draft.step, seq=draft.seq,
            # copies: JSON columns must see a new object to know they changed
            data=dict(draft.data), history=list(draft.history), editing=draft.editing,
            updated_at=utcnow(),
        )
        if draft.version == 0:
            await self.s.execute(insert(ConversationDraftRow).values(chat_id=draft.chat_id, version=1, **values))
            draft.version = 1
            return
        # Optimistic concurrency: only the version we loaded may be overwritten.
        result = await self.s.execute(
            update(ConversationDraftRow)
            .where(ConversationDraftRow.chat_id == draft.chat_id,
                   ConversationDraftRow.version == draft.version)
            .values(version=draft.version + 1, **values)
            .execution_options(synchronize_session=False)
        )
        if rowcount(result) != 1:
            raise StaleDraft(draft.chat_id)
        draft.version += 1

    async def delete(self, chat_id: int) -> None:
        row = await self.s.get(ConversationDraftRow, chat_id)
        if row is not None:
            await self.s.delete(row)
            await self.s.flush()


class SqlAdmins:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def is_granted(self, user_id: int) -> bool:
        return await self.s.get(AdminRow, user_id) is not None

    async def grant(self, user_id: int, by: int) -> bool:
        if await self.s.get(AdminRow, user_id) is not None:
            return False
        self.s.add(AdminRow(user_id=user_id, granted_by=by, granted_at=utcnow()))
        await self.s.flush()
        return True

    async def revoke(self, user_id: int) -> bool:
        result = await self.s.execute(delete(AdminRow).where(AdminRow.user_id == user_id))
        return rowcount(result) == 1

    async def all(self) -> list[AdminGrant]:
        rows = await self.s.scalars(select(AdminRow).order_by(AdminRow.granted_at, AdminRow.user_id))
        return [AdminGrant(r.user_id, r.granted_by, r.granted_at) for r in rows]
