"""Load benchmarks: a bot as its own process against the local Bot API server (127.0.0.1 only,
in this process, a fresh one for every run).

    python benchmarks/load.py form    [--citizens 200] [--bot product|reference] [--framework aiogram|ptb]
                                      [--lift-pacing] [--global-rate 29] [--mode polling|webhook]
    python benchmarks/load.py compare [--citizens 200] [--repeat 1]
    python benchmarks/load.py paced   [--citizens 200] [--framework aiogram|ptb] [--seed 11]
    python benchmarks/load.py kill    [--citizens 100] [--framework aiogram|ptb] [--mode polling|webhook] [--at 0.4]
    python benchmarks/load.py notify  [--tickets 1000] [--framework aiogram|ptb]

`form` drives N simulated citizens through the whole complaint form at once (14 steps each),
each answering as soon as the bot has asked, and prints completed forms, form steps per second,
the bot's CPU per step and share of a core (from /proc), reply latency percentiles, the bot
process's peak memory (VmHWM), flood violations and errors. `--bot reference` runs the
in-memory reference bot instead of the product (`reference_aiogram.py` or `reference_ptb.py`
by `--framework`): the same form, prompts, buttons and Bot API calls per step, no durability.
`--lift-pacing` raises the product's per-chat, per-group and overall send pacing so that only the engine is
measured (the references do not pace at all). `--mode webhook` runs the product in webhook mode (the
server posts the updates to it) instead of polling.

`compare` is the engine's figure in one run: `form --lift-pacing` for the product on aiogram,
the product on PTB, the aiogram reference and the PTB reference, one after the other with the
same citizens, and one table: steps/s, CPU ms per step, % of a core, p50/p99 reply latency,
peak memory, Bot API calls per step, the driver's own CPU (this process: the server and the
citizens; near 100% it, not the bot, is the limit) and the product/reference ratios of steps/s
and CPU per step. `--repeat K` runs each K times (interleaved) and reports the medians.

`LOAD_PROFILE=FILE` runs the product's bot under cProfile (stats to FILE, read them with
`python -m pstats FILE`; its imports are done before the profile starts); the bot is then
stopped with SIGINT so that the stats are written.

`kill` is crash safety: the product with pacing lifted, N citizens (100), SIGKILL when they have
taken `--at` (40%) of their steps, a restart on the same database; it prints how many citizens
still ended with a tracking number and with more than one ticket, and how many updates the server
holds as delivered (its getUpdates offset passed them, or the webhook answered 200) that the bot
never handled. `--mode webhook` as for `form`.

`paced` is the latency citizens feel: the product with its default pacing, N citizens who each
think 5-15 s (seeded, uniform) before every step, the server enforcing Telegram's limits
(answering 429 as Telegram would, tests/botapi/flood.py). It prints whether all completed, reply
p50/p95/p99 (think time not counted), the 429 answers by scope and CPU per step. About 2.5 min.

`notify` changes the status of N tickets at once (verification and disposition, as the
coordinator would) and prints the sustained rate at which the citizens' notifications went out
and the count of 429s, with the server enforcing Telegram's limits.

Every figure comes from one run on a shared machine; run it twice (or `--repeat`) before
believing a difference.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.botapi_server import FakeBotAPI, Sent  # noqa: E402

STORY = ("Jalan di depan SD Negeri 5 Baturaja berlubang besar sejak dua bulan lalu, "
         "kemarin ada pengendara motor jatuh. Mohon segera diperbaiki.")
HERE = Path(__file__).resolve().parent
# --lift-pacing: the sender's pacing (per chat, per group and overall) out of the way, so that the
# engine is measured: at 29 new messages/s the overall limit alone holds the product to about 29
# steps/s (14 new messages per 14 steps), whatever the engine could do.
LIFTED = {"SEND_CHAT_PER_S": "1000", "SEND_CHAT_BURST": "1000", "SEND_GROUP_PER_MIN": "60000"}
LIFTED_GLOBAL_PER_S = 100_000.0
DEFAULT_GLOBAL_PER_S = 29.0


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# SIGINT lets the bot (and cProfile, with LOAD_PROFILE set) finish in order; SIGTERM kills.
STOP_SIGNAL = signal.SIGINT if os.environ.get("LOAD_PROFILE") else signal.SIGTERM


# The bot under cProfile, its heavy imports done before the profile starts: otherwise building
# aiogram's and pydantic's models at import is a third of the profile and hides the run.
PROFILED = """
import cProfile, sys
import aiogram.methods, aiogram.types, telegram, sqlalchemy.dialects.sqlite.aiosqlite, sqlalchemy.orm, aiosqlite
import bot.runner, bot.runner_ptb, bot.app, bot.sender, flows.core, storage.db
from bot.cli import main
sys.argv = ["lapor-bot", "run"]
cProfile.run("main()", {out!r})
"""


def start_bot(api: FakeBotAPI, workdir: Path, framework: str, extra: dict[str, str],
              bot: str = "product") -> subprocess.Popen:
    env = dict(os.environ, BOT_TOKEN=api.token, TELEGRAM_API_URL=api.base_url, BOT_FRAMEWORK=framework,
               DATABASE_URL=f"sqlite+aiosqlite:///{workdir / 'load.db'}", LOG_LEVEL="WARNING",
               ADMIN_IDS="9001")
    env.update(extra)
    if bot == "product":
        command = [sys.executable, "-m", "bot.cli", "run"]
        if profile := os.environ.get("LOAD_PROFILE"):  # cProfile the bot, stats written on exit
            command = [sys.executable, "-c", PROFILED.format(out=str(Path(profile).resolve()))]
    else:  # it imports its texts from beside it, whatever the working directory
        command = [sys.executable, str(HERE / f"reference_{framework}.py")]
    return subprocess.Popen(command, cwd=workdir, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(workdir / "bot.log", "w"))


def stop_bot(proc: subprocess.Popen) -> None:
    """Stop the bot (with STOP_SIGNAL, so a profile is written), killing it after 30 s."""
    proc.send_signal(STOP_SIGNAL)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


async def wait_ready(api: FakeBotAPI, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bot exited with {proc.returncode}")
        if api.calls_to("getUpdates") or api.webhook is not None:
            return
        await asyncio.sleep(0.1)
    raise SystemExit("bot did not start taking updates within 60 s")


def webhook_mode() -> dict[str, str]:
    """The product's settings for webhook mode on a free local port."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return {"BOT_MODE": "webhook", "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port),
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram", "WEBHOOK_SECRET": "load-benchmark"}


