"""The LAPOR! complaint form as data. One engine (flows/intake.py) walks it.

```mermaid
stateDiagram-v2
    [*] --> consent: /start (first contact)
    consent --> report_type: Setuju
    consent --> [*]: Tidak setuju
    report_type --> title
    title --> description
    description --> agency: classifier proposes, citizen confirms or picks
    agency --> event_date
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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StepKind = Literal["choice", "text", "agency", "date", "place", "attachments", "toggle", "phone"]

REPORT_TYPES = ("pengaduan", "aspirasi", "informasi")


@dataclass(frozen=True, slots=True)
class Step:
    key: str  # the draft field it fills; also the name in callback data and texts (q_<key>)
    kind: StepKind
    choices: tuple[str, ...] = ()
    min_len: int = 0
    max_len: int = 0
    skippable: bool = False
    editable: bool = True  # offered as "Ubah ..." on the summary


@dataclass(frozen=True, slots=True)
class Limits:
    """Configurable bounds of the form (bot settings feed these)."""

    max_attachments: int = 10
    max_file_mb: int = 20  # what a bot may download from Telegram


FORM: tuple[Step, ...] = (
    Step("report_type", "choice", choices=REPORT_TYPES),
    Step("title", "text", min_len=10, max_len=150),
    # 3000 leaves room for the rest of the ticket card within Telegram's 4096 characters.
    Step("description", "text", min_len=30, max_len=3000),
    Step("agency", "agency", editable=False),
    Step("event_date", "date"),
    Step("location", "place", min_len=3, max_len=300, skippable=True),
    Step("attachments", "attachments", skippable=True),
    Step("anonymous", "toggle"),
    Step("confidential", "toggle"),
    Step("phone", "phone", skippable=True),
)
SUMMARY = "summary"
CONSENT = "consent"


def build_form(with_agency: bool) -> tuple[Step, ...]:
    """The form in order; the agency step exists only when a directory is loaded."""
    return tuple(s for s in FORM if with_agency or s.kind != "agency")
