"""The citizen's home menu: what they can do when no question is waiting for an answer (a new
report, their reports, a status check, help). It is shown on /start once they have agreed, to a
message sent with no form open (a greeting is greeted back), and after a report is sent."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from flows.callbacks import Menu
from flows.events import Button
from flows.intake import reports
from flows.intake.context import Turn
from flows.intake.story import _OPENING
from flows.texts import t

if TYPE_CHECKING:
    from flows.intake.engine import Intake

_THANKS = re.compile(
    r"^(?:(?:terima\s*kasih|terimakasih|makasih|makasi|mksh|mks|trims|trimakasih|tq|thx|thanks|"
    r"thank\s+you|ty|suwun|matur\s+nuwun|oke?|okay|sip|siap|baik|baiklah)\b[\s,.!🙏👍]*"
    r"(?:(?:ya|yah|banyak|pak|bu|min|kak|mas|mbak|admin|sekali|much|a\s+lot)\b[\s,.!🙏👍]*)*)+$",
    re.IGNORECASE,
)


def is_greeting(text: str) -> bool:
    """Nothing but a greeting or politeness ("halo", "selamat pagi pak", "assalamualaikum")."""
    text = " ".join(text.split())
    opening = _OPENING.match(text)
    return opening is not None and len(text) <= 80 and not text[opening.end():].strip(" ,.!?🙏👋")


def is_thanks(text: str) -> bool:
    return bool(_THANKS.match(" ".join(text.split())))


def buttons(lang: str) -> list[list[Button]]:
    return [
        [Button(t(lang, "home_new"), Menu("new").encode()), Button(t(lang, "home_mine"), Menu("mine").encode())],
        [Button(t(lang, "home_status"), Menu("status").encode()),
         Button(t(lang, "home_help"), Menu("help").encode())],
    ]


def greeting(turn: Turn) -> str:
    first = (turn.citizen.name if turn.citizen and turn.citizen.name else turn.ev.sender.first_name).split()
    return t(turn.lang, "greet", name=f", {first[0]}" if first else "")


def show(turn: Turn, text: str | None = None) -> None:
    turn.out.say(text or t(turn.lang, "home_prompt"), buttons=buttons(turn.lang))


def idle(turn: Turn) -> None:
    """A message with no form open (the desks found no ticket it answers): a greeting is greeted
    back, thanks are acknowledged, anything else is shown what can be done."""
    text = turn.text()
    if is_greeting(text):
        show(turn, f"{greeting(turn)} {t(turn.lang, 'home_prompt')}")
    elif is_thanks(text):
        show(turn, t(turn.lang, "home_thanks"))
    else:
        show(turn, t(turn.lang, "idle"))


async def press(engine: Intake, turn: Turn, item: str) -> None:
    """A press on the home menu."""
    turn.out.callback_answer = ""
    if item == "mine":
        await reports.my_reports(engine, turn)
    elif item == "status":
        await reports.status(engine, turn)
    elif item == "help":
        turn.out.say(t(turn.lang, "help"))
    else:
        await engine.start_or_resume(turn)
        return
    if turn.draft:  # a menu pressed with a form open: its question is put back
        await engine.ask(turn, turn.draft.step, bump=False)
