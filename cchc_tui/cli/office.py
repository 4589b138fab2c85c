"""``cchc office …``: the receiving office's commands, without a screen.

* ``cchc office keys add UNIT_CODE PUBKEY_PEM_FILE [--name TÊN] [--replace]``
* ``cchc office keys list [--all]``
* ``cchc office import PATH...`` (files or folders, e.g. the USB root; searched recursively)
* ``cchc office status --period CODE [--template ID] [--xlsx FILE]``
* ``cchc office consolidate --period CODE [--template ID] --out FILE.xlsx``

The office database: ``--url URL`` (e.g. PostgreSQL), else the global ``--db FILE``, else
``$CCHC_OFFICE_DB`` (a file or a URL), else ``office.sqlite3`` in the app's data folder.

Exit codes as for ``cchc``: 0 success; 1 refused, held or invalid bundles, nothing to
consolidate; 2 unreadable input (a path that does not exist, a file that is not a bundle, a key
file that is not a key). Messages are Vietnamese; nothing prints a traceback.

Wiring into ``cchc_tui.cli``: call :func:`register` with the top-level subparsers, and send
``args.command == "office"`` to :func:`run`. ``python -m cchc_tui.cli.office`` runs these
commands alone (``main``), as the tests do.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.text import nfc

EXIT_OK, EXIT_REFUSED, EXIT_INVALID = 0, 1, 2


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``office`` and its commands to the ``cchc`` subparsers; returns the ``office`` parser.

    Every leaf sets ``args.office_handler``; :func:`run` calls it.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", default=None, help=msg.OFFICE_HELP_URL)
    office = subparsers.add_parser("office", help=msg.OFFICE_HELP)
    actions = office.add_subparsers(dest="action", required=True)

    keys = actions.add_parser("keys", help=msg.OFFICE_HELP_KEYS).add_subparsers(
        dest="keys_action", required=True
    )
    add = keys.add_parser("add", parents=[common], help=msg.OFFICE_HELP_KEYS_ADD)
    add.add_argument("unit_code", help=msg.OFFICE_HELP_UNIT_CODE)
    add.add_argument("pem_file", type=Path, help=msg.OFFICE_HELP_PEM)
    add.add_argument("--name", default="", help=msg.OFFICE_HELP_NAME)
    add.add_argument("--replace", action="store_true", help=msg.OFFICE_HELP_REPLACE)
    add.set_defaults(office_handler=cmd_keys_add)
    listing = keys.add_parser("list", parents=[common], help=msg.OFFICE_HELP_KEYS_LIST)
    listing.add_argument("--all", action="store_true", help=msg.OFFICE_HELP_ALL)
    listing.set_defaults(office_handler=cmd_keys_list)

    imp = actions.add_parser("import", parents=[common], help=msg.OFFICE_HELP_IMPORT)
    imp.add_argument("paths", nargs="+", type=Path, help=msg.OFFICE_HELP_PATHS)
    imp.set_defaults(office_handler=cmd_import)

    status = actions.add_parser("status", parents=[common], help=msg.OFFICE_HELP_STATUS)
    status.add_argument("--period", required=True, help=msg.OFFICE_HELP_PERIOD)
    status.add_argument("--template", default=None, help=msg.OFFICE_HELP_TEMPLATE)
    status.add_argument("--xlsx", type=Path, default=None, help=msg.OFFICE_HELP_XLSX)
    status.set_defaults(office_handler=cmd_status)

    cons = actions.add_parser("consolidate", parents=[common], help=msg.OFFICE_HELP_CONSOLIDATE)
    cons.add_argument("--period", required=True, help=msg.OFFICE_HELP_PERIOD)
    cons.add_argument("--template", default=None, help=msg.OFFICE_HELP_TEMPLATE)
    cons.add_argument("--out", type=Path, required=True, help=msg.OFFICE_HELP_OUT)
    cons.set_defaults(office_handler=cmd_consolidate)
    return office


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _err(text: str) -> None:
    sys.stderr.write(msg.CLI_ERROR.format(message=text) + "\n")
    sys.stderr.flush()


def _table(header: Sequence[str], rows: list[Sequence[object]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*header, box=None, show_edge=False, pad_edge=False)
    for row in rows:
        table.add_row(*(str(c) for c in row))
    Console(soft_wrap=False, width=200, markup=False, highlight=False).print(table)


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from cchc_tui.office.database import open_office_store
    from cchc_tui.service.settings import load_settings

    target = getattr(args, "url", None) or getattr(args, "db", None)
    return open_office_store(target, who=load_settings().who)


def _template(args: argparse.Namespace) -> str | None:
    return nfc(args.template).strip() if args.template else None


def cmd_keys_add(args: argparse.Namespace) -> int:
    """``cchc office keys add UNIT PEM``: register (or with --replace, change) a unit's key."""
    from cchc_tui.office.keys import add_key, read_public_key_file

    raw, _pem = read_public_key_file(args.pem_file)
    store = _open(args)
    try:
        done = add_key(store, args.unit_code, raw, args.name, replace=args.replace)
    finally:
        store.close()
    unit = done.key.unit_code
    if done.outcome == "same":
        _out(msg.OFFICE_KEY_SAME.format(unit=unit, added=done.key.added_at))
    elif done.outcome == "replaced":
        _out(
            msg.OFFICE_KEY_REPLACED.format(
                unit=unit, fingerprint=done.key.fingerprint, old=done.old_fingerprint
            )
        )
    else:
        _out(msg.OFFICE_KEY_ADDED.format(unit=unit, fingerprint=done.key.fingerprint))
    if done.held:
        _out(msg.OFFICE_KEY_HELD_HINT.format(count=done.held))
    return EXIT_OK


