"""Kill a real subprocess with SIGKILL in the middle of its work (the crash tests of the
office's import and of the contributions' merge)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time


def kill_after(
    command: list[str], marker: str, lines: int, rng: random.Random, within: float
) -> None:
    """Start ``command``, wait until it has printed ``lines`` lines starting with ``marker``
    (each one unit of work done and committed), then SIGKILL it at a random moment within
    ``within`` seconds (inside the next unit of work). Asserts it was killed, not finished."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    seen = 0
    while seen < lines:
        line = proc.stdout.readline()
        assert line, "the command ended before it could be killed"
        seen += line.startswith(marker)
    time.sleep(rng.uniform(0, within))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
