"""Load benchmarks: the bot as its own process against the local Bot API server (127.0.0.1 only).

    python benchmarks/load.py form   [--citizens 200] [--framework aiogram|ptb] [--global-rate 30]
    python benchmarks/load.py notify [--tickets 1000] [--framework aiogram|ptb]

`form` drives N simulated citizens through the whole complaint form at once, each answering as
soon as the bot has asked, and prints completed forms, form steps per second, reply latency
percentiles, the bot process's peak memory, flood violations and errors. `notify` changes the
status of N tickets at once (verification and disposition, as the coordinator would) and prints
the sustained rate at which the citizens' notifications went out and the count of 429s, with
the server enforcing Telegram's limits.

Every figure comes from one run; run it twice before believing a difference.
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.botapi_server import FakeBotAPI, Sent  # noqa: E402

STORY = ("Jalan di depan SD Negeri 5 Baturaja berlubang besar sejak dua bulan lalu, "
         "kemarin ada pengendara motor jatuh. Mohon segera diperbaiki.")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_bot(api: FakeBotAPI, workdir: Path, framework: str, extra: dict[str, str]) -> subprocess.Popen:
    env = dict(os.environ, BOT_TOKEN=api.token, TELEGRAM_API_URL=api.base_url, BOT_FRAMEWORK=framework,
               DATABASE_URL=f"sqlite+aiosqlite:///{workdir / 'load.db'}", LOG_LEVEL="WARNING",
               ADMIN_IDS="9001")
    env.update(extra)
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=workdir, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(workdir / "bot.log", "w"))


async def wait_ready(api: FakeBotAPI, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bot exited with {proc.returncode}")
        if api.calls_to("getUpdates"):
            return
        await asyncio.sleep(0.1)
    raise SystemExit("bot did not start polling within 60 s")


class Citizen:
    def __init__(self, api: FakeBotAPI, uid: int, latencies: list[float]) -> None:
        self.api, self.user, self.latencies = api, api.user(uid, f"Warga{uid}"), latencies
        self.steps = 0

    async def _expect(self, contains: str, started: float) -> Sent:
        sent = await self.api.wait_for_message(
            self.user.id, lambda s: s.text is not None and contains in s.text, timeout=120)
        self.latencies.append(time.monotonic() - started)
        self.steps += 1
        return sent

    async def say(self, text: str, expect: str) -> Sent:
        started = time.monotonic()
        self.api.send_text(self.user, text)
        return await self._expect(expect, started)

    async def tap(self, message: Sent, label: str, expect: str) -> Sent:
        started = time.monotonic()
        self.api.press(self.user, message, message.callback_data(label))
        return await self._expect(expect, started)

    async def run(self) -> None:
        q = await self.say("/start", "Selamat datang")
        q = await self.tap(q, "Setuju", "Langkah 1/")
        q = await self.tap(q, "Pengaduan", "Langkah 2/")
        q = await self.say("Jalan berlubang di Jl. Mayor Ruslan", "Langkah 3/")
        q = await self.say(STORY, "Langkah 4/")
        q = await self.tap(q, "Ya, benar", "Langkah 5/")
        q = await self.tap(q, "Kemarin", "Langkah 6/")
        q = await self.say("Pasar Baturaja", "Langkah 7/")
        q = await self.tap(q, "Lewati", "Langkah 8/")
        q = await self.tap(q, "Tidak", "Langkah 9/")
        q = await self.tap(q, "Tidak", "Langkah 10/")
        q = await self.say("Lewati", "Periksa laporan")
        await self.tap(q, "Kirim", "Nomor laporan")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def form(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotAPI() as api:
            extra = {"FLOOD_PER_MINUTE": "0", "SEND_GLOBAL_PER_S": str(args.global_rate)}
            if args.lift_pacing:  # measure the engine, not Telegram's per-chat and per-group pacing
                extra.update(SEND_CHAT_PER_S="1000", SEND_CHAT_BURST="1000", SEND_GROUP_PER_MIN="60000")
            proc = start_bot(api, Path(tmp), args.framework, extra)
            try:
                await wait_ready(api, proc)
                latencies: list[float] = []
                citizens = [Citizen(api, 100_000 + i, latencies) for i in range(args.citizens)]
                started, cpu_before = time.monotonic(), cpu_seconds(proc.pid)
                results = await asyncio.gather(*(c.run() for c in citizens), return_exceptions=True)
                elapsed, cpu = time.monotonic() - started, cpu_seconds(proc.pid) - cpu_before
                errors = [r for r in results if isinstance(r, BaseException)]
                steps = sum(c.steps for c in citizens)
                print(f"framework: {args.framework}; citizens: {args.citizens}; global send limit: "
                      f"{args.global_rate}/s")
                print(f"completed forms: {len(results) - len(errors)} / {args.citizens}; errors: {len(errors)}")
                if errors:
                    print(f"  first error: {errors[0]!r}"[:400])
                print(f"form steps: {steps} in {elapsed:.1f} s = {steps / elapsed:.1f} steps/s")
                print(f"bot CPU: {cpu:.1f} s = {cpu / max(steps, 1) * 1000:.1f} ms per step "
                      f"({cpu / elapsed * 100:.0f}% of a core)")
                print(f"reply latency: p50 {pct(latencies, 50) * 1000:.0f} ms, p95 {pct(latencies, 95) * 1000:.0f} ms, "
                      f"p99 {pct(latencies, 99) * 1000:.0f} ms")
                print(f"bot peak memory (VmHWM): {peak_rss_mb(proc.pid):.0f} MB")
                by_scope: dict[str, int] = {}
                for v in api.flood_violations:
                    by_scope[v.scope] = by_scope.get(v.scope, 0) + 1
                print(f"flood violations: {len(api.flood_violations)} {by_scope or ''}")
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)


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
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)
                await app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="which", required=True)
    f = sub.add_parser("form")
    f.add_argument("--citizens", type=int, default=200)
    f.add_argument("--framework", default="aiogram", choices=("aiogram", "ptb"))
    f.add_argument("--global-rate", type=float, default=29.0,
                   help="the sender's overall messages/s (Telegram allows about 30; the default keeps a margin)")
    f.add_argument("--lift-pacing", action="store_true",
                   help="raise the per-chat and per-group pacing so that the engine's own cost is measured")
    n = sub.add_parser("notify")
    n.add_argument("--tickets", type=int, default=1000)
    n.add_argument("--framework", default="aiogram", choices=("aiogram", "ptb"))
    args = parser.parse_args()
    asyncio.run(form(args) if args.which == "form" else notify(args))


if __name__ == "__main__":
    main()
