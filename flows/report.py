"""The regency's report for a period (`/laporan`, `lapor-bot report`): figures from the export's
rows (flows/export.py, themselves from the tickets' events, so any period can be recomputed), and
charts of them as PNG files.

Charts are drawn by matplotlib in a child process (`python -m flows.report FIGURES.json DIR`):
the bot's event loop never waits on drawing, and its process never carries matplotlib's memory.
Each chart is drawn only when it has something to show; a period without tickets has none.
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from flows.export import Period, Value

TYPES = ("pengaduan", "aspirasi", "informasi")


def period(word: str | None, today: date) -> Period:
    """bulan (this month so far, the default), minggu (the last seven days), or YYYY-MM."""
    from flows.export import BadPeriod
    from flows.export import period as export_period

    word = (word or "bulan").strip().lower()
    if word in ("bulan", "month"):
        return Period(today.replace(day=1), today)
    if word in ("minggu", "week"):
        return Period(today - timedelta(days=6), today)
    if len(word) != 7:
        raise BadPeriod("format")
    return export_period(word, word, today)


def _week(day: date) -> str:
    monday = day - timedelta(days=day.weekday())
    return monday.isoformat()


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def figures(rows: list[dict[str, Value]], span: Period) -> dict[str, Any]:
    """Every figure of the report, from the export's rows: JSON-able."""
    weeks: dict[str, Counter[str]] = defaultdict(Counter)
    day = span.first
    while day <= span.last:  # every week of the period, also one without reports
        weeks[_week(day)]
        day += timedelta(days=1)
    agencies: dict[str, dict[str, Any]] = {}
    ratings: Counter[int] = Counter()
    for r in rows:
        submitted = r["submitted"]
        if isinstance(submitted, datetime):
            weeks[_week(submitted.date())][str(r["type"])] += 1
        name = str(r["agency_code"] or "-")
        a = agencies.setdefault(name, {"agency": name, "name": str(r["agency"] or "-"), "reports": 0, "answered": 0,
                                       "on_time": 0, "late": 0, "to_answer": [], "to_close": [], "ratings": []})
        a["reports"] += 1
        if r["answered"] is not None:
            a["answered"] += 1
        if r["on_time"] == "ya":
            a["on_time"] += 1
        elif r["on_time"] == "tidak":
            a["late"] += 1
        if isinstance(r["days_to_answer"], int):
            a["to_answer"].append(r["days_to_answer"])
        if isinstance(r["days_to_close"], int):
            a["to_close"].append(r["days_to_close"])
        if isinstance(r["rating"], int):
            a["ratings"].append(r["rating"])
            ratings[r["rating"]] += 1
    table = []
    for a in sorted(agencies.values(), key=lambda x: (-x["reports"], x["agency"])):
        judged = a["on_time"] + a["late"]
        table.append({
            "agency": a["agency"], "name": a["name"], "reports": a["reports"], "answered": a["answered"],
            "on_time": a["on_time"], "late": a["late"],
            "on_time_share": round(a["on_time"] / judged, 3) if judged else None,
            "median_days_to_answer": _median(a["to_answer"]), "median_days_to_close": _median(a["to_close"]),
            "mean_rating": round(statistics.mean(a["ratings"]), 2) if a["ratings"] else None,
        })
    return {
        "first": span.first.isoformat(), "last": span.last.isoformat(), "reports": len(rows),
        "weeks": [{"week": w, **{t: weeks[w][t] for t in TYPES}} for w in sorted(weeks)],
        "agencies": table,
        "ratings": {str(n): ratings[n] for n in range(1, 6)},
    }


FIGURE_COLUMNS = ("agency", "name", "reports", "answered", "on_time", "late", "on_time_share",
                  "median_days_to_answer", "median_days_to_close", "mean_rating")


def write_csv(fig: dict[str, Any], path: Path) -> Path:
    """The per-agency figures, one row each."""
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        out = csv.writer(f)
        out.writerow(FIGURE_COLUMNS)
        for a in fig["agencies"]:
            out.writerow(["" if a[c] is None else a[c] for c in FIGURE_COLUMNS])
    return path


