"""Make argparse speak Vietnamese: its own texts ("usage:", "options:", "error: the following
arguments are required…") come from ``messages.cli.ARGPARSE``.

argparse looks every text up through its module-global ``_`` (``gettext.gettext``) at the
moment it prints, so replacing that one function translates all of them without a compiled
gettext catalogue; a text not in the table stays English. Installed once by ``cchc``'s entry
point, before the parser is built (some texts are looked up when the parser is made).
"""

from __future__ import annotations

import argparse

from cchc_tui import messages as msg
from cchc_tui.base.limits import MAX_ID_DIGITS


def translate(text: str) -> str:
    """argparse's English ``text`` in Vietnamese (unchanged when not in the table)."""
    return msg.ARGPARSE.get(text, text)


def install() -> None:
    """Route argparse's texts through :func:`translate` (idempotent)."""
    setattr(argparse, "_", translate)  # noqa: B010 - argparse's gettext hook, see the docstring


def whole_number(text: str) -> int:
    """argparse ``type`` for an id: a whole number of ASCII digits, at most
    :data:`~cchc_tui.base.limits.MAX_ID_DIGITS` of them (``int()`` would take "٣" and fail on
    5,000 digits; SQLite overflows past 18), else a Vietnamese message.

    Raises:
        argparse.ArgumentTypeError: not such a number.
    """
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > MAX_ID_DIGITS:
        raise argparse.ArgumentTypeError(msg.CLI_NOT_WHOLE_NUMBER.format(text=text[:40]))
    return int(digits)
