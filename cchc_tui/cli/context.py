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


def passphrase(
    args: argparse.Namespace,
    option: str = "passphrase_file",
    prompt: str = msg.PASSPHRASE_PROMPT,
    needed: str = msg.PASSPHRASE_NEEDED,
) -> str:
    """A signing key's passphrase: from the file option (``--passphrase-file``), else asked on
    a terminal with ``prompt``.

    Raises:
        InvalidInput: no file and no terminal to ask on (``needed``); the file cannot be read.
    """
    path = getattr(args, option)
    if path is not None:
        return read_input_text(path).rstrip("\r\n")
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    raise InvalidInput(needed)
