"""The calls both adapters make, written once. aiogram and python-telegram-bot name their bot
methods and their types after the Bot API (`send_message`, `InlineKeyboardMarkup`, ...), with the
same keyword arguments, so one client serves both: an adapter names its library's types module
and how its exceptions map onto the core's kinds (flows/delivery.py), nothing else.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from flows import secrets
from flows.delivery import Rejected
from flows.events import Button, Reply


def inline_json(buttons: list[list[Button]]) -> dict[str, Any]:
    """An inline keyboard as the Bot API's JSON."""
    return {"inline_keyboard": [[{"text": b.text, "callback_data": b.data} for b in row] for row in buttons]}


def markup_json(reply: Reply | None) -> dict[str, Any] | None:
    """A reply's buttons or keyboard as the Bot API's JSON (what `BotApiClient.markup` builds as
    the library's objects)."""
    if reply is None:
        return None
    if reply.buttons:
        return inline_json(reply.buttons)
    if reply.keyboard:
        rows = []
        for row in reply.keyboard:
            wire_row = []
            for b in row:
                button: dict[str, Any] = {"text": b.text}
                if b.request in ("contact", "location"):
                    button[f"request_{b.request}"] = True
                wire_row.append(button)
            rows.append(wire_row)
        return {"keyboard": rows, "resize_keyboard": True, "one_time_keyboard": True}
    if reply.remove_keyboard:
        return {"remove_keyboard": True}
    return None


class BotApiClient:
    """flows.delivery's Client (and flows.failure's) over one library's bot object."""

    types: ClassVar[ModuleType]  # aiogram.types, or telegram

    def __init__(self, bot: Any) -> None:
        self.bot = bot
        # Its errors can carry request URLs, token and all: they are stored and shown to admins.
        secrets.register(bot.token)

    def errors(self) -> AbstractContextManager[None]:
        """The library's exceptions raised inside, as the core's kinds (flows/delivery.py)."""
        raise NotImplementedError

    async def send_text(self, chat_id: int, text: str, markup: Reply | None) -> int:
        with self.errors():
            sent = await self.bot.send_message(chat_id=chat_id, text=text, reply_markup=self.markup(markup))
        return sent.message_id

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: list[list[Button]]) -> None:
        with self.errors():
            await self.bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id,
                                             reply_markup=self.inline(buttons))

    async def answer_press(self, callback_id: str) -> None:
        with self.errors():
            await self.bot.answer_callback_query(callback_query_id=callback_id)

    async def send_location(self, chat_id: int, latitude: float, longitude: float) -> None:
        with self.errors():
            await self.bot.send_location(chat_id=chat_id, latitude=latitude, longitude=longitude)

    async def upload(self, file_id: str, name: str) -> Any:
        """The file's bytes, fetched from Telegram, as an upload named `name`: the only way to
        send a file under another name (one sent by id keeps its own). getFile serves at most
        20 MB on Telegram's cloud server; a bigger file fails as Rejected and is not sent."""
        raise NotImplementedError

    async def send_file(self, chat_id: int, kind: str, file_id: str, name: str | None = None) -> None:
        with self.errors():
            media: Any = await self.upload(file_id, name) if name else file_id
            if kind == "photo":
                await self.bot.send_photo(chat_id=chat_id, photo=media)
            elif kind == "video":
                await self.bot.send_video(chat_id=chat_id, video=media)
            else:
                await self.bot.send_document(chat_id=chat_id, document=media)

    def local_file(self, data: bytes, name: str) -> Any:
        """A file's bytes as an upload named `name`, in the framework's type."""
        raise NotImplementedError

    async def send_upload(self, chat_id: int, kind: str, path: str) -> None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise Rejected(f"the file to upload is gone: {type(exc).__name__}") from None
        with self.errors():
            media = self.local_file(data, Path(path).name)
            if kind == "photo":
                await self.bot.send_photo(chat_id=chat_id, photo=media)
            else:
                await self.bot.send_document(chat_id=chat_id, document=media)

    async def send_album(self, chat_id: int, files: list[tuple[str, str]], names: dict[str, str]) -> None:
        if any(file_id in names for _, file_id in files):
            # Renamed files go one by one: an album of uploads is not rendered alike by both libraries.
            for kind, file_id in files:
                await self.send_file(chat_id, kind, file_id, names.get(file_id))
            return
        kinds = {"photo": self.types.InputMediaPhoto, "video": self.types.InputMediaVideo}
        media = [kinds.get(kind, self.types.InputMediaDocument)(media=file_id) for kind, file_id in files]
        with self.errors():
            await self.bot.send_media_group(chat_id=chat_id, media=media)

    def inline(self, buttons: list[list[Button]]) -> Any:
        if not buttons:
            return None
        t = self.types
        return t.InlineKeyboardMarkup(inline_keyboard=[
            [t.InlineKeyboardButton(text=b.text, callback_data=b.data) for b in row] for row in buttons])

    def markup(self, reply: Reply | None) -> Any:
        t = self.types
        if reply is None:
            return None
        if reply.buttons:
            return self.inline(reply.buttons)
        if reply.keyboard:
            return t.ReplyKeyboardMarkup(
                keyboard=[[t.KeyboardButton(text=b.text, request_contact=b.request == "contact" or None,
                                            request_location=b.request == "location" or None) for b in row]
                          for row in reply.keyboard],
                resize_keyboard=True, one_time_keyboard=True)
        if reply.remove_keyboard:
            return t.ReplyKeyboardRemove()
        return None


class BotApiMembers:
    """Whether a user is in a group, asked of Telegram (the desks cache the answer)."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot

    async def is_member(self, chat_id: int, user_id: int) -> bool:
        member = await self.bot.get_chat_member(chat_id=chat_id, user_id=user_id)
        return member.status in ("creator", "administrator", "member") or bool(getattr(member, "is_member", False))