FORM_STEPS = 14  # what Citizen.run takes


class Citizen:
    """Walks the form as fast as the bot answers, or after a think time drawn before each step
    (`think`: seconds to wait; not counted in the latency)."""

    def __init__(self, api: FakeBotAPI, uid: int, latencies: list[float],
                 think: Callable[[], float] | None = None, timeout: float = 120) -> None:
        self.api, self.user, self.latencies = api, api.user(uid, f"Warga{uid}"), latencies
        self.think, self.timeout = think, timeout
        self.steps = 0

    async def _expect(self, contains: str, started: float) -> Sent:
        sent = await self.api.wait_for_message(
            self.user.id, lambda s: s.text is not None and contains in s.text, timeout=self.timeout)
        self.latencies.append(time.monotonic() - started)
        self.steps += 1
        return sent

    async def _pause(self) -> None:
        if self.think is not None:
            await asyncio.sleep(self.think())

    async def say(self, text: str, expect: str) -> Sent:
        await self._pause()
        started = time.monotonic()
        self.api.send_text(self.user, text)
        return await self._expect(expect, started)

    async def tap(self, message: Sent, label: str, expect: str) -> Sent:
        await self._pause()
        started = time.monotonic()
        self.api.press(self.user, message, message.callback_data(label))
        return await self._expect(expect, started)

    async def run(self) -> None:
        q = await self.say("/start", "Selamat datang")
        q = await self.tap(q, "Setuju", "Langkah 1/")
        q = await self.tap(q, "Pengaduan", "Langkah 2/")
        q = await self.say("Jalan berlubang di Jl. Mayor Ruslan", "Langkah 3/")
        q = await self.say(STORY, "Cerita diterima")
        q = await self.tap(q, "Lanjut", "Langkah 4/")
        q = await self.tap(q, "Ya, benar", "Langkah 5/")
        q = await self.tap(q, "Kemarin", "Langkah 6/")
        q = await self.say(f"Pasar Baturaja, dusun {place_tag(self.user.id)}", "Langkah 7/")
        q = await self.tap(q, "Lewati", "Langkah 8/")
        q = await self.tap(q, "Tidak", "Langkah 9/")
        q = await self.tap(q, "Tidak", "Langkah 10/")
        q = await self.say("Lewati", "Periksa laporan")
        await self.tap(q, "Kirim", "Nomor laporan")


