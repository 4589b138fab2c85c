"""``cchc templates …`` and ``cchc office-key …``: templates on the command line.

* ``cchc templates list`` — the shipped and installed templates, with their source;
* ``cchc templates check FILE`` — check a template (``.yaml`` or ``.xlsx``): errors end with
  exit 2; the lint's warnings (``template.lint``) are printed and the exit stays 0;
* ``cchc templates to-xlsx ID|FILE --out FILE.xlsx`` — a template as the designer's workbook;
* ``cchc templates from-xlsx FILE.xlsx --out T.yaml`` — the workbook back to a template file
  (written only when the workbook is clean);
* ``cchc templates install PACK`` — check a signed pack against the registered office keys and
  keep its template (every version);
* ``cchc office-key add PEM [--name TÊN]`` — register the receiving office's public key once,
  after comparing its fingerprint by phone; ``cchc office-key list``.

The office's side, ``cchc office templates publish``, is in :mod:`cchc_tui.cli.office`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.errors import EXIT_OK, InvalidInput
from cchc_tui.cli.output import out, table


def register(sub: Any) -> None:
    """Add ``templates`` and ``office-key`` with their commands to the ``cchc`` subparsers."""
    templates = sub.add_parser("templates", help=msg.CLI_HELP_TEMPLATES).add_subparsers(
        dest="action", required=True, metavar=msg.CLI_HELP_COMMAND
    )
    templates.add_parser("list", help=msg.CLI_HELP_TEMPLATES_LIST).set_defaults(
        handler=cmd_templates_list
    )
    check = templates.add_parser("check", help=msg.CLI_HELP_TEMPLATES_CHECK)
    check.add_argument("file", type=Path, help=msg.CLI_HELP_TPL_FILE_ANY)
    check.set_defaults(handler=cmd_templates_check)
    to_xlsx = templates.add_parser("to-xlsx", help=msg.CLI_HELP_TPL_TO_XLSX)
    to_xlsx.add_argument("template", help=msg.CLI_HELP_TPL_ID_OR_FILE)
    to_xlsx.add_argument("--out", type=Path, required=True, help=msg.CLI_HELP_TPL_OUT_XLSX)
    to_xlsx.set_defaults(handler=cmd_templates_to_xlsx)
    from_xlsx = templates.add_parser("from-xlsx", help=msg.CLI_HELP_TPL_FROM_XLSX)
    from_xlsx.add_argument("file", type=Path, help=msg.CLI_HELP_TPL_XLSX)
    from_xlsx.add_argument("--out", type=Path, required=True, help=msg.CLI_HELP_TPL_OUT_YAML)
    from_xlsx.set_defaults(handler=cmd_templates_from_xlsx)
    install = templates.add_parser("install", help=msg.CLI_HELP_TPL_INSTALL)
    install.add_argument("pack", type=Path, help=msg.CLI_HELP_TPL_PACK)
    install.set_defaults(handler=cmd_templates_install)

    keys = sub.add_parser("office-key", help=msg.CLI_HELP_OFFICE_KEY).add_subparsers(
        dest="action", required=True, metavar=msg.CLI_HELP_COMMAND
    )
    add = keys.add_parser("add", help=msg.CLI_HELP_OFFICE_KEY_ADD)
    add.add_argument("pem_file", type=Path, help=msg.CLI_HELP_OFFICE_KEY_PEM)
    add.add_argument("--name", default="", help=msg.CLI_HELP_OFFICE_KEY_NAME)
    add.set_defaults(handler=cmd_office_key_add)
    keys.add_parser("list", help=msg.CLI_HELP_OFFICE_KEY_LIST).set_defaults(
        handler=cmd_office_key_list
    )


def cmd_templates_list(args: argparse.Namespace) -> int:
    """``cchc templates list``: shipped and installed templates, with where each came from."""
    from cchc_tui.template.installed import installed_templates
    from cchc_tui.template.loader import available_templates

    installed = installed_templates()
    rows = []
    for full_id, loaded in available_templates().items():
        source = installed[full_id].info.office if full_id in installed else msg.TPL_SOURCE_BUILTIN
        rows.append(
            (
                full_id,
                loaded.template.title,
                loaded.template.province,
                ", ".join(msg.PERIOD_KIND_LABELS.get(k, k) for k in loaded.template.period_kinds),
                len(loaded.template.forms),
                source,
            )
        )
    table(msg.CLI_TPL_LIST_HEADER, rows)
    return EXIT_OK


def _load_any(path: Path) -> Any:
    """A template from a ``.yaml`` file or a designer's workbook."""
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".csv"):
        from cchc_tui.authoring.workbook import read_workbook

        return read_workbook(path)
    from cchc_tui.template.loader import load_template_file

    return load_template_file(path)


