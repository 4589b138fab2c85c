"""``cchc backup DEST``, ``cchc restore FILE [--replace]`` and ``cchc check-db``: this PC's data
to and from a USB stick (the database, the units' signing keys, the settings; ``service.backup``)
and whether the database is sound and its signed revisions as they were sealed.

``check-db`` opens the database (``--db`` or the default) with SQLite's full
``PRAGMA integrity_check`` instead of the quick check every opening runs — a damaged, foreign or
newer database is refused there with its message (exit 1) — then checks the seal of every
signed revision and every report's audit chain through the service
(:meth:`ReportService.check_database`). Exit codes: 0 nothing found; 1 a problem found (each
printed, with what to do) or the database refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.errors import EXIT_OK, EXIT_REFUSED, CchcError
from cchc_tui.cli.output import out


def register(sub: Any) -> None:
    """Add ``backup``, ``restore`` and ``check-db`` to the ``cchc`` subparsers."""
    backup = sub.add_parser("backup", help=msg.CLI_HELP_BACKUP)
    backup.add_argument("dest", type=Path, help=msg.CLI_HELP_BACKUP_DEST)
    backup.set_defaults(handler=cmd_backup)
    restore = sub.add_parser("restore", help=msg.CLI_HELP_RESTORE)
    restore.add_argument("file", type=Path, help=msg.CLI_HELP_RESTORE_FILE)
    restore.add_argument("--replace", action="store_true", help=msg.CLI_HELP_RESTORE_REPLACE)
    restore.set_defaults(handler=cmd_restore)
    sub.add_parser("check-db", help=msg.CLI_HELP_CHECK_DB).set_defaults(handler=cmd_check_db)


def cmd_backup(args: argparse.Namespace) -> int:
    """``cchc backup DEST``: the database (even while the app is open), keys and settings."""
    from cchc_tui.base.atomic import human_size
    from cchc_tui.service.backup import make_backup, read_backup

    path = make_backup(args.dest, database=args.db)
    info, _contents = read_backup(path)
    size = human_size(path.stat().st_size)
    settings = msg.RESTORE_SETTINGS if info.has_settings else ""
    out(msg.BACKUP_DONE.format(file=path, size=size, keys=len(info.keys), settings=settings))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """``cchc restore FILE``: put a backup back (refuses damaged or foreign files, and newer
    data here unless ``--replace``)."""
    from cchc_tui.service.backup import restore_backup

    done = restore_backup(args.file, database=args.db, replace=args.replace)
    settings = msg.RESTORE_SETTINGS if done.settings else ""
    out(msg.RESTORE_DONE.format(database=done.database, keys=len(done.keys), settings=settings))
    return EXIT_OK


def cmd_check_db(args: argparse.Namespace) -> int:
    """``cchc check-db``: full integrity check, seals, audit chains."""
    from cchc_tui.service.reports import ReportService
    from cchc_tui.service.settings import load_settings

    try:
        service = ReportService.open(args.db, who=load_settings().who, full_check=True)
    except CchcError as error:  # damaged: print SQLite's own lines too, then the message
        for line in getattr(error, "details", []):
            out(msg.CHECKDB_DAMAGE_LINE.format(line=line))
        raise
    try:
        found = service.check_database()
        path = service.path
    finally:
        service.close()
    out(msg.CHECKDB_INTEGRITY_OK.format(path=path))
    out(
        msg.CHECKDB_COUNTS.format(
            reports=found.reports, sealed=found.sealed, audit=found.audit_rows
        )
    )
    if found.received:
        out(msg.CHECKDB_RECEIVED.format(count=found.received))
    for note in found.notes:
        out(msg.CHECKDB_NOTE.format(note=note))
    if found.ok:
        out(msg.CHECKDB_OK)
        return EXIT_OK
    out(msg.CHECKDB_PROBLEMS.format(count=len(found.problems)))
    for problem in found.problems:
        out(f"- {problem}")
    out(msg.SEAL_WHAT_TO_DO)
    return EXIT_REFUSED
