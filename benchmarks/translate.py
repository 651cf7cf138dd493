"""CPU cost of reading one update into the core's event, per framework (no network).

    python benchmarks/translate.py [--n 3000]

For each sample update it prints, in microseconds per update: the framework's own parse of the
raw JSON (what it spends anyway, for scale), flows.updates.incoming over the framework's objects
(what the bot does), and the dump back to a dict that a dict-based translation would have to do
first (aiogram's model_dump, python-telegram-bot's to_dict). "json" is how the aiogram runner
reads updates since issue 11: flows.updates.incoming over the JSON itself (handlers/raw_update.py),
its parse column includes json.loads of the update's text, which the others' do not. Best of five rounds of N.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import telegram  # noqa: E402  (after the path set-up above)
from aiogram.types import Update as AiogramUpdate  # noqa: E402

from flows.updates import incoming  # noqa: E402
from handlers.raw_update import RawUpdate  # noqa: E402
from tests.test_ptb_adapter import UPDATES  # noqa: E402

SAMPLES = ("text", "command with args", "photo, largest size", "group reply to a desk card", "button")


def per_call_us(fn: Callable[[], object], n: int) -> float:
    fn()
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - started) / n)
    return best * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=3000, help="translations per round")
    n = parser.parse_args().n
    print(f"{'update':28s} {'framework':9s} {'parse':>7s} {'incoming':>9s} {'to dict':>8s}  (µs per update)")
    for name in SAMPLES:
        for framework, parse, translate, dump in ways(UPDATES[name][0]):
            print(f"{name:28s} {framework:9s} {per_call_us(parse, n):7.1f} {per_call_us(translate, n):9.1f} "
                  f"{per_call_us(dump, n):8.1f}")


def ways(raw: dict) -> list[tuple[str, Callable[[], object], Callable[[], object], Callable[[], object]]]:
    """(framework, parse the raw JSON, translate the parsed update, dump it back to a dict)."""
    a = AiogramUpdate.model_validate(raw)
    p = telegram.Update.de_json(raw, None)
    text = json.dumps(raw)  # RawUpdate takes its dict over: each round parses the JSON anew
    j = RawUpdate.parse(json.loads(text))
    return [("aiogram", lambda: AiogramUpdate.model_validate(raw), lambda: incoming(a),
             lambda: a.model_dump(by_alias=True, exclude_none=True)),
            ("ptb", lambda: telegram.Update.de_json(raw, None), lambda: incoming(p), p.to_dict),
            ("json", lambda: RawUpdate.parse(json.loads(text)), lambda: incoming(j), lambda: raw)]

if __name__ == "__main__":
    main()
