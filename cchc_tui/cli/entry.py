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
from cchc_tui.base.console import use_utf8_output

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cchc", description=msg.CLI_DESCRIPTION)
    parser.add_argument(
        "--db",
        type=Path,
        help="tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu "
        "của người dùng, hoặc biến môi trường CCHC_DB)",
    )
    parser.add_argument(
        "--office",
        action="store_true",
        help="mở giao diện của cơ quan nhận báo cáo (cơ sở dữ liệu của cơ quan)",
    )
    sub = parser.add_subparsers(dest="command")

    sample = sub.add_parser("sample", help="báo cáo mẫu").add_subparsers(
        dest="action", required=True
    )
    load = sample.add_parser("load", help="nạp báo cáo mẫu vào cơ sở dữ liệu")
    load.add_argument("--name", default=None, help="tên báo cáo mẫu (xem: cchc sample list)")
    sample.add_parser("list", help="liệt kê các báo cáo mẫu")

    report = sub.add_parser("report", help="báo cáo trong cơ sở dữ liệu").add_subparsers(
        dest="action", required=True
    )
    report.add_parser("list", help="liệt kê các báo cáo")
    imp = report.add_parser("import-json", help="nhập báo cáo từ tệp JSON cchc-report/1")
    imp.add_argument("file", type=Path)
    exp = report.add_parser("export-json", help="xuất báo cáo ra tệp JSON cchc-report/1")
    exp.add_argument("report_id", type=int)
    exp.add_argument("file", type=Path)

    explain = report.add_parser("explain", help="giải trình cảnh báo của một dòng")
    explain.add_argument("report_id", type=int)
    explain.add_argument("row_key", help="khóa dòng (ví dụ BM6/1) hoặc mã cảnh báo")
    explain.add_argument("text", help="lời giải trình")
    reopen = report.add_parser("reopen", help="mở lại báo cáo đã ký thành lần mới")
    reopen.add_argument("report_id", type=int)
    reopen.add_argument("--reason", required=True, help="lý do mở lại")

    signoff = sub.add_parser("signoff", help="ký duyệt báo cáo (khóa báo cáo, không sửa được)")
    signoff.add_argument("report_id", type=int)
    signoff.add_argument("--signer", required=True, help="họ tên người ký")
    signoff.add_argument(
        "--title", required=True, help="chức danh: CHỦ TỊCH, hoặc KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    )
    signoff.add_argument("--number", help="số báo cáo (phần số của Số: …/BC-UBND)")
    signoff.add_argument("--date", help="ngày báo cáo dd/mm/yyyy (mặc định: hôm nay)")
    signoff.add_argument("--passphrase-file", type=Path, help="tệp chứa mật khẩu khóa ký")

    keys = sub.add_parser("keys", help="khóa ký của đơn vị").add_subparsers(
        dest="action", required=True
    )
    show = keys.add_parser("show", help="in khóa công khai và dấu vân tay")
    show.add_argument("unit_code", nargs="?", help="mã đơn vị (mặc định: mọi đơn vị)")

    bundle = sub.add_parser("bundle", help="gói báo cáo đã ký").add_subparsers(
        dest="action", required=True
    )
    bexport = bundle.add_parser("export", help="xuất gói đã ký ra thư mục (USB)")
    bexport.add_argument("report_id", type=int)
    bexport.add_argument("--out", type=Path, required=True, help="thư mục đích")
    bexport.add_argument("--passphrase-file", type=Path, help="tệp chứa mật khẩu khóa ký")
    bverify = bundle.add_parser("verify", help="kiểm tra một gói")
    bverify.add_argument("file", type=Path)
    bverify.add_argument("--key", type=Path, help="tệp khóa công khai (PEM) đã đăng ký")

    from cchc_tui.cli import office as office_cli

    office_cli.register(sub)

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


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*header, box=None, show_edge=False, pad_edge=False)
    for row in rows:
        table.add_row(*(str(c) for c in row))
    Console(soft_wrap=False, width=200).print(table)


def _open_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from cchc_tui.base.locations import default_db_path
    from cchc_tui.db.store import ReportStore
    from cchc_tui.service.settings import load_settings

    return ReportStore.open(args.db or default_db_path(), who=load_settings().who)


