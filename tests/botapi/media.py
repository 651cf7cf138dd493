"""Files: the files the server knows (a user's photo in three sizes, the bot's uploads),
getFile, and the methods that send a photo, document or video, alone or as an album.

Why its own module: it changes when how files are stored, named, sized or sent does.
"""

from __future__ import annotations

import itertools
import mimetypes
from typing import Any

from tests.botapi.content import check_markup, format_text
from tests.botapi.flood import Flood
from tests.botapi.records import FakeFile, Upload
from tests.botapi.wire import ApiError, bad

METHODS = ("sendPhoto", "sendDocument", "sendVideo", "sendMediaGroup", "getFile")

DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses bigger files
UPLOAD_LIMIT = 50 * 1024 * 1024


def document_dict(f: FakeFile) -> dict:
    d: dict[str, Any] = {"file_id": f.file_id, "file_unique_id": f.file_unique_id, "file_size": f.file_size}
    if f.file_name:
        d["file_name"] = f.file_name
    if f.mime_type:
        d["mime_type"] = f.mime_type
    return d


def video_dict(f: FakeFile) -> dict:
    return {
        "file_id": f.file_id, "file_unique_id": f.file_unique_id, "width": f.width or 1280,
        "height": f.height or 720, "duration": f.duration or 0, "mime_type": f.mime_type or "video/mp4",
        "file_size": f.file_size,
    }


