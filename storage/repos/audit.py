"""The audit trail: who did what that changes who sees personal data (append-only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditRow, utcnow


class SqlAudit:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def record(self, action: str, actor_user_id: int | None = None, subject: str | None = None,
                     chat_id: int | None = None, detail: dict[str, Any] | None = None) -> None:
        self.s.add(AuditRow(at=utcnow(), actor_user_id=actor_user_id, action=action[:32],
                            subject=subject[:128] if subject else None, chat_id=chat_id, detail=detail))
