"""Every sentence the bot says, to citizens and to staff, keyed; one catalog per language
(Indonesian first, English second). `t(lang, key, **params)` is the only way to say anything.

Replies are sent as plain text (no parse mode), so a citizen's own words always appear literally.
"""

from __future__ import annotations

from flows.texts import citizen_en, citizen_id, deadlines_en, deadlines_id, staff_en, staff_id

LANGUAGES = ("id", "en")

ID: dict[str, str] = {**citizen_id.ID, **staff_id.ID, **deadlines_id.ID}
EN: dict[str, str] = {**citizen_en.EN, **staff_en.EN, **deadlines_en.EN}
CATALOG: dict[str, dict[str, str]] = {"id": ID, "en": EN}


def t(lang: str, key: str, **params: object) -> str:
    """The sentence `key` in `lang` (Indonesian where `lang` is unknown), filled with `params`."""
    text = CATALOG.get(lang, ID).get(key) or ID[key]
    return text.format(**params) if params else text
