"""`lapor-bot chat`: the whole form in a terminal, on the same core and database, no token.

Buttons are numbered: type `!1` to press the first. `!lokasi LAT,LON` shares a location,
`!foto` / `!dokumen NAME` send an attachment, `!kontak` shares your number, `!stiker` sends a
sticker, `!keluar` (or Ctrl-D) quits. Everything else is typed as a chat message.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.app import App, build_app
from bot.sender import OutboxSender
from bot.settings import Settings
from flows.delivery import ChatLimits
from flows.events import Button, FileRef, Incoming, Reply, Sender
from flows.texts import t
from flows.updates import parse_command


class TerminalChat:
    def __init__(self, app: App, out: TextIO, user_id: int = 700_000_001, name: str = "Warga") -> None:
        self.app = app
        self.lang = app.settings.default_language
        self.out = out
        self.sender = Sender(user_id=user_id, first_name=name)
        self.buttons: list[Button] = []
        self._ids = itertools.count(1)
        self._files = itertools.count(1)

    # The outbox sender's Client (flows.delivery): this terminal is the chat.

    async def send_text(self, chat_id: int, text: str, markup: Reply | None) -> int:
        self.out.write("\nBOT: " + text.replace("\n", "\n     ") + "\n")
        if markup is not None and markup.buttons:
            self.buttons = [b for row in markup.buttons for b in row]
            for i, b in enumerate(self.buttons, 1):
                self.out.write(f"     [!{i}] {b.text}\n")
        if markup is not None and markup.keyboard:
            labels = "  ".join(f"[{b.text}]" for row in markup.keyboard for b in row)
            self.out.write(f"     keyboard: {labels}\n")
        self.out.flush()
        return next(self._ids)

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: list[list[Button]]) -> None:
        pass  # a terminal cannot rewrite history; edits drop buttons

    async def send_location(self, chat_id: int, latitude: float, longitude: float) -> None:
        pass  # a terminal shows no map pin

    async def send_file(self, chat_id: int, kind: str, file_id: str, name: str | None = None) -> None:
        pass  # nor files

    async def send_album(self, chat_id: int, files: list[tuple[str, str]], names: dict[str, str]) -> None:
        pass

    async def send_upload(self, chat_id: int, kind: str, path: str) -> None:
        pass

    def event(self, line: str) -> Incoming | None:
        base: dict[str, Any] = dict(chat_id=self.sender.user_id, sender=self.sender, at=datetime.now(UTC),
                                    message_id=next(self._ids))
        if line.startswith("!"):
            word, _, rest = line[1:].partition(" ")
            if word.isdigit():
                index = int(word) - 1
                if not 0 <= index < len(self.buttons):
                    self.out.write("  " + t(self.lang, "chat_no_button") + "\n")
                    return None
                return Incoming(kind="button", callback_id="local", callback_data=self.buttons[index].data, **base)
            if word == "lokasi":
                try:
                    lat, lon = (float(x) for x in rest.replace(" ", "").split(","))
                except ValueError:
                    self.out.write("  " + t(self.lang, "chat_location_example") + "\n")
                    return None
                return Incoming(kind="location", latitude=lat, longitude=lon, **base)
            if word in ("foto", "dokumen"):
                n = next(self._files)
                if word == "foto":
                    photo = FileRef(f"local-photo-{n}", f"local-u-{n}", "photo", 120_000, "image/jpeg")
                    return Incoming(kind="photo", file=photo, **base)
                doc = FileRef(f"local-document-{n}", f"local-u-{n}", "document", 120_000, "application/pdf",
                              rest or None)
                return Incoming(kind="document", file=doc, **base)
            if word == "kontak":
                return Incoming(kind="contact", contact_phone=rest or "+6281234567890",
                                contact_user_id=self.sender.user_id, **base)
            if word == "stiker":
                return Incoming(kind="unsupported", media_kind="sticker", **base)
            self.out.write("  " + t(self.lang, "chat_help") + "\n")
            return None
        if line.startswith("/"):
            command, args = parse_command(line)
            return Incoming(kind="command", text=line, command=command, args=args, **base)
        return Incoming(kind="text", text=line, **base)


async def run_chat(settings: Settings, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
                   user_id: int = 700_000_001) -> int:
    app = await build_app(settings)
    chat = TerminalChat(app, stdout, user_id=user_id)
    # The same outbox and sender as the bot, with this terminal as the client and no flood
    # pacing (there is no Telegram to flood).
    sender = OutboxSender(app.db, chat, ChatLimits(private_burst=1e9, private_per_s=1e9,
                                                   global_per_s=1e9))
    lang = settings.default_language
    stdout.write(t(lang, "chat_banner", regency=settings.regency_name, help=t(lang, "chat_help")) + "\n")
    stdout.flush()
    loop = asyncio.get_running_loop()
    try:
        while True:
            stdout.write("> ")
            stdout.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                break
            line = line.strip()
            if line in ("!keluar", "!quit"):
                break
            if not line:
                continue
            ev = chat.event(line)
            if ev is None:
                continue
            outcome = await app.core.handle(ev)
            if outcome.callback_answer:
                stdout.write("  " + t(lang, "chat_bot_says", text=outcome.callback_answer) + "\n")
            while await sender.drain_once(only_chat=chat.sender.user_id):
                pass
    finally:
        await app.close()
    stdout.write("\n")
    return 0
