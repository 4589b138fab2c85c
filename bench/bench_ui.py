"""Benchmark of the user interface: start-up and keystroke-to-screen. Not a test.

Run: ``.venv/bin/python -m bench.bench_ui`` (POSIX only: it needs a pseudo-terminal).
Options: ``--runs N`` start-up runs per app (5), ``--entries N`` in-process entries (50),
``--pty-entries N`` entries in the real process (20, at most one per editable row).

Figures (milliseconds, wall clock):

(a) Start-up, real process on an 80x24 pty (TERM=xterm-256color), median of N runs after
    one unmeasured warm-up run, the real ``cchc`` console script (on a database with the
    sample) next to a bare Textual app (``Static`` + ``Footer``) in the same run, interleaved:
    time from just before the process is spawned to its first output byte (terminal set-up,
    i.e. interpreter + imports), to the first frame with visible text, and (``cchc`` only)
    to the frame where the sample report's row is in the report list.
(b) In-process (``App.run_test``, headless, 80x24) on the form with the most rows (found from
    the template: Biểu mẫu 7, 29 rows, 20 editable), cycling over its editable rows: from
    posting the ``events.Key`` events of a value and Enter to the app, all at once, as the
    terminal driver does (``pilot.press`` is not used: it waits 60-85 ms per key; the app
    forwards each key to the focused widget), to (1) the commit returning
    (``ReportStore.set_value``) and (2) the first frame that shows the new value in that
    row of the table. Frames are taken where Textual hands them to the driver
    (``App._display``) and rendered to terminal text there, as the real driver does, and
    fed to a small screen model; after each entry the value is read back from the database
    file with a separate sqlite3 connection.
(c) The same in the real process on a pty, one entry per editable row in order (the cursor
    moves on by itself after each Enter), in two runs: "heads-down" (digits as soon as the
    previous value is in the table, Enter as soon as the digits are in the editor) and
    "paced" (0.6 s of reading output before each step). Figures: digits written → the
    editor shows them; ``\r`` written → the output that puts the value into its table row
    has been read back. Also counted: how often the title-bar confirmation
    "Đã lưu KEY = VALUE" is not fully visible at 80 columns. Values are checked in the
    database after the run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import select
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.terminal_screen import Screen, spawn_on_pty

if sys.platform != "win32":
    pass

ROWS, COLS = 24, 80
TIMEOUT = 20.0

BARE_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Xin chào")
        yield Footer()


Bare().run()
"""


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) of values (nearest rank, as in bench_core)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- a minimal terminal -------------------------------------------------------------------


class PtyProc:
    """A child process on an 80x24 pseudo-terminal; its output is fed to a ``Screen``."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.screen = Screen()
        self.first_byte: float | None = None
        self.started = time.perf_counter()
        self.master, self.proc = spawn_on_pty(argv, env)

    def read(self, timeout: float) -> float | None:
        """Feed output arriving within ``timeout`` s; the time it was read, or None."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return None
        try:
            data = os.read(self.master, 65536)
        except OSError as err:
            raise RuntimeError(f"the app exited:\n{self.screen.text()}") from err
        now = time.perf_counter()
        if self.first_byte is None:
            self.first_byte = now
        self.screen.feed(data)
        return now

    def wait(self, check: Callable[[Screen], bool], what: str, timeout: float = TIMEOUT) -> float:
        """Read until ``check(screen)`` holds; the time of the read that made it true."""
        deadline = time.perf_counter() + timeout
        now = time.perf_counter()
        while not check(self.screen):
            if now > deadline:
                raise RuntimeError(f"timed out waiting for {what}:\n{self.screen.text()}")
            now = self.read(0.05) or time.perf_counter()
        return now

    def wait_text(self, text: str, timeout: float = TIMEOUT) -> float:
        """Wait until ``text`` is on a screen line."""
        return self.wait(lambda s: any(text in line for line in s.lines()), repr(text), timeout)

    def send(self, keys: str) -> None:
        """Type ``keys``."""
        os.write(self.master, keys.encode())

    def close(self) -> None:
        """Kill the child and close the pty."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)


def _shows(pattern: re.Pattern[str]) -> Callable[[Screen], bool]:
    """A check that a screen line matches ``pattern``."""
    return lambda screen: screen.has(pattern)


def _visible(screen: Screen) -> bool:
    return any(line.strip() for line in screen.lines())


def _make_db(folder: Path) -> tuple[Path, int]:
    """A database with the sample loaded; its path and the sample's report id."""
    from cchc_tui.service.reports import ReportService

    path = folder / "bench.sqlite3"
    service = ReportService.open(path, who="bench")
    try:
        report_id, _ = service.ensure_sample()
    finally:
        service.close()
    return path, report_id


