"""Secrets (the bot token) cut out of every text that can leave the process: log records of any
logger at any level, delivery errors (stored in the outbox, shown by `lapor-bot status`, sent to
admins), start-up messages.

A token `123456:AAE...` appears in several forms: as it is, after `bot` in a request URL
(`/bot123456:AAE.../sendMessage`), URL-encoded (`123456%3AAAE...`). Its secret half (after the
colon) is in all of them and is long and unguessable, so cutting that half out too catches every
form, including ones a framework invents later."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

HIDDEN = "<token>"
_MIN_SECRET = 8  # a shorter "secret" would cut ordinary words out of texts

_secrets: list[str] = []
_pattern: re.Pattern[str] | None = None  # every secret, any case (PTB capitalises error texts)


def forms(token: str) -> list[str]:
    """Every form of `token` to cut, longest first (so the whole token becomes one mark)."""
    token = token.strip()
    found = {token, quote(token, safe="")}
    _, _, secret = token.partition(":")
    if len(secret) >= _MIN_SECRET:
        found.add(secret)
    return sorted((f for f in found if len(f) >= _MIN_SECRET), key=len, reverse=True)


def register(token: str) -> Callable[[], None]:
    """Hide `token` from now on; the returned function stops hiding it."""
    added = [f for f in forms(token) if f not in _secrets]
    _secrets.extend(added)
    _compile()

    def forget() -> None:
        for f in added:
            if f in _secrets:
                _secrets.remove(f)
        _compile()

    return forget


def _compile() -> None:
    global _pattern
    _secrets.sort(key=len, reverse=True)
    _pattern = re.compile("|".join(map(re.escape, _secrets)), re.IGNORECASE) if _secrets else None


def redact(text: str) -> str:
    """`text` with every registered secret, in any case, replaced by <token>."""
    return _pattern.sub(HIDDEN, text) if _pattern is not None else text


def any_secret(text: str) -> bool:
    return _pattern is not None and _pattern.search(text) is not None
