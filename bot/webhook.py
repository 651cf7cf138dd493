"""Webhook mode: Telegram POSTs each update to us, and an update is acknowledged by our 200.

So the 200 is answered only after the update was handled (its turn committed, bot/inbound.py):
a crash before that, and Telegram posts it again. A request without the secret token set with
setWebhook is refused (401 missing, 403 wrong), counted and logged without the token: anyone who
finds the URL could otherwise write to the bot as any citizen. GET /health answers the counters
(no personal data) for a load balancer or an operator.

Order within a chat: Telegram posts a chat's next update only after the previous one was answered
(chats side by side; grammY's deployment guide, "Ending Webhook Requests in Time", describes it),
so answering after the commit keeps a chat in order; the core's per-chat lock (flows/turn.py
`Turns.hold`) keeps one chat's turns apart should two requests of a chat still overlap, in the
order they reach it. The fake server (tests/botapi/updates.py) posts the same way.

aiohttp's web server is loaded only in this mode (its client is both frameworks' transport:
aiogram's own, and PTB's through handlers/ptb_request.py).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import socket
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.inbound import STOP_BATCH_S, Inbound

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookServer:
    """The aiohttp server that receives updates at `path` and hands each to `inbound`."""

    def __init__(self, inbound: Inbound, parse: Callable[[dict[str, Any]], Any], *, path: str, secret: str,
                 host: str, port: int) -> None:
        self.inbound = inbound
        self.parse = parse
        self.path = path
        self._secret = secret.encode()
        self.host = host
        self.port = port
        self.refused_missing = 0  # requests without the secret token header
        self.refused_wrong = 0  # requests with a wrong one
        self.malformed = 0  # bodies that were no update
        self._runner: web.AppRunner | None = None

    @property
    def refused(self) -> int:
        return self.refused_missing + self.refused_wrong

    def counters(self) -> dict[str, int]:
        return {"handled": self.inbound.handled, "failed": self.inbound.failed, "refused": self.refused,
                "refused_missing": self.refused_missing, "refused_wrong": self.refused_wrong,
                "malformed": self.malformed}

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(self.path, self._receive)
        app.router.add_get("/health", self._health)
        # shutdown_timeout: on stop, the requests in hand get this long to commit.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=STOP_BATCH_S)
        await runner.setup()
        # reuse_port: several workers on one machine share the port (SO_REUSEPORT), the kernel
        # spreading Telegram's requests over them (README "Several workers").
        await web.TCPSite(runner, self.host, self.port, reuse_port=hasattr(socket, "SO_REUSEPORT")).start()
        self._runner = runner
        self.port = runner.addresses[0][1]  # the port given, or the one picked for port 0

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER)
        if given is None or not hmac.compare_digest(given.encode(), self._secret):
            return self._refuse(missing=given is None)
        try:
            data = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            self.malformed += 1
            log.warning("webhook: a request whose body is not JSON refused")
            return web.Response(status=400, text="not JSON")
        try:
            update = self.parse(data)
        except Exception:  # noqa: BLE001 - posting it again would not make it readable
            self.malformed += 1
            log.error("webhook: update %s could not be read; dropped",
                      data.get("update_id") if isinstance(data, dict) else None)
            return web.Response(text="unreadable")
        await self.inbound.handle_one(update)  # committed when it returns: the 200 acknowledges it
        return web.Response(text="ok")

    def _refuse(self, missing: bool) -> web.Response:
        if missing:
            self.refused_missing += 1
        else:
            self.refused_wrong += 1
        log.warning("webhook: a request %s the secret token refused (%d refused so far)",
                    "without" if missing else "with a wrong", self.refused)
        return web.Response(status=401 if missing else 403, text="unauthorized" if missing else "forbidden")

    async def _health(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True, **self.counters()})


async def serve_webhook(server: WebhookServer, set_webhook: Callable[[], Any],
                        ready: asyncio.Event | None) -> None:
    """Listen, then tell Telegram where (so that its first post finds us), until cancelled."""
    await server.start()
    try:
        await set_webhook()
        log.info("webhook: listening on %s:%d%s", server.host, server.port, server.path)
        if ready is not None:
            ready.set()
        await asyncio.Event().wait()
    finally:
        await server.stop()
        log.info("webhook: stopped; %s", ", ".join(f"{k} {v}" for k, v in server.counters().items()))
