"""The intake conversation: consent, the complaint form, tracking commands.

One engine walks the form in flows/form.py. Each incoming event is handled in one unit of work
under a per-chat lock: the update is claimed (so a redelivered update does nothing), the
citizen's draft is loaded, the answer applied, the next question asked, and everything is
committed together. A crash before the commit loses nothing: the update was not claimed and
Telegram delivers it again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from flows import tracking
from flows.dates import parse_event_date
from flows.events import Button, Incoming, KeyboardButton, Outcome, Reply
from flows.form import CONSENT, REPORT_TYPES, SUMMARY, Limits, Step, build_form
from flows.model import AttachmentRecord, Citizen, Draft, NewTicket, TicketEvent
from flows.ports import UnitOfWork
from flows.texts import LANGUAGES, t
from flows.turn import Turns

log = logging.getLogger(__name__)

MONTH_NAMES = {
    "id": ("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November "
           "Desember").split(),
    "en": ("January February March April May June July August September October November "
           "December").split(),
}
# What an answer handler returns: move on, ask the same question again, or just wait for more.
ADVANCE, RETRY, STAY = True, False, None
SKIP_WORDS = {"lewati", "skip", "lewat", "tidak ada", "tdk ada", "gak ada", "ga ada", "no", "-"}
DONE_WORDS = {"selesai", "done", "sudah", "sdh", "cukup", "lanjut", "next"} | SKIP_WORDS
YES_WORDS = {"ya", "y", "iya", "yes", "yup", "ok", "oke", "boleh", "setuju"}
NO_WORDS = {"tidak", "tdk", "gak", "ga", "nggak", "enggak", "no", "n", "jangan", "bukan"}
TYPE_WORDS = {
    "pengaduan": "pengaduan", "aduan": "pengaduan", "keluhan": "pengaduan", "complaint": "pengaduan",
    "1": "pengaduan", "aspirasi": "aspirasi", "saran": "aspirasi", "usulan": "aspirasi",
    "suggestion": "aspirasi", "2": "aspirasi", "informasi": "informasi", "info": "informasi",
    "permintaan informasi": "informasi", "information": "informasi", "3": "informasi",
}
# Callback data: c(onsent), l(anguage), m(enu), d(elete data), f<seq>(orm). Anything else is
# refused: callback data comes from the client and is validated like any input.
CALLBACK = re.compile(
    r"^(?:c:(?P<consent>[yn]):(?P<clang>id|en)|l:(?P<lang>id|en)|m:new|d:y"
    r"|f(?P<seq>\d{1,9}):(?P<action>[a-z_]{1,16})(?::(?P<arg>[a-z0-9_]{1,24}))?)$"
)


class Candidate(Protocol):
    code: str
    name: str
    kind: str
    score: float
    matched: list[str]


class TicketHooks(Protocol):
    """What happens around intake in the rest of the product (the desks implement it)."""

    async def ticket_submitted(self, uow: UnitOfWork, ticket: Any) -> None: ...
    async def citizen_idle_text(self, uow: UnitOfWork, citizen: Citizen, ev: Incoming) -> list[Reply] | None: ...


class AgencyRouter(Protocol):
    """What the form needs from routing (flows/routing.py's Classifier satisfies it)."""

    def classify(self, text: str, top: int = 3) -> list[Any]: ...
    def confident(self, candidates: list[Any]) -> bool: ...


@dataclass(frozen=True, slots=True)
class IntakeConfig:
    regency: str = "Kabupaten Ogan Komering Ulu"
    ticket_prefix: str = "OKU"
    timezone: str = "Asia/Jakarta"
    default_language: str = "id"
    retention_years: int = 2
    limits: Limits = field(default_factory=Limits)
    coordinator_name: str = "Diskominfo"


@dataclass(slots=True)
class _Turn:
    ev: Incoming
    uow: UnitOfWork
    out: Outcome
    citizen: Citizen | None
    draft: Draft | None
    lang: str


class Intake:
    def __init__(
        self,
        turns: Turns,
        config: IntakeConfig | None = None,
        router: AgencyRouter | None = None,
        agency_names: Callable[[str], tuple[str, str] | None] | None = None,
        clock: Callable[[], datetime] | None = None,
        hooks: TicketHooks | None = None,
    ) -> None:
        self.turns = turns
        self.hooks = hooks
        self.config = config or IntakeConfig()
        self.router = router
        # code -> (name, kind); only needed with a router
        self.agency_info = agency_names or (lambda code: None)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.tz = ZoneInfo(self.config.timezone)
        self.form = build_form(with_agency=router is not None)
        self.steps = {s.key: s for s in self.form}

    # ------------------------------------------------------------------ entry point
    async def handle(self, ev: Incoming) -> Outcome:
        async def body(uow: UnitOfWork, out: Outcome) -> None:
            citizen = await uow.citizens.get_by_user(ev.sender.user_id)
            lang = citizen.language if citizen else self.config.default_language
            turn = _Turn(ev, uow, out, citizen, None, lang)
            if ev.chat_type == "private":
                await uow.outbox.reachable_again(ev.chat_id)  # they write, so they can be written to
                turn.draft = await uow.drafts.get(ev.chat_id) if citizen else None
                await self._dispatch(turn)
                if turn.draft is not None:
                    await uow.drafts.save(turn.draft)  # one write per turn, version-checked
            elif ev.kind == "command" and ev.command in ("start", "lapor"):
                out.say(t(lang, "group_only_private"))

        return await self.turns.run(ev, body)

    async def _dispatch(self, turn: _Turn) -> None:
        ev = turn.ev
        if ev.kind == "button":
            await self._on_button(turn)
        elif ev.kind == "command":
            await self._on_command(turn)
        elif turn.citizen is None or turn.citizen.consent_at is None:
            self._ask_consent(turn, t(turn.lang, "consent_needed"))
        elif turn.draft is not None:
            await self._on_answer(turn)
        else:
            if ev.kind == "text" and self.hooks is not None:
                replies = await self.hooks.citizen_idle_text(turn.uow, turn.citizen, ev)
                if replies is not None:  # e.g. the answer to a question about a deferred ticket
                    turn.out.replies.extend(replies)
                    return
            turn.out.say(t(turn.lang, "idle"), buttons=[[Button(t(turn.lang, "new_report"), "m:new")]])

    # ------------------------------------------------------------------ commands
    async def _on_command(self, turn: _Turn) -> None:
        cmd, lang, out = turn.ev.command, turn.lang, turn.out
        consented = turn.citizen is not None and turn.citizen.consent_at is not None
        if cmd == "start" and not consented:
            self._ask_consent(turn)
            return
        if cmd in ("bahasa", "language"):
            out.say(t(lang, "choose_language"), buttons=[[
                Button("🇮🇩 Bahasa Indonesia", "l:id"), Button("🇬🇧 English", "l:en")]])
            return
        if cmd in ("bantuan", "help"):
            out.say(t(lang, "help"))
            if turn.draft:
                out.say(t(lang, "help_where", step=self._step_label(turn, turn.draft.step)))
            return
        if not consented:
            if cmd in ("status", "laporanku", "lapor", "hapusdata", "batal", "kembali"):
                self._ask_consent(turn, t(lang, "consent_needed"))
            else:
                out.say(t(lang, "unknown_command", command=cmd))
            return
        if cmd in ("start", "lapor", "baru"):
            if turn.draft:
                out.say(t(lang, "resume"))
                await self._ask(turn, turn.draft.step)
            else:
                await self._start_form(turn)
            return
        if cmd == "status":
            await self._status(turn)
        elif cmd == "laporanku":
            await self._my_reports(turn)
        elif cmd == "batal":
            if not turn.draft:
                out.say(t(lang, "nothing_to_cancel"))
                return
            self._confirm_cancel(turn)
            return
        elif cmd == "kembali":
            if not turn.draft:
                out.say(t(lang, "nothing_to_cancel"))
                return
            await self._go_back(turn)
            return
        elif cmd == "hapusdata":
            out.say(t(lang, "delete_confirm"), buttons=[[Button(t(lang, "delete_yes"), "d:y")]])
        else:
            out.say(t(lang, "unknown_command", command=cmd))
        if turn.draft:
            # The form is still open: put the current question back in front of the citizen.
            await self._ask(turn, turn.draft.step, bump=False)

    def _consent_text(self, lang: str) -> str:
        return "\n\n".join((
            t(lang, "welcome", regency=self.config.regency),
            t(lang, "privacy", retention=self._retention(lang)),
            t(lang, "consent_question"),
        ))

    def _ask_consent(self, turn: _Turn, lead: str | None = None, lang: str | None = None,
                     edit_message_id: int | None = None) -> None:
        lang = lang or turn.lang
        text = self._consent_text(lang)
        other = "en" if lang == "id" else "id"
        turn.out.say(f"{lead}\n\n{text}" if lead else text, edit_message_id=edit_message_id, buttons=[
            [Button(t(lang, "consent_yes"), f"c:y:{lang}"), Button(t(lang, "consent_no"), f"c:n:{lang}")],
            [Button("🇬🇧 English" if other == "en" else "🇮🇩 Bahasa Indonesia", f"l:{other}")],
        ])

    def _retention(self, lang: str) -> str:
        n = self.config.retention_years
        return f"{n} tahun" if lang == "id" else f"{n} year{'s' if n != 1 else ''}"

    async def _status(self, turn: _Turn) -> None:
        lang, prefix = turn.lang, self.config.ticket_prefix
        example = tracking.new_number(prefix, self.clock())
        raw = turn.ev.args.strip()
        if not raw:
            turn.out.say(t(lang, "status_usage", example=example))
            return
        number = tracking.normalise(raw, prefix)
        if number is None:
            turn.out.say(t(lang, "status_bad_number", raw=raw[:40], example=example))
            return
        ticket = await turn.uow.tickets.get_by_number(number)
        # Someone else's number answers exactly like a missing one: no existence oracle.
        if ticket is None or ticket.citizen_id != turn.citizen.id:
            turn.out.say(t(lang, "status_not_found", number=number))
            return
        turn.out.say(t(
            lang, "status_view", number=ticket.number, title=ticket.title,
            type=self._type_label(lang, ticket.report_type), status=self.status_label(lang, ticket.status),
            created=self._when(lang, ticket.created_at), updated=self._when(lang, ticket.updated_at),
        ))

    async def _my_reports(self, turn: _Turn) -> None:
        lang = turn.lang
        tickets = await turn.uow.tickets.list_for_citizen(turn.citizen.id, limit=10)
        if not tickets:
            turn.out.say(t(lang, "my_reports_empty"))
            return
        lines = [t(lang, "my_reports_head")]
        lines += [
            t(lang, "my_reports_line", number=x.number, title=_clip(x.title, 60),
              status=self.status_label(lang, x.status), created=self._day(lang, x.created_at))
            for x in tickets
        ]
        turn.out.say("\n".join(lines))

    def status_label(self, lang: str, status: str) -> str:
        key = f"status_{status}"
        try:
            return t(lang, key)
        except KeyError:
            return status

    # ------------------------------------------------------------------ buttons
    async def _on_button(self, turn: _Turn) -> None:
        ev, out = turn.ev, turn.out
        m = CALLBACK.match(ev.callback_data or "")
        if not m:
            log.warning("refused callback data %r from %s", ev.callback_data, ev.sender.user_id)
            out.callback_answer = t(turn.lang, "invalid_button")
            return
        data = ev.callback_data or ""
        if m["consent"]:
            await self._on_consent(turn, m["consent"] == "y", m["clang"])
            return
        if m["lang"]:
            await self._set_language(turn, m["lang"])
            return
        consented = turn.citizen is not None and turn.citizen.consent_at is not None
        if not consented:
            out.callback_answer = t(turn.lang, "stale_button")
            self._ask_consent(turn, t(turn.lang, "consent_needed"))
            return
        if data == "m:new":
            out.callback_answer = ""
            if turn.draft:
                await self._ask(turn, turn.draft.step)
            else:
                await self._start_form(turn)
            return
        if data == "d:y":
            await self._delete_data(turn)
            return
        await self._on_form_button(turn, int(m["seq"]), m["action"], m["arg"])

    async def _on_consent(self, turn: _Turn, yes: bool, lang: str) -> None:
        out, ev = turn.out, turn.ev
        out.callback_answer = ""
        if ev.message_id is not None:
            label = t(lang, "consent_yes" if yes else "consent_no")
            out.say(t(lang, "answered", question=self._consent_text(lang), answer=label),
                    edit_message_id=ev.message_id)
        if not yes:
            out.say(t(lang, "consent_refused"))
            return
        now = self.clock()
        citizen = turn.citizen or Citizen(id=None, user_id=ev.sender.user_id, chat_id=ev.chat_id)
        citizen.name = ev.sender.display_name
        citizen.username = ev.sender.username
        citizen.language = lang
        citizen.consent_at = citizen.consent_at or now
        turn.citizen = await turn.uow.citizens.save(citizen)
        turn.lang = lang
        out.say(t(lang, "consent_given"))
        turn.draft = turn.draft or await turn.uow.drafts.get(ev.chat_id)
        if turn.draft:
            await self._ask(turn, turn.draft.step)
        else:
            await self._start_form(turn)

    async def _set_language(self, turn: _Turn, lang: str) -> None:
        turn.out.callback_answer = ""
        consented = turn.citizen is not None and turn.citizen.consent_at is not None
        if not consented:
            # Before consent nothing is stored: the welcome is redrawn in place in that language.
            self._ask_consent(turn, lang=lang, edit_message_id=turn.ev.message_id)
            return
        turn.citizen.language = lang
        await turn.uow.citizens.save(turn.citizen)
        turn.lang = lang
        turn.out.say(t(lang, "language_set"), edit_message_id=turn.ev.message_id)
        if turn.draft:
            await self._ask(turn, turn.draft.step)

    async def _delete_data(self, turn: _Turn) -> None:
        citizen = turn.citizen
        citizen.name, citizen.username, citizen.phone, citizen.consent_at = "", None, None, None
        await turn.uow.citizens.save(citizen)
        if turn.draft:
            await turn.uow.drafts.delete(turn.ev.chat_id)
            turn.draft = None
        turn.out.callback_answer = ""
        turn.out.say(t(turn.lang, "data_deleted"))

    async def _on_form_button(self, turn: _Turn, seq: int, action: str, arg: str | None) -> None:
        out, draft, lang = turn.out, turn.draft, turn.lang
        if draft is None or seq != draft.seq:
            out.callback_answer = t(lang, "stale_button")
            if draft is not None:
                out.say(t(lang, "stale_button_long"))
                await self._ask(turn, draft.step, bump=False)
            elif action == "send":
                latest = await turn.uow.tickets.list_for_citizen(turn.citizen.id, limit=1)
                if latest:
                    out.say(t(lang, "already_submitted", number=latest[0].number))
            return
        out.callback_answer = ""
        if action == "back":
            await self._go_back(turn)
        elif action == "cancel":
            if arg == "yes":
                await turn.uow.drafts.delete(draft.chat_id)
                turn.draft = None
                self._close_buttons(turn, t(lang, "cancel_confirm"), t(lang, "cancel_yes"))
                out.say(t(lang, "cancelled"), remove_keyboard=True)
            elif arg == "no":
                self._close_buttons(turn, t(lang, "cancel_confirm"), t(lang, "cancel_no"))
                await self._ask(turn, draft.step)
            else:
                self._confirm_cancel(turn)
        elif draft.step == SUMMARY:
            if action == "send":
                await self._submit(turn)
            elif action == "edit" and arg in self.steps and self.steps[arg].editable:
                self._close_buttons(turn, self._summary_text(turn), t(lang, "edit_field", field=t(lang, f"f_{arg}")))
                draft.editing = True
                await self._ask(turn, arg)
            else:
                out.callback_answer = t(lang, "invalid_button")
        else:
            await self._on_answer(turn, action=action, arg=arg)

    def _confirm_cancel(self, turn: _Turn) -> None:
        draft, lang = turn.draft, turn.lang
        draft.seq += 1
        turn.out.say(t(lang, "cancel_confirm"), buttons=[[
            Button(t(lang, "cancel_yes"), f"f{draft.seq}:cancel:yes"),
            Button(t(lang, "cancel_no"), f"f{draft.seq}:cancel:no"),
        ]])

    def _close_buttons(self, turn: _Turn, question: str, answer: str) -> None:
        """Edit the message whose button was pressed: keep the question, show the answer, drop
        the buttons, so the chat reads as a record and old buttons cannot be pressed again."""
        if turn.ev.message_id is not None:
            turn.out.say(t(turn.lang, "answered", question=question, answer=answer),
                         edit_message_id=turn.ev.message_id)

    # ------------------------------------------------------------------ the form
    async def _start_form(self, turn: _Turn) -> None:
        draft = Draft(chat_id=turn.ev.chat_id, user_id=turn.ev.sender.user_id, step=self.form[0].key)
        turn.draft = draft
        await self._ask(turn, draft.step)

    async def _go_back(self, turn: _Turn) -> None:
        draft = turn.draft
        if draft.editing and draft.step != SUMMARY:
            draft.editing = False
            await self._ask(turn, SUMMARY)
            return
        if not draft.history:
            turn.out.say(t(turn.lang, "nothing_to_go_back"))
            await self._ask(turn, draft.step, bump=False)
            return
        previous = draft.history.pop()
        await self._ask(turn, previous)

    async def _advance(self, turn: _Turn, step: Step) -> None:
        draft = turn.draft
        if draft.editing:
            draft.editing = False
            await self._ask(turn, SUMMARY)
            return
        if not draft.history or draft.history[-1] != step.key:
            draft.history.append(step.key)
        index = self.form.index(step)
        following = self.form[index + 1].key if index + 1 < len(self.form) else SUMMARY
        await self._ask(turn, following)

    async def _ask(self, turn: _Turn, key: str, bump: bool = True) -> None:
        """Put a question (or the summary) to the citizen and make it the current step."""
        draft, lang, out = turn.draft, turn.lang, turn.out
        draft.step = key
        if bump:
            draft.seq += 1
        f = f"f{draft.seq}:"
        if key == SUMMARY:
            rows = [[Button(t(lang, "send"), f + "send")]]
            editable = [s for s in self.form if s.editable]
            for i in range(0, len(editable), 2):
                rows.append([Button(t(lang, "edit_field", field=t(lang, f"f_{s.key}")), f + f"edit:{s.key}")
                             for s in editable[i:i + 2]])
            rows.append([Button(t(lang, "cancel"), f + "cancel")])
            out.say(self._summary_text(turn), buttons=rows)
            return
        step = self.steps[key]
        text = self._question(turn, step)
        back = [[Button(t(lang, "back"), f + "back")]] if draft.history or draft.editing else []
        if step.kind == "choice":
            out.say(text, buttons=[[Button(t(lang, f"type_{c}"), f + f"pick:{c}")] for c in step.choices] + back)
        elif step.kind == "text":
            out.say(text, buttons=back)
        elif step.kind == "agency":
            await self._ask_agency(turn, step, text, back)
        elif step.kind == "date":
            out.say(text, buttons=[[Button(t(lang, "date_today"), f + "date:today"),
                                    Button(t(lang, "date_yesterday"), f + "date:yesterday")]] + back)
        elif step.kind == "place":
            out.say(text, keyboard=[[KeyboardButton(t(lang, "share_location"), request="location")],
                                    [KeyboardButton(t(lang, "skip"))]])
        elif step.kind == "attachments":
            label = "attachments_done" if draft.data.get("attachments") else "skip"
            out.say(text, buttons=[[Button(t(lang, label), f + "done")]] + back)
        elif step.kind == "toggle":
            out.say(text, buttons=[[Button(t(lang, "yes"), f + "set:yes"), Button(t(lang, "no"), f + "set:no")]] + back)
        elif step.kind == "phone":
            out.say(text, keyboard=[[KeyboardButton(t(lang, "share_phone"), request="contact")],
                                    [KeyboardButton(t(lang, "skip"))]])

    def _question(self, turn: _Turn, step: Step) -> str:
        n = self.form.index(step) + 1
        limits = self.config.limits
        return t(turn.lang, f"q_{step.key}", n=n, total=len(self.form), min=step.min_len,
                 max=limits.max_attachments if step.kind == "attachments" else step.max_len,
                 max_mb=limits.max_file_mb)

    def _step_label(self, turn: _Turn, key: str) -> str:
        return t(turn.lang, "f_summary" if key == SUMMARY else f"f_{key}")

    async def _on_answer(self, turn: _Turn, action: str | None = None, arg: str | None = None) -> None:
        """Apply an answer (typed, sent or pressed) to the current step."""
        ev, draft, lang, out = turn.ev, turn.draft, turn.lang, turn.out
        if draft.step == SUMMARY:
            if ev.kind in ("photo", "document"):
                if self._keep_file(turn):
                    await self._ask(turn, SUMMARY)
                return
            out.say(t(lang, "use_buttons"))
            await self._ask(turn, SUMMARY, bump=False)
            return
        step = self.steps[draft.step]
        # Things sent at the wrong step are kept where they belong rather than refused.
        if ev.kind in ("photo", "document") and step.kind != "attachments":
            if self._keep_file(turn):
                out.say(t(lang, "file_kept_elsewhere"))
            await self._ask(turn, step.key, bump=False)
            return
        if ev.kind == "location" and step.kind != "place":
            draft.data["latitude"], draft.data["longitude"] = ev.latitude, ev.longitude
            out.say(t(lang, "location_kept"))
            await self._ask(turn, step.key, bump=False)
            return
        if ev.kind == "unsupported":
            media = f"media_{ev.media_kind}" if ev.media_kind in (
                "sticker", "voice", "video_note", "audio", "animation", "poll") else "media_other"
            key = "need_text" if step.kind in ("text", "date", "place") else "use_buttons"
            out.say(t(lang, key, media=t(lang, media)))
            await self._ask(turn, step.key, bump=False)
            return
        if action == "back":
            await self._go_back(turn)
            return
        handler = getattr(self, f"_answer_{step.kind}")
        result = await handler(turn, step, action, arg)
        if result is ADVANCE:
            await self._advance(turn, step)
        elif result is RETRY:
            await self._ask(turn, step.key, bump=False)

    def _text(self, turn: _Turn) -> str:
        return " ".join(turn.ev.text.split()) if turn.ev.kind == "text" else ""

    def _press(self, turn: _Turn, step: Step, label: str) -> None:
        self._close_buttons(turn, self._question(turn, step), label)

    async def _answer_choice(self, turn: _Turn, step: Step, action: str | None, arg: str | None) -> bool:
        if action == "pick" and arg in step.choices:
            value = arg
            self._press(turn, step, t(turn.lang, f"type_{value}"))
        else:
            value = TYPE_WORDS.get(self._text(turn).lower().strip(" .!"))
        if value is None:
            turn.out.say(t(turn.lang, "use_buttons"))
            return False
        turn.draft.data[step.key] = value
        return True

    async def _answer_text(self, turn: _Turn, step: Step, action: str | None, arg: str | None) -> bool:
        if turn.ev.kind != "text":
            turn.out.say(t(turn.lang, "need_text", media=t(turn.lang, "media_other")))
            return False
        text = turn.ev.text.strip()
        if not self._length_ok(turn, text, step.min_len, step.max_len):
            return False
        turn.draft.data[step.key] = text
        if step.key == "description" and "agency" in self.steps:
            turn.draft.data.pop("agency", None)  # a new story deserves a new routing proposal
        return True

    def _length_ok(self, turn: _Turn, text: str, low: int, high: int) -> bool:
        length = len(text)
        if length < low:
            turn.out.say(t(turn.lang, "too_short", length=length, min=low))
            return False
        if length > high:
            turn.out.say(t(turn.lang, "too_long", length=length, max=high))
            return False
        return True

    async def _answer_date(self, turn: _Turn, step: Step, action: str | None, arg: str | None) -> bool:
        today = self.clock().astimezone(self.tz).date()
        lang = turn.lang
        if action == "date" and arg in ("today", "yesterday"):
            result = parse_event_date(arg, today)
            self._press(turn, step, t(lang, f"date_{arg}"))
        else:
            raw = self._text(turn)
            result = parse_event_date(raw, today)
            if result.value is None:
                key = {"future": "date_future", "too_old": "date_too_old"}.get(result.error, "date_unreadable")
                turn.out.say(t(lang, key, raw=_clip(raw, 40)))
                return False
        turn.draft.data[step.key] = result.value.isoformat()
        return True

    async def _answer_place(self, turn: _Turn, step: Step, action: str | None, arg: str | None) -> bool:
        ev, data = turn.ev, turn.draft.data
        if ev.kind == "location":
            data["latitude"], data["longitude"] = ev.latitude, ev.longitude
            turn.out.say(t(turn.lang, "location_kept"), remove_keyboard=True)
            return True
        text = self._text(turn)
        if text.lower() in SKIP_WORDS:
            data.pop("location", None)
            turn.out.say("➡️ " + t(turn.lang, "skip"), remove_keyboard=True)
            return True
        if not text:
            turn.out.say(t(turn.lang, "location_short"))
            return False
        if not self._length_ok(turn, text, step.min_len, step.max_len):
            return False
        data["location"] = text
        turn.out.say("📍 " + text, remove_keyboard=True)
        return True

    def _keep_file(self, turn: _Turn) -> bool:
        """Add the sent photo/document to the draft's attachments if it fits the limits."""
        f, lang, limits = turn.ev.file, turn.lang, self.config.limits
        files = turn.draft.data.setdefault("attachments", [])
        if f is None:
            return False
        if f.size is not None and f.size > limits.max_file_mb * 1024 * 1024:
            turn.out.say(t(lang, "file_too_big", size_mb=f.size / 1024 / 1024, max_mb=limits.max_file_mb))
            return False
        if any(a["file_unique_id"] == f.file_unique_id for a in files):
            return True  # the same file sent twice is one attachment
        if len(files) >= limits.max_attachments:
            turn.out.say(t(lang, "too_many_files", max=limits.max_attachments))
            return False
        files.append({"file_id": f.file_id, "file_unique_id": f.file_unique_id, "kind": f.kind,
                      "size": f.size, "mime_type": f.mime_type, "file_name": f.file_name})
        return True

    async def _answer_attachments(self, turn: _Turn, step: Step, action: str | None, arg: str | None) -> bool:
        ev, lang, draft = turn.ev, turn.lang, turn.draft
        if ev.kind in ("photo", "document"):
            if self._keep_file(turn):
                count = len(draft.data["attachments"])
                turn.out.say(t(lang, "attachment_saved", count=count),
                             buttons=[[Button(t(lang, "attachments_done"), f"f{draft.seq}:done")]])
            return STAY  # no new question: the citizen may send more
        if action == "done" or self._text(turn).lower() in DONE_WORDS:
            n = len(draft.data.get("attachments", []))
            if action == "done":
                self._press(turn, step, t(lang, "n_files", n=n) if n else t(lang, "skip"))
            return True
        turn.out.say(t(lang, "attachments_hint"))
        return RETRY

    async def _answer_toggle(self, turn: _Turn, step: Step, action: str | None, arg: str | None) -> bool:
        if action == "set" and arg in ("yes", "no"):
            value = arg == "yes"
            self._press(turn, step, t(turn.lang, arg))
        else:
            word = self._text(turn).lower().strip(" .!")
            value = True if word in YES_WORDS else False if word in NO_WORDS else None
        if value is None:
            turn.out.say(t(turn.lang, "use_buttons"))
            return False
        turn.draft.data[step.key] = value
        return True

    async def _answer_phone(self, turn: _Turn, step: Step, action: str | None, arg: str | None) -> bool:
        ev, lang = turn.ev, turn.lang
        if ev.kind == "contact":
            if ev.contact_user_id != ev.sender.user_id:
                turn.out.say(t(lang, "wrong_contact"))
                return False
            turn.draft.data["phone"] = ev.contact_phone
            turn.out.say("📱 " + (ev.contact_phone or ""), remove_keyboard=True)
            return True
        if self._text(turn).lower() in SKIP_WORDS:
            turn.draft.data.pop("phone", None)
            turn.out.say("➡️ " + t(lang, "skip"), remove_keyboard=True)
            return True
        turn.out.say(t(lang, "phone_use_button"))
        return False

    # ------------------------------------------------------------------ agency (routing)
    async def _ask_agency(self, turn: _Turn, step: Step, text: str, back: list[list[Button]]) -> None:
        draft, lang, out = turn.draft, turn.lang, turn.out
        story = f"{draft.data.get('title', '')}. {draft.data.get('description', '')}"
        candidates = self.router.classify(story, top=3)
        draft.data["agency_candidates"] = [
            {"code": c.code, "score": round(float(c.score), 1), "matched": list(c.matched)[:5]}
            for c in candidates
        ]
        f = f"f{draft.seq}:"
        if not candidates:
            # Nothing to propose: the coordinator triages; asking the citizen to pick from
            # forty agencies would only produce wrong routes.
            draft.data["agency"] = None
            draft.data["agency_how"] = "no_match"
            out.say(t(lang, "agency_none", coordinator=self.config.coordinator_name))
            await self._advance(turn, step)
            return
        names = [self._agency_name(c.code) for c in candidates]
        unknown = [Button(t(lang, "agency_unknown"), f + "agency:unknown")]
        if self.router.confident(candidates):
            best = candidates[0]
            words = [w for w in best.matched if not any(w != o and w in o for o in best.matched)]
            body = t(lang, "q_agency_confident", agency=names[0], why=", ".join(words[:4]))
            rows = [[Button(t(lang, "agency_yes"), f + "agency:0")]]
            rows += [[Button(_clip(n, 60), f + f"agency:{i}")] for i, n in enumerate(names) if i > 0]
        else:
            body = t(lang, "q_agency_choose")
            rows = [[Button(_clip(n, 60), f + f"agency:{i}")] for i, n in enumerate(names)]
        out.say(f"{text}\n\n{body}", buttons=rows + [unknown] + back)

    def _agency_name(self, code: str | None) -> str:
        info = self.agency_info(code) if code else None
        return info[0] if info else (code or "-")

    async def _answer_agency(self, turn: _Turn, step: Step, action: str | None, arg: str | None) -> bool:
        draft, lang = turn.draft, turn.lang
        candidates = draft.data.get("agency_candidates") or []
        if action != "agency":
            turn.out.say(t(lang, "use_buttons"))
            return False
        if arg == "unknown":
            draft.data["agency"], draft.data["agency_how"] = None, "citizen_unsure"
            self._press(turn, step, t(lang, "agency_unknown"))
            return True
        if not (arg or "").isdigit() or int(arg) >= len(candidates):
            turn.out.callback_answer = t(lang, "invalid_button")
            return False
        chosen = candidates[int(arg)]
        draft.data["agency"] = chosen["code"]
        draft.data["agency_how"] = "citizen_confirmed" if arg == "0" else "citizen_picked"
        self._press(turn, step, self._agency_name(chosen["code"]))
        info = self.agency_info(chosen["code"])
        if info and info[1] == "vertical":
            turn.out.say(t(lang, "agency_vertical", agency=info[0], coordinator=self.config.coordinator_name))
        return True

    # ------------------------------------------------------------------ summary and submit
    def _summary_text(self, turn: _Turn) -> str:
        lang, d = turn.lang, turn.draft.data
        none = t(lang, "none")
        place = d.get("location") or ""
        if d.get("latitude") is not None:
            pin = t(lang, "location_pin", lat=d["latitude"], lon=d["longitude"])
            place = f"{place} ({pin})" if place else pin
        files = len(d.get("attachments", []))
        body = t(
            lang, "summary_body",
            type=self._type_label(lang, d.get("report_type")), title=d.get("title", none),
            description=d.get("description", none),
            date=self._day(lang, date.fromisoformat(d["event_date"])) if d.get("event_date") else none,
            location=place or none, attachments=t(lang, "n_files", n=files) if files else none,
            anonymous=self._yes_no(lang, d.get("anonymous")), confidential=self._yes_no(lang, d.get("confidential")),
            phone=d.get("phone") or none,
        )
        if "agency" in self.steps:
            agency = d.get("agency")
            label = self._agency_name(agency) if agency else t(lang, "agency_by_coordinator")
            body += "\n" + t(lang, "f_agency") + ": " + label
        return f"{t(lang, 'summary_head')}\n\n{body}\n\n{t(lang, 'summary_foot')}"

    async def _submit(self, turn: _Turn) -> None:
        draft, lang, uow, out = turn.draft, turn.lang, turn.uow, turn.out
        missing = [s for s in self.form if not s.skippable and s.kind != "agency" and s.key not in draft.data]
        if missing:
            draft.editing = False
            await self._ask(turn, missing[0].key)
            return
        now = self.clock()
        for _ in range(20):
            number = tracking.new_number(self.config.ticket_prefix, now.astimezone(self.tz))
            if not await uow.tickets.number_taken(number):
                break
        else:  # pragma: no cover - 100,000 numbers a month make this practically unreachable
            raise RuntimeError("could not find a free ticket number")
        d = draft.data
        ticket = await uow.tickets.add(NewTicket(
            number=number, citizen_id=turn.citizen.id, report_type=d["report_type"], title=d["title"],
            description=d["description"], event_date=date.fromisoformat(d["event_date"]),
            location_text=d.get("location"), latitude=d.get("latitude"), longitude=d.get("longitude"),
            anonymous=bool(d["anonymous"]), confidential=bool(d["confidential"]), phone=d.get("phone"),
            agency_code=d.get("agency"), language=lang,
            attachments=[AttachmentRecord(**a) for a in d.get("attachments", [])],
        ))
        actor = f"citizen:{turn.ev.sender.user_id}"
        await uow.tickets.add_event(TicketEvent(
            ticket_id=ticket.id, kind="submitted", actor=actor, at=now, to_status=ticket.status,
            data={"attachments": len(d.get("attachments", []))},
        ))
        if "agency" in self.steps:
            await uow.tickets.add_event(TicketEvent(
                ticket_id=ticket.id, kind="routed", actor=actor, at=now, note=d.get("agency_how"),
                data={"agency": d.get("agency"), "candidates": d.get("agency_candidates", [])},
            ))
        self._close_buttons(turn, self._summary_text(turn), t(lang, "send"))
        await uow.drafts.delete(draft.chat_id)
        turn.draft = None
        out.say(t(lang, "submitted", number=number), remove_keyboard=True)
        if self.hooks is not None:
            await self.hooks.ticket_submitted(uow, ticket)

    # ------------------------------------------------------------------ formatting
    def _type_label(self, lang: str, value: str | None) -> str:
        return t(lang, f"type_{value}") if value in REPORT_TYPES else t(lang, "none")

    @staticmethod
    def _yes_no(lang: str, value: bool | None) -> str:
        return t(lang, "none") if value is None else t(lang, "yes" if value else "no")

    def _day(self, lang: str, value: date | datetime) -> str:
        if isinstance(value, datetime):
            value = value.astimezone(self.tz).date()
        return f"{value.day} {MONTH_NAMES.get(lang, MONTH_NAMES['id'])[value.month - 1]} {value.year}"

    def _when(self, lang: str, value: datetime) -> str:
        local = value.astimezone(self.tz)
        return f"{self._day(lang, local)} {local:%H.%M} {'WIB' if self.config.timezone == 'Asia/Jakarta' else ''}".strip()


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["Intake", "IntakeConfig", "AgencyRouter", "CONSENT", "LANGUAGES"]
