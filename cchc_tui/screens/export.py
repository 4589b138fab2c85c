"""Modal: export the signed bundle to a folder (a USB stick), with progress, in a worker.

Free space is checked first; the file is written as ``.part``, fsynced, renamed and read back
(``exports.atomic.write_bundle``). A full, read-only or pulled-out stick gives a Vietnamese
message, leaves no file under the final name and changes nothing in the database.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, ProgressBar, Static
from textual.worker import Worker

from cchc_tui import messages as msg
from cchc_tui.base.atomic import human_size, write_bundle
from cchc_tui.exports.package import build_report_bundle
from cchc_tui.screens.base import FieldsModal, cchc, chosen_folder, usb_folder
from cchc_tui.service.workspace import ReportWorkspace


class ExportScreen(FieldsModal[Path | None]):
    """Export the bundle; dismisses with the written path, or ``None``."""

    BINDINGS = [Binding("escape", "cancel", msg.KEY_CANCEL, id="export.cancel")]
    """Keys of the dialog."""

    def __init__(self, workspace: ReportWorkspace, folder: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.folder = folder
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(msg.EXPORT_TITLE, classes="screen-title")
            yield Label(msg.EXPORT_FOLDER, classes="field-label")
            yield Input(self.folder or usb_folder(self), id="folder")
            yield Label(msg.SIGN_PASSPHRASE, classes="field-label")
            yield Input(password=True, id="passphrase")
            yield ProgressBar(total=100, show_eta=False, id="progress")
            yield Static("", id="status", classes="error-line", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(msg.EXPORT_BUTTON, id="export", variant="primary")
                yield Button(msg.BACKUP_BUTTON, id="backup", disabled=True)
                yield Button(msg.SIGN_CLOSE, id="cancel")

    def on_mount(self) -> None:
        self.add_class("modal")
        self.query_one("#passphrase", Input).focus()

    def fields_done(self) -> None:
        """Enter in the passphrase writes the bundle."""
        self._export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self._export()
        elif event.button.id == "backup":
            self._backup()
        else:
            self.dismiss(self.written)

    def _export(self) -> None:
        self.query_one("#export", Button).disabled = True
        self._run_export(
            chosen_folder(self),
            self.query_one("#passphrase", Input).value,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _run_export(self, folder: Path, passphrase: str) -> None:
        ws = self.workspace

        def step(label: str, done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, label, 80 * done // max(total, 1))

        def writing(done: int, total: int) -> None:
            label = msg.EXPORT_STEP_WRITE.format(folder=folder)
            self.app.call_from_thread(self._progress, label, 80 + 20 * done // max(total, 1))

        built = build_report_bundle(ws.service, ws.report_id, passphrase, progress=step)
        path = write_bundle(folder, built.name, built.data, progress=writing)
        text = msg.EXPORT_DONE.format(
            name=path.name, size=human_size(len(built.data)), folder=folder
        )
        self.app.call_from_thread(self._done, path, text)

    def _progress(self, label: str, percent: int) -> None:
        self.query_one("#progress", ProgressBar).update(progress=percent)
        self.query_one("#status", Static).update(msg.EXPORT_WORKING.format(step=label))

    def work_failed(self, worker: Worker[object], text: str) -> None:
        """A full or pulled-out stick, a wrong passphrase…: shown here; nothing was lost."""
        self.query_one("#status", Static).update(text)
        if worker.group == "backup":
            self.query_one("#backup", Button).disabled = False
            return
        self.query_one("#progress", ProgressBar).update(progress=0)
        self.query_one("#export", Button).disabled = False

    def _done(self, path: Path, text: str) -> None:
        self.written = path
        self.query_one("#progress", ProgressBar).update(progress=100)
        self.query_one("#status", Static).update(f"{text}\n{msg.BACKUP_REMINDER}")
        backup = self.query_one("#backup", Button)
        backup.disabled = False
        backup.focus()

    def _backup(self) -> None:
        """Back up this PC's data onto the same stick as the bundle (the reminder's button)."""
        if self.written is not None:
            self.query_one("#backup", Button).disabled = True
            self.query_one("#status", Static).update(msg.BACKUP_WORKING)
            self._run_backup(self.written.parent)

    @work(thread=True, exclusive=True, exit_on_error=False, group="backup")
    def _run_backup(self, folder: Path) -> None:
        """The backup beside the bundle (failures: :meth:`work_failed`)."""
        from cchc_tui.service.backup import make_backup

        path = make_backup(folder, database=cchc(self).database_path)
        self.app.call_from_thread(
            self.query_one("#status", Static).update, msg.BACKUP_WRITTEN.format(file=path)
        )

    def action_cancel(self) -> None:
        """Close (the export, if running, finishes or fails on its own)."""
        self.dismiss(self.written)
