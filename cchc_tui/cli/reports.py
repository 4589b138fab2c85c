"""``cchc sample``, ``cchc report``, ``cchc signoff``, ``cchc check``, ``cchc keys``, ``cchc info``:
the commune's commands, each a thin caller of the application layer."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.errors import EXIT_OK, EXIT_REFUSED, InvalidInput
from cchc_tui.cli.argparse_vi import whole_number
from cchc_tui.cli.context import passphrase, report_service
from cchc_tui.cli.output import out, table

HEADER_OPTIONS = (
    ("--number", "number", msg.CLI_HELP_HEADER_NUMBER),
    ("--symbol", "symbol", msg.CLI_HELP_HEADER_SYMBOL),
    ("--place", "place", msg.CLI_HELP_HEADER_PLACE),
    ("--date", "date", msg.CLI_HELP_HEADER_DATE),
    ("--title", "title", msg.CLI_HELP_HEADER_TITLE),
    ("--basis", "basis", msg.CLI_HELP_HEADER_BASIS),
    ("--closing", "closing", msg.CLI_HELP_HEADER_CLOSING),
    ("--on-behalf", "on_behalf", msg.CLI_HELP_HEADER_ON_BEHALF),
    ("--authority", "authority", msg.CLI_HELP_HEADER_AUTHORITY),
    ("--principal-title", "principal_title", msg.CLI_HELP_HEADER_PRINCIPAL),
    ("--signer-title", "signer_title", msg.CLI_HELP_HEADER_SIGNER_TITLE),
    ("--signer", "signer_name", msg.CLI_HELP_HEADER_SIGNER),
)
"""``cchc report header`` options: option, ``HeaderForm`` field, help."""


def register(sub: Any) -> None:
    """Add the commune's commands to the ``cchc`` subparsers (each sets ``handler``)."""
    sample = sub.add_parser("sample", help=msg.CLI_HELP_SAMPLE).add_subparsers(
        dest="action", required=True, metavar=msg.CLI_HELP_COMMAND
    )
    load = sample.add_parser("load", help=msg.CLI_HELP_SAMPLE_LOAD)
    load.add_argument("--name", default=None, help=msg.CLI_HELP_SAMPLE_NAME)
    load.set_defaults(handler=cmd_sample_load)
    sample.add_parser("list", help=msg.CLI_HELP_SAMPLE_LIST).set_defaults(handler=cmd_sample_list)

    report = sub.add_parser("report", help=msg.CLI_HELP_REPORT).add_subparsers(
        dest="action", required=True, metavar=msg.CLI_HELP_COMMAND
    )
    report.add_parser("list", help=msg.CLI_HELP_REPORT_LIST).set_defaults(handler=cmd_report_list)
    imp = report.add_parser("import-json", help=msg.CLI_HELP_IMPORT_JSON)
    imp.add_argument("file", type=Path, help=msg.CLI_HELP_JSON_FILE)
    imp.set_defaults(handler=cmd_report_import)
    exp = report.add_parser("export-json", help=msg.CLI_HELP_EXPORT_JSON)
    exp.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    exp.add_argument("file", type=Path, help=msg.CLI_HELP_JSON_FILE)
    exp.set_defaults(handler=cmd_report_export)
    explain = report.add_parser("explain", help=msg.CLI_HELP_EXPLAIN)
    explain.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    explain.add_argument("row_key", help=msg.CLI_HELP_ROW_KEY)
    explain.add_argument("text", help=msg.CLI_HELP_EXPLAIN_TEXT)
    explain.set_defaults(handler=cmd_report_explain)
    reopen = report.add_parser("reopen", help=msg.CLI_HELP_REOPEN)
    reopen.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    reopen.add_argument("--reason", required=True, help=msg.CLI_HELP_REASON)
    reopen.set_defaults(handler=cmd_report_reopen)

    header = report.add_parser("header", help=msg.CLI_HELP_HEADER)
    header.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    for option, name, help_text in HEADER_OPTIONS:
        header.add_argument(option, dest=name, default=None, help=help_text)
    header.add_argument(
        "--recipient", dest="recipients", action="append", help=msg.CLI_HELP_HEADER_RECIPIENT
    )
    header.set_defaults(handler=cmd_report_header)
    draft = report.add_parser("draft", help=msg.CLI_HELP_DRAFT)
    draft.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    draft.add_argument("--out", type=Path, required=True, help=msg.CLI_HELP_OUT_FOLDER)
    draft.add_argument("--open", action="store_true", help=msg.CLI_HELP_DRAFT_OPEN)
    draft.set_defaults(handler=cmd_report_draft)
    from cchc_tui.cli import contributions

    contributions.register_report(report)  # assign, unassign, assignments, package, audit

    signoff = sub.add_parser("signoff", help=msg.CLI_HELP_SIGNOFF)
    signoff.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    signoff.add_argument("--signer", required=True, help=msg.CLI_HELP_SIGNER)
    signoff.add_argument("--title", required=True, help=msg.CLI_HELP_TITLE)
    signoff.add_argument("--number", help=msg.CLI_HELP_NUMBER)
    signoff.add_argument("--date", help=msg.CLI_HELP_DATE)
    signoff.add_argument("--passphrase-file", type=Path, help=msg.CLI_HELP_PASSPHRASE_FILE)
    signoff.set_defaults(handler=cmd_signoff)

    keys = sub.add_parser("keys", help=msg.CLI_HELP_KEYS).add_subparsers(
        dest="action", required=True, metavar=msg.CLI_HELP_COMMAND
    )
    show = keys.add_parser("show", help=msg.CLI_HELP_KEYS_SHOW)
    show.add_argument("unit_code", nargs="?", help=msg.CLI_HELP_UNIT_CODE)
    show.set_defaults(handler=cmd_keys_show)
    change = keys.add_parser("change", help=msg.CLI_HELP_KEYS_CHANGE)
    change.add_argument("unit_code", help=msg.CLI_HELP_UNIT_CODE)
    change.add_argument("--reason", required=True, help=msg.CLI_HELP_KEYS_REASON)
    change.add_argument("--passphrase-file", type=Path, help=msg.CLI_HELP_KEYS_NEW_PASSPHRASE)
    change.add_argument("--old-passphrase-file", type=Path, help=msg.CLI_HELP_KEYS_OLD_PASSPHRASE)
    change.set_defaults(handler=cmd_keys_change)

    check = sub.add_parser("check", help=msg.CLI_HELP_CHECK)
    check.add_argument("file", type=Path, help=msg.CLI_HELP_JSON_FILE)
    check.add_argument("--json", action="store_true", help=msg.CLI_HELP_CHECK_JSON)
    check.set_defaults(handler=cmd_check)

    sub.add_parser("info", help=msg.CLI_HELP_INFO).set_defaults(handler=cmd_info)