def place_tag(uid: int) -> str:
    """A place name of this citizen's own ("kxtrbmvd"): the simulated citizens report the same
    pothole wording at different places, so the similar-report check runs (and costs what it
    costs) without stopping them at "Sudah ada laporan serupa"."""
    digest = hashlib.md5(str(uid).encode()).hexdigest()[:8]
    return "".join("bcdfghjklmnprstvwxyz"[int(c, 16) % 20] for c in digest)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@dataclass
class Run:
    """What one form run measured."""

    bot: str
    framework: str
    citizens: int
    completed: int
    errors: list[BaseException]
    steps: int
    elapsed: float  # s, first step sent to last answer seen
    cpu: float  # s of the bot process's CPU in that time
    driver_cpu: float  # s of this process's CPU (server and citizens) in that time
    latencies: list[float]
    peak_mb: float
    api_calls: int  # Bot API calls the bot made in that time, getUpdates left out
    throttled: int = 0  # 429 answers the server gave the bot
    violations: Counter[str] = field(default_factory=Counter)  # by scope; with enforce_flood, the 429s' causes

    @property
    def steps_per_s(self) -> float:
        return self.steps / self.elapsed

    @property
    def cpu_ms_per_step(self) -> float:
        return self.cpu / max(self.steps, 1) * 1000

    @property
    def core_pct(self) -> float:
        return self.cpu / self.elapsed * 100

    def latency_ms(self, p: float) -> float:
        return pct(self.latencies, p) * 1000


async def run_form(bot: str, framework: str, citizens: int, extra: dict[str, str], *,
                   think: Callable[[int], Callable[[], float]] | None = None, enforce_flood: bool = False,
                   reply_timeout: float = 120) -> Run:
    """One run on a fresh server and database: start the bot, let the citizens walk the form,
    measure, stop the bot. `think(uid)` gives a citizen its think times; a citizen gives up
    when an answer takes longer than `reply_timeout` seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotAPI() as api:
            api.enforce_flood = enforce_flood  # a violation is answered 429, as Telegram would
            proc = start_bot(api, Path(tmp), framework, extra, bot)
            try:
                await wait_ready(api, proc)
                latencies: list[float] = []
                walkers = [Citizen(api, 100_000 + i, latencies, think(100_000 + i) if think else None,
                                   reply_timeout) for i in range(citizens)]
                calls_before = len(api.calls)
                started, cpu_before, driver_before = time.monotonic(), cpu_seconds(proc.pid), time.process_time()
                results = await asyncio.gather(*(c.run() for c in walkers), return_exceptions=True)
                elapsed = time.monotonic() - started
                cpu, driver = cpu_seconds(proc.pid) - cpu_before, time.process_time() - driver_before
                peak = peak_rss_mb(proc.pid)
                calls = api.calls[calls_before:]
                errors = [r for r in results if isinstance(r, BaseException)]
                return Run(bot=bot, framework=framework, citizens=citizens, completed=len(results) - len(errors),
                           errors=errors, steps=sum(c.steps for c in walkers), elapsed=elapsed, cpu=cpu,
                           driver_cpu=driver, latencies=latencies, peak_mb=peak,
                           api_calls=sum(1 for c in calls if c.method != "getUpdates"),
                           throttled=sum(1 for c in calls if c.error and c.error.get("error_code") == 429),
                           violations=Counter(v.scope for v in api.flood_violations))
            finally:
                stop_bot(proc)


def pacing(args: argparse.Namespace, lift: bool) -> dict[str, str]:
    """The product's settings for a form run; --global-rate, when given, wins over the lift."""
    if args.global_rate is None:
        args.global_rate = LIFTED_GLOBAL_PER_S if lift else DEFAULT_GLOBAL_PER_S
    return {"FLOOD_PER_MINUTE": "0", "SEND_GLOBAL_PER_S": str(args.global_rate), **(LIFTED if lift else {})}


