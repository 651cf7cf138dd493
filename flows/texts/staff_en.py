"""What the bot says to staff in desk groups and to admins, in English. Same keys as staff_id.py."""

from __future__ import annotations

EN: dict[str, str] = {
    "card_head": "📋 {number} · {type}",
    "card_moved": "📦 {number} moved to {agency}",
    "card_moved_coordinator": "the coordinator desk",
    "card_status": "Status: {status}",
    "card_due": "Due: {due}",
    "card_overdue": "Due: {due} ⚠️ OVERDUE",
    "card_agency": "Agency: {agency}",
    "card_proposal": "Proposed agency: {agency} ({how})",
    "card_proposal_none": "Proposed agency: none yet (coordinator triage)",
    "how_citizen_confirmed": "confirmed by the citizen; matched: {why}",
    "how_kecamatan": "the kecamatan from the location: {why}",
    "card_proposal_local": (
        "Proposed agency: the kecamatan where it happened"
        " (the location names none; coordinator triage)"
    ),
    "how_learned": "; learned from staff corrections: {terms}",
    "how_citizen_picked": "picked by the citizen",
    "how_citizen_unsure": "the citizen did not know",
    "how_no_match": "no match",
    "card_vertical": "⚠️ Vertical (central government) office: the coordinator forwards this report.",
    "card_title": "Title: {title}",
    "card_story": "What happened: {description}",
    "card_date": "Date of the event: {date}",
    "card_place": "Place: {place}",
    "card_pin": "map pin below",
    "card_files": "Attachments: {n} file(s) (below)",
    "card_confidential": "Confidential: yes (do not publish)",
    "card_reporter": "Reporter: {who}",
    "card_anonymous": "Reporter: anonymous",
    "card_rating": "Citizen's rating: {stars}",
    "card_archived": "Archived because: {reason}",
    "card_hint_answer": "↩️ Reply to this card to send an answer to the reporter.",
    "st_new": "🆕 New, waiting for verification",
    "st_dispositioned": "📬 Forwarded, waiting for follow-up",
    "st_deferred": "⏸ On hold, waiting for the reporter",
    "st_in_progress": "🔧 In progress",
    "st_answered": "💬 Answered, waiting for the reporter's confirmation",
    "st_closed": "✅ Closed",
    "st_archived": "🗄 Archived",
    "b_verify": "✅ Verify → {agency}",
    "b_choose": "↪️ Choose agency",
    "b_start": "▶️ Start",
    "b_defer": "⏸ Hold (ask the reporter)",
    "b_not_authority": "🚫 Not our authority",
    "b_archive": "🗄 Archive",
    "b_arch_spam": "Spam",
    "b_arch_duplicate": "Duplicate",
    "b_arch_unintelligible": "Unintelligible",
    "r_spam": "spam",
    "r_duplicate": "duplicate",
    "r_unintelligible": "unintelligible",
    "prompt_archive": "Why archive {number}?",
    "prompt_choose": (
        "Forward {number} to which agency? Suggestions from the report below; for another agency: "
        "/disposisi {number} CODE (codes: /instansi)."
    ),
    "prompt_defer": (
        "❓ Write the question for the reporter of {number}: reply to this message. The report is on "
        "hold until the reporter answers."
    ),
    "note_citizen": "💬 Message from the reporter of {number}:\n\n{text}",
    "note_citizen_answer": "💬 The reporter's answer for {number} (the report resumes):\n\n{text}",
    "note_citizen_file": "📎 A further attachment from the reporter of {number} (attachment {n}){caption}",
    "note_withdrawn": "↩️ The reporter withdrew {number} before verification; it is archived.",
    "r_withdrawn": "withdrawn by the reporter",
    "note_unsolved": "🔁 The reporter says {number} is NOT solved; the report is reopened.",
    "note_solved": "✅ The reporter says {number} is solved. A rating follows.",
    "note_rated": "⭐ The reporter rated the handling of {number}: {stars}",
    "note_disposed_here": "📥 A new report was forwarded to this desk by the coordinator.",
    "note_returned": "↩️ {agency} says {number} is not its authority; back to the coordinator.",
    "note_answer_sent": "The answer for {number} was sent to the reporter.",
    "ok_changed": "Recorded: {status}",
    "refuse_member": "You are not a member of this desk; nothing was changed.",
    "refuse_not_desk": "This group is not an agency desk yet. Admin: /meja CODE or /meja koordinator.",
    "refuse_not_yours": "Report {number} does not belong to this desk.",
    "refuse_moved_on": "{number} has already changed to: {status}. The card was updated.",
    "refuse_race": "Another officer has just changed {number}. The card was updated.",
    "refuse_transition": "Cannot {action} {number} in status {status}.",
    "refuse_reply_target": (
        "To answer a report, reply to its 📋 card. This message is not a report card."
    ),
    "refuse_answer_new": "{number} is not verified yet. Verify it first, or Hold to ask the reporter.",
    "refuse_too_long": "The text is too long ({length} characters, at most {max}).",
    "refuse_admin": "This command is for admins only.",
    "refuse_admin_group": ("This command is for admins only. "
                           "Further commands from you in this group go unanswered for a minute."),
    "refuse_group_only": "Send this command in the group that is to become a desk.",
    "desk_usage": "Usage: /meja AGENCY_CODE or /meja koordinator. Codes: /instansi",
    "desk_unknown": "Unknown agency code \"{code}\". Codes: /instansi",
    "desk_set": "✅ This group is now the desk of {agency}. Reports for this agency will appear here.",
    "desk_set_coordinator": "✅ This group is now the coordinator's desk. Every new report appears here.",
    "admin_usage": "Usage: /admin USER_ID (without an id: the list of admins)",
    "admin_granted": "✅ User {user} is now an admin.",
    "ticket_usage": "Usage: /tiket NUMBER",
    "ticket_not_found": "Report {number} was not found.",
    "history_head": "History:",
    "history_line": "• {at} · {actor} · {what}",
    "search_usage": "Usage: /cari WORD [WORD...]",
    "search_none": "No report matches.",
    "search_head": "Search results (newest first):",
    "search_line": "• {number} · {status} · {title}",
    "dispose_usage": "Usage: /disposisi NUMBER AGENCY_CODE",
    "dispose_done": "✅ {number} was forwarded to {agency}.",
    "stats_head": "📊 Report statistics",
    "stats_status": "By status:",
    "stats_agency": "Open reports by agency:",
    "stats_overdue": "Open and overdue: {n}",
    "stats_median": "Median time to the first answer: {value}",
    "stats_none": "none yet",
    "agencies_head": (
        "🏛 Agencies and their desks (✅ has a desk, ⚠️ the bot was removed from its desk, "
        "➖ goes to the coordinator's desk):"
    ),
    "agencies_line": "{mark} {code} · {name}",
    "agencies_coordinator": "Coordinator's desk: {desk}",
    "no_desk": "none yet",
    "actor_citizen": "reporter",
    "actor_system": "system",
    "ev_submitted": "submitted",
    "ev_routed": "proposed agency: {agency}",
    "ev_message": "message: {note}",
    "hours": "{n:.1f} hours",
    "days": "{n:.1f} days",
    "delivery_failing": (
        "⚠️ Delivering message #{item} to chat {chat} keeps failing ({kind}: {error}). Check the bot's "
        "connection to Telegram and its log."
    ),
    "worker_silent": (
        "⚠️ A lapor-bot process stopped heartbeating without an orderly stop:\n{workers}\n"
        "Another process takes over its duties; check that machine and its log."
    ),
    "worker_silent_line": "• {host} pid {pid} ({role}), silent for {seconds} s",
    "health_head": "Delivery health",
    "health_backlog": "Backlog (not sent yet): {n}",
    "health_held": "Held for unreachable chats: {n}",
    "health_failed": "Failed for good: {n}",
    "health_sent": "Sent: {n}",
    "health_oldest": "Oldest unsent message: {age}",
    "health_failures": "Failures by kind: {kinds}",
    "health_unreachable": "Chats that blocked the bot: {n}",
    "health_process": "This process: {sender}",
    # --- the bot removed from / added back to a desk group (flows/desks/membership.py)
    "card_no_desk": "⚠️ {agency} has no active desk: this report is handled at the coordinator desk.",
    "desk_lost_admin": (
        "⚠️ The bot was removed from the group «{title}», the desk of {agency}, by {who}. {n} open "
        "report(s) moved to the coordinator desk{numbers}. To restore it: add the bot to that group "
        "again and send /meja {code} there."
    ),
    "desk_lost_coordinator": (
        "⚠️ The bot was removed from the desk of {agency} («{title}»). Its {n} open report(s) are "
        "handled here now{numbers}."
    ),
    "coordinator_lost_admin": (
        "🚨 ATTENTION: the bot was removed from the COORDINATOR DESK «{title}» by {who}. New reports "
        "have no desk and wait ({n} open report(s) have no desk now). Add the bot to the coordinator's "
        "group and send /meja koordinator there."
    ),
    "desk_back_hint": (
        "👋 The bot is back. This group was the desk of {agency}; its reports are at the coordinator "
        "desk now. Admins: send /meja {code} here to make it the desk again."
    ),
    "desk_back_coordinator": (
        "✅ The desk of {agency} is active again («{title}»): {n} open report(s) went back to it."
    ),
    "coordinator_back_hint": (
        "👋 The bot is back. This group was the coordinator desk. Admins: send /meja koordinator here "
        "to make it the desk again."
    ),
    "numbers_list": ": {numbers}",
    # --- admins: list, revoke, audit, where admin commands answer, /meja confirmed (issue 10 point 5)
    "admins_head": "👤 Admins:",
    "admins_root": "• {user} · ADMIN_IDS (fixed; changed in the settings, cannot be revoked by command)",
    "admins_granted": "• {user} · granted by {by} · {at}",
    "admins_none_granted": "No admin has been granted by command yet.",
    "admins_hint": "Grant: /admin USER_ID · revoke: /cabut USER_ID (both for ADMIN_IDS admins only)",
    "refuse_root_only": "Only an admin from ADMIN_IDS can grant or revoke admin.",
    "admin_already": "User {user} is already an admin.",
    "admin_is_root": "User {user} is an admin from ADMIN_IDS: changed in the settings, not by command.",
    "revoke_usage": "Usage: /cabut USER_ID (or /admin hapus USER_ID)",
    "admin_revoked": "✅ User {user} is no longer an admin.",
    "admin_not_granted": "User {user} is not an admin granted by command; nothing was revoked.",
    "audit_head": "🧾 Audit trail ({n} latest, newest first):",
    "audit_none": "The audit trail is empty.",
    "audit_line": "• {at} · {actor} · {action}{rest}",
    "audit_usage": "Usage: /audit [COUNT], 1 to {max}",
    "refuse_private_only": (
        "🔒 /{command} shows personal data: send this command in a private chat with the bot. "
        "Further refusals for you in this group go unanswered for a minute."
    ),
    "refuse_ticket_here": (
        "🔒 /tiket shows personal data: send it in a private chat with the bot, or in the desk that "
        "holds the report. Further refusals for you in this group go unanswered for a minute."
    ),
    "desk_confirm_head": "⚠️ Make this group {desk}?",
    "desk_confirm_move": ("• {desk} is now the group «{title}»: that group stops being a desk and its cards "
                          "are withdrawn."),
    "desk_confirm_public": (
        "• This group is public (@{username}): anyone can read the report cards here, including the "
        "reporter's name and phone number."
    ),
    "desk_confirm_ask": "Only an admin can answer.",
    "b_desk_yes": "✅ Yes, make it the desk",
    "b_desk_no": "✖️ Cancel",
    "desk_confirm_admin_only": "Only an admin can answer this question.",
    "desk_confirm_stale": "This question has expired: that desk has changed since. Send /meja again if needed.",
    "desk_confirm_cancelled": "✖️ Cancelled: this group did not become a desk.",
    "desk_confirm_done": "✅ Confirmed.",
    "desk_name_coordinator": "the coordinator's desk",
    "desk_name_agency": "the desk of {agency}",
    "desk_moved_away": (
        "ℹ️ This group is no longer {desk}: an admin moved it to the group «{title}». The report cards "
        "here are withdrawn; new reports no longer appear here."
    ),
    # Erasure (issue 10 point 2): /hapuswarga and erased reporters
    "card_reporter_erased": "Reporter: identity erased on request/retention",
    "erase_usage": (
        "Usage: /hapuswarga TICKET_NUMBER|USER_ID REASON\n"
        "Erases the citizen's identity (name, username, phone) in all their reports. A reason is "
        "required, e.g.: written request of 1 December."
    ),
    "erase_private_only": "This command concerns personal data: run it in a private chat with the bot.",
    "erase_not_found": "No citizen with ticket or ID {what}.",
    "erase_done": "The citizen's identity was erased from {n} reports. Recorded in the audit log with the reason.",
    # Similar reports (issue 14): the coordinator's card, "Gabungkan"
    "card_similar": "🔎 Possibly the same as: {reports}",
    "card_followers": "👥 Followed by {n} other citizens (the same problem)",
    "b_merge": "🔗 Merge into {number}",
    "merge_done": "{number} merged into {target}; {n} citizens now follow it.",
    "refuse_merge": "{number} cannot be merged into that report (archived, confidential, or not this desk's).",
    # Routing learned from corrections (issue 14): /dipelajari and /lupakan
    "learned_head": (
        "🧠 Learned from staff corrections: {n} terms, from {examples} settled reports "
        "({corrections} corrected). +: pulls towards the agency, −: away from it."
    ),
    "learned_line": "{sign} «{term}» → {agency}: {reports} reports moved, {people} people{capped}",
    "learned_capped": " (capped at {cap} per person)",
    "learned_none": (
        "Nothing learned yet: it takes corrections (Choose agency, /disposisi, Not ours) of at least "
        "{n} reports sharing a word."
    ),
    "learned_more": "… and {n} more (lapor-bot routing learned lists them all).",
    "learned_foot": "Remove a term: /lupakan TERM [CODE]",
    "forget_usage": (
        "Usage: /lupakan TERM [AGENCY_CODE]\n"
        "The term is no longer learned for that agency (without a code: for any). Terms: /dipelajari"
    ),
    "forget_done": "✅ «{term}» is no longer learned for {agency}. Recorded in the audit log.",
    "forget_again": "«{term}» was already vetoed for {agency}.",
    "forget_all": "every agency",
}
