"""The export: a month of tickets with known timings (a controllable clock drives the desks and
the deadline clock), exported as CSV and XLSX by `lapor-bot export`; every figure is checked, and
the XLSX opens with rows that match the database."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flows import export
from flows.desks import DeskConfig
from tests.desk_harness import ADMIN, COORD, PUPR, Reporter, desks_bound

WIB = ZoneInfo("Asia/Jakarta")


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)

    def __call__(self) -> datetime:
        return self.at.astimezone(UTC)

    def set(self, *args: int) -> None:
        self.at = datetime(*args, tzinfo=WIB)


async def a_month(db):
    """November 2026 at the regency, ticket by ticket (all days WIB):
    A  filed Mon 2 Nov 09:00, verified at once, started Tue 3, answered Wed 4, solved and rated 5
       by the citizen Thu 5: answered in 2 working days, closed in 3, on time;
    B  filed Mon 9 Nov, verified, then nobody acts: overdue on Tue 17 Nov (due Mon 16), answered
       Wed 18 Nov: 7 working days, late;
    C  filed Tue 10 Nov by another citizen, anonymous, archived as spam the same day;
    D  filed Tue 1 Dec: not November's."""
    clock = Clock()
    r = await desks_bound(db, clock=clock, config=DeskConfig(admin_ids=frozenset({ADMIN})))
    a = await r.verified_to_pupr()
    clock.set(2026, 11, 3, 10, 0)
    await r.agus.press(PUPR, r.card(PUPR, a), "Proses")
    clock.set(2026, 11, 4, 11, 0)
    await r.agus.reply(PUPR, r.card(PUPR, a), "Sudah ditambal tim UPTD.")
    await r.telegram.deliver()
    clock.set(2026, 11, 5, 8, 0)
    await r.citizen.press_on(r.seen_by_citizen("Tanggapan"), "Sudah selesai")
    await r.telegram.deliver()
    await r.citizen.press_on(r.seen_by_citizen("Seberapa puas"), "⭐⭐⭐⭐⭐")

    clock.set(2026, 11, 9, 9, 0)
    b = await r.verified_to_pupr(title="Jalan amblas di Jl. Ahmad Yani")
    clock.set(2026, 11, 17, 9, 0)
    assert (await r.world.desks.deadline_clock()).overdue == 1
    clock.set(2026, 11, 18, 10, 0)
    await r.telegram.deliver()
    await r.agus.reply(PUPR, r.card(PUPR, b), "Lampu sudah diganti.")

    clock.set(2026, 11, 10, 13, 0)
    other = Reporter(r.world, user_id=1002, name="Budi")
    c = await r.file(title="Tes tes tes tes tes", story="percobaan saja percobaan saja percobaan saja",
                     anonymous=True, citizen=other)
    await r.telegram.deliver()
    await r.rina.press(COORD, r.card(COORD, c), "Arsipkan")
    await r.telegram.deliver()
    await r.rina.press(COORD, r.telegram.last(COORD.chat_id, "Alasan mengarsipkan"), "Spam")

    clock.set(2026, 12, 1, 9, 0)
    d = await r.file(title="Sampah menumpuk di pasar", story="Sampah di Pasar Baru tidak diangkut seminggu ini.")
    return r, (a, b, c, d)


REPO = Path(__file__).resolve().parents[1]


