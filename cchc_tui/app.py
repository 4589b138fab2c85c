"""The Textual application: theme, keys, command palette, first screen. Kept thin."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from cchc_tui import messages as msg
from cchc_tui.db.store import ReportStore
from cchc_tui.screens.commands import SystemCommands
from cchc_tui.settings import Settings, load_settings, save_settings
from cchc_tui.widgets.palette import VnCommandPalette


class CchcApp(App[None]):
    """The CCHC report app on one open store.

    Args:
        store: the locked, migrated store (closed by the caller after ``run``).
        settings: the user's settings (officer, theme).
        save_settings_on_change: write settings back when the officer edits them.
    """

    CSS_PATH = "app.tcss"
    COMMANDS = {SystemCommands}
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
        store: ReportStore,
        settings: Settings | None = None,
        save_settings_on_change: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        self.settings = settings or Settings()
        self._save_settings_on_change = save_settings_on_change
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    def on_mount(self) -> None:
        """Show the home screen."""
        from cchc_tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())

    def update_settings(self, settings: Settings) -> None:
        """Keep new settings, record the officer with every change, persist them."""
        self.settings = settings
        self.store.who = settings.who
        if self._save_settings_on_change:
            save_settings(settings)

    def watch_theme(self, theme: str) -> None:
        """Remember the chosen theme."""
        if getattr(self, "settings", None) is not None and self.settings.theme != theme:
            self.update_settings(self.settings.model_copy(update={"theme": theme}))

    def action_command_palette(self) -> None:
        """Open the palette with a Vietnamese prompt."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
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


def run_app(db_path: Path | None = None) -> int:
    """Open the store and run the app; return the process exit code.

    A second instance on the same database, or an unreadable database, gets a Vietnamese
    message on stderr and exit code 1 instead of a traceback.
    """
    from cchc_tui.db.engine import StoreError
    from cchc_tui.locations import default_db_path

    settings = load_settings()
    try:
        store = ReportStore.open(db_path or default_db_path(), who=settings.who)
    except StoreError as err:
        sys.stderr.write(msg.CLI_ERROR.format(message=err) + "\n")
        return 1
    try:
        CchcApp(store, settings).run()
    finally:
        store.close()
    return 0
