"""What the bot says to citizens, in Bahasa Indonesia (the default language)."""

from __future__ import annotations

ID: dict[str, str] = {
    # First contact and consent (UU PDP 27/2022)
    "welcome": (
        "Selamat datang di layanan pengaduan {regency}. 🙏\n"
        "Di sini Anda bisa menyampaikan pengaduan, aspirasi, atau permintaan informasi "
        "kepada pemerintah daerah, seperti di LAPOR! SP4N."
    ),
    "privacy": (
        "🔒 Kami menyimpan nama & akun Telegram Anda, isi laporan, lampiran, dan nomor HP bila Anda "
        "berikan, hanya untuk menindaklanjuti laporan Anda (UU PDP No. 27/2022).\n"
        "Data disimpan selama laporan ditangani dan {retention} sesudahnya; Anda bisa meminta "
        "penghapusan kapan saja dengan /hapusdata."
    ),
    "consent_question": "Apakah Anda setuju data Anda diproses untuk keperluan tersebut?",
    "consent_brief": (
        "🔒 Data Anda (nama, akun Telegram, isi laporan, nomor HP bila diberikan) hanya dipakai untuk "
        "menindaklanjuti laporan (UU PDP No. 27/2022), disimpan sampai {retention} sesudah laporan "
        "selesai, dan bisa Anda hapus kapan saja dengan /hapusdata."
    ),
    "privacy_more": "📄 Baca selengkapnya",
    "greet": "Halo{name}! 👋",
    "home_prompt": "Ada yang bisa saya bantu? Pilih di bawah, atau ketik /bantuan.",
    "home_thanks": "Sama-sama 🙏 Ada lagi yang bisa saya bantu?",
    "home_after_send": "Ada lagi yang bisa saya bantu?",
    "home_new": "📝 Buat laporan",
    "held_status": (
        "📥 Saya simpan sementara: {what}. Setelah Anda setuju, semuanya "
        "masuk ke laporan Anda; bila tidak setuju, semuanya dihapus (paling lama 3 hari bila tidak dijawab)."
    ),
    "held_album": (
        "📥 Saya simpan sementara foto-foto Anda. Setelah Anda setuju, semuanya masuk ke laporan Anda; "
        "bila tidak setuju, semuanya dihapus (paling lama 3 hari bila tidak dijawab)."
    ),
    "held_n_texts": "{n} pesan",
    "held_n_files": "{n} foto/berkas",
    "held_and": " dan ",
    "held_nothing": "tidak ada pesan",
    "held_deleted": "Pesan dan berkas yang Anda kirim tadi telah dihapus.",
    "consent_given_held": (
        "Terima kasih. {what} yang Anda kirim tadi sudah masuk ke laporan ini; "
        "mari kita lengkapi."
    ),
    "stale_draft": (
        "Anda punya laporan yang belum selesai sejak {when}:\n«{title}» (terakhir di langkah {step}).\n"
        "Lanjutkan laporan itu, atau mulai laporan baru?"
    ),
    "stale_kept_for_now": "Pesan Anda barusan saya simpan dulu, belum saya pakai sebagai jawaban.",
    "stale_resume": "▶️ Lanjutkan",
    "stale_fresh": "🆕 Mulai baru",
    "stale_noted": "Pesan Anda tadi disimpan sebagai catatan tambahan laporan: {note}",
    "stale_fresh_done": (
        "Draf lama dihapus. Kita mulai laporan baru; {what} yang Anda kirim tadi sudah masuk ke laporan ini."
    ),
    "home_mine": "📂 Laporanku",
    "home_status": "🔎 Cek status",
    "home_help": "❓ Bantuan",
    "consent_yes": "✅ Setuju",
    "consent_no": "Tidak setuju",
    "consent_given": "Terima kasih. Mari kita mulai laporan Anda.",
    "consent_refused": (
        "Baik, tidak ada data yang kami simpan untuk laporan. Tanpa persetujuan kami tidak bisa "
        "menerima laporan. Ketik /start bila Anda berubah pikiran."
    ),
    "consent_needed": "Sebelum membuat laporan, mohon baca dan setujui dulu pemrosesan data berikut.",
    "data_deleted": (
        "Nama, username, nomor HP, dan draf Anda telah dihapus. Ketik /start bila ingin membuat "
        "laporan lagi."
    ),
    # Form: questions
    "q_report_type": "Langkah {n}/{total}. Apa jenis laporan Anda?",
    "type_pengaduan": "📣 Pengaduan",
    "type_aspirasi": "💡 Aspirasi",
    "type_informasi": "❓ Permintaan informasi",
    "q_title": (
        "Langkah {n}/{total}. Tulis judul singkat laporan Anda ({min}–{max} huruf).\n"
        "Contoh: Jalan berlubang di Jl. Dr. Moh. Hatta"
    ),
    "q_description": (
        "Langkah {n}/{total}. Ceritakan apa yang terjadi (kronologi): apa, di mana, sejak kapan, "
        "siapa yang terdampak. Minimal {min} huruf."
    ),
    "q_event_date": (
        "Langkah {n}/{total}. Kapan kejadiannya? Pilih tombol atau ketik tanggal, misalnya "
        "17/07, 17 Juli 2026, atau kemarin."
    ),
    "date_today": "Hari ini",
    "date_yesterday": "Kemarin",
    "q_location": (
        "Langkah {n}/{total}. Di mana lokasinya? Kirim lokasi dengan tombol 📍, atau ketik alamat/"
        "nama tempat (desa, kecamatan). Bisa dilewati."
    ),
    "share_location": "📍 Kirim lokasi saya",
    "q_attachments": (
        "Langkah {n}/{total}. Ada foto atau dokumen pendukung? Kirim satu atau beberapa (maks. "
        "{max} berkas, masing-masing ≤ {max_mb} MB), lalu tekan Selesai. Bisa dilewati."
    ),
    "attachments_done": "✅ Selesai",
    "attachment_saved": "📎 Lampiran {count} diterima. Kirim lagi, atau tekan Selesai.",
    "q_anonymous": (
        "Langkah {n}/{total}. Laporkan secara anonim?\n"
        "Anonim: nama dan identitas Anda tidak ditampilkan kepada instansi yang menangani."
    ),
    "q_confidential": (
        "Langkah {n}/{total}. Jadikan laporan rahasia?\n"
        "Rahasia: isi laporan tidak dipublikasikan, hanya dilihat petugas yang menangani."
    ),
    "q_phone": (
        "Langkah {n}/{total}. Boleh petugas menghubungi Anda lewat telepon? Tekan tombol 📱 untuk "
        "membagikan nomor Anda, atau Lewati."
    ),
    "share_phone": "📱 Bagikan nomor saya",
    "yes": "Ya",
    "no": "Tidak",
    "skip": "Lewati",
    "back": "⬅️ Kembali",
    # Summary
    "summary_head": "Periksa laporan Anda sebelum dikirim:",
    "summary_body": (
        "Jenis: {type}\nJudul: {title}\n{story_label}: {description}{date_line}\n"
        "Lokasi: {location}\nLampiran: {attachments}\nAnonim: {anonymous}\nRahasia: {confidential}\n"
        "Telepon: {phone}"
    ),
    "summary_foot": "Tekan Kirim bila sudah benar, atau pilih bagian yang ingin diubah.",
    "send": "✅ Kirim laporan",
    "edit_field": "✏️ {field}",
    "cancel": "❌ Batal",
    "f_report_type": "Jenis",
    "f_title": "Judul",
    "f_description": "Kronologi",
    "f_event_date": "Tanggal",
    "f_location": "Lokasi",
    "f_attachments": "Lampiran",
    "f_anonymous": "Anonim",
    "f_confidential": "Rahasia",
    "f_phone": "Telepon",
    "none": "-",
    "location_pin": "titik peta ({lat:.5f}, {lon:.5f})",
    "n_files": "{n} berkas",
    "answered": "{question}\n\n➡️ {answer}",
    # Submit
    "submitted": (
        "✅ Laporan Anda sudah kami terima.\n\nNomor laporan: {number}\n\n"
        "Simpan nomor ini. Cek perkembangannya kapan saja dengan /status {number}. "
        "Kami akan mengabari Anda di sini setiap ada perubahan."
    ),
    "already_submitted": "Laporan ini sudah terkirim dengan nomor {number}.",
    # Cancel / back / help
    "cancel_confirm": "Batalkan laporan ini? Semua yang sudah Anda isi akan dihapus.",
    "cancel_yes": "Ya, batalkan",
    "cancel_no": "Tidak, lanjutkan",
    "cancelled": "Laporan dibatalkan. Ketik /lapor untuk membuat laporan baru.",
    "nothing_to_cancel": "Tidak ada laporan yang sedang diisi. Ketik /lapor untuk mulai.",
    "nothing_to_go_back": "Ini sudah langkah pertama.",
    "help": (
        "Cara memakai layanan ini:\n"
        "/lapor – buat laporan baru (atau lanjutkan draf)\n"
        "/status NOMOR – cek status laporan\n"
        "/laporanku – daftar laporan Anda\n"
        "/kembali – kembali satu langkah\n"
        "/batal – batalkan laporan yang sedang diisi\n"
        "/bahasa – ganti bahasa (Indonesia/English)\n"
        "/hapusdata – hapus data pribadi Anda\n"
        "Jawab setiap pertanyaan dengan mengetik atau menekan tombol. Draf Anda tersimpan "
        "otomatis, jadi Anda bisa berhenti dan melanjutkan kapan saja."
    ),
    "help_where": "Saat ini Anda sedang di langkah: {step}.",
    "resume": "Anda punya laporan yang belum selesai. Kita lanjutkan dari langkah terakhir:",
    "idle": "Ingin menyampaikan laporan? Tekan 📝 Buat laporan, atau pilih yang lain di bawah.",
    "new_report": "📝 Buat laporan",
    "group_only_private": (
        "Untuk membuat laporan, silakan chat saya secara pribadi (tekan nama saya, lalu Kirim Pesan)."
    ),
    "attachments_hint": "Kirim foto atau dokumen, atau tekan Selesai bila tidak ada lagi.",
    "delete_confirm": (
        "Hapus data pribadi Anda? Nama, username, nomor HP, dan draf laporan akan dihapus. "
        "Laporan yang sudah terkirim tetap ditangani dan kabarnya tetap kami kirim ke chat ini."
    ),
    "delete_yes": "Ya, hapus data saya",
    "f_summary": "Ringkasan",
    "f_agency": "Instansi tujuan",
    "q_agency": "Langkah {n}/{total}. Instansi yang menangani.",
    "q_agency_confident": "Menurut kami laporan ini ditangani oleh:\n{agency}\nKarena Anda menyebut: {why}.\nBenar?",
    "q_agency_choose": "Kami belum yakin instansi mana yang menangani. Pilih yang paling sesuai, atau Tidak tahu:",
    "agency_yes": "✅ Ya, benar",
    "agency_unknown": "🤷 Tidak tahu",
    # Similar reports (issue 14): shown before sending; following one instead
    "similar_head": "🔎 Sudah ada laporan serupa:",
    "similar_line": "• {number}, status: {status} (sama-sama menyebut: {words})",
    "similar_line_own": "• {number}, laporan Anda sendiri, status: {status} (sama-sama menyebut: {words})",
    "similar_ask": (
        "Ikuti laporan itu (Anda diberi tahu setiap perubahannya, laporan ini tidak dikirim) atau "
        "kirim laporan baru?"
    ),
    "similar_ask_own": "Kirim juga laporan baru ini?",
    "similar_follow": "👀 Ikuti {number}",
    "similar_send": "📨 Kirim laporan baru",
    "similar_following": (
        "✅ Anda mengikuti laporan {number} (status: {status}). Kami kabari setiap perubahannya. "
        "Laporan Anda tidak dikirim."
    ),
    "follow_notice": "🔔 Laporan yang Anda ikuti, {number}: {status}.",
    "merged_notice": (
        "🔗 Laporan {number} digabung dengan {target}, laporan masalah yang sama. Anda kini mengikuti "
        "{target} dan diberi tahu setiap perubahannya."
    ),
    "agency_kecamatan": (
        "Laporan seperti ini ditangani kecamatan tempat kejadian. Kami kirim ke kecamatan yang "
        "disebut di lokasi nanti; bila lokasinya tidak menyebut kecamatan atau desa, koordinator "
        "({coordinator}) yang meneruskannya."
    ),
    "agency_learned": "(«{term}»: dipelajari dari {n} laporan yang dialihkan staf ke {agency})",
    "agency_from_place": "{agency} (dari lokasi)",
    "agency_none": "Kami tidak bisa menebak instansinya; koordinator ({coordinator}) akan menentukannya.",
    "agency_by_coordinator": "ditentukan koordinator",
    "agency_vertical": (
        "{agency} adalah instansi vertikal (pusat). Laporan Anda akan diteruskan kepadanya oleh "
        "koordinator ({coordinator})."
    ),
    # Language
    "choose_language": "Pilih bahasa / Choose a language:",
    "language_set": "Bahasa diganti ke Bahasa Indonesia.",
    # Status
    "status_usage": (
        "Tulis nomor laporan setelah /status. Bentuknya {example} (x: angka dari pesan konfirmasi "
        "laporan Anda). Daftar laporan Anda: /laporanku"
    ),
    "number_prefix": "Nomor laporan di sini diawali {prefix}-.",
    "number_short": "Sepertinya ada angka yang kurang: nomor laporan punya 10 angka.",
    "number_long": "Sepertinya ada angka yang berlebih: nomor laporan punya 10 angka.",
    "number_check": "Satu angka mungkin salah ketik atau tertukar (angka terakhir adalah angka pemeriksa).",
    "number_shape": "Itu tidak tampak seperti nomor laporan.",
    "status_bad_number": (
        "Nomor \"{raw}\" tidak valid. {why} Nomor laporan berbentuk {example}."
    ),
    "status_not_found": "Laporan {number} tidak ditemukan di antara laporan Anda.",
    "my_reports_empty": "Anda belum punya laporan. Ketik /lapor untuk membuat laporan.",
    "my_reports_head": "Laporan Anda (terbaru dulu):",
    "my_reports_line": "• {number} – {title} – {status} ({created})",
    "my_reports_hint": "Tekan satu laporan untuk melihat riwayatnya, menambah keterangan atau foto, atau mencabutnya.",
    "my_followed_head": "Laporan warga lain yang Anda ikuti:",
    "my_followed_line": "• {number}: {status}",
    "btn_unfollow": "🔕 Berhenti mengikuti {number}",
    "unfollowed": "🔕 Anda tidak lagi mengikuti laporan {number}.",
    "btn_follow": "📄 {number} · {title}",
    "follow_head": "📄 Laporan {number}\nJudul: {title}\nJenis: {type}\nStatus: {status}",
    "follow_agency": "Instansi: {agency}",
    "follow_history": "Riwayat:",
    "follow_closed": "Laporan ini sudah selesai atau diarsipkan. Ada masalah baru? Buat laporan baru dari menu.",
    "h_submitted": "Laporan dikirim",
    "h_verify": "Diverifikasi dan diteruskan ke {agency}",
    "h_redispose": "Dialihkan ke {agency}",
    "h_defer": "Petugas meminta informasi tambahan: {note}",
    "h_resume": "Anda menjawab: {note}",
    "h_archive": "Diarsipkan: {note}",
    "h_withdraw": "Anda mencabut laporan ini",
    "h_start": "Mulai diproses oleh {agency}",
    "h_not_authority": "Dikembalikan ke koordinator untuk diteruskan ke instansi yang berwenang",
    "h_answer": "Tanggapan {agency}: {note}",
    "h_solved": "Anda menyatakan masalah sudah selesai",
    "h_close": "Ditutup sebagai selesai",
    "h_reopen": "Anda membuka laporan kembali",
    "h_message": "Pesan Anda: {note}",
    "h_added": "Anda menambahkan: {note}",
    "h_rated": "Penilaian Anda: {stars}",
    "h_files": "📎 {n} lampiran",
    "h_dropped": "… {n} catatan lebih lama tidak ditampilkan",
    "btn_add": "➕ Tambah keterangan/foto",
    "btn_withdraw": "↩️ Cabut laporan",
    "btn_to_list": "⬅️ Laporanku",
    "btn_add_done": "✅ Selesai",
    "add_prompt": (
        "Tulis keterangan tambahan atau kirim foto/dokumen untuk laporan {number}. Semua yang Anda "
        "kirim dalam {minutes} menit ke depan diteruskan ke petugas yang menanganinya. Tekan ✅ Selesai bila sudah."
    ),
    "add_form_open": (
        "Anda sedang mengisi laporan baru, dan yang Anda ketik masuk ke sana. Selesaikan atau ketik "
        "/batal dulu, lalu tekan ➕ Tambah keterangan/foto untuk laporan {number} lagi."
    ),
    "add_kept": "✅ Diteruskan ke petugas untuk laporan {number}. Ada lagi? Kirim saja, atau tekan ✅ Selesai.",
    "add_done": "Terima kasih. Keterangan Anda untuk laporan {number} sudah diteruskan.",
    "add_closed": (
        "Laporan {number} sudah {status}, jadi keterangan tidak bisa ditambahkan lagi. Bila masalahnya "
        "belum beres atau ada masalah baru, buat laporan baru."
    ),
    "add_media": (
        "Maaf, {media} belum bisa kami baca. Tulis keterangannya, atau kirim foto atau dokumen; laporan "
        "{number} tetap menunggu."
    ),
    "add_too_many": (
        "Laporan {number} sudah memiliki {max} lampiran, batas yang bisa diterima. Tulis keterangannya "
        "saja."
    ),
    "withdraw_confirm": (
        "Cabut laporan {number}? Laporan tidak akan diproses dan diarsipkan. Ini tidak bisa dibatalkan, "
        "tetapi Anda selalu bisa membuat laporan baru."
    ),
    "btn_withdraw_yes": "Ya, cabut laporan",
    "btn_withdraw_no": "Tidak, kembali",
    "withdraw_late": "Laporan {number} sudah diverifikasi ({status}), jadi tidak bisa dicabut lagi.",
    "n_withdrawn": "↩️ Laporan {number} sudah Anda cabut dan diarsipkan. Terima kasih telah memberi tahu.",
    "reason_withdrawn": "dicabut oleh pelapor",
    "status_new": "Diterima, menunggu verifikasi",
    # Ticket lifecycle, told to the citizen
    "status_dispositioned": "Diverifikasi, diteruskan ke instansi",
    "status_deferred": "Ditunda, menunggu informasi dari Anda",
    "status_in_progress": "Sedang diproses instansi",
    "status_answered": "Sudah ditanggapi instansi",
    "status_closed": "Selesai",
    "status_archived": "Diarsipkan",
    "n_dispositioned": (
        "📬 Laporan {number} sudah diverifikasi dan diteruskan ke {agency}. Instansi akan "
        "menindaklanjutinya paling lambat {due}."
    ),
    "n_in_progress": "🔧 Laporan {number} sedang diproses oleh {agency}. Kami kabari lagi bila ada tanggapan.",
    "n_deferred": (
        "❓ Petugas membutuhkan informasi tambahan untuk laporan {number}:\n\n{question}\n\n"
        "Balas (reply) pesan ini untuk menjawab. Laporan dilanjutkan setelah Anda menjawab."
    ),
    "n_resumed": "Terima kasih. Jawaban Anda untuk laporan {number} sudah diteruskan, dan laporan dilanjutkan.",
    "n_note_sent": "Pesan Anda untuk laporan {number} sudah diteruskan ke petugas.",
    "n_archived": (
        "🗄 Laporan {number} diarsipkan oleh koordinator: {reason}. Bila menurut Anda ini keliru, "
        "kirim laporan baru dengan keterangan yang lebih lengkap (/lapor)."
    ),
    "reason_spam": "bukan pengaduan (spam)",
    "reason_duplicate": "sama dengan laporan lain yang sudah ditangani",
    "reason_unintelligible": "isinya tidak dapat dipahami",
    "n_returned": (
        "↩️ Laporan {number} dikembalikan ke koordinator karena bukan wewenang {agency}; "
        "koordinator akan meneruskannya ke instansi yang berwenang."
    ),
    "n_answered": (
        "💬 Tanggapan {agency} untuk laporan {number}:\n\n{answer}\n\n"
        "Apakah masalah Anda sudah selesai? Anda juga bisa membalas (reply) pesan ini."
    ),
    "btn_solved": "✅ Sudah selesai",
    "btn_unsolved": "❌ Belum selesai",
    "n_closed": (
        "✅ Laporan {number} ditutup sebagai selesai. Seberapa puas Anda dengan penanganannya? "
        "(1 = sangat tidak puas, 5 = sangat puas)"
    ),
    "n_reopened": "🔁 Laporan {number} dibuka kembali dan diteruskan lagi ke {agency}.",
    "n_rated": "Terima kasih atas penilaian Anda: {stars}",
    "n_not_yours": "Laporan itu tidak ditemukan di antara laporan Anda.",
    "n_already": "Laporan {number} sudah berubah status: {status}.",
    "slow_down": (
        "Mohon maaf, pesan Anda terlalu banyak dalam waktu singkat. Tunggu sebentar (sekitar satu "
        "menit) lalu kirim lagi; pesan yang masuk selama itu tidak kami proses."
    ),
    # Bad input
    "too_short": "Terlalu singkat ({length} huruf). Mohon tulis minimal {min} huruf.",
    "too_long": (
        "Terlalu panjang ({length} huruf, maksimal {max}). Mohon dipersingkat. Teks Anda tidak "
        "kami simpan, jadi salin dulu bila perlu."
    ),
    "need_text": "Saya belum bisa membaca {media}. Mohon ketik jawaban Anda; draf Anda tetap tersimpan.",
    "media_sticker": "stiker",
    "media_voice": "pesan suara",
    "media_video_note": "video bulat",
    "media_audio": "audio",
    "media_animation": "GIF",
    "media_other": "jenis pesan ini",
    "media_poll": "polling",
    "use_buttons": "Mohon pilih salah satu tombol di bawah pertanyaan.",
    "date_unreadable": (
        "Maaf, tanggal \"{raw}\" tidak bisa saya baca. Contoh: 17/07, 17 Juli 2026, kemarin."
    ),
    "date_future": "Tanggal itu masih di masa depan. Mohon isi tanggal kejadian yang sudah lewat.",
    "date_too_old": "Tanggal itu terlalu lama. Mohon periksa tahunnya.",
    "file_too_big": (
        "Berkas terlalu besar ({size_mb:.1f} MB, maksimal {max_mb} MB). Mohon kirim yang lebih kecil."
    ),
    "too_many_files": "Maksimal {max} lampiran. Tekan Selesai untuk lanjut.",
    "file_kept_elsewhere": "📎 Lampiran disimpan (akan muncul di ringkasan).",
    "location_kept": "📍 Lokasi disimpan.",
    "wrong_contact": "Mohon bagikan nomor Anda sendiri dengan tombol 📱.",
    "phone_use_button": "Mohon tekan tombol 📱 Bagikan nomor saya, atau Lewati.",
    "unknown_command": "Perintah /{command} tidak dikenal. Ketik /bantuan untuk daftar perintah.",
    "stale_button": "Tombol ini dari pesan lama.",
    "stale_button_long": "Tombol tadi dari pesan lama. Ini pertanyaan yang sedang berjalan:",
    "invalid_button": "Tombol tidak dikenali.",
    "location_short": "Alamat terlalu singkat. Tulis nama tempat, desa, atau kecamatan.",
    "retention_years": "{n} tahun",
    "retention_year": "{n} tahun",
    "menu_lapor": "Buat laporan baru",
    "menu_status": "Cek status laporan",
    "menu_laporanku": "Daftar laporan saya",
    "menu_kembali": "Kembali satu langkah",
    "menu_batal": "Batalkan laporan yang sedang diisi",
    "menu_bahasa": "Ganti bahasa",
    "menu_bantuan": "Bantuan",
    "menu_hapusdata": "Hapus data pribadi saya",
    "chat_banner": "lapor-bot chat — {regency}. Ketik /start. {help}",
    "chat_help": (
        "(tombol: !1, !2 ...  lokasi: !lokasi -4.13,104.17  foto: !foto  dokumen: !dokumen nama.pdf  "
        "kontak: !kontak  stiker: !stiker  keluar: !keluar)"
    ),
    "chat_no_button": "(tidak ada tombol nomor itu)",
    "chat_location_example": "(contoh: !lokasi -4.1300,104.1700)",
    "chat_bot_says": "(bot: {text})",
    "error_apology": "Maaf, terjadi gangguan saat memproses pesan Anda. Silakan coba lagi sebentar lagi.",
    # Dates as the citizen gave them (flows/dates.py describe)
    "date_p_day": "{weekday}, {day} {month} {year}",
    "date_p_about": "sekitar {day}",
    "date_p_month": "{month} {year}",
    "date_p_early": "awal {month} {year}",
    "date_p_mid": "pertengahan {month} {year}",
    "date_p_late": "akhir {month} {year}",
    "date_p_unknown": "tidak ingat",
    "date_p_recurring": "berulang / terus terjadi",
    "weekday_0": "Senin", "weekday_1": "Selasa", "weekday_2": "Rabu", "weekday_3": "Kamis",
    "weekday_4": "Jumat", "weekday_5": "Sabtu", "weekday_6": "Minggu",
    # The story in several messages (flows/intake/telling.py)
    "q_description_aspirasi": (
        "Langkah {n}/{total}. Tuliskan usulan Anda: apa yang perlu diperbaiki atau dibuat, di mana, "
        "dan mengapa. Minimal {min} huruf; boleh dalam beberapa pesan."
    ),
    "q_description_informasi": (
        "Langkah {n}/{total}. Informasi apa yang Anda minta? Sebutkan selengkap mungkin, dan untuk "
        "keperluan apa. Minimal {min} huruf; boleh dalam beberapa pesan."
    ),
    "f_description_aspirasi": "Usulan",
    "f_description_informasi": "Informasi yang diminta",
    "summary_date": "Tanggal kejadian: {date}",
    "story_status": "✍️ Cerita diterima ({parts} pesan, {length} huruf).",
    "story_more_or_next": "Ada tambahan? Kirim saja, atau tekan Lanjut ▶️",
    "story_need_more": "Minimal {min} huruf — tambahkan sedikit lagi ({missing} huruf lagi).",
    "story_next": "Lanjut ▶️",
    "story_too_short": (
        "Ceritanya baru {length} huruf; minimal {min} huruf. Tambahkan sedikit lagi: apa yang terjadi, "
        "di mana, sejak kapan."
    ),
    "story_cut": (
        "✂️ Cerita maksimal {max} huruf. Bagian akhir ini ({length} huruf) tidak tersimpan; salin bila "
        "perlu dan kirim sebagai lampiran atau tulis lebih singkat:\n\n{cut}"
    ),
    "story_current": "Cerita Anda saat ini:\n«{story}»\nKirim cerita baru untuk menggantinya, atau tekan Lanjut.",
    "title_became_story": (
        "Judul Anda panjang ({length} huruf, maksimal {max}), jadi saya simpan sebagai awal cerita. "
        "Judulnya cukup singkat saja."
    ),
    "title_proposed": "Usul judul: «{title}»\nTekan tombol untuk memakainya, atau ketik judul lain.",
    "title_take": "✅ Pakai judul ini",
    # Text that fits no step: joined to the story, or kept as a note
    "misfit_story": "✍️ Saya tambahkan ke cerita Anda (sekarang {parts} pesan, {length} huruf).",
    "misfit_note": "📝 {note} saya simpan sebagai catatan tambahan; ikut terkirim bersama laporan.",
    "notes_head": "Catatan tambahan:",
    # Dates
    "date_unknown": "🤷 Tidak ingat",
    "date_recurring": "🔁 Berulang",
    "date_echo": "📅 {date} ({raw}) — salah? ketik ulang tanggalnya, atau tekan ⬅️ Kembali.",
    "date_taken_at_place": (
        "📅 Itu tanggal, bukan tempat: saya simpan sebagai tanggal kejadian ({date}). Sekarang, di mana "
        "lokasinya?"
    ),
    "attachments_none": "Tanpa lampiran",
}
