"""``cchc bundle export`` and ``cchc bundle verify``: the signed bundle on the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.errors import EXIT_INVALID, EXIT_OK, EXIT_REFUSED
from cchc_tui.base.inputs import read_input_bytes
from cchc_tui.cli.argparse_vi import whole_number
from cchc_tui.cli.context import passphrase, report_service
from cchc_tui.cli.output import out


def register(sub: Any) -> None:
    """Add ``bundle export`` and ``bundle verify`` to the ``cchc`` subparsers."""
    bundle = sub.add_parser("bundle", help=msg.CLI_HELP_BUNDLE).add_subparsers(
        dest="action", required=True, metavar=msg.CLI_HELP_COMMAND
    )
    export = bundle.add_parser("export", help=msg.CLI_HELP_BUNDLE_EXPORT)
    export.add_argument("report_id", type=whole_number, help=msg.CLI_HELP_REPORT_ID)
    export.add_argument("--out", type=Path, required=True, help=msg.CLI_HELP_OUT_FOLDER)
    export.add_argument("--passphrase-file", type=Path, help=msg.CLI_HELP_PASSPHRASE_FILE)
    export.set_defaults(handler=cmd_bundle_export)
    verify = bundle.add_parser("verify", help=msg.CLI_HELP_BUNDLE_VERIFY)
    verify.add_argument("file", type=Path, help=msg.CLI_HELP_BUNDLE_FILE)
    verify.add_argument("--key", type=Path, help=msg.CLI_HELP_KEY_FILE)
    verify.add_argument(
        "--allow-unverified", action="store_true", help=msg.CLI_HELP_ALLOW_UNVERIFIED
    )
    verify.set_defaults(handler=cmd_bundle_verify)


def cmd_bundle_export(args: argparse.Namespace) -> int:
    """``cchc bundle export ID --out DIR``: build, sign and safely write the bundle."""
    from cchc_tui.base.atomic import human_size, write_bundle
    from cchc_tui.exports.package import build_report_bundle

    secret = passphrase(args)
    with report_service(args) as service:
        built = build_report_bundle(service, args.report_id, secret)
    path = write_bundle(args.out, built.name, built.data)
    out(msg.EXPORT_DONE.format(name=path.name, size=human_size(len(built.data)), folder=args.out))
    out(msg.VERIFY_FINGERPRINT.format(fingerprint=built.fingerprint))
    return EXIT_OK


def cmd_bundle_verify(args: argparse.Namespace) -> int:
    """``cchc bundle verify FILE [--key PEM] [--allow-unverified]``: exit 0 valid (and, without
    ``--allow-unverified``, signed with the registered key given by ``--key``), 1 invalid or
    origin unverified, 2 unreadable.

    Without ``--key`` a bundle that is intact says plainly that its origin is unverified (anyone
    can sign a bundle with a key of their own) and exits 1, unless ``--allow-unverified``.
    """
    from cchc_tui.exports.verify import verify_bundle

    trusted = read_input_bytes(args.key) if args.key else None
    result = verify_bundle(args.file, trusted)
    if result.ok and result.manifest is not None:
        m = result.manifest
        out(
            (msg.VERIFY_OK if result.trusted else msg.VERIFY_OK_UNVERIFIED).format(
                unit=m.get("unit_name"),
                period=m.get("period_code"),
                revision=m.get("revision"),
                title=m.get("signer_title"),
                signer=m.get("signer_name"),
                at=m.get("signed_at"),
            )
        )
        out(
            msg.VERIFY_MEMBERS.format(
                members=", ".join(f"{x['name']} ({x['size']} B)" for x in m.get("members", []))
            )
        )
    else:
        out(msg.VERIFY_BAD)
        for problem in result.problems:
            out(f"- {problem}")
    if result.fingerprint:
        out(msg.VERIFY_FINGERPRINT.format(fingerprint=result.fingerprint))
    for note in result.notes:
        out(note)
    if result.ok and not result.trusted and not args.allow_unverified:
        out(msg.VERIFY_UNVERIFIED_REFUSED)
        return EXIT_REFUSED
    if result.ok:
        return EXIT_OK
    return EXIT_INVALID if result.unreadable else EXIT_REFUSED
