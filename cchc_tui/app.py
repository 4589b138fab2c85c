"""The Textual application: theme, keys, command palette, first screen. Kept thin.

The first screen is drawn before the database is opened: importing SQLAlchemy and opening
the store run in a worker thread, started once the first frame is on the screen (an import in
another thread holds the interpreter and delays that frame), so an old PC shows the home screen
at once (shared/PITFALLS.md, start-up cost). The same worker first reads the report list
straight from the file (``service.overview.early_overview``: the standard ``sqlite3``, the
counts stored with each change), so the list is there before SQLAlchemy is even imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, Provider
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from cchc_tui import messages as msg
from cchc_tui.base.errors import Refused
from cchc_tui.base.logs import describe_failure, setup_logging
from cchc_tui.screens.base import OverviewRead, StoreReady
from cchc_tui.service.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from cchc_tui.office.service import OfficeService
    from cchc_tui.service.reports import ReportService


def _system_commands() -> type[Provider]:
    """The palette's system commands (imported when the palette first opens, not at start)."""
    from cchc_tui.screens.commands import SystemCommands

    return SystemCommands


class CchcApp(App[None]):
    """The CCHC report app.

    Args:
        service: an open service (a commune's ``ReportService`` or the office's
            ``OfficeService``); ``None`` to open ``db_path`` in the background at start.
        settings: the user's settings (officer, theme).
        save_settings_on_change: write settings back when the officer edits them.
        db_path: the database to open when no service is given.
        office: the receiving office's screens and database.
    """

    CSS_PATH = "app.tcss"
    COMMANDS = {_system_commands}
    TITLE = msg.APP_TITLE
    BINDINGS = [
        Binding("f1", "toggle_help", msg.KEY_HELP, id="help"),
        Binding(
            "ctrl+p", "command_palette", msg.KEY_PALETTE, id="palette", priority=True, show=False
        ),
        Binding("ctrl+q", "quit", msg.KEY_QUIT, id="quit", priority=True, show=False),
    ]
    """App-wide keys; screens add their own."""

    def __init__(
        self,
        service: ReportService | OfficeService | None = None,
        settings: Settings | None = None,
        save_settings_on_change: bool = True,
        db_path: Path | None = None,
        office: bool = False,
    ) -> None:
        super().__init__()
        self._service = service
        self.db_path = db_path
        self.office = office
        """Receiving-office mode: the office database and the status of a period first."""
        self.settings = settings or Settings()
        self._save_settings_on_change = save_settings_on_change
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    @property
    def service(self) -> ReportService | OfficeService:
        """The open service.

        Raises:
            Refused: still opening (a Vietnamese "please wait" message).
        """
        if self._service is None:
            raise Refused(msg.DB_OPENING)
        return self._service

    @property
    def reports(self) -> ReportService:
        """The commune's service (home screen and a report's screens)."""
        from cchc_tui.service.reports import ReportService

        service = self.service
        assert isinstance(service, ReportService), "a commune screen in office mode"
        return service

    @property
    def office_service(self) -> OfficeService:
        """The receiving office's service (office screens)."""
        from cchc_tui.office.service import OfficeService

        service = self.service
        assert isinstance(service, OfficeService), "an office screen in commune mode"
        return service

    @property
    def store_ready(self) -> bool:
        """Whether the database is open."""
        return self._service is not None

    def get_default_screen(self) -> Screen[None]:
        """The first screen: home (or the office's status), drawn in the very first frame (no
        blank default screen before it)."""
        if self.office:
            from cchc_tui.screens.office import OfficeScreen

            return OfficeScreen()
        from cchc_tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        """Open the store behind the first screen if needed."""
        if self._service is None:
            self.call_after_refresh(self._open_service)

    @work(thread=True, exclusive=True, exit_on_error=False, group="store")
    def _open_service(self) -> None:
        """Open the database behind the first screen (failures: :meth:`on_worker_state_changed`);
        a commune's report list is read first, from the file, for the home screen."""
        service: ReportService | OfficeService
        if not self.office:
            from cchc_tui.service.overview import early_overview

            lines = early_overview(self.database_path)
            if lines is not None:
                self.call_from_thread(self.screen.post_message, OverviewRead(lines))
        if self.office:
            from cchc_tui.office.service import OfficeService

            service = OfficeService.open(self.db_path, who=self.settings.who)
        else:
            from cchc_tui.service.reports import ReportService

            service = ReportService.open(self.db_path, who=self.settings.who)
        self.call_from_thread(self._service_opened, service)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The database could not be opened (busy in another window, damaged, or a bug): the
        app stops with the Vietnamese reason (a bug is logged with its traceback)."""
        if event.state is WorkerState.ERROR and event.worker.group == "store":
            error = event.worker.error
            assert error is not None
            text = describe_failure(error, "opening the database")
            self.exit(return_code=1, message=msg.CLI_ERROR.format(message=text))

    def _service_opened(self, service: ReportService | OfficeService) -> None:
        self._service = service
        self.screen.post_message(StoreReady())

    def close_service(self) -> None:
        """Release the database (after the app has stopped, or before a restore replaces it)."""
        if self._service is not None:
            self._service.close()
            self._service = None

    def reopen_service(self) -> None:
        """Open the database again (after a restore) behind the current screen."""
        if self._service is None:
            self._open_service()

    @property
    def database_path(self) -> Path:
        """The database this app works on."""
        from cchc_tui.base.locations import default_db_path

        return self.db_path or default_db_path()

    def update_settings(self, settings: Settings) -> None:
        """Keep new settings, record the officer with every change, persist them."""
        self.settings = settings
        if self._service is not None:
            self._service.who = settings.who
        if self._save_settings_on_change:
            save_settings(settings)

    def watch_theme(self, theme: str) -> None:
        """Remember the chosen theme."""
        if getattr(self, "settings", None) is not None and self.settings.theme != theme:
            self.update_settings(self.settings.changed(theme=theme))

    def action_command_palette(self) -> None:
        """Open the palette with a Vietnamese prompt."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            from cchc_tui.widgets.palette import VnCommandPalette

            self.push_screen(
                VnCommandPalette(id="--command-palette", placeholder=msg.PALETTE_PLACEHOLDER)
            )

    def action_toggle_help(self) -> None:
        """F1: show or hide the keys of the current screen."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Vietnamese system commands instead of Textual's English ones, plus the screen's."""
        extra = getattr(screen, "palette_commands", None)
        if extra is not None:
            yield from extra()
        yield SystemCommand(msg.CMD_THEME, msg.CMD_THEME_HELP, self.action_change_theme)
        yield SystemCommand(msg.CMD_KEYS, msg.CMD_KEYS_HELP, self.action_toggle_help)
        yield SystemCommand(msg.CMD_QUIT, msg.CMD_QUIT_HELP, self.action_quit)


def run_app(db_path: Path | None = None, office: bool = False) -> int:
    """Run the app on ``db_path`` (default: the user's data folder); return the exit code.

    With ``office`` it opens the receiving office's database and its status screen.

    A second instance on the same database, or an unreadable database, ends with a Vietnamese
    message and exit code 1 instead of a traceback.
    """
    setup_logging()
    app = CchcApp(settings=load_settings(), db_path=db_path, office=office)
    try:
        app.run()
    finally:
        app.close_service()
    return app.return_code or 0
