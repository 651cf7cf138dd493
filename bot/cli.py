"""The `lapor-bot` console command.

    lapor-bot run                 the bot: long polling or webhook, BOT_MODE (the default command)
    lapor-bot chat                the form in this terminal, no Telegram token needed
    lapor-bot classify [TEXT...]  route complaints (stdin, one per line) -> JSON lines
    lapor-bot directory check     validate the agency directory
    lapor-bot migrate             apply database migrations and exit
    lapor-bot holidays [YEAR...]  the Indonesian public holidays the deadlines skip, one per line
    lapor-bot status              delivery health (outbox backlog, failures, unreachable chats)
    lapor-bot purge [--dry-run]   run the retention job once (also runs daily inside `run`)
    lapor-bot export [--from D] [--to D] [--format csv|xlsx] --out FILE
                                  one row per ticket submitted in the period (flows/export.py)
    lapor-bot report [--month YYYY-MM] --out DIR
                                  the report's charts (PNG) and figures (CSV) (flows/report.py)
    lapor-bot routing learned [--agency CODE] [--json]
                                  what routing learned from staff's corrections (flows/learning.py)
    lapor-bot routing forget TERM [--agency CODE]
                                  never learn TERM again for that agency (default: for any)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import subprocess
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

if TYPE_CHECKING:
    from bot.settings import Settings


def _settings():
    from bot.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors())
        raise SystemExit(f"lapor-bot: invalid settings: {problems}") from None


def _run(args: argparse.Namespace) -> int:
    from bot.startup import StartupError

    settings = _settings()
    # Import only the framework in use: each costs memory for as long as the bot runs.
    if settings.bot_framework == "ptb":
        from bot.runner_ptb import serve_ptb as serve
    else:
        from bot.runner import serve
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not asyncio.run(_schema_at_head(settings)):
        # Migrated by a child process: Alembic, once loaded, would keep some 11 MB of the
        # serving process's memory for as long as it runs.
        done = subprocess.run([sys.executable, "-m", "bot.cli", "migrate"], check=False)
        if done.returncode != 0:
            print("lapor-bot: the database could not be migrated (see above)", file=sys.stderr)
            return 2
    _install_holidays()
    try:
        asyncio.run(serve(settings))
    except StartupError as exc:
        print(f"lapor-bot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


HOLIDAY_YEARS = (-1, 0, 1, 2)  # around this year; a year outside them is loaded when asked


def _install_holidays() -> None:
    """The holiday calendar, computed by a child process: the `holidays` library would keep
    some 17 MB of the serving process's memory (flows/workdays.py)."""
    from datetime import date

    from flows import workdays

    years = [date.today().year + d for d in HOLIDAY_YEARS]
    done = subprocess.run([sys.executable, "-m", "bot.cli", "holidays", *map(str, years)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        logging.getLogger(__name__).warning("holiday calendar not computed apart (exit %s); loading it here",
                                            done.returncode)
        return
    workdays.install(years, [date.fromisoformat(line) for line in done.stdout.split()])


def _holidays(args: argparse.Namespace) -> int:
    from datetime import date

    from flows.workdays import holiday_dates

    for day in holiday_dates(args.years or [date.today().year]):
        print(day.isoformat())
    return 0


async def _schema_at_head(settings: Settings) -> bool:
    from storage.db import at_head, create_engine

    engine = create_engine(settings.database_url, settings.database_schema)
    try:
        return await at_head(engine)
    finally:
        await engine.dispose()


def _chat(args: argparse.Namespace) -> int:
    from bot.chat import run_chat

    settings = _settings()
    logging.basicConfig(level=logging.WARNING)
    return asyncio.run(run_chat(settings, user_id=args.user_id))


def _migrate(args: argparse.Namespace) -> int:
    from storage.db import MigrationRefused, create_engine, migrate

    settings = _settings()

    async def go() -> None:
        engine = create_engine(settings.database_url, settings.database_schema)
        try:
            await migrate(engine, while_running=getattr(args, "while_running", False))
        finally:
            await engine.dispose()

    try:
        asyncio.run(go())
    except MigrationRefused as exc:
        print(f"lapor-bot: {exc}", file=sys.stderr)
        return 1
    print("database is at the latest schema")
    return 0


def _status(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from bot.cluster import workers_report
    from flows.health import health_report
    from storage.db import create_engine, migrate
    from storage.uow import Database

    settings = _settings()

    async def go() -> str:
        engine = create_engine(settings.database_url, settings.database_schema)
        try:
            await migrate(engine)
            async with Database(engine).uow() as uow:
                health = health_report(await uow.outbox.stats(), datetime.now(UTC), lang="en")
                if uow.conn.dialect.name == "postgresql":  # the inbox of several polling workers
                    health += f"\nInbox (fetched, not handled yet): {await uow.inbox.backlog()}"
                return health + "\n\n" + workers_report(await uow.workers.all())
        finally:
            await engine.dispose()

    print(asyncio.run(go()))
    return 0


def _purge(args: argparse.Namespace) -> int:
    from bot.app import build_app

    settings = _settings()

    async def go() -> str:
        app = await build_app(settings)
        try:
            r = await app.retention(dry_run=args.dry_run)
        finally:
            await app.close()
        purged = ", ".join(f"{k} {v}" for k, v in r.purged.items())
        verb = "would erase" if args.dry_run else "erased"
        return f"retention: {verb} {r.tickets} tickets' identity and {r.citizens} citizens; rows deleted: {purged}"

    print(asyncio.run(go()))
    return 0


async def _period_rows(settings: Settings, span: Any) -> list:
    """The export's rows (flows/export.py) of the tickets submitted in `span`, read from the
    database at DATABASE_URL (migrated first): what `export` writes and `report` draws from."""
    from zoneinfo import ZoneInfo

    from bot.app import agencies_of
    from flows import export
    from flows.directory import load_directory
    from storage.db import create_engine, migrate
    from storage.uow import Database

    engine = create_engine(settings.database_url, settings.database_schema)
    try:
        await migrate(engine)
        async with Database(engine).uow() as uow:
            return await export.rows(uow, span, agencies_of(load_directory(settings.directory_file)),
                                     ZoneInfo(settings.timezone))
    finally:
        await engine.dispose()


def _export(args: argparse.Namespace) -> int:
    from datetime import datetime
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from flows import export

    settings = _settings()
    tz = ZoneInfo(settings.timezone)
    try:
        span = export.period(args.since, args.until, datetime.now(tz).date())
    except export.BadPeriod as exc:
        reasons = {"format": "dates are YYYY-MM-DD or YYYY-MM", "future": "the period starts after today",
                   "reversed": "--to is before --from"}
        print(f"lapor-bot export: {reasons[exc.key]}", file=sys.stderr)
        return 2
    out = Path(args.out)
    kind = args.format or ("xlsx" if out.suffix.lower() == ".xlsx" else "csv")

    table = asyncio.run(_period_rows(settings, span))
    (export.write_xlsx if kind == "xlsx" else export.write_csv)(table, out)
    print(f"{len(table)} tickets submitted {span.first} to {span.last} written to {out} ({kind})")
    return 0


def _report(args: argparse.Namespace) -> int:
    from datetime import datetime
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from flows import export, report

    settings = _settings()
    tz = ZoneInfo(settings.timezone)
    try:
        span = report.period(args.month, datetime.now(tz).date())
    except export.BadPeriod as exc:
        reasons = {"format": "--month is YYYY-MM", "future": "that month starts after today", "reversed": "reversed"}
        print(f"lapor-bot report: {reasons[exc.key]}", file=sys.stderr)
        return 2
    out = Path(args.out)

    async def go() -> tuple[dict, list]:
        fig = report.figures(await _period_rows(settings, span), span)
        return fig, (await report.render(fig, out, "laporan") if fig["reports"] else [])

    fig, charts = asyncio.run(go())
    out.mkdir(parents=True, exist_ok=True)
    report.write_csv(fig, out / "laporan.csv")
    if not fig["reports"]:
        print(f"no tickets submitted {span.first} to {span.last}: no charts; {out / 'laporan.csv'} has the header only")
        return 0
    for path, bars in charts:
        print(f"{path} ({bars} bars)")
    print(f"{out / 'laporan.csv'}: {len(fig['agencies'])} agencies, {fig['reports']} tickets")
    return 0


async def _learning(settings: Settings, change: Callable[[Any, Any], Awaitable[Any]] | None = None) -> Any:
    """The learned layer as the bot would build it now from DATABASE_URL (migrated first), after
    `change(uow, learning)` when given (committed)."""
    from flows.directory import load_directory
    from flows.learning import Learning
    from flows.routing import Classifier
    from storage.db import create_engine, migrate
    from storage.uow import Database

    engine = create_engine(settings.database_url, settings.database_schema)
    try:
        await migrate(engine)
        db = Database(engine)
        learning = Learning(Classifier(load_directory(settings.directory_file)), db.uow)
        result = None
        if change is not None:
            async with db.uow() as uow:
                result = await change(uow, learning)
                await uow.commit()
        await learning.refresh(force=True)
        return learning, result
    finally:
        await engine.dispose()


def _routing(args: argparse.Namespace) -> int:
    import json
    from datetime import UTC, datetime

    from flows.learning import ALL, normal_term
    from flows.routing.learned import MIN_REPORTS, PER_PERSON

    settings = _settings()
    if args.action == "forget":
        term = normal_term(" ".join(args.term))
        if not term:
            print("lapor-bot routing forget: the term is empty once normalised", file=sys.stderr)
            return 2
        agency = (args.agency or ALL).upper()

        async def veto(uow: Any, learning: Any) -> bool:
            if agency != ALL and agency not in {a.code for a in learning.classifier.directory}:
                raise SystemExit(f"lapor-bot routing forget: unknown agency code {agency!r}")
            added = await learning.forget(uow, term, agency, args.actor, datetime.now(UTC))
            if added:
                await uow.audit.add(None, "routing_forget", subject=term, detail={"agency": agency, "by": args.actor})
            return bool(added)

        _learned, added = asyncio.run(_learning(settings, veto))
        who = "any agency" if agency == ALL else agency
        print(f"{term!r} is no longer learned for {who}" if added else f"{term!r} was already vetoed for {who}")
        return 0
    learning, _ = asyncio.run(_learning(settings))
    learned = learning.learned
    rows = [x for x in learned.listing if not args.agency or x.agency == args.agency.upper()]
    if args.json:
        print(json.dumps({"examples": learned.examples, "corrections": learned.corrections,
                          "skipped": learned.skipped, "vetoed": learned.vetoed,
                          "terms": [x.as_dict() for x in rows]}, ensure_ascii=False))
        return 0
    print(f"learned from {learned.examples} settled tickets ({learned.corrections} corrected by staff); "
          f"{learned.skipped} skipped (agency no longer in the directory), {learned.vetoed} vetoed; "
          f"a term needs {MIN_REPORTS} corrected reports, one person counts at most {PER_PERSON} times")
    if not rows:
        print("nothing learned" + (f" for {args.agency.upper()}" if args.agency else ""))
        return 0
    print(f"{'agency':<22} {'weight':>6} {'reports':>7} {'people':>6} {'seen':>5}  term")
    for x in rows:
        cap = "  (capped)" if x.capped else ""
        print(f"{x.agency:<22} {x.weight:>+6.2f} {x.reports:>7} {x.people:>6} {x.seen:>5}  {x.term}{cap}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["classify"]:
        from flows.classify_cli import run_classify

        return run_classify(argv[1:], sys.stdin, sys.stdout)
    if argv[:2] == ["directory", "check"]:
        from flows.classify_cli import run_directory_check

        return run_directory_check(argv[2:], sys.stdout)

    parser = argparse.ArgumentParser(prog="lapor-bot", description="LAPOR!-style complaint bot for Telegram")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (long polling or webhook, BOT_MODE)").set_defaults(func=_run)
    chat = sub.add_parser("chat", help="try the complaint form in this terminal")
    chat.add_argument("--user-id", type=int, default=700_000_001, help="the simulated citizen's id")
    chat.set_defaults(func=_chat)
    mig = sub.add_parser("migrate", help="apply database migrations")
    mig.add_argument("--while-running", action="store_true",
                     help="also a migration not marked ONLINE_SAFE while workers run on the database")
    mig.set_defaults(func=_migrate)
    days = sub.add_parser("holidays", help="the public holidays that deadlines skip, one date per line")
    days.add_argument("years", nargs="*", type=int, help="years (default: this one)")
    days.set_defaults(func=_holidays)
    sub.add_parser("status", help="delivery health: outbox backlog, failures, unreachable chats").set_defaults(
        func=_status)
    purge = sub.add_parser("purge", help="run the retention job once (RETENTION_YEARS, old outbox rows)")
    purge.add_argument("--dry-run", action="store_true", help="count what would go, change nothing")
    purge.set_defaults(func=_purge)
    ex = sub.add_parser("export", help="one row per ticket submitted in a period, as CSV or XLSX")
    ex.add_argument("--from", dest="since", help="first day, YYYY-MM-DD, or a month YYYY-MM (default: this month)")
    ex.add_argument("--to", dest="until", help="last day, YYYY-MM-DD or YYYY-MM (default: today)")
    ex.add_argument("--format", choices=("csv", "xlsx"), help="default: from the file's extension")
    ex.add_argument("--out", required=True, help="the file to write")
    ex.set_defaults(func=_export)
    rep = sub.add_parser("report", help="the report's charts (PNG) and figures (CSV) for a month")
    rep.add_argument("--month", help="YYYY-MM (default: this month so far)")
    rep.add_argument("--out", required=True, help="the folder to write into")
    rep.set_defaults(func=_report)
    routing = sub.add_parser("routing", help="what routing learned from corrections; veto a learned term")
    routing_sub = routing.add_subparsers(dest="action", required=True)
    learned = routing_sub.add_parser("learned", help="list the learned terms")
    learned.add_argument("--agency", help="only this agency's terms")
    learned.add_argument("--json", action="store_true", help="one JSON object")
    forget = routing_sub.add_parser("forget", help="never learn a term again")
    forget.add_argument("term", nargs="+", help="the term (one or two words)")
    forget.add_argument("--agency", help="only for this agency (default: for any)")
    forget.add_argument("--actor", default="cli", help="who vetoed it, for the record (default: cli)")
    routing.set_defaults(func=_routing)
    sub.add_parser("classify", help="route complaints to agencies (stdin or arguments)")
    sub.add_parser("directory", help="'directory check' validates the agency directory")
    args = parser.parse_args(argv)
    if args.command is None:
        return _run(args)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
