"""The life of an ignored ticket, as every chat sees it (issue 13's transcript).

    python benchmarks/ignored_ticket.py

A report is filed on Monday 30 Nov 2026 at 09:00 WIB and verified to PUPR at once (its follow-up
deadline: five working days, Monday 7 Dec); then nobody acts. The deadline clock runs at the
moments printed (a controllable clock, no waiting), on a fresh SQLite file, through the desks'
test harness (no Telegram): what each chat received, and what the cards say, after each run.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from flows.workdays import working_days_between  # noqa: E402  (after the path set-up above)
from storage.db import create_engine, migrate  # noqa: E402
from storage.uow import Database  # noqa: E402
from tests.desk_harness import ADMIN, COORD, PUPR  # noqa: E402
from tests.test_deadlines import Clock, ignored, tick  # noqa: E402

MOMENTS = [(2026, 12, 3, 10, 0), (2026, 12, 4, 9, 30), (2026, 12, 5, 10, 0), (2026, 12, 8, 2, 0),
           (2026, 12, 8, 8, 0), (2026, 12, 9, 8, 30), (2026, 12, 10, 9, 0)]


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'life.db'}")
        await migrate(engine)
        db = Database(engine, hold=True)
        clock = Clock(datetime.now(UTC))
        r, number = await ignored(db, clock)
        filed = clock.at.date()
        chats = ((PUPR.chat_id, "PUPR desk"), (COORD.chat_id, "coordinator desk"),
                 (r.citizen.chat_id, "citizen"), (ADMIN, "admin"))
        seen = {chat: len(r.telegram.messages(chat)) for chat, _name in chats}
        print(f"{number} filed and verified to PUPR {clock.at:%a %d %b %H:%M} WIB; due Mon 07 Dec")
        for moment in MOMENTS:
            clock.set(*moment)
            done = await tick(r)
            day = working_days_between(filed, clock.at.date())
            print(f"\n== {clock.at:%a %d %b %H:%M} WIB (working day {day} after filing): reminded {done.reminded}, "
                  f"overdue {done.overdue}, escalated {done.escalated}")
            for chat, name in chats:
                for m in r.telegram.messages(chat)[seen[chat]:]:
                    buttons = f"  [buttons: {', '.join(m.labels[:4])}]" if m.buttons else ""
                    print(f"  {name}: {m.text.splitlines()[0][:150]}{buttons}")
                seen[chat] = len(r.telegram.messages(chat))
            for group, name in ((PUPR, "PUPR"), (COORD, "coordinator")):
                line = next(x for x in r.card(group, number).text.splitlines() if x.startswith("Tenggat"))
                print(f"  ({name}'s card: {line})")
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
