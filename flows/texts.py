"""Every sentence the bot says, keyed, one catalog per language (Indonesian first).

Replies are sent as plain text (no parse mode), so a citizen's own words always appear literally.
"""

from __future__ import annotations

LANGUAGES = ("id", "en")

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
        "Jenis: {type}\nJudul: {title}\nKronologi: {description}\nTanggal kejadian: {date}\n"
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
    "idle": "Ingin menyampaikan laporan? Ketik /lapor atau tekan tombol di bawah.",
    "new_report": "📝 Buat laporan",
    "group_only_private": "Untuk membuat laporan, silakan chat saya secara pribadi (tekan nama saya, lalu Kirim Pesan).",
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
    "status_usage": "Tulis nomor laporan setelah /status, misalnya: /status {example}",
    "status_bad_number": (
        "Nomor \"{raw}\" tidak valid. Periksa lagi, nomor laporan berbentuk {example}."
    ),
    "status_not_found": "Laporan {number} tidak ditemukan di antara laporan Anda.",
    "status_view": (
        "Laporan {number}\nJudul: {title}\nJenis: {type}\nStatus: {status}\n"
        "Dikirim: {created}\nPerubahan terakhir: {updated}"
    ),
    "my_reports_empty": "Anda belum punya laporan. Ketik /lapor untuk membuat laporan.",
    "my_reports_head": "Laporan Anda (terbaru dulu):",
    "my_reports_line": "• {number} – {title} – {status} ({created})",
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
    "need_text": "Saya belum bisa membaca {media}. Mohon ketik jawaban Anda.",
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
    "error_apology": "Maaf, terjadi gangguan saat memproses pesan Anda. Silakan coba lagi sebentar lagi.",
}