# ---------------------------------------------------------------------- drawing (the child process)
def draw(fig: dict[str, Any], folder: Path, stem: str = "laporan") -> list[tuple[str, int]]:
    """The charts with something to show, as PNG files in `folder`: (file name, bars drawn)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    def counts(axis: Any) -> None:  # reports are whole numbers: no 1.25 on the axis
        axis.set_major_locator(MaxNLocator(integer=True))

    folder.mkdir(parents=True, exist_ok=True)
    made: list[tuple[str, int]] = []
    title = f"{fig['first']} – {fig['last']}"

    def save(name: str, figure: Any, axes: Any) -> None:
        bars = sum(len(container.patches) for container in axes.containers)
        figure.tight_layout()
        path = folder / f"{stem}-{name}.png"
        figure.savefig(path, dpi=110)
        plt.close(figure)
        made.append((path.name, bars))

    def by_agency(name: str, agencies: list[dict[str, Any]], value: Callable[[dict[str, Any]], float],
                  heading: str, unit: str, limit: float | None = None) -> None:
        """One horizontal bar per agency, the biggest on top."""
        figure, axes = plt.subplots(figsize=(8, max(3.0, 0.6 + 0.4 * len(agencies))))
        axes.barh([a["agency"] for a in agencies][::-1], [value(a) for a in agencies][::-1])
        if limit is not None:
            axes.set_xlim(0, limit)
        axes.set_title(heading)
        axes.set_xlabel(unit)
        if limit is None:
            counts(axes.xaxis)
        save(name, figure, axes)

    if fig["reports"]:
        figure, axes = plt.subplots(figsize=(8, 4.5))
        weeks = [w["week"][5:] for w in fig["weeks"]]
        bottom = [0] * len(weeks)
        for kind in TYPES:
            values = [w[kind] for w in fig["weeks"]]
            if any(values):
                axes.bar(weeks, values, bottom=bottom, label=kind)
                bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.set_title(f"Laporan per minggu menurut jenis, {title}")
        axes.set_xlabel("minggu mulai (Senin)")
        axes.set_ylabel("laporan")
        counts(axes.yaxis)
        axes.legend()
        save("per-minggu", figure, axes)

        by_agency("per-instansi", fig["agencies"], lambda a: a["reports"], f"Laporan per instansi, {title}", "laporan")

    judged = [a for a in fig["agencies"] if a["on_time_share"] is not None]
    if judged:
        by_agency("tepat-waktu", judged, lambda a: 100 * a["on_time_share"], f"Ditanggapi tepat waktu (%), {title}",
                  "% dari laporan yang sudah dinilai", limit=100)

    timed = [a for a in fig["agencies"] if a["median_days_to_answer"] is not None]
    if timed:
        figure, axes = plt.subplots(figsize=(8, max(3.0, 0.8 + 0.5 * len(timed))))
        names = [a["agency"] for a in timed][::-1]
        index = list(range(len(names)))
        axes.barh([i + 0.2 for i in index], [a["median_days_to_answer"] for a in timed][::-1], height=0.4,
                  label="sampai tanggapan pertama")
        closing = [(i, a["median_days_to_close"]) for i, a in zip(index, timed[::-1], strict=True)
                   if a["median_days_to_close"] is not None]
        if closing:
            axes.barh([i - 0.2 for i, _v in closing], [v for _i, v in closing], height=0.4, label="sampai selesai")
        axes.set_yticks(index, names)
        axes.set_title(f"Median hari kerja, {title}")
        axes.legend()
        save("hari-kerja", figure, axes)

    if any(fig["ratings"].values()):
        figure, axes = plt.subplots(figsize=(6, 4))
        axes.bar([f"{n}★" for n in range(1, 6)], [fig["ratings"][str(n)] for n in range(1, 6)])
        axes.set_title(f"Penilaian warga, {title}")
        axes.set_ylabel("laporan")
        counts(axes.yaxis)
        save("penilaian", figure, axes)
    return made


def main(argv: list[str]) -> int:
    """python -m flows.report FIGURES.json DIR [STEM]: draw, print one JSON line of what was made."""
    fig = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    made = draw(fig, Path(argv[1]), argv[2] if len(argv) > 2 else "laporan")
    print(json.dumps(made))
    return 0


async def render(fig: dict[str, Any], folder: Path, stem: str = "laporan") -> list[tuple[Path, int]]:
    """The charts, drawn by a child process (off the event loop, and matplotlib's memory with it)."""
    import asyncio

    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{stem}.json"
    source.write_text(json.dumps(fig), encoding="utf-8")
    try:
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "flows.report", str(source), str(folder), stem,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await child.communicate()
    finally:
        source.unlink(missing_ok=True)
    if child.returncode != 0:
        raise RuntimeError(f"drawing the charts failed (exit {child.returncode}): {err.decode()[-300:]}")
    return [(folder / name, bars) for name, bars in json.loads(out.decode())]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
