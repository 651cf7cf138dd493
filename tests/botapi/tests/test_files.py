"""Files both ways: getFile and downloads of what users sent, uploads by file, file_id and URL,
albums and size limits; the PTB round trip also covers its plain message calls."""

from __future__ import annotations

import io

import pytest
import telegram
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InputMediaPhoto

from tests.botapi import Upload
from tests.botapi.tests.clients import KB_DICT


async def test_aiogram_uploads_and_downloads(server, abot):
    budi = server.user(1001)
    content = b"\xff\xd8\xff\xe0" + b"j" * 500
    upd = server.send_photo(budi, content=content, caption="Jalan rusak")
    file_id = upd["message"]["photo"][-1]["file_id"]
    tg_file = await abot.get_file(file_id)
    assert tg_file.file_size == len(content) and tg_file.file_path.startswith("photos/")
    downloaded = await abot.download(tg_file)
    assert downloaded.read() == content
    assert server.downloads == [tg_file.file_path]

    photo = await abot.send_photo(
        budi.id, BufferedInputFile(b"\xff\xd8upload", "bukti.jpg"), caption="<b>Bukti</b>", parse_mode="HTML"
    )
    call = server.calls_to("sendPhoto")[-1]
    assert call.encoding == "multipart"
    # aiogram sends photo="attach://<random>" + a part with that name; the server resolves it.
    assert isinstance(call.params["photo"], Upload) and call.params["photo"].data == b"\xff\xd8upload"
    assert photo.caption == "Bukti" and photo.caption_entities[0].type == "bold"
    assert server.file(photo.photo[-1].file_id).data() == b"\xff\xd8upload"

    resent = await abot.send_photo(budi.id, file_id)  # by file_id of a user's photo
    assert [p.file_id for p in resent.photo] == [p["file_id"] for p in upd["message"]["photo"]]
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await abot.send_photo(budi.id, "no-such-file-id")

    album = await abot.send_media_group(
        budi.id,
        [InputMediaPhoto(media=BufferedInputFile(b"\xff\xd8a", "a.jpg"), caption="1"), InputMediaPhoto(media=file_id)],
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    media = server.calls_to("sendMediaGroup")[-1].params["media"]
    assert isinstance(media[0]["media"], Upload) and media[1]["media"] == file_id

    doc = await abot.send_document(budi.id, BufferedInputFile(b"%PDF-1.4 tiket", "tiket.pdf"))
    assert doc.document.file_name == "tiket.pdf" and doc.document.mime_type == "application/pdf"
    loc = await abot.send_location(budi.id, latitude=-6.2, longitude=106.8)
    assert loc.location.latitude == pytest.approx(-6.2)
    kinds = [s.kind for s in server.drain(budi.id)]
    assert kinds == ["photo", "photo", "photo", "photo", "document", "location"]

    big = server.send_document(budi, "rekaman.mp4", "video/mp4", file_size=25 * 1024 * 1024)
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await abot.get_file(big["message"]["document"]["file_id"])


async def test_ptb_bot_roundtrip(server, ptb):
    bot = ptb.bot
    assert bot.username == "lapor_test_bot" and bot.id == 123456
    siti = server.user(2002, "Siti")
    markup = telegram.InlineKeyboardMarkup([[telegram.InlineKeyboardButton("Lapor", callback_data="lapor")]])
    msg = await bot.send_message(siti.id, "Halo", reply_markup=markup, disable_notification=True)
    assert msg.message_id == 1 and msg.reply_markup.inline_keyboard[0][0].callback_data == "lapor"
    call = server.calls_to("sendMessage")[-1]
    # PTB posts urlencoded form data; booleans as "true", nested objects as JSON.
    assert call.encoding == "urlencoded"
    assert call.params["disable_notification"] is True and call.params["reply_markup"] == KB_DICT

    sent = await server.wait_for_message(siti.id)
    assert sent.text == "Halo" and sent.reply_markup == KB_DICT
    edited = await bot.edit_message_text("Baru", chat_id=siti.id, message_id=msg.message_id)
    assert edited.text == "Baru" and sent.text == "Baru"
    with pytest.raises(telegram.error.BadRequest, match="not modified"):
        await bot.edit_message_text("Baru", chat_id=siti.id, message_id=msg.message_id)

    # A photo a user sent: getFile + download through base_file_url.
    upd = server.send_photo(siti, file_size=5000)
    file_id = upd["message"]["photo"][-1]["file_id"]
    tg_file = await bot.get_file(file_id)
    assert tg_file.file_size == 5000 and tg_file.file_path.startswith(server.base_url)
    buf = io.BytesIO()
    await tg_file.download_to_memory(buf)
    assert buf.getvalue() == server.file(file_id).data() and buf.getvalue()[:2] == b"\xff\xd8"

    doc_upd = server.send_document(siti, "ktp.pdf", "application/pdf", content=b"%PDF-1.4 ktp")
    doc_file = await bot.get_file(doc_upd["message"]["document"]["file_id"])
    assert bytes(await doc_file.download_as_bytearray()) == b"%PDF-1.4 ktp"
    big = server.send_document(siti, "besar.zip", "application/zip", file_size=21 * 1024 * 1024)
    with pytest.raises(telegram.error.BadRequest, match="File is too big"):  # PTB strips "Bad Request: "
        await bot.get_file(big["message"]["document"]["file_id"])

    # Uploads: PTB names the multipart part after the parameter ("photo").
    photo = await bot.send_photo(siti.id, photo=b"\xff\xd8\xff ptb", caption="Bukti")
    call = server.calls_to("sendPhoto")[-1]
    assert call.encoding == "multipart" and call.params["photo"].data == b"\xff\xd8\xff ptb"
    again = await bot.send_photo(siti.id, photo=photo.photo[-1].file_id)
    assert again.photo[-1].file_id == photo.photo[-1].file_id
    album = await bot.send_media_group(
        siti.id, [telegram.InputMediaPhoto(b"\xff\xd8x"), telegram.InputMediaPhoto(file_id)]
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    doc = await bot.send_document(siti.id, document=b"isi laporan", filename="laporan.txt")
    assert doc.document.file_name == "laporan.txt"
    loc = await bot.send_location(siti.id, latitude=-7.25, longitude=112.75)
    assert loc.location.longitude == pytest.approx(112.75)
    assert await bot.send_chat_action(siti.id, "typing") is True
    assert await bot.delete_message(siti.id, msg.message_id) is True
