"""The bot's profile: getMe, its command lists per scope and language, its description,
short description and name.

Why its own module: it changes when what the bot says about itself does.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.botapi.state import State
from tests.botapi.wire import bad, strip_none

METHODS = (
    "getMe", "setMyCommands", "getMyCommands", "deleteMyCommands",
    "setMyDescription", "getMyDescription", "setMyShortDescription", "getMyShortDescription",
    "setMyName", "getMyName",
)


def _scope_key(scope: Any) -> str:
    scope = strip_none(scope) if isinstance(scope, dict) else {"type": "default"}
    return json.dumps(scope, sort_keys=True)


def _language(p: dict) -> str:
    lang = p.get("language_code") or ""
    if lang and not re.fullmatch(r"[a-z]{2}", str(lang)):
        raise bad("invalid language code specified")
    return str(lang)


def _store_text(store: dict[str, str], lang: str, value: str) -> None:
    if value:
        store[lang] = value
    else:
        store.pop(lang, None)  # empty string = remove, as in the Bot API


class Profile(State):
    """The profile methods, and ``commands()`` to read what the bot set."""

    def _reset_state(self) -> None:
        super()._reset_state()
        self.my_commands: dict[tuple[str, str], list[dict]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.names: dict[str, str] = {}

    def commands(self, language_code: str = "", scope: dict | None = None) -> list[dict]:
        """Commands stored by setMyCommands for exactly this scope + language."""
        return list(self.my_commands.get((_scope_key(scope), language_code or ""), []))

    async def _api_getMe(self, p: dict) -> dict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_setMyCommands(self, p: dict) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list):
            raise bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad("too many commands specified")
        clean = []
        for cmd in commands:
            if not isinstance(cmd, dict):
                raise bad("can't parse BotCommand")
            name, desc = str(cmd.get("command", "")), str(cmd.get("description", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name.removeprefix("/")):
                raise bad("BOT_COMMAND_INVALID")
            if not 1 <= len(desc) <= 256:
                raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
            clean.append({"command": name.removeprefix("/"), "description": desc})
        key = (_scope_key(p.get("scope")), _language(p))
        if clean:
            self.my_commands[key] = clean
        else:
            self.my_commands.pop(key, None)
        return True

    async def _api_getMyCommands(self, p: dict) -> list[dict]:
        return list(self.my_commands.get((_scope_key(p.get("scope")), _language(p)), []))

    async def _api_deleteMyCommands(self, p: dict) -> bool:
        self.my_commands.pop((_scope_key(p.get("scope")), _language(p)), None)
        return True

    async def _api_setMyDescription(self, p: dict) -> bool:
        desc = p.get("description") or ""
        if len(desc) > 512:
            raise bad("description is too long")
        _store_text(self.descriptions, _language(p), desc)
        return True

    async def _api_getMyDescription(self, p: dict) -> dict:
        lang = _language(p)
        return {"description": self.descriptions.get(lang, self.descriptions.get("", ""))}

    async def _api_setMyShortDescription(self, p: dict) -> bool:
        desc = p.get("short_description") or ""
        if len(desc) > 120:
            raise bad("short description is too long")
        _store_text(self.short_descriptions, _language(p), desc)
        return True

    async def _api_getMyShortDescription(self, p: dict) -> dict:
        lang = _language(p)
        return {"short_description": self.short_descriptions.get(lang, self.short_descriptions.get("", ""))}

    async def _api_setMyName(self, p: dict) -> bool:
        name = p.get("name") or ""
        if len(name) > 64:
            raise bad("name is too long")
        _store_text(self.names, _language(p), name)
        return True

    async def _api_getMyName(self, p: dict) -> dict:
        lang = _language(p)
        return {"name": self.names.get(lang, self.names.get("", self.bot_user["first_name"]))}
