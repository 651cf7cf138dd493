"""What admins take away: `/ekspor [dari] [sampai]`, the export as an XLSX file (flows/export.py),
in a private chat only (it holds personal data); `/laporan [bulan|minggu|YYYY-MM]`, the report's
charts (flows/report.py: counts and agencies, no personal data, so anywhere an admin asks). Files
are made off the event loop into FILES_DIR, sent through the outbox, and deleted once Telegram
has them."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flows import export, report
from flows.desks.context import DeskConfig, Turn, Wording


def sweep(folder: Path, older_than: timedelta, now: datetime) -> int:
    """Delete what FILES_DIR still holds after `older_than` (a file whose delivery failed for
    good keeps personal data on this disk otherwise); how many went. The retention job runs it."""
    if not folder.is_dir():
        return 0
    cutoff = (now - older_than).timestamp()
    gone = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            gone += 1
    return gone


class Reports:
    def __init__(self, config: DeskConfig, words: Wording, clock: Callable[[], datetime]) -> None:
        self.config = config
        self.w = words
        self.clock = clock

    def _file(self, stem: str, suffix: str) -> Path:
        """A new file in FILES_DIR; a random part so that no two requests share one."""
        folder = Path(self.config.files_dir)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{stem}-{secrets.token_hex(4)}{suffix}"

    async def export(self, turn: Turn) -> None:
        w = self.w
        if turn.ev.chat_type != "private":
            turn.out.say(w("export_private_only"))
            return
        args = turn.ev.args.split()
        tz = ZoneInfo(self.config.timezone)
        try:
            span = export.period(args[0] if args else None, args[1] if len(args) > 1 else None,
                                 self.clock().astimezone(tz).date())
        except export.BadPeriod as exc:
            turn.out.say(w(f"export_{exc.key}"))
            return
        table = await export.rows(turn.uow, span, w.agencies, tz)
        first, last = w.day(span.first), w.day(span.last)
        if not table:
            turn.out.say(w("export_empty", first=first, last=last))
            return
        path = self._file(f"ekspor-{self.config.ticket_prefix}-{span.first}_{span.last}", ".xlsx")
        await asyncio.to_thread(export.write_xlsx, table, path)
        turn.out.say(w("export_ready", n=len(table), first=first, last=last), uploads=[("document", str(path))])

    async def report(self, turn: Turn) -> None:
        w = self.w
        tz = ZoneInfo(self.config.timezone)
        try:
            span = report.period(turn.ev.args.split()[0] if turn.ev.args.strip() else None,
                                 self.clock().astimezone(tz).date())
        except export.BadPeriod as exc:
            turn.out.say(w("report_format" if exc.key == "format" else f"export_{exc.key}"))
            return
        first, last = w.day(span.first), w.day(span.last)
        fig = report.figures(await export.rows(turn.uow, span, w.agencies, tz), span)
        if not fig["reports"]:
            turn.out.say(w("report_empty", first=first, last=last))
            return
        charts = await report.render(fig, Path(self.config.files_dir),
                                     f"laporan-{span.first}_{span.last}-{secrets.token_hex(4)}")
        lines = [w("report_head", first=first, last=last, n=fig["reports"])]
        for a in fig["agencies"][:10]:
            share = "-" if a["on_time_share"] is None else f"{round(100 * a['on_time_share'])}%"
            lines.append(w("report_line", agency=a["agency"], n=a["reports"], answered=a["answered"], share=share))
        turn.out.say("\n".join(lines), uploads=[("photo", str(path)) for path, _bars in charts])