def print_run(run: Run) -> None:
    print(f"completed forms: {run.completed} / {run.citizens}; errors: {len(run.errors)}")
    if run.errors:
        print(f"  first error: {run.errors[0]!r}"[:400])
    print(f"form steps: {run.steps} in {run.elapsed:.1f} s = {run.steps_per_s:.1f} steps/s")
    print(f"bot CPU: {run.cpu:.1f} s = {run.cpu_ms_per_step:.1f} ms per step ({run.core_pct:.0f}% of a core); "
          f"Bot API calls per step: {run.api_calls / max(run.steps, 1):.2f}")
    print(f"reply latency: p50 {run.latency_ms(50):.0f} ms, p95 {run.latency_ms(95):.0f} ms, "
          f"p99 {run.latency_ms(99):.0f} ms")
    print(f"bot peak memory (VmHWM): {run.peak_mb:.0f} MB")


async def form(args: argparse.Namespace) -> None:
    extra = pacing(args, args.lift_pacing)
    if args.mode == "webhook":
        if args.bot != "product":
            raise SystemExit("--mode webhook runs the product only")
        extra.update(webhook_mode())
    run = await run_form(args.bot, args.framework, args.citizens, extra)
    print(f"bot: {args.bot}; framework: {args.framework}; mode: {args.mode}; citizens: {args.citizens}; "
          f"global send limit: "
          f"{args.global_rate:g}/s; pacing {'lifted' if args.lift_pacing else 'as configured'}")
    print_run(run)
    print(f"flood violations: {sum(run.violations.values())} {dict(run.violations) or ''}")


COMPARED = (("product", "aiogram"), ("product", "ptb"), ("reference", "aiogram"), ("reference", "ptb"))


async def compare(args: argparse.Namespace) -> None:
    runs: dict[tuple[str, str], list[Run]] = {key: [] for key in COMPARED}
    extra = pacing(args, lift=True)
    for i in range(args.repeat):
        for bot, framework in COMPARED:
            print(f"[{i + 1}/{args.repeat}] {bot} {framework}: {args.citizens} citizens ...",
                  file=sys.stderr, flush=True)
            run = await run_form(bot, framework, args.citizens, extra)
            runs[bot, framework].append(run)
            print(f"  {run.completed}/{run.citizens} completed, {run.steps_per_s:.1f} steps/s, "
                  f"{run.cpu_ms_per_step:.1f} ms CPU per step", file=sys.stderr, flush=True)

    def med(key: tuple[str, str], figure: Callable[[Run], float]) -> float:
        return statistics.median(figure(r) for r in runs[key])

    print(f"pacing lifted; {args.citizens} citizens at once, 14 steps each; global send limit {args.global_rate:g}/s; "
          f"{'median of ' + str(args.repeat) + ' runs' if args.repeat > 1 else 'one run'} each")
    columns = ("bot", "framework", "completed", "steps/s", "CPU ms/step", "% core", "p50 ms", "p99 ms", "peak MB",
               "calls/step", "driver %")
    rows = []
    for key in COMPARED:
        rows.append((*key, f"{min(r.completed for r in runs[key])}/{args.citizens}",
                     f"{med(key, lambda r: r.steps_per_s):.1f}", f"{med(key, lambda r: r.cpu_ms_per_step):.2f}",
                     f"{med(key, lambda r: r.core_pct):.0f}", f"{med(key, lambda r: r.latency_ms(50)):.0f}",
                     f"{med(key, lambda r: r.latency_ms(99)):.0f}", f"{med(key, lambda r: r.peak_mb):.0f}",
                     f"{med(key, lambda r: r.api_calls / max(r.steps, 1)):.2f}",
                     f"{med(key, lambda r: r.driver_cpu / r.elapsed * 100):.0f}"))
    widths = [max(len(str(x)) for x in col) for col in zip(columns, *rows, strict=True)]
    for row in (columns, *rows):
        print("  ".join(str(x).rjust(w) for x, w in zip(row, widths, strict=True)))
    print("product / reference:")
    for framework in ("aiogram", "ptb"):
        product, reference = ("product", framework), ("reference", framework)
        speed = med(product, lambda r: r.steps_per_s) / med(reference, lambda r: r.steps_per_s)
        cost = med(product, lambda r: r.cpu_ms_per_step) / med(reference, lambda r: r.cpu_ms_per_step)
        print(f"  {framework}: steps/s x{speed:.2f}, CPU per step x{cost:.2f}")
    failed = [(key, r.errors[0]) for key in COMPARED for r in runs[key] if r.errors]
    for (bot, framework), error in failed:
        print(f"  {bot} {framework}: first error {error!r}"[:400])


