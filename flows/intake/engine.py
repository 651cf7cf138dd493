"""The intake engine: consent, the complaint form of flows/form.py, tracking commands.

Each event is one turn (flows/turn.py): the citizen's draft is loaded, the event is dispatched
(a command to the command table, a press to what its typed data names, anything else as the
answer to the current step), the next question is asked, and the draft is written once,
version-checked, in the turn's transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from flows import fmt
from flows.callbacks import Consent, DeleteData, FormPress, Language, Menu, Privacy, decode
from flows.dates import describe as describe_date
from flows.dates import parse_event_date
from flows.erasure import Erasure
from flows.events import Button, Incoming, Outcome, Reply, Sender
from flows.fmt import Formats
from flows.form import SUMMARY, Limits, Step, build_form
from flows.intake import consent, home, telling
from flows.intake.agency import AgencyStep
from flows.intake.commands import run_command
from flows.intake.context import Turn
from flows.intake.steps import ADVANCE, KINDS, MISFIT, RETRY, data, keep_date
from flows.intake.submit import SummaryStep
from flows.intake.words import meaning
from flows.model import AgencyInfo, Citizen, Draft, Ticket
from flows.ports import UnitOfWork
from flows.routing.similar import SimilarConfig
from flows.texts import ID, t
from flows.turn import Turns

log = logging.getLogger(__name__)

# every kind is registered
assert AgencyStep.kind in KINDS and SummaryStep.kind in KINDS and telling.StoryStep.kind in KINDS


class TicketHooks(Protocol):
    """What happens around intake in the rest of the product (the desks implement it)."""

    async def ticket_submitted(self, uow: UnitOfWork, ticket: Ticket) -> None: ...
    async def citizen_idle(self, uow: UnitOfWork, citizen: Citizen, ev: Incoming) -> list[Reply] | None: ...
    async def refresh_cards(self, uow: UnitOfWork, ticket: Ticket) -> object: ...


class AgencyRouter(Protocol):
    """What the form needs from routing (flows/routing's Classifier satisfies it)."""

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
    story_quiet_s: float = 60.0  # STORY_QUIET_SECONDS: this long without a new part ends the story
    stale_draft_h: float = 6.0  # STALE_DRAFT_HOURS: a draft untouched this long asks before going on
    #: SIMILAR_DAYS, SIMILAR_METERS: reports of the same problem shown before sending (None: never)
    similar: SimilarConfig | None = field(default_factory=SimilarConfig)


class Intake:
    def __init__(
        self,
        turns: Turns,
        config: IntakeConfig | None = None,
        router: AgencyRouter | None = None,
        agencies: Mapping[str, AgencyInfo] | None = None,
        clock: Callable[[], datetime] | None = None,
        hooks: TicketHooks | None = None,
    ) -> None:
        self.turns = turns
        self.config = config or IntakeConfig()
        self.router = router
        self.agencies: Mapping[str, AgencyInfo] = agencies or {}
        self.clock = clock or (lambda: datetime.now(UTC))
        self.hooks = hooks
        self.fmt = Formats(self.config.timezone)
        self.form = build_form(with_agency=router is not None)
        self.erasure = Erasure(self.clock, refresh=hooks.refresh_cards if hooks is not None else None)

    async def handle(self, ev: Incoming) -> Outcome:
        async def body(uow: UnitOfWork, out: Outcome) -> None:
            citizen = await uow.citizens.get_by_user(ev.sender.user_id)
            lang = citizen.language if citizen else self.config.default_language
            turn = Turn(ev, uow, out, citizen, None, lang)
            if ev.chat_type == "private":
                if citizen is not None:  # before consent nothing is stored, not even when they wrote
                    await uow.outbox.reachable_again(ev.chat_id)  # they write, so they can be written to
                turn.draft = await uow.drafts.get(ev.chat_id)  # before consent: only what is held
                await self._dispatch(turn)
                if turn.draft is not None:
                    turn.draft.data[home.TOUCHED] = self.clock().isoformat()  # the citizen's last turn
                    await uow.drafts.save(turn.draft)  # one write per turn, version-checked
            elif ev.kind == "command" and ev.command in ("start", "lapor"):
                out.say(t(lang, "group_only_private"))

        return await self.turns.run(ev, body)

    # ------------------------------------------------------------------ dispatch
    async def _dispatch(self, turn: Turn) -> None:
        ev = turn.ev
        if ev.kind == "button":
            await self._on_press(turn)
        elif ev.kind == "command":
            await run_command(self, turn)
        elif not turn.consented:
            await consent.before_consent(self, turn)
        elif turn.draft is not None and home.stale(self, turn):
            home.ask_stale(self, turn)  # "lanjutkan atau mulai baru?" before taking it as an answer
        elif turn.draft is not None:
            await self.answer(turn)
        else:
            if self.hooks is not None and not home.is_greeting(turn.text()) and not home.is_thanks(turn.text()):
                replies = await self.hooks.citizen_idle(turn.uow, turn.who, ev)
                if replies is not None:  # for a report they are adding to, or the answer to a deferred one
                    turn.out.replies.extend(replies)
                    return
            home.idle(turn)

    async def _on_press(self, turn: Turn) -> None:
        press = decode(turn.ev.callback_data)
        if isinstance(press, Consent):
            await consent.on_consent(self, turn, press)
        elif isinstance(press, Language):
            await consent.set_language(self, turn, press)
        elif isinstance(press, Privacy):
            consent.show_privacy(self, turn, press)
        elif not isinstance(press, Menu | DeleteData | FormPress):
            log.warning("refused callback data from %s", turn.ev.sender.user_id)
            turn.out.callback_answer = t(turn.lang, "invalid_button")
        elif not turn.consented:
            turn.out.callback_answer = t(turn.lang, "stale_button")
            consent.ask_consent(self, turn, t(turn.lang, "consent_needed"))
        elif isinstance(press, Menu):
            await home.press(self, turn, press.item)
        elif isinstance(press, DeleteData):
            await consent.delete_data(self, turn)
        else:
            await self._on_form_press(turn, press)

    async def _on_form_press(self, turn: Turn, press: FormPress) -> None:
        out, draft, lang = turn.out, turn.draft, turn.lang
        if draft is None or press.seq != draft.seq:
            out.callback_answer = t(lang, "stale_button")
            if draft is not None:
                out.say(t(lang, "stale_button_long"))
                await self.ask(turn, draft.step, bump=False)
            elif press.action == "send":
                latest = await turn.uow.tickets.list_for_citizen(turn.who.id or 0, limit=1)
                if latest:
                    out.say(t(lang, "already_submitted", number=latest[0].number))
            return
        out.callback_answer = ""
        if press.action == "cancel":
            await self._on_cancel(turn, draft, press.arg)
        elif press.action == "stale":
            await home.on_stale(self, turn, press.arg)
        else:
            await self.answer(turn, press)

    async def _on_cancel(self, turn: Turn, draft: Draft, arg: str | None) -> None:
        lang = turn.lang
        if arg == "yes":
            await turn.uow.drafts.delete(draft.chat_id)
            turn.draft = None
            turn.close_buttons(t(lang, "cancel_confirm"), t(lang, "cancel_yes"))
            turn.out.say(t(lang, "cancelled"), remove_keyboard=True)
        elif arg == "no":
            turn.close_buttons(t(lang, "cancel_confirm"), t(lang, "cancel_no"))
            await self.ask(turn, draft.step)
        else:
            self.confirm_cancel(turn)

    # ------------------------------------------------------------------ the form
    async def answer(self, turn: Turn, press: FormPress | None = None) -> None:
        """Apply an answer (typed, sent or pressed) to the current step."""
        ev, draft, lang, out = turn.ev, turn.form, turn.lang, turn.out
        step = self.form.get(draft.step)
        kind = KINDS[step.kind]
        # Things sent at the wrong step are kept where they belong rather than refused.
        if ev.kind in ("photo", "document") and not kind.takes_files:
            if self.keep_file(turn):
                out.say(t(lang, "file_kept_elsewhere"))
            await self.ask(turn, step.key, bump=False)
            return
        if ev.kind == "location" and not kind.takes_location:
            draft.data["latitude"], draft.data["longitude"] = ev.latitude, ev.longitude
            out.say(t(lang, "location_kept"))
            await self.ask(turn, step.key, bump=False)
            return
        if ev.kind == "unsupported":
            out.say(t(lang, "need_text" if kind.typed else "use_buttons", media=fmt.media(lang, ev.media_kind)))
            if step.kind != "story":  # the story's status stays where it is; more may follow
                await self.ask(turn, step.key, bump=False)
            return
        if press is not None and press.action == "back":
            await self.go_back(turn)
            return
        result = await kind.answer(self, turn, step, press)
        if result == ADVANCE:
            await self.answered(turn, step)
        elif result == RETRY:
            await self.ask(turn, step.key, bump=False)
        elif result == MISFIT:
            await self.misfit(turn, step)

    async def misfit(self, turn: Turn, step: Step) -> None:
        """Typed text the current step cannot take is never dropped: within the quiet time of
        the story's last part it joins the story (and an agency proposal being asked is made
        anew from it); otherwise it is kept as a note, shown on the summary and sent with the
        ticket. Either way the citizen is told, and the question is put again."""
        text, lang, values = turn.text(), turn.lang, turn.form.data
        story = self.form.get(telling.STORY)
        if meaning(text) is not None:  # a yes, no or skip where none can be typed: no note
            turn.out.say(t(lang, "use_buttons"))
        elif (step.key != telling.STORY and values.get(telling.STORY) and telling.recent(self, turn)
                and len(text) >= 8):
            telling.add(self, turn, story, text, quiet=True)
            turn.out.say(t(lang, "misfit_story", parts=values.get("story_parts", 0),
                           length=len(values[telling.STORY])))
            if step.kind == "agency":
                for key in ("agency", "agency_candidates", "agency_how"):
                    values.pop(key, None)
                await self.ask(turn, step.key)  # the proposal, made from the whole story
                return
        else:
            values.setdefault("notes", []).append(text[:story.max_len])
            turn.out.say(t(lang, "misfit_note", note=fmt.clip(text, 80)))
        await self.ask(turn, step.key, bump=False)

    def story_recent(self, turn: Turn) -> bool:
        """Was the story's last part written within the quiet time (so more may follow)?"""
        return telling.recent(self, turn)

    def takes_date_instead(self, turn: Turn) -> bool:
        """A date typed where a place is asked ("3 hari yg lalu") is no place: it answers the
        date step, when this report has one, and the citizen is told so."""
        if "event_date" not in self.form or not self.form.applies(self.form.get("event_date"), turn.form.data):
            return False
        result = parse_event_date(turn.text(), self.today())
        if not result.understood:
            return False
        keep_date(turn, self.form.get("event_date"), result)
        turn.out.say(t(turn.lang, "date_taken_at_place",
                       date=describe_date(turn.lang, result.value, result.precision)))
        return True

    async def quiet_stories(self, now: datetime | None = None) -> int:
        """End every story whose last part is older than the quiet time: its draft asks the
        next question, as if the citizen had pressed Lanjut. One turn per draft, version-checked,
        under the chat's lock: a citizen who wrote or moved on meanwhile is left as they are."""
        now = now or self.clock()
        cutoff = now - timedelta(seconds=self.config.story_quiet_s)
        async with self.turns.uow_factory() as uow:
            drafts = await uow.drafts.at_step(telling.STORY)
        # Only stories being told now (a status was said for this asking of the question): one
        # asked again after /kembali waits for the citizen.
        due = [d for d in drafts if d.data.get("story_status") and d.data.get("story_at")
               and datetime.fromisoformat(d.data["story_at"]) <= cutoff
               and len(d.data.get(telling.STORY, "")) >= self.form.get(telling.STORY).min_len]
        moved = 0
        for draft in due:
            ev = Incoming(chat_id=draft.chat_id, sender=Sender(user_id=draft.user_id), kind="text", at=now)

            async def body(uow: UnitOfWork, out: Outcome, ev: Incoming = ev, seen: Draft = draft) -> None:
                nonlocal moved
                current = await uow.drafts.get(ev.chat_id)
                if (current is None or current.step != telling.STORY or not current.data.get("story_status")
                        or current.data.get("story_at") != seen.data.get("story_at")):
                    return  # the citizen wrote, pressed Lanjut or moved on since
                citizen = await uow.citizens.get_by_user(current.user_id)
                turn = Turn(ev, uow, out, citizen, current, citizen.language if citizen else
                            self.config.default_language)
                step = self.form.get(telling.STORY)
                if telling.finish(self, turn, step) == ADVANCE:
                    await self.answered(turn, step)
                    moved += 1
                await uow.drafts.save(current)

            async with self.turns.hold(draft.chat_id):
                await self.turns.run(ev, body)
        return moved

    async def start_or_resume(self, turn: Turn) -> None:
        if turn.draft:
            await self.ask(turn, turn.draft.step)
            return
        turn.draft = Draft(chat_id=turn.ev.chat_id, user_id=turn.ev.sender.user_id, step=self.form.first)
        await self.ask(turn, turn.draft.step)

    async def ask(self, turn: Turn, key: str, bump: bool = True) -> None:
        """Put a step's question to the citizen and make it the current step."""
        draft = turn.form
        draft.step = key
        if bump:
            draft.seq += 1
        step = self.form.get(key)
        await KINDS[step.kind].ask(self, turn, step)

    async def answered(self, turn: Turn, step: Step) -> None:
        """The step has its answer: forget what a new answer made stale (the agency proposed
        from an earlier story; nothing when the answer is what the step held), and go on."""
        for key in step.resets if not turn.unchanged else ():
            turn.form.data.pop(key, None)
        await self.advance(turn, step)

    async def advance(self, turn: Turn, step: Step) -> None:
        draft = turn.form
        if draft.editing:
            # What this answer made stale (the agency proposed from the story) is asked again
            # before the summary; editing stays on, so that answer returns to the summary.
            again = next((key for key in step.resets if key in self.form and key not in draft.data
                          and self.form.applies(self.form.get(key), draft.data)), None)
            if again is not None:
                await self.ask(turn, again)
                return
            draft.editing = False
            await self.ask(turn, SUMMARY)
            return
        if not draft.history or draft.history[-1] != step.key:
            draft.history.append(step.key)
        await self.ask(turn, self.form.after(step.key, draft.data))

    async def go_back(self, turn: Turn) -> None:
        draft = turn.form
        if draft.editing and draft.step != SUMMARY:
            draft.editing = False
            await self.ask(turn, SUMMARY)
        elif not draft.history:
            turn.out.say(t(turn.lang, "nothing_to_go_back"))
            await self.ask(turn, draft.step, bump=False)
        else:
            await self.ask(turn, draft.history.pop())

    def confirm_cancel(self, turn: Turn) -> None:
        draft, lang = turn.form, turn.lang
        draft.seq += 1
        turn.out.say(t(lang, "cancel_confirm"), buttons=[[
            Button(t(lang, "cancel_yes"), data(turn, "cancel", "yes")),
            Button(t(lang, "cancel_no"), data(turn, "cancel", "no")),
        ]])

    # ------------------------------------------------------------------ what steps share
    def question(self, turn: Turn, step: Step) -> str:
        """The step's question, worded for the report's type where it has its own wording
        (q_description_aspirasi), after the echo of the answer just given, if any."""
        values = turn.form.data
        n, total = self.form.number(step.key, values) if step.numbered else (0, 0)
        limits = self.config.limits
        key = f"q_{step.key}_{values.get('report_type')}"
        text = t(turn.lang, key if key in ID else f"q_{step.key}", n=n, total=total, min=step.min_len,
                 max=limits.max_attachments if step.kind == "attachments" else step.max_len,
                 max_mb=limits.max_file_mb)
        if turn.echo:
            text, turn.echo = f"{turn.echo}\n\n{text}", None
        return text

    def back_rows(self, turn: Turn) -> list[list[Button]]:
        draft = turn.form
        return [[Button(t(turn.lang, "back"), data(turn, "back"))]] if draft.history or draft.editing else []

    def pressed(self, turn: Turn, step: Step, label: str) -> None:
        turn.close_buttons(self.question(turn, step), label)

    def today(self) -> date:
        return self.fmt.local_date(self.clock())

    def agency_name(self, code: str | None) -> str:
        return fmt.agency_name(self.agencies, code)

    def keep_file(self, turn: Turn) -> bool:
        """Add the sent photo/document to the draft's attachments if it fits the limits."""
        f, lang, limits = turn.ev.file, turn.lang, self.config.limits
        files = turn.form.data.setdefault("attachments", [])
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
        files.append(asdict(f))  # the draft keeps the reference's fields (AttachmentRecord's)
        return True
