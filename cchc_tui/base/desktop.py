"""Open a file with the program the PC has for it ("mở bằng Word/Excel").

Windows: ``os.startfile`` (the file's association); macOS: ``open``; elsewhere ``xdg-open``.
Where there is none, a Vietnamese :class:`~cchc_tui.base.errors.Refused` says so and where the
file is, so the officer can open it by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from cchc_tui import messages as msg
from cchc_tui.base.errors import Refused


def opener() -> list[str] | None:
    """The command that opens a file on this system (``None`` on Windows: ``startfile``, or
    when there is none)."""
    if sys.platform == "darwin":
        return ["open"]
    found = shutil.which("xdg-open")
    return [found] if found else None


def open_file(path: Path) -> None:
    """Open ``path`` with its program, without waiting for it.

    Raises:
        Refused: this PC has no program for the file (or no desktop to show it on).
    """
    if sys.platform == "win32":
        try:
            os.startfile(path)  # type: ignore[attr-defined]
        except OSError:
            raise Refused(msg.OPEN_NO_PROGRAM.format(file=path)) from None
        return
    command = opener()
    if command is None:
        raise Refused(msg.OPEN_NO_PROGRAM.format(file=path))
    try:
        subprocess.Popen(
            [*command, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        raise Refused(msg.OPEN_NO_PROGRAM.format(file=path)) from None
