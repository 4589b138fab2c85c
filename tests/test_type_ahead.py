"""Type-ahead never loses a key (issue 11): 30 values written to the terminal at once, the
way a fast keyer's keystrokes queue up on an old PC, are stored exactly, in order, 20 runs in a
row. Before the form's table kept the focus, 3 runs in 14 lost Enter keys and ran digits
together (``BM3/3.3.2.truc_tiep = 123123123``).

The real app on a pseudo-terminal (tests/terminal_screen.py); Phường Trường Thi's Biểu mẫu 3
(seed 004: 49 rows an officer types, counts and percentages) on the shipped sample.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from cchc_tui.db.store import ReportStore
from cchc_tui.domain.values import format_cell
from cchc_tui.service.reports import ReportService
from cchc_tui.signing import keys
from cchc_tui.template.model import RowKind
from tests.terminal_screen import PtyApp

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "openpty"),
    reason="needs a POSIX pseudo-terminal (os.openpty, termios); not available on Windows",
)

SAMPLE = "truong-thi-2023-9thang"
FORM = "BM3"
ENTRIES = 30
RUNS = 20
START_TIMEOUT = 20.0


def plan(service: ReportService, report_id: int) -> list[tuple[str, str]]:
    """``(row key, text typed)`` for the first 30 rows the cursor visits in the form: values
    that are valid there and break no rule, so each Enter moves the cursor on (checked here on
    a scratch copy through the application layer, as the app will see them)."""
    ws = service.open_report(report_id)
    rows = [i for i in ws.form_indicators(ws.form(FORM)) if i.editable]
    entries: list[tuple[str, str]] = []
    for number, info in enumerate(rows[:ENTRIES]):
        if info.kind is RowKind.PERCENT:
            text = str(50 + number % 40)
        elif info.kind is RowKind.CODE:
            text = str(min(c for c in info.indicator.codes if c != info.indicator.none_code))
        else:
            text = str(900 - number)  # falling: every "part ≤ whole" holds (parts come later)
        entries.append((info.key, text))
    for key, text in entries:
        ws.enter_value(key, text)
    errors = {f.key for f in ws.result.errors}
    blocked = errors & {key for key, _ in entries}
    assert not blocked, f"the plan itself would stop the cursor on {blocked}"
    return entries


def test_a_burst_of_30_values_is_stored_exactly_20_times_in_a_row(tmp_path: Path) -> None:
    template_db = tmp_path / "template.sqlite3"
    service = ReportService.open(template_db)
    report_id, _ = service.ensure_sample(SAMPLE)
    service.close()
    scratch = tmp_path / "scratch.sqlite3"
    shutil.copyfile(template_db, scratch)
    service = ReportService.open(scratch)
    entries = plan(service, report_id)
    service.close()
    burst = "".join(f"{text}\r" for _key, text in entries)
    last_key, last_text = entries[-1]

    for run in range(RUNS):
        db = tmp_path / f"run{run}.sqlite3"
        shutil.copyfile(template_db, db)
        app = PtyApp([sys.executable, "-m", "cchc_tui", "--db", str(db)], dict(os.environ))
        try:
            app.wait_text("Phường Trường Thi", START_TIMEOUT)
            app.send("\r")
            app.wait_text("Tình trạng")
            app.send("\x10")  # Ctrl+P
            app.wait_text("Gõ tên mục")
            app.send("bieu mau 3")
            app.wait_line(r"│bieu mau 3\s*│$")
            app.wait_line(r"^\s+Biểu mẫu 3")
            app.send("\r")
            app.wait_text("Chỉ tiêu")
            app.send(burst)  # everything at once: the app reads it as one stream of keys
            app.wait_text(f"Đã lưu {last_key} =", 60.0)
        finally:
            app.close()
        store = ReportStore.open(db)
        try:
            template = ReportService(store).open_report(report_id).template
            values = store.load_report(report_id).values
            stored = [
                format_cell(template.indicators[key].indicator, values.get(key))
                for key, _text in entries
            ]
        finally:
            store.close()
        typed = [text for _key, text in entries]
        assert stored == typed, f"run {run + 1}: stored {stored}, typed {typed}"
    assert last_text


DIALOG_RUNS = 5
PASSPHRASE = "Bình Lãng ký duyệt 2023"


def test_a_sign_off_typed_ahead_in_one_burst_signs_with_what_was_typed(tmp_path: Path) -> None:
    """The sign-off dialog typed without waiting: name, Enter, number, Enter, Enter (the date
    kept), passphrase, Enter, passphrase again, Enter — as one stream of keys. Before Enter
    moved on in key order (screens.base.FieldsModal), the keys after an Enter landed in the
    field just left (tmux: "Máy cũ hỏng ổ cứngBình Lãng…"), and the dialog signed — or
    refused — with other values than typed."""
    template_db = tmp_path / "template.sqlite3"
    service = ReportService.open(template_db)
    report_id, _ = service.ensure_sample()
    ws = service.open_report(report_id)
    ws.enter_value("BM3/1.1", "0")
    for finding in ws.result.warnings:
        ws.explain(finding.id, "Đã kiểm tra.")
    service.close()
    burst = f"Trần Xuân Mãng\r102\r\r{PASSPHRASE}\r{PASSPHRASE}\r"
    for run in range(DIALOG_RUNS):
        db = tmp_path / f"dialog{run}.sqlite3"
        shutil.copyfile(template_db, db)
        env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / f"data{run}"))
        app = PtyApp([sys.executable, "-m", "cchc_tui", "--db", str(db)], env)
        try:
            app.wait_text("Xã Bình Lãng", START_TIMEOUT)
            app.send("\r")
            app.wait_text("Tình trạng")
            app.send("\x1b[20~")  # F9
            app.wait_text("Mật khẩu khóa ký")
            app.send(burst)
            app.wait_text("Đã ký duyệt báo cáo", 60.0)
        finally:
            app.close()
        store = ReportStore.open(db)
        try:
            report = store.load_report(report_id)
            status = store.status(report_id)[0]
        finally:
            store.close()
        assert status == "signed", f"run {run + 1}"
        assert (report.signature.name, report.header.number) == ("Trần Xuân Mãng", "102")
        keys_folder = tmp_path / f"data{run}" / "cchc-tui" / "keys"
        assert keys.load_private_key(keys_folder, report.unit.code, PASSPHRASE) is not None
