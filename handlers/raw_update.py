"""A Bot API update as it came (the JSON of getUpdates or of a webhook request), read by attribute
the way flows/updates.py reads a framework's update object.

The aiogram runner takes updates in this way instead of as aiogram's pydantic `Update` models:
validating one costs 27-55 µs (benchmarks/translate.py) and runs a `model_post_init` in Python for
every nested object, and aiogram's Dispatcher added its middlewares on top, together about a tenth
of the bot's CPU per form step (issue 11's profile). Reading the few fields the core needs straight
from the dict costs a few microseconds. aiogram still makes every call, so its HTTP session, retry
answers and exceptions are the product's.

The names are the Bot API's, with the one rename both frameworks make (`from` is `from_user`); a
field that is absent reads as None; a `date` reads as an aware datetime in UTC, as aiogram and
python-telegram-bot give it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

_JSON = "_json"  # where keeping_json keeps it: no Bot API field starts with "_"


class RawUpdate:
    """One JSON object of an update (the update itself or any object inside it) as an object
    whose attributes are its fields. Built once per update, walking it: the nested objects are
    wrapped and the two conversions made then, so that reading a field is a plain attribute
    lookup. It takes the dict over (json.loads made it for this update alone)."""

    def __init__(self, data: dict[str, Any]) -> None:
        for key, value in data.items():
            if isinstance(value, dict):
                data[key] = RawUpdate(value)
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                data[key] = [RawUpdate(v) if isinstance(v, dict) else v for v in value]
        if "from" in data:
            data["from_user"] = data["from"]
        if isinstance(date := data.get("date"), int):
            data["date"] = datetime.fromtimestamp(date, UTC)
        self.__dict__ = data

    @classmethod
    def keeping_json(cls, data: dict[str, Any]) -> RawUpdate:
        """The update, and its JSON as it came (`json_of`): the inbox of several workers
        (bot/inbox.py) stores that. Dumped first: the wrap takes the dict over."""
        text = json.dumps(data)
        update = cls(data)
        update.__dict__[_JSON] = text
        return update

    @staticmethod
    def json_of(update: RawUpdate) -> str:
        return str(update.__dict__[_JSON])

    @classmethod
    def parse(cls, data: object) -> RawUpdate:
        """A webhook's body as an update; ValueError when it is no update at all."""
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise ValueError("not a Bot API update")
        return cls(data)

    def __getattr__(self, name: str) -> Any:  # only for a field the object does not have
        if name.startswith("__"):  # copy, pickle and friends look for these: not fields
            raise AttributeError(name)
        return None

    def __repr__(self) -> str:  # ids only: an update's text and names stay out of logs
        return f"RawUpdate(update_id={self.__dict__.get('update_id')!r})"