async def paced(args: argparse.Namespace) -> None:
    def think(uid: int) -> Callable[[], float]:
        rng = random.Random(args.seed * 1_000_003 + uid)  # the same pauses whatever the scheduling
        return lambda: rng.uniform(args.think_min, args.think_max)

    # The product's own defaults (pacing, flood guard, global rate), against a server that enforces.
    run = await run_form("product", args.framework, args.citizens, {}, think=think, enforce_flood=True)
    print(f"framework: {args.framework}; citizens: {args.citizens}, each thinking {args.think_min:g}-"
          f"{args.think_max:g} s before every step (seed {args.seed}); product's default pacing; "
          f"server enforcing Telegram's limits")
    print(f"all completed: {'yes' if run.completed == run.citizens else 'NO'} "
          f"({run.completed} / {run.citizens}; errors: {len(run.errors)})")
    if run.errors:
        print(f"  first error: {run.errors[0]!r}"[:400])
    print(f"reply latency: p50 {run.latency_ms(50):.0f} ms, p95 {run.latency_ms(95):.0f} ms, "
          f"p99 {run.latency_ms(99):.0f} ms, max {max(run.latencies, default=float('nan')) * 1000:.0f} ms "
          f"({len(run.latencies)} replies)")
    print(f"429 answers: {run.throttled}" + (f" (the limits they kept, by scope: {dict(run.violations)})"
                                             if run.violations else ""))
    print(f"bot CPU: {run.cpu:.1f} s in {run.elapsed:.0f} s = {run.cpu_ms_per_step:.1f} ms per step "
          f"({run.core_pct:.0f}% of a core); peak memory {run.peak_mb:.0f} MB")


def record_pushes(api: FakeBotAPI) -> list[int]:
    """The ids of every update the citizens send from now on, in order."""
    pushed: list[int] = []
    push = api.push_update

    def recorded(update: dict) -> dict:
        pushed.append(push(update)["update_id"])
        return update

    api.push_update = recorded  # type: ignore[method-assign]
    return pushed