EN: dict[str, str] = {
    "welcome": (
        "Welcome to the complaint service of {regency}. 🙏\n"
        "Here you can send a complaint, a suggestion or a request for information to the "
        "regional government, as on LAPOR! SP4N."
    ),
    "privacy": (
        "🔒 We keep your name & Telegram account, your report, its attachments and your phone "
        "number if you share it, only to follow up your report (Law 27/2022 on personal data).\n"
        "Data is kept while your report is handled and {retention} after; ask for deletion any "
        "time with /hapusdata."
    ),
    "consent_question": "Do you agree to your data being processed for that purpose?",
    "consent_yes": "✅ I agree",
    "consent_no": "I do not agree",
    "consent_given": "Thank you. Let's start your report.",
    "consent_refused": (
        "All right, we keep no report data. Without consent we cannot take a report. "
        "Send /start if you change your mind."
    ),
    "consent_needed": "Before making a report, please read and accept the data processing below.",
    "data_deleted": (
        "Your name, username, phone number and draft have been deleted. Send /start to report "
        "again."
    ),
    "q_report_type": "Step {n}/{total}. What kind of report is it?",
    "type_pengaduan": "📣 Complaint",
    "type_aspirasi": "💡 Suggestion",
    "type_informasi": "❓ Information request",
    "q_title": (
        "Step {n}/{total}. Write a short title for your report ({min}–{max} characters).\n"
        "Example: Potholes on Jl. Dr. Moh. Hatta"
    ),
    "q_description": (
        "Step {n}/{total}. Tell us what happened: what, where, since when, who is affected. "
        "At least {min} characters."
    ),
    "q_event_date": (
        "Step {n}/{total}. When did it happen? Press a button or type a date, e.g. 17/07, "
        "17 July 2026, or yesterday."
    ),
    "date_today": "Today",
    "date_yesterday": "Yesterday",
    "q_location": (
        "Step {n}/{total}. Where is it? Share a location with the 📍 button, or type the address/"
        "place (village, district). You may skip this."
    ),
    "share_location": "📍 Share my location",
    "q_attachments": (
        "Step {n}/{total}. Any photos or documents? Send one or more (up to {max} files, each "
        "≤ {max_mb} MB), then press Done. You may skip this."
    ),
    "attachments_done": "✅ Done",
    "attachment_saved": "📎 Attachment {count} received. Send more, or press Done.",
    "q_anonymous": (
        "Step {n}/{total}. Report anonymously?\n"
        "Anonymous: your name and identity are not shown to the agency handling it."
    ),
    "q_confidential": (
        "Step {n}/{total}. Make the report confidential?\n"
        "Confidential: the content is not published; only the officers handling it see it."
    ),
    "q_phone": (
        "Step {n}/{total}. May an officer call you? Press 📱 to share your number, or Skip."
    ),
    "share_phone": "📱 Share my number",
    "yes": "Yes",
    "no": "No",
    "skip": "Skip",
    "back": "⬅️ Back",
    "summary_head": "Please check your report before sending:",
    "summary_body": (
        "Type: {type}\nTitle: {title}\nWhat happened: {description}\nDate: {date}\n"
        "Place: {location}\nAttachments: {attachments}\nAnonymous: {anonymous}\n"
        "Confidential: {confidential}\nPhone: {phone}"
    ),
    "summary_foot": "Press Send if it is right, or pick a part to change.",
    "send": "✅ Send report",
    "edit_field": "✏️ {field}",
    "cancel": "❌ Cancel",
    "f_report_type": "Type",
    "f_title": "Title",
    "f_description": "What happened",
    "f_event_date": "Date",
    "f_location": "Place",
    "f_attachments": "Attachments",
    "f_anonymous": "Anonymous",
    "f_confidential": "Confidential",
    "f_phone": "Phone",
    "none": "-",
    "location_pin": "map pin ({lat:.5f}, {lon:.5f})",
    "n_files": "{n} file(s)",
    "answered": "{question}\n\n➡️ {answer}",
    "submitted": (
        "✅ We have received your report.\n\nReport number: {number}\n\n"
        "Keep this number. Check progress any time with /status {number}. "
        "We will message you here whenever something changes."
    ),
    "already_submitted": "This report was already sent as number {number}.",
    "cancel_confirm": "Cancel this report? Everything you filled in will be deleted.",
    "cancel_yes": "Yes, cancel",
    "cancel_no": "No, continue",
    "cancelled": "Report cancelled. Send /lapor to start a new one.",
    "nothing_to_cancel": "No report is being filled in. Send /lapor to start.",
    "nothing_to_go_back": "This is already the first step.",
    "help": (
        "How to use this service:\n"
        "/lapor – new report (or continue your draft)\n"
        "/status NUMBER – check a report's status\n"
        "/laporanku – list your reports\n"
        "/kembali – go back one step\n"
        "/batal – cancel the report being filled in\n"
        "/bahasa – change language (Indonesia/English)\n"
        "/hapusdata – delete your personal data\n"
        "Answer each question by typing or pressing a button. Your draft is saved as you go, so "
        "you can stop and continue any time."
    ),
    "help_where": "You are now at step: {step}.",
    "resume": "You have an unfinished report. Let's continue from where you were:",
    "idle": "Want to send a report? Send /lapor or press the button below.",
    "new_report": "📝 New report",
    "group_only_private": "To make a report, please chat with me privately (tap my name, then Send Message).",
    "attachments_hint": "Send photos or documents, or press Done when there are no more.",
    "delete_confirm": (
        "Delete your personal data? Your name, username, phone number and draft will be deleted. "
        "Reports already sent are still handled and their news still comes to this chat."
    ),
    "delete_yes": "Yes, delete my data",
    "f_summary": "Summary",
    "f_agency": "Agency",
    "q_agency": "Step {n}/{total}. The agency that handles it.",
    "q_agency_confident": "We think this is handled by:\n{agency}\nBecause you mentioned: {why}.\nIs that right?",
    "q_agency_choose": "We are not sure which agency handles this. Pick the closest, or I don't know:",
    "agency_yes": "✅ Yes, right",
    "agency_unknown": "🤷 I don't know",
    "agency_none": "We could not tell the agency; the coordinator ({coordinator}) will decide.",
    "agency_by_coordinator": "to be decided by the coordinator",
    "agency_vertical": (
        "{agency} is a central-government (vertical) office. The coordinator ({coordinator}) will "
        "forward your report to it."
    ),
    "choose_language": "Pilih bahasa / Choose a language:",
    "language_set": "Language changed to English.",
    "status_usage": "Put the report number after /status, for example: /status {example}",
    "status_bad_number": "\"{raw}\" is not a valid number. Report numbers look like {example}.",
    "status_not_found": "Report {number} is not among your reports.",
    "status_view": (
        "Report {number}\nTitle: {title}\nType: {type}\nStatus: {status}\n"
        "Sent: {created}\nLast change: {updated}"
    ),
    "my_reports_empty": "You have no reports yet. Send /lapor to make one.",
    "my_reports_head": "Your reports (newest first):",
    "my_reports_line": "• {number} – {title} – {status} ({created})",
    "status_new": "Received, awaiting verification",
    "status_dispositioned": "Verified, sent to the agency",
    "status_deferred": "On hold, waiting for information from you",
    "status_in_progress": "Being handled by the agency",
    "status_answered": "Answered by the agency",
    "status_closed": "Closed (solved)",
    "status_archived": "Archived",
    "n_dispositioned": (
        "📬 Report {number} has been verified and sent to {agency}. The agency will follow it up "
        "by {due} at the latest."
    ),
    "n_in_progress": "🔧 Report {number} is being handled by {agency}. We will tell you when they answer.",
    "n_deferred": (
        "❓ The officers need more information for report {number}:\n\n{question}\n\n"
        "Reply to this message to answer. The report continues once you answer."
    ),
    "n_resumed": "Thank you. Your answer for report {number} has been passed on and the report continues.",
    "n_note_sent": "Your message about report {number} has been passed on to the officers.",
    "n_archived": (
        "🗄 Report {number} was archived by the coordinator: {reason}. If you think this is a "
        "mistake, send a new report with more detail (/lapor)."
    ),
    "reason_spam": "not a complaint (spam)",
    "reason_duplicate": "the same as another report already being handled",
    "reason_unintelligible": "its content could not be understood",
    "n_returned": (
        "↩️ Report {number} went back to the coordinator because it is not {agency}'s authority; "
        "the coordinator will pass it to the right agency."
    ),
    "n_answered": (
        "💬 {agency}'s answer to report {number}:\n\n{answer}\n\n"
        "Is your problem solved? You can also reply to this message."
    ),
    "btn_solved": "✅ Solved",
    "btn_unsolved": "❌ Not solved",
    "n_closed": (
        "✅ Report {number} is closed as solved. How satisfied are you with how it was handled? "
        "(1 = very unsatisfied, 5 = very satisfied)"
    ),
    "n_reopened": "🔁 Report {number} is reopened and sent again to {agency}.",
    "n_rated": "Thank you for your rating: {stars}",
    "n_not_yours": "That report is not among your reports.",
    "n_already": "Report {number} has already changed: {status}.",
    "slow_down": (
        "Sorry, that is a lot of messages in a short time. Please wait a moment (about a minute) "
        "and send again; messages sent meanwhile are not handled."
    ),
    "too_short": "Too short ({length} characters). Please write at least {min}.",
    "too_long": (
        "Too long ({length} characters, at most {max}). Please shorten it. We did not keep this "
        "text, so copy it first if you need it."
    ),
    "need_text": "I cannot read {media} yet. Please type your answer.",
    "media_sticker": "stickers",
    "media_voice": "voice messages",
    "media_video_note": "video notes",
    "media_audio": "audio",
    "media_animation": "GIFs",
    "media_other": "this kind of message",
    "media_poll": "polls",
    "use_buttons": "Please choose one of the buttons under the question.",
    "date_unreadable": (
        "Sorry, I cannot read the date \"{raw}\". Examples: 17/07, 17 July 2026, yesterday."
    ),
    "date_future": "That date is in the future. Please give the date it happened.",
    "date_too_old": "That date is too long ago. Please check the year.",
    "file_too_big": "File too large ({size_mb:.1f} MB, at most {max_mb} MB). Please send a smaller one.",
    "too_many_files": "At most {max} attachments. Press Done to continue.",
    "file_kept_elsewhere": "📎 Attachment kept (it will show in the summary).",
    "location_kept": "📍 Location kept.",
    "wrong_contact": "Please share your own number with the 📱 button.",
    "phone_use_button": "Please press 📱 Share my number, or Skip.",
    "unknown_command": "Unknown command /{command}. Send /bantuan for the list of commands.",
    "stale_button": "This button is from an old message.",
    "stale_button_long": "That button was from an old message. This is the current question:",
    "invalid_button": "Unknown button.",
    "location_short": "The address is too short. Write the place, village or district.",
    "error_apology": "Sorry, something went wrong while handling your message. Please try again shortly.",
}

CATALOG: dict[str, dict[str, str]] = {"id": ID, "en": EN}


def t(lang: str, key: str, **params: object) -> str:
    text = CATALOG.get(lang, ID).get(key) or ID[key]
    return text.format(**params) if params else text
