"""What the bot says to citizens, in English. Same keys as citizen_id.py."""

from __future__ import annotations

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
    "consent_brief": (
        "🔒 Your data (name, Telegram account, report, phone number if you share it) is used only to "
        "follow up your report (Law 27/2022 on personal data), kept until {retention} after the report "
        "is closed, and you can delete it any time with /hapusdata."
    ),
    "privacy_more": "📄 Read in full",
    "greet": "Hello{name}! 👋",
    "home_prompt": "How can I help? Choose below, or send /help.",
    "home_thanks": "You're welcome 🙏 Anything else I can help with?",
    "home_after_send": "Anything else I can help with?",
    "home_new": "📝 New report",
    "held_status": (
        "📥 Kept for now: {what}. Once you agree they go into your "
        "report; if you do not, they are deleted (after 3 days at most if you do not answer)."
    ),
    "held_album": (
        "📥 Kept for now: your photos. Once you agree they go into your report; if you do not, they "
        "are deleted (after 3 days at most if you do not answer)."
    ),
    "held_n_texts": "{n} message(s)",
    "held_n_files": "{n} photo(s)/file(s)",
    "held_and": " and ",
    "held_nothing": "nothing",
    "held_deleted": "The messages and files you sent have been deleted.",
    "consent_given_held": (
        "Thank you. What you sent ({what}) is in this report; "
        "let's complete it."
    ),
    "stale_draft": (
        "You have an unfinished report since {when}:\n«{title}» (last at step {step}).\n"
        "Continue that report, or start a new one?"
    ),
    "stale_kept_for_now": "I have kept the message you just sent; it is not taken as an answer yet.",
    "stale_resume": "▶️ Continue",
    "stale_fresh": "🆕 Start anew",
    "stale_noted": "Your message was kept as an extra note on the report: {note}",
    "stale_fresh_done": (
        "The old draft is gone. Let's start a new report; what you just sent ({what}) is in it."
    ),
    "home_mine": "📂 My reports",
    "home_status": "🔎 Check status",
    "home_help": "❓ Help",
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
        "Type: {type}\nTitle: {title}\n{story_label}: {description}{date_line}\n"
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
    "idle": "Want to send a report? Press 📝 New report, or choose something else below.",
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
    # Similar reports (issue 14): shown before sending; following one instead
    "similar_head": "🔎 There is already a similar report:",
    "similar_line": "• {number}, status: {status} (both mention: {words})",
    "similar_line_own": "• {number}, your own report, status: {status} (both mention: {words})",
    "similar_ask": (
        "Follow that report (you are told of every change; this one is not sent) or send a new report?"
    ),
    "similar_ask_own": "Send this new report as well?",
    "similar_follow": "👀 Follow {number}",
    "similar_send": "📨 Send a new report",
    "similar_following": (
        "✅ You follow report {number} (status: {status}). We will tell you of every change. "
        "Your report was not sent."
    ),
    "follow_notice": "🔔 The report you follow, {number}: {status}.",
    "merged_notice": (
        "🔗 Report {number} was merged into {target}, a report of the same problem. You now follow "
        "{target} and are told of every change."
    ),
    "agency_kecamatan": (
        "Reports like this are handled by the kecamatan where it happened. We will send it to the "
        "kecamatan your location names; if it names no kecamatan or village, the coordinator "
        "({coordinator}) forwards it."
    ),
    "agency_learned": "(«{term}»: learned from {n} reports staff moved to {agency})",
    "agency_from_place": "{agency} (from the location)",
    "agency_none": "We could not tell the agency; the coordinator ({coordinator}) will decide.",
    "agency_by_coordinator": "to be decided by the coordinator",
    "agency_vertical": (
        "{agency} is a central-government (vertical) office. The coordinator ({coordinator}) will "
        "forward your report to it."
    ),
    "choose_language": "Pilih bahasa / Choose a language:",
    "language_set": "Language changed to English.",
    "status_usage": (
        "Put the report number after /status. It looks like {example} (x: the digits from your report's "
        "confirmation). Your reports: /laporanku"
    ),
    "status_bad_number": "\"{raw}\" is not a valid number. {why} Report numbers look like {example}.",
    "number_prefix": "Report numbers here begin with {prefix}-.",
    "number_short": "A digit seems to be missing: report numbers have 10 digits.",
    "number_long": "There seems to be a digit too many: report numbers have 10 digits.",
    "number_check": "One digit may be mistyped or two swapped (the last digit is a check digit).",
    "number_shape": "That does not look like a report number.",
    "status_not_found": "Report {number} is not among your reports.",
    "my_reports_empty": "You have no reports yet. Send /lapor to make one.",
    "my_reports_head": "Your reports (newest first):",
    "my_reports_line": "• {number} – {title} – {status} ({created})",
    "my_reports_hint": "Press a report to see its history, add details or photos, or withdraw it.",
    "my_followed_head": "Other citizens' reports you follow:",
    "my_followed_line": "• {number}: {status}",
    "btn_unfollow": "🔕 Stop following {number}",
    "unfollowed": "🔕 You no longer follow report {number}.",
    "btn_follow": "📄 {number} · {title}",
    "follow_head": "📄 Report {number}\nTitle: {title}\nType: {type}\nStatus: {status}",
    "follow_agency": "Agency: {agency}",
    "follow_history": "History:",
    "follow_closed": "This report is closed or archived. A new problem? Make a new report from the menu.",
    "h_submitted": "Report sent",
    "h_verify": "Verified and forwarded to {agency}",
    "h_redispose": "Moved to {agency}",
    "h_defer": "The officers asked for more information: {note}",
    "h_resume": "You answered: {note}",
    "h_archive": "Archived: {note}",
    "h_withdraw": "You withdrew this report",
    "h_start": "{agency} started working on it",
    "h_not_authority": "Returned to the coordinator to be forwarded to the agency in charge",
    "h_answer": "Answer from {agency}: {note}",
    "h_solved": "You said the problem is solved",
    "h_close": "Closed as solved",
    "h_reopen": "You reopened the report",
    "h_message": "Your message: {note}",
    "h_added": "You added: {note}",
    "h_rated": "Your rating: {stars}",
    "h_files": "📎 {n} attachment(s)",
    "h_dropped": "… {n} older entries not shown",
    "btn_add": "➕ Add details/photos",
    "btn_withdraw": "↩️ Withdraw report",
    "btn_to_list": "⬅️ My reports",
    "btn_add_done": "✅ Done",
    "add_prompt": (
        "Write more details or send photos/documents for report {number}. Everything you send in the "
        "next {minutes} minutes goes to the officers handling it. Press ✅ Done when finished."
    ),
    "add_form_open": (
        "You are filling in a new report, and what you type goes there. Finish it or type /batal "
        "first, then press ➕ Add details/photos for report {number} again."
    ),
    "add_kept": "✅ Passed on to the officers for report {number}. Anything else? Just send it, or press ✅ Done.",
    "add_done": "Thank you. Your details for report {number} have been passed on.",
    "add_closed": (
        "Report {number} is already {status}, so nothing more can be added to it. If the problem is "
        "not fixed, or it is a new one, please make a new report."
    ),
    "add_media": (
        "Sorry, we cannot read {media} yet. Please write it down, or send a photo or document; report "
        "{number} keeps waiting."
    ),
    "add_too_many": (
        "Report {number} already has {max} attachments, the most it can take. Please write the details "
        "instead."
    ),
    "withdraw_confirm": (
        "Withdraw report {number}? It will not be handled and will be archived. This cannot be undone, "
        "but you can always make a new report."
    ),
    "btn_withdraw_yes": "Yes, withdraw it",
    "btn_withdraw_no": "No, go back",
    "withdraw_late": "Report {number} has already been verified ({status}), so it can no longer be withdrawn.",
    "n_withdrawn": "↩️ You withdrew report {number}; it is archived. Thank you for letting us know.",
    "reason_withdrawn": "withdrawn by the reporter",
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
    "need_text": "I cannot read {media} yet. Please type your answer; your draft is kept.",
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
    "retention_years": "{n} years",
    "retention_year": "{n} year",
    "menu_lapor": "New report",
    "menu_status": "Check a report's status",
    "menu_laporanku": "My reports",
    "menu_kembali": "Go back one step",
    "menu_batal": "Cancel the report being filled in",
    "menu_bahasa": "Change language",
    "menu_bantuan": "Help",
    "menu_hapusdata": "Delete my personal data",
    "chat_banner": "lapor-bot chat — {regency}. Type /start. {help}",
    "chat_help": (
        "(buttons: !1, !2 ...  location: !lokasi -4.13,104.17  photo: !foto  document: !dokumen name.pdf  "
        "contact: !kontak  sticker: !stiker  quit: !keluar)"
    ),
    "chat_no_button": "(there is no button with that number)",
    "chat_location_example": "(for example: !lokasi -4.1300,104.1700)",
    "chat_bot_says": "(bot: {text})",
    "error_apology": "Sorry, something went wrong while handling your message. Please try again shortly.",
    # Dates as the citizen gave them (flows/dates.py describe)
    "date_p_day": "{weekday}, {day} {month} {year}",
    "date_p_about": "around {day}",
    "date_p_month": "{month} {year}",
    "date_p_early": "early {month} {year}",
    "date_p_mid": "mid-{month} {year}",
    "date_p_late": "late {month} {year}",
    "date_p_unknown": "don't remember",
    "date_p_recurring": "recurring / still happening",
    "weekday_0": "Monday", "weekday_1": "Tuesday", "weekday_2": "Wednesday", "weekday_3": "Thursday",
    "weekday_4": "Friday", "weekday_5": "Saturday", "weekday_6": "Sunday",
    # The story in several messages (flows/intake/telling.py)
    "q_description_aspirasi": (
        "Step {n}/{total}. Write your suggestion: what should be improved or built, where, and why. "
        "At least {min} characters; several messages are fine."
    ),
    "q_description_informasi": (
        "Step {n}/{total}. What information are you asking for? Be as complete as you can, and say "
        "what it is for. At least {min} characters; several messages are fine."
    ),
    "f_description_aspirasi": "Suggestion",
    "f_description_informasi": "Information requested",
    "summary_date": "Date of the incident: {date}",
    "story_status": "✍️ Story received (message(s): {parts}, {length} characters).",
    "story_more_or_next": "Anything to add? Just send it, or press Next ▶️",
    "story_need_more": "At least {min} characters — add a little more ({missing} to go).",
    "story_next": "Next ▶️",
    "story_too_short": (
        "The story has only {length} characters; at least {min} are needed. Add a little: what "
        "happened, where, since when."
    ),
    "story_cut": (
        "✂️ A story can have at most {max} characters. This last part ({length} characters) was not "
        "kept; copy it if you need it, and send it as an attachment or shorter:\n\n{cut}"
    ),
    "story_current": "Your story so far:\n«{story}»\nSend a new story to replace it, or press Next.",
    "title_became_story": (
        "Your title is long ({length} characters, at most {max}), so I kept it as the start of your "
        "story. A short title is enough."
    ),
    "title_proposed": "Suggested title: «{title}»\nPress the button to use it, or type another title.",
    "title_take": "✅ Use this title",
    # Text that fits no step: joined to the story, or kept as a note
    "misfit_story": "✍️ I added that to your story (now {parts} messages, {length} characters).",
    "misfit_note": "📝 I kept {note} as an additional note; it is sent with the report.",
    "notes_head": "Additional notes:",
    # Dates
    "date_unknown": "🤷 Don't remember",
    "date_recurring": "🔁 Recurring",
    "date_echo": "📅 {date} ({raw}) — wrong? type the date again, or press ⬅️ Back.",
    "date_taken_at_place": (
        "📅 That is a date, not a place: I kept it as the date of the incident ({date}). Now, where "
        "did it happen?"
    ),
    "attachments_none": "No attachments",
}
