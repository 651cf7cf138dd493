"""What the deadline clock, the daily digest, the reports and the export say, in Bahasa Indonesia:
to desks and admins, and the one notice a citizen gets when their report is late."""

from __future__ import annotations

ID: dict[str, str] = {
    # The citizen, when the deadline passed: honest, and what happens now.
    "n_overdue": (
        "⏳ Mohon maaf, laporan {number} terlambat: batas waktu penanganannya ({due}) sudah lewat. "
        "Koordinator sudah diberi tahu dan akan menindaklanjuti instansi yang menanganinya. "
        "Kami kabari lagi begitu ada perkembangan."
    ),
    # Desks and admins.
    "card_below": "⤵️ {number}: kartu ini dipindah ke bawah.",
    "card_late": "Tenggat: {due} ⚠️ TERLAMBAT (ditandai {since})",
    "b_open": "📋 {number}",
    "remind_one": "⏰ Pengingat: {number} jatuh tempo {due}. Kartunya di bawah.",
    "remind_many": "⏰ Pengingat: {n} laporan di meja ini segera jatuh tempo.",
    "overdue_many": "⚠️ {n} laporan lewat tenggat:",
    "escalate_head": "🚨 Eskalasi: {n} laporan lewat tenggat lebih dari {days} hari kerja.",
    "escalate_line": "• {number} · {agency} · {status} · tenggat {due}",
    "digest_line": "• {number} · {agency} · tenggat {due} · {status} · {title}",
    "digest_line_late": "• ⚠️ {number} · {agency} · tenggat {due} · {status} · {title}",
    "digest_more": "… dan {n} lainnya",
    "digest_head": "🗓 Ringkasan harian {desk}, {day}",
    "digest_counts": (
        "Baru: {new} · Diproses: {in_progress} · Jatuh tempo hari ini: {due_today} · "
        "Lewat tenggat: {overdue} · Menunggu pelapor: {waiting}"
    ),
    "digest_section_overdue": "Lewat tenggat:",
    "digest_section_due_today": "Jatuh tempo hari ini:",
    "digest_section_new": "Baru:",
    "digest_section_in_progress": "Diproses:",
    "digest_section_waiting": "Menunggu pelapor:",
    "digest_empty": "Tidak ada laporan terbuka di meja ini. 👍",
    "export_private_only": "Ekspor berisi data pribadi: minta /ekspor di chat pribadi dengan bot.",
    "export_format": (
        "Format tanggal: /ekspor [dari] [sampai], misalnya /ekspor 2026-11 atau /ekspor 2026-11-01 2026-11-15."
    ),
    "export_future": "Rentang itu dimulai setelah hari ini: belum ada laporannya.",
    "export_reversed": "Tanggal 'sampai' lebih awal dari tanggal 'dari'. Contoh: /ekspor 2026-11-01 2026-11-30.",
    "export_empty": "Tidak ada laporan yang masuk {first} s.d. {last}; tidak ada berkas yang dikirim.",
    "report_format": "Pilih periode: /laporan bulan, /laporan minggu, atau /laporan 2026-11.",
    "report_empty": "Tidak ada laporan yang masuk {first} s.d. {last}; tidak ada grafik yang dikirim.",
    "report_head": (
        "📊 Laporan {first} s.d. {last}: {n} laporan masuk. Per instansi (masuk · ditanggapi · tepat waktu):"
    ),
    "report_line": "• {agency}: {n} · {answered} · {share}",
    "export_ready": "📄 Ekspor {n} laporan yang masuk {first} s.d. {last} (XLSX, satu baris per laporan).",
}
