"""``cchc office …``: the receiving office's commands, without a screen.

* ``cchc office keys add UNIT_CODE PUBKEY_PEM_FILE [--name TÊN] [--replace]``
* ``cchc office keys list [--all]``
* ``cchc office import PATH...`` (files or folders, e.g. the USB root; searched recursively)
* ``cchc office status --period CODE [--template ID] [--xlsx FILE]``
* ``cchc office consolidate --period CODE [--template ID] --out FILE.xlsx``
* ``cchc office templates publish T.yaml --out DIR [--name TÊN] [--passphrase-file F]``

The office database: ``--url URL`` (e.g. PostgreSQL), else the global ``--db FILE``, else
``$CCHC_OFFICE_DB`` (a file or a URL), else ``office.sqlite3`` in the app's data folder.

Exit codes as for ``cchc``: 0 success; 1 refused, held or invalid bundles, nothing to
consolidate; 2 unreadable input (a path that does not exist, a file that is not a bundle, a key
file that is not a key). Errors are handled by ``cchc_tui.cli.entry`` like every command's.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_tui import messages as msg
from cchc_tui.base.errors import EXIT_INVALID, EXIT_OK, EXIT_REFUSED
from cchc_tui.base.text import nfc
from cchc_tui.cli.output import err, out, table

if TYPE_CHECKING:
    from cchc_tui.office.service import OfficeService


def register(subparsers: Any) -> None:
    """Add ``office`` and its commands to the ``cchc`` subparsers; returns the ``office`` parser.

    Every leaf sets ``args.handler``.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", default=None, help=msg.OFFICE_HELP_URL)
    office = subparsers.add_parser("office", help=msg.OFFICE_HELP)
    actions = office.add_subparsers(dest="action", required=True, metavar=msg.CLI_HELP_COMMAND)

    keys = actions.add_parser("keys", help=msg.OFFICE_HELP_KEYS).add_subparsers(
        dest="keys_action", required=True, metavar=msg.CLI_HELP_COMMAND
    )
    add = keys.add_parser("add", parents=[common], help=msg.OFFICE_HELP_KEYS_ADD)
    add.add_argument("unit_code", help=msg.OFFICE_HELP_UNIT_CODE)
    add.add_argument("pem_file", type=Path, help=msg.OFFICE_HELP_PEM)
    add.add_argument("--name", default="", help=msg.OFFICE_HELP_NAME)
    add.add_argument("--replace", action="store_true", help=msg.OFFICE_HELP_REPLACE)
    add.set_defaults(handler=cmd_keys_add)
    listing = keys.add_parser("list", parents=[common], help=msg.OFFICE_HELP_KEYS_LIST)
    listing.add_argument("--all", action="store_true", help=msg.OFFICE_HELP_ALL)
    listing.set_defaults(handler=cmd_keys_list)

    imp = actions.add_parser("import", parents=[common], help=msg.OFFICE_HELP_IMPORT)
    imp.add_argument("paths", nargs="+", type=Path, help=msg.OFFICE_HELP_PATHS)
    imp.set_defaults(handler=cmd_import)

    status = actions.add_parser("status", parents=[common], help=msg.OFFICE_HELP_STATUS)
    status.add_argument("--period", required=True, help=msg.OFFICE_HELP_PERIOD)
    status.add_argument("--template", default=None, help=msg.OFFICE_HELP_TEMPLATE)
    status.add_argument("--xlsx", type=Path, default=None, help=msg.OFFICE_HELP_XLSX)
    status.set_defaults(handler=cmd_status)

    templates = actions.add_parser("templates", help=msg.CLI_HELP_OFFICE_TEMPLATES)
    tpl_actions = templates.add_subparsers(
        dest="templates_action", required=True, metavar=msg.CLI_HELP_COMMAND
    )
    publish = tpl_actions.add_parser("publish", help=msg.CLI_HELP_OFFICE_PUBLISH)
    publish.add_argument("file", type=Path, help=msg.CLI_HELP_OFFICE_TPL_FILE)
    publish.add_argument("--out", type=Path, required=True, help=msg.CLI_HELP_OFFICE_TPL_OUT)
    publish.add_argument("--name", default="", help=msg.CLI_HELP_OFFICE_TPL_NAME)
    publish.add_argument("--passphrase-file", type=Path, help=msg.CLI_HELP_PASSPHRASE_FILE)
    publish.set_defaults(handler=cmd_templates_publish)

    cons = actions.add_parser("consolidate", parents=[common], help=msg.OFFICE_HELP_CONSOLIDATE)
    cons.add_argument("--period", required=True, help=msg.OFFICE_HELP_PERIOD)
    cons.add_argument("--template", default=None, help=msg.OFFICE_HELP_TEMPLATE)
    cons.add_argument("--out", type=Path, required=True, help=msg.OFFICE_HELP_OUT)
    cons.set_defaults(handler=cmd_consolidate)


@contextmanager
def office_service(args: argparse.Namespace) -> Iterator[OfficeService]:
    """The office database of ``--url``/``--db`` (or the default), open for one command."""
    from cchc_tui.office.service import OfficeService
    from cchc_tui.service.settings import load_settings

    target = getattr(args, "url", None) or getattr(args, "db", None)
    service = OfficeService.open(target, who=load_settings().who)
    try:
        yield service
    finally:
        service.close()


