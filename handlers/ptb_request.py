"""python-telegram-bot's HTTP transport over aiohttp instead of httpx.

PTB lets an application bring its own transport (`telegram.request.BaseRequest`, set with
`ApplicationBuilder.request` and `.get_updates_request`); everything above it (the Bot's methods,
the parsing of answers, the errors) stays PTB's. Why: in the profile of issue 11, httpx and
httpcore took about a third of the PTB bot's CPU (building a request, checking every pooled
connection on every call), three to four times what aiohttp costs aiogram for the same calls.
aiohttp is installed anyway (aiogram's transport, the webhook server).

Requests without files go as one JSON body; with files, as multipart, the other parameters as
form fields (as Telegram reads them). aiohttp has no write timeout: a write that stalls is caught
by the read timeout that follows it.
"""

from __future__ import annotations

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_JSON = {"Content-Type": "application/json", "User-Agent": BaseRequest.USER_AGENT}
_PLAIN = {"User-Agent": BaseRequest.USER_AGENT}


class AiohttpRequest(BaseRequest):
    def __init__(self, connection_pool_size: int = 8, read_timeout: float | None = 5.0,
                 connect_timeout: float | None = 5.0, pool_timeout: float | None = 1.0) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._pool_size))

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = self._read_timeout if read_timeout is BaseRequest.DEFAULT_NONE else read_timeout
        connect = self._connect_timeout if connect_timeout is BaseRequest.DEFAULT_NONE else connect_timeout
        pool = self._pool_timeout if pool_timeout is BaseRequest.DEFAULT_NONE else pool_timeout
        read_s, connect_s, pool_s = _seconds(read), _seconds(connect), _seconds(pool)
        timeout = aiohttp.ClientTimeout(
            total=None, sock_read=read_s, sock_connect=connect_s,
            # aiohttp's `connect` covers waiting for a pooled connection and making a new one.
            connect=None if connect_s is None or pool_s is None else connect_s + pool_s)
        body: bytes | aiohttp.FormData | None = None
        headers = _PLAIN
        if request_data is not None:
            if request_data.contains_files:
                form = aiohttp.FormData(request_data.json_parameters)
                for name, (filename, content, mime) in request_data.multipart_data.items():
                    form.add_field(name, content, filename=filename, content_type=mime)
                body = form
            else:
                body, headers = request_data.json_payload, _JSON
        try:
            async with self._session.request(method, url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # asyncio.TimeoutError is TimeoutError on 3.11
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err


def _seconds(value: object) -> float | None:
    """A timeout in seconds; None (or PTB's "no value") is no timeout."""
    return float(value) if isinstance(value, int | float) else None
