"""Home: who is working, the reports in the database, new report, sample, next period."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from cchc_tui import messages as msg
from cchc_tui.screens.base import (
    CchcScreen,
    OverviewRead,
    StoreReady,
    cchc,
    show_failures,
    usb_folder,
)
from cchc_tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from cchc_tui.service.overview import ReportOverview


class HomeScreen(CchcScreen[None]):
    """The first screen: the officer and the report list."""

    BINDINGS = [
        Binding("enter", "open_report", msg.KEY_OPEN, id="home.open"),
        Binding("ctrl+n", "new_report", msg.KEY_NEW_REPORT, id="home.new"),
        Binding("f3", "open_sample", msg.KEY_SAMPLE, id="home.sample"),
        Binding("ctrl+k", "next_period", msg.KEY_NEXT_PERIOD, id="home.next_period"),
        Binding("f2", "officer", msg.KEY_OFFICER, id="home.officer"),
        Binding("ctrl+b", "backup", msg.KEY_BACKUP, id="home.backup", show=False),
        Binding("ctrl+t", "templates", msg.KEY_TEMPLATES, id="home.templates", show=False),
        Binding("ctrl+o", "open_package", msg.KEY_OPEN_PACKAGE, id="home.open_package", show=False),
    ]
    """Keys of the home screen."""

    _focus_id: int | None = None
    """The report the cursor goes to when the list is shown next."""

    _integrity_checked = False
    """Whether the seals and audit chains were checked since the database opened."""

    _shown: list[ReportOverview] | None = None
    """The lines the table shows (the same lines again are not drawn again)."""

    _pending_open: int | None = None
    """A report asked for (Enter on the list read early) while the store was still opening:
    opened as soon as it is ready, so the key is not lost."""

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
        yield SystemCommand(msg.CMD_BACKUP, msg.KEY_BACKUP, self.action_backup)
        yield SystemCommand(msg.CMD_TEMPLATES, msg.KEY_TEMPLATES, self.action_templates)
        yield SystemCommand(msg.CMD_OPEN_PACKAGE, msg.KEY_OPEN_PACKAGE, self.action_open_package)

    def compose(self) -> ComposeResult:
        yield Static(msg.APP_TITLE, classes="screen-title")
        yield Static("", id="officer", classes="status-line")
        yield Static(msg.HOME_REPORTS, classes="hint")
        yield DataTable(id="reports", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty-hint", classes="hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#reports", DataTable).add_columns(*msg.HOME_COLUMNS)
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def on_store_ready(self, _message: StoreReady) -> None:
        """The database opened in the background: show the reports (and open the one asked
        for meanwhile)."""
        pending, self._pending_open = self._pending_open, None
        if pending is not None:
            self._open_when_ready(pending)
            return
        self.refresh_view()

    @show_failures
    def _open_when_ready(self, report_id: int) -> None:
        self._open(report_id)

    def on_overview_read(self, message: OverviewRead) -> None:
        """The report list, read from the file while the store is still opening."""
        if not cchc(self).store_ready:
            self._show_overview(message.lines)

    def refresh_view(self) -> None:
        """Show the officer; read the report list in a worker (once the database is open)."""
        who = cchc(self).settings.who
        officer = self.query_one("#officer", Static)
        officer.update(msg.HOME_OFFICER.format(who=who) if who else msg.HOME_OFFICER_UNKNOWN)
        if not cchc(self).store_ready:
            self.query_one("#empty-hint", Static).update(msg.DB_OPENING)
            return
        self._load_overview()
        if not self._integrity_checked:
            self._integrity_checked = True
            self._check_integrity()

    @work(thread=True, exclusive=True, exit_on_error=False, group="integrity")
    def _check_integrity(self) -> None:
        """On open: a broken seal or audit chain (the file edited outside the app) is said at
        once, as a lasting notice (``cchc check-db`` gives the details)."""
        warning = cchc(self).reports.integrity_warning()
        if warning is not None:
            self.app.call_from_thread(
                self.notify, warning, severity="error", timeout=600, markup=False
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group="overview")
    def _load_overview(self) -> None:
        """Validate changed reports off the UI thread (the service caches the others)."""
        lines = cchc(self).reports.overview()
        copies = set(cchc(self).reports.contributions.working_copies())
        if not get_current_worker().is_cancelled:  # a newer refresh is on its way
            self.app.call_from_thread(self._show_overview, lines, copies)

    def _show_overview(self, lines: list[ReportOverview], copies: set[int] | None = None) -> None:
        table = self.query_one("#reports", DataTable)
        if lines == self._shown and self._focus_id is None:
            self.query_one("#empty-hint", Static).update("" if lines else msg.HOME_EMPTY)
            return  # the list read early, or nothing changed: no redraw
        self._shown = lines
        selected = self._selected_id() if self._focus_id is None else self._focus_id
        self._focus_id = None
        rows = [overview_cells(line) for line in lines]
        for index, line in enumerate(lines):
            if copies and line.report_id in copies:  # an officer's working copy (issue 16)
                cells = list(rows[index])
                cells[3] = f"{cells[3]} · {msg.HOME_WORKING_COPY}"
                rows[index] = tuple(cells)
        # Widths fixed from the data: a table filled after its first layout otherwise keeps
        # its header widths ("Xã Bìn") until some later full refresh.
        table.clear(columns=True)
        for index, label in enumerate(msg.HOME_COLUMNS):
            width = max([cell_len(label), *(cell_len(row[index]) for row in rows)])
            table.add_column(label, width=width)
        for line, row in zip(lines, rows, strict=True):
            table.add_row(*row, key=str(line.report_id))
        ids = [line.report_id for line in lines]
        if selected in ids:
            table.move_cursor(row=ids.index(selected))
        empty = f"{msg.HOME_EMPTY}\n{msg.HOME_PACKAGE_HINT}"
        self.query_one("#empty-hint", Static).update("" if lines else empty)
        table.focus()

    def _open(self, report_id: int) -> None:
        """Open a report's outline; the list keeps the cursor on it when the officer is back."""
        from cchc_tui.screens.outline import OutlineScreen

        self._focus_id = report_id
        self.app.push_screen(OutlineScreen(cchc(self).reports.open_report(report_id)))

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
        if not cchc(self).store_ready:  # the list was read from the file: open it once ready
            self._pending_open = report_id
            return
        self._open(report_id)

    @show_failures
    def action_open_sample(self, name: str = "") -> None:
        """Load a shipped sample report (default: the first sample) if needed and open it."""
        from cchc_tui.service.samples import DEFAULT_SAMPLE

        report_id, loaded = cchc(self).reports.ensure_sample(name or DEFAULT_SAMPLE)
        if loaded:
            self.notify(msg.HOME_SAMPLE_LOADED)
        self._open(report_id)

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

        fields = cchc(self).reports.next_period_fields(report_id)
        self.app.push_screen(NewReportScreen(fields=fields, source_id=report_id), self._created)

    @show_failures
    def _created(self, report_id: int | None) -> None:
        if report_id is not None:
            self._open(report_id)
            from cchc_tui.screens.templates import show_not_carried

            show_not_carried(self, report_id)

    def action_open_package(self) -> None:
        """Open a package from the compiler ("giao việc", from a USB stick) as a working
        copy on this PC, and show it."""
        from cchc_tui.screens.prompt import TextPromptScreen

        @show_failures
        def chosen(_screen: HomeScreen, path: str | None) -> None:
            if not path:
                return
            from cchc_tui.exports.contribution import open_package_file

            app = cchc(self)
            officer = app.settings.officer_name
            opened = open_package_file(app.reports.contributions, Path(path), officer)
            folder = str(Path(path) if Path(path).is_dir() else Path(path).parent)
            app.update_settings(app.settings.changed(usb_folder=folder))  # the stick, next time
            self.notify(opened.message, markup=False)
            self._open(opened.report_id)

        self.app.push_screen(
            TextPromptScreen(msg.PACKAGE_OPEN_TITLE, usb_folder(self, ""), msg.PACKAGE_OPEN_HINT),
            lambda path: chosen(self, path),
        )

    def action_templates(self) -> None:
        """List the templates on this computer (shipped and installed)."""
        from cchc_tui.screens.templates import TemplatesScreen

        self.app.push_screen(TemplatesScreen())

    def action_backup(self) -> None:
        """Back up this PC's data to a USB stick, or restore it."""
        from cchc_tui.screens.backup import BackupScreen

        def done(restored: bool | None) -> None:
            if restored:
                self.refresh_view()

        self.app.push_screen(BackupScreen(), done)

    def action_officer(self) -> None:
        """Edit who is working."""
        from cchc_tui.screens.officer import OfficerScreen

        def done(changed: bool | None) -> None:
            if changed:
                self.refresh_view()

        self.app.push_screen(OfficerScreen(), done)


def overview_cells(line: ReportOverview) -> tuple[str, ...]:
    """The home table's cells of one report: Mã, Đơn vị, Kỳ, Trạng thái, Đủ %, Lỗi, Cảnh báo."""
    unit = f"{msg.UNIT_KIND_LABELS.get(line.unit_kind, '')} {line.unit_name}".strip()
    status = msg.STATUS_LABELS.get(line.status, line.status)
    if line.revision > 1:
        status = msg.STATUS_REVISION.format(status=status, revision=line.revision)
    return (
        str(line.report_id),
        unit,
        line.period_code,
        status,
        f"{line.percent}%",
        str(line.errors),
        str(line.warnings),
    )