def _template(args: argparse.Namespace) -> str | None:
    return nfc(args.template).strip() if args.template else None


def cmd_keys_add(args: argparse.Namespace) -> int:
    """``cchc office keys add UNIT PEM|BUNDLE``: register (or with --replace, change) a unit's
    key, from its public key file or from a bundle it signed."""
    from cchc_tui.office.keys import read_public_key_file

    raw, _pem = read_public_key_file(args.pem_file, args.unit_code)
    with office_service(args) as office:
        done = office.add_key(args.unit_code, raw, args.name, replace=args.replace)
    unit = done.key.unit_code
    if done.outcome == "same":
        out(msg.OFFICE_KEY_SAME.format(unit=unit, added=done.key.added_at))
    elif done.outcome == "replaced":
        out(
            msg.OFFICE_KEY_REPLACED.format(
                unit=unit, fingerprint=done.key.fingerprint, old=done.old_fingerprint
            )
        )
    else:
        out(msg.OFFICE_KEY_ADDED.format(unit=unit, fingerprint=done.key.fingerprint))
    if done.held:
        out(msg.OFFICE_KEY_HELD_HINT.format(count=done.held))
    return EXIT_OK


def cmd_keys_list(args: argparse.Namespace) -> int:
    """``cchc office keys list``: registered keys."""
    from cchc_tui.office.status import vn_time

    with office_service(args) as office:
        keys = office.keys(include_replaced=args.all)
        names = office.unit_names()
    if not keys:
        out(msg.OFFICE_KEYS_NONE)
        return EXIT_OK
    table(
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
    from cchc_tui.office.importer import COUNTED_OK, Kind, find_bundles, import_summary

    files, missing = find_bundles(args.paths)
    for path in missing:
        err(msg.OFFICE_PATH_MISSING.format(path=path))
    if not files:
        err(msg.OFFICE_NO_BUNDLES.format(paths=", ".join(str(p) for p in args.paths)))
        return EXIT_INVALID
    counts: Counter[Kind] = Counter()
    with office_service(args) as office:
        for outcome in office.import_files(files):
            counts[outcome.kind] += 1
            for line in outcome.lines():
                out(line)
    out(import_summary(counts))
    if missing or counts[Kind.UNREADABLE]:
        return EXIT_INVALID
    if any(kind not in COUNTED_OK for kind in counts):
        return EXIT_REFUSED
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    """``cchc office status --period P``: who has reported; optionally an .xlsx too."""
    from cchc_tui.base.atomic import write_file
    from cchc_tui.office.status import status_workbook, summary_line

    with office_service(args) as office:
        rows = office.period_status(nfc(args.period).strip(), _template(args))
    if not rows:
        out(msg.OFFICE_STATUS_NO_UNITS)
    else:
        out(msg.OFFICE_STATUS_TITLE.format(period=args.period))
        table(msg.OFFICE_STATUS_HEADER, [r.cells() for r in rows])
        out(summary_line(rows))
    if args.xlsx is not None:
        write_file(args.xlsx, status_workbook(args.period, rows, datetime.now(UTC)))
        out(msg.OFFICE_XLSX_WRITTEN.format(file=args.xlsx))
    return EXIT_OK


def cmd_consolidate(args: argparse.Namespace) -> int:
    """``cchc office consolidate --period P --out F.xlsx``: the consolidated workbook."""
    from cchc_tui.base.atomic import write_file
    from cchc_tui.office.consolidate import consolidation_workbook

    with office_service(args) as office:
        result = office.consolidate(nfc(args.period).strip(), _template(args))
    write_file(args.out, consolidation_workbook(result, datetime.now(UTC)))
    out(
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


def cmd_templates_publish(args: argparse.Namespace) -> int:
    """``cchc office templates publish T.yaml --out DIR``: sign a template pack for the communes.

    The office's key is made at its first publication (its passphrase asked, or read from
    ``--passphrase-file``); its public key is written beside the pack for the communes to
    register once (``cchc office-key add``). The template is also kept as installed here, so
    that this office reads the reports made with it.
    """
    from cchc_tui import __version__
    from cchc_tui.authoring.pack import publish_template
    from cchc_tui.base.atomic import human_size
    from cchc_tui.base.inputs import read_input_bytes
    from cchc_tui.base.locations import keys_dir
    from cchc_tui.cli.context import passphrase

    yaml_bytes = read_input_bytes(args.file)
    secret = passphrase(args)
    done = publish_template(yaml_bytes, args.out, keys_dir(), secret, args.name, __version__)
    if done.key_created:
        out(msg.CLI_TPL_PUBLISH_NEW_KEY)
    out(
        msg.CLI_TPL_PUBLISHED.format(
            name=done.pack.name, size=human_size(done.size), folder=args.out
        )
    )
    out(msg.CLI_TPL_PUBLISHED_KEY.format(file=done.public_key.name))
    out(msg.CLI_TPL_PUBLISH_FINGERPRINT.format(fingerprint=done.fingerprint))
    return EXIT_OK
