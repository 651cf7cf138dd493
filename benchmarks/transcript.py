#!/usr/bin/env python
"""Transcripts of whole reports as citizens make them, with inputs and bot messages counted.

    python benchmarks/transcript.py [--persona shortest|messy|all] [--quiet]

The citizen is a persona, not a fixed script: it answers whatever the bot asks (it reads the
question and its buttons), so the same persona can walk any version of the form and the counts
compare versions. "shortest" presses a button wherever there is one and types only the title and
the story. "messy" writes the way many citizens do: a greeting and the story before /start, the
story in several messages, informal yes/no words typed instead of pressed, a relative date; it
presses a button only after a typed answer was refused.

The bot runs on the product's core and outbox sender with a real SQLite file; the client is this
script (no Telegram, no HTTP). At the end it prints what the desk received (the stored ticket)
and which of the citizen's story parts reached it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.app import App, build_app  # noqa: E402
from bot.sender import OutboxSender  # noqa: E402
from bot.settings import Settings  # noqa: E402
from flows.delivery import ChatLimits  # noqa: E402
from flows.events import Button, FileRef, Incoming, Reply, Sender  # noqa: E402
from flows.updates import parse_command  # noqa: E402

UID = 700_000_123


@dataclass
class Shown:
    id: int
    text: str
    buttons: list[Button] = field(default_factory=list)
    keyboard: list[str] = field(default_factory=list)


class Phone:
    """The outbox sender's client: the citizen's chat, as their phone shows it."""

    def __init__(self, log: list[str], echo: bool) -> None:
        self.messages: dict[int, Shown] = {}
        self.fresh: list[Shown] = []  # sent or edited since the citizen last acted
        self.sent = self.edited = 0
        self.log, self.echo = log, echo
        self._ids = itertools.count(1000)

    def _show(self, line: str) -> None:
        self.log.append(line)
        if self.echo:
            print(line)

    async def send_text(self, chat_id: int, text: str, markup: Reply | None) -> int:
        msg = Shown(next(self._ids), text)
        if markup is not None:
            msg.buttons = [b for row in markup.buttons for b in row]
            msg.keyboard = [b.text for row in markup.keyboard for b in row]
        self.messages[msg.id] = msg
        self.fresh.append(msg)
        if chat_id == UID:
            self.sent += 1
            self._show("   BOT: " + text.replace("\n", "\n        ")
                       + "".join(f"\n        [{b.text}]" for b in msg.buttons)
                       + (f"\n        keyboard: {msg.keyboard}" if msg.keyboard else ""))
        return msg.id

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: list[list[Button]]) -> None:
        msg = self.messages.get(message_id)
        if msg is None:
            return
        msg.text, msg.buttons = text, [b for row in buttons for b in row]
        if msg not in self.fresh:
            self.fresh.append(msg)
        if chat_id == UID:
            self.edited += 1
            self._show("   BOT (edits its message): " + text.replace("\n", "\n        ")[:300]
                       + "".join(f"\n        [{b.text}]" for b in msg.buttons))

    async def send_location(self, chat_id: int, latitude: float, longitude: float) -> None:
        pass

    async def send_file(self, chat_id: int, kind: str, file_id: str, name: str | None = None) -> None:
        pass

    async def send_album(self, chat_id: int, files: list[tuple[str, str]], names: dict[str, str]) -> None:
        pass


@dataclass
class Persona:
    name: str
    opening: list[str]  # said before anything is asked ("!photo caption" sends a photo)
    title: str
    story: list[str]  # the story, in the messages the citizen writes it in
    later: list[str]  # more of the story, written after the bot has moved on
    typed: dict[str, str]  # a question's marker -> what the citizen types there
    presses_first: bool  # press a button where there is one instead of typing


SHORTEST = Persona(
    name="shortest", opening=["/start"], title="Jalan berlubang di Jl. Mayor Ruslan",
    story=["Jalan di depan SD Negeri 5 Baturaja berlubang besar sejak dua bulan lalu, kemarin ada "
           "pengendara motor jatuh. Mohon segera diperbaiki."],
    later=[], typed={}, presses_first=True,
)
MESSY = Persona(
    name="messy",
    opening=["halo",
             "selamat pagi pak, sy mau lapor lampu jalan di jln merdeka depan masjid al ikhlas mati "
             "udh 2 minggu, gelap bgt kalo malam"],
    title="Lampu jalan mati di Jln Merdeka",
    story=["selamat pagi pak, sy mau lapor lampu jalan di jln merdeka depan masjid al ikhlas mati "
           "udh 2 minggu, gelap bgt kalo malam",
           "trus kmrn ada ibu2 jatuh dr motor krn jalannya gk keliatan",
           "tlg segera diperbaiki ya pak"],
    later=["oh iya lampu yg di dekat pos ronda jg mati"],
    typed={"kapan": "senin lalu", "when": "last monday", "lokasi": "depan masjid al ikhlas jln merdeka",
           "foto": "gk ada", "anonim": "gk", "rahasia": "tdk", "telepon": "skip", "jenis": "pengaduan",
           "lanjut": "lanjut"},
    presses_first=False,
)
# Which button to press, by question, when pressing: the first label found wins.
PRESS = ("setuju", "i agree", "buat laporan", "pengaduan", "pakai", "ya, benar", "lanjut", "kemarin",
         "lewati", "selesai", "tidak", "kirim", "lanjutkan")
REFUSED = ("pilih salah satu tombol", "gunakan tombol", "use the buttons", "tidak bisa saya baca",
           "terlalu singkat", "tidak dikenal")


class Walk:
    def __init__(self, app: App, persona: Persona, echo: bool) -> None:
        self.app, self.p = app, persona
        self.log: list[str] = []
        self.phone = Phone(self.log, echo)
        self.echo = echo
        self.sender = OutboxSender(app.db, self.phone, ChatLimits(private_burst=1e9, private_per_s=1e9,
                                                                  global_per_s=1e9))
        self.who = Sender(user_id=UID, first_name="Warga", username="warga_oku")
        self.inputs = 0
        self._ids = itertools.count(1)
        self.story = list(persona.story)
        self.later = list(persona.later)
        self.title_done = False
        self.asked = ""
        self.typed_last = False

    def _say(self, line: str) -> None:
        self.log.append(line)
        if self.echo:
            print(line)

    async def push(self, ev: Incoming, shown: str) -> None:
        self.inputs += 1
        self._say(f"{self.inputs:>2} CITIZEN: {shown}")
        self.phone.fresh = []
        out = await self.app.core.handle(ev)
        if out.callback_answer:
            self._say(f"   (toast) {out.callback_answer}")
        while await self.sender.drain_once(only_chat=UID):
            pass

    def _base(self) -> dict[str, Any]:
        return dict(chat_id=UID, sender=self.who, at=datetime.now(UTC), update_id=next(self._ids),
                    message_id=next(self._ids) + 10_000_000)

    async def type(self, text: str) -> None:
        self.typed_last = True
        if text.startswith("!photo"):
            n = next(self._ids)
            caption = text.removeprefix("!photo").strip()
            ev = Incoming(kind="photo", file=FileRef(f"p{n}", f"u{n}", "photo", 90_000, "image/jpeg"),
                          text=caption, **self._base())
            await self.push(ev, f"[photo] {caption}")
            return
        if text.startswith("/"):
            command, args = parse_command(text)
            await self.push(Incoming(kind="command", text=text, command=command, args=args, **self._base()), text)
            return
        await self.push(Incoming(kind="text", text=text, **self._base()), text)

    async def press(self, msg: Shown, button: Button) -> None:
        base = self._base()
        base["message_id"] = msg.id
        await self.push(Incoming(kind="button", callback_id="cb", callback_data=button.data, **base),
                        f"[presses {button.text}]")

    def _button(self, msgs: list[Shown]) -> tuple[Shown, Button] | None:
        for label in PRESS:
            for msg in reversed(msgs):
                for b in msg.buttons:
                    if label in b.text.lower():
                        return msg, b
        return None

    async def run(self, limit: int = 60) -> str | None:
        for line in self.p.opening:
            await self.type(line)
            if self.story and line == self.story[0]:
                self.story.pop(0)
        for _ in range(limit):
            msgs = self.phone.fresh or list(self.phone.messages.values())[-1:]
            text = "\n".join(m.text for m in msgs).lower()
            if "nomor laporan" in text or "tracking number" in text:
                return text
            asked = text[text.rfind("langkah"):] if "langkah" in text else text
            # A typed answer was refused when the bot says so or puts the same question again.
            refused = any(r in text for r in REFUSED) or (self.typed_last and asked == self.asked)
            self.asked = asked
            self.typed_last = False
            await self.answer(msgs, text, refused)
        return None

    async def answer(self, msgs: list[Shown], text: str, refused: bool) -> None:
        question = msgs[-1].text.lower() if msgs else ""
        consent = next(((m, b) for m in msgs for b in m.buttons if b.text.lower().endswith(("setuju", "i agree"))
                        and "tidak" not in b.text.lower()), None)
        if consent is not None:
            await self.press(*consent)
            return
        in_form = "langkah" in question or "step" in question
        if in_form and ("judul" in question or "title" in question) and not self.title_done and not any(
                "pakai" in b.text.lower() for m in msgs for b in m.buttons):
            self.title_done = True
            await self.type(self.p.title)
            return
        if ("cerita" in question or "kronologi" in question or "story" in question) and self.story:
            await self.type(self.story.pop(0))
            return
        telling = "cerita diterima" in question or "story received" in question
        if in_form and telling and not self.p.presses_first and not refused:
            await self.type(self.p.typed.get("lanjut", "lanjut"))  # the story is told: on
            return
        if in_form and self.later and not telling and ("kapan" in question or "instansi" in question):
            await self.type(self.later.pop(0))
            return
        if in_form and not self.p.presses_first and not refused:
            for marker, answer in self.p.typed.items():
                if marker in question:
                    await self.type(answer)
                    return
        pick = self._button(msgs) or self._button(list(self.phone.messages.values())[-3:])
        if pick is not None:
            await self.press(*pick)
            return
        for kb in ("lewati", "skip"):
            if any(kb in k.lower() for m in msgs for k in m.keyboard):
                await self.type("Lewati")
                return
        if "kapan" in question or "when" in question:
            await self.type("kemarin")
            return
        if "lokasi" in question:
            await self.type("Jl. Mayor Ruslan, Baturaja")
            return
        await self.type("lanjut")


@dataclass
class Result:
    filed: bool
    inputs: int
    sent: int
    edited: int
    ticket: Any
    story_parts: int  # of the persona's story parts, how many reached the ticket


async def report(settings: Settings, persona: Persona, echo: bool) -> Result:
    app = await build_app(settings)
    try:
        walk = Walk(app, persona, echo)
        done = await walk.run()
        async with app.db.uow() as uow:
            citizen = await uow.citizens.get_by_user(UID)
            tickets = await uow.tickets.list_for_citizen(citizen.id, limit=1) if citizen else []
            ticket = await uow.tickets.get_by_number(tickets[0].number) if tickets else None
        print(f"\n== {persona.name}: {'filed' if done else 'NOT filed'}; citizen inputs {walk.inputs}, "
              f"bot messages {walk.phone.sent} new + {walk.phone.edited} edits")
        if ticket is not None:
            kept = [p for p in persona.story + persona.later
                    if p.split(",")[0][:30].lower() in (ticket.description or "").lower()]
            print(f"   the desk's ticket: {ticket.number}, title {ticket.title!r}, type {ticket.report_type}, "
                  f"agency {ticket.agency_code}, date {ticket.event_date}, place {ticket.location_text!r}, "
                  f"anonim {ticket.anonymous}, rahasia {ticket.confidential}")
            print(f"   story parts the desk received: {len(kept)}/{len(persona.story) + len(persona.later)}; "
                  f"story {len(ticket.description or '')} characters")
        return Result(done is not None, walk.inputs, walk.phone.sent, walk.phone.edited, ticket,
                      len(kept) if ticket is not None else 0)
    finally:
        await app.close()


async def walk(persona: Persona, echo: bool, **settings: Any) -> Result:
    """One persona's report on a fresh database."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp}/t.db",
                          bot_token="1:x", flood_per_minute=0, admin_ids=[9001], **settings)
        return await report(config, persona, echo)


async def main(args: argparse.Namespace) -> None:
    personas = {"shortest": [SHORTEST], "messy": [MESSY], "all": [SHORTEST, MESSY]}[args.persona]
    for persona in personas:
        if not args.quiet:
            print(f"\n######## {persona.name}")
        await walk(persona, echo=not args.quiet)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persona", choices=("shortest", "messy", "all"), default="all")
    parser.add_argument("--quiet", action="store_true", help="print only the counts")
    asyncio.run(main(parser.parse_args()))
