"""A local fake of the Telegram Bot API for end-to-end tests and load benchmarks.

Why this exists: mocking ``Bot.send_message`` hides exactly the bugs that hurt
in production (wrong encoding of ``reply_markup``, 64-byte ``callback_data``,
unescaped ``<`` in HTML, unhandled 429/403, offsets confirmed too early...).
This server speaks HTTP like ``api.telegram.org`` so the *real* clients run
unmodified against it:

* aiogram 3::

      Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(server.base_url)))

* python-telegram-bot 22::

      Application.builder().token(token)
          .base_url(f"{server.base_url}/bot")
          .base_file_url(f"{server.base_url}/file/bot").build()

Typical test::

    async with FakeBotAPI() as server:
        budi = server.user(1001, "Budi")
        ...start the bot with polling against server.base_url...
        server.send_command(budi, "/start")
        menu = await server.wait_for_message(budi.id)
        server.press(budi, menu, menu.callback_data("Lapor"))
        await server.wait_for_call("answerCallbackQuery")

Wire formats accepted (both clients differ, see ``wire.read_params``): JSON bodies,
``application/x-www-form-urlencoded`` and ``multipart/form-data``; nested
objects (``reply_markup``, ``media``, ``entities``...) may arrive JSON-encoded
as strings and are decoded, numbers/booleans arriving as strings are coerced.

Semantics worth knowing (all deliberate, all mirror real Telegram):

* getUpdates never removes an update on delivery; an update is dropped only
  once a later getUpdates passes ``offset > update_id``.  A client that dies
  before confirming receives the same updates again.  ``allowed_updates``
  filters (aiogram sends the handler-derived list by default!) and a second
  concurrent getUpdates terminates the first one with 409 Conflict.
* ``parse_mode="HTML"`` is parsed like Telegram does: ``Sent.text`` is the
  plain text, entities are returned, malformed HTML gives 400 "can't parse
  entities".  Markdown/MarkdownV2 text is stored verbatim (not parsed).
* editMessageText without ``reply_markup`` removes the inline keyboard.
* Only inline keyboards are echoed in returned Message objects; reply
  keyboards are visible in ``Sent.reply_markup`` only.

Flood rule (``flood_violations`` / ``enforce_flood``): per chat, token buckets
refilled continuously; overall, a sliding window as Telegram counts; checked for
every message-creating call (send*, copyMessage, forwardMessage; an album counts
as one message; edits and chat actions do not count):

* private chat (chat_id > 0): burst 3, refill 1 message/s  -> "more than 1/s
  sustained": e.g. a 4th message within the same instant, or 2/s for >3 s;
* group/channel (chat_id < 0): burst 20, refill 20 messages/minute;
* all chats together: at most 30 messages in any one-second window.

A send that finds a bucket empty, or the window full, is a violation.  With
``enforce_flood`` it is answered 429 ``retry_after=ceil(time until a token or a
slot in the window is available)`` and not
executed; otherwise it is executed and only recorded.  Tune via
``server.flood_limits``.
"""

from __future__ import annotations

from tests.botapi import chats, edits, media, messages, profile, updates
from tests.botapi.chats import Chats
from tests.botapi.edits import Edits
from tests.botapi.faults import Faults
from tests.botapi.flood import Flood, FloodLimits
from tests.botapi.media import Media
from tests.botapi.messages import Messages
from tests.botapi.profile import Profile
from tests.botapi.transport import Transport
from tests.botapi.updates import Updates
from tests.botapi.users import Users
from tests.botapi.waiting import Waiting

# Every Bot API method the server answers; the transport routes each to ``_api_<name>``.
API_METHODS = (*profile.METHODS, *updates.METHODS, *messages.METHODS, *edits.METHODS, *media.METHODS, *chats.METHODS)


# One family of behaviour per base class; a family is listed before the ones it builds on
# (Python's method resolution order requires it).
class FakeBotAPI(Transport, Faults, Users, Waiting, Updates, Messages, Edits, Media, Flood, Chats, Profile):
    """Fake ``api.telegram.org`` bound to 127.0.0.1 on a free port."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        bot_username: str = "lapor_test_bot",
        *,
        bot_first_name: str = "Lapor Test Bot",
        host: str = "127.0.0.1",
        port: int = 0,
        strict_chats: bool = False,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_user = {"id": self.bot_id, "is_bot": True, "first_name": bot_first_name, "username": bot_username}
        self.host = host
        self.port = port
        # When False, sending to an unknown chat id auto-creates it (convenient for
        # operator groups configured by id); when True it is 400 "chat not found".
        self.strict_chats = strict_chats
        # Fault kind "timeout" holds the response this long; set it above the
        # client's request timeout so the client gives up.
        self.timeout_delay = 10.0
        self.enforce_flood = False
        self._flood_limits = FloodLimits()
        self.base_url = ""
        self._runner = None
        self._closed = None
        self._methods = {name.lower(): (name, getattr(self, f"_api_{name}")) for name in API_METHODS}
        self._reset_state()

