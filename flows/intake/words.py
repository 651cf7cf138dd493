"""Words citizens type instead of pressing a button, by what they mean."""

from __future__ import annotations

SKIP_WORDS = {"lewati", "skip", "lewat", "tidak ada", "tdk ada", "gak ada", "ga ada", "no", "-"}
DONE_WORDS = {"selesai", "done", "sudah", "sdh", "cukup", "lanjut", "next"} | SKIP_WORDS
YES_WORDS = {"ya", "y", "iya", "yes", "yup", "ok", "oke", "boleh", "setuju"}
NO_WORDS = {"tidak", "tdk", "gak", "ga", "nggak", "enggak", "no", "n", "jangan", "bukan"}
# Typed answers to a choice step, by the step's field.
CHOICE_WORDS: dict[str, dict[str, str]] = {
    "report_type": {
        "pengaduan": "pengaduan", "aduan": "pengaduan", "keluhan": "pengaduan", "complaint": "pengaduan",
        "1": "pengaduan", "aspirasi": "aspirasi", "saran": "aspirasi", "usulan": "aspirasi",
        "suggestion": "aspirasi", "2": "aspirasi", "informasi": "informasi", "info": "informasi",
        "permintaan informasi": "informasi", "information": "informasi", "3": "informasi",
    },
}
# Media the citizen is told by name that the form cannot read.
NAMED_MEDIA = ("sticker", "voice", "video_note", "audio", "animation", "poll")