async def kill(args: argparse.Namespace) -> None:
    """SIGKILL the bot when the citizens have taken `--at` of their steps, start it again on the
    same database, and let them finish; then compare what the server holds as delivered (an
    update it no longer offers: its getUpdates offset passed, or its webhook answered 200) with
    what the bot committed as handled (processed_update)."""
    import sqlite3

    extra = pacing(args, lift=True)
    if args.mode == "webhook":
        extra.update(webhook_mode())
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        async with FakeBotAPI() as api:
            pushed = record_pushes(api)
            proc = start_bot(api, workdir, args.framework, extra)
            try:
                await wait_ready(api, proc)
                latencies: list[float] = []
                walkers = [Citizen(api, 100_000 + i, latencies, timeout=args.reply_timeout)
                           for i in range(args.citizens)]
                runs = asyncio.gather(*(c.run() for c in walkers), return_exceptions=True)
                total = args.citizens * FORM_STEPS
                while sum(c.steps for c in walkers) < args.at * total and not runs.done():
                    await asyncio.sleep(0.005)
                steps_at_kill = sum(c.steps for c in walkers)
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                killed = time.monotonic()
                proc = start_bot(api, workdir, args.framework, extra)
                results = await runs
                after_restart = time.monotonic() - killed
            finally:
                stop_bot(proc)
            offered = {u["update_id"] for u in api.pending_updates}
            # Handed to the bot more than once: it had them (fetched, or being posted) when killed.
            handed = Counter(u["update_id"] for c in api.calls_to("getUpdates") for u in (c.result or []))
            handed.update(u for u, _ in api.webhook_posts)
            again = sum(1 for n in handed.values() if n > 1)
        with sqlite3.connect(workdir / "load.db") as db:
            handled = {u for (u,) in db.execute("SELECT update_id FROM processed_update")}
            tickets = dict(db.execute("SELECT c.telegram_user_id, count(t.id) FROM citizen c "
                                      "LEFT JOIN ticket t ON t.citizen_id = c.id GROUP BY c.telegram_user_id"))
    delivered = [u for u in pushed if u not in offered]
    lost = [u for u in delivered if u not in handled]
    completed = sum(1 for r in results if not isinstance(r, BaseException))
    print(f"framework: {args.framework}; mode: {args.mode}; citizens: {args.citizens}; SIGKILL after "
          f"{steps_at_kill} of {total} steps ({steps_at_kill / total:.0%}), then a restart")
    print(f"completed with a tracking number: {completed} / {args.citizens}; citizens with more than one "
          f"ticket: {sum(1 for n in tickets.values() if n > 1)}")
    print(f"updates: {len(pushed)} sent by citizens, {len(delivered)} delivered (acknowledged) to the bot, "
          f"{len(lost)} of those never handled (lost); {len(set(pushed) - handled - set(delivered))} still offered")
    print(f"updates the bot was handed again after the restart (it held them, unconfirmed, when killed): {again}")
    print(f"the rest of the run after the kill: {after_restart:.1f} s")
    if lost:
        print(f"  lost update ids: {lost[:20]}")