def _env(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
    }


# --- (a) start-up ----------------------------------------------------------------------------


def startup(runs: int) -> dict[str, list[float]]:
    """Start-up times (ms) of the real app and of a bare Textual app."""
    cchc = Path(sys.executable).with_name("cchc")
    out: dict[str, list[float]] = {
        k: [] for k in ("bare-byte", "bare-frame", "cchc-byte", "cchc-frame", "cchc-list")
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, _ = _make_db(folder)
        bare = folder / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        env = _env(folder)
        for run in range(runs + 1):  # run 0 warms the caches and is not counted
            app = PtyProc([sys.executable, str(bare)], env)
            try:
                frame = app.wait(_visible, "bare frame")
                app.wait_text("Xin chào")
                if run:
                    out["bare-byte"].append((app.first_byte or frame) - app.started)
                    out["bare-frame"].append(frame - app.started)
            finally:
                app.close()
            app = PtyProc([str(cchc), "--db", str(db)], env)
            try:
                frame = app.wait(_visible, "cchc frame")
                listed = app.wait_text("Xã Bình Lãng")
                if run:
                    out["cchc-byte"].append((app.first_byte or frame) - app.started)
                    out["cchc-frame"].append(frame - app.started)
                    out["cchc-list"].append(listed - app.started)
            finally:
                app.close()
    return {k: [v * 1000 for v in vals] for k, vals in out.items()}


# --- entries on the largest form ----------------------------------------------------------


@dataclass
class Entry:
    """One value to type into a row and how the table will show it."""

    key: str
    stt: str
    typed: str
    stored: str
    pattern: re.Pattern[str]
    """Matches the screen line of this row once it shows the new value."""
    confirmation: str
    """The whole status the form puts in its title bar: "Đã lưu BM7/3 = 52"."""


def largest_form() -> tuple[str, str, list[Any]]:
    """``(form key, title, editable RowInfos)`` of the template form with the most rows."""
    from cchc_tui.service.samples import load_sample
    from cchc_tui.template.loader import get_template

    report, _ = load_sample()
    template = get_template(report.template_id)
    form = max(template.template.forms, key=lambda f: len(template.form_indicators(f)))
    rows = [info for info in template.form_indicators(form) if info.editable]
    return form.key, f"Biểu mẫu {form.number}: {form.title}", rows


def plan(rows: list[Any], count: int, current: Mapping[str, object]) -> list[Entry]:
    """``count`` entries over the editable rows in order, each changing the shown value."""
    from cchc_tui import messages as msg
    from cchc_tui.domain.values import cell_to_storage, format_cell, parse_cell
    from cchc_tui.template.model import RowKind

    entries = []
    values = dict(current)
    for i in range(count):
        info = rows[i % len(rows)]
        row = info.indicator
        if row.kind is RowKind.CODE:
            codes = sorted(row.codes)
            now = values.get(info.key)
            typed = str(codes[(codes.index(now) + 1) % len(codes)] if now in codes else codes[0])
        elif row.kind is RowKind.PERCENT:
            typed = str(50 + i % 50)
        else:
            typed = str(900 - i)  # decreasing: a part (typed after its whole) stays ≤ it
        value = parse_cell(row, typed)
        values[info.key] = value
        shown = format_cell(row, value)
        pattern = re.compile(rf"^│ {re.escape(row.stt)}\s.*\s{re.escape(shown[:6])}")
        confirmation = msg.FORM_SAVED.format(key=info.key, value=shown)
        stored = cell_to_storage(value) or ""
        entries.append(Entry(info.key, row.stt, typed, stored, pattern, confirmation))
    return entries


def _stored(db: Path, report_id: int, key: str) -> str | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT value FROM value WHERE report_id = ? AND row_key = ?", (report_id, key)
        ).fetchone()
    return row[0] if row else None


