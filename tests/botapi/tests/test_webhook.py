"""Webhook delivery by the fake server: POSTed with the secret token, in order, one update of a
chat at a time, posted again until answered 200; getUpdates refused while a webhook is set."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.exceptions import TelegramConflictError
from aiohttp import web


class Receiver:
    """A webhook endpoint on a free port that records what it got and answers `statuses` in turn
    (200 once they run out)."""

    def __init__(self, statuses: list[int] | None = None, delay: float = 0.0) -> None:
        self.statuses = list(statuses or [])
        self.delay = delay
        self.got: list[tuple[int, str | None, int]] = []  # update_id, secret header, answered
        self.in_flight: dict[int, int] = {}
        self.overlap = False  # two updates of one chat at once
        self.url = ""

    async def __aenter__(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/hook", self._post)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}/hook"
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.runner.cleanup()

    async def _post(self, request: web.Request) -> web.Response:
        update = await request.json()
        chat = update["message"]["chat"]["id"]
        self.in_flight[chat] = self.in_flight.get(chat, 0) + 1
        self.overlap |= self.in_flight[chat] > 1
        await asyncio.sleep(self.delay)
        self.in_flight[chat] -= 1
        status = self.statuses.pop(0) if self.statuses else 200
        self.got.append((update["update_id"], request.headers.get("X-Telegram-Bot-Api-Secret-Token"), status))
        return web.Response(status=status)

    async def wait_for(self, count: int, timeout: float = 5.0) -> None:
        async with asyncio.timeout(timeout):
            while len([g for g in self.got if g[2] == 200]) < count:
                await asyncio.sleep(0.02)


async def test_updates_are_posted_with_the_secret_in_order_and_getupdates_is_refused(server, abot):
    budi, siti = server.user(1001, "Budi"), server.user(1002, "Siti")
    async with Receiver(delay=0.02) as hook:
        await abot.set_webhook(hook.url, secret_token="s3cret_-X")
        sent = [server.send_text(budi if i % 2 else siti, f"m{i}")["update_id"] for i in range(6)]
        await hook.wait_for(6)
        with pytest.raises(TelegramConflictError):
            await abot.get_updates(timeout=0)
    assert [g[1] for g in hook.got] == ["s3cret_-X"] * 6
    by_chat = {chat: [u for u in sent if u in ids] for chat, ids in
               ((1001, sent[1::2]), (1002, sent[0::2]))}
    got = [g[0] for g in hook.got]
    assert [u for u in got if u in by_chat[1001]] == by_chat[1001]  # each chat in order
    assert [u for u in got if u in by_chat[1002]] == by_chat[1002]
    assert not hook.overlap  # one update of a chat at a time
    assert server.pending_updates == []


async def test_an_update_not_answered_200_is_posted_again(server, abot):
    budi = server.user(1001, "Budi")
    async with Receiver(statuses=[500, 403]) as hook:
        await abot.set_webhook(hook.url)
        uid = server.send_text(budi, "halo")["update_id"]
        await hook.wait_for(1)
    assert [(g[0], g[2]) for g in hook.got] == [(uid, 500), (uid, 403), (uid, 200)]
    assert [g[1] for g in hook.got] == [None] * 3  # no secret_token set: no header
    assert server.webhook_posts == [(uid, 500), (uid, 403), (uid, 200)]


async def test_an_unreachable_webhook_keeps_the_update_until_delete_webhook(server, abot):
    budi = server.user(1001, "Budi")
    async with Receiver() as hook:
        url = hook.url
    await abot.set_webhook(url)  # nobody listens there any more
    uid = server.send_text(budi, "halo")["update_id"]
    async with asyncio.timeout(5):
        while len(server.webhook_posts) < 2:
            await asyncio.sleep(0.02)
    assert {status for _, status in server.webhook_posts} == {0}
    await abot.delete_webhook()
    updates = await abot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [uid]
