"""`lapor-bot chat`: the whole form in a terminal, as a subprocess, on a real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = "\n".join([
    "/start", "!1",                     # consent
    "!1",                               # pengaduan
    "Lampu jalan mati di Jl. Ahmad Yani",
    "Sudah dua minggu lampu jalan di Jl. Ahmad Yani Baturaja mati, jalan gelap dan rawan.",
    "!1",                               # Lanjut: the story is told
    "!1",                               # accept the proposed agency
    "kemarin",
    "!lokasi -4.1293,104.1667",
    "!foto", "!1",                      # one photo, then Selesai
    "!2", "!2",                         # not anonymous, not confidential
    "Lewati",                           # no phone
    "!1",                               # Kirim
    "/laporanku",
]) + "\n"


def test_terminal_chat_walks_the_whole_form(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}", BOT_TOKEN="")
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "chat"], input=SCRIPT, cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for expected in ("Selamat datang", "Langkah 1/", "Instansi yang menangani", "Langkah 10/",
                     "Periksa laporan", "Nomor laporan: OKU-", "Laporan Anda (terbaru dulu)"):
        assert expected in out, expected
    number = out.split("Nomor laporan: ")[1].split()[0]
    assert out.count(number) >= 3  # told, in the /status hint, and listed by /laporanku
