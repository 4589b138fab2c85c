"""Open the SQLite store: one process per real file, checked, durable, migrated to head.

Durability (shared/PITFALLS.md): WAL with ``synchronous=FULL`` lost no acknowledged commit in
simulated power cuts where ``NORMAL`` lost many.

One writer per database file (issue 18: through a symlink the command line wrote into a database
the app had open): the lock is keyed by the file's **real path** (symlinks resolved, ``..`` and
another spelling folded; case folded on Windows) — a lock file beside the real file — and by the
file's **identity** (device and inode: a hard link or another mount of the same file) — a lock
file in the temporary folder. A second opener of either gets :class:`StoreBusy`.

Before anything is written, the file is inspected on a read-only connection (so nothing changes,
not even the journal mode): a file that is not SQLite, another program's database, a database of
a newer version of the app, and one that fails ``PRAGMA quick_check`` (``integrity_check`` with
``full_check``, for ``cchc check-db``) are refused with a Vietnamese message that says what to do
(restore the backup), never a traceback. Errors met later (disk full, device errors, a page found
damaged) are translated by :func:`translate_error`.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import create_engine

from cchc_tui import messages as msg
from cchc_tui.db.errors import (
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreForeign,
    StoreFull,
    StoreIOError,
    StoreNewer,
)

__all__ = [
    "StoreBusy",
    "StoreError",
    "HEAD_REVISION",
    "inspect_database",
    "lock_database",
    "open_database",
    "make_engine",
    "migrate",
    "migrations_dir",
    "real_path",
    "translate_error",
]

HEAD_REVISION = "0008"
"""Newest Alembic revision shipped; a test checks it equals the scripts' head."""

MAX_DAMAGE_LINES = 20
"""Lines of ``integrity_check`` kept for the message and ``cchc check-db``."""

# SQLite primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26
_PG_DISK_FULL = "53100"


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


def translate_error(error: BaseException, path: Path | str) -> StoreError | None:
    """The officer's error for a database failure, from SQLite's result code (SQLAlchemy's
    ``DBAPIError.orig`` or a ``sqlite3.Error``; PostgreSQL's disk-full SQLSTATE); ``None`` when
    it is none of these (a programming error, left to the last line of defence).

    Integrity violations (``IntegrityError``: a duplicate) are not translated: the store
    decides what they mean.
    """
    orig = getattr(error, "orig", None) or error
    if isinstance(orig, sqlite3.IntegrityError):
        return None
    code = getattr(orig, "sqlite_errorcode", None)
    if code is None:
        if getattr(orig, "sqlstate", None) == _PG_DISK_FULL:
            return StoreFull(msg.DB_FULL.format(path=path))
        return None
    primary = code & 0xFF
    if primary == _SQLITE_FULL:
        return StoreFull(msg.DB_FULL.format(path=path))
    if primary == _SQLITE_IOERR:
        return StoreIOError(msg.DB_IO_ERROR.format(path=path))
    if primary == _SQLITE_CORRUPT:
        return StoreDamaged(msg.DB_DAMAGED.format(path=path), [str(orig)])
    if primary == _SQLITE_NOTADB:
        return StoreForeign(msg.DB_NOT_A_DATABASE.format(path=path))
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreBusy(msg.DB_BUSY.format(path=path))
    if primary in (_SQLITE_READONLY, _SQLITE_PERM):
        return StoreError(msg.DB_READ_ONLY.format(path=path))
    if primary == _SQLITE_CANTOPEN:
        return StoreError(msg.DB_CANT_OPEN.format(path=path))
    return None


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


def migrate(engine: Engine, path: Path | str = "") -> None:
    """Bring the schema to :data:`HEAD_REVISION` with Alembic (only imported when needed).

    Raises:
        StoreForeign: Alembic does not know the database's revision (instead of its English
            "Can't locate revision").
    """
    if _current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except CommandError:
        raise StoreForeign(msg.DB_FOREIGN.format(path=path or engine.url.database)) from None


def real_path(path: Path | str) -> Path:
    """The database's real path: absolute, symlinks resolved, ``..`` folded (and the case
    folded on Windows, whose file names ignore it), so that every spelling of one file is one
    key for its lock."""
    resolved = Path(os.path.realpath(os.path.abspath(path)))
    return Path(os.path.normcase(resolved))


def _identity_lock(path: Path) -> FileLock:
    """A lock in the temporary folder named by the file's device and inode: a hard link or
    another mount of the same file takes the same lock (the file exists by now)."""
    info = os.stat(path)
    digest = hashlib.sha256(f"{info.st_dev}:{info.st_ino}".encode()).hexdigest()[:24]
    return FileLock(str(Path(tempfile.gettempdir()) / f"cchc-db-{digest}.lock"), timeout=0)