def run_export(tmp_path: Path, db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`lapor-bot export ARGS` as an operator runs it, on the test's database (from a folder
    without the developer's .env)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{db_path}", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "bot.cli", "export", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


async def test_every_figure_of_a_month_in_the_csv(db, tmp_path):
    r, (a, b, c, d) = await a_month(db)
    out = tmp_path / "nov.csv"
    done = run_export(tmp_path, tmp_path / "test.db", "--from", "2026-11", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "3 tickets" in done.stdout
    with out.open(encoding="utf-8-sig") as f:
        table = list(csv.DictReader(f))
    assert [row["Nomor Laporan"] for row in table] == [a, b, c]  # D was filed in December
    assert list(table[0]) == export.HEADERS
    ra, rb, rc = table
    assert (ra["Status"], ra["Kode Instansi"], ra["Tepat Waktu"], ra["Penilaian"]) == ("Selesai", "PUPR", "ya", "5")
    assert (ra["Tanggal Masuk"], ra["Tanggal Disposisi"], ra["Tanggal Diproses"]) == (
        "2026-11-02 09:00", "2026-11-02 09:00", "2026-11-03 10:00")
    assert (ra["Tanggal Ditanggapi"], ra["Tanggal Selesai"]) == ("2026-11-04 11:00", "2026-11-05 08:00")
    assert (ra["Hari Kerja sampai Tanggapan"], ra["Hari Kerja sampai Selesai"]) == ("2", "3")
    assert ra["Nama Pelapor"] == "Siti" and ra["Anonim"] == "tidak" and ra["Lewat Tenggat Sejak"] == ""
    assert (rb["Status"], rb["Tepat Waktu"], rb["Lewat Tenggat Sejak"]) == ("Ditanggapi", "tidak", "2026-11-17 09:00")
    assert (rb["Hari Kerja sampai Tanggapan"], rb["Hari Kerja sampai Selesai"], rb["Penilaian"]) == ("7", "", "")
    assert (rc["Status"], rc["Alasan Arsip"], rc["Tanggal Diarsipkan"]) == ("Diarsipkan", "spam", "2026-11-10 13:00")
    assert rc["Anonim"] == "ya" and rc["Nama Pelapor"] == "" and rc["Tepat Waktu"] == ""
    assert [row["Tanggal Ditunda"] for row in table] == ["", "", ""]  # nobody was asked anything
    assert "Budi" not in out.read_text(encoding="utf-8-sig")  # the anonymous reporter, nowhere


async def test_the_xlsx_opens_and_its_rows_match_the_database(db, tmp_path):
    from openpyxl import load_workbook

    r, numbers = await a_month(db)
    out = tmp_path / "all.xlsx"
    done = run_export(tmp_path, tmp_path / "test.db", "--from", "2026-11-01", "--to", "2026-12-02", "--out", str(out))
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == export.HEADERS
    assert [x[0] for x in rows[1:]] == list(numbers)
    for values in rows[1:]:
        cell = dict(zip(export.HEADERS, values, strict=True))
        ticket = await r.ticket(cell["Nomor Laporan"])
        assert cell["Judul"] == ticket.title and cell["Isi Laporan"] == ticket.description
        assert cell["Kode Instansi"] == (ticket.agency_code or None)
        assert cell["Status"] == export.STATUS_ID[ticket.status]
        assert isinstance(cell["Tanggal Masuk"], datetime)
        assert cell["Penilaian"] == ticket.rating


def test_a_reversed_or_future_period_is_refused(tmp_path):
    args = ("--out", str(tmp_path / "x.csv"))
    done = run_export(tmp_path, tmp_path / "e.db", "--from", "2026-11-10", "--to", "2026-11-01", *args)
    assert done.returncode == 2 and "before --from" in done.stderr
    done = run_export(tmp_path, tmp_path / "e.db", "--from", "2999-01-01", *args)
    assert done.returncode == 2 and "after today" in done.stderr
    assert not (tmp_path / "x.csv").exists()
    today = date(2026, 12, 4)
    assert export.period("2026-11", None, today) == export.Period(date(2026, 11, 1), date(2026, 11, 30))
    assert export.period("2026-12-01", "2027-01-31", today).last == today  # cut at today


def test_a_citizens_words_that_look_like_a_formula_stay_words(tmp_path):
    row = {key: None for key, _h in export.COLUMNS} | {"title": "=HYPERLINK(\"http://x\")", "number": "OKU-1"}
    export.write_csv([row], tmp_path / "f.csv")
    assert "'=HYPERLINK" in (tmp_path / "f.csv").read_text(encoding="utf-8-sig")


def run_report(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'test.db'}", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "bot.cli", "report", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


async def test_the_months_charts_are_real_pngs_with_the_bars_their_figures_have(db, tmp_path):
    import matplotlib.image

    await a_month(db)
    out = tmp_path / "report"
    done = run_report(tmp_path, "--month", "2026-11", "--out", str(out))
    assert done.returncode == 0, done.stderr
    bars = {line.split(" (")[0].rsplit("/", 1)[-1]: int(line.split("(")[1].split()[0])
            for line in done.stdout.splitlines() if line.endswith("bars)")}
    with (out / "laporan.csv").open(encoding="utf-8-sig") as f:
        agencies = {row["agency"]: row for row in csv.DictReader(f)}
    pupr = agencies["PUPR"]
    assert (pupr["reports"], pupr["answered"], pupr["on_time"], pupr["late"], pupr["on_time_share"]) == (
        "2", "2", "1", "1", "0.5")
    assert (pupr["median_days_to_answer"], pupr["median_days_to_close"], pupr["mean_rating"]) == ("4.5", "3.0", "5")
    others = [a for code, a in agencies.items() if code != "PUPR"]  # C's, archived unanswered
    assert [(a["reports"], a["answered"], a["on_time"], a["late"], a["on_time_share"], a["median_days_to_answer"],
             a["mean_rating"]) for a in others] == [("1", "0", "0", "0", "", "", "")]
    judged = [a for a in agencies.values() if a["on_time_share"]]
    assert bars == {
        "laporan-per-minggu.png": 6,  # the weeks from Mon 26 Oct to Mon 30 Nov; all reports are pengaduan
        "laporan-per-instansi.png": len(agencies),
        "laporan-tepat-waktu.png": len(judged),
        "laporan-hari-kerja.png": 2,  # PUPR: to the first answer, and to closing
        "laporan-penilaian.png": 5,  # one to five stars
    }
    for name in bars:
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        height, width, _channels = matplotlib.image.imread(out / name).shape
        assert width >= 600 and height >= 300


async def test_a_month_without_tickets_gets_no_chart(db, tmp_path):
    await a_month(db)
    out = tmp_path / "empty"
    done = run_report(tmp_path, "--month", "2026-10", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "no charts" in done.stdout
    assert not list(out.glob("*.png"))


def test_files_left_behind_are_swept_after_a_day(tmp_path):
    from flows.desks.reports import sweep

    folder = tmp_path / "files"
    folder.mkdir()
    old, new = folder / "ekspor-old.xlsx", folder / "laporan-new.png"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    now = datetime.now(UTC)
    os.utime(old, (now.timestamp() - 2 * 86400, now.timestamp() - 2 * 86400))
    assert sweep(folder, timedelta(days=1), now) == 1
    assert not old.exists() and new.exists()
    assert sweep(tmp_path / "none", timedelta(days=1), now) == 0


def test_a_reply_with_files_is_never_folded_into_the_next_one():
    from flows.events import Reply
    from flows.turn import coalesce

    merged = coalesce([Reply("📄 Ekspor 1 laporan", uploads=[("document", "/tmp/x.xlsx")]), Reply("lagi")])
    assert [r.uploads for r in merged] == [[("document", "/tmp/x.xlsx")], []]
    assert [r.text for r in coalesce([Reply("catatan"), Reply("lagi")])] == ["catatan\n\nlagi"]  # words still fold
