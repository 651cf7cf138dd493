"""The reference bot for `load.py` on python-telegram-bot: `reference_aiogram.py`'s form (the
same texts, buttons and Bot API calls per step; see its docstring for why it exists) as a
ConversationHandler, in memory (no persistence), with updates handled concurrently as the
product's PTB runner does.

Concurrency is PTB's own update processor (the one `concurrent_updates(True)` builds, 256 at
once) with one lock per chat around it. Without the lock the form breaks under load, as PTB
warns ("ConversationHandler heavily relies on incoming updates being processed one by one"):
the conversation's next state is the callback's return value, recorded only after the
callback's last send has returned, and a citizen who answers that prompt at once is handled in
the old state (with 200 citizens, 108 forms stalled: a story taken for a title). Chats stay
side by side, a chat's updates go one at a time, which is what the product guarantees too.

    BOT_TOKEN=... TELEGRAM_API_URL=http://127.0.0.1:PORT python benchmarks/reference_ptb.py
"""

from __future__ import annotations

import asyncio
import itertools
import os
import warnings
from collections import defaultdict
from collections.abc import Awaitable
from typing import Any

import reference_texts as T
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

(CONSENT, REPORT_TYPE, TITLE, STORY, AGENCY, DATE, LOCATION, ATTACHMENTS, ANONYMOUS, CONFIDENTIAL, PHONE,
 SUMMARY) = range(12)
Context = ContextTypes.DEFAULT_TYPE
_numbers = itertools.count(1)


class OneAtATimePerChat(BaseUpdateProcessor):
    """Updates side by side, except two of one chat."""

    def __init__(self) -> None:
        super().__init__(max_concurrent_updates=256)
        self._locks: defaultdict[int | None, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        async with self._locks[chat.id if chat else None]:
            await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def inline(*rows: tuple[tuple[str, str], ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data) for label, data in row]
                                 for row in rows])


def reply_keyboard(first: KeyboardButton) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup([[first], [KeyboardButton(T.SKIP)]], resize_keyboard=True, one_time_keyboard=True)


def yes_no(step: str) -> InlineKeyboardMarkup:
    return inline(((T.YES, f"{step}:yes"), (T.NO, f"{step}:no")), ((T.BACK, f"{step}:back"),))


def form(context: Context) -> dict[str, Any]:
    assert context.user_data is not None
    return context.user_data


async def say(update: Update, context: Context, text: str, markup: Any = None) -> None:
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def chosen(update: Update, label: str) -> str:
    """Answer the press and show the choice under its question (the keyboard goes with the edit);
    returns the button's data."""
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer()
    text = getattr(query.message, "text", None) or ""
    await query.edit_message_text(f"{text}\n\n➡️ {label}")
    return query.data or ""


def typed(update: Update) -> str:
    assert update.message is not None
    return (update.message.text or "").strip()


async def start(update: Update, context: Context) -> int:
    form(context).clear()
    await say(update, context, T.WELCOME, inline(((T.AGREE, "consent:yes"), (T.DISAGREE, "consent:no"))))
    return CONSENT


async def consent(update: Update, context: Context) -> int:
    await chosen(update, T.AGREE)
    await say(update, context, T.STEP_TYPE, inline(*(((label, f"type:{key}"),) for key, label in T.TYPES)))
    return REPORT_TYPE


async def report_type(update: Update, context: Context) -> int:
    data = update.callback_query.data if update.callback_query else None
    key = (data or "").removeprefix("type:")
    await chosen(update, dict(T.TYPES)[key])
    form(context)["report_type"] = key
    await say(update, context, T.STEP_TITLE, inline(((T.BACK, "title:back"),)))
    return TITLE


async def title(update: Update, context: Context) -> int:
    text = typed(update)
    if not 10 <= len(text) <= 150:
        await say(update, context, T.TITLE_LENGTH)
        return TITLE
    form(context)["title"] = text
    await say(update, context, T.STEP_STORY, inline(((T.BACK, "story:back"),)))
    return STORY


async def story(update: Update, context: Context) -> int:
    text = typed(update)
    if len(text) < 30:
        await say(update, context, T.STORY_LENGTH)
        return STORY
    form(context)["story"] = text
    await say(update, context, T.STORY_STATUS.format(length=len(text)), inline(((T.NEXT, "story:next"),)))
    return STORY


async def story_done(update: Update, context: Context) -> int:
    await chosen(update, T.NEXT)
    rows = [((T.CONFIRM_AGENCY, "agency:0"),)] + [((name, f"agency:{i}"),) for i, name in enumerate(T.AGENCIES[1:], 1)]
    await say(update, context, T.STEP_AGENCY, inline(*rows))
    return AGENCY


