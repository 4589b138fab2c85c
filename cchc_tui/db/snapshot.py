"""A consistent copy of a database file while the app may have it open (SQLite's backup API).

``sqlite3.Connection.backup`` copies the pages of a live database as one snapshot, with the
writes of the WAL included, without taking the app's lock (the copy is read-only on the source).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cchc_tui import messages as msg
from cchc_tui.db.errors import StoreError


def snapshot(source: Path, target: Path) -> None:
    """Copy the database ``source`` into the new file ``target`` (which must not exist).

    Raises:
        StoreError: the source is missing or is not a database (Vietnamese message).
    """
    if not source.is_file():
        raise StoreError(msg.BACKUP_NO_DATABASE.format(path=source))
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as err:
        raise StoreError(msg.DB_UNREADABLE.format(path=source, reason=err)) from err


def schema_revision(path: Path) -> str | None:
    """The Alembic revision of the database file ``path`` (``None``: not one of ours).

    Raises:
        StoreError: the file is not a database.
    """
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            if row is None:
                return None
            found = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return str(found[0]) if found else None
        finally:
            con.close()
    except sqlite3.Error as err:
        raise StoreError(msg.DB_UNREADABLE.format(path=path, reason=err)) from err


def last_change(path: Path) -> tuple[str, int] | None:
    """The newest change recorded in the database file ``path``: ``(ISO time, number of
    changes)`` — the count tells two changes within one second apart; ``None``: no change.

    Raises:
        StoreError: the file is not a database of this app.
    """
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT max(at), count(*) FROM audit").fetchone()
            return (str(row[0]), int(row[1])) if row and row[0] else None
        finally:
            con.close()
    except sqlite3.Error as err:
        raise StoreError(msg.DB_UNREADABLE.format(path=path, reason=err)) from err
