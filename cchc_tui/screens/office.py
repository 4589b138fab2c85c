"""Receiving office: who has reported for a period, import bundles from a USB stick, the
received bundles, and any unit's report opened read-only (it is signed)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, ProgressBar, Static

from cchc_tui import messages as msg
from cchc_tui.screens.base import CchcScreen, StoreReady, cchc, show_failures
from cchc_tui.widgets.footer import KeysFooter

PROGRESS_EVERY = 0.1
"""Seconds between two updates of the import's progress bar (a province's folder holds
hundreds of bundles: one redraw each would slow the import)."""


class OfficeScreen(CchcScreen[None]):
    """The status of one period at the receiving office."""

    BINDINGS = [
        Binding("enter", "open_report", msg.KEY_OFFICE_OPEN, id="office.open"),
        Binding("ctrl+o", "import", msg.KEY_OFFICE_IMPORT, id="office.import"),
        Binding("f2", "period", msg.KEY_OFFICE_PERIOD, id="office.period"),
        Binding("f3", "received", msg.KEY_OFFICE_RECEIVED, id="office.received"),
    ]
    """Keys of the office screen."""

    def __init__(self) -> None:
        super().__init__()
        self.period = ""
        self.report_ids: list[int | None] = []

    def compose(self) -> ComposeResult:
        yield Static(msg.APP_TITLE, id="title", classes="screen-title", markup=False)
        yield Static("", id="summary", classes="status-line", markup=False)
        yield DataTable(id="status", cursor_type="row", zebra_stripes=True)
        yield ProgressBar(id="progress", show_eta=False)
        yield Static("", id="log", classes="hint", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        table = self.query_one("#status", DataTable)
        widths = (7, max(16, self.app.size.width - 58), 14, 4, 4, 6, 5)
        for label, width in zip(msg.OFFICE_STATUS_COLUMNS, widths, strict=True):
            table.add_column(label, width=width)
        self.refresh_view()

    def on_store_ready(self, _message: StoreReady) -> None:
        """The office database opened in the background."""
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    @show_failures
    def refresh_view(self) -> None:
        """Re-read the status of the period (validating each stored report)."""
        if not cchc(self).store_ready:
            self.query_one("#summary", Static).update(msg.DB_OPENING)
            return
        from cchc_tui.office.status import summary_line

        office = cchc(self).office_service
        self.period = self.period or office.latest_period()
        table = self.query_one("#status", DataTable)
        table.clear()
        if not self.period:
            self.query_one("#summary", Static).update(msg.OFFICE_NO_PERIOD)
            return
        self.query_one("#title", Static).update(msg.OFFICE_TITLE.format(period=self.period))
        rows = office.period_status(self.period)
        self.report_ids = [r.report_id for r in rows]
        for r in rows:
            reported = r.state == "reported"
            table.add_row(
                r.unit_code,
                r.unit_name,
                r.state_label,
                str(r.revision or ""),
                str(r.errors) if reported else "",
                str(r.unexplained) if reported else "",
                str(r.held or ""),
            )
        self.query_one("#summary", Static).update(summary_line(rows))
        table.focus()

    @on(DataTable.RowSelected, "#status")
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open_report()

    @show_failures
    def action_open_report(self) -> None:
        """Open the selected unit's current report, read-only (it is signed)."""
        table = self.query_one("#status", DataTable)
        if not self.report_ids:
            return
        report_id = self.report_ids[table.cursor_row]
        if report_id is None:
            self.notify(msg.OFFICE_NOT_REPORTED, severity="warning")
            return
        from cchc_tui.screens.outline import OutlineScreen

        self.app.push_screen(OutlineScreen(cchc(self).office_service.open_report(report_id)))

    def action_period(self) -> None:
        """Choose another period."""
        from cchc_tui.screens.prompt import TextPromptScreen

        def chosen(period: str | None) -> None:
            if period:
                self.period = period
                self.refresh_view()

        self.app.push_screen(TextPromptScreen(msg.OFFICE_PERIOD, self.period), chosen)

    def action_received(self) -> None:
        """List the received bundles."""
        self.app.push_screen(ReceivedScreen())

    def action_import(self) -> None:
        """Import every bundle found under a folder (a USB stick's root) or a file."""
        from cchc_tui.screens.prompt import TextPromptScreen

        def chosen(path: str | None) -> None:
            if path:
                self._run_import(Path(path))

        self.app.push_screen(
            TextPromptScreen(msg.OFFICE_IMPORT_TITLE, "", msg.OFFICE_IMPORT_HINT), chosen
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="office-import")
    def _run_import(self, path: Path) -> None:
        from cchc_tui.office.importer import Kind, find_bundles, import_summary

        office = cchc(self).office_service
        files, _skipped = find_bundles([path])
        self.app.call_from_thread(self._import_started, len(files))
        kinds: Counter[Kind] = Counter()
        shown = 0.0
        for done, outcome in enumerate(office.import_files(files), 1):
            kinds[outcome.kind] += 1
            now = time.monotonic()
            if now - shown >= PROGRESS_EVERY or done == len(files):  # not a redraw per bundle
                shown = now
                line = msg.OFFICE_IMPORTING.format(done=done, total=len(files), file=outcome.file)
                self.app.call_from_thread(self._import_step, done, line)
        self.app.call_from_thread(self._imported, import_summary(kinds))

    def _import_started(self, total: int) -> None:
        """Show the progress bar of a folder's import (``total`` bundles found)."""
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(total, 1), progress=0)
        bar.display = total > 0

    def _import_step(self, done: int, line: str) -> None:
        """One more bundle imported (or refused): the bar and the line under it."""
        self.query_one("#progress", ProgressBar).update(progress=done)
        self.query_one("#log", Static).update(line)

    def _imported(self, text: str) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#log", Static).update(text)
        self.period = ""
        self.refresh_view()


class ReceivedScreen(CchcScreen[None]):
    """Every bundle the office has received, newest first."""

    BINDINGS = [
        Binding("escape", "back", msg.KEY_BACK, id="received.back"),
        Binding("enter", "open_report", msg.KEY_OFFICE_OPEN, id="received.open"),
    ]
    """Keys of the received list."""

    def compose(self) -> ComposeResult:
        yield Static(msg.OFFICE_RECEIVED_TITLE, classes="screen-title")
        yield DataTable(id="received", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#received", DataTable)
        table.add_columns(*msg.OFFICE_RECEIVED_COLUMNS)
        self.lines = cchc(self).office_service.received()
        for line in self.lines:
            table.add_row(*line.cells)
        table.focus()

    @on(DataTable.RowSelected, "#received")
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open_report()

    @show_failures
    def action_open_report(self) -> None:
        """Open the report of the selected bundle, read-only."""
        if not self.lines:
            return
        report_id = self.lines[self.query_one("#received", DataTable).cursor_row].report_id
        if report_id is None:
            self.notify(msg.OFFICE_NOT_REPORTED, severity="warning")
            return
        from cchc_tui.screens.outline import OutlineScreen

        self.app.push_screen(OutlineScreen(cchc(self).office_service.open_report(report_id)))

    def action_back(self) -> None:
        """Back to the status."""
        self.app.pop_screen()
