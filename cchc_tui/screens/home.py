"""Home: who is working, the reports in the database, new report, sample, next period."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from cchc_tui import messages as msg
from cchc_tui.app import StoreReady
from cchc_tui.screens.base import cchc, show_failures


class HomeScreen(Screen[None]):
    """The first screen: the officer and the report list."""

    BINDINGS = [
        Binding("enter", "open_report", msg.KEY_OPEN, id="home.open"),
        Binding("ctrl+n", "new_report", msg.KEY_NEW_REPORT, id="home.new"),
        Binding("f3", "open_sample", msg.KEY_SAMPLE, id="home.sample"),
        Binding("ctrl+k", "next_period", msg.KEY_NEXT_PERIOD, id="home.next_period"),
        Binding("f2", "officer", msg.KEY_OFFICER, id="home.officer"),
    ]
    """Keys of the home screen."""

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Home actions offered in the command palette."""
        from cchc_tui.service.samples import sample_names

        yield SystemCommand(msg.CMD_SAMPLE, msg.KEY_SAMPLE, self.action_open_sample)
        for name in sample_names():
            yield SystemCommand(
                msg.CMD_SAMPLE_NAMED.format(name=name),
                msg.KEY_SAMPLE,
                partial(self.action_open_sample, name),
            )
        yield SystemCommand(msg.CMD_NEW, msg.KEY_NEW_REPORT, self.action_new_report)
        yield SystemCommand(msg.CMD_OFFICER, msg.KEY_OFFICER, self.action_officer)

    def compose(self) -> ComposeResult:
        yield Static(msg.APP_TITLE, classes="screen-title")
        yield Static("", id="officer", classes="status-line")
        yield Static(msg.HOME_REPORTS, classes="hint")
        yield DataTable(id="reports", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#reports", DataTable)
        table.add_columns(*msg.HOME_COLUMNS)
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def on_store_ready(self, _message: StoreReady) -> None:
        """The database opened in the background: show the reports."""
        self.refresh_view()

    def refresh_view(self) -> None:
        """Re-read the officer and the report list (once the store is open)."""
        who = cchc(self).settings.who
        officer = self.query_one("#officer", Static)
        officer.update(msg.HOME_OFFICER.format(who=who) if who else msg.HOME_OFFICER_UNKNOWN)
        if not cchc(self).store_ready:
            self.query_one("#empty-hint", Static).update(msg.DB_OPENING)
            return
        table = self.query_one("#reports", DataTable)
        selected = table.cursor_row
        table.clear()
        from cchc_tui.service.reports import report_overview

        rows = report_overview(cchc(self).store)
        for row in rows:
            table.add_row(*row.cells, key=str(row.report_id))
        if rows:
            table.move_cursor(row=min(selected, len(rows) - 1))
        self.query_one("#empty-hint", Static).update("" if rows else msg.HOME_EMPTY)
        table.focus()

    def _selected_id(self) -> int | None:
        table = self.query_one("#reports", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value or 0)

    @on(DataTable.RowSelected, "#reports")
    def _row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open_report()

    @show_failures
    def action_open_report(self) -> None:
        """Open the selected report's outline."""
        report_id = self._selected_id()
        if report_id is None:
            self.notify(msg.HOME_NO_SELECTION, severity="warning")
            return
        from cchc_tui.screens.outline import OutlineScreen
        from cchc_tui.service.workspace import ReportWorkspace

        self.app.push_screen(OutlineScreen(ReportWorkspace(cchc(self).store, report_id)))

    @show_failures
    def action_open_sample(self, name: str = "") -> None:
        """Load a shipped sample report (default: the first sample) if needed and open it."""
        from cchc_tui.service.reports import ensure_sample
        from cchc_tui.service.samples import DEFAULT_SAMPLE

        report_id, loaded = ensure_sample(cchc(self).store, name or DEFAULT_SAMPLE)
        if loaded:
            self.notify(msg.HOME_SAMPLE_LOADED)
        self.refresh_view()
        table = self.query_one("#reports", DataTable)
        table.move_cursor(row=table.get_row_index(str(report_id)))
        self.action_open_report()

    def action_new_report(self) -> None:
        """Ask for a new report's header and create it."""
        from cchc_tui.screens.new_report import NewReportScreen

        self.app.push_screen(NewReportScreen(), self._created)

    @show_failures
    def action_next_period(self) -> None:
        """Start the next period from the selected report of the same unit."""
        report_id = self._selected_id()
        if report_id is None:
            self.notify(msg.HOME_NO_SELECTION, severity="warning")
            return
        from cchc_tui.screens.new_report import NewReportScreen

        source = cchc(self).store.load_report(report_id)
        self.app.push_screen(NewReportScreen(source=source, source_id=report_id), self._created)

    def _created(self, report_id: int | None) -> None:
        if report_id is None:
            return
        self.refresh_view()
        table = self.query_one("#reports", DataTable)
        table.move_cursor(row=table.get_row_index(str(report_id)))
        self.action_open_report()

    def action_officer(self) -> None:
        """Edit who is working."""
        from cchc_tui.screens.officer import OfficerScreen

        def done(changed: bool | None) -> None:
            if changed:
                self.refresh_view()

        self.app.push_screen(OfficerScreen(), done)
