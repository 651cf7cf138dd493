"""What the bot says to staff in desk groups and to admins, in Bahasa Indonesia."""

from __future__ import annotations

ID: dict[str, str] = {
    "card_head": "📋 {number} · {type}",
    "card_moved": "📦 {number} dipindahkan ke {agency}",
    "card_moved_coordinator": "meja koordinator",
    "card_status": "Status: {status}",
    "card_due": "Tenggat: {due}",
    "card_overdue": "Tenggat: {due} ⚠️ LEWAT",
    "card_agency": "Instansi: {agency}",
    "card_proposal": "Usulan instansi: {agency} ({how})",
    "card_proposal_none": "Usulan instansi: belum ada (triase koordinator)",
    "how_citizen_confirmed": "dikonfirmasi warga; cocok: {why}",
    "how_kecamatan": "kecamatan dari lokasi: {why}",
    "card_proposal_local": (
        "Usulan instansi: kecamatan tempat kejadian"
        " (lokasi tidak menyebut kecamatan; triase koordinator)"
    ),
    "how_learned": "; dipelajari dari koreksi staf: {terms}",
    "how_citizen_picked": "dipilih warga",
    "how_citizen_unsure": "warga tidak tahu",
    "how_no_match": "tidak ada kecocokan",
    "card_vertical": "⚠️ Instansi vertikal: koordinator meneruskan laporan ini.",
    "card_title": "Judul: {title}",
    "card_story": "Kronologi: {description}",
    "card_date": "Tanggal kejadian: {date}",
    "card_place": "Lokasi: {place}",
    "card_pin": "titik peta di bawah",
    "card_files": "Lampiran: {n} berkas (di bawah)",
    "card_confidential": "Rahasia: ya (jangan dipublikasikan)",
    "card_reporter": "Pelapor: {who}",
    "card_anonymous": "Pelapor: anonim",
    "card_rating": "Penilaian warga: {stars}",
    "card_archived": "Alasan arsip: {reason}",
    "card_hint_answer": "↩️ Balas (reply) kartu ini untuk mengirim tanggapan kepada pelapor.",
    "st_new": "🆕 Baru, menunggu verifikasi",
    "st_dispositioned": "📬 Didisposisikan, menunggu tindak lanjut",
    "st_deferred": "⏸ Ditunda, menunggu informasi pelapor",
    "st_in_progress": "🔧 Diproses",
    "st_answered": "💬 Ditanggapi, menunggu konfirmasi pelapor",
    "st_closed": "✅ Selesai",
    "st_archived": "🗄 Diarsipkan",
    "b_verify": "✅ Verifikasi → {agency}",
    "b_choose": "↪️ Pilih instansi",
    "b_start": "▶️ Proses",
    "b_defer": "⏸ Tunda (tanya pelapor)",
    "b_not_authority": "🚫 Bukan wewenang",
    "b_archive": "🗄 Arsipkan",
    "b_arch_spam": "Spam",
    "b_arch_duplicate": "Duplikat",
    "b_arch_unintelligible": "Tidak jelas",
    "r_spam": "spam",
    "r_duplicate": "duplikat",
    "r_unintelligible": "tidak jelas",
    "prompt_archive": "Alasan mengarsipkan {number}:",
    "prompt_choose": (
        "Disposisikan {number} ke instansi mana? Usulan dari isi laporan di bawah; untuk instansi "
        "lain: /disposisi {number} KODE (daftar kode: /instansi)."
    ),
    "prompt_defer": (
        "❓ Tulis pertanyaan untuk pelapor {number}: balas (reply) pesan ini. Laporan ditunda "
        "sampai pelapor menjawab."
    ),
    "note_citizen": "💬 Pesan pelapor untuk {number}:\n\n{text}",
    "note_citizen_answer": "💬 Jawaban pelapor untuk {number} (laporan dilanjutkan):\n\n{text}",
    "note_citizen_file": "📎 Lampiran tambahan dari pelapor untuk {number} (lampiran ke-{n}){caption}",
    "note_withdrawn": "↩️ Pelapor mencabut {number} sebelum diverifikasi; laporan diarsipkan.",
    "r_withdrawn": "dicabut pelapor",
    "note_unsolved": "🔁 Pelapor menyatakan {number} BELUM selesai; laporan dibuka kembali.",
    "note_solved": "✅ Pelapor menyatakan {number} sudah selesai. Penilaian menyusul.",
    "note_rated": "⭐ Pelapor menilai penanganan {number}: {stars}",
    "note_disposed_here": "📥 Laporan baru didisposisikan ke meja ini oleh koordinator.",
    "note_returned": "↩️ {agency} menyatakan {number} bukan wewenangnya; kembali ke koordinator.",
    "note_answer_sent": "Tanggapan untuk {number} terkirim ke pelapor.",
    "ok_changed": "Tercatat: {status}",
    "refuse_member": "Anda bukan anggota meja ini; tidak ada yang diubah.",
    "refuse_not_desk": "Grup ini belum menjadi meja instansi. Admin: /meja KODE atau /meja koordinator.",
    "refuse_not_yours": "Laporan {number} bukan milik meja ini.",
    "refuse_moved_on": "Status {number} sudah berubah menjadi: {status}. Kartu diperbarui.",
    "refuse_race": "Petugas lain baru saja mengubah {number}. Kartu diperbarui.",
    "refuse_transition": "Tidak bisa {action} {number} pada status {status}.",
    "refuse_reply_target": (
        "Untuk menanggapi laporan, balas (reply) kartu 📋 laporannya. Pesan ini bukan kartu laporan."
    ),
    "refuse_answer_new": (
        "{number} belum diverifikasi. Verifikasi dulu, atau Tunda untuk bertanya kepada pelapor."
    ),
    "refuse_too_long": "Teks terlalu panjang ({length} huruf, maksimal {max}).",
    "refuse_admin": "Perintah ini hanya untuk admin.",
    "refuse_admin_group": ("Perintah ini hanya untuk admin. "
                           "Perintah berikutnya dari Anda di grup ini tidak dijawab selama satu menit."),
    "refuse_group_only": "Jalankan perintah ini di grup yang akan dijadikan meja.",
    "desk_usage": "Cara pakai: /meja KODE_INSTANSI atau /meja koordinator. Daftar kode: /instansi",
    "desk_unknown": "Kode instansi \"{code}\" tidak dikenal. Daftar kode: /instansi",
    "desk_set": "✅ Grup ini sekarang meja {agency}. Laporan untuk instansi ini akan muncul di sini.",
    "desk_set_coordinator": "✅ Grup ini sekarang meja koordinator. Semua laporan baru muncul di sini.",
    "admin_usage": "Cara pakai: /admin ID_PENGGUNA (tanpa ID: daftar admin)",
    "admin_granted": "✅ Pengguna {user} sekarang admin.",
    "ticket_usage": "Cara pakai: /tiket NOMOR",
    "ticket_not_found": "Laporan {number} tidak ditemukan.",
    "history_head": "Riwayat:",
    "history_line": "• {at} · {actor} · {what}",
    "search_usage": "Cara pakai: /cari KATA [KATA...]",
    "search_none": "Tidak ada laporan yang cocok.",
    "search_head": "Hasil pencarian (terbaru dulu):",
    "search_line": "• {number} · {status} · {title}",
    "dispose_usage": "Cara pakai: /disposisi NOMOR KODE_INSTANSI",
    "dispose_done": "✅ {number} didisposisikan ke {agency}.",
    "stats_head": "📊 Statistik laporan",
    "stats_status": "Menurut status:",
    "stats_agency": "Laporan terbuka menurut instansi:",
    "stats_overdue": "Terbuka dan lewat tenggat: {n}",
    "stats_median": "Median waktu sampai tanggapan pertama: {value}",
    "stats_none": "belum ada",
    "agencies_head": (
        "🏛 Instansi dan mejanya (✅ punya meja, ⚠️ bot dikeluarkan dari mejanya, "
        "➖ ke meja koordinator):"
    ),
    "agencies_line": "{mark} {code} · {name}",
    "agencies_coordinator": "Meja koordinator: {desk}",
    "no_desk": "belum ada",
    "actor_citizen": "pelapor",
    "actor_system": "sistem",
    "ev_submitted": "diajukan",
    "ev_routed": "usulan instansi: {agency}",
    "ev_message": "pesan: {note}",
    "hours": "{n:.1f} jam",
    "days": "{n:.1f} hari",
    "delivery_failing": (
        "⚠️ Pengiriman pesan #{item} ke chat {chat} terus gagal ({kind}: {error}). Periksa koneksi "
        "bot ke Telegram dan lognya."
    ),
    "worker_silent": (
        "⚠️ Proses lapor-bot berhenti berdetak tanpa dihentikan dengan benar:\n{workers}\n"
        "Proses lain mengambil alih tugasnya; periksa mesin itu dan lognya."
    ),
    "worker_silent_line": "• {host} pid {pid} ({role}), diam {seconds} detik",
    "health_head": "Kesehatan pengiriman",
    "health_backlog": "Antrean (belum terkirim): {n}",
    "health_held": "Tertahan, chat tak terjangkau: {n}",
    "health_failed": "Gagal permanen: {n}",
    "health_sent": "Terkirim: {n}",
    "health_oldest": "Pesan tertua yang belum terkirim: {age}",
    "health_failures": "Kegagalan menurut jenis: {kinds}",
    "health_unreachable": "Chat yang memblokir bot: {n}",
    "health_process": "Proses ini: {sender}",
    # --- the bot removed from / added back to a desk group (flows/desks/membership.py)
    "card_no_desk": "⚠️ {agency} tidak punya meja aktif: laporan ini ditangani di meja koordinator.",
    "desk_lost_admin": (
        "⚠️ Bot dikeluarkan dari grup «{title}», meja {agency}, oleh {who}. {n} laporan terbuka "
        "dipindahkan ke meja koordinator{numbers}. Untuk memulihkan: tambahkan bot lagi ke grup itu "
        "dan kirim /meja {code} di sana."
    ),
    "desk_lost_coordinator": (
        "⚠️ Bot dikeluarkan dari meja {agency} («{title}»). {n} laporan terbukanya sekarang "
        "ditangani di sini{numbers}."
    ),
    "coordinator_lost_admin": (
        "🚨 PERHATIAN: bot dikeluarkan dari MEJA KOORDINATOR «{title}» oleh {who}. Laporan baru tidak "
        "punya meja dan menunggu ({n} laporan terbuka sekarang tanpa meja). Tambahkan bot ke grup "
        "koordinator dan kirim /meja koordinator di sana."
    ),
    "desk_back_hint": (
        "👋 Bot sudah kembali. Grup ini dulu meja {agency}; laporan-laporannya kini di meja koordinator. "
        "Admin: kirim /meja {code} di sini untuk menjadikannya meja lagi."
    ),
    "desk_back_coordinator": "✅ Meja {agency} aktif lagi («{title}»): {n} laporan terbuka kembali ke sana.",
    "coordinator_back_hint": (
        "👋 Bot sudah kembali. Grup ini dulu meja koordinator. Admin: kirim /meja koordinator di sini "
        "untuk menjadikannya meja lagi."
    ),
    "numbers_list": ": {numbers}",
    # --- admins: list, revoke, audit, where admin commands answer, /meja confirmed (issue 10 point 5)
    "admins_head": "👤 Admin:",
    "admins_root": "• {user} · ADMIN_IDS (tetap; diubah di pengaturan, tidak bisa dicabut lewat perintah)",
    "admins_granted": "• {user} · diangkat oleh {by} · {at}",
    "admins_none_granted": "Belum ada admin yang diangkat lewat perintah.",
    "admins_hint": "Angkat: /admin ID_PENGGUNA · cabut: /cabut ID_PENGGUNA (keduanya hanya admin ADMIN_IDS)",
    "refuse_root_only": "Hanya admin dari ADMIN_IDS yang dapat mengangkat atau mencabut admin.",
    "admin_already": "Pengguna {user} sudah admin.",
    "admin_is_root": "Pengguna {user} admin dari ADMIN_IDS: diubah di pengaturan, bukan lewat perintah.",
    "revoke_usage": "Cara pakai: /cabut ID_PENGGUNA (atau /admin hapus ID_PENGGUNA)",
    "admin_revoked": "✅ Pengguna {user} bukan admin lagi.",
    "admin_not_granted": "Pengguna {user} bukan admin yang diangkat lewat perintah; tidak ada yang dicabut.",
    "audit_head": "🧾 Jejak audit ({n} terbaru, terbaru dulu):",
    "audit_none": "Jejak audit masih kosong.",
    "audit_line": "• {at} · {actor} · {action}{rest}",
    "audit_usage": "Cara pakai: /audit [JUMLAH], 1 sampai {max}",
    "refuse_private_only": (
        "🔒 /{command} menampilkan data pribadi: kirim perintah ini di chat pribadi dengan bot. "
        "Penolakan berikutnya untuk Anda di grup ini tidak dijawab selama satu menit."
    ),
    "refuse_ticket_here": (
        "🔒 /tiket menampilkan data pribadi: kirim di chat pribadi dengan bot, atau di meja yang "
        "memegang laporannya. Penolakan berikutnya untuk Anda di grup ini tidak dijawab selama satu menit."
    ),
    "desk_confirm_head": "⚠️ Jadikan grup ini {desk}?",
    "desk_confirm_move": ("• Saat ini {desk} adalah grup «{title}»: grup itu berhenti menjadi meja dan "
                          "kartunya ditarik."),
    "desk_confirm_public": (
        "• Grup ini publik (@{username}): siapa pun dapat membaca kartu laporan di sini, termasuk nama "
        "dan nomor telepon pelapor."
    ),
    "desk_confirm_ask": "Hanya admin yang dapat menjawab.",
    "b_desk_yes": "✅ Ya, jadikan meja",
    "b_desk_no": "✖️ Batal",
    "desk_confirm_admin_only": "Hanya admin yang dapat menjawab pertanyaan ini.",
    "desk_confirm_stale": "Pertanyaan ini sudah kedaluwarsa: meja itu sudah berubah. Kirim /meja lagi bila perlu.",
    "desk_confirm_cancelled": "✖️ Dibatalkan: grup ini tidak dijadikan meja.",
    "desk_confirm_done": "✅ Dikonfirmasi.",
    "desk_name_coordinator": "meja koordinator",
    "desk_name_agency": "meja {agency}",
    "desk_moved_away": (
        "ℹ️ Grup ini bukan lagi {desk}: admin memindahkannya ke grup «{title}». Kartu laporan di sini "
        "ditarik; laporan baru tidak muncul di sini lagi."
    ),
    # Erasure (issue 10 point 2): /hapuswarga and erased reporters
    "card_reporter_erased": "Pelapor: identitas dihapus atas permintaan/retensi",
    "erase_usage": (
        "Cara pakai: /hapuswarga NOMOR_TIKET|ID_PENGGUNA ALASAN\n"
        "Menghapus identitas warga (nama, username, telepon) di semua laporannya. Alasan wajib, "
        "misalnya: permintaan tertulis tanggal 1 Desember."
    ),
    "erase_private_only": "Perintah ini menyangkut data pribadi: jalankan di chat pribadi dengan bot.",
    "erase_not_found": "Tidak ada warga dengan tiket atau ID {what}.",
    "erase_done": "Identitas warga dihapus dari {n} laporan. Tercatat di log audit dengan alasannya.",
    # Similar reports (issue 14): the coordinator's card, "Gabungkan"
    "card_similar": "🔎 Mungkin sama dengan: {reports}",
    "card_followers": "👥 Diikuti {n} warga lain (masalah yang sama)",
    "b_merge": "🔗 Gabungkan ke {number}",
    "merge_done": "{number} digabung ke {target}; {n} warga kini mengikutinya.",
    "refuse_merge": "{number} tidak bisa digabung ke laporan itu (sudah diarsipkan, rahasia, atau bukan di meja ini).",
    # Routing learned from corrections (issue 14): /dipelajari and /lupakan
    "learned_head": (
        "🧠 Dipelajari dari koreksi staf: {n} istilah, dari {examples} laporan selesai "
        "({corrections} dikoreksi). +: menarik ke instansi, −: menjauhkan."
    ),
    "learned_line": "{sign} «{term}» → {agency}: {reports} laporan dialihkan, {people} orang{capped}",
    "learned_capped": " (dibatasi {cap} per orang)",
    "learned_none": (
        "Belum ada yang dipelajari: perlu koreksi (Pilih instansi, /disposisi, Bukan wewenang) atas "
        "minimal {n} laporan dengan kata yang sama."
    ),
    "learned_more": "… dan {n} lagi (lapor-bot routing learned menampilkan semuanya).",
    "learned_foot": "Hapus istilah: /lupakan ISTILAH [KODE]",
    "forget_usage": (
        "Cara pakai: /lupakan ISTILAH [KODE_INSTANSI]\n"
        "Istilah itu tidak dipelajari lagi untuk instansi tersebut (tanpa kode: untuk semua). "
        "Daftar istilah: /dipelajari"
    ),
    "forget_done": "✅ «{term}» tidak dipelajari lagi untuk {agency}. Tercatat di log audit.",
    "forget_again": "«{term}» sudah dilarang untuk {agency}.",
    "forget_all": "semua instansi",
}
