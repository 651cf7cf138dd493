"""The story as citizens tell it: in several messages, sometimes starting in the title, sometimes
going on after the form has moved to the next question.

Every part is joined to `draft.data["description"]` (one line each) and told back by ONE status
message ("✍️ Cerita diterima (3 pesan, 240 huruf)...") that is edited in place as parts arrive:
the outbox finds the message by its tag (flows/events.py Reply.tag), so twenty short messages
get one status, not twenty replies. The story step ends on Lanjut, on a typed "lanjut/sudah",
or after `IntakeConfig.story_quiet_s` of quiet (Intake.quiet_stories, a job of bot/jobs.py:
restart-safe, since the time of the last part is in the draft). The minimum length is the
whole story's; what goes over the maximum is cut off, and the citizen is shown exactly what.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flows.callbacks import FormPress
from flows.events import Button
from flows.fmt import clip
from flows.form import Step
from flows.intake.context import Turn
from flows.intake.steps import ADVANCE, RETRY, STAY, Result, StepKind, TextStep, data
from flows.intake.story import suggest_title
from flows.intake.words import done
from flows.texts import t

if TYPE_CHECKING:
    from flows.intake.engine import Intake

STORY = "description"  # the field the story fills


def tag(turn: Turn) -> str:
    """The status message's tag: one per asking of the story question."""
    return f"story{turn.form.seq}"


def status_text(turn: Turn, step: Step, final: bool = False) -> str:
    values, lang = turn.form.data, turn.lang
    story = values.get(STORY, "")
    text = t(lang, "story_status", parts=values.get("story_parts", 0), length=len(story))
    if final:
        return text + " ✅"
    if len(story) < step.min_len:
        return text + "\n" + t(lang, "story_need_more", min=step.min_len, missing=step.min_len - len(story))
    return text + "\n" + t(lang, "story_more_or_next")


def buttons(engine: Intake, turn: Turn) -> list[list[Button]]:
    return [[Button(t(turn.lang, "story_next"), data(turn, "next"))]] + engine.back_rows(turn)


def add(engine: Intake, turn: Turn, step: Step, text: str, quiet: bool = False) -> None:
    """Join `text` to the story, cut at the maximum (the citizen is told what was cut), and show
    the status: a new message the first time, an edit of it after (`quiet`: not now)."""
    values, lang = turn.form.data, turn.lang
    story = values.get(STORY, "")
    joined = f"{story}\n{text}" if story else text
    if len(joined) > step.max_len:
        kept, cut = joined[:step.max_len], joined[step.max_len:]
        values["story_cut"] = values.get("story_cut", 0) + len(cut)
        turn.out.say(t(lang, "story_cut", max=step.max_len, length=len(cut), cut=cut))
        joined = kept
    values[STORY] = joined
    values["story_parts"] = values.get("story_parts", 0) + 1
    values["story_at"] = engine.clock().isoformat()
    if quiet:
        return
    show(engine, turn, step)


def show(engine: Intake, turn: Turn, step: Step, final: bool = False) -> None:
    """The status, said anew or edited where it was said for this asking of the question."""
    values = turn.form.data
    rows = [] if final else buttons(engine, turn)
    if values.get("story_status") == tag(turn):
        head = values.get("story_head")  # the question the status shares its message with
        text = f"{head}\n\n{status_text(turn, step, final)}" if head else status_text(turn, step, final)
        turn.out.say(text, buttons=rows, tag=tag(turn), edit_tag=tag(turn))
    elif not final:
        values["story_status"] = tag(turn)
        turn.out.say(status_text(turn, step), buttons=rows, tag=tag(turn))


def finish(engine: Intake, turn: Turn, step: Step) -> Result:
    """Lanjut (pressed, typed, or the quiet time): on to the next step if the story is long enough."""
    values, lang = turn.form.data, turn.lang
    story = values.get(STORY, "")
    if len(story) < step.min_len:
        turn.out.say(t(lang, "story_too_short", length=len(story), min=step.min_len))
        return STAY
    show(engine, turn, step, final=True)
    # Lanjut on the story as it was (asked again, nothing new sent): the answers that follow
    # from it (the agency proposal) still hold.
    turn.unchanged = bool(values.get("story_replace"))
    for key in ("story_open", "story_replace", "story_status", "story_head"):
        values.pop(key, None)
    return ADVANCE


