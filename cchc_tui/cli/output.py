"""What both command lines print: lines on stdout, Vietnamese errors on stderr, tables.

One place for the output of ``cchc`` and ``cchc office``. Tables fit the terminal (rich's own
width detection); into a pipe or a file they keep every cell whole (no width limit but
:data:`PIPE_WIDTH`), so a script or a spreadsheet reads every value.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cchc_tui import messages as msg

PIPE_WIDTH = 1000
"""Widest table line when stdout is not a terminal (a file, a pipe): no cell is cut."""


def out(text: str = "") -> None:
    """Print one line on stdout (flushed: an officer watching a long import sees each line)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def err(text: str) -> None:
    """Print "Lỗi: TEXT" on stderr."""
    sys.stderr.write(msg.CLI_ERROR.format(message=text) + "\n")
    sys.stderr.flush()


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a plain table (no markup: unit names may hold "[") fitted to the terminal."""
    from rich.console import Console
    from rich.table import Table

    grid = Table(*header, box=None, show_edge=False, pad_edge=False)
    for row in rows:
        grid.add_row(*(str(c) for c in row))
    width = None if sys.stdout.isatty() else PIPE_WIDTH
    Console(width=width, markup=False, highlight=False, soft_wrap=False).print(grid)
