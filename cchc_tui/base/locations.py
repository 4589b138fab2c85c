"""Where the app keeps its files (platformdirs): the database and the settings."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "cchc-tui"
DB_ENV = "CCHC_DB"


def data_dir() -> Path:
    """The user's data folder for this app (created on demand by the store)."""
    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    """The database: ``$CCHC_DB`` if set, else ``cchc.sqlite3`` in the data folder."""
    env = os.environ.get(DB_ENV)
    return Path(env) if env else data_dir() / "cchc.sqlite3"


def settings_path() -> Path:
    """The settings file (JSON) in the user's config folder."""
    return user_config_path(APP_NAME, appauthor=False) / "settings.json"


def keys_dir() -> Path:
    """Where each unit's signing keys are kept (private keys encrypted with a passphrase)."""
    return data_dir() / "keys"
