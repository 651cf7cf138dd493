"""The kinds of form step, one small class each: how the question is put (its buttons or
keyboard) and how an answer (typed, sent or pressed) is taken. flows/form.py's rows name the kind;
a class registers itself under its `kind` simply by being defined.

An answer's result tells the engine what to do next: ADVANCE to the next step, RETRY (put the
same question again) or STAY (say nothing more: the citizen may send more, or the step moved the
conversation itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from flows.callbacks import FormPress
from flows.dates import parse_event_date
from flows.events import Button, KeyboardButton
from flows.fmt import clip
from flows.form import Step
from flows.intake.context import Turn
from flows.intake.words import CHOICE_WORDS, DONE_WORDS, NO_WORDS, SKIP_WORDS, YES_WORDS
from flows.texts import t

if TYPE_CHECKING:
    from flows.intake.engine import Intake

Result = Literal["advance", "retry", "stay"]
ADVANCE: Result = "advance"
RETRY: Result = "retry"
STAY: Result = "stay"

KINDS: dict[str, StepKind] = {}


class StepKind:
    kind: ClassVar[str] = ""
    takes_files: ClassVar[bool] = False  # a photo or document is this step's answer
    takes_location: ClassVar[bool] = False  # a map pin is this step's answer
    typed: ClassVar[bool] = False  # answered by typing: unsupported media is told "write it"

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__()
        KINDS[cls.kind] = cls()

    async def ask(self, engine: Intake, turn: Turn, step: Step) -> None:
        turn.out.say(engine.question(turn, step), buttons=self.buttons(engine, turn, step) + engine.back_rows(turn))

    def buttons(self, engine: Intake, turn: Turn, step: Step) -> list[list[Button]]:
        return []

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        raise NotImplementedError


def data(turn: Turn, action: str, arg: str | None = None) -> str:
    """Button data for the question being asked now (stale once the next one is asked)."""
    return FormPress(turn.form.seq, action, arg).encode()


def length_ok(turn: Turn, text: str, low: int, high: int) -> bool:
    if len(text) < low:
        turn.out.say(t(turn.lang, "too_short", length=len(text), min=low))
        return False
    if len(text) > high:
        turn.out.say(t(turn.lang, "too_long", length=len(text), max=high))
        return False
    return True


def keep_choice(turn: Turn, step: Step, value: object | None) -> Result:
    """A pressed or typed choice: kept, or (None: nothing understood) the buttons asked for."""
    if value is None:
        turn.out.say(t(turn.lang, "use_buttons"))
        return RETRY
    turn.form.data[step.key] = value
    return ADVANCE


class ChoiceStep(StepKind):
    kind = "choice"

    def buttons(self, engine: Intake, turn: Turn, step: Step) -> list[list[Button]]:
        return [[Button(t(turn.lang, f"type_{c}"), data(turn, "pick", c))] for c in step.choices]

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        if press is not None and press.action == "pick" and press.arg in step.choices:
            value: str | None = press.arg
            engine.pressed(turn, step, t(turn.lang, f"type_{value}"))
        else:
            value = CHOICE_WORDS.get(step.key, {}).get(turn.word())
        return keep_choice(turn, step, value)


class TextStep(StepKind):
    kind = "text"
    typed = True

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        if turn.ev.kind != "text":
            turn.out.say(t(turn.lang, "need_text", media=t(turn.lang, "media_other")))
            return RETRY
        text = turn.ev.text.strip()
        if not length_ok(turn, text, step.min_len, step.max_len):
            return RETRY
        turn.form.data[step.key] = text
        return ADVANCE


class DateStep(StepKind):
    kind = "date"
    typed = True

    def buttons(self, engine: Intake, turn: Turn, step: Step) -> list[list[Button]]:
        return [[Button(t(turn.lang, "date_today"), data(turn, "date", "today")),
                 Button(t(turn.lang, "date_yesterday"), data(turn, "date", "yesterday"))]]

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        today = engine.today()
        if press is not None and press.action == "date" and press.arg in ("today", "yesterday"):
            result = parse_event_date(press.arg, today)
            engine.pressed(turn, step, t(turn.lang, f"date_{press.arg}"))
        else:
            raw = turn.text()
            result = parse_event_date(raw, today)
            if result.value is None:
                key = {"future": "date_future", "too_old": "date_too_old"}.get(result.error or "", "date_unreadable")
                turn.out.say(t(turn.lang, key, raw=clip(raw, 40)))
                return RETRY
        assert result.value is not None
        turn.form.data[step.key] = result.value.isoformat()
        return ADVANCE


class PlaceStep(StepKind):
    kind = "place"
    typed = True
    takes_location = True

    async def ask(self, engine: Intake, turn: Turn, step: Step) -> None:
        turn.out.say(engine.question(turn, step), keyboard=[
            [KeyboardButton(t(turn.lang, "share_location"), request="location")],
            [KeyboardButton(t(turn.lang, "skip"))]])

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        ev, values = turn.ev, turn.form.data
        if ev.kind == "location":
            values["latitude"], values["longitude"] = ev.latitude, ev.longitude
            turn.out.say(t(turn.lang, "location_kept"), remove_keyboard=True)
            return ADVANCE
        text = turn.text()
        if text.lower() in SKIP_WORDS:
            values.pop(step.key, None)
            turn.out.say("➡️ " + t(turn.lang, "skip"), remove_keyboard=True)
            return ADVANCE
        if not text:
            turn.out.say(t(turn.lang, "location_short"))
            return RETRY
        if not length_ok(turn, text, step.min_len, step.max_len):
            return RETRY
        values[step.key] = text
        turn.out.say("📍 " + text, remove_keyboard=True)
        return ADVANCE


class AttachmentsStep(StepKind):
    kind = "attachments"
    takes_files = True

    def buttons(self, engine: Intake, turn: Turn, step: Step) -> list[list[Button]]:
        label = "attachments_done" if turn.form.data.get(step.key) else "skip"
        return [[Button(t(turn.lang, label), data(turn, "done"))]]

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        lang, draft = turn.lang, turn.form
        if turn.ev.kind in ("photo", "document"):
            if engine.keep_file(turn):
                count = len(draft.data["attachments"])
                turn.out.say(t(lang, "attachment_saved", count=count),
                             buttons=[[Button(t(lang, "attachments_done"), data(turn, "done"))]])
            return STAY  # no new question: the citizen may send more
        done = press is not None and press.action == "done"
        if done or turn.text().lower() in DONE_WORDS:
            n = len(draft.data.get("attachments", []))
            if done:
                engine.pressed(turn, step, t(lang, "n_files", n=n) if n else t(lang, "skip"))
            return ADVANCE
        turn.out.say(t(lang, "attachments_hint"))
        return RETRY


class ToggleStep(StepKind):
    """A yes/no question."""

    kind = "toggle"

    def buttons(self, engine: Intake, turn: Turn, step: Step) -> list[list[Button]]:
        return [[Button(t(turn.lang, "yes"), data(turn, "set", "yes")),
                 Button(t(turn.lang, "no"), data(turn, "set", "no"))]]

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        if press is not None and press.action == "set" and press.arg in ("yes", "no"):
            value: bool | None = press.arg == "yes"
            engine.pressed(turn, step, t(turn.lang, press.arg))
        else:
            word = turn.word()
            value = True if word in YES_WORDS else False if word in NO_WORDS else None
        return keep_choice(turn, step, value)


class PhoneStep(StepKind):
    """The citizen's own number, only through Telegram's contact button."""

    kind = "phone"

    async def ask(self, engine: Intake, turn: Turn, step: Step) -> None:
        turn.out.say(engine.question(turn, step), keyboard=[
            [KeyboardButton(t(turn.lang, "share_phone"), request="contact")],
            [KeyboardButton(t(turn.lang, "skip"))]])

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        ev, lang = turn.ev, turn.lang
        if ev.kind == "contact":
            if ev.contact_user_id != ev.sender.user_id:
                turn.out.say(t(lang, "wrong_contact"))
                return RETRY
            turn.form.data[step.key] = ev.contact_phone
            turn.out.say("📱 " + (ev.contact_phone or ""), remove_keyboard=True)
            return ADVANCE
        if turn.text().lower() in SKIP_WORDS:
            turn.form.data.pop(step.key, None)
            turn.out.say("➡️ " + t(lang, "skip"), remove_keyboard=True)
            return ADVANCE
        turn.out.say(t(lang, "phone_use_button"))
        return RETRY