async def notify(args: argparse.Namespace) -> None:

    from datetime import UTC, datetime

    from bot.app import build_app
    from bot.settings import Settings
    from flows.events import Incoming, Sender
    from flows.model import Citizen as CitizenRecord
    from flows.model import NewTicket
    from flows.tracking import damm

    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotAPI() as api:
            api.enforce_flood = True  # a violation is answered 429, as Telegram would
            db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'load.db'}"
            settings = Settings(_env_file=None, database_url=db_url, admin_ids=[9001])
            app = await build_app(settings)
            # N tickets of N citizens, and a coordinator desk plus a PUPR desk
            async with app.db.uow() as uow:
                await uow.desks.register(-1001, None, "Koordinator", 9001)
                await uow.desks.register(-1002, "PUPR", "PUPR", 9001)
                tickets = []
                for i in range(args.tickets):
                    c = await uow.citizens.save(CitizenRecord(None, 200_000 + i, 200_000 + i, f"W{i}",
                                                              consent_at=datetime.now(UTC)))
                    tickets.append(await uow.tickets.add(NewTicket(
                        number=f"OKU-2611-{i:05d}{damm(f'2611{i:05d}')}", citizen_id=c.id, report_type="pengaduan",
                        title="Jalan berlubang", description=STORY, event_date=None, location_text=None,
                        latitude=None, longitude=None, anonymous=True, confidential=False, phone=None,
                        agency_code="PUPR", language="id")))
                await uow.commit()
            proc = start_bot(api, Path(tmp), args.framework, {"DATABASE_URL": db_url})
            try:
                await wait_ready(api, proc)
                # the coordinator dispositions every ticket at once (as /disposisi would)
                started = time.monotonic()
                admin = Sender(9001, "Admin")
                await asyncio.gather(*(app.desks.handle(Incoming(
                    chat_id=-1001, sender=admin, kind="command", at=datetime.now(UTC), chat_type="supergroup",
                    command="disposisi", args=f"{t.number} PUPR")) for t in tickets))
                queued = time.monotonic() - started
                citizen_ids = {200_000 + i for i in range(args.tickets)}

                def delivered() -> list:
                    return [c for c in api.calls_to("sendMessage") if c.ok and c.chat_id in citizen_ids]

                while len(delivered()) < args.tickets and proc.poll() is None:
                    if time.monotonic() - started > 600:
                        break
                    await asyncio.sleep(0.2)
                done = time.monotonic()
                sends = delivered()
                n = len(sends)
                throttled = sum(1 for c in api.calls if c.error and c.error.get("error_code") == 429)
                span = max(sends[-1].at - sends[0].at, 1e-9) if n > 1 else float("nan")
                rate = (n - 1) / span
                print(f"framework: {args.framework}; tickets changed: {args.tickets} "
                      f"(queued in {queued:.1f} s)")
                print(f"citizen notifications delivered: {n} / {args.tickets} in {done - started:.1f} s")
                print(f"sustained send rate: {rate:.1f} notifications/s (first to last accepted send, "
                      f"{span:.1f} s)")
                print(f"429 answers: {throttled}; all sends in the run: "
                      f"{sum(1 for c in api.calls if c.method.startswith(('send', 'edit')))}")
            finally:
                stop_bot(proc)
                await app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="which", required=True)

    def mode(name: str, what: str, *, crowd: str = "citizens", framework: bool = True) -> argparse.ArgumentParser:
        m = sub.add_parser(name, help=what)
        m.add_argument(f"--{crowd}", type=int, default=1000 if crowd == "tickets" else 200)
        if framework:
            m.add_argument("--framework", default="aiogram", choices=("aiogram", "ptb"))
        return m

    def global_rate(m: argparse.ArgumentParser) -> None:
        m.add_argument("--global-rate", type=float, default=None,
                       help=f"the product's overall new messages per second (default {DEFAULT_GLOBAL_PER_S:g}, "
                            f"Telegram allows about 30; with the pacing lifted {LIFTED_GLOBAL_PER_S:g})")

    f = mode("form", "N citizens through the form at once, one bot")
    f.add_argument("--bot", default="product", choices=("product", "reference"),
                   help="the product, or the in-memory reference bot of benchmarks/reference_<framework>.py")
    global_rate(f)
    f.add_argument("--lift-pacing", action="store_true",
                   help="raise the per-chat, per-group and overall pacing so that the engine's own cost is measured")
    f.add_argument("--mode", default="polling", choices=("polling", "webhook"), help="how the product takes updates in")
    c = mode("compare", "product and reference, both frameworks, pacing lifted, one table", framework=False)
    c.add_argument("--repeat", type=int, default=1, help="runs of each, reported as medians")
    global_rate(c)
    p = mode("paced", "citizens who think 5-15 s per step, default pacing, limits enforced")
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--think-min", type=float, default=5.0, help="seconds")
    p.add_argument("--think-max", type=float, default=15.0, help="seconds")
    k = mode("kill", "SIGKILL the bot part way through a form run, restart it, count lost updates")
    k.add_argument("--mode", default="polling", choices=("polling", "webhook"), help="how the product takes updates in")
    k.add_argument("--at", type=float, default=0.4, help="share of all steps taken when the bot is killed")
    k.add_argument("--reply-timeout", type=float, default=60.0, help="seconds a citizen waits for an answer")
    k.set_defaults(citizens=100)
    global_rate(k)
    mode("notify", "N tickets changed at once, the rate of the citizens' notifications", crowd="tickets")
    args = parser.parse_args()
    if getattr(args, "repeat", 1) < 1:
        parser.error("--repeat must be at least 1")
    modes = {"form": form, "compare": compare, "paced": paced, "kill": kill, "notify": notify}
    asyncio.run(modes[args.which](args))


if __name__ == "__main__":
    main()
