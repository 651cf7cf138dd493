"""Drive the desks through the core without any framework or HTTP: staff in fake groups press
and reply, a citizen files through intake, and a fake Telegram delivers the outbox.

The desks write most of what they say straight to the outbox (a card to one group, a notice to
the citizen), so the replies of an `Outcome` are only part of the story. `Telegram.deliver` drains
the outbox the way the sender does (per chat, in order, through storage's own `due`/`mark_sent`),
gives every message an id, records it so replies and edits find their ticket, and applies edits in
place: `Telegram.chats` is what each chat finally shows. `Regency` is the cast of
tests/test_e2e_desks.py (three desks, their staff, an outsider, a citizen) on top of it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import agencies_of
from flows.core import Core
from flows.desks import ADMIN_COMMANDS, AgencyInfo, DeskConfig, Desks
from flows.directory import Directory, load_directory
from flows.events import Button, FileRef, Incoming, Outcome, Sender, reply_from_dict
from flows.intake import Intake, IntakeConfig
from flows.learning import Learning
from flows.routing import Classifier
from flows.turn import Turns
from flows.updates import parse_command
from storage.uow import Database
from tests import leaks
from tests.conftest import NOW
from tests.harness import Citizen, texts

_updates = itertools.count(10_000_000)


@dataclass
class Shown:
    """A message as its chat shows it now (after any edits)."""

    chat_id: int
    message_id: int
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    location: tuple[float, float] | None = None
    media: list[tuple[str, str]] = field(default_factory=list)
    file_names: dict[str, str] = field(default_factory=dict)  # the names files are sent under, if renamed
    edits: int = 0

    def data(self, label_part: str) -> str:
        """The callback data of the first button whose label contains `label_part`."""
        for row in self.buttons:
            for b in row:
                if label_part.lower() in b.text.lower():
                    return b.data
        raise AssertionError(f"no button {label_part!r} in {self.text[:60]!r}: {self.buttons}")

    @property
    def labels(self) -> list[str]:
        return [b.text for row in self.buttons for b in row]


class Telegram:
    """The chats, as the outbox sender would have filled them."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.chats: dict[int, list[Shown]] = {}
        self.kicked: set[int] = set()  # groups the bot is not in: sending there is a 403
        self._ids = itertools.count(500_000)

    async def deliver(self) -> list[Shown]:
        """Send everything owed, oldest first per chat; the messages sent or edited."""
        touched: list[Shown] = []
        while True:
            async with self.db.uow() as uow:
                items = await uow.outbox.due(datetime.now(UTC) + timedelta(seconds=5), 100)
                for item in items:
                    if item.chat_id in self.kicked:  # as the sender records a 403
                        await uow.outbox.mark_unreachable(item.id, item.chat_id, "Forbidden: bot was kicked",
                                                          datetime.now(UTC))
                        continue
                    shown = self._show(item.chat_id, item.payload)
                    touched.append(shown)
                    tie = item.ref.ticket_message if item.ref is not None and not item.ref.edit else None
                    await uow.outbox.mark_sent(item.id, shown.message_id, datetime.now(UTC), tie)
                await uow.commit()
            if not items:
                return touched

    def _show(self, chat_id: int, payload: dict) -> Shown:
        reply = reply_from_dict(payload)
        chat = self.chats.setdefault(chat_id, [])
        if reply.edit_message_id is not None:
            for shown in chat:
                if shown.message_id == reply.edit_message_id:
                    shown.text, shown.buttons, shown.edits = reply.text, reply.buttons, shown.edits + 1
                    return shown
            # Not a message of ours (the intake harness presses with made-up ids): the sender
            # sends a failed edit as a new message, and so do we.
        shown = Shown(chat_id, next(self._ids), reply.text, reply.buttons, reply.location, reply.media,
                      dict(reply.file_names))
        chat.append(shown)
        return shown

    def messages(self, chat_id: int) -> list[Shown]:
        return self.chats.get(chat_id, [])

    def last(self, chat_id: int, contains: str = "") -> Shown:
        """The latest message in the chat that contains `contains`."""
        for shown in reversed(self.messages(chat_id)):
            if contains in shown.text:
                return shown
        shown = [s.text[:50] for s in self.messages(chat_id)]
        raise AssertionError(f"nothing with {contains!r} in chat {chat_id}: {shown}")

    def text(self, *chat_ids: int) -> str:
        return "\n---\n".join(s.text for chat in chat_ids for s in self.messages(chat))


class Roster:
    """Group membership, as the adapters ask Telegram for it (flows/desks Members)."""

    def __init__(self) -> None:
        self.members: set[tuple[int, int]] = set()
        self.asked = 0

    def add(self, chat_id: int, *user_ids: int) -> None:
        self.members.update((chat_id, u) for u in user_ids)

    async def is_member(self, chat_id: int, user_id: int) -> bool:
        self.asked += 1
        return (chat_id, user_id) in self.members


@dataclass(frozen=True)
class Group:
    chat_id: int
    title: str
    username: str | None = None  # a public group
    chat_type: str = "supergroup"


