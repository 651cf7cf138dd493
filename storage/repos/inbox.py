"""The inbox (PostgreSQL, several workers in polling mode; bot/inbox.py): the updates the leading
worker fetched, committed before Telegram is told they arrived, and taken from here by every
worker. One chat's updates go one at a time and in order: only a chat's oldest update is ever
taken, leased to one worker until it is done (deleted) or its lease runs out (its worker died:
another takes it, and the turn's claim makes a second handling of a committed turn do nothing).
`FOR UPDATE SKIP LOCKED` lets the workers take side by side without waiting on each other."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, text

from storage.repos.sql import Repo

INBOX_CHANNEL = "lapor_inbox"  # NOTIFY: updates came in

_ADD = text("INSERT INTO inbox (update_id, chat_key, payload, received_at) "
            "VALUES (:u, :chat, :payload, now()) ON CONFLICT (update_id) DO NOTHING")
_TAKE = text("""
UPDATE inbox SET taken_by = :worker, taken_until = now() + make_interval(secs => :lease)
WHERE update_id IN (
    SELECT i.update_id FROM inbox i
    WHERE (i.taken_until IS NULL OR i.taken_until < now())
      AND NOT EXISTS (SELECT 1 FROM inbox o WHERE o.chat_key = i.chat_key AND o.update_id < i.update_id)
    ORDER BY i.update_id
    LIMIT :n
    FOR UPDATE SKIP LOCKED)
RETURNING update_id, payload
""")
_DONE = text("DELETE FROM inbox WHERE update_id IN :ids").bindparams(bindparam("ids", expanding=True))
_NOTIFY = text("SELECT pg_notify(:channel, current_schema())")


class SqlInbox(Repo):
    async def add(self, updates: Sequence[tuple[int, int | None, str]]) -> None:
        """(update_id, chat id or None, the update's JSON); the workers are told at the commit."""
        if not updates:
            return
        await self.c.execute(_ADD, [{"u": u, "chat": chat, "payload": payload} for u, chat, payload in updates])
        await self.c.execute(_NOTIFY, {"channel": INBOX_CHANNEL})

    async def take(self, worker: str, limit: int, lease_s: float) -> list[tuple[int, str]]:
        """Up to `limit` updates, each its chat's oldest, leased to `worker`, oldest first."""
        rows = (await self.c.execute(_TAKE, {"worker": worker, "lease": lease_s, "n": limit})).all()
        return sorted((int(u), str(p)) for u, p in rows)

    async def done(self, update_ids: Sequence[int]) -> None:
        if update_ids:
            await self.c.execute(_DONE, {"ids": list(update_ids)})

    async def backlog(self) -> int:
        return int(await self.c.scalar(text("SELECT count(*) FROM inbox")) or 0)
