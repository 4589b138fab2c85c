"""What a ``cchc`` command needs before it works: the open service, the passphrase."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.inputs import read_input_text

if TYPE_CHECKING:
    from cchc_tui.service.reports import ReportService


@contextmanager
def report_service(args: argparse.Namespace) -> Iterator[ReportService]:
    """The commune database of ``--db`` (or the default), open for one command, then closed.

    Raises:
        StoreBusy: the app has it open. StoreError: it cannot be opened.
    """
    from cchc_tui.service.reports import ReportService
    from cchc_tui.service.settings import load_settings

    service = ReportService.open(args.db, who=load_settings().who)
    try:
        yield service
    finally:
        service.close()


def passphrase(args: argparse.Namespace) -> str:
    """The signing key's passphrase: from ``--passphrase-file``, else asked on a terminal.

    Raises:
        InvalidInput: no file and no terminal to ask on; the file cannot be read.
    """
    if args.passphrase_file is not None:
        return read_input_text(args.passphrase_file).rstrip("\r\n")
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass(msg.PASSPHRASE_PROMPT)
    raise InvalidInput(msg.PASSPHRASE_NEEDED)
