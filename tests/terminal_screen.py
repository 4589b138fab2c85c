"""A small terminal for driving the real app in a pseudo-terminal (tests and bench).

``spawn_on_pty`` starts the app on an 80×24 pty; ``Screen`` feeds its output (UTF-8 with
escape sequences) into a grid of cells: cursor moves, erase, text; colours ignored. Enough
to read what an officer would see.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
import unicodedata
from collections.abc import Callable

import pytest

ROWS, COLS = 24, 80


class Screen:
    """A minimal terminal screen: absolute cursor moves, CR/LF, erase, printable text."""

    def __init__(self, rows: int = ROWS, cols: int = COLS) -> None:
        self.rows, self.cols = rows, cols
        self.cells = [[" "] * cols for _ in range(rows)]
        self.row = self.col = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._state = "text"
        self._seq = ""

    def feed(self, data: bytes) -> None:
        """Apply terminal output (bytes) to the screen."""
        self.feed_text(self._decoder.decode(data))

    def feed_text(self, text: str) -> None:
        """Apply terminal output (already decoded) to the screen."""
        for ch in text:
            self._char(ch)

    def _char(self, ch: str) -> None:
        state = self._state
        if state == "esc":
            if ch == "[":
                self._state, self._seq = "csi", ""
            elif ch in "]PX^_":
                self._state = "string"
            elif ch in "()#%":
                self._state = "charset"
            else:
                self._state = "text"
        elif state == "charset":
            self._state = "text"
        elif state == "csi":
            if "@" <= ch <= "~":
                self._csi(self._seq, ch)
                self._state = "text"
            else:
                self._seq += ch
        elif state == "string":
            if ch == "\x07":
                self._state = "text"
            elif ch == "\x1b":
                self._state = "string-esc"
        elif state == "string-esc":
            self._state = "text" if ch == "\\" else "string"
        elif ch == "\x1b":
            self._state = "esc"
        elif ch == "\r":
            self.col = 0
        elif ch == "\n":
            self.row = min(self.rows - 1, self.row + 1)
        elif ch == "\b":
            self.col = max(0, self.col - 1)
        elif unicodedata.combining(ch) and self.col > 0:
            self.cells[self.row][self.col - 1] += ch
        elif ch >= " ":
            width = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            if self.col + width <= self.cols:
                self.cells[self.row][self.col] = ch
                if width == 2:
                    self.cells[self.row][self.col + 1] = ""
                self.col += width

    def _csi(self, params: str, final: str) -> None:
        if params.startswith(("?", ">", "<", "=")):
            return
        nums = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        if final in "Hf":
            row = nums[0] if nums and nums[0] else 1
            col = nums[1] if len(nums) > 1 and nums[1] else 1
            self.row, self.col = min(self.rows, row) - 1, min(self.cols, col) - 1
        elif final == "J" and nums and nums[0] in (2, 3):
            self.cells = [[" "] * self.cols for _ in range(self.rows)]
        elif final == "K":
            mode = nums[0] if nums else 0
            line = self.cells[self.row]
            span = {0: range(self.col, self.cols), 1: range(0, self.col + 1)}.get(
                mode, range(self.cols)
            )
            for i in span:
                line[i] = " "

    def lines(self) -> list[str]:
        """The screen's text, one string per row, trailing blanks removed."""
        return ["".join(row).rstrip() for row in self.cells]

    def has(self, pattern: re.Pattern[str]) -> bool:
        """Whether a screen line matches ``pattern``."""
        return any(pattern.search(line) for line in self.lines())

    def text(self) -> str:
        """The whole screen as text."""
        return "\n".join(self.lines())


def spawn_on_pty(argv: list[str], env: dict[str, str]) -> tuple[int, subprocess.Popen[bytes]]:
    """Start ``argv`` on a new ROWS×COLS pseudo-terminal (xterm-256color, own session).

    Returns:
        The pty's master file descriptor (read the app's output, write keys) and the process.
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    env = {**env, "TERM": "xterm-256color", "COLUMNS": str(COLS), "LINES": str(ROWS)}
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    return master, proc


STEP_TIMEOUT = 8.0
"""Seconds for any screen change after start-up."""


class PtyApp:
    """A child process whose stdin/stdout/stderr is a pseudo-terminal of the given size."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.screen = Screen(ROWS, COLS)
        self.master, self.proc = spawn_on_pty(argv, env)

    def _read(self, timeout: float) -> bool:
        """Feed whatever output arrives within ``timeout`` s; False once the pty is closed."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the child has gone and the pty is closed
            return False
        self.screen.feed(data)
        return bool(data)

    def wait_for(self, check: Callable[[list[str]], bool], what: str, timeout: float) -> None:
        """Read output until ``check(screen lines)`` holds; fail with the screen on timeout."""
        deadline = time.monotonic() + timeout
        while not check(self.screen.lines()):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(
                    f"timed out after {timeout:.0f} s waiting for {what}; screen:\n"
                    f"{self.screen.text()}"
                )
            if not self._read(min(remaining, 0.05)):
                pytest.fail(
                    f"the app exited (code {self.proc.poll()}) while waiting for "
                    f"{what}; screen:\n{self.screen.text()}"
                )

    def wait_text(self, text: str, timeout: float = STEP_TIMEOUT) -> None:
        """Wait until ``text`` is on one line of the screen."""
        self.wait_for(lambda lines: any(text in line for line in lines), repr(text), timeout)

    def wait_line(self, pattern: str, timeout: float = STEP_TIMEOUT) -> None:
        """Wait until a whole screen line matches the regular expression ``pattern``."""
        rx = re.compile(pattern)
        self.wait_for(lambda lines: any(rx.search(ln) for ln in lines), pattern, timeout)

    def send(self, keys: str) -> None:
        """Type ``keys`` (UTF-8) into the terminal."""
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        """SIGKILL the child (no clean-up runs in it) and reap it."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def close(self) -> None:
        """Kill the child if it still runs and close the pty."""
        try:
            self.kill()
        finally:
            os.close(self.master)