async def agency(update: Update, context: Context) -> int:
    data = update.callback_query.data if update.callback_query else None
    name = T.AGENCIES[int((data or "agency:0").removeprefix("agency:"))]
    await chosen(update, name)
    form(context)["agency"] = name
    await say(update, context, T.STEP_DATE, inline(((T.TODAY, "date:today"), (T.YESTERDAY, "date:yesterday")),
                                                   ((T.BACK, "date:back"),)))
    return DATE


async def date(update: Update, context: Context) -> int:
    today = update.callback_query is not None and update.callback_query.data == "date:today"
    label = T.TODAY if today else T.YESTERDAY
    await chosen(update, label)
    form(context)["date"] = label
    await say(update, context, T.STEP_LOCATION, reply_keyboard(KeyboardButton(T.SEND_LOCATION, request_location=True)))
    return LOCATION


async def location(update: Update, context: Context) -> int:
    text = typed(update)
    form(context)["location"] = None if text == T.SKIP else text
    await say(update, context, f"📍 {text}\n\n{T.STEP_ATTACHMENTS}",
              inline(((T.SKIP, "files:done"),), ((T.BACK, "files:back"),)))
    return ATTACHMENTS


async def attachments(update: Update, context: Context) -> int:
    await chosen(update, T.SKIP)
    await say(update, context, T.STEP_ANONYMOUS, yes_no("anon"))
    return ANONYMOUS


async def anonymous(update: Update, context: Context) -> int:
    yes = update.callback_query is not None and update.callback_query.data == "anon:yes"
    await chosen(update, T.YES if yes else T.NO)
    form(context)["anonymous"] = yes
    await say(update, context, T.STEP_CONFIDENTIAL, yes_no("secret"))
    return CONFIDENTIAL


async def confidential(update: Update, context: Context) -> int:
    yes = update.callback_query is not None and update.callback_query.data == "secret:yes"
    await chosen(update, T.YES if yes else T.NO)
    form(context)["confidential"] = yes
    await say(update, context, T.STEP_PHONE, reply_keyboard(KeyboardButton(T.SHARE_PHONE, request_contact=True)))
    return PHONE


async def phone(update: Update, context: Context) -> int:
    form(context)["phone"] = None
    buttons = inline(((T.SEND, "summary:send"),), ((T.EDIT, "summary:edit"),))
    await say(update, context, f"➡️ {T.SKIP}\n\n{T.summary(form(context))}", buttons)
    return SUMMARY


async def send(update: Update, context: Context) -> int:
    await chosen(update, T.SEND)
    form(context).clear()
    await say(update, context, T.received(next(_numbers)))
    return ConversationHandler.END


def build(token: str, base: str | None) -> Application:
    builder = ApplicationBuilder().token(token).concurrent_updates(OneAtATimePerChat())
    if base:
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    application = builder.build()
    text = filters.TEXT & ~filters.COMMAND
    # per_message=False (one conversation per chat and user, as the aiogram FSM keys it) makes PTB
    # warn that button presses are not tracked per message; that is what is wanted here.
    warnings.filterwarnings("ignore", category=PTBUserWarning)
    application.add_handler(ConversationHandler(
        entry_points=[CommandHandler("start", start)],
        states={
            CONSENT: [CallbackQueryHandler(consent, pattern="^consent:yes$")],
            REPORT_TYPE: [CallbackQueryHandler(report_type, pattern="^type:")],
            TITLE: [MessageHandler(text, title)],
            STORY: [MessageHandler(text, story), CallbackQueryHandler(story_done, pattern="^story:next$")],
            AGENCY: [CallbackQueryHandler(agency, pattern="^agency:")],
            DATE: [CallbackQueryHandler(date, pattern="^date:")],
            LOCATION: [MessageHandler(text, location)],
            ATTACHMENTS: [CallbackQueryHandler(attachments, pattern="^files:done$")],
            ANONYMOUS: [CallbackQueryHandler(anonymous, pattern="^anon:(yes|no)$")],
            CONFIDENTIAL: [CallbackQueryHandler(confidential, pattern="^secret:(yes|no)$")],
            PHONE: [MessageHandler(filters.Text([T.SKIP]), phone)],
            SUMMARY: [CallbackQueryHandler(send, pattern="^summary:send$")],
        },
        fallbacks=[CommandHandler("start", start)],
    ))
    return application


def main() -> None:
    build(os.environ["BOT_TOKEN"], os.environ.get("TELEGRAM_API_URL")).run_polling()


if __name__ == "__main__":
    main()
