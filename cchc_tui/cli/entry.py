"""The ``cchc`` command: with no arguments it opens the app; subcommands work without a screen.

Global ``--db PATH`` (or ``$CCHC_DB``) chooses the database, anywhere on the line. Exit codes:
0 success, 1 the report has errors or the action was refused, 2 the input is unreadable or
invalid (``cchc_tui.base.errors``). Messages are Vietnamese, argparse's own too; nothing prints
a traceback: an error the officer may meet is a ``CchcError`` and prints its message, anything
else is logged with its traceback and printed as "Lỗi không mong đợi, đã ghi vào nhật ký: …".

The commands live in one module per family (``reports``, ``bundles``, ``templates``,
``office``, ``maintenance``, ``contributions``), each with a ``register(subparsers)`` that
sets the ``handler`` of its commands.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_tui import __version__
from cchc_tui import messages as msg
from cchc_tui.base.console import use_utf8_output
from cchc_tui.base.errors import EXIT_REFUSED, CchcError
from cchc_tui.base.logs import describe_failure, setup_logging

if TYPE_CHECKING:
    import argparse


def build_parser() -> argparse.ArgumentParser:
    """The whole ``cchc`` command line (argparse, Vietnamese)."""
    import argparse

    from cchc_tui.cli import (
        argparse_vi,
        bundles,
        contributions,
        maintenance,
        office,
        reports,
        templates,
    )

    argparse_vi.install()
    parser = argparse.ArgumentParser(prog="cchc", description=msg.CLI_DESCRIPTION)
    parser.add_argument("--db", type=Path, help=msg.CLI_HELP_DB)
    parser.add_argument("--office", action="store_true", help=msg.CLI_HELP_OFFICE)
    parser.add_argument(
        "--version",
        action="version",
        version=msg.CLI_VERSION.format(version=__version__),
        help=msg.CLI_HELP_VERSION,
    )
    sub = parser.add_subparsers(dest="command", metavar=msg.CLI_HELP_COMMAND)
    reports.register(sub)
    bundles.register(sub)
    office.register(sub)
    templates.register(sub)
    maintenance.register(sub)
    contributions.register(sub)
    return parser


def _hoist_db(argv: Sequence[str]) -> list[str]:
    """Accept ``--db PATH`` anywhere on the line (officers put it last), not only first."""
    rest, front = list(argv), []
    for i, arg in enumerate(rest):
        if arg == "--db" and i + 1 < len(rest):
            front = rest[i : i + 2]
            del rest[i : i + 2]
            break
        if arg.startswith("--db="):
            front = [arg]
            del rest[i]
            break
    return front + rest


def _app_only(argv: Sequence[str]) -> tuple[Path | None, bool] | None:
    """``(database, office)`` when the line holds only the app's own options (``--db PATH``,
    ``--db=PATH``, ``--office``, each at most once), else ``None`` (argparse reads the line).

    Opening the app skips building the whole command line (every command family's module):
    the first frame comes that much sooner on an old PC (issue 11).
    """
    db: Path | None = None
    office = False
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--office" and not office:
            office = True
        elif arg == "--db" and db is None and rest and not rest[0].startswith("-"):
            db = Path(rest.pop(0))
        elif arg.startswith("--db=") and db is None and len(arg) > len("--db="):
            db = Path(arg[len("--db=") :])
        else:
            return None
    return db, office


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cchc`` console script; returns the exit code."""
    use_utf8_output()
    setup_logging()
    line = sys.argv[1:] if argv is None else argv
    app_only = _app_only(line)
    if app_only is not None:
        from cchc_tui.app import run_app

        return run_app(app_only[0], office=app_only[1])
    from cchc_tui.base.limits import check_arguments
    from cchc_tui.cli.output import err

    args = build_parser().parse_args(_hoist_db(line))
    if args.command is None:
        from cchc_tui.app import run_app

        return run_app(args.db, office=args.office)
    try:
        check_arguments(vars(args))
        return int(args.handler(args))
    except CchcError as error:
        err(error.message)
        return error.exit_code
    except Exception as error:  # the last line of defence: logged with its traceback
        err(describe_failure(error, f"cchc {args.command}"))
        return EXIT_REFUSED
