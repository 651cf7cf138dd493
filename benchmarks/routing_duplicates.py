"""Similar-report suggestions (flows/routing/similar.py) measured on a set built from the dev set.

    PYTHONPATH=. python benchmarks/routing_duplicates.py [--shared ../shared] [--verbose]

benchmarks/data/duplicates_dev.csv names dev-set reports judged by hand: which are the same
problem (a group), where each happened (the location a citizen would type), and which were
evidently sent by one person. The reports arrive in id order; each is compared with the earlier
ones as the product compares a new report with the recent tickets of its agency (the dev set's
target stands for the agency). Printed: the pairs suggested against the pairs judged the same
(precision, recall), the top suggestion's precision per report that got one, and each miss and
false alarm.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

from flows.routing.similar import Probe, SimilarConfig, find, pairs

HERE = Path(__file__).resolve().parent
SET = HERE / "data" / "duplicates_dev.csv"
NOW = datetime(2017, 12, 31, tzinfo=UTC)


def load(shared: Path) -> tuple[list[Probe], dict[int, str]]:
    """The judged reports as probes (in id order) and each one's group ("" for none)."""
    dev = {int(r["id"]): r for r in csv.DictReader((shared / "data" / "complaints_dev.csv").open(encoding="utf-8"))}
    lines = [ln for ln in SET.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    probes, groups = [], {}
    citizens: dict[str, int] = {}
    for row in csv.DictReader(lines):
        rid = int(row["id"])
        report = dev[rid]
        who = citizens.setdefault(row["citizen"], len(citizens) + 1) if row["citizen"] else None
        probes.append(Probe(rid, str(rid), report["target"], f"{report['title']}\n{report['text']}",
                            place=row["location"] or None, citizen=who))
        groups[rid] = row["group"]
    probes.sort(key=lambda p: p.id)
    return probes, groups


def judged_pairs(groups: dict[int, str]) -> set[tuple[int, int]]:
    by: dict[str, list[int]] = {}
    for rid, g in groups.items():
        if g:
            by.setdefault(g, []).append(rid)
    return {(a, b) for ids in by.values() for a, b in combinations(sorted(ids), 2)}


def _pr(probes: list[Probe], truth: set[tuple[int, int]], config: SimilarConfig) -> tuple[float, float]:
    got = pairs(probes, NOW, config)
    return (len(got & truth) / len(got) if got else 1.0), (len(got & truth) / len(truth) if truth else 1.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--verbose", action="store_true", help="print every suggestion")
    args = ap.parse_args(argv)
    if not (args.shared / "data" / "complaints_dev.csv").exists():
        print(f"no dev set at {args.shared}/data/complaints_dev.csv", file=sys.stderr)
        return 2
    probes, groups = load(args.shared)
    config = SimilarConfig()
    truth = judged_pairs(groups)
    t0 = time.perf_counter()
    suggested = pairs(probes, NOW, config)
    took = (time.perf_counter() - t0) * 1000
    hit = suggested & truth
    precision = len(hit) / len(suggested) if suggested else 1.0
    recall = len(hit) / len(truth) if truth else 1.0
    print(f"set: {len(probes)} reports, {len(set(g for g in groups.values() if g))} problems reported more than "
          f"once, {len(truth)} same-problem pairs (benchmarks/data/duplicates_dev.csv)")
    print(f"config: SIMILAR_DAYS={config.days}, SIMILAR_METERS={config.meters:.0f}, text >= {config.min_text:.0f}, "
          f"place words shared >= {config.min_place:.0%}")
    print(f"pairs suggested: {len(suggested)}; right {len(hit)}: precision {precision:.2f}, recall {recall:.2f}")

    # What the citizen sees: the first suggestion for each report that gets one.
    shown = right = 0
    for i, new in enumerate(probes):
        found = find(new, probes[:i], NOW, config)
        if not found:
            continue
        shown += 1
        right += (found[0].probe.id, new.id) in truth
        if args.verbose:
            print(f"  {new.id} -> " + "; ".join(f"{m.probe.id} {m.score:.0f} {m.where} {list(m.shared)}"
                                                for m in found))
    repeated = sum(1 for i, p in enumerate(probes) if groups[p.id] and any(groups[q.id] == groups[p.id]
                                                                          for q in probes[:i]))
    print(f"reports shown a similar one: {shown}; the first suggestion right for {right}: "
          f"precision {right / shown if shown else 1.0:.2f}; reports of a problem already reported: {repeated}, "
          f"shown one of them: {right} (recall {right / repeated if repeated else 1.0:.2f})")
    sweep = {t: _pr(probes, truth, SimilarConfig(min_text=t)) for t in (40, 50, 60, 70, 80)}
    print("text threshold sweep (pairs): " + ", ".join(f"{t}: P {p:.2f} R {r:.2f}" for t, (p, r) in sweep.items()))
    for a, b in sorted(truth - suggested):
        why = "another agency" if next(p for p in probes if p.id == a).agency != \
            next(p for p in probes if p.id == b).agency else "words or place not alike enough"
        print(f"  missed {a} ~ {b} ({groups[a]}): {why}")
    for a, b in sorted(suggested - truth):
        print(f"  false alarm {a} ~ {b}")
    print(f"time: {took:.1f} ms for {len(probes) * (len(probes) - 1) // 2} comparisons")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