def cmd_sample_load(args: argparse.Namespace) -> int:
    """``cchc sample load``: load the shipped sample, print its report id."""
    from cchc_tui.service.reports import ensure_sample
    from cchc_tui.service.samples import DEFAULT_SAMPLE

    store = _open_store(args)
    try:
        rid, loaded = ensure_sample(store, args.name or DEFAULT_SAMPLE)
    finally:
        store.close()
    _out((msg.CLI_SAMPLE_LOADED if loaded else msg.CLI_SAMPLE_EXISTS).format(id=rid))
    return EXIT_OK


def cmd_sample_list(args: argparse.Namespace) -> int:
    """``cchc sample list``: the shipped samples."""
    from cchc_tui.service.samples import load_sample, sample_names

    rows = []
    for name in sample_names():
        report, template = load_sample(name)
        rows.append((name, report.unit.display_name, report.period.code, template.full_id))
    _table(msg.CLI_SAMPLE_LIST_HEADER, rows)
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
    from cchc_tui.base.atomic import write_atomic
    from cchc_tui.domain.interchange import dumps_report
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
                    "part": f.part,
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
            rows=len(loaded.indicators),
        )
    )
    return EXIT_OK


def _passphrase(args: argparse.Namespace) -> str:
    if args.passphrase_file is not None:
        return args.passphrase_file.read_text(encoding="utf-8").rstrip("\r\n")
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass(msg.PASSPHRASE_PROMPT)
    raise ValueError(msg.PASSPHRASE_NEEDED)


def cmd_signoff(args: argparse.Namespace) -> int:
    """``cchc signoff ID``: check readiness, make/open the unit key, lock the report."""
    from cchc_tui.domain.documents import parse_vn_date
    from cchc_tui.service.reports import sign_off

    report_date = parse_vn_date(args.date) if args.date else None
    passphrase = _passphrase(args)
    store = _open_store(args)
    try:
        fingerprint = sign_off(
            store, args.report_id, args.signer, args.title, passphrase, args.number, report_date
        )
        _, revision = store.status(args.report_id)
    finally:
        store.close()
    _out(
        msg.SIGN_DONE.format(
            id=args.report_id, revision=revision, title=args.title, name=args.signer
        )
    )
    _out(msg.VERIFY_FINGERPRINT.format(fingerprint=fingerprint))
    return EXIT_OK


def cmd_report_explain(args: argparse.Namespace) -> int:
    """``cchc report explain ID KEY TEXT``: explain the warnings of a row."""
    from cchc_tui.service.reports import explain

    store = _open_store(args)
    try:
        ids = explain(store, args.report_id, args.row_key, args.text)
    finally:
        store.close()
    _out(msg.EXPLAIN_DONE.format(ids=", ".join(ids)))
    return EXIT_OK


def cmd_report_reopen(args: argparse.Namespace) -> int:
    """``cchc report reopen ID --reason R``: revision N+1 as a draft."""
    if not args.reason.strip():
        raise ValueError(msg.REOPEN_NEED_REASON)
    store = _open_store(args)
    try:
        _, old = store.status(args.report_id)
        new_id = store.reopen(args.report_id, args.reason)
    finally:
        store.close()
    _out(msg.REOPEN_DONE.format(revision=old + 1, id=new_id, old=old))
    return EXIT_OK


def cmd_keys_show(args: argparse.Namespace) -> int:
    """``cchc keys show [UNIT]``: public key PEM and fingerprint, for the receiving office."""
    from cchc_tui.base.locations import keys_dir
    from cchc_tui.signing.keys import fingerprint, key_paths

    folder = keys_dir()
    if args.unit_code:
        publics = [key_paths(folder, args.unit_code)[1]]
    else:
        publics = sorted(folder.glob("unit-*.pub.pem")) if folder.is_dir() else []
    publics = [p for p in publics if p.is_file()]
    if not publics:
        _out(msg.KEYS_NONE)
        return EXIT_FINDINGS
    for path in publics:
        pem = path.read_bytes()
        unit = path.name.removeprefix("unit-").split(".")[0]
        _out(msg.KEYS_LINE.format(unit=args.unit_code or unit, fingerprint=fingerprint(pem)))
        _out(pem.decode("ascii").rstrip())
    return EXIT_OK