def inspect_database(path: Path, full_check: bool = False) -> list[str]:
    """Inspect the database at ``path`` on a READ-ONLY connection, before it is used.

    Refuses a file that is not SQLite, a database without this app's tables, one of a newer
    schema than :data:`HEAD_REVISION`, and one that fails ``PRAGMA quick_check`` (or the full
    ``integrity_check`` when ``full_check``). A missing or empty file is a new database.

    Returns:
        The integrity lines (``["ok"]`` when sound; empty for a new database).

    Raises:
        StoreDamaged, StoreForeign, StoreNewer, StoreError: with a Vietnamese message saying
            what to do; the file is not changed.
    """
    try:
        if not path.exists() or path.stat().st_size == 0:
            return []
    except OSError as err:
        raise StoreError(msg.DB_UNREADABLE.format(path=path, reason=err.strerror or err)) from None
    try:
        connection = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise translate_error(err, path) or StoreError(
            msg.DB_UNREADABLE.format(path=path, reason=err)
        ) from None
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        pragma = "integrity_check" if full_check else "quick_check"
        lines = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}({MAX_DAMAGE_LINES})")]
        if lines != ["ok"]:
            raise StoreDamaged(msg.DB_DAMAGED.format(path=path), lines)
        if not tables:
            return lines
        if "alembic_version" not in tables or "report" not in tables:
            raise StoreForeign(msg.DB_FOREIGN.format(path=path))
        found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as err:
        raise translate_error(err, path) or StoreError(
            msg.DB_UNREADABLE.format(path=path, reason=err)
        ) from None
    finally:
        connection.close()
    version = str(found[0]) if found else ""
    if not (version.isdigit() and len(version) == len(HEAD_REVISION)):
        raise StoreForeign(msg.DB_FOREIGN.format(path=path))
    if version > HEAD_REVISION:
        raise StoreNewer(msg.DB_NEWER.format(path=path, found=version, head=HEAD_REVISION))
    return lines


@dataclass
class OpenStore:
    """An engine plus the locks that make this process the database's only user."""

    engine: Engine
    path: Path
    lock: FileLock
    identity_lock: FileLock | None = None
    integrity: tuple[str, ...] = ()
    """What the check on open found (``("ok",)``; empty for a new database)."""

    def close(self) -> None:
        """Dispose of connections and release the locks."""
        self.engine.dispose()
        if self.identity_lock is not None:
            self.identity_lock.release()
        self.lock.release()


def _acquire(lock: FileLock, path: Path) -> None:
    try:
        lock.acquire()
    except Timeout:
        raise StoreBusy(msg.DB_BUSY.format(path=path)) from None
    except OSError as err:
        raise StoreError(msg.DB_UNREADABLE.format(path=path, reason=err)) from err


def _lock(path: Path, create: bool) -> tuple[Path, FileLock, FileLock | None]:
    """Take both locks of the database ``path`` (creating its folder, and with ``create`` an
    empty file so that a new database has an identity too).

    Returns:
        ``(real path, path lock, identity lock or None when the file does not exist)``.

    Raises:
        StoreBusy: another process holds it (under any path). StoreError: no folder or file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(msg.DB_UNREADABLE.format(path=path, reason=err)) from err
    real = real_path(path)
    lock = FileLock(str(real) + ".lock", timeout=0)
    _acquire(lock, path)
    identity: FileLock | None = None
    try:
        if create:
            real.touch(exist_ok=True)
        if real.exists():
            identity = _identity_lock(real)
            _acquire(identity, path)
    except StoreError:
        lock.release()
        raise
    except OSError as err:
        lock.release()
        raise StoreError(msg.DB_UNREADABLE.format(path=path, reason=err)) from err
    return real, lock, identity


@contextmanager
def lock_database(path: Path) -> Iterator[None]:
    """Hold the database's locks without opening it (to replace the file: a restore).

    Raises:
        StoreBusy: the app (or a command) has it open, under any path to the same file.
    """
    _real, lock, identity = _lock(Path(path), create=False)
    try:
        yield
    finally:
        _release(None, identity, lock)


def open_database(path: Path, full_check: bool = False) -> OpenStore:
    """Lock, inspect, open and migrate the database at ``path`` (creating folders as needed).

    Args:
        full_check: run SQLite's full ``integrity_check`` instead of ``quick_check``.

    Raises:
        StoreBusy: another process holds the database (under any path to the same file).
        StoreDamaged, StoreForeign, StoreNewer: see :func:`inspect_database` (nothing changed).
        StoreError: the file cannot be opened.
    """
    path = Path(path)
    real, lock, identity = _lock(path, create=True)
    engine: Engine | None = None
    try:
        lines = inspect_database(real, full_check)
        engine = make_engine(real)
        migrate(engine, path)
    except StoreError:
        _release(engine, identity, lock)
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as err:
        _release(engine, identity, lock)
        raise translate_error(err, path) or StoreError(
            msg.DB_UNREADABLE.format(path=path, reason=getattr(err, "orig", None) or err)
        ) from err
    return OpenStore(engine, path, lock, identity, tuple(lines))


def _release(engine: Engine | None, identity: FileLock | None, lock: FileLock) -> None:
    if engine is not None:
        engine.dispose()
    if identity is not None and identity.is_locked:
        identity.release()
    lock.release()
