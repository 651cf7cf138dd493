"""The engine alone: N citizens walk the whole form through the core's entry point at once, on a
real SQLite file, with no framework, no HTTP and no sender. Prints the process's CPU time per
form step (the event loop and aiosqlite's thread together), so that a change to the core can be
compared with the one before it in one run.

    python benchmarks/engine.py [--citizens 100] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import itertools
import pstats
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.load import place_tag  # noqa: E402  (each citizen reports from a place of its own)
from bot.app import build_app  # noqa: E402
from bot.settings import Settings  # noqa: E402
from flows.core import Core  # noqa: E402
from flows.events import FileRef, Incoming, Reply, Sender  # noqa: E402

TITLE = "Jalan berlubang di Jl. Mayor Ruslan"
STORY = "Jalan di depan SD Negeri 5 berlubang besar sejak dua bulan, kemarin ada motor jatuh di sana."
STEPS = 13
_ids = itertools.count(1)


async def citizen(core: Core, uid: int) -> None:
    sender = Sender(user_id=uid, first_name="Siti", username="siti")
    last: list[Reply] = []

    async def push(kind: Any, **kw: Any) -> None:
        nonlocal last
        ev = Incoming(chat_id=uid, sender=sender, kind=kind, at=datetime.now(UTC),
                      update_id=next(_ids), message_id=next(_ids), **kw)
        out = await core.handle(ev)
        last = out.replies or last

    async def press(label: str) -> None:
        for reply in reversed(last):
            for b in (b for row in reply.buttons for b in row):
                if label.lower() in b.text.lower():
                    await push("button", callback_id="cb", callback_data=b.data)
                    return
        raise AssertionError(f"no button {label!r}")

    await push("command", text="/start", command="start")
    await press("Setuju")
    await press("Pengaduan")
    await push("text", text=TITLE)
    await push("text", text=STORY)
    await press("Lanjut")  # the story may take several messages until Lanjut
    await press("Ya, benar")
    await press("Kemarin")
    await push("text", text=f"Kelurahan Sukaraya, dusun {place_tag(uid)}")  # each its own place
    await push("photo", file=FileRef(f"p{uid}", f"u{uid}", "photo", 5000))
    await press("Selesai")
    await press("Tidak")
    await press("Tidak")
    await push("text", text="lewati")
    await press("Kirim")


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp}/engine.db",
                            bot_token="1:x", flood_per_minute=0, admin_ids=[9001])
        app = await build_app(settings)
        try:
            for i in range(5):  # warm up: imports, caches, the first statements compiled
                await citizen(app.core, 500 + i)
            profile = cProfile.Profile()
            started = time.process_time()
            if args.profile:
                profile.enable()
            await asyncio.gather(*(citizen(app.core, 1000 + i) for i in range(args.citizens)))
            if args.profile:
                profile.disable()
            cpu = time.process_time() - started
            steps = args.citizens * STEPS
            print(f"{args.citizens} citizens, {steps} form steps: {cpu:.2f} s CPU = "
                  f"{cpu / steps * 1000:.2f} ms per step")
            if args.profile:
                pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
        finally:
            await app.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--citizens", type=int, default=100)
    parser.add_argument("--profile", action="store_true", help="print the costliest calls (cProfile)")
    parser.add_argument("--sort", default="tottime", help="cProfile order: tottime (own time) or cumulative")
    parser.add_argument("--top", type=int, default=30)
    asyncio.run(main(parser.parse_args()))
