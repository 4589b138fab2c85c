"""Modal: back up this PC's data to a USB stick, or restore it from a backup (``service.backup``).

Backing up works while the report list is open (SQLite's online backup). Restoring replaces the
database: the app lets it go, restores, and opens it again; a backup older than the data here,
or a key file other than the one here, is replaced only when the officer confirms.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker

from cchc_tui import messages as msg
from cchc_tui.screens.base import CchcModal, cchc, chosen_folder, usb_folder
from cchc_tui.service.backup import BackupRefused, RestoreResult, make_backup, restore_backup


class BackupScreen(CchcModal[bool]):
    """Back up or restore; dismisses with whether the data was restored."""

    BINDINGS = [Binding("escape", "cancel", msg.KEY_CANCEL, id="backup.cancel")]
    """Keys of the dialog."""

    def __init__(self, folder: str = "") -> None:
        super().__init__()
        self.folder = folder
        self.restored = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(msg.BACKUP_TITLE, classes="screen-title")
            yield Static(msg.BACKUP_HINT, classes="hint", markup=False)
            yield Label(msg.BACKUP_FOLDER, classes="field-label")
            yield Input(self.folder or usb_folder(self), id="folder")
            yield Label(msg.BACKUP_FILE, classes="field-label")
            yield Input("", id="file", placeholder=msg.BACKUP_FILE_PLACEHOLDER)
            yield Static("", id="status", classes="error-line", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(msg.BACKUP_BUTTON, id="backup", variant="primary")
                yield Button(msg.RESTORE_BUTTON, id="restore")
                yield Button(msg.RESTORE_REPLACE_BUTTON, id="replace", disabled=True)
                yield Button(msg.SIGN_CLOSE, id="cancel")

    def on_mount(self) -> None:
        self.add_class("modal")
        self.query_one("#folder", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "folder":
            self._backup()
        else:
            self._restore(replace=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "backup":
            self._backup()
        elif event.button.id == "restore":
            self._restore(replace=False)
        elif event.button.id == "replace":
            self._restore(replace=True)
        else:
            self.dismiss(self.restored)

    def _say(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    def _backup(self) -> None:
        self._say(msg.BACKUP_WORKING)
        self._run_backup(chosen_folder(self))

    @work(thread=True, exclusive=True, exit_on_error=False, group="backup")
    def _run_backup(self, folder: Path) -> None:
        """Copy the database, keys and settings onto the stick (failures: :meth:`work_failed`)."""
        path = make_backup(folder, database=cchc(self).database_path)
        self.app.call_from_thread(self._say, msg.BACKUP_WRITTEN.format(file=path))

    def _restore(self, replace: bool) -> None:
        file = self.query_one("#file", Input).value.strip()
        if not file:
            self._say(msg.BACKUP_FILE_NEEDED)
            return
        self.query_one("#replace", Button).disabled = True
        self._say(msg.RESTORE_WORKING)
        cchc(self).close_service()  # the restore takes the database's lock
        self._run_restore(Path(file), replace)

    @work(thread=True, exclusive=True, exit_on_error=False, group="restore")
    def _run_restore(self, file: Path, replace: bool) -> None:
        """Check and put the backup back (failures: :meth:`work_failed`)."""
        done = restore_backup(file, database=cchc(self).database_path, replace=replace)
        self.app.call_from_thread(self._restored, done)

    def _restored(self, done: RestoreResult) -> None:
        self.restored = True
        cchc(self).reopen_service()
        settings = msg.RESTORE_SETTINGS if done.settings else ""
        self._say(
            msg.RESTORE_DONE.format(database=done.database, keys=len(done.keys), settings=settings)
        )

    def work_failed(self, worker: Worker[object], text: str) -> None:
        """Say why; a refused restore changed nothing (the database is opened again)."""
        self._say(text)
        if worker.group == "restore":
            cchc(self).reopen_service()
            refused = isinstance(worker.error, BackupRefused)
            self.query_one("#replace", Button).disabled = not refused

    def action_cancel(self) -> None:
        """Close."""
        self.dismiss(self.restored)