def cmd_sample_load(args: argparse.Namespace) -> int:
    """``cchc sample load``: load a shipped sample, print its report id."""
    from cchc_tui.service.samples import DEFAULT_SAMPLE

    with report_service(args) as service:
        rid, loaded = service.ensure_sample(args.name or DEFAULT_SAMPLE)
    out((msg.CLI_SAMPLE_LOADED if loaded else msg.CLI_SAMPLE_EXISTS).format(id=rid))
    return EXIT_OK


def cmd_sample_list(args: argparse.Namespace) -> int:
    """``cchc sample list``: the shipped samples."""
    from cchc_tui.service.samples import load_sample, sample_names

    rows = []
    for name in sample_names():
        report, template = load_sample(name)
        rows.append((name, report.unit.display_name, report.period.code, template.full_id))
    table(msg.CLI_SAMPLE_LIST_HEADER, rows)
    return EXIT_OK


def cmd_report_list(args: argparse.Namespace) -> int:
    """``cchc report list``: one line per report."""
    with report_service(args) as service:
        reports = service.overview()
    if not reports:
        out(msg.CLI_NO_REPORTS)
        return EXIT_OK
    table(
        msg.CLI_REPORT_HEADER,
        [
            (
                r.report_id,
                f"{msg.UNIT_KIND_LABELS.get(r.unit_kind, '')} {r.unit_name} ({r.unit_code})",
                r.period_code,
                r.template_id,
                msg.STATUS_LABELS.get(r.status, r.status),
                r.revision,
            )
            for r in reports
        ],
    )
    return EXIT_OK


