"""The HTTP server: an aiohttp app on 127.0.0.1 that checks the token, routes
``/bot<token>/<method>`` to the method's handler (``_api_<method>``, case-insensitive),
records every call, applies injected faults, and serves ``/file/bot<token>/<path>``.

Why its own module: it changes when the plumbing does (routes, answers, timeouts,
shutdown), not when what a method means does.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Self

from aiohttp import web

from tests.botapi.faults import Faults, fault_error
from tests.botapi.media import UPLOAD_LIMIT, Media
from tests.botapi.records import Call
from tests.botapi.updates import Updates
from tests.botapi.wire import ApiError, read_params

log = logging.getLogger("tests.botapi_server")


def _json(payload: dict, status: int = 200) -> web.Response:
    return web.json_response(payload, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


class Transport(Faults, Updates, Media):
    """Start/stop, the two routes, and what happens to one call on its way through."""

    # Set by FakeBotAPI.__init__.
    host: str
    port: int
    base_url: str
    timeout_delay: float
    _runner: web.AppRunner | None
    _methods: dict[str, tuple[str, Callable[[dict], Awaitable[Any]]]]

    async def start(self) -> Self:
        if self._runner is not None:
            return self
        self._closed = asyncio.Event()
        # Bot API accepts uploads up to 50 MB; aiohttp's default body limit is 1 MB.
        app = web.Application(client_max_size=UPLOAD_LIMIT + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        # handler_cancellation: a client that gave up (timeout, polling task
        # cancelled) must not leave a zombie long poll that swallows updates.
        # A short shutdown_timeout keeps stop() fast.
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        self.port = runner.addresses[0][1]
        self.base_url = f"http://{self.host}:{self.port}"
        log.debug("fake Bot API listening on %s", self.base_url)
        return self

    async def stop(self) -> None:
        if self._runner is None:
            return
        if self._closed is not None:
            self._closed.set()
        self._updates_signal.notify()  # long polls return [] immediately
        await self._stop_webhook_delivery()
        runner, self._runner = self._runner, None
        try:  # a client holding a request open must not keep a test from ending
            await asyncio.wait_for(runner.cleanup(), 15)
        except TimeoutError:
            log.warning("fake Bot API server did not stop within 15 s")

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json(ApiError(401, "Unauthorized").payload(), 401)
        raw_method = request.match_info["method"]
        entry = self._methods.get(raw_method.lower())
        call = Call(
            method=entry[0] if entry else raw_method, params={}, at=time.monotonic(), http_method=request.method
        )
        self.calls.append(call)
        status, payload = 200, None
        try:
            call.params, call.encoding = await read_params(request)
            if entry is None:
                raise ApiError(404, "Not Found: method not found")
            name, handler = entry
            rule = self._pick_fault(name, call.params)
            if rule is not None:
                call.fault = rule.kind
                if rule.kind == "timeout_lost":
                    # Nothing happens; the client just never hears back in time.
                    raise ApiError(502, "Bad Gateway")
                if rule.kind != "timeout":
                    raise fault_error(rule, call.params, self.token)
            self._check_reachable(name, call.params)
            call.result = await handler(call.params)
            payload = {"ok": True, "result": call.result}
        except ApiError as exc:
            call.error = exc.payload()
            status, payload = exc.code, call.error
        finally:
            call.done_at = time.monotonic()
            self._index_call(call)
        if call.fault in ("timeout", "timeout_lost"):
            # "timeout": the side effect already happened (message IS delivered),
            # only the answer is late -- exactly why naive retries duplicate messages.
            await self._sleep(self.timeout_delay)
        return _json(payload, status)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json(ApiError(401, "Unauthorized").payload(), 401)
        path = request.match_info["file_path"]
        fake = self._files_by_path.get(path)
        if fake is None:
            return _json(ApiError(404, "Not Found").payload(), 404)
        self.downloads.append(path)
        return web.Response(body=fake.data(), content_type=fake.mime_type or "application/octet-stream")

    async def _sleep(self, delay: float) -> None:
        """Sleep, but wake up immediately when the server stops."""
        if self._closed is None:
            await asyncio.sleep(delay)
            return
        try:
            await asyncio.wait_for(self._closed.wait(), delay)
        except TimeoutError:
            pass

    def _index_call(self, call: Call) -> None:
        key = call.method.lower()
        self._calls_unconsumed[key].append(call)
        self._call_signals[key].notify()
