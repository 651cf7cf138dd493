"""The kinds of form step, one small class each: how the question is put (its buttons or
keyboard) and how an answer (typed, sent or pressed) is taken. flows/form.py's rows name the kind;
a class registers itself under its `kind` simply by being defined.

An answer's result tells the engine what to do next: ADVANCE to the next step, RETRY (put the
same question again), STAY (say nothing more: the citizen may send more, or the step moved the
conversation itself) or MISFIT (typed text this step cannot take: the engine finds it a place,
flows/intake/engine.py `misfit`, rather than refusing it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from flows.callbacks import FormPress
from flows.dates import DateResult, describe, looks_like_date, parse_event_date
from flows.events import Button, KeyboardButton
from flows.fmt import clip
from flows.form import Step
from flows.intake.context import Turn
from flows.intake.words import CHOICE_WORDS, meaning, normal, skips, yes_no
from flows.texts import t

if TYPE_CHECKING:
    from flows.intake.engine import Intake

Result = Literal["advance", "retry", "stay", "misfit"]
ADVANCE: Result = "advance"
RETRY: Result = "retry"
STAY: Result = "stay"
MISFIT: Result = "misfit"

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


def keyboard_up(turn: Turn, up: bool) -> None:
    """Whether a reply keyboard (location, phone) may still be showing: a pressed one-time
    keyboard hides itself; one answered by typing stays until a message removes it."""
    turn.form.data["keyboard_up"] = up


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
    """A pressed or typed choice: kept; typed text that is none is the engine's to place (MISFIT);
    anything else is asked to use the buttons."""
    if value is None:
        if turn.text():
            return MISFIT
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
            value = CHOICE_WORDS.get(step.key, {}).get(turn.word()) or CHOICE_WORDS.get(step.key, {}).get(
                normal(turn.text()))
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
                 Button(t(turn.lang, "date_yesterday"), data(turn, "date", "yesterday"))],
                [Button(t(turn.lang, "date_unknown"), data(turn, "date", "unknown")),
                 Button(t(turn.lang, "date_recurring"), data(turn, "date", "recurring"))]]

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        today = engine.today()
        if press is not None and press.action == "date" and press.arg in PRESSED_DATES:
            result = parse_event_date(PRESSED_DATES[press.arg], today)
            shown = describe(turn.lang, result.value, result.precision)
            label = t(turn.lang, f"date_{press.arg}")
            engine.pressed(turn, step, label if label.lower() == shown.lower() else f"{label} ({shown})")
            keep_date(turn, step, result)
            return ADVANCE
        raw = turn.text()
        result = parse_event_date(raw, today)
        if not result.understood:
            if not raw:
                turn.out.say(t(turn.lang, "use_buttons"))
                return RETRY
            if result.error == "unreadable" and not looks_like_date(raw) and (
                    len(raw) > 40 or (engine.story_recent(turn) and len(raw.split()) >= 3)):
                return MISFIT  # a sentence, not a date (more story, said just after it): the engine keeps it
            key = {"future": "date_future", "too_old": "date_too_old"}.get(result.error or "", "date_unreadable")
            turn.out.say(t(turn.lang, key, raw=clip(raw, 40)))
            return RETRY
        keep_date(turn, step, result)
        turn.echo = t(turn.lang, "date_echo", date=describe(turn.lang, result.value, result.precision),
                      raw=clip(raw, 40))
        return ADVANCE


# What the date buttons mean, as a citizen would type it.
PRESSED_DATES = {"today": "hari ini", "yesterday": "kemarin", "unknown": "tidak ingat", "recurring": "berulang"}


def keep_date(turn: Turn, step: Step, result: DateResult) -> None:
    """A date as the draft keeps it: the day (ISO; None when there is no one day) and how
    exactly it was given (flows/dates.py PRECISIONS)."""
    turn.form.data[step.key] = result.value.isoformat() if result.value is not None else None
    turn.form.data[f"{step.key}_precision"] = result.precision


class PlaceStep(StepKind):
    kind = "place"
    typed = True
    takes_location = True

    async def ask(self, engine: Intake, turn: Turn, step: Step) -> None:
        keyboard_up(turn, True)
        turn.out.say(engine.question(turn, step), keyboard=[
            [KeyboardButton(t(turn.lang, "share_location"), request="location")],
            [KeyboardButton(t(turn.lang, "skip"))]])

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        ev, values = turn.ev, turn.form.data
        if ev.kind == "location":
            values["latitude"], values["longitude"] = ev.latitude, ev.longitude
            turn.echo = t(turn.lang, "location_kept")  # the pressed one-time keyboard hid itself
            keyboard_up(turn, False)
            return ADVANCE
        text = turn.text()
        if skips(text):
            keyboard_up(turn, text != t(turn.lang, "skip"))
            # "Lewati" is pressed on a one-time keyboard that hides itself: the echo can ride on
            # the next question (a typed "gk" leaves the keyboard up until the next one replaces it).
            values.pop(step.key, None)
            turn.echo = "➡️ " + t(turn.lang, "skip")
            return ADVANCE
        if not text:
            turn.out.say(t(turn.lang, "location_short"))
            return RETRY
        if engine.takes_date_instead(turn):
            return RETRY
        if not length_ok(turn, text, step.min_len, step.max_len):
            return RETRY
        values[step.key] = text
        # Said at the top of the next question. The keyboard stays until the next one replaces
        # it (the next question's inline buttons cannot remove it): its buttons still make sense
        # there (a pin is kept, "Lewati" skips), and a message of its own only to remove it cost
        # every citizen one more message.
        turn.echo = "📍 " + text
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
        pressed = press is not None and press.action == "done"
        if pressed or meaning(turn.text()) in ("done", "skip", "no"):
            n = len(draft.data.get("attachments", []))
            if pressed:
                engine.pressed(turn, step, t(lang, "n_files", n=n) if n else t(lang, "skip"))
            else:
                turn.echo = "➡️ " + (t(lang, "n_files", n=n) if n else t(lang, "attachments_none"))
            return ADVANCE
        if turn.text():
            return MISFIT
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
            value = yes_no(turn.text())
            if value is not None:
                turn.echo = "➡️ " + t(turn.lang, "yes" if value else "no")
        return keep_choice(turn, step, value)


class PhoneStep(StepKind):
    """The citizen's own number, only through Telegram's contact button."""

    kind = "phone"

    async def ask(self, engine: Intake, turn: Turn, step: Step) -> None:
        keyboard_up(turn, True)
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
            turn.echo = "📱 " + (ev.contact_phone or "")  # the pressed one-time keyboard hid itself
            keyboard_up(turn, False)
            return ADVANCE
        if skips(turn.text()):
            keyboard_up(turn, turn.text() != t(lang, "skip"))
            turn.form.data.pop(step.key, None)
            turn.echo = "➡️ " + t(lang, "skip")
            return ADVANCE
        if len(turn.text()) > 12 and not any(c.isdigit() for c in turn.text()):
            return MISFIT  # words, not a number: kept by the engine
        turn.out.say(t(lang, "phone_use_button"))
        return RETRY
