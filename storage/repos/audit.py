"""The audit trail: who did what that changes who sees personal data (admin grants and
revocations, desk bindings, erasures). Append-only; admins read it with /audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from flows.model import AuditEntry
from storage.models import AuditRow, utcnow
from storage.repos.sql import Repo


class SqlAudit(Repo):
    async def add(self, actor_user_id: int | None, action: str, subject: str | None = None,
                  chat_id: int | None = None, detail: dict[str, Any] | None = None,
                  at: datetime | None = None) -> None:
        self.s.add(AuditRow(at=at or utcnow(), actor_user_id=actor_user_id, action=action[:32],
                            subject=subject[:128] if subject is not None else None, chat_id=chat_id,
                            detail=dict(detail) if detail else None))
        await self.s.flush()

    async def latest(self, limit: int) -> list[AuditEntry]:
        rows = await self.s.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(max(limit, 0)))
        return [AuditEntry(r.at, r.actor_user_id, r.action, r.subject, r.chat_id, r.detail) for r in rows]