class Media(Flood):
    """The files the server knows (``register_file``, ``file``) and the methods that send or fetch them."""

    def _reset_state(self) -> None:
        super()._reset_state()
        self.downloads: list[str] = []  # file paths fetched from /file/bot<token>/...
        self._files: dict[str, FakeFile] = {}
        self._files_by_path: dict[str, FakeFile] = {}
        self._photo_sets: dict[str, list[FakeFile]] = {}  # any size's file_id -> all sizes
        self._file_seq = itertools.count(1)
        self._album_seq = itertools.count(1)

    def file(self, file_id: str) -> FakeFile:
        return self._files[file_id]

    def register_file(
        self,
        kind: str,
        *,
        content: bytes | None = None,
        file_size: int | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
        ext: str | None = None,
        width: int | None = None,
        height: int | None = None,
        duration: int | None = None,
    ) -> FakeFile:
        """Make a file known to getFile and the download route."""
        n = next(self._file_seq)
        size = file_size if file_size is not None else (len(content) if content is not None else 1024)
        if ext is None:
            ext = (
                "." + file_name.rsplit(".", 1)[1]
                if file_name and "." in file_name
                else {"photo": ".jpg", "voice": ".oga", "video": ".mp4", "video_note": ".mp4",
                      "sticker": ".webp"}.get(kind, "")
            )
        folder = {"photo": "photos", "document": "documents", "voice": "voice", "video": "videos",
                  "video_note": "video_notes", "sticker": "stickers"}.get(kind, kind + "s")
        prefix = {"photo": "AgACAgUAAxkBAAI", "document": "BQACAgUAAxkBAAI", "video": "BAACAgUAAxkBAAI",
                  "voice": "AwACAgUAAxkBAAI", "video_note": "DQACAgUAAxkBAAI",
                  "sticker": "CAACAgUAAxkBAAI"}.get(kind, "AAMCAgUAAxkBAAI")
        fake = FakeFile(
            file_id=f"{prefix}{n:07d}Fake{self.bot_id}",
            file_unique_id=f"AQAD{n:07d}",
            kind=kind,
            file_size=size,
            file_path=f"{folder}/file_{n}{ext}",
            file_name=file_name,
            mime_type=mime_type or (mimetypes.guess_type(file_name)[0] if file_name else None),
            content=content,
            width=width,
            height=height,
            duration=duration,
        )
        self._files[fake.file_id] = fake
        self._files_by_path[fake.file_path] = fake
        return fake

    def _register_photo(self, file_size: int, content: bytes | None = None) -> list[FakeFile]:
        # Telegram stores several resolutions; the last (largest) one is the original.
        specs = [(90, 67, max(1, file_size // 40)), (320, 240, max(1, file_size // 8)), (1280, 960, file_size)]
        sizes = []
        for idx, (w, h, size) in enumerate(specs):
            body = content if idx == len(specs) - 1 else None
            sizes.append(
                self.register_file("photo", content=body, file_size=size, width=w, height=h, mime_type="image/jpeg")
            )
        for f in sizes:
            self._photo_sets[f.file_id] = sizes
        return sizes

    def _input_file(self, value: Any, kind: str, what: str) -> FakeFile:
        """Resolve an InputFile parameter: Upload, file_id or URL."""
        if isinstance(value, Upload):
            if len(value.data) > UPLOAD_LIMIT:
                raise ApiError(413, "Request Entity Too Large")
            if kind == "photo":
                return self._register_photo(len(value.data), value.data)[-1]
            return self.register_file(
                kind, content=value.data, file_name=value.filename,
                mime_type=(
                    value.content_type if value.content_type not in (None, "application/octet-stream") else None
                ),
            )
        if isinstance(value, str) and value:
            if value.startswith(("http://", "https://")):
                name = value.rsplit("/", 1)[-1] or None
                if kind == "photo":
                    return self._register_photo(80_000)[-1]
                return self.register_file(kind, file_size=80_000, file_name=name)
            fake = self._files.get(value)
            if fake is not None:
                return fake
            raise bad("wrong file identifier/HTTP URL specified")
        raise bad(f"there is no {what} in the request")

    def _media_content(self, kind: str, value: Any) -> dict:
        fake = self._input_file(value, kind, kind)
        if kind == "photo":
            sizes = self._photo_sets.get(fake.file_id) or [fake]
            return {"photo": [f.photo_size() for f in sizes]}
        if kind == "video":
            return {"video": video_dict(fake)}
        if kind == "audio":
            audio = {"file_id": fake.file_id, "file_unique_id": fake.file_unique_id, "duration": fake.duration or 0}
            return {"audio": audio}
        return {"document": document_dict(fake)}

    async def _send_media(self, p: dict, method: str, kind: str) -> dict:
        chat = self._chat(p.get("chat_id"))
        caption, entities = format_text(p.get("caption"), p.get("parse_mode"), p.get("caption_entities"), caption=True)
        markup = check_markup(p)
        reply_to = self._reply_to(chat, p)
        content = self._media_content(kind, p.get(kind))
        self._flood_check(chat.id, method)
        if caption is not None:
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        return self._create(chat, method, p, content, kind=kind, text=caption, markup=markup, reply_to=reply_to).message

    async def _api_sendPhoto(self, p: dict) -> dict:
        return await self._send_media(p, "sendPhoto", "photo")

    async def _api_sendDocument(self, p: dict) -> dict:
        return await self._send_media(p, "sendDocument", "document")

    async def _api_sendVideo(self, p: dict) -> dict:
        return await self._send_media(p, "sendVideo", "video")

    async def _api_sendMediaGroup(self, p: dict) -> list[dict]:
        chat = self._chat(p.get("chat_id"))
        media = p.get("media")
        if not isinstance(media, list):
            raise bad("can't parse media JSON object")
        if not 2 <= len(media) <= 10:
            raise bad("wrong number of media in the album: must include 2-10 items")
        reply_to = self._reply_to(chat, p)
        prepared = []
        for item in media:
            if not isinstance(item, dict) or item.get("type") not in ("photo", "video", "document", "audio"):
                raise bad("can't parse InputMedia: unsupported media type in album")
            caption, entities = format_text(
                item.get("caption"), item.get("parse_mode"), item.get("caption_entities"), caption=True
            )
            content = self._media_content(item["type"], item.get("media"))
            if caption is not None:
                content["caption"] = caption
                if entities:
                    content["caption_entities"] = entities
            prepared.append((item["type"], content, caption))
        self._flood_check(chat.id, "sendMediaGroup")  # an album counts as one message
        group_id = f"{13_000_000_000_000_000 + next(self._album_seq)}"
        out = []
        for kind, content, caption in prepared:
            content["media_group_id"] = group_id
            sent = self._create(
                chat, "sendMediaGroup", p, content, kind=kind, text=caption, markup=None, reply_to=reply_to
            )
            out.append(sent.message)
        return out

    async def _api_getFile(self, p: dict) -> dict:
        fake = self._files.get(str(p.get("file_id") or ""))
        if fake is None:
            raise bad("invalid file_id")
        if fake.file_size > DOWNLOAD_LIMIT:
            raise bad("file is too big")
        return {"file_id": fake.file_id, "file_unique_id": fake.file_unique_id, "file_size": fake.file_size,
                "file_path": fake.file_path}
