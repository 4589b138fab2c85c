"""Open the office database: a SQLite file (as the app does) or an engine URL (PostgreSQL).

A SQLite file goes through :meth:`ReportStore.open` (lock file, WAL + ``synchronous=FULL``,
migrations). For another engine URL the schema is brought to head with Alembic directly (the
app's ``db.engine.migrate`` reads ``sqlite_master`` and so only knows SQLite) and the
:class:`ReportStore` is built on that engine; a lock file in the temporary folder keeps a
second office process on this machine off the same URL (the database's own constraints keep
concurrent importers on several machines consistent).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from cchc_tui import messages as msg
from cchc_tui.db import engine as db_engine
from cchc_tui.db.engine import OpenStore, StoreBusy, StoreError
from cchc_tui.db.store import ReportStore

OFFICE_DB_ENV = "CCHC_OFFICE_DB"
"""Environment variable: a database file or an engine URL for the office."""


def is_url(target: str | Path) -> bool:
    """Whether ``target`` is an engine URL (``postgresql+psycopg://…``) rather than a file."""
    return isinstance(target, str) and "://" in target


def default_office_target() -> str | Path:
    """``$CCHC_OFFICE_DB`` if set, else ``office.sqlite3`` in the app's data folder."""
    from cchc_tui.base.locations import data_dir

    env = os.environ.get(OFFICE_DB_ENV)
    if env:
        return env if is_url(env) else Path(env)
    return data_dir() / "office.sqlite3"


def open_office_store(target: str | Path | None = None, who: str = "") -> ReportStore:
    """Open the office store on a SQLite file or an engine URL, migrated to head.

    Raises:
        StoreBusy: another process uses it. StoreError: it cannot be opened (Vietnamese).
    """
    if target is None:
        target = default_office_target()
    if not is_url(target):
        return ReportStore.open(Path(target), who)
    url = str(target)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as err:  # not a URL
        raise StoreError(msg.OFFICE_DB_URL_FAILED.format(url=url, reason=err)) from None
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database:
            raise StoreError(
                msg.OFFICE_DB_URL_FAILED.format(url=shown, reason=msg.OFFICE_DB_SQLITE_URL)
            )
        return ReportStore.open(Path(parsed.database), who)
    return ReportStore(_open_url(url, shown), who)


def _open_url(url: str, shown: str) -> OpenStore:
    from filelock import FileLock, Timeout
    from sqlmodel import create_engine

    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    lock = FileLock(str(Path(tempfile.gettempdir()) / f"cchc-office-{digest}.lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreBusy(msg.DB_BUSY.format(path=shown)) from None
    from alembic.util.exc import CommandError
    from sqlalchemy.exc import NoSuchModuleError, SQLAlchemyError

    try:
        engine = create_engine(url, pool_pre_ping=True)
    except (ModuleNotFoundError, NoSuchModuleError) as err:  # psycopg missing, unknown driver
        lock.release()
        reason = err.name if isinstance(err, ModuleNotFoundError) else err
        raise StoreError(msg.OFFICE_DB_DRIVER_MISSING.format(url=shown, reason=reason)) from None
    except SQLAlchemyError as err:  # a bad option in the URL
        lock.release()
        raise StoreError(msg.OFFICE_DB_URL_FAILED.format(url=shown, reason=err)) from None
    try:
        upgrade_to_head(engine)
    except (SQLAlchemyError, CommandError, OSError) as err:  # no server, no right, not ours
        engine.dispose()
        lock.release()
        cause = getattr(err, "orig", None) or err
        raise StoreError(msg.OFFICE_DB_URL_FAILED.format(url=shown, reason=cause)) from err
    return OpenStore(engine=engine, path=Path(shown), lock=lock)


def upgrade_to_head(engine: object) -> None:
    """Run the app's Alembic migrations up to head on any engine (idempotent)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(db_engine.migrations_dir()))
    with engine.begin() as conn:  # type: ignore[attr-defined]
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
