"""Button data: every press the bot draws decodes back to itself, the wire formats of buttons
already in citizens' and staff's chats keep their meaning, and anything else is refused."""

import pytest

from flows.callbacks import (
    CitizenPress,
    Consent,
    DeleteData,
    DeskConfirm,
    FormPress,
    Language,
    Menu,
    Privacy,
    StaffPress,
    decode,
)

PRESSES = [
    Consent(True, "id"), Consent(False, "en"), Language("en"), Menu(), Menu("mine"), Menu("status"), Menu("help"),
    Privacy("id"), Privacy("en"), DeleteData(),
    FormPress(12, "pick", "aspirasi"), FormPress(3, "back"), FormPress(7, "edit", "event_date"),
    StaffPress(5, "verify", 3), StaffPress(5, "to", 4, "PUPR"), StaffPress(9, "arch_spam", 1),
    CitizenPress(5, "solved", 7), CitizenPress(5, "rate", 8, 4),
    *(CitizenPress(10**11, action, 10**8) for action in ("view", "list", "add", "done", "withdraw", "withdraw_yes")),
    DeskConfirm(True, "PUPR", -1002002), DeskConfirm(False, None, 0), DeskConfirm(True, "A" * 32, -10**16 + 1),
]


@pytest.mark.parametrize("press", PRESSES, ids=lambda p: p.encode())
def test_every_press_round_trips(press):
    assert decode(press.encode()) == press
    assert len(press.encode().encode()) <= 64


@pytest.mark.parametrize("data, press", [
    ("c:y:id", Consent(True, "id")),
    ("m:new", Menu("new")),
    ("f12:pick:aspirasi", FormPress(12, "pick", "aspirasi")),
    ("t:5:verify:3", StaffPress(5, "verify", 3)),
    ("k:5:rate:7:4", CitizenPress(5, "rate", 7, 4)),
])
def test_wire_formats_of_buttons_already_sent_keep_their_meaning(data, press):
    assert decode(data) == press


@pytest.mark.parametrize("data", [
    None, "", "x", "c:y:fr", "l:de", "m:old", "d:n", "f:pick", "fx:pick", "f1:PICK", "f1:pick:Aspirasi",
    "t:5:verify", "t:a:verify:3", "t:5:verify:3:pupr", "k:5:rate:7:6", "k:5:delete:7", "k:5:view", "k:5:withdraw_no:7",
    "t:5:verify:3\n", "f" + "9" * 10 + ":pick",
    "a:desk:y:pupr:3", "a:desk:x:-:1", "a:desk:y:-:", "a:desk:y::3", "a:desk:y:-:1:2", "a:desk:y:-:-0", "a:desk:y:-:01",
])
def test_anything_else_is_refused(data):
    assert decode(data) is None


def test_data_over_telegram_limit_cannot_be_drawn():
    with pytest.raises(ValueError):
        StaffPress(1, "to", 1, "X" * 60).encode()
