"""What the deadline clock, the daily digest, the reports and the export say, in English."""

from __future__ import annotations

EN: dict[str, str] = {
    "n_overdue": (
        "⏳ We are sorry: report {number} is late. Its deadline ({due}) has passed. "
        "The coordinator has been notified and will follow it up with the agency handling it. "
        "We will tell you as soon as there is news."
    ),
    "card_below": "⤵️ {number}: this card moved to the bottom.",
    "card_late": "Due: {due} ⚠️ LATE (marked {since})",
    "b_open": "📋 {number}",
    "remind_one": "⏰ Reminder: {number} is due {due}. Its card is below.",
    "remind_many": "⏰ Reminder: {n} reports at this desk are due soon.",
    "overdue_many": "⚠️ {n} reports are past their deadline:",
    "escalate_head": "🚨 Escalation: {n} reports are more than {days} working days past their deadline.",
    "escalate_line": "• {number} · {agency} · {status} · due {due}",
    "digest_line": "• {number} · {agency} · due {due} · {status} · {title}",
    "digest_line_late": "• ⚠️ {number} · {agency} · due {due} · {status} · {title}",
    "digest_more": "… and {n} more",
    "digest_head": "🗓 Daily summary for {desk}, {day}",
    "digest_counts": (
        "New: {new} · In progress: {in_progress} · Due today: {due_today} · "
        "Overdue: {overdue} · Waiting for the reporter: {waiting}"
    ),
    "digest_section_overdue": "Overdue:",
    "digest_section_due_today": "Due today:",
    "digest_section_new": "New:",
    "digest_section_in_progress": "In progress:",
    "digest_section_waiting": "Waiting for the reporter:",
    "digest_empty": "No open reports at this desk. 👍",
    "export_private_only": "An export holds personal data: ask for /ekspor in a private chat with the bot.",
    "export_format": "Dates: /ekspor [from] [to], e.g. /ekspor 2026-11 or /ekspor 2026-11-01 2026-11-15.",
    "export_future": "That range starts after today: there are no reports in it yet.",
    "export_reversed": "The 'to' date is before the 'from' date. Example: /ekspor 2026-11-01 2026-11-30.",
    "export_empty": "No reports came in from {first} to {last}; no file sent.",
    "report_format": "Choose a period: /laporan bulan (month), /laporan minggu (week), or /laporan 2026-11.",
    "report_empty": "No reports came in from {first} to {last}; no chart sent.",
    "report_head": "📊 Report {first} to {last}: {n} reports came in. By agency (in · answered · on time):",
    "report_line": "• {agency}: {n} · {answered} · {share}",
    "export_ready": "📄 Export of {n} reports that came in from {first} to {last} (XLSX, one row per report).",
}
