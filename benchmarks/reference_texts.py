"""What the reference bots (`reference_aiogram.py`, `reference_ptb.py`) say: the product's
prompts, shortened, carrying every substring and button label `load.py`'s Citizen waits for.
One module so that both references say the same and cost the same to send."""

from __future__ import annotations

from typing import Any

WELCOME = ("Selamat datang di layanan pengaduan Kabupaten Ogan Komering Ulu.\n"
           "Dengan menekan Setuju, Anda mengizinkan kami menyimpan laporan dan data kontak Anda "
           "untuk menindaklanjutinya.")
AGREE, DISAGREE = "✅ Setuju", "Tidak setuju"
TYPES = (("pengaduan", "📣 Pengaduan"), ("aspirasi", "💡 Aspirasi"), ("informasi", "ℹ️ Permintaan informasi"))
STEP_TYPE = "Terima kasih. Mari kita mulai laporan Anda.\n\nLangkah 1/10. Apa jenis laporan Anda?"
STEP_TITLE = ("Langkah 2/10. Tulis judul singkat laporan Anda (10–150 huruf).\n"
              "Contoh: Jalan berlubang di Jl. Dr. Moh. Hatta")
TITLE_LENGTH = "Judul harus 10–150 huruf. Coba lagi."
STEP_STORY = ("Langkah 3/10. Ceritakan apa yang terjadi (kronologi): apa, di mana, sejak kapan, "
              "siapa yang terdampak. Minimal 30 huruf.")
NEXT = "Lanjut ▶️"
STORY_STATUS = "✍️ Cerita diterima (1 pesan, {length} huruf).\nAda tambahan? Kirim saja, atau tekan Lanjut ▶️"
STORY_LENGTH = "Ceritanya minimal 30 huruf. Coba lagi."
AGENCIES = ("Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Pendidikan", "Dinas Kesehatan")
CONFIRM_AGENCY = "✅ Ya, benar"
STEP_AGENCY = f"Langkah 4/10. Instansi yang menangani.\n\nMenurut kami laporan ini ditangani oleh:\n{AGENCIES[0]}"
TODAY, YESTERDAY = "Hari ini", "Kemarin"
STEP_DATE = "Langkah 5/10. Kapan kejadiannya? Pilih tombol atau ketik tanggal."
SEND_LOCATION = "📍 Kirim lokasi saya"
STEP_LOCATION = "Langkah 6/10. Di mana lokasinya? Kirim lokasi dengan tombol 📍, atau ketik alamat. Bisa dilewati."
STEP_ATTACHMENTS = "Langkah 7/10. Ada foto atau dokumen pendukung? Kirim, lalu tekan Selesai. Bisa dilewati."
STEP_ANONYMOUS = "Langkah 8/10. Laporkan secara anonim?"
STEP_CONFIDENTIAL = "Langkah 9/10. Jadikan laporan rahasia?"
SHARE_PHONE = "📱 Bagikan nomor saya"
STEP_PHONE = "Langkah 10/10. Boleh petugas menghubungi Anda lewat telepon? Tekan tombol 📱, atau Lewati."
YES, NO, SKIP, BACK = "Ya", "Tidak", "Lewati", "⬅️ Kembali"
SEND, EDIT = "✅ Kirim laporan", "✏️ Ubah"


def summary(data: dict[str, Any]) -> str:
    def yes_no(flag: object) -> str:
        return YES if flag else NO

    return (f"Periksa laporan Anda sebelum dikirim:\n\n"
            f"Jenis: {dict(TYPES)[data['report_type']]}\nJudul: {data['title']}\nKronologi: {data['story']}\n"
            f"Instansi: {data['agency']}\nTanggal: {data['date']}\nLokasi: {data.get('location') or '-'}\n"
            f"Anonim: {yes_no(data.get('anonymous'))}\nRahasia: {yes_no(data.get('confidential'))}")


def received(number: int) -> str:
    return (f"✅ Laporan Anda sudah kami terima.\n\nNomor laporan: REF-{number:06d}\n\n"
            f"Simpan nomor ini untuk menanyakan perkembangannya.")
