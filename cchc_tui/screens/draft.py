"""Modal: the draft (dự thảo) of the open report — its Word and Excel files marked "DỰ THẢO",
for the chairman to read on paper before signing; written in a worker, then opened on request.

The files are plain .docx/.xlsx named ``<unit>_<period>_DU-THAO…`` (``exports.draft``), never a
signed bundle; a report with errors has its draft too (the errors are listed on its last page).
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker

from cchc_tui import messages as msg
from cchc_tui.base.desktop import open_file
from cchc_tui.exports.draft import export_draft
from cchc_tui.screens.base import CchcModal, chosen_folder, show_failures, usb_folder
from cchc_tui.service.workspace import ReportWorkspace


class DraftScreen(CchcModal[None]):
    """Write the draft to a folder; the officer may then open the Word file."""

    BINDINGS = [Binding("escape", "cancel", msg.KEY_CANCEL, id="draft.cancel")]
    """Keys of the dialog."""

    def __init__(self, workspace: ReportWorkspace, folder: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.folder = folder
        self.written: list[Path] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(msg.DRAFT_TITLE, classes="screen-title")
            yield Static(msg.DRAFT_HINT, classes="hint", markup=False)
            yield Label(msg.DRAFT_FOLDER, classes="field-label")
            yield Input(self.folder or usb_folder(self), id="folder")
            yield Static("", id="status", classes="error-line", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(msg.DRAFT_BUTTON, id="write", variant="primary")
                yield Button(msg.DRAFT_OPEN, id="open", disabled=True)
                yield Button(msg.SIGN_CLOSE, id="cancel")

    def on_mount(self) -> None:
        self.add_class("modal")
        self.query_one("#folder", Input).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self._write()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "write":
            self._write()
        elif event.button.id == "open":
            self._open()
        else:
            self.dismiss(None)

    def _write(self) -> None:
        self.query_one("#write", Button).disabled = True
        self.query_one("#status", Static).update(msg.DRAFT_WORKING)
        self._run(chosen_folder(self))

    @work(thread=True, exclusive=True, exit_on_error=False, group="draft")
    def _run(self, folder: Path) -> None:
        """Build and write the draft (failures: :meth:`work_failed`)."""
        paths = export_draft(self.workspace.service, self.workspace.report_id, folder)
        self.app.call_from_thread(self._done, paths)

    def work_failed(self, worker: Worker[object], text: str) -> None:
        """A full or missing folder…: said here; nothing was half-written."""
        self.query_one("#status", Static).update(text)
        self.query_one("#write", Button).disabled = False

    def _done(self, paths: list[Path]) -> None:
        self.written = paths
        names = ", ".join(p.name for p in paths)
        self.query_one("#status", Static).update(
            msg.DRAFT_DONE.format(names=names, folder=paths[0].parent)
        )
        self.query_one("#write", Button).disabled = False
        opener = self.query_one("#open", Button)
        opener.disabled = False
        opener.focus()

    @show_failures
    def _open(self) -> None:
        """Open the Word file with the PC's program (or say there is none)."""
        if self.written:
            open_file(self.written[0])

    def action_cancel(self) -> None:
        """Close."""
        self.dismiss(None)
