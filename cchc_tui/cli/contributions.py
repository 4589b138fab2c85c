"""Several officers on one report (issue 16), each command a thin caller of
:mod:`cchc_tui.service.contributions` and :mod:`cchc_tui.exports.contribution`:

* the compiler: ``cchc report assign ID PART OFFICER`` / ``unassign ID PART``,
  ``cchc report assignments ID`` (progress), ``cchc report package ID --out DIR [--officer N]``
  ("giao việc"), ``cchc contribution import PATH…``, ``cchc contribution conflicts ID``,
  ``cchc contribution resolve CONFLICT giu|lay``;
* the officer: ``cchc contribution open PACKAGE``, ``cchc contribution export ID --out DIR``;
* both: ``cchc report audit ID`` (who changed what, when).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.errors import EXIT_OK, EXIT_REFUSED
from cchc_tui.cli.argparse_vi import whole_number
from cchc_tui.cli.context import report_service
from cchc_tui.cli.output import out, table

KEEP, TAKE = "giu", "lay"
"""The two answers of ``contribution resolve``: keep mine (giữ), take theirs (lấy)."""


def register_report(report: Any) -> None:
    """Add ``assign``, ``unassign``, ``assignments``, ``package`` and ``audit`` to the
    ``cchc report`` subparsers."""
    assign = report.add_parser("assign", help=msg.CLI_HELP_ASSIGN)
    assign.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    assign.add_argument("part", help=msg.CLI_HELP_PART)
    assign.add_argument("officer", help=msg.CLI_HELP_OFFICER)
    assign.set_defaults(handler=cmd_assign)
    unassign = report.add_parser("unassign", help=msg.CLI_HELP_UNASSIGN)
    unassign.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    unassign.add_argument("part", help=msg.CLI_HELP_PART)
    unassign.set_defaults(handler=cmd_unassign)
    progress = report.add_parser("assignments", help=msg.CLI_HELP_ASSIGNMENTS)
    progress.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    progress.set_defaults(handler=cmd_assignments)
    package = report.add_parser("package", help=msg.CLI_HELP_PACKAGE)
    package.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    package.add_argument("--out", type=Path, required=True, help=msg.CLI_HELP_OUT_FOLDER)
    package.add_argument("--officer", default=None, help=msg.CLI_HELP_PACKAGE_OFFICER)
    package.set_defaults(handler=cmd_package)
    audit = report.add_parser("audit", help=msg.CLI_HELP_AUDIT)
    audit.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    audit.set_defaults(handler=cmd_audit)


def register(sub: Any) -> None:
    """Add ``cchc contribution …`` to the ``cchc`` subparsers."""
    family = sub.add_parser("contribution", help=msg.CLI_HELP_CONTRIBUTION).add_subparsers(
        dest="action", required=True, metavar=msg.CLI_HELP_COMMAND
    )
    opened = family.add_parser("open", help=msg.CLI_HELP_CONTRIB_OPEN)
    opened.add_argument("file", type=Path, help=msg.CLI_HELP_PACKAGE_FILE)
    opened.set_defaults(handler=cmd_open)
    export = family.add_parser("export", help=msg.CLI_HELP_CONTRIB_EXPORT)
    export.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    export.add_argument("--out", type=Path, required=True, help=msg.CLI_HELP_OUT_FOLDER)
    export.set_defaults(handler=cmd_export)
    imported = family.add_parser("import", help=msg.CLI_HELP_CONTRIB_IMPORT)
    imported.add_argument("paths", type=Path, nargs="+", help=msg.CLI_HELP_CONTRIB_PATHS)
    imported.set_defaults(handler=cmd_import)
    conflicts = family.add_parser("conflicts", help=msg.CLI_HELP_CONFLICTS)
    conflicts.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    conflicts.set_defaults(handler=cmd_conflicts)
    resolve = family.add_parser("resolve", help=msg.CLI_HELP_RESOLVE)
    resolve.add_argument("conflict_id", type=whole_number, help=msg.CLI_HELP_CONFLICT_ID)
    resolve.add_argument("choice", choices=(KEEP, TAKE), help=msg.CLI_HELP_CHOICE)
    resolve.set_defaults(handler=cmd_resolve)


def cmd_assign(args: argparse.Namespace) -> int:
    """``cchc report assign ID PART OFFICER``."""
    with report_service(args) as service:
        part = service.contributions.assign(args.report_id, args.part, args.officer)
        officer = service.contributions.assignments(args.report_id)[part.key]
    out(msg.CLI_ASSIGNED.format(part=part.title, officer=officer))
    return EXIT_OK


def cmd_unassign(args: argparse.Namespace) -> int:
    """``cchc report unassign ID PART``."""
    with report_service(args) as service:
        part = service.contributions.assign(args.report_id, args.part, None)
    out(msg.CLI_UNASSIGNED.format(part=part.title))
    return EXIT_OK


def cmd_assignments(args: argparse.Namespace) -> int:
    """``cchc report assignments ID``: every part, who has it, how far, how full."""
    with report_service(args) as service:
        workspace = service.open_report(args.report_id)
        states = {p.key: p.state for p in workspace.outline()}
        lines = service.contributions.progress(args.report_id, states, workspace.template)
    table(
        msg.PROGRESS_CLI_COLUMNS,
        [
            (
                p.part,
                p.title[:40],
                p.officer,
                msg.PROGRESS_STAGES[p.stage],
                msg.STATE_LABELS[p.state] if p.state is not None else "",
                p.conflicts or "",
            )
            for p in lines
        ],
    )
    return EXIT_OK


def cmd_package(args: argparse.Namespace) -> int:
    """``cchc report package ID --out DIR [--officer NAME]``: "giao việc" to a USB folder."""
    from cchc_tui.exports.contribution import write_packages

    with report_service(args) as service:
        written = write_packages(service.contributions, args.report_id, args.out, args.officer)
    for package in written:
        out(
            msg.PACKAGE_WRITTEN.format(
                officer=package.officer, parts=", ".join(package.parts), file=package.path
            )
        )
    out(msg.CLI_PACKAGE_SUMMARY.format(count=len(written)))
    return EXIT_OK


def cmd_open(args: argparse.Namespace) -> int:
    """``cchc contribution open PACKAGE``: the officer's working copy on this PC."""
    from cchc_tui.exports.contribution import open_package_file
    from cchc_tui.service.settings import load_settings

    with report_service(args) as service:
        officer = load_settings().officer_name  # a folder of packages: the one named for them
        opened = open_package_file(service.contributions, args.file, officer)
    out(opened.message)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """``cchc contribution export ID --out DIR``: the officer's contribution to a USB folder."""
    from cchc_tui.exports.contribution import write_contribution

    with report_service(args) as service:
        path, draft = write_contribution(service.contributions, args.report_id, args.out)
    out(msg.CONTRIB_WRITTEN.format(sequence=draft.sequence, changed=draft.changed, file=path))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """``cchc contribution import PATH…``: merge every contribution found, one transaction
    each. Exit 1 when one was refused (the others are merged)."""
    from cchc_tui.exports.contribution import CONTRIBUTION_SUFFIX, find_files, import_contributions

    files, missing = find_files(args.paths, CONTRIBUTION_SUFFIX)
    refused = len(missing)
    for path in missing:
        out(msg.CONTRIB_REFUSED_LINE.format(file=path, reason=msg.VERIFY_READ_NOT_FOUND))
    if not files and not missing:
        out(msg.CONTRIB_NONE_FOUND.format(path=", ".join(str(p) for p in args.paths)))
        return EXIT_REFUSED
    merged = seen = 0
    reports: set[int] = set()
    with report_service(args) as service:
        for line in import_contributions(service.contributions, files):
            out(line.text)
            if line.outcome is None:
                refused += 1
            elif line.outcome.kind == "already":
                seen += 1
            else:
                merged += 1
                reports.add(line.outcome.report_id)
        pending = sum(service.contributions.pending(rid) for rid in reports)
    out(msg.CONTRIB_SUMMARY.format(merged=merged, seen=seen, refused=refused, pending=pending))
    return EXIT_REFUSED if refused else EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    """``cchc contribution conflicts ID``: the pending conflicts, both sides."""
    with report_service(args) as service:
        views = service.contributions.conflicts(args.report_id)
    if not views:
        out(msg.CLI_NO_CONFLICTS)
        return EXIT_OK
    for view in views:
        out(
            msg.CONFLICT_CLI_LINE.format(
                id=view.id,
                label=view.label,
                mine=view.mine,
                mine_who=view.mine_who or msg.CONFLICT_UNKNOWN_WHO,
                mine_at=view.mine_at,
                officer=view.officer,
                theirs=view.theirs,
                theirs_who=view.theirs_who or msg.CONFLICT_UNKNOWN_WHO,
                theirs_at=view.theirs_at,
            )
        )
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace) -> int:
    """``cchc contribution resolve CONFLICT giu|lay``."""
    with report_service(args) as service:
        service.contributions.resolve(args.conflict_id, args.choice == TAKE)
    done = msg.CLI_RESOLVED_TAKEN if args.choice == TAKE else msg.CLI_RESOLVED_KEPT
    out(done.format(id=args.conflict_id))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    """``cchc report audit ID``: every audited change, oldest first."""
    with report_service(args) as service:
        entries = service.audit_log(args.report_id)
    from cchc_tui.service.contributions import audit_cells

    table(msg.AUDIT_COLUMNS, [audit_cells(e) for e in entries])
    return EXIT_OK
