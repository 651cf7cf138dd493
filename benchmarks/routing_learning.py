#!/usr/bin/env python
"""Routing that learns from staff, measured on the LAPOR! dev set.

    python benchmarks/routing_learning.py [--shared PATH] [--directory FILE] [--errors N]

Replays the dev set in time order (by report id) as if a coordinator corrected every misroute:
each report is classified with what was learned from the reports before it; a report whose first
candidate is wrong is corrected to its target's agency (a routing example with the coordinator as
actor), one that is right is settled where it was suggested. Prints top-1/top-3 of

- the directory alone,
- the directory plus learning, learning only from earlier reports (the replay),
- the directory plus learning, cross-validated: learn (by the same replay) from one half of the
  reports in time order, measure the other half with what was learned, both ways, averaged,

with the confusion tables of the directory alone and of the replay, what was learned at the end,
and the classification time with the learned terms (default directory; 1,000 agencies with
10,000 learned terms).

A target of the dev set is a kind of agency (routing_targets.csv); it stands for the agency of
the directory whose name or an alias matches its predicted_agency_pattern (the first one, in the
directory's order). KECAMATAN stands for the generic kecamatan entry: the product then routes to
the kecamatan the report names, or to the coordinator, who knows the 13 (the dev set's reports
name no kecamatan of OKU).

The dev data is only read, never copied into the product.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from routing_accuracy import (  # noqa: E402
    DEFAULT_SHARED,
    Report,
    Target,
    load_reports,
    load_targets,
    percentile,
    synthetic_directory,
)

from flows.directory import Directory, load_directory  # noqa: E402
from flows.routing import Classifier  # noqa: E402
from flows.routing.learned import Example, Learned  # noqa: E402

COORDINATOR = "coordinator"


def target_codes(directory: Directory, targets: list[Target]) -> dict[str, str]:
    """target -> the directory code that stands for it: the first agency whose name matches the
    target's true_agency_pattern, else the first whose name or an alias matches its
    predicted_agency_pattern."""
    out: dict[str, str] = {}
    for t in targets:
        by_name = [a.code for a in directory if t.true_pattern.search(a.name)]
        by_alias = [a.code for a in directory if any(t.predicted_pattern.search(n) for n in (a.name, *a.aliases))]
        if by_name or by_alias:
            out[t.name] = (by_name or by_alias)[0]
    return out


class Scorer:
    """Hits of one run, and its confusion table (true target -> target of the first candidate)."""

    def __init__(self, targets: list[Target]) -> None:
        self.targets = targets
        self.by_name = {t.name: t for t in targets}
        self.n = self.top1 = self.top3 = 0
        self.confusion: dict[str, Counter[str]] = defaultdict(Counter)

    def right(self, code_names: tuple[str, ...], target: str) -> bool:
        return any(self.by_name[target].predicted_pattern.search(n) for n in code_names)

    def add(self, clf: Classifier, report: Report) -> bool:
        cands = clf.classify(report.text, top=3)
        names = [(c.name, *c.aliases) for c in cands]
        hits = [self.right(n, report.target) for n in names]
        self.n += 1
        self.top1 += bool(hits[:1] and hits[0])
        self.top3 += any(hits)
        if not cands:
            predicted = "(none)"
        elif hits[0]:
            predicted = report.target
        else:
            predicted = next((t.name for t in self.targets if self.right(names[0], t.name)), f"~{cands[0].code}")
        self.confusion[report.target][predicted] += 1
        return bool(hits[:1] and hits[0])

    def figures(self) -> str:
        return f"top-1 {self.top1 / self.n:.3f}, top-3 {self.top3 / self.n:.3f} ({self.n} reports)"


def replay(clf: Classifier, reports: list[Report], codes: dict[str, str], scorer: Scorer,
           agencies: set[str], cache: dict[str, set[str]]) -> list[Example]:
    """Classify each report with what the earlier ones taught; correct the misroutes."""
    examples: list[Example] = []
    clf.learned = Learned()
    for r in reports:
        cands = clf.classify(r.text, top=3)
        right = scorer.add(clf, r)
        final = codes.get(r.target)
        if final is None:
            continue
        suggested = cands[0].code if cands else None
        examples.append(Example(r.text, final, suggested, None if right else COORDINATOR))
        clf.learned = Learned.build(examples, agencies, cache=cache)
    return examples


def print_confusion(title: str, confusion: dict[str, Counter[str]]) -> None:
    print(f"\n{title} (rows: true target; wrong first candidates; '~CODE' = an agency that stands for no target)")
    print(f"{'target':<16}{'n':>4}{'right':>7}  wrong predictions")
    for target in sorted(confusion, key=lambda t: -sum(confusion[t].values())):
        row = confusion[target]
        wrong = ", ".join(f"{p}:{c}" for p, c in row.most_common() if p != target)
        print(f"{target:<16}{sum(row.values()):>4}{row.get(target, 0):>7}  {wrong}")


def timing(clf: Classifier, texts: list[str], rounds: int = 3) -> list[float]:
    out = []
    for _ in range(rounds):
        for t in texts:
            t0 = time.perf_counter()
            clf.classify(t, top=3)
            out.append((time.perf_counter() - t0) * 1000.0)
    return out


def synthetic_learned(directory: Directory, n_terms: int, seed: int = 11) -> Learned:
    """`n_terms` learned terms over the directory's agencies, made of the directory's own words
    (so that complaints hit them as often as real learned terms would)."""
    rng = random.Random(seed)
    words = sorted({w for a in directory for k in a.keywords for w in k.lower().split() if len(w) >= 3})
    codes = [a.code for a in directory]
    terms: dict[str, list[tuple[str, float, int]]] = defaultdict(list)
    count = 0
    while count < n_terms:
        term = rng.choice(words) if rng.random() < 0.4 else f"{rng.choice(words)} {rng.choice(words)}"
        terms[term].append((rng.choice(codes), rng.uniform(-2, 3), rng.randint(2, 30)))
        count += 1
    return Learned(terms={t: tuple(v) for t, v in terms.items()})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--directory", type=Path, default=None)
    ap.add_argument("--errors", type=int, default=0, help="print the first N misroutes of the replay")
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args(argv)
    if not (args.shared / "data" / "complaints_dev.csv").is_file():
        print(f"no dev set at {args.shared / 'data'}: pass --shared PATH", file=sys.stderr)
        return 2

    directory = load_directory(args.directory)
    targets = load_targets(args.shared)
    reports = sorted(load_reports(args.shared), key=lambda r: int(r.id))
    codes = target_codes(directory, targets)
    agencies = {a.code for a in directory}
    cache: dict[str, set[str]] = {}
    clf = Classifier(directory)
    print(f"directory: {directory.regency}, {len(directory)} agencies; dev set: {len(reports)} reports "
          f"in id order, {len(targets)} targets")
    print("targets as agencies: " + ", ".join(f"{t}={c}" for t, c in sorted(codes.items())))

    alone = Scorer(targets)
    for r in reports:
        alone.add(clf, r)
    print(f"\ndirectory alone:                         {alone.figures()}")

    live = Scorer(targets)
    examples = replay(clf, reports, codes, live, agencies, cache)
    print(f"directory + learning (replay, earlier):  {live.figures()}")
    final = clf.learned

    half = len(reports) // 2
    parts = [reports[:half], reports[half:]]
    cv = []
    for learn, measure in ((parts[0], parts[1]), (parts[1], parts[0])):
        replay(clf, learn, codes, Scorer(targets), agencies, cache)
        s = Scorer(targets)
        for r in measure:
            s.add(clf, r)
        cv.append(s)
    top1 = sum(s.top1 for s in cv) / sum(s.n for s in cv)
    top3 = sum(s.top3 for s in cv) / sum(s.n for s in cv)
    print(f"directory + learning (cross-validated):  top-1 {top1:.3f}, top-3 {top3:.3f} "
          f"(halves: {cv[0].figures()}; {cv[1].figures()})")

    corrections = sum(e.corrected for e in examples)
    print(f"\nreplay: {corrections} corrections of {len(examples)} settled reports; "
          f"{len(final)} learned terms at the end")
    print_confusion("Confusion, directory alone", alone.confusion)
    print_confusion("Confusion, directory + learning (replay)", live.confusion)
    print("\nStrongest learned terms at the end of the replay:")
    for lt in sorted(final.listing, key=lambda x: -x.weight * x.reports)[:25]:
        print(f"  {lt.agency:<18} {lt.term:<28} weight {lt.weight:+.2f}  from {lt.reports} corrected reports")

    if not args.no_timing:
        texts = [r.text for r in reports]
        clf.learned = final
        warm = timing(clf, texts)
        print(f"\nTiming, default directory with the {len(final)} learned terms: median "
              f"{statistics.median(warm):.3f} ms, p99 {percentile(warm, 99):.3f} ms")
        big = synthetic_directory(directory, 1000)
        big_clf = Classifier(big, synthetic_learned(big, 10_000))
        warm_b = timing(big_clf, texts)
        print(f"Timing, {len(big)} agencies with 10,000 learned terms: median "
              f"{statistics.median(warm_b):.3f} ms, p99 {percentile(warm_b, 99):.3f} ms")
    if args.errors:
        print(f"\nFirst {args.errors} misroutes with learning (replay order):")
        clf.learned = final
        shown = 0
        for r in reports:
            cands = clf.classify(r.text)
            if cands and live.right((cands[0].name, *cands[0].aliases), r.target):
                continue
            got = "; ".join(f"{c.code} {c.score} {c.matched[:5]}" for c in cands) or "(none)"
            print(f"- [{r.target}] {r.text[:120]!r}\n    -> {got}")
            shown += 1
            if shown >= args.errors:
                break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