# --- (b) in-process ------------------------------------------------------------------------


async def in_process(count: int) -> tuple[list[float], list[float], str]:
    """Keys posted → commit returned, and → first frame showing the value (ms)."""
    from textual import events

    from cchc_tui.app import CchcApp
    from cchc_tui.db.store import ReportStore
    from cchc_tui.screens.form import FormScreen
    from cchc_tui.service.reports import ReportService
    from cchc_tui.service.settings import Settings
    from cchc_tui.widgets.form_table import FormTable

    form_key, title, rows = largest_form()
    commit_ms: list[float] = []
    frame_ms: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        db, report_id = _make_db(Path(tmp))
        store = ReportStore.open(db, who="bench")
        app = CchcApp(ReportService(store), Settings(), save_settings_on_change=False)
        screen = Screen()
        watch: dict[str, Any] = {}
        original_display = app._display
        original_set_value = store.set_value

        def display(target: Any, renderable: Any) -> None:
            original_display(target, renderable)
            if renderable is None or app._batch_count or not hasattr(renderable, "render_segments"):
                return
            screen.feed_text(renderable.render_segments(app.console))
            pattern = watch.get("pattern")
            if pattern is not None and "frame" not in watch and screen.has(pattern):
                watch["frame"] = time.perf_counter()

        def set_value(*args: Any, **kwargs: Any) -> None:
            original_set_value(*args, **kwargs)
            watch.setdefault("commit", time.perf_counter())

        app._display = display  # type: ignore[method-assign,assignment]
        store.set_value = set_value  # type: ignore[method-assign]
        try:
            async with app.run_test(size=(COLS, ROWS)) as pilot:
                await pilot.pause()
                app.screen.action_open_report()  # type: ignore[attr-defined]
                await pilot.pause()
                app.screen.open_item("form", form_key)  # type: ignore[attr-defined]
                await pilot.pause()
                form = app.screen
                assert isinstance(form, FormScreen), form
                table = form.query_one("#rows", FormTable)
                entries = plan(rows, count, dict(form.workspace.report.values))
                index: dict[str, int] = {info.key: i for i, info in enumerate(form.rows)}
                for entry in entries:
                    table.move_cursor(row=index[entry.key])
                    await pilot.pause()
                    watch.clear()
                    watch["pattern"] = entry.pattern
                    keys = [events.Key(ch, ch) for ch in entry.typed]
                    keys.append(events.Key("enter", "\r"))
                    t0 = time.perf_counter()
                    for key in keys:
                        app.post_message(key)
                    deadline = t0 + TIMEOUT
                    while "frame" not in watch:
                        if time.perf_counter() > deadline:
                            raise RuntimeError(f"{entry.key} not shown:\n{screen.text()}")
                        await asyncio.sleep(0.001)
                    commit_ms.append((watch["commit"] - t0) * 1000)
                    frame_ms.append((watch["frame"] - t0) * 1000)
                    stored = _stored(db, report_id, entry.key)
                    assert stored == entry.stored, (entry, stored)
        finally:
            store.close()
    return commit_ms, frame_ms, title


# --- (c) real process ------------------------------------------------------------------------


