"""Open the SQLite store: one process at a time, durable settings, schema migrated to head.

Durability (shared/PITFALLS.md): WAL with ``synchronous=FULL`` lost no acknowledged commit in
simulated power cuts where ``NORMAL`` lost many. A lock file beside the database keeps a second
app instance out with a clear message instead of two writers racing.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from cchc_tui import messages as msg
from cchc_tui.db.errors import StoreBusy, StoreError

__all__ = [
    "StoreBusy",
    "StoreError",
    "HEAD_REVISION",
    "open_database",
    "make_engine",
    "migrate",
    "migrations_dir",
]

HEAD_REVISION = "0005"
"""Newest Alembic revision shipped; a test checks it equals the scripts' head."""


def migrations_dir() -> Path:
    """The folder of the Alembic scripts (``env.py``, ``versions/``), read from disk by Alembic.

    Installed, it is ``cchc_tui/db/migrations`` in the package (``importlib.resources``). In a
    PyInstaller build (``sys._MEIPASS`` set) it is ``cchc_tui/db/migrations`` inside the bundle,
    where ``packaging/cchc.spec`` puts the scripts as source files.

    Raises:
        StoreError: the folder has no ``env.py`` (a build made without the migrations), with a
            Vietnamese message instead of Alembic's "Please use the 'init' command".
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        folder = Path(bundle, "cchc_tui", "db", "migrations")
    else:
        folder = Path(str(resources.files("cchc_tui.db"))) / "migrations"
    if not (folder / "env.py").is_file():
        raise StoreError(msg.DB_MIGRATIONS_MISSING.format(folder=folder))
    return folder


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    """Create the SQLAlchemy engine for the database file at ``path`` (no I/O yet)."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        raw = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
        if raw is None:
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return row[0] if row else None


def migrate(engine: Engine) -> None:
    """Bring the schema to :data:`HEAD_REVISION` with Alembic (only imported when needed)."""
    if _current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


@dataclass
class OpenStore:
    """An engine plus the lock that makes this process the database's only user."""

    engine: Engine
    path: Path
    lock: FileLock

    def close(self) -> None:
        """Dispose of connections and release the lock."""
        self.engine.dispose()
        self.lock.release()


def _acquire(path: Path) -> FileLock:
    """Take the one-process lock of the database ``path`` (creating its folder).

    Raises:
        StoreBusy: another process holds it. StoreError: the folder cannot be made.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(msg.DB_UNREADABLE.format(path=path, reason=err)) from err
    lock = FileLock(str(path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreBusy(msg.DB_BUSY.format(path=path)) from None
    except OSError as err:
        raise StoreError(msg.DB_UNREADABLE.format(path=path, reason=err)) from err
    return lock


@contextmanager
def lock_database(path: Path) -> Iterator[None]:
    """Hold the database's lock without opening it (to replace the file: a restore).

    Raises:
        StoreBusy: the app (or a command) has it open.
    """
    lock = _acquire(Path(path))
    try:
        yield
    finally:
        lock.release()


def open_database(path: Path) -> OpenStore:
    """Lock, open and migrate the database at ``path`` (creating folders as needed).

    Raises:
        StoreBusy: another process holds the database.
        StoreError: the file cannot be opened or is not a database of this app.
    """
    path = Path(path)
    lock = _acquire(path)
    engine = make_engine(path)
    try:
        migrate(engine)
    except Exception as err:  # sqlite3/SQLAlchemy/Alembic: not a database, read-only, …
        engine.dispose()
        lock.release()
        reason = getattr(err, "orig", None) or err
        raise StoreError(msg.DB_UNREADABLE.format(path=path, reason=reason)) from err
    return OpenStore(engine=engine, path=path, lock=lock)