def cmd_keys_list(args: argparse.Namespace) -> int:
    """``cchc office keys list``: registered keys."""
    from sqlmodel import Session

    from cchc_tui.office.keys import list_keys
    from cchc_tui.office.status import known_units, vn_time

    store = _open(args)
    try:
        keys = list_keys(store, include_replaced=args.all)
        with Session(store.engine) as session:
            names = known_units(session)
    finally:
        store.close()
    if not keys:
        _out(msg.OFFICE_KEYS_NONE)
        return EXIT_OK
    _table(
        msg.OFFICE_KEYS_HEADER,
        [
            (
                k.unit_code,
                k.unit_name or names.get(k.unit_code, ""),
                k.fingerprint,
                vn_time(k.added_at),
                vn_time(k.replaced_at),
            )
            for k in keys
        ],
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """``cchc office import PATH...``: verify and import every bundle, one line each."""
    from cchc_tui.office.importer import (
        COUNTED_OK,
        Kind,
        find_bundles,
        import_paths,
        import_summary,
    )

    files, missing = find_bundles(args.paths)
    for path in missing:
        _err(msg.OFFICE_PATH_MISSING.format(path=path))
    if not files:
        _err(msg.OFFICE_NO_BUNDLES.format(paths=", ".join(str(p) for p in args.paths)))
        return EXIT_INVALID
    counts: Counter[Kind] = Counter()
    store = _open(args)
    try:
        for outcome in import_paths(store, files):
            counts[outcome.kind] += 1
            for line in outcome.lines():
                _out(line)
    finally:
        store.close()
    _out(import_summary(counts))
    if missing or counts[Kind.UNREADABLE]:
        return EXIT_INVALID
    if any(kind not in COUNTED_OK for kind in counts):
        return EXIT_REFUSED
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    """``cchc office status --period P``: who has reported; optionally an .xlsx too."""
    from cchc_tui.base.atomic import write_atomic
    from cchc_tui.office.status import period_status, status_workbook, summary_line

    store = _open(args)
    try:
        rows = period_status(store, nfc(args.period).strip(), _template(args))
    finally:
        store.close()
    if not rows:
        _out(msg.OFFICE_STATUS_NO_UNITS)
    else:
        _out(msg.OFFICE_STATUS_TITLE.format(period=args.period))
        _table(msg.OFFICE_STATUS_HEADER, [r.cells() for r in rows])
        _out(summary_line(rows))
    if args.xlsx is not None:
        write_atomic(args.xlsx, status_workbook(args.period, rows, datetime.now(UTC)))
        _out(msg.OFFICE_XLSX_WRITTEN.format(file=args.xlsx))
    return EXIT_OK


def cmd_consolidate(args: argparse.Namespace) -> int:
    """``cchc office consolidate --period P --out F.xlsx``: the consolidated workbook."""
    from cchc_tui.base.atomic import write_atomic
    from cchc_tui.office.consolidate import consolidate, consolidation_workbook

    store = _open(args)
    try:
        result = consolidate(store, nfc(args.period).strip(), _template(args))
    finally:
        store.close()
    write_atomic(args.out, consolidation_workbook(result, datetime.now(UTC)))
    _out(
        msg.OFFICE_CONS_DONE.format(
            units=len(result.units),
            period=args.period,
            template=result.template.full_id,
            file=args.out,
            forms=len(result.template.template.forms),
            excluded=len(result.excluded),
        )
    )
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run the office command chosen in ``args``; Vietnamese errors, exit code, no traceback."""
    from cchc_tui.base.atomic import ExportWriteError
    from cchc_tui.db.engine import StoreError
    from cchc_tui.office.keys import KeyFileError
    from cchc_tui.template.loader import TemplateError

    try:
        return int(args.office_handler(args))
    except KeyFileError as err:
        _err(str(err))
        return EXIT_INVALID
    except (StoreError, ExportWriteError) as err:
        _err(str(err))
        return EXIT_REFUSED
    except (KeyError, TemplateError) as err:  # unknown template id
        _err(str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err))
        return EXIT_INVALID
    except ValueError as err:  # OfficeKeyError, ConsolidationError
        _err(str(err))
        return EXIT_REFUSED
    except OSError as err:
        _err(f"{getattr(err, 'filename', '') or ''} {err.strerror or err}".strip())
        return EXIT_INVALID