def cmd_bundle_export(args: argparse.Namespace) -> int:
    """``cchc bundle export ID --out DIR``: build, sign and safely write the bundle."""
    from cchc_tui.base.atomic import human_size, write_bundle
    from cchc_tui.exports.package import build_report_bundle

    passphrase = _passphrase(args)
    store = _open_store(args)
    try:
        built = build_report_bundle(store, args.report_id, passphrase)
    finally:
        store.close()
    path = write_bundle(args.out, built.name, built.data)
    _out(msg.EXPORT_DONE.format(name=path.name, size=human_size(len(built.data)), folder=args.out))
    _out(msg.VERIFY_FINGERPRINT.format(fingerprint=built.fingerprint))
    return EXIT_OK


def cmd_bundle_verify(args: argparse.Namespace) -> int:
    """``cchc bundle verify FILE [--key PEM]``: exit 0 valid, 1 invalid, 2 unreadable."""
    from cchc_tui.exports.verify import verify_bundle

    trusted = args.key.read_bytes() if args.key else None
    result = verify_bundle(args.file, trusted)
    if result.ok and result.manifest is not None:
        m = result.manifest
        _out(
            msg.VERIFY_OK.format(
                unit=m.get("unit_name"),
                period=m.get("period_code"),
                revision=m.get("revision"),
                title=m.get("signer_title"),
                signer=m.get("signer_name"),
                at=m.get("signed_at"),
            )
        )
        _out(
            msg.VERIFY_MEMBERS.format(
                members=", ".join(f"{x['name']} ({x['size']} B)" for x in m.get("members", []))
            )
        )
    else:
        _out(msg.VERIFY_BAD)
        for problem in result.problems:
            _out(f"- {problem}")
    if result.fingerprint:
        _out(msg.VERIFY_FINGERPRINT.format(fingerprint=result.fingerprint))
    for note in result.notes:
        _out(note)
    if result.ok:
        return EXIT_OK
    return EXIT_INVALID if result.unreadable else EXIT_FINDINGS


_COMMANDS = {
    ("sample", "load"): cmd_sample_load,
    ("sample", "list"): cmd_sample_list,
    ("report", "list"): cmd_report_list,
    ("report", "import-json"): cmd_report_import,
    ("report", "export-json"): cmd_report_export,
    ("report", "explain"): cmd_report_explain,
    ("report", "reopen"): cmd_report_reopen,
    ("signoff", None): cmd_signoff,
    ("keys", "show"): cmd_keys_show,
    ("bundle", "export"): cmd_bundle_export,
    ("bundle", "verify"): cmd_bundle_verify,
    ("check", None): cmd_check,
    ("templates", "list"): cmd_templates_list,
    ("templates", "check"): cmd_templates_check,
}


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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cchc`` console script; returns the exit code."""
    use_utf8_output()
    args = _parser().parse_args(_hoist_db(sys.argv[1:] if argv is None else argv))
    if args.command is None:
        from cchc_tui.app import run_app

        return run_app(args.db, office=args.office)
    from cchc_tui.base.atomic import ExportWriteError
    from cchc_tui.db.engine import StoreError
    from cchc_tui.domain.interchange import InterchangeError
    from cchc_tui.signing.keys import SigningKeyError
    from cchc_tui.template.loader import TemplateError

    if args.command == "office":
        from cchc_tui.cli import office as office_cli

        return office_cli.run(args)
    handler = _COMMANDS[(args.command, getattr(args, "action", None))]
    try:
        return handler(args)
    except KeyError as err:  # unknown sample or template name
        _err(str(err.args[0]) if err.args else str(err))
        return EXIT_INVALID
    except (InterchangeError, TemplateError) as err:
        _err(str(err))
        return EXIT_INVALID
    except StoreError as err:
        _err(str(err))
        return EXIT_FINDINGS
    except (ValueError, SigningKeyError, ExportWriteError) as err:
        # NotReady lists what is missing; DocumentError a bad date; keys a bad passphrase.
        _err(str(err))
        return EXIT_FINDINGS
    except OSError as err:
        _err(f"{getattr(err, 'filename', '') or ''} {err.strerror or err}".strip())
        return EXIT_INVALID


if __name__ == "__main__":
    raise SystemExit(main())