def print_lint(loaded: Any) -> None:
    """Print the lint's warnings of a template (or that there are none)."""
    from cchc_tui.template.lint import lint_template

    warnings = lint_template(loaded)
    if not warnings:
        out(msg.CLI_TPL_LINT_NONE)
        return
    out(msg.CLI_TPL_LINT_HEAD.format(count=len(warnings)))
    for warning in warnings:
        out(msg.CLI_TPL_LINT_LINE.format(form=warning.form, message=warning.message))


def cmd_templates_check(args: argparse.Namespace) -> int:
    """``cchc templates check FILE``: load and check a template; print the lint's warnings."""
    loaded = _load_any(args.file)
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
    print_lint(loaded)
    return EXIT_OK


def cmd_templates_to_xlsx(args: argparse.Namespace) -> int:
    """``cchc templates to-xlsx ID --out FILE.xlsx``: a template as the designer's workbook."""
    from cchc_tui.authoring.workbook import template_to_workbook
    from cchc_tui.base.atomic import write_file
    from cchc_tui.template.loader import get_template

    source = Path(args.template)
    if source.suffix.lower() in (".yaml", ".yml") or source.is_file():
        loaded = _load_any(source)
    else:
        loaded = get_template(args.template.strip())
    if args.out.suffix.lower() != ".xlsx":
        raise InvalidInput(msg.CLI_TPL_OUT_NOT_XLSX.format(file=args.out))
    write_file(args.out, template_to_workbook(loaded))
    out(msg.CLI_TPL_XLSX_WRITTEN.format(id=loaded.full_id, file=args.out))
    return EXIT_OK


def cmd_templates_from_xlsx(args: argparse.Namespace) -> int:
    """``cchc templates from-xlsx FILE.xlsx --out T.yaml``: the workbook as a template file."""
    from cchc_tui.authoring.workbook import read_workbook
    from cchc_tui.base.atomic import write_file
    from cchc_tui.template.writer import template_to_yaml

    loaded = read_workbook(args.file)
    header = msg.CLI_TPL_YAML_HEADER.format(file=args.file.name)
    write_file(args.out, template_to_yaml(loaded.template, header).encode("utf-8"))
    out(
        msg.CLI_TPL_YAML_WRITTEN.format(
            id=loaded.full_id,
            file=args.out,
            forms=len(loaded.template.forms),
            rows=len(loaded.indicators),
        )
    )
    print_lint(loaded)
    return EXIT_OK


def cmd_templates_install(args: argparse.Namespace) -> int:
    """``cchc templates install PACK``: verify a signed pack and keep its template."""
    from cchc_tui.authoring.pack import install_pack
    from cchc_tui.base.locations import keys_dir

    done = install_pack(args.pack, keys_dir())
    if done.already:
        out(msg.CLI_TPL_ALREADY.format(id=done.full_id, office=done.office))
    else:
        out(msg.CLI_TPL_INSTALLED.format(id=done.full_id, title=done.title, office=done.office))
    out(msg.CLI_TPL_SIGNED_BY.format(fingerprint=done.fingerprint))
    return EXIT_OK


def cmd_office_key_add(args: argparse.Namespace) -> int:
    """``cchc office-key add PEM``: register the receiving office's public key."""
    from cchc_tui.base.inputs import read_input_bytes
    from cchc_tui.base.locations import keys_dir
    from cchc_tui.base.text import nfc
    from cchc_tui.signing.keys import fingerprint
    from cchc_tui.signing.office_key import add_trusted_office_key

    pem = read_input_bytes(args.pem_file)
    name = nfc(args.name).strip() or msg.OFFICE_KEY_DEFAULT_NAME
    print_ = fingerprint(pem)
    key, created = add_trusted_office_key(keys_dir(), pem, name)
    if created:
        out(msg.CLI_OFFICE_KEY_ADDED.format(name=key.name, fingerprint=print_))
    else:
        out(msg.CLI_OFFICE_KEY_SAME.format(name=key.name, fingerprint=print_))
    out(msg.CLI_OFFICE_KEY_PHONE)
    return EXIT_OK


def cmd_office_key_list(args: argparse.Namespace) -> int:
    """``cchc office-key list``: the office keys registered on this computer."""
    from cchc_tui.base.locations import keys_dir
    from cchc_tui.signing.office_key import trusted_office_keys

    keys = trusted_office_keys(keys_dir())
    if not keys:
        out(msg.CLI_OFFICE_KEY_NONE)
        return EXIT_OK
    table(msg.CLI_OFFICE_KEY_HEADER, [(k.name, k.fingerprint, k.added_at) for k in keys])
    return EXIT_OK
