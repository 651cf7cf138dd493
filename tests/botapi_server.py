"""Kept so that ``from tests.botapi_server import FakeBotAPI`` goes on working: the fake
Telegram Bot API now lives in the package ``tests/botapi/`` (its ``__init__`` maps the
modules).  New code imports from ``tests.botapi``; this module re-exports its ``__all__``."""

from tests.botapi import *  # noqa: F403
from tests.botapi import __all__ as __all__
