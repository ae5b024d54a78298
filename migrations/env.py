"""Alembic environment: migrates the app database (see bot/storage/db.py).

bot.storage.db.upgrade() hands over an open connection (with the migration lock held); the alembic command
line makes its own from DATABASE_URL, or the default SQLite file under var/.
"""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context

import bot.accounts.models  # noqa: F401
import bot.feedback.models  # noqa: F401
import bot.handoff.models  # noqa: F401  (registers the tables)
import bot.referrals.models  # noqa: F401
import bot.storage.models  # noqa: F401
from bot.config import load_settings
from bot.storage.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def _migrate(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")  # SQLite alters tables by copying
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _migrate(connection)
else:
    if config.config_file_name:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    engine = make_engine(load_settings().database_url)
    with engine.connect() as own_connection:
        _migrate(own_connection)
