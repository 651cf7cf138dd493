"""Citizens, their drafts, and the admins granted by other admins."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update

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
from storage.repos.sql import Prepared, Repo, rowcount

_C = cast(Table, CitizenRow.__table__)
_D = cast(Table, ConversationDraftRow.__table__)
_CITIZEN_BY_USER = Prepared(lambda d: select(_C).where(_C.c.telegram_user_id == bindparam("u")))
_CITIZEN = Prepared(lambda d: select(_C).where(_C.c.id == bindparam("i")))
_DRAFT = Prepared(lambda d: select(_D).where(_D.c.chat_id == bindparam("c")))
_DRAFT_VALUES = dict(telegram_user_id=bindparam("user_id"), step=bindparam("step"), seq=bindparam("seq"),
                     data=bindparam("data", type_=_D.c.data.type),
                     history=bindparam("history", type_=_D.c.history.type),
                     editing=bindparam("editing"), updated_at=bindparam("at", type_=_D.c.updated_at.type))
_DRAFT_NEW = Prepared(lambda d: insert(_D).values(chat_id=bindparam("c"), version=1,
                                                  created_at=bindparam("at", type_=_D.c.created_at.type),
                                                  **_DRAFT_VALUES))
# Optimistic concurrency: only the version we loaded may be overwritten.
_DRAFT_SAVE = Prepared(lambda d: update(_D).where(_D.c.chat_id == bindparam("c"), _D.c.version == bindparam("v"))
                       .values(version=bindparam("v") + 1, **_DRAFT_VALUES))


def _citizen(row: Any) -> Citizen:
    return Citizen(
        id=row.id, user_id=row.telegram_user_id, chat_id=row.chat_id, name=row.name,
        username=row.username, language=row.language, phone=row.phone, consent_at=row.consent_at,
        created_at=row.created_at, erased_at=row.erased_at,
    )


class SqlCitizens(Repo):
    async def get_by_user(self, user_id: int) -> Citizen | None:
        await self.flush_orm()  # a change the session holds must be read back
        row = (await self.run(_CITIZEN_BY_USER, {"u": user_id})).first()
        return _citizen(row) if row else None

    async def get(self, citizen_id: int) -> Citizen | None:
        await self.flush_orm()
        row = (await self.run(_CITIZEN, {"i": citizen_id})).first()
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


class SqlDrafts(Repo):
    async def get(self, chat_id: int) -> Draft | None:
        row = (await self.run(_DRAFT, {"c": chat_id})).first()
        return None if row is None else self._draft(row)

    async def at_step(self, step: str) -> list[Draft]:
        return [self._draft(row) for row in await self.c.execute(select(_D).where(_D.c.step == step))]

    @staticmethod
    def _draft(row: Any) -> Draft:
        return Draft(
            chat_id=row.chat_id, user_id=row.telegram_user_id, step=row.step, seq=row.seq,
            data=dict(row.data or {}), history=list(row.history or []), editing=row.editing,
            version=row.version, updated_at=row.updated_at,
        )

    async def save(self, draft: Draft) -> None:
        values = dict(c=draft.chat_id, user_id=draft.user_id, step=draft.step, seq=draft.seq, data=draft.data,
                      history=draft.history, editing=draft.editing, at=utcnow())
        if draft.version == 0:
            await self.run(_DRAFT_NEW, values)
            draft.version = 1
            return
        result = await self.run(_DRAFT_SAVE, dict(values, v=draft.version))
        if rowcount(result) != 1:
            raise StaleDraft(draft.chat_id)
        draft.version += 1

    async def delete(self, chat_id: int) -> None:
        await self.c.execute(delete(_D).where(_D.c.chat_id == chat_id))


class SqlAdmins(Repo):
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
