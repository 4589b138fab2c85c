"""``cchc templates list`` and ``cchc templates check FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.errors import EXIT_OK
from cchc_tui.cli.output import out, table


def register(sub: Any) -> None:
    """Add ``templates list`` and ``templates check`` to the ``cchc`` subparsers."""
    templates = sub.add_parser("templates", help=msg.CLI_HELP_TEMPLATES).add_subparsers(
        dest="action", required=True, metavar=msg.CLI_HELP_COMMAND
    )
    templates.add_parser("list", help=msg.CLI_HELP_TEMPLATES_LIST).set_defaults(
        handler=cmd_templates_list
    )
    check = templates.add_parser("check", help=msg.CLI_HELP_TEMPLATES_CHECK)
    check.add_argument("file", type=Path, help=msg.CLI_HELP_TEMPLATE_FILE)
    check.set_defaults(handler=cmd_templates_check)


def cmd_templates_list(args: argparse.Namespace) -> int:
    """``cchc templates list``: the shipped templates."""
    from cchc_tui.template.loader import builtin_templates

    table(
        msg.CLI_TEMPLATE_HEADER,
        [
            (
                t.full_id,
                t.template.title,
                t.template.province,
                ", ".join(msg.PERIOD_KIND_LABELS.get(k, k) for k in t.template.period_kinds),
                len(t.template.forms),
            )
            for t in builtin_templates().values()
        ],
    )
    return EXIT_OK


def cmd_templates_check(args: argparse.Namespace) -> int:
    """``cchc templates check FILE``: load and check a template file."""
    from cchc_tui.template.loader import load_template_file

    loaded = load_template_file(args.file)
    out(
        msg.CLI_TEMPLATE_OK.format(
            id=loaded.full_id,
            sections=len(loaded.template.sections),
            forms=len(loaded.template.forms),
            rows=len(loaded.indicators),
        )
    )
    cues = [info for info in loaded.indicators.values() if info.cues]
    if cues:
        out(msg.CLI_TEMPLATE_CUES.format(cues=sum(len(info.cues) for info in cues), rows=len(cues)))
    return EXIT_OK