def in_pty(count: int, paced: bool) -> dict[str, Any]:
    """Entries on the largest form in the real process (ms).

    ``paced``: before each keystroke batch, wait until the app has been idle for a while
    (0.6 s); otherwise the officer keys heads-down: the digits as soon as the previous value
    is in the table, Enter as soon as the digits are shown in the editor.
    """
    form_key, title, rows = largest_form()
    count = min(count, len(rows))
    cchc = Path(sys.executable).with_name("cchc")
    result: dict[str, Any] = {"title": title, "digits": [], "enter": [], "cut": 0}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, report_id = _make_db(folder)
        from cchc_tui.db.store import ReportStore

        store = ReportStore.open(db)
        try:
            current = dict(store.load_report(report_id).values)
        finally:
            store.close()
        entries = plan(rows, count, current)
        app = PtyProc([str(cchc), "--db", str(db)], _env(folder))

        def settle() -> None:
            if paced:
                end = time.perf_counter() + 0.6
                while time.perf_counter() < end:
                    app.read(0.05)

        try:
            app.wait_text("Xã Bình Lãng")
            app.send("\r")
            app.wait_text("Tình trạng")
            app.send("\x10")
            app.wait_text("Gõ tên mục")
            query = f"bieu mau {form_key[2:]}"
            app.send(query)
            app.wait(_shows(re.compile(rf"│{query}\s*│$")), "palette query")
            hit = re.compile(rf"^\s+{re.escape(title[:20])}")
            app.wait(_shows(hit), "palette hit")
            app.send("\r")
            app.wait_text("Chỉ tiêu")
            settle()
            for entry in entries:
                editor = re.compile(rf"^│\s*{re.escape(entry.typed)}\s*│$")
                t0 = time.perf_counter()
                app.send(entry.typed)
                shown = app.wait(_shows(editor), f"editor shows {entry.typed}")
                result["digits"].append((shown - t0) * 1000)
                settle()
                t0 = time.perf_counter()
                app.send("\r")
                done = app.wait(_shows(entry.pattern), f"{entry.key} in table")
                result["enter"].append((done - t0) * 1000)
                if entry.confirmation not in app.screen.lines()[0]:
                    result["cut"] += 1
                settle()
        finally:
            app.close()
        for entry in entries:
            stored = _stored(db, report_id, entry.key)
            assert stored == entry.stored, (entry, stored)
    return result


def main() -> None:
    """Run the measurements and print them."""
    if sys.platform == "win32":
        raise SystemExit("bench_ui needs a POSIX pseudo-terminal")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--pty-entries", type=int, default=20)
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, terminal {COLS}x{ROWS}"
    )

    times = startup(args.runs)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"(a) start-up, real process on a pty, median of {args.runs} (ms):")
    print(
        f"    bare Textual app: first output byte {med['bare-byte']:.0f}, "
        f"first frame with text {med['bare-frame']:.0f}"
    )
    print(
        f"    cchc:             first output byte {med['cchc-byte']:.0f}, "
        f"first frame with text {med['cchc-frame']:.0f}, "
        f"sample row in the report list {med['cchc-list']:.0f}"
    )

    commit, frame, title = asyncio.run(in_process(args.entries))
    print(f"(b) in-process run_test, '{title}', n={len(frame)} (ms):")
    print(
        f"    keys posted -> commit returned: p50 {pct(commit, 50):.1f} p95 {pct(commit, 95):.1f}"
    )
    print(
        f"    keys posted -> frame showing the value in its row: p50 {pct(frame, 50):.1f} "
        f"p95 {pct(frame, 95):.1f}"
    )

    for paced in (False, True):
        res = in_pty(args.pty_entries, paced)
        mode = "paced: each step after 0.6 s idle" if paced else "heads-down: no pause"
        digits, enter = res["digits"], res["enter"]
        print(f"(c) real process on a pty, '{res['title']}', {mode}, n={len(enter)} (ms):")
        print(
            f"    digits written -> shown in the editor: p50 {pct(digits, 50):.1f} "
            f"p95 {pct(digits, 95):.1f}"
        )
        print(
            f"    Enter written -> value in its table row read back: p50 {pct(enter, 50):.1f} "
            f"p95 {pct(enter, 95):.1f}"
        )
        print(
            f"    title-bar confirmation 'Đã lưu KEY = VALUE' cut off at {COLS} columns: "
            f"{res['cut']} of {len(enter)}"
        )


if __name__ == "__main__":
    main()
