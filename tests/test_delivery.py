"""How the core puts one reply into a chat, through a collecting fake client (no framework, no
HTTP); tests/test_ptb_adapter.py checks that both real clients render the calls the same way."""

from __future__ import annotations

import pytest

from flows.delivery import MessageGone, NotModified, Progress, Rejected, Transient, deliver, rejected
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


class Failing(Client):
    """Raises `errors[kind]` (one error, once) at that kind's first call."""

    def __init__(self, **errors: Exception) -> None:
        super().__init__()
        self.errors = errors

    def _maybe(self, kind: str) -> None:
        error = self.errors.pop(kind, None)
        if error is not None:
            raise error

    async def send_location(self, chat_id, latitude, longitude):
        await super().send_location(chat_id, latitude, longitude)
        self._maybe("location")

    async def send_file(self, chat_id, kind, file_id, name=None):
        await super().send_file(chat_id, kind, file_id, name)
        self._maybe("file")


CARD = Reply("Kartu", buttons=[[Button("Tangani", "take")]], location=(-4.1, 104.1),
             media=[("photo", "p1"), ("document", "d1")])


async def test_a_retry_resumes_at_the_first_unsent_part():
    client = Failing(location=Transient("Bad Gateway"))
    progress, saves = Progress(), []

    async def saved(p: Progress) -> None:
        saves.append((p.done, p.message_id))

    with pytest.raises(Transient):
        await deliver(client, 1, CARD, progress, saved)
    assert (progress.done, progress.message_id) == (1, 101) and saves == [(1, 101)]
    assert await deliver(client, 1, CARD, progress, saved) == 101
    assert [c[0] for c in client.calls] == ["text", "location", "location", "file", "file"]
    assert saves == [(1, 101), (2, 101), (3, 101)]  # not after the last part


async def test_a_rejected_part_is_reported_alone():
    client = Failing(file=Rejected("Bad Request: wrong file identifier"))
    progress = Progress()
    assert await deliver(client, 1, CARD, progress) == 101
    assert [c[0] for c in client.calls] == ["text", "location", "file", "file"]
    assert progress.failed == ["part 3 (file): Bad Request: wrong file identifier"] and progress.done == 4


async def test_a_one_part_reply_saves_nothing_and_a_rejected_one_fails():
    saves = []

    async def saved(p: Progress) -> None:
        saves.append(p.done)

    assert await deliver(Client(), 1, Reply("Halo"), Progress(), saved) == 101
    client = Client()

    async def refuse(chat_id, text, markup):
        raise Rejected("Bad Request: chat not found")

    client.send_text = refuse  # type: ignore[assignment]
    with pytest.raises(Rejected):
        await deliver(client, 1, Reply("Halo"), Progress(), saved)
    assert saves == []


async def test_a_gone_card_posted_anew_resumes_after_its_text():
    client = Failing(location=Transient("Bad Gateway"))
    client.edit_error = rejected("Bad Request: message to edit not found")
    reply = Reply("Kartu", location=(-4.1, 104.1), edit_message_id=7)
    progress = Progress()
    with pytest.raises(Transient):
        await deliver(client, 1, reply, progress)
    assert (progress.done, progress.message_id) == (2, 101)  # the edit, then the new copy's text
    assert await deliver(client, 1, reply, progress) == 101
    assert [c[0] for c in client.calls] == ["edit", "text", "location", "location"]