class Staff:
    """One staff member (or outsider) acting in desk groups; every action is delivered after."""

    def __init__(self, world: World, user_id: int, name: str, username: str | None = None) -> None:
        self.world = world
        self.sender = Sender(user_id=user_id, first_name=name, username=username)
        self.outcomes: list[Outcome] = []

    async def _push(self, group: Group, kind: str, chat_type: str | None = None, **kw) -> Outcome:
        ev = Incoming(chat_id=group.chat_id, sender=self.sender, kind=kind, at=datetime.now(UTC),
                      update_id=next(_updates), chat_type=chat_type or group.chat_type,
                      chat_title=group.title or None, chat_username=group.username,
                      message_id=kw.pop("message_id", next(_updates)), **kw)
        leaks.said(ev.text)
        outcome = await self.world.core.handle(ev)
        self.outcomes.append(outcome)
        await self.world.telegram.deliver()
        return outcome

    async def remove_bot(self, group: Group, status: str = "kicked") -> Outcome:
        """This member removes the bot from the group (kicked, or "left")."""
        self.world.telegram.kicked.add(group.chat_id)
        return await self._push(group, "membership", member_status=status)

    async def add_bot(self, group: Group, status: str = "member") -> Outcome:
        """This member adds the bot to the group again (as "member" or "administrator")."""
        self.world.telegram.kicked.discard(group.chat_id)
        return await self._push(group, "membership", member_status=status)

    @property
    def dm(self) -> Group:
        """Their private chat with the bot."""
        return Group(self.sender.user_id, "", chat_type="private")

    async def command(self, group: Group, text: str) -> Outcome:
        command, args = parse_command(text)  # as the adapters read it
        return await self._push(group, "command", text=text, command=command, args=args)

    async def private_command(self, text: str) -> Outcome:
        """A command in this member's private chat with the bot."""
        command, args = parse_command(text)
        return await self._push(Group(self.sender.user_id, ""), "command", chat_type="private", text=text,
                                command=command, args=args)

    async def press(self, group: Group, message: Shown, label_part: str) -> Outcome:
        return await self.press_data(group, message, message.data(label_part))

    async def press_data(self, group: Group, message: Shown, data: str) -> Outcome:
        return await self._push(group, "button", callback_id="cb", callback_data=data, message_id=message.message_id)

    async def reply(self, group: Group, message: Shown, text: str) -> Outcome:
        return await self._push(group, "text", text=text, reply_to_message_id=message.message_id, reply_to_bot=True)


class Reporter(Citizen):
    """The citizen of tests/harness.py, whose every turn is delivered, and who can press and
    reply to the messages the desks sent them."""

    def __init__(self, world: World, user_id: int = 1001, name: str = "Siti") -> None:
        super().__init__(world.core, user_id, name)
        self.world = world

    async def push(self, kind: str, update_id: int | None = None, **kw):
        replies = await super().push(kind, update_id, **kw)
        await self.world.telegram.deliver()
        return replies

    @property
    def chat_id(self) -> int:
        return self.sender.user_id

    async def press_on(self, message: Shown, label_part: str) -> Outcome:
        await self.push("button", callback_id="cb", callback_data=message.data(label_part),
                        message_id=message.message_id)
        return self.last

    async def reply_to(self, message: Shown, text: str) -> Outcome:
        await self.push("text", text=text, reply_to_message_id=message.message_id, reply_to_bot=True)
        return self.last


def agencies_of_directory(directory: Directory) -> dict[str, AgencyInfo]:
    """As bot/app.py reads them (the same function)."""
    return agencies_of(directory)


async def new_report(c: Reporter) -> Any:
    """A new report begun: /lapor, or /start and consent the first time; the replies."""
    if any(o.replies for o in c.outcomes):
        return await c.say("/lapor")
    return await c.press(await c.say("/start"), "Setuju")


class World:
    """The core with intake and desks on one database, the regency's directory and classifier,
    a fixed clock, a membership roster and a fake Telegram."""

    def __init__(self, db: Database, admin_ids: frozenset[int] = frozenset(), staff_language: str = "id",
                 clock: Callable[[], datetime] | None = None, config: DeskConfig | None = None) -> None:
        directory = load_directory()
        clock = clock or (lambda: NOW)
        agencies = agencies_of_directory(directory)
        turns = Turns(db.uow)
        self.roster = Roster()
        config = config or DeskConfig(admin_ids=admin_ids, staff_language=staff_language)
        self.classifier = Classifier(directory)
        self.learning = Learning(self.classifier, db.uow)  # refreshed by the tests that learn
        self.desks = Desks(turns, agencies, config, members=self.roster, clock=clock, learning=self.learning)
        intake = Intake(turns, IntakeConfig(), router=self.classifier, agencies=agencies,
                        hooks=self.desks, clock=clock)
        self.core = Core(turns, intake, self.desks, ADMIN_COMMANDS)
        self.telegram = Telegram(db)
        self.db = db


# ---------------------------------------------------------------------- the regency of the desk tests
ADMIN = 9001
COORD = Group(-1001001, "Meja Koordinator Diskominfo")
PUPR = Group(-1002002, "Meja Dinas PUPR")
DISHUB = Group(-1003003, "Meja Dishub")
OTHER = Group(-1009009, "Grup Warga")

