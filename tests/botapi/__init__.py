"""A local fake of the Telegram Bot API: the real aiogram and python-telegram-bot clients talk
HTTP to it in end-to-end tests and load benchmarks.  ``server.py`` says why it exists, how to
point each client at it, and which Telegram rules it keeps.

Each module has one reason to change:
- `server.py`: ``FakeBotAPI``, composed of the families below, and its options.
- `records.py`: what a test reads back: ``Call``, ``Sent`` and its ``Edit``s, ``Upload``,
  ``FakeFile``, ``User``, ``Chat``.
- `state.py`: what every family shares: users, chats, messages, calls, pending presses.
- `transport.py`: the aiohttp app: token check, routing a method to ``_api_<name>``,
  recording the call, the error answer, file downloads, start and stop.
- `wire.py`: ``ApiError`` and decoding a request (JSON, urlencoded, multipart, uploads).
- `content.py`: what a sent message may contain: HTML parse mode, length limits, keyboards.
- `messages.py`: sendMessage, sendLocation, copy, forward, delete, chat action, answering presses.
- `edits.py`: editMessageText, editMessageCaption, editMessageReplyMarkup.
- `media.py`: files and getFile; sendPhoto, sendDocument, sendVideo, sendMediaGroup.
- `chats.py`: getChat, members and administrators, leaveChat, groups becoming supergroups.
- `updates.py`: the update queue, getUpdates long polling, webhooks.
- `profile.py`: getMe, commands, description, short description, name.
- `flood.py`: flood limits, counted or enforced.
- `faults.py`: ``fail``, ``fail_ratio``, and chats that refuse the bot.
- `users.py`: what a simulated user does (``send_text``, ``press``, ``send_photo``, ``block``...).
- `waiting.py`: what a test waits for (``wait_for_message``, ``drain``, ``calls_to``...).

Adding a Bot API method: an ``_api_<name>`` method in its family's module and its name in
that module's ``METHODS``.  The server's own tests are in ``tests/botapi/tests/``.
"""

from tests.botapi.content import parse_html
from tests.botapi.flood import FloodLimits, FloodViolation
from tests.botapi.records import Call, Chat, Edit, FakeFile, Sent, Upload, User
from tests.botapi.server import FakeBotAPI
from tests.botapi.wire import ApiError

__all__ = [
    "ApiError",
    "Call",
    "Chat",
    "Edit",
    "FakeBotAPI",
    "FakeFile",
    "FloodLimits",
    "FloodViolation",
    "Sent",
    "Upload",
    "User",
    "parse_html",
]
