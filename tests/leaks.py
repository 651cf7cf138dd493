"""A check that runs around every test (tests/conftest.py): no log record at INFO or above may
hold the bot token, a phone number or a citizen's words. Citizens' words are what the tests make
citizens say: the local Bot API server and the core's harness register them here as they go."""

from __future__ import annotations

import logging
import re

# Indonesian mobile numbers as people write them: 0812..., 62812..., +62812... (8-13 digits on).
PHONE = re.compile(r"(?<![\d])(?:\+?62|0)8\d{7,11}(?![\d])")
# Any token shaped as @BotFather hands them out, and the local server's own.
TOKEN = re.compile(r"\d{5,20}(?::|%3A)[A-Za-z0-9_-]{30,}|TEST-token", re.IGNORECASE)
MIN_WORDS = 20  # shorter texts ("ya", "/start", a code) are not a complaint's words

_said: set[str] = set()


def said(text: str | None) -> None:
    """A citizen said `text`: from now on it must not reach a log at INFO or above."""
    text = (text or "").strip()
    if len(text) >= MIN_WORDS and not text.startswith("/"):
        _said.add(text)


def found_in(message: str) -> list[str]:
    """What in `message` should never have been logged."""
    found = [f"token {m.group(0)[:12]}..." for m in TOKEN.finditer(message)]
    found += [f"phone {m.group(0)}" for m in PHONE.finditer(message)]
    found += [f"citizen's words {w[:30]!r}" for w in _said if w in message]
    return found


class LeakCatcher(logging.Handler):
    """Collects the leaks of every record at INFO or above, whoever logs it."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's to report
            return
        if record.exc_info and not record.exc_text:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        elif record.exc_text:
            text += "\n" + record.exc_text
        for leak in found_in(text):
            self.leaks.append(f"{record.levelname} {record.name}: {leak}")
