"""Composition root: settings -> database (migrated) -> directory and classifier -> core."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.settings import Settings
from flows.core import Core
from flows.directory import Directory, load_directory
from flows.form import Limits
from flows.intake import Intake, IntakeConfig
from flows.routing import Classifier
from storage.db import create_engine, migrate
from storage.uow import Database

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    db: Database
    directory: Directory
    classifier: Classifier
    intake: Intake
    core: Core

    async def close(self) -> None:
        await self.db.dispose()


def intake_config(settings: Settings, directory: Directory) -> IntakeConfig:
    coordinator = directory.coordinator_agency
    short = coordinator.aliases[0] if coordinator.aliases else coordinator.name
    return IntakeConfig(
        regency=settings.regency_name,
        ticket_prefix=settings.ticket_prefix,
        timezone=settings.timezone,
        default_language=settings.default_language,
        retention_years=settings.retention_years,
        limits=Limits(max_attachments=settings.max_attachments, max_file_mb=settings.max_file_mb),
        coordinator_name=short if len(short) > 3 else coordinator.name,
    )


async def build_app(settings: Settings) -> App:
    directory = load_directory(settings.directory_file)
    classifier = Classifier(directory)
    engine = create_engine(settings.database_url)
    await migrate(engine)
    db = Database(engine)

    def agency_info(code: str) -> tuple[str, str] | None:
        agency = directory.get(code)
        return (agency.name, agency.kind) if agency else None

    intake = Intake(db.uow, intake_config(settings, directory), router=classifier, agency_names=agency_info)
    log.info("ready: %d agencies, database %s", len(directory), engine.url.render_as_string(hide_password=True))
    return App(settings, db, directory, classifier, intake, Core(intake))
