#!/usr/bin/env python
"""Routing accuracy and speed of flows.routing.Classifier on the LAPOR! dev set.

    python benchmarks/routing_accuracy.py [--shared PATH] [--directory FILE]
                                          [--top 3] [--errors N] [--no-synthetic]

Reads <shared>/data/complaints_dev.csv (title and text together form the
complaint) and <shared>/data/routing_targets.csv.  A candidate is right when
its name or one of its aliases matches the row's target's
predicted_agency_pattern (case-insensitive regex search).  Prints top-1 and
top-3 accuracy, how the confident() rule splits the reports, a confusion table
(true target vs the target the top-1 candidate stands for), and the median and
p99 time per complaint; then the same timing with a generated directory of
1,000 agencies.

The dev data is never copied into the product: this script only reads it.
--shared defaults to ../shared relative to the repository root.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from flows.directory import Agency, Directory, load_directory  # noqa: E402
from flows.routing import Candidate, Classifier  # noqa: E402

DEFAULT_SHARED = REPO_ROOT.parent / "shared"


@dataclass
class Target:
    name: str
    true_pattern: re.Pattern
    predicted_pattern: re.Pattern


@dataclass
class Report:
    id: str
    text: str
    target: str


def load_targets(shared: Path) -> list[Target]:
    with open(shared / "data" / "routing_targets.csv", newline="", encoding="utf-8") as f:
        return [
            Target(
                r["target"],
                re.compile(r["true_agency_pattern"], re.I),
                re.compile(r["predicted_agency_pattern"], re.I),
            )
            for r in csv.DictReader(f)
        ]


def load_reports(shared: Path) -> list[Report]:
    with open(shared / "data" / "complaints_dev.csv", newline="", encoding="utf-8") as f:
        return [
            Report(r["id"], f"{r['title']}\n{r['text']}", r["target"]) for r in csv.DictReader(f)
        ]


def candidate_targets(c: Candidate, targets: list[Target]) -> list[str]:
    """The targets whose predicted_agency_pattern this candidate satisfies."""
    names = [c.name, *c.aliases]
    return [t.name for t in targets if any(t.predicted_pattern.search(n) for n in names)]


def is_right(c: Candidate, target: Target) -> bool:
    return any(target.predicted_pattern.search(n) for n in (c.name, *c.aliases))


@dataclass
class Evaluation:
    n: int
    top1: float
    top3: float
    confident_share: float
    confident_top1: float
    unconfident_top1: float
    empty: int
    confusion: dict[str, Counter]
    errors: list[tuple[Report, list[Candidate]]]
    times_ms: list[float]


def evaluate(classifier: Classifier, reports: list[Report], targets: list[Target], top: int = 3) -> Evaluation:
    by_name = {t.name: t for t in targets}
    hit1 = hit3 = empty = 0
    conf_n = conf_hit = unconf_n = unconf_hit = 0
    confusion: dict[str, Counter] = defaultdict(Counter)
    errors: list[tuple[Report, list[Candidate]]] = []
    times: list[float] = []
    for r in reports:
        t0 = time.perf_counter()
        cands = classifier.classify(r.text, top=top)
        times.append((time.perf_counter() - t0) * 1000.0)
        target = by_name[r.target]
        right = [is_right(c, target) for c in cands]
        ok1 = bool(right and right[0])
        hit1 += ok1
        hit3 += any(right[:3])
        if not cands:
            empty += 1
            predicted = "(none)"
        else:
            ts = candidate_targets(cands[0], targets)
            predicted = r.target if r.target in ts else (ts[0] if ts else f"~{cands[0].code}")
        confusion[r.target][predicted] += 1
        if Classifier.confident(cands):
            conf_n += 1
            conf_hit += ok1
        else:
            unconf_n += 1
            unconf_hit += ok1
        if not ok1:
            errors.append((r, cands))
    n = len(reports)
    return Evaluation(
        n=n,
        top1=hit1 / n,
        top3=hit3 / n,
        confident_share=conf_n / n,
        confident_top1=conf_hit / conf_n if conf_n else 0.0,
        unconfident_top1=unconf_hit / unconf_n if unconf_n else 0.0,
        empty=empty,
        confusion=confusion,
        errors=errors,
        times_ms=times,
    )


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    if not s:
        return 0.0
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * (len(s) - 1)))))
    return s[k]


def time_classifier(classifier: Classifier, texts: list[str], rounds: int = 3, cold: bool = False) -> list[float]:
    out: list[float] = []
    for _ in range(rounds):
        for t in texts:
            if cold:
                classifier._fix_cache.clear()  # measure without the spelling cache
            t0 = time.perf_counter()
            classifier.classify(t, top=3)
            out.append((time.perf_counter() - t0) * 1000.0)
    return out


# ---------------------------------------------------------------------------
# Synthetic 1,000-agency directory
# ---------------------------------------------------------------------------


def synthetic_directory(base: Directory, n: int = 1000, seed: int = 7) -> Directory:
    """`n` agencies with realistic name/alias/keyword counts: the real ones
    plus generated ones whose keywords mix real domain words (recombined) with
    invented words, so the vocabulary, the index and the fuzzy candidates grow
    as they would in a national-scale directory."""
    rng = random.Random(seed)
    real_words = sorted({w for a in base.agencies for k in a.keywords for w in k.lower().split()})
    kw_counts = [len(a.keywords) for a in base.agencies if a.kind != "kecamatan"]
    syll = [c + v for c in "bcdfghjklmnprstwy" for v in "aiueo"]

    def pseudo() -> str:
        return "".join(rng.choice(syll) for _ in range(rng.randint(2, 4))) + rng.choice(["", "n", "ng", "r", "k", "t"])

    agencies = list(base.agencies)
    i = 0
    while len(agencies) < n:
        i += 1
        code = f"SYN_{i:04d}"
        stem = pseudo()
        kind = rng.choice(["Dinas", "Badan", "Kantor", "Bagian", "Unit"])
        name = f"{kind} {stem.capitalize()} {pseudo().capitalize()}"
        initials = "".join(w[0] for w in name.split()).lower()
        aliases = [f"dinas {stem}", stem + rng.choice(["", "da", "kab"]), initials + str(i)]
        keywords: set[str] = set()
        for _ in range(rng.choice(kw_counts)):
            k = rng.choice([1, 1, 2, 2, 2, 3])
            words = [rng.choice(real_words) if rng.random() < 0.5 else pseudo() for _ in range(k)]
            keywords.add(" ".join(words))
        agencies.append(
            Agency(code=code, name=name, aliases=tuple(aliases), kind="opd", urusan=(),
                   keywords=tuple(sorted(keywords)))
        )
    return Directory(regency=base.regency, coordinator=base.coordinator, agencies=tuple(agencies))


# ---------------------------------------------------------------------------


def print_confusion(ev: Evaluation, out) -> None:
    print("\nConfusion (rows: true target; columns: target of the top-1 candidate; "
          "'~CODE' = an agency that stands for no target; only non-zero off-diagonal cells listed)", file=out)
    print(f"{'target':<16}{'n':>4}{'right':>7}  wrong predictions", file=out)
    for target in sorted(ev.confusion, key=lambda t: -sum(ev.confusion[t].values())):
        row = ev.confusion[target]
        n = sum(row.values())
        right = row.get(target, 0)
        wrong = ", ".join(f"{p}:{c}" for p, c in row.most_common() if p != target)
        print(f"{target:<16}{n:>4}{right:>7}  {wrong}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder (default: ../shared)")
    ap.add_argument("--directory", type=Path, default=None, help="directory YAML (default: packaged OKU directory)")
    ap.add_argument("--top", type=int, default=3)
    ap.add_argument("--errors", type=int, default=0, help="print the first N misrouted reports")
    ap.add_argument("--no-synthetic", action="store_true", help="skip the 1,000-agency timing")
    args = ap.parse_args(argv)
    out = sys.stdout

    if not (args.shared / "data" / "complaints_dev.csv").is_file():
        print(f"no dev set at {args.shared / 'data'}: pass --shared PATH", file=sys.stderr)
        return 2

    directory = load_directory(args.directory)
    t0 = time.perf_counter()
    clf = Classifier(directory)
    build_ms = (time.perf_counter() - t0) * 1000.0
    targets = load_targets(args.shared)
    reports = load_reports(args.shared)

    ev = evaluate(clf, reports, targets, top=args.top)
    print(f"directory: {directory.regency}, {len(directory)} agencies (classifier built in {build_ms:.0f} ms)",
          file=out)
    print(f"dev set: {ev.n} reports, {len(targets)} targets", file=out)
    print(f"top-1 accuracy: {ev.top1:.3f}", file=out)
    print(f"top-3 accuracy: {ev.top3:.3f}", file=out)
    print(f"no candidate at all: {ev.empty}", file=out)
    print(
        f"confident(): {ev.confident_share:.1%} of reports; top-1 accuracy {ev.confident_top1:.3f} "
        f"when confident, {ev.unconfident_top1:.3f} otherwise (those go to the citizen's choice)",
        file=out,
    )
    print_confusion(ev, out)

    texts = [r.text for r in reports]
    warm = time_classifier(clf, texts, rounds=3)
    cold = time_classifier(clf, texts, rounds=1, cold=True)
    print("\nTiming per complaint, default directory:", file=out)
    print(f"  median {statistics.median(warm):.3f} ms, p99 {percentile(warm, 99):.3f} ms", file=out)
    print(f"  without the spelling cache: median {statistics.median(cold):.3f} ms, "
          f"p99 {percentile(cold, 99):.3f} ms", file=out)

    if not args.no_synthetic:
        big = synthetic_directory(directory, 1000)
        t0 = time.perf_counter()
        big_clf = Classifier(big)
        big_build = (time.perf_counter() - t0) * 1000.0
        n_kw = sum(len(a.keywords) for a in big.agencies)
        warm_b = time_classifier(big_clf, texts, rounds=3)
        cold_b = time_classifier(big_clf, texts, rounds=1, cold=True)
        print(f"\nTiming per complaint, generated directory of {len(big)} agencies "
              f"({n_kw} keywords, built in {big_build:.0f} ms):", file=out)
        print(f"  median {statistics.median(warm_b):.3f} ms, p99 {percentile(warm_b, 99):.3f} ms", file=out)
        print(f"  without the spelling cache: median {statistics.median(cold_b):.3f} ms, "
              f"p99 {percentile(cold_b, 99):.3f} ms", file=out)

    if args.errors:
        print(f"\nFirst {args.errors} misrouted reports:", file=out)
        for r, cands in ev.errors[: args.errors]:
            got = "; ".join(f"{c.code} {c.score} {c.matched[:4]}" for c in cands) or "(none)"
            print(f"- [{r.target}] {r.text[:140]!r}\n    -> {got}", file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
