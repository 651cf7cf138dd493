"""The agency step: routing proposes who should handle the report, and says why; the citizen
confirms, picks another candidate, or leaves it to the coordinator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows.callbacks import FormPress
from flows.events import Button
from flows.fmt import clip
from flows.form import Step
from flows.intake.context import Turn
from flows.intake.steps import ADVANCE, MISFIT, RETRY, Result, StepKind, data
from flows.texts import t

if TYPE_CHECKING:
    from flows.intake.engine import Intake


class AgencyStep(StepKind):
    kind = "agency"

    async def ask(self, engine: Intake, turn: Turn, step: Step) -> None:
        draft, lang, out = turn.form, turn.lang, turn.out
        assert engine.router is not None, "the agency step exists only with a router"
        story = f"{draft.data.get('title', '')}. {draft.data.get('description', '')}"
        found = engine.router.classify(story, top=4)
        # "The kecamatan where it happened" is not an agency to offer: when it leads, the report
        # goes to the kecamatan the location names (at sending), else to the coordinator.
        local = bool(found) and found[0].generic
        candidates = [c for c in found if not c.generic][:3]
        draft.data["agency_candidates"] = [
            {"code": c.code, "score": round(float(c.score), 1), "matched": list(c.matched)[:5],
             **({"learned": [list(x) for x in c.learned]} if c.learned else {})}
            for c in candidates
        ]
        if local:
            draft.data[step.key] = None
            draft.data["agency_how"] = "kecamatan"
            out.say(t(lang, "agency_kecamatan", coordinator=engine.config.coordinator_name))
            await engine.advance(turn, step)
            return
        if not candidates:
            # Nothing to propose: the coordinator triages; asking the citizen to pick from
            # forty agencies would only produce wrong routes.
            draft.data[step.key] = None
            draft.data["agency_how"] = "no_match"
            out.say(t(lang, "agency_none", coordinator=engine.config.coordinator_name))
            await engine.advance(turn, step)
            return
        names = [engine.agency_name(c.code) for c in candidates]
        unknown = [Button(t(lang, "agency_unknown"), data(turn, "agency", "unknown"))]
        if engine.router.confident(candidates):
            best = candidates[0]
            words = [w for w in best.matched if not any(w != o and w in o for o in best.matched)]
            body = t(lang, "q_agency_confident", agency=names[0], why=", ".join(words[:4]))
            if best.learned:
                term, reports = max(best.learned, key=lambda x: x[1])
                body += "\n" + t(lang, "agency_learned", term=term, n=reports, agency=engine.agency_name(best.code))
            rows = [[Button(t(lang, "agency_yes"), data(turn, "agency", "0"))]]
            rows += [[Button(clip(n, 60), data(turn, "agency", str(i)))] for i, n in enumerate(names) if i > 0]
        else:
            body = t(lang, "q_agency_choose")
            rows = [[Button(clip(n, 60), data(turn, "agency", str(i)))] for i, n in enumerate(names)]
        out.say(f"{engine.question(turn, step)}\n\n{body}", buttons=rows + [unknown] + engine.back_rows(turn))

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        draft, lang = turn.form, turn.lang
        candidates = draft.data.get("agency_candidates") or []
        if press is None and turn.text():
            return MISFIT  # typed: more story, or a note (flows/intake/engine.py misfit)
        if press is None or press.action != "agency":
            turn.out.say(t(lang, "use_buttons"))
            return RETRY
        arg = press.arg or ""
        if arg == "unknown":
            draft.data[step.key], draft.data["agency_how"] = None, "citizen_unsure"
            engine.pressed(turn, step, t(lang, "agency_unknown"))
            return ADVANCE
        if not arg.isdigit() or int(arg) >= len(candidates):
            turn.out.callback_answer = t(lang, "invalid_button")
            return RETRY
        chosen = candidates[int(arg)]["code"]
        draft.data[step.key] = chosen
        draft.data["agency_how"] = "citizen_confirmed" if arg == "0" else "citizen_picked"
        engine.pressed(turn, step, engine.agency_name(chosen))
        info = engine.agencies.get(chosen)
        if info is not None and info.kind == "vertical":
            turn.out.say(t(lang, "agency_vertical", agency=info.name, coordinator=engine.config.coordinator_name))
        return ADVANCE
