"""Erasure and retention on the rows themselves (flows/erasure.py decides what, this does it):
identity fields blanked, the citizen's name/username/phone redacted wherever text was copied
(ticket text, events, outbox payloads), and rows nobody needs any more deleted."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from sqlalchemy import Text, cast, delete, exists, func, or_, select, update

from flows.lifecycle import OPEN
from storage.models import (
    AttachmentRow,
    ChatSeenRow,
    CitizenRow,
    ConversationDraftRow,
    OutboxRow,
    ProcessedUpdateRow,
    TicketEventRow,
    TicketFollowerRow,
    TicketMessageRow,
    TicketRow,
    UnreachableChatRow,
)
from storage.repos.sql import Repo, rowcount

REDACTED = "[dihapus]"


def _pattern(tokens: list[str]) -> re.Pattern[str] | None:
    words = sorted({x for x in tokens if x}, key=len, reverse=True)
    return re.compile("|".join(re.escape(x) for x in words), re.IGNORECASE) if words else None


def _redact(value: Any, pattern: re.Pattern[str]) -> Any:
    """`value` (text, or JSON made of dicts, lists and text) with every token replaced."""
    if isinstance(value, str):
        return pattern.sub(REDACTED, value)
    if isinstance(value, list):
        return [_redact(x, pattern) for x in value]
    if isinstance(value, dict):
        return {k: _redact(v, pattern) for k, v in value.items()}
    return value


def _like(token: str) -> str:
    """A LIKE pattern for `token` as it appears in a JSON column's text (json.dumps escapes)."""
    encoded = json.dumps(token)[1:-1]
    return "%" + encoded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class SqlPrivacy(Repo):
    async def erase_tickets(self, ticket_ids: list[int], tokens: list[str], drop_files: list[int],
                            at: datetime) -> None:
        if not ticket_ids:
            return
        pattern = _pattern(tokens)
        for row in await self.s.scalars(select(TicketRow).where(TicketRow.id.in_(ticket_ids))):
            row.phone = None
            row.identity_erased_at = row.identity_erased_at or at
            if pattern is not None:
                row.title = _redact(row.title, pattern)
                row.description = _redact(row.description, pattern)
                row.location_text = _redact(row.location_text, pattern)
        for event in await self.s.scalars(select(TicketEventRow).where(TicketEventRow.ticket_id.in_(ticket_ids))):
            if event.actor.startswith("citizen:"):
                event.actor = "citizen:"  # the Telegram user id goes; "a citizen did it" stays
            if pattern is not None:
                event.note = _redact(event.note, pattern)
                event.data = _redact(event.data, pattern)
        # A file's own name may name the reporter; the files of a closed ticket go altogether.
        await self.s.execute(update(AttachmentRow).where(AttachmentRow.ticket_id.in_(ticket_ids))
                             .values(file_name=None))
        if drop_files:
            await self.s.execute(delete(AttachmentRow).where(AttachmentRow.ticket_id.in_(drop_files)))
        await self._redact_outbox(tokens, pattern)
        await self.s.flush()

    async def _redact_outbox(self, tokens: list[str], pattern: re.Pattern[str] | None) -> None:
        """Messages that carry a token: sent ones are deleted, unsent ones lose the token."""
        if pattern is None:
            return
        text = cast(OutboxRow.payload, Text)
        holds = or_(*(text.like(_like(x), escape="\\") for x in tokens if x))
        for row in await self.s.scalars(select(OutboxRow).where(holds)):
            if row.status == "sent":
                await self.s.delete(row)
            else:
                row.payload = _redact(dict(row.payload), pattern)

    async def erase_citizen(self, citizen_id: int, at: datetime, sever: bool) -> None:
        """Blank the citizen's identity; `sever` also drops their Telegram ids (and what is kept
        by chat id), so nothing ties the remaining, pseudonymous row to a person."""
        row = await self.s.get(CitizenRow, citizen_id)
        if row is None:
            return
        row.name, row.username, row.phone, row.consent_at = "", None, None, None
        row.erased_at = row.erased_at or at
        await self.s.execute(delete(TicketFollowerRow).where(TicketFollowerRow.citizen_id == citizen_id))
        if sever and row.telegram_user_id > 0:
            chat = row.chat_id
            row.telegram_user_id, row.chat_id = -row.id, 0  # unique, and no Telegram id is negative for a user
            for table, column in ((ConversationDraftRow, ConversationDraftRow.chat_id),
                                  (ChatSeenRow, ChatSeenRow.chat_id),
                                  (UnreachableChatRow, UnreachableChatRow.chat_id),
                                  (TicketMessageRow, TicketMessageRow.chat_id)):
                await self.s.execute(delete(table).where(column == chat))
            await self.s.execute(delete(OutboxRow).where(OutboxRow.chat_id == chat, OutboxRow.status != "pending"))
        await self.s.flush()

    async def retention_due(self, cutoff: datetime) -> list[int]:
        """Closed or archived tickets, done before `cutoff`, whose identity is still kept."""
        done_at = func.coalesce(TicketRow.closed_at, TicketRow.updated_at)
        return list(await self.s.scalars(
            select(TicketRow.id).where(TicketRow.status.not_in(OPEN), TicketRow.identity_erased_at.is_(None),
                                       done_at < cutoff).order_by(TicketRow.id)))

    async def citizens_to_forget(self, cutoff: datetime) -> list[int]:
        """Citizens still tied to a Telegram id who have no open ticket and no form open, and who
        either asked to be erased, or were last seen before `cutoff` with every ticket erased."""
        c = CitizenRow
        open_ticket = exists().where(TicketRow.citizen_id == c.id, TicketRow.status.in_(OPEN))
        kept_ticket = exists().where(TicketRow.citizen_id == c.id, TicketRow.identity_erased_at.is_(None))
        draft = exists().where(ConversationDraftRow.chat_id == c.chat_id)
        stale = (c.updated_at < cutoff) & ~kept_ticket
        return list(await self.s.scalars(
            select(c.id).where(c.telegram_user_id > 0, ~open_ticket, ~draft,
                               c.erased_at.is_not(None) | stale).order_by(c.id)))

    async def purge(self, sent_before: datetime, updates_before: datetime) -> dict[str, int]:
        """Delete what holds chat ids or texts without need; how many rows of each went. Each
        delete runs only when a row matches, so a day with nothing to purge takes no write lock."""
        private_stranger = (OutboxRow.chat_id > 0) & ~exists().where(CitizenRow.chat_id == OutboxRow.chat_id)
        stranger_chat = ~exists().where(CitizenRow.chat_id == UnreachableChatRow.chat_id)
        targets: dict[str, tuple[type[Any], Any]] = {
            "outbox": (OutboxRow, OutboxRow.status.in_(("sent", "failed")) & (OutboxRow.created_at < sent_before)),
            # what was held or failed for someone who never agreed (e.g. declined, then blocked)
            "outbox_strangers": (OutboxRow, (OutboxRow.status != "pending") & private_stranger),
            "processed_update": (ProcessedUpdateRow, ProcessedUpdateRow.processed_at < updates_before),
            # private chats only: a group's (negative id) tells the sender the bot is back in it
            "chat_seen": (ChatSeenRow, (ChatSeenRow.chat_id > 0)
                          & ~exists().where(CitizenRow.chat_id == ChatSeenRow.chat_id)),
            "unreachable_chat": (UnreachableChatRow, (UnreachableChatRow.chat_id > 0) & stranger_chat),
            # what someone sent before agreeing, held for them, when they never did
            "held_drafts": (ConversationDraftRow, (ConversationDraftRow.updated_at < updates_before)
                            & ~exists().where(CitizenRow.telegram_user_id == ConversationDraftRow.telegram_user_id,
                                              CitizenRow.consent_at.is_not(None))),
        }
        counts: dict[str, int] = {}
        for name, (table, condition) in targets.items():
            found = await self.s.scalar(select(func.count()).select_from(table).where(condition))
            counts[name] = rowcount(await self.s.execute(delete(table).where(condition))) if found else 0
        await self.s.flush()
        return counts
