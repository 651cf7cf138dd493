"""The citizen's home menu: what they can do when no question is waiting for an answer (a new
report, their reports, a status check, help). It is shown on /start once they have agreed, to a
message sent with no form open (a greeting is greeted back), and after a report is sent.

And a draft left for hours (STALE_DRAFT_HOURS): "selamat pagi pak, sy mau lanjut..." the next
morning is not the answer to last night's question. What comes is kept, and the citizen chooses:
go on (their words become a note on the draft) or start anew (their words begin the new story)."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flows import fmt
from flows.callbacks import Menu
from flows.events import Button
from flows.intake import reports, telling
from flows.intake.context import Turn
from flows.intake.steps import data
from flows.intake.story import _OPENING, suggest_title
from flows.intake.telling import STORY
from flows.model import Draft
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


# ------------------------------------------------------------------ a draft left for hours
TOUCHED = "touched"  # when the citizen last had a turn on the draft (the engine's clock)
WAITING = "stale_wait"  # what they sent to a stale draft, kept until they choose
MAX_WAITING = 30  # twenty short messages and an album of ten


def stale(engine: Intake, turn: Turn) -> bool:
    """Has the draft been left longer than STALE_DRAFT_HOURS (or is a message waiting on it)?
    Then what comes next is not taken as the answer to a question asked hours ago."""
    values = turn.form.data
    if values.get(WAITING):
        return True
    at = values.get(TOUCHED)
    if not at:
        return False
    return engine.clock() - datetime.fromisoformat(at) > timedelta(hours=engine.config.stale_draft_h)


def _kept(turn: Turn) -> dict[str, Any]:
    ev = turn.ev
    if ev.kind in ("photo", "document") and ev.file is not None:
        return {"file": asdict(ev.file), "text": ev.text}  # as Intake.keep_file keeps it
    if ev.kind == "location":
        return {"lat": ev.latitude, "lon": ev.longitude}
    return {"text": ev.text if ev.kind == "text" else ""}


def stale_text(engine: Intake, turn: Turn) -> str:
    values, lang = turn.form.data, turn.lang
    since = datetime.fromisoformat(values.get("stale_since") or values[TOUCHED])
    title = values.get("title") or fmt.clip(" ".join(values.get(STORY, "").split()), 60) or "—"
    return t(lang, "stale_draft", when=engine.fmt.when(lang, since), title=title,
             step=t(lang, f"f_{turn.form.step}"))


def ask_stale(engine: Intake, turn: Turn) -> None:
    """Keep what was sent, and ask: go on with the old draft, or start a new report?"""
    values, lang = turn.form.data, turn.lang
    waiting = values.setdefault(WAITING, [])
    if len(waiting) < MAX_WAITING:
        waiting.append(_kept(turn))
    values.setdefault("stale_since", values.get(TOUCHED))
    turn.form.seq += 1  # the old question's buttons are stale now
    lead = f"{greeting(turn)} " if turn.ev.kind == "text" and is_greeting(turn.text()) else ""
    turn.out.say(lead + stale_text(engine, turn) + "\n\n" + t(lang, "stale_kept_for_now"), buttons=[[
        Button(t(lang, "stale_resume"), data(turn, "stale", "resume")),
        Button(t(lang, "stale_fresh"), data(turn, "stale", "fresh")),
    ]])


def _words(item: dict[str, Any]) -> str:
    """The words of a waiting message, without a greeting ("selamat pagi pak, ..."), if any."""
    text = " ".join((item.get("text") or "").split())
    rest = _OPENING.sub("", text, count=1).strip(" ,.!?")
    return text if len(rest) >= 8 else ""


async def on_stale(engine: Intake, turn: Turn, choice: str | None) -> None:
    values, lang = turn.form.data, turn.lang
    waiting = values.pop(WAITING, [])
    label = t(lang, "stale_fresh" if choice == "fresh" else "stale_resume")
    turn.close_buttons(stale_text(engine, turn), label)
    values.pop("stale_since", None)
    if choice == "fresh":
        await turn.uow.drafts.delete(turn.form.chat_id)
        await begin_with(engine, turn, waiting, "stale_fresh_done")
        return
    texts = keep(engine, turn.form.data, waiting)
    if texts:  # the old draft goes on; what they wrote meanwhile is a note on it, not an answer
        turn.form.data.setdefault("notes", []).extend(x[:engine.form.get(STORY).max_len] for x in texts)
        turn.out.say(t(lang, "stale_noted", note=fmt.clip(" / ".join(texts), 80)))
    await engine.ask(turn, turn.form.step)


def keep(engine: Intake, values: dict[str, Any], waiting: list[dict[str, Any]]) -> list[str]:
    """Files and pins of the waiting messages into the draft's answers; their words returned."""
    files = values.setdefault("attachments", [])
    for item in waiting:
        f = item.get("file")
        if f and len(files) < engine.config.limits.max_attachments and \
                all(a["file_unique_id"] != f["file_unique_id"] for a in files):
            files.append(f)
        if item.get("lat") is not None:
            values["latitude"], values["longitude"] = item["lat"], item["lon"]
    if not files:
        values.pop("attachments")
    return [w for w in map(_words, waiting) if w]


async def begin_with(engine: Intake, turn: Turn, waiting: list[dict[str, Any]], said: str) -> None:
    """A new report begun from what the citizen sent before it had one (before agreeing, or to
    a stale draft): their words are the story's first parts, a title is proposed from them,
    their photos and documents are its first attachments. `said` tells them so."""
    turn.draft = Draft(chat_id=turn.ev.chat_id, user_id=turn.ev.sender.user_id, step=engine.form.first)
    values = turn.draft.data
    texts = keep(engine, values, waiting)
    story = engine.form.get(STORY)
    for text in texts:
        telling.add(engine, turn, story, text, quiet=True)
    if texts:
        values["story_open"] = True  # the story step goes on from these parts
        values["title_proposal"] = suggest_title(values[STORY]) or fmt.clip(texts[0], 80)
    turn.out.say(t(turn.lang, said, what=what(turn.lang, len(texts), len(values.get("attachments", [])))))
    await engine.ask(turn, engine.form.first)


# ------------------------------------------------------------------ before consent
HELD = "held"  # a draft that only holds what someone sent before agreeing


def hold(turn: Turn, values: dict[str, Any]) -> bool:
    """Keep what was sent before consent, if it is something to keep (words of a report, a
    photo, a document, a pin; not a greeting or a word or two)."""
    ev = turn.ev
    if ev.kind == "text" and (len(turn.text()) < 8 or is_greeting(turn.text()) or is_thanks(turn.text())):
        return False
    if ev.kind not in ("text", "photo", "document", "location"):
        return False
    waiting = values.setdefault(WAITING, [])
    if len(waiting) < MAX_WAITING:
        waiting.append(_kept(turn))
    return True


def held_status(turn: Turn, values: dict[str, Any]) -> str:
    if turn.ev.media_group_id is not None:  # an album's photos come one by one: not counted yet
        return t(turn.lang, "held_album")
    waiting = values.get(WAITING, [])
    files = sum(1 for x in waiting if x.get("file"))
    texts = sum(1 for x in waiting if _words(x))
    return t(turn.lang, "held_status", what=what(turn.lang, texts, files))


def what(lang: str, texts: int, files: int) -> str:
    """ "2 pesan dan 3 foto/berkas", leaving out what there is none of."""
    parts = [t(lang, key, n=n) for key, n in (("held_n_texts", texts), ("held_n_files", files)) if n]
    return t(lang, "held_and").join(parts) or t(lang, "held_nothing")
