"""Crash safety of the real app: a value confirmed on screen survives ``kill -9``.

The app runs as a child process on a pseudo-terminal (80x24, xterm-256color) and is driven
with keystrokes written to the pty. Its output is fed into a tiny screen model (cursor moves,
text; colours ignored) so that waits match what the officer would see, not the byte stream.

Scenario: open the sample report, Ctrl+P "bieu mau 1", type 46 + Enter on BM1/1, and send
SIGKILL the moment "Đã lưu BM1/1 = 46" is drawn; a fresh store must read 46 and its audit
row. Then, on the same database (the lock of the killed process must not keep us out),
confirm 47 and type 99 on the next row without Enter, kill: 47 is stored, 99 is not.

A kill test is not a power-cut test (shared/PITFALLS.md): it proves the commit happens
before the confirmation is shown, not that the commit survives losing the page cache.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from cchc_tui.db.store import ReportStore
from cchc_tui.service.reports import ReportService
from tests.terminal_screen import PtyApp

if sys.platform != "win32":
    pass

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "openpty"),
    reason="needs a POSIX pseudo-terminal (os.openpty, termios); not available on Windows",
)

START_TIMEOUT = 15.0
"""Seconds for the app to show its report list (cold start here is ~1.5 s)."""

_EDITOR_LINE = r"^│\s*{value}\s*│$"
"""The editor box's text line showing exactly ``value`` (the form's only box of that shape)."""


def _open_form_1(app: PtyApp) -> None:
    """From start-up to the BM1 form with the cursor on its first editable row (BM1/1)."""
    app.wait_text("Các báo cáo", START_TIMEOUT)
    app.wait_text("Xã Bình Lãng", START_TIMEOUT)  # the sample row is in the list
    app.send("\r")
    app.wait_text("Tình trạng")  # the outline's column header
    app.send("\x10")  # Ctrl+P
    app.wait_text("Gõ tên mục")  # the palette's (Vietnamese) placeholder
    app.send("bieu mau 1")
    app.wait_line(r"│bieu mau 1\s*│$")  # the query is in the palette's input
    app.wait_line(r"^\s+Biểu mẫu 1: Công tác")  # ... and its hit in the list below
    app.send("\r")
    app.wait_line(r"^ Biểu mẫu 1: Công tác chỉ đạo điều hành CCHC\s*$")
    app.wait_text("Chỉ tiêu")  # the form table's header


def _start(db: Path) -> PtyApp:
    return PtyApp([sys.executable, "-m", "cchc_tui.cli", "--db", str(db)], dict(os.environ))


def test_confirmed_value_survives_kill_and_unconfirmed_is_not_stored(db_path: Path) -> None:
    store = ReportStore.open(db_path, who="")
    try:
        report_id, _loaded = ReportService(store).ensure_sample()
        assert store.load_report(report_id).values["BM1/1"] == 45
        assert store.load_report(report_id).values["BM1/2.1"] == 35
    finally:
        store.close()

    # 1. Confirm 46 on BM1/1 and kill -9 as soon as the confirmation is drawn.
    app = _start(db_path)
    try:
        _open_form_1(app)
        app.send("46")
        app.wait_line(_EDITOR_LINE.format(value="46"))
        app.send("\r")
        app.wait_text("Đã lưu BM1/1 = 46")
        app.kill()
        assert app.proc.returncode == -signal.SIGKILL
    finally:
        app.close()

    store = ReportStore.open(db_path, who="")
    try:
        assert store.load_report(report_id).values["BM1/1"] == 46
        audit = [(a.entity, a.key, a.old, a.new) for a in store.audit_log(report_id)]
        assert ("value", "BM1/1", "45", "46") in audit
    finally:
        store.close()

    # 2. Same database (the killed process's lock must not keep us out): confirm 47,
    #    type 99 on the next row (BM1/2.1) without Enter, kill -9.
    app = _start(db_path)
    try:
        _open_form_1(app)
        app.send("47")
        app.wait_line(_EDITOR_LINE.format(value="47"))
        app.send("\r")
        app.wait_text("Đã lưu BM1/1 = 47")
        app.send("99")
        app.wait_line(_EDITOR_LINE.format(value="99"))
        app.kill()
    finally:
        app.close()

    store = ReportStore.open(db_path, who="")
    try:
        values = store.load_report(report_id).values
        assert values["BM1/1"] == 47
        assert values["BM1/2.1"] == 35, "a value typed without Enter must not be stored"
        audit = [(a.entity, a.key, a.old, a.new) for a in store.audit_log(report_id)]
        assert ("value", "BM1/1", "46", "47") in audit
        assert not [a for a in audit if a[1] == "BM1/2.1" or a[3] == "99"]
    finally:
        store.close()