def recent(engine: Intake, turn: Turn) -> bool:
    """Was the last part of the story written a moment ago (within the quiet time)?"""
    at = turn.form.data.get("story_at")
    if not at:
        return False
    return engine.clock() - datetime.fromisoformat(at) <= timedelta(seconds=engine.config.story_quiet_s)


class TitleStep(TextStep):
    """The title. One over the limit is no title but the start of the story: it is kept as such,
    and a short title taken from it is proposed (flows/intake/story.py), to accept or retype."""

    kind = "title"

    def buttons(self, engine: Intake, turn: Turn, step: Step) -> list[list[Button]]:
        if turn.form.data.get("title_proposal"):
            return [[Button(t(turn.lang, "title_take"), data(turn, "title_ok"))]]
        return []

    async def ask(self, engine: Intake, turn: Turn, step: Step) -> None:
        proposal = turn.form.data.get("title_proposal")
        text = engine.question(turn, step)
        if proposal:
            text += "\n\n" + t(turn.lang, "title_proposed", title=proposal)
        turn.out.say(text, buttons=self.buttons(engine, turn, step) + engine.back_rows(turn))

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        values = turn.form.data
        if press is not None and press.action == "title_ok" and values.get("title_proposal"):
            values[step.key] = values.pop("title_proposal")
            engine.pressed(turn, step, values[step.key])
            return ADVANCE
        if turn.ev.kind == "text" and len(turn.ev.text.strip()) > step.max_len:
            story = turn.ev.text.strip()
            add(engine, turn, engine.form.get(STORY), story, quiet=True)
            values["story_open"] = True  # the story step goes on from this part
            values["title_proposal"] = suggest_title(story, min_len=step.min_len) or clip(" ".join(story.split()), 80)
            turn.out.say(t(turn.lang, "title_became_story", length=len(story), max=step.max_len))
            return RETRY
        result = await super().answer(engine, turn, step, press)
        if result == ADVANCE:
            values.pop("title_proposal", None)
        return result


class StoryStep(StepKind):
    """The story, in as many messages as the citizen needs (see the module's docstring)."""

    kind = "story"
    typed = True

    async def ask(self, engine: Intake, turn: Turn, step: Step) -> None:
        values, lang = turn.form.data, turn.lang
        text = engine.question(turn, step)
        story = values.get(STORY)
        if story and values.get("story_status") == tag(turn):
            # The same question put again (after a command, say): the story goes on, and its
            # status message above goes on being edited.
            turn.out.say(text, buttons=buttons(engine, turn))
            return
        if story and values.get("story_open"):  # begun in the title: this question is its status
            values["story_status"], values["story_head"] = tag(turn), text
            values["story_at"] = engine.clock().isoformat()  # the quiet time starts now
            turn.out.say(text + "\n\n" + status_text(turn, step), tag=tag(turn), buttons=buttons(engine, turn))
            return
        if story:  # asked again (back, or "Ubah" on the summary): a new story replaces it
            values["story_replace"] = True
            text += "\n\n" + t(lang, "story_current", story=clip(story, 300))
            turn.out.say(text, buttons=buttons(engine, turn))
            return
        turn.out.say(text, buttons=engine.back_rows(turn))

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        values = turn.form.data
        if (press is not None and press.action == "next") or (turn.ev.kind == "text" and done(turn.ev.text)):
            return finish(engine, turn, step)
        if turn.ev.kind != "text":
            turn.out.say(t(turn.lang, "need_text", media=t(turn.lang, "media_other")))
            return RETRY
        if values.pop("story_replace", False):
            for key in (STORY, "story_parts", "story_cut"):
                values.pop(key, None)
        add(engine, turn, step, turn.ev.text.strip())
        return STAY
