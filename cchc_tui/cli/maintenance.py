"""``cchc backup DEST`` and ``cchc restore FILE [--replace]``: this PC's data to and from a
USB stick (the database, the units' signing keys, the settings; ``service.backup``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.errors import EXIT_OK
from cchc_tui.cli.output import out


def register(sub: Any) -> None:
    """Add ``backup`` and ``restore`` to the ``cchc`` subparsers."""
    backup = sub.add_parser("backup", help=msg.CLI_HELP_BACKUP)
    backup.add_argument("dest", type=Path, help=msg.CLI_HELP_BACKUP_DEST)
    backup.set_defaults(handler=cmd_backup)
    restore = sub.add_parser("restore", help=msg.CLI_HELP_RESTORE)
    restore.add_argument("file", type=Path, help=msg.CLI_HELP_RESTORE_FILE)
    restore.add_argument("--replace", action="store_true", help=msg.CLI_HELP_RESTORE_REPLACE)
    restore.set_defaults(handler=cmd_restore)


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
