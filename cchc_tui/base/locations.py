"""Where the app keeps its files (platformdirs): the database, settings, keys, installed
templates and the log."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_log_path

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


def templates_dir() -> Path:
    """Where installed template packs are kept, every version of every template."""
    return data_dir() / "templates"


def log_dir() -> Path:
    """The user's log folder for this app (``%LOCALAPPDATA%\\cchc-tui\\Logs`` on Windows)."""
    return user_log_path(APP_NAME, appauthor=False)


def log_path() -> Path:
    """The support log: every unexpected error with its traceback (rotating, UTF-8)."""
    return log_dir() / "cchc.log"
