"""The intake conversation: consent, the complaint form, and a citizen's own reports.

| file | what it holds |
|---|---|
| `engine.py` | `Intake`: dispatching an event, asking, advancing, going back, cancelling |
| `steps.py` | one class per kind of form step (choice, text, date, place, attachments, yes/no, contact) |
| `agency.py` | the agency step: routing's proposal and the citizen's choice |
| `submit.py` | the summary step and submission (ticket, history, tracking number) |
| `commands.py` | the slash commands as a table |
| `consent.py` | consent, language, deleting a citizen's data |
| `reports.py` | /status and /laporanku |
| `context.py`, `words.py` | what one turn works on; words typed instead of pressing a button |

The form itself is data, in flows/form.py.
"""

from flows.intake.engine import AgencyRouter, Intake, IntakeConfig, TicketHooks

__all__ = ["AgencyRouter", "Intake", "IntakeConfig", "TicketHooks"]
