"""The reference bot for `load.py`: the complaint form as most people would first write it, in
plain aiogram 3 with its in-memory FSM (MemoryStorage). A handler per state, nothing durable:
a restart forgets every conversation and every report. It exists to put a price on the
product's durability and its engine: `load.py compare` drives it and the product with the same
citizens in one run.

    BOT_TOKEN=... TELEGRAM_API_URL=http://127.0.0.1:PORT python benchmarks/reference_aiogram.py

Every prompt carries the text and the buttons `load.py`'s Citizen waits for ("Selamat datang",
"Langkah N/", "Periksa laporan", "Nomor laporan"; buttons found by label), and the Bot API calls
per step are the product's: a pressed button is answered, its message edited to show the
choice (which also removes its keyboard), and the next prompt is a new message; the story is
acknowledged with a Lanjut button; a typed place or Lewati is echoed at the top of the next
prompt (the reply keyboard hides itself once used).
Polling is aiogram's default (`start_polling`: updates handled as tasks, SIGTERM stops it).
"""

from __future__ import annotations

import asyncio
import itertools
import os

import reference_texts as T
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

router = Router(name=__name__)
_numbers = itertools.count(1)


class Form(StatesGroup):
    consent = State()
    report_type = State()
    title = State()
    story = State()
    agency = State()
    date = State()
    location = State()
    attachments = State()
    anonymous = State()
    confidential = State()
    phone = State()
    summary = State()


def inline(*rows: tuple[tuple[str, str], ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=data)
                                                  for label, data in row] for row in rows])


def reply_keyboard(first: KeyboardButton) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(keyboard=[[first], [KeyboardButton(text=T.SKIP)]],
                               resize_keyboard=True, one_time_keyboard=True)


def yes_no(step: str) -> InlineKeyboardMarkup:
    return inline(((T.YES, f"{step}:yes"), (T.NO, f"{step}:no")), ((T.BACK, f"{step}:back"),))


async def chosen(query: CallbackQuery, label: str) -> Message:
    """Answer the press and show the choice under its question (the keyboard goes with the edit)."""
    await query.answer()
    message = query.message
    assert isinstance(message, Message)
    await message.edit_text(f"{message.text}\n\n➡️ {label}")
    return message


