"""The audit trail: who did what that changes who sees personal data (admin grants and
revocations, desk bindings, erasures). Append-only; admins read it with /audit. And the record
of the periodic jobs that happen once per period (`SqlJobRuns`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from flows import lifecycle as lc
from flows.model import AuditEntry, RoutingExample
from flows.routing.learned import Example
from storage.models import (
    AuditRow,
    JobRunRow,
    RoutingExampleRow,
    RoutingVetoRow,
    TicketEventRow,
    TicketRow,
    utcnow,
)
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


    async def settled(self, limit: int) -> list[Example]:
        """The newest `limit` tickets staff settled at an agency (verified, dispositioned or
        further; not archived or withdrawn), each as a learning example: its words as the ticket
        has them now, the classifier's first suggestion (the "routed" event), the agency it is at,
        and who last moved it there when staff did."""
        rows = (await self.s.execute(
            select(TicketRow.id, TicketRow.title, TicketRow.description, TicketRow.agency_code, TicketEventRow.data)
            .outerjoin(TicketEventRow, (TicketEventRow.ticket_id == TicketRow.id) & (TicketEventRow.kind == "routed"))
            .where(TicketRow.agency_code.is_not(None), TicketRow.identity_erased_at.is_(None),
                   TicketRow.status.in_([s for s in lc.STATUSES if s not in (lc.NEW, lc.ARCHIVED)]))
            .order_by(TicketRow.id.desc()).limit(max(limit, 0)))).all()
        if not rows:
            return []
        ids = [r[0] for r in rows]
        movers: dict[int, str] = {}
        for ticket_id, actor in (await self.s.execute(
                select(RoutingExampleRow.ticket_id, RoutingExampleRow.actor)
                .where(RoutingExampleRow.ticket_id.in_(ids), RoutingExampleRow.kind == "disposed")
                .order_by(RoutingExampleRow.id))).all():
            movers[ticket_id] = actor  # the latest wins
        out = []
        for ticket_id, title, story, agency, data in rows:
            candidates = (data or {}).get("candidates") or []
            suggested = candidates[0].get("code") if candidates and isinstance(candidates[0], dict) else None
            out.append(Example(f"{title}\n{story}", agency, suggested, movers.get(ticket_id)))
        return out

    async def mark(self) -> tuple[int, int, int]:
        """What the learned terms depend on, cheaply: (examples, newest example, newest veto)."""
        n, newest = (await self.s.execute(select(func.count(), func.max(RoutingExampleRow.id)))).one()
        veto = await self.s.scalar(select(func.max(RoutingVetoRow.id)))
        return int(n or 0), int(newest or 0), int(veto or 0)

    async def vetoes(self) -> list[tuple[str, str]]:
        return [(t, a) for t, a in (await self.s.execute(select(RoutingVetoRow.term, RoutingVetoRow.agency))).all()]

    async def veto(self, term: str, agency: str, actor: str, at: datetime) -> bool:
        """Never learn `term` for `agency` ("*": any) again; False when it already was vetoed."""
        insert = upsert_insert(self.s)
        result = await self.s.execute(insert(RoutingVetoRow).values(term=term[:128], agency=agency[:64],
                                                                    actor=actor[:64], at=at)
                                      .on_conflict_do_nothing(index_elements=["term", "agency"]))
        return rowcount(result) == 1


class SqlJobRuns(Repo):
    async def once(self, name: str, period: str, at: datetime) -> bool:
        """Record that job `name` ran for `period`; False when it already had (the caller then
        does nothing). In the transaction of what the run does, so the two stand or fall together."""
        insert = upsert_insert(self.s)
        result = await self.s.execute(insert(JobRunRow).values(name=name[:64], period=period[:32], at=at)
                                      .on_conflict_do_nothing(index_elements=["name", "period"]))
        return rowcount(result) == 1
