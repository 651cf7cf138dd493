"""The audit trail: who did what that changes who sees personal data (admin grants and
revocations, desk bindings, erasures). Append-only; admins read it with /audit. And the record
of the periodic jobs that happen once per period (`SqlJobRuns`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from flows.model import AuditEntry, RoutingExample
from storage.models import AuditRow, JobRunRow, RoutingExampleRow, TicketRow, utcnow
from storage.repos.sql import Repo, rowcount, upsert_insert


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


class SqlRoutingExamples(Repo):
    async def add(self, ticket_id: int, kind: str, suggested: str | None, previous: str | None,
                  chosen: str | None, actor: str, at: datetime) -> None:
        self.s.add(RoutingExampleRow(ticket_id=ticket_id, kind=kind, suggested=suggested, previous=previous,
                                     chosen=chosen, actor=actor[:64], at=at))
        await self.s.flush()

    async def latest(self, limit: int) -> list[RoutingExample]:
        rows = (await self.s.execute(
            select(RoutingExampleRow, TicketRow.number, TicketRow.title, TicketRow.description)
            .join(TicketRow, TicketRow.id == RoutingExampleRow.ticket_id)
            .order_by(RoutingExampleRow.id.desc()).limit(max(limit, 0)))).all()
        return [RoutingExample(r.ticket_id, number, f"{title}\n{story}", r.kind, r.suggested, r.previous, r.chosen,
                               r.actor, r.at) for r, number, title, story in rows]


class SqlJobRuns(Repo):
    async def once(self, name: str, period: str, at: datetime) -> bool:
        """Record that job `name` ran for `period`; False when it already had (the caller then
        does nothing). In the transaction of what the run does, so the two stand or fall together."""
        insert = upsert_insert(self.s)
        result = await self.s.execute(insert(JobRunRow).values(name=name[:64], period=period[:32], at=at)
                                      .on_conflict_do_nothing(index_elements=["name", "period"]))
        return rowcount(result) == 1
