"""Button data, typed: every inline button the bot draws carries one of these, encoded here and
decoded here, and nowhere else. Callback data comes from the client and is validated like any
input: `decode` returns None for anything that is not exactly one of these shapes.

The wire formats stay as they were when the buttons were drawn (buttons in old messages must still
be understood):

| press | data | who |
|---|---|---|
| Consent(yes, lang) | `c:y:id` | a citizen answering the consent question |
| Language(lang) | `l:en` | anyone choosing a language |
| Menu(item) | `m:new`, `m:mine`, `m:status`, `m:help` | a citizen's home menu |
| Privacy(lang) | `p:id` | anyone asking for the full privacy text before agreeing |
| DeleteData() | `d:y` | a citizen confirming /hapusdata |
| FormPress(seq, action, arg) | `f12:pick:aspirasi` | a citizen answering the form; `seq` detects stale presses |
| StaffPress(ticket, action, version, arg) | `t:5:verify:3` | staff on a desk card; `version` detects stale cards |
| CitizenPress(ticket, action, version, stars) | `k:5:rate:7:4`, `k:5:add:7` | a citizen on a notice or report page |
| DeskConfirm(yes, agency, replaces) | `a:desk:y:PUPR:-1002002` | an admin confirming /meja; `replaces`: stale? |

Telegram allows at most 64 bytes; every shape here stays far below that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast

MAX_BYTES = 64


def _fit(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"button data over Telegram's {MAX_BYTES} bytes: {data[:20]}...")
    return data


@dataclass(frozen=True, slots=True)
class Consent:
    yes: bool
    lang: str

    def encode(self) -> str:
        return _fit(f"c:{'y' if self.yes else 'n'}:{self.lang}")


@dataclass(frozen=True, slots=True)
class Language:
    lang: str

    def encode(self) -> str:
        return _fit(f"l:{self.lang}")


MenuItem = Literal["new", "mine", "status", "help"]
MENU_ITEMS: tuple[MenuItem, ...] = ("new", "mine", "status", "help")


@dataclass(frozen=True, slots=True)
class Menu:
    item: MenuItem = "new"

    def encode(self) -> str:
        return _fit(f"m:{self.item}")


@dataclass(frozen=True, slots=True)
class Privacy:
    """The whole privacy text, asked for from the brief consent question."""

    lang: str

    def encode(self) -> str:
        return _fit(f"p:{self.lang}")


@dataclass(frozen=True, slots=True)
class DeleteData:
    def encode(self) -> str:
        return _fit("d:y")


@dataclass(frozen=True, slots=True)
class FormPress:
    seq: int
    action: str
    arg: str | None = None

    def encode(self) -> str:
        return _fit(f"f{self.seq}:{self.action}" + (f":{self.arg}" if self.arg is not None else ""))


@dataclass(frozen=True, slots=True)
class StaffPress:
    ticket_id: int
    action: str
    version: int
    arg: str | None = None

    def encode(self) -> str:
        tail = f":{self.arg}" if self.arg is not None else ""
        return _fit(f"t:{self.ticket_id}:{self.action}:{self.version}{tail}")


# solved, unsolved and rate answer a notice; the rest follow a report from /laporanku: view its
# history, go back to the list, add to it (add, then done), withdraw it (withdraw asks, withdraw_yes does it);
# unfollow: stop following another citizen's report of the same problem (flows/intake/similar.py).
CitizenAction = Literal["solved", "unsolved", "rate", "view", "list", "add", "done", "withdraw", "withdraw_yes",
                        "unfollow"]


@dataclass(frozen=True, slots=True)
class CitizenPress:
    ticket_id: int
    action: CitizenAction
    version: int
    stars: int | None = None

    def encode(self) -> str:
        tail = f":{self.stars}" if self.stars is not None else ""
        return _fit(f"k:{self.ticket_id}:{self.action}:{self.version}{tail}")


@dataclass(frozen=True, slots=True)
class DeskConfirm:
    """An admin's answer to "make this group that desk?" (it takes the desk from another group,
    or the group is public). `replaces` is the chat that held the role when the bot asked (0:
    none); a press after the role moved on is stale."""

    yes: bool
    agency_code: str | None  # None: the coordinator's desk
    replaces: int  # a chat id

    def encode(self) -> str:
        return _fit(f"a:desk:{'y' if self.yes else 'n'}:{self.agency_code or '-'}:{self.replaces}")


Press = Consent | Language | Menu | Privacy | DeleteData | FormPress | StaffPress | CitizenPress | DeskConfirm

_SHAPES = re.compile(
    r"(?:c:(?P<consent>[yn]):(?P<clang>id|en)"
    r"|l:(?P<lang>id|en)"
    r"|m:(?P<menu>new|mine|status|help)"
    r"|p:(?P<plang>id|en)"
    r"|(?P<delete>d:y)"
    r"|f(?P<seq>\d{1,9}):(?P<faction>[a-z_]{1,16})(?::(?P<farg>[a-z0-9_]{1,24}))?"
    r"|t:(?P<tid>\d{1,12}):(?P<taction>[a-z_]{2,24}):(?P<tver>\d{1,9})(?::(?P<targ>[A-Z0-9_]{1,32}))?"
    r"|k:(?P<kid>\d{1,12}):(?P<kaction>solved|unsolved|rate|view|list|add|done|withdraw|withdraw_yes|unfollow):(?P<kver>\d{1,9})(?::(?P<stars>[1-5]))?"
    r"|a:desk:(?P<dyes>[yn]):(?P<dcode>-|[A-Z0-9_]{1,32}):(?P<dreplaces>0|-?[1-9]\d{0,15})"
    r")"
)


def decode(data: str | None) -> Press | None:
    """The press `data` stands for, or None when it is not one the bot could have drawn."""
    m = _SHAPES.fullmatch(data or "")
    if m is None:
        return None
    if m["consent"]:
        return Consent(m["consent"] == "y", m["clang"])
    if m["lang"]:
        return Language(m["lang"])
    if m["menu"]:
        return Menu(cast(MenuItem, m["menu"]))  # the pattern admits exactly MENU_ITEMS
    if m["plang"]:
        return Privacy(m["plang"])
    if m["delete"]:
        return DeleteData()
    if m["seq"]:
        return FormPress(int(m["seq"]), m["faction"], m["farg"])
    if m["tid"]:
        return StaffPress(int(m["tid"]), m["taction"], int(m["tver"]), m["targ"])
    if m["dyes"]:
        return DeskConfirm(m["dyes"] == "y", None if m["dcode"] == "-" else m["dcode"], int(m["dreplaces"]))
    action = cast(CitizenAction, m["kaction"])  # the pattern admits exactly these
    return CitizenPress(int(m["kid"]), action, int(m["kver"]), int(m["stars"]) if m["stars"] else None)
