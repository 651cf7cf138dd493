"""The citizen's slash commands, as a table: what each runs, whether it needs consent first, and
whether the open form's question is put back afterwards."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flows.intake import consent, home, reports
from flows.intake.context import Turn
from flows.texts import t

if TYPE_CHECKING:
    from flows.intake.engine import Intake

Handler = Callable[["Intake", Turn], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Command:
    run: Handler
    needs_consent: bool = True
    ask_again: bool = False  # afterwards, put the open form's current question back


async def start(engine: Intake, turn: Turn) -> None:
    if not turn.consented:
        consent.ask_consent(engine, turn)
        return
    if turn.draft:
        turn.out.say(t(turn.lang, "resume"))
    await engine.start_or_resume(turn)


async def home_menu(engine: Intake, turn: Turn) -> None:
    """/start once agreed: a greeting and the home menu (an unfinished form is resumed)."""
    if not turn.consented or turn.draft:
        await start(engine, turn)
        return
    home.show(turn, f"{home.greeting(turn)} {t(turn.lang, 'home_prompt')}")


async def language(engine: Intake, turn: Turn) -> None:
    consent.ask_language(turn)


async def help_(engine: Intake, turn: Turn) -> None:
    turn.out.say(t(turn.lang, "help"))
    if turn.draft:
        key = turn.draft.step
        turn.out.say(t(turn.lang, "help_where", step=t(turn.lang, f"f_{key}")))


async def cancel(engine: Intake, turn: Turn) -> None:
    if not turn.draft:
        turn.out.say(t(turn.lang, "nothing_to_cancel"))
        return
    engine.confirm_cancel(turn)


async def back(engine: Intake, turn: Turn) -> None:
    if not turn.draft:
        turn.out.say(t(turn.lang, "nothing_to_cancel"))
        return
    await engine.go_back(turn)


async def delete_data(engine: Intake, turn: Turn) -> None:
    consent.ask_delete(turn)


async def status(engine: Intake, turn: Turn) -> None:
    await reports.status(engine, turn)


async def my_reports(engine: Intake, turn: Turn) -> None:
    await reports.my_reports(engine, turn)


COMMANDS: dict[str, Command] = {
    "start": Command(home_menu, needs_consent=False),
    "lapor": Command(start),
    "baru": Command(start),
    "bahasa": Command(language, needs_consent=False),
    "language": Command(language, needs_consent=False),
    "bantuan": Command(help_, needs_consent=False),
    "help": Command(help_, needs_consent=False),
    "status": Command(status, ask_again=True),
    "laporanku": Command(my_reports, ask_again=True),
    "hapusdata": Command(delete_data, ask_again=True),
    "batal": Command(cancel),
    "kembali": Command(back),
}


# The commands in Telegram's command menu, in its order (their descriptions: menu_<command>).
MENU = ("lapor", "status", "laporanku", "kembali", "batal", "bahasa", "bantuan", "hapusdata")


async def run_command(engine: Intake, turn: Turn) -> None:
    name = turn.ev.command or ""
    command = COMMANDS.get(name)
    if command is None:
        turn.out.say(t(turn.lang, "unknown_command", command=name))
        if turn.draft and turn.consented:
            await engine.ask(turn, turn.draft.step, bump=False)
        return
    if command.needs_consent and not turn.consented:
        consent.ask_consent(engine, turn, t(turn.lang, "consent_needed"))
        return
    await command.run(engine, turn)
    if command.ask_again and turn.draft:
        await engine.ask(turn, turn.draft.step, bump=False)
