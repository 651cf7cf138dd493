"""How the core puts one reply into a chat, through a collecting fake client (no framework, no
HTTP); tests/test_ptb_adapter.py checks that both real clients render the calls the same way."""

from __future__ import annotations

import pytest

from flows.delivery import MessageGone, NotModified, Rejected, deliver, rejected
from flows.events import Button, Reply


class Client:
    """Records every primitive call; `edit_error` is what an edit raises."""

    def __init__(self, edit_error: Exception | None = None) -> None:
        self.calls: list[tuple] = []
        self.edit_error = edit_error
        self.next_id = 100

    async def send_text(self, chat_id, text, markup):
        self.next_id += 1
        self.calls.append(("text", text, markup is not None and bool(markup.buttons)))
        return self.next_id

    async def edit_text(self, chat_id, message_id, text, buttons):
        self.calls.append(("edit", message_id, text))
        if self.edit_error is not None:
            raise self.edit_error

    async def send_location(self, chat_id, latitude, longitude):
        self.calls.append(("location", latitude, longitude))

    async def send_file(self, chat_id, kind, file_id, name=None):
        self.calls.append(("file", kind, file_id))

    async def send_album(self, chat_id, files, names):
        self.calls.append(("album", [f for _, f in files]))


async def test_text_then_pin_then_files_keyboard_on_the_last_part():
    client = Client()
    reply = Reply("kata " * 1500, buttons=[[Button("OK", "ok")]], location=(-4.1, 104.1),
                  media=[("photo", "p1"), ("document", "d1"), ("photo", "p2")])
    message_id = await deliver(client, 1, reply)
    kinds = [c[0] for c in client.calls]
    assert kinds == ["text", "text", "location", "album", "file"]
    assert [c[2] for c in client.calls[:2]] == [False, True]  # the keyboard goes with the last part
    assert message_id == 102  # the message that carries the keyboard
    assert client.calls[3] == ("album", ["p1", "p2"]) and client.calls[4] == ("file", "document", "d1")


@pytest.mark.parametrize("description", [
    ("Bad Request: message is not modified: specified new message content and reply markup are "
     "exactly the same"),
    "Message is not modified",  # PTB strips the prefix and capitalises
])
async def test_an_edit_that_changes_nothing_is_delivered(description):
    client = Client(edit_error=rejected(description))
    assert isinstance(client.edit_error, NotModified)
    assert await deliver(client, 1, Reply("Sama", edit_message_id=7)) == 7
    assert [c[0] for c in client.calls] == ["edit"]


@pytest.mark.parametrize("description", ["Bad Request: message to edit not found",
                                         "Message can't be edited"])
async def test_an_edit_of_a_gone_message_is_said_anew(description):
    client = Client(edit_error=rejected(description))
    assert isinstance(client.edit_error, MessageGone)
    assert await deliver(client, 1, Reply("Ringkasan", edit_message_id=7)) == 101
    assert [c[0] for c in client.calls] == ["edit", "text"]


async def test_any_other_rejected_edit_is_not_retried_as_a_send():
    client = Client(edit_error=rejected("Bad Request: can't parse entities"))
    with pytest.raises(Rejected) as caught:
        await deliver(client, 1, Reply("<b", edit_message_id=7))
    assert type(caught.value) is Rejected and caught.value.kind == "rejected"
    assert [c[0] for c in client.calls] == ["edit"]


def test_the_edit_kinds_count_as_rejected_outside_an_edit():
    # "chat not found" on a send reads like a gone message; the sender must still not retry it.
    for error in (rejected("Bad Request: chat not found"), rejected("Message is not modified")):
        assert isinstance(error, Rejected) and error.kind == "rejected"
