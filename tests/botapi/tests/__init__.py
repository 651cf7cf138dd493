"""Proves the fake Bot API (tests/botapi/) works with the REAL aiogram 3 and python-telegram-bot
22 clients (no mocks of either library): plain calls, uploads/downloads, long
polling with a Dispatcher / Application, and the fault-injection hooks.

One file per topic; the fixtures are in ``conftest.py``, the client builders in ``clients.py``."""
