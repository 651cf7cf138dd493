"""The LAPOR! complaint form as data: the whole truth of the form. The engine (flows/intake/)
walks it; each row names its step kind (a class in flows/intake/steps.py), the draft field it
fills, its limits and the step that follows. Adding a step is one row; adding a kind of step is
one class plus one row.

```mermaid
stateDiagram-v2
    [*] --> consent: /start (first contact)
    consent --> report_type: Setuju
    consent --> [*]: Tidak setuju
    report_type --> title
    title --> description: a title over the limit becomes the story's start, a short title proposed
    description --> description: more messages are joined (one status message, edited)
    description --> agency: Lanjut, "lanjut/sudah", or STORY_QUIET_SECONDS of quiet (bot/jobs.py)
    agency --> event_date: pengaduan only
    agency --> location: aspirasi, informasi
    event_date --> location
    location --> attachments: place, map pin or Lewati
    attachments --> anonymous: Selesai or Lewati
    anonymous --> confidential
    confidential --> phone
    phone --> summary: contact button or Lewati
    summary --> [*]: Kirim (ticket + tracking number)
    summary --> report_type: Ubah <field> (then back to summary)
    note right of summary: /kembali goes one step back, /batal asks then deletes the draft
```

Text that fits no step (typed at a buttons-only step, or after the story moved on) is never
dropped: it answers the step if it can (a typed "gk" is a no), joins the story if the story was
being written a moment ago, or is kept as a note (draft.data["notes"]) that the summary shows and
the ticket carries to the desk (flows/intake/engine.py `misfit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

REPORT_TYPES = ("pengaduan", "aspirasi", "informasi")
SUMMARY = "summary"


@dataclass(frozen=True, slots=True)
class Step:
    key: str  # the draft field it fills; also its name in button data and texts (q_<key>, f_<key>)
    kind: str  # a step kind of flows/intake/steps.py: choice, text, agency, date, place, ...
    choices: tuple[str, ...] = ()
    min_len: int = 0
    max_len: int = 0
    required: bool = True  # must hold an answer before the report can be sent
    editable: bool = True  # offered as "Ubah ..." on the summary
    numbered: bool = True  # counted in "Langkah n/total"
    next: str | None = None  # the step after this one; None: the next row
    resets: tuple[str, ...] = ()  # answering this step forgets these fields (asked again)
    types: tuple[str, ...] = ()  # asked only for these report types (empty: for every type)


@dataclass(frozen=True, slots=True)
class Limits:
    """Configurable bounds of the form (bot settings feed these)."""

    max_attachments: int = 10
    max_file_mb: int = 20  # what a bot may download from Telegram


ROWS: tuple[Step, ...] = (
    Step("report_type", "choice", choices=REPORT_TYPES),
    Step("title", "title", min_len=10, max_len=150),
    # 3000 leaves room for the rest of the ticket card within Telegram's 4096 characters.
    # A new story deserves a new routing proposal.
    Step("description", "story", min_len=30, max_len=3000, resets=("agency",)),
    Step("agency", "agency", required=False),  # on the summary too: the citizen may change it
    # LAPOR! asks when it happened of a complaint; a suggestion or an information request has
    # no incident.
    Step("event_date", "date", types=("pengaduan",)),
    Step("location", "place", min_len=3, max_len=300, required=False),
    Step("attachments", "attachments", required=False),
    Step("anonymous", "toggle"),
    Step("confidential", "toggle"),
    Step("phone", "phone", required=False),
    Step(SUMMARY, "summary", required=False, editable=False, numbered=False),
)


@dataclass(frozen=True)
class Form:
    """The rows in order, with the look-ups the engine needs."""

    steps: tuple[Step, ...]
    _by_key: dict[str, Step] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {s.key: s for s in self.steps})

    @property
    def first(self) -> str:
        return self.steps[0].key

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def get(self, key: str) -> Step:
        return self._by_key[key]

    @staticmethod
    def applies(step: Step, data: dict[str, object] | None) -> bool:
        """Is `step` asked of a report with these answers (its report type)?"""
        return not step.types or data is None or data.get("report_type") in step.types or (
            "report_type" not in data)

    def after(self, key: str, data: dict[str, object] | None = None) -> str:
        """The step that follows `key` (for a report with answers `data`)."""
        step = self._by_key[key]
        if step.next is not None:
            return step.next
        for later in self.steps[self.steps.index(step) + 1:]:
            if self.applies(later, data):
                return later.key
        return SUMMARY

    def number(self, key: str, data: dict[str, object] | None = None) -> tuple[int, int]:
        """(n, total) for "Langkah n/total" (counting the steps this report is asked)."""
        numbered = [s.key for s in self.steps if s.numbered and self.applies(s, data)]
        return numbered.index(key) + 1, len(numbered)

    def editable_for(self, data: dict[str, object] | None = None) -> list[Step]:
        return [s for s in self.steps if s.editable and self.applies(s, data)]

    @property
    def editable(self) -> list[Step]:
        return self.editable_for()

    def missing(self, data: dict[str, object]) -> list[Step]:
        """Required steps without an answer yet, in order."""
        return [s for s in self.steps if s.required and s.key not in data and self.applies(s, data)]


def build_form(with_agency: bool) -> Form:
    """The form in order; the agency step exists only when a directory is loaded."""
    return Form(tuple(s for s in ROWS if with_agency or s.kind != "agency"))
