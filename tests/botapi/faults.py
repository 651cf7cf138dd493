"""Fault injection: make chosen calls fail the way Telegram fails (502, 429, 403, a group
upgraded to a supergroup, an answer that comes too late, or never), and refuse calls to
chats that blocked the bot, that it left, or that migrated.

Why its own module: it changes when a test needs a new way for Telegram to fail.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tests.botapi.records import cid
from tests.botapi.state import State
from tests.botapi.wire import ApiError

FAULT_KINDS = ("500", "timeout", "timeout_lost", "429", "403", "migrate", "400_url")

# Calls that reach a chat, so a blocked, left or migrated chat refuses them.
_SEND_METHODS = frozenset(
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendLocation",
        "sendMediaGroup", "copyMessage", "forwardMessage", "sendChatAction",
    }
)
_EDIT_METHODS = frozenset({"editMessageText", "editMessageReplyMarkup", "editMessageCaption"})


@dataclass(eq=False)
class _FailRule:
    method: str  # lower-case method name
    kind: str
    remaining: int | None  # None = until clear_failures()
    chat_id: Any = None
    new_chat_id: int | None = None
    retry_after: int = 1


def fault_error(rule: _FailRule, params: dict, token: str = "") -> ApiError:
    if rule.kind == "400_url":  # as proxies and some servers answer: the request URL, token and all
        return ApiError(400, f"Bad Request: chat not found (POST /bot{token}/{rule.method})")
    if rule.kind == "500":
        return ApiError(502, "Bad Gateway")
    if rule.kind == "429":
        n = rule.retry_after
        return ApiError(429, f"Too Many Requests: retry after {n}", {"retry_after": n})
    if rule.kind == "403":
        return ApiError(403, "Forbidden: bot was blocked by the user")
    if rule.kind == "migrate":
        return ApiError(
            400, "Bad Request: group chat was upgraded to a supergroup chat", {"migrate_to_chat_id": rule.new_chat_id}
        )
    raise AssertionError(rule.kind)


class Faults(State):
    """``fail`` / ``fail_ratio`` / ``clear_failures``, and the checks the transport applies."""

    def _reset_state(self) -> None:
        super()._reset_state()
        self._fail_rules: list[_FailRule] = []
        self._fail_ratio = 0.0
        self._fail_kinds: tuple[str, ...] = ()
        self._rng = random.Random(0)

    def fail(
        self,
        method: str,
        times: int | None = 1,
        kind: str = "500",
        chat_id: Any = None,
        *,
        new_chat_id: int | None = None,
        retry_after: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (optionally only to ``chat_id``)
        fail.  ``times=None`` fails until clear_failures().

        kinds: "500" -> 502 Bad Gateway; "429" -> Too Many Requests with
        parameters.retry_after; "403" -> bot was blocked by the user; "migrate" ->
        400 with parameters.migrate_to_chat_id=new_chat_id; "400_url" -> 400 whose description
        holds the request URL with the token; "timeout" -> executed
        (message delivered!) but answered only after ``timeout_delay`` seconds;
        "timeout_lost" -> not executed, answered 502 after ``timeout_delay``.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {FAULT_KINDS}")
        chat_id = cid(chat_id)
        if kind == "migrate" and new_chat_id is None:
            new_chat_id = -(10**12) - abs(int(chat_id or 1))
        self._fail_rules.append(_FailRule(method.lower(), kind, times, chat_id, new_chat_id, retry_after))

    def fail_ratio(self, p: float, kinds: Iterable[str] = ("500", "timeout"), seed: int = 0) -> None:
        """Fail a random fraction ``p`` of send*/edit* calls (not sendChatAction)
        with one of ``kinds``; deterministic for a given seed.  ``p=0`` disables."""
        kinds = tuple(kinds)
        for kind in kinds:
            if kind not in FAULT_KINDS or kind == "migrate":
                raise ValueError(f"unsupported kind for fail_ratio: {kind!r}")
        self._fail_ratio = p
        self._fail_kinds = kinds
        self._rng = random.Random(seed)

    def clear_failures(self) -> None:
        self._fail_rules.clear()
        self._fail_ratio = 0.0

    def _pick_fault(self, method: str, params: dict) -> _FailRule | None:
        lower = method.lower()
        chat = params.get("chat_id")
        for rule in self._fail_rules:
            if rule.remaining == 0 or rule.method != lower:
                continue
            if rule.chat_id is not None and str(rule.chat_id) != str(chat):
                continue
            if rule.remaining is not None:
                rule.remaining -= 1
            return rule
        if (
            self._fail_ratio > 0
            and method != "sendChatAction"
            and (method.startswith("send") or method.startswith("edit"))
            and self._rng.random() < self._fail_ratio
        ):
            return _FailRule(lower, self._rng.choice(self._fail_kinds), 0)
        return None

    def _check_reachable(self, method: str, params: dict) -> None:
        if method not in _SEND_METHODS and method not in _EDIT_METHODS:
            return
        chat = params.get("chat_id")
        if chat in self._migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat]},
            )
        if chat in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat in self._kicked:
            kind = self._chats[chat].type if chat in self._chats else "group"
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
        if chat in self._left:
            kind = self._chats[chat].type if chat in self._chats else "group"
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")
