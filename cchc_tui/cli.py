"""The ``cchc`` command: with no arguments it opens the app; subcommands work without a screen.

Global ``--db PATH`` (or ``$CCHC_DB``) chooses the database. Exit codes: 0 success, 1 the
report has errors or the action was refused, 2 the input file is unreadable or invalid.
Messages are Vietnamese (``cchc_tui.messages``); nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from cchc_tui import messages as msg

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cchc", description=msg.CLI_DESCRIPTION)
    parser.add_argument(
        "--db",
        type=Path,
        help="tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu "
        "của người dùng, hoặc biến môi trường CCHC_DB)",
    )
    sub = parser.add_subparsers(dest="command")

    sample = sub.add_parser("sample", help="báo cáo mẫu").add_subparsers(
        dest="action", required=True
    )
    load = sample.add_parser("load", help="nạp báo cáo mẫu vào cơ sở dữ liệu")
    load.add_argument("--name", default=None, help="tên báo cáo mẫu")

    report = sub.add_parser("report", help="báo cáo trong cơ sở dữ liệu").add_subparsers(
        dest="action", required=True
    )
    report.add_parser("list", help="liệt kê các báo cáo")
    imp = report.add_parser("import-json", help="nhập báo cáo từ tệp JSON cchc-report/1")
    imp.add_argument("file", type=Path)
    exp = report.add_parser("export-json", help="xuất báo cáo ra tệp JSON cchc-report/1")
    exp.add_argument("report_id", type=int)
    exp.add_argument("file", type=Path)

    check = sub.add_parser("check", help="kiểm tra một tệp báo cáo JSON")
    check.add_argument("file", type=Path)
    check.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    templates = sub.add_parser("templates", help="mẫu báo cáo").add_subparsers(
        dest="action", required=True
    )
    templates.add_parser("list", help="liệt kê các mẫu có sẵn")
    tcheck = templates.add_parser("check", help="kiểm tra một tệp mẫu")
    tcheck.add_argument("file", type=Path)
    return parser


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(msg.CLI_ERROR.format(message=text) + "\n")


def _table(header: Sequence[str], rows: list[Sequence[object]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*header, box=None, show_edge=False, pad_edge=False)
    for row in rows:
        table.add_row(*(str(c) for c in row))
    Console(soft_wrap=False, width=200).print(table)


def _open_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from cchc_tui.db.store import ReportStore
    from cchc_tui.locations import default_db_path
    from cchc_tui.settings import load_settings

    return ReportStore.open(args.db or default_db_path(), who=load_settings().who)


def cmd_sample_load(args: argparse.Namespace) -> int:
    """``cchc sample load``: load the shipped sample, print its report id."""
    from cchc_tui.reports import ensure_sample
    from cchc_tui.samples import DEFAULT_SAMPLE

    store = _open_store(args)
    try:
        rid, loaded = ensure_sample(store, args.name or DEFAULT_SAMPLE)
    finally:
        store.close()
    _out((msg.CLI_SAMPLE_LOADED if loaded else msg.CLI_SAMPLE_EXISTS).format(id=rid))
    return EXIT_OK


def cmd_report_list(args: argparse.Namespace) -> int:
    """``cchc report list``: one line per report."""
    store = _open_store(args)
    try:
        reports = store.list_reports()
    finally:
        store.close()
    if not reports:
        _out(msg.CLI_NO_REPORTS)
        return EXIT_OK
    _table(
        msg.CLI_REPORT_HEADER,
        [
            (
                r.id,
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
    from cchc_tui.domain.validation import validate

    report, template = read_report(args.file)
    bad = [f for f in validate(template, report).findings if f.kind == "value"]
    if bad:
        for finding in bad:
            _err(f"{finding.key}: {finding.message}")
        return EXIT_INVALID
    store = _open_store(args)
    try:
        rid = store.import_report(report)
    finally:
        store.close()
    _out(msg.CLI_IMPORTED.format(id=rid))
    return EXIT_OK


def cmd_report_export(args: argparse.Namespace) -> int:
    """``cchc report export-json ID FILE``: write a report as ``cchc-report/1``."""
    from cchc_tui.domain.interchange import dumps_report
    from cchc_tui.exports.atomic import write_atomic
    from cchc_tui.template.loader import get_template

    store = _open_store(args)
    try:
        report = store.load_report(args.report_id)
    finally:
        store.close()
    write_atomic(args.file, dumps_report(report, get_template(report.template_id)).encode())
    _out(msg.CLI_EXPORTED.format(id=args.report_id, file=args.file))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """``cchc check FILE``: findings of a report file; exit 1 if it has errors."""
    from cchc_tui.domain.interchange import read_report
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
            "findings": [
                {
                    "id": f.id,
                    "key": f.key,
                    "location": f.location,
                    "severity": str(f.severity),
                    "kind": f.kind,
                    "message": f.message,
                    "expected": f.expected,
                    "explanation": report.explanations.get(f.id),
                }
                for f in findings
            ],
        }
        _out(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        _table(
            msg.CLI_FINDING_HEADER,
            [
                (msg.SEVERITY_LABELS[str(f.severity)], f.key, f.message, f.expected or "")
                for f in findings
            ],
        )
        _out(msg.CLI_CHECK_SUMMARY.format(errors=len(result.errors), warnings=len(result.warnings)))
    return EXIT_FINDINGS if result.errors else EXIT_OK


def cmd_templates_list(args: argparse.Namespace) -> int:
    """``cchc templates list``: the shipped templates."""
    from cchc_tui.template.loader import builtin_templates

    _table(
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
    sections = len(loaded.template.sections)
    _out(
        msg.CLI_TEMPLATE_OK.format(
            id=loaded.full_id,
            sections=sections,
            forms=len(loaded.template.forms),
            rows=len(loaded.rows),
        )
    )
    return EXIT_OK


_COMMANDS = {
    ("sample", "load"): cmd_sample_load,
    ("report", "list"): cmd_report_list,
    ("report", "import-json"): cmd_report_import,
    ("report", "export-json"): cmd_report_export,
    ("check", None): cmd_check,
    ("templates", "list"): cmd_templates_list,
    ("templates", "check"): cmd_templates_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cchc`` console script; returns the exit code."""
    args = _parser().parse_args(argv)
    if args.command is None:
        from cchc_tui.app import run_app

        return run_app(args.db)
    from cchc_tui.db.engine import StoreError
    from cchc_tui.domain.interchange import InterchangeError
    from cchc_tui.template.loader import TemplateError

    handler = _COMMANDS[(args.command, getattr(args, "action", None))]
    try:
        return handler(args)
    except (InterchangeError, TemplateError) as err:
        _err(str(err))
        return EXIT_INVALID
    except StoreError as err:
        _err(str(err))
        return EXIT_FINDINGS
    except OSError as err:
        _err(f"{getattr(err, 'filename', '') or ''} {err.strerror or err}".strip())
        return EXIT_INVALID


if __name__ == "__main__":
    raise SystemExit(main())