TITLE = "Jalan berlubang di Jl. Mayor Ruslan"
STORY = "Jalan di depan SD Negeri 5 Baturaja berlubang besar sejak dua bulan, motor sering jatuh."
PHONE = "+6281377001122"


class Regency:
    """The world of tests/test_e2e_desks.py, without HTTP: three desks, their staff, a citizen."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.telegram = world.telegram
        self.admin = Staff(world, ADMIN, "Admin Kominfo", "admin_kominfo")
        self.rina = Staff(world, 2001, "Rina", "rina_kominfo")
        self.agus = Staff(world, 2101, "Agus", "agus_pupr")
        self.dewi = Staff(world, 2102, "Dewi", "dewi_pupr")
        self.yudi = Staff(world, 2201, "Yudi")
        self.outsider = Staff(world, 6666, "Orang Luar")
        world.roster.add(COORD.chat_id, ADMIN, 2001)
        world.roster.add(PUPR.chat_id, 2101, 2102)
        world.roster.add(DISHUB.chat_id, 2201)
        world.roster.add(OTHER.chat_id, 2001)
        self.citizen = Reporter(world)

    async def ticket(self, number: str):
        async with self.world.db.uow() as uow:
            return await uow.tickets.get_by_number(number)

    async def events(self, number: str):
        async with self.world.db.uow() as uow:
            ticket = await uow.tickets.get_by_number(number)
            return await uow.tickets.events(ticket.id)

    async def bind(self, group: Group, arg: str, who: Staff | None = None) -> Shown:
        """/meja ARG in `group`, confirmed when the bot asks first; the question, if it asked."""
        who = who or self.admin
        await who.command(group, f"/meja {arg}")
        question = self.telegram.last(group.chat_id)
        if question.text.startswith("⚠️"):
            await who.press(group, question, "Ya, jadikan")
        return question

    def card(self, group: Group, number: str) -> Shown:
        return self.telegram.last(group.chat_id, f"📋 {number}")

    def seen_by_citizen(self, contains: str = "") -> Shown:
        return self.telegram.last(self.citizen.chat_id, contains)

    def toast(self, who: Staff) -> str:
        return who.outcomes[-1].callback_answer or ""

    async def file(self, title: str = TITLE, story: str = STORY, anonymous: bool = False,
                   phone: str | None = PHONE, citizen: Reporter | None = None, document: str | None = None) -> str:
        """A report filed through the whole form; its number."""
        c = citizen or self.citizen
        r = await c.press(await new_report(c), "Pengaduan")
        r = await c.say(title)
        r = await c.say(story)
        r = await c.press(r, "Lanjut")  # the story may take several messages until Lanjut
        if "Langkah 4/" in texts(r):  # the agency question (skipped when nothing matched at all)
            labels = [b.text for reply in r for row in reply.buttons for b in row]
            r = await c.press(r, "Ya, benar" if any("Ya, benar" in x for x in labels) else "Tidak tahu")
        r = await c.press(r, "Kemarin")
        r = await c.push("location", latitude=-4.1293, longitude=104.1667)
        r = await c.photo(1)
        if document:  # a PDF after the photo, under this file name
            r = await c.push("document", file=FileRef(f"doc-{document}", f"u-doc-{document}", "document", 90_000,
                                                      "application/pdf", document))
        r = await c.press(r, "Selesai")
        r = await c.press(r, "Ya" if anonymous else "Tidak")
        r = await c.press(r, "Tidak")
        if phone:
            r = await c.push("contact", contact_phone=phone, contact_user_id=c.sender.user_id)
        else:
            r = await c.say("lewati")
        r = await c.press(r, "Kirim")
        if "Sudah ada laporan serupa" in texts(r):  # this citizen's own earlier report: sent anyway
            r = await c.press(r, "Kirim laporan baru")
        return texts(r).split("Nomor laporan: ")[1].split()[0]

    async def verified_to_pupr(self, **kw) -> str:
        number = await self.file(**kw)
        await self.rina.press(COORD, self.card(COORD, number), "Verifikasi")
        return number

    async def in_progress_at_pupr(self, **kw) -> str:
        number = await self.verified_to_pupr(**kw)
        await self.agus.press(PUPR, self.card(PUPR, number), "Proses")
        return number

    async def answered(self, text: str = "Lubang akan ditambal minggu ini oleh tim UPTD.", **kw) -> str:
        number = await self.in_progress_at_pupr(**kw)
        await self.agus.reply(PUPR, self.card(PUPR, number), text)
        return number


async def desks_bound(db: Database, **world: Any) -> Regency:
    """The regency with its three desks bound by the admin (the desk tests' starting point);
    `world` goes to World (a clock, a config)."""
    r = Regency(World(db, admin_ids=frozenset({ADMIN}), **world))
    for group, arg in ((COORD, "koordinator"), (PUPR, "PUPR"), (DISHUB, "DISHUB")):
        await r.admin.command(group, f"/meja {arg}")
    return r