@router.message(CommandStart())
async def start(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(Form.consent)
    await message.answer(T.WELCOME, reply_markup=inline(((T.AGREE, "consent:yes"), (T.DISAGREE, "consent:no"))))


@router.callback_query(Form.consent, F.data == "consent:yes")
async def consent(query: CallbackQuery, state: FSMContext) -> None:
    message = await chosen(query, T.AGREE)
    await state.set_state(Form.report_type)
    await message.answer(T.STEP_TYPE, reply_markup=inline(*(((label, f"type:{key}"),) for key, label in T.TYPES)))


@router.callback_query(Form.report_type, F.data.startswith("type:"))
async def report_type(query: CallbackQuery, state: FSMContext) -> None:
    key = (query.data or "").removeprefix("type:")
    message = await chosen(query, dict(T.TYPES)[key])
    await state.update_data(report_type=key)
    await state.set_state(Form.title)
    await message.answer(T.STEP_TITLE, reply_markup=inline(((T.BACK, "title:back"),)))


@router.message(Form.title, F.text)
async def title(message: Message, state: FSMContext) -> None:
    text = (message.text or "").strip()
    if not 10 <= len(text) <= 150:
        await message.answer(T.TITLE_LENGTH)
        return
    await state.update_data(title=text)
    await state.set_state(Form.story)
    await message.answer(T.STEP_STORY, reply_markup=inline(((T.BACK, "story:back"),)))


@router.message(Form.story, F.text)
async def story(message: Message, state: FSMContext) -> None:
    text = (message.text or "").strip()
    if len(text) < 30:
        await message.answer(T.STORY_LENGTH)
        return
    await state.update_data(story=text)
    await message.answer(T.STORY_STATUS.format(length=len(text)), reply_markup=inline(((T.NEXT, "story:next"),)))


@router.callback_query(Form.story, F.data == "story:next")
async def story_done(query: CallbackQuery, state: FSMContext) -> None:
    message = await chosen(query, T.NEXT)
    await state.set_state(Form.agency)
    rows = [((T.CONFIRM_AGENCY, "agency:0"),)] + [((name, f"agency:{i}"),) for i, name in enumerate(T.AGENCIES[1:], 1)]
    await message.answer(T.STEP_AGENCY, reply_markup=inline(*rows))


@router.callback_query(Form.agency, F.data.startswith("agency:"))
async def agency(query: CallbackQuery, state: FSMContext) -> None:
    name = T.AGENCIES[int((query.data or "agency:0").removeprefix("agency:"))]
    message = await chosen(query, name)
    await state.update_data(agency=name)
    await state.set_state(Form.date)
    await message.answer(T.STEP_DATE, reply_markup=inline(((T.TODAY, "date:today"), (T.YESTERDAY, "date:yesterday")),
                                                           ((T.BACK, "date:back"),)))


@router.callback_query(Form.date, F.data.startswith("date:"))
async def date(query: CallbackQuery, state: FSMContext) -> None:
    label = T.TODAY if query.data == "date:today" else T.YESTERDAY
    message = await chosen(query, label)
    await state.update_data(date=label)
    await state.set_state(Form.location)
    await message.answer(T.STEP_LOCATION,
                         reply_markup=reply_keyboard(KeyboardButton(text=T.SEND_LOCATION, request_location=True)))


@router.message(Form.location, F.text)
async def location(message: Message, state: FSMContext) -> None:
    text = (message.text or "").strip()
    await state.update_data(location=None if text == T.SKIP else text)
    await state.set_state(Form.attachments)
    await message.answer(f"📍 {text}\n\n{T.STEP_ATTACHMENTS}",
                         reply_markup=inline(((T.SKIP, "files:done"),), ((T.BACK, "files:back"),)))


@router.callback_query(Form.attachments, F.data == "files:done")
async def attachments(query: CallbackQuery, state: FSMContext) -> None:
    message = await chosen(query, T.SKIP)
    await state.set_state(Form.anonymous)
    await message.answer(T.STEP_ANONYMOUS, reply_markup=yes_no("anon"))


@router.callback_query(Form.anonymous, F.data.in_({"anon:yes", "anon:no"}))
async def anonymous(query: CallbackQuery, state: FSMContext) -> None:
    yes = query.data == "anon:yes"
    message = await chosen(query, T.YES if yes else T.NO)
    await state.update_data(anonymous=yes)
    await state.set_state(Form.confidential)
    await message.answer(T.STEP_CONFIDENTIAL, reply_markup=yes_no("secret"))


@router.callback_query(Form.confidential, F.data.in_({"secret:yes", "secret:no"}))
async def confidential(query: CallbackQuery, state: FSMContext) -> None:
    yes = query.data == "secret:yes"
    message = await chosen(query, T.YES if yes else T.NO)
    await state.update_data(confidential=yes)
    await state.set_state(Form.phone)
    await message.answer(T.STEP_PHONE,
                         reply_markup=reply_keyboard(KeyboardButton(text=T.SHARE_PHONE, request_contact=True)))


@router.message(Form.phone, F.text == T.SKIP)
async def phone(message: Message, state: FSMContext) -> None:
    await state.update_data(phone=None)
    await state.set_state(Form.summary)
    await message.answer(f"➡️ {T.SKIP}\n\n{T.summary(await state.get_data())}",
                         reply_markup=inline(((T.SEND, "summary:send"),), ((T.EDIT, "summary:edit"),)))


@router.callback_query(Form.summary, F.data == "summary:send")
async def send(query: CallbackQuery, state: FSMContext) -> None:
    message = await chosen(query, T.SEND)
    await state.clear()
    await message.answer(T.received(next(_numbers)))


def main() -> None:
    base = os.environ.get("TELEGRAM_API_URL")
    session = AiohttpSession(api=TelegramAPIServer.from_base(base)) if base else AiohttpSession()
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dp = Dispatcher()  # MemoryStorage
    dp.include_router(router)
    asyncio.run(dp.start_polling(bot))


if __name__ == "__main__":
    main()
