"""Settings, typed and validated once, from the environment and `.env` (see .env.example)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DB = Path("var") / "lapor.db"
TOKEN_IN_TEXT = re.compile(r"\d{3,20}(:|%3A)[A-Za-z0-9_-]{20,}")  # a bot token, as it is or URL-encoded
SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts as secret_token


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_DB}"
    # PostgreSQL: the schema every connection works in (several deployments on one database).
    database_schema: str | None = Field(default=None, pattern=r"^[a-z_][a-z0-9_]{0,62}$")
    # PostgreSQL: each worker's connection pool (a turn holds one connection while it runs; a turn
    # that finds none free waits DATABASE_POOL_TIMEOUT seconds, then is tried again twice).
    database_pool_size: int = Field(default=5, ge=1, le=200)
    database_max_overflow: int = Field(default=10, ge=0, le=200)
    database_pool_timeout: float = Field(default=10.0, gt=0, le=300)
    telegram_api_url: str | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_language: Literal["id", "en"] = "id"
    staff_language: Literal["id", "en"] = "id"
    timezone: str = "Asia/Jakarta"
    regency_name: str = "Kabupaten Ogan Komering Ulu"
    ticket_prefix: str = "OKU"
    directory_file: Path | None = None
    retention_years: int = Field(default=2, ge=1, le=30)
    retention_hour: int = Field(default=2, ge=0, le=23)
    outbox_keep_days: int = Field(default=30, ge=1, le=3650)
    max_attachments: int = Field(default=10, ge=0, le=50)
    max_file_mb: int = Field(default=20, ge=1, le=2000)
    verify_days: int = Field(default=3, ge=1, le=60)
    followup_days: int = Field(default=5, ge=1, le=60)
    close_days: int = Field(default=10, ge=1, le=60)
    # Service tiers (regional SOPs): working days for the agency's follow-up by tier, and each
    # agency's tier (besides the directory's `tier:`); agencies without one get FOLLOWUP_DAYS.
    tier_days: Annotated[dict[str, int], NoDecode] = Field(
        default_factory=lambda: {"ringan": 5, "normatif": 14, "berat": 60})
    agency_tiers: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    # Days off decreed on top of the public holidays (cuti bersama), YYYY-MM-DD.
    extra_holidays: Annotated[list[date], NoDecode] = Field(default_factory=list)
    # When desks and admins are written to about deadlines: office hours of working days.
    office_start_hour: int = Field(default=8, ge=0, le=23)
    office_end_hour: int = Field(default=16, ge=1, le=24)
    remind_days: int = Field(default=1, ge=0, le=30)
    escalate_days: int = Field(default=2, ge=0, le=60)
    digest_hour: int | None = Field(default=8, ge=0, le=23)  # empty: no daily digest
    send_chat_per_s: float = Field(default=1.0, gt=0)
    send_chat_burst: float = Field(default=3, ge=1)
    send_group_per_min: float = Field(default=20, gt=0)
    send_global_per_s: float = Field(default=29, gt=0)
    flood_per_minute: int = Field(default=40, ge=0)
    story_quiet_seconds: float = Field(default=60.0, gt=0, le=3600)
    stale_draft_hours: float = Field(default=6.0, gt=0)
    similar_days: int = Field(default=30, ge=0, le=365)  # 0: no similar-report suggestions
    similar_meters: float = Field(default=300.0, gt=0, le=50_000)
    telegram_timeout: float = Field(default=20.0, gt=0)
    bot_framework: Literal["aiogram", "ptb"] = "aiogram"
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_path: str = "/telegram"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    log_level: str = "INFO"
    files_dir: Path = Path("var") / "files"  # exports and charts, until Telegram has them

    def pool_options(self) -> dict[str, object]:
        """The engine's pool settings (SQLite: its one connection, storage/db.py decides)."""
        if self.database_url.startswith("sqlite"):
            return {}
        return {"pool_size": self.database_pool_size, "max_overflow": self.database_max_overflow,
                "pool_timeout": self.database_pool_timeout}

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(p) for p in value.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("tier_days", "agency_tiers", mode="before")
    @classmethod
    def _pairs(cls, value: object) -> object:
        """ringan=5,berat=60 (or PUPR=berat): name=value pairs, comma-separated."""
        if not isinstance(value, str):
            return value
        pairs: dict[str, str] = {}
        for part in value.replace(";", ",").split(","):
            if not part.strip():
                continue
            name, sep, item = part.partition("=")
            if not sep or not name.strip() or not item.strip():
                raise ValueError(f"{part.strip()!r} is not name=value, e.g. ringan=5 or PUPR=berat")
            pairs[name.strip()] = item.strip()
        return pairs

    @field_validator("extra_holidays", mode="before")
    @classmethod
    def _dates(cls, value: object) -> object:
        if isinstance(value, str):
            return [p.strip() for p in value.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
        return value

    @field_validator("digest_hour", "database_schema", mode="before")
    @classmethod
    def _no_digest(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("ticket_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        value = value.strip().upper()
        if not value.isalpha() or not 1 <= len(value) <= 8:
            raise ValueError("TICKET_PREFIX must be 1-8 letters, e.g. OKU")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str | None) -> str | None:
        """A base URL such as http://localhost:8081: both frameworks append /bot<token>/<method>,
        and would otherwise fail with a message that holds the whole URL, token and all. The
        problem is named without echoing the value, which may hold a pasted token."""
        value = (value or "").strip().rstrip("/")
        if not value:
            return None
        url = urlsplit(value)
        if url.scheme not in ("http", "https"):
            raise ValueError("must start with http:// or https://, e.g. http://localhost:8081")
        if not url.hostname:
            raise ValueError("must name a host, e.g. http://localhost:8081")
        if "/bot" in url.path or url.query or url.fragment or TOKEN_IN_TEXT.search(value):
            raise ValueError("must be the server's base address only (e.g. http://localhost:8081), "
                             "without /bot<token>, a method or a query: the token goes in BOT_TOKEN")
        return value

    @field_validator("webhook_path")
    @classmethod
    def _path(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith("/") or "?" in value or "#" in value or " " in value:
            raise ValueError("must be a path starting with /, e.g. /telegram")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        """The public address Telegram posts to. Named without echoing the value."""
        value = (value or "").strip()
        if not value:
            return None
        url = urlsplit(value)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError("must be a full URL such as https://bot.example.org/telegram")
        if url.fragment or TOKEN_IN_TEXT.search(value):
            raise ValueError("must be the public URL only, without a fragment or the bot token")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not SECRET_SHAPE.match(value.get_secret_value().strip()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return SecretStr(value.get_secret_value().strip())

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.bot_mode != "webhook":
            return self
        if self.webhook_url is None:
            raise ValueError("BOT_MODE=webhook needs WEBHOOK_URL, the public https:// address Telegram posts to")
        if self.webhook_secret is None:
            raise ValueError("BOT_MODE=webhook needs WEBHOOK_SECRET (1-256 characters of A-Z, a-z, 0-9, _ and -)")
        if self.telegram_api_url is None and not self.webhook_url.startswith("https://"):
            raise ValueError("WEBHOOK_URL must start with https:// (Telegram posts to HTTPS only)")
        return self

    @model_validator(mode="after")
    def _tiers_known(self) -> Settings:
        unknown = sorted({tier for tier in self.agency_tiers.values() if tier not in self.tier_days})
        if unknown:
            raise ValueError(f"AGENCY_TIERS names tiers that TIER_DAYS does not define: {', '.join(unknown)}")
        if any(not 1 <= days <= 60 for days in self.tier_days.values()):
            raise ValueError("TIER_DAYS must be between 1 and 60 working days (Perpres 76/2013 caps resolution at 60)")
        if self.office_start_hour >= self.office_end_hour:
            raise ValueError("OFFICE_START_HOUR must be before OFFICE_END_HOUR")
        return self

    def secret(self) -> str:
        """The webhook's secret token; only called in webhook mode, where it is required."""
        assert self.webhook_secret is not None
        return self.webhook_secret.get_secret_value()

    def send_limits(self):
        from flows.delivery import ChatLimits

        return ChatLimits(private_burst=self.send_chat_burst, private_per_s=self.send_chat_per_s,
                          group_burst=self.send_group_per_min, group_per_s=self.send_group_per_min / 60,
                          global_per_s=self.send_global_per_s)

    def token(self) -> str:
        """The bot token; callers check `bot_token` first and explain when it is missing."""
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise MissingToken()
        return self.bot_token.get_secret_value().strip()


class MissingToken(Exception):
    pass
