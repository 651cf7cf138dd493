"""When the core fails on an update: the error is logged with the update's id (the runners keep
the bot token out of every log record); a pressed button's spinner is stopped; whoever sent the
update is told briefly, in their language, to try again. Both runners' error handlers call
`answer_failure` with their framework's client: the apology goes out directly, not through the
outbox, which may be the very thing that failed (and the citizen's stored language with it)."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from flows.delivery import DeliveryError
from flows.events import Incoming, Reply
from flows.texts import t
from flows.updates import incoming

log = logging.getLogger(__name__)


class FailureClient(Protocol):
    async def answer_press(self, callback_id: str) -> None: ...
    async def send_text(self, chat_id: int, text: str, markup: Reply | None) -> int: ...


def apology(ev: Incoming) -> str:
    return t("en" if ev.sender.language_code == "en" else "id", "error_apology")


async def answer_failure(update: Any, error: BaseException, client: FailureClient) -> None:
    """`update` is the framework's update object, or None when the error belongs to no update."""
    update_id = getattr(update, "update_id", None)
    log.error("update %s failed", update_id, exc_info=error)
    try:
        ev = incoming(update) if update is not None else None
    except Exception:  # noqa: BLE001 - reading the update may be what failed: nobody to answer
        return
    if ev is None or ev.kind == "membership":  # nobody wrote: the bot was added or removed
        return
    # Each call on its own, and neither may fail in turn: this is the error handler.
    if ev.callback_id is not None:
        try:
            await client.answer_press(ev.callback_id)
        except DeliveryError as exc:
            log.warning("answering the press in update %s failed (%s)", update_id, exc.kind)
    try:
        await client.send_text(ev.chat_id, apology(ev), None)
    except DeliveryError as exc:
        log.warning("the apology for update %s was not delivered (%s)", update_id, exc.kind)