def cmd_report_import(args: argparse.Namespace) -> int:
    """``cchc report import-json FILE``: store a report file as a new draft."""
    from cchc_tui.domain.interchange import read_report

    report, _template = read_report(args.file)
    with report_service(args) as service:
        rid = service.import_report(report)
    out(msg.CLI_IMPORTED.format(id=rid))
    return EXIT_OK


def cmd_report_export(args: argparse.Namespace) -> int:
    """``cchc report export-json ID FILE``: write a report as ``cchc-report/1``."""
    from cchc_tui.base.atomic import write_file
    from cchc_tui.domain.interchange import dumps_report

    with report_service(args) as service:
        report, template = service.export_report(args.report_id)
    write_file(args.file, dumps_report(report, template).encode())
    out(msg.CLI_EXPORTED.format(id=args.report_id, file=args.file))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """``cchc check FILE``: findings of a report file; exit 1 if it has errors."""
    from cchc_tui.domain.interchange import findings_to_list, read_report
    from cchc_tui.domain.validation import sorted_findings, validate

    report, template = read_report(args.file)
    result = validate(template, report)
    findings = sorted_findings(result.findings, template, report.documents)
    if args.json:
        payload = {
            "file": str(args.file),
            "template": template.full_id,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "findings": findings_to_list(findings, report.explanations),
        }
        out(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        table(
            msg.CLI_FINDING_HEADER,
            [
                (msg.SEVERITY_LABELS[str(f.severity)], f.shown_key, f.message, f.expected or "")
                for f in findings
            ],
        )
        out(msg.CLI_CHECK_SUMMARY.format(errors=len(result.errors), warnings=len(result.warnings)))
    return EXIT_REFUSED if result.errors else EXIT_OK


def cmd_signoff(args: argparse.Namespace) -> int:
    """``cchc signoff ID``: check readiness, make/open the unit key, lock the report."""
    from cchc_tui.domain.documents import parse_vn_date
    from cchc_tui.service.reports import SignOffRequest

    report_date = parse_vn_date(args.date) if args.date else None
    request = SignOffRequest(args.signer, args.title, passphrase(args), args.number, report_date)
    with report_service(args) as service:
        signed = service.sign_off(args.report_id, request)
    out(
        msg.SIGN_DONE.format(
            id=args.report_id, revision=signed.revision, title=args.title, name=args.signer
        )
    )
    out(msg.VERIFY_FINGERPRINT.format(fingerprint=signed.fingerprint))
    return EXIT_OK


def cmd_report_explain(args: argparse.Namespace) -> int:
    """``cchc report explain ID KEY TEXT``: explain the warnings of a row."""
    with report_service(args) as service:
        ids = service.explain(args.report_id, args.row_key, args.text)
    out(msg.EXPLAIN_DONE.format(ids=", ".join(ids)))
    return EXIT_OK


def cmd_report_reopen(args: argparse.Namespace) -> int:
    """``cchc report reopen ID --reason R``: revision N+1 as a draft."""
    with report_service(args) as service:
        reopened = service.reopen(args.report_id, args.reason)
    out(
        msg.REOPEN_DONE.format(
            revision=reopened.revision, id=reopened.report_id, old=reopened.old_revision
        )
    )
    return EXIT_OK


def cmd_report_header(args: argparse.Namespace) -> int:
    """``cchc report header ID [--number N …]``: show the header, or change the given fields;
    then list its problems."""
    from dataclasses import replace

    with report_service(args) as service:
        workspace = service.open_report(args.report_id)
        form = workspace.header_form()
        given = {name: getattr(args, name) for _o, name, _h in HEADER_OPTIONS}
        changes = {name: value for name, value in given.items() if value is not None}
        if args.recipients is not None:
            changes["recipients"] = args.recipients
        if changes:
            changed = workspace.set_header(replace(form, **changes))
            out(msg.CLI_HEADER_SAVED.format(count=len(changed)))
            form = workspace.header_form()
        problems = workspace.header_problems()
    for label, name in msg.CLI_HEADER_LINES:
        value = getattr(form, name)
        shown = "; ".join(value) if isinstance(value, list) else value
        out(msg.CLI_INFO_LINE.format(label=label, value=shown or msg.CLI_HEADER_EMPTY))
    for problem in problems:
        severity = msg.SEVERITY_LABELS[str(problem.severity)]
        out(msg.HEADER_PROBLEM_LINE.format(severity=severity, message=problem.message))
    return EXIT_OK


def cmd_report_draft(args: argparse.Namespace) -> int:
    """``cchc report draft ID --out DIR [--open]``: the draft .docx and .xlsx, marked DỰ THẢO."""
    from cchc_tui.base.desktop import open_file
    from cchc_tui.exports.draft import export_draft

    with report_service(args) as service:
        paths = export_draft(service, args.report_id, args.out)
    for path in paths:
        out(msg.CLI_DRAFT_WRITTEN.format(file=path))
    if args.open:
        open_file(paths[0])
    return EXIT_OK


def cmd_keys_show(args: argparse.Namespace) -> int:
    """``cchc keys show [UNIT]``: public key PEM and fingerprint, for the receiving office, and
    the unit's key changes."""
    from cchc_tui.service.keys import unit_public_keys

    keys = unit_public_keys(unit_code=args.unit_code)
    if not keys:
        out(msg.KEYS_NONE)
        return EXIT_REFUSED
    for key in keys:
        out(msg.KEYS_LINE.format(unit=key.unit_code, fingerprint=key.fingerprint))
        out(key.pem.decode("ascii").rstrip())
        for change in key.changes:
            out(
                msg.KEYS_CHANGE_LINE.format(
                    at=change.changed_at,
                    old=change.old_fingerprint,
                    new=change.new_fingerprint,
                    reason=change.reason,
                    signed=msg.KEYS_CHANGE_SIGNED if change.signed else msg.KEYS_CHANGE_UNSIGNED,
                )
            )
    return EXIT_OK


def cmd_keys_change(args: argparse.Namespace) -> int:
    """``cchc keys change UNIT --reason R``: replace the unit's signing key (issue 10).

    The new passphrase from ``--passphrase-file`` (or asked twice); the old key's, when it is on
    this computer, from ``--old-passphrase-file`` (or asked).
    """
    from cchc_tui.signing.key_change import NeedOldPassphrase

    new = passphrase(args, prompt=msg.KEYS_NEW_PROMPT)
    if args.passphrase_file is None and passphrase(args, prompt=msg.KEYS_AGAIN_PROMPT) != new:
        raise InvalidInput(msg.SIGN_PASSPHRASE_MISMATCH)
    old = None
    if args.old_passphrase_file is not None:
        old = passphrase(args, "old_passphrase_file")
    with report_service(args) as service:
        try:
            done = service.change_key(args.unit_code, args.reason, new, old)
        except NeedOldPassphrase:
            old = passphrase(
                args, "old_passphrase_file", msg.KEYS_OLD_PROMPT, msg.KEYCHANGE_NEED_OLD_PASSPHRASE
            )
            done = service.change_key(args.unit_code, args.reason, new, old)
    change = done.change
    text = msg.KEYCHANGE_DONE_SIGNED if change.signed else msg.KEYCHANGE_DONE_UNSIGNED
    out(text.format(unit=change.unit_code, new=change.new_fingerprint, old=change.old_fingerprint))
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    """``cchc info``: version, database, keys folder, log file, settings, templates."""
    from cchc_tui import __version__
    from cchc_tui.base.locations import default_db_path, keys_dir, settings_path
    from cchc_tui.base.logs import current_log_path
    from cchc_tui.template.loader import available_templates

    log = current_log_path()
    fields = {
        "version": __version__,
        "database": str(args.db or default_db_path()),
        "keys": str(keys_dir()),
        "log": str(log) if log else msg.CLI_INFO_NO_LOG,
        "settings": str(settings_path()),
    }
    for label, name in msg.CLI_INFO_LINES:
        out(msg.CLI_INFO_LINE.format(label=label, value=fields[name]))
    out(msg.CLI_INFO_TEMPLATES)
    for full_id, loaded in available_templates().items():
        out(f"  {full_id} — {loaded.template.title}")
    return EXIT_OK
