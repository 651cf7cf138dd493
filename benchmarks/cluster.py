"""Several workers on one PostgreSQL (issue 15): scaling and a worker killed, against the local
Bot API server (tests/botapi), with the product's pacing lifted.

    python benchmarks/cluster.py scale [--citizens 200] [--workers 1 3] [--framework aiogram|ptb]
    python benchmarks/cluster.py kill  [--citizens 200] [--workers 3] [--at 0.4] [--framework ...]

`scale` runs the product on SQLite (one process), then N workers on PostgreSQL for each N, every
run on a fresh database (a schema of its own on TEST_POSTGRES_URL, dropped after), the citizens
walking the whole form at once (benchmarks/load.py `Citizen`). It prints steps/s, the workers'
CPU per step (all of them together), PostgreSQL's server CPU per step (every postgres process on
this machine, so run it on an otherwise idle server), and reply p50/p99.

`kill` runs N workers, SIGKILLs the leading one when the citizens have taken `--at` of their
steps, and lets them finish (with no restart: the others take over). It prints how many citizens
ended with a tracking number, updates delivered to the bot (acknowledged) but never handled,
and replies a citizen got twice.

Every figure comes from one run on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sqlalchemy import text  # noqa: E402  (after the path set-up above)

from benchmarks.load import (  # noqa: E402
    FORM_STEPS,
    LIFTED,
    LIFTED_GLOBAL_PER_S,
    Citizen,
    cpu_seconds,
    pct,
    record_pushes,
    run_form,
    start_bot,
    stop_bot,
)
from storage.db import create_engine, migrate  # noqa: E402
from tests.botapi_server import FakeBotAPI  # noqa: E402

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
PACING = {"FLOOD_PER_MINUTE": "0", "SEND_GLOBAL_PER_S": str(LIFTED_GLOBAL_PER_S), **LIFTED}


def postgres_cpu() -> float:
    """CPU seconds of every postgres process on this machine (the server's own and its backends)."""
    total = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() in ("postgres", "postmaster"):
                total += cpu_seconds(int(pid))
        except OSError:
            continue
    return total


class Schema:
    """A fresh, migrated schema for one run."""

    def __init__(self) -> None:
        self.name = f"bench_{uuid.uuid4().hex[:10]}"

    async def __aenter__(self) -> Schema:
        admin = create_engine(POSTGRES_URL)
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{self.name}"'))
        await admin.dispose()
        engine = create_engine(POSTGRES_URL, self.name)
        await migrate(engine)
        await engine.dispose()
        return self

    async def __aexit__(self, *exc: object) -> None:
        admin = create_engine(POSTGRES_URL)
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{self.name}" CASCADE'))
        await admin.dispose()

    async def scalar(self, sql: str) -> object:
        engine = create_engine(POSTGRES_URL, self.name)
        try:
            async with engine.connect() as conn:
                return await conn.scalar(text(sql))
        finally:
            await engine.dispose()

    def env(self) -> dict[str, str]:
        return {**PACING, "DATABASE_URL": POSTGRES_URL, "DATABASE_SCHEMA": self.name}


async def start_workers(api: FakeBotAPI, workdir: Path, framework: str, schema: Schema,
                        n: int) -> list[subprocess.Popen]:
    procs = [start_bot(api, workdir, framework, schema.env()) for _ in range(n)]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            raise SystemExit(f"a worker exited; see {workdir / 'bot.log'}")
        up = await schema.scalar("SELECT count(*) FROM worker WHERE role IN ('leader', 'standby')")
        if up == n and api.calls_to("getUpdates"):
            return procs
        await asyncio.sleep(0.2)
    raise SystemExit("the workers did not start within 60 s")


async def pg_run(framework: str, citizens: int, n: int) -> dict[str, float]:
    async with Schema() as schema:
        with tempfile.TemporaryDirectory() as tmp:
            async with FakeBotAPI() as api:
                procs = await start_workers(api, Path(tmp), framework, schema, n)
                try:
                    latencies: list[float] = []
                    walkers = [Citizen(api, 100_000 + i, latencies) for i in range(citizens)]
                    cpu_before = sum(cpu_seconds(p.pid) for p in procs)
                    pg_before, started = postgres_cpu(), time.monotonic()
                    results = await asyncio.gather(*(c.run() for c in walkers), return_exceptions=True)
                    elapsed = time.monotonic() - started
                    cpu = sum(cpu_seconds(p.pid) for p in procs) - cpu_before
                    pg = postgres_cpu() - pg_before
                finally:
                    for p in procs:
                        stop_bot(p)
    steps = sum(c.steps for c in walkers)
    return {"completed": sum(not isinstance(r, BaseException) for r in results), "steps": steps,
            "steps_s": steps / elapsed, "cpu_ms": cpu / steps * 1000, "pg_ms": pg / steps * 1000,
            "p50": pct(latencies, 50) * 1000, "p99": pct(latencies, 99) * 1000}


async def scale(args: argparse.Namespace) -> None:
    rows = []
    print(f"[sqlite] 1 process, {args.citizens} citizens ...", file=sys.stderr, flush=True)
    run = await run_form("product", args.framework, args.citizens, PACING)
    rows.append(("SQLite", 1, {"completed": run.completed, "steps_s": run.steps_per_s, "cpu_ms": run.cpu_ms_per_step,
                               "pg_ms": float("nan"), "p50": run.latency_ms(50), "p99": run.latency_ms(99)}))
    for n in args.workers:
        print(f"[postgresql] {n} worker(s), {args.citizens} citizens ...", file=sys.stderr, flush=True)
        rows.append(("PostgreSQL", n, await pg_run(args.framework, args.citizens, n)))
    print(f"framework: {args.framework}; pacing lifted; {args.citizens} citizens at once, {FORM_STEPS} steps each; "
          f"{os.cpu_count()} cores")
    print(f"{'database':>10} {'workers':>7} {'completed':>9} {'steps/s':>8} {'bot CPU ms/step':>15} "
          f"{'PG CPU ms/step':>14} {'p50 ms':>7} {'p99 ms':>7}")
    for db, n, r in rows:
        print(f"{db:>10} {n:>7} {int(r['completed']):>5}/{args.citizens:<3} {r['steps_s']:>8.1f} "
              f"{r['cpu_ms']:>15.2f} {r['pg_ms']:>14.2f} {r['p50']:>7.0f} {r['p99']:>7.0f}")


async def kill(args: argparse.Namespace) -> None:
    async with Schema() as schema:
        with tempfile.TemporaryDirectory() as tmp:
            async with FakeBotAPI() as api:
                pushed = record_pushes(api)
                procs = await start_workers(api, Path(tmp), args.framework, schema, args.workers)
                try:
                    latencies: list[float] = []
                    walkers = [Citizen(api, 100_000 + i, latencies) for i in range(args.citizens)]
                    runs = asyncio.gather(*(c.run() for c in walkers), return_exceptions=True)
                    total = args.citizens * FORM_STEPS
                    while sum(c.steps for c in walkers) < args.at * total and not runs.done():
                        await asyncio.sleep(0.005)
                    leader = await schema.scalar("SELECT pid FROM worker WHERE role = 'leader' "
                                                 "ORDER BY heartbeat_at DESC LIMIT 1")
                    steps_at_kill = sum(c.steps for c in walkers)
                    os.kill(int(str(leader)), signal.SIGKILL)
                    killed = time.monotonic()
                    results = await runs
                    after = time.monotonic() - killed
                finally:
                    for p in procs:
                        stop_bot(p)
                offered = {u["update_id"] for u in api.pending_updates}
                replies = Counter((s.chat_id, s.text) for s in api.all_messages())
            handled_rows = await schema.scalar("SELECT string_agg(update_id::text, ',') FROM processed_update")
            tickets = await schema.scalar("SELECT count(*) FROM ticket")
    handled = {int(u) for u in str(handled_rows or "").split(",") if u}
    delivered = [u for u in pushed if u not in offered]
    lost = [u for u in delivered if u not in handled]
    twice = sum(n - 1 for n in replies.values() if n > 1)
    completed = sum(not isinstance(r, BaseException) for r in results)
    print(f"framework: {args.framework}; {args.workers} workers on PostgreSQL; {args.citizens} citizens; "
          f"SIGKILL of the leader after {steps_at_kill} of {total} steps ({steps_at_kill / total:.0%}), no restart")
    print(f"completed with a tracking number: {completed} / {args.citizens}; tickets: {tickets}")
    print(f"updates: {len(pushed)} sent, {len(delivered)} delivered (acknowledged), {len(lost)} of those never "
          f"handled (lost)")
    print(f"replies a citizen got twice: {twice} (of {sum(replies.values())}); the rest of the run after the "
          f"kill: {after:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("scale", help="1 and N workers on PostgreSQL beside SQLite")
    s.add_argument("--workers", type=int, nargs="+", default=[1, 3])
    k = sub.add_parser("kill", help="SIGKILL the leader in the middle of a run")
    k.add_argument("--workers", type=int, default=3)
    k.add_argument("--at", type=float, default=0.4)
    for m in (s, k):
        m.add_argument("--citizens", type=int, default=200)
        m.add_argument("--framework", choices=("aiogram", "ptb"), default="aiogram")
    args = parser.parse_args()
    asyncio.run(scale(args) if args.command == "scale" else kill(args))


if __name__ == "__main__":
    main()
