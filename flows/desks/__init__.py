"""Agency desks: staff groups that work tickets through the lifecycle (flows/lifecycle.py), the
coordinator's triage, admin commands, and the citizen told of every change.

Each module has one reason to change:
- `service.py`: where an event goes; the entry points for the core, intake and the deadline clock.
- `access.py`: who may press, who is admin, a desk's role for a ticket, which desk holds it.
- `transitions.py`: applying a lifecycle row (version check, values, event) and what follows it.
- `cards.py`: drawing a card, posting it, redrawing every card, notes to the desks.
- `staff.py`: staff presses (the `PRESSES` table), the prompts they open, replies to cards.
- `citizen.py`: solved/unsolved, rating, the citizen writing to the desks.
- `admin.py`: the admin commands (the `COMMANDS` table).
- `context.py`: the settings, the turn, and how staff are written to.

What a transition does (its deadline, the citizen's notice and buttons, the desks' notes) is a
row of `flows/lifecycle.py`, not code here.
"""

from flows.desks.admin import ADMIN_COMMANDS
from flows.desks.context import DeskConfig, Members
from flows.desks.service import Desks
from flows.model import AgencyInfo

__all__ = ["ADMIN_COMMANDS", "AgencyInfo", "DeskConfig", "Desks", "Members"]
