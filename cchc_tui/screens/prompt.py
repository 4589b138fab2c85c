"""Modal: one line of text (a row's note, a warning's explanation), NFC, Enter to save."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from cchc_tui import messages as msg
from cchc_tui.screens.base import CchcModal
from cchc_tui.widgets.nfc import NfcInput


class TextPromptScreen(CchcModal[str | None]):
    """Ask for a text; dismisses with it (possibly empty), or ``None`` if cancelled."""

    BINDINGS = [Binding("escape", "cancel", msg.KEY_CANCEL, id="prompt.cancel")]
    """Keys of the dialog."""

    def __init__(self, title: str, initial: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.initial = initial
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="screen-title", markup=False)
            if self.hint:
                yield Static(self.hint, classes="hint", markup=False)
            yield NfcInput(self.initial, id="text")

    def on_mount(self) -> None:
        self.add_class("modal")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
