"""Make the process's text output survive any Windows console or pipe.

On a Vietnamese-locale Windows, Python writes to a pipe or a redirected file in the ANSI code
page (cp1258). That code page has no precomposed Vietnamese letters (``ế``, ``ộ`` …) and Python's
codec does not decompose, so ``print`` raised ``UnicodeEncodeError`` ("'charmap' codec can't
encode") and ``cchc --help`` ended in a traceback (issue 12). :func:`use_utf8_output` switches
stdout and stderr to UTF-8 with ``errors="replace"``: Vietnamese comes out as UTF-8 (what Notepad
on Windows 10/11 and every modern tool read) and a stream that cannot take a character gets a
replacement mark instead of an exception. This is the choice Python's own UTF-8 mode (PEP 540)
makes; it applies also when ``PYTHONIOENCODING`` names another encoding.

An interactive Windows console is unaffected in practice: Python writes to it with
``WriteConsoleW`` whatever the encoding (PEP 528).
"""

from __future__ import annotations

import io
import sys


def use_utf8_output() -> None:
    """Reconfigure ``sys.stdout`` and ``sys.stderr`` to UTF-8 with ``errors="replace"``.

    A stream that is ``None`` (a windowed build without a console) or that is not a
    :class:`io.TextIOWrapper` (replaced by a test harness) is left alone. Raises nothing.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not stream.closed:
            stream.reconfigure(encoding="utf-8", errors="replace")
