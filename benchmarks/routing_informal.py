#!/usr/bin/env python
"""Routing of complaints written the way citizens write them: informal Indonesian (yg, gk, udh,
dpn, typos, no punctuation) and English, from tests/data/informal_routing.csv (our own rewrites
of kinds of complaint common in the LAPOR! dev set, with the agency of Kabupaten OKU that
handles each; no row of the dev set is copied).

    python benchmarks/routing_informal.py [--file CSV] [--directory FILE] [--errors]

Prints top-1 and top-3 accuracy per style, the share with no suggestion at all, and with
--errors each miss with what was suggested. The rows were written before the directory's
English keywords; tune on general vocabulary, never on these rows one by one.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from flows.directory import load_directory  # noqa: E402
from flows.routing import Classifier  # noqa: E402

DEFAULT_FILE = REPO / "tests" / "data" / "informal_routing.csv"


def measure(path: Path, directory: str | None = None) -> dict[str, dict[str, object]]:
    """Per style: rows, top-1 and top-3 hits, rows without a suggestion, and the misses."""
    classifier = Classifier(load_directory(directory))
    figures: dict[str, dict[str, object]] = defaultdict(lambda: {"rows": 0, "top1": 0, "top3": 0, "none": 0,
                                                                  "misses": []})
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            got = [c.code for c in classifier.classify(row["text"], top=3)]
            fig = figures[row["style"]]
            fig["rows"] += 1  # type: ignore[operator]
            fig["top1"] += int(got[:1] == [row["target"]])  # type: ignore[operator]
            fig["top3"] += int(row["target"] in got)  # type: ignore[operator]
            fig["none"] += int(not got)  # type: ignore[operator]
            if got[:1] != [row["target"]]:
                fig["misses"].append((row["target"], got, row["text"]))  # type: ignore[union-attr]
    return dict(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--directory", default=None)
    parser.add_argument("--errors", action="store_true", help="list each miss")
    args = parser.parse_args()
    figures = measure(args.file, args.directory)
    print(f"{'style':<12} {'rows':>4} {'top-1':>7} {'top-3':>7} {'no suggestion':>14}")
    for style, fig in sorted(figures.items()):
        n = int(fig["rows"])  # type: ignore[call-overload]
        print(f"{style:<12} {n:>4} {int(fig['top1']) / n:>7.0%} {int(fig['top3']) / n:>7.0%} "  # type: ignore[call-overload]
              f"{int(fig['none']) / n:>14.0%}")  # type: ignore[call-overload]
    if args.errors:
        for style, fig in sorted(figures.items()):
            for target, got, text in fig["misses"]:  # type: ignore[attr-defined]
                print(f"  {style}: want {target}, got {got or '-'}: {text}")


if __name__ == "__main__":
    main()
